//! Exactly once, under faults and kills: 2,000 entries over 20 issues, 20% of requests faulted in
//! every way the test server can (429 with each reason, 500, 503, a connection cut after the
//! worklog was committed, access tokens expired early), and `stint sync` killed with SIGKILL at
//! random points; then edits and removals the same way. Afterwards Jira holds exactly what the
//! entries say, nothing local is lost, and no secret or note is in any file Stint wrote outside
//! the database, nor in its error output. Each `stint sync` that sends its queue to the end reads
//! back too, so reads run between the pushes, under the same faults and kills. A second test
//! faults and kills reads alone: they change nothing in Jira, and here only what they were meant
//! to. The seed is printed; `STINT_FAULT_SEED` replays a run.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use stint_jira_server::{Fault, Faults, Handle};

use crate::common::{finish, Home};
use crate::sign_in::walk;
use crate::support::{oauth_login, seed_entries, server, stint};

pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The seed a fault test runs with (`STINT_FAULT_SEED` replays one), printed as `what`'s.
pub fn fault_seed(what: &str) -> u64 {
    let seed = std::env::var("STINT_FAULT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    eprintln!("{what} seed: {seed} (rerun with STINT_FAULT_SEED={seed})");
    seed
}

/// Runs `stint sync` (with `env` added), killing it after `delay` if it has not finished;
/// returns its error output.
pub fn sync_killed_after(home: &Home, jira: &Handle, env: &[(&str, &str)], delay: Duration) -> String {
    let mut child = stint(home, jira, &["sync"])
        .env("STINT_LOG", "debug")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let began = Instant::now();
    while child.try_wait().unwrap().is_none() && began.elapsed() < delay {
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill(); // SIGKILL
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `stint sync` (with `env` added) until it reports nothing left; returns the error output.
pub fn sync_to_the_end(home: &Home, jira: &Handle, env: &[(&str, &str)], seed: u64) -> String {
    let mut said = String::new();
    for attempt in 0..30 {
        let run = finish(
            stint(home, jira, &["sync", "--json"])
                .env("STINT_LOG", "debug")
                .envs(env.iter().copied())
                .output()
                .unwrap(),
        );
        said.push_str(&run.stderr);
        let summary: Value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
        if run.code == 0 && summary["remaining"] == 0 {
            return said;
        }
        assert!(attempt < 29, "seed {seed}: the queue never emptied: {summary} {}\nearlier: {said}", run.stderr);
    }
    said
}

/// No secret and no note in any file Stint wrote outside the database (logs were written), nor
/// in its error output `said`.
pub fn nothing_secret_outside_the_database(home: &Home, secrets: &[String], said: &str) {
    let database = home.database().to_string_lossy().into_owned();
    let files: Vec<_> = walk(home.path()).into_iter().filter(|p| !p.to_string_lossy().starts_with(&database)).collect();
    assert!(files.iter().any(|p| p.to_string_lossy().contains("/logs/")), "logs were written: {files:?}");
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for secret in secrets {
            assert!(!text.contains(secret.as_str()), "{} holds a secret or a note", file.display());
        }
    }
    for secret in secrets {
        assert!(!said.contains(secret.as_str()), "stint's error output holds a secret or a note");
    }
}

fn faults(seed: u64) -> Faults {
    Faults { rate: 0.2, seed, kinds: Fault::ALL.to_vec(), retry_after_secs: 0 }
}

#[test]
fn two_thousand_entries_under_faults_and_kills_reach_jira_exactly_once() {
    let seed = fault_seed("fault test");
    let mut rng = Lcg(seed);
    let jira = server(|_| {});
    let home = Home::new();
    oauth_login(&home, &jira);
    let made = seed_entries(&home, 20, 100);
    assert_eq!(made.len(), 2000);
    jira.set_faults(faults(seed));

    let mut said = String::new();
    for _ in 0..10 {
        said.push_str(&sync_killed_after(&home, &jira, &[], Duration::from_millis(100 + rng.below(2500))));
    }
    said.push_str(&sync_to_the_end(&home, &jira, &[], seed));

    let check = |expected: usize| {
        let worklogs = jira.worklogs();
        let export = home.json(&["export"]);
        let entries: Vec<&Value> =
            export["entries"].as_array().unwrap().iter().filter(|e| e["deleted"] == false).collect();
        assert_eq!(entries.len(), expected, "seed {seed}: entries here");
        assert_eq!(worklogs.len(), expected, "seed {seed}: exactly one worklog per entry in Jira");
        let by_uid: HashMap<String, &stint_jira_server::StoredWorklog> =
            worklogs.iter().map(|w| (w.properties["stint.entry"]["uid"].as_str().unwrap().to_string(), w)).collect();
        assert_eq!(by_uid.len(), expected, "seed {seed}: no two worklogs carry one entry's uid");
        for e in entries {
            assert_eq!(e["sync"], "synced", "seed {seed}: {e}");
            let w = by_uid.get(e["uid"].as_str().unwrap()).unwrap_or_else(|| panic!("seed {seed}: {e} is not in Jira"));
            assert_eq!(w.issue, e["issue"].as_str().unwrap(), "seed {seed}");
            assert_eq!(w.seconds, e["seconds"].as_i64().unwrap(), "seed {seed}");
            let started = chrono::DateTime::parse_from_rfc3339(e["started"].as_str().unwrap()).unwrap();
            assert_eq!(w.started, stint_jira::jira_time(&started), "seed {seed}: started with its own offset");
            assert_eq!(
                stint_jira::comment_text(w.comment.as_ref().unwrap()).as_deref(),
                e["note"].as_str(),
                "seed {seed}"
            );
            assert_eq!(e["worklog_id"].as_str().unwrap(), w.id.to_string(), "seed {seed}");
        }
    };
    check(2000);
    let counters = jira.counters();
    eprintln!("after the creates: {counters:?}");
    assert!(counters.dropped_after_commit > 0 && counters.faults > 200, "the faults happened: {counters:?}");

    // Edits and removals, the same way.
    let ids: Vec<i64> = made.iter().map(|(_, id)| *id).collect();
    for id in ids.iter().step_by(10) {
        // 33m20s: seeded entries are whole minutes, so only edited ones have it.
        home.ok(&["edit", &id.to_string(), "--duration", "33m20s", "--note", "edited under fire"]);
    }
    for id in ids.iter().skip(5).step_by(20) {
        home.ok(&["rm", &id.to_string()]);
    }
    for _ in 0..5 {
        said.push_str(&sync_killed_after(&home, &jira, &[], Duration::from_millis(100 + rng.below(1500))));
    }
    said.push_str(&sync_to_the_end(&home, &jira, &[], seed));
    check(1900);
    let edited = jira.worklogs().into_iter().filter(|w| w.seconds == 2000).count();
    assert_eq!(edited, 200, "seed {seed}: every edit reached Jira");
    assert!(jira.violations().is_empty(), "seed {seed}: {:?}", jira.violations());

    // Nothing secret, and no note, anywhere but the database.
    let mut secrets = jira.secrets();
    secrets.push("edited under fire".into());
    secrets.push("work item 1".into());
    nothing_secret_outside_the_database(&home, &secrets, &said);
}

/// Runs `stint pull` (or `--full`), killing it after `delay` if it has not finished.
fn pull_killed_after(home: &Home, jira: &stint_jira_server::Handle, full: bool, delay: Duration) {
    let args: &[&str] = if full { &["pull", "--full"] } else { &["pull"] };
    let mut child = stint(home, jira, args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let began = Instant::now();
    while child.try_wait().unwrap().is_none() && began.elapsed() < delay {
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
}

#[test]
fn faults_and_kills_during_read_back_change_nothing_that_was_not_meant_to_change() {
    let seed = fault_seed("read-back fault test");
    let mut rng = Lcg(seed);
    let jira = server(|c| c.hide_recent_changes = Duration::ZERO);
    let home = Home::new();
    oauth_login(&home, &jira);
    // 120 entries over 10 issues in the last days, synced without faults.
    let day = |n: u64| (chrono::Utc::now() - chrono::Duration::days(1 + (n % 5) as i64)).format("%Y-%m-%d").to_string();
    let mut ids = Vec::new();
    for n in 0..120u64 {
        let at = format!("{} {:02}:{:02}", day(n), 6 + (n / 5) % 12, (n % 5) * 11);
        let issue = format!("READ-{}", n % 10 + 1);
        ids.push(home.json(&["add", &issue, "10m", "--at", &at, "--note", &format!("entry {n}")])["id"].to_string());
    }
    let synced = finish(stint(&home, &jira, &["sync", "--json"]).output().unwrap());
    assert_eq!(synced.code, 0, "{}", synced.stderr);
    let worklog_of = |id: &str| {
        let export = home.json(&["export"]);
        export["entries"].as_array().unwrap().iter().find(|e| e["id"].as_i64() == id.parse().ok()).unwrap()
            ["worklog_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // In Jira: 20 edited, 10 deleted, 10 edited while also edited here; 10 logged on the web.
    for id in &ids[0..20] {
        assert!(jira.edit_in_jira(&worklog_of(id), 1800, Some("edited in Jira")));
    }
    for id in &ids[20..30] {
        assert!(jira.delete_in_jira(&worklog_of(id)));
    }
    for id in &ids[30..40] {
        home.ok(&["edit", id, "--duration", "15m"]);
        assert!(jira.edit_in_jira(&worklog_of(id), 2400, None));
    }
    for n in 0..10u64 {
        let started = format!("{}T{:02}:30:00.000+0000", day(n), 19 + n % 3);
        jira.log_in_jira(stint_jira_server::Who::Me, &format!("READ-{}", 20 + n), &started, 600, None);
    }
    let in_jira_before = jira.worklogs();

    // Reads under 20% faults of every kind, killed at random points, full and not.
    jira.set_faults(faults(seed));
    for round in 0..12 {
        pull_killed_after(&home, &jira, round % 2 == 0, Duration::from_millis(5 + rng.below(400)));
    }
    let mut done = false;
    for _ in 0..30 {
        let run = finish(stint(&home, &jira, &["pull", "--full", "--json"]).output().unwrap());
        if run.code == 0 {
            done = true;
            break;
        }
    }
    assert!(done, "seed {seed}: a read never got through");
    jira.set_faults(Faults::default());
    assert!(jira.counters().faults > 0, "seed {seed}: the faults happened");

    // Reads never wrote to Jira.
    let in_jira_after = jira.worklogs();
    assert_eq!(in_jira_after.len(), in_jira_before.len(), "seed {seed}");
    for (a, b) in in_jira_before.iter().zip(&in_jira_after) {
        assert_eq!((a.id, a.seconds, &a.updated), (b.id, b.seconds, &b.updated), "seed {seed}");
    }
    // Here: exactly what was meant.
    let export = home.json(&["export"]);
    let entries = export["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 120, "seed {seed}: no entry lost or made");
    let list = home.json(&["list", "--from", "2000-01-01", "--to", "2099-12-31"]);
    let listed =
        |id: &str| list.as_array().unwrap().iter().find(|e| e["id"].as_i64() == id.parse().ok()).unwrap().clone();
    for (n, id) in ids.iter().enumerate() {
        let e = listed(id);
        let (seconds, jira_state, note) = match n {
            0..20 => (1800, None, "edited in Jira"),
            20..30 => (600, Some("deleted"), ""),
            30..40 => (900, Some("conflict"), ""),
            _ => (600, None, ""),
        };
        let note = if note.is_empty() { format!("entry {n}") } else { note.to_string() };
        assert_eq!(e["seconds"], seconds, "seed {seed}: entry {n}: {e}");
        assert_eq!(e["jira"].as_str(), jira_state, "seed {seed}: entry {n}: {e}");
        assert_eq!(e["note"].as_str(), Some(note.as_str()), "seed {seed}: entry {n}: {e}");
    }
    let elsewhere = list.as_array().unwrap().iter().filter(|e| e["sync"] == "in_jira").count();
    assert_eq!(elsewhere, 10, "seed {seed}: each worklog logged elsewhere once: {list}");
    assert!(jira.violations().is_empty(), "seed {seed}: {:?}", jira.violations());
}
