//! Tauri's build step. Every command the window may call gets its own `allow-…` permission, and
//! the window's capability (`capabilities/main.json`) grants exactly those: nothing else.

/// Every IPC command, as `main.rs` registers them.
const COMMANDS: &[&str] = &[
    "status",
    "start_timer",
    "stop_timer",
    "stop_preview",
    "add_entry",
    "edit_entry",
    "remove_entry",
    "undo_remove",
    "list_entries",
    "split_entry",
    "merge_entries",
    "week_summary",
    "weeks_trend",
    "export_range",
    "settings",
    "set_setting",
    "whoami",
    "login_token",
    "login_browser",
    "logout",
    "sync_now",
    "find_issues",
    "privacy",
    "purge_everything",
    "tray_panel",
    "set_autostart",
    "take_pick",
    "quit_app",
];

fn main() {
    // The window embeds the built UI; without it Tauri's error is cryptic.
    println!("cargo:rerun-if-changed=ui/dist/index.html");
    if !std::path::Path::new("ui/dist/index.html").is_file() {
        panic!(
            "ui/dist is missing: the window embeds the built UI. Build it with `npm ci && npm run build` in ui/ \
             (scripts/run.sh and tests/run.sh do this for you), then build again."
        );
    }
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {e:#}");
    }
}
