//! The test server's HTTP side. One dispatcher: OAuth endpoints first, then the REST API, where
//! each request is authenticated by its prefix (OAuth bearer under `/ex/jira/{cloudid}`, Basic on
//! `/rest/api/3`, a personal access token or OAuth bearer on `/rest/api/2`), checked against the
//! contract, held to Jira's write limits, given its fault if one is drawn, and answered by the
//! operation it names; the answer is checked against the contract too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes};
use axum::extract::State as Extract;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine as _;
use serde_json::{json, Value};

use crate::contract::contract;
use crate::state::{State, StoredWorklog};
use crate::Fault;

type Shared = Arc<Mutex<State>>;

pub fn router(shared: Shared) -> Router {
    Router::new().fallback(dispatch).with_state(shared)
}

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub(crate) fn json_answer(status: u16, body: Value) -> Response {
    (StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), axum::Json(body)).into_response()
}

fn errors(status: u16, message: &str) -> Response {
    json_answer(status, json!({ "errorMessages": [message], "errors": {} }))
}

fn with_headers(mut response: Response, pairs: &[(&'static str, String)]) -> Response {
    for (name, value) in pairs {
        if let Ok(v) = HeaderValue::from_str(value) {
            response.headers_mut().insert(*name, v);
        }
    }
    response
}

async fn dispatch(
    Extract(shared): Extract<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
    let path = uri.path().to_string();
    match (method.as_str(), path.as_str()) {
        ("GET", "/authorize") => authorize(&shared, &query, true),
        ("GET", "/rest/oauth2/latest/authorize") => authorize(&shared, &query, false),
        ("POST", "/oauth/token") | ("POST", "/rest/oauth2/latest/token") => token(&shared, &headers, &body),
        ("GET", "/oauth/token/accessible-resources") => resources(&shared, &headers),
        _ => rest(shared, method, path, query, headers, body).await,
    }
}

// ---- OAuth ------------------------------------------------------------------------------------

fn authorize(shared: &Shared, query: &[(String, String)], cloud: bool) -> Response {
    let q: HashMap<&str, &str> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut state = lock(shared);
    let mut problems = Vec::new();
    if q.get("client_id") != Some(&state.config.client_id.as_str()) {
        problems.push("client_id is not this app's".to_string());
    }
    if q.get("response_type") != Some(&"code") {
        problems.push("response_type must be code".into());
    }
    if q.get("code_challenge_method") != Some(&"S256") || q.get("code_challenge").is_none_or(|c| c.len() != 43) {
        problems.push("PKCE (S256) is required".into());
    }
    if q.get("state").is_none_or(|s| s.len() < 16) {
        problems.push("a random state is required".into());
    }
    let redirect = q.get("redirect_uri").copied().unwrap_or_default();
    let redirect_ok = url::Url::parse(redirect)
        .is_ok_and(|u| u.scheme() == "http" && u.host_str() == Some("localhost") && u.path() == "/callback");
    if !redirect_ok {
        problems.push("redirect_uri must be the registered http://localhost:PORT/callback".into());
    }
    let scope = q.get("scope").copied().unwrap_or_default();
    let wanted: &[&str] = if cloud {
        &["read:jira-work", "write:jira-work", "read:jira-user", "offline_access"]
    } else {
        &["READ", "WRITE"]
    };
    if !wanted.iter().all(|w| scope.split(' ').any(|s| s == *w)) {
        problems.push(format!("scope must hold {}", wanted.join(" ")));
    }
    if cloud && q.get("audience") != Some(&"api.atlassian.com") {
        problems.push("audience must be api.atlassian.com".into());
    }
    if !problems.is_empty() {
        state.violations.extend(problems.iter().map(|p| format!("authorize: {p}")));
        return (StatusCode::BAD_REQUEST, problems.join("; ")).into_response();
    }
    // Consent is given at once: redirect back with a code.
    let code = state.issue_code(q["client_id"], redirect, q["code_challenge"]);
    let mut location = url::Url::parse(redirect).expect("checked above");
    location.query_pairs_mut().append_pair("code", &code).append_pair("state", q["state"]);
    with_headers(StatusCode::FOUND.into_response(), &[("location", location.to_string())])
}

fn token(shared: &Shared, headers: &HeaderMap, body: &Bytes) -> Response {
    // RFC 6749 §4.1.3: a token request's body is form-encoded. Atlassian's endpoint also takes
    // JSON; a standard server (oidc-provider) takes only the form, so this one does too.
    let form_body = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_body {
        lock(shared).violations.push("POST /oauth/token: the body is not application/x-www-form-urlencoded".into());
        return json_answer(
            400,
            json!({ "error": "invalid_request", "error_description": "only application/x-www-form-urlencoded bodies are supported" }),
        );
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(body).into_owned().collect();
    let mut state = lock(shared);
    let ttl = state.config.access_ttl.as_secs();
    match state.token(&form) {
        Ok((access, refresh)) => json_answer(
            200,
            json!({ "access_token": access, "refresh_token": refresh, "expires_in": ttl, "token_type": "Bearer",
                    "scope": "read:jira-work write:jira-work read:jira-user offline_access" }),
        ),
        Err((status, error, description)) => {
            json_answer(status, json!({ "error": error, "error_description": description }))
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::to_string)
}

fn resources(shared: &Shared, headers: &HeaderMap) -> Response {
    let state = lock(shared);
    if !bearer(headers).is_some_and(|b| state.access_ok(&b)) {
        return errors(401, "Unauthorized");
    }
    let sites: Vec<Value> = state
        .config
        .sites
        .iter()
        .map(|s| {
            json!({ "id": s.cloud_id, "name": s.name, "url": s.url, "avatarUrl": format!("{}/avatar.png", s.url),
                         "scopes": ["read:jira-work", "write:jira-work", "read:jira-user"] })
        })
        .collect();
    json_answer(200, Value::Array(sites))
}

// ---- REST -------------------------------------------------------------------------------------

/// Who a REST request is from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Caller {
    OAuth(String),
    Basic,
    Personal,
}

struct Request {
    version: u8,
    /// The path as in Atlassian's document (`/rest/api/3/…`, v2 mapped to v3).
    api_path: String,
    method: Method,
    query: Vec<(String, String)>,
    body: Option<Value>,
}

fn authenticate(state: &State, path: &str, headers: &HeaderMap) -> Result<(u8, String, Caller), Box<Response>> {
    let unauthorized = || Box::new(errors(401, "Client must be authenticated to access this resource."));
    let errors = |status, message| Box::new(errors(status, message));
    if let Some(rest) = path.strip_prefix("/ex/jira/") {
        let (cloud_id, tail) = rest.split_once('/').ok_or_else(|| errors(404, "Not found"))?;
        if !state.config.sites.iter().any(|s| s.cloud_id == cloud_id) {
            return Err(errors(404, "No site with that cloud id."));
        }
        let tail = format!("/{tail}");
        if !tail.starts_with("/rest/api/3/") {
            return Err(errors(404, "Not found"));
        }
        let token = bearer(headers).filter(|b| state.access_ok(b)).ok_or_else(unauthorized)?;
        return Ok((3, tail, Caller::OAuth(token)));
    }
    if path.starts_with("/rest/api/3/") {
        let basic =
            headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Basic "));
        let decoded = basic
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        let ok = decoded
            .split_once(':')
            .is_some_and(|(email, token)| state.config.api_tokens.iter().any(|(e, t)| e == email && t == token));
        return if ok { Ok((3, path.to_string(), Caller::Basic)) } else { Err(unauthorized()) };
    }
    if let Some(tail) = path.strip_prefix("/rest/api/2/") {
        let token = bearer(headers).ok_or_else(unauthorized)?;
        let caller = if state.config.personal_tokens.contains(&token) {
            Caller::Personal
        } else if state.access_ok(&token) {
            Caller::OAuth(token)
        } else {
            return Err(unauthorized());
        };
        return Ok((2, format!("/rest/api/3/{tail}"), caller));
    }
    Err(errors(404, "Not found"))
}

async fn rest(
    shared: Shared,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let _writing = (method != Method::GET).then(|| issue_in_path(&path)).flatten().map(|issue| {
        let mut state = lock(&shared);
        let count = state.writes_in_flight.entry(issue.clone()).or_insert(0);
        *count += 1;
        let now = *count;
        state.counters.most_writes_in_flight_per_issue = state.counters.most_writes_in_flight_per_issue.max(now);
        Writing { shared: shared.clone(), issue }
    });
    let latency = {
        let mut state = lock(&shared);
        state.counters.requests += 1;
        state.config.latency
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut state = lock(&shared);
    let (version, api_path, caller) = match authenticate(&state, &path, &headers) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let parsed_body = if body.is_empty() {
        None
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(v) => Some(v),
            Err(_) => {
                state.violations.push(format!("{method} {path}: the body is not JSON"));
                return errors(400, "The request body is not JSON.");
            }
        }
    };
    let Some(op) = contract().operation(method.as_str(), &api_path) else {
        state.violations.push(format!("{method} {api_path}: not an operation of Atlassian's API"));
        return errors(404, "Not found");
    };
    // Data Center's comment is plain text where Cloud's is ADF: check the rest of the body as Cloud's.
    let mut checked_body = parsed_body.clone();
    if version == 2 {
        if let Some(Value::String(text)) = checked_body.as_mut().and_then(|b| b.get_mut("comment")).map(|c| c.take()) {
            checked_body.as_mut().expect("has a body")["comment"] = json!({ "type": "doc", "version": 1, "content": [{ "type": "paragraph", "content": [{ "type": "text", "text": text }] }] });
        }
    }
    let problems = contract().check_request(op, &query, checked_body.as_ref());
    if !problems.is_empty() {
        state.violations.extend(problems.iter().map(|p| format!("request {p}")));
        return json_answer(400, json!({ "errorMessages": problems, "errors": {} }));
    }
    let request = Request { version, api_path: api_path.clone(), method: method.clone(), query, body: parsed_body };
    let issue = issue_in(&api_path);
    let write = method != Method::GET;
    if let (true, Some(issue)) = (write, &issue) {
        if let Some((reason, seconds)) = state.limit(issue, method == Method::POST) {
            state.counters.rate_limited += 1;
            return with_headers(
                errors(429, "Rate limit exceeded."),
                &[("retry-after", seconds.to_string()), ("ratelimit-reason", reason.into())],
            );
        }
    }
    if !state.take_token() {
        // Data Center: an HTML page, the bucket's headers, no `Retry-After`, no reason.
        state.counters.rate_limited += 1;
        let rate = state.config.token_bucket_per_second.unwrap_or(1).to_string();
        let mut page =
            "<html><head><title>Rate limit exceeded</title></head><body><h1>Too many requests</h1></body></html>"
                .into_response();
        *page.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return with_headers(
            page,
            &[
                ("content-type", "text/html;charset=UTF-8".into()),
                ("x-ratelimit-limit", rate.clone()),
                ("x-ratelimit-remaining", "0".into()),
                ("x-ratelimit-fillrate", rate),
                ("x-ratelimit-interval-seconds", "1".into()),
            ],
        );
    }
    let fault = state.draw_fault();
    if let Some(fault) = fault {
        state.counters.faults += 1;
        let retry_after = state.config.faults.retry_after_secs.to_string();
        let limited = |reason: &str| {
            with_headers(
                errors(429, "Rate limit exceeded."),
                &[("retry-after", retry_after.clone()), ("ratelimit-reason", reason.into())],
            )
        };
        match fault {
            Fault::RateLimitQuota => return limited("jira-quota-tenant-based"),
            Fault::RateLimitBurst => return limited("jira-burst-based"),
            Fault::RateLimitPerIssue => return limited("jira-per-issue-on-write"),
            Fault::RateLimitCostBased => {
                let reset = chrono::Utc::now() + chrono::Duration::seconds(state.config.faults.retry_after_secs as i64);
                return with_headers(
                    errors(429, "Rate limit exceeded."),
                    &[
                        ("ratelimit-reason", "jira-cost-based".into()),
                        ("x-ratelimit-reset", reset.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                        ("beta-ratelimit-policy", "\"global-cost\";q=40000;w=3600".into()),
                    ],
                );
            }
            Fault::Error500 => return errors(500, "Internal server error."),
            Fault::Error503 => {
                return with_headers(errors(503, "Service unavailable."), &[("retry-after", retry_after.clone())])
            }
            Fault::ExpiredToken => {
                if let Caller::OAuth(token) = &caller {
                    if state.expire_early(token) {
                        return errors(401, "The access token expired.");
                    }
                } else {
                    return errors(500, "Internal server error.");
                }
            }
            Fault::DropAfterCommit => {}
        }
    }
    if write {
        state.counters.writes += 1;
    }
    let (status, answer) = operate(&mut state, &op.id, &request, issue.as_deref());
    if (200..300).contains(&status) {
        let problems = contract().check_response(op, status, answer.as_ref());
        state.violations.extend(problems.into_iter().map(|p| format!("response {p}")));
    }
    if fault == Some(Fault::DropAfterCommit) {
        state.counters.dropped_after_commit += 1;
        // The change is committed; cut the connection before the answer's body arrives.
        let broken = futures_util::stream::iter([Err::<Bytes, std::io::Error>(std::io::Error::other("dropped"))]);
        return (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), Body::from_stream(broken)).into_response();
    }
    match answer {
        Some(body) => json_answer(status, body),
        None => StatusCode::from_u16(status).unwrap_or(StatusCode::OK).into_response(),
    }
}

/// `ABC-1` in `/rest/api/3/issue/ABC-1/worklog…`.
/// A write in flight about an issue, counted until its answer is sent.
struct Writing {
    shared: Shared,
    issue: String,
}

impl Drop for Writing {
    fn drop(&mut self) {
        let mut state = lock(&self.shared);
        if let Some(count) = state.writes_in_flight.get_mut(&self.issue) {
            *count = count.saturating_sub(1);
        }
    }
}

/// The issue a request's path is about, whatever its prefix (Cloud's gateway, Data Center).
fn issue_in_path(path: &str) -> Option<String> {
    let (_, rest) = path.split_once("/issue/")?;
    let key = rest.split('/').next()?;
    (!key.is_empty() && key != "picker").then(|| key.to_string())
}

fn issue_in(api_path: &str) -> Option<String> {
    let rest = api_path.strip_prefix("/rest/api/3/issue/")?;
    let key = rest.split('/').next()?;
    (key != "picker").then(|| key.to_string())
}

fn segment(api_path: &str, index: usize) -> Option<&str> {
    api_path.trim_start_matches('/').split('/').nth(index)
}

fn query_value<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn user(state: &State, version: u8) -> Value {
    let a = &state.config.account;
    if version == 3 {
        json!({ "self": format!("{}/rest/api/3/user?accountId={}", state.base_url, a.id), "accountId": a.id,
                "accountType": "atlassian", "displayName": a.name, "active": true, "timeZone": "Europe/Berlin" })
    } else {
        json!({ "self": format!("{}/rest/api/2/user?key={}", state.base_url, a.id), "key": a.id, "name": a.email,
                "displayName": a.name, "active": true, "timeZone": "Europe/Berlin" })
    }
}

fn time_spent(seconds: i64) -> String {
    let (h, m) = (seconds / 3600, seconds % 3600 / 60);
    match (h, m) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

fn worklog_json(state: &State, issue_id: u64, w: &StoredWorklog, version: u8, with_properties: bool) -> Value {
    let mut author = user(state, version);
    if w.author != state.config.account.id {
        author[if version == 3 { "accountId" } else { "key" }] = json!(w.author);
    }
    let mut out = json!({
        "self": format!("{}/rest/api/{version}/issue/{issue_id}/worklog/{}", state.base_url, w.id),
        "author": author.clone(), "updateAuthor": author,
        "created": w.created, "updated": w.updated, "started": w.started,
        "timeSpent": time_spent(w.seconds), "timeSpentSeconds": w.seconds,
        "id": w.id.to_string(), "issueId": issue_id.to_string(),
    });
    if let Some(comment) = &w.comment {
        out["comment"] = comment.clone();
    }
    if with_properties {
        out["properties"] = w.properties.iter().map(|(k, v)| json!({ "key": k, "value": v })).collect();
    }
    out
}

fn epoch_ms(started: &str) -> i64 {
    chrono::DateTime::parse_from_str(started, "%Y-%m-%dT%H:%M:%S%.f%z")
        .or_else(|_| chrono::DateTime::parse_from_rfc3339(started))
        .map(|t| t.timestamp_millis())
        .unwrap_or(0)
}

/// How many changed worklogs `worklog/updated` and `worklog/deleted` give a page, and how many
/// ids `worklog/list` takes.
const CHANGES_PER_PAGE: usize = 1000;

/// The part of a JQL query the test server understands: `worklogAuthor = currentUser()` (or a
/// quoted account id) and `worklogDate >= "YYYY-MM-DD"` / `<=`, joined by AND. `None`: the query
/// names neither, and every issue matches (the picker's searches).
struct WorklogFilter {
    author: Option<String>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
}

impl WorklogFilter {
    fn matches(&self, issue: &crate::state::Issue) -> bool {
        issue.worklogs.iter().any(|w| {
            let day = w.started.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            self.author.as_ref().is_none_or(|a| *a == w.author)
                && day.is_some_and(|d| self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t))
        })
    }
}

fn worklog_filter(state: &State, jql: &str) -> Result<Option<WorklogFilter>, String> {
    if !jql.contains("worklog") {
        return Ok(None);
    }
    let mut filter = WorklogFilter { author: None, from: None, to: None };
    let body = jql.split(" ORDER BY ").next().unwrap_or_default();
    for clause in body.split(" AND ") {
        let clause = clause.trim();
        let value = |op: &str| clause.split_once(op).map(|(_, v)| v.trim().trim_matches('"').to_string());
        if clause.starts_with("worklogAuthor") {
            let who = value("=").ok_or_else(|| format!("Cannot read `{clause}`."))?;
            filter.author = Some(if who == "currentUser()" { state.config.account.id.clone() } else { who });
        } else if clause.starts_with("worklogDate") {
            let date = |v: String| {
                chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| format!("`{v}` is not a date."))
            };
            if let Some(v) = value(">=") {
                filter.from = Some(date(v)?);
            } else if let Some(v) = value("<=") {
                filter.to = Some(date(v)?);
            } else {
                return Err(format!("Cannot read `{clause}`."));
            }
        } else {
            return Err(format!("The test server does not understand `{clause}`."));
        }
    }
    Ok(Some(filter))
}

/// Carries out an operation: a status and a JSON body (or none).
fn operate(state: &mut State, operation: &str, r: &Request, issue: Option<&str>) -> (u16, Option<Value>) {
    let failed = |(status, body): (u16, Value)| (status, Some(body));
    let expand_properties = query_value(r, "expand").is_some_and(|e| e.split(',').any(|x| x == "properties"));
    let worklog_id = |i: usize| segment(&r.api_path, i).and_then(|s| s.parse::<u64>().ok());
    match operation {
        "getCurrentUser" => (200, Some(user(state, r.version))),
        "addWorklog" => {
            let author = state.config.account.id.clone();
            let issue = issue.unwrap_or_default();
            match state.add_worklog(issue, &author, r.body.as_ref().unwrap_or(&Value::Null)) {
                Ok(w) => {
                    let id = state.issue_mut(issue).map(|i| i.id).unwrap_or_default();
                    (201, Some(worklog_json(state, id, &w, r.version, expand_properties)))
                }
                Err(e) => failed(e),
            }
        }
        "updateWorklog" => {
            let issue = issue.unwrap_or_default();
            let Some(id) = worklog_id(6) else {
                return (404, Some(json!({ "errorMessages": ["Bad id."], "errors": {} })));
            };
            match state.update_worklog(issue, id, r.body.as_ref().unwrap_or(&Value::Null)) {
                Ok(w) => {
                    let issue_id = state.issue_mut(issue).map(|i| i.id).unwrap_or_default();
                    (200, Some(worklog_json(state, issue_id, &w, r.version, expand_properties)))
                }
                Err(e) => failed(e),
            }
        }
        "getWorklog" => {
            let issue = issue.unwrap_or_default();
            let Some(id) = worklog_id(6) else {
                return (404, Some(json!({ "errorMessages": ["Bad id."], "errors": {} })));
            };
            match state.worklog(issue, id) {
                Ok(w) => {
                    let issue_id = state.issue_mut(issue).map(|i| i.id).unwrap_or_default();
                    (200, Some(worklog_json(state, issue_id, &w, r.version, expand_properties)))
                }
                Err(e) => failed(e),
            }
        }
        "deleteWorklog" => {
            let Some(id) = worklog_id(6) else {
                return (404, Some(json!({ "errorMessages": ["Bad id."], "errors": {} })));
            };
            match state.delete_worklog(issue.unwrap_or_default(), id) {
                Ok(()) => (204, None),
                Err(e) => failed(e),
            }
        }
        "getIssueWorklog" => {
            let issue = issue.unwrap_or_default();
            let after = query_value(r, "startedAfter").and_then(|v| v.parse::<i64>().ok()).unwrap_or(i64::MIN);
            let before = query_value(r, "startedBefore").and_then(|v| v.parse::<i64>().ok()).unwrap_or(i64::MAX);
            let start_at = query_value(r, "startAt").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
            let max = query_value(r, "maxResults").and_then(|v| v.parse::<usize>().ok()).unwrap_or(5000).clamp(1, 5000);
            let Some(data) = state.issue_mut(issue) else {
                return failed((
                    404,
                    json!({ "errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {} }),
                ));
            };
            let id = data.id;
            let matching: Vec<StoredWorklog> =
                data.worklogs.iter().filter(|w| (after..before).contains(&epoch_ms(&w.started))).cloned().collect();
            let page: Vec<Value> = matching
                .iter()
                .skip(start_at)
                .take(max)
                .map(|w| worklog_json(state, id, w, r.version, expand_properties))
                .collect();
            (200, Some(json!({ "startAt": start_at, "maxResults": max, "total": matching.len(), "worklogs": page })))
        }
        "setWorklogProperty" => {
            let Some(id) = worklog_id(6) else {
                return (404, Some(json!({ "errorMessages": ["Bad id."], "errors": {} })));
            };
            let key = segment(&r.api_path, 8).unwrap_or_default().to_string();
            match state.set_property(issue.unwrap_or_default(), id, &key, r.body.clone().unwrap_or(Value::Null)) {
                Ok(created) => (if created { 201 } else { 200 }, None),
                Err(e) => failed(e),
            }
        }
        "getIssuePickerResource" => {
            let text = query_value(r, "query").unwrap_or_default().to_lowercase();
            let issues: Vec<Value> = state
                .issues()
                .filter(|(key, i)| key.to_lowercase().contains(&text) || i.summary.to_lowercase().contains(&text))
                .take(20)
                .map(|(key, i)| json!({ "id": i.id, "key": key, "keyHtml": key, "summary": i.summary, "summaryText": i.summary, "img": "" }))
                .collect();
            (
                200,
                Some(
                    json!({ "sections": [{ "id": "cs", "label": "Current Search", "sub": "Showing matching issues", "issues": issues }] }),
                ),
            )
        }
        "searchAndReconsileIssuesUsingJql" | "searchAndReconsileIssuesUsingJqlPost" | "searchForIssuesUsingJql" => {
            if operation == "searchForIssuesUsingJql" && r.version == 3 {
                state.violations.push("GET /rest/api/3/search: Atlassian retired it (410 Gone); use search/jql".into());
                return (410, Some(json!({ "errorMessages": ["This endpoint has been removed."], "errors": {} })));
            }
            let from_body = |name: &str| r.body.as_ref().and_then(|b| b.get(name)).cloned();
            let jql = query_value(r, "jql")
                .map(str::to_string)
                .or_else(|| from_body("jql").and_then(|v| v.as_str().map(str::to_string)))
                .unwrap_or_default();
            let max = query_value(r, "maxResults")
                .and_then(|v| v.parse::<usize>().ok())
                .or_else(|| from_body("maxResults").and_then(|v| v.as_u64()).map(|v| v as usize))
                .unwrap_or(50)
                .clamp(1, 5000);
            let start = query_value(r, "nextPageToken")
                .map(str::to_string)
                .or_else(|| from_body("nextPageToken").and_then(|v| v.as_str().map(str::to_string)))
                .and_then(|t| t.strip_prefix("page-").and_then(|n| n.parse::<usize>().ok()))
                .unwrap_or(0);
            let wanted = match worklog_filter(state, &jql) {
                Ok(filter) => filter,
                Err(problem) => return failed((400, json!({ "errorMessages": [problem], "errors": {} }))),
            };
            let matching: Vec<(&String, &crate::state::Issue)> =
                state.issues().filter(|(_, i)| wanted.as_ref().is_none_or(|f| f.matches(i))).collect();
            let issues: Vec<Value> = matching
                .iter()
                .skip(start)
                .take(max)
                .map(|(key, i)| json!({ "id": i.id.to_string(), "key": key, "self": format!("{}/rest/api/{}/issue/{}", state.base_url, r.version, i.id), "fields": { "summary": i.summary } }))
                .collect();
            let last = start + max >= matching.len();
            if r.version == 3 {
                let mut answer = json!({ "issues": issues, "isLast": last });
                if !last {
                    answer["nextPageToken"] = json!(format!("page-{}", start + max));
                }
                (200, Some(answer))
            } else {
                (200, Some(json!({ "startAt": start, "maxResults": max, "total": matching.len(), "issues": issues })))
            }
        }
        "getIssue" => {
            // By id (what a worklog read by id names) or by key; `id`, `key`, `self` and the
            // fields asked for among the summary, the project and the Tempo Account.
            let wanted = issue.unwrap_or_default().to_string();
            if state.config.issues.is_none() && !wanted.bytes().all(|b| b.is_ascii_digit()) {
                state.issue_mut(&wanted);
            }
            let asked = query_value(r, "fields").unwrap_or_default();
            let asked: Vec<&str> = asked.split(',').map(str::trim).collect();
            let tempo = !state.config.tempo_issues.is_empty();
            let found = state.issues().find(|(key, i)| i.id.to_string() == wanted || key.as_str() == wanted);
            match found {
                Some((key, i)) => {
                    let mut fields = serde_json::Map::new();
                    if asked.contains(&"summary") || asked == [""] {
                        fields.insert("summary".into(), json!(i.summary));
                    }
                    if asked.contains(&"project") {
                        let project = key.split('-').next().unwrap_or_default();
                        fields.insert("project".into(), json!({ "id": i.project_id.to_string(), "key": project }));
                    }
                    if tempo && asked.contains(&crate::TEMPO_ACCOUNT_FIELD) {
                        let account = i.account.map(|id| json!({ "id": id, "value": format!("Account {id}") }));
                        fields.insert(crate::TEMPO_ACCOUNT_FIELD.into(), account.unwrap_or(Value::Null));
                    }
                    (
                        200,
                        Some(
                            json!({ "id": i.id.to_string(), "key": key, "self": format!("{}/rest/api/{}/issue/{}", state.base_url, r.version, i.id), "fields": fields }),
                        ),
                    )
                }
                None => failed((
                    404,
                    json!({ "errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {} }),
                )),
            }
        }
        "getFields" => {
            let mut fields = vec![
                json!({ "id": "summary", "key": "summary", "name": "Summary", "custom": false, "schema": { "type": "string", "system": "summary" } }),
                json!({ "id": "project", "key": "project", "name": "Project", "custom": false, "schema": { "type": "project", "system": "project" } }),
            ];
            if !state.config.tempo_issues.is_empty() {
                let id = crate::TEMPO_ACCOUNT_FIELD;
                fields.push(json!({ "id": id, "key": id, "name": "Account", "custom": true,
                    "schema": { "type": "option2", "custom": "io.tempo.jira__account", "customId": 10100 } }));
            }
            (200, Some(Value::Array(fields)))
        }
        "getIdsOfWorklogsModifiedSince" | "getIdsOfWorklogsDeletedSince" => {
            let since = query_value(r, "since").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
            let until = chrono::Utc::now().timestamp_millis() - state.config.hide_recent_changes.as_millis() as i64;
            let mut changes: Vec<(i64, u64, Vec<Value>)> = if operation == "getIdsOfWorklogsDeletedSince" {
                state.deleted.iter().map(|(id, at)| (*at, *id, Vec::new())).collect()
            } else {
                state
                    .all_worklogs()
                    .iter()
                    .map(|w| {
                        let properties = if expand_properties {
                            w.properties.iter().map(|(k, v)| json!({ "key": k, "value": v })).collect()
                        } else {
                            Vec::new()
                        };
                        (epoch_ms(&w.updated), w.id, properties)
                    })
                    .collect()
            };
            // After `since` (Atlassian: "after which updated worklogs are returned"), up to and
            // including `until`: with no delay configured, a change made in the same millisecond
            // as the request is in it (a test edits, then asks at once).
            changes.retain(|(at, _, _)| *at > since && *at <= until);
            changes.sort_by_key(|(at, id, _)| (*at, *id));
            let last_page = changes.len() <= CHANGES_PER_PAGE;
            changes.truncate(CHANGES_PER_PAGE);
            let page_until = changes.last().map_or(since, |c| c.0);
            let path = if operation == "getIdsOfWorklogsDeletedSince" { "deleted" } else { "updated" };
            let here = |from: i64| format!("{}/rest/api/{}/worklog/{path}?since={from}", state.base_url, r.version);
            let values: Vec<Value> = changes
                .into_iter()
                .map(|(at, id, properties)| json!({ "worklogId": id, "updatedTime": at, "properties": properties }))
                .collect();
            let mut answer = json!({ "values": values, "since": since, "until": page_until, "self": here(since), "lastPage": last_page });
            if !last_page {
                answer["nextPage"] = json!(here(page_until));
            }
            (200, Some(answer))
        }
        "getWorklogsForIds" => {
            let ids: Vec<u64> = r
                .body
                .as_ref()
                .and_then(|b| b.get("ids"))
                .and_then(Value::as_array)
                .map(|ids| ids.iter().filter_map(Value::as_u64).collect())
                .unwrap_or_default();
            if ids.len() > CHANGES_PER_PAGE {
                return failed((400, json!({ "errorMessages": ["At most 1000 worklog ids."], "errors": {} })));
            }
            let mut found = Vec::new();
            for (_, issue) in state.issues() {
                for w in issue.worklogs.iter().filter(|w| ids.contains(&w.id)) {
                    found.push(worklog_json(state, issue.id, w, r.version, expand_properties));
                }
            }
            (200, Some(Value::Array(found)))
        }
        other => {
            state.violations.push(format!("{} {}: {other} is not served by the test server", r.method, r.api_path));
            (404, Some(json!({ "errorMessages": ["Not found."], "errors": {} })))
        }
    }
}
