//! The stored sign-in: who Stint is signed in as (no network), signing out, and the Jira session
//! the sync and the search run on, with its token from the keychain.

use std::sync::Arc;

use stint_jira::{
    check_site, cloud_api_base, sign_in_lock, AllowList, Connection, DataCenterOAuth, Jira, JiraError, Mode, Refresher,
    Session, Vault,
};
use stint_store::Store;

use crate::{AppError, Stint};

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
    /// Jira no longer accepts the sign-in (or it was signed out).
    pub needs_sign_in: bool,
    /// When the sign-in ends at the latest, where that is known (`sign_in_ends`), or null.
    #[serde(serialize_with = "stint_domain::rfc3339::serialize_option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub ends_by: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// When a sign-in made at `at` in `mode` ends at the latest, where that is known. Atlassian ends an
/// OAuth sign-in a year after it began, however often its tokens rotate; a Jira Cloud API token
/// expires within a year of being made (its own date may be sooner, and Jira does not tell it).
/// Data Center's tokens end when their maker or an administrator says: not known here.
pub(crate) fn sign_in_ends(mode: Mode, at: chrono::DateTime<chrono::Utc>) -> Option<chrono::DateTime<chrono::Utc>> {
    match mode {
        Mode::CloudOauth | Mode::CloudApiToken => Some(at + chrono::Duration::days(365)),
        Mode::DataCenterToken | Mode::DataCenterOauth => None,
    }
}

/// The keychain item of this database's sign-in. Keychain calls block; outside any runtime they
/// are plain calls.
pub(crate) fn vault_for(store: &mut Store) -> Result<Vault, AppError> {
    let id = store.read(|tx| tx.install_id())?;
    Ok(Vault::for_install(&id))
}

/// The stored sign-in; needs no network.
pub(crate) fn whoami(store: &mut Store) -> Result<Whoami, AppError> {
    let connection = store.read(|tx| tx.connection())?;
    Ok(match connection {
        None => Whoami {
            signed_in: false,
            site: None,
            account: None,
            account_id: None,
            how: None,
            how_text: None,
            needs_sign_in: false,
            ends_by: None,
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
                ends_by: mode
                    .filter(|_| !c.needs_sign_in)
                    .and_then(|m| sign_in_ends(m, c.signed_in_at))
                    .map(crate::views::local),
            }
        }
    })
}

impl Stint {
    /// The stored sign-in; needs no network.
    pub fn whoami(&mut self) -> Result<Whoami, AppError> {
        whoami(&mut self.store())
    }

    /// Deletes every token Stint holds; queued work stays queued. Returns whether there was one.
    pub fn logout(&mut self) -> Result<bool, AppError> {
        // A refresh in flight finishes first, and none starts until the token is gone.
        let _lock = sign_in_lock(&self.jira_context().sign_in_lock())?;
        let vault = vault_for(&mut self.store())?;
        let deleted = vault.delete()?;
        let had = self.store().write(|tx| -> Result<bool, AppError> {
            // The site stays recorded after a sign-out (entries keep their link to it): a sign-in
            // was there only if it was not already waiting for one.
            let had = tx.connection()?.is_some_and(|c| !c.needs_sign_in);
            tx.mark_needs_sign_in()?;
            Ok(had)
        })?;
        tracing::info!("signed out");
        Ok(deleted || had)
    }

    /// A session for the stored sign-in, or why there is none.
    pub(crate) fn session(&mut self) -> Result<Arc<Jira>, AppError> {
        let stored = self.store().read(|tx| tx.connection())?;
        let Some(stored) = stored.filter(|c| !c.needs_sign_in) else { return Err(JiraError::NotSignedIn.into()) };
        let mode = Mode::parse(&stored.mode).ok_or(JiraError::NotSignedIn)?;
        let site = check_site(&stored.site)?;
        let api_base = check_site(&stored.api_base)?;
        let vault = vault_for(&mut self.store())?;
        let credential = vault.load()?.ok_or_else(|| JiraError::NeedsSignIn("no token is in the keychain".into()))?;
        let context = self.jira_context();
        let j = &context.settings;
        let refresher = match mode {
            Mode::CloudOauth => Some(Refresher { token_url: j.token_url.clone(), app: context.oauth_app()? }),
            Mode::DataCenterOauth => {
                Some(Refresher { token_url: DataCenterOAuth::of(&site)?.token, app: context.oauth_app()? })
            }
            Mode::CloudApiToken | Mode::DataCenterToken => None,
        };
        let under_gateway = || {
            stored
                .cloud_id
                .as_deref()
                .is_some_and(|id| cloud_api_base(&j.api_gateway_url, id).is_ok_and(|b| b == api_base))
        };
        if mode == Mode::CloudOauth && !under_gateway() {
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
        let session =
            Session::new(context.http(allow)?, connection, vault, context.sign_in_lock(), refresher, credential);
        Ok(Arc::new(Jira::new(session)))
    }
}
