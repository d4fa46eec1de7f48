//! The Jira calls Stint makes, on a signed-in session: the current user, worklogs (create, update,
//! delete, find by start time with their properties), the worklog property that carries an
//! entry's uid, and issue search. Cloud speaks REST v3 with comments in Atlassian Document
//! Format; Data Center speaks v2 with plain-text comments.

use chrono::{DateTime, FixedOffset, NaiveDate};
use reqwest::Method;
use serde_json::{json, Value};
use stint_domain::IssueKey;
use url::Url;

use crate::answers::{self, checked_id};
use crate::http::Body;
use crate::model::{adf, jira_time, FoundIssue, Myself, Worklog, UID_PROPERTY};
use crate::session::Session;
use crate::JiraError;

use crate::model::AdjustEstimate;

/// The most worklog pages read in one lookup.
const MAX_PAGES: usize = 50;

/// A worklog to write.
#[derive(Debug, Clone)]
pub struct NewWorklog {
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub comment: Option<stint_domain::Note>,
    /// The entry's uid, stored on the worklog as a property.
    pub uid: String,
}

/// What a delete found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    Deleted,
    /// Jira did not have it (any more): nothing to do.
    AlreadyGone,
}

/// Jira, as one signed-in user sees it.
#[derive(Debug)]
pub struct Jira {
    session: Session,
}

impl Jira {
    pub fn new(session: Session) -> Jira {
        Jira { session }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    fn version(&self) -> u8 {
        self.session.connection().mode.api_version()
    }

    /// `rest/api/{v}/{path}` under the connection's base, with `query`.
    fn url(&self, path: &str, query: &[(&str, String)]) -> Result<Url, JiraError> {
        let mut url = self
            .session
            .connection()
            .api_base
            .join(&format!("rest/api/{}/{path}", self.version()))
            .map_err(|e| JiraError::Config(format!("the Jira address could not be joined with {path}: {e}")))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    fn worklog_body(&self, w: &NewWorklog, with_uid: bool) -> Value {
        let mut body = json!({ "started": jira_time(&w.started), "timeSpentSeconds": w.seconds });
        if let Some(note) = &w.comment {
            body["comment"] = if self.version() == 3 { adf(note.expose()) } else { json!(note.expose()) };
        }
        if with_uid {
            body["properties"] = json!([{ "key": UID_PROPERTY, "value": { "uid": w.uid } }]);
        }
        body
    }

    /// The signed-in user.
    pub async fn myself(&self) -> Result<Myself, JiraError> {
        let answer = self.session.send(Method::GET, &self.url("myself", &[])?, None).await?;
        answers::myself(&answer.host, &answer.body)
    }

    /// Creates a worklog carrying the entry's uid. If Jira did not keep the uid sent in the body,
    /// it is set through the property endpoint (the documented way).
    pub async fn add_worklog(
        &self,
        issue: &IssueKey,
        w: &NewWorklog,
        adjust: AdjustEstimate,
    ) -> Result<Worklog, JiraError> {
        let url = self.url(
            &format!("issue/{}/worklog", issue.as_str()),
            &[("adjustEstimate", adjust.as_str().into()), ("expand", "properties".into())],
        )?;
        let answer = self.session.send(Method::POST, &url, Some(&Body::Json(self.worklog_body(w, true)))).await?;
        let worklog = answers::worklog(&answer.host, &answer.body)?;
        if worklog.uid.as_deref() != Some(w.uid.as_str()) {
            if let Err(e) = self.set_uid(issue, &worklog.id, &w.uid).await {
                // The worklog exists and its id is known: the uid only matters for a lookup.
                tracing::warn!(code = e.code(), "the worklog's uid property could not be set");
            }
        }
        Ok(worklog)
    }

    /// Replaces a worklog's start, time and comment (idempotent: the same PUT twice is harmless).
    pub async fn update_worklog(
        &self,
        issue: &IssueKey,
        id: &str,
        w: &NewWorklog,
        adjust: AdjustEstimate,
    ) -> Result<Worklog, JiraError> {
        let url = self.url(
            &format!("issue/{}/worklog/{}", issue.as_str(), checked_id(id)?),
            &[("adjustEstimate", adjust.as_str().into())],
        )?;
        let answer = self.session.send(Method::PUT, &url, Some(&Body::Json(self.worklog_body(w, false)))).await?;
        answers::worklog(&answer.host, &answer.body)
    }

    /// One worklog with its properties; `None` when Jira does not have it (any more).
    pub async fn worklog(&self, issue: &IssueKey, id: &str) -> Result<Option<Worklog>, JiraError> {
        let url = self.url(
            &format!("issue/{}/worklog/{}", issue.as_str(), checked_id(id)?),
            &[("expand", "properties".into())],
        )?;
        match self.session.send(Method::GET, &url, None).await {
            Ok(answer) => Ok(Some(answers::worklog(&answer.host, &answer.body)?)),
            Err(JiraError::Refused { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Deletes a worklog; one Jira does not have is already gone.
    pub async fn delete_worklog(
        &self,
        issue: &IssueKey,
        id: &str,
        adjust: AdjustEstimate,
    ) -> Result<Deleted, JiraError> {
        let url = self.url(
            &format!("issue/{}/worklog/{}", issue.as_str(), checked_id(id)?),
            &[("adjustEstimate", adjust.as_str().into())],
        )?;
        match self.session.send(Method::DELETE, &url, None).await {
            Ok(_) => Ok(Deleted::Deleted),
            Err(JiraError::Refused { status: 404, .. }) => Ok(Deleted::AlreadyGone),
            Err(e) => Err(e),
        }
    }

    /// Stores the entry's uid on a worklog.
    pub async fn set_uid(&self, issue: &IssueKey, id: &str, uid: &str) -> Result<(), JiraError> {
        let url =
            self.url(&format!("issue/{}/worklog/{}/properties/{UID_PROPERTY}", issue.as_str(), checked_id(id)?), &[])?;
        self.session.send(Method::PUT, &url, Some(&Body::Json(json!({ "uid": uid })))).await.map(|_| ())
    }

    /// The issue's worklogs that started within a minute of `started`, with their properties.
    pub async fn worklogs_near(
        &self,
        issue: &IssueKey,
        started: DateTime<FixedOffset>,
    ) -> Result<Vec<Worklog>, JiraError> {
        let at = started.timestamp_millis();
        self.worklogs_between(issue, at - 60_000, at + 60_000).await
    }

    /// The issue's worklogs (everyone's) that started from `after` to before `before` (Unix
    /// milliseconds), with their properties: every page, at most `MAX_PAGES` of 1000.
    pub async fn worklogs_between(&self, issue: &IssueKey, after: i64, before: i64) -> Result<Vec<Worklog>, JiraError> {
        let mut found = Vec::new();
        let mut start_at = 0i64;
        for _ in 0..MAX_PAGES {
            let url = self.url(
                &format!("issue/{}/worklog", issue.as_str()),
                &[
                    ("startAt", start_at.to_string()),
                    ("maxResults", "1000".into()),
                    ("startedAfter", after.to_string()),
                    ("startedBefore", before.to_string()),
                    ("expand", "properties".into()),
                ],
            )?;
            let answer = self.session.send(Method::GET, &url, None).await?;
            let page = answers::worklog_page(&answer.host, &answer.body)?;
            found.extend(page.worklogs);
            match page.next {
                Some(next) => start_at = next,
                None => break,
            }
        }
        Ok(found)
    }

    /// The issues (id, key) on which the signed-in person logged time on the days from `from` to
    /// `to` (in their Jira profile's zone: the caller pads the window), every page of a JQL
    /// search. Jira's search is eventually consistent: a worklog of the last seconds may be
    /// missing, which the next read finds.
    pub async fn issues_with_my_worklogs(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, IssueKey)>, JiraError> {
        let jql = format!(
            "worklogAuthor = currentUser() AND worklogDate >= \"{}\" AND worklogDate <= \"{}\" ORDER BY key ASC",
            from.format("%Y-%m-%d"),
            to.format("%Y-%m-%d")
        );
        let cloud = self.version() == 3;
        let mut found = Vec::new();
        let mut next: Option<answers::NextPage> = None;
        for _ in 0..MAX_PAGES {
            let mut query = vec![("jql", jql.clone()), ("maxResults", "500".to_string())];
            match &next {
                Some(answers::NextPage::Token(token)) => query.push(("nextPageToken", token.clone())),
                Some(answers::NextPage::StartAt(start)) => query.push(("startAt", start.to_string())),
                None => {}
            }
            if !cloud {
                // Data Center gives every field unless told: the key is all that is needed.
                query.push(("fields", "key".into()));
            }
            let path = if cloud { "search/jql" } else { "search" };
            let answer = self.session.send(Method::GET, &self.url(path, &query)?, None).await?;
            let page = answers::issue_page(&answer.host, &answer.body)?;
            for issue in page.issues {
                if !found.contains(&issue) {
                    found.push(issue);
                }
            }
            match page.next {
                Some(n) => next = Some(n),
                None => break,
            }
        }
        Ok(found)
    }

    /// One page of the ids of worklogs changed (`deleted`: deleted) on the whole site since
    /// `since` (Unix milliseconds). Jira leaves out the last minute's changes.
    pub async fn worklogs_changed_since(&self, since: i64, deleted: bool) -> Result<answers::Changes, JiraError> {
        let path = if deleted { "worklog/deleted" } else { "worklog/updated" };
        let answer = self.session.send(Method::GET, &self.url(path, &[("since", since.to_string())])?, None).await?;
        answers::changes(&answer.host, &answer.body, since)
    }

    /// The worklogs with these ids (at most 1000), with their properties.
    pub async fn worklogs_by_id(&self, ids: &[String]) -> Result<Vec<Worklog>, JiraError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        if ids.len() > 1000 {
            return Err(JiraError::Config("at most 1000 worklogs are asked for at once".into()));
        }
        let numbers: Vec<u64> = ids.iter().filter_map(|id| checked_id(id).ok()?.parse().ok()).collect();
        let url = self.url("worklog/list", &[("expand", "properties".into())])?;
        let answer = self.session.send(Method::POST, &url, Some(&Body::Json(json!({ "ids": numbers })))).await?;
        answers::worklog_list(&answer.host, &answer.body)
    }

    /// The key of the issue with Jira's id `issue_id` (a worklog read by id names only that), or
    /// `None` when Jira has no such issue the person can see.
    pub async fn issue_key(&self, issue_id: &str) -> Result<Option<IssueKey>, JiraError> {
        let id = checked_id(issue_id)?;
        let url = self.url(&format!("issue/{id}"), &[("fields", "summary".into())])?;
        let answer = match self.session.send(Method::GET, &url, None).await {
            Ok(answer) => answer,
            Err(JiraError::Refused { status: 404, .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let (found, key) = answers::issue(&answer.host, &answer.body)?;
        Ok((found == id).then_some(key))
    }

    /// The id of the site's Tempo Account field, or `None` where Tempo made none.
    pub async fn tempo_account_field(&self) -> Result<Option<String>, JiraError> {
        let answer = self.session.send(Method::GET, &self.url("field", &[])?, None).await?;
        answers::tempo_account_field(&answer.host, &answer.body)
    }

    /// What Tempo needs about the issue `key` (its ids, its project's, its Account where
    /// `account_field` names the site's field), or `None` when Jira has no such issue the person
    /// can see.
    pub async fn issue_facts(
        &self,
        key: &IssueKey,
        account_field: Option<&str>,
    ) -> Result<Option<answers::IssueFacts>, JiraError> {
        let fields = match account_field {
            Some(field) => format!("project,{field}"),
            None => "project".into(),
        };
        let url = self.url(&format!("issue/{key}"), &[("fields", fields)])?;
        let answer = match self.session.send(Method::GET, &url, None).await {
            Ok(answer) => answer,
            Err(JiraError::Refused { status: 404, .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let facts = answers::issue_facts(&answer.host, &answer.body, account_field)?;
        // Jira answers a moved issue under its new key: the facts are the issue's either way.
        Ok(Some(facts))
    }

    /// Issues matching `text` (Jira's issue picker), for choosing what to track.
    pub async fn pick(&self, text: &str) -> Result<Vec<FoundIssue>, JiraError> {
        let query: String = text.chars().take(200).collect();
        let url = self.url("issue/picker", &[("query", query), ("showSubTasks", "true".into())])?;
        let answer = self.session.send(Method::GET, &url, None).await?;
        answers::picked(&answer.host, &answer.body)
    }

    /// Issues assigned to the user and updated lately, most recent first.
    pub async fn assigned_recently(&self) -> Result<Vec<FoundIssue>, JiraError> {
        let jql = "assignee = currentUser() AND updated >= -30d ORDER BY updated DESC".to_string();
        let query = [("jql", jql), ("maxResults", "50".into()), ("fields", "summary".into())];
        // Cloud retired `search` for `search/jql`; Data Center still has `search`.
        let path = if self.version() == 3 { "search/jql" } else { "search" };
        let answer = self.session.send(Method::GET, &self.url(path, &query)?, None).await?;
        answers::searched(&answer.host, &answer.body)
    }
}
