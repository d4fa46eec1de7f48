//! What the benchmarks share: a signed-in client for the test server.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

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
