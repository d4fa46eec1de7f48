//! `stint import` on real files: Timewarrior's and Watson's written by the real `timew` and
//! `watson` programs (tests/run.sh installs both; `STINT_TEST_WATSON` names Watson's binary when it
//! is not on PATH), Toggl Track CSVs written to its documented columns, and Stint's own exports
//! round-tripped through `purge`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::Home;

/// Runs a real tracker's command, which must succeed.
fn tracker(program: &str, env: (&str, &Path), args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .env(env.0, env.1)
        .env("TZ", "Europe/Berlin")
        .output()
        .unwrap_or_else(|e| panic!("{program} could not run ({e}): tests/run.sh installs it"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn watson() -> String {
    std::env::var("STINT_TEST_WATSON").unwrap_or_else(|_| "watson".into())
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The entries as `stint list` shows them: (issue, started, seconds, note, sync).
fn entries(home: &Home) -> Vec<(String, String, i64, String, String)> {
    let list = home.json(&["list", "--from", "2000-01-01", "--to", "2099-12-31"]);
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["issue"].as_str().unwrap().to_string(),
                e["started"].as_str().unwrap().to_string(),
                e["seconds"].as_i64().unwrap(),
                e["note"].as_str().unwrap_or("").to_string(),
                e["sync"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn timewarrior_history_made_by_timew() {
    let db = tempfile::tempdir().unwrap();
    std::fs::write(db.path().join("timewarrior.cfg"), "").unwrap();
    let env = ("TIMEWARRIORDB", db.path());
    tracker("timew", env, &["track", "2026-11-20T08:15", "-", "2026-11-20T09:15", "ABC-1", "other tag"]);
    tracker("timew", env, &["track", "2026-11-20T10:00", "-", "2026-11-20T10:30", "Code review"]);
    tracker("timew", env, &["annotate", "@1", "went through \"the\" login PR"]);
    tracker("timew", env, &["track", "2026-07-14T09:00", "-", "2026-07-14T10:00", "eng-7"]);
    tracker("timew", env, &["track", "2026-11-21T10:00", "-", "2026-11-21T10:00:30", "XYZ-2"]);
    tracker("timew", env, &["track", "2026-11-21T11:00", "-", "2026-11-21T12:00", "lunch"]);
    let export = write(db.path(), "export.json", &tracker("timew", env, &["export"]));
    let map = write(db.path(), "map.toml", "\"Code review\" = \"ENG-12\"\n");

    // The user is in Berlin; the machine running the import may be anywhere (UTC here).
    let home = Home::new();
    let preview = home.json(&["import", s(db.path()), "--map", s(&map), "--tz", "Europe/Berlin", "--dry-run"]);
    assert_eq!(preview["format"], "timewarrior");
    assert_eq!((preview["entries"].as_i64(), preview["seconds"].as_i64()), (Some(3), Some(3 * 3600 - 1800)));
    assert_eq!((preview["first_day"].as_str(), preview["last_day"].as_str()), (Some("2026-07-14"), Some("2026-11-20")));
    let groups: Vec<(String, String, i64)> = preview["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (g["source"].as_str().unwrap().into(), g["issue"].as_str().unwrap().into(), g["entries"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("ABC-1".into(), "ABC-1".into(), 1),
            ("Code review".into(), "ENG-12".into(), 1),
            ("ENG-7".into(), "ENG-7".into(), 1)
        ]
    );
    let skipped = preview["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped[0]["reason"].as_str().unwrap().contains("under a minute"));
    assert_eq!(skipped[1]["name"], "lunch");
    assert!(skipped[1]["reason"].as_str().unwrap().starts_with("no issue key in"));
    assert!(skipped[1]["at"].as_str().unwrap().starts_with("2026-11.data line "), "{skipped:?}");
    assert!(entries(&home).is_empty(), "a dry run changes nothing");

    let done =
        home.json(&["import", s(db.path()), "--map", s(&map), "--tz", "Europe/Berlin", "--unmapped", "OPS-1", "--yes"]);
    assert_eq!(done["imported"], 4);
    let got = entries(&home);
    assert_eq!(
        got,
        [
            ("ENG-7".into(), "2026-07-14T09:00:00+02:00".into(), 3600, String::new(), "local".into()),
            ("ABC-1".into(), "2026-11-20T08:15:00+01:00".into(), 3600, String::new(), "local".into()),
            (
                "ENG-12".into(),
                "2026-11-20T10:00:00+01:00".into(),
                1800,
                "went through \"the\" login PR".into(),
                "local".into()
            ),
            ("OPS-1".into(), "2026-11-21T11:00:00+01:00".into(), 3600, String::new(), "local".into()),
        ]
    );

    // The same intervals through `timew export`: nothing new.
    let again =
        home.json(&["import", s(&export), "--map", s(&map), "--tz", "Europe/Berlin", "--unmapped", "OPS-1", "--yes"]);
    assert_eq!((again["imported"].as_i64(), again["duplicates"].as_i64()), (Some(0), Some(4)));
    assert_eq!(entries(&home).len(), 4);
}

#[test]
fn watson_history_made_by_watson() {
    let dir = tempfile::tempdir().unwrap();
    let env = ("WATSON_DIR", dir.path());
    let w = watson();
    tracker(&w, env, &["add", "-f", "2026-11-20 08:15", "-t", "2026-11-20 09:15", "ABC", "+ABC-7", "+review"]);
    tracker(&w, env, &["add", "-f", "2026-11-20 11:00", "-t", "2026-11-20 12:30", "ENG-3 login page"]);
    tracker(&w, env, &["add", "-f", "2026-06-02 14:00", "-t", "2026-06-02 15:00", "Code review"]);
    let log = write(dir.path(), "log.json", &tracker(&w, env, &["log", "--all", "--json"]));

    let home = Home::in_zone("Europe/Berlin");
    let done = home.json(&["import", s(dir.path()), "--yes", "--unmapped", "OPS-2"]);
    assert_eq!((done["format"].as_str(), done["imported"].as_i64()), (Some("watson"), Some(3)));
    let got = entries(&home);
    assert_eq!(got[0].0, "OPS-2");
    assert_eq!(got[0].1, "2026-06-02T14:00:00+02:00", "summer time is kept");
    assert_eq!((got[1].0.as_str(), got[1].1.as_str()), ("ABC-7", "2026-11-20T08:15:00+01:00"));
    assert_eq!((got[2].0.as_str(), got[2].2), ("ENG-3", 5400));

    // `watson log --json` names the same frames: nothing new.
    let again = home.json(&["import", s(&log), "--yes", "--unmapped", "OPS-2"]);
    assert_eq!((again["imported"].as_i64(), again["duplicates"].as_i64()), (Some(0), Some(3)));
    // --key-from project takes ABC (not a key) over the tag.
    let home = Home::in_zone("Europe/Berlin");
    let only_projects = home.json(&["import", s(&log), "--key-from", "project", "--dry-run"]);
    assert_eq!(only_projects["entries"], 1, "only ENG-3's project holds a key: {only_projects}");
}

const TOGGL_HEADER: &str =
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n";

/// Berlin's clocks went back from 03:00 to 02:00 on 2026-10-25. Rows in that hour read the same
/// whether Berlin is the system's zone or named with --tz, and Toggl's Duration settles which pass
/// of the hour each time is in; a 20-minute row from 02:50 to 02:10 is imported, not refused.
#[test]
fn toggl_s_repeated_autumn_hour_reads_the_same_in_the_system_zone_and_a_named_one() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "autumn.csv",
        &format!(
            "{TOGGL_HEADER}\
             Ann,ann@example.com,,P,,ABC-1,No,2026-10-25,01:30:00,2026-10-25,02:30:00,02:00:00,,\n\
             Ann,ann@example.com,,P,,ABC-2,No,2026-10-25,02:50:00,2026-10-25,02:10:00,00:20:00,,\n\
             Ann,ann@example.com,,P,,ABC-3,No,2026-10-25,02:10:00,2026-10-25,02:40:00,00:30:00,,\n"
        ),
    );
    let named = Home::new();
    named.json(&["import", s(&csv), "--tz", "Europe/Berlin", "--yes"]);
    let system = Home::in_zone("Europe/Berlin");
    system.json(&["import", s(&csv), "--yes"]);
    let by_start = |home: &Home| {
        let mut rows: Vec<(String, i64)> = entries(home).into_iter().map(|e| (e.0, e.2)).collect();
        rows.sort();
        rows
    };
    let expected: Vec<(String, i64)> = vec![("ABC-1".into(), 7200), ("ABC-2".into(), 1200), ("ABC-3".into(), 1800)];
    assert_eq!(by_start(&named), expected);
    assert_eq!(by_start(&system), expected);
    let starts = |home: &Home| {
        let mut rows: Vec<String> = home
            .json(&["list", "--from", "2026-10-24", "--to", "2026-10-26"])
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{} {}", e["issue"].as_str().unwrap(), e["started"].as_str().unwrap()))
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(
        starts(&named),
        ["ABC-1 2026-10-25T01:30:00+02:00", "ABC-2 2026-10-25T02:50:00+02:00", "ABC-3 2026-10-25T02:10:00+02:00"]
    );
    assert_eq!(starts(&system), starts(&named));
}

#[test]
fn toggl_csv_in_its_own_date_format_and_a_given_zone() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "toggl.csv",
        &format!(
            "\u{feff}{TOGGL_HEADER}\
             Ann,ann@example.com,Acme,Website,,Fix ABC-12 login,Yes,20/11/2026,08:15:00,20/11/2026,09:45:00,01:30:00,,\n\
             Ann,ann@example.com,Acme,Support,,Triage,No,23/11/2026,23:30:00,24/11/2026,00:30:00,01:00:00,\"ops-4, urgent\",\n\
             Ann,ann@example.com,Acme,Code review,,\"Reviewed \"\"the\"\" PR, twice\",No,13/03/2026,09:00:00,13/03/2026,09:20:00,00:20:00,,\n"
        ),
    );
    let map = write(dir.path(), "names.toml", "\"Code review\" = \"ENG-12\"\n");
    let home = Home::new();
    let done = home.json(&["import", s(&csv), "--tz", "America/New_York", "--map", s(&map), "--yes"]);
    assert_eq!((done["format"].as_str(), done["imported"].as_i64()), (Some("toggl"), Some(3)));
    assert_eq!(
        entries(&home),
        [
            (
                "ENG-12".into(),
                "2026-03-13T09:00:00-04:00".into(),
                1200,
                "Reviewed \"the\" PR, twice".into(),
                "local".into()
            ),
            ("ABC-12".into(), "2026-11-20T08:15:00-05:00".into(), 5400, "Fix ABC-12 login".into(), "local".into()),
            ("OPS-4".into(), "2026-11-23T23:30:00-05:00".into(), 3600, "Triage".into(), "local".into()),
        ]
    );
    let again = home.json(&["import", s(&csv), "--tz", "America/New_York", "--map", s(&map), "--yes"]);
    assert_eq!(again["imported"], 0);

    // A row repeated inside one file is said to be that, not "imported before".
    let twice = write(
        dir.path(),
        "twice.csv",
        &format!(
            "{TOGGL_HEADER}Ann,,,P,,ABC-3,No,2026-10-20,08:00:00,2026-10-20,09:00:00,01:00:00,,\n\
             Ann,,,P,,ABC-3,No,2026-10-20,08:00:00,2026-10-20,09:00:00,01:00:00,,\n"
        ),
    );
    let preview = home.json(&["import", s(&twice), "--tz", "UTC", "--dry-run"]);
    assert_eq!(
        (preview["entries"].as_i64(), preview["duplicates"].as_i64(), preview["repeated_in_source"].as_i64()),
        (Some(1), Some(1), Some(1)),
        "{preview}"
    );
    let text = home.ok(&["import", s(&twice), "--tz", "UTC", "--dry-run"]);
    assert!(text.contains("1 row repeats an earlier row of this file") && !text.contains("imported before"), "{text}");

    // A file that cannot say whether 03/04 is March or April asks for the order, and changes nothing.
    let before = home.snapshot();
    let ambiguous = write(
        dir.path(),
        "a.csv",
        &format!("{TOGGL_HEADER}Ann,,,P,,ABC-1,No,03/04/2026,08:00:00,03/04/2026,09:00:00,01:00:00,,\n"),
    );
    let err = home.fails(&["import", s(&ambiguous), "--yes"], 2);
    assert!(err.contains("--date-format"), "{err}");
    let done = home.json(&["import", s(&ambiguous), "--date-format", "MM/DD/YYYY", "--tz", "UTC", "--dry-run"]);
    assert_eq!(done["first_day"], "2026-03-04");
    // Two people's time is refused: none of it may reach this person's Jira.
    let team = write(
        dir.path(),
        "team.csv",
        &format!("{TOGGL_HEADER}Ann,,,P,,ABC-1,No,2026-11-20,08:00:00,2026-11-20,09:00:00,01:00:00,,\nBob,,,P,,ABC-1,No,2026-11-20,10:00:00,2026-11-20,11:00:00,01:00:00,,\n"),
    );
    let err = home.fails(&["import", s(&team), "--yes"], 2);
    assert!(err.contains("2 people") && !err.contains("Bob"), "{err}");
    // Two people of the same name are told apart by their email.
    let namesakes = write(
        dir.path(),
        "namesakes.csv",
        &format!("{TOGGL_HEADER}Alex,alex@a.example,,P,,ABC-1,No,2026-11-20,08:00:00,2026-11-20,09:00:00,01:00:00,,\nAlex,alex@b.example,,P,,ABC-1,No,2026-11-20,10:00:00,2026-11-20,11:00:00,01:00:00,,\n"),
    );
    let err = home.fails(&["import", s(&namesakes), "--yes"], 2);
    assert!(err.contains("2 people") && !err.contains("example"), "{err}");
    // A file that names no one is imported, and the preview says it could not check.
    let anonymous = write(
        dir.path(),
        "anonymous.csv",
        &format!("{TOGGL_HEADER},,,P,,ABC-1,No,2026-11-20,08:00:00,2026-11-20,09:00:00,01:00:00,,\n"),
    );
    let preview = home.json(&["import", s(&anonymous), "--tz", "UTC", "--dry-run"]);
    assert!(preview["notices"][0].as_str().unwrap().contains("names no one"), "{preview}");
    let text = home.ok(&["import", s(&anonymous), "--tz", "UTC", "--dry-run"]);
    assert!(text.contains("names no one"), "{text}");
    assert_eq!(home.snapshot(), before);
}

/// Entries in each sync state, a note a spreadsheet would run, one recorded in Berlin.
fn seed(home: &Home) {
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20T08:15:00+01:00", "--note", "-5 bugs, =SUM(A1)", "--local"]);
    home.ok(&["add", "ABC-2", "30m", "--at", "2026-11-20T12:00:00-05:00", "--note", "'quoted' start"]);
    home.ok(&["add", "ABC-3", "2h", "--at", "2026-11-21T09:00:00Z", "--note", "line one\nline two"]);
    home.ok(&["add", "ABC-4", "45m", "--at", "2026-11-22T09:00:00Z"]);
    let db = rusqlite::Connection::open(home.database()).unwrap();
    db.execute_batch(
        "UPDATE entries SET sync_state = 'synced', worklog_id = '10042', synced_revision = revision, remote_issue = issue
           WHERE issue = 'ABC-3';
         UPDATE entries SET sync_state = 'failed', error_code = 'jira.refused', error_message = 'Issue is closed'
           WHERE issue = 'ABC-4';",
    )
    .unwrap();
    signed_in(home);
}

/// Stands in for a sign-in to one site and account (these tests have no Jira): what the export
/// records for its worklog ids, and what an import takes them back for.
fn signed_in(home: &Home) {
    home.ok(&["status"]); // the database exists
    let db = rusqlite::Connection::open(home.database()).unwrap();
    db.execute(
        "INSERT OR REPLACE INTO sites (id, mode, site, api_base, account_id, signed_in_at, is_default)
         VALUES (1, 'cloud_api_token', 'https://acme.atlassian.net/', 'https://acme.atlassian.net/', 'acc-1', 0, 1)",
        [],
    )
    .unwrap();
}

fn exported_entries(home: &Home, with_error: bool) -> Vec<Value> {
    let doc = home.json(&["export"]);
    doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let o = e.as_object_mut().unwrap();
            o.remove("id");
            if !with_error {
                o.remove("error");
            }
            e
        })
        .collect()
}

#[test]
fn stint_export_round_trips_through_purge() {
    let out = tempfile::tempdir().unwrap();
    let home = Home::new();
    seed(&home);
    let original = exported_entries(&home, true);
    let json = out.path().join("all.json");
    let csv = out.path().join("all.csv");
    home.ok(&["export", "--out", s(&json)]);
    home.ok(&["export", "--format", "csv", "--out", s(&csv)]);

    home.ok(&["purge", "--yes"]);
    // Not signed in: the worklog id cannot be checked against a site, so that entry comes back
    // on this machine only, and the rest as they were.
    let unchecked = home.json(&["import", s(&json), "--dry-run"]);
    assert_eq!(unchecked["unlinked"], 1, "{unchecked}");
    signed_in(&home);
    let done = home.json(&["import", s(&json), "--yes"]);
    assert_eq!((done["format"].as_str(), done["imported"].as_i64()), (Some("stint"), Some(4)));
    assert_eq!(done["unlinked"], 0, "{done}");
    assert_eq!(exported_entries(&home, true), original, "uid, start and offset, length, note, sync state, worklog id");
    let again = home.json(&["import", s(&csv), "--yes"]);
    assert_eq!((again["imported"].as_i64(), again["duplicates"].as_i64()), (Some(0), Some(4)));

    home.ok(&["purge", "--yes"]);
    signed_in(&home);
    home.ok(&["import", s(&csv), "--yes"]);
    assert_eq!(
        exported_entries(&home, false),
        original
            .iter()
            .map(|e| {
                let mut e = e.clone();
                e.as_object_mut().unwrap().remove("error");
                e
            })
            .collect::<Vec<_>>()
    );

    // Options for other trackers do not apply to Stint's own export.
    let err = home.fails(&["import", s(&json), "--unmapped", "ABC-9", "--yes"], 2);
    assert!(err.contains("do not apply"), "{err}");
}

#[test]
fn bad_files_of_each_kind_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::new();
    home.ok(&["add", "KEEP-1", "1h", "--at", "2026-11-02T09:00:00Z"]);
    let before = home.snapshot();
    let cases = [
        ("t.data", "inc 20261120T071500Z - 20261120T081500Z # \"ABC-1\"\ninc 20261120T0915 - 20261120T093000Z # \"ABC-1\"\n", "line 2"),
        ("t.json", "[{\"start\":\"20261120T071500Z\",\"end\":\"20261120T081500Z\",\"tags\":[\"ABC-1\"]},{\"start\":\"20261120T081500Z\",\"end\":\"x\"}]", "record 2"),
        ("frames", "[[1795158900, 1795162500, \"ABC-1\", \"a1\", []], [1795162500, \"soon\", \"ABC-1\", \"a2\", []]]", "frame 2"),
        ("toggl.csv", &format!("{TOGGL_HEADER}Ann,,,ABC-1,,x,No,2026-11-20,08:00:00,2026-11-20,09:00:00,01:00:00,,\nAnn,,,ABC-1,,x,No,2026-11-20,9 o'clock,2026-11-20,10:00:00,01:00:00,,\n"), "line 3"),
        ("stint.csv", "id,uid,issue,started,seconds,note,sync,worklog_id,deleted\n1,u-1,ABC-1,2026-11-20T08:15:00+01:00,3600,,local,,false\n2,u-2,ABC-1,2026-11-20T10:15:00+01:00,an hour,,local,,false\n", "line 3"),
        ("cut.json", "{\"format\":\"stint-export\",\"version\":1,\"running\":null,\"entries\":[\n{\"uid\":\"u-1\"", "line 2"),
    ];
    for (name, text, at) in cases {
        let path = write(dir.path(), name, text);
        let err = home.fails(&["import", s(&path), "--yes"], 2);
        assert!(err.contains(at) && err.contains("Nothing was imported"), "{name}: {err}");
        assert_eq!(home.snapshot(), before, "{name} changed something");
    }
    // --skip-bad imports the rest and lists what it skipped.
    let path = write(dir.path(), "t2.data", cases[0].1);
    let done = home.json(&["import", s(&path), "--skip-bad", "--yes"]);
    assert_eq!(done["imported"], 1);
    assert_eq!(done["bad"][0]["at"], "line 2");
    // Not a file Stint knows; a folder without history; a missing file.
    let unknown = write(dir.path(), "notes.txt", "hello\n");
    assert!(home.fails(&["import", s(&unknown)], 2).contains("--format"));
    let empty = tempfile::tempdir().unwrap();
    assert!(home.fails(&["import", s(empty.path())], 2).contains("neither Timewarrior"));
    assert!(home.fails(&["import", "/nonexistent/file.json"], 2).contains("no such file"));
    assert!(home.fails(&["import", s(&path), "--format", "toggl"], 2).contains("not a toggl file"));
}

#[test]
fn asks_first_and_sync_needs_a_yes_that_shows_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "2026-11.data",
        "inc 20261120T071500Z - 20261120T081500Z # \"ABC-1\"\ninc 20261120T090000Z - 20261120T093000Z # \"ABC-2\"\n",
    );
    let home = Home::new();
    // No terminal, no --yes: refused, and nothing changed.
    let err = home.fails(&["import", s(&data), "--sync"], 2);
    assert!(err.contains("--dry-run") && err.contains("--yes"), "{err}");
    assert!(entries(&home).is_empty());
    // At a terminal: the preview and the count, then the answer.
    let no = home.in_terminal(&["import", s(&data), "--sync"], "n\n");
    assert_eq!(no.code, 1, "{}", no.stdout);
    assert!(no.stdout.contains("queue 2 for Jira"), "{}", no.stdout);
    assert!(entries(&home).is_empty());
    let yes = home.in_terminal(&["import", s(&data), "--sync"], "y\n");
    assert_eq!(yes.code, 0, "{}", yes.stdout);
    assert!(yes.stdout.contains("Imported 2 entries"), "{}", yes.stdout);
    assert!(entries(&home).iter().all(|e| e.4 == "pending"));
}

/// Names from an imported file (a project, a tag) reach the terminal shown, not obeyed.
#[test]
fn names_from_a_file_are_printed_safely() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::new();
    let file = write(
        dir.path(),
        "toggl.csv",
        &format!(
            "{TOGGL_HEADER}Ann,,,\u{1b}]0;pwned\u{7}\u{1b}[2JNoKey,,review,No,2026-11-20,08:00:00,2026-11-20,09:00:00,01:00:00,,\n"
        ),
    );
    let run = home.run(&["import", s(&file), "--tz", "UTC", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Skipped") && run.stdout.contains("\\u{001b}]0;pwned"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}

/// A long history is read as a stream: the preview's lists hold their first 1000 items and
/// count them all, a repeated row is found through the staging area, and everything is imported.
#[test]
fn long_histories_are_listed_in_part_and_counted_whole() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::new();
    let base = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").unwrap();
    let line = |i: i64, tag: &str| {
        let start = base + chrono::Duration::minutes(20 * i);
        let end = start + chrono::Duration::minutes(15);
        format!("inc {} - {} # \"{tag}\"\n", start.format("%Y%m%dT%H%M%SZ"), end.format("%Y%m%dT%H%M%SZ"))
    };
    let mut text = String::new();
    for i in 0..1001 {
        text += &line(i, &format!("ABC-{}", i + 1));
    }
    for i in 1001..2201 {
        text += &line(i, "meeting");
    }
    for _ in 0..3 {
        text += &line(0, "ABC-1");
    }
    let path = write(dir.path(), "2025-01.data", &text);
    let plan = home.json(&["import", s(&path), "--dry-run", "--tz", "UTC"]);
    assert_eq!(plan["entries"], 1001);
    assert_eq!((plan["groups"].as_array().unwrap().len(), plan["groups_total"].as_u64()), (1000, Some(1001)));
    assert_eq!((plan["skipped"].as_array().unwrap().len(), plan["skipped_total"].as_u64()), (1000, Some(1200)));
    assert_eq!((plan["repeated_in_source"].as_u64(), plan["duplicates"].as_u64()), (Some(3), Some(3)));
    assert_eq!(plan["skipped"][0]["at"], "line 1002");
    let shown = home.ok(&["import", s(&path), "--dry-run", "--tz", "UTC"]);
    assert!(shown.contains("Skipped (1200):"), "{shown}");
    assert!(shown.contains("… and 1190 more (--json lists the first 1000)"), "{shown}");
    assert!(shown.contains("… and 951 more (--json lists the first 1000)"), "{shown}");
    // From standard input: spooled and staged in unnamed temporary files, none left behind.
    let temp = tempfile::tempdir().unwrap();
    let out = home
        .command(&["import", "-", "--yes", "--tz", "UTC", "--json"])
        .env("TMPDIR", temp.path())
        .stdin(std::fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let done: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(done["imported"], 1001);
    assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0, "a temporary file was left behind");
    assert_eq!(entries(&home).len(), 1001);
    let again = home.json(&["import", s(&path), "--yes", "--tz", "UTC"]);
    assert_eq!((again["imported"].as_u64(), again["duplicates"].as_u64()), (Some(0), Some(1004)));
}
