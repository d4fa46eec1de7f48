//! The one error type of the Jira client, classified in one place: what a retry may fix, what
//! only the user can fix, and what needs a new sign-in. Messages say what to do; none holds a
//! token, and Jira's own words are kept (the user needs them) but never logged (logs take
//! `code()`).

use std::time::Duration;

/// Why Jira limited the rate, from its `RateLimit-Reason` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitReason {
    /// The app's or the site's hourly points are spent: everything waits.
    Quota,
    /// Too many requests a second on the site: everything slows.
    Burst,
    /// Too many writes to one issue: only that issue slows.
    PerIssue,
    /// No reason given: treated as a burst.
    Unknown,
}

impl RateLimitReason {
    pub fn from_header(value: Option<&str>) -> RateLimitReason {
        match value.map(str::trim) {
            Some("jira-quota-global-based" | "jira-quota-tenant-based") => RateLimitReason::Quota,
            Some("jira-burst-based") => RateLimitReason::Burst,
            Some("jira-per-issue-on-write") => RateLimitReason::PerIssue,
            _ => RateLimitReason::Unknown,
        }
    }
}

/// What can be done about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Trying again later may work: the network, Jira's 5xx, a rate limit. A request that failed
    /// this way may or may not have been carried out.
    Retryable,
    /// Jira refused it; the same request will be refused again until the user changes something.
    Permanent,
    /// The sign-in is gone (a dead refresh token, a token Jira rejects): `stint login` again.
    NeedsSignIn,
    /// Something on this machine: the configuration, the keychain, the sign-in flow.
    Local,
}

#[derive(Debug, thiserror::Error)]
pub enum JiraError {
    #[error("{0}")]
    Config(String),
    #[error("Stint talks only to the Jira hosts in its configuration, and {0} is not one of them: check the endpoint settings (`stint config`)")]
    NotAllowed(String),
    #[error("could not reach {host} ({detail}): check the network connection; queued work stays on this machine")]
    Unreachable { host: String, detail: String },
    #[error("the connection to {host} failed during a request ({detail}): Stint tries again; queued work stays on this machine")]
    Network { host: String, detail: String },
    #[error("{host} did not answer within {seconds} s: Jira may be slow or the network down; queued work stays on this machine")]
    Timeout { host: String, seconds: u64 },
    #[error("Jira ({host}) had a problem (HTTP {status}): try again later; queued work stays on this machine")]
    Server { host: String, status: u16, retry_after: Option<Duration> },
    #[error("Jira asked Stint to slow down (HTTP 429): Stint waits and tries again")]
    RateLimited { retry_after: Option<Duration>, reason: RateLimitReason },
    #[error("Jira refused the request (HTTP {status}): {message}")]
    Refused { status: u16, message: String },
    #[error("Jira no longer accepts Stint's sign-in ({0}): sign in again with `stint login`; queued work is kept")]
    NeedsSignIn(String),
    #[error("Stint is not signed in to Jira: sign in with `stint login`")]
    NotSignedIn,
    #[error("{0}")]
    Keychain(String),
    #[error("{0}")]
    SignIn(String),
    #[error("the answer from {host} is not what Jira sends ({detail})")]
    BadAnswer { host: String, detail: String },
}

impl JiraError {
    /// What can be done about it, decided here and nowhere else.
    pub fn class(&self) -> Class {
        match self {
            JiraError::Unreachable { .. }
            | JiraError::Network { .. }
            | JiraError::Timeout { .. }
            | JiraError::Server { .. }
            | JiraError::RateLimited { .. }
            | JiraError::BadAnswer { .. } => Class::Retryable,
            JiraError::Refused { .. } => Class::Permanent,
            JiraError::NeedsSignIn(_) | JiraError::NotSignedIn => Class::NeedsSignIn,
            JiraError::Config(_) | JiraError::NotAllowed(_) | JiraError::Keychain(_) | JiraError::SignIn(_) => {
                Class::Local
            }
        }
    }

    /// Whether the request surely never reached Jira (it could not even connect).
    pub fn never_sent(&self) -> bool {
        matches!(self, JiraError::Unreachable { .. } | JiraError::NotAllowed(_) | JiraError::Config(_))
    }

    /// How long Jira asked to wait, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            JiraError::Server { retry_after, .. } | JiraError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status Jira answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            JiraError::Server { status, .. } | JiraError::Refused { status, .. } => Some(*status),
            JiraError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// A short stable name for logs and the UI; logs carry this, never the message.
    pub fn code(&self) -> &'static str {
        match self {
            JiraError::Config(_) => "jira.config",
            JiraError::NotAllowed(_) => "jira.not_allowed",
            JiraError::Unreachable { .. } => "jira.unreachable",
            JiraError::Network { .. } => "jira.network",
            JiraError::Timeout { .. } => "jira.timeout",
            JiraError::Server { .. } => "jira.server",
            JiraError::RateLimited { .. } => "jira.rate_limited",
            JiraError::Refused { status: 400, .. } => "jira.bad_request",
            JiraError::Refused { status: 403, .. } => "jira.forbidden",
            JiraError::Refused { status: 404, .. } => "jira.not_found",
            JiraError::Refused { status: 413, .. } => "jira.too_many_worklogs",
            JiraError::Refused { .. } => "jira.refused",
            JiraError::NeedsSignIn(_) => "jira.needs_sign_in",
            JiraError::NotSignedIn => "jira.not_signed_in",
            JiraError::Keychain(_) => "jira.keychain",
            JiraError::SignIn(_) => "jira.sign_in",
            JiraError::BadAnswer { .. } => "jira.bad_answer",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        let refused = JiraError::Refused { status: 404, message: "Issue does not exist".into() };
        assert_eq!((refused.class(), refused.code()), (Class::Permanent, "jira.not_found"));
        let limited =
            JiraError::RateLimited { retry_after: Some(Duration::from_secs(3)), reason: RateLimitReason::Quota };
        assert_eq!(
            (limited.class(), limited.retry_after(), limited.status()),
            (Class::Retryable, Some(Duration::from_secs(3)), Some(429))
        );
        assert_eq!(JiraError::NeedsSignIn("invalid_grant".into()).class(), Class::NeedsSignIn);
        assert_eq!(RateLimitReason::from_header(Some("jira-per-issue-on-write")), RateLimitReason::PerIssue);
        assert_eq!(RateLimitReason::from_header(Some("jira-quota-tenant-based")), RateLimitReason::Quota);
        assert_eq!(RateLimitReason::from_header(None), RateLimitReason::Unknown);
    }
}
