//! The CLI contract: subcommands, `--json` shapes, exit codes, and refusals that change nothing.

use serde_json::Value;
use stint_domain::EntryId;

use crate::common::Home;

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn status_json_has_the_documented_shape() {
    let home = Home::new();
    let idle = home.json(&["status"]);
    assert_eq!(idle["running"], Value::Null);
    assert_eq!(keys(&idle["counts"]), ["failed", "local", "pending", "synced"]);

    home.ok(&["start", "ABC-1", "--at", "2026-11-19T09:00:00+01:00", "--note", "hello"]);
    let running = home.json(&["status"])["running"].clone();
    assert_eq!(keys(&running), ["elapsed_seconds", "id", "idle_gap", "issue", "local_only", "note", "started"]);
    assert_eq!(running["issue"], "ABC-1");
    assert_eq!(running["started"], "2026-11-19T09:00:00+01:00");
    assert!(running["elapsed_seconds"].as_i64().unwrap() > 0);
}

#[test]
fn start_switch_stop_and_the_queue() {
    let home = Home::new();
    home.ok(&["start", "ABC-1", "--at", "2026-11-19T09:00:00Z"]);
    let switched = home.json(&["switch", "abc-2", "--at", "2026-11-19T09:40:00Z"]);
    assert_eq!(switched["previous"]["outcome"], "finished");
    assert_eq!(switched["previous"]["entry"]["seconds"], 2400);
    assert_eq!(switched["running"]["issue"], "ABC-2");
    let stopped = home.json(&["stop", "--at", "2026-11-19T10:00:00Z", "--note", "done"]);
    assert_eq!(stopped["entry"]["seconds"], 1200);
    assert_eq!(stopped["entry"]["note"], "done");

    let counts = home.json(&["status"])["counts"].clone();
    assert_eq!((counts["pending"].as_i64(), counts["local"].as_i64()), (Some(2), Some(0)));
    home.ok(&["add", "OPS-1", "1h", "--at", "2026-11-19T11:00:00Z", "--local"]);
    assert_eq!(home.json(&["status"])["counts"]["local"], 1);
    home.fails(&["stop"], 1);
}

#[test]
fn list_json_has_the_documented_shape() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h30m", "--at", "2026-11-20 09:00", "--note", "pairing"]);
    home.ok(&["add", "ABC-2", "90m", "--at", "2026-11-21 09:00"]);
    let list = home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    let entries = list.as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(keys(&entries[0]), ["id", "issue", "note", "seconds", "started", "sync"]);
    assert_eq!(entries[0]["seconds"], 5400);
    assert_eq!(entries[0]["sync"], "pending");
    assert_eq!(entries[0]["started"], "2026-11-20T09:00:00+00:00");
    assert_eq!(home.json(&["list", "--from", "2026-11-01"]).as_array().unwrap().len(), 2);
}

#[test]
fn durations_people_type_are_all_accepted() {
    let home = Home::new();
    for (typed, seconds) in [("1h30m", 5400), ("90m", 5400), ("1.5h", 5400), ("1:30", 5400), ("2h", 7200), ("1m", 60)] {
        let entry = home.json(&["add", "ABC-1", typed, "--at", "2026-11-20 09:00"]);
        assert_eq!(entry["seconds"], seconds, "{typed}");
    }
    let err = home.fails(&["add", "ABC-1", "45s"], 2);
    assert!(err.contains("one minute"), "{err}");
}

#[test]
fn week_json_has_the_documented_shape() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "2h", "--at", "2026-11-16 09:00"]);
    home.ok(&["add", "XYZ-3", "1h", "--at", "2026-11-18 09:00"]);
    for week in ["2026-W47", "2026-11-19"] {
        let summary = home.json(&["week", week]);
        for key in ["week", "from", "to", "total_seconds", "days", "issues"] {
            assert!(summary.get(key).is_some(), "{key} missing: {summary}");
        }
        assert_eq!(summary["week"], "2026-W47");
        assert_eq!(summary["from"], "2026-11-16");
        assert_eq!(summary["to"], "2026-11-22");
        assert_eq!(summary["total_seconds"], 3 * 3600);
        let days = summary["days"].as_array().unwrap();
        assert_eq!(days.len(), 7);
        assert_eq!((days[0]["date"].as_str(), days[0]["seconds"].as_i64()), (Some("2026-11-16"), Some(7200)));
        assert_eq!(summary["issues"][0]["issue"], "ABC-1");
        assert_eq!(summary["issues"][0]["seconds"], 7200);
        assert_eq!(summary["projects"][1]["project"], "XYZ");
    }
    home.fails(&["week", "2026-W99"], 2);
}

#[test]
fn refused_commands_exit_2_and_change_nothing() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00", "--note", "kept"]);
    home.ok(&["start", "RUN-1", "--at", "2026-11-19T08:00:00Z"]);
    let before = home.snapshot();
    for args in [
        &["add", "ABC-1", "45s"][..],
        &["add", "ABC-1", "25h"],
        &["add", "ABC-1", "ninety"],
        &["add", "ABC 1", "1h"],
        &["add", "ABC-1", "1h", "--at", "31:00"],
        &["add", "ABC-1", "1h", "--at", "2999-01-01 09:00"],
        &["start", "ABC-0"],
        &["stop", "--at", "tomorrow 10:00"],
        &["edit", "1"],
        &["edit", "one", "--duration", "1h"],
        &["list", "--from", "2026-11-30", "--to", "2026-11-01"],
        &["list", "--from", "last tuesday"],
        &["export", "--format", "xml"],
        &["frobnicate"],
        &["add", "ABC-1"],
    ] {
        let err = home.fails(args, 2);
        assert!(!err.trim().is_empty(), "{args:?} said nothing");
    }
    for args in [&["edit", "999", "--duration", "1h"][..], &["rm", "999"], &["start", "RUN-1"]] {
        home.fails(args, 1);
    }
    assert_eq!(home.snapshot(), before);
}

#[test]
fn edit_and_rm() {
    let home = Home::new();
    let id = home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00", "--note", "x"])["id"].as_i64().unwrap();
    let edited = home.json(&["edit", &id.to_string(), "--duration", "45m", "--issue", "abc-9", "--note", ""]);
    assert_eq!(edited["entry"]["seconds"], 2700);
    assert_eq!(edited["entry"]["issue"], "ABC-9");
    assert_eq!(edited["entry"]["note"], Value::Null);
    assert_eq!(home.json(&["edit", &id.to_string(), "--local"])["entry"]["sync"], "local");
    assert_eq!(home.json(&["rm", &id.to_string()])["outcome"], "deleted");
    assert!(home.json(&["list", "--from", "2026-11-01"]).as_array().unwrap().is_empty());
}

#[test]
fn rm_of_an_entry_jira_has_marks_it_for_deletion_there() {
    let home = Home::new();
    let id = home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"])["id"].as_i64().unwrap();
    // Stand in for the sync: Jira now has revision 1 of the entry.
    let mut store = stint_store::Store::open(&home.database()).unwrap();
    store.write(|tx| tx.mark_synced(EntryId(id), "10042", 1)).unwrap();
    drop(store);
    assert_eq!(home.json(&["status"])["counts"]["synced"], 1);

    let out = home.ok(&["rm", &id.to_string()]);
    assert!(out.contains("deleted at the next sync"), "{out}");
    assert!(home.json(&["list", "--from", "2026-11-01"]).as_array().unwrap().is_empty());
    let export = home.json(&["export"]);
    assert_eq!(export["entries"][0]["deleted"], true, "kept, marked for Jira: {export}");
    assert_eq!(export["entries"][0]["worklog_id"], "10042");
    assert_eq!(home.json(&["status"])["counts"]["pending"], 1);
}

#[test]
fn notes_can_come_from_standard_input() {
    let home = Home::new();
    let mut child = home
        .command(&["add", "ABC-1", "1h", "--note", "-", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"line one\nline two\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let entry: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entry["note"], "line one\nline two");
}

#[test]
fn export_files_and_purge() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00", "--note", "a,\"quoted\" note"]);
    let out = home.path().join("out.csv");
    home.ok(&["export", "--format", "csv", "--out", out.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("\"a,\"\"quoted\"\" note\""), "{csv}");

    let err = home.fails(&["purge"], 2);
    assert!(err.contains("--yes"), "{err}");
    assert!(home.database().exists(), "nothing deleted without confirmation");
    home.ok(&["purge", "--yes"]);
    assert!(!home.database().exists());
    assert!(!home.path().join("logs").exists());
}

#[test]
fn config_shows_files_sources_and_refuses_bad_settings() {
    let home = Home::new();
    std::fs::write(home.path().join("config.toml"), "week_start = \"sunday\"\n").unwrap();
    let report = home.command(&["config", "--json"]).env("STINT_DAILY_TARGET", "7h").output().unwrap();
    let report: Value = serde_json::from_slice(&report.stdout).unwrap();
    let setting = |k: &str| report["settings"].as_array().unwrap().iter().find(|s| s["key"] == k).unwrap().clone();
    assert_eq!(setting("week_start")["source"], "file");
    assert_eq!(setting("daily_target")["source"], "env");
    assert_eq!(setting("daily_target")["variable"], "STINT_DAILY_TARGET");
    assert_eq!(setting("week_start")["variable"], Value::Null);
    assert_eq!(home.json(&["week", "2026-11-18"])["from"], "2026-11-15", "the week starts on Sunday");

    std::fs::write(home.path().join("config.toml"), "rounding = \"sideways\"\n").unwrap();
    let err = home.fails(&["status"], 2);
    assert!(err.contains("config file") && err.contains("rounding"), "{err}");
    assert!(home.run(&["config", "--example"]).stdout.contains("idle_gap = \"30m\""));
}

#[test]
fn stint_home_must_be_absolute_and_what_stint_creates_is_private() {
    let home = Home::new();
    let run = super::common::finish(home.command(&["status"]).env("STINT_HOME", "relative").output().unwrap());
    assert_eq!(run.code, 2, "{}", run.stderr);
    let fresh = home.path().join("fresh").join("stint");
    let run = super::common::finish(home.command(&["status"]).env("STINT_HOME", &fresh).output().unwrap());
    assert_eq!(run.code, 0, "{}", run.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh.join("stint.db")), 0o600);
        assert_eq!(mode(&fresh), 0o700, "the data folder Stint created");
        assert_eq!(mode(&fresh.join("logs")), 0o700, "the log folder Stint created");
    }
}

#[test]
fn help_and_completions() {
    let home = Home::new();
    for sub in [
        "start",
        "stop",
        "status",
        "add",
        "list",
        "edit",
        "rm",
        "week",
        "export",
        "purge",
        "config",
        "heartbeat",
        "split",
        "merge",
        "weeks",
        "login",
        "logout",
        "whoami",
        "sync",
        "retry",
        "issues",
        "audit",
    ] {
        let help = home.ok(&[sub, "--help"]);
        assert!(help.contains("Examples:\n  stint "), "{sub} help has no example: {help}");
    }
    for shell in ["bash", "zsh", "fish"] {
        assert!(home.ok(&["completions", shell]).contains("stint"));
    }
}

#[test]
fn a_damaged_or_newer_database_is_refused_with_what_to_do() {
    let home = Home::new();
    std::fs::write(home.database(), vec![0x42u8; 8192]).unwrap();
    let err = home.fails(&["status"], 1);
    assert!(err.contains("damaged") && err.contains("move it aside"), "{err}");
    assert_eq!(std::fs::read(home.database()).unwrap(), vec![0x42u8; 8192], "the file is left as it was");

    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    rusqlite::Connection::open(home.database()).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let err = home.fails(&["list"], 1);
    assert!(err.contains("newer Stint") && err.contains("update Stint"), "{err}");
}
