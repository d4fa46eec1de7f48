//! Signing in, every way, and every refusal.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{finish, Home};
use crate::support::{
    api_token_login, http_get, json, keychain_account, keychain_lookup, keychain_secret, oauth_login, run,
    seed_entries, server, stint, BrowserLogin,
};

#[test]
fn oauth_in_the_browser_signs_in_and_a_second_callback_finds_nothing() {
    let jira = server(|_| {});
    let home = Home::new();
    let login = BrowserLogin::start(&home, &jira, &[]);
    let q: std::collections::HashMap<String, String> =
        url::Url::parse(&login.url).unwrap().query_pairs().into_owned().collect();
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["scope"], "read:jira-work write:jira-work read:jira-user offline_access");
    let port = login.port;
    // Any web page can send the listener a callback (<img src="http://localhost:PORT/callback">):
    // it is refused, and the real sign-in goes on.
    let (status, _, page) = http_get(&format!("http://127.0.0.1:{port}/callback?code=forged&state=forged")).unwrap();
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("not started by Stint"), "{page}");
    let (status, _, _) = http_get(&format!("http://127.0.0.1:{port}/callback")).unwrap();
    assert_eq!(status, 400);
    let callback = login.follow();
    let run = login.finish();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Signed in") && run.stdout.contains("Ada Tester"), "{}", run.stdout);
    // The listener closed: a second callback (even a replay of the first) reaches nothing.
    assert!(http_get(&callback).is_err(), "something still listens on {port}");

    let who = json(&home, &jira, &["whoami"]);
    assert_eq!((who["signed_in"].as_bool(), who["how"].as_str()), (Some(true), Some("cloud_oauth")), "{who}");
    assert_eq!(who["site"], "https://acme.atlassian.net/");
    // Atlassian ends a sign-in a year after it began: said ahead of time.
    let ends = chrono::DateTime::parse_from_rfc3339(who["ends_by"].as_str().unwrap()).unwrap();
    let ahead = ends.to_utc() - chrono::Utc::now();
    assert!(ahead > chrono::Duration::days(364) && ahead <= chrono::Duration::days(365), "{who}");
    let stored = keychain_secret(&home).expect("the token is in the keychain");
    assert!(stored.contains("refresh_token"));
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn api_tokens_and_personal_tokens_sign_in_from_standard_input() {
    let jira = server(|_| {});
    let home = Home::new();
    api_token_login(&home, &jira);
    let who = json(&home, &jira, &["whoami"]);
    assert_eq!(who["how"], "cloud_api_token");
    assert!(who["ends_by"].is_string(), "an API token lasts a year at most: {who}");
    let text = run(&home, &jira, &["whoami"]).stdout;
    assert!(text.contains("The sign-in ends by ") && text.contains("`stint login` again before"), "{text}");

    let dc = Home::new();
    let mut child = stint(&dc, &jira, &["login", "--site", &jira.url(), "--pat-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"dc-pat-1\n").unwrap();
    let login = finish(child.wait_with_output().unwrap());
    assert_eq!(login.code, 0, "{}", login.stderr);
    let who = json(&dc, &jira, &["whoami"]);
    assert_eq!((who["how"].as_str(), who["ends_by"].is_null()), (Some("data_center_token"), true), "{who}");
    // Data Center gets REST v2, with the note as a plain-text comment.
    dc.ok(&["add", "DC-1", "1h", "--at", "2026-11-20 09:00", "--note", "plain words"]);
    assert_eq!(json(&dc, &jira, &["sync"])["pushed"], 1);
    let worklogs = jira.worklogs();
    assert_eq!(worklogs[0].comment, Some(Value::String("plain words".into())));

    // A wrong token is refused, and nothing is kept.
    let nobody = Home::new();
    let mut child =
        stint(&nobody, &jira, &["login", "--site", &jira.url(), "--email", "ada@example.com", "--api-token-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
    child.stdin.take().unwrap().write_all(b"wrong-token").unwrap();
    let refused = finish(child.wait_with_output().unwrap());
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("did not accept"), "{}", refused.stderr);
    assert!(keychain_secret(&nobody).is_none());
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn data_center_oauth_signs_in_on_the_site_itself() {
    let jira = server(|_| {});
    let home = Home::new();
    let login = BrowserLogin::start(&home, &jira, &["--site", &jira.url(), "--data-center"]);
    assert!(
        login.url.contains("/rest/oauth2/latest/authorize") && login.url.contains("scope=READ+WRITE"),
        "{}",
        login.url
    );
    login.follow();
    let run = login.finish();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&home, &jira, &["whoami"])["how"], "data_center_oauth");
    home.ok(&["add", "DC-2", "30m", "--at", "2026-11-20 09:00"]);
    assert_eq!(json(&home, &jira, &["sync"])["pushed"], 1);
    assert!(jira.violations().is_empty(), "{:?}", jira.violations());
}

#[test]
fn several_sites_need_a_choice() {
    let jira = server(|c| {
        c.sites.push(stint_jira_server::SiteConfig {
            cloud_id: "99999999-0000-0000-0000-000000000000".into(),
            name: "globex".into(),
            url: "https://globex.atlassian.net".into(),
        })
    });
    let home = Home::new();
    let login = BrowserLogin::start(&home, &jira, &[]);
    login.follow();
    let run = login.finish();
    assert_eq!(run.code, 1, "off a terminal nothing can be chosen: {}", run.stderr);
    assert!(run.stderr.contains("--site") && run.stderr.contains("globex.atlassian.net"), "{}", run.stderr);
    let login = BrowserLogin::start(&home, &jira, &["--site", "https://globex.atlassian.net"]);
    login.follow();
    assert_eq!(login.finish().code, 0);
    assert_eq!(json(&home, &jira, &["whoami"])["site"], "https://globex.atlassian.net/");
}

#[test]
fn a_callback_with_another_state_is_refused() {
    let jira = server(|_| {});
    let home = Home::new();
    let login = BrowserLogin::start(&home, &jira, &[]);
    let (_, location, _) = http_get(&login.url).unwrap();
    let mut forged = url::Url::parse(&location.unwrap()).unwrap();
    let pairs: Vec<(String, String)> = forged
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" { "someone-elses-state".into() } else { v.into_owned() };
            (k.into_owned(), v)
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(pairs);
    let (status, _, page) = http_get(forged.as_str()).unwrap();
    assert_eq!(status, 400, "{page}");
    assert!(keychain_secret(&home).is_none(), "nothing was kept from it");
    // The sign-in was not cancelled by it: the real callback still completes it.
    let real = location_of(&login.url);
    let (status, _, page) = http_get(&real).unwrap();
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("finishing the sign-in"), "said before the code is exchanged: {page}");
    let run = login.finish();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&home, &jira, &["whoami"])["signed_in"], true);
}

/// Where the authorize page sends the browser (it consents at once): the real callback.
fn location_of(authorize: &str) -> String {
    http_get(authorize).unwrap().1.unwrap()
}

#[test]
fn a_code_issued_for_another_pkce_challenge_is_refused() {
    let jira = server(|_| {});
    let home = Home::new();
    let login = BrowserLogin::start(&home, &jira, &[]);
    // An attacker's authorization: the same state, but a challenge of their own.
    let mut tampered = url::Url::parse(&login.url).unwrap();
    let pairs: Vec<(String, String)> = tampered
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "code_challenge" { "A".repeat(43) } else { v.into_owned() };
            (k.into_owned(), v)
        })
        .collect();
    tampered.query_pairs_mut().clear().extend_pairs(pairs);
    let (_, location, _) = http_get(tampered.as_str()).unwrap();
    let (status, _, _) = http_get(&location.unwrap()).unwrap();
    assert_eq!(status, 200, "the callback itself looks fine");
    let run = login.finish();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("did not accept the sign-in code") && run.stderr.contains("code_verifier"),
        "{}",
        run.stderr
    );
    assert!(keychain_secret(&home).is_none());
}

#[test]
fn plain_http_to_another_machine_is_refused_before_any_request() {
    let jira = server(|_| {});
    let home = Home::new();
    let out = stint(&home, &jira, &["login", "--no-browser"])
        .env("STINT_API_GATEWAY_URL", "http://jira.example.com/ex/jira")
        .output()
        .unwrap();
    let run = finish(out);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("STINT_API_GATEWAY_URL") && run.stderr.contains("plain http"), "{}", run.stderr);
    let mut child = stint(&home, &jira, &["login", "--site", "http://jira.example.com", "--pat-stdin"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"dc-pat-1").unwrap();
    let run = finish(child.wait_with_output().unwrap());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("plain http"), "{}", run.stderr);
    assert_eq!(jira.counters().requests, 0);
}

#[test]
fn a_host_outside_the_configuration_is_never_contacted() {
    let jira = server(|_| {});
    let other = server(|_| {});
    let home = Home::new();
    oauth_login(&home, &jira);
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    // The configuration now names another gateway than the one the sign-in is on.
    let out = stint(&home, &jira, &["sync"])
        .env("STINT_API_GATEWAY_URL", format!("{}/ex/jira", other.url()))
        .output()
        .unwrap();
    let run = finish(out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not under the configured API gateway"), "{}", run.stderr);
    assert_eq!(other.counters().requests, 0);
    assert_eq!(jira.counters().writes, 0);
}

#[test]
fn the_listener_gives_up_after_its_timeout() {
    let jira = server(|_| {});
    let home = Home::new();
    let began = Instant::now();
    let out = stint(&home, &jira, &["login", "--no-browser", "--timeout", "10s"])
        .env("STINT_OAUTH_REDIRECT_PORT", crate::support::free_port().to_string())
        .output()
        .unwrap();
    let run = finish(out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("did not come back within 10 s"), "{}", run.stderr);
    assert!(began.elapsed() < Duration::from_secs(25));
}

#[test]
fn without_a_keychain_nothing_is_signed_in_and_no_file_holds_the_token() {
    let jira = server(|_| {});
    let home = Home::new();
    let mut child =
        stint(&home, &jira, &["login", "--site", &jira.url(), "--email", "ada@example.com", "--api-token-stdin"])
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
    child.stdin.take().unwrap().write_all(b"api-token-1").unwrap();
    let run = finish(child.wait_with_output().unwrap());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no D-Bus session bus") && run.stderr.contains("only in the OS keychain"),
        "{}",
        run.stderr
    );
    assert_eq!(json(&home, &jira, &["whoami"])["signed_in"], false);
    for entry in walk(home.path()) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(!String::from_utf8_lossy(&bytes).contains("api-token-1"), "{} holds the token", entry.display());
    }
}

#[test]
fn logout_and_purge_leave_no_token_behind() {
    let jira = server(|_| {});
    let home = Home::new();
    oauth_login(&home, &jira);
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    assert!(keychain_secret(&home).is_some());
    let out = json(&home, &jira, &["logout"]);
    assert_eq!(out["had_sign_in"], true);
    assert!(keychain_secret(&home).is_none(), "logout deleted the token");
    let again = json(&home, &jira, &["logout"]);
    assert_eq!(again["had_sign_in"], false, "a second logout had nothing to sign out of: {again}");
    let status = json(&home, &jira, &["status"]);
    assert_eq!(
        (status["jira"]["signed_in"].as_bool(), status["jira"]["needs_sign_in"].as_bool()),
        (Some(false), Some(true))
    );
    let sync = run(&home, &jira, &["sync"]);
    assert_eq!(sync.code, 1, "{}", sync.stderr);
    assert!(sync.stderr.contains("stint login"), "{}", sync.stderr);
    assert_eq!(json(&home, &jira, &["list", "--from", "2026-11-01"])[0]["sync"], "needs_sign_in");

    let other = Home::new();
    api_token_login(&other, &jira);
    seed_entries(&other, 1, 1);
    let account = keychain_account(&other);
    assert!(keychain_lookup(&account).is_some());
    let purged = run(&other, &jira, &["purge", "--yes"]);
    assert_eq!(purged.code, 0, "{}", purged.stderr);
    assert!(!other.database().exists());
    assert!(keychain_lookup(&account).is_none(), "purge deleted the token with the database");
}

/// Every file under `dir`.
pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// A cloud id is joined into the API's address: one that is not a UUID could send the new token
/// to another host or path. It is refused before any request carries the token.
#[test]
fn a_cloud_id_that_could_move_the_address_is_refused() {
    let elsewhere = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    elsewhere.set_nonblocking(true).unwrap();
    let port = elsewhere.local_addr().unwrap().port();
    for hostile in
        [format!("//127.0.0.1:{port}/"), "../../../x".to_string(), "11111111-2222-3333-4444-55555555555x/..".into()]
    {
        let jira = server(|c| c.sites[0].cloud_id = hostile.clone());
        let home = Home::new();
        let login = BrowserLogin::start(&home, &jira, &[]);
        login.follow();
        let run = login.finish();
        assert_eq!(run.code, 1, "{hostile}: {}", run.stderr);
        assert!(run.stderr.contains("cloud id"), "{hostile}: {}", run.stderr);
        assert!(elsewhere.accept().is_err(), "{hostile}: nothing reached another host");
        assert!(keychain_secret(&home).is_none(), "{hostile}: nothing was kept");
        // The gateway itself was never asked with the token either.
        assert_eq!(jira.counters().requests, 0, "{hostile}");
    }
}

/// Text from Jira reaches the terminal shown, not obeyed: escape sequences in a display name or
/// an issue summary would retitle and clear the terminal; U+202E would reorder the line.
#[test]
fn what_jira_says_is_printed_safely() {
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2JAda\u{202e}reT";
    let jira = server(|c| {
        c.account.name = hostile.into();
        c.issues = Some(vec![("ABC-1".into(), format!("Login {hostile}"))]);
    });
    let home = Home::new();
    api_token_login(&home, &jira);
    for args in [&["whoami"][..], &["issues", "login"][..]] {
        let out = run(&home, &jira, args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{202e}'), "{args:?}: {:?}", out.stdout);
        assert!(out.stdout.contains("\\u{001b}]0;pwned"), "{args:?} shows what was there: {}", out.stdout);
    }
    // --json keeps the name as it is, escaped by JSON.
    assert_eq!(json(&home, &jira, &["whoami"])["account"], hostile);
}

/// Signing out waits for a refresh in flight (which holds the sign-in lock while it writes the new
/// pair): otherwise that refresh would write a token back after the sign-out.
#[test]
fn signing_out_waits_for_a_refresh_in_flight() {
    let jira = server(|_| {});
    let home = Home::new();
    api_token_login(&home, &jira);
    // Stand in for a refresh in flight in another process: hold the sign-in lock.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(home.path().join("jira-sign-in.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut logout = stint(&home, &jira, &["logout"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(logout.try_wait().unwrap().is_none(), "logout waits for the lock");
    assert!(keychain_secret(&home).is_some(), "and has not deleted the token yet");
    lock.unlock().unwrap();
    assert!(logout.wait().unwrap().success());
    assert!(keychain_secret(&home).is_none());
}

/// The desktop portal's OpenURI, as xdg-desktop-portal serves it: records each address.
struct Portal {
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

#[zbus::interface(name = "org.freedesktop.portal.OpenURI")]
impl Portal {
    #[zbus(name = "OpenURI")]
    fn open_uri(
        &self,
        _parent_window: &str,
        uri: &str,
        _options: std::collections::HashMap<&str, zbus::zvariant::Value<'_>>,
    ) -> zbus::zvariant::OwnedObjectPath {
        self.seen.lock().unwrap().push(uri.to_string());
        zbus::zvariant::OwnedObjectPath::try_from("/org/freedesktop/portal/desktop/request/1_1/stint").unwrap()
    }
}

#[test]
fn the_sign_in_address_goes_through_the_portal_and_no_child_inherits_the_client_secret() {
    // Both halves share the session bus, where the portal is claimed: one test, in order.
    let jira = server(|_| {});
    let bin = tempfile::tempdir().unwrap();
    let said = bin.path().join("xdg-open.txt");
    // A stand-in xdg-open: writes the address it was given and its environment, whole, then renames the
    // file into place, so the test never reads it half written.
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\n{{ echo \"$1\"; env; }} > '{0}.part' && mv '{0}.part' '{0}'\n", said.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let env = [("PATH", path)];
    assert!(
        jira.stint_env().iter().any(|(k, _)| *k == "STINT_OAUTH_CLIENT_SECRET"),
        "the secret is in Stint's environment"
    );

    // No portal on this bus: xdg-open is the fallback, and it does not get the client secret.
    let home = Home::new();
    let login = BrowserLogin::start_with(&home, &jira, &[], &env);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !said.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let opened = std::fs::read_to_string(&said).expect("xdg-open was run");
    assert_eq!(opened.lines().next(), Some(login.url.as_str()), "{opened}");
    assert!(!opened.contains("STINT_OAUTH_CLIENT_SECRET"), "xdg-open inherited the client secret: {opened}");
    assert!(opened.contains("STINT_OAUTH_CLIENT_ID"), "the rest of the environment is passed on");
    login.follow();
    assert_eq!(login.finish().code, 0);
    std::fs::remove_file(&said).unwrap();

    // A portal runs: the address reaches it over D-Bus, and no process has it in argv.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let portal = runtime.block_on(async {
        zbus::connection::Builder::session()
            .unwrap()
            .name("org.freedesktop.portal.Desktop")
            .unwrap()
            .serve_at("/org/freedesktop/portal/desktop", Portal { seen: seen.clone() })
            .unwrap()
            .build()
            .await
            .unwrap()
    });
    let home = Home::new();
    let login = BrowserLogin::start_with(&home, &jira, &[], &env);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while seen.lock().unwrap().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(seen.lock().unwrap().as_slice(), std::slice::from_ref(&login.url), "the portal got the address");
    login.follow();
    assert_eq!(login.finish().code, 0);
    assert!(!said.exists(), "xdg-open was not run");
    drop(portal);
}
