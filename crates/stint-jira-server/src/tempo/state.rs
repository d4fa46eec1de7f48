//! What the Tempo stand-in holds, and Tempo's rules for worklogs beyond the OpenAPI document.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{Datelike, NaiveDate, NaiveTime, Utc};
use serde_json::{json, Value};

use super::{TempoConfig, TempoCounters};

/// A person's timesheet status in one approval period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    Open,
    /// Submitted, waiting for the reviewer.
    InReview,
    Approved,
}

impl Approval {
    fn key(self) -> &'static str {
        match self {
            Approval::Open => "OPEN",
            Approval::InReview => "IN_REVIEW",
            Approval::Approved => "APPROVED",
        }
    }
}

/// A worklog as Tempo keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct TempoWorklog {
    pub id: i64,
    /// The id of Jira's copy, which Tempo keeps in step.
    pub jira_id: i64,
    pub issue_id: i64,
    pub author: String,
    pub start_date: NaiveDate,
    pub start_time: NaiveTime,
    pub seconds: i64,
    pub billable_seconds: Option<i64>,
    pub description: String,
    /// Work attribute values by key.
    pub attributes: BTreeMap<String, String>,
    pub created: chrono::DateTime<Utc>,
    pub updated: chrono::DateTime<Utc>,
}

/// What a create or a replacement sets.
struct Written {
    start_date: NaiveDate,
    start_time: NaiveTime,
    seconds: i64,
    billable_seconds: Option<i64>,
    description: String,
    attributes: BTreeMap<String, String>,
}

impl Written {
    /// Sets every field a write sets: a PUT resets what it was not sent.
    fn apply(self, w: &mut TempoWorklog) {
        w.start_date = self.start_date;
        w.start_time = self.start_time;
        w.seconds = self.seconds;
        w.billable_seconds = self.billable_seconds;
        w.description = self.description;
        w.attributes = self.attributes;
    }
}

/// A refusal: the status and Tempo's message.
pub type Refusal = (u16, String);

#[derive(Debug)]
pub struct TempoState {
    pub config: TempoConfig,
    pub base_url: String,
    pub worklogs: BTreeMap<i64, TempoWorklog>,
    next_id: i64,
    next_jira_id: i64,
    /// Deleted worklogs: `(tempo id, jira id, when)`, for the paper trail.
    pub deleted: Vec<(i64, i64, chrono::DateTime<Utc>)>,
    pub bucket: Option<(f64, Instant)>,
    pub rng: u64,
    pub violations: Vec<String>,
    pub counters: TempoCounters,
    pub oauth: super::oauth::OAuthState,
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

impl TempoState {
    pub fn new(config: TempoConfig, base_url: String) -> TempoState {
        TempoState {
            rng: config.faults.seed.max(1),
            config,
            base_url,
            worklogs: BTreeMap::new(),
            next_id: 1,
            next_jira_id: 110_000,
            deleted: Vec::new(),
            bucket: None,
            violations: Vec::new(),
            counters: TempoCounters::default(),
            oauth: super::oauth::OAuthState::default(),
        }
    }

    /// What a bearer may do: `Some(true)` to manage worklogs, `Some(false)` to view them, `None`
    /// for a token Tempo does not know (an OAuth app's access is "read write").
    pub fn token_manages(&self, token: &str) -> Option<bool> {
        if self.oauth.access_ok(token) {
            return Some(true);
        }
        self.config.tokens.iter().find(|t| t.token == token).map(|t| t.manage)
    }

    // ---- Weeks --------------------------------------------------------------------------------

    pub fn approval(&self, monday: NaiveDate) -> Approval {
        self.config.approvals.iter().find(|(week, _)| *week == monday).map_or(Approval::Open, |(_, a)| *a)
    }

    /// Whether a worklog on `date` may be written: not in a closed period, not in an approved
    /// timesheet. (A submitted one is writable: TEMPO.md found no source saying otherwise.)
    fn writable(&self, date: NaiveDate) -> Result<(), Refusal> {
        let monday = monday_of(date);
        if self.config.closed_weeks.contains(&monday) || self.approval(monday) == Approval::Approved {
            return Err((403, "Period is closed".into()));
        }
        Ok(())
    }

    pub fn day(&self, date: NaiveDate) -> Value {
        let weekend = date.weekday().num_days_from_monday() >= 5;
        let holiday = self.config.holidays.iter().position(|(d, _)| *d == date);
        let kind = match (holiday.is_some(), weekend) {
            (true, true) => "HOLIDAY_AND_NON_WORKING_DAY",
            (true, false) => "HOLIDAY",
            (false, true) => "NON_WORKING_DAY",
            (false, false) => "WORKING_DAY",
        };
        let required = if kind == "WORKING_DAY" { self.config.daily_seconds } else { 0 };
        let mut day = json!({ "date": date.to_string(), "requiredSeconds": required, "type": kind });
        if let Some(i) = holiday {
            day["holiday"] = json!({
                "date": date.to_string(), "durationSeconds": self.config.daily_seconds, "id": i + 1,
                "name": self.config.holidays[i].1, "schemeId": 1, "type": "FIXED",
                "self": format!("{}/4/holiday-schemes/1/holidays/{}", self.base_url, i + 1),
            });
        }
        day
    }

    pub fn timesheet(&self, account_id: &str, from: NaiveDate) -> Value {
        let monday = monday_of(from);
        let sunday = monday + chrono::Duration::days(6);
        let required: i64 =
            (0..7).map(|d| self.day(monday + chrono::Duration::days(d))["requiredSeconds"].as_i64().unwrap_or(0)).sum();
        let spent: i64 = self
            .worklogs
            .values()
            .filter(|w| w.author == account_id && w.start_date >= monday && w.start_date <= sunday)
            .map(|w| w.seconds)
            .sum();
        let status = self.approval(monday);
        let base = &self.base_url;
        let mut actions = json!({});
        match status {
            Approval::Open => {
                actions["submit"] =
                    json!({ "self": format!("{base}/4/timesheet-approvals/user/{account_id}/submit?from={monday}") })
            }
            Approval::InReview => {
                actions["recall"] =
                    json!({ "self": format!("{base}/4/timesheet-approvals/user/{account_id}/recall?from={monday}") })
            }
            Approval::Approved => {}
        }
        json!({
            "self": format!("{base}/4/timesheet-approvals/user/{account_id}?from={monday}&to={sunday}"),
            "period": { "from": monday.to_string(), "to": sunday.to_string() },
            "requiredSeconds": required,
            "timeSpentSeconds": spent,
            "status": { "key": status.key(), "updatedAt": "2026-01-05T09:00:00Z",
                        "actor": { "accountId": account_id, "self": format!("{base}/user?accountId={account_id}") } },
            "user": { "accountId": account_id, "self": format!("{base}/user?accountId={account_id}") },
            "actions": actions,
            "worklogs": { "self": format!("{base}/4/worklogs/user/{account_id}?from={monday}&to={sunday}") },
        })
    }

    // ---- Worklogs -------------------------------------------------------------------------------

    /// Checks a create's or replace's fields against Tempo's rules; the OpenAPI document's shape is
    /// checked before this.
    fn fields(&self, body: &Value) -> Result<Written, Refusal> {
        let bad = |m: &str| Err((400, m.to_string()));
        if body["authorAccountId"] != self.config.account_id.as_str() {
            return bad("You do not have permission to log work for other users.");
        }
        let Some(date) = body["startDate"].as_str().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) else {
            return bad("startDate: must be a date (yyyy-MM-dd)");
        };
        let time = match body.get("startTime").and_then(Value::as_str) {
            None => NaiveTime::MIN,
            Some(t) => match NaiveTime::parse_from_str(t, "%H:%M:%S") {
                Ok(t) => t,
                Err(_) => return bad("startTime: must be HH:mm:ss"),
            },
        };
        let mut attributes = BTreeMap::new();
        for pair in body.get("attributes").and_then(Value::as_array).into_iter().flatten() {
            let key = pair["key"].as_str().unwrap_or_default();
            let value = pair.get("value").and_then(Value::as_str).unwrap_or_default();
            let Some(attribute) = self.config.attributes.iter().find(|a| a.key == key) else {
                return bad(&format!("Work attribute with key '{key}' does not exist"));
            };
            match attribute.kind.as_str() {
                "ACCOUNT" => match self.config.accounts.iter().find(|a| a.key == value) {
                    None => return bad(&format!("Account '{value}' does not exist")),
                    Some(a) if a.status != "OPEN" => return bad(&format!("Account '{value}' is closed")),
                    Some(_) => {}
                },
                "STATIC_LIST" if !attribute.values.iter().any(|v| v == value) => {
                    return bad(&format!("'{value}' is not a value of {}", attribute.name))
                }
                _ => {}
            }
            attributes.insert(key.to_string(), value.to_string());
        }
        for attribute in self.config.attributes.iter().filter(|a| a.required) {
            if attributes.get(&attribute.key).is_none_or(String::is_empty) {
                return bad(&format!("Work attribute '{}' is required", attribute.name));
            }
        }
        Ok(Written {
            start_date: date,
            start_time: time,
            seconds: body["timeSpentSeconds"].as_i64().unwrap_or_default(),
            billable_seconds: body.get("billableSeconds").and_then(Value::as_i64),
            description: body.get("description").and_then(Value::as_str).unwrap_or_default().to_string(),
            attributes,
        })
    }

    pub fn create(&mut self, body: &Value) -> Result<TempoWorklog, Refusal> {
        let issue_id = body["issueId"].as_i64().unwrap_or_default();
        if !self.config.issues.iter().any(|i| i.id == issue_id) {
            return Err((400, format!("Issue with id {issue_id} does not exist")));
        }
        let written = self.fields(body)?;
        self.writable(written.start_date)?;
        let now = Utc::now();
        let mut worklog = TempoWorklog {
            id: self.next_id,
            jira_id: self.next_jira_id,
            issue_id,
            author: self.config.account_id.clone(),
            start_date: written.start_date,
            start_time: NaiveTime::MIN,
            seconds: 0,
            billable_seconds: None,
            description: String::new(),
            attributes: BTreeMap::new(),
            created: now,
            updated: now,
        };
        written.apply(&mut worklog);
        self.next_id += 1;
        self.next_jira_id += 1;
        self.worklogs.insert(worklog.id, worklog.clone());
        Ok(worklog)
    }

    /// A worklog Tempo copied from Jira (see `TempoHandle::copy_from_jira`).
    pub fn copy_from_jira(
        &mut self,
        jira_id: i64,
        issue_id: i64,
        start: chrono::NaiveDateTime,
        seconds: i64,
        description: &str,
    ) -> i64 {
        let now = Utc::now();
        let id = self.next_id;
        self.next_id += 1;
        let worklog = TempoWorklog {
            id,
            jira_id,
            issue_id,
            author: self.config.account_id.clone(),
            start_date: start.date(),
            start_time: start.time(),
            seconds,
            billable_seconds: Some(seconds),
            description: description.to_string(),
            attributes: BTreeMap::new(),
            created: now,
            updated: now,
        };
        self.worklogs.insert(id, worklog);
        id
    }

    /// PUT: replaces the whole worklog; what is not sent is reset.
    pub fn replace(&mut self, id: i64, body: &Value) -> Result<TempoWorklog, Refusal> {
        let Some(old) = self.worklogs.get(&id).cloned() else { return Err((404, "Worklog not found".into())) };
        let written = self.fields(body)?;
        self.writable(old.start_date)?;
        self.writable(written.start_date)?;
        let mut worklog = old;
        written.apply(&mut worklog);
        worklog.updated = Utc::now().max(worklog.updated + chrono::Duration::milliseconds(1));
        self.worklogs.insert(id, worklog.clone());
        Ok(worklog)
    }

    pub fn delete(&mut self, id: i64) -> Result<(), Refusal> {
        let Some(old) = self.worklogs.get(&id) else { return Err((404, "Worklog not found".into())) };
        self.writable(old.start_date)?;
        let old = self.worklogs.remove(&id).expect("found above");
        self.deleted.push((old.id, old.jira_id, Utc::now()));
        Ok(())
    }

    pub fn render(&self, w: &TempoWorklog) -> Value {
        let base = &self.base_url;
        let values: Vec<Value> = w.attributes.iter().map(|(k, v)| json!({ "key": k, "value": v })).collect();
        json!({
            "self": format!("{base}/4/worklogs/{}", w.id),
            "tempoWorklogId": w.id,
            "issue": { "self": format!("{base}/rest/api/2/issue/{}", w.issue_id), "id": w.issue_id },
            "author": { "self": format!("{base}/rest/api/2/user?accountId={}", w.author), "accountId": w.author },
            "startDate": w.start_date.to_string(),
            "startTime": w.start_time.format("%H:%M:%S").to_string(),
            "startDateTimeUtc": (w.start_date.and_time(w.start_time).and_utc()).format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "timeSpentSeconds": w.seconds,
            "billableSeconds": w.billable_seconds.unwrap_or(w.seconds),
            "description": w.description,
            "createdAt": w.created.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "updatedAt": w.updated.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            "attributes": { "self": format!("{base}/4/worklogs/{}/work-attribute-values", w.id), "values": values },
        })
    }
}
