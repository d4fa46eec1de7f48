//! Atlassian's shapes, as its OpenAPI document gives them: worklogs, their pages and properties,
//! Atlassian Document Format comments, error bodies, tokens, sites, users and issue searches.
//! Every answer is untrusted: fields Stint needs are checked, the rest ignored.

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde_json::{json, Value};

/// The worklog property that carries an entry's `uid`, so a retry can find its own work.
pub const UID_PROPERTY: &str = "stint.entry";

/// `started` as Jira wants it: milliseconds and the offset without a colon
/// (`2026-11-20T09:15:00.000+0100`), the offset in force where the work began.
pub fn jira_time(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3f%z").to_string()
}

/// Reads Jira's `started` (`…+0100`, `…+01:00` or `…Z`).
pub fn parse_jira_time(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z").ok().or_else(|| DateTime::parse_from_rfc3339(text).ok())
}

/// A note as an Atlassian Document Format document: a paragraph per line.
pub fn adf(text: &str) -> Value {
    let paragraphs: Vec<Value> = text
        .lines()
        .map(|line| {
            if line.is_empty() {
                json!({ "type": "paragraph", "content": [] })
            } else {
                json!({ "type": "paragraph", "content": [{ "type": "text", "text": line }] })
            }
        })
        .collect();
    json!({ "type": "doc", "version": 1, "content": paragraphs })
}

/// The plain text of a comment: an ADF document (Cloud) or a string (Data Center).
pub fn comment_text(comment: &Value) -> Option<String> {
    fn collect(node: &Value, out: &mut String) {
        if let Some(text) = node.get("text").and_then(Value::as_str) {
            out.push_str(text);
        }
        if node.get("type").and_then(Value::as_str) == Some("hardBreak") {
            out.push('\n');
        }
        for child in node.get("content").and_then(Value::as_array).into_iter().flatten() {
            collect(child, out);
        }
    }
    match comment {
        Value::String(s) => Some(s.clone()),
        Value::Object(_) => {
            let paragraphs: Vec<String> = comment
                .get("content")
                .and_then(Value::as_array)?
                .iter()
                .map(|p| {
                    let mut line = String::new();
                    collect(p, &mut line);
                    line
                })
                .collect();
            Some(paragraphs.join("\n"))
        }
        _ => None,
    }
}

/// Jira's error body: `{"errorMessages": [...], "errors": {field: message}}`.
#[derive(Debug, Default, Deserialize)]
pub struct ErrorBody {
    #[serde(default, rename = "errorMessages")]
    pub error_messages: Vec<String>,
    #[serde(default)]
    pub errors: serde_json::Map<String, Value>,
}

impl ErrorBody {
    /// Jira's own words from an error answer, or a plain description when there are none.
    pub fn message(body: &[u8], status: u16) -> String {
        let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
        let mut parts: Vec<String> = parsed.error_messages.into_iter().filter(|m| !m.trim().is_empty()).collect();
        parts.extend(parsed.errors.into_iter().filter_map(|(field, v)| v.as_str().map(|m| format!("{field}: {m}"))));
        if parts.is_empty() {
            // OAuth endpoints answer `{"error": "invalid_grant", "error_description": "…"}`.
            let oauth: OAuthErrorBody = serde_json::from_slice(body).unwrap_or_default();
            if !oauth.error.is_empty() {
                parts.push(match oauth.error_description {
                    Some(d) if !d.trim().is_empty() => format!("{}: {d}", oauth.error),
                    _ => oauth.error,
                });
            }
        }
        let text = if parts.is_empty() { format!("no reason given (HTTP {status})") } else { parts.join("; ") };
        text.chars().take(1000).collect()
    }
}

/// An OAuth token endpoint's answer.
#[derive(Debug, Deserialize)]
pub struct TokenAnswer {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<i64>,
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// An OAuth error answer (`{"error": "invalid_grant", ...}`).
#[derive(Debug, Default, Deserialize)]
pub struct OAuthErrorBody {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
}

/// A site the sign-in may use (`accessible-resources`).
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Site {
    /// The cloud id.
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// `myself`: Cloud gives `accountId`, Data Center `key` and `name`.
#[derive(Debug, Deserialize)]
pub struct Myself {
    #[serde(default, rename = "accountId")]
    pub account_id: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "displayName")]
    pub display_name: Option<String>,
}

impl Myself {
    /// The id Jira uses for this user in worklog authors.
    pub fn id(&self) -> Option<&str> {
        self.account_id.as_deref().or(self.key.as_deref()).or(self.name.as_deref())
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct Author {
    #[serde(default, rename = "accountId")]
    pub account_id: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PropertyOut {
    pub key: String,
    #[serde(default)]
    pub value: Value,
}

/// A worklog as Jira returns it.
#[derive(Debug, Deserialize)]
pub(crate) struct WorklogOut {
    pub id: String,
    #[serde(default, rename = "issueId")]
    pub issue_id: Option<String>,
    #[serde(default)]
    pub author: Option<Author>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub started: Option<String>,
    #[serde(default, rename = "timeSpentSeconds")]
    pub time_spent_seconds: Option<i64>,
    #[serde(default)]
    pub comment: Option<Value>,
    #[serde(default)]
    pub properties: Option<Vec<PropertyOut>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WorklogPage {
    #[serde(default, rename = "startAt")]
    pub start_at: i64,
    #[serde(default)]
    pub total: i64,
    #[serde(default)]
    pub worklogs: Vec<WorklogOut>,
}

/// What Stint keeps of a worklog Jira has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worklog {
    pub id: String,
    /// The id (a number, as text) of the issue it is on, when Jira said.
    pub issue_id: Option<String>,
    /// The author's account id (Cloud) or key (Data Center).
    pub author: Option<String>,
    /// Jira's `updated`, for a later read-back.
    pub updated: Option<String>,
    pub started: Option<DateTime<FixedOffset>>,
    pub seconds: Option<i64>,
    pub comment: Option<String>,
    /// The Stint entry uid it carries, if any.
    pub uid: Option<String>,
}

impl From<WorklogOut> for Worklog {
    fn from(w: WorklogOut) -> Worklog {
        let uid = w.properties.as_ref().and_then(|props| {
            props.iter().find(|p| p.key == UID_PROPERTY).and_then(|p| p.value.get("uid")).and_then(Value::as_str)
        });
        Worklog {
            uid: uid.map(str::to_string),
            author: w.author.and_then(|a| a.account_id.or(a.key).or(a.name)),
            updated: w.updated,
            started: w.started.as_deref().and_then(parse_jira_time),
            seconds: w.time_spent_seconds,
            comment: w.comment.as_ref().and_then(comment_text),
            issue_id: w.issue_id.filter(|i| !i.is_empty() && i.len() <= 20 && i.bytes().all(|b| b.is_ascii_digit())),
            id: w.id,
        }
    }
}

/// An issue found by a search: its key and summary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoundIssue {
    pub key: String,
    pub summary: String,
    /// The site it was found on, when Stint is signed in to several (else absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub site: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PickerAnswer {
    #[serde(default)]
    pub sections: Vec<PickerSection>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PickerSection {
    #[serde(default)]
    pub issues: Vec<PickerIssue>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PickerIssue {
    pub key: String,
    #[serde(default, rename = "summaryText")]
    pub summary_text: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchAnswer {
    #[serde(default)]
    pub issues: Vec<SearchIssue>,
    /// Cloud's `search/jql`: the next page's token, absent on the last page.
    #[serde(default, rename = "nextPageToken")]
    pub next_page_token: Option<String>,
    #[serde(default, rename = "isLast")]
    pub is_last: Option<bool>,
    /// Data Center's `search`: where this page starts, and how many there are.
    #[serde(default, rename = "startAt")]
    pub start_at: Option<i64>,
    #[serde(default)]
    pub total: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchIssue {
    #[serde(default)]
    pub id: Option<String>,
    pub key: String,
    #[serde(default)]
    pub fields: Value,
}

/// `worklog/updated` and `worklog/deleted`: ids of worklogs changed since a time, site-wide.
#[derive(Debug, Deserialize)]
pub(crate) struct ChangedOut {
    #[serde(default)]
    pub values: Vec<ChangedItem>,
    #[serde(default)]
    pub until: Option<i64>,
    #[serde(default, rename = "lastPage")]
    pub last_page: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ChangedItem {
    #[serde(rename = "worklogId")]
    pub worklog_id: Value,
    #[serde(default, rename = "updatedTime")]
    pub updated_time: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn started_carries_the_offset_where_the_work_began() {
        let t = DateTime::parse_from_rfc3339("2026-11-20T09:15:00+01:00").unwrap();
        assert_eq!(jira_time(&t), "2026-11-20T09:15:00.000+0100");
        let t = DateTime::parse_from_rfc3339("2026-11-20T09:15:00-03:30").unwrap();
        assert_eq!(jira_time(&t), "2026-11-20T09:15:00.000-0330");
        assert_eq!(
            parse_jira_time("2026-11-20T09:15:00.000+0100"),
            Some(DateTime::parse_from_rfc3339("2026-11-20T09:15:00+01:00").unwrap())
        );
        assert!(parse_jira_time("2026-11-20T09:15:00Z").is_some());
        assert!(parse_jira_time("yesterday").is_none());
    }

    #[test]
    fn notes_travel_as_adf_and_come_back_the_same() {
        for note in ["one line", "two\nlines", "with\n\nblank line", "ünïcode 🙂"] {
            assert_eq!(comment_text(&adf(note)).as_deref(), Some(note), "{note}");
        }
        assert_eq!(comment_text(&json!("plain on Data Center")).as_deref(), Some("plain on Data Center"));
        assert_eq!(comment_text(&json!(42)), None);
    }

    #[test]
    fn error_bodies_give_jira_s_words() {
        let body =
            br#"{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}"#;
        assert_eq!(ErrorBody::message(body, 404), "Issue does not exist or you do not have permission to see it.");
        assert_eq!(ErrorBody::message(b"", 400), "no reason given (HTTP 400)");
        assert_eq!(ErrorBody::message(&vec![b'x'; 5000], 500), "no reason given (HTTP 500)");
    }

    #[test]
    fn worklogs_find_their_uid() {
        let w: WorklogOut = serde_json::from_value(json!({
            "id": "10042", "author": {"accountId": "5b10"}, "updated": "2026-11-20T10:00:00.000+0000",
            "started": "2026-11-20T09:15:00.000+0100", "timeSpentSeconds": 3600,
            "comment": adf("hello"), "properties": [{"key": UID_PROPERTY, "value": {"uid": "abc"}}]
        }))
        .unwrap();
        let w = Worklog::from(w);
        assert_eq!(
            (w.id.as_str(), w.uid.as_deref(), w.author.as_deref(), w.seconds),
            ("10042", Some("abc"), Some("5b10"), Some(3600))
        );
        assert_eq!(w.comment.as_deref(), Some("hello"));
    }
}

/// What the remaining estimate does when a worklog is written (Jira's `adjustEstimate`): a
/// setting, so it is here, built without the HTTP stack too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustEstimate {
    /// Jira's default: reduce the remaining estimate by the time logged.
    Auto,
    /// Leave the estimate as it is.
    Leave,
}

impl AdjustEstimate {
    pub fn as_str(self) -> &'static str {
        match self {
            AdjustEstimate::Auto => "auto",
            AdjustEstimate::Leave => "leave",
        }
    }
}
