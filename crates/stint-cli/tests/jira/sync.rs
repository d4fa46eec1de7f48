//! Syncing: a backlog made offline, Jira's refusals and their reasons, edits, moves and deletions,
//! a lost sign-in, issue search, one sync at a time, and refreshes from two processes at once.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use stint_jira_server::{start, Fault, Faults, ServerConfig};

use crate::common::{finish, Home};
use crate::support::{api_token_login, json, oauth_login, run, seed_entries, server, stint};

#[test]
fn a_backlog_made_offline_reaches_jira_when_it_is_back() {
    let port = crate::support::free_port();
    let jira = start(ServerConfig::default(), port).unwrap();
    let home = Home::new();
    api_token_login(&home, &jira);
    let env = jira.stint_env();
    let site = jira.url();
    drop(jira); // the network is gone
    let made = seed_entries(&home, 3, 10);
    let mut cmd = home.command(&["sync", "--json"]);
    cmd.envs(env.clone()).env("STINT_HTTP_TIMEOUT", "3s");
    let offline = finish(cmd.output().unwrap());
    assert_eq!(offline.code, 1, "{}", offline.stderr);
    let summary: Value = serde_json::from_str(&offline.stdout).unwrap();
    assert_eq!(summary["remaining"], 30, "{summary}");
    assert!(offline.stderr.contains("could not reach"), "{}", offline.stderr);
    let list = home.json(&["list", "--from", "2026-09-01"]);
    assert!(list.as_array().unwrap().iter().all(|e| e["sync"] == "pending"), "nothing lost, nothing half-sent: {list}");

    let jira = start(ServerConfig::default(), port).unwrap();
    assert_eq!(jira.url(), site);
    let done = json(&home, &jira, &["sync"]);
    assert_eq!((done["pushed"].as_u64(), done["remaining"].as_u64()), (Some(30), Some(0)), "{done}");
    let worklogs = jira.worklogs();
    assert_eq!(worklogs.len(), made.len());
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn jira_s_refusals_are_kept_with_its_reason_and_the_rest_flows_on() {
    let jira =
        server(|c| c.issues = Some(vec![("ABC-1".into(), "Login page".into()), ("ABC-2".into(), "Logout".into())]));
    let home = Home::new();
    api_token_login(&home, &jira);
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    let bad = home.json(&["add", "GONE-9", "30m", "--at", "2026-11-20 11:00"])["id"].as_i64().unwrap();
    home.ok(&["add", "ABC-2", "45m", "--at", "2026-11-20 13:00"]);
    let summary = json(&home, &jira, &["sync"]);
    assert_eq!(
        (summary["pushed"].as_u64(), summary["failed"].as_u64(), summary["remaining"].as_u64()),
        (Some(2), Some(1), Some(0))
    );
    let list = home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    let failed = list.as_array().unwrap().iter().find(|e| e["id"] == bad).unwrap().clone();
    assert_eq!(failed["sync"], "failed");
    assert_eq!(failed["error"]["code"], "jira.not_found", "{failed}");
    let message = failed["error"]["message"].as_str().unwrap();
    // What Jira said is kept; what to do is each shell's to say (the window has no commands).
    assert!(message.contains("GONE-9") && message.contains("Issue does not exist"), "{message}");
    assert!(!message.contains("stint "), "{message}");
    assert!(list.as_array().unwrap().iter().filter(|e| e["id"] != bad).all(|e| e.get("error").is_none()));
    let text = home.ok(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    assert!(text.contains("↳") && text.contains("Issue does not exist"), "{text}");
    assert!(text.contains(&format!("`stint edit {bad} --issue KEY`")), "the CLI says it as a command: {text}");

    // Fixing the entry puts it back in the queue.
    home.ok(&["edit", &bad.to_string(), "--issue", "ABC-2"]);
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 1);
    // A retry of something that has not failed says so.
    let refused = run(&home, &jira, &["retry", &bad.to_string()]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    let again = home.json(&["add", "NOPE-1", "1h", "--at", "2026-11-20 15:00"])["id"].as_i64().unwrap();
    json(&home, &jira, &["sync"]);
    assert_eq!(json(&home, &jira, &["retry", "--all"])["retried"], 1);
    assert_eq!(
        home.json(&["list", "--from", "2026-11-20"]).as_array().unwrap().iter().find(|e| e["id"] == again).unwrap()
            ["sync"],
        "pending"
    );
    let audit = json(&home, &jira, &["audit"]);
    assert!(audit.as_array().unwrap().iter().any(|l| l["outcome"] == "jira.not_found"), "{audit}");
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn edits_moves_and_removals_reach_jira_each_once() {
    let jira = server(|_| {});
    let home = Home::new();
    oauth_login(&home, &jira);
    let a = home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00", "--note", "first"])["id"].to_string();
    let b = home.json(&["add", "ABC-2", "30m", "--at", "2026-11-20 11:00"])["id"].to_string();
    let c = home.json(&["add", "ABC-3", "2h", "--at", "2026-11-20 13:00"])["id"].to_string();
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 3);
    home.ok(&["edit", &a, "--duration", "45m", "--note", "changed"]);
    home.ok(&["rm", &b]);
    home.ok(&["edit", &c, "--issue", "XYZ-9"]);
    let summary = json(&home, &jira, &["sync"]);
    assert_eq!(
        (summary["updated"].as_u64(), summary["deleted"].as_u64(), summary["pushed"].as_u64()),
        (Some(1), Some(2), Some(1)),
        "the move deleted its old worklog and created one: {summary}"
    );
    let worklogs = jira.worklogs();
    assert_eq!(worklogs.len(), 2, "{worklogs:?}");
    let on = |issue: &str| worklogs.iter().find(|w| w.issue == issue).cloned();
    let first = on("ABC-1").unwrap();
    assert_eq!(first.seconds, 2700);
    assert_eq!(stint_jira::comment_text(first.comment.as_ref().unwrap()).as_deref(), Some("changed"));
    assert!(on("ABC-2").is_none() && on("ABC-3").is_none());
    assert_eq!(on("XYZ-9").unwrap().started, "2026-11-20T13:00:00.000+0000");
    assert_eq!(home.json(&["status"])["counts"]["synced"], 2);
    // `--local` cannot hide an entry Jira has.
    let refused = run(&home, &jira, &["edit", &a, "--local"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("stint rm"), "{}", refused.stderr);
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn a_dead_sign_in_keeps_the_queue_and_says_sign_in_again() {
    let jira = server(|_| {});
    let home = Home::new();
    oauth_login(&home, &jira);
    seed_entries(&home, 2, 3);
    jira.revoke_refresh_tokens();
    jira.expire_access_tokens();
    let dead = run(&home, &jira, &["sync", "--json"]);
    assert_eq!(dead.code, 1, "{}", dead.stderr);
    assert!(dead.stderr.contains("jira.needs_sign_in") && dead.stderr.contains("stint login"), "{}", dead.stderr);
    let list = home.json(&["list", "--from", "2026-09-01"]);
    assert!(list.as_array().unwrap().iter().all(|e| e["sync"] == "needs_sign_in"), "{list}");
    assert_eq!(home.json(&["status"])["jira"]["needs_sign_in"], true);
    oauth_login(&home, &jira);
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 6);
    assert_eq!(jira.worklogs().len(), 6);
}

#[test]
fn issues_come_from_jira_and_offline_from_what_was_tracked() {
    let jira = server(|c| {
        c.issues = Some(vec![("ABC-1".into(), "Login page".into()), ("ABC-2".into(), "Checkout flow".into())])
    });
    let home = Home::new();
    home.ok(&["add", "ABC-2", "1h", "--at", "2026-11-20 09:00"]);
    // Not signed in: the issues tracked here.
    let offline = json(&home, &jira, &["issues"]);
    assert_eq!(offline["source"], "recent");
    assert_eq!(offline["issues"][0]["key"], "ABC-2");
    api_token_login(&home, &jira);
    let found = json(&home, &jira, &["issues", "login"]);
    assert_eq!(found["source"], "jira");
    assert_eq!(found["issues"][0], serde_json::json!({ "key": "ABC-1", "summary": "Login page" }));
    json(&home, &jira, &["issues", "checkout"]);
    // Summaries are kept only for issues tracked here.
    let db = rusqlite::Connection::open(home.database()).unwrap();
    let kept: Vec<String> = db
        .prepare("SELECT issue FROM issue_summaries")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(kept, ["ABC-2"]);
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn two_syncs_never_run_at_once() {
    let jira = server(|c| c.latency = Duration::from_millis(200));
    let home = Home::new();
    api_token_login(&home, &jira);
    seed_entries(&home, 2, 20);
    let first = stint(&home, &jira, &["sync"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let second = run(&home, &jira, &["sync"]);
    assert_eq!(second.code, 1, "{}", second.stderr);
    assert!(second.stderr.contains("already running"), "{}", second.stderr);
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success());
    assert_eq!(jira.worklogs().len(), 40);
}

#[test]
fn two_processes_refreshing_at_once_never_lose_the_sign_in() {
    // Strict rotation: a superseded refresh token is refused at once, so two processes refreshing
    // with the same one would sign the user out.
    let jira = server(|c| {
        c.issues = Some(vec![("RACE-1".into(), "Race".into())]);
        c.refresh_reuse_window = Duration::ZERO;
    });
    let home = Home::new();
    oauth_login(&home, &jira);
    for round in 0..20 {
        jira.expire_access_tokens();
        let spawn = || {
            stint(&home, &jira, &["issues", "race", "--json"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let run = finish(child.wait_with_output().unwrap());
            assert_eq!(run.code, 0, "round {round}: {}", run.stderr);
            let found: Value = serde_json::from_str(&run.stdout).unwrap();
            assert_eq!(found["source"], "jira", "round {round}: {found}");
        }
    }
    let counters = jira.counters();
    assert_eq!(counters.refused_refreshes, 0, "{counters:?}");
    assert_eq!(counters.refreshes, 20, "one refresh per round, by one of the two: {counters:?}");
    assert_eq!(json(&home, &jira, &["whoami"])["signed_in"], true);
}

#[test]
fn a_long_wait_asked_by_jira_ends_the_sync_and_says_from_when_to_try() {
    let jira = server(|_| {});
    let home = Home::new();
    api_token_login(&home, &jira);
    seed_entries(&home, 1, 2);
    // An hourly quota spent: Jira asks for 50 minutes.
    jira.set_faults(Faults { rate: 1.0, seed: 7, kinds: vec![Fault::RateLimitQuota], retry_after_secs: 3000 });
    let began = std::time::Instant::now();
    let held = run(&home, &jira, &["sync", "--json"]);
    assert!(began.elapsed() < Duration::from_secs(20), "a sync never sits through Jira's hour: {:?}", began.elapsed());
    assert_eq!(held.code, 1, "{}", held.stderr);
    let summary: Value = serde_json::from_str(&held.stdout).unwrap();
    assert_eq!(summary["remaining"], 2, "{summary}");
    let next_try = chrono::DateTime::parse_from_rfc3339(summary["next_try"].as_str().unwrap()).unwrap();
    let ahead = next_try.to_utc() - chrono::Utc::now();
    assert!(ahead > chrono::Duration::minutes(45) && ahead <= chrono::Duration::minutes(50), "{summary}");
    let error: Value = serde_json::from_str(held.stderr.lines().last().unwrap()).unwrap();
    assert_eq!(error["error"]["code"], "jira.wait", "{error}");
    assert_eq!(error["error"]["remedy"]["kind"], "sync_again_from", "{error}");
    assert!(error["error"]["message"].as_str().unwrap().contains("wait 50 min"), "{error}");

    let worded = run(&home, &jira, &["sync"]);
    assert!(worded.stderr.contains("run `stint sync` again from "), "{}", worded.stderr);
    let list = home.json(&["list", "--from", "2026-09-01"]);
    assert!(list.as_array().unwrap().iter().all(|e| e["sync"] == "pending"), "kept, still queued: {list}");

    jira.set_faults(Faults::default());
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 2);
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn an_ailing_jira_is_tried_a_few_times_then_left_for_the_next_sync() {
    let jira = server(|_| {});
    let home = Home::new();
    api_token_login(&home, &jira);
    seed_entries(&home, 1, 1);
    jira.set_faults(Faults { rate: 1.0, seed: 7, kinds: vec![Fault::Error503], retry_after_secs: 1 });
    let ailing = run(&home, &jira, &["sync", "--json"]);
    assert_eq!(ailing.code, 1, "{}", ailing.stderr);
    let summary: Value = serde_json::from_str(&ailing.stdout).unwrap();
    assert_eq!((summary["remaining"].as_u64(), summary["next_try"].as_str()), (Some(1), None), "{summary}");
    let error: Value = serde_json::from_str(ailing.stderr.lines().last().unwrap()).unwrap();
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("1 entry could not be sent yet") && message.contains("503"),
        "names what Jira said: {message}"
    );
    assert!(message.contains("run `stint sync` again later"), "{message}");
    assert_eq!(jira.counters().faults, 5, "a bounded number of tries");

    jira.set_faults(Faults::default());
    let began = std::time::Instant::now();
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 1);
    assert!(
        began.elapsed() < Duration::from_secs(20),
        "no wait for an answer Jira already gave: {:?}",
        began.elapsed()
    );
}

#[test]
fn a_deletion_jira_refuses_stays_in_sight_on_the_issue_it_concerns() {
    let jira = server(|_| {});
    let home = Home::new();
    api_token_login(&home, &jira);
    let removed = home.json(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"])["id"].clone();
    let moved = home.json(&["add", "ABC-1", "30m", "--at", "2026-11-20 11:00"])["id"].clone();
    let kept = home.json(&["add", "ABC-2", "2h", "--at", "2026-11-20 13:00"])["id"].clone();
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 3);
    // No permission to delete worklogs on ABC-1.
    jira.set_deletes_forbidden(&["ABC-1"]);
    home.ok(&["rm", &removed.to_string()]);
    home.ok(&["edit", &moved.to_string(), "--issue", "XYZ-9"]);
    let refused = json(&home, &jira, &["sync"]);
    assert_eq!((refused["failed"].as_u64(), refused["deleted"].as_u64()), (Some(2), Some(0)), "{refused}");
    assert_eq!(jira.worklogs().len(), 3, "nothing was deleted, nothing created twice");

    let list = home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    let find = |id: &Value| list.as_array().unwrap().iter().find(|e| &e["id"] == id).cloned().unwrap();
    let gone = find(&removed);
    assert_eq!((gone["removed"].as_bool(), gone["sync"].as_str()), (Some(true), Some("failed")), "{gone}");
    assert_eq!(gone["error"]["deletion"], true, "{gone}");
    let said = gone["error"]["message"].as_str().unwrap();
    assert!(said.contains("would not delete") && said.contains("ABC-1") && said.contains("permission"), "{said}");
    let elsewhere = find(&moved);
    assert_eq!(elsewhere["issue"], "XYZ-9");
    assert_eq!(elsewhere["error"]["issue"], "ABC-1", "the refusal names the issue it concerns: {elsewhere}");
    assert!(elsewhere["error"]["message"].as_str().unwrap().contains("on ABC-1"), "{elsewhere}");
    assert!(find(&kept).get("removed").is_none(), "absent unless removed");
    let status = home.json(&["status"]);
    assert_eq!(status["counts"]["failed"], 2, "what status counts, list shows: {status}");

    let text = home.ok(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    assert!(text.contains("removed") && text.contains(&format!("`stint retry {removed}` asks again")), "{text}");
    assert!(text.contains("2 entries, 2h 30m in all. 1 entry removed here stays in Jira"), "{text}");

    // Allowed again: a retry carries both out.
    jira.set_deletes_forbidden(&[]);
    home.ok(&["retry", &removed.to_string()]);
    home.ok(&["retry", "--all"]);
    let done = json(&home, &jira, &["sync"]);
    assert_eq!(
        (done["deleted"].as_u64(), done["pushed"].as_u64(), done["failed"].as_u64()),
        (Some(2), Some(1), Some(0)),
        "{done}"
    );
    let issues: Vec<String> = jira.worklogs().iter().map(|w| w.issue.clone()).collect();
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(issues.contains(&"XYZ-9".to_string()) && issues.contains(&"ABC-2".to_string()), "{issues:?}");
    let list = home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn never_more_than_one_write_in_flight_on_an_issue() {
    // Latency keeps requests in flight long enough to overlap; 8 go at once across issues.
    let jira = server(|c| c.latency = Duration::from_millis(40));
    let home = Home::new();
    api_token_login(&home, &jira);
    seed_entries(&home, 3, 8);
    let synced = json(&home, &jira, &["sync"]);
    assert_eq!((synced["pushed"].as_u64(), synced["remaining"].as_u64()), (Some(24), Some(0)), "{synced}");
    assert_eq!(jira.counters().most_writes_in_flight_per_issue, 1, "{:?}", jira.counters());
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn jira_s_hourly_cost_quota_pauses_everything_until_its_reset() {
    let jira = server(|_| {});
    let home = Home::new();
    api_token_login(&home, &jira);
    seed_entries(&home, 2, 2);
    // No Retry-After: the wait is read from X-RateLimit-Reset, an ISO time 50 minutes ahead.
    jira.set_faults(Faults { rate: 1.0, seed: 7, kinds: vec![Fault::RateLimitCostBased], retry_after_secs: 3000 });
    let held = run(&home, &jira, &["sync", "--json"]);
    assert_eq!(held.code, 1, "{}", held.stderr);
    let summary: Value = serde_json::from_str(&held.stdout).unwrap();
    assert_eq!(summary["remaining"], 4, "{summary}");
    let next_try = chrono::DateTime::parse_from_rfc3339(summary["next_try"].as_str().unwrap()).unwrap();
    let ahead = next_try.to_utc() - chrono::Utc::now();
    assert!(ahead > chrono::Duration::minutes(45) && ahead <= chrono::Duration::minutes(51), "{summary}");
    let error: Value = serde_json::from_str(held.stderr.lines().last().unwrap()).unwrap();
    assert_eq!(error["error"]["code"], "jira.wait", "{error}");
    // Everything paused at the first refusal: no request after it, so no burst of 429s.
    assert!(jira.counters().faults <= 2, "{:?}", jira.counters());
    assert!(summary["read_back"].is_null(), "no read-back into a spent quota: {summary}");
}
