//! `stint-desktop`: Stint's window. A thin Tauri v2 shell over the same `stint-app` facade and
//! database as the `stint` CLI: each command is a few lines in `commands`, the web UI in `ui/`
//! renders what they return, `live` tells the UI when another process changed the database, and
//! `process` holds what the window does as a process (the tray beside it, cleaning up after a purge).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod live;
mod process;

use std::sync::{Arc, Mutex};

use stint_app::{init_logging, Paths, Stint};
use tauri::utils::config::{AppDirectoriesOverride, AppDirectoryOverrides};
use tauri::{Emitter, Manager};

use commands::{IpcError, Window};
use process::TauriShell;

fn main() {
    lighter_webkit();
    let (paths, stint, problem) = open();
    let shell = Arc::new(TauriShell::default());
    let window = Window {
        facade: Arc::new(Mutex::new(stint)),
        problem,
        paths: paths.clone(),
        purged: Default::default(),
        pick: std::env::args().any(|a| a == "--pick").into(),
        shell: shell.clone(),
    };
    let context = context(paths.as_ref());
    match builder(window, shell).build(context) {
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                process::after_exit(app);
            }
        }),
        Err(e) => {
            tracing::error!(error = %e, "the window could not run");
            std::process::exit(1);
        }
    }
}

/// WebKitGTK's DMA-BUF renderer measured 65 MB more and three times the idle CPU here
/// (ENVIRONMENT.md); STINT_GPU=1 keeps it for machines where it pays off.
fn lighter_webkit() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("STINT_GPU").is_none() && std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
}

/// The paths and the facade; when the database does not open, the window still opens and says
/// what is wrong and what to do.
fn open() -> (Option<Paths>, Option<Stint>, Option<IpcError>) {
    let opened = Paths::from_env().and_then(|paths| {
        init_logging(&paths, std::env::var("STINT_LOG").ok().as_deref());
        Stint::open(&paths, |name| std::env::var(name).ok()).map(|stint| (paths, stint))
    });
    match opened {
        Ok((paths, stint)) => (Some(paths), Some(stint), None),
        Err(e) => (Paths::from_env().ok(), None, Some(IpcError::from(e))),
    }
}

/// Tauri's context, with Tauri's own folders (the window geometry's) inside Stint's, so
/// `STINT_HOME`, the privacy screen and purge all cover them. The webview is incognito: it keeps
/// nothing on disk, except when WebDriver asks (below).
fn context(paths: Option<&Paths>) -> tauri::Context {
    let mut context = tauri::generate_context!();
    if let Some(paths) = paths {
        let config = paths.window_state.parent().map(std::path::Path::to_path_buf);
        context.config_mut().app.app_directories_override =
            Some(AppDirectoriesOverride::Directories(AppDirectoryOverrides {
                config,
                data: Some(paths.webview_dir.clone()),
                local_data: Some(paths.webview_dir.clone()),
                cache: Some(paths.webview_dir.join("cache")),
                log: Some(paths.log_dir.clone()),
            }));
    }
    // WebDriver can drive only a webview with a persistent context: when it asks (the end-to-end
    // tests, through tauri-driver), the window keeps WebKit's usual storage, in that same folder.
    if std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true") {
        for window in &mut context.config_mut().app.windows {
            window.incognito = false;
        }
    }
    context
}

/// The app: one instance (a second launch focuses this one), the window's size and place kept,
/// the commands, live updates, the tray started beside it.
fn builder(window: Window, shell: Arc<TauriShell>) -> tauri::Builder<tauri::Wry> {
    let state_file = window
        .paths
        .as_ref()
        .and_then(|p| p.window_state.file_name())
        .map_or_else(|| "window-state.json".to_string(), |n| n.to_string_lossy().into_owned());
    let watched = window.facade.clone();
    let minimizing = window.facade.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
            if args.iter().any(|a| a == "--pick") {
                let _ = app.emit("stint://pick", ());
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().with_filename(state_file).build())
        .manage(window)
        .invoke_handler(commands::handler())
        .setup(move |app| {
            shell.set(app.handle().clone());
            live::watch(app.handle().clone(), watched);
            // The window and the tray are shipped together: opening the window starts the tray
            // when none runs, so reminders and the background sync keep going after it closes.
            process::start_tray();
            Ok(())
        })
        .on_window_event(move |window, event| {
            // With no tray host to bring Stint back from (stock GNOME), closing minimizes: the
            // window stays one click away. Ctrl+Q (or the desktop's own Quit) still quits.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if process::tray_shown(&minimizing) == Some(false) {
                    api.prevent_close();
                    let _ = window.minimize();
                }
            }
        })
}

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod errors;
