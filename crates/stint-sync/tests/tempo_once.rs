//! Exactly once to Tempo, the reconciliation's decisions against the Tempo stand-in with faults:
//! creates are cut off after Tempo committed them, refused with 5xx, limited with 429; each lost
//! create is looked for (`find_own_in_tempo`) before it is sent again, as the failure policy says.
//! Afterwards Tempo holds exactly one worklog per entry, on a site with a uid attribute and on one
//! without (where identical entries must still land once each).

use std::collections::HashSet;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use stint_jira::{AllowList, Http, Secret};
use stint_jira_server::tempo::{start_tempo, TempoConfig};
use stint_jira_server::{Fault, Faults};
use stint_sync::{decide, find_own_in_tempo, uid_attribute, Decision, Lost, Request, TempoEntry, Tries, Tuning};
use stint_tempo::Tempo;
use url::Url;

const ME: &str = "5b10ac8d82e05b22cc7d4ef5";

async fn push_all(with_uid_attribute: bool, seed: u64) {
    let mut config = TempoConfig { requests_per_second: None, ..TempoConfig::default() };
    if !with_uid_attribute {
        config.attributes.retain(|a| a.key != "_StintEntry_");
    }
    let server = start_tempo(config, 0).unwrap();
    let base = Url::parse(&server.url()).unwrap();
    let http = Http::new(AllowList::new([&base]), Duration::from_secs(10)).unwrap();
    let tempo = Tempo::new(http, base, &Secret::new("tempo-token-1")).unwrap().with_rate(None);
    let uid_key = uid_attribute(&tempo.work_attributes().await.unwrap()).map(str::to_string);
    assert_eq!(uid_key.is_some(), with_uid_attribute);
    server.set_faults(Faults {
        rate: 0.35,
        seed,
        kinds: vec![Fault::DropAfterCommit, Fault::Error500, Fault::Error503, Fault::RateLimitBurst],
        retry_after_secs: 0,
    });

    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    // 120 entries on three issues; every tenth is the twin of the one before it (same issue, start,
    // length and note), which only the "held" rule tells apart on a site without a uid attribute.
    let uids: Vec<String> = (0..120).map(|i| format!("uid-{i:03}")).collect();
    let entries: Vec<TempoEntry<'_>> = (0..120usize)
        .map(|i| {
            let shape = if i % 10 == 9 { i - 1 } else { i };
            TempoEntry {
                uid: &uids[i],
                issue_id: 10001 + (shape % 3) as i64,
                start: day.and_hms_opt(6 + (shape / 10) as u32, (shape % 10) as u32 * 5, 0).unwrap(),
                seconds: 600 + 60 * (shape % 7) as i64,
                note: "Worked on it",
            }
        })
        .collect();
    let tuning = Tuning { max_attempts: 50, backoff: Duration::from_millis(1), longest_wait: Duration::from_secs(60) };
    let mut held: HashSet<i64> = HashSet::new();
    let mut lookups = 0;
    for entry in &entries {
        let fields = entry.fields(ME, vec![("_Account_".into(), "ACME".into())], uid_key.as_deref());
        let mut attempt = 0;
        let id = loop {
            attempt += 1;
            let sent_at = Utc::now();
            let error = match tempo.create(&fields).await {
                Ok(w) => break w.id,
                Err(e) => e,
            };
            let tries = Tries { attempt, unreachable_in_a_row: 0 };
            let lost = match decide(Request::Create, &error, tries, tuning, 0.5) {
                Decision::Retry { lost, .. } => lost,
                // Tempo's rules give a 5xx four tries in a run: the next run starts over, and
                // looks first all the same.
                Decision::GiveUp { lost } => {
                    attempt = 0;
                    lost
                }
                other => panic!("{other:?} after {error:?}"),
            };
            if matches!(lost, Some(Lost::LookNow | Lost::LookLater)) {
                // Look before sending again; the look itself may fail and is simply retried.
                lookups += 1;
                let found = loop {
                    if let Ok(found) = tempo.search(ME, &[entry.issue_id], day, day).await {
                        break found;
                    }
                };
                if let Some(w) = find_own_in_tempo(&found, entry, sent_at, ME, uid_key.as_deref(), &held) {
                    break w.id;
                }
            }
        };
        assert!(held.insert(id), "worklog {id} was adopted twice");
    }
    server.set_faults(Faults::default());

    let worklogs = server.worklogs();
    assert_eq!(worklogs.len(), entries.len(), "exactly one worklog per entry");
    let cut_off = server.counters().dropped_after_commit;
    assert!(cut_off >= 3, "the faults cut off enough answers to prove something: {cut_off}");
    assert!(lookups >= cut_off, "every cut-off create was looked for: {lookups} looks, {cut_off} cut off");
    if with_uid_attribute {
        let carried: HashSet<&str> =
            worklogs.iter().filter_map(|w| w.attributes.get("_StintEntry_")).map(String::as_str).collect();
        assert_eq!(carried.len(), entries.len(), "each carries its own entry's uid");
    }
    assert_eq!(server.violations(), Vec::<String>::new());
}

#[tokio::test]
async fn each_entry_lands_once_on_a_site_with_a_uid_attribute() {
    push_all(true, 11).await;
}

#[tokio::test]
async fn each_entry_lands_once_on_a_site_without_one_twins_included() {
    push_all(false, 12).await;
}
