//! Watson: its `frames` file (a JSON list of `[start, stop, project, id, tags, updated_at]`, epoch
//! seconds) and `watson log --json` (objects with RFC 3339 times that carry their offset). Both
//! name each frame by its id, which is the fingerprint: a frame imported from one is not imported
//! again from the other.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::error::ImportError;
use crate::text::echo;
use crate::{fingerprint, Format, Names, Record, Sink, Zone};

/// The file as a JSON list of items, each still text; a file that is not one is refused whole,
/// with where it breaks.
pub(crate) fn json_list<'a>(
    text: &'a str,
    at: &dyn Fn(String) -> String,
    fix: &'static str,
) -> Result<Vec<&'a RawValue>, ImportError> {
    let body = text.trim_start_matches('\u{feff}');
    if !body.trim_start().starts_with('[') {
        return Err(ImportError::Unreadable {
            at: at("line 1".into()),
            problem: "the file is not a JSON list".into(),
            fix,
        });
    }
    serde_json::from_str::<Vec<&RawValue>>(body).map_err(|e| unreadable_json(&e, at, fix))
}

/// One item of a list `json_list` split: it is valid JSON already.
pub(crate) fn item(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

pub(crate) fn unreadable_json(e: &serde_json::Error, at: &dyn Fn(String) -> String, fix: &'static str) -> ImportError {
    ImportError::Unreadable {
        at: at(format!("line {} column {}", e.line(), e.column())),
        problem: format!("this is not valid JSON ({})", json_problem(e)),
        fix,
    }
}

/// serde_json's reason without its position (the message gives that first).
fn json_problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn epoch(value: &Value) -> Option<DateTime<Utc>> {
    let seconds = match value {
        Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite() && f.abs() < 1e12).map(|f| f.floor() as i64))?
        }
        _ => return None,
    };
    Utc.timestamp_opt(seconds, 0).single()
}

fn text_list(value: Option<&Value>) -> Result<Vec<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|t| t.as_str().map(str::to_string).ok_or_else(|| "a tag is not text".to_string()))
            .collect(),
        Some(_) => Err("its tags are not a list".into()),
    }
}

fn frame_record(
    at: String,
    id: &str,
    start: DateTime<FixedOffset>,
    stop: DateTime<FixedOffset>,
    project: String,
    tags: Vec<String>,
    note: Option<String>,
) -> Result<Record, (String, String)> {
    if stop < start {
        return Err((at, "it stops before it starts".into()));
    }
    if id.trim().is_empty() {
        return Err((at, "it has no id".into()));
    }
    Ok(Record {
        fingerprint: fingerprint(Format::Watson, &[id.trim()]),
        at,
        start,
        end: Some(stop),
        names: Names { tags, projects: vec![project], description: note.clone() },
        note: note.filter(|n| !n.trim().is_empty()),
        stint: None,
    })
}

pub(crate) fn read_frames(
    text: &str,
    zone: &Zone,
    at: &dyn Fn(String) -> String,
    sink: &mut Sink<'_>,
) -> Result<(), ImportError> {
    let items = json_list(text, at, "make sure the file is whole (Watson keeps it in its folder, as `frames`)")?;
    for (i, raw) in items.iter().enumerate() {
        let here = at(format!("frame {}", i + 1));
        match frame(&item(raw), zone, here.clone()) {
            Ok(r) => sink.record(r),
            Err((at, problem)) => sink.bad(at, problem)?,
        }
    }
    Ok(())
}

fn frame(item: &Value, zone: &Zone, at: String) -> Result<Record, (String, String)> {
    let fail = |p: &str| (at.clone(), p.to_string());
    let fields = item.as_array().ok_or_else(|| fail("it is not a frame (a list of start, stop, project, id, tags)"))?;
    if fields.len() < 4 {
        return Err(fail("it has fewer than the four fields of a frame (start, stop, project, id)"));
    }
    let start = epoch(&fields[0]).ok_or_else(|| fail("its start is not a time in seconds"))?;
    let stop = epoch(&fields[1]).ok_or_else(|| fail("its stop is not a time in seconds"))?;
    let project = fields[2].as_str().ok_or_else(|| fail("its project is not text"))?.to_string();
    let id = fields[3].as_str().ok_or_else(|| fail("its id is not text"))?;
    let tags = text_list(fields.get(4)).map_err(|p| (at.clone(), p))?;
    frame_record(at.clone(), id, zone.at(start), zone.at(stop), project, tags, None)
}

pub(crate) fn read_log(text: &str, at: &dyn Fn(String) -> String, sink: &mut Sink<'_>) -> Result<(), ImportError> {
    let items = json_list(text, at, "make sure the file is whole: run `watson log --all --json > FILE` again")?;
    for (i, raw) in items.iter().enumerate() {
        let here = at(format!("record {}", i + 1));
        match log_entry(&item(raw), here.clone()) {
            Ok(r) => sink.record(r),
            Err((at, problem)) => sink.bad(at, problem)?,
        }
    }
    Ok(())
}

fn log_entry(item: &Value, at: String) -> Result<Record, (String, String)> {
    let fail = |p: String| (at.clone(), p);
    let object = item.as_object().ok_or_else(|| fail("it is not a frame (a JSON object)".into()))?;
    let time = |name: &str| -> Result<DateTime<FixedOffset>, (String, String)> {
        let text = object.get(name).and_then(Value::as_str).ok_or_else(|| fail(format!("it has no {name}")))?;
        DateTime::parse_from_rfc3339(text)
            .map_err(|_| fail(format!("its {name} `{}` is not a time like 2026-11-20T08:15:00+01:00", echo(text))))
    };
    let start = time("start")?;
    let stop = time("stop")?;
    let project = object.get("project").and_then(Value::as_str).ok_or_else(|| fail("it has no project".into()))?;
    let id = object.get("id").and_then(Value::as_str).ok_or_else(|| fail("it has no id".into()))?;
    let tags = text_list(object.get("tags")).map_err(fail)?;
    let note = object.get("note").and_then(Value::as_str).map(str::to_string);
    frame_record(at.clone(), id, start, stop, project.to_string(), tags, note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Parsed;

    #[test]
    fn frames_and_log_agree() {
        let frames = r#"[[1795158900, 1795162500, "ABC", "3c96809", ["ABC-7", "review"], 1795613448],
                         [1795168800, 1795172400, "Code review", "fb8e120", [], 1795613448]]"#;
        let log = r#"[{"id": "3c96809", "project": "ABC", "start": "2026-11-20T08:15:00+01:00",
                       "stop": "2026-11-20T09:15:00+01:00", "tags": ["ABC-7", "review"]}]"#;
        let mut a = Parsed::default();
        read_frames(
            frames,
            &Zone::Named(chrono_tz::Europe::Berlin),
            &|p| p,
            &mut Sink { parsed: &mut a, skip_bad: false },
        )
        .unwrap();
        let mut b = Parsed::default();
        read_log(log, &|p| p, &mut Sink { parsed: &mut b, skip_bad: false }).unwrap();
        assert_eq!(a.records.len(), 2);
        assert_eq!(a.records[0].start, b.records[0].start);
        assert_eq!(a.records[0].start.to_rfc3339(), "2026-11-20T08:15:00+01:00");
        assert_eq!(a.records[0].fingerprint, b.records[0].fingerprint);
        assert_eq!(a.records[0].names, b.records[0].names);
        assert_eq!(a.records[1].names.projects, ["Code review"]);
    }

    #[test]
    fn bad_frames_are_named_or_skipped() {
        let text = r#"[[1795158900, 1795162500, "ABC", "a", []], ["x"], [1795162500, 1795158900, "ABC", "b"]]"#;
        let mut parsed = Parsed::default();
        let err =
            read_frames(text, &Zone::Local, &|p| p, &mut Sink { parsed: &mut parsed, skip_bad: false }).unwrap_err();
        assert!(err.to_string().starts_with("frame 2: it has fewer"), "{err}");
        let mut parsed = Parsed::default();
        read_frames(text, &Zone::Local, &|p| p, &mut Sink { parsed: &mut parsed, skip_bad: true }).unwrap();
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.bad.len(), 2);
        assert!(parsed.bad[1].problem.contains("stops before it starts"));
        let err =
            read_frames("[[1, 2", &Zone::Local, &|p| p, &mut Sink { parsed: &mut parsed, skip_bad: true }).unwrap_err();
        assert!(err.to_string().contains("not valid JSON"), "{err}");
    }
}
