//! The application API end to end over a real database file, with a clock the test moves.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use stint_app::{
    purge, purge_plan, AddRequest, AppError, EditRequest, Edited, EntryId, ExportFormat, GapChoice, Paths, Private,
    Removed, StartRequest, Stint, StopRequest, Stopped,
};
use stint_domain::SyncState;

struct World {
    dir: tempfile::TempDir,
    now: Arc<Mutex<DateTime<Utc>>>,
    env: Vec<(String, String)>,
}

/// A wall-clock time in the zone the tests run in (the facade reads the system's zone), so every
/// time the tests give falls on the same local day whatever that zone is: CI runs these under
/// zones from UTC-8 to UTC+14.
fn local(s: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    naive.and_local_timezone(chrono::Local).single().unwrap().to_utc()
}

impl World {
    fn new() -> World {
        World {
            dir: tempfile::tempdir().unwrap(),
            now: Arc::new(Mutex::new(local("2026-11-23 09:00"))),
            env: Vec::new(),
        }
    }

    fn paths(&self) -> Paths {
        Paths::resolve(Some(self.dir.path().as_os_str().to_owned())).unwrap()
    }

    fn app(&self) -> Stint {
        let now = self.now.clone();
        let env = self.env.clone();
        Stint::open_with_clock(
            &self.paths(),
            move |k| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()),
            Box::new(move || *now.lock().unwrap()),
        )
        .unwrap()
    }

    fn advance(&self, by: Duration) {
        *self.now.lock().unwrap() += by;
    }
}

fn start(issue: &str) -> StartRequest {
    StartRequest { issue: issue.into(), note: None, at: None, local_only: false, gap: GapChoice::Ask, site: None }
}

fn stop() -> StopRequest {
    StopRequest { at: None, note: None, gap: GapChoice::Ask }
}

fn add(issue: &str, duration: &str, at: Option<&str>) -> AddRequest {
    AddRequest {
        issue: issue.into(),
        duration: duration.into(),
        at: at.map(Into::into),
        note: None,
        local_only: false,
        on: None,
        site: None,
    }
}

fn finished(stopped: Stopped) -> stint_domain::Entry {
    match stopped {
        Stopped::Finished { entry, .. } => entry,
        other => panic!("expected an entry, got {other:?}"),
    }
}

#[test]
fn start_stop_and_switch() {
    let w = World::new();
    let mut app = w.app();
    let started = app.start(StartRequest { note: Some(Private::new("first".into())), ..start("abc-1") }).unwrap();
    assert_eq!(started.running.issue.as_str(), "ABC-1");
    assert!(started.previous.is_none());

    w.advance(Duration::minutes(25));
    let switched = app.start(start("XYZ-2")).unwrap();
    let first = finished(switched.previous.unwrap());
    assert_eq!((first.issue.as_str(), first.seconds, first.sync), ("ABC-1", 1500, SyncState::Pending));
    assert_eq!(first.ended().to_utc(), switched.running.started.to_utc(), "stopped at the same instant");

    let err = app.start(start("XYZ-2")).unwrap_err();
    assert!(matches!(err, AppError::AlreadyTracking(_)), "{err}");
    assert_eq!(err.exit_code(), 1);

    w.advance(Duration::minutes(5));
    let second = finished(app.stop(StopRequest { note: Some(Private::new("done".into())), ..stop() }).unwrap());
    assert_eq!((second.seconds, second.note.unwrap().expose()), (300, "done"));
    assert_eq!(second.id, switched.running.id, "the timer keeps its id");
    let err = app.stop(stop()).unwrap_err();
    assert!(matches!(err, AppError::NothingRunning));
    assert_eq!(app.status().unwrap().counts.pending, 2);
}

#[test]
fn a_timer_under_a_minute_makes_no_entry() {
    let w = World::new();
    let mut app = w.app();
    app.start(start("ABC-1")).unwrap();
    w.advance(Duration::seconds(40));
    assert!(matches!(app.stop(stop()).unwrap(), Stopped::Discarded { seconds: 40, .. }));
    assert!(app.list(Some("2026-11-01"), None).unwrap().is_empty());
}

#[test]
fn rounding_from_the_settings_applies_to_timers_only() {
    let mut w = World::new();
    w.env.push(("STINT_ROUNDING".into(), "up 15m".into()));
    let mut app = w.app();
    app.start(start("ABC-1")).unwrap();
    w.advance(Duration::minutes(16));
    assert_eq!(finished(app.stop(stop()).unwrap()).seconds, 1800);
    assert_eq!(app.add(add("ABC-1", "16m", None)).unwrap().entry.seconds, 960);
}

#[test]
fn a_long_silence_is_offered_not_counted() {
    let w = World::new();
    let mut app = w.app();
    app.heartbeat().unwrap(); // something is ticking (the desktop app, or cron)
    app.start(start("ABC-1")).unwrap();
    for _ in 0..10 {
        w.advance(Duration::minutes(1));
        app.heartbeat().unwrap();
    }
    let last_beat = *w.now.lock().unwrap();
    w.advance(Duration::hours(14)); // the machine slept

    let status = app.status().unwrap();
    assert_eq!(status.running.unwrap().idle_gap.unwrap().from.to_utc(), last_beat);
    let err = app.stop(stop()).unwrap_err();
    assert!(matches!(err, AppError::GapNeedsDecision { .. }), "{err}");
    assert_eq!(err.remedy(), Some(stint_app::Remedy::DecideGap), "{err}");
    assert!(app.status().unwrap().running.is_some(), "a refused stop changes nothing");

    // A heartbeat after waking keeps the gap on record.
    app.heartbeat().unwrap();
    let entry = finished(app.stop(StopRequest { gap: GapChoice::EndAtGap, ..stop() }).unwrap());
    assert_eq!(entry.seconds, 600);
}

#[test]
fn a_timer_forgotten_for_over_a_day_must_be_stopped_earlier() {
    let w = World::new();
    let mut app = w.app();
    app.start(start("ABC-1")).unwrap();
    w.advance(Duration::hours(30));
    let err = app.stop(stop()).unwrap_err();
    assert_eq!((err.code(), err.exit_code()), ("timer_too_long", 1), "{err}");
    assert_eq!(err.remedy(), Some(stint_app::Remedy::StopEarlier), "{err}");
    let entry = finished(app.stop(StopRequest { at: Some("2026-11-23 17:00".into()), ..stop() }).unwrap());
    assert_eq!(entry.seconds, 8 * 3600);
}

#[test]
fn without_a_heartbeat_source_nothing_is_called_a_gap() {
    let w = World::new();
    let mut app = w.app();
    app.start(start("ABC-1")).unwrap();
    w.advance(Duration::hours(3));
    assert!(app.status().unwrap().running.unwrap().idle_gap.is_none());
    assert_eq!(finished(app.stop(stop()).unwrap()).seconds, 3 * 3600);
}

#[test]
fn a_time_of_day_alone_is_on_the_day_the_window_shows() {
    let w = World::new(); // 2026-11-23 09:00 local
    let mut app = w.app();
    let shown_day = |on: &str, at: &str| AddRequest { on: Some(on.into()), ..add("ABC-1", "30m", Some(at)) };
    let logged = app.add(shown_day("2026-11-20", "16:00")).unwrap().entry;
    assert_eq!(logged.started.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string(), "2026-11-20 16:00");
    // A full date still wins, and a day the window shows in the future makes a future start.
    let dated = app.add(shown_day("2026-11-20", "2026-11-19 08:00")).unwrap().entry;
    assert_eq!(dated.started.with_timezone(&chrono::Local).format("%Y-%m-%d").to_string(), "2026-11-19");
    assert_eq!(app.add(shown_day("2026-11-24", "08:00")).unwrap_err().exit_code(), 2);
    assert_eq!(app.add(shown_day("someday", "08:00")).unwrap_err().exit_code(), 2);
    // Without it, today.
    let today = app.add(add("ABC-1", "30m", Some("07:00"))).unwrap().entry;
    assert_eq!(today.started.with_timezone(&chrono::Local).format("%Y-%m-%d").to_string(), "2026-11-23");
}

#[test]
fn refused_commands_change_nothing() {
    let w = World::new();
    let mut app = w.app();
    let kept = app.add(add("ABC-1", "1h", Some("2026-11-23 07:00"))).unwrap().entry;
    for (err, code) in [
        (app.add(add("ABC-1", "45s", None)).unwrap_err(), 2),
        (app.add(add("not a key", "1h", None)).unwrap_err(), 2),
        (app.add(add("ABC-1", "1h", Some("2026-11-23 10:00"))).unwrap_err(), 2), // in the future
        (app.start(StartRequest { at: Some("25:00".into()), ..start("ABC-2") }).unwrap_err(), 2),
        (app.edit(kept.id, EditRequest::default()).unwrap_err(), 2),
        (stint_app::parse_id("x1").unwrap_err(), 2),
        (app.edit(EntryId(999), EditRequest { duration: Some("2h".into()), ..Default::default() }).unwrap_err(), 1),
        (app.remove(EntryId(999)).unwrap_err(), 1),
        (app.list(Some("2026-11-23"), Some("2026-11-01")).unwrap_err(), 2),
    ] {
        assert_eq!(err.exit_code(), code, "{err}");
    }
    let all = app.list(Some("2026-01-01"), None).unwrap();
    assert_eq!(all, vec![kept]);
    assert!(app.status().unwrap().running.is_none());
}

#[test]
fn edits_and_removals() {
    let w = World::new();
    let mut app = w.app();
    let entry = app.add(add("ABC-1", "1h", Some("2026-11-23 07:00"))).unwrap().entry;
    let id = entry.id;
    let edited = app
        .edit(
            id,
            EditRequest {
                issue: Some("abc-2".into()),
                duration: Some("1:15".into()),
                note: Some(Private::new("n".into())),
                ..Default::default()
            },
        )
        .unwrap();
    let Edited::Entry { entry: e, .. } = edited else { panic!("{edited:?}") };
    assert_eq!((e.issue.as_str(), e.seconds, e.note.unwrap().expose()), ("ABC-2", 4500, "n"));
    let cleared = app.edit(id, EditRequest { note: Some(Private::new(String::new())), ..Default::default() }).unwrap();
    assert!(matches!(cleared, Edited::Entry { entry, .. } if entry.note.is_none()));

    let running = app.start(start("RUN-1")).unwrap().running;
    let err = app.edit(running.id, EditRequest { duration: Some("1h".into()), ..Default::default() }).unwrap_err();
    assert!(matches!(err, AppError::DurationOfRunning));
    let moved =
        app.edit(running.id, EditRequest { at: Some("2026-11-23 08:30".into()), ..Default::default() }).unwrap();
    assert!(matches!(moved, Edited::Running { running, .. } if running.elapsed_seconds == 1800));

    assert_eq!(app.remove(running.id).unwrap(), Removed::DiscardedRunning(running.id));
    assert_eq!(app.remove(id).unwrap(), Removed::Deleted(entry.id));
}

#[test]
fn the_week_counts_the_running_timer() {
    let w = World::new();
    let mut app = w.app();
    app.add(add("ABC-1", "2h", Some("2026-11-23 06:00"))).unwrap();
    app.start(start("XYZ-1")).unwrap();
    w.advance(Duration::minutes(30));
    let week = app.week(None).unwrap();
    assert_eq!(week.week, "2026-W48");
    assert_eq!(week.total_seconds, 2 * 3600 + 1800);
    assert_eq!(week.unsynced_seconds, week.total_seconds);
    assert_eq!(week.target_seconds, 40 * 3600);
    assert_eq!(app.week(Some("2026-W47")).unwrap().total_seconds, 0);
    assert!(app.week(Some("next week")).unwrap_err().is_bad_input());
}

#[test]
fn exports_hold_everything_and_stay_private() {
    let w = World::new();
    let mut app = w.app();
    app.add(AddRequest {
        note: Some(Private::new("=cmd|' /C calc'!A0".into())),
        ..add("ABC-1", "1h", Some("2026-11-23 07:00"))
    })
    .unwrap();
    app.start(start("XYZ-1")).unwrap();
    let mut json = Vec::new();
    let count = app.export(ExportFormat::Json, None, None, &mut json, "memory").unwrap();
    assert_eq!(count, 1);
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(doc["entries"][0]["issue"], "ABC-1");
    assert_eq!(doc["running"]["issue"], "XYZ-1");
    assert!(doc["entries"][0]["uid"].as_str().unwrap().len() >= 32);
    let mut csv = Vec::new();
    app.export(ExportFormat::Csv, None, None, &mut csv, "memory").unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.starts_with("id,uid,issue,started,seconds,note,sync,worklog_id,deleted,jira_site,jira_account\n"),
        "{csv}"
    );
    assert!(csv.contains("'=cmd"), "formulas are defused: {csv}");

    let out = w.dir.path().join("export.json");
    app.export_to(ExportFormat::Json, None, None, &out).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn purge_removes_every_file_stint_wrote() {
    let w = World::new();
    let paths = w.paths();
    std::fs::write(&paths.config_file, "daily_target = \"7h\"\n").unwrap();
    {
        let mut app = w.app();
        app.add(add("ABC-1", "1h", None)).unwrap();
        app.start(start("XYZ-1")).unwrap();
    }
    let plan = purge_plan(&paths);
    assert_eq!((plan.entries, plan.not_in_jira, plan.running), (Some(1), Some(1), Some(true)));
    assert!(plan.paths.contains(&paths.database) && plan.paths.contains(&paths.config_file));
    purge(&paths).unwrap();
    assert!(!w.dir.path().exists(), "the whole STINT_HOME folder is gone once empty");
}

#[test]
fn requests_never_show_what_was_typed() {
    let req =
        AddRequest { note: Some(Private::new("secret words".into())), ..add("SECRETPROJ-1", "1h", Some("09:00")) };
    let shown = format!("{req:?} {:?}", EditRequest { issue: Some("SECRETPROJ-2".into()), ..Default::default() });
    assert!(!shown.contains("SECRET") && !shown.contains("secret"), "{shown}");
    assert_eq!(format!("{:?}", start("SECRETPROJ-3")), "StartRequest { .. }");
}

/// The desktop shell moves `Stint` onto a blocking thread (`spawn_blocking`); that needs `Send`.
#[test]
fn the_api_can_move_to_a_blocking_thread() {
    fn is_send<T: Send>() {}
    is_send::<Stint>();
    let w = World::new();
    let mut app = w.app();
    let status = std::thread::spawn(move || app.status().unwrap()).join().unwrap();
    assert!(status.running.is_none());
}

#[test]
fn a_removal_can_be_undone_while_the_window_is_open() {
    let w = World::new();
    let mut app = w.app();
    let note = Some(Private::new("kept note".to_string()));
    let kept = app.add(AddRequest { note, ..add("ABC-1", "45m", Some("2026-11-23 08:00")) }).unwrap().entry;
    assert!(matches!(app.remove(kept.id).unwrap(), Removed::Deleted(_)));
    assert!(app.list(None, None).unwrap().is_empty());

    let back = app.undo_remove(kept.id).unwrap();
    assert_eq!((back.issue.as_str(), back.started, back.seconds), ("ABC-1", kept.started, 2700));
    assert_eq!(back.note.as_ref().map(|n| n.expose()), Some("kept note"));
    assert_eq!(app.list(None, None).unwrap().len(), 1);
    // Once taken back it cannot be taken back twice, and another process cannot undo this one's removal.
    assert!(matches!(app.undo_remove(kept.id), Err(AppError::NoSuchEntry(_))));
    app.remove(back.id).unwrap();
    let mut other = w.app();
    assert!(matches!(other.undo_remove(back.id), Err(AppError::NoSuchEntry(_))));
    assert!(other.list(None, None).unwrap().is_empty());
}

#[test]
fn the_stop_preview_shows_the_floor_and_the_rounding() {
    let w = World::new();
    let mut app = w.app();
    assert!(app.stop_preview().unwrap().is_none());
    app.start(start("ABC-1")).unwrap();
    w.advance(Duration::seconds(40));
    let early = app.stop_preview().unwrap().unwrap();
    assert_eq!((early.measured_seconds, early.kept_seconds, early.minimum_seconds), (40, None, 60));
    app.set_setting("rounding", "up 15m").unwrap();
    w.advance(Duration::minutes(20));
    let later = app.stop_preview().unwrap().unwrap();
    assert_eq!((later.measured_seconds, later.kept_seconds, later.rounding.as_str()), (1240, Some(1800), "up 15m"));
    // A preview changes nothing: the timer still runs.
    assert!(app.status().unwrap().running.is_some());
}

#[test]
fn entry_rows_flag_overlaps_both_ways() {
    let w = World::new();
    let mut app = w.app();
    let a = app.add(add("ABC-1", "1h", Some("2026-11-23 06:00"))).unwrap().entry;
    let b = app.add(add("ABC-2", "1h", Some("2026-11-23 06:30"))).unwrap().entry;
    let c = app.add(add("ABC-3", "30m", Some("2026-11-23 08:00"))).unwrap().entry;
    let rows = app.entry_rows(Some("2026-11-23"), Some("2026-11-23"), None).unwrap();
    let flags: Vec<_> = rows.iter().map(|r| (r.entry.id, r.overlaps.clone())).collect();
    assert_eq!(flags, vec![(a.id, vec![b.id]), (b.id, vec![a.id]), (c.id, vec![])]);
}

#[test]
fn recent_issues_and_rows_carry_the_titles_kept_within_their_retention() {
    let w = World::new();
    let mut app = w.app();
    app.add(add("ABC-1", "1h", Some("2026-11-23 06:00"))).unwrap();
    app.add(add("OPS-7", "30m", Some("2026-11-23 07:00"))).unwrap();
    app.add(add("XYZ-9", "15m", Some("2026-11-23 05:00"))).unwrap();
    let now = *w.now.lock().unwrap();
    // Titles as a search of Jira keeps them: one fresh, one past the 30 days PRIVACY.md states.
    let mut store = stint_store::Store::open(&w.paths().database).unwrap();
    store
        .write(|tx| -> Result<(), stint_store::StoreError> {
            tx.keep_summary(&stint_app::IssueKey::parse("ABC-1").unwrap(), "Login page", now)?;
            tx.keep_summary(&stint_app::IssueKey::parse("OPS-7").unwrap(), "Rotate", now - Duration::days(31))?;
            Ok(())
        })
        .unwrap();
    let recent = app.recent_issues(10).unwrap();
    let shown: Vec<_> = recent.iter().map(|i| (i.key.as_str(), i.summary.as_str())).collect();
    assert_eq!(
        shown,
        [("OPS-7", ""), ("ABC-1", "Login page"), ("XYZ-9", "")],
        "newest first; an old title is not shown"
    );
    let rows = app.entry_rows(Some("2026-11-23"), Some("2026-11-23"), None).unwrap();
    let titles: Vec<_> = rows.iter().map(|r| (r.entry.issue.as_str(), r.summary.as_deref())).collect();
    assert_eq!(titles, [("XYZ-9", None), ("ABC-1", Some("Login page")), ("OPS-7", None)]);
    assert_eq!(app.recent_issues(1).unwrap().len(), 1);
}

#[test]
fn exports_into_a_folder_are_named_after_the_range() {
    let w = World::new();
    let mut app = w.app();
    app.add(add("ABC-1", "1h", Some("2026-11-23 06:00"))).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let written = app.export_into(ExportFormat::Csv, Some("2026-11-01"), Some("2026-11-23"), folder.path()).unwrap();
    assert_eq!(written.path, folder.path().join("stint-2026-11-01-2026-11-23.csv").display().to_string());
    assert_eq!(written.entries, 1);
    let all = app.export_into(ExportFormat::Json, None, None, folder.path()).unwrap();
    assert_eq!(all.path, folder.path().join("stint-all-now.json").display().to_string());
    // A typed path is a date or nothing: it can never name another folder.
    assert!(app.export_into(ExportFormat::Json, Some("../../etc"), None, folder.path()).is_err());
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 2);
}

#[test]
fn purge_takes_the_window_s_files_and_leaves_a_stranger_s() {
    let w = World::new();
    w.app().add(add("ABC-1", "1h", Some("2026-11-23 06:00"))).unwrap();
    let paths = w.paths();
    std::fs::create_dir_all(paths.webview_dir.join("storage")).unwrap();
    std::fs::write(paths.webview_dir.join("storage/salt"), "x").unwrap();
    std::fs::write(&paths.window_state, r#"{"main":{"width":1100,"height":760,"x":0,"y":0}}"#).unwrap();
    let plan = purge_plan(&paths);
    assert!(plan.paths.contains(&paths.window_state) && plan.paths.contains(&paths.webview_dir));
    purge(&paths).unwrap();
    assert!(!paths.webview_dir.exists() && !paths.window_state.exists());

    std::fs::create_dir_all(paths.window_state.parent().unwrap()).unwrap();
    std::fs::write(&paths.window_state, "my notes, not Stint's").unwrap();
    let plan = purge_plan(&paths);
    assert!(plan.kept.iter().any(|k| k.path == paths.window_state), "{plan:?}");
    purge(&paths).unwrap();
    assert!(paths.window_state.exists());
}

fn cell(issue: &str, date: &str, duration: &str) -> stint_app::CellRequest {
    stint_app::CellRequest { issue: issue.into(), date: date.into(), duration: duration.into() }
}

#[test]
fn a_timesheet_cell_logs_into_the_day_or_changes_its_one_entry() {
    let w = World::new();
    *w.now.lock().unwrap() = local("2026-11-27 18:00");
    let mut app = w.app();
    let monday = app.add(add("ABC-1", "2h", Some("2026-11-23 09:00"))).unwrap().entry.id;
    app.add(add("ABC-2", "1h", Some("2026-11-24 09:00"))).unwrap();
    app.add(add("ABC-2", "1h", Some("2026-11-24 13:00"))).unwrap();
    let sheet = app.timesheet(Some("2026-11-25")).unwrap();
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.rows[0].cells[0].change, stint_app::CellChange::Entry { id: monday });
    assert_eq!(sheet.rows[0].cells[0].duration_input, "2h00m");
    assert!(matches!(sheet.rows[1].cells[1].change, stint_app::CellChange::Locked { pieces: 2, .. }));
    assert_eq!((sheet.days[0].seconds, sheet.days[0].target_seconds), (7200, 8 * 3600));

    // An empty cell: the first free stretch from the working day's start (09:00) that holds it.
    let id = app.set_cell(cell("ABC-2", "2026-11-23", "90m")).unwrap();
    let logged = app.list(Some("2026-11-23"), Some("2026-11-23")).unwrap();
    let new = logged.iter().find(|e| e.id == id).unwrap();
    assert_eq!((new.started.to_utc(), new.seconds), (local("2026-11-23 11:00"), 5400));
    assert_eq!(new.sync, SyncState::Pending);
    // A cell of one entry: its duration changes, its start stays.
    assert_eq!(app.set_cell(cell("ABC-1", "2026-11-23", "3h")).unwrap(), monday);
    let entries = app.list(Some("2026-11-23"), Some("2026-11-23")).unwrap();
    let changed = entries.iter().find(|e| e.id == monday).unwrap();
    assert_eq!((changed.started.to_utc(), changed.seconds), (local("2026-11-23 09:00"), 3 * 3600));

    // Refused, with the day's entries as the way, and nothing changed.
    let before = app.list(None, None).unwrap();
    for (req, problem) in [
        (cell("ABC-2", "2026-11-24", "2h"), "several entries"),
        (cell("ABC-3", "2026-11-28", "25h"), "longer than 24 hours"),
        (cell("ABC-3", "2026-11-30", "1h"), "no free stretch"),
        (cell("nope", "2026-11-24", "1h"), "not a Jira issue key"),
        (cell("ABC-3", "someday", "1h"), "not a date"),
    ] {
        let err = app.set_cell(req).unwrap_err();
        assert!(err.is_bad_input(), "{problem}: {err}");
        assert!(err.to_string().contains(problem), "{err}");
    }
    let err = app.set_cell(cell("ABC-2", "2026-11-24", "2h")).unwrap_err();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    assert_eq!(err.remedy(), Some(stint_app::Remedy::ChangeDayEntries { date }));
    assert_eq!(app.list(None, None).unwrap(), before);
}

#[test]
fn a_day_line_shows_its_blocks_and_what_is_free_up_to_now() {
    let w = World::new();
    *w.now.lock().unwrap() = local("2026-11-23 15:30");
    let mut app = w.app();
    let first = app.add(add("ABC-1", "1h", Some("2026-11-23 07:30"))).unwrap().entry.id;
    app.start(StartRequest { at: Some("2026-11-23 13:00".into()), ..start("XYZ-1") }).unwrap();
    let line = app.day_line("2026-11-23").unwrap();
    assert_eq!(line.from.to_utc(), local("2026-11-23 07:00"));
    assert_eq!(line.to.to_utc(), local("2026-11-23 17:00"));
    let blocks: Vec<(Option<EntryId>, bool, i64)> = line.blocks.iter().map(|b| (b.id, b.movable, b.seconds)).collect();
    assert_eq!(blocks[0], (Some(first), true, 3600));
    assert_eq!((blocks[1].1, blocks[1].2), (false, 2 * 3600 + 1800), "the running timer, up to now, stays put");
    let free: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        line.free.iter().map(|f| (f.start.to_utc(), f.end.to_utc())).collect();
    assert_eq!(
        free,
        [
            (local("2026-11-23 07:00"), local("2026-11-23 07:30")),
            (local("2026-11-23 08:30"), local("2026-11-23 13:00"))
        ]
    );
    assert_eq!(line.free[1].duration_input, "4h30m");
    assert_eq!(line.free[1].start_input, "2026-11-23 08:30");
    assert!(app.day_line("the day after").unwrap_err().is_bad_input());
}

#[test]
fn the_window_s_import_previews_a_file_s_content_then_writes_what_it_showed() {
    let w = World::new();
    *w.now.lock().unwrap() = local("2026-12-01 09:00");
    let mut app = w.app();
    assert!(app.import_confirm().unwrap_err().is_bad_input(), "nothing previewed, nothing to confirm");
    let toggl =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/tests/fixtures/toggl.csv")).unwrap();
    let request = |unmapped: Option<&str>| stint_app::WindowImport {
        content: toggl.clone(),
        format: None,
        key_from: None,
        unmapped: unmapped.map(Into::into),
        sync: false,
        skip_bad: false,
        date_format: None,
    };
    let preview = app.import_preview(request(None)).unwrap();
    assert_eq!((preview.format, preview.entries, preview.skipped_total), ("toggl", 2, 1));
    assert!(app.list(Some("2026-11-01"), Some("2026-11-30")).unwrap().is_empty(), "a preview changes nothing");
    // A new preview replaces the last: what is confirmed is what was shown last.
    assert_eq!(app.import_preview(request(Some("OPS-1"))).unwrap().entries, 3);
    let done = app.import_confirm().unwrap();
    assert_eq!(done.imported, 3);
    let issues: Vec<String> =
        app.list(Some("2026-11-01"), Some("2026-11-30")).unwrap().into_iter().map(|e| e.issue.to_string()).collect();
    assert_eq!(issues, ["ABC-12", "OPS-4", "OPS-1"]);
    assert!(app.import_confirm().unwrap_err().is_bad_input(), "a plan is written once");
    let err = app.import_preview(stint_app::WindowImport { content: "hello".into(), ..request(None) }).unwrap_err();
    assert_eq!(err.remedy(), Some(stint_app::Remedy::ChooseImportFormat));
    let outside_backticks: String = err.to_string().split('`').step_by(2).collect();
    assert!(!outside_backticks.contains("--format"), "the window has no flags: {err}");
}

#[test]
fn starting_again_from_a_recent_list_goes_to_the_site_the_issue_was_on() {
    let w = World::new();
    let mut app = w.app();
    let signed_in = |site: &str| stint_store::StoredConnection {
        mode: "cloud_api_token".into(),
        site: site.into(),
        api_base: site.into(),
        cloud_id: None,
        account_id: "me".into(),
        account_name: None,
        signed_in_at: local("2026-11-20 09:00"),
        needs_sign_in: false,
    };
    let mut store = stint_store::Store::open(&w.paths().database).unwrap();
    store.write(|tx| tx.set_connection(&signed_in("https://a.atlassian.net/"), true)).unwrap();
    store.write(|tx| tx.set_connection(&signed_in("https://b.atlassian.net/"), false)).unwrap();
    drop(store);
    // ENG-1 was tracked on B (chosen at the time); A is the default and no rule routes ENG.
    app.add(AddRequest { site: Some("b.atlassian.net".into()), ..add("ENG-1", "30m", Some("2026-11-23 08:00")) })
        .unwrap();
    let started = app.start_again("ENG-1").unwrap();
    let running = app.status().unwrap().running.unwrap();
    assert_eq!(running.issue.as_str(), "ENG-1", "{started:?}");
    assert_eq!(running.site.as_deref(), Some("https://b.atlassian.net/"), "the site it was on, not the default");
    w.advance(Duration::minutes(5));
    // An issue never tracked goes where `start` sends it: the default.
    app.start_again("OPS-2").unwrap();
    assert_eq!(app.status().unwrap().running.unwrap().site.as_deref(), Some("https://a.atlassian.net/"));
    assert!(matches!(app.start_again("not a key"), Err(AppError::Input(_))));
}
