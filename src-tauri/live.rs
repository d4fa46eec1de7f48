//! Live updates: a timer started from a terminal shows in the open window within a second. A
//! thread asks SQLite's `data_version` (a counter, not a query of the data) twice a second and
//! tells the UI `stint://changed` when another process committed; the UI then asks for what it
//! shows. The window's own writes do not move the counter: the UI refreshes after those itself.

use std::time::Duration;

use tauri::{AppHandle, Emitter};

use crate::commands::Shared;

const EVERY: Duration = Duration::from_millis(500);

pub fn watch(app: AppHandle, shared: Shared) {
    let spawned = std::thread::Builder::new().name("stint-live".into()).spawn(move || {
        let mut last = None;
        loop {
            std::thread::sleep(EVERY);
            let version = {
                let mut guard = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                match guard.as_mut() {
                    Some(stint) => stint.data_version().ok(),
                    // Purged: the window is closing.
                    None => return,
                }
            };
            if version.is_some() && last.is_some() && version != last {
                let _ = app.emit("stint://changed", ());
            }
            last = version.or(last);
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "live updates are off");
    }
}
