//! Tempo for a site: where a site's worklogs go when its organisation bills time through Tempo
//! Timesheets. The person gives a Tempo API token, or signs in through Tempo's OAuth 2.0 with an
//! app their Tempo administrator made (either kept in the keychain, one item per site), and the
//! region; the site's worklogs then go to Tempo, with the Account and the other work attributes
//! Tempo requires, and its read-back reads Tempo.
//!
//! An OAuth pair lives 60 days and rotates: it is refreshed before a job when it is about to
//! expire, by one process at a time, and the new pair is kept before it is used (as Jira's is).
//!
//! Before a site's push, everything Tempo needs about the queued issues is learned at once: each
//! issue's numeric id, its project's and its Tempo Account field through the site's Jira; the
//! site's work attributes, its accounts and each project's account links through Tempo; and the
//! values the person chose (`stint tempo account`). An entry whose required attribute cannot be
//! filled is kept back, with the reason, before anything about it is sent.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, Offset, TimeZone};
use stint_domain::{IssueKey, Remedy};
use stint_jira::oauth::Flavor;
use stint_jira::{
    check_site, expires_soon, refresh_kept, sign_in_lock, AllowList, Credential, Http, Jira, Mode, OAuthApp, Refresher,
    Secret, Vault,
};
use stint_store::{SiteId, StoredSite, TempoChoice};
use stint_sync::{
    fill_attributes, uid_attribute, AttributeSources, LockedPeriod, Options, Progress, Report, TempoIssue,
};
use stint_tempo::{Region, Tempo, TimesheetStatus, WorkAttribute};

use super::session::{find_site, whoami, Whoami};
use super::sign_in::{browser_flow, SignInUi};
use super::{blocking, runtime, JiraContext};
use crate::facade::SharedStore;
use crate::{AppError, Stint};

/// Tempo for a site, as the window asks for it: `{site, region, token}` (a null site is the
/// default; the region as `stint tempo login --region` takes it).
#[derive(Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TempoSignIn {
    pub site: Option<String>,
    pub region: String,
    pub token: Secret,
}

impl std::fmt::Debug for TempoSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TempoSignIn").field("site", &self.site).field("region", &self.region).finish_non_exhaustive()
    }
}

/// A sign-in to Tempo through Tempo's OAuth 2.0, with an app a Tempo administrator made (Tempo,
/// Settings, OAuth 2.0 Applications, with `http://localhost:PORT/callback` as its redirect
/// address), as the window asks for it: `{site, region, client_id, client_secret}`.
#[derive(Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TempoOAuthSignIn {
    pub site: Option<String>,
    pub region: String,
    pub client_id: String,
    pub client_secret: Secret,
}

impl std::fmt::Debug for TempoOAuthSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TempoOAuthSignIn")
            .field("site", &self.site)
            .field("region", &self.region)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// A site's Tempo, ready for a job: how to reach it, what the person chose for its attributes,
/// and, once asked for, its client (an OAuth pair refreshed first when it is about to expire) and
/// its work attributes (a job's push and read-back ask Tempo once).
#[derive(Debug)]
pub(crate) struct TempoSide {
    access: TempoAccess,
    pub choices: Vec<TempoChoice>,
    client: tokio::sync::OnceCell<Arc<Tempo>>,
    attributes: tokio::sync::OnceCell<Vec<WorkAttribute>>,
}

/// What a site's Tempo client is made from.
#[derive(Debug)]
struct TempoAccess {
    site: String,
    base: url::Url,
    http: Http,
    credential: Credential,
    /// For an OAuth pair: where it is kept and refreshed.
    refresh: Option<(Refresher, Vault, PathBuf)>,
}

impl TempoSide {
    /// The site's Tempo client, made the first time it is asked for.
    pub async fn tempo(&self) -> Result<&Arc<Tempo>, AppError> {
        self.client.get_or_try_init(|| self.access.client()).await
    }

    /// The site's work attributes, read from Tempo the first time they are asked for.
    async fn attributes(&self) -> Result<&[WorkAttribute], AppError> {
        let tempo = self.tempo().await?;
        Ok(self.attributes.get_or_try_init(|| tempo.work_attributes()).await.map(Vec::as_slice)?)
    }
}

impl TempoAccess {
    async fn client(&self) -> Result<Arc<Tempo>, AppError> {
        let token = match (&self.credential, &self.refresh) {
            (Credential::PersonalToken { token }, _) => token.clone(),
            (Credential::OAuth { access, expires_at, .. }, Some((refresher, vault, lock))) => {
                if expires_soon(*expires_at) {
                    match refresh_kept(&self.http, refresher, vault, lock, access).await {
                        Ok(Credential::OAuth { access, .. }) => access,
                        Ok(_) => return Err(AppError::NoTempoToken { site: self.site.clone() }),
                        Err(e) => {
                            tracing::info!(code = e.code(), "Tempo's OAuth refresh failed");
                            return Err(match e.class() {
                                stint_jira::Class::NeedsSignIn => AppError::NoTempoToken { site: self.site.clone() },
                                _ => e.into(),
                            });
                        }
                    }
                } else {
                    access.clone()
                }
            }
            _ => return Err(AppError::NoTempoToken { site: self.site.clone() }),
        };
        Ok(Arc::new(make_tempo(self.http.clone(), self.base.clone(), &token)?))
    }
}

/// A Tempo client at Tempo's pace (about 5 requests a second) unless a test suite's
/// `STINT_TEST_TEMPO_RATE` says otherwise.
fn make_tempo(http: Http, base: url::Url, token: &Secret) -> Result<Tempo, AppError> {
    let tempo = Tempo::new(http, base, token)?;
    Ok(match test_tempo_rate() {
        Some(rate) => tempo.with_rate(rate),
        None => tempo,
    })
}

/// A Tempo OAuth sign-in ready to run on the shell's runtime, as a Jira sign-in is.
#[derive(Debug)]
pub struct TempoOAuthJob {
    site: StoredSite,
    api: String,
    app: OAuthApp,
    http: Http,
    timeout: Duration,
    context: JiraContext,
    store: SharedStore,
}

impl TempoOAuthJob {
    /// Sends the person to Tempo's authorize page, takes the code on the loopback address, trades
    /// it for a pair, checks the pair reads what a push needs, and keeps it (with the app) in the
    /// keychain; the site's worklogs go to Tempo from then on. Who Stint is signed in as after.
    pub async fn run(self, ui: &mut dyn SignInUi) -> Result<Whoami, AppError> {
        let (mut authorize, token_url, _) = tempo_oauth_urls(&self.api)?;
        authorize.query_pairs_mut().append_pair("jira_url", self.site.connection.site.trim_end_matches('/'));
        let tokens = browser_flow(&self.http, Flavor::Tempo, &authorize, &token_url, &self.app, self.timeout, ui)
            .await
            .map_err(|e| match e {
                // Not Stint's own app: the person's words for the administrator's were wrong.
                AppError::Jira(stint_jira::JiraError::SignIn { remedy: Some(Remedy::CheckOauthApp), .. }) => {
                    AppError::BadTempoApp(
                        "Tempo refused the OAuth app's client id or secret: check them with your Tempo administrator \
                         (Tempo, Settings, OAuth 2.0 Applications)",
                    )
                }
                other => other,
            })?;
        let tempo = make_tempo(self.http.clone(), check_site(&self.api)?, &tokens.access)?;
        let (refresh, app) = (tokens.refresh.clone(), self.app.clone());
        let credential = Credential::OAuth {
            access: tokens.access,
            refresh: tokens.refresh,
            expires_at: tokens.expires_at.map(|t| t.timestamp()),
            app: Some(self.app),
        };
        let switched = match tempo.work_attributes().await {
            Ok(_) => switch_to_tempo(&self.store, &self.context, self.site, self.api.clone(), &tempo, credential).await,
            Err(e) => Err(e.into()),
        };
        if let (Err(_), Some(refresh)) = (&switched, refresh) {
            // Not kept, so not left alive at Tempo either (best effort).
            let (_, _, revoke_url) = tempo_oauth_urls(&self.api)?;
            if let Err(e) = stint_jira::oauth::revoke(&self.http, &revoke_url, &app, &refresh, "refresh_token").await {
                tracing::info!(code = e.code(), "an unkept Tempo OAuth pair was not revoked");
            }
        }
        switched
    }
}

/// How long switching a site to Tempo waits for a sync in another process to end.
const SYNC_WAIT: Duration = Duration::from_secs(120);

/// How many Jira worklog ids go to Tempo's mapper in one request.
const MAP_CHUNK: usize = 100;

/// Sends the site's worklogs to Tempo from now on, with a sign-in Tempo accepted. A site whose
/// entries already hold worklogs in Jira's own takes them along: Tempo copies every worklog made
/// through Jira's API into Tempo, so each has a Tempo id, which Tempo's Jira-to-Tempo mapper
/// gives; each entry takes its worklog's Tempo id, and its later edits and removal go to that
/// worklog in Tempo. Nothing is created again, so nothing is counted twice. This is done under
/// the sync lock (no sync adds a Jira worklog meanwhile), refused while a request to Jira has no
/// known answer, and refused whole when Tempo does not know one of the worklogs.
async fn switch_to_tempo(
    store: &SharedStore,
    context: &JiraContext,
    site: StoredSite,
    api: String,
    tempo: &Tempo,
    credential: Credential,
) -> Result<Whoami, AppError> {
    let sync_path = context.sync_lock();
    let (id, name, from_jira) = (site.id, site.connection.site.clone(), site.destination != "tempo");
    let (sync_lock, held) = blocking(store, move |s| {
        // A sync running now (the tray's, say) ends in seconds: the sign-in Tempo just accepted
        // waits for it rather than being thrown away.
        let lock = super::sync::take_sync_lock_within(sync_path, SYNC_WAIT)?;
        if !from_jira {
            return Ok((lock, Vec::new()));
        }
        let (in_flight, held) =
            s.read(|tx| Ok::<_, stint_store::StoreError>((tx.in_flight(id)?, tx.held_worklog_ids(id)?)))?;
        if in_flight > 0 {
            return Err(AppError::InFlightToJira { site: name, count: in_flight });
        }
        Ok((lock, held))
    })
    .await?;
    let moved = tempo_ids_of(tempo, &site.connection.site, &held).await?;
    let lock = context.sign_in_lock();
    let who = blocking(store, move |s| {
        keep_tempo(s, &site, &api, &credential, &lock, &moved)?;
        whoami(s)
    })
    .await;
    drop(sync_lock);
    who
}

/// Tempo's ids of the Jira worklogs `held`: `(Jira id, Tempo id)` for each, or why not all.
async fn tempo_ids_of(tempo: &Tempo, site: &str, held: &[String]) -> Result<Vec<(String, String)>, AppError> {
    let numeric: Vec<i64> = held.iter().filter_map(|id| id.parse().ok()).collect();
    let mut found = HashMap::new();
    for chunk in numeric.chunks(MAP_CHUNK) {
        found.extend(tempo.tempo_ids_of_jira(chunk).await?);
    }
    let moved: Vec<(String, String)> =
        held.iter().filter_map(|id| Some((id.clone(), found.get(&id.parse::<i64>().ok()?)?.to_string()))).collect();
    if moved.len() < held.len() {
        return Err(AppError::TempoLacksWorklogs { site: site.to_string(), count: held.len() - moved.len() });
    }
    Ok(moved)
}

/// Keeps a Tempo sign-in that Tempo accepted in the keychain (under the sign-in lock, so no
/// refresh in flight writes an older pair over it), and sends the site's worklogs to Tempo at
/// `api` from now on, the entries holding Jira worklogs taking their Tempo ids (`moved`), in one
/// transaction; entries waiting for a sign-in go back in the queue.
fn keep_tempo(
    store: &mut stint_store::Store,
    site: &StoredSite,
    api: &str,
    credential: &Credential,
    lock: &std::path::Path,
    moved: &[(String, String)],
) -> Result<(), AppError> {
    let _lock = sign_in_lock(lock)?;
    tempo_vault(store, site.id)?.save(credential)?;
    let waiting = site.connection.needs_sign_in;
    let (released, taken) = store.write(|tx| -> Result<(usize, usize), AppError> {
        let taken = if site.destination == "tempo" { 0 } else { tx.move_worklog_ids(site.id, moved)? };
        tx.set_destination(site.id, Some(api))?;
        Ok((if waiting { 0 } else { tx.release_sign_in_hold(site.id)? }, taken))
    })?;
    tracing::info!(released, taken, "worklogs go to Tempo");
    Ok(())
}

/// Where Tempo's OAuth lives for an API base: `api.tempo.io` serves every region's sign-in, as
/// Tempo's document gives it; another address (a proxy's, a test's stand-in) serves its own.
pub(crate) fn tempo_oauth_base(api: &str) -> String {
    if Region::ALL.iter().any(|r| r.base_url() == api) {
        Region::Universal.base_url().to_string()
    } else {
        api.to_string()
    }
}

/// Tempo's OAuth addresses for an API base: `(authorize, token, revoke)`.
fn tempo_oauth_urls(api: &str) -> Result<(url::Url, url::Url, url::Url), AppError> {
    let mut base = check_site(&tempo_oauth_base(api))?;
    if !base.path().ends_with('/') {
        base.set_path(&format!("{}/", base.path()));
    }
    let at = |path: &str| base.join(path).map_err(|e| AppError::sign_in(format!("a Tempo address: {e}")));
    Ok((at("oauth/authorize/redirect")?, at("oauth/token/")?, at("oauth/revoke_token/")?))
}

/// The Tempo API base a person names: a region (`global`, `eu`, `us`, or its host), or an
/// address (a proxy's, or a test's stand-in), checked as a site's is.
pub(crate) fn tempo_api(region: &str) -> Result<String, AppError> {
    if let Some(region) = Region::parse(region) {
        return Ok(region.base_url().to_string());
    }
    if region.contains("://") {
        let url = check_site(region)?;
        return Ok(url.as_str().trim_end_matches('/').to_string());
    }
    Err(AppError::BadTempoRegion(region.trim().chars().take(100).collect()))
}

/// The pace a test suite asks for (`STINT_TEST_TEMPO_RATE`: requests a second, 0 for none), so
/// that 2,000 entries against the stand-in take seconds, not minutes. Only the test suites set it.
fn test_tempo_rate() -> Option<Option<u32>> {
    let rate: u32 = std::env::var("STINT_TEST_TEMPO_RATE").ok()?.trim().parse().ok()?;
    tracing::warn!(rate, "Tempo's pace set by a test (STINT_TEST_TEMPO_RATE)");
    Some((rate > 0).then_some(rate))
}

fn tempo_vault(store: &mut stint_store::Store, site: SiteId) -> Result<Vault, AppError> {
    let id = store.read(|tx| tx.install_id())?;
    Ok(Vault::for_tempo(&id, site.0))
}

impl Stint {
    /// The site named (or the default).
    fn named_site(&mut self, named: Option<&str>) -> Result<StoredSite, AppError> {
        let sites = self.store().read(|tx| tx.sites())?;
        match named {
            Some(named) => find_site(&sites, named),
            None => sites
                .into_iter()
                .find(|s| s.is_default)
                .ok_or(AppError::NoSuchSite { named: String::new(), sites: Vec::new() }),
        }
    }

    /// An HTTP client allowed to reach `api` (and, for an OAuth sign-in, Tempo's OAuth host) only.
    fn tempo_http(&self, api: &str, oauth: bool) -> Result<(Http, url::Url), AppError> {
        let base = check_site(api)?;
        let mut allow = AllowList::new([&base]);
        if oauth {
            allow.add(&check_site(&tempo_oauth_base(api))?);
        }
        Ok((self.jira_context().http(allow)?, base))
    }

    /// A client for `api` with `token`, allowed to reach that host only.
    fn tempo_client(&self, api: &str, token: &Secret) -> Result<Tempo, AppError> {
        let (http, base) = self.tempo_http(api, false)?;
        make_tempo(http, base, token)
    }

    /// The Tempo side of a site whose worklogs go to Tempo (`None` for one whose go to Jira), or
    /// why it cannot be reached (no sign-in in the keychain).
    pub(crate) fn tempo_side(&mut self, site: &StoredSite) -> Option<Result<TempoSide, AppError>> {
        let api = site.tempo_api.clone().filter(|_| site.destination == "tempo")?;
        Some((|| {
            let name = site.connection.site.clone();
            let vault = tempo_vault(&mut self.store(), site.id)?;
            let credential = vault.load()?.ok_or_else(|| AppError::NoTempoToken { site: name.clone() })?;
            let refresh = match &credential {
                Credential::OAuth { app: Some(app), .. } => {
                    let (_, token_url, _) = tempo_oauth_urls(&api)?;
                    let refresher = Refresher { flavor: Flavor::Tempo, token_url, app: app.clone() };
                    Some((refresher, vault, self.jira_context().sign_in_lock()))
                }
                Credential::PersonalToken { .. } => None,
                _ => return Err(AppError::NoTempoToken { site: name }),
            };
            let (http, base) = self.tempo_http(&api, refresh.is_some())?;
            let access = TempoAccess { site: name, base, http, credential, refresh };
            let choices = self.store().read(|tx| tx.tempo_choices(site.id))?;
            Ok(TempoSide {
                access,
                choices,
                client: tokio::sync::OnceCell::new(),
                attributes: tokio::sync::OnceCell::new(),
            })
        })())
    }

    /// Sends the worklogs of `site` (or the default site) to Tempo at `region` from now on,
    /// reached with `token` (a Tempo API token), which Tempo must accept first; the token goes
    /// to the keychain. Entries waiting for a Tempo token go back in the queue. Who Stint is
    /// signed in as after.
    pub fn tempo_login(&mut self, site: Option<&str>, region: &str, token: Secret) -> Result<Whoami, AppError> {
        let api = tempo_api(region)?;
        let site = self.named_site(site)?;
        if !Mode::parse(&site.connection.mode).is_some_and(Mode::is_cloud) {
            return Err(AppError::TempoNeedsCloud { site: site.connection.site });
        }
        let tempo = self.tempo_client(&api, &token)?;
        let (store, context) = (self.shared_store(), self.jira_context());
        runtime()?.block_on(async {
            // The token works, and reads what a push needs, before it is kept.
            tempo.work_attributes().await?;
            switch_to_tempo(&store, &context, site, api, &tempo, Credential::PersonalToken { token }).await
        })
    }

    /// Prepares a sign-in to Tempo for the site `req` names (or the default site) through
    /// Tempo's OAuth 2.0 in the browser, with the app the person's Tempo administrator made. `timeout`: how long
    /// to wait for the browser, as for Jira's sign-in.
    pub fn tempo_oauth_job(&mut self, req: TempoOAuthSignIn, timeout: Option<&str>) -> Result<TempoOAuthJob, AppError> {
        let (app, api) = (&req, tempo_api(&req.region)?);
        let site = self.named_site(req.site.as_deref())?;
        if !Mode::parse(&site.connection.mode).is_some_and(Mode::is_cloud) {
            return Err(AppError::TempoNeedsCloud { site: site.connection.site });
        }
        let client_id = app.client_id.trim().to_string();
        if client_id.is_empty() || client_id.len() > 200 || client_id.chars().any(|c| c.is_control() || c == ' ') {
            return Err(AppError::BadTempoApp(
                "that is not a Tempo OAuth client id: give it as Tempo shows it under Settings, OAuth 2.0 Applications",
            ));
        }
        let client_secret = Secret::new(app.client_secret.expose().trim());
        if client_secret.expose().is_empty() {
            return Err(AppError::BadTempoApp(
                "no client secret was given: give the one Tempo shows for the app under Settings, OAuth 2.0 Applications",
            ));
        }
        let timeout = super::sign_in::sign_in_timeout(timeout)?;
        // Said before the browser, not after: a request to Jira with no known answer (the switch
        // checks again, under the sync lock).
        let in_flight = self.store().read(|tx| tx.in_flight(site.id))?;
        if site.destination != "tempo" && in_flight > 0 {
            return Err(AppError::InFlightToJira { site: site.connection.site, count: in_flight });
        }
        let (http, _) = self.tempo_http(&api, true)?;
        let app =
            OAuthApp { client_id, client_secret: Some(client_secret), redirect_port: self.settings.jira.redirect_port };
        Ok(TempoOAuthJob { site, api, app, http, timeout, context: self.jira_context(), store: self.shared_store() })
    }

    /// Signs in to Tempo for `site` through Tempo's OAuth 2.0 in the browser (blocking): the
    /// pair is kept in the keychain, with the app, and the site's worklogs go to Tempo.
    pub fn tempo_oauth_login(
        &mut self,
        req: TempoOAuthSignIn,
        timeout: Option<&str>,
        ui: &mut dyn SignInUi,
    ) -> Result<Whoami, AppError> {
        let job = self.tempo_oauth_job(req, timeout)?;
        runtime()?.block_on(job.run(ui))
    }

    /// Forgets the Tempo token of `site` (or the default site): its worklogs still go to Tempo,
    /// and its entries wait for a new token. Returns whether there was one.
    pub fn tempo_logout(&mut self, site: Option<&str>) -> Result<bool, AppError> {
        let site = self.named_site(site)?;
        self.revoke_tempo(&site);
        let had = tempo_vault(&mut self.store(), site.id)?.delete()?;
        if site.destination == "tempo" {
            self.store().write(|tx| tx.hold_queue_for_sign_in(site.id))?;
        }
        Ok(had)
    }

    /// Sends the worklogs of `site` (or the default site) to Jira's own worklogs again, and
    /// forgets its Tempo token. Who Stint is signed in as after.
    pub fn tempo_off(&mut self, site: Option<&str>) -> Result<Whoami, AppError> {
        let site = self.named_site(site)?;
        self.refuse_moving_sent(&site, "jira")?;
        self.revoke_tempo(&site);
        tempo_vault(&mut self.store(), site.id)?.delete()?;
        let waiting = site.connection.needs_sign_in;
        self.store().write(|tx| -> Result<(), AppError> {
            tx.set_destination(site.id, None)?;
            if !waiting {
                tx.release_sign_in_hold(site.id)?;
            }
            Ok(())
        })?;
        self.whoami()
    }

    /// Asks Tempo to revoke an OAuth sign-in of `site` before it is forgotten (its refresh token,
    /// which takes its access token with it). Best effort: offline, the pair is still deleted here
    /// and dies on its own within 60 days.
    fn revoke_tempo(&mut self, site: &StoredSite) {
        let revoke = (|| -> Result<(), AppError> {
            let Some(api) = site.tempo_api.clone() else { return Ok(()) };
            let Some(Credential::OAuth { refresh: Some(refresh), app: Some(app), .. }) =
                tempo_vault(&mut self.store(), site.id)?.load()?
            else {
                return Ok(());
            };
            let (http, _) = self.tempo_http(&api, true)?;
            let (_, _, revoke_url) = tempo_oauth_urls(&api)?;
            runtime()?.block_on(stint_jira::oauth::revoke(&http, &revoke_url, &app, &refresh, "refresh_token"))?;
            Ok(())
        })();
        match revoke {
            Ok(()) => {}
            Err(e) => tracing::info!(code = e.code(), "Tempo's OAuth sign-in was not revoked; it is deleted here"),
        }
    }

    /// A worklog Stint made in Tempo is, in Jira's own worklogs, authored by Tempo's app, not by
    /// the person, so Stint could not change it there: while entries of a Tempo site hold
    /// worklogs in Tempo, its worklogs do not go back to Jira's own. (The other way, Jira's
    /// worklogs are carried over to Tempo: see `switch_to_tempo`.)
    fn refuse_moving_sent(&mut self, site: &StoredSite, to: &str) -> Result<(), AppError> {
        if site.destination == to {
            return Ok(());
        }
        let held = self.store().read(|tx| tx.held_worklog_ids(site.id))?.len();
        if held > 0 {
            return Err(AppError::SentElsewhere { site: site.connection.site.clone(), count: held });
        }
        Ok(())
    }

    /// The open Tempo accounts of `site` (or the default site), the other work attributes it
    /// requires, and what the person chose for projects and issues there.
    pub fn tempo_accounts(&mut self, site: Option<&str>) -> Result<TempoAccounts, AppError> {
        let (site, attributes, accounts) = self.tempo_facts(site)?;
        if !attributes.iter().any(|a| a.kind == "ACCOUNT" || a.required) {
            return Err(AppError::NoTempoAccounts { site: site.connection.site });
        }
        self.tempo_view(&site, &attributes, accounts)
    }

    /// Bills the time of `scope` (a project key, or an issue key) on `site` (or the default
    /// site) to the Tempo Account `account` where neither the issue's Account field nor its
    /// project's account links say which; `None` forgets the choice. The account must be open
    /// in Tempo. The accounts and choices after.
    pub fn tempo_account(
        &mut self,
        site: Option<&str>,
        scope: &str,
        account: Option<&str>,
    ) -> Result<TempoAccounts, AppError> {
        let scope = choice_scope(scope)?;
        let (site, attributes, accounts) = self.tempo_facts(site)?;
        let Some(attribute) = attributes.iter().find(|a| a.kind == "ACCOUNT") else {
            return Err(AppError::NoTempoAccounts { site: site.connection.site });
        };
        if let Some(key) = account {
            if !accounts.iter().any(|a| a.key == key) {
                let open: Vec<String> = accounts.iter().map(|a| a.key.clone()).collect();
                return Err(AppError::NoSuchAccount { account: key.chars().take(100).collect(), open });
            }
        }
        self.store().write(|tx| tx.set_tempo_choice(site.id, &scope, &attribute.key, account))?;
        self.tempo_view(&site, &attributes, accounts)
    }

    /// Chooses (or, with no `value`, forgets) the value of a work attribute `site` requires
    /// other than the Account (`attribute`: its key or name), for a project's or an issue's
    /// entries: only the person's choice fills those. The value must suit the attribute: one of
    /// a list's values, a number, yes or no, or a line of text.
    pub fn tempo_value(
        &mut self,
        site: Option<&str>,
        scope: &str,
        attribute: &str,
        value: Option<&str>,
    ) -> Result<TempoAccounts, AppError> {
        let scope = choice_scope(scope)?;
        let (site, attributes, accounts) = self.tempo_facts(site)?;
        let others: Vec<&WorkAttribute> = attributes.iter().filter(|a| a.required && a.kind != "ACCOUNT").collect();
        let named = attribute.trim();
        let Some(found) =
            others.iter().find(|a| a.key.eq_ignore_ascii_case(named) || a.name.eq_ignore_ascii_case(named))
        else {
            return Err(AppError::NoSuchTempoAttribute {
                named: named.chars().take(100).collect(),
                required: others.iter().map(|a| a.name.clone()).collect(),
            });
        };
        let value = value.map(|v| attribute_value(found, v)).transpose()?;
        self.store().write(|tx| tx.set_tempo_choice(site.id, &scope, &found.key, value.as_deref()))?;
        self.tempo_view(&site, &attributes, accounts)
    }

    /// The site, its work attributes and its open accounts (none where it has no Account).
    fn tempo_facts(
        &mut self,
        site: Option<&str>,
    ) -> Result<(StoredSite, Vec<WorkAttribute>, Vec<stint_tempo::Account>), AppError> {
        let site = self.named_site(site)?;
        let side = self.tempo_side(&site).ok_or_else(|| AppError::NoTempo { site: site.connection.site.clone() })??;
        let (attributes, accounts) = runtime()?.block_on(async {
            let attributes = side.attributes().await?.to_vec();
            let accounts = match attributes.iter().any(|a| a.kind == "ACCOUNT") {
                true => side.tempo().await?.accounts().await?,
                false => Vec::new(),
            };
            Ok::<_, AppError>((attributes, accounts))
        })?;
        Ok((site, attributes, accounts.into_iter().filter(|a| a.is_open()).collect()))
    }

    fn tempo_view(
        &mut self,
        site: &StoredSite,
        attributes: &[WorkAttribute],
        accounts: Vec<stint_tempo::Account>,
    ) -> Result<TempoAccounts, AppError> {
        let choices = self.store().read(|tx| tx.tempo_choices(site.id))?;
        let account_key = attributes.iter().find(|a| a.kind == "ACCOUNT").map(|a| a.key.as_str());
        let others: Vec<&WorkAttribute> = attributes.iter().filter(|a| a.required && a.kind != "ACCOUNT").collect();
        let name_of = |key: &str| others.iter().find(|a| a.key == key).map(|a| a.name.clone());
        Ok(TempoAccounts {
            site: site.connection.site.clone(),
            accounts: accounts.into_iter().map(|a| TempoAccount { key: a.key, name: a.name }).collect(),
            chosen: choices
                .iter()
                .filter(|c| Some(c.attribute.as_str()) == account_key)
                .map(|c| ChosenAccount { scope: c.scope.clone(), account: c.value.clone() })
                .collect(),
            attributes: others
                .iter()
                .map(|a| TempoAttribute {
                    key: a.key.clone(),
                    name: a.name.clone(),
                    kind: a.kind.clone(),
                    values: a.values.clone(),
                })
                .collect(),
            values: choices
                .iter()
                .filter_map(|c| {
                    Some(ChosenValue {
                        scope: c.scope.clone(),
                        attribute: name_of(&c.attribute)?,
                        value: c.value.clone(),
                    })
                })
                .collect(),
        })
    }
}

/// A project key or an issue key, as a choice is kept under.
fn choice_scope(scope: &str) -> Result<String, AppError> {
    Ok(match IssueKey::parse(scope) {
        Ok(issue) => issue.as_str().to_string(),
        Err(_) => stint_domain::parse_project_key(scope)?,
    })
}

/// `text` as a value of `attribute`, as Tempo takes it, or why it cannot be one.
fn attribute_value(attribute: &WorkAttribute, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    let bad = |why: String| AppError::BadTempoValue { attribute: attribute.name.clone(), why };
    match attribute.kind.as_str() {
        "STATIC_LIST" => attribute
            .values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(text))
            .cloned()
            .ok_or_else(|| bad(format!("give one of its values: {}", attribute.values.join(", ")))),
        "CHECKBOX" => match text.to_ascii_lowercase().as_str() {
            "yes" | "true" | "on" => Ok("true".into()),
            "no" | "false" | "off" => Ok("false".into()),
            _ => Err(bad("give yes or no".into())),
        },
        "INPUT_NUMERIC" => match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(text.to_string()),
            _ => Err(bad("give a number, like 12 or 2.5".into())),
        },
        "INPUT_FIELD" if !text.is_empty() && text.chars().count() <= 255 && !text.chars().any(char::is_control) => {
            Ok(text.to_string())
        }
        "INPUT_FIELD" => Err(bad("give a line of text, at most 255 characters".into())),
        other => Err(bad(format!("Stint cannot fill a {other} attribute; ask your Tempo administrator"))),
    }
}

/// A site's open Tempo accounts, and the ones the person chose (`stint tempo account --json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TempoAccounts {
    pub site: String,
    pub accounts: Vec<TempoAccount>,
    /// By project or issue key: where the issue's field and the project's links say none.
    pub chosen: Vec<ChosenAccount>,
    /// The work attributes the site requires besides the Account, which only a choice fills.
    pub attributes: Vec<TempoAttribute>,
    /// The values chosen for them, by project or issue key.
    pub values: Vec<ChosenValue>,
}

/// A work attribute the site requires besides the Account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TempoAttribute {
    pub key: String,
    pub name: String,
    /// `STATIC_LIST`, `INPUT_FIELD`, `INPUT_NUMERIC` or `CHECKBOX`, as Tempo names them.
    pub kind: String,
    /// A list's values.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChosenValue {
    /// A project key or an issue key.
    pub scope: String,
    /// The attribute's name.
    pub attribute: String,
    pub value: String,
}

/// The window's choice of a work attribute's value: `{site, scope, attribute, value}` (a null
/// value forgets it).
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ValueChoice {
    pub site: Option<String>,
    pub scope: String,
    pub attribute: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TempoAccount {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChosenAccount {
    /// A project key or an issue key.
    pub scope: String,
    /// The account's key.
    pub account: String,
}

/// The window's choice of an Account: `{site, scope, account}` (a null account forgets it).
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccountChoice {
    pub site: Option<String>,
    pub scope: String,
    pub account: Option<String>,
}

/// What Tempo needs about each queued issue, learned through the site's Jira and Tempo. An issue
/// Jira does not know is left out (its entries are kept back with the reason).
async fn tempo_issues(
    jira: &Jira,
    side: &TempoSide,
    issues: &BTreeSet<IssueKey>,
) -> Result<(HashMap<IssueKey, TempoIssue>, Option<String>), AppError> {
    let mut known = HashMap::new();
    if issues.is_empty() {
        return Ok((known, None));
    }
    let (tempo, choices) = (side.tempo().await?, &side.choices);
    let attributes = side.attributes().await?;
    let accounts = tempo.accounts().await?;
    let field = jira.tempo_account_field().await?;
    let mut links = HashMap::new();
    for issue in issues {
        let Some(facts) = jira.issue_facts(issue, field.as_deref()).await? else { continue };
        if let std::collections::hash_map::Entry::Vacant(slot) = links.entry(facts.project_id) {
            slot.insert(tempo.account_links(facts.project_id).await?);
        }
        let chosen = |scope: &str| -> Vec<(String, String)> {
            choices.iter().filter(|c| c.scope == scope).map(|c| (c.attribute.clone(), c.value.clone())).collect()
        };
        let (for_issue, for_project) = (chosen(issue.as_str()), chosen(issue.project()));
        let sources = AttributeSources {
            issue_account: facts.account,
            project_links: links.get(&facts.project_id).map(Vec::as_slice).unwrap_or_default(),
            accounts: &accounts,
            chosen_for_issue: &for_issue,
            chosen_for_project: &for_project,
        };
        known.insert(issue.clone(), TempoIssue { id: facts.id, attributes: fill_attributes(attributes, &sources) });
    }
    Ok((known, uid_attribute(attributes).map(str::to_string)))
}

/// Where the queue's entries land in Tempo's approval periods: the periods whose timesheet is
/// approved (Tempo refuses changes there, so those entries are kept back before sending), and a
/// warning for each one submitted and waiting for approval (a change there may need it again).
/// Periods and approvals are scopes a token may lack: then nothing is known, nothing is held.
async fn periods(tempo: &Tempo, me: &str, days: &BTreeSet<chrono::NaiveDate>) -> (Vec<LockedPeriod>, Vec<String>) {
    let (Some(first), Some(last)) = (days.first(), days.last()) else { return (Vec::new(), Vec::new()) };
    let periods = match tempo.periods(*first, *last).await {
        Ok(periods) => periods,
        Err(e) => {
            tracing::info!(code = e.code(), "Tempo's periods were not read; no entry is held for them");
            return (Vec::new(), Vec::new());
        }
    };
    let (mut locked, mut warnings) = (Vec::new(), Vec::new());
    for period in periods.iter().filter(|p| days.range(p.from..=p.to).next().is_some()) {
        match tempo.timesheet(me, period.from).await {
            Ok(sheet) if sheet.status == TimesheetStatus::Approved => {
                locked.push(LockedPeriod { from: period.from, to: period.to });
            }
            Ok(sheet) if sheet.status == TimesheetStatus::InReview => warnings.push(format!(
                "your Tempo timesheet for {} to {} is submitted and waits for approval: entries sent there change what your approver sees",
                period.from, period.to
            )),
            Ok(_) => {}
            Err(e) => tracing::info!(code = e.code(), "a Tempo timesheet's status was not read"),
        }
    }
    (locked, warnings)
}

/// One site's push to Tempo: what its queued issues need, then the engine, towards Tempo; and
/// what the person should know about where the entries land.
pub(super) async fn push(
    jira: Arc<Jira>,
    side: &TempoSide,
    site: &StoredSite,
    store: SharedStore,
    options: &Options,
    progress: &dyn Progress,
) -> Result<(Report, Vec<String>), AppError> {
    // The issues the site's queue names: its entries', and those their worklogs are on.
    let id = site.id;
    let outbox = super::blocking(&store, move |s| Ok(s.read(|tx| tx.outbox(id))?)).await?;
    let days: BTreeSet<chrono::NaiveDate> =
        outbox.iter().filter(|e| !e.deleted).map(|e| e.started.date_naive()).collect();
    let issues: BTreeSet<IssueKey> =
        outbox.into_iter().flat_map(|e| [Some(e.issue), e.remote_issue]).flatten().collect();
    let (known, uid_key) = tempo_issues(&jira, side, &issues).await?;
    let held = super::blocking(&store, move |s| Ok(s.read(|tx| tx.held_worklog_ids(id))?)).await?;
    let held: HashSet<i64> = held.iter().filter_map(|id| id.parse().ok()).collect();
    let me = jira.session().connection().account_id.clone();
    let tempo = side.tempo().await?;
    let (locked, warnings) = periods(tempo, &me, &days).await;
    let destination =
        stint_sync::TempoWorklogs::new(tempo.clone(), site.id, me, site.connection.site.clone(), uid_key, known, held)
            .with_locked(locked);
    Ok((stint_sync::run_to(Arc::new(destination), store, options, progress).await?, warnings))
}

/// The person's offset at a local date and time (Tempo keeps the person's own).
fn local_offset(at: NaiveDateTime) -> chrono::FixedOffset {
    match chrono::Local.from_local_datetime(&at).earliest() {
        Some(t) => t.offset().fix(),
        None => chrono::Local.offset_from_utc_datetime(&at).fix(),
    }
}

/// One site's read-back through Tempo.
pub(super) async fn read_back(
    jira: Arc<Jira>,
    side: &TempoSide,
    site: SiteId,
    store: SharedStore,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<stint_sync::Pulled, AppError> {
    let (tempo, attributes) = match side.attributes().await {
        Ok(attributes) => (side.tempo().await?, attributes),
        Err(e) => {
            let stop = stint_sync::Stop { code: e.code(), message: e.to_string(), remedy: e.remedy() };
            return Ok(stint_sync::Pulled { stopped: Some(stop), ..stint_sync::Pulled::default() });
        }
    };
    let uid_key = uid_attribute(attributes).map(str::to_string);
    let me = jira.session().connection().account_id.clone();
    let reader = stint_sync::TempoReader {
        tempo: tempo.clone(),
        site,
        jira: Some(jira),
        me,
        uid_attribute: uid_key,
        offset_at: &local_offset,
    };
    let pulled = stint_sync::pull_tempo(&reader, store.clone(), from, to, now).await?;
    if pulled.stopped.is_none() {
        keep_schedule(side, site, &store, from, now).await?;
    }
    Ok(pulled)
}

/// Keeps what Tempo's schedule requires of the person on each day from `from` to two weeks
/// ahead, which the week counts against instead of the daily target. A schedule Tempo does not
/// give (its scope not granted, a failure) leaves the days as they were: the read-back stands.
async fn keep_schedule(
    side: &TempoSide,
    site: SiteId,
    store: &SharedStore,
    from: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let (first, last) = (from.date_naive() - chrono::Duration::days(1), now.date_naive() + chrono::Duration::days(14));
    let days = match side.tempo().await?.schedule(first, last).await {
        Ok(days) => days,
        Err(e) => {
            tracing::info!(code = e.code(), "Tempo's schedule was not read; the days stay as they were");
            return Ok(());
        }
    };
    let days: Vec<(chrono::NaiveDate, i64)> = days.into_iter().map(|d| (d.date, d.required_seconds)).collect();
    super::blocking(store, move |s| Ok(s.write(|tx| tx.keep_required_days(site, &days, now))?)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_is_a_word_or_an_address() {
        assert_eq!(tempo_api("eu").unwrap(), "https://api.eu.tempo.io");
        assert_eq!(tempo_api(" US ").unwrap(), "https://api.us.tempo.io");
        assert_eq!(tempo_api("api.tempo.io").unwrap(), "https://api.tempo.io");
        assert_eq!(tempo_api("http://127.0.0.1:8080/").unwrap(), "http://127.0.0.1:8080");
        assert!(matches!(tempo_api("mars"), Err(AppError::BadTempoRegion(r)) if r == "mars"));
        assert!(tempo_api("http://tempo.example.com").is_err(), "plain HTTP only to this machine");
    }

    #[test]
    fn tempo_s_sign_in_lives_at_api_tempo_io_for_every_region_and_at_a_proxy_s_own_address() {
        for region in ["global", "eu", "us"] {
            let (authorize, token, revoke) = tempo_oauth_urls(&tempo_api(region).unwrap()).unwrap();
            assert_eq!(authorize.as_str(), "https://api.tempo.io/oauth/authorize/redirect");
            assert_eq!(token.as_str(), "https://api.tempo.io/oauth/token/", "Tempo's trailing slash kept");
            assert_eq!(revoke.as_str(), "https://api.tempo.io/oauth/revoke_token/");
        }
        let (authorize, token, _) = tempo_oauth_urls(&tempo_api("https://proxy.example.com/tempo").unwrap()).unwrap();
        assert_eq!(authorize.as_str(), "https://proxy.example.com/tempo/oauth/authorize/redirect", "under its path");
        assert_eq!(token.as_str(), "https://proxy.example.com/tempo/oauth/token/");
    }
}
