//! Running the release `stint` binary as a whole process, for the benchmarks.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `stint args` in `home` (TZ=Europe/Berlin); returns its wall time and peak resident memory (KiB).
///
/// The peak is the kernel's (`wait4`), which counts the memory the bench process itself had when it
/// started the child (a spawned child shares its parent's memory until it runs `stint`): a bench
/// keeps its own memory small (it writes its inputs to files as it makes them), and its figures
/// are never below that floor, which `stint --version` shows.
pub fn stint(home: &Path, args: &[&str]) -> (Duration, i64) {
    stint_with_input(home, args, Stdio::null())
}

/// `stint`, with `input` as its standard input.
#[allow(dead_code)] // only the import bench feeds standard input
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which also reports its memory
pub fn stint_with_input(home: &Path, args: &[&str], input: Stdio) -> (Duration, i64) {
    let began = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_stint"))
        .args(args)
        .stdin(input)
        .env("STINT_HOME", home)
        .env("TZ", "Europe/Berlin")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run stint");
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 reaps our own child and writes a full rusage into the pointer it is given;
    // the `Child` handle is not waited on again.
    let usage = unsafe {
        libc::wait4(child.id() as libc::pid_t, &mut status, 0, usage.as_mut_ptr());
        usage.assume_init()
    };
    let took = began.elapsed();
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "stint {args:?} failed");
    (took, usage.ru_maxrss)
}
