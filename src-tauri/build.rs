//! Tauri's build step. Every command the window may call gets its own `allow-…` permission, and
//! the window's capability (`capabilities/main.json`) grants exactly those: nothing else.

include!("command_names.rs");

fn main() {
    // The window embeds the built UI; without it Tauri's error is cryptic.
    println!("cargo:rerun-if-changed=ui/dist/index.html");
    println!("cargo:rerun-if-changed=src-tauri/command_names.rs");
    if !std::path::Path::new("ui/dist/index.html").is_file() {
        panic!(
            "ui/dist is missing: the window embeds the built UI. Build it with `npm ci && npm run build` in ui/ \
             (scripts/run.sh and tests/run.sh do this for you), then build again."
        );
    }
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {e:#}");
    }
}
