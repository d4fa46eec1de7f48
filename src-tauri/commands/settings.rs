//! The settings' commands, the tray's panel, and the window's own.

use stint_app::{SettingView, TrayPanel};

use super::{IpcError, Window};

pub async fn settings(w: &Window) -> Result<Vec<SettingView>, IpcError> {
    w.call(|s| s.setting_views()).await
}

pub async fn set_setting(w: &Window, key: String, value: String) -> Result<Vec<SettingView>, IpcError> {
    w.call(move |s| s.set_setting(&key, &value)).await
}

pub async fn tray_panel(w: &Window) -> Result<TrayPanel, IpcError> {
    w.call(|s| s.tray_panel()).await
}

pub async fn set_autostart(w: &Window, on: bool) -> Result<TrayPanel, IpcError> {
    w.call(move |s| s.set_autostart(on)).await
}

/// Whether the page should open the issue picker (once: the flag is taken).
pub async fn take_pick(w: &Window) -> Result<bool, IpcError> {
    Ok(w.pick.swap(false, std::sync::atomic::Ordering::SeqCst))
}

/// Ctrl+Q: quits the window (also when closing it only minimizes, with no tray host).
pub async fn quit_app(w: &Window) -> Result<(), IpcError> {
    w.shell.quit_after(std::time::Duration::ZERO);
    Ok(())
}
