//! Stint changes or deletes only worklogs it created, on the site and account it created them
//! on: a worklog id from an export is taken only for that site and account, and every PUT or
//! DELETE first reads the worklog and checks that it carries the entry's uid and the signed-in
//! account as its author.

use serde_json::{json, Value};

use crate::common::Home;
use crate::support::{api_token_login, json, run, server};

/// A hand-made export, as someone might craft one: its entries point at worklogs by id.
fn export_file(home: &Home, jira_head: Value, entries: Value) -> std::path::PathBuf {
    let doc = json!({
        "format": "stint-export", "version": 1, "exported_at": "2026-11-25T10:00:00+01:00", "running": null,
        "jira": jira_head, "entries": entries,
    });
    let path = home.path().join("crafted.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    path
}

#[test]
fn a_colleague_s_worklog_is_never_changed_or_deleted() {
    let jira = server(|_| {});
    let home = Home::new();
    api_token_login(&home, &jira);
    let who = json(&home, &jira, &["whoami"]);
    let theirs = jira.insert_worklog("ABC-1", "2026-11-20T09:00:00.000+0100", 8 * 3600);
    let also_theirs = jira.insert_worklog("ABC-2", "2026-11-20T09:00:00.000+0100", 4 * 3600);
    // The export claims both for this site and account: one removed, one edited (queued).
    let entry = |uid: &str, issue: &str, sync: &str, worklog: &str, deleted: bool| {
        json!({ "id": 1, "uid": uid, "issue": issue, "started": "2026-11-20T09:00:00+01:00", "seconds": 7200,
                "note": null, "sync": sync, "worklog_id": worklog, "deleted": deleted })
    };
    let file = export_file(
        &home,
        json!({ "site": who["site"], "account_id": who["account_id"] }),
        json!([
            entry("aaaa-1", "ABC-1", "synced", &theirs, true),
            entry("aaaa-2", "ABC-2", "pending", &also_theirs, false),
            { "id": 3, "uid": "aaaa-3", "issue": "ABC-3", "started": "2026-11-20T14:00:00+01:00", "seconds": 1800,
              "note": null, "sync": "pending", "worklog_id": null, "deleted": false },
        ]),
    );
    let file = file.to_str().unwrap();
    // The preview says plainly what it would do in Jira.
    let preview = json(&home, &jira, &["import", file, "--dry-run"]);
    assert_eq!((preview["changes_in_jira"].as_u64(), preview["deletions_in_jira"].as_u64()), (Some(1), Some(1)));
    let text = run(&home, &jira, &["import", file, "--dry-run"]).stdout;
    assert!(text.contains("changes 1 worklog and deletes 1 worklog already in Jira"), "{text}");
    json(&home, &jira, &["import", file, "--yes"]);

    let summary = json(&home, &jira, &["sync"]);
    assert_eq!(
        (summary["failed"].as_u64(), summary["pushed"].as_u64()),
        (Some(2), Some(1)),
        "the rest flows: {summary}"
    );
    let held: Vec<(String, i64)> = jira.worklogs().iter().map(|w| (w.id.to_string(), w.seconds)).collect();
    assert!(held.contains(&(theirs.clone(), 8 * 3600)), "not deleted, not changed: {held:?}");
    assert!(held.contains(&(also_theirs.clone(), 4 * 3600)), "not changed: {held:?}");
    let list = json(&home, &jira, &["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    let refused: Vec<&Value> = list.as_array().unwrap().iter().filter(|e| e["sync"] == "failed").collect();
    assert!(!refused.is_empty(), "{list}");
    for e in &refused {
        assert_eq!(e["error"]["code"], "jira.not_yours", "{e}");
        assert!(e["error"]["message"].as_str().unwrap().contains("someone else logged it"), "{e}");
    }
    // Trying again does not touch them either: the entries lose their link and are sent as new.
    run(&home, &jira, &["retry", "--all"]);
    json(&home, &jira, &["sync"]);
    let held: Vec<(String, i64)> = jira.worklogs().iter().map(|w| (w.id.to_string(), w.seconds)).collect();
    assert!(held.contains(&(theirs, 8 * 3600)) && held.contains(&(also_theirs, 4 * 3600)), "{held:?}");
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn an_export_from_another_site_comes_back_on_this_machine_only() {
    let site_a = server(|_| {});
    let site_b = server(|_| {});
    let home = Home::new();
    api_token_login(&home, &site_a);
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    json(&home, &site_a, &["sync"]);
    assert_eq!(site_a.worklogs().len(), 1);
    let json_file = home.path().join("out.json");
    let csv_file = home.path().join("out.csv");
    home.ok(&["export", "--out", json_file.to_str().unwrap()]);
    home.ok(&["export", "--format", "csv", "--out", csv_file.to_str().unwrap()]);
    home.ok(&["purge", "--yes"]);

    api_token_login(&home, &site_b);
    for file in [&json_file, &csv_file] {
        let file = file.to_str().unwrap();
        let preview = json(&home, &site_b, &["import", file, "--dry-run", "--sync"]);
        assert_eq!((preview["unlinked"].as_u64(), preview["to_sync"].as_u64()), (Some(1), Some(0)), "{preview}");
        let text = run(&home, &site_b, &["import", file, "--dry-run"]).stdout;
        assert!(text.contains("in Jira elsewhere"), "{text}");
    }
    json(&home, &site_b, &["import", json_file.to_str().unwrap(), "--yes", "--sync"]);
    let list = home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    assert_eq!(list[0]["sync"], "local", "{list}");
    json(&home, &site_b, &["sync"]);
    assert!(site_b.worklogs().is_empty(), "nothing reached site B");
    assert_eq!(site_a.worklogs().len(), 1, "site A's worklog is as it was");
}

#[test]
fn a_second_site_is_added_entries_go_where_their_project_is_routed_and_one_signed_out_holds_only_its_own() {
    let issue = |key: &str, summary: &str| (key.to_string(), summary.to_string());
    let site_a = server(|c| c.issues = Some(vec![issue("ABC-1", "Login page"), issue("ABC-2", "Checkout flow")]));
    let site_b = server(|c| c.issues = Some(vec![issue("ENG-1", "Engine checkout"), issue("ABC-2", "Checkout flow")]));
    let home = Home::new();
    api_token_login(&home, &site_a);
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    json(&home, &site_a, &["sync"]);
    // Signing in to a second site adds it; the first stays the default.
    let mut child = crate::support::stint(
        &home,
        &site_b,
        &["login", "--site", &site_b.url(), "--email", "ada@example.com", "--api-token-stdin"],
    )
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"api-token-1\n").unwrap();
    let added = crate::common::finish(child.wait_with_output().unwrap());
    assert_eq!(added.code, 0, "{}", added.stderr);
    // A site is named by its host (here with its port), as `whoami` shows it without the scheme.
    let host = |h: &stint_jira_server::Handle| h.url().split_once("://").unwrap().1.to_string();
    let (host_a, host_b) = (host(&site_a), host(&site_b));
    let who = json(&home, &site_a, &["whoami"]);
    let sites: Vec<(String, bool, bool)> = who["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["site"].as_str().unwrap().trim_end_matches('/').to_string(),
                s["default"] == true,
                s["signed_in"] == true,
            )
        })
        .collect();
    assert_eq!(sites, [(site_a.url(), true, true), (site_b.url(), false, true)], "{who}");
    assert_eq!(
        who["site"].as_str().map(|s| s.trim_end_matches('/')),
        Some(site_a.url().as_str()),
        "the default's at the top"
    );
    let text = run(&home, &site_a, &["whoami"]).stdout;
    assert!(text.contains("Signed in to 2 sites") && text.contains("(default)"), "{text}");

    // ENG goes to B (named by its host); the rest to the default.
    let routed = json(&home, &site_a, &["site", "route", "eng", &host_b]);
    assert_eq!(routed["sites"][1]["projects"], json!(["ENG"]), "{routed}");
    home.ok(&["add", "ENG-1", "30m", "--at", "2026-11-20 11:00"]);
    home.ok(&["add", "ABC-2", "30m", "--at", "2026-11-20 12:00"]);
    let summary = json(&home, &site_a, &["sync"]);
    assert_eq!(summary["pushed"], 2, "{summary}");
    assert_eq!(summary["sites"].as_array().map(Vec::len), Some(2), "{summary}");
    let issues = |h: &stint_jira_server::Handle| {
        let mut v: Vec<String> = h.worklogs().iter().map(|w| w.issue.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(issues(&site_a), ["ABC-1", "ABC-2"]);
    assert_eq!(issues(&site_b), ["ENG-1"]);
    let day = || home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    let site_of = |list: &Value, issue: &str| -> String {
        let e = list.as_array().unwrap().iter().find(|e| e["issue"] == issue).unwrap();
        e["site"].as_str().unwrap().trim_end_matches('/').to_string()
    };
    let list = day();
    assert_eq!((site_of(&list, "ABC-2"), site_of(&list, "ENG-1")), (site_a.url(), site_b.url()), "{list}");

    // An entry on A moved to B: deleted there, created here, by one sync.
    let abc2 = list.as_array().unwrap().iter().find(|e| e["issue"] == "ABC-2").unwrap()["id"].to_string();
    let moved = json(&home, &site_a, &["edit", &abc2, "--site", &site_b.url()]);
    assert_eq!(
        moved["entry"]["site"].as_str().map(|s| s.trim_end_matches('/')),
        Some(site_b.url().as_str()),
        "{moved}"
    );
    let summary = json(&home, &site_a, &["sync"]);
    assert_eq!((summary["deleted"].as_u64(), summary["pushed"].as_u64()), (Some(1), Some(1)), "{summary}");
    assert_eq!(issues(&site_a), ["ABC-1"]);
    assert_eq!(issues(&site_b), ["ABC-2", "ENG-1"]);
    let list = day();
    let abc2_now = list.as_array().unwrap().iter().find(|e| e["issue"] == "ABC-2").unwrap();
    assert_eq!(abc2_now["sync"], "synced", "{list}");
    let text = run(&home, &site_a, &["list", "--from", "2026-11-20", "--to", "2026-11-20"]).stdout;
    assert!(text.lines().next().unwrap().contains("SITE"), "a site column, with entries on two sites: {text}");
    assert!(text.lines().any(|l| l.contains("ENG-1") && l.contains(&host_b)), "{text}");
    assert!(text.lines().any(|l| l.contains("ABC-1") && l.contains(&host_a)), "{text}");
    // A search asks both sites; each issue found says where.
    let found = json(&home, &site_a, &["issues", "checkout"]);
    assert_eq!(
        found["issues"],
        json!([
            { "key": "ABC-2", "summary": "Checkout flow", "site": format!("{}/", site_a.url()) },
            { "key": "ENG-1", "summary": "Engine checkout", "site": format!("{}/", site_b.url()) },
        ]),
        "{found}"
    );
    // Logged with a site named, an entry goes there whatever its project's rule.
    let added = json(&home, &site_a, &["add", "ABC-2", "20m", "--at", "2026-11-20 16:00", "--site", &host_b]);
    assert_eq!(added["site"], format!("{}/", site_b.url()), "{added}");
    // The running timer says where it goes, with two sites to tell apart.
    home.ok(&["start", "ENG-1", "--at", "2026-11-20 17:00"]);
    let status = home.json(&["status"]);
    assert_eq!(status["running"]["site"], format!("{}/", site_b.url()), "{status}");
    assert!(home.ok(&["status"]).contains(&format!("for {host_b}.")), "the text says so too");
    home.ok(&["rm", &status["running"]["id"].to_string()]);
    let unknown = run(&home, &site_a, &["edit", &abc2, "--site", "nowhere.example.com"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);

    // Signed out of B: its entry waits, A's flows; the sync says what B needs.
    let out = json(&home, &site_a, &["logout", &host_b]);
    assert_eq!(out["had_sign_in"], true, "{out}");
    home.ok(&["add", "ENG-1", "15m", "--at", "2026-11-20 14:00"]);
    home.ok(&["add", "ABC-1", "15m", "--at", "2026-11-20 15:00"]);
    let synced = run(&home, &site_a, &["sync"]);
    assert_eq!(synced.code, 1, "B is not signed in: {}", synced.stderr);
    assert!(synced.stdout.contains(&format!("{}/: 1 created", site_a.url())), "{}", synced.stdout);
    assert!(synced.stderr.contains(&format!("stint login --site {}", site_b.url())), "{}", synced.stderr);
    assert_eq!(issues(&site_a), ["ABC-1", "ABC-1"], "A's entry went");
    assert_eq!(issues(&site_b), ["ABC-2", "ENG-1"], "B's waits");
    let waiting = day();
    let eng: Vec<&Value> = waiting.as_array().unwrap().iter().filter(|e| e["sync"] == "needs_sign_in").collect();
    let waiting_issues: Vec<&str> = eng.iter().map(|e| e["issue"].as_str().unwrap()).collect();
    assert_eq!(waiting_issues, ["ENG-1", "ABC-2"], "B's two wait: {waiting}");

    // A site Stint does not know is named back with those it does; nothing changes.
    let unknown = run(&home, &site_a, &["logout", "nowhere.example.com"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("not signed in to `nowhere.example.com`"), "{}", unknown.stderr);
    assert!(unknown.stderr.contains(&site_a.url()), "{}", unknown.stderr);
    assert!(site_a.violations().is_empty() && site_b.violations().is_empty());
}

#[test]
fn a_site_that_is_down_keeps_its_own_entries_while_the_other_syncs() {
    let site_a = server(|_| {});
    let site_b = server(|_| {});
    let home = Home::new();
    api_token_login(&home, &site_a);
    api_token_login(&home, &site_b);
    let b = site_b.url();
    json(&home, &site_a, &["site", "route", "ENG", &b]);
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    home.ok(&["add", "ENG-1", "1h", "--at", "2026-11-20 10:00"]);
    drop(site_b); // B is down: nothing answers at its address.
    let synced = run(&home, &site_a, &["sync", "--json"]);
    assert_eq!(synced.code, 1, "B's entry is left: {}", synced.stderr);
    let summary: Value = serde_json::from_str(&synced.stdout).unwrap();
    assert_eq!((summary["pushed"].as_u64(), summary["remaining"].as_u64()), (Some(1), Some(1)), "{summary}");
    let b_part = summary["sites"].as_array().unwrap().iter().find(|s| s["site"] == format!("{b}/")).unwrap().clone();
    assert_eq!(b_part["stopped"]["code"], "jira.unreachable", "{summary}");
    assert_eq!(site_a.worklogs().len(), 1, "A's entry went");
    let list = home.json(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
    let states: Vec<(&str, &str)> =
        list.as_array().unwrap().iter().map(|e| (e["issue"].as_str().unwrap(), e["sync"].as_str().unwrap())).collect();
    assert_eq!(states, [("ABC-1", "synced"), ("ENG-1", "pending")], "B's waits, kept: {list}");
}
