//! Exactly once to Tempo, through the sync engine, a real SQLite store and the Tempo stand-in
//! with faults: creates cut off after Tempo committed them, refused with 5xx, limited with 429.
//! Each lost create is looked for before it is sent again; afterwards Tempo holds exactly one
//! worklog per entry, each the entry's, on a site with a uid attribute and on one without (where
//! identical entries must still land once each). Then what Tempo refuses or Stint keeps back:
//! a required Account that cannot be filled (nothing sent), a closed period, someone else's
//! worklog; and edits and removals reach Tempo.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use stint_domain::{IssueKey, JiraState, Note};
use stint_jira::{AllowList, Http, Secret};
use stint_jira_server::tempo::{start_tempo, TempoConfig, TempoHandle};
use stint_jira_server::{Fault, Faults};
use stint_store::{EntryChange, NewEntry, RemoteWorklog, SiteId, Store, StoredConnection};
use stint_sync::{
    pull_tempo, run_to, uid_attribute, Options, Progress, Report, TempoIssue, TempoReader, TempoWorklogs, Unfilled,
};
use stint_tempo::Tempo;
use url::Url;

const ME: &str = "5b10ac8d82e05b22cc7d4ef5";

struct Quiet;

impl Progress for Quiet {
    fn begin(&self, _: usize) {}
    fn advance(&self) {}
}

struct Site {
    server: TempoHandle,
    tempo: Arc<Tempo>,
    uid_key: Option<String>,
    store: Arc<Mutex<Store>>,
    /// The store's id of the Jira site whose worklogs go to Tempo.
    id: SiteId,
    _dir: tempfile::TempDir,
}

async fn site(config: TempoConfig) -> Site {
    let server = start_tempo(config, 0).unwrap();
    let base = Url::parse(&server.url()).unwrap();
    let http = Http::new(AllowList::new([&base]), Duration::from_secs(10)).unwrap();
    let tempo = Arc::new(Tempo::new(http, base, &Secret::new("tempo-token-1")).unwrap().with_rate(None));
    let uid_key = uid_attribute(&tempo.work_attributes().await.unwrap()).map(str::to_string);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("stint.db")).unwrap();
    let signed_in = StoredConnection {
        mode: "cloud_api_token".into(),
        site: "https://tempo-test.atlassian.net/".into(),
        api_base: "https://tempo-test.atlassian.net/".into(),
        cloud_id: None,
        account_id: ME.into(),
        account_name: None,
        signed_in_at: Utc::now(),
        needs_sign_in: false,
    };
    let id = store.write(|tx| tx.set_connection(&signed_in, true)).unwrap();
    Site { server, tempo, uid_key, store: Arc::new(Mutex::new(store)), id, _dir: dir }
}

/// The issues the entries use, as the app would resolve them: ABC-1..3 with the Account ACME;
/// OPS-1 with no Account Stint can fill.
fn issues() -> HashMap<IssueKey, TempoIssue> {
    let acme = || Ok(vec![("_Account_".to_string(), "ACME".to_string())]);
    let mut issues: HashMap<IssueKey, TempoIssue> = (1..=3)
        .map(|n| (IssueKey::parse(&format!("ABC-{n}")).unwrap(), TempoIssue { id: 10000 + n, attributes: acme() }))
        .collect();
    let unfilled = Unfilled { attribute: "Account".into(), why: "the issue has no Account".into(), account: true };
    issues.insert(IssueKey::parse("OPS-1").unwrap(), TempoIssue { id: 20001, attributes: Err(unfilled) });
    issues
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

impl Site {
    fn log(&self, issue: &str, started: DateTime<FixedOffset>, seconds: i64, note: &str) -> stint_domain::EntryId {
        let new = NewEntry {
            issue: IssueKey::parse(issue).unwrap(),
            started,
            seconds,
            note: Note::parse(note).unwrap(),
            local_only: false,
        };
        self.store.lock().unwrap().write(|tx| tx.insert_entry(&new, Utc::now())).unwrap()
    }

    fn destination(&self) -> Arc<TempoWorklogs> {
        let held = self.store.lock().unwrap().read(|tx| tx.held_worklog_ids(self.id)).unwrap();
        let held: HashSet<i64> = held.iter().filter_map(|id| id.parse().ok()).collect();
        Arc::new(TempoWorklogs::new(
            self.tempo.clone(),
            self.id,
            ME.into(),
            "tempo.test".into(),
            self.uid_key.clone(),
            issues(),
            held,
        ))
    }

    async fn sync(&self) -> Report {
        let options = Options {
            in_doubt_wait: Duration::from_millis(50),
            backoff: Duration::from_millis(1),
            max_attempts: 20,
            ..Options::default()
        };
        run_to(self.destination(), self.store.clone(), &options, &Quiet).await.unwrap()
    }

    /// Syncs until nothing is left to send (each run a fresh engine, as each `stint sync` is).
    async fn sync_to_the_end(&self) -> usize {
        for run in 1..=100 {
            if self.sync().await.remaining == 0 {
                return run;
            }
        }
        panic!("the queue never emptied");
    }

    fn entry(&self, id: stint_domain::EntryId) -> stint_store::OutboxEntry {
        let mut store = self.store.lock().unwrap();
        store.read(|tx| tx.outbox_entry(id)).unwrap().expect("the entry")
    }

    /// The refusal kept with an entry: its code and message.
    fn refusal(&self, id: stint_domain::EntryId) -> (String, String) {
        let entry = self.store.lock().unwrap().read(|tx| tx.entry(id)).unwrap().expect("the entry");
        let error = entry.error.expect("a refusal");
        (error.code, error.message)
    }
}

async fn push_all(with_uid_attribute: bool, seed: u64) {
    let mut config = TempoConfig { requests_per_second: None, ..TempoConfig::default() };
    if !with_uid_attribute {
        config.attributes.retain(|a| a.key != "_StintEntry_");
    }
    let site = site(config).await;
    assert_eq!(site.uid_key.is_some(), with_uid_attribute);
    // 90 entries on three issues, in a zone an hour east of UTC; every tenth is the twin of the
    // one before it (same issue, start, length and note), which only the "held" rule tells apart
    // on a site without a uid attribute.
    let mut ids = Vec::new();
    for i in 0..90usize {
        let shape = if i % 10 == 9 { i - 1 } else { i };
        let started = at(&format!("2026-12-01T{:02}:{:02}:00+01:00", 6 + shape / 10, (shape % 10) * 5));
        ids.push(site.log(&format!("ABC-{}", 1 + shape % 3), started, 600 + 60 * (shape % 7) as i64, "Worked on it"));
    }
    site.server.set_faults(Faults {
        rate: 0.2,
        seed,
        kinds: vec![Fault::DropAfterCommit, Fault::Error500, Fault::Error503, Fault::RateLimitBurst],
        retry_after_secs: 0,
    });
    site.sync_to_the_end().await;
    site.server.set_faults(Faults::default());

    let worklogs = site.server.worklogs();
    assert_eq!(worklogs.len(), ids.len(), "exactly one worklog per entry");
    let cut_off = site.server.counters().dropped_after_commit;
    assert!(cut_off >= 2, "the faults cut off enough answers to prove something: {cut_off}");
    let by_id: HashMap<String, _> = worklogs.iter().map(|w| (w.id.to_string(), w)).collect();
    let mut seen = HashSet::new();
    for id in &ids {
        let entry = site.entry(*id);
        assert_eq!(entry.state, stint_domain::SyncState::Synced, "{entry:?}");
        let worklog_id = entry.worklog_id.clone().expect("a Tempo worklog");
        assert!(seen.insert(worklog_id.clone()), "worklog {worklog_id} is held by two entries");
        let w = by_id[&worklog_id];
        // Tempo keeps the person's local date and time.
        assert_eq!(w.start_date.and_time(w.start_time), entry.started.naive_local());
        assert_eq!((w.seconds, w.description.as_str(), w.author.as_str()), (entry.seconds, "Worked on it", ME));
        assert_eq!(w.attributes.get("_Account_").map(String::as_str), Some("ACME"));
        if with_uid_attribute {
            assert_eq!(w.attributes.get("_StintEntry_"), Some(&entry.uid), "it carries its own entry's uid");
        }
    }
    assert_eq!(site.server.violations(), Vec::<String>::new());
}

#[tokio::test]
async fn each_entry_lands_once_on_a_site_with_a_uid_attribute() {
    push_all(true, 11).await;
}

#[tokio::test]
async fn each_entry_lands_once_on_a_site_without_one_twins_included() {
    push_all(false, 12).await;
}

#[tokio::test]
async fn an_account_stint_cannot_fill_keeps_the_entry_back_before_anything_is_sent() {
    let site = site(TempoConfig { requests_per_second: None, ..TempoConfig::default() }).await;
    let kept = site.log("OPS-1", at("2026-12-01T09:00:00+01:00"), 1800, "Pager");
    let sent = site.log("ABC-1", at("2026-12-01T10:00:00+01:00"), 1800, "Review");
    let before = site.server.counters().writes;
    let report = site.sync().await;
    assert_eq!((report.pushed, report.failed, report.remaining), (1, 1, 0), "{report:?}");
    assert_eq!(site.server.counters().writes - before, 1, "only the other entry was sent");
    let kept = site.entry(kept);
    assert_eq!(kept.state, stint_domain::SyncState::Failed);
    assert_eq!(kept.push, None, "never marked as sent");
    let (code, message) = site.refusal(kept.id);
    assert_eq!(code, "tempo.attribute_missing");
    assert!(message.contains("Tempo requires Account") && message.contains("OPS-1"), "{message}");
    assert_eq!(site.entry(sent).state, stint_domain::SyncState::Synced);
}

#[tokio::test]
async fn a_closed_period_is_refused_and_said_in_tempo_s_words() {
    let site = site(TempoConfig { requests_per_second: None, ..TempoConfig::default() }).await;
    site.server.close_week(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let closed = site.log("ABC-1", at("2026-11-24T09:00:00+01:00"), 1800, "Late");
    let open = site.log("ABC-2", at("2026-12-01T09:00:00+01:00"), 1800, "On time");
    let report = site.sync().await;
    assert_eq!((report.pushed, report.failed, report.remaining), (1, 1, 0), "{report:?}");
    let (code, message) = site.refusal(closed);
    assert_eq!(code, "tempo.period_closed");
    assert!(message.contains("Period is closed"), "{message}");
    assert_eq!(site.entry(open).state, stint_domain::SyncState::Synced);
    assert_eq!(site.server.worklogs().len(), 1);
}

#[tokio::test]
async fn edits_and_removals_reach_tempo_and_someone_else_s_worklog_is_left_alone() {
    let site = site(TempoConfig { requests_per_second: None, ..TempoConfig::default() }).await;
    let edited = site.log("ABC-1", at("2026-12-01T09:00:00+01:00"), 1800, "Draft");
    let removed = site.log("ABC-2", at("2026-12-01T11:00:00+01:00"), 900, "Gone soon");
    let moved = site.log("ABC-3", at("2026-12-01T13:00:00+01:00"), 600, "Wrong issue");
    site.sync_to_the_end().await;
    assert_eq!(site.server.worklogs().len(), 3);

    site.store
        .lock()
        .unwrap()
        .write(|tx| {
            let change = EntryChange {
                seconds: Some(2700),
                note: Some(Note::parse("Final").unwrap()),
                ..EntryChange::default()
            };
            tx.update_entry(edited, &change, Utc::now())?;
            tx.update_entry(
                moved,
                &EntryChange { issue: Some(IssueKey::parse("ABC-1").unwrap()), ..Default::default() },
                Utc::now(),
            )?;
            tx.remove_entry(removed, Utc::now())
        })
        .unwrap();
    site.sync_to_the_end().await;
    let worklogs = site.server.worklogs();
    assert_eq!(worklogs.len(), 2, "{worklogs:?}");
    let edited_w = worklogs.iter().find(|w| w.id.to_string() == site.entry(edited).worklog_id.unwrap()).unwrap();
    assert_eq!((edited_w.seconds, edited_w.description.as_str()), (2700, "Final"));
    assert_eq!(
        edited_w.attributes.get("_Account_").map(String::as_str),
        Some("ACME"),
        "a replacement resends every field"
    );
    let moved_w = worklogs.iter().find(|w| w.id.to_string() == site.entry(moved).worklog_id.unwrap()).unwrap();
    assert_eq!(moved_w.issue_id, 10001, "moved: deleted on ABC-3, created on ABC-1");

    // A worklog someone else logged, which an entry claims (as an import of their export would):
    // Stint neither changes nor deletes it.
    let theirs = site.server.log_in_tempo_as(
        "someone-else",
        10002,
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        "15:00:00",
        600,
        "ACME",
    );
    let claimed = site.log("ABC-2", at("2026-12-01T15:00:00+01:00"), 600, "");
    let theirs_remote = RemoteWorklog { id: theirs.to_string(), author: None, updated: None };
    site.store
        .lock()
        .unwrap()
        .write(|tx| tx.record_in_jira(claimed, &IssueKey::parse("ABC-2").unwrap(), &theirs_remote, 1))
        .unwrap();
    site.store
        .lock()
        .unwrap()
        .write(|tx| tx.update_entry(claimed, &EntryChange { seconds: Some(1200), ..Default::default() }, Utc::now()))
        .unwrap();
    let report = site.sync().await;
    assert_eq!(report.failed, 1, "{report:?}");
    assert_eq!(site.refusal(claimed).0, "tempo.not_yours");
    let still = site.server.worklogs().into_iter().find(|w| w.id == theirs).expect("theirs is still there");
    assert_eq!(still.seconds, 600);
    assert_eq!(site.server.violations(), Vec::<String>::new());
}

#[tokio::test]
async fn time_logged_edited_and_deleted_in_tempo_is_read_back_into_the_store() {
    let site = site(TempoConfig { requests_per_second: None, ..TempoConfig::default() }).await;
    let kept = site.log("ABC-1", at("2026-12-01T09:00:00+01:00"), 1800, "Review");
    let edited = site.log("ABC-1", at("2026-12-01T10:00:00+01:00"), 1800, "Draft");
    let deleted = site.log("ABC-2", at("2026-12-01T11:00:00+01:00"), 900, "Call");
    site.sync_to_the_end().await;
    // The ids Stint learned when it resolved the issues for sending.
    site.store
        .lock()
        .unwrap()
        .write(|tx| {
            for n in 1..=3 {
                tx.keep_issue_key(
                    site.id,
                    &format!("1000{n}"),
                    &IssueKey::parse(&format!("ABC-{n}")).unwrap(),
                    Utc::now(),
                )?;
            }
            Ok::<_, stint_store::StoreError>(())
        })
        .unwrap();

    // On Tempo's page: an edit, a deletion, time logged on an issue Stint knows and on one it
    // has never met (with no Jira to name it, it is left out).
    let edited_id: i64 = site.entry(edited).worklog_id.unwrap().parse().unwrap();
    let mut fields = site.tempo.get(edited_id).await.unwrap().unwrap();
    fields.seconds = 2700;
    fields.description = "Final".into();
    let replaced = stint_tempo::WorklogFields {
        issue_id: fields.issue_id,
        author: fields.author.clone(),
        start: fields.start,
        seconds: fields.seconds,
        description: fields.description.clone(),
        attributes: fields.attributes.clone(),
    };
    site.tempo.replace(edited_id, &replaced).await.unwrap();
    assert!(site.server.delete_in_tempo(site.entry(deleted).worklog_id.unwrap().parse().unwrap()));
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let elsewhere = site.server.log_in_tempo(10003, day, "14:00:00", 3600, "ACME");
    site.server.log_in_tempo(30001, day, "16:00:00", 600, "INTERNAL");

    let plus_one = |_: NaiveDateTime| FixedOffset::east_opt(3600).unwrap();
    let (from, to) = (at("2026-11-30T00:00:00+01:00").to_utc(), at("2026-12-07T00:00:00+01:00").to_utc());
    let reader = TempoReader {
        tempo: site.tempo.clone(),
        site: site.id,
        jira: None,
        me: ME.into(),
        uid_attribute: site.uid_key.clone(),
        offset_at: &plus_one,
    };
    let now = at("2026-12-02T12:00:00+01:00").to_utc();
    let pulled = pull_tempo(&reader, site.store.clone(), from, to, now).await.unwrap();
    assert_eq!(pulled.stopped, None);
    assert_eq!((pulled.took_jira, pulled.deleted_in_jira, pulled.elsewhere), (1, 1, 1), "{pulled:?}");
    assert_eq!(pulled.requests, 1, "one read of the person's worklogs");

    let mut store = site.store.lock().unwrap();
    let edited = store.read(|tx| tx.entry(edited)).unwrap().unwrap();
    assert_eq!((edited.seconds, edited.note.as_ref().map(Note::expose)), (2700, Some("Final")));
    let deleted = store.read(|tx| tx.entry(deleted)).unwrap().unwrap();
    assert_eq!(deleted.jira, Some(JiraState::Deleted), "kept here, marked as deleted there");
    let kept = store.read(|tx| tx.entry(kept)).unwrap().unwrap();
    assert_eq!((kept.seconds, kept.note.as_ref().map(Note::expose), kept.jira), (1800, Some("Review"), None));
    let logged = store.read(|tx| tx.jira_worklogs_between(from, to)).unwrap();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0].worklog_id, elsewhere.to_string());
    assert_eq!(logged[0].issue.as_str(), "ABC-3");
    assert_eq!(logged[0].started, at("2026-12-01T14:00:00+01:00"), "Tempo's local time, in the person's zone");
    assert_eq!(logged[0].seconds, 3600);
}
