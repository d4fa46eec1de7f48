//! Signing in, four ways: Jira Cloud with OAuth 2.0 in the browser or an API token, Jira Data
//! Center with a personal access token or its own OAuth 2.0. The account is checked with Jira
//! before anything is kept; the token goes to the keychain only, then the connection (site and
//! account, never a token) to the database.

use std::time::Duration;

use chrono::Utc;
use stint_jira::loopback::Listener;
use stint_jira::oauth::{self, Flavor};
use stint_jira::{
    check_site, cloud_api_base, sign_in_lock, AllowList, Connection, Credential, DataCenterOAuth, Http, Jira,
    JiraError, Mode, OAuthApp, Secret, Session, Site, Vault,
};
use stint_store::StoredConnection;
use url::Url;

use super::session::{vault_for, whoami, Whoami};
use super::{blocking, runtime, JiraContext};
use crate::facade::SharedStore;
use crate::{AppError, Stint};

/// How to sign in (the window sends it as `{"how": "cloud_api_token", "site": …}`).
#[derive(Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum SignIn {
    /// Jira Cloud, OAuth 2.0 in the browser; `site` picks one when several come back.
    #[serde(rename = "cloud_oauth")]
    CloudOAuth { site: Option<String> },
    /// Jira Cloud, email and API token.
    CloudApiToken { site: String, email: String, token: Secret },
    /// Jira Data Center / Server, personal access token.
    DataCenterToken { site: String, token: Secret },
    /// Jira Data Center's own OAuth 2.0 in the browser.
    #[serde(rename = "data_center_oauth")]
    DataCenterOAuth { site: String },
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignIn { .. }")
    }
}

/// What a shell does during a browser sign-in.
pub trait SignInUi: Send {
    /// The person must visit `url` (open the browser, or print it).
    fn visit(&mut self, url: &str);
    /// Several sites came back: the one to use, or `None` to stop.
    fn choose_site(&mut self, sites: &[Site]) -> Option<usize>;
}

/// A sign-in ready to run on the shell's runtime (see the module `jira`).
#[derive(Debug)]
pub struct SignInJob {
    how: SignIn,
    timeout: Duration,
    context: JiraContext,
    store: SharedStore,
    make_default: bool,
}

impl Stint {
    /// Prepares a sign-in. `timeout`: how long to wait for the browser (`5m` by default, 10 s
    /// to an hour).
    pub fn sign_in_job(&mut self, how: SignIn, timeout: Option<&str>) -> Result<SignInJob, AppError> {
        let timeout = sign_in_timeout(timeout)?;
        Ok(SignInJob { how, timeout, context: self.jira_context(), store: self.shared_store(), make_default: false })
    }

    /// Signs in, checks the account with Jira, and keeps the token in the keychain (blocking).
    /// The site is added beside any others; it becomes the default when `make_default`, or when
    /// there is none.
    pub fn login(
        &mut self,
        how: SignIn,
        timeout: Option<&str>,
        make_default: bool,
        ui: &mut dyn SignInUi,
    ) -> Result<Whoami, AppError> {
        let job = self.sign_in_job(how, timeout)?.making_default(make_default);
        runtime()?.block_on(job.run(ui))
    }
}

impl SignInJob {
    /// Makes the site signed into the default (else it is only when there is no other).
    pub fn making_default(self, make_default: bool) -> SignInJob {
        SignInJob { make_default, ..self }
    }

    /// Signs in, checks the account with Jira, keeps the token in the keychain and the site in
    /// the database (beside any others: a site met before takes the new sign-in); who Stint is
    /// now signed in as.
    pub async fn run(self, ui: &mut dyn SignInUi) -> Result<Whoami, AppError> {
        let (connection, credential) = sign_in(&self.context, self.how, self.timeout, ui).await?;
        let lock = self.context.sign_in_lock();
        let make_default = self.make_default;
        blocking(&self.store, move |store| {
            // No refresh of the old sign-in may write its token back over the new one.
            let _lock = sign_in_lock(&lock)?;
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
            // The keychain first: a site without its token would only say "sign in again". A new
            // site's id is the one the database gives it, so it is added first, waiting for its
            // token, then released once the token is kept (one transaction each way).
            let id = store.write(|tx| {
                let id = tx.set_connection(&stored, make_default)?;
                tx.mark_needs_sign_in(id)?;
                Ok::<_, AppError>(id)
            })?;
            vault_for(store, id)?.save(&credential)?;
            store.write(|tx| tx.set_connection(&stored, make_default))?;
            tracing::info!(mode = connection.mode.as_str(), "signed in");
            whoami(store)
        })
        .await
    }
}

/// How long a browser sign-in waits: `5m` by default, 10 s to an hour.
pub(super) fn sign_in_timeout(timeout: Option<&str>) -> Result<Duration, AppError> {
    let Some(text) = timeout else { return Ok(Duration::from_secs(300)) };
    let seconds = stint_domain::parse_span(text)?;
    if !(10..=3600).contains(&seconds) {
        return Err(stint_domain::DomainError::OutOfRange {
            input: text.trim().chars().take(20).collect(),
            rule: "give a sign-in timeout from 10s to 1h",
        }
        .into());
    }
    Ok(Duration::from_secs(seconds as u64))
}

/// The network part of a sign-in: a checked connection and its credential.
async fn sign_in(
    context: &JiraContext,
    how: SignIn,
    timeout: Duration,
    ui: &mut dyn SignInUi,
) -> Result<(Connection, Credential), AppError> {
    let j = &context.settings;
    match how {
        SignIn::CloudApiToken { site, email, token } => {
            let site = check_site(&site)?;
            let (email, token) = (Secret::new(email.trim()), Secret::new(token.expose().trim()));
            let credential = Credential::ApiToken { email, token };
            check_account(context, Mode::CloudApiToken, site.clone(), site, None, credential).await
        }
        SignIn::DataCenterToken { site, token } => {
            let site = check_site(&site)?;
            let credential = Credential::PersonalToken { token: Secret::new(token.expose().trim()) };
            check_account(context, Mode::DataCenterToken, site.clone(), site, None, credential).await
        }
        SignIn::DataCenterOAuth { site } => {
            let site = check_site(&site)?;
            let app = context.oauth_app()?;
            let endpoints = DataCenterOAuth::of(&site)?;
            let http = context.http(AllowList::new([&site]))?;
            let tokens =
                browser_flow(&http, Flavor::DataCenter, &endpoints.authorize, &endpoints.token, &app, timeout, ui)
                    .await?;
            check_account(context, Mode::DataCenterOauth, site.clone(), site, None, oauth_credential(tokens)).await
        }
        SignIn::CloudOAuth { site } => {
            let app = context.oauth_app()?;
            let http = context.http(AllowList::new([&j.token_url, &j.resources_url, &j.api_gateway_url]))?;
            let tokens = browser_flow(&http, Flavor::Cloud, &j.authorize_url, &j.token_url, &app, timeout, ui).await?;
            let sites = oauth::sites(&http, &j.resources_url, &tokens.access).await?;
            let chosen = choose_site(&sites, site.as_deref(), ui)?;
            let site_url = check_site(&chosen.url).unwrap_or_else(|_| j.api_gateway_url.clone());
            // The cloud id is checked (a UUID) and joined as a path segment: the token can only
            // ever go to the configured gateway.
            let api_base = cloud_api_base(&j.api_gateway_url, &chosen.id)?;
            let credential = oauth_credential(tokens);
            check_account(context, Mode::CloudOauth, site_url, api_base, Some(chosen.id.clone()), credential).await
        }
    }
}

/// Asks Jira who the credential belongs to; that account becomes the connection's.
async fn check_account(
    context: &JiraContext,
    mode: Mode,
    site: Url,
    api_base: Url,
    cloud_id: Option<String>,
    credential: Credential,
) -> Result<(Connection, Credential), AppError> {
    let http = context.http(AllowList::new([&api_base]))?;
    let connection = Connection { mode, site, api_base, cloud_id, account_id: String::new(), account_name: None };
    // Fresh tokens need no refresh: this check never refreshes, so nothing reaches the
    // keychain before the sign-in is confirmed.
    let session = Session::new(
        http,
        connection.clone(),
        Vault::for_install("unused"),
        context.sign_in_lock(),
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
        app: None,
    }
}

/// The browser part of an OAuth sign-in: listen, send the person to authorize, take the code.
pub(super) async fn browser_flow(
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
    Ok(oauth::exchange(http, token_url, app, code.expose(), authorization, Utc::now()).await?)
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
