//! The questions `stint` asks at a terminal, answered through a real pseudo-terminal.

use serde_json::Value;

use crate::common::Home;

/// A running timer that started 3 hours ago, whose heartbeats stopped 2 hours ago.
fn timer_with_a_silence(home: &Home) -> i64 {
    home.timer_with_a_silence(3 * 60, 2 * 3600)
}

#[test]
fn a_silence_is_asked_about_at_a_terminal_and_refused_elsewhere() {
    let home = Home::new();
    let id = timer_with_a_silence(&home);
    let gap = home.json(&["status"])["running"]["idle_gap"].clone();
    assert!(gap["seconds"].as_i64().unwrap() >= 7200, "{gap}");

    let err = home.fails(&["stop"], 1);
    assert!(err.contains("--gap end") && err.contains("--gap keep"), "{err}");
    assert_ne!(home.json(&["status"])["running"], Value::Null, "the refused stop changed nothing");

    let run = home.in_terminal(&["stop"], "y\n");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("End the entry at"), "the question was asked: {}", run.stdout);
    let entry = home
        .json(&["list", "--from", "yesterday"])
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .cloned()
        .unwrap();
    assert!((3590..=3610).contains(&entry["seconds"].as_i64().unwrap()), "ended where the silence began: {entry}");
}

#[test]
fn answering_no_counts_the_silence_as_work() {
    let home = Home::new();
    timer_with_a_silence(&home);
    let run = home.in_terminal(&["stop"], "n\n");
    assert_eq!(run.code, 0, "{}", run.stdout);
    let seconds = home.json(&["list", "--from", "yesterday"])[0]["seconds"].as_i64().unwrap();
    assert!(seconds >= 3 * 3600 - 10, "{seconds}");
}

#[test]
fn purge_asks_first_and_no_keeps_everything() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    let run = home.in_terminal(&["purge"], "n\n");
    assert_eq!(run.code, 1, "declining is not bad usage: {}", run.stdout);
    assert!(run.stdout.contains("nothing was deleted"), "{}", run.stdout);
    assert!(run.stdout.contains("1 entry, 1 of them not in Jira"), "{}", run.stdout);
    assert!(home.database().exists());

    let run = home.in_terminal(&["purge"], "y\n");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!home.database().exists());
}

#[test]
fn with_json_even_failures_are_json() {
    let home = Home::new();
    let run = home.run(&["stop", "--json"]);
    assert_eq!(run.code, 1);
    let err: Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(err["error"]["code"], "nothing_running");
    assert!(err["error"]["message"].as_str().unwrap().contains("stint start"));
}
