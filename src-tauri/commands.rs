//! The window's IPC commands: wiring only. Each one is async, takes typed arguments, and calls
//! the `stint-app` facade on a blocking thread (SQLite and the keychain block); errors reach the
//! UI as `{code, message}` from the facade's one error type. Long operations (signing in, a sync,
//! an issue search) run on a connection of their own, so the window stays live meanwhile.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use stint_app::{
    purge, AddRequest, AppError, EditRequest, Edited, Entry, EntryRow, ExportFormat, GapChoice, IssueList, Logged,
    Paths, PrivacyReport, Private, Purged, Remedy, Removed, Secret, SettingView, SignIn, SignInUi, Site, Split,
    StartRequest, Started, Status, Stint, StopPreview, StopRequest, Stopped, SyncSummary, TrayReport, WeekSummary,
    WeekTotal, Whoami,
};
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;

/// The one facade of this window (`None` once everything was purged, or when it could not open).
pub type Shared = Arc<Mutex<Option<Stint>>>;

/// What the window learned at start: where the files are, and why the database did not open.
pub struct Startup {
    pub problem: Option<IpcError>,
    pub paths: Option<Paths>,
    /// Everything was deleted: what the window writes on its way out goes too.
    pub purged: std::sync::atomic::AtomicBool,
    /// The window was opened with `--pick` (the tray's "Start on…"): the page opens the picker.
    pub pick: std::sync::atomic::AtomicBool,
}

/// The tray, for the settings screen: what it found about the desktop, and whether it starts at login.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrayPanel {
    pub report: TrayReport,
    pub autostart: bool,
}

/// The window is gone. Tauri saved the window geometry just before this, and WebKit's helper
/// processes may still be writing their housekeeping as they exit; after a purge, purging again
/// once they are gone removes all of it (and the folders it needed), so "delete everything"
/// stays true.
pub fn after_exit(app: &AppHandle) {
    let startup = app.state::<Startup>();
    if startup.purged.load(std::sync::atomic::Ordering::SeqCst) {
        if let Some(paths) = &startup.paths {
            let _ = purge(paths);
            let deadline = std::time::Instant::now() + Duration::from_secs(3);
            while helpers_running() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = purge(paths);
        }
    }
}

/// Whether any child process of this one (WebKit's web and network processes) still runs.
fn helpers_running() -> bool {
    let me = std::process::id().to_string();
    let Ok(procs) = std::fs::read_dir("/proc") else { return false };
    procs.flatten().any(|p| {
        std::fs::read_to_string(p.path().join("stat")).is_ok_and(|stat| {
            // The parent pid is the second field after the `(name)`; a zombie no longer writes.
            let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
            let mut fields = rest.split(' ');
            let state = fields.next();
            fields.next() == Some(me.as_str()) && state != Some("Z")
        })
    })
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

fn internal(what: &str) -> IpcError {
    IpcError {
        code: "internal".into(),
        message: format!("{what}: restart Stint; if it happens again, the log says more"),
        remedy: None,
    }
}

/// Runs `f` on the window's facade, on a blocking thread.
async fn on_stint<T: Send + 'static>(
    shared: &Shared,
    startup: &Startup,
    f: impl FnOnce(&mut Stint) -> Result<T, AppError> + Send + 'static,
) -> Result<T, IpcError> {
    let shared = shared.clone();
    let problem = startup.problem.clone();
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

/// Runs `f` on a facade of its own (a long operation must not hold the window's).
async fn on_own_stint<T: Send + 'static>(
    startup: &Startup,
    f: impl FnOnce(&mut Stint) -> Result<T, AppError> + Send + 'static,
) -> Result<T, IpcError> {
    if let Some(problem) = &startup.problem {
        return Err(problem.clone());
    }
    let paths = startup.paths.clone().ok_or_else(|| internal("no data folder"))?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut stint = Stint::open(&paths, |name| std::env::var(name).ok())?;
        f(&mut stint)
    })
    .await
    .map_err(|_| internal("a command failed"))?
    .map_err(IpcError::from)
}

/// What to do with a silence in the timer being stopped or switched away from.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GapArg {
    Ask,
    End,
    Keep,
}

impl From<GapArg> for GapChoice {
    fn from(g: GapArg) -> GapChoice {
        match g {
            GapArg::Ask => GapChoice::Ask,
            GapArg::End => GapChoice::EndAtGap,
            GapArg::Keep => GapChoice::Keep,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct StartArgs {
    pub issue: String,
    pub note: Option<String>,
    pub at: Option<String>,
    pub local: bool,
    pub gap: GapArg,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct StopArgs {
    pub note: Option<String>,
    pub at: Option<String>,
    pub gap: GapArg,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct AddArgs {
    pub issue: String,
    pub duration: String,
    pub at: Option<String>,
    pub note: Option<String>,
    pub local: bool,
}

/// `None` leaves a field as it is; an empty note removes the note.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct EditArgs {
    pub id: i64,
    pub issue: Option<String>,
    pub duration: Option<String>,
    pub at: Option<String>,
    pub note: Option<String>,
    pub local: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct RangeArgs {
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FormatArg {
    Json,
    Csv,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportArgs {
    pub format: FormatArg,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Where an export went.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportedFile {
    pub path: String,
    pub entries: usize,
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Jira Cloud, with `email`.
    ApiToken,
    /// Jira Data Center.
    PersonalToken,
}

#[derive(Deserialize, TS)]
pub struct TokenLoginArgs {
    pub kind: TokenKind,
    pub site: String,
    pub email: Option<String>,
    pub token: String,
}

impl std::fmt::Debug for TokenLoginArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenLoginArgs { .. }")
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct BrowserLoginArgs {
    pub site: Option<String>,
    pub data_center: bool,
}

fn private(text: Option<String>) -> Option<Private<String>> {
    text.map(Private::new)
}

#[tauri::command]
pub async fn status(shared: State<'_, Shared>, startup: State<'_, Startup>) -> Result<Status, IpcError> {
    let status = on_stint(&shared, &startup, |s| s.status()).await;
    // The moment the page first has live data: `scripts/bench-window.sh` times start-up by it.
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let epoch_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        tracing::info!(epoch_ms, "window ready: the first live data went to the page");
    });
    status
}

#[tauri::command]
pub async fn start_timer(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    args: StartArgs,
) -> Result<Started, IpcError> {
    let req = StartRequest {
        issue: args.issue,
        note: private(args.note),
        at: args.at,
        local_only: args.local,
        gap: args.gap.into(),
    };
    on_stint(&shared, &startup, move |s| s.start(req)).await
}

#[tauri::command]
pub async fn stop_timer(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    args: StopArgs,
) -> Result<Stopped, IpcError> {
    let req = StopRequest { at: args.at, note: private(args.note), gap: args.gap.into() };
    on_stint(&shared, &startup, move |s| s.stop(req)).await
}

#[tauri::command]
pub async fn stop_preview(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
) -> Result<Option<StopPreview>, IpcError> {
    on_stint(&shared, &startup, |s| s.stop_preview()).await
}

#[tauri::command]
pub async fn add_entry(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    args: AddArgs,
) -> Result<Logged, IpcError> {
    let req = AddRequest {
        issue: args.issue,
        duration: args.duration,
        at: args.at,
        note: private(args.note),
        local_only: args.local,
    };
    on_stint(&shared, &startup, move |s| s.add(req)).await
}

#[tauri::command]
pub async fn edit_entry(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    args: EditArgs,
) -> Result<Edited, IpcError> {
    let req = EditRequest {
        issue: args.issue,
        duration: args.duration,
        at: args.at,
        note: private(args.note),
        local_only: args.local,
    };
    on_stint(&shared, &startup, move |s| s.edit(&args.id.to_string(), req)).await
}

#[tauri::command]
pub async fn remove_entry(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    id: i64,
) -> Result<Removed, IpcError> {
    on_stint(&shared, &startup, move |s| s.remove(&id.to_string())).await
}

#[tauri::command]
pub async fn undo_remove(shared: State<'_, Shared>, startup: State<'_, Startup>, id: i64) -> Result<Entry, IpcError> {
    on_stint(&shared, &startup, move |s| s.undo_remove(&id.to_string())).await
}

#[tauri::command]
pub async fn list_entries(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    args: RangeArgs,
) -> Result<Vec<EntryRow>, IpcError> {
    on_stint(&shared, &startup, move |s| s.entry_rows(args.from.as_deref(), args.to.as_deref())).await
}

#[tauri::command]
pub async fn split_entry(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    id: i64,
    at: String,
) -> Result<Split, IpcError> {
    on_stint(&shared, &startup, move |s| s.split(&id.to_string(), &at)).await
}

#[tauri::command]
pub async fn merge_entries(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    id: i64,
    other: i64,
) -> Result<Entry, IpcError> {
    on_stint(&shared, &startup, move |s| s.merge(&id.to_string(), &other.to_string())).await
}

#[tauri::command]
pub async fn week_summary(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    week: Option<String>,
) -> Result<WeekSummary, IpcError> {
    on_stint(&shared, &startup, move |s| s.week(week.as_deref())).await
}

#[tauri::command]
pub async fn weeks_trend(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    week: Option<String>,
    count: u32,
) -> Result<Vec<WeekTotal>, IpcError> {
    on_stint(&shared, &startup, move |s| s.trend(week.as_deref(), count)).await
}

/// Exports into the Downloads folder (the home folder without one), named after the range.
#[tauri::command]
pub async fn export_range(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    args: ExportArgs,
) -> Result<ExportedFile, IpcError> {
    let dirs = directories::UserDirs::new().ok_or_else(|| internal("no home folder was found"))?;
    let folder = dirs.download_dir().unwrap_or(dirs.home_dir()).to_path_buf();
    let format = match args.format {
        FormatArg::Json => ExportFormat::Json,
        FormatArg::Csv => ExportFormat::Csv,
    };
    let (path, written) =
        on_stint(&shared, &startup, move |s| s.export_into(format, args.from.as_deref(), args.to.as_deref(), &folder))
            .await?;
    Ok(ExportedFile { path: path.display().to_string(), entries: written.entries })
}

#[tauri::command]
pub async fn settings(shared: State<'_, Shared>, startup: State<'_, Startup>) -> Result<Vec<SettingView>, IpcError> {
    on_stint(&shared, &startup, |s| s.setting_views()).await
}

#[tauri::command]
pub async fn set_setting(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    key: String,
    value: String,
) -> Result<Vec<SettingView>, IpcError> {
    on_stint(&shared, &startup, move |s| s.set_setting(&key, &value)).await
}

#[tauri::command]
pub async fn whoami(shared: State<'_, Shared>, startup: State<'_, Startup>) -> Result<Whoami, IpcError> {
    on_stint(&shared, &startup, |s| s.whoami()).await
}

#[tauri::command]
pub async fn login_token(startup: State<'_, Startup>, args: TokenLoginArgs) -> Result<Whoami, IpcError> {
    let how = match args.kind {
        TokenKind::ApiToken => SignIn::CloudApiToken {
            site: args.site,
            email: args.email.unwrap_or_default(),
            token: Secret::new(args.token.trim()),
        },
        TokenKind::PersonalToken => SignIn::DataCenterToken { site: args.site, token: Secret::new(args.token.trim()) },
    };
    on_own_stint(&startup, move |s| s.login(how, None, &mut Browser)).await
}

#[tauri::command]
pub async fn login_browser(startup: State<'_, Startup>, args: BrowserLoginArgs) -> Result<Whoami, IpcError> {
    let how = match (args.data_center, args.site) {
        (true, Some(site)) => SignIn::DataCenterOAuth { site },
        (_, site) => SignIn::CloudOAuth { site },
    };
    on_own_stint(&startup, move |s| s.login(how, None, &mut Browser)).await
}

#[tauri::command]
pub async fn logout(shared: State<'_, Shared>, startup: State<'_, Startup>) -> Result<bool, IpcError> {
    on_stint(&shared, &startup, |s| s.logout()).await
}

/// Sync progress for the UI: `{done, total}`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncProgress {
    pub done: usize,
    pub total: usize,
}

struct Events {
    app: AppHandle,
    total: std::sync::atomic::AtomicUsize,
    done: std::sync::atomic::AtomicUsize,
}

impl stint_app::Progress for Events {
    fn begin(&self, total: usize) {
        self.total.store(total, std::sync::atomic::Ordering::Relaxed);
        let _ = self.app.emit("stint://sync-progress", SyncProgress { done: 0, total });
    }

    fn advance(&self) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let total = self.total.load(std::sync::atomic::Ordering::Relaxed);
        let _ = self.app.emit("stint://sync-progress", SyncProgress { done, total });
    }
}

#[tauri::command]
pub async fn sync_now(app: AppHandle, startup: State<'_, Startup>) -> Result<SyncSummary, IpcError> {
    let events = Events { app, total: 0.into(), done: 0.into() };
    on_own_stint(&startup, move |s| s.sync(false, &events)).await
}

#[tauri::command]
pub async fn find_issues(startup: State<'_, Startup>, text: Option<String>) -> Result<IssueList, IpcError> {
    on_own_stint(&startup, move |s| s.find_issues(text.as_deref())).await
}

#[tauri::command]
pub async fn tray_panel(shared: State<'_, Shared>, startup: State<'_, Startup>) -> Result<TrayPanel, IpcError> {
    on_stint(&shared, &startup, |s| Ok(TrayPanel { report: s.tray_report()?, autostart: s.autostart() })).await
}

#[tauri::command]
pub async fn set_autostart(
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    on: bool,
) -> Result<TrayPanel, IpcError> {
    on_stint(&shared, &startup, move |s| {
        let autostart = s.set_autostart(on)?;
        Ok(TrayPanel { report: s.tray_report()?, autostart })
    })
    .await
}

/// Whether the page should open the issue picker (once: the flag is taken).
#[tauri::command]
pub async fn take_pick(startup: State<'_, Startup>) -> Result<bool, IpcError> {
    Ok(startup.pick.swap(false, std::sync::atomic::Ordering::SeqCst))
}

/// Ctrl+Q: quits the window (also when closing it only minimizes, with no tray host).
#[tauri::command]
pub async fn quit_app(app: AppHandle) -> Result<(), IpcError> {
    app.exit(0);
    Ok(())
}

/// Starts the tray beside the window (it leaves at once when one already runs in this session).
pub fn start_tray() {
    let spawned = std::process::Command::new(stint_app::sibling_program("stint-tray"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reaped when it exits (at once when another tray runs), so no zombie is left.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => tracing::info!(error = %e.kind(), "the tray could not be started"),
    }
}

/// Whether a tray host shows the tray's icon, as the tray last recorded (`None`: not known).
pub fn tray_shown(shared: &Shared) -> Option<bool> {
    let mut guard = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    guard.as_mut().and_then(|s| s.tray_report().ok()).and_then(|r| r.host)
}

#[tauri::command]
pub async fn privacy(shared: State<'_, Shared>, startup: State<'_, Startup>) -> Result<PrivacyReport, IpcError> {
    on_stint(&shared, &startup, |s| s.privacy_report()).await
}

/// Deletes everything (as `stint purge` does, after the same plan was shown and confirmed), then
/// closes the window.
#[tauri::command]
pub async fn purge_everything(
    app: AppHandle,
    shared: State<'_, Shared>,
    startup: State<'_, Startup>,
    confirmed: bool,
) -> Result<Purged, IpcError> {
    if !confirmed {
        return Err(IpcError { code: "declined".into(), message: "nothing was deleted".into(), remedy: None });
    }
    let paths = startup.paths.clone().ok_or_else(|| internal("no data folder"))?;
    let shared = shared.inner().clone();
    let purged = tauri::async_runtime::spawn_blocking(move || {
        // Close the database first: purge deletes it.
        let mut guard = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        drop(guard.take());
        purge(&paths)
    })
    .await
    .map_err(|_| internal("purge failed"))?
    .map_err(IpcError::from)?;
    startup.purged.store(true, std::sync::atomic::Ordering::SeqCst);
    // Long enough for the window to say what was deleted.
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        app.exit(0);
    });
    Ok(purged)
}

/// Sends the person to the system browser for an OAuth sign-in.
struct Browser;

impl SignInUi for Browser {
    fn visit(&mut self, url: &str) {
        let opened = std::process::Command::new("xdg-open")
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if opened.is_err() {
            tracing::warn!("no browser could be opened for the sign-in");
        }
    }

    fn choose_site(&mut self, _sites: &[Site]) -> Option<usize> {
        // The error lists the sites; the window asks again with the one chosen.
        None
    }
}
