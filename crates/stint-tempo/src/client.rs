//! The Tempo client: one person's token, one region's base URL, Tempo's calls. Requests are paced
//! to Tempo's rate (about 5 a second) here, so no caller can exceed it; what to do after a
//! failure (wait, retry, give up) is the sync's failure policy, which reads `TempoError::class`.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use reqwest::header::HeaderValue;
use reqwest::Method;
use serde_json::{json, Value};
use stint_jira::{Body, Http, Secret};
use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use crate::error::{judge, TempoError};
use crate::model::{
    Account, AccountLink, Day, Page, Period, RawDay, RawLink, Timesheet, TimesheetStatus, WorkAttribute, Worklog,
    WorklogFields,
};

/// Tempo's documented rate: about 5 requests a second, whatever the way of signing in.
pub const REQUESTS_PER_SECOND: u32 = 5;

/// The most pages one listing follows: 5,000 worklogs a page makes this 2.5 million, far beyond a
/// person's; a server that keeps answering "next" is not followed for ever.
const MAX_PAGES: usize = 500;

/// Results asked for per page (Tempo's maximum is 5,000; 1,000 keeps an answer small).
const PAGE_SIZE: u32 = 1000;

/// What became of a deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    Now,
    /// It was not there (deleted before, by someone or an earlier try).
    AlreadyGone,
}

/// A deletion the paper trail records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedWorklog {
    pub tempo_id: i64,
    /// When Tempo recorded it, as Tempo wrote it.
    pub at: String,
}

/// Spaces requests so that no more than `rate` start in any second.
#[derive(Debug)]
struct Pace {
    gap: Duration,
    next: Mutex<Option<Instant>>,
}

impl Pace {
    async fn wait(&self) {
        if self.gap.is_zero() {
            return;
        }
        let slot = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.gap);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// A client for one person on one Tempo region (or a test's stand-in).
#[derive(Debug, Clone)]
pub struct Tempo {
    http: Http,
    base: Url,
    auth: HeaderValue,
    pace: Arc<Pace>,
    page_size: u32,
}

impl Tempo {
    /// A client for `base` (a region's URL, or a test server's) with a personal API token or an
    /// OAuth access token. `base` must be allowed by `http`'s allow-list, or every call is refused.
    pub fn new(http: Http, base: Url, token: &Secret) -> Result<Tempo, TempoError> {
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .map_err(|_| TempoError::Config("the Tempo token holds characters a token cannot have".into()))?;
        auth.set_sensitive(true);
        Ok(Tempo {
            http,
            base,
            auth,
            pace: Arc::new(Pace { gap: gap(Some(REQUESTS_PER_SECOND)), next: Mutex::new(None) }),
            page_size: PAGE_SIZE,
        })
    }

    /// The same client asking for `size` results a page (1 to 5,000): the tests page through few.
    pub fn with_page_size(mut self, size: u32) -> Tempo {
        self.page_size = size.clamp(1, 5000);
        self
    }

    /// The same client at another pace (`None`: unpaced), for a stand-in with another limit.
    pub fn with_rate(mut self, per_second: Option<u32>) -> Tempo {
        self.pace = Arc::new(Pace { gap: gap(per_second), next: Mutex::new(None) });
        self
    }

    fn url(&self, path: &str) -> Result<Url, TempoError> {
        self.base.join(path).map_err(|e| TempoError::Config(format!("the Tempo address does not take `{path}`: {e}")))
    }

    async fn call(&self, method: Method, url: Url, body: Option<Value>) -> Result<Option<Value>, TempoError> {
        self.pace.wait().await;
        let body = body.map(Body::Json);
        let answer = self
            .http
            .exchange(method, &url, Some(&self.auth), body.as_ref())
            .await
            .map_err(TempoError::from_transport)?;
        judge(answer.status, &answer.body, &answer.host, answer.retry_after)?;
        if answer.body.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&answer.body)
            .map(Some)
            .map_err(|e| TempoError::BadAnswer { host: answer.host.clone(), detail: format!("not JSON: {e}") })
    }

    fn bad(&self, detail: impl Into<String>) -> TempoError {
        TempoError::BadAnswer { host: self.base.host_str().unwrap_or("?").to_string(), detail: detail.into() }
    }

    async fn answer(&self, method: Method, url: Url, body: Option<Value>) -> Result<Value, TempoError> {
        self.call(method, url, body).await?.ok_or_else(|| self.bad("an empty answer"))
    }

    fn worklog(&self, value: Value) -> Result<Worklog, TempoError> {
        Worklog::read(value).map_err(|e| self.bad(format!("a worklog: {e}")))
    }

    /// Every result of a listing, following `metadata.next` while it stays on Tempo's host.
    async fn all_pages(&self, first: Url, body: Option<Value>) -> Result<Vec<Value>, TempoError> {
        let mut results = Vec::new();
        let mut url = first;
        let method = if body.is_some() { Method::POST } else { Method::GET };
        for _ in 0..MAX_PAGES {
            let page: Page = serde_json::from_value(self.answer(method.clone(), url.clone(), body.clone()).await?)
                .map_err(|e| self.bad(format!("a page: {e}")))?;
            let count = page.results.len();
            results.extend(page.results);
            let Some(next) = page.metadata.next else { return Ok(results) };
            let next = Url::parse(&next).map_err(|_| self.bad("`metadata.next` is not a URL"))?;
            if next.origin() != self.base.origin() {
                return Err(self.bad(format!("`metadata.next` leads to another host ({})", next.authority())));
            }
            if count == 0 {
                return Err(self.bad("an empty page that says there is a next one"));
            }
            url = next;
        }
        Err(self.bad(format!("more than {MAX_PAGES} pages")))
    }

    // ---- Worklogs -----------------------------------------------------------------------------

    /// Creates a worklog; Tempo answers with it, its id included.
    pub async fn create(&self, fields: &WorklogFields) -> Result<Worklog, TempoError> {
        let value = self.answer(Method::POST, self.url("/4/worklogs")?, Some(fields.create_body())).await?;
        self.worklog(value)
    }

    /// Replaces worklog `id` with `fields` (its issue cannot change: that is a delete and a create).
    pub async fn replace(&self, id: i64, fields: &WorklogFields) -> Result<Worklog, TempoError> {
        let url = self.url(&format!("/4/worklogs/{id}"))?;
        let value = self.answer(Method::PUT, url, Some(fields.replace_body())).await?;
        self.worklog(value)
    }

    /// Worklog `id`, or `None` when Tempo holds none by that id.
    pub async fn get(&self, id: i64) -> Result<Option<Worklog>, TempoError> {
        match self.answer(Method::GET, self.url(&format!("/4/worklogs/{id}"))?, None).await {
            Ok(value) => self.worklog(value).map(Some),
            Err(TempoError::Refused { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn delete(&self, id: i64) -> Result<Deleted, TempoError> {
        match self.call(Method::DELETE, self.url(&format!("/4/worklogs/{id}"))?, None).await {
            Ok(_) => Ok(Deleted::Now),
            Err(TempoError::Refused { status: 404, .. }) => Ok(Deleted::AlreadyGone),
            Err(e) => Err(e),
        }
    }

    /// The person's worklogs dated `from` to `to` (inclusive), or only those changed since
    /// `updated_from` (`yyyy-MM-ddTHH:mm:ssZ`, inclusive), oldest change first.
    pub async fn worklogs_of(
        &self,
        account_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        updated_from: Option<&str>,
    ) -> Result<Vec<Worklog>, TempoError> {
        let mut url = self.url(&format!("/4/worklogs/user/{account_id}"))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("from", &from.to_string()).append_pair("to", &to.to_string());
            if let Some(since) = updated_from {
                q.append_pair("updatedFrom", since);
            }
            q.append_pair("offset", "0").append_pair("limit", &self.page_size.to_string());
        }
        self.all_pages(url, None).await?.into_iter().map(|v| self.worklog(v)).collect()
    }

    /// The person's worklogs on `issue_ids` dated `from` to `to`: what reconciliation looks in
    /// after a create whose answer was lost.
    pub async fn search(
        &self,
        account_id: &str,
        issue_ids: &[i64],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Worklog>, TempoError> {
        let mut url = self.url("/4/worklogs/search")?;
        url.query_pairs_mut().append_pair("offset", "0").append_pair("limit", &self.page_size.to_string());
        let body =
            json!({ "authorIds": [account_id], "issueIds": issue_ids, "from": from.to_string(), "to": to.to_string() });
        self.all_pages(url, Some(body)).await?.into_iter().map(|v| self.worklog(v)).collect()
    }

    /// Tempo's ids for Jira's copies of its worklogs (Jira worklog id → Tempo worklog id); ids
    /// Tempo does not know are left out.
    pub async fn tempo_ids_of_jira(&self, jira_ids: &[i64]) -> Result<Vec<(i64, i64)>, TempoError> {
        if jira_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut url = self.url("/4/worklogs/jira-to-tempo")?;
        url.query_pairs_mut().append_pair("offset", "0").append_pair("limit", &self.page_size.to_string());
        let pages = self.all_pages(url, Some(json!({ "jiraWorklogIds": jira_ids }))).await?;
        pages
            .into_iter()
            .map(|p| match (p["jiraWorklogId"].as_i64(), p["tempoWorklogId"].as_i64()) {
                (Some(j), Some(t)) => Ok((j, t)),
                _ => Err(self.bad("an id pair without both ids")),
            })
            .collect()
    }

    /// Worklogs deleted since `since` (RFC 3339, within 180 days), from Tempo's paper trail.
    pub async fn deleted_since(&self, since: &str, worker: &str) -> Result<Vec<DeletedWorklog>, TempoError> {
        let mut found = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut url = self.url("/4/papertrail/search")?;
            {
                let mut q = url.query_pairs_mut();
                q.append_pair("limit", &self.page_size.to_string());
                if let Some(t) = &token {
                    q.append_pair("nextPageToken", t);
                }
            }
            let body = json!({ "from": since, "entityType": ["worklog"], "action": ["Deleted"], "worker": [worker] });
            let page: Page = serde_json::from_value(self.answer(Method::POST, url, Some(body)).await?)
                .map_err(|e| self.bad(format!("a paper trail page: {e}")))?;
            for event in &page.results {
                let id = event["entityId"].as_str().and_then(|s| s.parse::<i64>().ok());
                let at = event["timestamp"].as_str();
                match (id, at) {
                    (Some(tempo_id), Some(at)) => found.push(DeletedWorklog { tempo_id, at: at.to_string() }),
                    _ => return Err(self.bad("a paper trail event without its worklog id or time")),
                }
            }
            match page.metadata.next_page_token {
                Some(next) if !page.results.is_empty() => token = Some(next),
                _ => return Ok(found),
            }
        }
        Err(self.bad(format!("more than {MAX_PAGES} pages")))
    }

    // ---- What a worklog needs ---------------------------------------------------------------

    pub async fn work_attributes(&self) -> Result<Vec<WorkAttribute>, TempoError> {
        let mut url = self.url("/4/work-attributes")?;
        url.query_pairs_mut().append_pair("offset", "0").append_pair("limit", &self.page_size.to_string());
        let all = self.all_pages(url, None).await?;
        all.into_iter()
            .map(|v| serde_json::from_value(v).map_err(|e| self.bad(format!("a work attribute: {e}"))))
            .collect()
    }

    pub async fn accounts(&self) -> Result<Vec<Account>, TempoError> {
        let mut url = self.url("/4/accounts")?;
        url.query_pairs_mut().append_pair("offset", "0").append_pair("limit", &self.page_size.to_string());
        let all = self.all_pages(url, None).await?;
        all.into_iter().map(|v| serde_json::from_value(v).map_err(|e| self.bad(format!("an account: {e}")))).collect()
    }

    /// The accounts linked to Jira project `project_id`, global accounts included.
    pub async fn account_links(&self, project_id: i64) -> Result<Vec<AccountLink>, TempoError> {
        let mut url = self.url(&format!("/4/account-links/project/{project_id}"))?;
        url.query_pairs_mut().append_pair("includeGlobalAccounts", "true");
        let page: Page = serde_json::from_value(self.answer(Method::GET, url, None).await?)
            .map_err(|e| self.bad(format!("account links: {e}")))?;
        page.results
            .into_iter()
            .map(|v| {
                let link: RawLink = serde_json::from_value(v).map_err(|e| self.bad(format!("an account link: {e}")))?;
                // The link names its account only by address: `…/4/accounts/{id}`.
                let id = link.account.link.rsplit('/').next().and_then(|s| s.parse().ok());
                let account_id = id.ok_or_else(|| self.bad("an account link whose account has no id"))?;
                Ok(AccountLink { account_id, default: link.default })
            })
            .collect()
    }

    // ---- What a week holds ------------------------------------------------------------------

    /// The signed-in person's required time for each day `from` to `to`.
    pub async fn schedule(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Day>, TempoError> {
        let mut url = self.url("/4/user-schedule")?;
        url.query_pairs_mut().append_pair("from", &from.to_string()).append_pair("to", &to.to_string());
        let page: Page = serde_json::from_value(self.answer(Method::GET, url, None).await?)
            .map_err(|e| self.bad(format!("a schedule: {e}")))?;
        page.results
            .into_iter()
            .map(|v| {
                let day: RawDay = serde_json::from_value(v).map_err(|e| self.bad(format!("a day: {e}")))?;
                day.read().map_err(|e| self.bad(e))
            })
            .collect()
    }

    pub async fn periods(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Period>, TempoError> {
        let mut url = self.url("/4/periods")?;
        url.query_pairs_mut().append_pair("from", &from.to_string()).append_pair("to", &to.to_string());
        let value = self.answer(Method::GET, url, None).await?;
        serde_json::from_value(value.get("periods").cloned().unwrap_or(Value::Array(Vec::new())))
            .map_err(|e| self.bad(format!("periods: {e}")))
    }

    /// The person's timesheet in the period holding `day`.
    pub async fn timesheet(&self, account_id: &str, day: NaiveDate) -> Result<Timesheet, TempoError> {
        let mut url = self.url(&format!("/4/timesheet-approvals/user/{account_id}"))?;
        url.query_pairs_mut().append_pair("from", &day.to_string());
        let v = self.answer(Method::GET, url, None).await?;
        let period: Period =
            serde_json::from_value(v["period"].clone()).map_err(|e| self.bad(format!("a timesheet's period: {e}")))?;
        let status = match v["status"]["key"].as_str() {
            Some("OPEN") => TimesheetStatus::Open,
            Some("IN_REVIEW") => TimesheetStatus::InReview,
            Some("APPROVED") => TimesheetStatus::Approved,
            other => return Err(self.bad(format!("timesheet status {other:?}"))),
        };
        let seconds = |field: &str| v[field].as_i64().ok_or_else(|| self.bad(format!("a timesheet without {field}")));
        Ok(Timesheet {
            period,
            status,
            required_seconds: seconds("requiredSeconds")?,
            spent_seconds: seconds("timeSpentSeconds")?,
        })
    }
}

fn gap(per_second: Option<u32>) -> Duration {
    per_second.filter(|r| *r > 0).map_or(Duration::ZERO, |r| Duration::from_secs(1) / r)
}
