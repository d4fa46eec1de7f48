//! The stored sign-in: who Stint is signed in as (no network), signing out, and the Jira session
//! the sync and the search run on, with its token from the keychain.

use std::sync::Arc;

use stint_jira::oauth::Flavor;
use stint_jira::{
    check_site, cloud_api_base, sign_in_lock, AllowList, Connection, DataCenterOAuth, Jira, JiraError, Mode, Refresher,
    Session, Vault,
};
use stint_store::{SiteId, Store, StoredSite};

use crate::{AppError, Stint};

/// Who Stint is signed in as: the default site's sign-in (the fields at the top, as before Stint
/// knew several sites), and every site (`sites`, the default first).
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
    /// Every site signed into on this machine, the default first.
    pub sites: Vec<SiteSignIn>,
}

/// One site's sign-in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiteSignIn {
    /// The site, as people know it (what `stint logout SITE` and the rules name).
    pub site: String,
    pub signed_in: bool,
    pub account: Option<String>,
    pub account_id: String,
    pub how: Option<&'static str>,
    pub how_text: Option<&'static str>,
    pub needs_sign_in: bool,
    #[serde(serialize_with = "stint_domain::rfc3339::serialize_option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub ends_by: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// New entries go here unless a project's rule says otherwise.
    pub default: bool,
    /// Where its worklogs go: `jira` (Jira's own worklogs) or `tempo`.
    pub destination: String,
    /// Where its Tempo is (an API base) when its worklogs go to Tempo, else null.
    pub tempo_api: Option<String>,
    /// Whether its worklogs may go to Tempo: a Jira Cloud site signed in (Tempo Cloud serves
    /// Jira Cloud only).
    pub tempo_possible: bool,
    /// The projects whose entries go here by the person's rules.
    pub projects: Vec<String>,
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

/// The keychain item of a site's sign-in. Keychain calls block; outside any runtime they are
/// plain calls.
pub(crate) fn vault_for(store: &mut Store, site: SiteId) -> Result<Vault, AppError> {
    let id = store.read(|tx| tx.install_id())?;
    Ok(Vault::for_site(&id, site.0))
}

fn site_sign_in(site: StoredSite, projects: Vec<String>) -> SiteSignIn {
    let c = site.connection;
    let mode = Mode::parse(&c.mode);
    SiteSignIn {
        signed_in: !c.needs_sign_in,
        site: c.site,
        account: c.account_name,
        account_id: c.account_id,
        how: mode.map(Mode::as_str),
        how_text: mode.map(Mode::describe),
        needs_sign_in: c.needs_sign_in,
        ends_by: mode
            .filter(|_| !c.needs_sign_in)
            .and_then(|m| sign_in_ends(m, c.signed_in_at))
            .map(crate::views::local),
        default: site.is_default,
        destination: site.destination,
        tempo_api: site.tempo_api,
        tempo_possible: !c.needs_sign_in && mode.is_some_and(Mode::is_cloud),
        projects,
    }
}

/// The stored sign-ins; needs no network.
pub(crate) fn whoami(store: &mut Store) -> Result<Whoami, AppError> {
    let (sites, rules) = store.read(|tx| Ok::<_, AppError>((tx.sites()?, tx.site_rules()?)))?;
    let sites: Vec<SiteSignIn> = sites
        .into_iter()
        .map(|s| {
            let projects = rules.iter().filter(|(_, id)| *id == s.id).map(|(p, _)| p.clone()).collect();
            site_sign_in(s, projects)
        })
        .collect();
    Ok(match sites.iter().find(|s| s.default) {
        None => Whoami {
            signed_in: false,
            site: None,
            account: None,
            account_id: None,
            how: None,
            how_text: None,
            needs_sign_in: false,
            ends_by: None,
            sites,
        },
        Some(d) => Whoami {
            signed_in: d.signed_in,
            site: Some(d.site.clone()),
            account: d.account.clone(),
            account_id: Some(d.account_id.clone()),
            how: d.how,
            how_text: d.how_text,
            needs_sign_in: d.needs_sign_in,
            ends_by: d.ends_by,
            sites: sites.clone(),
        },
    })
}

/// The site a person names (its address, with or without `https://`, or its host), among `sites`.
pub(crate) fn find_site(sites: &[StoredSite], named: &str) -> Result<StoredSite, AppError> {
    let wanted = named.trim().trim_end_matches('/').to_lowercase();
    let bare = |url: &str| {
        let url = url.trim_end_matches('/').to_lowercase();
        url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).map(str::to_string).unwrap_or(url)
    };
    let wanted_bare = bare(&wanted);
    sites
        .iter()
        .find(|s| {
            let site = s.connection.site.trim_end_matches('/').to_lowercase();
            site == wanted || bare(&site) == wanted_bare
        })
        .cloned()
        .ok_or_else(|| AppError::NoSuchSite {
            named: named.trim().chars().take(200).collect(),
            sites: sites.iter().map(|s| s.connection.site.clone()).collect(),
        })
}

impl Stint {
    /// The stored sign-in; needs no network.
    pub fn whoami(&mut self) -> Result<Whoami, AppError> {
        whoami(&mut self.store())
    }

    /// Signs out of `site` (as `whoami` names it), or of every site: its token leaves the
    /// keychain; its queued work stays queued, waiting for a sign-in. Returns whether there was
    /// a sign-in to end.
    pub fn logout(&mut self, site: Option<&str>) -> Result<bool, AppError> {
        // A refresh in flight finishes first, and none starts until the token is gone.
        let _lock = sign_in_lock(&self.jira_context().sign_in_lock())?;
        let sites = self.store().read(|tx| tx.sites())?;
        let leaving = match site {
            Some(named) => vec![find_site(&sites, named)?],
            None => sites,
        };
        let mut had = false;
        for site in leaving {
            let deleted = vault_for(&mut self.store(), site.id)?.delete()?;
            // The site stays recorded after a sign-out (entries keep their link to it): a sign-in
            // was there only if it was not already waiting for one.
            had |= deleted || !site.connection.needs_sign_in;
            self.store().write(|tx| tx.mark_needs_sign_in(site.id))?;
        }
        tracing::info!("signed out");
        Ok(had)
    }

    /// Makes the site `named` the default: new entries go there unless a project's rule says
    /// otherwise. Who Stint is signed in as after.
    pub fn set_default_site(&mut self, named: &str) -> Result<Whoami, AppError> {
        let sites = self.store().read(|tx| tx.sites())?;
        let site = find_site(&sites, named)?;
        self.store().write(|tx| tx.set_default_site(site.id))?;
        self.whoami()
    }

    /// Sends `project`'s entries to the site `named` (`None`: to the default again); entries
    /// already sent stay where they are. Who Stint is signed in as after.
    pub fn route_project(&mut self, project: &str, named: Option<&str>) -> Result<Whoami, AppError> {
        let project = stint_domain::parse_project_key(project)?;
        let site = match named {
            Some(named) => {
                let sites = self.store().read(|tx| tx.sites())?;
                Some(find_site(&sites, named)?.id)
            }
            None => None,
        };
        self.store().write(|tx| tx.set_site_rule(&project, site))?;
        self.whoami()
    }

    /// A session for a site's stored sign-in, or why there is none.
    pub(crate) fn site_session(&mut self, stored_site: &StoredSite) -> Result<Arc<Jira>, AppError> {
        let stored = stored_site.connection.clone();
        if stored.needs_sign_in {
            return Err(JiraError::NotSignedIn.into());
        }
        let mode = Mode::parse(&stored.mode).ok_or(JiraError::NotSignedIn)?;
        let site = check_site(&stored.site)?;
        let api_base = check_site(&stored.api_base)?;
        let vault = vault_for(&mut self.store(), stored_site.id)?;
        let credential = vault.load()?.ok_or_else(|| JiraError::NeedsSignIn("no token is in the keychain".into()))?;
        let context = self.jira_context();
        let j = &context.settings;
        let refresher = match mode {
            Mode::CloudOauth => {
                Some(Refresher { flavor: Flavor::Cloud, token_url: j.token_url.clone(), app: context.oauth_app()? })
            }
            Mode::DataCenterOauth => Some(Refresher {
                flavor: Flavor::DataCenter,
                token_url: DataCenterOAuth::of(&site)?.token,
                app: context.oauth_app()?,
            }),
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
