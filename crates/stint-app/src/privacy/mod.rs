//! Privacy: what the privacy screen shows (where each kind of data lives, the hosts Stint may
//! contact, the keychain item, what a purge would delete), and the purge itself (`purge`).

mod purge;

pub use purge::{purge, purge_plan};

use crate::facade::lookup;
use crate::{AppError, Stint};

/// Where each kind of data lives, what may leave the machine and to which hosts, and what a purge
/// would delete: the window's privacy screen.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrivacyReport {
    pub files: crate::ConfigReport,
    /// The hosts Stint may contact, from the configuration and the sign-in.
    pub hosts: Vec<String>,
    /// The keychain item's service name (tokens live there only).
    pub keychain_service: String,
    pub purge: crate::PurgePlan,
}

impl Stint {
    /// What the privacy screen shows: the files, the hosts, the keychain item, the purge plan.
    pub fn privacy_report(&mut self) -> Result<PrivacyReport, AppError> {
        let env = self.env_vars().to_vec();
        let files = crate::config_report(self.paths(), |name| lookup(&env, name))?;
        let who = self.whoami()?;
        let j = &self.settings.jira;
        let mut hosts: Vec<String> = [&j.authorize_url, &j.token_url, &j.resources_url, &j.api_gateway_url]
            .iter()
            .filter_map(|u| u.host_str().map(str::to_string))
            .collect();
        // Every site signed into, and the Tempo of each site whose worklogs go there (with the
        // host of Tempo's OAuth sign-in, which a Tempo OAuth sign-in renews its pair at).
        let tempo = who.sites.iter().filter_map(|s| s.tempo_api.as_deref());
        let named = who
            .sites
            .iter()
            .map(|s| s.site.clone())
            .chain(tempo.flat_map(|api| [api.to_string(), crate::jira::tempo_oauth_base(api)]));
        hosts.extend(named.filter_map(|s| url::Url::parse(&s).ok()?.host_str().map(str::to_string)));
        hosts.sort();
        hosts.dedup();
        Ok(PrivacyReport {
            files,
            hosts,
            keychain_service: stint_jira::SERVICE.to_string(),
            purge: purge_plan(self.paths()),
        })
    }
}
