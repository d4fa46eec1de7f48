//! The `stint` binary fed arbitrary arguments: whatever it is given, it answers with exit 0, 1
//! or 2 and never panics or hangs. Arguments are drawn from Stint's own words mixed with
//! garbage, by a seeded generator whose seed is printed (`STINT_FUZZ_SEED` replays a run).

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::Home;

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

/// What each subcommand takes: positionals, then flags (`=` marks a flag with a value), as kinds.
const GRAMMAR: &[(&str, &[&str], &[&str])] = &[
    ("start", &["issue"], &["--note=note", "--at=time", "--local", "--gap=gap"]),
    ("switch", &["issue"], &["--note=note", "--at=time", "--local", "--gap=gap"]),
    ("stop", &[], &["--at=time", "--note=note", "--gap=gap"]),
    ("status", &[], &[]),
    ("add", &["issue", "duration"], &["--at=time", "--note=note", "--local"]),
    ("list", &[], &["--from=date", "--to=date"]),
    ("edit", &["id"], &["--issue=issue", "--duration=duration", "--at=time", "--note=note", "--local", "--sync"]),
    ("rm", &["id"], &[]),
    ("week", &["week"], &[]),
    ("export", &[], &["--format=format", "--from=date", "--to=date", "--out=path"]),
    ("purge", &[], &["--yes"]),
    ("heartbeat", &[], &[]),
    ("config", &[], &["--example", "--path"]),
    ("completions", &["shell"], &[]),
];

fn values(kind: &str) -> &'static [&'static str] {
    match kind {
        "issue" => &["ABC-1", "abc-123", "X-0", "A-99999999999999", "ABC", "OPS-7", "ÄBC-1", "a_b-2"],
        "duration" => {
            &["1h30m", "90", "45s", "25h", "1:60", "0:01", "24h", "1.5h", "nan h", "1e308h", "2h", "0", "10m"]
        }
        "time" => &[
            "09:00",
            "25:61",
            "yesterday 23:59",
            "2026-11-20 09:00",
            "2026-02-30 09:00",
            "1900-01-01 00:00",
            "2026-11-20T09:00:00+18:30",
            "2026-11-20T09:00:00Z",
            "2999-01-01 00:00",
            "0000-01-01 00:00",
            "2026-10-25 02:30",
            "2026-11-20T09:00",
            "now",
        ],
        "date" | "week" => &[
            "0000-01-01",
            "+262142-12-31",
            "-262143-01-01",
            "9999-12-31",
            "9999-W53",
            "2026-W00",
            "2026-W53",
            "today",
            "yesterday",
            "2026-11-20",
            "1970-01-01",
            "2026-W47",
            "2026-13-01",
        ],
        "id" => &["1", "2", "3", "0", "-1", "999999999999999999999", "x", " 2 "],
        "note" => &[
            "-5 bugs fixed",
            "line\nbreak",
            "tab\there",
            "=cmd|' /C calc'!A0",
            "\u{202E}evil",
            "\u{200B}",
            "é 🙂",
            "",
            "-",
        ],
        "gap" => &["end", "keep", "maybe"],
        "format" => &["json", "csv", "xml"],
        "path" => &["out.json", "out.csv", "sub/dir/out.json", ".", "/dev/null", ""],
        "shell" => &["bash", "zsh", "fish", "powershell", "tcsh"],
        _ => &["--json", "--", "-", "--nope", "-h"],
    }
}

fn noise(rng: &mut Lcg) -> String {
    (0..rng.below(300)).map(|_| char::from_u32(rng.below(0x3000) as u32 + 1).unwrap_or('x')).collect()
}

/// A value of `kind`, or now and then one of another kind, or noise.
fn value(rng: &mut Lcg, kind: &str) -> String {
    match rng.below(10) {
        0 => noise(rng),
        1 => {
            let other = ["issue", "duration", "time", "date", "id", "note", "junk"][rng.below(7)];
            rng.pick(values(other)).to_string()
        }
        _ => rng.pick(values(kind)).to_string(),
    }
}

/// Mostly the shape of a real call; now and then a positional or flag is left out or doubled.
fn arguments(rng: &mut Lcg) -> Vec<String> {
    let (command, positionals, flags) = GRAMMAR[rng.below(GRAMMAR.len())];
    let mut args = vec![command.to_string()];
    for kind in positionals {
        if rng.below(12) != 0 {
            args.push(value(rng, kind));
        }
    }
    for _ in 0..rng.below(flags.len() + 2) {
        if flags.is_empty() || rng.below(10) == 0 {
            args.push(value(rng, "junk"));
            continue;
        }
        let flag = rng.pick(flags);
        match flag.split_once('=') {
            Some((name, kind)) => {
                args.push(name.to_string());
                if rng.below(15) != 0 {
                    args.push(value(rng, kind));
                }
            }
            None => args.push(flag.to_string()),
        }
    }
    if rng.below(3) == 0 {
        args.push("--json".into());
    }
    args
}

#[test]
fn any_arguments_get_an_exit_code_of_0_1_or_2_and_never_a_panic() {
    let seed = std::env::var("STINT_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    eprintln!("arbitrary-arguments seed: {seed} (rerun with STINT_FUZZ_SEED={seed})");
    let mut rng = Lcg(seed);
    let home = Home::new();
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00", "--note", "seeded"]);
    let mut codes = [0usize; 3];
    for run in 0..500 {
        let args = arguments(&mut rng);
        // `purge --yes` removes the home folder once it is empty.
        std::fs::create_dir_all(home.path()).unwrap();
        let mut cmd = home.command(&[]);
        cmd.args(&args).current_dir(home.path()).stdout(Stdio::null()).stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let began = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if began.elapsed() > Duration::from_secs(20) {
                child.kill().unwrap();
                panic!("run {run} hung (seed {seed}): stint {args:?}");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=2)) && !stderr.contains("panicked"),
            "run {run} (seed {seed}): stint {args:?} exited {code:?}: {stderr}"
        );
        codes[code.unwrap_or(0) as usize] += 1;
    }
    eprintln!("exit codes over 500 runs: 0 ×{}, 1 ×{}, 2 ×{}", codes[0], codes[1], codes[2]);
    if home.database().exists() {
        let mut store = stint_store::Store::open(&home.database()).unwrap();
        store.integrity_check().unwrap();
    }
}
