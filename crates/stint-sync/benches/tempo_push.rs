//! Pushing a backlog to Tempo (run: `cargo bench -p stint-sync --bench tempo_push`): 1,000 queued
//! entries over three issues to the Tempo stand-in, 30 ms added to every request, through the real
//! engine, the Tempo destination and the Tempo client.
//!
//! The bound is Tempo's: about 5 requests a second (TEMPO.md), which the stand-in enforces with
//! 429s as Tempo does, so 1,000 creates need at least 200 s. The aim is within 1.2× of it. Numbers,
//! not assertions: machines here are shared.

#![allow(clippy::print_stdout)]

// Each benchmark uses a part of what they share.
#[allow(dead_code)]
mod support;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stint_domain::IssueKey;
use stint_jira::{AllowList, Http, Secret};
use stint_jira_server::tempo::{start_tempo, TempoConfig};
use stint_sync::{run_to, Options, Progress, TempoIssue, TempoWorklogs};
use stint_tempo::{Tempo, REQUESTS_PER_SECOND};
use url::Url;

struct Quiet;

impl Progress for Quiet {
    fn begin(&self, _: usize) {}
    fn advance(&self) {}
}

fn main() {
    let count = 1000;
    let config = TempoConfig { latency: Duration::from_millis(30), ..TempoConfig::default() };
    let me = config.account_id.clone();
    let server = start_tempo(config, 0).expect("the Tempo stand-in");
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, site) =
        support::queue(&dir.path().join("stint.db"), &server.url(), count, |i| format!("ABC-{}", i % 3 + 1));
    let base = Url::parse(&server.url()).unwrap();
    let http = Http::new(AllowList::new([&base]), Duration::from_secs(30)).unwrap();
    let tempo = Arc::new(Tempo::new(http, base, &Secret::new("tempo-token-1")).unwrap());
    let account = || Ok(vec![("_Account_".to_string(), "ACME".to_string())]);
    let issues: HashMap<IssueKey, TempoIssue> = (1..=3)
        .map(|n| (IssueKey::parse(&format!("ABC-{n}")).unwrap(), TempoIssue { id: 10000 + n, attributes: account() }))
        .collect();
    let destination = Arc::new(TempoWorklogs::new(
        tempo,
        site,
        me,
        "bench".into(),
        Some("_StintEntry_".into()),
        issues,
        HashSet::new(),
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    println!("stint sync to Tempo: {count} entries over 3 issues, 30 ms added to every request by the stand-in\n");
    let began = Instant::now();
    let report =
        runtime.block_on(run_to(destination, Arc::new(Mutex::new(store)), &Options::default(), &Quiet)).expect("sync");
    let took = began.elapsed().as_secs_f64();
    assert_eq!(report.remaining, 0, "{report:?}");
    assert!(server.violations().is_empty(), "{:?}", server.violations());
    let bound = count as f64 / f64::from(REQUESTS_PER_SECOND);
    println!(
        "{count} worklogs: {took:.1} s ({} in Tempo, {:.2}× the bound of {bound:.0} s at {REQUESTS_PER_SECOND} requests/s, {} refused with 429)",
        server.worklogs().len(),
        took / bound,
        server.counters().rate_limited
    );
}
