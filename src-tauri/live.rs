//! Live updates: a timer started from a terminal shows in the open window within a second. A
//! thread asks SQLite's `data_version` (a counter, not a query of the data) twice a second and
//! tells the UI `stint://changed` when another process committed; the UI then asks for what it
//! shows. The window's own writes do not move the counter: the UI refreshes after those itself.
//!
//! If the database file is gone (`stint purge` in a terminal), the window says so and closes,
//! rather than keep writing to a file nobody will read again.

use std::sync::atomic::Ordering;
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};

use crate::commands::{Shared, Window};

const EVERY: Duration = Duration::from_millis(500);

enum Seen {
    Version(Option<i64>),
    Gone,
    Closed,
}

pub fn watch(app: AppHandle, shared: Shared) {
    // The first reading is taken now, before the page asks for anything: a commit by another
    // process between the page's first answer and a later first reading would go unseen.
    let mut last =
        shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_mut().and_then(|s| s.data_version().ok());
    let spawned = std::thread::Builder::new().name("stint-live".into()).spawn(move || {
        loop {
            std::thread::sleep(EVERY);
            let seen = {
                let mut guard = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                match guard.as_mut() {
                    Some(stint) if !stint.database_still_there() => {
                        drop(guard.take());
                        Seen::Gone
                    }
                    Some(stint) => Seen::Version(stint.data_version().ok()),
                    // Purged from the window: it is closing.
                    None => Seen::Closed,
                }
            };
            match seen {
                Seen::Version(version) => {
                    if version.is_some() && last.is_some() && version != last {
                        tracing::debug!("another process changed the database");
                        let _ = app.emit("stint://changed", ());
                    }
                    last = version.or(last);
                }
                Seen::Gone => {
                    tracing::info!("the database was deleted by another process; the window closes");
                    app.state::<Window>().purged.store(true, Ordering::SeqCst);
                    let _ = app.emit("stint://purged", ());
                    std::thread::sleep(Duration::from_millis(2500));
                    app.exit(0);
                    return;
                }
                Seen::Closed => return,
            }
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "live updates are off");
    }
}
