//! The one error type of the Jira client, classified in one place: what a retry may fix, what
//! only the user can fix, and what needs a new sign-in. Messages say what went wrong (and, where
//! it is the same for every shell, what to do); `remedy()` carries the rest, typed, for each shell
//! to word. None holds a token, and Jira's own words are kept (the user needs them) but never
//! logged (logs take `code()`).

use std::time::Duration;

use stint_domain::Remedy;

/// Why Jira limited the rate, from its `RateLimit-Reason` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateLimitReason {
    /// The app's or the site's hourly points are spent: everything waits.
    Quota,
    /// Too many requests a second on the site: everything slows.
    Burst,
    /// Too many writes to one issue: only that issue slows.
    PerIssue,
    /// No reason given: treated as a burst.
    #[default]
    Unknown,
}

impl RateLimitReason {
    pub fn from_header(value: Option<&str>) -> RateLimitReason {
        match value.map(str::trim) {
            // The hourly points quota (cost-based since 2026): everything waits, not a burst.
            Some("jira-quota-global-based" | "jira-quota-tenant-based" | "jira-cost-based") => RateLimitReason::Quota,
            Some("jira-burst-based") => RateLimitReason::Burst,
            Some("jira-per-issue-on-write") => RateLimitReason::PerIssue,
            _ => RateLimitReason::Unknown,
        }
    }
}

/// What a wait Jira asked for holds back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pause {
    /// Only requests about the same issue (Jira's per-issue write limit).
    Issue,
    /// Every request to the site.
    Everything,
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
    #[error("Stint talks only to the Jira hosts in its configuration, and {0} is not one of them")]
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
    #[error("Jira no longer accepts Stint's sign-in ({0}); queued work is kept")]
    NeedsSignIn(String),
    #[error("Stint is not signed in to Jira")]
    NotSignedIn,
    #[error("{0}")]
    Keychain(String),
    #[error("your keychain is locked, and Stint keeps its sign-in only there")]
    KeychainLocked,
    /// Signing in did not work; `remedy` says what to do.
    #[error("{problem}")]
    SignIn { problem: String, remedy: Option<Remedy> },
    #[error("the answer from {host} is not what Jira sends ({detail})")]
    BadAnswer { host: String, detail: String },
    /// The TLS handshake was refused: nothing was sent.
    #[error("Stint would not send anything to {host}: {why}")]
    Insecure { host: String, why: String },
}

impl JiraError {
    /// Signing in failed in a way that signing in again may fix.
    pub fn sign_in(problem: impl Into<String>) -> JiraError {
        JiraError::SignIn { problem: problem.into(), remedy: Some(Remedy::SignIn) }
    }

    /// What the person can do about it, where the message does not say it for every shell.
    pub fn remedy(&self) -> Option<Remedy> {
        match self {
            JiraError::NotAllowed(_) | JiraError::Insecure { .. } => Some(Remedy::CheckJiraSettings),
            JiraError::NeedsSignIn(_) | JiraError::NotSignedIn => Some(Remedy::SignIn),
            JiraError::KeychainLocked => Some(Remedy::UnlockKeychain),
            JiraError::SignIn { remedy, .. } => remedy.clone(),
            _ => None,
        }
    }

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
            JiraError::Config(_)
            | JiraError::NotAllowed(_)
            | JiraError::Insecure { .. }
            | JiraError::Keychain(_)
            | JiraError::KeychainLocked
            | JiraError::SignIn { .. } => Class::Local,
        }
    }

    /// Whether Jira could not be reached at all: no connection, a dropped one, no answer in time.
    pub fn is_connection_problem(&self) -> bool {
        matches!(self, JiraError::Unreachable { .. } | JiraError::Network { .. } | JiraError::Timeout { .. })
    }

    /// What the wait Jira asked for holds back: one issue for its per-issue write limit,
    /// everything for any other 429 or a 5xx that said how long to wait.
    pub fn pause(&self) -> Option<Pause> {
        match self {
            JiraError::RateLimited { reason: RateLimitReason::PerIssue, .. } => Some(Pause::Issue),
            JiraError::RateLimited { .. } | JiraError::Server { retry_after: Some(_), .. } => Some(Pause::Everything),
            _ => None,
        }
    }

    /// Whether the request surely never reached Jira (it could not even connect).
    pub fn never_sent(&self) -> bool {
        matches!(
            self,
            JiraError::Unreachable { .. }
                | JiraError::NotAllowed(_)
                | JiraError::Config(_)
                | JiraError::Insecure { .. }
        )
    }

    /// How long Jira asked to wait, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            JiraError::Server { retry_after, .. } | JiraError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Jira's own words for a refusal; for anything else, this error's message.
    pub fn jira_words(&self) -> String {
        match self {
            JiraError::Refused { message, .. } => message.clone(),
            other => other.to_string(),
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
            JiraError::KeychainLocked => "jira.keychain_locked",
            JiraError::SignIn { .. } => "jira.sign_in",
            JiraError::BadAnswer { .. } => "jira.bad_answer",
            JiraError::Insecure { .. } => "jira.insecure",
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
        assert_eq!(RateLimitReason::from_header(Some("jira-cost-based")), RateLimitReason::Quota);
        assert_eq!(RateLimitReason::from_header(None), RateLimitReason::Unknown);
    }
}
