//! Tempo for a site: where a site's worklogs go when its organisation bills time through Tempo
//! Timesheets. The person gives a Tempo API token (kept in the keychain, one item per site) and
//! the region; the site's worklogs then go to Tempo, with the Account and the other work
//! attributes Tempo requires, and its read-back reads Tempo.
//!
//! Before a site's push, everything Tempo needs about the queued issues is learned at once: each
//! issue's numeric id, its project's and its Tempo Account field through the site's Jira; the
//! site's work attributes, its accounts and each project's account links through Tempo; and the
//! values the person chose (`stint tempo account`). An entry whose required attribute cannot be
//! filled is kept back, with the reason, before anything about it is sent.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::{NaiveDateTime, Offset, TimeZone};
use stint_domain::IssueKey;
use stint_jira::{check_site, AllowList, Credential, Jira, Mode, Secret, Vault};
use stint_store::{SiteId, StoredSite, TempoChoice};
use stint_sync::{
    fill_attributes, uid_attribute, AttributeSources, LockedPeriod, Options, Progress, Report, TempoIssue,
};
use stint_tempo::{Region, Tempo, TempoError, TimesheetStatus, WorkAttribute};

use super::runtime;
use super::session::{find_site, Whoami};
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

/// A site's Tempo, ready for a job: its client, what the person chose for its attributes, and
/// the site's work attributes once read (a job's push and read-back ask Tempo once).
#[derive(Debug, Clone)]
pub(crate) struct TempoSide {
    pub tempo: Arc<Tempo>,
    pub choices: Vec<TempoChoice>,
    attributes: tokio::sync::OnceCell<Vec<WorkAttribute>>,
}

impl TempoSide {
    /// The site's work attributes, read from Tempo the first time they are asked for.
    async fn attributes(&self) -> Result<&[WorkAttribute], TempoError> {
        self.attributes.get_or_try_init(|| self.tempo.work_attributes()).await.map(Vec::as_slice)
    }
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

    /// A client for `api` with `token`, allowed to reach that host only, at Tempo's pace (about
    /// 5 requests a second) unless a test suite's `STINT_TEST_TEMPO_RATE` says otherwise.
    fn tempo_client(&self, api: &str, token: &Secret) -> Result<Tempo, AppError> {
        let base = check_site(api)?;
        let http = self.jira_context().http(AllowList::new([&base]))?;
        let tempo = Tempo::new(http, base, token)?;
        Ok(match test_tempo_rate() {
            Some(rate) => tempo.with_rate(rate),
            None => tempo,
        })
    }

    /// The Tempo side of a site whose worklogs go to Tempo (`None` for one whose go to Jira), or
    /// why it cannot be reached (no token in the keychain).
    pub(crate) fn tempo_side(&mut self, site: &StoredSite) -> Option<Result<TempoSide, AppError>> {
        let api = site.tempo_api.clone().filter(|_| site.destination == "tempo")?;
        Some((|| {
            let vault = tempo_vault(&mut self.store(), site.id)?;
            let token = match vault.load()? {
                Some(Credential::PersonalToken { token }) => token,
                _ => return Err(AppError::NoTempoToken { site: site.connection.site.clone() }),
            };
            let tempo = Arc::new(self.tempo_client(&api, &token)?);
            let choices = self.store().read(|tx| tx.tempo_choices(site.id))?;
            Ok(TempoSide { tempo, choices, attributes: tokio::sync::OnceCell::new() })
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
        self.refuse_moving_sent(&site, "tempo")?;
        let tempo = self.tempo_client(&api, &token)?;
        // The token works, and reads what a push needs, before it is kept.
        runtime()?.block_on(tempo.work_attributes())?;
        tempo_vault(&mut self.store(), site.id)?.save(&Credential::PersonalToken { token })?;
        let waiting = site.connection.needs_sign_in;
        let released = self.store().write(|tx| -> Result<usize, AppError> {
            tx.set_destination(site.id, Some(&api))?;
            Ok(if waiting { 0 } else { tx.release_sign_in_hold(site.id)? })
        })?;
        tracing::info!(released, "worklogs go to Tempo");
        self.whoami()
    }

    /// Forgets the Tempo token of `site` (or the default site): its worklogs still go to Tempo,
    /// and its entries wait for a new token. Returns whether there was one.
    pub fn tempo_logout(&mut self, site: Option<&str>) -> Result<bool, AppError> {
        let site = self.named_site(site)?;
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

    /// A worklog id means something only where it was made: while entries of the site hold
    /// worklogs in one place, its worklogs cannot start going to the other.
    fn refuse_moving_sent(&mut self, site: &StoredSite, to: &str) -> Result<(), AppError> {
        if site.destination == to {
            return Ok(());
        }
        let held = self.store().read(|tx| tx.held_worklog_ids(site.id))?.len();
        if held > 0 {
            return Err(AppError::SentElsewhere {
                site: site.connection.site.clone(),
                count: held,
                to_tempo: to == "tempo",
            });
        }
        Ok(())
    }

    /// The open Tempo accounts of `site` (or the default site), and the ones the person chose
    /// for projects and issues there.
    pub fn tempo_accounts(&mut self, site: Option<&str>) -> Result<TempoAccounts, AppError> {
        let (site, attribute, accounts) = self.account_attribute(site)?;
        self.accounts_view(&site, &attribute, accounts)
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
        let scope = match IssueKey::parse(scope) {
            Ok(issue) => issue.as_str().to_string(),
            Err(_) => stint_domain::parse_project_key(scope)?,
        };
        let (site, attribute, accounts) = self.account_attribute(site)?;
        if let Some(key) = account {
            if !accounts.iter().any(|a| a.key == key) {
                let open: Vec<String> = accounts.iter().map(|a| a.key.clone()).collect();
                return Err(AppError::NoSuchAccount { account: key.chars().take(100).collect(), open });
            }
        }
        self.store().write(|tx| tx.set_tempo_choice(site.id, &scope, &attribute, account))?;
        self.accounts_view(&site, &attribute, accounts)
    }

    /// The site, the key of its Account work attribute, and its open accounts, from Tempo.
    fn account_attribute(
        &mut self,
        site: Option<&str>,
    ) -> Result<(StoredSite, String, Vec<stint_tempo::Account>), AppError> {
        let site = self.named_site(site)?;
        let side = self.tempo_side(&site).ok_or_else(|| AppError::NoTempo { site: site.connection.site.clone() })??;
        let (attributes, accounts) = runtime()?.block_on(async {
            Ok::<_, TempoError>((side.tempo.work_attributes().await?, side.tempo.accounts().await?))
        })?;
        let Some(attribute) = attributes.iter().find(|a| a.kind == "ACCOUNT") else {
            return Err(AppError::NoTempoAccounts { site: site.connection.site });
        };
        let open = accounts.into_iter().filter(|a| a.is_open()).collect();
        Ok((site.clone(), attribute.key.clone(), open))
    }

    fn accounts_view(
        &mut self,
        site: &StoredSite,
        attribute: &str,
        accounts: Vec<stint_tempo::Account>,
    ) -> Result<TempoAccounts, AppError> {
        let choices = self.store().read(|tx| tx.tempo_choices(site.id))?;
        Ok(TempoAccounts {
            site: site.connection.site.clone(),
            accounts: accounts.into_iter().map(|a| TempoAccount { key: a.key, name: a.name }).collect(),
            chosen: choices
                .into_iter()
                .filter(|c| c.attribute == attribute)
                .map(|c| ChosenAccount { scope: c.scope, account: c.value })
                .collect(),
        })
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
    let (tempo, choices) = (&side.tempo, &side.choices);
    let mut known = HashMap::new();
    if issues.is_empty() {
        return Ok((known, None));
    }
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
    let (locked, warnings) = periods(&side.tempo, &me, &days).await;
    let destination = stint_sync::TempoWorklogs::new(
        side.tempo.clone(),
        site.id,
        me,
        site.connection.site.clone(),
        uid_key,
        known,
        held,
    )
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
    let attributes = match side.attributes().await {
        Ok(attributes) => attributes,
        Err(e) => {
            let stop = stint_sync::Stop { code: e.code(), message: e.to_string(), remedy: e.remedy() };
            return Ok(stint_sync::Pulled { stopped: Some(stop), ..stint_sync::Pulled::default() });
        }
    };
    let uid_key = uid_attribute(attributes).map(str::to_string);
    let me = jira.session().connection().account_id.clone();
    let reader = stint_sync::TempoReader {
        tempo: side.tempo.clone(),
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
    let days = match side.tempo.schedule(first, last).await {
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
}
