//! Whole-process benchmarks of the `stint` binary (run: `cargo bench -p stint-cli`).
//!
//! - `start` + `stop`: each a separate process on a warm database, as a person or the desktop
//!   app's tray would cause them.
//! - `week` over a generated history of 100,000 entries: 20 a working day, reaching back about
//!   19 years from the last full week.
//!
//! Prints median and 95th percentile wall time, and the peak resident memory of a `week` process.
//! Numbers, not assertions: machines here are shared, so nothing fails on a slow run.

#![allow(clippy::print_stdout, unsafe_code)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Duration as Span, FixedOffset, TimeZone, Utc};
use stint_domain::IssueKey;
use stint_store::{NewEntry, Store};

const PAIRS: usize = 200;
const WEEK_RUNS: usize = 50;
const HISTORY: usize = 100_000;

fn stint(home: &std::path::Path, args: &[&str]) -> Duration {
    let began = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_stint"))
        .args(args)
        .env("STINT_HOME", home)
        .env("TZ", "Europe/Berlin")
        .stdout(Stdio::null())
        .status()
        .expect("run stint");
    let took = began.elapsed();
    assert!(status.success(), "stint {args:?} failed");
    took
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<36} median {:>7.2} ms   p95 {:>7.2} ms   ({} runs)",
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.95).as_secs_f64() * 1e3,
        samples.len()
    );
}

/// The largest resident set of any child process waited for so far, in KiB.
fn children_peak_rss_kib() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a full rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss
}

fn seed_history(home: &std::path::Path) {
    let mut store = Store::open(&home.join("stint.db")).expect("open");
    let offset = FixedOffset::east_opt(3600).unwrap();
    let last_monday = offset.with_ymd_and_hms(2026, 11, 16, 8, 0, 0).unwrap();
    let now = Utc::now();
    store
        .write(|tx| -> Result<(), stint_store::StoreError> {
            for i in 0..HISTORY {
                // 20 entries a working day, 20 minutes apart from 08:00, week after week backwards.
                let day = (i / 20) as i64;
                let week = day / 5;
                let started =
                    last_monday - Span::days(week * 7) + Span::days(day % 5) + Span::minutes((i % 20) as i64 * 20);
                let issue = IssueKey::parse(&format!("P{}-{}", i % 7 + 1, i % 300 + 1)).unwrap();
                tx.insert_entry(&NewEntry { issue, started, seconds: 15 * 60, note: None, local_only: false }, now)?;
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
        pairs.push(start + stop);
    }
    println!("stint benchmarks ({} release binary, TZ=Europe/Berlin)\n", std::env::consts::ARCH);
    report("start (one process)", starts);
    report("stop (one process)", stops);
    report("start + stop", pairs);

    let history = tempfile::tempdir().expect("temp dir");
    seed_history(history.path());
    // Warm the page cache once, and show the measured week is a full one.
    let out = Command::new(env!("CARGO_BIN_EXE_stint"))
        .args(["week", "2025-W20", "--json"])
        .env("STINT_HOME", history.path())
        .output()
        .expect("run stint");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("week JSON");
    let total = summary["total_seconds"].as_i64().unwrap_or(0);
    assert!(total > 0, "the benchmark week is empty: {summary}");
    println!(
        "\n(week 2025-W20 holds {}h over {} issues)",
        total / 3600,
        summary["issues"].as_array().map_or(0, Vec::len)
    );
    let weeks: Vec<Duration> = (0..WEEK_RUNS).map(|_| stint(history.path(), &["week", "2025-W20", "--json"])).collect();
    report(&format!("week --json over {HISTORY} entries"), weeks);
    let list: Vec<Duration> = (0..WEEK_RUNS)
        .map(|_| stint(history.path(), &["list", "--from", "2025-05-12", "--to", "2025-05-18", "--json"]))
        .collect();
    report(&format!("list (one week) over {HISTORY} entries"), list);
    println!("\npeak resident memory of any stint process: {:.1} MiB", children_peak_rss_kib() as f64 / 1024.0);
}
