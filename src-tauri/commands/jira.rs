//! Jira's commands. Signing in, a sync and a search are the facade's jobs: prepared on the
//! window's facade in a moment, then run on Tauri's runtime on the facade's one connection, so
//! the window answers other commands meanwhile.

use stint_app::{
    AccountChoice, FoundIssue, IssueList, Progress, SignIn, SignInUi, Site, SyncSummary, TempoAccounts,
    TempoOAuthSignIn, TempoSignIn, ValueChoice, Whoami,
};

use super::{IpcError, Shell, SyncProgress, Window};

pub async fn whoami(w: &Window) -> Result<Whoami, IpcError> {
    w.call(|s| s.whoami()).await
}

pub async fn sign_in(w: &Window, how: SignIn) -> Result<Whoami, IpcError> {
    let job = w.call(move |s| s.sign_in_job(how, None)).await?;
    Ok(job.run(&mut Browser(w.shell.as_ref())).await?)
}

/// Signs out of one site (as `whoami` names it), or of every site.
pub async fn logout(w: &Window, site: Option<String>) -> Result<bool, IpcError> {
    w.call(move |s| s.logout(site.as_deref())).await
}

/// Sends `project`'s entries to `site` (null: to the default again), as `stint site route` does.
pub async fn route_project(w: &Window, project: String, site: Option<String>) -> Result<Whoami, IpcError> {
    w.call(move |s| s.route_project(&project, site.as_deref())).await
}

/// Sends a site's worklogs to Tempo with the token given (Tempo must accept it first).
pub async fn tempo_sign_in(w: &Window, req: TempoSignIn) -> Result<Whoami, IpcError> {
    w.call(move |s| s.tempo_login(req.site.as_deref(), &req.region, req.token)).await
}

/// Sends a site's worklogs to Tempo through Tempo's OAuth 2.0 in the browser, with the app the
/// person's Tempo administrator made.
pub async fn tempo_oauth_sign_in(w: &Window, req: TempoOAuthSignIn) -> Result<Whoami, IpcError> {
    let job = w.call(move |s| s.tempo_oauth_job(req, None)).await?;
    Ok(job.run(&mut Browser(w.shell.as_ref())).await?)
}

/// Sends a site's worklogs to Jira's own worklogs again, and forgets its Tempo token.
pub async fn tempo_off(w: &Window, site: Option<String>) -> Result<Whoami, IpcError> {
    w.call(move |s| s.tempo_off(site.as_deref())).await
}

/// A Tempo site's open accounts and the person's choices.
pub async fn tempo_accounts(w: &Window, site: Option<String>) -> Result<TempoAccounts, IpcError> {
    w.call(move |s| s.tempo_accounts(site.as_deref())).await
}

/// Bills a project's or an issue's time to an Account (or forgets the choice).
pub async fn choose_tempo_account(w: &Window, req: AccountChoice) -> Result<TempoAccounts, IpcError> {
    w.call(move |s| s.tempo_account(req.site.as_deref(), &req.scope, req.account.as_deref())).await
}

/// Chooses the value of a work attribute the site requires besides the Account for a project's
/// or an issue's time (or forgets the choice).
pub async fn choose_tempo_value(w: &Window, req: ValueChoice) -> Result<TempoAccounts, IpcError> {
    w.call(move |s| s.tempo_value(req.site.as_deref(), &req.scope, &req.attribute, req.value.as_deref())).await
}

pub async fn sync_now(w: &Window) -> Result<SyncSummary, IpcError> {
    let job = w.call(|s| s.sync_job(false)).await?;
    let events = Events { shell: w.shell.as_ref(), total: 0.into(), done: 0.into() };
    Ok(job.run(&events).await?)
}

pub async fn find_issues(w: &Window, text: Option<String>) -> Result<IssueList, IpcError> {
    let search = w.call(move |s| Ok(s.issue_search(text.as_deref()))).await?;
    Ok(search.run().await?)
}

/// The issues tracked here lately, with their kept titles (no request to Jira): one click each.
pub async fn recent_issues(w: &Window, count: usize) -> Result<Vec<FoundIssue>, IpcError> {
    w.call(move |s| s.recent_issues(count)).await
}

/// A sync's progress, told to the page.
struct Events<'a> {
    shell: &'a dyn Shell,
    total: std::sync::atomic::AtomicUsize,
    done: std::sync::atomic::AtomicUsize,
}

impl Progress for Events<'_> {
    fn begin(&self, total: usize) {
        self.total.store(total, std::sync::atomic::Ordering::Relaxed);
        self.shell.sync_progress(SyncProgress { done: 0, total });
    }

    fn advance(&self) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let total = self.total.load(std::sync::atomic::Ordering::Relaxed);
        self.shell.sync_progress(SyncProgress { done, total });
    }
}

/// Sends the person to the system browser for an OAuth sign-in.
struct Browser<'a>(&'a dyn Shell);

impl SignInUi for Browser<'_> {
    fn visit(&mut self, url: &str) {
        self.0.open_in_browser(url);
    }

    fn choose_site(&mut self, _sites: &[Site]) -> Option<usize> {
        // The error lists the sites; the window asks again with the one chosen.
        None
    }
}
