//! Stint's application API: the one facade that every shell (the `stint` CLI, the desktop app's
//! Tauri commands and tray) calls. Shells pass what the user typed as text; this crate parses it
//! with the domain's rules, runs it against the store in one transaction, and returns views that
//! serialize to the documented JSON. Errors carry a typed remedy each shell words for its person.
//!
//! The facade (`Stint`, in `facade`) is cut by concern: `timer`, `entries`, `split_merge`,
//! `week`, `settings`, `reminders`, `desktop`, `jira`, `privacy`, `export`, `import`; `files`
//! reads and writes Stint's own small files safely. All calls block (SQLite); async shells run
//! them with `spawn_blocking`, or run the `jira` jobs on their own runtime.

mod autostart;
mod desktop;
mod entries;
mod error;
mod export;
mod facade;
mod files;
mod import;
mod jira;
mod logging;
pub mod outside;
mod paths;
mod privacy;
mod reminders;
mod requests;
mod settings;
mod sheet;
mod split_merge;
mod timer;
mod views;
mod week;
mod zone;

pub use desktop::{SyncPacer, TrayFacts, TrayPanel, TrayReport, TrayView};
pub use entries::{EntryRow, InJira, InJiraList, Listing, LoggedBy, SyncFilter};
pub use error::AppError;
pub use export::{ExportFormat, ExportedFile, ExportedTo};
pub use facade::{parse_id, Clock, Stint};
pub use import::{
    ImportGroup, ImportOverlap, ImportPlan, ImportPreview, ImportRequest, ImportSkip, ImportSource, Imported,
    WindowImport,
};
pub use jira::{
    AccountChoice, AuditLine, ChosenAccount, ChosenValue, IssueList, IssueSearch, PullSummary, Resolution, SignIn,
    SignInJob, SignInUi, SiteSignIn, SiteSync, SyncJob, SyncStop, SyncSummary, TempoAccount, TempoAccounts,
    TempoAttribute, TempoOAuthJob, TempoOAuthSignIn, TempoSignIn, ValueChoice, Whoami,
};
pub use logging::init_logging;
pub use paths::{sibling_program, Paths};
pub use privacy::{purge, purge_plan, PrivacyReport};
pub use reminders::{Reminder, ReminderKind};
pub use requests::{AddRequest, EditRequest, StartRequest, StopRequest};
pub use settings::{SettingView, Settings, Source};
pub use sheet::CellRequest;
pub use split_merge::Split;
pub use stint_jira::{FoundIssue, Secret, Site, SERVICE as KEYCHAIN_SERVICE};
pub use stint_sync::Progress;
pub use timer::{GapSettle, StopPreview};
pub use views::{
    site_host, ConfigReport, Edited, GapView, Heartbeat, JiraStatus, Kept, Logged, Overlap, PurgePlan, Purged, Removed,
    RunningView, Started, Status, Stopped,
};
pub use week::WeekTotal;
pub use zone::time_zone_warning;

pub use stint_domain::{
    format_duration, Block, CellChange, DayLine, DaySummary, Entry, EntryId, FreeSpan, GapChoice, IssueKey, IssueTotal,
    JiraState, Locked, Note, Private, ProjectTotal, Remedy, Share, SheetCell, SheetDay, SheetRow, SyncError, SyncState,
    TimeLocale, Timesheet, WeekSummary, MAX_NOTE_CHARS,
};
pub use stint_store::Counts;

/// Reads the settings and reports them with the file locations, without opening the database.
pub fn config_report(paths: &Paths, env: impl Fn(&str) -> Option<String>) -> Result<ConfigReport, AppError> {
    let (_, settings) = settings::load(&paths.config_file, env)?;
    Ok(ConfigReport {
        config_file: paths.config_file.clone(),
        config_file_exists: paths.config_file.is_file(),
        database: paths.database.clone(),
        log_dir: paths.log_dir.clone(),
        window_state: paths.window_state.clone(),
        settings,
    })
}
