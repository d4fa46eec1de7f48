//! The TLS path and the way out: Jira over TLS 1.2 and 1.3 through the test server's TLS front (a
//! test CA Stint trusts only through `STINT_TEST_TRUST_CA`), and refusals that say why: an
//! untrusted authority, a certificate for another name, a server that offers only TLS 1.0 or 1.1
//! (`openssl s_server`). Proxies from the environment are never used; one the settings name is.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use stint_jira_server::tls::{front, ServerCert, TestCa, TlsFront, Versions};

use crate::common::{finish, Home};
use crate::support::{api_token_login_to, json, server, stint};

fn trust(dir: &Path, ca: &TestCa) -> (&'static str, String) {
    let file = dir.join("ca.pem");
    std::fs::write(&file, ca.pem()).unwrap();
    ("STINT_TEST_TRUST_CA", file.display().to_string())
}

#[test]
fn jira_over_tls_1_2_and_1_3_signs_in_and_syncs() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new();
    let trusted = [trust(dir.path(), &ca)];
    let cert = ca.server_cert(&["localhost"]);
    for versions in [Versions::Tls12And13, Versions::Tls12Only] {
        let jira = server(|_| {});
        let tls: TlsFront = front(jira.addr(), &cert, versions).unwrap();
        let home = Home::new();
        let run = api_token_login_to(&home, &jira, &tls.url(), &trusted);
        assert_eq!(run.code, 0, "{versions:?}: {}", run.stderr);
        home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
        let mut cmd = stint(&home, &jira, &["sync", "--json"]);
        let synced = finish(cmd.envs(trusted.iter().map(|(k, v)| (*k, v.as_str()))).output().unwrap());
        assert_eq!(synced.code, 0, "{versions:?}: {}", synced.stderr);
        assert_eq!(jira.worklogs().len(), 1, "{versions:?}");
        assert!(tls.handshakes() >= 2, "{versions:?}: every request went over TLS");
        let status = home.json(&["status"]);
        assert!(status["jira"]["site"].as_str().unwrap().starts_with("https://localhost:"), "{status}");
    }
}

#[test]
fn an_untrusted_or_misnamed_certificate_is_refused_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new();
    let jira = server(|_| {});
    let good = front(jira.addr(), &ca.server_cert(&["localhost"]), Versions::Tls12And13).unwrap();
    let misnamed = front(jira.addr(), &ca.server_cert(&["jira.elsewhere.example"]), Versions::Tls12And13).unwrap();
    let trusted = [trust(dir.path(), &ca)];
    for (site, env, says) in [
        (good.url(), &[][..], "its certificate is not signed by an authority this system trusts"),
        (misnamed.url(), &trusted[..], "its certificate is not for localhost"),
    ] {
        let home = Home::new();
        let refused = api_token_login_to(&home, &jira, &site, env);
        assert_ne!(refused.code, 0, "{site}");
        assert!(
            refused.stderr.contains("Stint would not send anything to localhost") && refused.stderr.contains(says),
            "{site}: {}",
            refused.stderr
        );
        assert_eq!(home.json(&["status"])["jira"]["signed_in"], false);
    }
    assert_eq!(jira.counters().requests, 0, "nothing reached Jira, the token least of all");
}

/// `openssl s_server` speaking only `version` (`-tls1`, `-tls1_1`) with `cert`, on a free port.
struct OldServer {
    child: Child,
    port: u16,
}

impl OldServer {
    fn start(dir: &Path, cert: &ServerCert, version: &str) -> OldServer {
        std::fs::write(dir.join("cert.pem"), &cert.cert_pem).unwrap();
        std::fs::write(dir.join("key.pem"), &cert.key_pem).unwrap();
        let port = crate::support::free_port();
        let mut child = Command::new("openssl")
            .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-www", version])
            // OpenSSL 3 turns TLS 1.0 and 1.1 off unless the security level is 0.
            .args(["-cipher", "DEFAULT:@SECLEVEL=0"])
            .arg("-cert")
            .arg(dir.join("cert.pem"))
            .arg("-key")
            .arg(dir.join("key.pem"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl (the openssl package) runs");
        // It prints ACCEPT once it listens.
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !line.contains("ACCEPT") && Instant::now() < deadline {
            line.clear();
            if out.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
        }
        assert!(line.contains("ACCEPT"), "openssl s_server did not start: {line}");
        OldServer { child, port }
    }
}

impl Drop for OldServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_server_that_offers_only_tls_1_0_or_1_1_is_refused_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new();
    let jira = server(|_| {});
    let trusted = [trust(dir.path(), &ca)];
    for version in ["-tls1", "-tls1_1"] {
        let old = OldServer::start(dir.path(), &ca.server_cert(&["localhost"]), version);
        let home = Home::new();
        let refused = api_token_login_to(&home, &jira, &format!("https://localhost:{}", old.port), &trusted);
        assert_ne!(refused.code, 0, "{version}");
        assert!(
            refused.stderr.contains("it offers only TLS older than 1.2, which Stint refuses"),
            "{version}: {}",
            refused.stderr
        );
    }
}

/// A listener that plays a proxy: records the first request line of each connection and answers
/// 502, so a request that went through it fails.
fn recording_proxy() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            record.lock().unwrap().push(line.trim().to_string());
            let mut stream = stream;
            let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    (port, seen)
}

#[test]
fn proxies_from_the_environment_are_ignored_and_one_the_settings_name_is_used() {
    let jira = server(|_| {});
    let (port, seen) = recording_proxy();
    let proxy = format!("http://127.0.0.1:{port}");
    let environment: Vec<(&str, String)> =
        ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"]
            .into_iter()
            .map(|k| (k, proxy.clone()))
            .collect();
    let home = Home::new();
    let run = api_token_login_to(&home, &jira, &jira.url(), &environment);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(seen.lock().unwrap().is_empty(), "a proxy from the environment saw {:?}", seen.lock().unwrap());

    // Named in the settings: every request goes through it.
    let home = Home::new();
    let refused = api_token_login_to(&home, &jira, &jira.url(), &[("STINT_PROXY", proxy.clone())]);
    assert_ne!(refused.code, 0, "the proxy answered 502: {}", refused.stderr);
    let lines = seen.lock().unwrap().clone();
    assert!(lines.iter().any(|l| l.contains("/rest/api/3/myself")), "{lines:?}");
    // And a proxy with a login is refused: its password would sit in the configuration.
    let bad = home.fails(&["config", "--set", "proxy=http://me:pw@proxy.example:3128"], 2);
    assert!(bad.contains("user name or password"), "{bad}");
    assert!(json(&home, &jira, &["config"]).to_string().contains("proxy"));
}
