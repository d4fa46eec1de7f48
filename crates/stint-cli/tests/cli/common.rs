//! Running the `stint` binary in a private home.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub struct Home {
    pub dir: tempfile::TempDir,
    pub tz: Option<&'static str>,
    /// `LC_ALL` for its commands (default `C.UTF-8`).
    pub locale: Option<&'static str>,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Home {
    pub fn new() -> Home {
        Home { dir: tempfile::tempdir().unwrap(), tz: None, locale: None }
    }

    pub fn in_zone(tz: &'static str) -> Home {
        Home { tz: Some(tz), ..Home::new() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn database(&self) -> PathBuf {
        self.path().join("stint.db")
    }

    /// A `stint` command with only this home's environment (no STINT_* from the caller).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_stint"));
        self.isolate(&mut cmd);
        cmd.args(args).stdin(Stdio::null());
        cmd
    }

    /// Gives `cmd` this home's environment: its STINT_HOME, time zone and locale (`C.UTF-8`:
    /// 24-hour times, whatever the caller's), no other STINT_*.
    pub fn isolate(&self, cmd: &mut Command) {
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("STINT_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("STINT_HOME", self.path()).env("TZ", self.tz.unwrap_or("UTC"));
        cmd.env("LC_ALL", self.locale.unwrap_or("C.UTF-8"));
    }

    /// Runs `stint args` on a pseudo-terminal (through script(1)), typing `input` into it.
    pub fn in_terminal(&self, args: &[&str], input: &str) -> Run {
        let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_stint"))
            .chain(args.iter().copied())
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect();
        let mut cmd = Command::new("script");
        self.isolate(&mut cmd);
        cmd.args(["--quiet", "--return", "--command", &quoted.join(" "), "/dev/null"]);
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        finish(child.wait_with_output().unwrap())
    }

    pub fn run(&self, args: &[&str]) -> Run {
        finish(self.command(args).output().unwrap())
    }

    /// Runs and expects success.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "stint {args:?} failed: {}", run.stderr);
        run.stdout
    }

    /// Runs with `--json` and expects success.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        let out = self.ok(&args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("stint {args:?} printed no JSON ({e}): {out}"))
    }

    /// Runs expecting failure with `code`, and a message on stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let run = self.run(args);
        assert_eq!(run.code, code, "stint {args:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.starts_with("stint: ") || run.stderr.contains("error:"), "{}", run.stderr);
        run.stderr
    }

    /// A running timer that started `minutes_ago`, with its heartbeats stopped `silent_seconds`
    /// ago (the last heartbeat is moved back, standing in for the machine asleep). Its id.
    pub fn timer_with_a_silence(&self, minutes_ago: i64, silent_seconds: i64) -> i64 {
        self.ok(&["heartbeat"]);
        let started = (chrono::Utc::now() - chrono::Duration::minutes(minutes_ago))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let id = self.json(&["start", "GAP-1", "--at", &started])["running"]["id"].as_i64().unwrap();
        let db = rusqlite::Connection::open(self.database()).unwrap();
        db.execute("UPDATE entries SET last_seen_at = last_seen_at - ?2 WHERE id = ?1", [id, silent_seconds]).unwrap();
        id
    }

    /// Everything the user has, to show a refused command changed nothing.
    pub fn snapshot(&self) -> Value {
        let mut doc = self.json(&["export"]);
        doc.as_object_mut().unwrap().remove("exported_at");
        if let Some(running) = doc.get_mut("running").and_then(Value::as_object_mut) {
            running.remove("elapsed_seconds");
        }
        doc
    }
}

pub fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
