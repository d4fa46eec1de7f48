//! Tempo's shapes, as its OpenAPI document states them: what Stint sends (a worklog's fields) and
//! what it reads back. Answers are untrusted: a field Stint needs and Tempo did not send is a
//! `BadAnswer`, never a guess.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use serde_json::{json, Value};

/// The regions' hosts. Calling one that does not hold the customer's data is an authorization
/// error, so the region is a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// `api.tempo.io`, which serves every region.
    Universal,
    /// `api.eu.tempo.io`
    Europe,
    /// `api.us.tempo.io`
    Americas,
}

impl Region {
    pub const ALL: [Region; 3] = [Region::Universal, Region::Europe, Region::Americas];

    pub fn base_url(self) -> &'static str {
        match self {
            Region::Universal => "https://api.tempo.io",
            Region::Europe => "https://api.eu.tempo.io",
            Region::Americas => "https://api.us.tempo.io",
        }
    }

    /// The setting's words: `global`, `eu`, `us` (or the host itself).
    pub fn parse(text: &str) -> Option<Region> {
        match text.trim().to_ascii_lowercase().as_str() {
            "global" | "universal" | "api.tempo.io" => Some(Region::Universal),
            "eu" | "europe" | "api.eu.tempo.io" => Some(Region::Europe),
            "us" | "americas" | "api.us.tempo.io" => Some(Region::Americas),
            _ => None,
        }
    }
}

/// A worklog's fields as Stint sends them, for a create or a whole replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorklogFields {
    /// Jira's numeric issue id (Tempo takes no keys).
    pub issue_id: i64,
    /// The author's Atlassian account id.
    pub author: String,
    /// The entry's local start: Tempo keeps the person's date and time, not an instant.
    pub start: NaiveDateTime,
    pub seconds: i64,
    pub description: String,
    /// Work attribute values by key (`_Account_` → an account key).
    pub attributes: Vec<(String, String)>,
}

impl WorklogFields {
    fn common(&self) -> Value {
        let attributes: Vec<Value> = self.attributes.iter().map(|(k, v)| json!({ "key": k, "value": v })).collect();
        json!({
            "authorAccountId": self.author,
            "startDate": self.start.date().format("%Y-%m-%d").to_string(),
            "startTime": self.start.time().format("%H:%M:%S").to_string(),
            "timeSpentSeconds": self.seconds,
            "description": self.description,
            "attributes": attributes,
        })
    }

    /// `WorklogInput` for `POST /4/worklogs`.
    pub fn create_body(&self) -> Value {
        let mut body = self.common();
        body["issueId"] = json!(self.issue_id);
        body
    }

    /// `WorklogUpdate` for `PUT /4/worklogs/{id}`: every field again, as a PUT resets what it is
    /// not sent (the description too, though the document's schema leaves it out).
    pub fn replace_body(&self) -> Value {
        self.common()
    }
}

#[derive(Debug, Clone, Deserialize)]
struct Reference {
    id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Person {
    account_id: String,
}

#[derive(Debug, Clone, Deserialize)]
struct AttributeValue {
    key: String,
    value: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
struct AttributeValues {
    #[serde(default)]
    values: Vec<AttributeValue>,
}

/// A worklog as Tempo answers it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawWorklog {
    tempo_worklog_id: i64,
    issue: Reference,
    author: Person,
    start_date: NaiveDate,
    start_time: Option<String>,
    time_spent_seconds: i64,
    #[serde(default)]
    description: Option<String>,
    updated_at: String,
    created_at: Option<String>,
    #[serde(default)]
    attributes: AttributeValues,
}

/// A worklog read from Tempo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worklog {
    pub id: i64,
    pub issue_id: i64,
    pub author: String,
    pub start: NaiveDateTime,
    pub seconds: i64,
    pub description: String,
    pub attributes: Vec<(String, String)>,
    /// When Tempo last changed it, as Tempo wrote it (for `updatedFrom`).
    pub updated_at: String,
    /// When Tempo made it, where it said and in a form Stint reads (RFC 3339).
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Worklog {
    pub(crate) fn read(value: Value) -> Result<Worklog, String> {
        let raw: RawWorklog = serde_json::from_value(value).map_err(|e| e.to_string())?;
        let time = match raw.start_time.as_deref() {
            None => NaiveTime::MIN,
            Some(t) => {
                NaiveTime::parse_from_str(t, "%H:%M:%S").map_err(|_| format!("startTime `{t}` is not HH:mm:ss"))?
            }
        };
        if raw.time_spent_seconds < 0 {
            return Err("timeSpentSeconds is negative".into());
        }
        Ok(Worklog {
            id: raw.tempo_worklog_id,
            issue_id: raw.issue.id.ok_or("the worklog's issue has no id")?,
            author: raw.author.account_id,
            start: raw.start_date.and_time(time),
            seconds: raw.time_spent_seconds,
            description: raw.description.unwrap_or_default(),
            attributes: raw.attributes.values.into_iter().map(|a| (a.key, a.value.unwrap_or_default())).collect(),
            updated_at: raw.updated_at,
            created_at: raw
                .created_at
                .as_deref()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.to_utc()),
        })
    }

    /// The value of work attribute `key`, if set.
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// A work attribute the site defines.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WorkAttribute {
    pub key: String,
    pub name: String,
    /// `ACCOUNT`, `INPUT_FIELD`, `STATIC_LIST`, `CHECKBOX`, `INPUT_NUMERIC`, `DYNAMIC_DROPDOWN`.
    #[serde(rename = "type")]
    pub kind: String,
    pub required: bool,
    /// A static list's values (what is sent; `names` are only for showing).
    #[serde(default)]
    pub values: Vec<String>,
}

/// A Tempo account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    pub id: i64,
    pub key: String,
    pub name: String,
    /// `OPEN`, `CLOSED`, `ARCHIVED`.
    pub status: String,
    pub global: bool,
}

impl Account {
    pub fn is_open(&self) -> bool {
        self.status == "OPEN"
    }
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawLink {
    pub default: bool,
    pub account: RawSelf,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawSelf {
    #[serde(rename = "self")]
    pub link: String,
}

/// An account linked to a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountLink {
    pub account_id: i64,
    /// The project's default account.
    pub default: bool,
}

/// What a day asks of the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Working,
    NonWorking,
    Holiday,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub required_seconds: i64,
    pub kind: DayKind,
    /// The holiday's name, when it is one.
    pub holiday: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawDay {
    pub date: NaiveDate,
    pub required_seconds: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub holiday: Option<RawHoliday>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawHoliday {
    pub name: String,
}

impl RawDay {
    pub(crate) fn read(self) -> Result<Day, String> {
        let kind = match self.kind.as_str() {
            "WORKING_DAY" => DayKind::Working,
            "NON_WORKING_DAY" => DayKind::NonWorking,
            "HOLIDAY" | "HOLIDAY_AND_NON_WORKING_DAY" => DayKind::Holiday,
            other => return Err(format!("day type `{other}` is not one of Tempo's")),
        };
        if !(0..=86_400).contains(&self.required_seconds) {
            return Err(format!("{} required seconds in a day", self.required_seconds));
        }
        Ok(Day {
            date: self.date,
            required_seconds: self.required_seconds,
            kind,
            holiday: self.holiday.map(|h| h.name),
        })
    }
}

/// An approval period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The person's timesheet status in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimesheetStatus {
    Open,
    /// Submitted, waiting for the reviewer.
    InReview,
    Approved,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timesheet {
    pub period: Period,
    pub status: TimesheetStatus,
    pub required_seconds: i64,
    pub spent_seconds: i64,
}

/// A page as Tempo answers every list.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Page {
    #[serde(default)]
    pub metadata: PageMetadata,
    #[serde(default)]
    pub results: Vec<Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageMetadata {
    pub next: Option<String>,
    pub next_page_token: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_settings_with_hosts() {
        assert_eq!(Region::parse("EU"), Some(Region::Europe));
        assert_eq!(Region::parse("api.us.tempo.io"), Some(Region::Americas));
        assert_eq!(Region::parse("global").map(Region::base_url), Some("https://api.tempo.io"));
        assert_eq!(Region::parse("mars"), None);
    }

    #[test]
    fn a_replacement_resends_every_field_and_never_the_issue() {
        let fields = WorklogFields {
            issue_id: 10001,
            author: "abc".into(),
            start: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(9, 5, 0).unwrap(),
            seconds: 1800,
            description: "notes".into(),
            attributes: vec![("_Account_".into(), "ACME".into())],
        };
        let create = fields.create_body();
        assert_eq!(create["issueId"], 10001);
        assert_eq!(
            (create["startDate"].as_str(), create["startTime"].as_str()),
            (Some("2026-12-01"), Some("09:05:00"))
        );
        let replace = fields.replace_body();
        assert!(replace.get("issueId").is_none());
        for field in ["authorAccountId", "startDate", "startTime", "timeSpentSeconds", "description", "attributes"] {
            assert_eq!(replace[field], create[field], "{field}");
        }
    }

    #[test]
    fn an_answer_missing_what_stint_needs_is_refused() {
        let good = json!({ "tempoWorklogId": 7, "issue": { "self": "x", "id": 10001 }, "author": { "accountId": "a" },
                           "startDate": "2026-12-01", "startTime": "09:05:00", "timeSpentSeconds": 60,
                           "updatedAt": "2026-12-01T10:00:00Z", "attributes": { "self": "x", "values": [{ "key": "_Account_", "value": "ACME" }] } });
        let w = Worklog::read(good.clone()).unwrap();
        assert_eq!((w.id, w.issue_id, w.attribute("_Account_")), (7, 10001, Some("ACME")));
        for (field, value) in
            [("startTime", json!("9h")), ("timeSpentSeconds", json!(-1)), ("issue", json!({ "self": "x" }))]
        {
            let mut bad = good.clone();
            bad[field] = value;
            assert!(Worklog::read(bad).is_err(), "{field}");
        }
    }
}
