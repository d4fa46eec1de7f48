//! A Tempo stand-in: the slice of Tempo Cloud's REST API v4 a time tracker uses, beside the Jira
//! server, so Stint can be tested against Tempo where `api.tempo.io` cannot be reached. It starts
//! on port 0 from a test (or by hand with `stint-tempo-server`) and speaks, with a personal API
//! token or an OAuth access token as the bearer (Tempo's OAuth 2.0 for an administrator's app is
//! in `oauth`):
//!
//! - worklogs: create (`POST /4/worklogs`), read, replace (`PUT`, which resets what it is not
//!   sent), delete; a person's worklogs by date and `updatedFrom` (`GET /4/worklogs/user/{id}`)
//!   and `POST /4/worklogs/search`, paged by `offset`/`limit` with `metadata.next`; the Jira↔Tempo
//!   worklog id mappers; deletions through `POST /4/papertrail/search`;
//! - what a worklog needs: `/4/work-attributes` (an Account attribute the site requires, and an
//!   optional text attribute an administrator made for an outside id), `/4/accounts`, the
//!   accounts linked to a project (`/4/account-links/project/{id}`);
//! - what a week holds: the person's required hours (`/4/user-schedule`, weekends and a holiday),
//!   the approval periods (`/4/periods`, weeks) and the person's timesheet in each
//!   (`/4/timesheet-approvals/user/{id}`); a closed period or an approved timesheet refuses writes
//!   with 403 "Period is closed", as Tempo answers.
//!
//! Every request and every successful answer is checked against Tempo's own OpenAPI document
//! (`openapi/tempo-openapi.yaml`, loaded as it is); what does not fit is a violation the tests
//! assert is empty. Beyond the document it holds Tempo's rules as TEMPO.md records them: numeric
//! issue ids only, required work attributes, open accounts only, about 5 requests a second (429
//! without `Retry-After` beyond it), 401 and 403 as HTML pages, and the same faults on demand as
//! the Jira server (429, 500, 503, a connection cut after the commit, an expired token).

mod oauth;
mod routes;
mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;

pub use oauth::TempoOAuthApp;
pub use state::{Approval, TempoWorklog};

use crate::Faults;

/// A personal API token and what it may do.
#[derive(Debug, Clone)]
pub struct TempoToken {
    pub token: String,
    /// "Manage" access to worklogs; without it only GET works ("View"), and a write answers 403.
    pub manage: bool,
}

/// A work attribute the site defines.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub key: String,
    pub name: String,
    /// `ACCOUNT`, `INPUT_FIELD`, `STATIC_LIST`, `CHECKBOX`, `INPUT_NUMERIC`.
    pub kind: String,
    pub required: bool,
    /// A static list's values.
    pub values: Vec<String>,
}

/// A Tempo account (what time is billed to).
#[derive(Debug, Clone)]
pub struct TempoAccount {
    pub id: i64,
    pub key: String,
    pub name: String,
    /// `OPEN`, `CLOSED` or `ARCHIVED`.
    pub status: String,
    /// Open to every project.
    pub global: bool,
}

/// An issue as Tempo knows it: Jira's numeric id, its key and its project's id.
#[derive(Debug, Clone)]
pub struct TempoIssue {
    pub id: i64,
    pub key: String,
    pub project_id: i64,
}

#[derive(Debug, Clone)]
pub struct TempoConfig {
    /// The person the tokens belong to (an Atlassian account id, as in Jira).
    pub account_id: String,
    pub tokens: Vec<TempoToken>,
    /// The issues that exist; a worklog on any other id is refused.
    pub issues: Vec<TempoIssue>,
    pub attributes: Vec<Attribute>,
    pub accounts: Vec<TempoAccount>,
    /// Accounts linked to a project: `(project id, account id, the project's default)`.
    pub account_links: Vec<(i64, i64, bool)>,
    /// Required seconds on a working day (Monday to Friday).
    pub daily_seconds: i64,
    pub holidays: Vec<(NaiveDate, String)>,
    /// Mondays of the weeks whose period is closed.
    pub closed_weeks: Vec<NaiveDate>,
    /// The person's timesheet status by week (its Monday); a week not listed is `Open`.
    pub approvals: Vec<(NaiveDate, Approval)>,
    /// Requests a second before 429 (Tempo: about 5); `None`: no limit.
    pub requests_per_second: Option<u32>,
    /// Answer errors as `{"errors": {"message": …}}` (the spec's prose) instead of the schema's
    /// `{"errors": [{"message": …}]}`: Tempo's documentation has both.
    pub errors_as_object: bool,
    pub latency: Duration,
    pub faults: Faults,
    /// The OAuth app an administrator made (`None`: Tempo's OAuth is not set up).
    pub oauth_app: Option<TempoOAuthApp>,
}

impl Default for TempoConfig {
    fn default() -> TempoConfig {
        let issue = |id: i64, key: &str, project_id: i64| TempoIssue { id, key: key.into(), project_id };
        let account = |id: i64, key: &str, name: &str, status: &str, global: bool| TempoAccount {
            id,
            key: key.into(),
            name: name.into(),
            status: status.into(),
            global,
        };
        TempoConfig {
            account_id: "5b10ac8d82e05b22cc7d4ef5".into(),
            tokens: vec![
                TempoToken { token: "tempo-token-1".into(), manage: true },
                TempoToken { token: "tempo-token-view".into(), manage: false },
            ],
            issues: vec![
                issue(10001, "ABC-1", 10000),
                issue(10002, "ABC-2", 10000),
                issue(10003, "ABC-3", 10000),
                issue(20001, "OPS-1", 20000),
                issue(30001, "ENG-1", 30000),
            ],
            attributes: vec![
                Attribute {
                    key: "_Account_".into(),
                    name: "Account".into(),
                    kind: "ACCOUNT".into(),
                    required: true,
                    values: Vec::new(),
                },
                Attribute {
                    key: "_StintEntry_".into(),
                    name: "Stint entry".into(),
                    kind: "INPUT_FIELD".into(),
                    required: false,
                    values: Vec::new(),
                },
            ],
            accounts: vec![
                account(1, "ACME", "Acme Corp", "OPEN", false),
                account(2, "INTERNAL", "Internal", "OPEN", true),
                account(3, "OLDCO", "Old Co", "CLOSED", false),
            ],
            account_links: vec![(10000, 1, true), (20000, 3, true)],
            daily_seconds: 8 * 3600,
            holidays: vec![(NaiveDate::from_ymd_opt(2026, 12, 25).expect("a date"), "Christmas Day".into())],
            closed_weeks: Vec::new(),
            approvals: Vec::new(),
            requests_per_second: Some(5),
            errors_as_object: false,
            latency: Duration::ZERO,
            faults: Faults::default(),
            oauth_app: Some(TempoOAuthApp::default()),
        }
    }
}

/// A running stand-in; it stops when dropped.
#[derive(Debug)]
pub struct TempoHandle {
    addr: SocketAddr,
    shared: Arc<Mutex<state::TempoState>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts a Tempo stand-in on `127.0.0.1:port` (0: any free port) on its own thread.
pub fn start_tempo(config: TempoConfig, port: u16) -> std::io::Result<TempoHandle> {
    let (listener, addr) = crate::listen(port)?;
    let shared = Arc::new(Mutex::new(state::TempoState::new(config, format!("http://{addr}"))));
    let (stop, thread) = crate::serve(listener, routes::router(shared.clone()), "tempo-test-server")?;
    Ok(TempoHandle { addr, shared, stop: Some(stop), thread: Some(thread) })
}

/// What the stand-in has counted.
#[derive(Debug, Clone, Default)]
pub struct TempoCounters {
    pub requests: u64,
    pub writes: u64,
    pub faults: u64,
    pub rate_limited: u64,
    pub dropped_after_commit: u64,
}

impl TempoHandle {
    /// `http://127.0.0.1:PORT`, Tempo's base URL for a client (paths start with `/4/`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, state::TempoState> {
        self.shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Every worklog Tempo holds, by id.
    pub fn worklogs(&self) -> Vec<TempoWorklog> {
        self.lock().worklogs.values().cloned().collect()
    }

    /// Requests or answers that did not fit Tempo's OpenAPI document.
    pub fn violations(&self) -> Vec<String> {
        self.lock().violations.clone()
    }

    pub fn counters(&self) -> TempoCounters {
        self.lock().counters.clone()
    }

    /// OAuth: `(codes exchanged, refreshes, revocations)`.
    pub fn oauth_counts(&self) -> (u64, u64, u64) {
        let state = self.lock();
        (state.oauth.exchanges, state.oauth.refreshes, state.oauth.revoked)
    }

    /// Whether `token` is a live OAuth access token.
    pub fn oauth_access_ok(&self, token: &str) -> bool {
        self.lock().oauth.access_ok(token)
    }

    pub fn set_faults(&self, faults: Faults) {
        let mut state = self.lock();
        state.rng = faults.seed.max(1);
        state.config.faults = faults;
    }

    pub fn set_latency(&self, latency: Duration) {
        self.lock().config.latency = latency;
    }

    pub fn set_requests_per_second(&self, rate: Option<u32>) {
        self.lock().config.requests_per_second = rate;
    }

    /// Closes the approval period of the week starting on `monday`.
    pub fn close_week(&self, monday: NaiveDate) {
        self.lock().config.closed_weeks.push(monday);
    }

    /// Sets the person's timesheet status for the week starting on `monday`.
    pub fn set_approval(&self, monday: NaiveDate, status: Approval) {
        let mut state = self.lock();
        state.config.approvals.retain(|(week, _)| *week != monday);
        state.config.approvals.push((monday, status));
    }

    /// Logs time in Tempo as the person would on Tempo's own page: on `issue_id`, `date` at
    /// `time` (`HH:MM:SS`), with the Account `account`. Returns the Tempo worklog id.
    pub fn log_in_tempo(&self, issue_id: i64, date: NaiveDate, time: &str, seconds: i64, account: &str) -> i64 {
        let author = self.lock().config.account_id.clone();
        self.log_in_tempo_as(&author, issue_id, date, time, seconds, account)
    }

    /// As `log_in_tempo`, by the person with account id `author` (a colleague, say).
    pub fn log_in_tempo_as(
        &self,
        author: &str,
        issue_id: i64,
        date: NaiveDate,
        time: &str,
        seconds: i64,
        account: &str,
    ) -> i64 {
        let mut state = self.lock();
        let body = serde_json::json!({
            "issueId": issue_id, "authorAccountId": author, "startDate": date.to_string(), "startTime": time,
            "timeSpentSeconds": seconds, "attributes": [{ "key": "_Account_", "value": account }],
        });
        // Signed in to Tempo's page as `author`: the token's own account is theirs for this one.
        let person = std::mem::replace(&mut state.config.account_id, author.to_string());
        let made = state.create(&body).map(|w| w.id);
        state.config.account_id = person;
        made.expect("a valid worklog")
    }

    /// Copies a worklog made through Jira's own API into Tempo, as Tempo's sync does (TEMPO.md:
    /// "worklogs created through Jira's REST API are synced into Tempo"): by the person, with
    /// Jira's id `jira_id` for the mapper, and no work attributes. Returns the Tempo id.
    pub fn copy_from_jira(
        &self,
        jira_id: i64,
        issue_id: i64,
        start: chrono::NaiveDateTime,
        seconds: i64,
        description: &str,
    ) -> i64 {
        self.lock().copy_from_jira(jira_id, issue_id, start, seconds, description)
    }

    /// Deletes a worklog as someone would on Tempo's page; false when there is none.
    pub fn delete_in_tempo(&self, id: i64) -> bool {
        self.lock().delete(id).is_ok()
    }

    /// Every secret the stand-in knows: its tokens.
    pub fn secrets(&self) -> Vec<String> {
        self.lock().config.tokens.iter().map(|t| t.token.clone()).collect()
    }
}

impl Drop for TempoHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
