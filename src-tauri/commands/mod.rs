//! The window's IPC commands: wiring only. Each one is a few lines in the module of its concern,
//! calling the `stint-app` facade on a blocking thread (SQLite and the keychain block), or running
//! one of its jobs (a sign-in, a sync, a search) on Tauri's runtime. They take the facade's own
//! request types and return its views (TypeScript types generated from both: `bindings.rs`).
//!
//! A command's body is a function of a `Window` (the facade and what the window learned at start)
//! and its arguments, so it runs without Tauri in tests; what only Tauri can do (events, opening a
//! browser, quitting) goes through the `Shell` the window was given. `ipc!` below lists every
//! command once: it makes the Tauri commands, the handler, and the table the UI is checked against.

mod entries;
mod jira;
mod privacy;
mod settings;
mod timer;
mod week;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use stint_app::{AppError, Paths, Remedy, Stint};
use ts_rs::TS;

/// The one facade of this window (`None` once everything was purged, or when it could not open).
pub type Shared = Arc<Mutex<Option<Stint>>>;

/// What only the host application can do, for the command bodies. Tauri's is in `main.rs`; tests
/// give one that records.
pub trait Shell: Send + Sync {
    /// Tells the page how far a sync has come.
    fn sync_progress(&self, progress: SyncProgress);
    /// Sends the person to the system browser (an OAuth sign-in).
    fn open_in_browser(&self, url: &str);
    /// Where exports go: the Downloads folder, else the home folder.
    fn downloads(&self) -> Option<PathBuf>;
    /// Closes the window and ends the app, `after` from now (at once for zero); returns at once.
    fn quit_after(&self, after: std::time::Duration);
}

/// The window: its facade, what it learned at start, and its shell.
pub struct Window {
    pub facade: Shared,
    /// Why the database did not open, if it did not: every command says so.
    pub problem: Option<IpcError>,
    pub paths: Option<Paths>,
    /// Everything was deleted: what the window writes on its way out goes too.
    pub purged: AtomicBool,
    /// The window was opened with `--pick` (the tray's "Start on…"): the page opens the picker.
    pub pick: AtomicBool,
    pub shell: std::sync::Arc<dyn Shell>,
}

impl Window {
    /// Runs `f` on the window's facade, on a blocking thread.
    pub async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Stint) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, IpcError> {
        let shared = self.facade.clone();
        let problem = self.problem.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match guard.as_mut() {
                Some(stint) => f(stint).map_err(IpcError::from),
                None => Err(problem.unwrap_or_else(|| internal("Stint's data was purged"))),
            }
        })
        .await
        .map_err(|_| internal("a command failed"))?
    }
}

/// An error as the UI receives it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IpcError {
    /// A stable name the UI may branch on (`nothing_running`, `gap_needs_decision`, `jira.not_signed_in`…).
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
    /// What to do about it: the page words it (a button, or a sentence).
    pub remedy: Option<Remedy>,
}

impl From<AppError> for IpcError {
    fn from(e: AppError) -> Self {
        tracing::warn!(code = e.code(), "command failed");
        IpcError { code: e.code().to_string(), message: e.to_string(), remedy: e.remedy() }
    }
}

pub fn internal(what: &str) -> IpcError {
    IpcError {
        code: "internal".into(),
        message: format!("{what}: restart Stint; if it happens again, the log says more"),
        remedy: None,
    }
}

/// Sync progress for the UI: `{done, total}`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncProgress {
    pub done: usize,
    pub total: usize,
}

/// Every command, once: `module::name(arg: Type, …) -> Output`. Makes the `#[tauri::command]`
/// wrappers (each hands its `Window` to the body), `handler()` for Tauri, and `COMMANDS`, the
/// names and argument names the page must use (checked against `ui/src/tauri-backend.ts`).
macro_rules! ipc {
    ($( $module:ident :: $name:ident ( $( $arg:ident : $ty:ty ),* ) -> $out:ty ; )*) => {
        $(
            #[tauri::command]
            pub async fn $name(window: tauri::State<'_, Window>, $( $arg: $ty ),*) -> Result<$out, IpcError> {
                $module::$name(&window, $( $arg ),*).await
            }
        )*

        /// Every command the page may call, with the argument names it sends.
        #[cfg_attr(not(test), allow(dead_code))]
        pub const COMMANDS: &[(&str, &[&str])] = &[ $( (stringify!($name), &[ $( stringify!($arg) ),* ]) ),* ];

        /// Tauri's handler for every command.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![ $( $name ),* ]
        }
    };
}

use stint_app::{
    AccountChoice, AddRequest, CellRequest, DayLine, EditRequest, Edited, Entry, EntryId, EntryRow, ExportFormat,
    ExportedFile, FoundIssue, ImportPreview, Imported, InJiraList, IssueList, Logged, PrivacyReport, Purged, Removed,
    Resolution, SettingView, SignIn, Split, StartRequest, Started, Status, StopPreview, StopRequest, Stopped,
    SyncFilter, SyncSummary, TempoAccounts, TempoOAuthSignIn, TempoSignIn, Timesheet, TrayPanel, ValueChoice,
    WeekSummary, WeekTotal, Whoami, WindowImport,
};

ipc! {
    timer::status() -> Status;
    timer::start_timer(req: StartRequest) -> Started;
    timer::stop_timer(req: StopRequest) -> Stopped;
    timer::stop_preview() -> Option<StopPreview>;
    entries::add_entry(req: AddRequest) -> Logged;
    entries::edit_entry(id: EntryId, change: EditRequest) -> Edited;
    entries::remove_entry(id: EntryId) -> Removed;
    entries::undo_remove(id: EntryId) -> Entry;
    entries::list_entries(from: Option<String>, to: Option<String>, state: Option<SyncFilter>) -> Vec<EntryRow>;
    entries::split_entry(id: EntryId, at: String) -> Split;
    entries::merge_entries(id: EntryId, other: EntryId) -> Entry;
    entries::retry_entry(id: EntryId) -> usize;
    entries::list_in_jira(from: Option<String>, to: Option<String>) -> InJiraList;
    entries::resolve_entry(id: EntryId, how: Resolution) -> Option<Entry>;
    entries::adopt_worklog(worklog: String) -> Entry;
    entries::import_preview(req: WindowImport) -> ImportPreview;
    entries::import_confirm() -> Imported;
    week::week_summary(week: Option<String>) -> WeekSummary;
    week::weeks_trend(week: Option<String>, count: u32) -> Vec<WeekTotal>;
    week::timesheet(week: Option<String>) -> Timesheet;
    week::set_timesheet_cell(req: CellRequest) -> EntryId;
    week::day_timeline(date: String) -> DayLine;
    week::export_range(format: ExportFormat, from: Option<String>, to: Option<String>) -> ExportedFile;
    settings::settings() -> Vec<SettingView>;
    settings::set_setting(key: String, value: String) -> Vec<SettingView>;
    settings::tray_panel() -> TrayPanel;
    settings::set_autostart(on: bool) -> TrayPanel;
    jira::whoami() -> Whoami;
    jira::sign_in(how: SignIn) -> Whoami;
    jira::logout(site: Option<String>) -> bool;
    jira::route_project(project: String, site: Option<String>) -> Whoami;
    jira::tempo_sign_in(req: TempoSignIn) -> Whoami;
    jira::tempo_oauth_sign_in(req: TempoOAuthSignIn) -> Whoami;
    jira::tempo_off(site: Option<String>) -> Whoami;
    jira::tempo_accounts(site: Option<String>) -> TempoAccounts;
    jira::choose_tempo_account(req: AccountChoice) -> TempoAccounts;
    jira::choose_tempo_value(req: ValueChoice) -> TempoAccounts;
    jira::sync_now() -> SyncSummary;
    jira::find_issues(text: Option<String>) -> IssueList;
    jira::recent_issues(count: usize) -> Vec<FoundIssue>;
    privacy::privacy() -> PrivacyReport;
    privacy::purge_everything(confirmed: bool) -> Purged;
    settings::take_pick() -> bool;
    settings::quit_app() -> ();
}

#[cfg(test)]
mod tests;
