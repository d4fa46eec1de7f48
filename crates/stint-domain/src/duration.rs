//! Durations as people type them (`1h30m`, `90m`, `1.5h`, `1:30`) and as Stint shows them.

use crate::error::{echo, DomainError};

/// Jira's floor: worklogs under a minute are refused by Jira, so Stint refuses them first.
pub const MIN_ENTRY_SECONDS: i64 = 60;
/// The longest single entry. Keeping entries within a day also keeps range queries on `started` exact.
pub const MAX_ENTRY_SECONDS: i64 = 24 * 3600;

/// Parses a typed duration into whole seconds, within `MIN_ENTRY_SECONDS..=MAX_ENTRY_SECONDS`.
///
/// Accepted: unit forms (`2h`, `90m`, `1h30m`, `1h 30m`, `1.5h`, `1m30s`; units h/hr/hours,
/// m/min/minutes, s/sec/seconds, each at most once, largest first) and clock forms (`1:30`,
/// `1:30:15`). A bare number is refused: `90` could mean minutes or hours.
pub fn parse_duration(input: &str) -> Result<i64, DomainError> {
    let seconds = parse_span(input)?;
    if seconds < MIN_ENTRY_SECONDS {
        return Err(DomainError::DurationTooShort(echo(input)));
    }
    if seconds > MAX_ENTRY_SECONDS {
        return Err(DomainError::DurationTooLong(echo(input)));
    }
    Ok(seconds)
}

/// Parses a typed length of time in the forms `parse_duration` accepts, without an entry's bounds:
/// settings (a daily target, an idle gap) apply bounds of their own and say them. `0` alone is a
/// length (zero needs no unit). The result is between 0 and 10^9 seconds.
pub fn parse_span(input: &str) -> Result<i64, DomainError> {
    let text = input.trim().to_ascii_lowercase();
    let bad = |reason| DomainError::BadDuration { input: echo(input), reason };
    if text.is_empty() {
        return Err(bad("it is empty"));
    }
    if text == "0" {
        return Ok(0);
    }
    if text.contains(':') {
        parse_clock(&text).ok_or_else(|| bad("minutes and seconds must be two digits under 60"))
    } else {
        parse_units(&text).map_err(bad)
    }
}

/// `H:MM` or `H:MM:SS`.
fn parse_clock(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let number = |s: &str, max: i64, two_digits: bool| -> Option<i64> {
        let ok =
            !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()) && (!two_digits || s.len() == 2);
        let n: i64 = if ok { s.parse().ok()? } else { return None };
        (n < max).then_some(n)
    };
    let hours = number(parts[0], 10_000, false)?;
    let minutes = number(parts[1], 60, true)?;
    let seconds = match parts.get(2) {
        Some(s) => number(s, 60, true)?,
        None => 0,
    };
    Some(hours * 3600 + minutes * 60 + seconds)
}

/// Unit forms: a sequence of `<number><unit>`, units strictly decreasing.
fn parse_units(text: &str) -> Result<i64, &'static str> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = compact.as_str();
    let mut total = 0f64;
    let mut last_rank = u8::MAX;
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if num_len == 0 {
            return Err("each part needs a number before its unit");
        }
        let value: f64 = rest[..num_len].parse().map_err(|_| "a number is malformed")?;
        rest = &rest[num_len..];
        let unit_len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let (rank, scale) = match &rest[..unit_len] {
            "h" | "hr" | "hrs" | "hour" | "hours" => (2, 3600.0),
            "m" | "min" | "mins" | "minute" | "minutes" => (1, 60.0),
            "s" | "sec" | "secs" | "second" | "seconds" => (0, 1.0),
            "" => return Err("a number has no unit (add h, m or s)"),
            "d" | "day" | "days" | "w" | "week" | "weeks" => {
                return Err("days and weeks depend on your Jira's working day; give hours")
            }
            _ => return Err("the unit is not one of h, m, s"),
        };
        if rank >= last_rank {
            return Err("units must come largest first, each once");
        }
        last_rank = rank;
        total += value * scale;
        rest = &rest[unit_len..];
    }
    if !total.is_finite() || total > 1e9 {
        return Err("it is far too large");
    }
    Ok(total.round() as i64)
}

/// A length of time as it is typed, and read back exactly by `parse_span` (and, within an entry's
/// bounds, `parse_duration`): `8h00m`, `45m`, `1m30s`, `30s`, `0m`. What an edit field starts
/// with, and how settings are shown.
pub fn typed_duration(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let seconds_part = if s > 0 { format!("{s:02}s") } else { String::new() };
    match (h, m) {
        (0, 0) if s > 0 => format!("{s}s"),
        (0, m) => format!("{m}m{seconds_part}"),
        (h, m) => format!("{h}h{m:02}m{seconds_part}"),
    }
}

/// Shows seconds as `1h 05m`, `45m` or `0m` (whole minutes, rounded down).
pub fn format_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let minutes = seconds.abs() / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    if h == 0 {
        format!("{sign}{m}m")
    } else {
        format!("{sign}{h}h {m:02}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn typed_durations_read_back_exactly(seconds in 0i64..=MAX_ENTRY_SECONDS) {
            prop_assert_eq!(parse_span(&typed_duration(seconds)).unwrap(), seconds);
        }
    }

    #[test]
    fn forms_people_type() {
        for (input, want) in [
            ("1h30m", 5400),
            ("1h 30m", 5400),
            ("90m", 5400),
            ("1.5h", 5400),
            ("1:30", 5400),
            ("1:30:15", 5415),
            ("2h", 7200),
            ("1m", 60),
            ("1m30s", 90),
            ("90s", 90),
            ("  45 MIN ", 2700),
            ("2 hours 5 minutes", 7500),
            ("0:01", 60),
            ("24h", 86400),
            (".5h", 1800),
        ] {
            assert_eq!(parse_duration(input), Ok(want), "{input}");
        }
    }

    #[test]
    fn refusals_name_the_problem() {
        assert!(matches!(parse_duration("45s"), Err(DomainError::DurationTooShort(_))));
        assert!(matches!(parse_duration("0m"), Err(DomainError::DurationTooShort(_))));
        assert!(matches!(parse_duration("25h"), Err(DomainError::DurationTooLong(_))));
        for input in
            ["", "90", "1d", "abc", "30m1h", "1h1h", "1:3", "1:60", "1:30:5", "-1h", "1..5h", "h", ":30", "1::30"]
        {
            let err = parse_duration(input).unwrap_err();
            assert!(matches!(err, DomainError::BadDuration { .. }), "{input}: {err}");
            assert!(err.to_string().contains("1h30m"), "{err}");
        }
    }

    #[test]
    fn spans_allow_zero_and_long_lengths() {
        assert_eq!(parse_span("0"), Ok(0));
        assert_eq!(parse_span("0m"), Ok(0));
        assert_eq!(parse_span("25h"), Ok(90_000));
        assert!(parse_span("00").is_err(), "a bare number other than 0 still needs a unit");
        assert!(parse_span("-1h").is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(format_duration(0), "0m");
        assert_eq!(format_duration(59), "0m");
        assert_eq!(format_duration(2700), "45m");
        assert_eq!(format_duration(3900), "1h 05m");
        assert_eq!(format_duration(-3900), "-1h 05m");
        assert_eq!(format_duration(40 * 3600), "40h 00m");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse_duration(&s);
            if let Ok(n) = parse_span(&s) {
                prop_assert!((0..=1_000_000_000).contains(&n));
            }
        }

        #[test]
        fn never_panics_on_numbers_and_units(s in "[0-9.:]{0,25}(h|m|s)?[0-9.:]{0,25}(h|m|s)?") {
            let _ = parse_duration(&s);
            let _ = parse_span(&s);
        }

        #[test]
        fn all_forms_agree(h in 0i64..24, m in 1i64..60) {
            let want = h * 3600 + m * 60;
            prop_assert_eq!(parse_duration(&format!("{h}h{m}m")), Ok(want));
            prop_assert_eq!(parse_duration(&format!("{h}:{m:02}")), Ok(want));
            prop_assert_eq!(parse_duration(&format!("{}m", h * 60 + m)), Ok(want));
        }

        #[test]
        fn result_is_always_within_bounds(s in "[0-9.]{1,5}(h|m|s)([0-9]{1,3}(m|s))?") {
            if let Ok(secs) = parse_duration(&s) {
                prop_assert!((MIN_ENTRY_SECONDS..=MAX_ENTRY_SECONDS).contains(&secs));
            }
        }
    }
}
