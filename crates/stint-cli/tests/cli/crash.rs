//! Killing `stint` with SIGKILL at random points: whatever it reported done is on disk, nothing
//! is half-written, and the database passes `PRAGMA integrity_check`.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::Home;

/// A small deterministic generator, seeded per run and printed so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn seed() -> u64 {
    std::env::var("STINT_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    })
}

/// Spawns `stint args`, kills it after `delay` unless it finished; returns whether it succeeded.
fn run_and_maybe_kill(home: &Home, args: &[&str], delay: Duration) -> bool {
    let mut child = home.command(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + delay;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if Instant::now() >= deadline {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn killed_writers_never_lose_or_tear_an_entry() {
    let seed = seed();
    eprintln!("crash test seed: {seed} (rerun with STINT_CRASH_SEED={seed})");
    let mut rng = Lcg(seed);
    let home = Home::new();
    home.ok(&["status"]);
    let mut confirmed = Vec::new();
    for i in 1..=60 {
        let issue = format!("CRASH-{i}");
        let note = format!("note {i}");
        // Every tenth run is left to finish, so a loaded machine (where every process outlasts
        // 8 ms) still has confirmed entries to check; the rest are killed at random points.
        let delay = if i % 10 == 0 { Duration::from_secs(30) } else { Duration::from_micros(rng.below(8_000)) };
        if run_and_maybe_kill(&home, &["add", &issue, "7m", "--at", "2026-11-20 09:00", "--note", &note], delay) {
            confirmed.push(issue);
        }
    }
    let entries = home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    let entries = entries.as_array().unwrap();
    for issue in &confirmed {
        assert!(entries.iter().any(|e| e["issue"] == issue.as_str()), "{issue} was reported done but is gone");
    }
    for e in entries {
        let n = e["issue"].as_str().unwrap().trim_start_matches("CRASH-");
        assert_eq!(
            (e["seconds"].as_i64(), e["note"].as_str()),
            (Some(420), Some(format!("note {n}").as_str())),
            "torn entry {e}"
        );
    }
    eprintln!(
        "{} of 60 runs finished, {} killed; {} entries on disk",
        confirmed.len(),
        60 - confirmed.len(),
        entries.len()
    );
    assert!(!confirmed.is_empty() && entries.len() <= 60, "seed {seed}: {} confirmed", confirmed.len());
    let mut store = stint_store::Store::open(&home.database()).unwrap();
    store.integrity_check().unwrap();
}

#[test]
fn a_running_timer_survives_kills_and_a_stop_is_all_or_nothing() {
    let seed = seed();
    eprintln!("crash test seed: {seed} (rerun with STINT_CRASH_SEED={seed})");
    let mut rng = Lcg(seed ^ 0x5eed);
    let home = Home::new();
    let mut finished = 0;
    for i in 1..=30 {
        if home.json(&["status"])["running"] == Value::Null {
            home.ok(&["start", &format!("RUN-{i}"), "--at", "2026-11-20 09:00"]);
        }
        // A kill during a read leaves the timer alone.
        run_and_maybe_kill(&home, &["status"], Duration::from_micros(rng.below(4_000)));
        assert_ne!(home.json(&["status"])["running"], Value::Null, "the timer vanished (seed {seed})");

        let stopped =
            run_and_maybe_kill(&home, &["stop", "--at", "2026-11-20 10:00"], Duration::from_micros(rng.below(8_000)));
        let running = home.json(&["status"])["running"].clone();
        let entries = home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]).as_array().unwrap().len();
        if running == Value::Null {
            finished += 1;
        } else {
            assert!(!stopped, "stop reported success but the timer still runs (seed {seed})");
        }
        assert_eq!(entries, finished, "an entry appeared without the timer ending, or the reverse (seed {seed})");
    }
    let mut store = stint_store::Store::open(&home.database()).unwrap();
    store.integrity_check().unwrap();
}
