//! Stint's Jira client: the layer between the application and Jira, with no SQLite in it.
//!
//! - `endpoints`: every address comes from the configuration; https except to loopback; the
//!   egress allow-list.
//! - `http`: the one HTTP client (TLS 1.2+, no redirects, bounded answers) and the one place
//!   Jira's statuses become errors, classified by `JiraError::class`.
//! - `oauth` and `loopback`: OAuth 2.0 with PKCE and `state`, and the one-shot loopback listener.
//! - `vault`: tokens in the OS keychain, nowhere else.
//! - `session`: the `Authorization` header for each way of signing in, and the refresh of
//!   rotating tokens, one process at a time.
//! - `api`: the worklog, property and issue calls; `model`: Atlassian's shapes.
//!
//! Everything here is async (tokio); keychain calls block and run on blocking threads.

//!
//! Without the default feature `net`, only the parts that do no I/O are built: the answers'
//! readers (`answers`), the shapes (`model`), the endpoints' rules and the errors. The fuzz
//! targets (fuzz/) build that, without the HTTP stack.
#![cfg_attr(not(feature = "net"), allow(dead_code, unused_imports))]

pub mod answers;
#[cfg(feature = "net")]
mod api;
pub mod endpoints;
mod error;
#[cfg(feature = "net")]
mod http;
#[cfg(feature = "net")]
pub mod loopback;
mod model;
#[cfg(feature = "net")]
pub mod oauth;
mod secret;
#[cfg(feature = "net")]
mod session;
#[cfg(feature = "net")]
mod vault;

pub use answers::IssueFacts;
#[cfg(feature = "net")]
pub use api::{Deleted, Jira, NewWorklog};
pub use endpoints::{
    check_proxy, check_site, check_url, cloud_api_base, is_cloud_id, AllowList, CloudEndpoints, DataCenterOAuth,
    OAuthApp,
};
pub use error::{Class, JiraError, Pause, RateLimitReason};
#[cfg(feature = "net")]
pub use http::{Answer, Body, Exchange, Http, Outcome, Transport};
pub use model::{
    adf, comment_text, jira_time, parse_jira_time, AdjustEstimate, FoundIssue, Myself, Site, Worklog, UID_PROPERTY,
};
pub use secret::Secret;
#[cfg(feature = "net")]
pub use session::{expires_soon, refresh_kept, sign_in_lock, Connection, Mode, Refresher, Session};
#[cfg(feature = "net")]
pub use vault::{Credential, Vault, SERVICE};
