//! Validating JSON against the schemas of an OpenAPI 3.0 document, as the document states them:
//! `$ref` into `components`, `allOf`/`oneOf`/`anyOf`, `type` with `nullable`, `enum`, `format`
//! `properties`, `required`, `additionalProperties`, `items`,
//! (date-time, date, int32, int64), `pattern`, `uniqueItems`, length and range bounds, and `readOnly`
//! (a request must not send what only the server sets): everything an OpenAPI 3.0 schema of
//! Atlassian's or Tempo's uses.

use serde_json::Value;

/// Which way the JSON travels: requests must not carry read-only fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// Checks `value` against `schema` (a schema object of `doc`); each problem is a line naming
/// where in the value it is.
pub fn validate(doc: &Value, schema: &Value, value: &Value, direction: Direction) -> Vec<String> {
    let mut problems = Vec::new();
    check(doc, schema, value, "$", direction, &mut problems, 0);
    problems
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    let mut current = schema;
    for _ in 0..32 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(pointer) => match pointer.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                Some(target) => current = target,
                None => return &Value::Null,
            },
            None => break,
        }
    }
    current
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[allow(clippy::too_many_arguments)]
fn check(
    doc: &Value,
    schema: &Value,
    value: &Value,
    at: &str,
    direction: Direction,
    problems: &mut Vec<String>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let schema = resolve(doc, schema);
    let Some(obj) = schema.as_object() else { return };

    if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
        for part in all {
            check(doc, part, value, at, direction, problems, depth + 1);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = obj.get(key).and_then(Value::as_array) {
            let fits = options.iter().any(|o| {
                let mut p = Vec::new();
                check(doc, o, value, at, direction, &mut p, depth + 1);
                p.is_empty()
            });
            if !fits {
                problems.push(format!("{at}: matches none of the {key} options"));
            }
        }
    }

    if value.is_null() {
        let nullable = obj.get("nullable").and_then(Value::as_bool) == Some(true);
        if obj.contains_key("type") && !nullable {
            problems.push(format!("{at}: is null, which the schema does not allow"));
        }
        return;
    }

    if let Some(expected) = obj.get("type").and_then(Value::as_str) {
        let actual = type_name(value);
        let fits = actual == expected || (expected == "number" && actual == "integer");
        if !fits {
            problems.push(format!("{at}: is {actual}, the schema says {expected}"));
            return;
        }
    }
    if let Some(choices) = obj.get("enum").and_then(Value::as_array) {
        if !choices.contains(value) {
            problems.push(format!("{at}: {value} is not one of {}", Value::Array(choices.clone())));
        }
    }
    match value {
        Value::String(s) => check_string(obj, s, at, problems),
        Value::Number(n) => check_number(obj, n, at, problems),
        Value::Array(items) => {
            if let Some(item_schema) = obj.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check(doc, item_schema, item, &format!("{at}[{i}]"), direction, problems, depth + 1);
                }
            }
            let count = items.len() as u64;
            if obj.get("minItems").and_then(Value::as_u64).is_some_and(|m| count < m) {
                problems.push(format!("{at}: has too few items"));
            }
            if obj.get("maxItems").and_then(Value::as_u64).is_some_and(|m| count > m) {
                problems.push(format!("{at}: has too many items"));
            }
            let unique = obj.get("uniqueItems").and_then(Value::as_bool) == Some(true);
            if unique && items.iter().enumerate().any(|(i, item)| items[..i].contains(item)) {
                problems.push(format!("{at}: holds the same item twice"));
            }
        }
        Value::Object(fields) => {
            let properties = obj.get("properties").and_then(Value::as_object);
            for required in
                obj.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
            {
                let read_only = properties
                    .and_then(|p| p.get(required))
                    .is_some_and(|p| resolve(doc, p).get("readOnly").and_then(Value::as_bool) == Some(true));
                let set_by_jira = direction == Direction::Request && read_only;
                if !fields.contains_key(required) && !set_by_jira {
                    problems.push(format!("{at}: lacks the required `{required}`"));
                }
            }
            for (name, field) in fields {
                let where_ = format!("{at}.{name}");
                match properties.and_then(|p| p.get(name)) {
                    Some(field_schema) => {
                        let resolved = resolve(doc, field_schema);
                        if direction == Direction::Request
                            && resolved.get("readOnly").and_then(Value::as_bool) == Some(true)
                        {
                            problems.push(format!("{where_}: is read-only, set by Jira; a request must not send it"));
                        }
                        check(doc, field_schema, field, &where_, direction, problems, depth + 1);
                    }
                    None => match obj.get("additionalProperties") {
                        Some(Value::Bool(false)) => problems.push(format!("{where_}: is not a field of this object")),
                        Some(extra @ Value::Object(_)) => {
                            check(doc, extra, field, &where_, direction, problems, depth + 1)
                        }
                        _ => {}
                    },
                }
            }
        }
        _ => {}
    }
}

fn check_string(obj: &serde_json::Map<String, Value>, s: &str, at: &str, problems: &mut Vec<String>) {
    let len = s.chars().count() as u64;
    if obj.get("minLength").and_then(Value::as_u64).is_some_and(|m| len < m) {
        problems.push(format!("{at}: is shorter than allowed"));
    }
    if obj.get("maxLength").and_then(Value::as_u64).is_some_and(|m| len > m) {
        problems.push(format!("{at}: is longer than allowed"));
    }
    match obj.get("format").and_then(Value::as_str) {
        Some("date-time") if !is_date_time(s) => problems.push(format!("{at}: `{s}` is not a date-time")),
        Some("date") if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err() || s.len() != 10 => {
            problems.push(format!("{at}: `{s}` is not a date (YYYY-MM-DD)"))
        }
        _ => {}
    }
    if let Some(pattern) = obj.get("pattern").and_then(Value::as_str) {
        match compiled(pattern) {
            Some(re) if !re.is_match(s) => problems.push(format!("{at}: `{s}` does not match `{pattern}`")),
            Some(_) => {}
            None => problems.push(format!("{at}: the document's pattern `{pattern}` is not one this checker reads")),
        }
    }
}

/// A pattern as a regular expression, compiled once per process.
fn compiled(pattern: &str) -> Option<regex::Regex> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Option<regex::Regex>>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.entry(pattern.to_string()).or_insert_with(|| regex::Regex::new(pattern).ok()).clone()
}

/// Jira's date-times: `2026-11-20T09:15:00.000+0100` (what its examples and answers use) or RFC 3339.
pub fn is_date_time(s: &str) -> bool {
    chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z").is_ok()
        || chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

fn check_number(obj: &serde_json::Map<String, Value>, n: &serde_json::Number, at: &str, problems: &mut Vec<String>) {
    let Some(x) = n.as_f64() else { return };
    match obj.get("format").and_then(Value::as_str) {
        Some("int32") if !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&x) => {
            problems.push(format!("{at}: {x} does not fit int32"))
        }
        _ => {}
    }
    if obj.get("minimum").and_then(Value::as_f64).is_some_and(|m| x < m) {
        problems.push(format!("{at}: {x} is below the minimum"));
    }
    if obj.get("maximum").and_then(Value::as_f64).is_some_and(|m| x > m) {
        problems.push(format!("{at}: {x} is above the maximum"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({ "components": { "schemas": {
            "Thing": {
                "type": "object", "additionalProperties": false, "required": ["name"],
                "properties": {
                    "id": { "type": "string", "readOnly": true },
                    "name": { "type": "string", "maxLength": 5 },
                    "count": { "type": "integer", "format": "int32" },
                    "when": { "type": "string", "format": "date-time" },
                    "day": { "type": "string", "format": "date" },
                    "at": { "type": "string", "pattern": "^([0-1]?[0-9]|2[0-3])(:[0-5][0-9])(:[0-5][0-9])$" },
                    "set": { "type": "array", "items": { "type": "string" }, "uniqueItems": true },
                    "maybe": { "type": "string", "nullable": true },
                    "kind": { "type": "string", "enum": ["a", "b"] },
                    "tags": { "type": "array", "items": { "type": "string" } },
                    "child": { "allOf": [{ "$ref": "#/components/schemas/Child" }] }
                }
            },
            "Child": { "type": "object", "properties": { "n": { "type": "number" } } }
        }}})
    }

    fn problems(value: Value, direction: Direction) -> Vec<String> {
        let d = doc();
        let schema = json!({ "$ref": "#/components/schemas/Thing" });
        validate(&d, &schema, &value, direction)
    }

    #[test]
    fn what_fits_passes() {
        let ok = json!({ "name": "ab", "count": 3, "when": "2026-11-20T09:15:00.000+0100", "maybe": null,
                         "day": "2026-11-20", "at": "09:15:00", "set": ["a", "b"],
                         "kind": "a", "tags": ["x"], "child": { "n": 1.5 } });
        assert_eq!(problems(ok, Direction::Request), Vec::<String>::new());
        assert_eq!(problems(json!({ "name": "ab", "id": "1" }), Direction::Response), Vec::<String>::new());
    }

    #[test]
    fn each_rule_catches_its_own_mistake() {
        for (value, says) in [
            (json!({}), "required `name`"),
            (json!({ "name": 5 }), "is integer, the schema says string"),
            (json!({ "name": "toolong" }), "longer than allowed"),
            (json!({ "name": "a", "id": "1" }), "read-only"),
            (json!({ "name": "a", "extra": 1 }), "not a field"),
            (json!({ "name": "a", "count": 9_999_999_999i64 }), "int32"),
            (json!({ "name": "a", "when": "yesterday" }), "not a date-time"),
            (json!({ "name": "a", "kind": "c" }), "not one of"),
            (json!({ "name": "a", "tags": [1] }), "$.tags[0]"),
            (json!({ "name": "a", "child": { "n": "x" } }), "$.child.n"),
            (json!({ "name": null }), "null"),
            (json!({ "name": "a", "day": "2026-11-31" }), "not a date"),
            (json!({ "name": "a", "day": "2026-11-2" }), "not a date"),
            (json!({ "name": "a", "at": "09:15" }), "does not match"),
            (json!({ "name": "a", "set": ["a", "a"] }), "same item twice"),
        ] {
            let found = problems(value.clone(), Direction::Request);
            assert!(found.iter().any(|p| p.contains(says)), "{value}: {found:?}");
        }
    }
}
