//! Pushing a backlog (run: `cargo bench -p stint-sync`): 1,000 queued worklogs over 20 issues to
//! the Jira test server with 30 ms added to every request, through the real engine and client.
//!
//! The bound is Jira's rate limits: at most 100 POSTs a second per site (and 20 writes per 2 s per
//! issue, which 50 per issue stay well inside), so 1,000 creates need at least about 10 s. One
//! request at a time would need 1,000 × (30 ms + the request) instead; that is measured too.
//! Numbers, not assertions: machines here are shared.

#![allow(clippy::print_stdout)]

// Each benchmark uses a part of what they share.
#[allow(dead_code)]
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stint_jira_server::{start, ServerConfig};
use stint_sync::{run, Options, Progress};

struct Quiet;

impl Progress for Quiet {
    fn begin(&self, _: usize) {}
    fn advance(&self) {}
}

fn push(count: usize, issues: usize, concurrency: usize) -> (Duration, usize, u64) {
    let server =
        start(ServerConfig { latency: Duration::from_millis(30), ..ServerConfig::default() }, 0).expect("server");
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, site) =
        support::queue(&dir.path().join("stint.db"), &server.url(), count, |i| format!("BENCH-{}", i % issues + 1));
    let jira = support::client(&server, dir.path());
    let options = Options { concurrency, ..Options::default() };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let began = Instant::now();
    let report = runtime.block_on(run(jira, site, Arc::new(Mutex::new(store)), &options, &Quiet)).expect("sync");
    let took = began.elapsed();
    assert_eq!(report.remaining, 0, "{report:?}");
    assert!(server.violations().is_empty(), "{:?}", server.violations());
    (took, server.worklogs().len(), server.counters().rate_limited)
}

fn main() {
    println!("stint sync benchmark: 30 ms added to every request by the Jira test server\n");
    let (took, pushed, limited) = push(1000, 20, Options::default().concurrency);
    let bound = 1000.0 / 100.0;
    println!(
        "1000 worklogs over 20 issues, concurrently:   {:>6.2} s  ({pushed} in Jira, {:.2}× the rate-limit bound of ~{bound:.0} s, {limited} refused by the limits)",
        took.as_secs_f64(),
        took.as_secs_f64() / bound
    );
    let (took, pushed, _) = push(1000, 20, 1);
    println!("1000 worklogs over 20 issues, one at a time:  {:>6.2} s  ({pushed} in Jira)", took.as_secs_f64());
}
