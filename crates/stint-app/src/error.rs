//! The one error type of the application API, classified for the shells: bad input (exit 2),
//! could not be done (exit 1), and whether trying again later may help. The message says what
//! went wrong; `remedy()` says what to do, typed, and each shell words it for its person (the
//! CLI as a command, the window as a button or a sentence). No message here names a command.

use std::path::PathBuf;

use stint_domain::{DomainError, EntryId, Gap, Remedy};
use stint_store::StoreError;

use crate::views::local;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Input(#[from] DomainError),
    #[error("{source_name}: {message}")]
    Config { source_name: String, message: String },
    #[error("STINT_HOME must be an absolute path (it is `{0}`): give the full path, like /home/me/.stint")]
    RelativeHome(String),
    #[error(
        "STINT_HOME is `{0}`, which is not a folder: set it to a folder for Stint's files (it is created if missing)"
    )]
    HomeNotAFolder(String),
    #[error("no home directory was found for Stint's files: set STINT_HOME to a folder Stint may use")]
    NoHome,
    #[error("`{0}` is not an entry id")]
    BadId(String),
    #[error("nothing to change")]
    NothingToChange,
    #[error("the running timer has no duration yet")]
    DurationOfRunning,
    #[error("the end date {to} is before the start date {from}: swap them")]
    BadRange { from: String, to: String },
    #[error("no timer is running")]
    NothingRunning,
    #[error("{0} is already being tracked")]
    AlreadyTracking(String),
    #[error("there is no entry {0}")]
    NoSuchEntry(i64),
    #[error(
        "nothing was heard from this machine from {} to {} ({}) while the timer ran",
        local(gap.from).format("%Y-%m-%d %H:%M"), local(gap.to).format("%Y-%m-%d %H:%M"), stint_domain::format_duration(gap.seconds())
    )]
    GapNeedsDecision { gap: Gap },
    #[error(
        "the running timer (entry {id}) started at {started}, later than the clock reads now: the clock was ahead \
         when it started, or has been set back. The timer is kept"
    )]
    ClockBehindTimer { id: i64, started: String },
    #[error("{path}: {why}")]
    BadOutput { path: PathBuf, why: String },
    #[error("could not write {target}: {source}")]
    Output { target: String, source: std::io::Error },
    #[error(transparent)]
    Jira(#[from] stint_jira::JiraError),
    #[error("a sync is already running (from the window, the tray or a terminal)")]
    SyncRunning,
    #[error("entry {0} is in Jira, or may be: it cannot become local-only")]
    InJira(i64),
    #[error("entry {0} has not been refused by Jira, so there is nothing to retry")]
    NotFailed(i64),
    #[error("entry {id} has no {what} to settle")]
    NothingToSettle { id: i64, what: &'static str },
    #[error("`{0}` is not a Jira worklog id: it is a number, as listed beside your time logged in Jira")]
    BadWorklogId(String),
    #[error("there is no worklog {0} among your worklogs in Jira that Stint has read back")]
    NoSuchWorklog(String),
    #[error("worklog {worklog_id} cannot become an entry here: {why}")]
    CannotAdopt { worklog_id: String, why: &'static str },
    /// Signing in did not work; `remedy` says what to do.
    #[error("{problem}")]
    SignIn { problem: String, remedy: Option<Remedy> },
    #[error(
        "no OAuth app is configured: set STINT_OAUTH_CLIENT_ID (and STINT_OAUTH_CLIENT_SECRET if the app has one) \
         to an OAuth 2.0 app whose callback is http://localhost:PORT/callback"
    )]
    NoOAuthApp,
    #[error("{}", match sites.as_slice() {
        [] => format!("Stint is signed in to no site, so not to `{named}`"),
        sites => format!("Stint is not signed in to `{named}`; it knows {}", sites.join(", ")),
    })]
    NoSuchSite { named: String, sites: Vec<String> },
    #[error("{}", match wanted {
        Some(w) => format!("no site `{w}` came back; the sign-in can reach {}", sites.join(", ")),
        None => format!("several sites came back ({})", sites.join(", ")),
    })]
    ChooseSite { wanted: Option<String>, sites: Vec<String> },
    #[error(transparent)]
    Tempo(#[from] stint_tempo::TempoError),
    #[error("`{0}` is not a Tempo region: give global (api.tempo.io), eu or us, as Tempo's settings show")]
    BadTempoRegion(String),
    #[error("{site} is a Jira Data Center site, and Stint speaks to Tempo Cloud, which serves Jira Cloud sites only")]
    TempoNeedsCloud { site: String },
    #[error("Stint has no working Tempo sign-in for {site} (none is in the keychain, or Tempo no longer accepts the one there), and its worklogs go to Tempo")]
    NoTempoToken { site: String },
    #[error("{0}")]
    BadTempoApp(&'static str),
    #[error("{site}'s worklogs go to Jira's own worklogs, not to Tempo")]
    NoTempo { site: String },
    #[error("Tempo has no Account work attribute on {site}: its worklogs need no Account")]
    NoTempoAccounts { site: String },
    #[error("{}", if open.is_empty() {
        format!("Tempo has no open account `{account}`, and none is open")
    } else {
        format!("Tempo has no open account `{account}`; the open ones are {}", open.join(", "))
    })]
    NoSuchAccount { account: String, open: Vec<String> },
    #[error("{}", if required.is_empty() {
        format!("Tempo requires no work attribute besides the Account on this site, so there is no `{named}` to choose")
    } else {
        format!("Tempo requires no work attribute `{named}` on this site; besides the Account it requires {}", required.join(", "))
    })]
    NoSuchTempoAttribute { named: String, required: Vec<String> },
    #[error("`{attribute}` cannot take that value: {why}")]
    BadTempoValue { attribute: String, why: String },
    #[error(
        "{count} {} of {site} already {} in Tempo, and a worklog Stint made in Tempo is, in Jira's own worklogs, \
         Tempo's app's and not yours, so Stint could not change it there: the site's worklogs keep going to Tempo",
        if *count == 1 { "entry" } else { "entries" },
        if *count == 1 { "is" } else { "are" }
    )]
    SentElsewhere { site: String, count: usize },
    #[error(
        "{count} {} of {site} {} a request out to Jira whose answer is not known yet: sync once more so they settle in \
         Jira, then send the site's worklogs to Tempo; nothing was changed",
        if *count == 1 { "entry" } else { "entries" },
        if *count == 1 { "has" } else { "have" }
    )]
    InFlightToJira { site: String, count: usize },
    #[error(
        "Tempo does not know {count} of the worklogs {site}'s entries hold in Jira (Tempo copies Jira's worklogs on its \
         own, and may not have yet): nothing was changed; try again in a while"
    )]
    TempoLacksWorklogs { site: String, count: usize },
    #[error("could not delete Stint's Jira token from the keychain, so nothing was deleted ({0})")]
    TokenKept(String),
    #[error("a split must leave at least a minute on each side: give a time after {start} and before {end}, less a minute each")]
    BadSplit { start: String, end: String },
    #[error("these entries cannot be merged: {0}")]
    BadMerge(String),
    #[error(
        "these entries cannot be merged: entries {a} and {b} are {apart} apart, and only entries that touch merge"
    )]
    NotTouching { a: i64, b: i64, apart: String },
    #[error(transparent)]
    Import(#[from] stint_import::ImportError),
    #[error("{path}: {why}")]
    BadImportPath { path: PathBuf, why: String },
    #[error("{0}")]
    ImportOption(&'static str),
    #[error("there is no import to confirm: preview the file first")]
    NoImportPreviewed,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not {action} {path}: {source}")]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
}

impl AppError {
    /// A sign-in that failed without a remedy beyond the message.
    pub(crate) fn sign_in(problem: impl Into<String>) -> AppError {
        AppError::SignIn { problem: problem.into(), remedy: None }
    }

    /// What the person can do about it; each shell words it (see the module's note).
    pub fn remedy(&self) -> Option<Remedy> {
        Some(match self {
            AppError::Input(e) => return e.remedy(),
            AppError::Jira(e) => return e.remedy(),
            AppError::Tempo(e) => return e.remedy(),
            AppError::NoTempoToken { site } => Remedy::SignInToTempo { site: site.clone() },
            AppError::Import(e) => return e.remedy(),
            AppError::ImportOption(_) => Remedy::LeaveOutIssueOptions,
            AppError::SignIn { remedy, .. } => return remedy.clone(),
            AppError::BadId(_) | AppError::NoSuchEntry(_) => Remedy::FindEntry,
            AppError::NothingToChange => Remedy::ChangeSomething,
            AppError::DurationOfRunning => Remedy::StopOrMoveStart,
            AppError::NothingRunning => Remedy::StartTimer,
            AppError::AlreadyTracking(_) => Remedy::StopOrSwitch,
            AppError::GapNeedsDecision { .. } => Remedy::DecideGap,
            AppError::ClockBehindTimer { id, .. } => Remedy::SetTimerStart { id: EntryId(*id) },
            AppError::SyncRunning => Remedy::WaitForSync,
            AppError::InJira(id) => Remedy::RemoveEntry { id: EntryId(*id) },
            AppError::NotFailed(_) | AppError::NothingToSettle { .. } | AppError::NoSuchWorklog(_) => {
                Remedy::SeeSyncStates
            }
            AppError::NoOAuthApp => Remedy::SignInWithApiToken,
            AppError::NoSuchSite { sites, .. } if sites.is_empty() => Remedy::SignIn,
            AppError::NoSuchSite { sites, .. } => Remedy::ChooseSite { sites: sites.clone() },
            AppError::ChooseSite { sites, .. } => Remedy::ChooseSite { sites: sites.clone() },
            AppError::TokenKept(_) => Remedy::FixKeychainThenPurge,
            AppError::NotTouching { .. } => Remedy::MakeEntriesTouch,
            _ => return None,
        })
    }

    /// The user gave something Stint cannot use; nothing was changed.
    pub fn is_bad_input(&self) -> bool {
        match self {
            // A timer left running past a day is not something the user typed wrong.
            AppError::Input(DomainError::TimerTooLong(_)) => false,
            AppError::Input(_)
            | AppError::Config { .. }
            | AppError::RelativeHome(_)
            | AppError::HomeNotAFolder(_)
            | AppError::BadId(_)
            | AppError::BadWorklogId(_)
            | AppError::NothingToChange
            | AppError::DurationOfRunning
            | AppError::BadOutput { .. }
            | AppError::BadSplit { .. }
            | AppError::BadMerge(_)
            | AppError::NotTouching { .. }
            | AppError::NoOAuthApp
            | AppError::NoSuchSite { .. }
            | AppError::BadTempoRegion(_)
            | AppError::BadTempoApp(_)
            | AppError::NoSuchTempoAttribute { .. }
            | AppError::BadTempoValue { .. }
            | AppError::TempoNeedsCloud { .. }
            | AppError::NoTempo { .. }
            | AppError::NoTempoAccounts { .. }
            | AppError::NoSuchAccount { .. }
            | AppError::Import(_)
            | AppError::BadImportPath { .. }
            | AppError::ImportOption(_)
            | AppError::NoImportPreviewed
            | AppError::BadRange { .. } => true,
            AppError::Jira(e) => matches!(e, stint_jira::JiraError::Config(_) | stint_jira::JiraError::NotAllowed(_)),
            AppError::Tempo(e) => matches!(e, stint_tempo::TempoError::Config(_)),
            _ => false,
        }
    }

    /// The reader of Stint's output went away (`stint export | head`): not a failure to report.
    pub fn is_closed_output(&self) -> bool {
        matches!(self, AppError::Output { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// Trying the same thing again later may work.
    pub fn is_retryable(&self) -> bool {
        match self {
            AppError::Store(e) => e.is_retryable(),
            AppError::Jira(e) => e.class() == stint_jira::Class::Retryable,
            AppError::Tempo(e) => e.class() == stint_jira::Class::Retryable,
            AppError::SyncRunning => true,
            _ => false,
        }
    }

    /// The process exit code a shell should use: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        if self.is_bad_input() {
            2
        } else {
            1
        }
    }

    /// A short stable name for logs and for the UI to branch on. Logs carry this, never the
    /// message, which may hold what the user typed.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Input(DomainError::TimerTooLong(_)) => "timer_too_long",
            AppError::Input(_) => "input",
            AppError::Config { .. } => "config",
            AppError::RelativeHome(_) | AppError::HomeNotAFolder(_) | AppError::NoHome => "home",
            AppError::BadId(_) => "bad_id",
            AppError::NothingToChange => "nothing_to_change",
            AppError::DurationOfRunning => "duration_of_running",
            AppError::BadRange { .. } => "bad_range",
            AppError::NothingRunning => "nothing_running",
            AppError::AlreadyTracking(_) => "already_tracking",
            AppError::NoSuchEntry(_) => "no_such_entry",
            AppError::GapNeedsDecision { .. } => "gap_needs_decision",
            AppError::ClockBehindTimer { .. } => "clock_behind_timer",
            AppError::BadOutput { .. } => "bad_output",
            AppError::Output { .. } => "output",
            AppError::Jira(e) => e.code(),
            AppError::SyncRunning => "sync_running",
            AppError::InJira(_) => "in_jira",
            AppError::NotFailed(_) => "not_failed",
            AppError::NothingToSettle { .. } => "nothing_to_settle",
            AppError::BadWorklogId(_) => "bad_worklog_id",
            AppError::NoSuchWorklog(_) => "no_such_worklog",
            AppError::CannotAdopt { .. } => "cannot_adopt",
            AppError::SignIn { .. } => "sign_in",
            AppError::NoOAuthApp => "no_oauth_app",
            AppError::NoSuchSite { .. } => "no_such_site",
            AppError::ChooseSite { .. } => "choose_site",
            AppError::Tempo(e) => e.code(),
            AppError::BadTempoRegion(_) => "bad_tempo_region",
            AppError::BadTempoApp(_) => "bad_tempo_app",
            AppError::NoSuchTempoAttribute { .. } => "no_such_tempo_attribute",
            AppError::BadTempoValue { .. } => "bad_tempo_value",
            AppError::TempoNeedsCloud { .. } => "tempo_needs_cloud",
            AppError::NoTempoToken { .. } => "tempo.needs_sign_in",
            AppError::NoTempo { .. } => "no_tempo",
            AppError::NoTempoAccounts { .. } => "no_tempo_accounts",
            AppError::NoSuchAccount { .. } => "no_such_account",
            AppError::SentElsewhere { .. } => "sent_elsewhere",
            AppError::InFlightToJira { .. } => "in_flight_to_jira",
            AppError::TempoLacksWorklogs { .. } => "tempo.unmapped",
            AppError::TokenKept(_) => "token_kept",
            AppError::BadSplit { .. } => "bad_split",
            AppError::BadMerge(_) | AppError::NotTouching { .. } => "bad_merge",
            AppError::Import(_) => "import",
            AppError::BadImportPath { .. } => "import_path",
            AppError::ImportOption(_) => "import_option",
            AppError::NoImportPreviewed => "no_import_previewed",
            AppError::Store(e) => e.code(),
            AppError::Io { .. } => "io",
        }
    }
}
