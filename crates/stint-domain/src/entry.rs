//! What Stint keeps: finished entries, the running timer, and where each entry stands with Jira.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Utc};

use crate::error::DomainError;
use crate::timer::Gap;
use crate::{IssueKey, Private};

/// Longest note kept. Jira comments allow more, but a note this long is a paste accident.
const MAX_NOTE_CHARS: usize = 10_000;

/// The local id of an entry (the running timer keeps its id when it becomes an entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct EntryId(pub i64);

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for EntryId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse().map(EntryId)
    }
}

/// A note the user typed about their work. Private: it never appears in logs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Note(Private<String>);

impl Note {
    /// Validates a typed note. Blank means "no note" (`None`).
    pub fn parse(input: &str) -> Result<Option<Note>, DomainError> {
        let text = input.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.chars().count() > MAX_NOTE_CHARS {
            return Err(DomainError::BadNote("longer than 10,000 characters"));
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(DomainError::BadNote("holding control characters"));
        }
        Ok(Some(Note(Private::new(text.to_string()))))
    }

    /// Rebuilds a note read back from the store (it was validated when it was written).
    pub fn from_stored(text: String) -> Note {
        Note(Private::new(text))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// Where an entry stands with Jira.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Kept on this machine only, by the user's choice; never sent.
    Local,
    /// In the queue: Jira does not have this version of the entry yet (new, edited, or deleted).
    Pending,
    /// Jira refused it; it stays here until the user fixes it.
    Failed,
    /// Jira has exactly this version.
    Synced,
}

impl SyncState {
    pub const ALL: [SyncState; 4] = [SyncState::Local, SyncState::Pending, SyncState::Failed, SyncState::Synced];

    pub fn as_str(self) -> &'static str {
        match self {
            SyncState::Local => "local",
            SyncState::Pending => "pending",
            SyncState::Failed => "failed",
            SyncState::Synced => "synced",
        }
    }

    pub fn from_stored(s: &str) -> Option<SyncState> {
        SyncState::ALL.into_iter().find(|state| state.as_str() == s)
    }
}

/// A finished piece of work on one issue.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub id: EntryId,
    pub issue: IssueKey,
    /// When the work began, with the UTC offset in force where it began.
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub note: Option<Note>,
    pub sync: SyncState,
}

impl Entry {
    pub fn ended(&self) -> DateTime<FixedOffset> {
        self.started + chrono::Duration::seconds(self.seconds)
    }
}

/// The one running timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub id: EntryId,
    pub issue: IssueKey,
    pub started: DateTime<FixedOffset>,
    pub note: Option<Note>,
    /// The finished entry will be kept local (never sent to Jira).
    pub local_only: bool,
    /// The last heartbeat seen while this timer ran; `None` when nothing has been ticking.
    pub last_seen: Option<DateTime<Utc>>,
    /// A stretch with no heartbeat, noticed earlier and not yet settled by the user.
    pub gap: Option<Gap>,
}

impl Running {
    pub fn elapsed_seconds(&self, now: DateTime<Utc>) -> i64 {
        (now - self.started.with_timezone(&Utc)).num_seconds().max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes() {
        assert_eq!(Note::parse("  "), Ok(None));
        assert_eq!(Note::parse(" fixed the build\nand more ").unwrap().unwrap().expose(), "fixed the build\nand more");
        assert!(Note::parse("bell\u{7}").is_err());
        assert!(Note::parse(&"x".repeat(10_001)).is_err());
        assert!(Note::parse(&"é".repeat(10_000)).is_ok());
    }

    #[test]
    fn sync_states_round_trip() {
        for state in SyncState::ALL {
            assert_eq!(SyncState::from_stored(state.as_str()), Some(state));
        }
        assert_eq!(SyncState::from_stored("nonsense"), None);
    }
}
