//! The privacy screen's commands: what is where, and deleting everything.

use std::time::Duration;

use stint_app::{purge, PrivacyReport, Purged};

use super::{internal, IpcError, Window};

pub async fn privacy(w: &Window) -> Result<PrivacyReport, IpcError> {
    w.call(|s| s.privacy_report()).await
}

/// Deletes everything (as `stint purge` does, after the same plan was shown and confirmed), then
/// closes the window.
pub async fn purge_everything(w: &Window, confirmed: bool) -> Result<Purged, IpcError> {
    if !confirmed {
        return Err(IpcError { code: "declined".into(), message: "nothing was deleted".into(), remedy: None });
    }
    let paths = w.paths.clone().ok_or_else(|| internal("no data folder"))?;
    let shared = w.facade.clone();
    let purged = tauri::async_runtime::spawn_blocking(move || {
        // Close the database first: purge deletes it.
        let mut guard = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        drop(guard.take());
        purge(&paths)
    })
    .await
    .map_err(|_| internal("purge failed"))??;
    w.purged.store(true, std::sync::atomic::Ordering::SeqCst);
    // Long enough for the window to say what was deleted.
    w.shell.quit_after(Duration::from_millis(1500));
    Ok(purged)
}
