//! Whether the `TZ` variable names a time zone this system has. An unknown `TZ` does not fail:
//! the time library falls back to the system's zone (UTC when there is none), which would shift
//! every typed time by hours without a word, so the shells say so once per run.

use std::io::Read as _;
use std::path::Path;

use chrono::Local;

/// Where the time library looks for zone files, in order.
const ZONE_DIRS: [&str; 4] = ["/usr/share/zoneinfo", "/share/zoneinfo", "/etc/zoneinfo", "/usr/share/lib/zoneinfo"];

/// A warning to show when `tz` (the value of `TZ`) is not a zone this system can read.
pub fn time_zone_warning(tz: Option<&str>) -> Option<String> {
    let value = tz?;
    // `TZ=` (empty) is the usual way to ask for UTC.
    if value.is_empty() || is_known(value) {
        return None;
    }
    let shown: String = value.chars().take(60).collect();
    let used = Local::now().format("%:z");
    Some(format!(
        "TZ=`{shown}` is not a time zone this system knows, so Stint reads and shows times at UTC{used}: \
         set TZ to a zone name like Europe/Berlin (the names are under /usr/share/zoneinfo), or unset it to use the system's zone"
    ))
}

fn is_known(value: &str) -> bool {
    match value.strip_prefix(':') {
        Some(name) => is_zone_file(name),
        None => is_zone_file(value) || is_posix_rule(value.trim()),
    }
}

/// A file of zone data (it starts with `TZif`), by absolute path or by name under the zone folders.
fn is_zone_file(name: &str) -> bool {
    let has_magic = |path: &Path| {
        let mut magic = [0u8; 4];
        std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut magic)).is_ok() && &magic == b"TZif"
    };
    let path = Path::new(name);
    if path.is_absolute() {
        return has_magic(path);
    }
    !name.is_empty() && ZONE_DIRS.iter().any(|dir| has_magic(&Path::new(dir).join(path)))
}

/// A POSIX zone rule such as `EST5EDT`, `UTC0`, `<+0330>-3:30` or `CET-1CEST,M3.5.0,M10.5.0/3`.
fn is_posix_rule(rule: &str) -> bool {
    let Some(rest) = zone_abbreviation(rule) else { return false };
    let Some(rest) = offset(rest) else { return false };
    if rest.is_empty() {
        return true;
    }
    let Some(rest) = zone_abbreviation(rest) else { return false };
    let rest = offset(rest).unwrap_or(rest);
    rest.is_empty() || rest.starts_with(',')
}

/// `ABC` (three or more letters) or `<+0330>`; returns what follows.
fn zone_abbreviation(text: &str) -> Option<&str> {
    if let Some(quoted) = text.strip_prefix('<') {
        let end = quoted.find('>')?;
        let name = &quoted[..end];
        let ok = name.len() >= 3 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-');
        return ok.then(|| &quoted[end + 1..]);
    }
    let len = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    (len >= 3).then(|| &text[len..])
}

/// `[+-]h[h][:mm[:ss]]`; returns what follows.
fn offset(text: &str) -> Option<&str> {
    let text = text.strip_prefix(['+', '-']).unwrap_or(text);
    let hours = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&hours) {
        return None;
    }
    let mut rest = &text[hours..];
    for _ in 0..2 {
        match rest.strip_prefix(':') {
            Some(after) if after.len() >= 2 && after.as_bytes()[..2].iter().all(u8::is_ascii_digit) => {
                rest = &after[2..]
            }
            _ => break,
        }
    }
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_names() {
        for rule in ["UTC0", "EST5EDT", "CET-1CEST,M3.5.0,M10.5.0/3", "<+0330>-3:30", "JST-9", "AAA+12:30:15"] {
            assert!(is_posix_rule(rule), "{rule}");
        }
        for not in ["", "Nowhere/Bogus", "UTC", "EST", "5EST", "ES5", "CET-1CEST+", "<ab>3"] {
            assert!(!is_posix_rule(not), "{not}");
        }
        assert_eq!(time_zone_warning(None), None);
        assert_eq!(time_zone_warning(Some("")), None);
        assert_eq!(time_zone_warning(Some("UTC0")), None);
        let warning = time_zone_warning(Some("Nowhere/Bogus")).unwrap();
        assert!(warning.contains("Nowhere/Bogus") && warning.contains("Europe/Berlin"), "{warning}");
    }

    #[test]
    fn zone_files_are_found_where_the_time_library_looks() {
        assert!(
            Path::new("/usr/share/zoneinfo/Europe/Berlin").exists(),
            "no zone data on this machine: install tzdata (tests/run.sh does)"
        );
        assert_eq!(time_zone_warning(Some("Europe/Berlin")), None);
        assert_eq!(time_zone_warning(Some(":Europe/Berlin")), None);
        assert_eq!(time_zone_warning(Some("/usr/share/zoneinfo/Europe/Berlin")), None);
        assert!(time_zone_warning(Some("zone.tab")).is_some(), "a file that is not zone data");
        assert!(time_zone_warning(Some(":EST5EDT-not-a-file")).is_some());
    }
}
