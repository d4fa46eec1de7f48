//! `stint-desktop`: Stint's window. A thin Tauri v2 shell over the same `stint-app` facade and
//! database as the `stint` CLI: each command is a few lines in `commands`, the web UI in `ui/`
//! renders what they return, and `live` tells the UI when another process changed the database.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod live;

use std::sync::{Arc, Mutex};

use stint_app::{init_logging, Paths, Stint};
use tauri::utils::config::{AppDirectoriesOverride, AppDirectoryOverrides};
use tauri::{Emitter, Manager};

fn main() {
    // WebKitGTK's DMA-BUF renderer measured 65 MB more and three times the idle CPU here
    // (ENVIRONMENT.md); STINT_GPU=1 keeps it for machines where it pays off.
    #[cfg(target_os = "linux")]
    if std::env::var_os("STINT_GPU").is_none() && std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    let opened = Paths::from_env().and_then(|paths| {
        init_logging(&paths, std::env::var("STINT_LOG").ok().as_deref());
        Stint::open(&paths, |name| std::env::var(name).ok()).map(|stint| (paths, stint))
    });
    let (paths, stint, problem) = match opened {
        Ok((paths, stint)) => (Some(paths), Some(stint), None),
        // The window still opens, and says what is wrong and what to do.
        Err(e) => (Paths::from_env().ok(), None, Some(commands::IpcError::from(e))),
    };
    let shared: commands::Shared = Arc::new(Mutex::new(stint));
    let watched = shared.clone();
    let minimizing = shared.clone();
    let mut context = tauri::generate_context!();
    // Tauri's own folders (the window geometry's) are Stint's folders, so `STINT_HOME`, the
    // privacy screen and purge all cover them. The webview is incognito: it keeps nothing on disk.
    if let Some(paths) = &paths {
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
    let state_file = paths
        .as_ref()
        .and_then(|p| p.window_state.file_name())
        .map_or_else(|| "window-state.json".to_string(), |n| n.to_string_lossy().into_owned());
    let result = tauri::Builder::default()
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
        .manage(shared)
        .manage(commands::Startup {
            problem,
            paths,
            purged: Default::default(),
            pick: std::env::args().any(|a| a == "--pick").into(),
        })
        .invoke_handler(tauri::generate_handler![
            commands::status,
            commands::start_timer,
            commands::stop_timer,
            commands::stop_preview,
            commands::add_entry,
            commands::edit_entry,
            commands::remove_entry,
            commands::undo_remove,
            commands::list_entries,
            commands::split_entry,
            commands::merge_entries,
            commands::week_summary,
            commands::weeks_trend,
            commands::export_range,
            commands::settings,
            commands::set_setting,
            commands::whoami,
            commands::login_token,
            commands::login_browser,
            commands::logout,
            commands::sync_now,
            commands::find_issues,
            commands::privacy,
            commands::purge_everything,
            commands::tray_panel,
            commands::set_autostart,
            commands::take_pick,
            commands::quit_app,
        ])
        .setup(move |app| {
            live::watch(app.handle().clone(), watched);
            // The window and the tray are shipped together: opening the window starts the tray
            // when none runs, so reminders and the background sync keep going after it closes.
            commands::start_tray();
            Ok(())
        })
        .on_window_event(move |window, event| {
            // With no tray host to bring Stint back from (stock GNOME), closing minimizes: the
            // window stays one click away. Ctrl+Q (or the desktop's own Quit) still quits.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if commands::tray_shown(&minimizing) == Some(false) {
                    api.prevent_close();
                    let _ = window.minimize();
                }
            }
        })
        .build(context);
    match result {
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                commands::after_exit(app);
            }
        }),
        Err(e) => {
            tracing::error!(error = %e, "the window could not run");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod errors;
