//! Stint's own exports, so that export → purge → import gives back the same entries: each keeps
//! its uid (which Jira's worklog also carries), its start with its offset, its duration, note,
//! sync state and Jira worklog id, with the site and account that worklog belongs to (exports
//! before that said nothing of it: their worklog ids come with no site). The JSON export's running
//! timer is not an entry and is not imported (a notice says so).

use chrono::{DateTime, Duration};
use serde_json::value::RawValue;
use serde_json::Value;
use stint_domain::{IssueKey, SyncError, SyncState};

use crate::error::ImportError;
use crate::text::echo;
use crate::{fingerprint, Format, JiraLink, Names, Record, Sink, StintFields};

/// What `stint export` writes as its CSV header; exports made before the site and account were
/// recorded end at `deleted`.
const CSV_HEADER: [&str; 11] =
    ["id", "uid", "issue", "started", "seconds", "note", "sync", "worklog_id", "deleted", "jira_site", "jira_account"];
const OLD_CSV_COLUMNS: usize = 9;
/// The JSON export's version this Stint reads.
const VERSION: u64 = 1;

/// A JSON export, its entries still text (each is read alone: a large export is never one tree).
#[derive(serde::Deserialize)]
struct Doc<'a> {
    format: Option<Value>,
    version: Option<Value>,
    #[serde(borrow)]
    running: Option<&'a RawValue>,
    /// The site and account the entries' worklog ids belong to (`null`: not signed in).
    jira: Option<Value>,
    #[serde(borrow)]
    entries: Option<Vec<&'a RawValue>>,
}

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

pub(crate) fn read_json(text: &str, at: &dyn Fn(String) -> String, sink: &mut Sink<'_>) -> Result<(), ImportError> {
    let fix = "make sure the file is whole: export it from Stint again, as JSON";
    let body = text.trim_start_matches('\u{feff}');
    let doc: Doc<'_> = serde_json::from_str(body).map_err(|e| crate::watson::unreadable_json(&e, at, fix))?;
    let whole = |problem: String| ImportError::Unreadable { at: at("line 1".into()), problem, fix };
    if doc.format.as_ref().and_then(|f| f.as_str()) != Some("stint-export") {
        return Err(whole("this is not a Stint export (its format is not stint-export)".into()));
    }
    match doc.version.as_ref().and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) => {
            return Err(whole(format!("this export is version {v}, made by a newer Stint; update Stint to import it")))
        }
        None => return Err(whole("this export has no version".into())),
    }
    let jira = doc.jira.as_ref().and_then(link);
    if doc.running.is_some() {
        sink.notice("the export's running timer is not an entry and was not imported: start it again".into());
    }
    let entries = doc.entries.ok_or_else(|| whole("this export has no entries list".into()))?;
    for (i, raw) in entries.iter().enumerate() {
        let here = at(format!("entry {}", i + 1));
        let item = &crate::watson::item(raw);
        let text_of = |name: &str| item.get(name).and_then(Value::as_str).unwrap_or("");
        let error = item.get("error").and_then(|e| {
            Some(SyncError {
                code: e.get("code")?.as_str()?.to_string(),
                message: e.get("message")?.as_str()?.to_string(),
                ..SyncError::default()
            })
        });
        let raw = Raw {
            uid: text_of("uid"),
            issue: text_of("issue"),
            started: text_of("started"),
            seconds: item.get("seconds").and_then(Value::as_i64),
            note: item.get("note").and_then(Value::as_str).map(str::to_string),
            sync: text_of("sync"),
            error,
            worklog_id: item.get("worklog_id").and_then(Value::as_str),
            deleted: item.get("deleted").and_then(Value::as_bool),
            jira: jira.clone(),
        };
        match entry(raw, here) {
            Ok(r) => sink.record(r),
            Err((at, problem)) => sink.bad(at, problem)?,
        }
    }
    Ok(())
}

/// A note the export defused for spreadsheets (`'=SUM(…)`) gets its text back.
fn undefused(note: &str) -> String {
    match note.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest.to_string(),
        _ => note.to_string(),
    }
}

pub(crate) fn read_csv(text: &str, at: &dyn Fn(String) -> String, sink: &mut Sink<'_>) -> Result<(), ImportError> {
    let fix = "make sure the file is whole: export it from Stint again, as CSV";
    let body = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let unreadable = |e: csv::Error| ImportError::Unreadable {
        at: at(format!("line {}", e.position().map_or(1, |p| p.line()))),
        problem: "it is not readable CSV (a row with another number of fields, or text that is not UTF-8)".into(),
        fix,
    };
    let header = reader.headers().map_err(unreadable)?.clone();
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let linked = names == CSV_HEADER;
    if !linked && names != CSV_HEADER[..OLD_CSV_COLUMNS] {
        return Err(ImportError::Unreadable {
            at: at("line 1".into()),
            problem: format!("the header is not Stint's ({})", CSV_HEADER.join(",")),
            fix,
        });
    }
    for row in reader.records() {
        let row = row.map_err(unreadable)?;
        let here = at(format!("line {}", row.position().map_or(0, |p| p.line())));
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
            Ok(r) => sink.record(r),
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
    use crate::Parsed;

    #[test]
    fn json_and_csv_give_the_same_entries() {
        let json = r#"{"format":"stint-export","version":1,"exported_at":"2026-11-25T10:00:00+01:00","running":null,"entries":[
{"id":1,"issue":"ABC-1","started":"2026-11-20T08:15:00+01:00","seconds":3600,"note":"-5 bugs","sync":"synced","uid":"0f8e-11","worklog_id":"10042","deleted":false},
{"id":2,"issue":"ABC-2","started":"2026-11-20T10:00:00-05:00","seconds":600,"note":null,"sync":"failed","error":{"code":"jira.refused","message":"no"},"uid":"0f8e-12","worklog_id":null,"deleted":false}
]}"#;
        let csv = "id,uid,issue,started,seconds,note,sync,worklog_id,deleted\n\
                   1,0f8e-11,ABC-1,2026-11-20T08:15:00+01:00,3600,'-5 bugs,synced,10042,false\n\
                   2,0f8e-12,ABC-2,2026-11-20T10:00:00-05:00,600,,failed,,false\n";
        let mut a = Parsed::default();
        read_json(json, &|p| p, &mut Sink { parsed: &mut a, skip_bad: false }).unwrap();
        let mut b = Parsed::default();
        read_csv(csv, &|p| p, &mut Sink { parsed: &mut b, skip_bad: false }).unwrap();
        assert_eq!(a.records.len(), 2);
        for (x, y) in a.records.iter().zip(&b.records) {
            assert_eq!((&x.start, &x.end, &x.note, &x.fingerprint), (&y.start, &y.end, &y.note, &y.fingerprint));
            let (sx, sy) = (x.stint.as_ref().unwrap(), y.stint.as_ref().unwrap());
            assert_eq!((&sx.uid, &sx.issue, sx.sync, &sx.worklog_id), (&sy.uid, &sy.issue, sy.sync, &sy.worklog_id));
        }
        assert_eq!(a.records[0].note.as_deref(), Some("-5 bugs"));
        assert_eq!(a.records[1].start.offset().local_minus_utc(), -5 * 3600);
        assert_eq!(a.records[1].stint.as_ref().unwrap().error.as_ref().unwrap().message, "no");
    }

    #[test]
    fn refusals() {
        let mut p = Parsed::default();
        let mut sink = Sink { parsed: &mut p, skip_bad: false };
        let err = read_json(r#"{"format":"stint-export","version":2,"entries":[]}"#, &|p| p, &mut sink).unwrap_err();
        assert!(err.to_string().contains("newer Stint"), "{err}");
        let err = read_csv("id,uid,issue,started,seconds,note,sync,worklog_id,deleted\n1,u-1,ABC-1,2026-11-20T08:15:00+01:00,abc,,local,,false\n", &|p| p, &mut sink)
            .unwrap_err();
        assert!(err.to_string().starts_with("line 2: its seconds"), "{err}");
        let err = read_csv("id,uid,issue,started,seconds,note,sync,worklog_id,deleted\n1,u-1,ABC-1,2026-11-20T08:15:00+01:00,60,,local,,false,extra\n", &|p| p, &mut sink)
            .unwrap_err();
        assert!(err.to_string().contains("not readable CSV"), "{err}");
    }

    #[test]
    fn notes_come_back_from_the_spreadsheet_defusing() {
        assert_eq!(undefused("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(undefused("''quoted"), "'quoted");
        assert_eq!(undefused("'plain"), "'plain");
        assert_eq!(undefused("plain"), "plain");
    }
}
