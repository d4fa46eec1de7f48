//! The Tempo client against the Tempo stand-in, which checks every request and answer against
//! Tempo's OpenAPI document: each test ends with no violation.

use std::time::Duration;

use chrono::NaiveDate;
use stint_jira::{AllowList, Http, Secret};
use stint_jira_server::tempo::{start_tempo, Approval, TempoConfig, TempoHandle};
use stint_jira_server::{Fault, Faults};
use stint_tempo::{Class, DayKind, Deleted, Tempo, TempoError, TimesheetStatus, WorklogFields};
use url::Url;

const ME: &str = "5b10ac8d82e05b22cc7d4ef5";

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn server(config: TempoConfig) -> TempoHandle {
    start_tempo(config, 0).expect("the stand-in starts")
}

fn client_with(server: &TempoHandle, token: &str) -> Tempo {
    let base = Url::parse(&server.url()).unwrap();
    let http = Http::new(AllowList::new([&base]), Duration::from_secs(10)).unwrap();
    Tempo::new(http, base, &Secret::new(token)).unwrap()
}

fn client(server: &TempoHandle) -> Tempo {
    client_with(server, "tempo-token-1")
}

fn fields(issue_id: i64, start: &str, seconds: i64, account: Option<&str>) -> WorklogFields {
    WorklogFields {
        issue_id,
        author: ME.into(),
        start: chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%d %H:%M").unwrap(),
        seconds,
        description: "Reviewed the pull request".into(),
        attributes: account.map(|a| vec![("_Account_".to_string(), a.to_string())]).unwrap_or_default(),
    }
}

fn no_violations(server: &TempoHandle) {
    assert_eq!(server.violations(), Vec::<String>::new());
}

#[tokio::test]
async fn a_worklog_is_created_read_replaced_and_deleted() {
    let s = server(TempoConfig::default());
    let tempo = client(&s);
    let made = tempo.create(&fields(10001, "2026-12-01 09:05", 1800, Some("ACME"))).await.unwrap();
    assert_eq!((made.issue_id, made.seconds, made.author.as_str()), (10001, 1800, ME));
    assert_eq!(made.start.format("%Y-%m-%d %H:%M:%S").to_string(), "2026-12-01 09:05:00");
    assert_eq!((made.description.as_str(), made.attribute("_Account_")), ("Reviewed the pull request", Some("ACME")));

    let mut changed = fields(10001, "2026-12-01 10:00", 2700, Some("INTERNAL"));
    changed.description = "Reviewed it twice".into();
    let replaced = tempo.replace(made.id, &changed).await.unwrap();
    assert_eq!((replaced.id, replaced.seconds, replaced.attribute("_Account_")), (made.id, 2700, Some("INTERNAL")));
    assert_eq!(tempo.get(made.id).await.unwrap().unwrap().description, "Reviewed it twice");

    assert_eq!(tempo.delete(made.id).await.unwrap(), Deleted::Now);
    assert_eq!(tempo.delete(made.id).await.unwrap(), Deleted::AlreadyGone);
    assert_eq!(tempo.get(made.id).await.unwrap(), None);
    assert!(s.worklogs().is_empty());
    no_violations(&s);
}

#[tokio::test]
async fn tempo_s_rules_refuse_before_anything_is_kept() {
    let s = server(TempoConfig::default());
    let tempo = client(&s);
    for (what, account, says) in [
        ("no Account", None, "Work attribute 'Account' is required"),
        ("a closed Account", Some("OLDCO"), "Account 'OLDCO' is closed"),
        ("an unknown Account", Some("NOPE"), "Account 'NOPE' does not exist"),
    ] {
        let err = tempo.create(&fields(10001, "2026-12-01 09:00", 600, account)).await.unwrap_err();
        assert_eq!((err.class(), err.code()), (Class::Permanent, "tempo.bad_request"), "{what}");
        assert!(err.to_string().contains(says), "{what}: {err}");
    }
    let err = tempo.create(&fields(99999, "2026-12-01 09:00", 600, Some("ACME"))).await.unwrap_err();
    assert!(err.to_string().contains("Issue with id 99999 does not exist"), "{err}");
    assert!(s.worklogs().is_empty());
    no_violations(&s);
}

#[tokio::test]
async fn a_closed_period_or_an_approved_timesheet_refuses_writes() {
    let s = server(TempoConfig::default());
    let tempo = client(&s);
    let early = tempo.create(&fields(10001, "2026-11-24 09:00", 600, Some("ACME"))).await.unwrap();
    s.close_week(day("2026-11-23"));
    s.set_approval(day("2026-11-30"), Approval::Approved);
    s.set_approval(day("2026-12-07"), Approval::InReview);
    for (date, what) in [("2026-11-25 09:00", "closed"), ("2026-12-02 09:00", "approved")] {
        let err = tempo.create(&fields(10001, date, 600, Some("ACME"))).await.unwrap_err();
        assert_eq!(
            (err.code(), err.class(), err.status()),
            ("tempo.period_closed", Class::Permanent, Some(403)),
            "{what}"
        );
        assert!(err.to_string().contains("Period is closed"), "{err}");
    }
    let err = tempo.delete(early.id).await.unwrap_err();
    assert_eq!(err.code(), "tempo.period_closed", "a worklog in a closed week stays");
    let moved_out = tempo.replace(early.id, &fields(10001, "2026-12-15 09:00", 600, Some("ACME"))).await.unwrap_err();
    assert_eq!(moved_out.code(), "tempo.period_closed", "nor can it be moved out of it");
    tempo.create(&fields(10001, "2026-12-08 09:00", 600, Some("ACME"))).await.expect("a submitted week is writable");
    assert_eq!(s.worklogs().len(), 2);

    let sheet = tempo.timesheet(ME, day("2026-12-02")).await.unwrap();
    assert_eq!(
        (sheet.status, sheet.period.from, sheet.period.to),
        (TimesheetStatus::Approved, day("2026-11-30"), day("2026-12-06"))
    );
    assert_eq!(tempo.timesheet(ME, day("2026-12-09")).await.unwrap().status, TimesheetStatus::InReview);
    let open = tempo.timesheet(ME, day("2026-11-24")).await.unwrap();
    assert_eq!((open.status, open.required_seconds, open.spent_seconds), (TimesheetStatus::Open, 5 * 8 * 3600, 600));
    let periods = tempo.periods(day("2026-11-25"), day("2026-12-08")).await.unwrap();
    let mondays: Vec<String> = periods.iter().map(|p| p.from.to_string()).collect();
    assert_eq!(mondays, ["2026-11-23", "2026-11-30", "2026-12-07"]);
    no_violations(&s);
}

#[tokio::test]
async fn the_token_decides_what_is_allowed() {
    let s = server(TempoConfig::default());
    let view = client_with(&s, "tempo-token-view");
    let err = view.create(&fields(10001, "2026-12-01 09:00", 600, Some("ACME"))).await.unwrap_err();
    assert_eq!((err.code(), err.class()), ("tempo.missing_scope", Class::NeedsSignIn));
    assert!(view.worklogs_of(ME, day("2026-12-01"), day("2026-12-07"), None).await.unwrap().is_empty(), "it may read");
    let wrong = client_with(&s, "not-a-token");
    let err = wrong.work_attributes().await.unwrap_err();
    assert_eq!((err.code(), err.class(), err.status()), ("tempo.bad_token", Class::NeedsSignIn, Some(401)));
    assert!(!err.to_string().contains("not-a-token"), "the token is never in a message");
    no_violations(&s);
}

#[tokio::test]
async fn a_person_s_worklogs_are_read_page_by_page_and_by_change() {
    let s = server(TempoConfig { requests_per_second: None, ..TempoConfig::default() });
    let tempo = client(&s).with_rate(None).with_page_size(3);
    let mut ids = Vec::new();
    for i in 0..8 {
        let start = format!("2026-12-0{} 0{}:00", 1 + i % 4, 8 + i % 2);
        ids.push(tempo.create(&fields(10001 + i % 3, &start, 600 + i, Some("ACME"))).await.unwrap().id);
    }
    s.log_in_tempo(20001, day("2026-12-09"), "08:00:00", 900, "INTERNAL");
    let week = tempo.worklogs_of(ME, day("2026-12-01"), day("2026-12-07"), None).await.unwrap();
    assert_eq!(week.len(), 8, "three pages of three, followed through `metadata.next`");
    assert!(week.windows(2).all(|w| w[0].start <= w[1].start), "in Tempo's order");

    let mark = s.worklogs().iter().map(|w| w.updated).max().unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    let touched = tempo.replace(ids[2], &fields(10003, "2026-12-03 08:00", 1200, Some("ACME"))).await.unwrap();
    let since = (mark + chrono::Duration::seconds(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let changed = tempo.worklogs_of(ME, day("2026-11-01"), day("2026-12-31"), Some(&since)).await.unwrap();
    assert_eq!(changed.iter().map(|w| w.id).collect::<Vec<_>>(), vec![touched.id], "only what changed since");

    let found = tempo.search(ME, &[10002], day("2026-12-01"), day("2026-12-07")).await.unwrap();
    assert!(!found.is_empty() && found.iter().all(|w| w.issue_id == 10002));

    let jira_ids: Vec<i64> =
        s.worklogs().iter().filter(|w| w.id == ids[0] || w.id == ids[1]).map(|w| w.jira_id).collect();
    let mut pairs = tempo.tempo_ids_of_jira(&[jira_ids[0], jira_ids[1], 1]).await.unwrap();
    pairs.sort();
    assert_eq!(pairs.iter().map(|p| p.1).collect::<Vec<_>>(), vec![ids[0], ids[1]], "unknown ids are left out");

    let before = chrono::Utc::now() - chrono::Duration::minutes(1);
    assert!(s.delete_in_tempo(ids[4]));
    let gone = tempo.deleted_since(&before.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), ME).await.unwrap();
    assert_eq!(gone.iter().map(|d| d.tempo_id).collect::<Vec<_>>(), vec![ids[4]]);
    no_violations(&s);
}

#[tokio::test]
async fn what_a_worklog_needs_and_what_a_week_asks() {
    let s = server(TempoConfig::default());
    let tempo = client(&s);
    let attributes = tempo.work_attributes().await.unwrap();
    let account = attributes.iter().find(|a| a.kind == "ACCOUNT").unwrap();
    assert_eq!((account.key.as_str(), account.required), ("_Account_", true));
    assert!(attributes.iter().any(|a| a.key == "_StintEntry_" && !a.required));
    let accounts = tempo.accounts().await.unwrap();
    assert_eq!(
        accounts.iter().filter(|a| a.is_open()).map(|a| a.key.as_str()).collect::<Vec<_>>(),
        ["ACME", "INTERNAL"]
    );
    let links = tempo.account_links(10000).await.unwrap();
    let default = links.iter().find(|l| l.default).map(|l| l.account_id);
    assert_eq!(default, Some(1), "ABC's project bills ACME by default");
    assert!(links.iter().any(|l| l.account_id == 2 && !l.default), "global accounts come along");

    let days = tempo.schedule(day("2026-12-21"), day("2026-12-27")).await.unwrap();
    let required: Vec<i64> = days.iter().map(|d| d.required_seconds / 3600).collect();
    assert_eq!(required, [8, 8, 8, 8, 0, 0, 0]);
    assert_eq!((days[4].kind, days[4].holiday.as_deref()), (DayKind::Holiday, Some("Christmas Day")));
    assert_eq!(days[5].kind, DayKind::NonWorking);
    no_violations(&s);
}

#[tokio::test]
async fn requests_keep_to_tempo_s_rate_and_a_429_waits_at_least_a_second() {
    let s = server(TempoConfig::default());
    let paced = client(&s);
    for _ in 0..12 {
        paced.work_attributes().await.unwrap();
    }
    assert_eq!(s.counters().rate_limited, 0, "the client keeps to 5 a second");
    let unpaced = client(&s).with_rate(None);
    let mut limited = None;
    for _ in 0..20 {
        if let Err(e) = unpaced.work_attributes().await {
            limited = Some(e);
            break;
        }
    }
    let err = limited.expect("Tempo limits a client that does not pace itself");
    assert_eq!((err.code(), err.class()), ("tempo.rate_limited", Class::Retryable));
    assert!(err.retry_after() >= Some(Duration::from_secs(1)), "Tempo sends no Retry-After: at least a second");
    no_violations(&s);
}

#[tokio::test]
async fn faults_are_classified_and_a_lost_answer_leaves_a_worklog_to_find() {
    let s = server(TempoConfig { requests_per_second: None, errors_as_object: true, ..TempoConfig::default() });
    let tempo = client(&s).with_rate(None);
    let only = |kind| Faults { rate: 1.0, seed: 7, kinds: vec![kind], retry_after_secs: 0 };
    s.set_faults(only(Fault::Error503));
    let err = tempo.create(&fields(10001, "2026-12-01 09:00", 600, Some("ACME"))).await.unwrap_err();
    assert_eq!((err.code(), err.class()), ("tempo.server", Class::Retryable));
    s.set_faults(only(Fault::DropAfterCommit));
    let err = tempo.create(&fields(10001, "2026-12-01 09:00", 600, Some("ACME"))).await.unwrap_err();
    assert_eq!(err.class(), Class::Retryable, "{err}");
    assert!(!err.never_sent());
    s.set_faults(Faults::default());
    let found = tempo.search(ME, &[10001], day("2026-12-01"), day("2026-12-01")).await.unwrap();
    assert_eq!(found.len(), 1, "the answer was lost, the worklog was kept: a search finds it");
    let err = tempo.create(&fields(10001, "2026-12-01 09:00", 600, None)).await.unwrap_err();
    assert!(err.to_string().contains("Work attribute 'Account' is required"), "the object form is read too: {err}");
    no_violations(&s);
}

#[tokio::test]
async fn nothing_leaves_for_a_host_outside_the_allow_list() {
    let s = server(TempoConfig::default());
    let base = Url::parse(&s.url()).unwrap();
    let elsewhere = Url::parse("https://api.tempo.io").unwrap();
    let http = Http::new(AllowList::new([&elsewhere]), Duration::from_secs(5)).unwrap();
    let tempo = Tempo::new(http, base, &Secret::new("tempo-token-1")).unwrap();
    let err: TempoError = tempo.accounts().await.unwrap_err();
    assert_eq!((err.code(), err.never_sent()), ("tempo.not_allowed", true));
    assert_eq!(s.counters().requests, 0);
}
