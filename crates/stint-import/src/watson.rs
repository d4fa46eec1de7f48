//! Watson: its `frames` file (a JSON list of `[start, stop, project, id, tags, updated_at]`, epoch
//! seconds) and `watson log --json` (objects with RFC 3339 times that carry their offset). Both
//! name each frame by its id, which is the fingerprint: a frame imported from one is not imported
//! again from the other.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde_json::Value;

use crate::error::ImportError;
use crate::input::{Json, Place};
use crate::text::echo;
use crate::{fingerprint, Format, Names, Record, Sink, SourceFile, Zone};

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
    file: &SourceFile<'_>,
    zone: &Zone,
    at: &dyn Fn(String) -> String,
    sink: &mut Sink<'_>,
) -> Result<(), ImportError> {
    let fix = "make sure the file is whole (Watson keeps it in its folder, as `frames`)";
    read_list(file, at, fix, "frame", sink, |item, here| frame(item, zone, here))
}

/// Reads a JSON list, each item into a record by `one`.
pub(crate) fn read_list(
    file: &SourceFile<'_>,
    at: &dyn Fn(String) -> String,
    fix: &'static str,
    noun: &str,
    sink: &mut Sink<'_>,
    one: impl Fn(&Value, String) -> Result<Record, (String, String)>,
) -> Result<(), ImportError> {
    let mut json = Json::new(file.open()?, Place { at, fix });
    json.list(|json, i, line, bytes| {
        let item: Value = json.parse(line, bytes)?;
        match one(&item, at(format!("{noun} {}", i + 1))) {
            Ok(r) => sink.record(r),
            Err((at, problem)) => sink.bad(at, problem),
        }
    })?;
    json.end()
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

pub(crate) fn read_log(
    file: &SourceFile<'_>,
    at: &dyn Fn(String) -> String,
    sink: &mut Sink<'_>,
) -> Result<(), ImportError> {
    let fix = "make sure the file is whole: run `watson log --all --json > FILE` again";
    read_list(file, at, fix, "record", sink, log_entry)
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
    use crate::tests::read_as;

    #[test]
    fn frames_and_log_agree() {
        let frames = r#"[[1795158900, 1795162500, "ABC", "3c96809", ["ABC-7", "review"], 1795613448],
                         [1795168800, 1795172400, "Code review", "fb8e120", [], 1795613448]]"#;
        let log = r#"[{"id": "3c96809", "project": "ABC", "start": "2026-11-20T08:15:00+01:00",
                       "stop": "2026-11-20T09:15:00+01:00", "tags": ["ABC-7", "review"]}]"#;
        let berlin = Zone::Named(chrono_tz::Europe::Berlin);
        let a = read_as(frames, Format::Watson, &berlin, false).unwrap().records;
        let b = read_as(log, Format::Watson, &berlin, false).unwrap().records;
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].start, b[0].start);
        assert_eq!(a[0].start.to_rfc3339(), "2026-11-20T08:15:00+01:00");
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
        assert_eq!(a[0].names, b[0].names);
        assert_eq!(a[1].names.projects, ["Code review"]);
    }

    #[test]
    fn bad_frames_are_named_or_skipped() {
        let text = r#"[[1795158900, 1795162500, "ABC", "a", []], ["x"], [1795162500, 1795158900, "ABC", "b"]]"#;
        let err = read_as(text, Format::Watson, &Zone::Local, false).unwrap_err();
        assert!(err.to_string().starts_with("frame 2: it has fewer"), "{err}");
        let parsed = read_as(text, Format::Watson, &Zone::Local, true).unwrap();
        assert_eq!(parsed.records.len(), 1);
        assert_eq!((parsed.summary.bad.len(), parsed.summary.bad_total), (2, 2));
        assert!(parsed.summary.bad[1].problem.contains("stops before it starts"));
        let err = read_as("[[1, 2", Format::Watson, &Zone::Local, true).unwrap_err();
        assert!(err.to_string().contains("ends"), "{err}");
        let err = read_as("[[1, 2 x]]", Format::Watson, &Zone::Local, true).unwrap_err();
        assert!(err.to_string().contains("not valid JSON"), "{err}");
    }
}
