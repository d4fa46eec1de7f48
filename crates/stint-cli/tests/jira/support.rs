//! Running `stint` against a test server: its environment, the browser part of an OAuth sign-in
//! done by the test (follow the printed address, deliver the redirect), and the keychain.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use stint_jira_server::{start, Handle, ServerConfig};

use crate::common::{finish, Home, Run};

/// A test server with the default configuration, and a tweak.
pub fn server(tweak: impl FnOnce(&mut ServerConfig)) -> Handle {
    let mut config = ServerConfig::default();
    tweak(&mut config);
    start(config, 0).expect("start the Jira test server")
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `stint args` pointed at `server`, with a short HTTP timeout.
pub fn stint(home: &Home, server: &Handle, args: &[&str]) -> Command {
    let mut cmd = home.command(args);
    cmd.envs(server.stint_env()).env("STINT_HTTP_TIMEOUT", "3s");
    cmd
}

pub fn run(home: &Home, server: &Handle, args: &[&str]) -> Run {
    finish(stint(home, server, args).output().unwrap())
}

pub fn json(home: &Home, server: &Handle, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    let run = run(home, server, &args);
    assert_eq!(run.code, 0, "stint {args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("stint {args:?} printed no JSON ({e}): {}", run.stdout))
}

/// `stint login` to `site` with the server's email and API token (on standard input), with `env`
/// added; what it did.
pub fn api_token_login_to(home: &Home, server: &Handle, site: &str, env: &[(&str, String)]) -> Run {
    let mut child = stint(home, server, &["login", "--site", site, "--email", "ada@example.com", "--api-token-stdin"])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"api-token-1\n").unwrap();
    finish(child.wait_with_output().unwrap())
}

/// Signs in with the server's email and API token, given on standard input.
pub fn api_token_login(home: &Home, server: &Handle) {
    let run = api_token_login_to(home, server, &server.url(), &[]);
    assert_eq!(run.code, 0, "login: {}", run.stderr);
}

/// Signs in to the server as Jira Data Center, with a personal access token on standard input.
pub fn data_center_login(home: &Home, server: &Handle) {
    let mut child = stint(home, server, &["login", "--site", &server.url(), "--pat-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"dc-pat-1\n").unwrap();
    let run = finish(child.wait_with_output().unwrap());
    assert_eq!(run.code, 0, "login: {}", run.stderr);
}

/// A minimal HTTP GET (no redirects followed): the status, the `Location` header and the body.
pub fn http_get(url: &str) -> std::io::Result<(u16, Option<String>, String)> {
    let url = url::Url::parse(url).unwrap();
    let host = url.host_str().unwrap().replace("localhost", "127.0.0.1");
    let mut stream = TcpStream::connect((host.as_str(), url.port().unwrap()))?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", url.authority())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let location = answer
        .lines()
        .find_map(|l| l.strip_prefix("location: ").or_else(|| l.strip_prefix("Location: ")))
        .map(str::to_string);
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, location, body))
}

/// A browser sign-in in progress: `stint login --no-browser` waiting, and the address it printed.
pub struct BrowserLogin {
    pub child: Child,
    pub url: String,
    pub port: u16,
    stderr: BufReader<std::process::ChildStderr>,
}

impl BrowserLogin {
    pub fn start(home: &Home, server: &Handle, extra: &[&str]) -> BrowserLogin {
        let mut args = vec!["--no-browser"];
        args.extend_from_slice(extra);
        BrowserLogin::start_with(home, server, &args, &[])
    }

    /// `stint login` with `extra` arguments and environment (without `--no-browser`, it opens the
    /// browser itself).
    pub fn start_with(home: &Home, server: &Handle, extra: &[&str], env: &[(&str, String)]) -> BrowserLogin {
        let mut args = vec!["login", "--timeout", "30s"];
        args.extend_from_slice(extra);
        BrowserLogin::start_command(home, server, &args, env, None)
    }

    /// Any browser sign-in command (`args` whole), with `stdin` written to it and closed.
    pub fn start_command(
        home: &Home,
        server: &Handle,
        args: &[&str],
        env: &[(&str, String)],
        stdin: Option<&str>,
    ) -> BrowserLogin {
        let port = free_port();
        let mut child = stint(home, server, args)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("STINT_OAUTH_REDIRECT_PORT", port.to_string())
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(text) = stdin {
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        }
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut url = String::new();
        let mut line = String::new();
        while stderr.read_line(&mut line).unwrap() > 0 {
            if line.starts_with("http") {
                url = line.trim().to_string();
                break;
            }
            line.clear();
        }
        assert!(!url.is_empty(), "no sign-in address was printed: {line}");
        BrowserLogin { child, url, port, stderr }
    }

    /// What a browser does: the authorize page redirects to the loopback callback, which is visited.
    pub fn follow(&self) -> String {
        let (status, location, body) = http_get(&self.url).unwrap();
        assert_eq!(status, 302, "authorize: {body}");
        let location = location.unwrap();
        let (status, _, page) = http_get(&location).unwrap();
        assert_eq!(status, 200, "{page}");
        location
    }

    pub fn finish(mut self) -> Run {
        let mut rest = String::new();
        let _ = self.stderr.read_to_string(&mut rest);
        let mut out = finish(self.child.wait_with_output().unwrap());
        out.stderr = rest + &out.stderr;
        out
    }
}

/// Signs in through the browser flow (one site: no choice).
pub fn oauth_login(home: &Home, server: &Handle) {
    let login = BrowserLogin::start(home, server, &[]);
    login.follow();
    let run = login.finish();
    assert_eq!(run.code, 0, "oauth login: {}", run.stderr);
}

/// This home's keychain account (`jira-<install id>`).
pub fn keychain_account(home: &Home) -> String {
    let db = rusqlite::Connection::open(home.database()).unwrap();
    let id: i64 = db.query_row("SELECT value FROM meta WHERE key = 'install_id'", [], |r| r.get(0)).unwrap();
    format!("jira-{:014x}", id.unsigned_abs())
}

/// The secret the keychain holds for this home, if any (through `secret-tool`, not Stint).
pub fn keychain_secret(home: &Home) -> Option<String> {
    keychain_lookup(&keychain_account(home))
}

/// The secret the keychain holds under `account`, if any.
pub fn keychain_lookup(account: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "stint", "username", account])
        .output()
        .expect("secret-tool (libsecret-tools) runs");
    (out.status.success() && !out.stdout.is_empty()).then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Adds entries straight into the store (fast), `per_issue` on each of `issues`, all in the past.
pub fn seed_entries(home: &Home, issues: usize, per_issue: usize) -> Vec<(String, i64)> {
    use chrono::{FixedOffset, TimeZone};
    let mut store = stint_store::Store::open(&home.database()).unwrap();
    let berlin = FixedOffset::east_opt(3600).unwrap();
    let base = berlin.with_ymd_and_hms(2026, 10, 1, 8, 0, 0).unwrap();
    let now = chrono::Utc::now();
    let mut made = Vec::new();
    store
        .write(|tx| -> Result<(), stint_store::StoreError> {
            for i in 0..issues * per_issue {
                let issue = format!("LOAD-{}", i % issues + 1);
                let started = base + chrono::Duration::minutes(7 * i as i64);
                let note = stint_domain::Note::parse(&format!("work item {i}")).unwrap();
                let new = stint_store::NewEntry {
                    issue: stint_domain::IssueKey::parse(&issue).unwrap(),
                    started,
                    seconds: 60 + (i as i64 % 50) * 60,
                    note,
                    local_only: false,
                };
                let id = tx.insert_entry(&new, now)?;
                made.push((issue, id.0));
            }
            Ok(())
        })
        .unwrap();
    made
}
