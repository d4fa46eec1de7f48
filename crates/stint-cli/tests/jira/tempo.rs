//! A site whose worklogs go to Tempo: the real `stint`, the real keychain, the Jira test server as
//! the site's Jira and the Tempo stand-in as its Tempo. Each entry is billed to the Account the
//! issue's field names, else its project's default link, else the person's choice; an entry no
//! Account can be found for is refused before anything about it is sent; Tempo-logged time is
//! read back into the week.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;
use stint_jira_server::tempo::{start_tempo, TempoConfig, TempoHandle, TempoOAuthApp};
use stint_jira_server::{tempo_site_issues, Handle};

use crate::common::{finish, Home, Run};
use crate::support::{api_token_login, json, keychain_account, keychain_lookup, run, server, stint, BrowserLogin};

/// The keychain item of this home's first site's Tempo token.
fn tempo_item(home: &Home) -> String {
    keychain_account(home).replace("jira-", "tempo-") + "-site1"
}

/// A day a few days ago (UTC, the homes' zone).
fn days_ago(n: i64) -> chrono::NaiveDate {
    (chrono::Utc::now() - chrono::Duration::days(n)).date_naive()
}

/// `stint tempo login` with `token` on standard input, and `extra` arguments.
pub fn tempo_login(home: &Home, jira: &Handle, token: &str, extra: &[&str]) -> Run {
    let mut args = vec!["tempo", "login", "--api-token-stdin"];
    args.extend_from_slice(extra);
    let mut child =
        stint(home, jira, &args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(format!("{token}\n").as_bytes()).unwrap();
    finish(child.wait_with_output().unwrap())
}

/// The Tempo stand-in and its site's Jira, ABC-2's Account field set to INTERNAL (id 2).
fn tempo_site() -> (TempoHandle, Handle) {
    tempo_site_with(|_| {})
}

fn tempo_site_with(tweak: impl FnOnce(&mut TempoConfig)) -> (TempoHandle, Handle) {
    let mut config = TempoConfig::default();
    tweak(&mut config);
    let jira_issues = tempo_site_issues(&config, &[("ABC-2", 2)]);
    let tempo = start_tempo(config, 0).unwrap();
    let jira = server(|c| c.tempo_issues = jira_issues);
    (tempo, jira)
}

fn account_of(w: &stint_jira_server::tempo::TempoWorklog) -> Option<String> {
    w.attributes.get("_Account_").cloned()
}

fn failed_codes(home: &Home) -> Vec<(String, String)> {
    let list = home.json(&["list", "--from", "2000-01-01", "--to", "2099-12-31"]);
    list.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["sync"] == "failed")
        .map(|e| (e["issue"].as_str().unwrap().to_string(), e["error"]["code"].as_str().unwrap_or("").to_string()))
        .collect()
}

#[test]
fn a_tempo_site_bills_each_entry_to_its_account_and_refuses_before_sending_what_it_cannot() {
    let (tempo, jira) = tempo_site();
    let home = Home::new();
    api_token_login(&home, &jira);

    // Bad input changes nothing: an unknown region, a token Tempo refuses.
    let bad = tempo_login(&home, &jira, "tempo-token-1", &["--region", "mars"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("`mars` is not a Tempo region"), "{}", bad.stderr);
    let refused = tempo_login(&home, &jira, "not-a-token", &["--region", &tempo.url()]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("Tempo does not accept"), "{}", refused.stderr);
    assert!(!refused.stderr.contains("not-a-token"), "the token is never shown");
    let who = json(&home, &jira, &["whoami"]);
    assert_eq!(who["sites"][0]["destination"], "jira", "nothing changed: {who}");

    let signed = tempo_login(&home, &jira, "tempo-token-1", &["--region", &tempo.url(), "--json"]);
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let who: Value = serde_json::from_str(&signed.stdout).unwrap();
    assert_eq!(who["sites"][0]["destination"], "tempo", "{who}");
    assert_eq!(who["sites"][0]["tempo_api"], tempo.url().as_str());
    assert!(home.ok(&["whoami"]).contains("worklogs go to Tempo (127.0.0.1"), "{}", home.ok(&["whoami"]));

    let day = days_ago(3).to_string();
    let at = |hour: u32| format!("{day} {hour:02}:00");
    home.ok(&["add", "ABC-1", "1h", "--at", &at(9), "--note", "Planning"]);
    home.ok(&["add", "ABC-2", "30m", "--at", &at(10)]);
    home.ok(&["add", "ENG-1", "45m", "--at", &at(11)]);
    home.ok(&["add", "OPS-1", "15m", "--at", &at(12)]);

    let summary = json(&home, &jira, &["sync"]);
    assert_eq!((summary["pushed"].as_u64(), summary["failed"].as_u64()), (Some(2), Some(2)), "{summary}");
    let mut billed: Vec<(i64, Option<String>)> = tempo.worklogs().iter().map(|w| (w.issue_id, account_of(w))).collect();
    billed.sort();
    assert_eq!(
        billed,
        [(10001, Some("ACME".into())), (10002, Some("INTERNAL".into()))],
        "ABC-1 by its project's default link, ABC-2 by its own Account field"
    );
    let planning = tempo.worklogs().into_iter().find(|w| w.issue_id == 10001).unwrap();
    assert_eq!(
        (planning.start_date, planning.start_time.to_string()),
        (days_ago(3), "09:00:00".into()),
        "the local start"
    );
    assert_eq!((planning.seconds, planning.description.as_str()), (3600, "Planning"));
    assert!(planning.attributes.contains_key("_StintEntry_"), "the entry's uid rides along");
    assert_eq!(
        failed_codes(&home),
        [("ENG-1".into(), "tempo.attribute_missing".into()), ("OPS-1".into(), "tempo.attribute_missing".into())],
        "no Account for ENG (no link) nor OPS (its one link is closed): refused before sending"
    );
    let list = home.ok(&["list", "--from", &day, "--to", &day]);
    assert!(list.contains("Tempo requires Account"), "{list}");

    // The person bills ENG to INTERNAL: an unknown or closed account is refused first.
    let wrong = home.fails(&["tempo", "account", "ENG", "NOPE"], 2);
    assert!(wrong.contains("the open ones are ACME, INTERNAL"), "{wrong}");
    home.fails(&["tempo", "account", "ENG", "OLDCO"], 2);
    let chose = json(&home, &jira, &["tempo", "account", "ENG", "INTERNAL"]);
    assert_eq!(chose["chosen"], serde_json::json!([{ "scope": "ENG", "account": "INTERNAL" }]), "{chose}");
    let keys: Vec<&str> = chose["accounts"].as_array().unwrap().iter().map(|a| a["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["ACME", "INTERNAL"], "the open ones only");
    let listed = home.ok(&["tempo", "account"]);
    assert!(listed.contains("ENG → INTERNAL") && listed.contains("ACME (Acme Corp)"), "{listed}");
    home.ok(&["retry", "--all"]);
    let summary = json(&home, &jira, &["sync"]);
    assert_eq!((summary["pushed"].as_u64(), summary["failed"].as_u64()), (Some(1), Some(1)), "{summary}");
    let eng = tempo.worklogs().into_iter().find(|w| w.issue_id == 30001).expect("ENG-1 in Tempo");
    assert_eq!(account_of(&eng).as_deref(), Some("INTERNAL"));

    // Jira's own worklogs were never written, and every request fit each vendor's document.
    assert!(jira.worklogs().is_empty(), "{:?}", jira.worklogs());
    assert!(tempo.violations().is_empty(), "{:?}", tempo.violations());
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());

    // A site whose entries are in Tempo does not go back to Jira's own worklogs under them.
    let off = home.fails(&["tempo", "off"], 1);
    assert!(off.contains("3 entries of") && off.contains("already are in Tempo"), "{off}");

    // The token is in the keychain only, and a purge deletes it with the Jira sign-in's.
    assert_eq!(
        keychain_lookup(&tempo_item(&home)).as_deref(),
        Some(r#"{"kind":"personal_token","token":"tempo-token-1"}"#)
    );
    let item = tempo_item(&home);
    home.ok(&["purge", "--yes"]);
    assert_eq!(keychain_lookup(&item), None, "purge deletes the Tempo token too");
}

#[test]
fn tempo_logged_time_is_read_back_and_a_lost_token_holds_only_tempo_s_queue() {
    // Seven required hours a working day, and a holiday two days ago (whatever day that is).
    let holiday = days_ago(2);
    let (tempo, jira) = tempo_site_with(|c| {
        c.daily_seconds = 7 * 3600;
        c.holidays = vec![(holiday, "Founders' Day".into())];
    });
    let home = Home::new();
    api_token_login(&home, &jira);
    assert_eq!(tempo_login(&home, &jira, "tempo-token-1", &["--region", &tempo.url()]).code, 0);
    let day = days_ago(2);
    let logged = tempo.log_in_tempo(10003, day, "14:00:00", 5400, "ACME");
    home.ok(&["add", "ABC-1", "30m", "--at", &format!("{day} 09:00")]);
    let summary = json(&home, &jira, &["sync"]);
    assert_eq!(summary["pushed"].as_u64(), Some(1), "{summary}");
    let read = &summary["read_back"];
    assert_eq!(read["elsewhere"].as_u64(), Some(1), "the time logged on Tempo's page: {summary}");
    let week = home.json(&["week", &day.to_string()]);
    let shown = week["days"].as_array().unwrap().iter().find(|d| d["date"] == day.to_string().as_str()).unwrap();
    assert_eq!(shown["seconds"].as_i64(), Some(1800 + 5400), "{shown}");
    assert_eq!(shown["elsewhere_seconds"].as_i64(), Some(5400), "{shown}");
    // Tempo's required hours replace the daily target (8 hours here): the holiday requires none.
    for d in week["days"].as_array().unwrap() {
        let date: chrono::NaiveDate = d["date"].as_str().unwrap().parse().unwrap();
        let weekend = matches!(chrono::Datelike::weekday(&date), chrono::Weekday::Sat | chrono::Weekday::Sun);
        let want = if date == holiday || weekend { 0 } else { 7 * 3600 };
        assert_eq!(d["target_seconds"].as_i64(), Some(want), "{date}: {d}");
    }
    assert!(tempo.delete_in_tempo(logged));

    // The Tempo token is deleted: the site's entries wait, its Jira sign-in is untouched.
    let out = home.ok(&["tempo", "logout"]);
    assert!(out.contains("Tempo API token was deleted"), "{out}");
    assert_eq!(keychain_lookup(&tempo_item(&home)), None);
    home.ok(&["add", "ABC-2", "10m", "--at", &format!("{day} 11:00")]);
    let waiting = run(&home, &jira, &["sync", "--json"]);
    assert_eq!(waiting.code, 1, "{}", waiting.stderr);
    let summary: Value = serde_json::from_str(&waiting.stdout).unwrap();
    assert_eq!(summary["remaining"].as_u64(), Some(1), "{summary}");
    assert_eq!(summary["stopped"]["remedy"]["kind"], "sign_in_to_tempo", "{summary}");
    let text = run(&home, &jira, &["sync"]);
    assert!(text.stderr.contains("stint tempo login --site"), "{}{}", text.stdout, text.stderr);
    assert_eq!(json(&home, &jira, &["whoami"])["signed_in"], true);
    assert_eq!(tempo_login(&home, &jira, "tempo-token-1", &["--region", &tempo.url()]).code, 0);
    let summary = json(&home, &jira, &["sync"]);
    assert_eq!((summary["pushed"].as_u64(), summary["remaining"].as_u64()), (Some(1), Some(0)), "{summary}");
    assert_eq!(tempo.worklogs().len(), 2);
    assert!(tempo.violations().is_empty(), "{:?}", tempo.violations());
}

#[test]
fn approved_timesheets_keep_entries_back_a_closed_period_is_refused_and_a_submitted_one_is_warned_about() {
    use chrono::Datelike;
    let monday = |d: chrono::NaiveDate| d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()));
    let (approved, closed, review) = (monday(days_ago(21)), monday(days_ago(14)), monday(days_ago(7)));
    let (tempo, jira) = tempo_site();
    tempo.set_approval(approved, stint_jira_server::tempo::Approval::Approved);
    tempo.close_week(closed);
    tempo.set_approval(review, stint_jira_server::tempo::Approval::InReview);
    let home = Home::new();
    api_token_login(&home, &jira);
    assert_eq!(tempo_login(&home, &jira, "tempo-token-1", &["--region", &tempo.url()]).code, 0);
    let tuesday = |monday: chrono::NaiveDate| format!("{} 10:00", monday + chrono::Duration::days(1));
    home.ok(&["add", "ABC-1", "1h", "--at", &tuesday(approved)]);
    home.ok(&["add", "ABC-2", "1h", "--at", &tuesday(closed)]);
    home.ok(&["add", "ABC-3", "1h", "--at", &tuesday(review)]);
    let writes_before = tempo.counters().writes;

    let run = run(&home, &jira, &["sync", "--json"]);
    let summary: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!((summary["pushed"].as_u64(), summary["failed"].as_u64()), (Some(1), Some(2)), "{summary}");
    let warnings = summary["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{summary}");
    assert!(warnings[0].as_str().unwrap().contains(&format!("{review} to")), "{summary}");
    assert!(warnings[0].as_str().unwrap().contains("waits for approval"), "{summary}");
    assert_eq!(
        failed_codes(&home),
        [("ABC-1".into(), "tempo.period_closed".into()), ("ABC-2".into(), "tempo.period_closed".into())]
    );
    // The approved week was known before sending: only the closed week's create reached Tempo.
    assert_eq!(tempo.counters().writes - writes_before, 2, "the closed week's refused create and the review week's");
    let list = home.json(&[
        "list",
        "--from",
        &approved.to_string(),
        "--to",
        &(review + chrono::Duration::days(6)).to_string(),
    ]);
    let message = |issue: &str| {
        list.as_array().unwrap().iter().find(|e| e["issue"] == issue).unwrap()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(message("ABC-1").contains("is approved, and Tempo refuses changes to it"), "{}", message("ABC-1"));
    assert!(message("ABC-2").contains("week is closed in Tempo"), "{}", message("ABC-2"));
    let text = home.ok(&["sync"]);
    assert!(!text.contains("Note:"), "nothing left to send into the submitted week: {text}");
    assert_eq!(tempo.worklogs().len(), 1);
    assert!(tempo.violations().is_empty(), "{:?}", tempo.violations());
}

/// `stint tempo login --oauth` with the stand-in's app, its secret on standard input.
fn tempo_oauth_start(home: &Home, jira: &Handle, tempo: &TempoHandle, client_id: &str, secret: &str) -> BrowserLogin {
    let args = [
        "tempo",
        "login",
        "--oauth",
        "--client-id",
        client_id,
        "--client-secret-stdin",
        "--region",
        &tempo.url(),
        "--no-browser",
        "--timeout",
        "30s",
        "--json",
    ];
    BrowserLogin::start_command(home, jira, &args, &[], Some(&format!("{secret}\n")))
}

/// The OAuth pair kept for this home's first site's Tempo: `(access, refresh)`, read with
/// secret-tool, not Stint.
fn kept_pair(home: &Home) -> Option<(String, String)> {
    let item: Value = serde_json::from_str(&keychain_lookup(&tempo_item(home))?).unwrap();
    assert_eq!(item["kind"], "oauth", "{item}");
    assert_eq!(item["app"]["client_id"], "tempo-oauth-client", "the app is kept with the pair");
    Some((item["access_token"].as_str()?.to_string(), item["refresh_token"].as_str()?.to_string()))
}

#[test]
fn tempo_oauth_signs_in_in_the_browser_renews_its_pair_and_revokes_it_on_logout() {
    // Access tokens that live 30 s: inside Stint's one-minute margin, so every job renews first.
    let (tempo, jira) = tempo_site_with(|c| {
        c.oauth_app = Some(TempoOAuthApp { access_ttl: std::time::Duration::from_secs(30), ..TempoOAuthApp::default() })
    });
    let home = Home::new();
    api_token_login(&home, &jira);

    // Bad input changes nothing: a client id that cannot be one (exit 2), and a wrong secret,
    // which Tempo's token endpoint refuses after the browser came back (exit 2: the app's words
    // were wrong, and the message says where to find the right ones).
    let mut bad = stint(
        &home,
        &jira,
        &["tempo", "login", "--oauth", "--client-id", "two words", "--client-secret-stdin", "--region", &tempo.url()],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    bad.stdin.take().unwrap().write_all(b"tempo-oauth-secret\n").unwrap();
    let bad = finish(bad.wait_with_output().unwrap());
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("not a Tempo OAuth client id"), "{}", bad.stderr);
    let wrong = tempo_oauth_start(&home, &jira, &tempo, "tempo-oauth-client", "not-the-secret");
    wrong.follow();
    let wrong = wrong.finish();
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(wrong.stderr.contains("Tempo refused the OAuth app"), "{}", wrong.stderr);
    assert!(!wrong.stderr.contains("not-the-secret"), "the secret is never shown");
    assert!(keychain_lookup(&tempo_item(&home)).is_none(), "nothing was kept");
    assert_eq!(json(&home, &jira, &["whoami"])["sites"][0]["destination"], "jira");

    // The browser goes to Tempo's authorize page for this site, with a state and PKCE.
    let login = tempo_oauth_start(&home, &jira, &tempo, "tempo-oauth-client", "tempo-oauth-secret");
    let authorize = url::Url::parse(&login.url).unwrap();
    assert_eq!(authorize.path(), "/oauth/authorize/redirect", "{authorize}");
    let query: std::collections::HashMap<String, String> = authorize.query_pairs().into_owned().collect();
    assert_eq!(query["jira_url"], jira.url().trim_end_matches('/'), "{authorize}");
    assert_eq!(query["client_id"], "tempo-oauth-client");
    assert_eq!(query["redirect_uri"], format!("http://localhost:{}/callback", login.port));
    assert!(query["state"].len() >= 16 && query["code_challenge_method"] == "S256", "{authorize}");
    assert!(!login.url.contains("tempo-oauth-secret"), "the secret never goes to the browser");
    login.follow();
    let signed = login.finish();
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let who: Value = serde_json::from_str(&signed.stdout).unwrap();
    assert_eq!(
        (who["sites"][0]["destination"].as_str(), who["sites"][0]["tempo_api"].as_str()),
        (Some("tempo"), Some(tempo.url().as_str())),
        "{who}"
    );
    let (first_access, first_refresh) = kept_pair(&home).expect("the pair is in the keychain");
    assert_eq!(tempo.oauth_counts(), (1, 0, 0), "one code exchanged: the wrong secret was refused before");

    // A sync renews the pair (it expires within the margin) and keeps the new one before using it.
    let day = days_ago(3).to_string();
    home.ok(&["add", "ABC-1", "1h", "--at", &format!("{day} 09:00"), "--note", "Planning"]);
    let summary = json(&home, &jira, &["sync"]);
    assert_eq!(summary["pushed"], 1, "{summary}");
    let (access, refresh) = kept_pair(&home).unwrap();
    assert!(access != first_access && refresh != first_refresh, "the pair rotated");
    assert!(!tempo.oauth_access_ok(&first_access), "the old pair no longer works at Tempo");
    assert!(tempo.oauth_access_ok(&access));
    assert_eq!(tempo.oauth_counts().1, 1, "one renewal for the whole sync");
    // The next process finds the new pair and renews from it.
    home.ok(&["add", "ABC-1", "30m", "--at", &format!("{day} 11:00")]);
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 1);
    assert_eq!(tempo.oauth_counts().1, 2);
    let billed: Vec<Option<String>> = tempo.worklogs().iter().map(account_of).collect();
    assert_eq!(billed, [Some("ACME".to_string()), Some("ACME".to_string())]);
    assert!(jira.worklogs().is_empty(), "nothing went to Jira's own worklogs");

    // Logging out asks Tempo to revoke the pair, then forgets it; the site's entries wait.
    let (access, _) = kept_pair(&home).unwrap();
    let out = run(&home, &jira, &["tempo", "logout"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(tempo.oauth_counts().2, 1);
    assert!(!tempo.oauth_access_ok(&access), "revoked at Tempo");
    assert!(keychain_lookup(&tempo_item(&home)).is_none());
    assert!(tempo.violations().is_empty(), "{:?}", tempo.violations());
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

/// What Tempo's own sync does with worklogs made through Jira's API: a copy of each in Tempo,
/// with Jira's id for the mapper. Returns the Tempo ids, in Jira's order.
fn tempo_copies_jira(tempo: &TempoHandle, jira: &Handle) -> Vec<i64> {
    let ids: std::collections::HashMap<String, i64> =
        TempoConfig::default().issues.into_iter().map(|i| (i.key, i.id)).collect();
    jira.worklogs()
        .iter()
        .map(|w| {
            let start = chrono::DateTime::parse_from_str(&w.started, "%Y-%m-%dT%H:%M:%S%.3f%z").unwrap();
            let text = w.comment.as_ref().and_then(|c| c["content"][0]["content"][0]["text"].as_str()).unwrap_or("");
            tempo.copy_from_jira(w.id as i64, ids[&w.issue], start.naive_local(), w.seconds, text)
        })
        .collect()
}

#[test]
fn a_site_s_jira_worklogs_go_to_tempo_with_it_and_are_never_made_twice() {
    let (tempo, jira) = tempo_site();
    let home = Home::new();
    api_token_login(&home, &jira);
    let day = days_ago(3).to_string();
    home.ok(&["add", "ABC-1", "1h", "--at", &format!("{day} 09:00"), "--note", "Planning"]);
    home.ok(&["add", "ABC-2", "30m", "--at", &format!("{day} 10:00")]);
    home.ok(&["add", "ABC-3", "15m", "--at", &format!("{day} 11:00")]);
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 3);
    assert_eq!(jira.worklogs().len(), 3);
    let ids: Vec<i64> = home
        .json(&["list", "--from", &day, "--to", &day])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();

    // Tempo has not copied them yet: the switch is refused whole, and nothing changes.
    let early = tempo_login(&home, &jira, "tempo-token-1", &["--region", &tempo.url()]);
    assert_eq!(early.code, 1, "{}", early.stderr);
    assert!(early.stderr.contains("Tempo does not know 3 of the worklogs"), "{}", early.stderr);
    assert_eq!(json(&home, &jira, &["whoami"])["sites"][0]["destination"], "jira");
    assert!(keychain_lookup(&tempo_item(&home)).is_none(), "nothing was kept");
    // The same through Tempo's OAuth: the pair Tempo gave is not kept, so it is revoked there.
    let login = tempo_oauth_start(&home, &jira, &tempo, "tempo-oauth-client", "tempo-oauth-secret");
    login.follow();
    let refused = login.finish();
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("Tempo does not know 3 of the worklogs"), "{}", refused.stderr);
    assert_eq!(tempo.oauth_counts(), (1, 0, 1), "exchanged, then revoked");
    assert!(keychain_lookup(&tempo_item(&home)).is_none(), "nothing was kept");

    // A request to Jira whose answer never came (a sync killed mid-flight) is settled first.
    home.ok(&["edit", &ids[1].to_string(), "--note", "Review"]);
    let db = rusqlite::Connection::open(home.database()).unwrap();
    db.execute(
        "UPDATE entries SET sync_state = 'pushing', push_op = 'update', pushed_at = unixepoch(), pushed_revision = revision
         WHERE id = ?1",
        [ids[1]],
    )
    .unwrap();
    let in_flight = tempo_login(&home, &jira, "tempo-token-1", &["--region", &tempo.url()]);
    assert_eq!(in_flight.code, 1, "{}", in_flight.stderr);
    assert!(in_flight.stderr.contains("a request out to Jira whose answer is not known yet"), "{}", in_flight.stderr);
    assert_eq!(json(&home, &jira, &["whoami"])["sites"][0]["destination"], "jira");
    assert_eq!(json(&home, &jira, &["sync"])["updated"], 1, "the sync settles it in Jira");
    let copies = tempo_copies_jira(&tempo, &jira);

    // Now each entry takes its worklog's Tempo id: nothing is sent again.
    let signed = tempo_login(&home, &jira, "tempo-token-1", &["--region", &tempo.url()]);
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    assert_eq!(json(&home, &jira, &["whoami"])["sites"][0]["destination"], "tempo");
    let writes = tempo.counters().writes;
    let quiet = json(&home, &jira, &["sync"]);
    assert_eq!((quiet["pushed"].as_u64(), quiet["updated"].as_u64()), (Some(0), Some(0)), "{quiet}");
    assert_eq!(tempo.counters().writes, writes, "no worklog is made twice");
    assert_eq!(quiet["read_back"]["elsewhere"].as_u64(), Some(0), "Tempo's copies are the entries: {quiet}");
    let week = home.json(&["week", &day]);
    let shown = week["days"].as_array().unwrap().iter().find(|d| d["date"] == day.as_str()).unwrap();
    assert_eq!((shown["seconds"].as_i64(), shown["elsewhere_seconds"].as_i64()), (Some(6300), Some(0)), "{shown}");

    // Their later edits and removals go to those worklogs in Tempo, with the Account Tempo needs.
    home.ok(&["edit", &ids[0].to_string(), "--duration", "45m"]);
    home.ok(&["rm", &ids[2].to_string()]);
    let summary = json(&home, &jira, &["sync"]);
    assert_eq!((summary["updated"].as_u64(), summary["deleted"].as_u64()), (Some(1), Some(1)), "{summary}");
    let left = tempo.worklogs();
    assert_eq!(left.iter().map(|w| w.id).collect::<Vec<_>>(), copies[..2].to_vec(), "the third is deleted, none made");
    assert_eq!((left[0].seconds, left[0].description.as_str()), (45 * 60, "Planning"));
    assert_eq!(account_of(&left[0]).as_deref(), Some("ACME"), "the PUT resends every field, the Account with them");
    assert_eq!(jira.worklogs().len(), 3, "Jira's own worklogs were not touched after the switch");
    assert!(tempo.violations().is_empty(), "{:?}", tempo.violations());
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn a_required_attribute_besides_the_account_is_filled_by_the_person_s_choice() {
    let (tempo, jira) = tempo_site_with(|c| {
        c.attributes.push(stint_jira_server::tempo::Attribute {
            key: "_Phase_".into(),
            name: "Phase".into(),
            kind: "STATIC_LIST".into(),
            required: true,
            values: vec!["Build".into(), "Run".into()],
        })
    });
    let home = Home::new();
    api_token_login(&home, &jira);
    assert_eq!(tempo_login(&home, &jira, "tempo-token-1", &["--region", &tempo.url()]).code, 0);
    let day = days_ago(3).to_string();
    home.ok(&["add", "ABC-1", "1h", "--at", &format!("{day} 09:00")]);

    // Nothing names the Phase: the entry is refused before anything is sent, with what to do.
    let summary = json(&home, &jira, &["sync"]);
    assert_eq!((summary["pushed"].as_u64(), summary["failed"].as_u64()), (Some(0), Some(1)), "{summary}");
    assert_eq!(failed_codes(&home), [("ABC-1".into(), "tempo.value_missing".into())]);
    let list = home.ok(&["list", "--from", &day, "--to", &day]);
    assert!(
        list.contains("Tempo requires Phase") && list.contains("stint tempo value PROJECT ATTRIBUTE VALUE"),
        "{list}"
    );
    assert_eq!(tempo.counters().writes, 0);
    let listed = home.ok(&["tempo", "value"]);
    assert!(listed.contains("Tempo also requires Phase (one of Build, Run): nothing chosen"), "{listed}");

    // Bad input changes nothing: an attribute the site does not require, a value not in the list.
    let unknown = home.fails(&["tempo", "value", "ABC", "Colour", "Build"], 2);
    assert!(unknown.contains("no work attribute `Colour`") && unknown.contains("it requires Phase"), "{unknown}");
    let outside = home.fails(&["tempo", "value", "ABC", "Phase", "Deploy"], 2);
    assert!(outside.contains("give one of its values: Build, Run"), "{outside}");
    assert_eq!(home.json(&["tempo", "value"])["values"], serde_json::json!([]));

    // Chosen (Tempo's own spelling kept), sent again, and carried on the worklog with the Account.
    let chosen = home.json(&["tempo", "value", "abc", "phase", "build"]);
    assert_eq!(chosen["values"], serde_json::json!([{ "scope": "ABC", "attribute": "Phase", "value": "Build" }]));
    assert_eq!(chosen["attributes"][0]["values"], serde_json::json!(["Build", "Run"]), "{chosen}");
    home.ok(&["retry", "--all"]);
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 1);
    let worklog = &tempo.worklogs()[0];
    assert_eq!(worklog.attributes.get("_Phase_").map(String::as_str), Some("Build"));
    assert_eq!(account_of(worklog).as_deref(), Some("ACME"));
    let forgotten = home.json(&["tempo", "value", "ABC", "Phase"]);
    assert_eq!(forgotten["values"], serde_json::json!([]));
    assert!(tempo.violations().is_empty(), "{:?}", tempo.violations());
}
