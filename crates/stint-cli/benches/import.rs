//! `stint import` of 100,000 entries from each kind of source (run: `cargo bench -p stint-cli
//! --bench import`): a first import into an empty database, and the same file again (every entry
//! recognised as imported before). Whole processes of the release binary, with `--yes`; the
//! progress bar is drawn only on a terminal, so it is not part of these timings.
//!
//! Numbers, not assertions: machines here are shared, so nothing fails on a slow run.

#![allow(clippy::print_stdout, unsafe_code)]

mod measure;

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use chrono::{Duration as Span, TimeZone, Utc};
use measure::stint;

const ENTRIES: usize = 100_000;
const RUNS: usize = 3;

/// Start of entry `i`: 20 a working day, 20 minutes apart from 07:00 UTC, going back day by day.
fn start(i: usize) -> chrono::DateTime<Utc> {
    let day = (i / 20) as i64;
    Utc.with_ymd_and_hms(2026, 11, 20, 7, 0, 0).unwrap() - Span::days(day) + Span::minutes((i % 20) as i64 * 20)
}

fn timewarrior() -> String {
    let mut text = String::new();
    for i in (0..ENTRIES).rev() {
        let s = start(i);
        let e = s + Span::minutes(15);
        let _ = writeln!(
            text,
            "inc {} - {} # \"P{}-{}\" \"bench\"",
            s.format("%Y%m%dT%H%M%SZ"),
            e.format("%Y%m%dT%H%M%SZ"),
            i % 7 + 1,
            i % 300 + 1
        );
    }
    text
}

fn watson() -> String {
    let frames: Vec<String> = (0..ENTRIES)
        .rev()
        .map(|i| {
            let s = start(i).timestamp();
            format!("[{s}, {}, \"P{}-{}\", \"{i:032x}\", [\"bench\"], {s}]", s + 900, i % 7 + 1, i % 300 + 1)
        })
        .collect();
    format!("[\n{}\n]\n", frames.join(",\n"))
}

fn toggl() -> String {
    let mut text = String::from(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n",
    );
    for i in (0..ENTRIES).rev() {
        let s = start(i);
        let e = s + Span::minutes(15);
        let _ = writeln!(
            text,
            "Me,me@example.com,Acme,Project {},,Work on P{}-{},No,{},{},{},{},00:15:00,bench,",
            i % 7,
            i % 7 + 1,
            i % 300 + 1,
            s.format("%Y-%m-%d"),
            s.format("%H:%M:%S"),
            e.format("%Y-%m-%d"),
            e.format("%H:%M:%S")
        );
    }
    text
}

fn stint_export() -> String {
    let entries: Vec<String> = (0..ENTRIES)
        .rev()
        .map(|i| {
            format!(
                "{{\"id\":{i},\"issue\":\"P{}-{}\",\"started\":\"{}\",\"seconds\":900,\"note\":\"bench\",\"sync\":\"local\",\"uid\":\"bench-{i}\",\"worklog_id\":null,\"deleted\":false}}",
                i % 7 + 1,
                i % 300 + 1,
                start(i).to_rfc3339()
            )
        })
        .collect();
    format!(
        "{{\"format\":\"stint-export\",\"version\":1,\"running\":null,\"entries\":[\n{}\n]}}\n",
        entries.join(",\n")
    )
}

/// Runs `stint import FILE --yes`; returns its wall time and peak resident memory (KiB).
fn import(home: &Path, file: &Path) -> (Duration, i64) {
    stint(home, &["import", file.to_str().unwrap(), "--yes", "--tz", "Europe/Berlin"])
}

fn main() {
    let sources = tempfile::tempdir().expect("temp dir");
    println!("stint import of {ENTRIES} entries ({} release binary, medians of {RUNS})\n", std::env::consts::ARCH);
    println!("{:<28} {:>9} {:>12} {:>10} {:>14}", "source", "size", "first", "peak RSS", "again (dups)");
    for (name, file, text) in [
        ("Timewarrior data", "2026-11.data", timewarrior()),
        ("Watson frames", "frames.json", watson()),
        ("Toggl Track CSV", "toggl.csv", toggl()),
        ("Stint JSON export", "stint.json", stint_export()),
    ] {
        let path = sources.path().join(file);
        std::fs::write(&path, &text).expect("write source");
        let (mut first, mut again, mut peak) = (Vec::new(), Vec::new(), 0);
        for _ in 0..RUNS {
            let home = tempfile::tempdir().expect("temp dir");
            let (took, rss) = import(home.path(), &path);
            first.push(took);
            peak = peak.max(rss);
            again.push(import(home.path(), &path).0);
        }
        first.sort();
        again.sort();
        println!(
            "{name:<28} {:>6.1} MiB {:>9.2} s {:>6.1} MiB {:>12.2} s",
            text.len() as f64 / 1048576.0,
            first[RUNS / 2].as_secs_f64(),
            peak as f64 / 1024.0,
            again[RUNS / 2].as_secs_f64()
        );
    }
}
