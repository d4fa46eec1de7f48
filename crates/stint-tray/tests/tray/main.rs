//! The tray process with real parts: its menu driven over D-Bus (com.canonical.dbusmenu) as a
//! tray host would, notifications reaching a real notification daemon (dunst, watched with
//! dbus-monitor), sleep, lock and the screen saver signalled over D-Bus as logind and the
//! desktop do, the `stint` CLI on the same database, and a Jira test server for the sync.

mod desktop;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use desktop::{answer_notification, wait_until, Desktop};

fn ago(minutes: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::minutes(minutes)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn labels(d: &Desktop) -> Vec<String> {
    d.menu().into_iter().map(|(_, label, _)| label).collect()
}

#[test]
fn the_menu_starts_switches_and_stops_and_follows_the_cli() {
    let mut d = Desktop::new();
    d.stint(&["add", "ABC-1", "1h", "--at", &ago(24 * 60)]);
    d.stint(&["add", "XYZ-2", "30m", "--at", &ago(23 * 60)]);
    d.stint(&["config", "--set", "reminders=off"]);
    d.start_tray();
    let menu = d.menu();
    let shown: Vec<(&str, bool)> = menu.iter().map(|(_, l, e)| (l.as_str(), *e)).collect();
    // Today's figure is the week's for today, whatever the hour (past 23:00 the entries are today's).
    let week = d.stint_json(&["week"]);
    // Today where the tray and the CLI run (the desktop's zone, not this process's).
    let date = std::process::Command::new("date").env("TZ", desktop::ZONE).arg("+%F").output().unwrap();
    let today = String::from_utf8_lossy(&date.stdout).trim().to_string();
    let day = week["days"].as_array().unwrap().iter().find(|day| day["date"] == today.as_str()).unwrap().clone();
    let (seconds, target) = (day["seconds"].as_i64().unwrap(), day["target_seconds"].as_i64().unwrap());
    // Against today's target, on a day that has one (the week's figure too).
    let today = match target {
        0 => format!("Today {}", stint_app::format_duration(seconds)),
        target => format!("Today {} of {}", stint_app::format_duration(seconds), stint_app::format_duration(target)),
    };
    assert_eq!(
        shown,
        [
            ("Not tracking", false),
            (today.as_str(), false),
            ("Start on XYZ-2", true),
            ("Start on ABC-1", true),
            ("Start on…", true),
            ("Sync now (2 waiting)", false), // not signed in
            ("Open Stint", true),
            ("Quit", true),
        ]
    );
    assert!(d.title().contains("Stint: Not tracking"), "{}", d.title());

    d.click("Start on XYZ-2");
    wait_until(Duration::from_secs(5), "XYZ-2 running", || d.running().as_deref() == Some("XYZ-2"));
    wait_until(Duration::from_secs(3), "the menu to follow", || labels(&d).contains(&"Stop".to_string()));
    let now = labels(&d);
    assert!(now[0].starts_with("XYZ-2 · 0m") && now.contains(&"Switch to ABC-1".to_string()), "{now:?}");
    assert!(d.title().contains("XYZ-2"), "{}", d.title());

    d.click("Switch to ABC-1");
    wait_until(Duration::from_secs(5), "ABC-1 running", || d.running().as_deref() == Some("ABC-1"));
    wait_until(Duration::from_secs(3), "the menu to follow", || labels(&d)[0].starts_with("ABC-1"));
    d.click("Stop");
    wait_until(Duration::from_secs(5), "nothing running", || d.running().is_none());

    // A change made with the CLI reaches the tray within a second (a second more for a loaded machine).
    d.stint(&["start", "ENG-3"]);
    wait_until(Duration::from_secs(2), "the CLI's timer in the title", || d.title().contains("ENG-3"));

    // One tray per session: a second one says so and leaves.
    let second = d.spawn_tray().wait_with_output().unwrap();
    assert_eq!(second.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&second.stderr).contains("already running"));
    assert!(d.title().contains("ENG-3"), "the first one still runs");

    d.click("Quit");
    let mut tray = d.tray.take().unwrap();
    assert_eq!(tray.wait().unwrap().code(), Some(0));
    assert_eq!(d.running().as_deref(), Some("ENG-3"), "quitting the tray stops no timer");
}

#[test]
fn reminders_reach_the_daemon_once_and_never_with_a_note() {
    let mut d = Desktop::new();
    for setting in ["working_days=mon,tue,wed,thu,fri,sat,sun", "working_hours=00:00-23:59", "remind_running_after=1h"]
    {
        d.stint(&["config", "--set", setting]);
    }
    d.stint(&["start", "ABC-1", "--at", &ago(125), "--note", "SentinelNote-93b1"]);
    d.monitor_notifications();
    d.start_tray();
    wait_until(Duration::from_secs(10), "the reminder at dunst", || {
        d.notifications().contains("ABC-1 is still running")
    });
    let seen = d.notifications();
    assert!(seen.contains("The timer has run for 2h 05m"), "{seen}");
    assert!(!seen.contains("SentinelNote"), "a notification carries no note: {seen}");
    let shown = d.notify_count_of("ABC-1 is still running");
    assert_eq!(shown, 1, "{seen}");

    // A restarted tray does not say it again.
    assert_eq!(d.stop_tray(), 0);
    d.start_tray();
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(d.notify_count_of("ABC-1 is still running"), shown, "no repeat: {}", d.notifications());

    // Reminders off: nothing at all, not even what is newly due.
    assert_eq!(d.stop_tray(), 0);
    let count = d.notify_count();
    d.stint(&["config", "--set", "reminders=off"]);
    d.stint(&["start", "XYZ-9", "--at", &ago(30)]);
    d.stint(&["edit", &running_id(&d), "--at", &ago(180)]);
    d.start_tray();
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(d.notify_count(), count, "reminders are off: {}", d.notifications());
    assert!(!d.log().contains("SentinelNote"), "nor does the log hold the note");
}

fn running_id(d: &Desktop) -> String {
    d.stint_json(&["status"])["running"]["id"].as_i64().unwrap().to_string()
}

/// No reminders but the one about a silence.
fn quiet(d: &Desktop) {
    for setting in ["remind_after=off", "remind_running_after=off", "idle_gap=30m"] {
        d.stint(&["config", "--set", setting]);
    }
}

#[test]
fn back_from_sleep_the_gap_is_offered_and_dropping_it_cuts_it_out() {
    let mut d = Desktop::new();
    quiet(&d);
    d.stint(&["start", "ABC-1", "--note", "SentinelNote-5c2e"]);
    d.monitor_notifications();
    d.start_tray();
    let login1 = ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager");
    d.system_signal(login1.0, login1.1, login1.2, "PrepareForSleep", true);
    wait_until(Duration::from_secs(5), "the tray to see the sleep", || d.log().contains("presence away=true"));
    // An hour asleep: the timer began two minutes before the machine slept.
    d.rewind_timer(3600 + 120, 3600);
    d.system_signal(login1.0, login1.1, login1.2, "PrepareForSleep", false);
    wait_until(Duration::from_secs(10), "the welcome back", || {
        d.notifications().contains("Welcome back: ABC-1 kept running")
    });
    let seen = d.notifications();
    assert!(seen.contains("(1h 00m)") && seen.contains("Drop the gap") && seen.contains("Keep it"), "{seen}");
    assert!(!seen.contains("SentinelNote"), "{seen}");

    // The person picks "Drop the gap" at dunst; the server tells the tray which action.
    let id = d.wait_notification_id("Welcome back: ABC-1");
    answer_notification(&d, id, "drop", "the gap dropped", || {
        d.stint_json(&["list"]).as_array().is_some_and(|entries| entries.len() == 1)
    });
    let entry = &d.stint_json(&["list"])[0];
    assert_eq!(entry["issue"], "ABC-1");
    let seconds = entry["seconds"].as_i64().unwrap();
    assert!((120..=140).contains(&seconds), "the entry ends where the silence began: {entry}");
    assert_eq!(entry["note"], "SentinelNote-5c2e");
    let status = d.stint_json(&["status"]);
    assert_eq!(status["running"]["issue"], "ABC-1", "the timer goes on from the end of the silence");
    assert!(status["running"]["elapsed_seconds"].as_i64().unwrap() < 60, "{status}");

    // A signal from anyone but logind is not taken: the tray does not mark the person back. (Not
    // judged by the notifications: the tray's own minute tick may measure a silence meanwhile
    // and say "Welcome back" for it, rightly, which made this check fail once a minute's tick
    // fell into its second.)
    let taken = |d: &Desktop| d.log().matches("presence away=false").count();
    d.system_signal(login1.0, login1.1, login1.2, "PrepareForSleep", true);
    wait_until(Duration::from_secs(5), "the tray to see the second sleep", || {
        d.log().matches("presence away=true").count() == 2
    });
    let before = taken(&d);
    emit_as_stranger(&d.system, login1.1, login1.2);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(taken(&d), before, "a stranger's PrepareForSleep(false) was taken:\n{}", d.log());
    // ...while logind's own is.
    d.system_signal(login1.0, login1.1, login1.2, "PrepareForSleep", false);
    wait_until(Duration::from_secs(5), "the tray to take logind's signal", || taken(&d) == before + 1);
}

/// Sends `PrepareForSleep(false)` from a connection that does not own logind's name.
fn emit_as_stranger(address: &str, path: &str, interface: &str) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let conn = zbus::connection::Builder::address(address).unwrap().build().await.unwrap();
        conn.emit_signal(None::<&str>, path, interface, "PrepareForSleep", &false).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
    });
}

/// A screen saver on the session bus, as KDE's or XFCE's: idle time, whether it is on, and its
/// ActiveChanged signal.
struct Saver {
    active: Arc<AtomicBool>,
}

#[zbus::interface(name = "org.freedesktop.ScreenSaver")]
impl Saver {
    fn get_session_idle_time(&self) -> u32 {
        0
    }

    fn get_active(&self) -> bool {
        self.active.load(Ordering::SeqCst)
    }
}

#[test]
fn the_screen_saver_says_when_the_person_left_and_came_back() {
    let mut d = Desktop::new();
    quiet(&d);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let active = Arc::new(AtomicBool::new(false));
    let saver = rt.block_on(async {
        zbus::connection::Builder::address(d.session.as_str())
            .unwrap()
            .name("org.freedesktop.ScreenSaver")
            .unwrap()
            .serve_at("/org/freedesktop/ScreenSaver", Saver { active: active.clone() })
            .unwrap()
            .build()
            .await
            .unwrap()
    });
    d.stint(&["start", "ABC-1"]);
    d.monitor_notifications();
    d.start_tray();
    // The tray found where idle time is read, and says so (the window's settings show it).
    let db = rusqlite::Connection::open(d.home.path().join("stint/stint.db")).unwrap();
    let idle: i64 = db.query_row("SELECT value FROM meta WHERE key = 'tray:idle'", [], |r| r.get(0)).unwrap();
    assert_eq!(idle, 2, "screensaver");

    let changed = |on: bool| {
        active.store(on, Ordering::SeqCst);
        rt.block_on(saver.emit_signal(
            None::<&str>,
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "ActiveChanged",
            &on,
        ))
        .unwrap();
    };
    changed(true);
    wait_until(Duration::from_secs(5), "the tray to see the person leave", || d.log().contains("presence away=true"));
    d.rewind_timer(3600 + 300, 3600);
    changed(false);
    wait_until(Duration::from_secs(10), "the welcome back", || d.notifications().contains("Welcome back: ABC-1"));
    // "Keep it": the hour counts.
    let id = d.wait_notification_id("Welcome back: ABC-1");
    answer_notification(&d, id, "keep", "the silence kept", || {
        d.stint_json(&["status"])["running"]["idle_gap"].is_null()
    });
    assert!(d.stint_json(&["status"])["running"]["elapsed_seconds"].as_i64().unwrap() >= 3900);
}

#[test]
fn entries_waiting_are_synced_in_the_background() {
    let server = stint_jira_server::start(stint_jira_server::ServerConfig::default(), 0).unwrap();
    let mut d = Desktop::new().with_keyring();
    d.extra_env = server.stint_env().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    d.extra_env.push(("STINT_HTTP_TIMEOUT".into(), "3s".into()));
    quiet(&d);
    d.stint(&["config", "--set", "sync_delay=0"]);
    let mut login =
        std::process::Command::new(std::path::PathBuf::from(env!("CARGO_BIN_EXE_stint-tray")).with_file_name("stint"));
    for (k, v) in d.env() {
        login.env(k, v);
    }
    let mut child = login
        .args(["login", "--site", &server.url(), "--email", "ada@example.com", "--api-token-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"api-token-1\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "login: {}", String::from_utf8_lossy(&out.stderr));

    d.stint(&["add", "ABC-1", "45m", "--at", &ago(120)]);
    d.start_tray();
    assert!(labels(&d).contains(&"Sync now (1 waiting)".to_string()), "{:?}", labels(&d));
    d.wait(Duration::from_secs(20), "the entry in Jira", || d.stint_json(&["list"])[0]["sync"] == "synced");
    wait_until(Duration::from_secs(3), "the menu to follow", || labels(&d).contains(&"Sync now".to_string()));
    // And "Sync now" sends what waits at once.
    d.stint(&["config", "--set", "sync_delay=1h"]);
    d.stint(&["add", "ABC-2", "15m", "--at", &ago(60)]);
    wait_until(Duration::from_secs(3), "the menu to count it", || {
        labels(&d).contains(&"Sync now (1 waiting)".to_string())
    });
    d.click("Sync now");
    wait_until(Duration::from_secs(10), "the second entry in Jira", || {
        d.stint_json(&["list"]).as_array().unwrap().iter().all(|e| e["sync"] == "synced")
    });
}

/// What is done in the window is offered as an action that opens it: a refusal to fix.
#[test]
fn a_refusal_is_told_with_a_way_to_the_window() {
    let mut d = Desktop::new();
    quiet(&d);
    d.stint(&["add", "ABC-1", "45m", "--at", &ago(120)]);
    let db = rusqlite::Connection::open(d.home.path().join("stint/stint.db")).unwrap();
    db.execute(
        "UPDATE entries SET sync_state = 'failed', error_code = 'jira.bad_request', error_message = 'Jira refused this worklog: Bad'",
        [],
    )
    .unwrap();
    d.monitor_notifications();
    d.start_tray();
    wait_until(Duration::from_secs(10), "the refusal told", || d.notifications().contains("Jira refused an entry"));
    // The call's actions: ["open", "Open Stint"], as the notification server gets them.
    wait_until(Duration::from_secs(3), "its action", || d.notifications().contains("\"Open Stint\""));
    assert_eq!(d.notify_count_of("Jira refused an entry"), 1);
}
