//! Several `stint` processes on one database at once: nothing lost, one running timer at most, and
//! no "database is locked" reaching the user.

use std::thread;

use crate::common::Home;

#[test]
fn many_processes_at_once_lose_nothing() {
    let home = std::sync::Arc::new(Home::new());
    home.ok(&["status"]); // create the database first, as the desktop app would have
    let adders: Vec<_> = (0..4)
        .map(|n| {
            let home = home.clone();
            thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 1..=15 {
                    let run = home.run(&["add", &format!("ADD{n}-{i}"), "5m", "--at", "2026-11-20 09:00"]);
                    if run.code != 0 {
                        failures.push(run.stderr);
                    }
                }
                failures
            })
        })
        .collect();
    let switchers: Vec<_> = (0..3)
        .map(|n| {
            let home = home.clone();
            thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 1..=10 {
                    let run = home.run(&["start", &format!("SW{n}-{i}"), "--gap", "keep"]);
                    if run.code != 0 {
                        failures.push(run.stderr);
                    }
                    let status = home.run(&["status", "--json"]);
                    if status.code != 0 {
                        failures.push(status.stderr);
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = adders.into_iter().chain(switchers).flat_map(|t| t.join().unwrap()).collect();
    assert!(failures.is_empty(), "{failures:#?}");

    let added = home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    assert_eq!(added.as_array().unwrap().len(), 60);
    let running = home.json(&["status"])["running"].clone();
    assert!(running["issue"].as_str().unwrap().starts_with("SW"), "{running}");
    let mut store = stint_store::Store::open(&home.database()).unwrap();
    store.integrity_check().unwrap();
}
