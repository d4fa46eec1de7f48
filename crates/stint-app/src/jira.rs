//! The facade's Jira operations: sign in (four ways), sign out, who am I, sync, retry, issue
//! search and the audit log. Each builds what it needs from the settings (every address is
//! configurable and checked; the HTTP client may reach only those hosts) and runs the async
//! client on a runtime of its own, so shells call it like everything else here: blocking.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use stint_domain::IssueKey;
use stint_jira::loopback::Listener;
use stint_jira::oauth::{self, Flavor};
use stint_jira::{
    check_site, AllowList, Connection, Credential, FoundIssue, Http, Jira, JiraError, Mode, OAuthApp, Refresher,
    Secret, Session, Site, Vault,
};
use stint_store::{AuditRow, Store, StoredConnection};
use stint_sync::{Options, Progress};
use url::Url;

use crate::views::local;
use crate::{AppError, Stint};

/// How long issue summaries are kept.
const SUMMARY_RETENTION_DAYS: i64 = 30;

/// How to sign in.
#[derive(Clone)]
pub enum SignIn {
    /// Jira Cloud, OAuth 2.0 in the browser; `site` picks one when several come back.
    CloudOAuth { site: Option<String> },
    /// Jira Cloud, email and API token.
    CloudApiToken { site: String, email: String, token: Secret },
    /// Jira Data Center / Server, personal access token.
    DataCenterToken { site: String, token: Secret },
    /// Jira Data Center's own OAuth 2.0 in the browser.
    DataCenterOAuth { site: String },
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignIn { .. }")
    }
}

/// What a shell does during a browser sign-in.
pub trait SignInUi {
    /// The person must visit `url` (open the browser, or print it).
    fn visit(&mut self, url: &str);
    /// Several sites came back: the one to use, or `None` to stop.
    fn choose_site(&mut self, sites: &[Site]) -> Option<usize>;
}

/// Who Stint is signed in as.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Whoami {
    pub signed_in: bool,
    /// The site, as people know it.
    pub site: Option<String>,
    /// The account's name in Jira.
    pub account: Option<String>,
    pub account_id: Option<String>,
    /// `cloud_oauth`, `cloud_api_token`, `data_center_token`, `data_center_oauth`.
    pub how: Option<&'static str>,
    /// The same, in words.
    pub how_text: Option<&'static str>,
    /// Jira no longer accepts the sign-in (or it was signed out): `stint login`.
    pub needs_sign_in: bool,
}

/// What a sync did (`stint sync --json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncSummary {
    pub pushed: usize,
    pub updated: usize,
    pub deleted: usize,
    pub failed: usize,
    pub remaining: usize,
    /// Why it stopped early: `{code, message}`, or null.
    pub stopped: Option<SyncStop>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncStop {
    pub code: &'static str,
    pub message: String,
    /// What to do, for each shell to word.
    pub remedy: Option<stint_domain::Remedy>,
}

/// Issues for a picker: from Jira, or (offline) the recent ones tracked here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueList {
    /// `jira`, or `recent` when Jira could not be asked.
    pub source: &'static str,
    pub issues: Vec<FoundIssue>,
    /// Why Jira was not asked, when it was not.
    pub offline_reason: Option<String>,
}

/// An audit line with its time in the local zone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditLine {
    #[serde(serialize_with = "stint_domain::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: chrono::DateTime<chrono::FixedOffset>,
    #[serde(flatten)]
    pub row: AuditRow,
}

/// A runtime for one operation.
fn runtime() -> Result<tokio::runtime::Runtime, AppError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| AppError::sign_in(format!("could not start the network runtime: {e}")))
}

/// Keychain calls block; outside any runtime they are plain calls.
fn vault_for(store: &mut Store) -> Result<Vault, AppError> {
    let id = store.read(|tx| tx.install_id())?;
    Ok(Vault::for_install(&id))
}

impl Stint {
    fn http(&self, allow: AllowList) -> Result<Http, AppError> {
        let timeout = Duration::from_secs(self.settings().jira.http_timeout_seconds.max(1) as u64);
        Ok(Http::new(allow, timeout)?)
    }

    fn oauth_app(&self) -> Result<OAuthApp, AppError> {
        let j = &self.settings().jira;
        let client_id = j.client_id.clone().ok_or(AppError::NoOAuthApp)?;
        Ok(OAuthApp { client_id, client_secret: j.client_secret.clone(), redirect_port: j.redirect_port })
    }

    fn lock_path(&self, name: &str) -> PathBuf {
        self.paths().data_dir.join(name)
    }

    /// Signs in, checks the account with Jira, and keeps the token in the keychain.
    /// `timeout`: how long to wait for the browser (`5m` by default, 10 s to an hour).
    pub fn login(&mut self, how: SignIn, timeout: Option<&str>, ui: &mut dyn SignInUi) -> Result<Whoami, AppError> {
        let timeout = match timeout {
            None => Duration::from_secs(300),
            Some(text) => {
                let seconds = stint_domain::parse_span(text)?;
                if !(10..=3600).contains(&seconds) {
                    return Err(stint_domain::DomainError::OutOfRange {
                        input: text.trim().chars().take(20).collect(),
                        rule: "give a sign-in timeout from 10s to 1h",
                    }
                    .into());
                }
                Duration::from_secs(seconds as u64)
            }
        };
        let rt = runtime()?;
        let (connection, credential) = rt.block_on(self.sign_in(how, timeout, ui))?;
        drop(rt);
        let previous = self.store().read(|tx| tx.connection())?;
        if let Some(previous) = previous.filter(|p| p.site != connection.site.as_str()) {
            let synced = self.store().read(|tx| tx.counts())?.synced;
            if synced > 0 {
                return Err(AppError::OtherSite { previous: previous.site, new: connection.site.to_string(), synced });
            }
        }
        let vault = vault_for(self.store())?;
        // The keychain first: a connection without its token would only say "sign in again".
        vault.save(&credential)?;
        let stored = StoredConnection {
            mode: connection.mode.as_str().into(),
            site: connection.site.to_string(),
            api_base: connection.api_base.to_string(),
            cloud_id: connection.cloud_id.clone(),
            account_id: connection.account_id.clone(),
            account_name: connection.account_name.clone(),
            signed_in_at: Utc::now(),
            needs_sign_in: false,
        };
        self.store().write(|tx| tx.set_connection(&stored))?;
        tracing::info!(mode = connection.mode.as_str(), "signed in");
        self.whoami()
    }

    async fn sign_in(
        &self,
        how: SignIn,
        timeout: Duration,
        ui: &mut dyn SignInUi,
    ) -> Result<(Connection, Credential), AppError> {
        let j = self.settings().jira.clone();
        match how {
            SignIn::CloudApiToken { site, email, token } => {
                let site = check_site(&site)?;
                let credential = Credential::ApiToken { email: Secret::new(email), token };
                self.check_account(Mode::CloudApiToken, site.clone(), site, None, credential).await
            }
            SignIn::DataCenterToken { site, token } => {
                let site = check_site(&site)?;
                let credential = Credential::PersonalToken { token };
                self.check_account(Mode::DataCenterToken, site.clone(), site, None, credential).await
            }
            SignIn::DataCenterOAuth { site } => {
                let site = check_site(&site)?;
                let app = self.oauth_app()?;
                let authorize =
                    site.join("rest/oauth2/latest/authorize").map_err(|e| AppError::sign_in(e.to_string()))?;
                let token_url = site.join("rest/oauth2/latest/token").map_err(|e| AppError::sign_in(e.to_string()))?;
                let http = self.http(AllowList::new([&site]))?;
                let tokens = browser_flow(&http, Flavor::DataCenter, &authorize, &token_url, &app, timeout, ui).await?;
                self.check_account(Mode::DataCenterOauth, site.clone(), site, None, oauth_credential(tokens)).await
            }
            SignIn::CloudOAuth { site } => {
                let app = self.oauth_app()?;
                let http = self.http(AllowList::new([&j.token_url, &j.resources_url, &j.api_gateway_url]))?;
                let tokens =
                    browser_flow(&http, Flavor::Cloud, &j.authorize_url, &j.token_url, &app, timeout, ui).await?;
                let sites = oauth::sites(&http, &j.resources_url, &tokens.access).await?;
                let chosen = choose_site(&sites, site.as_deref(), ui)?;
                let site_url = check_site(&chosen.url).unwrap_or_else(|_| j.api_gateway_url.clone());
                let mut api_base = j.api_gateway_url.clone();
                if !api_base.path().ends_with('/') {
                    let path = format!("{}/", api_base.path());
                    api_base.set_path(&path);
                }
                let api_base =
                    api_base.join(&format!("{}/", chosen.id)).map_err(|e| AppError::sign_in(e.to_string()))?;
                self.check_account(
                    Mode::CloudOauth,
                    site_url,
                    api_base,
                    Some(chosen.id.clone()),
                    oauth_credential(tokens),
                )
                .await
            }
        }
    }

    /// Asks Jira who the credential belongs to; that account becomes the connection's.
    async fn check_account(
        &self,
        mode: Mode,
        site: Url,
        api_base: Url,
        cloud_id: Option<String>,
        credential: Credential,
    ) -> Result<(Connection, Credential), AppError> {
        let http = self.http(AllowList::new([&api_base]))?;
        let connection = Connection { mode, site, api_base, cloud_id, account_id: String::new(), account_name: None };
        // Fresh tokens need no refresh: this check never refreshes, so nothing reaches the
        // keychain before the sign-in is confirmed.
        let session = Session::new(
            http,
            connection.clone(),
            Vault::for_install("unused"),
            self.lock_path("jira-sign-in.lock"),
            None,
            credential.clone(),
        );
        let me = Jira::new(session).myself().await.map_err(|e| match e {
            JiraError::NeedsSignIn(_) => AppError::sign_in(refused_credentials(mode)),
            other => AppError::Jira(other),
        })?;
        let account_id = me.id().unwrap_or_default().to_string();
        Ok((Connection { account_id, account_name: me.display_name.clone(), ..connection }, credential))
    }

    /// The stored sign-in; needs no network.
    pub fn whoami(&mut self) -> Result<Whoami, AppError> {
        let connection = self.store().read(|tx| tx.connection())?;
        Ok(match connection {
            None => Whoami {
                signed_in: false,
                site: None,
                account: None,
                account_id: None,
                how: None,
                how_text: None,
                needs_sign_in: false,
            },
            Some(c) => {
                let mode = Mode::parse(&c.mode);
                Whoami {
                    signed_in: !c.needs_sign_in,
                    site: Some(c.site),
                    account: c.account_name,
                    account_id: Some(c.account_id),
                    how: mode.map(Mode::as_str),
                    how_text: mode.map(Mode::describe),
                    needs_sign_in: c.needs_sign_in,
                }
            }
        })
    }

    /// Deletes every token Stint holds; queued work stays queued. Returns whether there was one.
    pub fn logout(&mut self) -> Result<bool, AppError> {
        let vault = vault_for(self.store())?;
        let deleted = vault.delete()?;
        let had = self.store().write(|tx| -> Result<bool, AppError> {
            let had = tx.connection()?.is_some();
            tx.mark_needs_sign_in()?;
            Ok(had)
        })?;
        tracing::info!("signed out");
        Ok(deleted || had)
    }

    /// A session for the stored sign-in, or why there is none.
    fn session(&mut self) -> Result<Arc<Jira>, AppError> {
        let stored = self.store().read(|tx| tx.connection())?;
        let Some(stored) = stored.filter(|c| !c.needs_sign_in) else { return Err(JiraError::NotSignedIn.into()) };
        let mode = Mode::parse(&stored.mode).ok_or(JiraError::NotSignedIn)?;
        let site = check_site(&stored.site)?;
        let api_base = check_site(&stored.api_base)?;
        let vault = vault_for(self.store())?;
        let credential = vault.load()?.ok_or_else(|| JiraError::NeedsSignIn("no token is in the keychain".into()))?;
        let j = self.settings().jira.clone();
        let refresher = match mode {
            Mode::CloudOauth => {
                Some(Refresher { flavor: Flavor::Cloud, token_url: j.token_url.clone(), app: self.oauth_app()? })
            }
            Mode::DataCenterOauth => Some(Refresher {
                flavor: Flavor::DataCenter,
                token_url: site.join("rest/oauth2/latest/token").map_err(|e| AppError::sign_in(e.to_string()))?,
                app: self.oauth_app()?,
            }),
            Mode::CloudApiToken | Mode::DataCenterToken => None,
        };
        if mode == Mode::CloudOauth && !api_base.as_str().starts_with(j.api_gateway_url.as_str().trim_end_matches('/'))
        {
            return Err(AppError::SignIn {
                problem: format!(
                    "the stored Jira site ({api_base}) is not under the configured API gateway ({})",
                    j.api_gateway_url
                ),
                remedy: Some(stint_domain::Remedy::SignIn),
            });
        }
        let mut allow = AllowList::new([&api_base]);
        if let Some(r) = &refresher {
            allow.add(&r.token_url);
        }
        let connection = Connection {
            mode,
            site,
            api_base,
            cloud_id: stored.cloud_id,
            account_id: stored.account_id,
            account_name: stored.account_name,
        };
        let session = Session::new(
            self.http(allow)?,
            connection,
            vault,
            self.lock_path("jira-sign-in.lock"),
            refresher,
            credential,
        );
        Ok(Arc::new(Jira::new(session)))
    }

    /// Pushes the queue to Jira. `settle`: leave entries changed within `sync_delay` (what the
    /// desktop app's automatic sync does). Two syncs never run at once.
    pub fn sync(&mut self, settle: bool, progress: &dyn Progress) -> Result<SyncSummary, AppError> {
        let lock = self.sync_lock()?;
        let jira = match self.session() {
            Ok(jira) => jira,
            Err(AppError::Jira(e)) if e.class() == stint_jira::Class::NeedsSignIn => {
                let waiting = self.store().write(|tx| tx.mark_needs_sign_in())?;
                tracing::info!(waiting, "sync needs a sign-in");
                return Err(AppError::Jira(e));
            }
            Err(e) => return Err(e),
        };
        let j = self.settings().jira.clone();
        let options = Options {
            adjust: j.adjust_estimate,
            in_doubt_wait: Duration::from_secs(j.http_timeout_seconds.max(1) as u64),
            settle: settle.then(|| Duration::from_secs(j.sync_delay_seconds.max(0) as u64)),
            ..Options::default()
        };
        // The engine writes through a connection of its own.
        let store = Arc::new(Mutex::new(Store::open(&self.paths().database)?));
        let report = runtime()?.block_on(stint_sync::run(jira, store, &options, progress))?;
        drop(lock);
        let stopped =
            report.stopped.map(|stop| SyncStop { code: stop.code, message: stop.message, remedy: stop.remedy });
        Ok(SyncSummary {
            pushed: report.pushed,
            updated: report.updated,
            deleted: report.deleted,
            failed: report.failed,
            remaining: report.remaining,
            stopped,
        })
    }

    fn sync_lock(&self) -> Result<std::fs::File, AppError> {
        let path = self.lock_path("sync.lock");
        let mut options = std::fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(|source| AppError::Io { action: "open", path: path.clone(), source })?;
        match file.try_lock() {
            Ok(()) => Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => Err(AppError::SyncRunning),
            Err(std::fs::TryLockError::Error(source)) => Err(AppError::Io { action: "lock", path, source }),
        }
    }

    /// Puts refused entries back in the queue: one (`id`), or all. Returns how many.
    pub fn retry(&mut self, id: Option<&str>) -> Result<usize, AppError> {
        let id = id.map(crate::api::parse_id).transpose()?;
        let count = self.store().write(|tx| -> Result<usize, AppError> {
            if let Some(id) = id {
                let entry = tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
                if entry.sync != stint_domain::SyncState::Failed {
                    return Err(AppError::NotFailed(id.0));
                }
            }
            Ok(tx.retry_failed(id)?)
        })?;
        tracing::info!(count, "retry");
        Ok(count)
    }

    /// Issues to pick from: matching `text` in Jira, or (no text) assigned to you lately. Offline,
    /// or not signed in, the issues tracked lately here, with their kept summaries.
    pub fn find_issues(&mut self, text: Option<&str>) -> Result<IssueList, AppError> {
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        let found = match self.session() {
            Ok(jira) => {
                let rt = runtime()?;
                rt.block_on(async {
                    match text {
                        Some(t) => jira.pick(t).await,
                        None => jira.assigned_recently().await,
                    }
                })
                .map_err(AppError::from)
            }
            Err(e) => Err(e),
        };
        let now = Utc::now();
        match found {
            Ok(issues) => {
                self.store().write(|tx| -> Result<(), AppError> {
                    for issue in &issues {
                        if let Ok(key) = IssueKey::parse(&issue.key) {
                            tx.keep_summary(&key, &issue.summary, now)?;
                        }
                    }
                    tx.prune_summaries(now - chrono::Duration::days(SUMMARY_RETENTION_DAYS))?;
                    Ok(())
                })?;
                Ok(IssueList { source: "jira", issues, offline_reason: None })
            }
            Err(e) if matches!(&e, AppError::Jira(j) if j.class() != stint_jira::Class::Permanent) => {
                let recent = self.store().write(|tx| -> Result<_, AppError> {
                    tx.prune_summaries(now - chrono::Duration::days(SUMMARY_RETENTION_DAYS))?;
                    Ok(tx.recent_issues(50)?)
                })?;
                let wanted = text.map(str::to_lowercase);
                let issues = recent
                    .into_iter()
                    .map(|(key, summary)| FoundIssue { key: key.to_string(), summary: summary.unwrap_or_default() })
                    .filter(|i| {
                        wanted
                            .as_ref()
                            .is_none_or(|w| i.key.to_lowercase().contains(w) || i.summary.to_lowercase().contains(w))
                    })
                    .collect();
                Ok(IssueList { source: "recent", issues, offline_reason: Some(e.to_string()) })
            }
            Err(e) => Err(e),
        }
    }

    /// The newest `limit` lines of the audit log, oldest first.
    pub fn audit(&mut self, limit: usize) -> Result<Vec<AuditLine>, AppError> {
        let rows = self.store().read(|tx| tx.audit_log(limit))?;
        Ok(rows.into_iter().map(|row| AuditLine { at: local(row.at), row }).collect())
    }
}

/// Why Jira did not take the credentials, in the words of the way they were given.
fn refused_credentials(mode: Mode) -> &'static str {
    match mode {
        Mode::CloudApiToken => {
            "Jira did not accept those credentials: check the site, the email and the API token (a new one is made at \
             https://id.atlassian.com/manage-profile/security/api-tokens), then try again"
        }
        Mode::DataCenterToken => {
            "Jira did not accept that personal access token: check the site and the token (your Jira profile's \
             Personal Access Tokens page makes a new one), then try again"
        }
        Mode::CloudOauth | Mode::DataCenterOauth => {
            "Jira did not accept the sign-in it just gave: the account may lack access to Jira on this site; try again, \
             or sign in with another account"
        }
    }
}

fn oauth_credential(tokens: oauth::Tokens) -> Credential {
    Credential::OAuth {
        access: tokens.access,
        refresh: tokens.refresh,
        expires_at: tokens.expires_at.map(|t| t.timestamp()),
    }
}

/// The browser part of an OAuth sign-in: listen, send the person to authorize, take the code.
async fn browser_flow(
    http: &Http,
    flavor: Flavor,
    authorize_url: &Url,
    token_url: &Url,
    app: &OAuthApp,
    timeout: Duration,
    ui: &mut dyn SignInUi,
) -> Result<oauth::Tokens, AppError> {
    let listener = Listener::bind(app.redirect_port).await?;
    let authorization = oauth::authorize(flavor, authorize_url, app);
    ui.visit(authorization.url.as_str());
    let code = listener.wait_for_code(&authorization.state, timeout).await?;
    Ok(oauth::exchange(http, flavor, token_url, app, code.expose(), authorization, Utc::now()).await?)
}

/// The site to use: the one `wanted` names (address, name or cloud id), the only one, or the
/// person's choice.
fn choose_site(sites: &[Site], wanted: Option<&str>, ui: &mut dyn SignInUi) -> Result<Site, AppError> {
    let listed = || sites.iter().map(|s| s.url.clone()).collect::<Vec<_>>();
    if sites.is_empty() {
        return Err(AppError::sign_in("this Atlassian account can reach no Jira site with the granted scopes"));
    }
    if let Some(wanted) = wanted {
        let w = wanted.trim().trim_end_matches('/').to_lowercase();
        return sites
            .iter()
            .find(|s| s.url.trim_end_matches('/').to_lowercase() == w || s.name.to_lowercase() == w || s.id == w)
            .cloned()
            .ok_or_else(|| AppError::ChooseSite { wanted: Some(wanted.to_string()), sites: listed() });
    }
    if sites.len() == 1 {
        return Ok(sites[0].clone());
    }
    ui.choose_site(sites)
        .and_then(|i| sites.get(i).cloned())
        .ok_or_else(|| AppError::ChooseSite { wanted: None, sites: listed() })
}
