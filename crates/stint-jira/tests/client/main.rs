//! The client against the Jira test server: the egress allow-list holds whatever the URL, and a
//! session's calls fit Atlassian's OpenAPI document.

use std::time::Duration;

use reqwest::Method;
use stint_domain::{IssueKey, Note};
use stint_jira::{
    check_site, AdjustEstimate, AllowList, Connection, Credential, Http, Jira, JiraError, Mode, NewWorklog, Secret,
    Session, Vault,
};
use stint_jira_server::{start, ServerConfig};

fn jira_for(server: &stint_jira_server::Handle, allow: AllowList) -> Jira {
    let site = check_site(&server.url()).unwrap();
    let http = Http::new(allow, Duration::from_secs(5)).unwrap();
    let connection = Connection {
        mode: Mode::CloudApiToken,
        site: site.clone(),
        api_base: site,
        cloud_id: None,
        account_id: "5b10ac8d82e05b22cc7d4ef5".into(),
        account_name: None,
    };
    let credential = Credential::ApiToken { email: Secret::new("ada@example.com"), token: Secret::new("api-token-1") };
    let dir = std::env::temp_dir().join("stint-client-test.lock");
    Jira::new(Session::new(http, connection, Vault::for_install("client-test"), dir, None, credential))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hosts_outside_the_allow_list_are_never_contacted() {
    let allowed = start(ServerConfig::default(), 0).unwrap();
    let other = start(ServerConfig::default(), 0).unwrap();
    let http = Http::new(AllowList::new([&check_site(&allowed.url()).unwrap()]), Duration::from_secs(5)).unwrap();
    for url in [
        format!("{}/rest/api/3/myself", other.url()),
        // The same host on another port is another origin.
        other.url().replace("127.0.0.1", "localhost") + "/rest/api/3/myself",
        format!("https://{}/rest/api/3/myself", allowed.addr()),
    ] {
        let err = http.send(Method::GET, &url::Url::parse(&url).unwrap(), None, None).await.unwrap_err();
        assert!(matches!(err, JiraError::NotAllowed(_)), "{url}: {err}");
        assert!(err.never_sent());
    }
    assert_eq!(other.counters().requests, 0);
    assert_eq!(allowed.counters().requests, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worklog_calls_fit_atlassian_s_document() {
    let server = start(ServerConfig { store_body_properties: false, ..ServerConfig::default() }, 0).unwrap();
    let jira = jira_for(&server, AllowList::new([&check_site(&server.url()).unwrap()]));
    assert_eq!(jira.myself().await.unwrap().display_name.as_deref(), Some("Ada Tester"));
    let issue = IssueKey::parse("ABC-1").unwrap();
    let started = chrono::DateTime::parse_from_rfc3339("2026-11-20T09:15:00+01:00").unwrap();
    let w = NewWorklog { started, seconds: 3600, comment: Note::parse("two\nlines").unwrap(), uid: "uid-1".into() };
    let created = jira.add_worklog(&issue, &w, AdjustEstimate::Leave).await.unwrap();
    // The server kept no body properties, so the client set the uid through the property endpoint.
    let found = jira.worklogs_near(&issue, started).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].id.as_str(), found[0].uid.as_deref()), (created.id.as_str(), Some("uid-1")));
    assert_eq!(found[0].comment.as_deref(), Some("two\nlines"));
    assert_eq!(found[0].started, Some(started));
    let moved = NewWorklog { seconds: 1800, ..w };
    assert_eq!(
        jira.update_worklog(&issue, &created.id, &moved, AdjustEstimate::Auto).await.unwrap().seconds,
        Some(1800)
    );
    assert_eq!(
        jira.delete_worklog(&issue, &created.id, AdjustEstimate::Auto).await.unwrap(),
        stint_jira::Deleted::Deleted
    );
    assert_eq!(
        jira.delete_worklog(&issue, &created.id, AdjustEstimate::Auto).await.unwrap(),
        stint_jira::Deleted::AlreadyGone
    );
    assert!(jira.worklogs_near(&issue, started).await.unwrap().is_empty());
    assert!(server.violations().is_empty(), "{:?}", server.violations());
}

/// The reads a read-back is made of, against a site where several people (and Tempo's app user)
/// log time: the person's issues by JQL, an issue's worklogs in a window, the site's changed and
/// deleted worklog ids, and worklogs by id. Each fits Atlassian's document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_back_calls_fit_atlassian_s_document() {
    use stint_jira_server::Who;
    let config = ServerConfig { hide_recent_changes: Duration::ZERO, ..ServerConfig::default() };
    let server = start(config, 0).unwrap();
    let jira = jira_for(&server, AllowList::new([&check_site(&server.url()).unwrap()]));
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let mine = server.log_in_jira(Who::Me, "ABC-1", "2026-11-20T09:00:00.000+0100", 3600, Some("on the web"));
    let other_machine = server.log_in_jira_with_uid(
        Who::Me,
        "ABC-2",
        "2026-11-21T09:00:00.000+0100",
        1800,
        None,
        Some("uid-from-the-laptop"),
    );
    server.log_in_jira(Who::Colleague(1), "ABC-3", "2026-11-20T09:00:00.000+0100", 600, None);
    server.log_in_jira(Who::TempoApp, "ABC-4", "2026-11-20T09:00:00.000+0100", 600, None);
    server.log_in_jira(Who::Me, "ABC-5", "2026-10-01T09:00:00.000+0100", 600, None);

    let issues = jira.issues_with_my_worklogs(day(16), day(22)).await.unwrap();
    let keys: Vec<&str> = issues.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(keys, ["ABC-1", "ABC-2"], "mine, in the window; not a colleague's, not Tempo's app user's");

    let abc2 = IssueKey::parse("ABC-2").unwrap();
    let from = chrono::DateTime::parse_from_rfc3339("2026-11-16T00:00:00Z").unwrap().timestamp_millis();
    let to = chrono::DateTime::parse_from_rfc3339("2026-11-23T00:00:00Z").unwrap().timestamp_millis();
    let on_abc2 = jira.worklogs_between(&abc2, from, to).await.unwrap();
    assert_eq!(on_abc2.len(), 1);
    assert_eq!(on_abc2[0].uid.as_deref(), Some("uid-from-the-laptop"));
    assert_eq!(on_abc2[0].author.as_deref(), Some(server.account_of(Who::Me).as_str()));
    assert!(on_abc2[0].issue_id.is_some());

    let changed = jira.worklogs_changed_since(0, false).await.unwrap();
    assert_eq!(changed.ids.len(), 5, "every author's, site-wide: {changed:?}");
    assert!(changed.last_page);
    assert!(server.edit_in_jira(&mine, 7200, Some("longer")));
    assert!(server.delete_in_jira(&other_machine));
    let after_edit = jira.worklogs_changed_since(changed.until, false).await.unwrap();
    assert!(after_edit.ids.contains(&mine), "{after_edit:?}");
    let deleted = jira.worklogs_changed_since(0, true).await.unwrap();
    assert_eq!(deleted.ids, std::slice::from_ref(&other_machine));
    let listed = jira.worklogs_by_id(&[mine.clone(), other_machine]).await.unwrap();
    assert_eq!(listed.len(), 1, "the deleted one is gone");
    assert_eq!((listed[0].seconds, listed[0].comment.as_deref()), (Some(7200), Some("longer")));
    assert!(server.violations().is_empty(), "{:?}", server.violations());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_tempo_needs_about_an_issue_is_read_from_its_jira() {
    let tempo = stint_jira_server::tempo::TempoConfig::default();
    let issues = stint_jira_server::tempo_site_issues(&tempo, &[("ABC-2", 2)]);
    let config = ServerConfig { tempo_issues: issues, ..ServerConfig::default() };
    let server = start(config, 0).unwrap();
    let jira = jira_for(&server, AllowList::new([&check_site(&server.url()).unwrap()]));
    let field = jira.tempo_account_field().await.unwrap();
    assert_eq!(field.as_deref(), Some(stint_jira_server::TEMPO_ACCOUNT_FIELD));
    let key = |k: &str| IssueKey::parse(k).unwrap();
    let abc2 = jira.issue_facts(&key("ABC-2"), field.as_deref()).await.unwrap().unwrap();
    assert_eq!((abc2.id, abc2.project_id, abc2.account), (10002, 10000, Some(2)), "Tempo's ids, and its Account");
    let ops = jira.issue_facts(&key("OPS-1"), field.as_deref()).await.unwrap().unwrap();
    assert_eq!((ops.id, ops.project_id, ops.account), (20001, 20000, None));
    let new = jira.issue_facts(&key("NOPE-1"), field.as_deref()).await.unwrap().unwrap();
    assert!(new.id > 30001 && new.account.is_none(), "an issue Tempo does not list gets an id of its own: {new:?}");
    // A site without Tempo has no such field, and an issue's facts are its ids alone.
    let plain =
        start(ServerConfig { issues: Some(vec![("ABC-1".into(), "One".into())]), ..ServerConfig::default() }, 0)
            .unwrap();
    let plain_jira = jira_for(&plain, AllowList::new([&check_site(&plain.url()).unwrap()]));
    assert_eq!(plain_jira.tempo_account_field().await.unwrap(), None);
    assert_eq!(plain_jira.issue_facts(&key("ABC-1"), None).await.unwrap().map(|f| f.account), Some(None));
    assert_eq!(plain_jira.issue_facts(&key("ABC-9"), None).await.unwrap(), None, "no such issue");
    for s in [&server, &plain] {
        assert!(s.violations().is_empty(), "{:?}", s.violations());
    }
}
