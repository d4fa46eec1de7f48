//! Logs never hold what the user typed: run every command with sentinel text at the most verbose
//! log level, then search every file Stint wrote outside the database.

use std::path::Path;

use crate::common::Home;

const NOTE: &str = "SentinelNote-7f3a9c";
const PROJECT: &str = "ZQXSENT";

fn files_under(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
fn no_note_or_issue_key_reaches_any_file_but_the_database() {
    let home = Home::new();
    let trace = |args: &[&str]| {
        let out = home.command(args).env("STINT_LOG", "trace").output().unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let key = format!("{PROJECT}-42");
    let note = format!("{NOTE} with a colleague's name");
    trace(&["start", &key, "--note", &note, "--at", "2026-11-19T08:00:00Z"]);
    trace(&["status"]);
    trace(&["heartbeat"]);
    trace(&["stop", "--note", &note]);
    trace(&["add", &key, "1h", "--note", &note, "--at", "2026-11-20 09:00"]);
    trace(&["edit", "2", "--note", &format!("{NOTE} again")]);
    trace(&["list", "--from", "2026-11-01", "--json"]);
    trace(&["week", "2026-W47", "--json"]);
    trace(&["export", "--format", "csv"]);
    let refused = trace(&["add", &format!("{PROJECT}BAD"), "1h", "--note", &note]);
    assert!(refused.contains(PROJECT), "the user is told what was wrong: {refused}");
    trace(&["add", &key, "45s", "--note", &note]);
    trace(&["start", &key, "--note", &note, "--at", "31:99"]);
    // Imports: a good file and a bad one, both holding the note and the key.
    let sources = tempfile::tempdir().unwrap();
    let good = sources.path().join("good.data");
    std::fs::write(&good, format!("inc 20261118T080000Z - 20261118T090000Z # \"{key}\" # \"{note}\"\n")).unwrap();
    let bad = sources.path().join("bad.data");
    std::fs::write(&bad, format!("inc 20261118T100000Z - 20261118T110000Z # \"{key}\"\ninc {NOTE} {key}\n")).unwrap();
    trace(&["import", good.to_str().unwrap(), "--yes"]);
    trace(&["import", good.to_str().unwrap(), "--dry-run"]);
    let refused = trace(&["import", bad.to_str().unwrap(), "--yes"]);
    assert!(refused.contains("line 2"), "the user is told where: {refused}");

    let mut files = Vec::new();
    files_under(home.path(), &mut files);
    let database = home.database().to_string_lossy().into_owned();
    let others: Vec<_> = files.iter().filter(|p| !p.to_string_lossy().starts_with(&database)).collect();
    let logs: Vec<_> = others.iter().filter(|p| p.starts_with(home.path().join("logs"))).collect();
    assert!(!logs.is_empty(), "the commands wrote no log, so this test proves nothing: {files:?}");
    let logged: String = logs.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    assert!(logged.contains("command=\"stop\"") && logged.contains("DEBUG"), "verbose logging was on: {logged}");

    for path in others {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(NOTE), "{} holds a note", path.display());
        assert!(!text.contains(PROJECT), "{} holds an issue key", path.display());
    }
    // And the sentinel really was stored, where it belongs.
    let stored = home.json(&["export"]).to_string();
    assert!(stored.contains(NOTE) && stored.contains(PROJECT));
}

#[test]
fn removed_and_replaced_notes_do_not_linger_in_the_database_file() {
    let home = Home::new();
    let gone = format!("{NOTE}-removed");
    let replaced = format!("{NOTE}-replaced");
    let removed_id = home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00", "--note", &gone])["id"].to_string();
    let edited_id =
        home.json(&["add", "ABC-2", "1h", "--at", "2026-11-20 11:00", "--note", &replaced])["id"].to_string();
    home.ok(&["add", "ABC-3", "1h", "--at", "2026-11-20 13:00", "--note", "kept"]);
    home.ok(&["rm", &removed_id]);
    home.ok(&["edit", &edited_id, "--note", "new words"]);

    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", home.database().display());
        bytes.extend(std::fs::read(path).unwrap_or_default());
    }
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("kept"), "the scan reads the real file");
    assert!(!raw.contains(&gone), "a removed entry's note is still in the file");
    assert!(!raw.contains(&replaced), "a replaced note is still in the file");
}
