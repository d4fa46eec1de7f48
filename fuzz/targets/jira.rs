//! What Jira and Atlassian answer (worklogs and their pages, the signed-in user, issue searches
//! and their pages, the site's changed worklogs, worklogs by id, the sign-in's sites and tokens,
//! refusals): the first byte picks the reader, the rest is the
//! body. Every answer is checked or refused, never a panic.
#![no_main]

use chrono::{DateTime, Duration, Utc};
use stint_domain::IssueKey;
use stint_jira::answers::{self, MAX_SUMMARY_CHARS};
use stint_jira::{is_cloud_id, FoundIssue};

fn check_found(found: &[FoundIssue]) {
    for issue in found {
        assert!(IssueKey::parse(&issue.key).is_ok(), "{:?}", issue.key);
        assert!(issue.summary.chars().count() <= MAX_SUMMARY_CHARS);
    }
}

fn digits(id: &str) -> bool {
    !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else { return };
    let host = "jira.example.com";
    match which % 12 {
        0 => {
            if let Ok(me) = answers::myself(host, body) {
                assert!(me.id().is_some_and(|id| !id.is_empty()));
            }
        }
        1 => {
            if let Ok(w) = answers::worklog(host, body) {
                assert!(digits(&w.id), "{:?}", w.id);
            }
        }
        2 => {
            if let Ok(page) = answers::worklog_page(host, body) {
                assert!(page.worklogs.iter().all(|w| digits(&w.id)));
                assert!(page.next.is_none_or(|n| n > 0));
            }
        }
        3 => {
            if let Ok(found) = answers::picked(host, body) {
                check_found(&found);
            }
        }
        4 => {
            if let Ok(found) = answers::searched(host, body) {
                check_found(&found);
            }
        }
        5 => {
            if let Ok((sites, _)) = answers::sites(host, body) {
                assert!(sites.iter().all(|s| is_cloud_id(&s.id)));
            }
        }
        6 => {
            let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
            if let Ok(tokens) = answers::tokens(host, body, now) {
                assert!(!tokens.access.expose().is_empty());
                assert!(tokens.expires_at.is_none_or(|at| at > now && at <= now + Duration::days(365)));
            }
        }
        7 => {
            if let Ok(page) = answers::issue_page(host, body) {
                assert!(page.issues.iter().all(|(id, _)| digits(id)));
                if let Some(answers::NextPage::Token(token)) = &page.next {
                    assert!(!token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic()));
                }
            }
        }
        8 => {
            let since = 1_800_000_000_000;
            if let Ok(changes) = answers::changes(host, body, since) {
                assert!(changes.ids.iter().all(|id| digits(id)));
                assert!(changes.until >= since);
                assert!(changes.last_page || changes.until > since, "a page that is not the last moves on");
            }
        }
        9 => {
            if let Ok(list) = answers::worklog_list(host, body) {
                assert!(list.iter().all(|w| digits(&w.id) && w.issue_id.as_deref().is_none_or(digits)));
            }
        }
        10 => {
            if let Ok((id, key)) = answers::issue(host, body) {
                assert!(digits(&id) && !key.as_str().is_empty());
            }
        }
        _ => {
            let status = u16::from(body.first().copied().unwrap_or(0)) + 400;
            assert!(answers::refusal(body, status).chars().count() <= 1000);
        }
    }
});
