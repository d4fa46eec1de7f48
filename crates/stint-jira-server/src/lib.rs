//! A Jira test server: the slice of Atlassian's API that Stint uses, so Stint can be tested end to
//! end where Jira Cloud cannot be reached. It starts on port 0 from a test (or by hand with the
//! `stint-jira-server` binary) and speaks:
//!
//! - Atlassian's OAuth 2.0 (3LO): `/authorize` (consents at once and redirects with a code),
//!   `/oauth/token` (checks the PKCE verifier against the challenge and the client secret,
//!   rotates refresh tokens and refuses a superseded one after the reuse window),
//!   `/oauth/token/accessible-resources`; and Data Center's `/rest/oauth2/latest/…`.
//! - The REST API under `/ex/jira/{cloudid}/rest/api/3` (OAuth), `/rest/api/3` (email and API
//!   token, HTTP Basic) and `/rest/api/2` (Data Center: personal access token or OAuth): `myself`,
//!   worklogs (create, list with `startedAfter`/`startedBefore`/`expand=properties`, update,
//!   delete), worklog properties, the issue picker, `search/jql` (with `worklogAuthor` and
//!   `worklogDate`), and the site-wide `worklog/updated`, `worklog/deleted` (1000 a page, the
//!   last minute left out) and `worklog/list`. Several people log time on one site, Tempo's app
//!   user among them, and a test can edit or delete a worklog "in Jira" between syncs.
//!
//! Every request it receives and every response it sends is checked against Atlassian's OpenAPI
//! document (`openapi/`); what does not fit is recorded as a violation, which tests assert is
//! empty. It enforces Jira's write limits and injects faults on demand: latency, 429 with each
//! `RateLimit-Reason`, 500 and 503, a connection dropped after the worklog was committed, and
//! access tokens expired early.

mod contract;
mod routes;
mod schema;
mod state;
pub mod tempo;
pub mod tls;
mod yaml;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use schema::is_date_time;
pub use state::{Counters, StoredWorklog};

use serde_json::{json, Value};

/// A Jira Cloud site the OAuth sign-in can reach.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub cloud_id: String,
    pub name: String,
    pub url: String,
}

/// The one user of the server.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// Something that can go wrong with a request, on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    RateLimitQuota,
    RateLimitBurst,
    RateLimitPerIssue,
    /// Jira Cloud's hourly points quota: `RateLimit-Reason: jira-cost-based`, no `Retry-After`,
    /// `X-RateLimit-Reset` as an ISO time (`retry_after_secs` ahead), and a `Beta-RateLimit-*`
    /// header that says nothing useful.
    RateLimitCostBased,
    Error500,
    Error503,
    /// The worklog (or change) is committed, then the connection is cut before the answer.
    DropAfterCommit,
    /// A valid access token is treated as expired (401), as if its hour had passed.
    ExpiredToken,
}

impl Fault {
    pub const ALL: [Fault; 7] = [
        Fault::RateLimitQuota,
        Fault::RateLimitBurst,
        Fault::RateLimitPerIssue,
        Fault::Error500,
        Fault::Error503,
        Fault::DropAfterCommit,
        Fault::ExpiredToken,
    ];
}

/// Faults injected into REST requests (not the OAuth endpoints).
#[derive(Debug, Clone)]
pub struct Faults {
    /// The share of requests that get a fault, 0.0 to 1.0.
    pub rate: f64,
    /// Seeds the choice, so a failing run replays.
    pub seed: u64,
    pub kinds: Vec<Fault>,
    /// `Retry-After` on injected 429s and 503s, in seconds.
    pub retry_after_secs: u64,
}

impl Default for Faults {
    fn default() -> Faults {
        Faults { rate: 0.0, seed: 1, kinds: Fault::ALL.to_vec(), retry_after_secs: 0 }
    }
}

#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub client_id: String,
    pub client_secret: Option<String>,
    pub access_ttl: Duration,
    /// How long a superseded refresh token still works (Atlassian: 10 minutes). 0 is strictest.
    pub refresh_reuse_window: Duration,
    pub sites: Vec<SiteConfig>,
    pub account: Account,
    /// Email and API token pairs that Basic auth accepts.
    pub api_tokens: Vec<(String, String)>,
    /// Data Center personal access tokens.
    pub personal_tokens: Vec<String>,
    /// The issues that exist, with summaries; `None`: any well-formed key exists.
    pub issues: Option<Vec<(String, String)>>,
    /// Keep worklog properties sent in a create's body (unconfirmed for real Jira).
    pub store_body_properties: bool,
    /// Refuse writes beyond Jira's limits: 20 per issue per 2 s, 100 per issue per 30 s, 100 POST/s.
    pub enforce_rate_limits: bool,
    /// Added to every REST request.
    pub latency: Duration,
    pub faults: Faults,
    /// Jira answers 413 beyond this many worklogs on one issue.
    pub max_worklogs_per_issue: usize,
    /// Issues on which the account may not delete worklogs (no "Delete own worklogs" permission):
    /// a DELETE there answers 400, as Jira does.
    pub deletes_forbidden: Vec<String>,
    /// `worklog/updated` and `worklog/deleted` leave out changes this recent (Jira: the last minute).
    pub hide_recent_changes: Duration,
    /// Jira Data Center's per-user rate limit: a token bucket of this many requests a second
    /// (and as many at once); beyond it, 429 with an HTML page and `X-RateLimit-*` headers but no
    /// `Retry-After`, as Data Center answers.
    pub token_bucket_per_second: Option<u32>,
    /// A site with Tempo: these issues have the ids Tempo knows them by (the Tempo stand-in's), their
    /// projects' ids, and a Tempo Account field (`customfield_10100`, listed by `GET field`) set
    /// where `account` says. Empty: the site has no Tempo.
    pub tempo_issues: Vec<TempoIssueFacts>,
}

/// An issue on a site with Tempo, as its Jira holds it.
#[derive(Debug, Clone)]
pub struct TempoIssueFacts {
    pub key: String,
    pub id: u64,
    pub project_id: u64,
    /// The issue's Tempo Account field: an account id.
    pub account: Option<i64>,
}

/// The Tempo Account field's id on a test site with Tempo.
pub const TEMPO_ACCOUNT_FIELD: &str = "customfield_10100";

/// The Tempo stand-in's issues as its site's Jira holds them, with the Account field set on the
/// issues `accounts` names.
pub fn tempo_site_issues(tempo: &tempo::TempoConfig, accounts: &[(&str, i64)]) -> Vec<TempoIssueFacts> {
    tempo
        .issues
        .iter()
        .map(|i| TempoIssueFacts {
            key: i.key.clone(),
            id: i.id as u64,
            project_id: i.project_id as u64,
            account: accounts.iter().find(|(k, _)| *k == i.key).map(|(_, a)| *a),
        })
        .collect()
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            client_id: "stint-test-client".into(),
            client_secret: Some("stint-test-secret".into()),
            access_ttl: Duration::from_secs(3600),
            // Atlassian's: a process killed between the token answer and storing it can still
            // refresh with the token it had.
            refresh_reuse_window: Duration::from_secs(600),
            sites: vec![SiteConfig {
                cloud_id: "11111111-2222-3333-4444-555555555555".into(),
                name: "acme".into(),
                url: "https://acme.atlassian.net".into(),
            }],
            account: Account {
                id: "5b10ac8d82e05b22cc7d4ef5".into(),
                name: "Ada Tester".into(),
                email: "ada@example.com".into(),
            },
            api_tokens: vec![("ada@example.com".into(), "api-token-1".into())],
            personal_tokens: vec!["dc-pat-1".into()],
            issues: None,
            store_body_properties: true,
            enforce_rate_limits: true,
            latency: Duration::ZERO,
            faults: Faults::default(),
            max_worklogs_per_issue: 10_000,
            deletes_forbidden: Vec::new(),
            hide_recent_changes: Duration::from_secs(60),
            token_bucket_per_second: None,
            tempo_issues: Vec::new(),
        }
    }
}

/// A running server; it stops when dropped.
#[derive(Debug)]
pub struct Handle {
    addr: SocketAddr,
    shared: Arc<Mutex<state::State>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts a server on `127.0.0.1:port` (0: any free port) on its own thread.
pub fn start(config: ServerConfig, port: u16) -> std::io::Result<Handle> {
    let (listener, addr) = listen(port)?;
    let shared = Arc::new(Mutex::new(state::State::new(config, format!("http://{addr}"))));
    let (stop, thread) = serve(listener, routes::router(shared.clone()), "jira-test-server")?;
    Ok(Handle { addr, shared, stop: Some(stop), thread: Some(thread) })
}

/// A listener on `127.0.0.1:port` (0: any free port), and its address.
pub(crate) fn listen(port: u16) -> std::io::Result<(std::net::TcpListener, SocketAddr)> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// Serves `app` on `listener` from a thread of its own until the returned sender fires.
pub(crate) fn serve(
    listener: std::net::TcpListener,
    app: axum::Router,
    name: &str,
) -> std::io::Result<(tokio::sync::oneshot::Sender<()>, std::thread::JoinHandle<()>)> {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new().name(name.into()).spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
    })?;
    Ok((stop, thread))
}

impl Handle {
    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The environment that points Stint at this server.
    pub fn stint_env(&self) -> Vec<(&'static str, String)> {
        let (id, secret) = {
            let s = self.lock();
            (s.config.client_id.clone(), s.config.client_secret.clone().unwrap_or_default())
        };
        let url = self.url();
        vec![
            ("STINT_OAUTH_AUTHORIZE_URL", format!("{url}/authorize")),
            ("STINT_OAUTH_TOKEN_URL", format!("{url}/oauth/token")),
            ("STINT_OAUTH_RESOURCES_URL", format!("{url}/oauth/token/accessible-resources")),
            ("STINT_API_GATEWAY_URL", format!("{url}/ex/jira")),
            ("STINT_OAUTH_CLIENT_ID", id),
            ("STINT_OAUTH_CLIENT_SECRET", secret),
        ]
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, state::State> {
        self.shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Every worklog the server holds, by issue and id.
    pub fn worklogs(&self) -> Vec<StoredWorklog> {
        self.lock().all_worklogs()
    }

    /// Requests or responses that did not fit Atlassian's OpenAPI document.
    pub fn violations(&self) -> Vec<String> {
        self.lock().violations.clone()
    }

    pub fn counters(&self) -> Counters {
        self.lock().counters.clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        self.lock().set_faults(faults);
    }

    /// Sets the issues on which deleting a worklog is refused (none: allowed everywhere).
    pub fn set_deletes_forbidden(&self, issues: &[&str]) {
        self.lock().config.deletes_forbidden = issues.iter().map(|i| i.to_string()).collect();
    }

    pub fn set_latency(&self, latency: Duration) {
        self.lock().config.latency = latency;
    }

    /// Makes every access token expire now (refresh tokens stay valid).
    pub fn expire_access_tokens(&self) {
        self.lock().expire_access_tokens();
    }

    /// Sets how long new access tokens live.
    pub fn set_access_ttl(&self, ttl: Duration) {
        self.lock().config.access_ttl = ttl;
    }

    /// Makes every refresh token unknown, as after 90 days unused or a revoked app.
    pub fn revoke_refresh_tokens(&self) {
        self.lock().revoke_refresh_tokens();
    }

    /// Every secret the server knows or issued: tokens, codes, the client secret. A privacy scan
    /// looks for each in the files Stint wrote.
    pub fn secrets(&self) -> Vec<String> {
        let s = self.lock();
        let mut all: Vec<String> = s.access.keys().chain(s.refresh.keys()).chain(s.codes.keys()).cloned().collect();
        all.extend(s.config.api_tokens.iter().map(|(_, t)| t.clone()));
        all.extend(s.config.personal_tokens.iter().cloned());
        all.extend(s.config.client_secret.iter().cloned());
        all
    }

    /// Adds a worklog as if someone logged it in Jira directly.
    pub fn insert_worklog(&self, issue: &str, started: &str, seconds: i64) -> String {
        self.lock().insert_foreign_worklog(issue, started, seconds)
    }

    /// Logs time "in Jira" as `who` (on the web page, through Tempo, or Stint on another machine
    /// when `uid` is given); returns the worklog's id.
    pub fn log_in_jira(&self, who: Who, issue: &str, started: &str, seconds: i64, comment: Option<&str>) -> String {
        self.log_in_jira_with_uid(who, issue, started, seconds, comment, None)
    }

    /// `log_in_jira`, carrying Stint's uid property as another machine's Stint would.
    pub fn log_in_jira_with_uid(
        &self,
        who: Who,
        issue: &str,
        started: &str,
        seconds: i64,
        comment: Option<&str>,
        uid: Option<&str>,
    ) -> String {
        let mut state = self.lock();
        let author = state.author(who);
        let mut body = json!({ "started": started, "timeSpentSeconds": seconds });
        if let Some(text) = comment {
            body["comment"] = stint_jira_comment(text);
        }
        let id =
            state.add_worklog(issue, &author, &body).map(|w| w.id).expect("the issue exists and the worklog is valid");
        if let Some(uid) = uid {
            let _ = state.set_property(issue, id, UID_PROPERTY, json!({ "uid": uid }));
        }
        id.to_string()
    }

    /// Changes a worklog as someone would on Jira's web page: its length, and its comment when
    /// given. False when there is no such worklog.
    pub fn edit_in_jira(&self, worklog_id: &str, seconds: i64, comment: Option<&str>) -> bool {
        let mut state = self.lock();
        let Some((issue, id)) = state.find_worklog(worklog_id) else { return false };
        let mut body = json!({ "timeSpentSeconds": seconds });
        if let Some(text) = comment {
            body["comment"] = stint_jira_comment(text);
        }
        state.update_worklog(&issue, id, &body).is_ok()
    }

    /// Deletes a worklog as someone would on Jira's web page. False when there is no such worklog.
    pub fn delete_in_jira(&self, worklog_id: &str) -> bool {
        let mut state = self.lock();
        let Some((issue, id)) = state.find_worklog(worklog_id) else { return false };
        state.delete_worklog(&issue, id).is_ok()
    }

    /// Moves every worklog's last change (and every deletion) `by` into the past, as if the site
    /// had been logged on long before: a benchmark seeds thousands of worklogs in a second, which
    /// a real site holds from weeks of work.
    pub fn backdate_changes(&self, by: chrono::Duration) {
        let mut state = self.lock();
        state.backdate_changes(by);
    }

    /// Who `who` is on this server (an account id).
    pub fn account_of(&self, who: Who) -> String {
        self.lock().author(who)
    }
}

/// Whose worklog it is, for a test that logs time "in Jira".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The signed-in person.
    Me,
    /// Another person on the site (numbered: a site has many).
    Colleague(u32),
    /// Tempo's app user, which authors in Jira the worklogs people log through Tempo.
    TempoApp,
}

/// The worklog property Stint writes its entry's uid in (as `stint_jira::UID_PROPERTY`).
const UID_PROPERTY: &str = "stint.entry";

/// A comment as Jira Cloud keeps it (ADF).
fn stint_jira_comment(text: &str) -> Value {
    json!({ "type": "doc", "version": 1, "content": [{ "type": "paragraph", "content": [{ "type": "text", "text": text }] }] })
}

impl Drop for Handle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
