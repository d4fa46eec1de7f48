//! The Tempo stand-in's HTTP side: one dispatcher. Each request is authenticated (a personal API
//! token as the bearer), checked against Tempo's document, held to about 5 requests a second,
//! given its fault if one is drawn, and answered by the operation it names; a successful answer is
//! checked against the document too.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes};
use axum::extract::State as Extract;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use super::state::{Refusal, TempoState, TempoWorklog};
use crate::contract::tempo_contract;
use crate::routes::json_answer;
use crate::Fault;

type Shared = Arc<Mutex<TempoState>>;

pub fn router(shared: Shared) -> Router {
    Router::new().fallback(dispatch).with_state(shared)
}

fn lock(shared: &Shared) -> MutexGuard<'_, TempoState> {
    shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Tempo's error body: the schema's `{"errors": [{"message"}]}`, or the prose's object form.
fn refusal(state: &TempoState, (status, message): Refusal) -> Response {
    let errors = if state.config.errors_as_object {
        json!({ "errors": { "message": message } })
    } else {
        json!({ "errors": [{ "message": message }] })
    };
    json_answer(status, errors)
}

/// 401 and 403 come as HTML pages (Tempo's document says so).
fn html(status: StatusCode, text: &str) -> Response {
    let page = format!("<html><head><title>{text}</title></head><body><h1>{text}</h1></body></html>");
    (status, [(header::CONTENT_TYPE, "text/html;charset=UTF-8")], page).into_response()
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
    let latency = {
        let mut state = lock(&shared);
        state.counters.requests += 1;
        state.config.latency
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut state = lock(&shared);
    match (method.as_str(), path.as_str()) {
        ("GET", "/oauth/authorize/redirect") => return super::oauth::authorize(&mut state, &query),
        ("POST", "/oauth/token/") => return super::oauth::token_endpoint(&mut state, &headers, &body),
        ("POST", "/oauth/revoke_token/") => return super::oauth::revoke_endpoint(&mut state, &headers, &body),
        _ => {}
    }
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let Some(manages) = token.as_deref().and_then(|t| state.token_manages(t)) else {
        return html(StatusCode::UNAUTHORIZED, "Unauthorized");
    };
    let parsed = if body.is_empty() {
        None
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(v) => Some(v),
            Err(_) => {
                state.violations.push(format!("{method} {path}: the body is not JSON"));
                return refusal(&state, (400, "The request body is not JSON.".into()));
            }
        }
    };
    let Some(op) = tempo_contract().operation(method.as_str(), &path) else {
        state.violations.push(format!("{method} {path}: not an operation of Tempo's API"));
        return refusal(&state, (404, "Not found".into()));
    };
    let problems = tempo_contract().check_request(op, &query, parsed.as_ref());
    if !problems.is_empty() {
        state.violations.extend(problems.iter().map(|p| format!("request {p}")));
        return refusal(&state, (400, problems.join("; ")));
    }
    let write = method != Method::GET && !op.id.starts_with("search") && !op.id.contains("WorklogIds");
    if write && !manages {
        return html(StatusCode::FORBIDDEN, "Forbidden: the token has view access only");
    }
    if let Some(rate) = state.config.requests_per_second {
        if !crate::state::take_token(&mut state.bucket, rate) {
            state.counters.rate_limited += 1;
            // Tempo documents no `Retry-After`.
            return refusal(&state, (429, "Rate limit exceeded".into()));
        }
    }
    let state = &mut *state;
    let fault = crate::state::draw_fault(&mut state.rng, &state.config.faults);
    if let Some(fault) = fault {
        state.counters.faults += 1;
        match fault {
            Fault::RateLimitQuota | Fault::RateLimitBurst | Fault::RateLimitPerIssue | Fault::RateLimitCostBased => {
                state.counters.rate_limited += 1;
                return refusal(state, (429, "Rate limit exceeded".into()));
            }
            Fault::Error500 => return refusal(state, (500, "Internal server error".into())),
            Fault::Error503 => return refusal(state, (503, "Service unavailable".into())),
            Fault::ExpiredToken => return html(StatusCode::UNAUTHORIZED, "Unauthorized"),
            Fault::DropAfterCommit => {}
        }
    }
    if write {
        state.counters.writes += 1;
    }
    let answer = operate(state, &op.id, &path, &query, parsed.as_ref());
    let (status, body) = match answer {
        Ok(answer) => answer,
        Err(refused) => return refusal(state, refused),
    };
    let problems = tempo_contract().check_response(op, status, body.as_ref());
    state.violations.extend(problems.into_iter().map(|p| format!("response {p}")));
    if fault == Some(Fault::DropAfterCommit) {
        state.counters.dropped_after_commit += 1;
        let broken = futures_util::stream::iter([Err::<Bytes, std::io::Error>(std::io::Error::other("dropped"))]);
        return (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), Body::from_stream(broken)).into_response();
    }
    match body {
        Some(body) => json_answer(status, body),
        None => StatusCode::from_u16(status).unwrap_or(StatusCode::OK).into_response(),
    }
}

type Answer = Result<(u16, Option<Value>), Refusal>;

fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn date_param(query: &[(String, String)], name: &str) -> Result<Option<NaiveDate>, Refusal> {
    match param(query, name) {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| (400, format!("{name}: '{text}' is not a date (yyyy-MM-dd)"))),
    }
}

/// `updatedFrom`: a date (its midnight, UTC) or `yyyy-MM-ddTHH:mm:ssZ`; inclusive.
fn updated_from(text: Option<&str>) -> Result<Option<DateTime<Utc>>, Refusal> {
    let Some(text) = text else { return Ok(None) };
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Some(day.and_hms_opt(0, 0, 0).expect("midnight").and_utc()));
    }
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ")
        .map(|t| Some(t.and_utc()))
        .map_err(|_| (400, format!("updatedFrom: '{text}' is not yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ")))
}

fn path_id(path: &str, index: usize) -> Result<i64, Refusal> {
    path.trim_start_matches('/')
        .split('/')
        .nth(index)
        .and_then(|s| s.parse().ok())
        .ok_or((404, "Not found".to_string()))
}

/// One page of `items`, with `metadata.next` when there are more.
fn page(base: &str, path: &str, query: &[(String, String)], items: Vec<Value>) -> Result<Value, Refusal> {
    let offset: usize = param(query, "offset").map_or(Ok(0), str::parse).map_err(|_| (400, "offset".to_string()))?;
    let limit: usize = param(query, "limit").map_or(Ok(50), str::parse).map_err(|_| (400, "limit".to_string()))?;
    if limit == 0 || limit > 5000 {
        return Err((400, "limit must be between 1 and 5000".into()));
    }
    let total = items.len();
    let results: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let link = |offset: usize| {
        let mut url = url::Url::parse(&format!("{base}{path}")).expect("a URL");
        {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query.iter().filter(|(k, _)| k != "offset" && k != "limit") {
                pairs.append_pair(k, v);
            }
            pairs.append_pair("offset", &offset.to_string()).append_pair("limit", &limit.to_string());
        }
        url.to_string()
    };
    let mut metadata = json!({ "count": results.len(), "offset": offset, "limit": limit });
    if offset + limit < total {
        metadata["next"] = json!(link(offset + limit));
    }
    if offset > 0 {
        metadata["previous"] = json!(link(offset.saturating_sub(limit)));
    }
    Ok(json!({ "self": link(offset), "metadata": metadata, "results": results }))
}

/// Worklogs that pass the filters, in Tempo's default order (start, then id) or by `UPDATED`.
fn select(
    state: &TempoState,
    keep: impl Fn(&TempoWorklog) -> bool,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    updated: Option<DateTime<Utc>>,
    by_updated: bool,
) -> Vec<Value> {
    let mut found: Vec<&TempoWorklog> = state
        .worklogs
        .values()
        .filter(|w| keep(w))
        .filter(|w| from.is_none_or(|f| w.start_date >= f) && to.is_none_or(|t| w.start_date <= t))
        .filter(|w| updated.is_none_or(|u| w.updated >= u))
        .collect();
    if by_updated {
        found.sort_by_key(|w| (w.updated, w.id));
    } else {
        found.sort_by_key(|w| (w.start_date, w.start_time, w.id));
    }
    found.into_iter().map(|w| state.render(w)).collect()
}

fn operate(state: &mut TempoState, op: &str, path: &str, query: &[(String, String)], body: Option<&Value>) -> Answer {
    let empty = json!({});
    let body = body.unwrap_or(&empty);
    let base = state.base_url.clone();
    match op {
        "createWorklog" => {
            let w = state.create(body)?;
            Ok((200, Some(state.render(&w))))
        }
        "getWorklogById" => {
            let id = path_id(path, 2)?;
            let w = state.worklogs.get(&id).ok_or((404, "Worklog not found".to_string()))?;
            Ok((200, Some(state.render(w))))
        }
        "updateWorklog" => {
            let w = state.replace(path_id(path, 2)?, body)?;
            Ok((200, Some(state.render(&w))))
        }
        "deleteWorklog" => {
            state.delete(path_id(path, 2)?)?;
            Ok((204, None))
        }
        "getWorklogsByUser" => {
            let author = path.rsplit('/').next().unwrap_or_default().to_string();
            let (from, to) = (date_param(query, "from")?, date_param(query, "to")?);
            let updated = updated_from(param(query, "updatedFrom"))?;
            let found = select(state, |w| w.author == author, from, to, updated, updated.is_some());
            Ok((200, Some(page(&base, path, query, found)?)))
        }
        "searchWorklogs" => {
            let ids =
                |name: &str| -> Vec<Value> { body.get(name).and_then(Value::as_array).cloned().unwrap_or_default() };
            let (authors, issues) = (ids("authorIds"), ids("issueIds"));
            let day = |name: &str| match body.get(name).and_then(Value::as_str) {
                None => Ok(None),
                Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| (400, format!("{name}: not a date"))),
            };
            let (from, to) = (day("from")?, day("to")?);
            let updated = updated_from(body.get("updatedFrom").and_then(Value::as_str))?;
            let by_updated = body["orderBy"].as_array().is_some_and(|o| o.iter().any(|f| f["field"] == "UPDATED"));
            let keep = |w: &TempoWorklog| {
                (authors.is_empty() || authors.iter().any(|a| a == w.author.as_str()))
                    && (issues.is_empty() || issues.iter().any(|i| i.as_i64() == Some(w.issue_id)))
            };
            let found = select(state, keep, from, to, updated, by_updated);
            Ok((200, Some(page(&base, path, query, found)?)))
        }
        "getTempoWorklogIdsByJiraWorklogIds" | "getJiraWorklogIdsByTempoWorklogIds" => {
            let (field, jira) =
                if op.starts_with("getTempo") { ("jiraWorklogIds", true) } else { ("tempoWorklogIds", false) };
            let wanted: Vec<i64> = body[field].as_array().into_iter().flatten().filter_map(Value::as_i64).collect();
            let pairs: Vec<Value> = state
                .worklogs
                .values()
                .filter(|w| wanted.contains(if jira { &w.jira_id } else { &w.id }))
                .map(|w| json!({ "jiraWorklogId": w.jira_id, "tempoWorklogId": w.id }))
                .collect();
            Ok((200, Some(page(&base, path, query, pairs)?)))
        }
        "getWorkAttributes" => {
            let all: Vec<Value> = state
                .config
                .attributes
                .iter()
                .map(|a| {
                    let mut v = json!({ "self": format!("{base}/4/work-attributes/{}", a.key), "key": a.key, "name": a.name,
                                        "type": a.kind, "required": a.required });
                    if !a.values.is_empty() {
                        v["values"] = json!(a.values);
                        v["names"] = a.values.iter().map(|x| (x.clone(), Value::String(x.clone()))).collect();
                    }
                    v
                })
                .collect();
            Ok((200, Some(page(&base, path, query, all)?)))
        }
        "getAccounts" => {
            let all: Vec<Value> = state.config.accounts.iter().map(|a| account(&base, a)).collect();
            Ok((200, Some(page(&base, path, query, all)?)))
        }
        "getAccountById" => {
            let id = path_id(path, 2)?;
            let a = state.config.accounts.iter().find(|a| a.id == id).ok_or((404, "Account not found".to_string()))?;
            Ok((200, Some(account(&base, a))))
        }
        "getLinksByProject" => {
            let project = path_id(path, 3)?;
            let global = param(query, "includeGlobalAccounts") == Some("true");
            let mut links: Vec<Value> = Vec::new();
            for (i, (p, a, default)) in state.config.account_links.iter().enumerate() {
                if *p == project {
                    links.push(link(&base, i as i64 + 1, project, *a, *default));
                }
            }
            if global {
                for a in state.config.accounts.iter().filter(|a| a.global) {
                    links.push(link(&base, 1000 + a.id, project, a.id, false));
                }
            }
            Ok((
                200,
                Some(
                    json!({ "self": format!("{base}{path}"), "metadata": { "count": links.len() }, "results": links }),
                ),
            ))
        }
        "getAuthenticatedUserSchedule" => {
            let (from, to) = (date_param(query, "from")?, date_param(query, "to")?);
            let (Some(from), Some(to)) = (from, to) else { return Err((400, "from and to are required".into())) };
            if to < from || (to - from).num_days() > 366 {
                return Err((400, "to must be after from, within a year".into()));
            }
            let days: Vec<Value> = from.iter_days().take_while(|d| *d <= to).map(|d| state.day(d)).collect();
            Ok((
                200,
                Some(json!({ "self": format!("{base}{path}"), "metadata": { "count": days.len() }, "results": days })),
            ))
        }
        "getPeriods" => {
            let (from, to) = (date_param(query, "from")?, date_param(query, "to")?);
            let (Some(from), Some(to)) = (from, to) else { return Err((400, "from and to are required".into())) };
            let mut monday =
                from - chrono::Duration::days(i64::from(chrono::Datelike::weekday(&from).num_days_from_monday()));
            let mut periods = Vec::new();
            while monday <= to && periods.len() < 60 {
                periods.push(
                    json!({ "from": monday.to_string(), "to": (monday + chrono::Duration::days(6)).to_string() }),
                );
                monday += chrono::Duration::days(7);
            }
            Ok((200, Some(json!({ "periods": periods }))))
        }
        "getTimesheetApprovalForUser" => {
            let who = path.rsplit('/').next().unwrap_or_default();
            let from = date_param(query, "from")?.ok_or((400, "from is required".to_string()))?;
            Ok((200, Some(state.timesheet(who, from))))
        }
        "searchAuditLogs" => {
            let from = body["from"].as_str().and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|t| t.to_utc());
            let from = from.ok_or((400, "from must be a date-time".to_string()))?;
            if (Utc::now() - from).num_days() > 180 {
                return Err((400, "from must be within the last 180 days".into()));
            }
            let wants = |field: &str, value: &str| {
                body[field].as_array().is_none_or(|list| list.is_empty() || list.iter().any(|v| v == value))
            };
            let events: Vec<Value> = if wants("entityType", "worklog") && wants("action", "Deleted") {
                state
                    .deleted
                    .iter()
                    .filter(|(_, _, at)| *at >= from)
                    .map(|(id, jira, at)| {
                        json!({ "action": "Deleted", "author": state.config.account_id, "changes": [],
                                "entityId": id.to_string(), "entityType": "worklog", "parentId": jira.to_string(),
                                "timestamp": at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                                "worker": state.config.account_id })
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let limit = param(query, "limit").and_then(|l| l.parse::<usize>().ok()).unwrap_or(50).clamp(1, 1000);
            let start = param(query, "nextPageToken").and_then(|t| t.parse::<usize>().ok()).unwrap_or(0);
            let results: Vec<Value> = events.iter().skip(start).take(limit).cloned().collect();
            let mut metadata = json!({ "limit": limit });
            if start + limit < events.len() {
                metadata["nextPageToken"] = json!((start + limit).to_string());
            }
            Ok((200, Some(json!({ "self": format!("{base}{path}"), "metadata": metadata, "results": results }))))
        }
        other => {
            state.violations.push(format!("{other}: not part of the stand-in"));
            Err((404, format!("{other} is not part of the Tempo stand-in")))
        }
    }
}

fn account(base: &str, a: &super::TempoAccount) -> Value {
    json!({
        "self": format!("{base}/4/accounts/{}", a.id), "id": a.id, "key": a.key, "name": a.name, "status": a.status,
        "global": a.global, "lead": { "accountId": "5b10ac8d82e05b22cc7d4e00", "self": format!("{base}/user") },
        "links": { "self": format!("{base}/4/account-links/account/{}", a.id) },
    })
}

fn link(base: &str, id: i64, project: i64, account: i64, default: bool) -> Value {
    json!({
        "self": format!("{base}/4/account-links/{id}"), "id": id, "default": default,
        "scope": { "self": format!("{base}/4/projects/{project}"), "id": project, "type": "PROJECT" },
        "account": { "self": format!("{base}/4/accounts/{account}") },
    })
}
