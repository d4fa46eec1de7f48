//! `stint-tray`: Stint in the system tray, all day, for almost nothing.
//!
//! A process of its own that links neither GTK nor WebKit: the tray speaks StatusNotifierItem and
//! dbusmenu over D-Bus (`ksni`), notifications go over the same D-Bus stack (`notify-rust`), and
//! everything it shows or does comes from the `stint-app` facade, as in the CLI and the window.
//! It wakes when the database changes (inotify, not polling), once a minute to refresh the
//! elapsed time, record a heartbeat while a timer runs and check the reminders, and on the
//! desktop's signals (sleep, lock, the network). The window is started on demand and is gone
//! when closed.
//!
//! Exit codes: 0 (quit from the menu, a signal, or another tray already runs), 1 (could not run).

mod desktop;
mod icon;
mod menu;
mod minute;
mod notify;
mod remedy;
mod running;
mod watch;

use std::io::Write;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use stint_app::{init_logging, AppError, GapSettle, Paths, Stint};
use tokio::sync::mpsc::UnboundedSender;

/// The tray's name on the session bus: owning it is being the one tray.
pub const BUS_NAME: &str = "io.github.stint.Tray";

/// What the tray is asked to do, by its menu, its notifications, the desktop and the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    /// The database changed (the CLI, the window, this tray).
    Refresh,
    /// The database file is gone (`stint purge`): the tray leaves nothing behind and quits.
    Purged,
    Start(String),
    Stop,
    SyncNow,
    /// Open the window (`pick`: with the issue picker).
    Open {
        pick: bool,
    },
    Settle(GapSettle),
    /// The person left (sleep, lock) or came back.
    Away(bool),
    /// NetworkManager's word on the network.
    Online(bool),
    /// Whether a tray host shows the icon (a StatusNotifierWatcher is on the bus).
    Host(bool),
    Quit,
}

pub type Sender = UnboundedSender<Cmd>;

/// The facade, called off the async thread (SQLite blocks).
#[derive(Clone)]
pub(crate) struct Worker(Arc<Mutex<Stint>>);

impl Worker {
    pub(crate) async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Stint) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let app = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let mut app = app.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut app)
        })
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
    }
}

pub(crate) fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "stint-tray: {text}");
}

const HELP: &str = "\
stint-tray: Stint in the system tray.

Shows what runs and for how long, starts, switches and stops timers, syncs with Jira in the
background, reminds (see `stint config`: reminders, remind_after, remind_running_after,
week_summary, working_hours), and notices sleep, lock and idle time. One runs per session;
starting a second one does nothing. The desktop window starts it too.

Usage: stint-tray [--help | --version]";

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        None => {}
        Some("--help" | "-h") => {
            let _ = writeln!(std::io::stdout(), "{HELP}");
            return ExitCode::SUCCESS;
        }
        Some("--version" | "-V") => {
            let _ = writeln!(std::io::stdout(), "stint-tray {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            say(&format!(
                "`{}` is not an option: stint-tray takes none (--help)",
                other.chars().take(40).collect::<String>()
            ));
            return ExitCode::from(2);
        }
    }
    let paths = match Paths::from_env() {
        Ok(paths) => paths,
        Err(e) => {
            say(&e.to_string());
            return ExitCode::from(2);
        }
    };
    init_logging(&paths, std::env::var("STINT_LOG").ok().as_deref());
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            say(&format!("could not start: {e}"));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(running::run(paths)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::warn!("tray stopped on an error");
            say(&message);
            ExitCode::FAILURE
        }
    }
}
