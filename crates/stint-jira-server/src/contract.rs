//! Atlassian's OpenAPI document as a contract: find the operation a request is for, and check the
//! request (path, query parameters and their types, body) and the response (status and body)
//! against it. Every problem found is a violation the tests fail on.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::schema::{validate, Direction};

/// The document, embedded so the server runs from anywhere.
const DOCUMENT: &str = include_str!("../openapi/jira-cloud-platform-openapi.json");

#[derive(Debug)]
pub struct Operation {
    pub id: String,
    method: String,
    segments: Vec<Segment>,
    parameters: Vec<Value>,
    body: Option<Value>,
    body_required: bool,
    responses: HashMap<String, Option<Value>>,
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    Variable,
}

#[derive(Debug)]
pub struct Contract {
    doc: Value,
    operations: Vec<Operation>,
}

/// The contract, loaded once per process.
pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(Contract::load)
}

fn json_schema(content: Option<&Value>) -> Option<Value> {
    content?.get("content")?.get("application/json")?.get("schema").cloned()
}

impl Contract {
    fn load() -> Contract {
        let doc: Value = serde_json::from_str(DOCUMENT).expect("the vendored OpenAPI document is JSON");
        let mut operations = Vec::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            let shared: Vec<Value> = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for method in ["get", "post", "put", "delete"] {
                let Some(op) = item.get(method) else { continue };
                let mut parameters = shared.clone();
                parameters.extend(op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default());
                let responses = op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(status, r)| (status.clone(), json_schema(Some(r))))
                    .collect();
                operations.push(Operation {
                    id: op.get("operationId").and_then(Value::as_str).unwrap_or_default().to_string(),
                    method: method.to_ascii_uppercase(),
                    segments: path
                        .trim_start_matches('/')
                        .split('/')
                        .map(|s| if s.starts_with('{') { Segment::Variable } else { Segment::Literal(s.to_string()) })
                        .collect(),
                    parameters,
                    body: json_schema(op.get("requestBody")),
                    body_required: op.get("requestBody").and_then(|b| b.get("required")).and_then(Value::as_bool)
                        == Some(true),
                    responses,
                });
            }
        }
        Contract { doc, operations }
    }

    /// The operation for `method` on `path` (`/rest/api/3/…`), preferring literal segments.
    pub fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        self.operations
            .iter()
            .filter(|op| op.method == method && op.segments.len() == parts.len())
            .filter(|op| {
                op.segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Literal(l) => l == p,
                    Segment::Variable => !p.is_empty(),
                })
            })
            .max_by_key(|op| op.segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count())
    }

    /// Problems with a request's query and body.
    pub fn check_request(&self, op: &Operation, query: &[(String, String)], body: Option<&Value>) -> Vec<String> {
        let mut problems = Vec::new();
        let declared: Vec<&Value> = op.parameters.iter().map(|p| resolve(&self.doc, p)).collect();
        for (name, value) in query {
            let Some(param) = declared.iter().find(|p| p["in"] == "query" && p["name"] == name.as_str()) else {
                problems.push(format!("{}: query parameter `{name}` is not in Atlassian's API", op.id));
                continue;
            };
            let schema = resolve(&self.doc, &param["schema"]);
            let typed = match schema.get("type").and_then(Value::as_str) {
                Some("integer") => value.parse::<i64>().map(Value::from).ok(),
                Some("boolean") => value.parse::<bool>().map(Value::from).ok(),
                Some("array") => None.or(Some(Value::Null)),
                _ => Some(Value::String(value.clone())),
            };
            match typed {
                None => problems.push(format!("{}: `{name}={value}` is not of type {}", op.id, schema["type"])),
                Some(Value::Null) => {}
                Some(v) => {
                    for p in validate(&self.doc, schema, &v, Direction::Request) {
                        problems.push(format!("{}: query `{name}`: {p}", op.id));
                    }
                }
            }
        }
        for param in &declared {
            let required = param.get("required").and_then(Value::as_bool) == Some(true);
            if param["in"] == "query" && required && !query.iter().any(|(n, _)| param["name"] == n.as_str()) {
                problems.push(format!("{}: required query parameter `{}` is missing", op.id, param["name"]));
            }
        }
        match (&op.body, body) {
            (Some(schema), Some(value)) => problems.extend(
                validate(&self.doc, schema, value, Direction::Request)
                    .into_iter()
                    .map(|p| format!("{}: body {p}", op.id)),
            ),
            (Some(_), None) if op.body_required => problems.push(format!("{}: the body is required", op.id)),
            (None, Some(_)) => problems.push(format!("{}: takes no body", op.id)),
            _ => {}
        }
        problems
    }

    /// Problems with a response: a status the operation does not declare, or a body that does not
    /// fit the declared schema.
    pub fn check_response(&self, op: &Operation, status: u16, body: Option<&Value>) -> Vec<String> {
        let key = status.to_string();
        let Some(schema) = op.responses.get(&key).or_else(|| op.responses.get("default")) else {
            return vec![format!("{}: answers {status}, which Atlassian's API does not declare", op.id)];
        };
        match (schema, body) {
            (Some(schema), Some(value)) => validate(&self.doc, schema, value, Direction::Response)
                .into_iter()
                .map(|p| format!("{} {status}: response {p}", op.id))
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')).and_then(|p| doc.pointer(p)) {
        Some(target) => target,
        None => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_vendored_document_is_atlassian_s_byte_for_byte() {
        // SHA-256 as recorded in openapi/SOURCE.md.
        let digest = sha2_hex(DOCUMENT.as_bytes());
        assert_eq!(digest, "1f0911c58a45c712ba748f6b2b71bad688a0d28283296e6d24c7b2cc0d304624");
    }

    fn sha2_hex(bytes: &[u8]) -> String {
        use sha2::Digest;
        sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn operations_are_found_by_method_and_path() {
        let c = contract();
        assert_eq!(c.operation("POST", "/rest/api/3/issue/ABC-1/worklog").unwrap().id, "addWorklog");
        assert_eq!(c.operation("GET", "/rest/api/3/issue/picker").unwrap().id, "getIssuePickerResource");
        assert_eq!(c.operation("PUT", "/rest/api/3/issue/ABC-1/worklog/10001").unwrap().id, "updateWorklog");
        assert_eq!(
            c.operation("PUT", "/rest/api/3/issue/ABC-1/worklog/10001/properties/stint.entry").unwrap().id,
            "setWorklogProperty"
        );
        assert!(c.operation("PATCH", "/rest/api/3/issue/ABC-1/worklog").is_none());
        assert!(c.operation("GET", "/rest/api/3/no/such/thing").is_none());
    }

    #[test]
    fn requests_are_checked_against_the_document() {
        let c = contract();
        let op = c.operation("POST", "/rest/api/3/issue/ABC-1/worklog").unwrap();
        let good = json!({ "started": "2026-11-20T09:15:00.000+0100", "timeSpentSeconds": 3600,
                           "properties": [{ "key": "stint.entry", "value": { "uid": "u" } }] });
        let q = |pairs: &[(&str, &str)]| pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert_eq!(
            c.check_request(op, &q(&[("adjustEstimate", "auto"), ("expand", "properties")]), Some(&good)),
            Vec::<String>::new()
        );
        assert!(!c.check_request(op, &q(&[("adjustEstimate", "sometimes")]), Some(&good)).is_empty(), "enum");
        assert!(!c.check_request(op, &q(&[("notifyUsers", "maybe")]), Some(&good)).is_empty(), "boolean");
        assert!(!c.check_request(op, &q(&[("bogus", "1")]), Some(&good)).is_empty(), "unknown parameter");
        let with_id = json!({ "started": "2026-11-20T09:15:00.000+0100", "timeSpentSeconds": 60, "id": "1" });
        assert!(c.check_request(op, &[], Some(&with_id)).iter().any(|p| p.contains("read-only")));
        assert!(!c.check_request(op, &[], None).is_empty(), "the body is required");
        let page = c.operation("GET", "/rest/api/3/issue/ABC-1/worklog").unwrap();
        assert!(c.check_request(page, &q(&[("startedAfter", "1763625600000")]), None).is_empty());
        assert!(!c.check_request(page, &q(&[("startedAfter", "yesterday")]), None).is_empty());
        assert!(!c.check_response(page, 418, None).is_empty());
    }
}
