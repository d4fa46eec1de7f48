//! Split, merge, the weeks trend and writing a setting: what the desktop window uses, through the CLI.

use serde_json::Value;

use crate::common::Home;

#[test]
fn split_makes_two_entries_each_a_minute_or_more() {
    let home = Home::new();
    let id = home.json(&["add", "ABC-1", "2h", "--at", "2026-11-20 09:00", "--note", "kept on both"])["id"].to_string();
    let before = home.snapshot();
    for at in ["2026-11-20 09:00", "2026-11-20 10:59:30", "2026-11-20 08:00", "2026-11-20 09:00:30"] {
        let err = home.fails(&["split", &id, "--at", at], 2);
        assert!(err.contains("a minute on each side") || err.contains("not a time"), "{at}: {err}");
    }
    assert_eq!(home.snapshot(), before, "refused splits change nothing");
    let split = home.json(&["split", &id, "--at", "2026-11-20 09:45"]);
    assert_eq!(split["first"]["id"].to_string(), id, "the first part keeps the id");
    assert_eq!((split["first"]["seconds"].as_i64(), split["second"]["seconds"].as_i64()), (Some(2700), Some(4500)));
    assert_eq!(split["second"]["started"], "2026-11-20T09:45:00+00:00");
    assert_eq!(split["second"]["note"], "kept on both");
    assert_eq!(split["second"]["sync"], "pending");
}

#[test]
fn merge_joins_touching_entries_of_one_issue() {
    let home = Home::new();
    let a = home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00", "--note", "one"])["id"].to_string();
    let b = home.json(&["add", "ABC-1", "30m", "--at", "2026-11-20 10:00", "--note", "two"])["id"].to_string();
    let far = home.json(&["add", "ABC-1", "30m", "--at", "2026-11-20 13:00"])["id"].to_string();
    let other = home.json(&["add", "XYZ-1", "30m", "--at", "2026-11-20 10:30"])["id"].to_string();
    let before = home.snapshot();
    for (x, y, says) in [(&a, &far, "apart"), (&b, &other, "one issue"), (&a, &a, "two different")] {
        let err = home.fails(&["merge", x, y], 2);
        assert!(err.contains(says), "{err}");
    }
    assert_eq!(home.snapshot(), before);
    let merged = home.json(&["merge", &b, &a]);
    assert_eq!(merged["entry"]["id"].to_string(), a, "into the earlier one");
    assert_eq!(merged["entry"]["seconds"], 5400);
    assert_eq!(merged["entry"]["note"], "one\ntwo");
    let ids: Vec<String> =
        home.json(&["list", "--from", "2026-11-20"]).as_array().unwrap().iter().map(|e| e["id"].to_string()).collect();
    assert!(!ids.contains(&b));
}

#[test]
fn weeks_give_a_trend_oldest_first() {
    let home = Home::new();
    home.ok(&["add", "ABC-1", "2h", "--at", "2026-11-16 09:00"]);
    home.ok(&["add", "ABC-1", "3h", "--at", "2026-11-02 09:00"]);
    let weeks = home.json(&["weeks", "2026-W47", "--count", "3"]);
    let totals: Vec<(&str, i64)> = weeks
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["week"].as_str().unwrap(), w["total_seconds"].as_i64().unwrap()))
        .collect();
    assert_eq!(totals, [("2026-W45", 10_800), ("2026-W46", 0), ("2026-W47", 7200)]);
    assert_eq!(weeks[0]["target_seconds"], 40 * 3600);
    home.fails(&["weeks", "--count", "0"], 2);
    home.fails(&["weeks", "--count", "200"], 2);
}

#[test]
fn config_set_writes_a_checked_setting() {
    let home = Home::new();
    let report = home.json(&["config", "--set", "daily_target=7h30m"]);
    let target = report["settings"].as_array().unwrap().iter().find(|s| s["key"] == "daily_target").unwrap().clone();
    assert_eq!((target["value"].as_str(), target["source"].as_str()), (Some("7h30m"), Some("file")));
    assert_eq!(home.json(&["week", "2026-W47"])["target_seconds"], 5 * 27_000);
    let text = std::fs::read_to_string(home.path().join("config.toml")).unwrap();
    assert!(text.contains("daily_target = \"7h30m\""), "{text}");
    for bad in ["daily_target=25h", "colour=blue", "no-equals-sign"] {
        home.fails(&["config", "--set", bad], 2);
    }
    assert_eq!(std::fs::read_to_string(home.path().join("config.toml")).unwrap(), text);
    let _: Value = report;
}
