//! The one error type of the Tempo client, classified in one place as the Jira client's is (the
//! same `Class`, so the sync's failure policy reads both): what a retry may fix, what only the
//! person can fix, what needs a new token. Messages hold Tempo's own words where it gave any and
//! never the token; logs take `code()`.

use std::time::Duration;

use stint_domain::Remedy;
pub use stint_jira::Class;
use stint_jira::JiraError;

/// Tempo asks for at least this much between a 429 and the next try (its best practices: "retry
/// after at least one second"); it sends no `Retry-After`.
pub const RATE_LIMIT_PAUSE: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum TempoError {
    #[error("{0}")]
    Config(String),
    #[error("Stint talks only to the hosts in its configuration, and {0} is not one of them")]
    NotAllowed(String),
    #[error("could not reach {host} ({detail}): check the network connection; queued work stays on this machine")]
    Unreachable { host: String, detail: String },
    #[error("the connection to {host} failed during a request ({detail}): Stint tries again; queued work stays on this machine")]
    Network { host: String, detail: String },
    #[error("{host} did not answer within {seconds} s: Tempo may be slow or the network down; queued work stays on this machine")]
    Timeout { host: String, seconds: u64 },
    #[error("Stint would not send anything to {host}: {why}")]
    Insecure { host: String, why: String },
    #[error("Tempo asked Stint to slow down (HTTP 429): Stint waits and tries again")]
    RateLimited { retry_after: Duration },
    #[error("Tempo ({host}) had a problem (HTTP {status}): try again later; queued work stays on this machine")]
    Server { host: String, status: u16, retry_after: Option<Duration> },
    /// 401: the token is wrong, expired or revoked, or belongs to another region's Tempo. (The
    /// same for a personal API token and an OAuth access token: the message names both.)
    #[error("Tempo does not accept Stint's sign-in (HTTP 401): the API token or OAuth sign-in may have expired, been revoked, or belong to another region; sign in to Tempo again (a new API token is made in Tempo under Settings, API Integration)")]
    BadToken,
    /// 403 before the request was looked at: the token lacks the scope.
    #[error("Tempo refused the API token for this (HTTP 403): it needs \"Manage\" access to worklogs; make a token with it in Tempo under Settings, API Integration")]
    MissingScope,
    /// 403 "Period is closed": a closed approval period or an approved timesheet.
    #[error("Tempo refused: the period is closed or the timesheet approved ({message}); ask your Tempo administrator to reopen it, or move the entry to an open week")]
    PeriodClosed { message: String },
    #[error("Tempo refused the request (HTTP {status}): {message}")]
    Refused { status: u16, message: String },
    #[error("the answer from {host} is not what Tempo sends ({detail})")]
    BadAnswer { host: String, detail: String },
}

impl TempoError {
    /// The transport's failures, as the Jira client's HTTP layer reports them.
    pub(crate) fn from_transport(err: JiraError) -> TempoError {
        match err {
            JiraError::NotAllowed(what) => TempoError::NotAllowed(what),
            JiraError::Unreachable { host, detail } => TempoError::Unreachable { host, detail },
            JiraError::Network { host, detail } => TempoError::Network { host, detail },
            JiraError::Timeout { host, seconds } => TempoError::Timeout { host, seconds },
            JiraError::Insecure { host, why } => TempoError::Insecure { host, why },
            other => TempoError::Config(other.to_string()),
        }
    }

    /// What can be done about it, decided here and nowhere else.
    pub fn class(&self) -> Class {
        match self {
            TempoError::Unreachable { .. }
            | TempoError::Network { .. }
            | TempoError::Timeout { .. }
            | TempoError::Server { .. }
            | TempoError::RateLimited { .. }
            | TempoError::BadAnswer { .. } => Class::Retryable,
            TempoError::PeriodClosed { .. } | TempoError::Refused { .. } => Class::Permanent,
            TempoError::BadToken | TempoError::MissingScope => Class::NeedsSignIn,
            TempoError::Config(_) | TempoError::NotAllowed(_) | TempoError::Insecure { .. } => Class::Local,
        }
    }

    /// What the person can do, where the message does not say it for every shell.
    pub fn remedy(&self) -> Option<Remedy> {
        match self {
            TempoError::NotAllowed(_) | TempoError::Insecure { .. } => Some(Remedy::CheckJiraSettings),
            _ => None,
        }
    }

    /// Whether the request surely never reached Tempo.
    pub fn never_sent(&self) -> bool {
        matches!(
            self,
            TempoError::Unreachable { .. }
                | TempoError::NotAllowed(_)
                | TempoError::Config(_)
                | TempoError::Insecure { .. }
        )
    }

    /// How long to wait before the next request: at least a second after a 429.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            TempoError::RateLimited { retry_after } => Some(*retry_after),
            TempoError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status Tempo answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            TempoError::RateLimited { .. } => Some(429),
            TempoError::Server { status, .. } | TempoError::Refused { status, .. } => Some(*status),
            TempoError::BadToken => Some(401),
            TempoError::MissingScope | TempoError::PeriodClosed { .. } => Some(403),
            _ => None,
        }
    }

    /// A short stable name for logs and the UI; logs carry this, never the message.
    pub fn code(&self) -> &'static str {
        match self {
            TempoError::Config(_) => "tempo.config",
            TempoError::NotAllowed(_) => "tempo.not_allowed",
            TempoError::Unreachable { .. } => "tempo.unreachable",
            TempoError::Network { .. } => "tempo.network",
            TempoError::Timeout { .. } => "tempo.timeout",
            TempoError::Insecure { .. } => "tempo.insecure",
            TempoError::RateLimited { .. } => "tempo.rate_limited",
            TempoError::Server { .. } => "tempo.server",
            TempoError::BadToken => "tempo.bad_token",
            TempoError::MissingScope => "tempo.missing_scope",
            TempoError::PeriodClosed { .. } => "tempo.period_closed",
            TempoError::Refused { status: 400, .. } => "tempo.bad_request",
            TempoError::Refused { status: 404, .. } => "tempo.not_found",
            TempoError::Refused { .. } => "tempo.refused",
            TempoError::BadAnswer { .. } => "tempo.bad_answer",
        }
    }
}

/// Tempo's words from an error body: the schema's `{"errors": [{"message"}]}` or the prose's
/// `{"errors": {"message"}}` (its documentation has both), else none. Bounded: an answer is
/// untrusted.
pub(crate) fn messages(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let errors = value.get("errors")?;
    let list: Vec<&str> = match errors {
        serde_json::Value::Array(items) => {
            items.iter().filter_map(|e| e.get("message").and_then(serde_json::Value::as_str)).collect()
        }
        serde_json::Value::Object(_) => errors.get("message").and_then(serde_json::Value::as_str).into_iter().collect(),
        _ => Vec::new(),
    };
    let text: String = list.join("; ").chars().filter(|c| !c.is_control()).take(500).collect();
    (!text.trim().is_empty()).then_some(text)
}

/// Judges a status: the one place Tempo's statuses become errors.
pub(crate) fn judge(status: u16, body: &[u8], host: &str, retry_after: Option<Duration>) -> Result<(), TempoError> {
    match status {
        200..=299 => Ok(()),
        401 => Err(TempoError::BadToken),
        429 => {
            Err(TempoError::RateLimited { retry_after: retry_after.unwrap_or(RATE_LIMIT_PAUSE).max(RATE_LIMIT_PAUSE) })
        }
        500..=599 => Err(TempoError::Server { host: host.to_string(), status, retry_after }),
        403 => match messages(body) {
            Some(message) if message.to_ascii_lowercase().contains("period is closed") => {
                Err(TempoError::PeriodClosed { message })
            }
            Some(message) => Err(TempoError::Refused { status, message }),
            None => Err(TempoError::MissingScope),
        },
        _ => Err(TempoError::Refused {
            status,
            message: messages(body).unwrap_or_else(|| format!("no reason given (HTTP {status})")),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_of_tempo_s_error_shapes_are_read() {
        assert_eq!(messages(br#"{"errors":[{"message":"a"},{"message":"b"}]}"#).as_deref(), Some("a; b"));
        assert_eq!(messages(br#"{"errors":{"message":"Period is closed"}}"#).as_deref(), Some("Period is closed"));
        assert_eq!(messages(b"<html>Forbidden</html>"), None);
        assert_eq!(messages(br#"{"errors":[]}"#), None);
        let long = format!(r#"{{"errors":[{{"message":"{}\u0007"}}]}}"#, "x".repeat(2000));
        assert_eq!(messages(long.as_bytes()).map(|m| m.len()), Some(500), "bounded, no control characters");
    }

    #[test]
    fn statuses_are_judged_in_one_place() {
        let judged = |status: u16, body: &str| judge(status, body.as_bytes(), "api.tempo.io", None).unwrap_err();
        assert!(judge(204, b"", "h", None).is_ok());
        assert_eq!(judged(401, "<html/>").class(), Class::NeedsSignIn);
        let limited = judged(429, r#"{"errors":[{"message":"Rate limit exceeded"}]}"#);
        assert_eq!((limited.class(), limited.retry_after()), (Class::Retryable, Some(RATE_LIMIT_PAUSE)));
        assert_eq!(judged(503, "").class(), Class::Retryable);
        let closed = judged(403, r#"{"errors":[{"message":"Period is closed"}]}"#);
        assert_eq!((closed.code(), closed.class()), ("tempo.period_closed", Class::Permanent));
        assert_eq!(judged(403, "<html>Forbidden</html>").code(), "tempo.missing_scope");
        let refused = judged(400, r#"{"errors":[{"message":"Work attribute 'Account' is required"}]}"#);
        assert_eq!((refused.code(), refused.class()), ("tempo.bad_request", Class::Permanent));
        assert!(refused.to_string().contains("Work attribute 'Account' is required"), "{refused}");
        assert!(judged(404, "").to_string().contains("HTTP 404"));
        assert_eq!(judged(302, "").class(), Class::Permanent, "a redirect is not followed");
    }
}
