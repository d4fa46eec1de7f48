//! Stint's own exports, so that export → purge → import gives back the same entries: each keeps
//! its uid (which Jira's worklog also carries), its start with its offset, its duration, note,
//! sync state and Jira worklog id, with the site and account that worklog belongs to (exports
//! before that said nothing of it: their worklog ids come with no site). The JSON export's running
//! timer is not an entry and is not imported (a notice says so).

use chrono::{DateTime, Duration};
use serde_json::Value;
use stint_domain::{IssueKey, SyncError, SyncState};

use crate::error::ImportError;
use crate::input::{CsvError, CsvRows, Json, Place};
use crate::text::echo;
use crate::{fingerprint, Format, JiraLink, Names, Record, Sink, SourceFile, StintFields};

/// What `stint export` writes as its CSV header; exports made before the site and account were
/// recorded end at `deleted`.
const CSV_HEADER: [&str; 11] =
    ["id", "uid", "issue", "started", "seconds", "note", "sync", "worklog_id", "deleted", "jira_site", "jira_account"];
const OLD_CSV_COLUMNS: usize = 9;
/// The JSON export's version this Stint reads.
const VERSION: u64 = 1;

/// The raw fields of one exported entry, before they are checked.
struct Raw<'a> {
    uid: &'a str,
    issue: &'a str,
    started: &'a str,
    seconds: Option<i64>,
    note: Option<String>,
    sync: &'a str,
    error: Option<SyncError>,
    worklog_id: Option<&'a str>,
    deleted: Option<bool>,
    jira: Option<JiraLink>,
}

fn entry(raw: Raw<'_>, at: String) -> Result<Record, (String, String)> {
    let fail = |p: String| (at.clone(), p);
    let uid = raw.uid.trim();
    let uid_ok = !uid.is_empty() && uid.len() <= 64 && uid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !uid_ok {
        return Err(fail(format!("`{}` is not an entry's uid (letters, digits and dashes)", echo(raw.uid))));
    }
    let issue = IssueKey::parse(raw.issue).map_err(|e| fail(e.to_string()))?;
    let start = DateTime::parse_from_rfc3339(raw.started.trim())
        .map_err(|_| fail(format!("its start `{}` is not an RFC 3339 time", echo(raw.started))))?;
    let seconds = raw.seconds.ok_or_else(|| fail("its seconds are not a whole number".into()))?;
    if !(0..=10 * 86_400).contains(&seconds) {
        return Err(fail(format!("{seconds} seconds is not an entry's length")));
    }
    let sync = SyncState::from_stored(raw.sync.trim())
        .ok_or_else(|| fail(format!("`{}` is not a sync state (local, pending, synced, failed…)", echo(raw.sync))))?;
    let deleted = raw.deleted.ok_or_else(|| fail("its deleted field is not true or false".into()))?;
    let worklog_id = raw.worklog_id.map(str::trim).filter(|w| !w.is_empty());
    if let Some(w) = worklog_id {
        if w.len() > 32 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail(format!("`{}` is not a Jira worklog id (digits)", echo(w))));
        }
    }
    Ok(Record {
        fingerprint: fingerprint(Format::Stint, &[uid]),
        at,
        start,
        end: Some(start + Duration::seconds(seconds)),
        names: Names::default(),
        note: raw.note.filter(|n| !n.is_empty()),
        stint: Some(StintFields {
            uid: uid.to_string(),
            issue,
            sync,
            error: raw.error.filter(|_| sync == SyncState::Failed),
            worklog_id: worklog_id.map(str::to_string),
            deleted,
            jira: raw.jira.filter(|_| worklog_id.is_some()),
        }),
    })
}

pub(crate) fn read_json(
    file: &SourceFile<'_>,
    at: &dyn Fn(String) -> String,
    sink: &mut Sink<'_>,
) -> Result<(), ImportError> {
    let fix = "make sure the file is whole: export it from Stint again, as JSON";
    let whole = |problem: String| ImportError::Unreadable { at: at("line 1".into()), problem, fix };
    // Two passes, as a JSON object's keys may come in any order (a tool may have sorted them):
    // the first reads the head (format, version, where the worklogs are) and passes over the
    // entries; the second reads the entries, the head checked. Neither holds more than an item.
    let (mut format, mut version, mut jira, mut running, mut lists) = (None, None, None, false, 0);
    walk(file, Place { at, fix }, |json, key, line, buf| {
        if key == "entries" {
            lists += 1;
            return json.list(|_, _, _, _| Ok(()));
        }
        json.value(buf)?;
        let value: Value = json.parse(line, buf)?;
        match key {
            "format" => format = Some(value),
            "version" => version = Some(value),
            "jira" => jira = Some(value),
            "running" => running = !value.is_null(),
            _ => {}
        }
        Ok(())
    })?;
    check_head(format.as_ref(), version.as_ref()).map_err(whole)?;
    match lists {
        0 => return Err(whole("this export has no entries list".into())),
        1 => {}
        _ => return Err(whole("this export has more than one entries list".into())),
    }
    if running {
        sink.notice("the export's running timer is not an entry and was not imported: start it again".into());
    }
    let link = jira.as_ref().and_then(link);
    walk(file, Place { at, fix }, |json, key, _, buf| {
        if key != "entries" {
            json.value(buf)?;
            return Ok(());
        }
        json.list(|json, i, line, bytes| {
            let item: Value = json.parse(line, bytes)?;
            match entry(raw_of(&item, link.clone()), at(format!("entry {}", i + 1))) {
                Ok(r) => sink.record(r),
                Err((at, problem)) => sink.bad(at, problem),
            }
        })
    })
}

/// Walks the export's object, handing `each` every key (and the line it is on) with the reader
/// at its value, which `each` must read.
fn walk(
    file: &SourceFile<'_>,
    place: Place<'_>,
    mut each: impl FnMut(&mut Json<'_, '_>, &str, u64, &mut Vec<u8>) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let mut json = Json::new(file.open()?, place);
    let mut buf = Vec::new();
    json.expect(b'{', "an object")?;
    if !json.take(b'}')? {
        loop {
            let line = json.value(&mut buf)?;
            let key: String = json.parse(line, &buf)?;
            json.expect(b':', "`:` after a key")?;
            each(&mut json, &key, line, &mut buf)?;
            if json.take(b'}')? {
                break;
            }
            json.expect(b',', "`,` or `}` after a value")?;
        }
    }
    json.end()
}

/// The export's format and version, checked.
fn check_head(format: Option<&Value>, version: Option<&Value>) -> Result<(), String> {
    if format.and_then(Value::as_str) != Some("stint-export") {
        return Err("this is not a Stint export (its format is not stint-export)".into());
    }
    match version.and_then(Value::as_u64) {
        Some(VERSION) => Ok(()),
        Some(v) => Err(format!("this export is version {v}, made by a newer Stint; update Stint to import it")),
        None => Err("this export has no version".into()),
    }
}

/// An entry of the JSON export, as raw fields.
fn raw_of(item: &Value, jira: Option<JiraLink>) -> Raw<'_> {
    let text_of = |name: &str| item.get(name).and_then(Value::as_str).unwrap_or("");
    let error = item.get("error").and_then(|e| {
        Some(SyncError {
            code: e.get("code")?.as_str()?.to_string(),
            message: e.get("message")?.as_str()?.to_string(),
            ..SyncError::default()
        })
    });
    Raw {
        uid: text_of("uid"),
        issue: text_of("issue"),
        started: text_of("started"),
        seconds: item.get("seconds").and_then(Value::as_i64),
        note: item.get("note").and_then(Value::as_str).map(str::to_string),
        sync: text_of("sync"),
        error,
        worklog_id: item.get("worklog_id").and_then(Value::as_str),
        deleted: item.get("deleted").and_then(Value::as_bool),
        jira,
    }
}

/// A note the export defused for spreadsheets (`'=SUM(…)`) gets its text back.
fn undefused(note: &str) -> String {
    match note.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest.to_string(),
        _ => note.to_string(),
    }
}

pub(crate) fn read_csv(
    file: &SourceFile<'_>,
    at: &dyn Fn(String) -> String,
    sink: &mut Sink<'_>,
) -> Result<(), ImportError> {
    let fix = "make sure the file is whole: export it from Stint again, as CSV";
    let mut rows = CsvRows::open(file, false)?;
    let unreadable = |e: CsvError| ImportError::Unreadable {
        at: at(format!("line {}", e.line)),
        problem: e.problem("it is not readable CSV (a row with another number of fields, or text that is not UTF-8)"),
        fix,
    };
    let header = rows.header().map_err(unreadable)?;
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let linked = names == CSV_HEADER;
    if !linked && names != CSV_HEADER[..OLD_CSV_COLUMNS] {
        return Err(ImportError::Unreadable {
            at: at("line 1".into()),
            problem: format!("the header is not Stint's ({})", CSV_HEADER.join(",")),
            fix,
        });
    }
    while let Some((line, row)) = rows.next().map_err(unreadable)? {
        let here = at(format!("line {line}"));
        let field = |i: usize| row.get(i).unwrap_or("");
        let raw = Raw {
            uid: field(1),
            issue: field(2),
            started: field(3),
            seconds: field(4).trim().parse().ok(),
            note: Some(undefused(field(5))),
            sync: field(6),
            error: None,
            worklog_id: Some(field(7)),
            deleted: field(8).trim().parse().ok(),
            jira: linked.then(|| link_of(field(9), field(10))).flatten(),
        };
        match entry(raw, here) {
            Ok(r) => sink.record(r)?,
            Err((at, problem)) => sink.bad(at, problem)?,
        }
    }
    Ok(())
}

/// The export's `{"site": …, "account_id": …}`.
fn link(value: &Value) -> Option<JiraLink> {
    link_of(value.get("site")?.as_str()?, value.get("account_id")?.as_str()?)
}

fn link_of(site: &str, account_id: &str) -> Option<JiraLink> {
    let (site, account_id) = (site.trim(), account_id.trim());
    (!site.is_empty() && !account_id.is_empty() && site.len() <= 2048 && account_id.len() <= 256)
        .then(|| JiraLink { site: site.to_string(), account_id: account_id.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::read_as;
    use crate::Zone;

    fn read(text: &str) -> Result<Vec<Record>, ImportError> {
        read_as(text, Format::Stint, &Zone::Local, false).map(|p| p.records)
    }

    #[test]
    fn json_and_csv_give_the_same_entries() {
        let json = r#"{"format":"stint-export","version":1,"exported_at":"2026-11-25T10:00:00+01:00","running":null,"entries":[
{"id":1,"issue":"ABC-1","started":"2026-11-20T08:15:00+01:00","seconds":3600,"note":"-5 bugs","sync":"synced","uid":"0f8e-11","worklog_id":"10042","deleted":false},
{"id":2,"issue":"ABC-2","started":"2026-11-20T10:00:00-05:00","seconds":600,"note":null,"sync":"failed","error":{"code":"jira.refused","message":"no"},"uid":"0f8e-12","worklog_id":null,"deleted":false}
]}"#;
        let csv = "id,uid,issue,started,seconds,note,sync,worklog_id,deleted\n\
                   1,0f8e-11,ABC-1,2026-11-20T08:15:00+01:00,3600,'-5 bugs,synced,10042,false\n\
                   2,0f8e-12,ABC-2,2026-11-20T10:00:00-05:00,600,,failed,,false\n";
        let a = read(json).unwrap();
        let b = read(csv).unwrap();
        assert_eq!(a.len(), 2);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((&x.start, &x.end, &x.note, &x.fingerprint), (&y.start, &y.end, &y.note, &y.fingerprint));
            let (sx, sy) = (x.stint.as_ref().unwrap(), y.stint.as_ref().unwrap());
            assert_eq!((&sx.uid, &sx.issue, sx.sync, &sx.worklog_id), (&sy.uid, &sy.issue, sy.sync, &sy.worklog_id));
        }
        assert_eq!(a[0].note.as_deref(), Some("-5 bugs"));
        assert_eq!(a[1].start.offset().local_minus_utc(), -5 * 3600);
        assert_eq!(a[1].stint.as_ref().unwrap().error.as_ref().unwrap().message, "no");
    }

    #[test]
    fn refusals() {
        for (text, says) in [
            (r#"{"format":"stint-export","version":2,"entries":[]}"#, "newer Stint"),
            (r#"{"format":"stint-export","version":1}"#, "no entries list"),
            (r#"{"format":"stint-export","entries":[]}"#, "has no version"),
            (r#"{"format":"stint-export","version":1,"entries":[],"entries":[]}"#, "more than one entries list"),
            (r#"{"format":"stint-export","version":1,"entries":[]} x"#, "something follows"),
            ("id,uid,issue,started,seconds,note,sync,worklog_id,deleted\n1,u-1,ABC-1,2026-11-20T08:15:00+01:00,abc,,local,,false\n", "line 2: its seconds"),
            ("id,uid,issue,started,seconds,note,sync,worklog_id,deleted\n1,u-1,ABC-1,2026-11-20T08:15:00+01:00,60,,local,,false,extra\n", "not readable CSV"),
        ] {
            let err = read(text).unwrap_err().to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
    }

    #[test]
    fn the_head_may_follow_the_entries() {
        let json = r#"{"entries":[
{"issue":"ABC-1","started":"2026-11-20T08:15:00+01:00","seconds":3600,"sync":"synced","uid":"u-1","worklog_id":"7","deleted":false}],
"format":"stint-export","jira":{"site":"https://a.atlassian.net","account_id":"acc-1"},"version":1}"#;
        let records = read(json).unwrap();
        assert_eq!(records[0].stint.as_ref().unwrap().jira.as_ref().unwrap().account_id, "acc-1");
    }

    #[test]
    fn the_running_timer_is_said_once_and_the_link_reaches_each_entry() {
        let json = r#"{"format":"stint-export","version":1,"running":{"issue":"ABC-9"},
"jira":{"site":"https://a.atlassian.net","account_id":"acc-1"},"entries":[
{"issue":"ABC-1","started":"2026-11-20T08:15:00+01:00","seconds":3600,"sync":"synced","uid":"u-1","worklog_id":"7","deleted":false}]}"#;
        let parsed = read_as(json, Format::Stint, &Zone::Local, false).unwrap();
        assert_eq!(parsed.summary.notices.len(), 1);
        let link = parsed.records[0].stint.as_ref().unwrap().jira.clone().unwrap();
        assert_eq!((link.site.as_str(), link.account_id.as_str()), ("https://a.atlassian.net", "acc-1"));
    }

    #[test]
    fn notes_come_back_from_the_spreadsheet_defusing() {
        assert_eq!(undefused("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(undefused("''quoted"), "'quoted");
        assert_eq!(undefused("'plain"), "'plain");
        assert_eq!(undefused("plain"), "plain");
    }
}
