//! Reading what Jira and Atlassian answer. Every body is untrusted: each function takes the raw
//! bytes and gives a checked value or a `BadAnswer` naming the host. No I/O here (the HTTP calls
//! are in `api` and `oauth`), so these are what the fuzz target `jira` drives (fuzz/targets).

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use stint_domain::IssueKey;

use crate::endpoints::is_cloud_id;
use crate::model::{
    ChangedOut, ErrorBody, FoundIssue, Myself, PickerAnswer, SearchAnswer, SearchIssue, Site, TokenAnswer, Worklog,
    WorklogOut, WorklogPage,
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

/// Ids of worklogs changed (or deleted) since a time, on the whole site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The worklogs' ids, each once, in Jira's order.
    pub ids: Vec<String>,
    /// Where the next read starts (Unix milliseconds): the last change on this page.
    pub until: i64,
    /// Jira has no more pages after this one.
    pub last_page: bool,
}

/// A page of a JQL search for issues: their ids and keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuePage {
    /// (id, key) of each issue with a well-formed key and a numeric id.
    pub issues: Vec<(String, IssueKey)>,
    /// How to ask for the next page: Cloud's token, or Data Center's start.
    pub next: Option<NextPage>,
}

/// Where a search's next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    Token(String),
    StartAt(i64),
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
            found.push(FoundIssue { key: issue.key, summary: summary(&text), site: None });
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
            site: None,
        })
        .collect())
}

/// A JQL search's page of issues (ids and keys), with where the next page starts. A token that
/// is not printable ASCII, or a start that does not move forward, ends the reading.
pub fn issue_page(host: &str, body: &[u8]) -> Result<IssuePage, JiraError> {
    let answer: SearchAnswer = json(host, body)?;
    let count = answer.issues.len() as i64;
    let issues = answer
        .issues
        .into_iter()
        .filter_map(|i| {
            let id = i.id.filter(|id| checked_id(id).is_ok())?;
            Some((id, IssueKey::parse(&i.key).ok()?))
        })
        .collect();
    let next = match (answer.next_page_token, answer.is_last, answer.start_at, answer.total) {
        (Some(token), last, _, _) if last != Some(true) => {
            let fine = !token.is_empty() && token.len() <= 2048 && token.bytes().all(|b| b.is_ascii_graphic());
            fine.then_some(NextPage::Token(token))
        }
        (None, _, Some(start), Some(total)) => {
            start.checked_add(count).filter(|&next| count > 0 && start >= 0 && next < total).map(NextPage::StartAt)
        }
        _ => None,
    };
    Ok(IssuePage { issues, next })
}

/// One issue (`GET issue/{id}`): its id and key, both checked.
pub fn issue(host: &str, body: &[u8]) -> Result<(String, IssueKey), JiraError> {
    let answer: SearchIssue = json(host, body)?;
    let id = answer.id.filter(|id| checked_id(id).is_ok()).ok_or_else(|| bad(host, "an issue without a numeric id"))?;
    let key = IssueKey::parse(&answer.key).map_err(|_| bad(host, "an issue whose key is not an issue key"))?;
    Ok((id, key))
}

/// What Tempo needs to know about an issue from its Jira: Jira's numeric ids of the issue and of
/// its project, and the issue's Tempo Account (an account id) where the field is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueFacts {
    pub id: i64,
    pub key: IssueKey,
    pub project_id: i64,
    pub account: Option<i64>,
}

/// The id of the site's Tempo Account field (`customfield_…`), among `GET field`'s fields: the
/// custom field whose schema is Tempo's account type. `None` where Tempo made none.
pub fn tempo_account_field(host: &str, body: &[u8]) -> Result<Option<String>, JiraError> {
    let fields: Vec<Value> = json(host, body)?;
    Ok(fields.iter().find_map(|f| {
        let custom = f.pointer("/schema/custom")?.as_str()?;
        let id = f.get("id")?.as_str()?;
        let fine = id.starts_with("customfield_") && id.len() <= 40 && id[12..].bytes().all(|b| b.is_ascii_digit());
        (custom == TEMPO_ACCOUNT_TYPE && fine).then(|| id.to_string())
    }))
}

/// The schema type of Tempo's Account custom field.
pub const TEMPO_ACCOUNT_TYPE: &str = "io.tempo.jira__account";

/// `GET issue/{key}?fields=project,{account field}`: the issue's facts, each checked. The Account
/// field holds the account's id: as a number, a numeric string, or an object with an `id`.
pub fn issue_facts(host: &str, body: &[u8], account_field: Option<&str>) -> Result<IssueFacts, JiraError> {
    let answer: SearchIssue = json(host, body)?;
    let number = |v: &Value| match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => checked_id(s).ok()?.parse().ok(),
        _ => None,
    };
    let id = answer
        .id
        .as_deref()
        .and_then(|id| checked_id(id).ok()?.parse::<i64>().ok())
        .ok_or_else(|| bad(host, "an issue without a numeric id"))?;
    let key = IssueKey::parse(&answer.key).map_err(|_| bad(host, "an issue whose key is not an issue key"))?;
    let project_id = answer
        .fields
        .pointer("/project/id")
        .and_then(number)
        .ok_or_else(|| bad(host, "an issue without its project's numeric id"))?;
    let account = match account_field.and_then(|f| answer.fields.get(f)) {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => {
            Some(o.get("id").and_then(number).ok_or_else(|| bad(host, "a Tempo Account without an id"))?)
        }
        Some(v) => Some(number(v).ok_or_else(|| bad(host, "a Tempo Account that is not an account id"))?),
    };
    Ok(IssueFacts { id, key, project_id, account })
}

/// `worklog/updated` or `worklog/deleted`: the changed worklogs' ids (numbers only, each once).
/// A page whose `until` does not move past `since` is the last, whatever it says.
pub fn changes(host: &str, body: &[u8], since: i64) -> Result<Changes, JiraError> {
    let answer: ChangedOut = json(host, body)?;
    let mut ids: Vec<String> = Vec::new();
    let mut latest = since;
    for item in answer.values {
        let id = match &item.worklog_id {
            Value::Number(n) => n.as_u64().map(|n| n.to_string()),
            Value::String(s) => checked_id(s).ok().map(str::to_string),
            _ => None,
        };
        let Some(id) = id else { return Err(bad(host, "a changed worklog's id that is not a number")) };
        if !ids.contains(&id) {
            ids.push(id);
        }
        latest = latest.max(item.updated_time.unwrap_or(since));
    }
    let until = answer.until.unwrap_or(latest).max(since);
    let last_page = answer.last_page.unwrap_or(true) || until <= since;
    Ok(Changes { ids, until, last_page })
}

/// `worklog/list`: the worklogs Jira found for the ids asked.
pub fn worklog_list(host: &str, body: &[u8]) -> Result<Vec<Worklog>, JiraError> {
    let list: Vec<WorklogOut> = json(host, body)?;
    list.into_iter().map(|w| checked_worklog(host, w)).collect()
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
    fn tempo_s_account_field_is_found_by_its_type_and_read_in_each_shape() {
        let fields = br#"[{"id":"summary","name":"Summary","schema":{"type":"string","system":"summary"}},
            {"id":"customfield_10100","name":"Account","custom":true,"schema":{"type":"option2","custom":"io.tempo.jira__account","customId":10100}},
            {"id":"customfield_9","name":"Evil","custom":true,"schema":{"custom":"io.tempo.jira__account_x"}}]"#;
        assert_eq!(tempo_account_field("h", fields).unwrap().as_deref(), Some("customfield_10100"));
        assert_eq!(tempo_account_field("h", b"[]").unwrap(), None);
        let forged = br#"[{"id":"customfield_1/../x","schema":{"custom":"io.tempo.jira__account"}}]"#;
        assert_eq!(tempo_account_field("h", forged).unwrap(), None, "an id that is not a custom field's");
        let issue = |account: &str| {
            format!(
                r#"{{"id":"10001","key":"ABC-1","fields":{{"project":{{"id":"10000","key":"ABC"}},"customfield_10100":{account}}}}}"#
            )
        };
        for (shape, want) in
            [("2", Some(2)), (r#""2""#, Some(2)), (r#"{"id":2,"value":"Internal"}"#, Some(2)), ("null", None)]
        {
            let facts = issue_facts("h", issue(shape).as_bytes(), Some("customfield_10100")).unwrap();
            assert_eq!((facts.id, facts.project_id, facts.account), (10001, 10000, want), "{shape}");
        }
        assert_eq!(issue_facts("h", issue("2").as_bytes(), None).unwrap().account, None, "no field asked, none read");
        for bad in [r#""two""#, r#"{"value":"Internal"}"#, "true"] {
            assert!(issue_facts("h", issue(bad).as_bytes(), Some("customfield_10100")).is_err(), "{bad}");
        }
        assert!(issue_facts("h", br#"{"id":"10001","key":"ABC-1","fields":{}}"#, None).is_err(), "no project");
    }

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
    fn changes_move_forward_or_end() {
        let body = r#"{"values":[{"worklogId":10001,"updatedTime":1800000000100},{"worklogId":"10002","updatedTime":1800000000200},{"worklogId":10001,"updatedTime":1800000000300}],"since":1800000000000,"until":1800000000300,"lastPage":false}"#;
        let c = changes("h", body.as_bytes(), 1_800_000_000_000).unwrap();
        assert_eq!(
            (c.ids, c.until, c.last_page),
            (vec!["10001".to_string(), "10002".into()], 1_800_000_000_300, false)
        );
        let stuck = r#"{"values":[],"until":5,"lastPage":false}"#;
        assert!(changes("h", stuck.as_bytes(), 10).unwrap().last_page, "a page that does not move on is the last");
        assert!(changes("h", br#"{"values":[{"worklogId":"../x"}]}"#, 0).is_err());
    }

    #[test]
    fn search_pages_end_on_a_bad_token_or_a_stuck_start() {
        let cloud = r#"{"issues":[{"id":"20001","key":"ABC-1"},{"id":"x","key":"ABC-2"},{"id":"20003","key":"../x"}],"nextPageToken":"page-50","isLast":false}"#;
        let page = issue_page("h", cloud.as_bytes()).unwrap();
        assert_eq!(page.issues, vec![("20001".to_string(), IssueKey::parse("ABC-1").unwrap())]);
        assert_eq!(page.next, Some(NextPage::Token("page-50".into())));
        let last = r#"{"issues":[],"nextPageToken":"t","isLast":true}"#;
        assert_eq!(issue_page("h", last.as_bytes()).unwrap().next, None);
        let odd = r#"{"issues":[],"nextPageToken":"a b\u0007"}"#;
        assert_eq!(issue_page("h", odd.as_bytes()).unwrap().next, None);
        let dc = r#"{"startAt":0,"total":3,"issues":[{"id":"1","key":"A-1"},{"id":"2","key":"A-2"}]}"#;
        assert_eq!(issue_page("h", dc.as_bytes()).unwrap().next, Some(NextPage::StartAt(2)));
        let dc_stuck = r#"{"startAt":0,"total":3,"issues":[]}"#;
        assert_eq!(issue_page("h", dc_stuck.as_bytes()).unwrap().next, None);
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
