//! A vendor's OpenAPI document as a contract (Atlassian's for the Jira server, Tempo's for the Tempo
//! stand-in): find the operation a request is for, and check the request (path, query parameters
//! and their types, body) and the response (status and body) against it. Every problem found is a
//! violation the tests fail on.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::schema::{validate, Direction};

/// The documents, embedded so the servers run from anywhere.
const DOCUMENT: &str = include_str!("../openapi/jira-cloud-platform-openapi.json");
const TEMPO_DOCUMENT: &str = include_str!("../openapi/tempo-openapi.yaml");

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
    /// Whose API it is, for the violations' wording.
    vendor: &'static str,
    doc: Value,
    operations: Vec<Operation>,
}

/// Atlassian's contract, loaded once per process.
pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        let doc = serde_json::from_str(DOCUMENT).expect("the vendored OpenAPI document is JSON");
        Contract::load("Atlassian", doc)
    })
}

/// Tempo's contract, loaded once per process from its YAML document.
pub fn tempo_contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        let doc = crate::yaml::to_json(TEMPO_DOCUMENT).expect("the vendored Tempo document is YAML");
        Contract::load("Tempo", doc)
    })
}

fn json_schema(content: Option<&Value>) -> Option<Value> {
    content?.get("content")?.get("application/json")?.get("schema").cloned()
}

impl Contract {
    fn load(vendor: &'static str, doc: Value) -> Contract {
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
        Contract { vendor, doc, operations }
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
                problems.push(format!("{}: query parameter `{name}` is not in {}'s API", op.id, self.vendor));
                continue;
            };
            let mut schema = resolve(&self.doc, &param["schema"]);
            // An array travels as the parameter repeated (Tempo) or comma-separated (Jira): each
            // occurrence is checked as one item.
            if schema.get("type").and_then(Value::as_str) == Some("array") {
                schema = resolve(&self.doc, &schema["items"]);
            }
            let typed = match schema.get("type").and_then(Value::as_str) {
                Some("integer") => value.parse::<i64>().map(Value::from).ok(),
                Some("boolean") => value.parse::<bool>().map(Value::from).ok(),
                Some("string") | None => Some(Value::String(value.clone())),
                Some(_) => Some(Value::Null),
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
                problems.push(format!(
                    "{}: required query parameter `{}` is missing",
                    op.id,
                    param["name"].as_str().unwrap_or("?")
                ));
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
            return vec![format!("{}: answers {status}, which {}'s API does not declare", op.id, self.vendor)];
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

    #[test]
    fn the_vendored_tempo_document_is_tempo_s_byte_for_byte() {
        // SHA-256 as recorded in openapi/SOURCE.md (and ../shared/tempo/SOURCE.md).
        let digest = sha2_hex(TEMPO_DOCUMENT.as_bytes());
        assert_eq!(digest, "d0edc720ea5e3b0e37b9692f9cbb1dfe94efc01e40657cc3c52d737553c5d1d5");
        let c = tempo_contract();
        assert_eq!(
            c.operations.len(),
            c.doc["paths"]
                .as_object()
                .unwrap()
                .values()
                .map(|item| { ["get", "post", "put", "delete"].iter().filter(|m| item.get(**m).is_some()).count() })
                .sum::<usize>()
        );
        assert!(c.operations.len() > 169, "every path's operations are loaded: {}", c.operations.len());
    }

    #[test]
    fn tempo_operations_are_found_by_method_and_path() {
        let c = tempo_contract();
        for (method, path, id) in [
            ("POST", "/4/worklogs", "createWorklog"),
            ("PUT", "/4/worklogs/17", "updateWorklog"),
            ("DELETE", "/4/worklogs/17", "deleteWorklog"),
            ("GET", "/4/worklogs/user/5b10ac8d82e05b22cc7d4ef5", "getWorklogsByUser"),
            ("POST", "/4/worklogs/search", "searchWorklogs"),
            ("POST", "/4/worklogs/jira-to-tempo", "getTempoWorklogIdsByJiraWorklogIds"),
            ("GET", "/4/work-attributes", "getWorkAttributes"),
            ("GET", "/4/account-links/project/10000", "getLinksByProject"),
            ("GET", "/4/user-schedule", "getAuthenticatedUserSchedule"),
            ("GET", "/4/periods", "getPeriods"),
            ("GET", "/4/timesheet-approvals/user/5b10ac8d82e05b22cc7d4ef5", "getTimesheetApprovalForUser"),
            ("POST", "/4/papertrail/search", "searchAuditLogs"),
        ] {
            assert_eq!(c.operation(method, path).map(|op| op.id.as_str()), Some(id), "{method} {path}");
        }
        assert!(c.operation("PATCH", "/4/worklogs/17").is_none());
    }

    #[test]
    fn tempo_requests_are_checked_against_tempo_s_document() {
        let c = tempo_contract();
        let create = c.operation("POST", "/4/worklogs").unwrap();
        let good = json!({ "issueId": 10001, "authorAccountId": "5b10ac8d82e05b22cc7d4ef5", "startDate": "2026-12-01",
                           "startTime": "09:15:00", "timeSpentSeconds": 3600, "description": "x",
                           "attributes": [{ "key": "_Account_", "value": "ACME" }] });
        assert_eq!(c.check_request(create, &[], Some(&good)), Vec::<String>::new());
        for (field, value, says) in [
            ("issueId", json!("ABC-1"), "is string, the schema says integer"),
            ("issueId", json!(0), "below the minimum"),
            ("startTime", json!("09:15"), "does not match"),
            ("startDate", json!("2026-12-1"), "not a date"),
            ("timeSpentSeconds", json!(0), "below the minimum"),
            ("attributes", json!([{ "key": "a" }, { "key": "a" }]), "same item twice"),
        ] {
            let mut bad = good.clone();
            bad[field] = value;
            let found = c.check_request(create, &[], Some(&bad));
            assert!(found.iter().any(|p| p.contains(says)), "{field}: {found:?}");
        }
        let mut lacking = good.clone();
        lacking.as_object_mut().unwrap().remove("authorAccountId");
        assert!(c.check_request(create, &[], Some(&lacking)).iter().any(|p| p.contains("required `authorAccountId`")));
        let list = c.operation("GET", "/4/worklogs").unwrap();
        let q = |pairs: &[(&str, &str)]| pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert!(c
            .check_request(list, &q(&[("issueId", "1"), ("issueId", "2"), ("orderBy", "UPDATED")]), None)
            .is_empty());
        assert!(!c.check_request(list, &q(&[("issueId", "ABC-1")]), None).is_empty(), "array items are typed");
        assert!(!c.check_request(list, &q(&[("orderBy", "KEY")]), None).is_empty(), "enum");
        let schedule = c.operation("GET", "/4/user-schedule").unwrap();
        assert!(c.check_request(schedule, &q(&[("from", "2026-12-01")]), None).iter().any(|p| p.contains("`to`")));
        assert!(c.check_response(create, 418, None).iter().any(|p| p.contains("Tempo's API")));
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
