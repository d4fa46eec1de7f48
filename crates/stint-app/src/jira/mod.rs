//! The facade's Jira operations: signing in (four ways) and out, who Stint is signed in as, the
//! sync, retrying refusals, the issue search and the audit log. Everything is built from the
//! settings (every address is configurable and checked; the HTTP client may reach only those
//! hosts).
//!
//! The long ones (signing in, a sync, a search) are jobs: the facade prepares one in a quick
//! blocking call (reading the sign-in, taking the sync lock), and the job runs on the shell's own
//! async runtime, on the facade's one connection (`SharedStore`), without holding the facade. The
//! blocking methods (`login`, `sync`, `find_issues`) run the same jobs on a runtime of their own,
//! for the CLI.

mod issues;
mod pull;
mod session;
mod sign_in;
mod sync;
mod tempo;

pub(crate) use issues::SUMMARY_RETENTION_DAYS;
pub use issues::{IssueList, IssueSearch};
pub use pull::{PullSummary, Resolution};
pub(crate) use session::find_site;
pub use session::{SiteSignIn, Whoami};
pub use sign_in::{SignIn, SignInJob, SignInUi};
pub use sync::{AuditLine, SiteSync, SyncJob, SyncStop, SyncSummary};
pub(crate) use tempo::tempo_oauth_base;
pub use tempo::{
    AccountChoice, ChosenAccount, ChosenValue, TempoAccount, TempoAccounts, TempoAttribute, TempoOAuthJob,
    TempoOAuthSignIn, TempoSignIn, ValueChoice,
};

use std::path::PathBuf;
use std::time::Duration;

use stint_jira::{AllowList, Http, OAuthApp, Transport};
use stint_store::Store;

use crate::facade::{lock, SharedStore};
use crate::settings::JiraSettings;
use crate::{AppError, Stint};

/// The sign-in lock's file name, in the data folder.
pub(crate) const SIGN_IN_LOCK: &str = "jira-sign-in.lock";

/// A runtime for a blocking call (the CLI's); the window and the tray run the jobs on their own.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, AppError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::sign_in(format!("could not start the network runtime: {e}")))
}

/// Runs store work (SQLite, the keychain: both block) on a blocking thread, from a job.
pub(crate) async fn blocking<T: Send + 'static>(
    store: &SharedStore,
    f: impl FnOnce(&mut Store) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || f(&mut lock(&store)))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

/// The certificate authority the tests' TLS server is signed by, from the file `STINT_TEST_TRUST_CA`
/// names: trusted besides the system's, never instead of them. Only the test suites set it.
fn test_ca() -> Result<Option<Vec<u8>>, AppError> {
    let Some(path) = std::env::var_os("STINT_TEST_TRUST_CA") else { return Ok(None) };
    let path = PathBuf::from(path);
    tracing::warn!("trusting a test certificate authority (STINT_TEST_TRUST_CA)");
    match crate::files::read_text(&path, 64 * 1024) {
        Ok(Some(text)) => Ok(Some(text.into_bytes())),
        _ => Err(AppError::Jira(stint_jira::JiraError::Config(format!(
            "STINT_TEST_TRUST_CA names {}, which is not a readable PEM file",
            path.display()
        )))),
    }
}

/// What every Jira operation is built from: the Jira settings and where the sign-in lock lives.
#[derive(Debug, Clone)]
pub(crate) struct JiraContext {
    pub settings: JiraSettings,
    data_dir: PathBuf,
}

impl JiraContext {
    /// An HTTP client that may reach only `allow`, with the configured timeout.
    pub fn http(&self, allow: AllowList) -> Result<Http, AppError> {
        let timeout = Duration::from_secs(self.settings.http_timeout_seconds.max(1) as u64);
        let transport = Transport { proxy: self.settings.proxy.clone(), extra_ca_pem: test_ca()? };
        Ok(Http::with(allow, timeout, &transport)?)
    }

    pub fn oauth_app(&self) -> Result<OAuthApp, AppError> {
        let j = &self.settings;
        let client_id = j.client_id.clone().ok_or(AppError::NoOAuthApp)?;
        Ok(OAuthApp { client_id, client_secret: j.client_secret.clone(), redirect_port: j.redirect_port })
    }

    /// The lock file that keeps two processes from refreshing (or replacing) a sign-in at once.
    pub fn sign_in_lock(&self) -> PathBuf {
        self.data_dir.join(SIGN_IN_LOCK)
    }

    pub fn sync_lock(&self) -> PathBuf {
        self.data_dir.join("sync.lock")
    }
}

impl Stint {
    pub(crate) fn jira_context(&self) -> JiraContext {
        JiraContext { settings: self.settings.jira.clone(), data_dir: self.paths().data_dir.clone() }
    }
}
