//! Reading what Jira and Atlassian answer. Every body is untrusted: each function takes the raw
//! bytes and gives a checked value or a `BadAnswer` naming the host. No I/O here (the HTTP calls
//! are in `api` and `oauth`), so these are what the fuzz target `jira` drives (fuzz/targets).

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use stint_domain::IssueKey;

use crate::endpoints::is_cloud_id;
use crate::model::{
    ErrorBody, FoundIssue, Myself, PickerAnswer, SearchAnswer, Site, TokenAnswer, Worklog, WorklogOut, WorklogPage,
};
use crate::{JiraError, Secret};

/// The longest issue summary kept, in characters.
pub const MAX_SUMMARY_CHARS: usize = 500;

/// A token pair from the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    pub access: Secret,
    pub refresh: Option<Secret>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// One page of an issue's worklogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub worklogs: Vec<Worklog>,
    /// Where the next page starts, when there is one.
    pub next: Option<i64>,
}

fn bad(host: &str, detail: impl Into<String>) -> JiraError {
    JiraError::BadAnswer { host: host.to_string(), detail: detail.into() }
}

/// The body as `T`; a body that is not is a `BadAnswer`.
pub fn json<T: serde::de::DeserializeOwned>(host: &str, body: &[u8]) -> Result<T, JiraError> {
    serde_json::from_slice(body).map_err(|e| bad(host, e.to_string()))
}

/// A worklog id from Jira goes into a path: digits only.
pub fn checked_id(id: &str) -> Result<&str, JiraError> {
    if !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(id)
    } else {
        Err(bad("Jira", "a worklog id that is not a number"))
    }
}

fn checked_worklog(host: &str, w: WorklogOut) -> Result<Worklog, JiraError> {
    checked_id(&w.id).map_err(|_| bad(host, "a worklog id that is not a number"))?;
    Ok(Worklog::from(w))
}

/// `GET myself`: the signed-in user, who must have an account id (Cloud) or key/name (DC).
pub fn myself(host: &str, body: &[u8]) -> Result<Myself, JiraError> {
    let me: Myself = json(host, body)?;
    if me.id().is_none_or(str::is_empty) {
        return Err(bad(host, "myself named no account"));
    }
    Ok(me)
}

/// One worklog (created, updated or read).
pub fn worklog(host: &str, body: &[u8]) -> Result<Worklog, JiraError> {
    checked_worklog(host, json(host, body)?)
}

/// A page of an issue's worklogs.
pub fn worklog_page(host: &str, body: &[u8]) -> Result<Page, JiraError> {
    let page: WorklogPage = json(host, body)?;
    let count = page.worklogs.len() as i64;
    let worklogs = page.worklogs.into_iter().map(|w| checked_worklog(host, w)).collect::<Result<Vec<_>, _>>()?;
    // Jira's counts are untrusted too: a page that does not move forward ends the reading.
    let next = page.start_at.checked_add(count).filter(|&next| count > 0 && next < page.total && page.start_at >= 0);
    Ok(Page { worklogs, next })
}

fn summary(text: &str) -> String {
    text.chars().take(MAX_SUMMARY_CHARS).collect()
}

/// The issue picker's answer: issues with a well-formed key, each once, in Jira's order.
pub fn picked(host: &str, body: &[u8]) -> Result<Vec<FoundIssue>, JiraError> {
    let answer: PickerAnswer = json(host, body)?;
    let mut found: Vec<FoundIssue> = Vec::new();
    for issue in answer.sections.into_iter().flat_map(|s| s.issues) {
        if IssueKey::parse(&issue.key).is_ok() && !found.iter().any(|f| f.key == issue.key) {
            let text = issue.summary_text.or(issue.summary).unwrap_or_default();
            found.push(FoundIssue { key: issue.key, summary: summary(&text) });
        }
    }
    Ok(found)
}

/// A JQL search's answer: issues with a well-formed key, with their summaries.
pub fn searched(host: &str, body: &[u8]) -> Result<Vec<FoundIssue>, JiraError> {
    let answer: SearchAnswer = json(host, body)?;
    Ok(answer
        .issues
        .into_iter()
        .filter(|i| IssueKey::parse(&i.key).is_ok())
        .map(|i| FoundIssue {
            summary: summary(i.fields.get("summary").and_then(Value::as_str).unwrap_or_default()),
            key: i.key,
        })
        .collect())
}

/// `accessible-resources`: the sites whose id is a cloud id (a UUID, since it goes into the API's
/// address), and how many were left out for not having one.
pub fn sites(host: &str, body: &[u8]) -> Result<(Vec<Site>, usize), JiraError> {
    let sites: Vec<Site> = json(host, body)?;
    let (good, bad_ones): (Vec<Site>, Vec<Site>) = sites.into_iter().partition(|s| is_cloud_id(&s.id));
    if good.is_empty() && !bad_ones.is_empty() {
        return Err(bad(host, "its sites' ids are not cloud ids (UUIDs)"));
    }
    Ok((good, bad_ones.len()))
}

/// The token endpoint's answer, with when the access token expires (at most a year from `now`).
pub fn tokens(host: &str, body: &[u8], now: DateTime<Utc>) -> Result<Tokens, JiraError> {
    let tokens: TokenAnswer = json(host, body)?;
    if tokens.access_token.is_empty() {
        return Err(bad(host, "an empty access token"));
    }
    Ok(Tokens {
        access: Secret::new(tokens.access_token),
        refresh: tokens.refresh_token.filter(|r| !r.is_empty()).map(Secret::new),
        expires_at: tokens.expires_in.filter(|s| *s > 0).map(|s| now + Duration::seconds(s.min(365 * 86_400))),
    })
}

/// Jira's own words from an error answer (at most 1,000 characters), or a plain description of
/// the status when it gave none.
pub fn refusal(body: &[u8], status: u16) -> String {
    ErrorBody::message(body, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worklog_ids_are_digits() {
        assert!(checked_id("10042").is_ok());
        for bad in ["", "../../admin", "10042?x=1", "1e3", &"9".repeat(21)] {
            assert!(checked_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_page_that_does_not_move_forward_ends_the_reading() {
        let page = |start: i64, total: i64, n: usize| {
            let worklogs: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"id":"{i}","started":"2026-11-20T08:15:00.000+0100","timeSpentSeconds":60}}"#))
                .collect();
            format!(r#"{{"startAt":{start},"maxResults":1000,"total":{total},"worklogs":[{}]}}"#, worklogs.join(","))
        };
        assert_eq!(worklog_page("h", page(0, 3, 2).as_bytes()).unwrap().next, Some(2));
        assert_eq!(worklog_page("h", page(2, 3, 1).as_bytes()).unwrap().next, None);
        assert_eq!(worklog_page("h", page(0, 9, 0).as_bytes()).unwrap().next, None);
        assert_eq!(worklog_page("h", page(i64::MAX, i64::MAX, 1).as_bytes()).unwrap().next, None);
        assert_eq!(worklog_page("h", page(-5, 9, 1).as_bytes()).unwrap().next, None);
    }

    #[test]
    fn summaries_are_bounded_and_bad_keys_left_out() {
        let long = "é".repeat(2000);
        let body = format!(
            r#"{{"sections":[{{"issues":[{{"key":"ABC-1","summaryText":"{long}"}},{{"key":"../x","summary":"s"}},{{"key":"ABC-1","summary":"again"}}]}}]}}"#
        );
        let found = picked("h", body.as_bytes()).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].summary.chars().count(), MAX_SUMMARY_CHARS);
    }
}
