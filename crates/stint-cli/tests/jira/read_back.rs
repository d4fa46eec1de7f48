//! Reading Jira's worklogs back (`stint pull`): edits and deletions made in Jira flow back, a
//! change made on both sides waits for the person, and the person's time logged elsewhere (on
//! Jira's page, by Stint on another machine) is read, while colleagues' and Tempo's app user's
//! worklogs are not; a read that fails changes nothing.

use std::time::Duration;

use serde_json::Value;
use stint_jira_server::{Fault, Faults, Who};

use crate::common::Home;
use crate::support::{api_token_login, data_center_login, json, run, server};

/// A day a few days ago, as `--at` takes it and as Jira writes `started` (UTC: the homes' zone).
fn days_ago(n: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::days(n)).format("%Y-%m-%d").to_string()
}

fn jira_time(day: &str, hour: u32) -> String {
    format!("{day}T{hour:02}:00:00.000+0000")
}

fn entry(home: &Home, id: &str) -> Value {
    let list = home.json(&["list", "--from", "2000-01-01", "--to", "2099-12-31"]);
    let id: i64 = id.parse().unwrap();
    list.as_array().unwrap().iter().find(|e| e["id"].as_i64() == Some(id)).cloned().unwrap_or(Value::Null)
}

#[test]
fn edits_and_deletions_made_in_jira_flow_back_and_time_logged_elsewhere_is_read() {
    let jira = server(|c| c.hide_recent_changes = Duration::ZERO);
    let home = Home::new();
    api_token_login(&home, &jira);
    let day = days_ago(3);
    let at = |hour: u32| format!("{day} {hour:02}:00");
    let a = home.json(&["add", "ABC-1", "1h", "--at", &at(9), "--note", "first"])["id"].to_string();
    let b = home.json(&["add", "ABC-2", "30m", "--at", &at(11)])["id"].to_string();
    let c = home.json(&["add", "ABC-3", "2h", "--at", &at(13)])["id"].to_string();
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 3);
    let worklog_on = |issue: &str| jira.worklogs().into_iter().find(|w| w.issue == issue).unwrap().id.to_string();

    // In Jira: one edited, one deleted, one edited while it is also edited here; time logged on
    // Jira's page and by Stint on a laptop; a colleague's and Tempo's app user's worklogs.
    assert!(jira.edit_in_jira(&worklog_on("ABC-1"), 7200, Some("longer, on the web")));
    assert!(jira.delete_in_jira(&worklog_on("ABC-2")));
    home.ok(&["edit", &c, "--duration", "90m"]);
    assert!(jira.edit_in_jira(&worklog_on("ABC-3"), 3000, None));
    jira.log_in_jira(Who::Me, "ABC-9", &jira_time(&day, 15), 1800, Some("meeting"));
    jira.log_in_jira_with_uid(Who::Me, "ABC-8", &jira_time(&day, 16), 900, None, Some("uid-on-the-laptop"));
    jira.log_in_jira(Who::Colleague(1), "ABC-1", &jira_time(&day, 10), 600, None);
    jira.log_in_jira(Who::TempoApp, "ABC-7", &jira_time(&day, 8), 600, None);

    // The sync read the window in full; this read looks only at what changed on the site.
    let pulled = json(&home, &jira, &["pull"]);
    let count = |name: &str| pulled[name].as_u64().unwrap_or(u64::MAX);
    assert_eq!(
        [count("took_jira"), count("deleted_in_jira"), count("conflicts"), count("elsewhere"), count("other_machines")],
        [1, 1, 1, 1, 1],
        "{pulled}"
    );
    assert!(pulled["stopped"].is_null(), "{pulled}");
    // The ids updated and deleted, the updated worklogs by id, and the keys of the two issues
    // the sync's read did not meet (ABC-8, ABC-9); the colleague's and Tempo's are skipped.
    assert_eq!((pulled["full"].as_bool(), pulled["requests"].as_u64()), (Some(false), Some(5)), "{pulled}");
    let a_now = entry(&home, &a);
    assert_eq!((a_now["seconds"].as_i64(), a_now["note"].as_str()), (Some(7200), Some("longer, on the web")));
    assert_eq!(a_now["sync"], "synced");
    assert!(!entry(&home, &b).is_null(), "an entry is never deleted by what Jira says");
    assert_eq!(entry(&home, &c)["seconds"], 5400, "a conflict changes neither side");
    // The week counts each worklog once: Stint's entries (the conflicted one as it is here) and
    // the person's time logged elsewhere; not a colleague's, not Tempo's app user's.
    let week = home.json(&["week", &day]);
    assert_eq!(
        (week["from_stint_seconds"].as_i64(), week["elsewhere_seconds"].as_i64()),
        (Some(7200 + 1800 + 5400), Some(1800 + 900)),
        "{week}"
    );
    assert_eq!(week["total_seconds"], 7200 + 1800 + 5400 + 1800 + 900);
    let shown = home.ok(&["week", &day]);
    assert!(shown.contains("of it logged elsewhere"), "{shown}");
    let audit = home.json(&["audit"]);
    assert!(audit.to_string().contains("took Jira's edit"), "{audit}");

    // A full read finds the same, and changes nothing more. One search, then each issue once:
    // the four JQL finds, and ABC-2, whose only worklog of the person's was deleted (found
    // through the entry that had it).
    let again = json(&home, &jira, &["pull", "--full"]);
    assert_eq!((again["took_jira"].as_u64(), again["conflicts"].as_u64()), (Some(0), Some(1)), "{again}");
    assert_eq!((again["issues"].as_u64(), again["requests"].as_u64()), (Some(5), Some(6)), "{again}");
    assert_eq!((again["elsewhere"].as_u64(), again["other_machines"].as_u64()), (Some(1), Some(1)), "{again}");
    let text = run(&home, &jira, &["pull", "--full"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.contains("changed here and in Jira"), "{}", text.stdout);

    // `list` marks both, and says how to settle them; each is settled.
    assert_eq!(entry(&home, &c)["jira"], "conflict");
    assert_eq!(entry(&home, &b)["jira"], "deleted");
    let listed = home.ok(&["list", "--from", &day, "--to", &day]);
    assert!(listed.contains(&format!("stint resolve {c} --keep-mine")), "{listed}");
    assert!(listed.contains(&format!("stint resolve {b} --push-again")), "{listed}");
    let wrong = home.run(&["resolve", &b, "--keep-mine"]);
    assert_eq!(wrong.code, 1, "{}", wrong.stderr);
    assert!(wrong.stderr.contains("no conflict with Jira to settle"), "{}", wrong.stderr);
    assert_eq!(home.json(&["resolve", &c, "--take-jira"])["entry"]["seconds"], 3000);
    assert!(entry(&home, &c)["jira"].is_null());
    assert_eq!(home.json(&["resolve", &b, "--push-again"])["entry"]["sync"], "pending");
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 1, "created again");
    assert!(jira.worklogs().iter().any(|w| w.issue == "ABC-2"));
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn a_conflict_kept_mine_goes_to_jira_and_a_deletion_dropped_goes_here() {
    let jira = server(|c| c.hide_recent_changes = Duration::ZERO);
    let home = Home::new();
    api_token_login(&home, &jira);
    let day = days_ago(1);
    let mine = home.json(&["add", "ABC-1", "1h", "--at", &format!("{day} 09:00")])["id"].to_string();
    let gone = home.json(&["add", "ABC-2", "1h", "--at", &format!("{day} 11:00")])["id"].to_string();
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 2);
    let worklog_on = |issue: &str| jira.worklogs().into_iter().find(|w| w.issue == issue).unwrap().id.to_string();
    home.ok(&["edit", &mine, "--duration", "75m"]);
    assert!(jira.edit_in_jira(&worklog_on("ABC-1"), 600, None));
    assert!(jira.delete_in_jira(&worklog_on("ABC-2")));
    let pulled = json(&home, &jira, &["pull"]);
    assert_eq!((pulled["conflicts"].as_u64(), pulled["deleted_in_jira"].as_u64()), (Some(1), Some(1)), "{pulled}");
    assert_eq!(home.json(&["resolve", &mine, "--keep-mine"])["entry"]["seconds"], 4500);
    assert!(home.json(&["resolve", &gone, "--drop"])["entry"].is_null());
    assert!(entry(&home, &gone).is_null(), "dropped here");
    assert_eq!(json(&home, &jira, &["sync"])["updated"], 1);
    assert_eq!(jira.worklogs().iter().find(|w| w.issue == "ABC-1").unwrap().seconds, 4500, "mine went to Jira");
    let after = json(&home, &jira, &["pull"]);
    assert_eq!((after["conflicts"].as_u64(), after["took_jira"].as_u64()), (Some(0), Some(0)), "{after}");
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn a_read_that_fails_changes_nothing() {
    let jira = server(|c| c.hide_recent_changes = Duration::ZERO);
    let home = Home::new();
    api_token_login(&home, &jira);
    let day = days_ago(2);
    home.ok(&["add", "ABC-1", "1h", "--at", &format!("{day} 09:00")]);
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 1);
    let id = jira.worklogs()[0].id.to_string();
    assert!(jira.edit_in_jira(&id, 7200, None));
    let before = home.snapshot();
    jira.set_faults(Faults { rate: 1.0, kinds: vec![Fault::Error500], ..Faults::default() });
    let failed = run(&home, &jira, &["pull", "--json"]);
    assert_eq!(failed.code, 1, "{}", failed.stdout);
    assert!(failed.stdout.contains("\"stopped\""), "{}", failed.stdout);
    assert_eq!(home.snapshot(), before, "nothing changed");
    jira.set_faults(Faults::default());
    assert_eq!(json(&home, &jira, &["pull"])["took_jira"], 1);
}

#[test]
fn a_worklog_changed_in_jira_is_never_written_over_by_a_sync() {
    let jira = server(|c| c.hide_recent_changes = Duration::ZERO);
    let home = Home::new();
    api_token_login(&home, &jira);
    let day = days_ago(2);
    let id = home.json(&["add", "ABC-1", "1h", "--at", &format!("{day} 09:00"), "--note", "mine"])["id"].to_string();
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 1);
    let worklog = jira.worklogs()[0].id.to_string();
    // Changed on both sides before the next sync: the push reads the worklog first, sees Jira's
    // change, and leaves both as they are.
    home.ok(&["edit", &id, "--duration", "90m"]);
    assert!(jira.edit_in_jira(&worklog, 7200, Some("theirs")));
    let synced = json(&home, &jira, &["sync"]);
    assert_eq!((synced["updated"].as_u64(), synced["conflicts"].as_u64()), (Some(0), Some(1)), "{synced}");
    assert_eq!(synced["remaining"], 0, "a conflict is not waiting to be sent: {synced}");
    let text = run(&home, &jira, &["sync"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let in_jira = jira.worklogs()[0].clone();
    assert_eq!(in_jira.seconds, 7200, "Jira's edit stands");
    assert_eq!(entry(&home, &id)["seconds"], 5400, "and so does this machine's");
    assert_eq!(entry(&home, &id)["jira"], "conflict");
    let audit = home.json(&["audit"]).to_string();
    assert!(audit.contains("changed in Jira"), "{audit}");
    // Settled as the person chooses: this machine's values go, over Jira's as it now is.
    home.ok(&["resolve", &id, "--keep-mine"]);
    let synced = json(&home, &jira, &["sync"]);
    assert_eq!((synced["updated"].as_u64(), synced["conflicts"].as_u64()), (Some(1), Some(0)), "{synced}");
    assert_eq!(jira.worklogs()[0].seconds, 5400);
    // Pushed values read back as the same: no conflict with itself.
    let read = &synced["read_back"];
    assert_eq!((read["conflicts"].as_u64(), read["took_jira"].as_u64()), (Some(0), Some(0)), "{synced}");
    assert!(entry(&home, &id)["jira"].is_null());
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn a_sync_reads_back_and_a_look_at_nothing_changed_costs_two_requests() {
    let jira = server(|c| c.hide_recent_changes = Duration::ZERO);
    let home = Home::new();
    api_token_login(&home, &jira);
    let day = days_ago(1);
    home.ok(&["add", "ABC-1", "1h", "--at", &format!("{day} 09:00")]);
    let synced = json(&home, &jira, &["sync"]);
    assert_eq!(synced["pushed"], 1);
    let read = &synced["read_back"];
    assert_eq!(
        (read["full"].as_bool(), read["stopped"].is_null()),
        (Some(true), true),
        "the first read is full: {synced}"
    );
    // Colleagues on the same site log time: their ids come in the changes, their worklogs are
    // read by id (1000 at a time) and skipped.
    for n in 0..120u32 {
        let issue = format!("ABC-{}", 2 + n % 7);
        jira.log_in_jira(Who::Colleague(n % 49), &issue, &jira_time(&day, 8 + n % 10), 600, None);
    }
    let pulled = json(&home, &jira, &["pull"]);
    assert_eq!((pulled["full"].as_bool(), pulled["requests"].as_u64()), (Some(false), Some(3)), "{pulled}");
    assert_eq!(pulled["elsewhere"], 0, "{pulled}");
    let quiet = json(&home, &jira, &["pull"]);
    assert_eq!((quiet["full"].as_bool(), quiet["requests"].as_u64()), (Some(false), Some(2)), "{quiet}");
    // The week counts none of the colleagues' time.
    assert_eq!(home.json(&["week", &day])["elsewhere_seconds"], 0);
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn time_logged_elsewhere_is_listed_read_only_and_can_be_adopted() {
    let jira = server(|c| c.hide_recent_changes = Duration::ZERO);
    let home = Home::new();
    api_token_login(&home, &jira);
    let day = days_ago(2);
    home.ok(&["add", "ABC-1", "1h", "--at", &format!("{day} 09:00")]);
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 1);
    jira.log_in_jira(Who::Me, "ABC-9", &jira_time(&day, 13), 1800, Some("standup, on the web"));
    assert_eq!(json(&home, &jira, &["pull"])["elsewhere"], 1);

    let list = home.json(&["list", "--from", &day, "--to", &day]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{list}");
    let theirs = rows.iter().find(|r| r["issue"] == "ABC-9").unwrap();
    assert_eq!((theirs["id"].is_null(), theirs["sync"].as_str()), (true, Some("in_jira")), "{theirs}");
    assert_eq!((theirs["logged"].as_str(), theirs["seconds"].as_i64()), (Some("elsewhere"), Some(1800)));
    assert!(theirs["read_at"].is_string(), "{theirs}");
    assert!(theirs.get("note").is_none(), "no comment is kept of time logged elsewhere: {theirs}");
    let worklog_id = theirs["worklog_id"].as_str().unwrap().to_string();
    let text = home.ok(&["list", "--from", &day, "--to", &day]);
    assert!(text.contains(&format!("`stint adopt {worklog_id}`")), "{text}");
    assert!(text.contains("In Jira, not from Stint here: 1 worklog, 30m (as of "), "{text}");

    // Adopted: an entry with Jira's comment as its note, linked to the same worklog.
    let bad = home.run(&["adopt", "w1"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    let unknown = home.run(&["adopt", "999999"]);
    assert_eq!(unknown.code, 1, "{}", unknown.stderr);
    let adopted = home.json(&["adopt", &worklog_id]);
    assert_eq!((adopted["issue"].as_str(), adopted["note"].as_str()), (Some("ABC-9"), Some("standup, on the web")));
    assert_eq!(adopted["sync"], "synced");
    let id = adopted["id"].to_string();
    let list = home.json(&["list", "--from", &day, "--to", &day]);
    assert!(list.as_array().unwrap().iter().all(|r| !r["id"].is_null()), "now an entry, listed once: {list}");
    assert_eq!(home.json(&["week", &day])["total_seconds"], 3600 + 1800, "counted once");

    // Edited here, it goes to the same worklog in Jira; nothing is duplicated.
    home.ok(&["edit", &id, "--duration", "45m"]);
    let synced = json(&home, &jira, &["sync"]);
    assert_eq!((synced["updated"].as_u64(), synced["pushed"].as_u64()), (Some(1), Some(0)), "{synced}");
    let in_jira = jira.worklogs();
    assert_eq!(in_jira.len(), 2);
    assert_eq!(in_jira.iter().find(|w| w.id.to_string() == worklog_id).unwrap().seconds, 2700);
    let again = home.run(&["adopt", &worklog_id]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn two_machines_on_one_account_never_duplicate_and_follow_each_other() {
    let jira = server(|c| c.hide_recent_changes = Duration::ZERO);
    let (desk, laptop) = (Home::new(), Home::new());
    api_token_login(&desk, &jira);
    api_token_login(&laptop, &jira);
    let day = days_ago(1);
    let on_desk =
        desk.json(&["add", "ABC-1", "2h", "--at", &format!("{day} 09:00"), "--note", "desk"])["id"].to_string();
    laptop.ok(&["add", "ABC-2", "1h", "--at", &format!("{day} 14:00")]);
    assert_eq!(json(&desk, &jira, &["sync"])["pushed"], 1);
    let laptop_sync = json(&laptop, &jira, &["sync"]);
    assert_eq!(laptop_sync["pushed"], 1);
    // Each sees the other's as Stint's from another machine, and counts the week the same.
    assert_eq!(laptop_sync["read_back"]["other_machines"], 1, "{laptop_sync}");
    assert_eq!(json(&desk, &jira, &["pull"])["other_machines"], 1);
    let week = |home: &Home| {
        let w = home.json(&["week", &day]);
        (w["total_seconds"].as_i64(), w["from_stint_seconds"].as_i64(), w["elsewhere_seconds"].as_i64())
    };
    assert_eq!(week(&desk), (Some(3 * 3600), Some(2 * 3600), Some(3600)));
    assert_eq!(week(&laptop), (Some(3 * 3600), Some(3600), Some(2 * 3600)));

    // The laptop adopts the desk's entry and edits it; the desk takes the edit at its next read.
    let row = laptop.json(&["list", "--from", &day, "--to", &day]);
    let desk_row = row.as_array().unwrap().iter().find(|r| r["issue"] == "ABC-1").unwrap().clone();
    assert_eq!(desk_row["logged"], "other_machine", "{desk_row}");
    let adopted = laptop.json(&["adopt", desk_row["worklog_id"].as_str().unwrap()]);
    assert_eq!(adopted["note"], "desk");
    laptop.ok(&["edit", &adopted["id"].to_string(), "--duration", "150m"]);
    assert_eq!(json(&laptop, &jira, &["sync"])["updated"], 1);
    assert_eq!(json(&desk, &jira, &["sync"])["read_back"]["took_jira"], 1);
    assert_eq!(entry(&desk, &on_desk)["seconds"], 9000);
    assert_eq!(jira.worklogs().len(), 2, "never duplicated");
    // The same total on both; the split differs (the laptop now holds both as entries).
    assert_eq!(week(&desk), (Some(9000 + 3600), Some(9000), Some(3600)));
    assert_eq!(week(&laptop), (Some(9000 + 3600), Some(9000 + 3600), Some(0)));
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn data_center_reads_back_within_its_per_user_rate_limit() {
    // Data Center's token bucket: 5 requests a second, then 429 with an HTML page and no
    // Retry-After. Nothing is lost and nothing stops: each request waits for its token.
    let jira = server(|c| {
        c.hide_recent_changes = Duration::ZERO;
        c.token_bucket_per_second = Some(5);
    });
    let home = Home::new();
    data_center_login(&home, &jira);
    let day = days_ago(2);
    for hour in 8..14 {
        home.ok(&["add", &format!("DC-{hour}"), "30m", "--at", &format!("{day} {hour:02}:00")]);
    }
    jira.log_in_jira(Who::Me, "DC-99", &jira_time(&day, 16), 3600, Some("on the web"));
    let synced = json(&home, &jira, &["sync"]);
    assert_eq!((synced["pushed"].as_u64(), synced["remaining"].as_u64()), (Some(6), Some(0)), "{synced}");
    let read = &synced["read_back"];
    assert_eq!((read["full"].as_bool(), read["elsewhere"].as_u64()), (Some(true), Some(1)), "{synced}");
    assert!(read["stopped"].is_null(), "{synced}");
    assert!(jira.counters().rate_limited > 0, "the bucket was met: {:?}", jira.counters());
    assert_eq!(home.json(&["week", &day])["total_seconds"], 6 * 1800 + 3600);
    // An edit in Jira comes back through Data Center's worklog/updated and worklog/list too.
    let id = jira.worklogs().into_iter().find(|w| w.issue == "DC-8").unwrap().id.to_string();
    assert!(jira.edit_in_jira(&id, 2700, None));
    let pulled = json(&home, &jira, &["pull"]);
    assert_eq!((pulled["full"].as_bool(), pulled["took_jira"].as_u64()), (Some(false), Some(1)), "{pulled}");
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn status_counts_today_as_the_week_does_with_time_logged_elsewhere() {
    let jira = server(|c| c.hide_recent_changes = Duration::ZERO);
    let home = Home::new();
    api_token_login(&home, &jira);
    let today = days_ago(0);
    // At the very start of today (UTC, the homes' zone), whatever the hour the test runs at.
    jira.log_in_jira(Who::Me, "ABC-5", &format!("{today}T00:00:00.000+0000"), 60, None);
    home.ok(&["start", "ABC-6"]);
    assert_eq!(json(&home, &jira, &["pull"])["elsewhere"], 1);
    let status = home.json(&["status"]);
    let week = home.json(&["week", &today]);
    let day = week["days"].as_array().unwrap().iter().find(|d| d["date"] == today.as_str()).unwrap().clone();
    let (shown, counted) = (status["today_seconds"].as_i64().unwrap(), day["seconds"].as_i64().unwrap());
    // The running timer may tick a second between the two calls.
    assert!((counted - shown).abs() <= 1 && shown >= 60, "status {shown} s, week {counted} s");
    assert_eq!(status["today_target_seconds"], day["target_seconds"], "today's target is the week's");
    // And the running timer and the worklog logged elsewhere are that day's parts of it.
    assert_eq!(day["elsewhere_seconds"], 60);
    assert_eq!(day["seconds"].as_i64().unwrap(), 60 + day["running_seconds"].as_i64().unwrap());
    assert!(home.ok(&["status"]).contains("Today: "), "the CLI says it too");
}
