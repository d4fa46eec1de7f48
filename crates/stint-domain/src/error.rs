//! The one error type of the domain crate. Every message says what was wrong and, where the fix
//! is the same in every shell (the form to type), what to type instead; where it is not, the
//! error's `remedy` says what to do and each shell words it.

use crate::Remedy;

/// Longest piece of user input echoed back in an error message.
const ECHO_LIMIT: usize = 60;

/// Shortens user input for an error message, so a pasted novel does not become the message.
pub fn echo(input: &str) -> String {
    let trimmed = input.trim();
    if trimmed.chars().count() <= ECHO_LIMIT {
        trimmed.to_string()
    } else {
        let head: String = trimmed.chars().take(ECHO_LIMIT).collect();
        format!("{head}…")
    }
}

/// A rule of the domain was broken by the input. All of these are the user's to fix (bad input),
/// except where `AppError` says otherwise (a timer left running too long).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("`{0}` is not a Jira issue key: a key is the project key, a dash and the issue number, like PROJ-123")]
    BadIssueKey(String),
    #[error("`{0}` is not a Jira project key: a project key is letters, digits and underscores, starting with a letter, like PROJ")]
    BadProjectKey(String),
    #[error("`{input}` is not a duration ({reason}): write it like 1h30m, 90m, 1.5h or 1:30")]
    BadDuration { input: String, reason: &'static str },
    #[error("{0} is shorter than one minute, the shortest entry Jira accepts: log at least 1m")]
    DurationTooShort(String),
    #[error("{0} is longer than 24 hours, the longest single entry Stint keeps: split it into several entries")]
    DurationTooLong(String),
    #[error("`{0}` is not a time")]
    BadTime(String),
    #[error("{local} happens twice in your time zone (clocks went back), at {first} and at {second}: give the offset, like {example}")]
    AmbiguousTime { local: String, first: String, second: String, example: String },
    #[error("{0} does not exist in your time zone (clocks went forward then): pick a time outside the skipped hour")]
    NonexistentTime(String),
    #[error("`{0}` is not a date: write YYYY-MM-DD (a year from 1970 to 9999), `today` or `yesterday`")]
    BadDate(String),
    #[error("`{0}` is not a week: write an ISO week like 2026-W47, or any date in that week like 2026-11-18 (a year from 1970 to 9999)")]
    BadWeek(String),
    #[error("the note is {0}")]
    BadNote(String),
    #[error("{what} ({time}) is in the future: give a time that has already passed")]
    InFuture { what: &'static str, time: String },
    #[error("the entry would end at {end}, which is in the future: give an earlier start or a shorter duration")]
    EndInFuture { end: String },
    #[error("{what} ({time}) is before 2000-01-01, the earliest time Stint keeps: check the year")]
    TooEarly { what: &'static str, time: String },
    #[error("the UTC offset of {0} is beyond ±18:00, which Jira does not accept: give the offset in force where you worked, like +01:00")]
    OffsetOutOfRange(String),
    #[error("the end ({end}) is before the start ({start}): give a later end time")]
    EndBeforeStart { start: String, end: String },
    #[error("the timer has run for {0}, longer than the 24 hours one entry may span")]
    TimerTooLong(String),
    #[error("`{0}` is not a rounding rule: write none, or up/down/nearest and a step of whole minutes up to 4h, like `up 15m`")]
    BadRounding(String),
    #[error("`{0}` is not a weekday: write monday, tuesday, … or mon, tue, …")]
    BadWeekday(String),
    #[error("`{input}` is not a working day ({reason}): write it like 09:00-17:00")]
    BadWorkingHours { input: String, reason: &'static str },
    #[error("`{input}` is out of range: {rule}")]
    OutOfRange { input: String, rule: &'static str },
    #[error("{0}")]
    BadSetting(String),
    #[error("{date} has no free stretch of {duration} before now")]
    NoRoomOnDay { date: chrono::NaiveDate, duration: String },
    #[error("that cell of {date} is not typed into: {reason}")]
    CellLocked { date: chrono::NaiveDate, reason: &'static str },
}

impl DomainError {
    /// What to do, where the message alone cannot say it for every shell.
    pub fn remedy(&self) -> Option<Remedy> {
        match self {
            DomainError::BadTime(_) => Some(Remedy::TypeTime),
            DomainError::TimerTooLong(_) => Some(Remedy::StopEarlier),
            DomainError::NoRoomOnDay { date, .. } | DomainError::CellLocked { date, .. } => {
                Some(Remedy::ChangeDayEntries { date: *date })
            }
            _ => None,
        }
    }
}
