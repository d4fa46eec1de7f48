//! Stint's application API: the one facade that every shell (the `stint` CLI, the desktop app's
//! Tauri commands and tray) calls. Shells pass what the user typed as text; this crate parses it
//! with the domain's rules, runs it against the store in one transaction, and returns views that
//! serialize to the documented JSON.
//!
//! All calls block (SQLite). Async shells run them with `spawn_blocking`, never on the runtime.

mod api;
mod autostart;
mod error;
mod export;
mod import;
mod jira;
mod logging;
mod paths;
mod purge;
mod reshape;
mod settings;
mod tray;
mod views;
mod zone;

pub use api::{AddRequest, Clock, EditRequest, StartRequest, Stint, StopRequest};
pub use error::AppError;
pub use export::{ExportFormat, ExportedTo};
pub use import::{
    ImportGroup, ImportOverlap, ImportPlan, ImportPreview, ImportRequest, ImportSkip, ImportSource, Imported,
};
pub use jira::{AuditLine, IssueList, SignIn, SignInUi, SyncStop, SyncSummary, Whoami};
pub use logging::init_logging;
pub use paths::{sibling_program, Paths};
pub use purge::{purge, purge_plan};
pub use reshape::{EntryRow, PrivacyReport, Split, StopPreview, WeekTotal};
pub use settings::{SettingView, Settings, Source};
pub use stint_jira::{FoundIssue, Secret, Site, SERVICE as KEYCHAIN_SERVICE};
pub use stint_sync::Progress;
pub use tray::{GapSettle, Reminder, ReminderKind, SyncPacer, TrayFacts, TrayReport, TrayView};
pub use views::{
    ConfigReport, Edited, GapView, Heartbeat, JiraStatus, Kept, Logged, Overlap, PurgePlan, Purged, Removed,
    RunningView, Started, Status, Stopped,
};
pub use zone::time_zone_warning;

pub use stint_domain::{
    format_duration, DaySummary, Entry, EntryId, GapChoice, IssueKey, IssueTotal, Note, Private, ProjectTotal, Remedy,
    SyncError, SyncState, WeekSummary,
};
pub use stint_store::Counts;

/// Reads the settings and reports them with the file locations, without opening the database.
pub fn config_report(paths: &Paths, env: impl Fn(&str) -> Option<String>) -> Result<ConfigReport, AppError> {
    let (_, settings) = Settings::load(&paths.config_file, env)?;
    Ok(ConfigReport {
        config_file: paths.config_file.clone(),
        config_file_exists: paths.config_file.is_file(),
        database: paths.database.clone(),
        log_dir: paths.log_dir.clone(),
        window_state: paths.window_state.clone(),
        settings,
    })
}
