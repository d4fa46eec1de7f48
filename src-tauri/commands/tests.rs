//! The window's commands without Tauri: the contract with the page (names and argument names, as
//! `ui/src/tauri-backend.ts` calls them), the permissions that let the page call them, and their
//! bodies run over a real database in a temporary folder, with a shell that records.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use stint_app::{ExportFormat, GapChoice, Paths, Private, StartRequest, Stint, StopRequest};

use super::*;

include!("../command_names.rs");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `invoke("name", { a, b })` in the UI's backend, as (name, argument names).
fn invoked_by_the_ui() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(root().join("ui/src/tauri-backend.ts")).unwrap();
    let mut calls = Vec::new();
    for part in text.split("invoke(").skip(1) {
        let name = part.split('"').nth(1).unwrap().to_string();
        let head = &part[..part.find(')').unwrap()];
        let args = match (head.find('{'), head.find('}')) {
            (Some(a), Some(b)) => {
                head[a + 1..b].split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
            }
            _ => Vec::new(),
        };
        calls.push((name, args));
    }
    calls
}

#[test]
fn every_command_the_ui_calls_exists_with_the_arguments_it_sends() {
    let calls = invoked_by_the_ui();
    assert!(calls.len() >= 20, "the UI's calls were read: {calls:?}");
    for (name, args) in &calls {
        let (_, wanted) = COMMANDS
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("the UI calls `{name}`, which the window does not have"));
        let wanted: Vec<&str> = wanted.to_vec();
        assert_eq!(args, &wanted, "`{name}`: the UI sends {args:?}, the command takes {wanted:?}");
    }
    for (name, _) in COMMANDS {
        assert!(calls.iter().any(|(n, _)| n == name), "`{name}` is a command nothing in the UI calls");
    }
}

#[test]
fn each_command_is_permitted_and_nothing_else() {
    let registered: Vec<&str> = COMMANDS.iter().map(|(n, _)| *n).collect();
    assert_eq!(registered, COMMAND_NAMES, "command_names.rs (build.rs's list) and ipc! disagree");
    let capability: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("src-tauri/capabilities/main.json")).unwrap())
            .unwrap();
    let permitted: Vec<String> =
        capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    let mut wanted = vec!["core:event:allow-listen".to_string(), "core:event:allow-unlisten".to_string()];
    wanted.extend(COMMAND_NAMES.iter().map(|n| format!("allow-{}", n.replace('_', "-"))));
    assert_eq!(permitted, wanted);
}

/// A shell that remembers what it was asked.
#[derive(Default)]
struct Recorder {
    downloads: Option<PathBuf>,
    quits: Mutex<Vec<Duration>>,
    progress: Mutex<Vec<(usize, usize)>>,
}

impl Shell for Recorder {
    fn sync_progress(&self, progress: SyncProgress) {
        self.progress.lock().unwrap().push((progress.done, progress.total));
    }

    fn open_in_browser(&self, _url: &str) {}

    fn downloads(&self) -> Option<PathBuf> {
        self.downloads.clone()
    }

    fn quit_after(&self, after: Duration) {
        self.quits.lock().unwrap().push(after);
    }
}

struct Test {
    home: tempfile::TempDir,
    shell: Arc<Recorder>,
    window: Window,
}

fn window() -> Test {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::resolve(Some(home.path().join("stint").into_os_string())).unwrap();
    let stint = Stint::open(&paths, |_| None).unwrap();
    let shell = Arc::new(Recorder { downloads: Some(home.path().join("Downloads")), ..Default::default() });
    std::fs::create_dir_all(home.path().join("Downloads")).unwrap();
    let window = Window {
        facade: Arc::new(Mutex::new(Some(stint))),
        problem: None,
        paths: Some(paths),
        purged: AtomicBool::new(false),
        pick: AtomicBool::new(true),
        shell: shell.clone(),
    };
    Test { home, shell, window }
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    tauri::async_runtime::block_on(f)
}

#[test]
fn the_bodies_run_without_tauri() {
    let t = window();
    let w = &t.window;
    let start = StartRequest {
        issue: "abc-1".into(),
        note: Some(Private::new("n".into())),
        at: Some("2026-11-23 09:00".into()),
        local_only: false,
        gap: GapChoice::Ask,
        site: None,
    };
    let started = run(timer::start_timer(w, start)).unwrap();
    assert_eq!(started.running.issue.as_str(), "ABC-1");
    assert_eq!(run(timer::status(w)).unwrap().running.unwrap().issue.as_str(), "ABC-1");
    let stop = StopRequest { at: Some("2026-11-23 10:30".into()), note: None, gap: GapChoice::Ask };
    run(timer::stop_timer(w, stop)).unwrap();
    let rows = run(entries::list_entries(w, Some("2026-11-23".into()), Some("2026-11-23".into()), None)).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].start_input.as_str(), rows[0].duration_input.as_str()), ("2026-11-23 09:00", "1h30m"));

    // An error comes as the page receives it: a code, the problem, what to do.
    let error = run(timer::stop_timer(w, StopRequest { at: None, note: None, gap: GapChoice::Ask })).unwrap_err();
    assert_eq!((error.code.as_str(), error.message.as_str()), ("nothing_running", "no timer is running"));
    assert_eq!(error.remedy, Some(stint_app::Remedy::StartTimer));
    let error = run(jira::sync_now(w)).unwrap_err();
    assert_eq!(error.code, "jira.not_signed_in");

    // Exports go where the shell says downloads go.
    let file = run(week::export_range(w, ExportFormat::Csv, Some("2026-11-23".into()), None)).unwrap();
    assert!(Path::new(&file.path).starts_with(t.home.path().join("Downloads")), "{}", file.path);
    assert_eq!(file.entries, 1);

    // The picker flag is taken once.
    assert!(run(settings::take_pick(w)).unwrap());
    assert!(!run(settings::take_pick(w)).unwrap());
}

#[test]
fn purging_deletes_then_asks_the_shell_to_close_later() {
    let t = window();
    let w = &t.window;
    assert_eq!(run(privacy::purge_everything(w, false)).unwrap_err().code, "declined");
    assert!(t.shell.quits.lock().unwrap().is_empty());
    run(privacy::purge_everything(w, true)).unwrap();
    assert!(!t.home.path().join("stint/stint.db").exists());
    assert_eq!(*t.shell.quits.lock().unwrap(), [Duration::from_millis(1500)], "it says what was deleted first");
    assert!(w.purged.load(std::sync::atomic::Ordering::SeqCst));
    // Every command then says the data is gone, without a panic.
    assert_eq!(run(timer::status(w)).unwrap_err().code, "internal");
}
