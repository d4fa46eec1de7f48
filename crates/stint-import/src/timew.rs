//! Timewarrior: `timew export` (a JSON list of intervals) and the data folder's month files, whose
//! lines read `inc 20261120T081500Z - 20261120T091500Z # "ABC-1" "other tag" # "annotation"`.
//! Times are UTC; an interval without an end is still running. The fingerprint is the interval's
//! start and end (Timewarrior refuses overlapping intervals, so they identify it), the same from
//! either source, so importing the export and then the folder adds nothing twice.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use crate::error::ImportError;
use crate::input::{Lines, Place};
use crate::text::echo;
use crate::{fingerprint, instant_field, Format, Names, Record, Sink, SourceFile, Zone};

/// A Timewarrior instant: `20261120T081500Z`.
fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    let ok = text.len() == 16 && text.is_ascii();
    ok.then(|| NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ").ok())
        .flatten()
        .map(|t| t.and_utc())
        .ok_or_else(|| format!("`{}` is not a Timewarrior time (like 20261120T081500Z)", echo(text)))
}

fn record(
    at: String,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    tags: Vec<String>,
    annotation: Option<String>,
    zone: &Zone,
) -> Result<Record, (String, String)> {
    if let Some(end) = end {
        if end < start {
            return Err((at, "it ends before it starts".into()));
        }
    }
    let end_field = end.map(instant_field).unwrap_or_default();
    Ok(Record {
        fingerprint: fingerprint(Format::Timewarrior, &[&instant_field(start), &end_field]),
        at,
        start: zone.at(start),
        end: end.map(|e| zone.at(e)),
        names: Names { tags, projects: Vec::new(), description: annotation.clone() },
        note: annotation.filter(|a| !a.trim().is_empty()),
        stint: None,
    })
}

pub(crate) fn read_json(
    file: &SourceFile<'_>,
    zone: &Zone,
    at: &dyn Fn(String) -> String,
    sink: &mut Sink<'_>,
) -> Result<(), ImportError> {
    let fix = "make sure the file is whole: run `timew export > FILE` again";
    crate::watson::read_list(file, at, fix, "record", sink, |item, here| interval(item, zone, here))
}

fn interval(item: &Value, zone: &Zone, at: String) -> Result<Record, (String, String)> {
    let fail = |p: String| (at.clone(), p);
    let object = item.as_object().ok_or_else(|| fail("it is not an interval (a JSON object)".into()))?;
    let start = object
        .get("start")
        .and_then(Value::as_str)
        .ok_or_else(|| fail("it has no start".into()))
        .and_then(|s| instant(s).map_err(fail))?;
    let end = match object.get("end") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(instant(s).map_err(fail)?),
        Some(_) => return Err(fail("its end is not a time".into())),
    };
    let tags = match object.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(tags)) => tags
            .iter()
            .map(|t| t.as_str().map(str::to_string).ok_or_else(|| fail("a tag is not text".into())))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(fail("its tags are not a list".into())),
    };
    let annotation = match object.get("annotation") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(fail("its annotation is not text".into())),
    };
    record(at.clone(), start, end, tags, annotation, zone)
}

pub(crate) fn read_data(
    file: &SourceFile<'_>,
    zone: &Zone,
    at: &dyn Fn(String) -> String,
    sink: &mut Sink<'_>,
) -> Result<(), ImportError> {
    let place = Place { at, fix: "give Timewarrior's data folder, or run `timew export > FILE` and import that" };
    let mut lines = Lines::new(file.open()?);
    while let Some((number, line)) = lines.next(&place)? {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let here = at(format!("line {number}"));
        match data_line(line, zone, here.clone()) {
            Ok(r) => sink.record(r)?,
            Err((at, problem)) => sink.bad(at, problem)?,
        }
    }
    Ok(())
}

/// A token of a data line, and whether it was quoted (a quoted `#` is a tag, not a separator).
fn tokens(text: &str) -> Result<Vec<(String, bool)>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            let mut value = String::new();
            loop {
                match chars.next() {
                    Some('\\') => match chars.next() {
                        Some('n') => value.push('\n'),
                        Some('t') => value.push('\t'),
                        Some(other) => value.push(other),
                        None => return Err("a quoted text ends with a lone backslash".into()),
                    },
                    Some('"') => break,
                    Some(other) => value.push(other),
                    None => return Err("a quoted text is never closed (a `\"` is missing)".into()),
                }
            }
            out.push((value, true));
        } else {
            let mut value = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
            out.push((value, false));
        }
    }
    Ok(out)
}

fn data_line(line: &str, zone: &Zone, at: String) -> Result<Record, (String, String)> {
    let fail = |p: String| (at.clone(), p);
    let rest = line
        .strip_prefix("inc ")
        .ok_or_else(|| fail("it does not start with `inc`, as every line of a Timewarrior data file does".into()))?;
    let tokens = tokens(rest).map_err(fail)?;
    let mut tokens = tokens.into_iter().peekable();
    let start = match tokens.next() {
        Some((t, false)) => instant(&t).map_err(fail)?,
        _ => return Err(fail("it has no start time".into())),
    };
    let mut end = None;
    if tokens.peek().is_some_and(|(t, quoted)| t == "-" && !quoted) {
        tokens.next();
        match tokens.next() {
            Some((t, false)) => end = Some(instant(&t).map_err(fail)?),
            _ => return Err(fail("it has a `-` and no end time after it".into())),
        }
    }
    let mut tags = Vec::new();
    let mut annotation: Option<String> = None;
    match tokens.next() {
        None => {}
        Some((hash, false)) if hash == "#" => {
            let mut in_annotation = false;
            for (token, quoted) in tokens {
                if token == "#" && !quoted && !in_annotation {
                    in_annotation = true;
                } else if in_annotation {
                    let text = annotation.get_or_insert_with(String::new);
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(&token);
                } else {
                    tags.push(token);
                }
            }
        }
        Some((other, _)) => return Err(fail(format!("`{}` is where a `-` or a `#` belongs", echo(&other)))),
    }
    record(at.clone(), start, end, tags, annotation, zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<Record>, ImportError> {
        crate::tests::read_as(text, Format::Timewarrior, &Zone::Named(chrono_tz::Europe::Berlin), false)
            .map(|p| p.records)
    }

    #[test]
    fn data_lines_and_export_agree() {
        let data = "inc 20261120T071500Z - 20261120T081500Z # \"ABC-1\" \"other tag\"\n\
                    inc 20261120T090000Z - 20261120T093000Z # \"Code review\" # \"fixed \\\"quotes\\\" here\"\n\
                    inc 20261121T090000Z - 20261121T100000Z # plain ABC-2\n\
                    inc 20261121T100000Z # \"ENG-5\"\n";
        let json = r#"[
{"id":4,"start":"20261120T071500Z","end":"20261120T081500Z","tags":["ABC-1","other tag"]},
{"id":3,"start":"20261120T090000Z","end":"20261120T093000Z","tags":["Code review"],"annotation":"fixed \"quotes\" here"},
{"id":2,"start":"20261121T090000Z","end":"20261121T100000Z","tags":["plain","ABC-2"]},
{"id":1,"start":"20261121T100000Z","tags":["ENG-5"]}
]"#;
        let from_data = read(data).unwrap();
        let from_json = read(json).unwrap();
        assert_eq!(from_data.len(), 4);
        for (d, j) in from_data.iter().zip(&from_json) {
            assert_eq!(
                (&d.start, &d.end, &d.names, &d.note, &d.fingerprint),
                (&j.start, &j.end, &j.names, &j.note, &j.fingerprint)
            );
        }
        assert_eq!(from_data[0].start.to_rfc3339(), "2026-11-20T08:15:00+01:00");
        assert_eq!(from_data[1].note.as_deref(), Some("fixed \"quotes\" here"));
        assert_eq!(from_data[2].names.tags, ["plain", "ABC-2"]);
        assert_eq!(from_data[3].end, None);
    }

    #[test]
    fn bad_lines_are_named() {
        for (text, problem) in [
            ("inc 2026-11-20 - 20261120T081500Z\n", "not a Timewarrior time"),
            ("exc 20261120T071500Z\n", "does not start with `inc`"),
            ("inc 20261120T081500Z - 20261120T071500Z\n", "ends before it starts"),
            ("inc 20261120T071500Z - \n", "no end time"),
            ("inc 20261120T071500Z # \"open\n", "never closed"),
            ("\ninc 20261120T071500Z x\n", "where a `-` or a `#` belongs"),
        ] {
            let err = read(text).unwrap_err().to_string();
            assert!(err.contains(problem) && err.contains("line "), "{err}");
        }
        let err = read("\n\ninc 20261120T071500Z - 2026\n").unwrap_err().to_string();
        assert!(err.starts_with("line 3:"), "{err}");
        for (text, problem) in [
            (r#"[{"end":"20261120T071500Z"}]"#, "record 1: it has no start"),
            (r#"[{"start":"20261120T071500Z","tags":[1]}]"#, "a tag is not text"),
            (r#"[{"start":"20261120T071500Z"},{"start":"x"}]"#, "record 2: `x` is not"),
            ("[{\"start\":", "line 1"),
        ] {
            let err = read(text).unwrap_err().to_string();
            assert!(err.contains(problem), "{err}");
        }
    }
}
