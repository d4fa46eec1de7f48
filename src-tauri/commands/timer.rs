//! The timer's commands.

use stint_app::{StartRequest, Started, Status, StopPreview, StopRequest, Stopped};

use super::{IpcError, Window};

pub async fn status(w: &Window) -> Result<Status, IpcError> {
    let status = w.call(|s| s.status()).await;
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

pub async fn start_timer(w: &Window, req: StartRequest) -> Result<Started, IpcError> {
    w.call(move |s| s.start(req)).await
}

pub async fn stop_timer(w: &Window, req: StopRequest) -> Result<Stopped, IpcError> {
    w.call(move |s| s.stop(req)).await
}

pub async fn stop_preview(w: &Window) -> Result<Option<StopPreview>, IpcError> {
    w.call(|s| s.stop_preview()).await
}
