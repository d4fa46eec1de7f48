//! The pure failure policy: what the sync does after a request failed. The request, what the error
//! was, how often this entry has been tried and the configured backoff go in; one decision comes
//! out. The engine's loop carries it out and never looks at error variants itself.
//!
//! It is written once for every place worklogs go: the error is any `Failure`, which Jira's and
//! Tempo's errors both are, each saying what its service's rules make of it (Tempo: at least a
//! second after a 429, which holds back everything; a 5xx tried three more times, 5, 10 and 15 s
//! apart; any other 4xx never again).
//!
//! ```text
//!   the sign-in is gone ───────────────► NeedsSignIn (the run stops; a create's mark is cleared:
//!                                          Jira answered 401 before writing anything)
//!   this machine's problem ────────────► Stop (configuration, keychain: the run stops, nothing changes)
//!   Jira refused it (4xx) ─────────────► Refuse (kept with the entry, with Jira's words; a 404 to
//!                                          an update means the worklog is gone, not the issue)
//!   worth another try (network, 5xx, 429):
//!       the third connection problem
//!       in a row ──────────────────────► Unreachable (the run stops)
//!       tried `max_attempts` times ────► GiveUp (left queued for the next run)
//!       asked to wait over `longest_wait` ► NotBefore (left queued; when everything must wait, the
//!                                          run ends and says from when Jira allows the next try)
//!       otherwise ─────────────────────► Retry after Jira's Retry-After, or the doubling backoff,
//!                                          pausing one issue (per-issue 429) or every request
//!                                          (any other 429, a 5xx that asked to wait)
//!   a create that failed worth a retry:
//!       surely never sent, or 429 ─────► its mark is cleared before the retry
//!       timed out ─────────────────────► looked for after the usual wait (Jira may still be at it)
//!       answered or hung up ───────────► looked for at once
//! ```

use std::time::Duration;

use stint_domain::{IssueKey, Remedy};
use stint_jira::{Class, JiraError, Pause};
use stint_tempo::TempoError;

/// A failed request to a place worklogs go, as the policy needs to see it.
pub trait Failure: std::fmt::Debug {
    /// Whose service answered: "Jira" or "Tempo", for the refusal's words.
    fn service(&self) -> &'static str;
    fn class(&self) -> Class;
    /// A short stable name for logs and the stored refusal.
    fn code(&self) -> &'static str;
    fn status(&self) -> Option<u16>;
    /// The service's own words for a refusal; for anything else, the error's message.
    fn words(&self) -> String;
    /// What a wait the service asked for holds back.
    fn pause(&self) -> Option<Pause>;
    /// Whether the service could not be reached at all.
    fn is_connection_problem(&self) -> bool;
    /// Whether the request surely never reached the service.
    fn never_sent(&self) -> bool;
    /// A 429: refused before anything was written.
    fn rate_limited(&self) -> bool;
    /// No answer in time: the service may still be carrying it out.
    fn timed_out(&self) -> bool;
    /// The refusal code when a worklog to change is gone (a 404 to an update).
    fn gone_code(&self) -> &'static str;
    /// The wait before try `attempt + 1`, where the service's rules say it; `None`: the
    /// configured doubling backoff.
    fn wait(&self, attempt: u32) -> Option<Duration>;
    /// The most tries the service's rules allow for this failure, where they say.
    fn most_tries(&self) -> Option<u32> {
        None
    }
    /// What the person can do about it, when a run stops on it.
    fn remedy(&self) -> Option<Remedy>;
}

impl Failure for JiraError {
    fn service(&self) -> &'static str {
        "Jira"
    }
    fn remedy(&self) -> Option<Remedy> {
        JiraError::remedy(self)
    }
    fn class(&self) -> Class {
        JiraError::class(self)
    }
    fn code(&self) -> &'static str {
        JiraError::code(self)
    }
    fn status(&self) -> Option<u16> {
        JiraError::status(self)
    }
    fn words(&self) -> String {
        self.jira_words()
    }
    fn pause(&self) -> Option<Pause> {
        JiraError::pause(self)
    }
    fn is_connection_problem(&self) -> bool {
        JiraError::is_connection_problem(self)
    }
    fn never_sent(&self) -> bool {
        JiraError::never_sent(self)
    }
    fn rate_limited(&self) -> bool {
        matches!(self, JiraError::RateLimited { .. })
    }
    fn timed_out(&self) -> bool {
        matches!(self, JiraError::Timeout { .. })
    }
    fn gone_code(&self) -> &'static str {
        "jira.worklog_gone"
    }
    fn wait(&self, _attempt: u32) -> Option<Duration> {
        self.retry_after()
    }
}

/// Tempo's best practices: retry a 5xx three times, 5, 10 and 15 s apart.
const TEMPO_SERVER_TRIES: u32 = 4;
const TEMPO_SERVER_STEP: Duration = Duration::from_secs(5);

impl Failure for TempoError {
    fn service(&self) -> &'static str {
        "Tempo"
    }
    fn remedy(&self) -> Option<Remedy> {
        TempoError::remedy(self)
    }
    fn class(&self) -> Class {
        TempoError::class(self)
    }
    fn code(&self) -> &'static str {
        TempoError::code(self)
    }
    fn status(&self) -> Option<u16> {
        TempoError::status(self)
    }
    fn words(&self) -> String {
        match self {
            TempoError::Refused { message, .. } | TempoError::PeriodClosed { message } => message.clone(),
            other => other.to_string(),
        }
    }
    fn pause(&self) -> Option<Pause> {
        // Tempo's limit is the person's (or the tenant's) rate: every request waits.
        match self {
            TempoError::RateLimited { .. } | TempoError::Server { retry_after: Some(_), .. } => Some(Pause::Everything),
            _ => None,
        }
    }
    fn is_connection_problem(&self) -> bool {
        matches!(self, TempoError::Unreachable { .. } | TempoError::Network { .. } | TempoError::Timeout { .. })
    }
    fn never_sent(&self) -> bool {
        TempoError::never_sent(self)
    }
    fn rate_limited(&self) -> bool {
        matches!(self, TempoError::RateLimited { .. })
    }
    fn timed_out(&self) -> bool {
        matches!(self, TempoError::Timeout { .. })
    }
    fn gone_code(&self) -> &'static str {
        "tempo.worklog_gone"
    }
    fn wait(&self, attempt: u32) -> Option<Duration> {
        match self {
            TempoError::Server { retry_after: None, .. } => Some(TEMPO_SERVER_STEP.saturating_mul(attempt.max(1))),
            other => other.retry_after(),
        }
    }
    fn most_tries(&self) -> Option<u32> {
        matches!(self, TempoError::Server { .. }).then_some(TEMPO_SERVER_TRIES)
    }
}

/// Connection problems in a row after which a run stops: Jira is not there.
const UNREACHABLE_AFTER: u32 = 3;

/// The kind of request that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    Create,
    /// Looking for a create whose answer was lost.
    Resolve,
    Update,
    Delete,
}

/// After a failed create: whether the worklog may exist in Jira.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lost {
    /// Surely not (never sent, or refused before it was carried out): clear the mark, and only
    /// then try again.
    Cleared,
    /// Maybe, and Jira may still be at it: look for it after the usual wait.
    LookLater,
    /// Maybe, and Jira is done with it: look for it at once.
    LookNow,
}

/// What to do about one failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Try again after `wait`; `pause` holds back that issue or every request meanwhile. For a
    /// create, `lost` says what may be in Jira.
    Retry { wait: Duration, pause: Option<Pause>, lost: Option<Lost> },
    /// Tried often enough in this run: leave the entry queued for the next. For a create, `lost`
    /// as for `Retry`.
    GiveUp { lost: Option<Lost> },
    /// Jira asked to wait longer than a run waits: leave the entry queued; with `pause`
    /// `Everything`, nothing else may go either and the run ends. `wait` says when Jira allows the
    /// next try.
    NotBefore { wait: Duration, pause: Option<Pause>, lost: Option<Lost> },
    /// Jira refused it: keep the refusal with the entry under `code` (see `refusal_reason` for
    /// its words), and go on with the others.
    Refuse { code: &'static str },
    /// Jira no longer accepts the sign-in: stop the run. `clear_mark`: a create was answered 401
    /// before anything was written.
    NeedsSignIn { clear_mark: bool },
    /// Something on this machine (the configuration, the keychain): stop, and change nothing.
    Stop,
    /// Jira could not be reached several times in a row: stop the run. For a create, `lost` as
    /// for `Retry`.
    Unreachable { lost: Option<Lost> },
}

/// How often it has gone wrong so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tries {
    /// This entry's tries in this run, this one included (1, 2, …).
    pub attempt: u32,
    /// Requests in a row, this one included, that could not reach Jira at all.
    pub unreachable_in_a_row: u32,
}

/// How the policy is tuned (from the sync's options).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    /// Tries per entry in one run.
    pub max_attempts: u32,
    /// The first wait after a failure that may pass; it doubles up to a minute.
    pub backoff: Duration,
    /// The longest wait a run sits through; a longer one ends it (the entries stay queued).
    pub longest_wait: Duration,
}

/// Decides what to do after `request` failed with `error`, as often as `tries` says. `jitter`
/// (0 to 1) spreads the backoff so many clients do not retry in step.
pub fn decide(request: Request, error: &dyn Failure, tries: Tries, tuning: Tuning, jitter: f64) -> Decision {
    match error.class() {
        Class::NeedsSignIn => Decision::NeedsSignIn { clear_mark: request == Request::Create },
        Class::Local => Decision::Stop,
        Class::Permanent if request == Request::Update && error.status() == Some(404) => {
            Decision::Refuse { code: error.gone_code() }
        }
        Class::Permanent => Decision::Refuse { code: error.code() },
        Class::Retryable => {
            let lost = (request == Request::Create).then(|| lost_create(error));
            if error.is_connection_problem() && tries.unreachable_in_a_row >= UNREACHABLE_AFTER {
                return Decision::Unreachable { lost };
            }
            let most = error.most_tries().map_or(tuning.max_attempts, |m| m.min(tuning.max_attempts));
            if tries.attempt >= most {
                return Decision::GiveUp { lost };
            }
            let attempt = tries.attempt;
            let wait = error.wait(attempt).unwrap_or_else(|| backoff(tuning.backoff, attempt, jitter));
            if wait > tuning.longest_wait {
                return Decision::NotBefore { wait, pause: error.pause(), lost };
            }
            Decision::Retry { wait, pause: error.pause(), lost }
        }
    }
}

/// What Jira refused, in the person's terms, kept with the entry: Jira's own words and what they
/// concern. What to do follows from the refusal's code (`Remedy::for_refusal`), worded by each
/// shell.
pub fn refusal_reason(request: Request, code: &str, error: &dyn Failure, issue: &IssueKey, site: &str) -> String {
    let words = error.words();
    let service = error.service();
    match (code, error.status()) {
        ("jira.worklog_gone" | "tempo.worklog_gone", _) => {
            format!("{service} no longer has this worklog on {issue} ({words})")
        }
        ("tempo.period_closed", _) => {
            format!("the entry's week is closed in Tempo, or its timesheet approved ({words})")
        }
        _ if request == Request::Delete => {
            format!("{service} would not delete this entry's worklog on {issue}, so it stays there ({words})")
        }
        (_, Some(400)) => format!("{service} refused this worklog: {words}"),
        (_, Some(403)) => format!("you may not log work on {issue} ({words})"),
        (_, Some(404)) => format!("{issue} was not found on {site}, or you may not see it ({words})"),
        (_, Some(413)) => format!("{issue} has more worklogs than Jira allows ({words})"),
        _ => format!("{service} refused it: {words}"),
    }
}

/// What a create that failed worth a retry may have left behind, whichever service it went to.
fn lost_create(error: &dyn Failure) -> Lost {
    if error.never_sent() || error.rate_limited() {
        Lost::Cleared
    } else if error.timed_out() {
        Lost::LookLater
    } else {
        Lost::LookNow
    }
}

/// The wait before retry `attempt` (1, 2, …): doubling from `base`, capped at a minute, times a
/// jitter between 0.7 and 1.3 (`jitter` 0 to 1).
pub fn backoff(base: Duration, attempt: u32, jitter: f64) -> Duration {
    let doubled = base.saturating_mul(1 << attempt.saturating_sub(1).min(10)).min(Duration::from_secs(60));
    doubled.mul_f64(0.7 + 0.6 * jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use stint_jira::RateLimitReason;

    const TUNING: Tuning =
        Tuning { max_attempts: 4, backoff: Duration::from_secs(2), longest_wait: Duration::from_secs(60) };

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn retry(wait: u64, pause: Option<Pause>, lost: Option<Lost>) -> Decision {
        Decision::Retry { wait: secs(wait), pause, lost }
    }

    /// Every class of failure, for each kind of request it matters to: the table the engine obeys.
    #[test]
    fn every_failure_has_its_decision() {
        let host = || "ada.atlassian.net".to_string();
        let limited = |reason, after: Option<u64>| JiraError::RateLimited { retry_after: after.map(secs), reason };
        let refused = |status| JiraError::Refused { status, message: "no".into() };
        use Decision::*;
        use Request::*;
        let table: Vec<(Request, JiraError, u32, Decision)> = vec![
            // The network: never connected, the connection dropped, no answer in time.
            (
                Create,
                JiraError::Unreachable { host: host(), detail: "refused".into() },
                1,
                retry(2, None, Some(Lost::Cleared)),
            ),
            (
                Create,
                JiraError::Network { host: host(), detail: "reset".into() },
                1,
                retry(2, None, Some(Lost::LookNow)),
            ),
            (Create, JiraError::Timeout { host: host(), seconds: 30 }, 1, retry(2, None, Some(Lost::LookLater))),
            (Update, JiraError::Timeout { host: host(), seconds: 30 }, 2, retry(4, None, None)),
            (Delete, JiraError::Network { host: host(), detail: "reset".into() }, 3, retry(8, None, None)),
            // Jira's 5xx: with a Retry-After, everything waits that long.
            (
                Update,
                JiraError::Server { host: host(), status: 503, retry_after: Some(secs(7)) },
                1,
                retry(7, Some(Pause::Everything), None),
            ),
            (
                Create,
                JiraError::Server { host: host(), status: 500, retry_after: None },
                1,
                retry(2, None, Some(Lost::LookNow)),
            ),
            (Resolve, JiraError::Server { host: host(), status: 502, retry_after: None }, 2, retry(4, None, None)),
            // 429, by each reason: one issue for the per-issue limit, everything otherwise.
            (Create, limited(RateLimitReason::PerIssue, Some(3)), 1, retry(3, Some(Pause::Issue), Some(Lost::Cleared))),
            (Update, limited(RateLimitReason::Burst, Some(2)), 1, retry(2, Some(Pause::Everything), None)),
            (Delete, limited(RateLimitReason::Quota, Some(60)), 1, retry(60, Some(Pause::Everything), None)),
            // A wait longer than a run sits through: left for later (an hourly quota, Retry-After 3000).
            (
                Create,
                limited(RateLimitReason::Quota, Some(3000)),
                1,
                NotBefore { wait: secs(3000), pause: Some(Pause::Everything), lost: Some(Lost::Cleared) },
            ),
            (
                Update,
                limited(RateLimitReason::PerIssue, Some(120)),
                1,
                NotBefore { wait: secs(120), pause: Some(Pause::Issue), lost: None },
            ),
            (
                Update,
                JiraError::Server { host: host(), status: 503, retry_after: Some(secs(600)) },
                1,
                NotBefore { wait: secs(600), pause: Some(Pause::Everything), lost: None },
            ),
            (Update, limited(RateLimitReason::Unknown, None), 1, retry(2, Some(Pause::Everything), None)),
            // Refusals: kept with the entry, whatever the request.
            (Create, refused(400), 1, Refuse { code: "jira.bad_request" }),
            (Update, refused(403), 1, Refuse { code: "jira.forbidden" }),
            (Create, refused(404), 1, Refuse { code: "jira.not_found" }),
            (Update, refused(404), 1, Refuse { code: "jira.worklog_gone" }),
            (Delete, refused(409), 1, Refuse { code: "jira.refused" }),
            (Create, refused(413), 1, Refuse { code: "jira.too_many_worklogs" }),
            // 401 after the session could not refresh (Jira refused the refresh token, or there
            // was none): the run stops; a create's mark goes (Jira wrote nothing).
            (Create, JiraError::NeedsSignIn("invalid_grant".into()), 1, NeedsSignIn { clear_mark: true }),
            (Update, JiraError::NeedsSignIn("no refresh token was kept".into()), 1, NeedsSignIn { clear_mark: false }),
            (Delete, JiraError::NotSignedIn, 1, NeedsSignIn { clear_mark: false }),
            // This machine.
            (Create, JiraError::KeychainLocked, 1, Stop),
            (Update, JiraError::NotAllowed(host()), 1, Stop),
            // Tried often enough: left for the next run, saying what a create may have left.
            (Create, JiraError::Timeout { host: host(), seconds: 30 }, 4, GiveUp { lost: Some(Lost::LookLater) }),
            (Update, JiraError::Server { host: host(), status: 500, retry_after: None }, 4, GiveUp { lost: None }),
        ];
        for (request, error, attempt, want) in table {
            // A jitter of 0.5 is the backoff exactly: 2 s, doubling with each try.
            let tries = Tries { attempt, unreachable_in_a_row: u32::from(error.is_connection_problem()) };
            let got = decide(request, &error, tries, TUNING, 0.5);
            assert_eq!(got, want, "{request:?} after {error:?}, try {attempt}");
        }
    }

    #[test]
    fn the_third_connection_problem_in_a_row_stops_the_run() {
        let down = JiraError::Unreachable { host: "ada.atlassian.net".into(), detail: "refused".into() };
        let tries = |n| Tries { attempt: 1, unreachable_in_a_row: n };
        assert!(matches!(decide(Request::Update, &down, tries(2), TUNING, 0.5), Decision::Retry { .. }));
        assert_eq!(decide(Request::Update, &down, tries(3), TUNING, 0.5), Decision::Unreachable { lost: None });
        assert_eq!(
            decide(Request::Create, &down, tries(3), TUNING, 0.5),
            Decision::Unreachable { lost: Some(Lost::Cleared) }
        );
        // A 5xx is an answer: it never counts as Jira being away.
        let busy = JiraError::Server { host: "ada.atlassian.net".into(), status: 503, retry_after: None };
        assert!(matches!(decide(Request::Update, &busy, tries(0), TUNING, 0.5), Decision::Retry { .. }));
    }

    #[test]
    fn refusals_say_what_jira_said_about_what() {
        let issue = IssueKey::parse("ABC-1").unwrap();
        let said = |status, code| {
            let error = JiraError::Refused { status, message: "Nope".into() };
            refusal_reason(Request::Create, code, &error, &issue, "ada.atlassian.net")
        };
        assert_eq!(said(400, "jira.bad_request"), "Jira refused this worklog: Nope");
        assert_eq!(said(403, "jira.forbidden"), "you may not log work on ABC-1 (Nope)");
        assert_eq!(
            said(404, "jira.not_found"),
            "ABC-1 was not found on ada.atlassian.net, or you may not see it (Nope)"
        );
        assert_eq!(said(404, "jira.worklog_gone"), "Jira no longer has this worklog on ABC-1 (Nope)");
        // A deletion refused (no permission to delete worklogs: Jira answers 400) names the issue
        // the worklog stays on, which for a moved entry is not the entry's own.
        let error = JiraError::Refused { status: 400, message: "You may not delete it".into() };
        assert_eq!(
            refusal_reason(Request::Delete, "jira.bad_request", &error, &issue, "ada.atlassian.net"),
            "Jira would not delete this entry's worklog on ABC-1, so it stays there (You may not delete it)"
        );
        assert_eq!(said(413, "jira.too_many_worklogs"), "ABC-1 has more worklogs than Jira allows (Nope)");
        assert_eq!(said(409, "jira.refused"), "Jira refused it: Nope");
    }

    /// Tempo's failures through the same policy, with Tempo's rules: the table for Tempo.
    #[test]
    fn tempo_s_failures_have_tempo_s_decisions() {
        let host = || "api.tempo.io".to_string();
        let server = |status| TempoError::Server { host: host(), status, retry_after: None };
        let refused = |status, message: &str| TempoError::Refused { status, message: message.into() };
        use Decision::*;
        use Request::*;
        let table: Vec<(Request, TempoError, u32, Decision)> = vec![
            // A 429 holds back everything, at least a second (Tempo sends no Retry-After).
            (
                Create,
                TempoError::RateLimited { retry_after: secs(1) },
                1,
                retry(1, Some(Pause::Everything), Some(Lost::Cleared)),
            ),
            (Update, TempoError::RateLimited { retry_after: secs(1) }, 3, retry(1, Some(Pause::Everything), None)),
            // A 5xx: three more tries, 5, 10 and 15 s apart, then left for the next run.
            (Update, server(500), 1, retry(5, None, None)),
            (Update, server(502), 2, retry(10, None, None)),
            (Delete, server(503), 3, retry(15, None, None)),
            (Update, server(500), 4, GiveUp { lost: None }),
            (Create, server(500), 1, retry(5, None, Some(Lost::LookNow))),
            // The network, as for Jira.
            (Create, TempoError::Timeout { host: host(), seconds: 30 }, 1, retry(2, None, Some(Lost::LookLater))),
            (
                Create,
                TempoError::Unreachable { host: host(), detail: "refused".into() },
                1,
                retry(2, None, Some(Lost::Cleared)),
            ),
            // Any other 4xx: never again; kept with the entry.
            (Create, refused(400, "Work attribute 'Account' is required"), 1, Refuse { code: "tempo.bad_request" }),
            (
                Create,
                TempoError::PeriodClosed { message: "Period is closed".into() },
                1,
                Refuse { code: "tempo.period_closed" },
            ),
            (
                Delete,
                TempoError::PeriodClosed { message: "Period is closed".into() },
                1,
                Refuse { code: "tempo.period_closed" },
            ),
            (Update, refused(404, "Worklog not found"), 1, Refuse { code: "tempo.worklog_gone" }),
            (Create, refused(409, "busy"), 1, Refuse { code: "tempo.refused" }),
            // The token: a new one is needed.
            (Create, TempoError::BadToken, 1, NeedsSignIn { clear_mark: true }),
            (Update, TempoError::MissingScope, 1, NeedsSignIn { clear_mark: false }),
            // This machine.
            (Update, TempoError::NotAllowed(host()), 1, Stop),
        ];
        for (request, error, attempt, want) in table {
            let tries = Tries { attempt, unreachable_in_a_row: u32::from(Failure::is_connection_problem(&error)) };
            let got = decide(request, &error, tries, TUNING, 0.5);
            assert_eq!(got, want, "{request:?} after {error:?}, try {attempt}");
        }
        let down = TempoError::Network { host: host(), detail: "reset".into() };
        let third = Tries { attempt: 1, unreachable_in_a_row: 3 };
        assert_eq!(decide(Request::Create, &down, third, TUNING, 0.5), Unreachable { lost: Some(Lost::LookNow) });
    }

    #[test]
    fn tempo_s_refusals_say_what_tempo_said() {
        let issue = IssueKey::parse("ABC-1").unwrap();
        let said = |request, error: TempoError| {
            let code = Failure::code(&error);
            refusal_reason(request, code, &error, &issue, "acme.atlassian.net")
        };
        let missing = TempoError::Refused { status: 400, message: "Work attribute 'Account' is required".into() };
        assert_eq!(said(Request::Create, missing), "Tempo refused this worklog: Work attribute 'Account' is required");
        let closed = TempoError::PeriodClosed { message: "Period is closed".into() };
        assert_eq!(
            said(Request::Delete, closed),
            "the entry's week is closed in Tempo, or its timesheet approved (Period is closed)"
        );
        let gone = TempoError::Refused { status: 404, message: "Worklog not found".into() };
        assert_eq!(
            refusal_reason(Request::Update, "tempo.worklog_gone", &gone, &issue, "acme.atlassian.net"),
            "Tempo no longer has this worklog on ABC-1 (Worklog not found)"
        );
    }

    #[test]
    fn the_backoff_doubles_to_a_minute_with_jitter() {
        assert_eq!(backoff(secs(2), 1, 0.5), secs(2));
        assert_eq!(backoff(secs(2), 3, 0.5), secs(8));
        assert_eq!(backoff(secs(2), 30, 0.5), secs(60));
        assert_eq!(backoff(secs(10), 1, 0.0), secs(7));
        assert_eq!(backoff(secs(10), 1, 1.0), secs(13));
    }
}
