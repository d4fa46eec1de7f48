//! Whole-process benchmarks of the `stint` binary (run: `cargo bench -p stint-cli`).
//!
//! - `start` + `stop`: each a separate process on a warm database, as a person or the desktop
//!   app's tray would cause them.
//! - `status`, `week`, `list` and `export` over generated histories of 100, 100,000 and
//!   1,000,000 entries (20 a working day, reaching back week after week from the last full
//!   week): `status` must cost the same at every size (the tray runs it every minute), and
//!   `export` must stream (its memory must not grow with the history).
//!
//! Prints median and 95th percentile wall time, and each command's peak resident memory.
//! Numbers, not assertions: machines here are shared, so nothing fails on a slow run.

#![allow(clippy::print_stdout, unsafe_code)]

mod measure;

use std::time::{Duration, Instant};

use chrono::{Duration as Span, FixedOffset, TimeZone, Utc};
use measure::stint;
use stint_domain::IssueKey;
use stint_store::{NewEntry, Store};

const PAIRS: usize = 200;
const RUNS: usize = 50;
const HISTORIES: [usize; 3] = [100, 100_000, 1_000_000];

fn report(name: &str, samples: Vec<(Duration, i64)>) {
    let peak = samples.iter().map(|s| s.1).max().unwrap_or(0);
    let mut times: Vec<Duration> = samples.into_iter().map(|s| s.0).collect();
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<44} median {:>8.2} ms   p95 {:>8.2} ms   peak RSS {:>6.1} MiB   ({} runs)",
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.95).as_secs_f64() * 1e3,
        peak as f64 / 1024.0,
        times.len()
    );
}

fn seed_history(home: &std::path::Path, size: usize) {
    let mut store = Store::open(&home.join("stint.db")).expect("open");
    let offset = FixedOffset::east_opt(3600).unwrap();
    let last_monday = offset.with_ymd_and_hms(2026, 11, 16, 8, 0, 0).unwrap();
    let now = Utc::now();
    store
        .write(|tx| -> Result<(), stint_store::StoreError> {
            for i in 0..size {
                // 20 entries a working day, 20 minutes apart from 08:00, week after week backwards.
                let day = (i / 20) as i64;
                let week = day / 5;
                let started =
                    last_monday - Span::days(week * 7) + Span::days(day % 5) + Span::minutes((i % 20) as i64 * 20);
                let issue = IssueKey::parse(&format!("P{}-{}", i % 7 + 1, i % 300 + 1)).unwrap();
                let local_only = i % 10 == 0;
                tx.insert_entry(&NewEntry { issue, started, seconds: 15 * 60, note: None, local_only }, now)?;
            }
            Ok(())
        })
        .expect("seed");
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    stint(home, &["status"]); // create and migrate the database

    let (mut starts, mut stops, mut pairs) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..PAIRS {
        let at = (Utc::now() - Span::minutes(10)).to_rfc3339();
        let start = stint(home, &["start", &format!("BENCH-{}", i + 1), "--at", &at]);
        let stop = stint(home, &["stop"]);
        starts.push(start);
        stops.push(stop);
        pairs.push((start.0 + stop.0, start.1.max(stop.1)));
    }
    println!("stint benchmarks ({} release binary, TZ=Europe/Berlin)\n", std::env::consts::ARCH);
    report("start (one process)", starts);
    report("stop (one process)", stops);
    report("start + stop", pairs);

    for size in HISTORIES {
        let history = tempfile::tempdir().expect("temp dir");
        let seeding = Instant::now();
        seed_history(history.path(), size);
        println!("\nhistory of {size} entries (seeded in {:.1} s)", seeding.elapsed().as_secs_f64());
        let h = history.path();
        stint(h, &["week", "2025-W20", "--json"]); // warm the page cache
        report(&format!("status --json, {size} entries"), (0..RUNS).map(|_| stint(h, &["status", "--json"])).collect());
        report(
            &format!("week --json, {size} entries"),
            (0..RUNS).map(|_| stint(h, &["week", "2026-W47", "--json"])).collect(),
        );
        report(
            &format!("list (one week), {size} entries"),
            (0..RUNS).map(|_| stint(h, &["list", "--from", "2026-11-16", "--to", "2026-11-22", "--json"])).collect(),
        );
        let exports = if size >= 1_000_000 { 5 } else { 10 };
        report(
            &format!("export --format json, {size} entries"),
            (0..exports).map(|_| stint(h, &["export", "--out", "/dev/null"])).collect(),
        );
        report(
            &format!("export --format csv, {size} entries"),
            (0..exports).map(|_| stint(h, &["export", "--format", "csv", "--out", "/dev/null"])).collect(),
        );
    }
}
