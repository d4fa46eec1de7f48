//! A signed-in session: the right `Authorization` header for each way of signing in, and the
//! refresh of rotating OAuth tokens.
//!
//! Refresh tokens rotate, and the desktop app and CLI calls run side by side, so a refresh is done
//! by one process at a time: take the cross-process lock (a file lock beside the database), read
//! the keychain again (another process may have refreshed already, and its new pair is the only
//! one that still works), and only then refresh, storing the new pair in the keychain before it is
//! used. A dead refresh token means "sign in again"; nothing queued is lost.

use std::path::PathBuf;
use std::time::Duration;

use base64::Engine as _;
use chrono::Utc;
use reqwest::header::HeaderValue;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::endpoints::OAuthApp;
use crate::http::{Answer, Body, Http, Outcome};
use crate::oauth;
use crate::vault::{Credential, Vault};
use crate::{JiraError, Secret};

/// A token this close to expiring is refreshed before use.
const EXPIRY_MARGIN_SECONDS: i64 = 60;
/// How long to wait for another process's refresh.
const LOCK_WAIT: Duration = Duration::from_secs(60);

/// How Stint is signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Jira Cloud through Atlassian's OAuth 2.0 (3LO) with PKCE.
    CloudOauth,
    /// Jira Cloud with an email address and API token.
    CloudApiToken,
    /// Jira Data Center / Server with a personal access token.
    DataCenterToken,
    /// Jira Data Center's own OAuth 2.0 with PKCE.
    DataCenterOauth,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::CloudOauth => "cloud_oauth",
            Mode::CloudApiToken => "cloud_api_token",
            Mode::DataCenterToken => "data_center_token",
            Mode::DataCenterOauth => "data_center_oauth",
        }
    }

    pub fn parse(text: &str) -> Option<Mode> {
        [Mode::CloudOauth, Mode::CloudApiToken, Mode::DataCenterToken, Mode::DataCenterOauth]
            .into_iter()
            .find(|m| m.as_str() == text)
    }

    /// A person's words for it.
    pub fn describe(self) -> &'static str {
        match self {
            Mode::CloudOauth => "Jira Cloud, OAuth 2.0 in the browser",
            Mode::CloudApiToken => "Jira Cloud, email and API token",
            Mode::DataCenterToken => "Jira Data Center, personal access token",
            Mode::DataCenterOauth => "Jira Data Center, OAuth 2.0 in the browser",
        }
    }

    pub fn is_cloud(self) -> bool {
        matches!(self, Mode::CloudOauth | Mode::CloudApiToken)
    }

    /// The REST API version: 3 on Cloud (comments in ADF), 2 on Data Center (plain comments).
    pub fn api_version(self) -> u8 {
        if self.is_cloud() {
            3
        } else {
            2
        }
    }
}

/// Where and as whom Stint is signed in: nothing secret, so the application keeps it in SQLite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub mode: Mode,
    /// The site as people know it (`https://acme.atlassian.net/`).
    pub site: Url,
    /// The base the REST paths go under: the gateway and cloud id for Cloud OAuth, else the site.
    pub api_base: Url,
    pub cloud_id: Option<String>,
    /// The signed-in user's id (Cloud account id, Data Center key): worklog authors are compared with it.
    pub account_id: String,
    pub account_name: Option<String>,
}

/// How an OAuth session refreshes.
#[derive(Debug, Clone)]
pub struct Refresher {
    pub flavor: oauth::Flavor,
    pub token_url: Url,
    pub app: OAuthApp,
}

/// A session for one connection.
#[derive(Debug)]
pub struct Session {
    http: Http,
    connection: Connection,
    vault: Vault,
    lock_path: PathBuf,
    refresher: Option<Refresher>,
    credential: tokio::sync::Mutex<Credential>,
}

impl Session {
    pub fn new(
        http: Http,
        connection: Connection,
        vault: Vault,
        lock_path: PathBuf,
        refresher: Option<Refresher>,
        credential: Credential,
    ) -> Session {
        Session { http, connection, vault, lock_path, refresher, credential: tokio::sync::Mutex::new(credential) }
    }

    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// Sends a request with the session's credentials. A 401 gets one refresh (OAuth) and one
    /// retry; a second 401, or any 401 with a token that cannot refresh, means "sign in again".
    pub async fn send(&self, method: Method, url: &Url, body: Option<&Body>) -> Result<Answer, JiraError> {
        let (header, used) = self.header().await?;
        match self.http.send(method.clone(), url, Some(&header), body).await? {
            Outcome::Ok(answer) => return Ok(answer),
            Outcome::Unauthorized => {}
        }
        let Some(used) = used else {
            return Err(JiraError::NeedsSignIn(
                "Jira rejected the token (HTTP 401); it may have been revoked or have expired".into(),
            ));
        };
        self.refresh(&used).await?;
        let (header, _) = self.header().await?;
        match self.http.send(method, url, Some(&header), body).await? {
            Outcome::Ok(answer) => Ok(answer),
            Outcome::Unauthorized => Err(JiraError::NeedsSignIn("Jira rejected a fresh token (HTTP 401)".into())),
        }
    }

    /// The header for the next request, refreshing an OAuth token about to expire (a session that
    /// cannot refresh, like the check of a fresh sign-in, uses the token it has: its server may
    /// issue tokens that live less than the margin). Also returns the access token used, for OAuth
    /// (what a 401 refers to).
    async fn header(&self) -> Result<(HeaderValue, Option<Secret>), JiraError> {
        let expired = {
            let credential = self.credential.lock().await;
            match &*credential {
                Credential::OAuth { access, expires_at, .. } if self.refresher.is_some() => {
                    expires_soon(*expires_at).then(|| access.clone())
                }
                _ => None,
            }
        };
        if let Some(stale) = expired {
            self.refresh(&stale).await?;
        }
        let credential = self.credential.lock().await;
        let (text, used) = match &*credential {
            Credential::OAuth { access, .. } => (format!("Bearer {}", access.expose()), Some(access.clone())),
            Credential::PersonalToken { token } => (format!("Bearer {}", token.expose()), None),
            Credential::ApiToken { email, token } => {
                let pair =
                    base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", email.expose(), token.expose()));
                (format!("Basic {pair}"), None)
            }
        };
        let mut value = HeaderValue::from_str(&text)
            .map_err(|_| JiraError::NeedsSignIn("the stored token is not usable text".into()))?;
        value.set_sensitive(true);
        Ok((value, used))
    }

    /// Replaces `stale` with a fresh token, unless another task or process already has.
    async fn refresh(&self, stale: &Secret) -> Result<(), JiraError> {
        let Some(refresher) = &self.refresher else {
            return Err(JiraError::NeedsSignIn("this sign-in cannot refresh itself".into()));
        };
        // One task of this process at a time (the others wait here, then find it done) …
        let mut credential = self.credential.lock().await;
        if let Credential::OAuth { access, expires_at, .. } = &*credential {
            if access != stale && !expires_soon(*expires_at) {
                return Ok(());
            }
        }
        // … and one process at a time (see `refresh_kept`).
        *credential = refresh_kept(&self.http, refresher, &self.vault, &self.lock_path, stale).await?;
        Ok(())
    }
}

/// The pair kept in `vault` with `stale` replaced: one process at a time takes the sign-in lock,
/// reads the keychain as it is now (another process may have refreshed already, and its new pair
/// is the only one that still works), and only then refreshes, storing the new pair before it is
/// used. Shared by Jira's sessions and Tempo's OAuth sign-ins.
pub async fn refresh_kept(
    http: &Http,
    refresher: &Refresher,
    vault: &Vault,
    lock_path: &std::path::Path,
    stale: &Secret,
) -> Result<Credential, JiraError> {
    let path = lock_path.to_path_buf();
    let _lock = blocking(move || sign_in_lock(&path)).await?;
    let kept = vault.clone();
    let stored = blocking(move || kept.load()).await?.ok_or(JiraError::NotSignedIn)?;
    let (refresh_token, app) = match stored {
        Credential::OAuth { ref access, expires_at, .. } if access != stale && !expires_soon(expires_at) => {
            tracing::debug!("another process refreshed the token");
            return Ok(stored);
        }
        Credential::OAuth { refresh: Some(refresh), app, .. } => (refresh, app),
        _ => return Err(JiraError::NeedsSignIn("no refresh token was kept (offline_access)".into())),
    };
    let tokens =
        oauth::refresh(http, refresher.flavor, &refresher.token_url, &refresher.app, &refresh_token, Utc::now())
            .await?;
    let fresh = Credential::OAuth {
        access: tokens.access,
        // A server that does not rotate keeps the old refresh token valid.
        refresh: tokens.refresh.or(Some(refresh_token)),
        expires_at: tokens.expires_at.map(|t| t.timestamp()),
        app,
    };
    // Stored before it is used: the old refresh token may already be dead.
    let kept = vault.clone();
    let to_store = fresh.clone();
    blocking(move || kept.save(&to_store)).await?;
    tracing::info!("token refreshed");
    Ok(fresh)
}

/// The sign-in lock (a file lock beside the database): held by a refresh from before it reads the
/// keychain until the new pair is stored, and by signing in, signing out and purging while they
/// change the keychain, so a refresh in flight never writes a token back after a sign-out. Waits
/// up to a minute for another process.
pub fn sign_in_lock(path: &std::path::Path) -> Result<std::fs::File, JiraError> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(path)
        .map_err(|e| JiraError::Keychain(format!("could not open the sign-in lock {}: {e}", path.display())))?;
    let began = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if began.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(JiraError::SignIn {
                    problem: "another Stint process has held the sign-in for a minute: try again".into(),
                    remedy: None,
                })
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(JiraError::Keychain(format!("could not take the sign-in lock: {e}")))
            }
        }
    }
}

/// Whether a token expiring at `expires_at` (Unix seconds) must be refreshed before use.
pub fn expires_soon(expires_at: Option<i64>) -> bool {
    expires_at.is_some_and(|at| at - Utc::now().timestamp() < EXPIRY_MARGIN_SECONDS)
}

/// Runs keychain or file-lock work on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, JiraError> + Send + 'static,
) -> Result<T, JiraError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| JiraError::Keychain(format!("a keychain task failed: {e}")))?
}
