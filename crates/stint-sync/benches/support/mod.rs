//! What the benchmarks share: a signed-in client for the test server, and a queue to push.

use std::path::Path;

use chrono::{FixedOffset, TimeZone};
use std::sync::Arc;
use std::time::Duration;
use stint_domain::{IssueKey, Note};
use stint_store::{NewEntry, SiteId, Store, StoredConnection};

use stint_jira::{AllowList, Connection, Credential, Http, Jira, Mode, Secret, Session, Vault};
use stint_jira_server::Handle;

/// The account the test server signs in as.
pub const ME: &str = "5b10ac8d82e05b22cc7d4ef5";

/// A client signed in to `server` with an API token (its lock file in `dir`).
pub fn client(server: &Handle, dir: &Path) -> Arc<Jira> {
    let site = stint_jira::check_site(&server.url()).unwrap();
    let http = Http::new(AllowList::new([&site]), Duration::from_secs(30)).unwrap();
    let connection = Connection {
        mode: Mode::CloudApiToken,
        site: site.clone(),
        api_base: site,
        cloud_id: None,
        account_id: ME.into(),
        account_name: None,
    };
    let credential = Credential::ApiToken { email: Secret::new("ada@example.com"), token: Secret::new("api-token-1") };
    let session = Session::new(http, connection, Vault::for_install("bench"), dir.join("lock"), None, credential);
    Arc::new(Jira::new(session))
}

/// Records a sign-in to `site` in `store` (the default site), as `stint login` does.
pub fn add_site(store: &mut Store, site: &str) -> SiteId {
    let connection = StoredConnection {
        mode: "cloud_api_token".into(),
        site: site.into(),
        api_base: site.into(),
        cloud_id: None,
        account_id: ME.into(),
        account_name: None,
        signed_in_at: chrono::Utc::now(),
        needs_sign_in: false,
    };
    store.write(|tx| tx.set_connection(&connection, true)).expect("site")
}

/// A store at `path`, signed in to `site`, with `count` queued entries, 10 minutes apart from
/// 2026-09-01 08:00 in Berlin, the `i`th on issue `issue(i)`.
pub fn queue(path: &Path, site: &str, count: usize, issue: impl Fn(usize) -> String) -> (Store, SiteId) {
    let mut store = Store::open(path).expect("store");
    let site = add_site(&mut store, site);
    let berlin = FixedOffset::east_opt(3600).unwrap();
    let now = chrono::Utc::now();
    store
        .write(|tx| -> Result<(), stint_store::StoreError> {
            for i in 0..count {
                let started =
                    berlin.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap() + chrono::Duration::minutes(10 * i as i64);
                let new = NewEntry {
                    issue: IssueKey::parse(&issue(i)).unwrap(),
                    started,
                    seconds: 600,
                    note: Note::parse(&format!("bench {i}")).unwrap(),
                    local_only: false,
                };
                tx.insert_entry(&new, now)?;
            }
            Ok(())
        })
        .expect("seed");
    (store, site)
}
