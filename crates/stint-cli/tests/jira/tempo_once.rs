//! Exactly once to Tempo, under faults and kills, as `exactly_once.rs` proves it for Jira: 2,000
//! entries over 20 issues on a site whose worklogs go to Tempo, 20% of Tempo's answers faulted
//! (429, 500, 503, and a connection cut after the worklog was committed, a quarter each), `stint sync` killed with
//! SIGKILL at random points; then edits and removals the same way. Afterwards Tempo holds exactly
//! one worklog per entry with the entry's issue, local start, length and note, and no token or
//! note is in any file Stint wrote outside the database, nor in its error output. Tempo has no
//! idempotency key: what makes this hold is argued in `crates/stint-sync/src/tempo.rs`. The seed
//! is printed; `STINT_FAULT_SEED` replays a run. (A personal Tempo token does not expire mid-run,
//! so the expired-token fault, which the Jira test uses, has no Tempo counterpart here.)

use std::collections::HashMap;
use std::time::Duration;

use serde_json::Value;
use stint_jira_server::tempo::{start_tempo, TempoConfig, TempoHandle, TempoIssue};
use stint_jira_server::{tempo_site_issues, Fault, Faults, Handle};

use crate::common::Home;
use crate::exactly_once::{fault_seed, nothing_secret_outside_the_database, sync_killed_after, sync_to_the_end, Lcg};
use crate::support::{api_token_login, seed_entries, server};
use crate::tempo::tempo_login;

/// Unpaced: the stand-in's limit is off and its faults stand in for Tempo's 429s.
const FAST: &[(&str, &str)] = &[("STINT_TEST_TEMPO_RATE", "0")];

/// The stand-in with the seeded issues LOAD-1..20 (ids 40001.., project 40000, billed to ACME by
/// the project's default link), and the site's Jira holding the same ids.
fn load_site() -> (TempoHandle, Handle) {
    let config = TempoConfig {
        issues: (1..=20).map(|n| TempoIssue { id: 40_000 + n, key: format!("LOAD-{n}"), project_id: 40_000 }).collect(),
        account_links: vec![(40_000, 1, true)],
        requests_per_second: None,
        ..TempoConfig::default()
    };
    let jira_issues = tempo_site_issues(&config, &[]);
    let tempo = start_tempo(config, 0).unwrap();
    let jira = server(|c| c.tempo_issues = jira_issues);
    (tempo, jira)
}

#[test]
fn two_thousand_entries_under_faults_and_kills_reach_tempo_exactly_once() {
    let seed = fault_seed("Tempo fault test");
    let mut rng = Lcg(seed);
    let (tempo, jira) = load_site();
    let home = Home::new();
    api_token_login(&home, &jira);
    let login = tempo_login(&home, &jira, "tempo-token-1", &["--region", &tempo.url()]);
    assert_eq!(login.code, 0, "{}", login.stderr);
    let made = seed_entries(&home, 20, 100);
    assert_eq!(made.len(), 2000);
    // Tempo's 429 is one kind (it gives no reason), and each pauses every request a second, as
    // Tempo asks: one kind of four, beside the 5xx and the cut after the commit.
    let kinds = vec![Fault::RateLimitQuota, Fault::Error500, Fault::Error503, Fault::DropAfterCommit];
    tempo.set_faults(Faults { rate: 0.2, seed, kinds, retry_after_secs: 0 });

    let mut said = String::new();
    for _ in 0..10 {
        said.push_str(&sync_killed_after(&home, &jira, FAST, Duration::from_millis(100 + rng.below(2500))));
    }
    said.push_str(&sync_to_the_end(&home, &jira, FAST, seed));

    let check = |expected: usize| {
        let worklogs = tempo.worklogs();
        let export = home.json(&["export"]);
        let entries: Vec<&Value> =
            export["entries"].as_array().unwrap().iter().filter(|e| e["deleted"] == false).collect();
        assert_eq!(entries.len(), expected, "seed {seed}: entries here");
        assert_eq!(worklogs.len(), expected, "seed {seed}: exactly one Tempo worklog per entry");
        let by_uid: HashMap<&str, &stint_jira_server::tempo::TempoWorklog> =
            worklogs.iter().map(|w| (w.attributes["_StintEntry_"].as_str(), w)).collect();
        assert_eq!(by_uid.len(), expected, "seed {seed}: no two worklogs carry one entry's uid");
        for e in entries {
            assert_eq!(e["sync"], "synced", "seed {seed}: {e}");
            let w =
                by_uid.get(e["uid"].as_str().unwrap()).unwrap_or_else(|| panic!("seed {seed}: {e} is not in Tempo"));
            assert_eq!(format!("LOAD-{}", w.issue_id - 40_000), e["issue"].as_str().unwrap(), "seed {seed}");
            assert_eq!(w.seconds, e["seconds"].as_i64().unwrap(), "seed {seed}");
            let started = chrono::DateTime::parse_from_rfc3339(e["started"].as_str().unwrap()).unwrap();
            let local = started.naive_local();
            assert_eq!(
                (w.start_date, w.start_time),
                (local.date(), local.time()),
                "seed {seed}: the entry's own start"
            );
            assert_eq!(Some(w.description.as_str()), e["note"].as_str(), "seed {seed}");
            assert_eq!(w.attributes["_Account_"], "ACME", "seed {seed}");
            assert_eq!(e["worklog_id"].as_str().unwrap(), w.id.to_string(), "seed {seed}");
        }
    };
    check(2000);
    let counters = tempo.counters();
    eprintln!("after the creates: {counters:?}");
    assert!(counters.dropped_after_commit > 0 && counters.faults > 200, "the faults happened: {counters:?}");

    // Edits and removals, the same way.
    let ids: Vec<i64> = made.iter().map(|(_, id)| *id).collect();
    for id in ids.iter().step_by(10) {
        home.ok(&["edit", &id.to_string(), "--duration", "33m20s", "--note", "edited under fire"]);
    }
    for id in ids.iter().skip(5).step_by(20) {
        home.ok(&["rm", &id.to_string()]);
    }
    for _ in 0..5 {
        said.push_str(&sync_killed_after(&home, &jira, FAST, Duration::from_millis(100 + rng.below(1500))));
    }
    said.push_str(&sync_to_the_end(&home, &jira, FAST, seed));
    check(1900);
    let edited = tempo.worklogs().into_iter().filter(|w| w.seconds == 2000).count();
    assert_eq!(edited, 200, "seed {seed}: every edit reached Tempo");
    assert!(jira.worklogs().is_empty(), "seed {seed}: nothing went to Jira's own worklogs");
    assert!(tempo.violations().is_empty(), "seed {seed}: {:?}", tempo.violations());
    assert!(jira.violations().is_empty(), "seed {seed}: {:?}", jira.violations());

    // No token, and no note, anywhere but the database.
    let mut secrets = tempo.secrets();
    secrets.extend(jira.secrets());
    secrets.push("edited under fire".into());
    secrets.push("work item 1".into());
    nothing_secret_outside_the_database(&home, &secrets, &said);
}
