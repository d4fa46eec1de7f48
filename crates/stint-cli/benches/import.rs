//! `stint import` of 100,000 entries from each kind of source (run: `cargo bench -p stint-cli
//! --bench import`): a first import into an empty database, and the same file again (every entry
//! recognised as imported before). Whole processes of the release binary, with `--yes`; the
//! progress bar is drawn only on a terminal, so it is not part of these timings. Then one import
//! of 1 GiB from standard input, to show that memory does not grow with the input.
//!
//! Numbers, not assertions: machines here are shared, so nothing fails on a slow run.

#![allow(clippy::print_stdout, unsafe_code)]

mod measure;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Stdio;
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

type Out<'a> = &'a mut dyn Write;
/// Writes one kind of source.
type Make = fn(Out<'_>) -> std::io::Result<()>;

/// Timewarrior data lines for entries `range`.
fn timewarrior(out: Out<'_>, range: std::ops::Range<usize>) -> std::io::Result<()> {
    for i in range.rev() {
        let s = start(i);
        let e = s + Span::minutes(15);
        writeln!(
            out,
            "inc {} - {} # \"P{}-{}\" \"bench\"",
            s.format("%Y%m%dT%H%M%SZ"),
            e.format("%Y%m%dT%H%M%SZ"),
            i % 7 + 1,
            i % 300 + 1
        )?;
    }
    Ok(())
}

fn watson(out: Out<'_>) -> std::io::Result<()> {
    out.write_all(b"[\n")?;
    for i in (0..ENTRIES).rev() {
        let s = start(i).timestamp();
        let comma = if i == 0 { "" } else { "," };
        writeln!(out, "[{s}, {}, \"P{}-{}\", \"{i:032x}\", [\"bench\"], {s}]{comma}", s + 900, i % 7 + 1, i % 300 + 1)?;
    }
    out.write_all(b"]\n")
}

fn toggl(out: Out<'_>) -> std::io::Result<()> {
    out.write_all(
        b"User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n",
    )?;
    for i in (0..ENTRIES).rev() {
        let s = start(i);
        let e = s + Span::minutes(15);
        writeln!(
            out,
            "Me,me@example.com,Acme,Project {},,Work on P{}-{},No,{},{},{},{},00:15:00,bench,",
            i % 7,
            i % 7 + 1,
            i % 300 + 1,
            s.format("%Y-%m-%d"),
            s.format("%H:%M:%S"),
            e.format("%Y-%m-%d"),
            e.format("%H:%M:%S")
        )?;
    }
    Ok(())
}

fn stint_export(out: Out<'_>) -> std::io::Result<()> {
    out.write_all(b"{\"format\":\"stint-export\",\"version\":1,\"running\":null,\"entries\":[\n")?;
    for i in (0..ENTRIES).rev() {
        let comma = if i == 0 { "" } else { "," };
        writeln!(
            out,
            "{{\"id\":{i},\"issue\":\"P{}-{}\",\"started\":\"{}\",\"seconds\":900,\"note\":\"bench\",\"sync\":\"local\",\"uid\":\"bench-{i}\",\"worklog_id\":null,\"deleted\":false}}{comma}",
            i % 7 + 1,
            i % 300 + 1,
            start(i).to_rfc3339()
        )?;
    }
    out.write_all(b"]}\n")
}

/// A file written by `make`, through a buffer: the bench never holds a source in memory.
fn write_file(path: &Path, make: impl FnOnce(Out<'_>) -> std::io::Result<()>) -> u64 {
    let mut out = BufWriter::new(File::create(path).expect("create source"));
    make(&mut out).and_then(|()| out.flush()).expect("write source");
    std::fs::metadata(path).expect("source written").len()
}

/// Runs `stint import FILE --yes`; returns its wall time and peak resident memory (KiB).
fn import(home: &Path, file: &Path) -> (Duration, i64) {
    stint(home, &["import", file.to_str().unwrap(), "--yes", "--tz", "Europe/Berlin"])
}

const MIB: f64 = 1048576.0;

fn main() {
    let sources = tempfile::tempdir().expect("temp dir");
    println!("stint import of {ENTRIES} entries ({} release binary, medians of {RUNS})\n", std::env::consts::ARCH);
    let floor = stint(sources.path(), &["--version"]).1;
    println!("floor (`stint --version`, see measure::stint): {:.1} MiB\n", floor as f64 / 1024.0);
    println!("{:<28} {:>9} {:>12} {:>10} {:>14}", "source", "size", "first", "peak RSS", "again (dups)");
    let kinds: [(&str, &str, Make); 4] = [
        ("Timewarrior data", "2026-11.data", |out| timewarrior(out, 0..ENTRIES)),
        ("Watson frames", "frames.json", watson),
        ("Toggl Track CSV", "toggl.csv", toggl),
        ("Stint JSON export", "stint.json", stint_export),
    ];
    for (name, file, make) in kinds {
        let path = sources.path().join(file);
        let size = write_file(&path, make);
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
            size as f64 / MIB,
            first[RUNS / 2].as_secs_f64(),
            peak as f64 / 1024.0,
            again[RUNS / 2].as_secs_f64()
        );
        std::fs::remove_file(&path).expect("remove source");
    }
    large(sources.path());
}

/// 1 GiB of Timewarrior data on standard input, once: `LARGE` distinct entries, then the same
/// entries again and again (each repeat is read, checked and left out as a repeat), so that the
/// whole gigabyte goes through the reader while the database stays a realistic size.
fn large(dir: &Path) {
    const LARGE: usize = 1_000_000;
    let path = dir.join("large.data");
    let size = write_file(&path, |out| {
        // As many whole passes as fit in the 1 GiB an import reads at most.
        let mut first = Counting { inner: &mut *out, bytes: 0 };
        timewarrior(&mut first, 0..LARGE)?;
        let pass = first.bytes;
        for _ in 1..(1 << 30) / pass {
            timewarrior(out, 0..LARGE)?;
        }
        Ok(())
    });
    let home = tempfile::tempdir().expect("temp dir");
    let input = Stdio::from(File::open(&path).expect("open source"));
    let args = ["import", "-", "--yes", "--tz", "Europe/Berlin"];
    let (took, rss) = measure::stint_with_input(home.path(), &args, input);
    println!(
        "\n{:<28} {:>6.1} MiB {:>9.2} s {:>6.1} MiB   ({LARGE} entries, the rest repeats)",
        "Timewarrior data, stdin",
        size as f64 / MIB,
        took.as_secs_f64(),
        rss as f64 / 1024.0
    );
}

/// Counts what goes through it.
struct Counting<'a> {
    inner: &'a mut dyn Write,
    bytes: u64,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
