//! The window as a process among others: starting the tray beside it, what Tauri does for the
//! command bodies (`TauriShell`), and cleaning up after a purge once WebKit's helpers are gone.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use stint_app::purge;
use tauri::{AppHandle, Emitter, Manager};

use crate::commands::{Shared, Shell, SyncProgress, Window};

/// The shell the command bodies use, once Tauri's app exists (`set` in `setup`).
#[derive(Default)]
pub struct TauriShell {
    app: OnceLock<AppHandle>,
}

impl TauriShell {
    pub fn set(&self, app: AppHandle) {
        let _ = self.app.set(app);
    }
}

impl Shell for TauriShell {
    fn sync_progress(&self, progress: SyncProgress) {
        if let Some(app) = self.app.get() {
            let _ = app.emit("stint://sync-progress", progress);
        }
    }

    fn open_in_browser(&self, url: &str) {
        match stint_app::outside::open_url(url) {
            Ok(how) => {
                tracing::info!(portal = how == stint_app::outside::Opened::Portal, "browser opened for the sign-in")
            }
            Err(_) => tracing::warn!("no browser could be opened for the sign-in"),
        }
    }

    fn downloads(&self) -> Option<PathBuf> {
        let dirs = directories::UserDirs::new()?;
        Some(dirs.download_dir().unwrap_or(dirs.home_dir()).to_path_buf())
    }

    fn quit_after(&self, after: Duration) {
        let Some(app) = self.app.get().cloned() else { return };
        std::thread::spawn(move || {
            std::thread::sleep(after);
            app.exit(0);
        });
    }
}

/// Starts the tray beside the window (it leaves at once when one already runs in this session).
pub fn start_tray() {
    let mut tray = stint_app::outside::command(stint_app::sibling_program("stint-tray"));
    if let Err(e) = spawn_detached(&mut tray) {
        tracing::info!(error = %e.kind(), "the tray could not be started");
    }
}

/// Starts `command` with no input or output of ours, and reaps it when it exits (so no zombie
/// is left), without waiting for it here.
fn spawn_detached(command: &mut std::process::Command) -> std::io::Result<()> {
    use std::process::Stdio;
    let mut child = command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Whether a tray host shows the tray's icon, as the tray last recorded (`None`: not known).
pub fn tray_shown(shared: &Shared) -> Option<bool> {
    let mut guard = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    guard.as_mut().and_then(|s| s.tray_report().ok()).and_then(|r| r.host)
}

/// The window is gone. Tauri saved the window geometry just before this, and WebKit's helper
/// processes may still be writing their housekeeping as they exit; after a purge, purging again
/// once they are gone removes all of it (and the folders it needed), so "delete everything"
/// stays true.
pub fn after_exit(app: &AppHandle) {
    let window = app.state::<Window>();
    if window.purged.load(std::sync::atomic::Ordering::SeqCst) {
        if let Some(paths) = &window.paths {
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
