//! Reading back (run: `cargo bench -p stint-sync --bench read_back`): a site with 20,000 worklogs
//! over the last 8 weeks, of which 400 are the person's (on 40 of 250 issues; 49 colleagues
//! logged the rest, on the same issues and others), 30 ms added to every request by the Jira
//! test server; through the real client, `pull` and a real SQLite file.
//!
//! Measured: the first (full) read of 8 weeks, a look at what changed when nothing did, and one
//! after colleagues changed 50 worklogs and the person logged one on the web. Requests are the
//! test server's count. Numbers, not assertions: machines here are shared.

#![allow(clippy::print_stdout)]

// Each benchmark uses a part of what they share.
#[allow(dead_code)]
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use stint_jira_server::{start, Handle, ServerConfig, Who};
use stint_store::{SiteId, Store};
use stint_sync::{pull, Pulled};

const ISSUES: u32 = 250;
const MY_ISSUES: u32 = 40;
const MINE: u32 = 400;
const ALL: u32 = 20_000;

fn jira_time(t: chrono::DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:00.000+0000").to_string()
}

fn seed(server: &Handle, now: chrono::DateTime<Utc>) {
    let window = 8 * 7 * 24 * 60; // minutes
    for n in 0..ALL {
        // Spread over the window, a few minutes apart, starting an hour ago.
        let started = now - chrono::Duration::minutes(60 + i64::from(n) * (window - 120) / i64::from(ALL));
        let (who, issue) = if n % (ALL / MINE) == 0 {
            (Who::Me, format!("PROJ-{}", 1 + (n / (ALL / MINE)) % MY_ISSUES))
        } else {
            (Who::Colleague(n % 49), format!("PROJ-{}", 1 + n % ISSUES))
        };
        server.log_in_jira(who, &issue, &jira_time(started), 1800, Some("work"));
    }
}

fn read(
    server: &Handle,
    jira: &Arc<stint_jira::Jira>,
    store: &Arc<Mutex<Store>>,
    site: SiteId,
    whole: bool,
) -> (Duration, u64, Pulled) {
    let now = Utc::now();
    let (from, to) = (now - chrono::Duration::weeks(8), now + chrono::Duration::days(1));
    let before = server.counters().requests;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let began = Instant::now();
    let pulled = runtime.block_on(pull(jira.clone(), site, store.clone(), from, to, now, whole)).expect("read back");
    let took = began.elapsed();
    assert!(pulled.stopped.is_none(), "{pulled:?}");
    assert!(server.violations().is_empty(), "{:?}", server.violations());
    (took, server.counters().requests - before, pulled)
}

fn main() {
    println!(
        "stint read-back benchmark: {ALL} worklogs on the site, {MINE} of them yours, 30 ms added to every request\n"
    );
    let config = ServerConfig {
        latency: Duration::from_millis(30),
        hide_recent_changes: Duration::ZERO,
        ..ServerConfig::default()
    };
    let server = start(config, 0).expect("server");
    let now = Utc::now();
    seed(&server, now);
    // Logged over weeks on a real site: their last changes are not all from the last second.
    server.backdate_changes(chrono::Duration::days(1));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("stint.db")).expect("store");
    let site = support::add_site(&mut store, &server.url());
    let store = Arc::new(Mutex::new(store));
    let jira = support::client(&server, dir.path());

    let (took, requests, pulled) = read(&server, &jira, &store, site, true);
    println!(
        "first read, 8 weeks (full):            {:>6.2} s  {requests:>3} requests  ({} issues, {} of yours found)",
        took.as_secs_f64(),
        pulled.issues,
        pulled.elsewhere
    );
    let (took, requests, _) = read(&server, &jira, &store, site, false);
    println!("refresh, nothing changed:              {:>6.2} s  {requests:>3} requests", took.as_secs_f64());
    for n in 0..50u32 {
        server.log_in_jira(Who::Colleague(n % 49), &format!("PROJ-{}", 100 + n), &jira_time(now), 600, None);
    }
    server.log_in_jira(Who::Me, "PROJ-999", &jira_time(now), 900, Some("on the web"));
    let (took, requests, pulled) = read(&server, &jira, &store, site, false);
    println!(
        "refresh, 50 colleagues' + 1 of yours:  {:>6.2} s  {requests:>3} requests  ({} of yours found, 1 new issue looked up)",
        took.as_secs_f64(),
        pulled.elsewhere
    );
}
