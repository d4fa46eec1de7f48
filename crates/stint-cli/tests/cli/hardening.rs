//! What a hostile new user broke (issue 5), each through the real binary: files Stint must not
//! damage, results that were wrong, panics, refusals that changed something, and messages that
//! named the wrong problem.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use serde_json::Value;

use crate::common::Home;

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

fn ago(minutes: i64) -> String {
    (Utc::now() - chrono::Duration::minutes(minutes)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Runs `stint args`, failing the test if it has not finished within `limit` (it hung).
fn run_within(home: &Home, args: &[&str], limit: Duration) -> crate::common::Run {
    let mut child = home.command(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let began = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if began.elapsed() > limit {
            child.kill().unwrap();
            panic!("stint {args:?} hung for over {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    crate::common::finish(child.wait_with_output().unwrap())
}

// ---- Loses or damages data ----------------------------------------------------------------

#[test]
fn export_writes_through_devices_and_pipes_and_never_replaces_them() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00", "--note", "through"]);
    // /dev/null stays the system's character device.
    home.ok(&["export", "--out", "/dev/null"]);
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());

    // A FIFO gets the export through it, and is still a FIFO afterwards.
    let fifo = home.path().join("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    home.ok(&["export", "--out", fifo.to_str().unwrap()]);
    let doc: Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert_eq!(doc["entries"][0]["note"], "through");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());

    // /dev/stdout when standard output is a pipe: the export, and only the export, arrives there.
    let run = home.run(&["export", "--format", "csv", "--out", "/dev/stdout"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("id,uid,issue,"), "{}", run.stdout);
    assert!(run.stderr.contains("Exported 1 entry to /dev/stdout."), "the summary goes aside: {}", run.stderr);
}

#[test]
fn export_refuses_links_folders_and_disks_and_replaces_plain_files_privately() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    let target = home.path().join("someone-elses.json");
    std::fs::write(&target, "precious").unwrap();
    let link = home.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let err = home.fails(&["export", "--out", link.to_str().unwrap()], 2);
    assert!(err.contains("symbolic link") && err.contains("someone-elses.json itself"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");

    let err = home.fails(&["export", "--out", home.path().to_str().unwrap()], 2);
    assert!(err.contains("folder") && err.contains("name a file"), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind: {leftovers:?}");

    let plain = home.path().join("plain.json");
    std::fs::write(&plain, "old").unwrap();
    home.ok(&["export", "--out", plain.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&plain).unwrap().contains("stint-export"));
    assert_eq!(mode(&plain), 0o600, "an export holds notes");
}

#[test]
fn purge_deletes_only_what_stint_wrote_in_a_shared_home() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    let logs = home.path().join("logs");
    std::fs::write(logs.join("other-tool.log"), "not Stint's").unwrap();
    std::fs::write(home.path().join("config.toml"), "[server]\nport = 8080\n").unwrap();
    std::fs::write(home.path().join("notes.txt"), "mine").unwrap();

    let out = home.json(&["purge", "--yes"]);
    let deleted: Vec<&str> = out["deleted"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let kept: Vec<&str> = out["kept"].as_array().unwrap().iter().map(|k| k["path"].as_str().unwrap()).collect();
    assert!(deleted.iter().any(|p| p.ends_with("stint.db")), "{out}");
    assert!(deleted.iter().any(|p| p.contains("/logs/stint.")), "Stint's own log goes: {out}");
    assert!(kept.iter().any(|p| p.ends_with("/logs")) && kept.iter().any(|p| p.ends_with("config.toml")), "{out}");
    assert!(logs.join("other-tool.log").exists());
    assert_eq!(std::fs::read_to_string(home.path().join("config.toml")).unwrap(), "[server]\nport = 8080\n");
    assert!(home.path().join("notes.txt").exists());
    assert!(!home.database().exists());

    let text = home.ok(&["purge", "--yes"]);
    assert!(text.contains("nothing to delete") && text.contains("not Stint's"), "{text}");
}

#[test]
fn purge_of_an_empty_home_deletes_and_reports_nothing() {
    let home = Home::new();
    let out = home.json(&["purge", "--yes"]);
    assert_eq!(out["deleted"], serde_json::json!([]), "{out}");
    assert!(!home.path().join("logs").exists(), "purge made no log to then delete");
}

#[test]
fn a_timer_whose_start_is_ahead_of_the_clock_is_kept_not_discarded() {
    let home = Home::new();
    let id = home.json(&["start", "CLK-1", "--at", &ago(180)])["running"]["id"].as_i64().unwrap();
    // Stand in for a clock set back by four hours since the timer started.
    let db = rusqlite::Connection::open(home.database()).unwrap();
    db.execute("UPDATE entries SET started_at = started_at + 4 * 3600 WHERE id = ?1", [id]).unwrap();
    drop(db);
    let before = home.snapshot();
    for args in [&["stop"][..], &["stop", "--gap", "keep"], &["start", "CLK-2"]] {
        let err = home.fails(args, 1);
        assert!(err.contains(&format!("stint edit {id} --at")), "{err}");
    }
    assert_eq!(home.snapshot(), before, "the timer is kept as it was");
}

#[test]
fn ids_are_never_reused() {
    let home = Home::new();
    let id = |v: Value| v["id"].as_i64().unwrap();
    assert_eq!(id(home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"])), 1);
    assert_eq!(id(home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 11:00"])), 2);
    home.ok(&["rm", "2"]);
    assert_eq!(id(home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 13:00"])), 3);
    // A running timer that is dropped does not give its id back either.
    let running = home.json(&["start", "RUN-1"])["running"]["id"].as_i64().unwrap();
    assert_eq!(running, 4);
    home.ok(&["rm", "4"]);
    assert_eq!(id(home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 15:00"])), 5);
    home.fails(&["rm", "2"], 1);
}

// ---- Wrong results --------------------------------------------------------------------------

#[test]
fn an_entry_can_never_end_in_the_future() {
    let home = Home::new();
    let id = home.json(&["add", "ABC-1", "1h", "--at", &ago(120)])["id"].to_string();
    let before = home.snapshot();
    let err = home.fails(&["add", "ABC-1", "24h", "--at", &ago(60)], 2);
    assert!(err.contains("in the future"), "{err}");
    home.fails(&["edit", &id, "--duration", "24h"], 2);
    home.fails(&["edit", &id, "--at", &ago(30)], 2);
    assert_eq!(home.snapshot(), before);
}

#[test]
fn times_before_2000_are_refused_and_a_forgotten_timer_counts_a_day_at_most() {
    let home = Home::new();
    let err = home.fails(&["start", "OLD-1", "--at", "1900-01-01 00:00"], 2);
    assert!(err.contains("2000-01-01"), "the message says the bound: {err}");
    home.fails(&["add", "OLD-1", "1h", "--at", "1999-12-31T23:00:00Z"], 2);
    home.fails(&["add", "OLD-1", "1h", "--at", "2026-11-20T09:00:00+19:00"], 2);

    home.ok(&["start", "OLD-1", "--at", &ago(3 * 24 * 60)]);
    let total = home.json(&["week"])["total_seconds"].as_i64().unwrap()
        + home.json(&["week", &(Utc::now() - chrono::Duration::days(7)).format("%Y-%m-%d").to_string()])
            ["total_seconds"]
            .as_i64()
            .unwrap();
    assert!(total <= 24 * 3600, "a timer left running counts at most a day, not {total}s");
}

#[test]
fn moving_a_timer_past_a_silence_clears_it() {
    let home = Home::new();
    let id = home.timer_with_a_silence(4 * 60, 3 * 3600);
    assert_ne!(home.json(&["status"])["running"]["idle_gap"], Value::Null);
    // The real start was after the machine went quiet.
    home.ok(&["edit", &id.to_string(), "--at", &ago(60)]);
    assert_eq!(home.json(&["status"])["running"]["idle_gap"], Value::Null, "no silence to settle any more");
    let stopped = home.json(&["stop"]);
    assert_eq!(stopped["outcome"], "finished", "{stopped}");
    assert!((3500..=3700).contains(&stopped["entry"]["seconds"].as_i64().unwrap()), "{stopped}");
}

#[test]
fn the_gap_question_is_asked_again_until_answered() {
    let home = Home::new();
    home.timer_with_a_silence(3 * 60, 2 * 3600);
    let run = home.in_terminal(&["stop"], "maybe\ny\n");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("Please answer y or n"), "{}", run.stdout);
    let seconds = home.json(&["list", "--from", "yesterday"])[0]["seconds"].as_i64().unwrap();
    assert!((3500..=3700).contains(&seconds), "ended where the silence began: {seconds}");
}

// ---- Never panics; refuses before it touches ---------------------------------------------

#[test]
fn dates_at_the_edges_are_refused_not_panicked_on() {
    let home = Home::new();
    for args in [
        &["week", "+262142-12-31"][..],
        &["week", "--", "-262143-01-01"],
        &["week", "0000-01-01"],
        &["week", "9999-W60"],
        &["list", "--from", "0000-01-01"],
        &["export", "--to", "+99999-01-01"],
    ] {
        let run = home.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert_eq!(home.json(&["week", "9999-12-31"])["week"], "9999-W52");
    assert_eq!(home.json(&["week", "1970-01-01"])["week"], "1970-W01");
}

#[test]
fn databases_that_are_not_stint_s_are_left_exactly_as_they_were() {
    // A negative schema version, a foreign SQLite file, Stint's version without tables, a foreign
    // `entries` table: each refused with exit 1, and the bytes unchanged.
    for (sql, says) in [
        ("PRAGMA user_version = -4;", "not Stint's database"),
        ("CREATE TABLE recipes (name TEXT);", "another program's tables"),
        ("PRAGMA user_version = 1;", "none of Stint's tables"),
        ("CREATE TABLE entries (id INTEGER, what TEXT); PRAGMA user_version = 1;", "not Stint's"),
    ] {
        let home = Home::new();
        let conn = rusqlite::Connection::open(home.database()).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(home.database(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let bytes = std::fs::read(home.database()).unwrap();
        let err = home.fails(&["status"], 1);
        assert!(err.contains(says), "{sql}: {err}");
        assert!(!err.contains("CREATE"), "no SQL dumped at the user: {err}");
        assert_eq!(std::fs::read(home.database()).unwrap(), bytes, "{sql}: the file changed");
        assert_eq!(mode(&home.database()), 0o644, "{sql}: its permissions changed");
        assert!(!Path::new(&format!("{}-wal", home.database().display())).exists());
    }
}

#[test]
fn a_newer_database_is_not_switched_to_wal_or_touched() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    let conn = rusqlite::Connection::open(home.database()).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let bytes = std::fs::read(home.database()).unwrap();
    assert_eq!(bytes[18], 1, "rollback journal mode before");
    let err = home.fails(&["list"], 1);
    assert!(err.contains("newer Stint"), "{err}");
    assert_eq!(std::fs::read(home.database()).unwrap(), bytes);
}

#[test]
fn a_linked_database_is_refused_and_its_target_untouched() {
    let home = Home::new();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("real.db");
    std::fs::write(&target, b"").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink(&target, home.database()).unwrap();
    let err = home.fails(&["status"], 1);
    assert!(err.contains("symbolic link") && err.contains("real.db"), "{err}");
    assert_eq!(mode(&target), 0o644, "the link's target was not chmod-ed");
    assert_eq!(std::fs::metadata(&target).unwrap().len(), 0);
}

#[test]
fn fifos_at_the_database_or_config_path_are_refused_at_once() {
    let home = Home::new();
    mkfifo(&home.database());
    let run = run_within(&home, &["status"], Duration::from_secs(20));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("named pipe"), "{}", run.stderr);

    let home = Home::new();
    mkfifo(&home.path().join("config.toml"));
    for args in [&["status"][..], &["config"]] {
        let run = run_within(&home, args, Duration::from_secs(20));
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("named pipe"), "{}", run.stderr);
    }
}

// ---- Contract and messages ------------------------------------------------------------------

#[test]
fn json_holds_for_every_failure_and_every_config_form() {
    let home = Home::new();
    for args in [
        &["--json", "add", "ABC-1"][..],
        &["add", "--json"],
        &["--json", "frobnicate"],
        &["--json"],
        &["start", "ABC-1", "--at", "--json"],
        &["--json", "week", "2026-W99"],
    ] {
        let run = home.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        let err: Value = serde_json::from_str(run.stderr.trim())
            .unwrap_or_else(|e| panic!("{args:?}: stderr is not JSON ({e}): {}", run.stderr));
        assert!(err["error"]["code"].is_string() && err["error"]["message"].is_string(), "{err}");
    }
    assert!(home.json(&["config", "--path"])["config_file"].as_str().unwrap().ends_with("config.toml"));
    assert!(home.json(&["config", "--example"])["example"].as_str().unwrap().contains("week_start"));
    let report = home.json(&["config"]);
    for setting in report["settings"].as_array().unwrap() {
        assert!(setting["source"].is_string(), "one shape: {setting}");
    }
}

#[test]
fn a_note_may_start_with_a_dash_and_come_from_windows() {
    let home = Home::new();
    let entry = home.json(&["add", "ABC-1", "1h", "--note", "-5 bugs fixed", "--at", "2026-11-20 09:00"]);
    assert_eq!(entry["note"], "-5 bugs fixed");
    let entry = home.json(&["add", "ABC-1", "1h", "--note", "line one\r\nline two", "--at", "2026-11-20 11:00"]);
    assert_eq!(entry["note"], "line one\nline two");
}

#[test]
fn notes_that_would_mislead_are_refused() {
    let home = Home::new();
    for (note, says) in [("invoice \u{202E}fdp.exe", "U+202E"), ("\u{200B}\u{200B}", "invisible")] {
        let err = home.fails(&["add", "ABC-1", "1h", "--note", note], 2);
        assert!(err.contains(says), "{err}");
    }
}

/// `stint add ABC-1 1h --note -` with `bytes` on standard input, written from another thread (stint
/// may stop reading early, so a closed pipe is fine).
fn add_with_note_from_stdin(home: &Home, bytes: Vec<u8>) -> crate::common::Run {
    let mut child = home
        .command(&["add", "ABC-1", "1h", "--note", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    crate::common::finish(out)
}

#[test]
fn notes_on_standard_input_must_be_utf8_and_of_a_sane_size() {
    let home = Home::new();
    let run = add_with_note_from_stdin(&home, b"caf\xe9 latin-1".to_vec());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);
    // Far more than any note: stint stops reading and refuses.
    let run = add_with_note_from_stdin(&home, vec![b'x'; 64 << 20]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("longer than 10,000 characters"), "{}", run.stderr);
    assert!(home.json(&["list", "--from", "2026-01-01"]).as_array().unwrap().is_empty());
}

#[test]
fn settings_messages_name_the_real_problem() {
    for (line, says) in [
        ("working_hours = \"17:00-09:00\"", "must end after it starts"),
        ("daily_target = \"25h\"", "between 0 (none) and 24h"),
        ("idle_gap = \"0m\"", "write off"),
    ] {
        let home = Home::new();
        std::fs::write(home.path().join("config.toml"), format!("{line}\n")).unwrap();
        let err = home.fails(&["status"], 2);
        assert!(err.contains(says) && !err.contains("not a time") && !err.contains("split"), "{line}: {err}");
    }
    let home = Home::new();
    std::fs::write(home.path().join("config.toml"), "daily_target = \"0m\"\n").unwrap();
    assert_eq!(home.json(&["week"])["target_seconds"], 0);
}

#[test]
fn failing_to_write_standard_output_says_so_and_never_panics() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    for args in [&["list", "--from", "2026-11-01"][..], &["export"], &["completions", "bash"], &["config", "--example"]]
    {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = home.command(args).stdout(full).stderr(Stdio::piped()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("standard output") && !err.contains("terminal") && !err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_home_that_is_a_file_is_refused() {
    let home = Home::new();
    let file = home.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let run = crate::common::finish(home.command(&["status"]).env("STINT_HOME", &file).output().unwrap());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);
}

#[test]
fn a_day_long_entry_shows_its_end_date_and_counts_are_singular() {
    let home = Home::new();
    let added = home.ok(&["add", "ABC-1", "24h", "--at", "2026-11-20 07:34"]);
    assert!(added.contains("07:34–07:34 (+1d)"), "{added}");
    let list = home.ok(&["list", "--from", "2026-11-20", "--to", "2026-11-21"]);
    assert!(list.contains("07:34–07:34 (+1d)") && list.contains("1 entry,"), "{list}");
    let out = home.path().join("one.json");
    assert!(home.ok(&["export", "--out", out.to_str().unwrap()]).contains("Exported 1 entry to"));
}

#[test]
fn help_explains_every_option() {
    let home = Home::new();
    // Each option's line carries a description after the option itself.
    for (sub, flags) in [
        ("edit", &["--issue <KEY>", "--duration <DURATION>"][..]),
        ("export", &["--from <DATE>", "--to <DATE>", "--format <FORMAT>"]),
    ] {
        let help = home.ok(&[sub, "--help"]);
        for flag in flags {
            let line = help.lines().find(|l| l.trim_start().starts_with(flag)).unwrap_or_default();
            let text = line.trim_start().trim_start_matches(flag).trim();
            assert!(text.len() > 10, "{sub} {flag} has no text: {help}");
        }
    }
}

#[test]
fn the_config_example_in_help_works_on_a_fresh_install() {
    let home = Home::new();
    let fresh = home.path().join("fresh-config-home");
    let help = home.ok(&["config", "--help"]);
    let lines: Vec<&str> = help.lines().map(str::trim).collect();
    let at = lines.iter().position(|l| l.contains("--example >")).unwrap();
    let example = format!("{}\n{}", lines[at - 1], lines[at]);
    let example = example.as_str();
    let stint_dir = Path::new(env!("CARGO_BIN_EXE_stint")).parent().unwrap();
    let status = std::process::Command::new("sh")
        .args(["-c", example])
        .env("PATH", format!("{}:/usr/bin:/bin", stint_dir.display()))
        .env("STINT_HOME", &fresh)
        .status()
        .unwrap();
    assert!(status.success(), "{example}");
    assert!(std::fs::read_to_string(fresh.join("config.toml")).unwrap().contains("week_start"));
}

#[test]
fn an_unknown_time_zone_is_said_once() {
    let home = Home::new();
    let out = home.command(&["status"]).env("TZ", "Nowhere/Bogus").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(err.matches("Nowhere/Bogus").count(), 1, "{err}");
    let out = home.command(&["status"]).env("TZ", "Europe/Berlin").output().unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn overlaps_are_accepted_and_said() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "2h", "--at", "2026-11-20 09:00"]);
    let second = home.json(&["add", "ABC-2", "1h", "--at", "2026-11-20 10:00"]);
    assert_eq!(second["overlaps"][0]["id"], 1, "{second}");
    assert_eq!(second["overlaps"][0]["issue"], "ABC-1");
    let touching = home.json(&["add", "ABC-3", "1h", "--at", "2026-11-20 11:00"]);
    assert_eq!(touching["overlaps"], serde_json::json!([]), "touching ends do not overlap");
    let text = home.ok(&["add", "ABC-4", "30m", "--at", "2026-11-20 09:15"]);
    assert!(text.contains("Warning: this overlaps entry 1"), "{text}");
    assert_eq!(home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]).as_array().unwrap().len(), 4);
}

/// Runs `stint args` as an unprivileged user (root ignores file permissions): `nobody` through
/// setpriv when the tests run as root, the current user otherwise. The binary is copied where
/// that user may run it.
fn as_unprivileged(home: &Path, bin_dir: &Path, args: &[&str]) -> crate::common::Run {
    let bin = bin_dir.join("stint");
    if !bin.exists() {
        std::fs::copy(env!("CARGO_BIN_EXE_stint"), &bin).unwrap();
    }
    let root = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    // Just copied, the binary may still be open for writing in a process another test forked
    // meanwhile (until that child execs): running it then fails with "Text file busy". That
    // passes in moments, so it is tried again.
    for _ in 0..50 {
        let mut cmd = if root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            c
        } else {
            std::process::Command::new(&bin)
        };
        cmd.args(args).env_clear().env("STINT_HOME", home).env("TZ", "UTC").env("PATH", "/usr/bin:/bin");
        match cmd.stdin(Stdio::null()).output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {}
            Ok(out)
                if out.status.code() == Some(126)
                    && String::from_utf8_lossy(&out.stderr).contains("Text file busy") => {}
            result => return crate::common::finish(result.unwrap()),
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("{} stayed busy for 2.5 s", bin.display());
}

#[test]
fn read_only_databases_and_folders_name_what_to_fix() {
    use std::os::unix::fs::PermissionsExt;
    let set_mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    let base = tempfile::tempdir().unwrap();
    set_mode(base.path(), 0o777);
    let bin_dir = base.path().join("bin");
    std::fs::create_dir(&bin_dir).unwrap();
    set_mode(&bin_dir, 0o755);

    // A folder the user may not write: the folder is named, not SQLite's text.
    let locked = base.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    set_mode(&locked, 0o555);
    let run = as_unprivileged(&locked, &bin_dir, &["status"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("in {}", locked.display())) && run.stderr.contains("writable"),
        "{}",
        run.stderr
    );

    // A database file made read-only: the file is named, with the fix.
    let home = base.path().join("home");
    std::fs::create_dir(&home).unwrap();
    set_mode(&home, 0o777);
    let run = as_unprivileged(&home, &bin_dir, &["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let db = home.join("stint.db");
    set_mode(&db, 0o400);
    let run = as_unprivileged(&home, &bin_dir, &["add", "ABC-1", "1h", "--at", "2026-11-20 11:00"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("is read-only for you") && run.stderr.contains("chmod u+w"), "{}", run.stderr);
    assert!(!run.stderr.contains("attempt to write"), "not SQLite's words: {}", run.stderr);

    // The file is writable but its folder no longer is: the journal files are the problem.
    set_mode(&db, 0o600);
    for journal in ["stint.db-wal", "stint.db-shm"] {
        let _ = std::fs::remove_file(home.join(journal));
    }
    set_mode(&home, 0o555);
    let run = as_unprivileged(&home, &bin_dir, &["add", "ABC-1", "1h", "--at", "2026-11-20 13:00"]);
    set_mode(&home, 0o777);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("journal files") && run.stderr.contains(&home.display().to_string()), "{}", run.stderr);
}

/// `stint import - < /dev/zero` would read for ever, and `stint import /dev/zero` too: a device is
/// refused before anything is read, from standard input or by path, and a FIFO by path is not
/// waited on. A pipe on standard input is read (the usual `cat file | stint import -`).
#[test]
fn imports_refuse_devices_up_front_and_read_pipes() {
    let home = Home::new();
    let before = home.snapshot();
    let from_stdin = |file: std::fs::File| {
        let mut cmd = home.command(&["import", "-", "--yes", "--format", "timewarrior"]);
        cmd.stdin(Stdio::from(file)).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        // A device is refused at once: a run that reads it would not end, and is stopped here.
        let began = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if began.elapsed() > Duration::from_secs(30) {
                child.kill().unwrap();
                panic!("import kept reading standard input");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        crate::common::finish(child.wait_with_output().unwrap())
    };
    for device in ["/dev/zero", "/dev/urandom"] {
        let run = from_stdin(std::fs::File::open(device).unwrap());
        assert_eq!(run.code, 2, "{device}: {}", run.stderr);
        assert!(run.stderr.contains("standard input") && run.stderr.contains("device"), "{}", run.stderr);
        let by_path = home.fails(&["import", device, "--yes"], 2);
        assert!(by_path.contains("device"), "{by_path}");
    }
    let fifo = home.path().join("history.fifo");
    mkfifo(&fifo);
    let run = run_within(&home, &["import", fifo.to_str().unwrap(), "--yes"], Duration::from_secs(30));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(home.snapshot(), before, "nothing changed");

    // A pipe is what standard input is for.
    let data = home.path().join("2026-11.data");
    std::fs::write(&data, "inc 20261120T071500Z - 20261120T081500Z # \"ABC-1\"\n").unwrap();
    let mut cat = std::process::Command::new("cat").arg(&data).stdout(Stdio::piped()).spawn().unwrap();
    let pipe: std::process::ChildStdout = cat.stdout.take().unwrap();
    let mut cmd = home.command(&["import", "-", "--yes", "--format", "timewarrior", "--json"]);
    let out = cmd.stdin(Stdio::from(pipe)).output().unwrap();
    cat.wait().unwrap();
    let run = crate::common::finish(out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()["imported"], 1);
}
