//! What Stint keeps: finished entries, the running timer, and where each entry stands with Jira.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Utc};

use crate::error::DomainError;
use crate::timer::Gap;
use crate::{IssueKey, Private};

/// Longest note kept. Jira comments allow more, but a note this long is a paste accident.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// The local id of an entry (the running timer keeps its id when it becomes an entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
#[cfg_attr(feature = "ts", ts(as = "i64"))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
#[cfg_attr(feature = "ts", ts(as = "String"))]
pub struct Note(Private<String>);

/// Characters that reorder how text is shown (bidirectional embeddings, overrides and isolates):
/// in a note they can make what Jira and a terminal show differ from what was typed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no space on screen.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
}

impl Note {
    /// Validates a typed note. Blank means "no note" (`None`). Line ends from other systems
    /// (`\r\n`, `\r`, U+2028) become `\n`.
    pub fn parse(input: &str) -> Result<Option<Note>, DomainError> {
        let normalized = input.replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}'], "\n");
        let text = normalized.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.chars().count() > MAX_NOTE_CHARS {
            return Err(DomainError::BadNote("longer than 10,000 characters: shorten it".into()));
        }
        if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
            return Err(DomainError::BadNote(format!("holding a control character (U+{:04X}): remove it", c as u32)));
        }
        if let Some(c) = text.chars().find(|c| is_bidi_control(*c)) {
            return Err(DomainError::BadNote(format!(
                "holding a bidirectional control character (U+{:04X}), which can make it show in a misleading order: remove it",
                c as u32
            )));
        }
        if text.chars().all(is_invisible) {
            return Err(DomainError::BadNote(
                "made of invisible characters only: write some text, or give an empty note to have none".into(),
            ));
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Kept on this machine only, by the user's choice; never sent.
    Local,
    /// In the queue: Jira does not have this version of the entry yet (new, edited, or deleted).
    Pending,
    /// A request about it may be in flight; a create in this state may already be in Jira.
    Pushing,
    /// Jira refused it; it stays here until the user fixes it.
    Failed,
    /// Jira has exactly this version.
    Synced,
    /// Queued, waiting for `stint login`.
    NeedsSignIn,
}

impl SyncState {
    pub const ALL: [SyncState; 6] = [
        SyncState::Local,
        SyncState::Pending,
        SyncState::Pushing,
        SyncState::Failed,
        SyncState::Synced,
        SyncState::NeedsSignIn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SyncState::Local => "local",
            SyncState::Pending => "pending",
            SyncState::Pushing => "pushing",
            SyncState::Failed => "failed",
            SyncState::Synced => "synced",
            SyncState::NeedsSignIn => "needs_sign_in",
        }
    }

    /// Still to reach Jira: queued, in flight, or waiting for a sign-in.
    pub fn is_queued(self) -> bool {
        matches!(self, SyncState::Pending | SyncState::Pushing | SyncState::NeedsSignIn)
    }

    pub fn from_stored(s: &str) -> Option<SyncState> {
        SyncState::ALL.into_iter().find(|state| state.as_str() == s)
    }
}

/// Why Jira refused an entry: a stable code, and what Jira refused with its own words.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncError {
    pub code: String,
    pub message: String,
    /// The issue the refused request was about, when it is not the entry's own: a moved entry
    /// whose worklog Jira would not delete from the issue it was on. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub issue: Option<IssueKey>,
    /// The refused request was a deletion of the entry's worklog (the entry was removed here, or
    /// moved to another issue): the worklog stays in Jira as it was. Absent when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub deletion: bool,
}

impl SyncError {
    /// What to do about the refusal of entry `id`.
    pub fn remedy(&self, id: EntryId) -> crate::Remedy {
        // A worklog that is gone or not this entry's is unlinked by a retry: no deletion to ask for.
        if self.deletion && !matches!(self.code.as_str(), "jira.worklog_gone" | "jira.not_yours") {
            return crate::Remedy::RetryDeletion { id };
        }
        crate::Remedy::for_refusal(&self.code, id)
    }
}

/// A finished piece of work on one issue.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Entry {
    pub id: EntryId,
    pub issue: IssueKey,
    /// When the work began, with the UTC offset in force where it began.
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub note: Option<Note>,
    pub sync: SyncState,
    /// Why Jira refused it (only when `sync` is `failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub error: Option<SyncError>,
    /// Removed here, but Jira refused to delete its worklog: shown (with `error`) until the
    /// deletion goes through or the removal is taken back; it counts in no total. Absent when
    /// false, so the documented shape of a listed entry is unchanged.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub removed: bool,
    /// What a read-back of Jira found that needs the person: its worklog was deleted in Jira, or
    /// it was changed in Jira and here. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub jira: Option<JiraState>,
    /// The Jira site it belongs to (where it is, or goes), as `stint whoami` names it. Absent
    /// before any sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub site: Option<String>,
}

/// What Jira holds of an entry, when a read-back found it differs and the person must choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum JiraState {
    /// Its worklog is gone from Jira: push it again, or drop it here too.
    Deleted,
    /// Changed in Jira and here since the last sync: keep this machine's values, or take Jira's.
    Conflict,
}

impl JiraState {
    pub fn from_stored(text: &str) -> Option<JiraState> {
        match text {
            "deleted" => Some(JiraState::Deleted),
            "conflict" => Some(JiraState::Conflict),
            _ => None,
        }
    }
}

impl Entry {
    pub fn ended(&self) -> DateTime<FixedOffset> {
        self.started + chrono::Duration::seconds(self.seconds)
    }
}

/// An entry's work must be over by `now`: one that would end later is refused.
pub fn check_entry_end(started: DateTime<FixedOffset>, seconds: i64, now: DateTime<Utc>) -> Result<(), DomainError> {
    let end = started + chrono::Duration::seconds(seconds);
    if end > now {
        return Err(DomainError::EndInFuture { end: crate::rfc3339::format(&end) });
    }
    Ok(())
}

/// For each entry, the ids of the others it shares time with (a removed entry shares none). Entries
/// are sorted by start, so each is compared only with those that begin before it ends.
pub fn overlapping(entries: &[Entry]) -> Vec<Vec<EntryId>> {
    let mut order: Vec<usize> = (0..entries.len()).filter(|&i| !entries[i].removed).collect();
    order.sort_by_key(|&i| (entries[i].started.to_utc(), entries[i].id));
    let mut found = vec![Vec::new(); entries.len()];
    for (n, &i) in order.iter().enumerate() {
        let a = (entries[i].started.to_utc(), entries[i].ended().to_utc());
        for &j in &order[n + 1..] {
            let b = (entries[j].started.to_utc(), entries[j].ended().to_utc());
            if b.0 >= a.1 {
                break;
            }
            if spans_overlap(a, b) {
                found[i].push(entries[j].id);
                found[j].push(entries[i].id);
            }
        }
    }
    found
}

/// Whether two spans of time `[start, end)` share any instant (touching ends do not).
pub fn spans_overlap(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
    a.0 < b.1 && b.0 < a.1
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
        assert_eq!(Note::parse("-5 bugs fixed").unwrap().unwrap().expose(), "-5 bugs fixed");
    }

    #[test]
    fn line_ends_from_other_systems_are_kept_as_line_ends() {
        let note = Note::parse("one\r\ntwo\rthree\u{2028}four\r\n").unwrap().unwrap();
        assert_eq!(note.expose(), "one\ntwo\nthree\nfour");
    }

    #[test]
    fn each_refusal_names_its_own_problem() {
        for (input, says) in [
            (&"x".repeat(10_001) as &str, "shorten it"),
            ("bell\u{7}", "control character (U+0007)"),
            ("invoice \u{202E}gpj.exe", "bidirectional control character (U+202E)"),
            ("\u{2066}isolated\u{2069}", "U+2066"),
            ("\u{200B}\u{200B} \u{FEFF}", "invisible characters only"),
        ] {
            let err = Note::parse(input).unwrap_err().to_string();
            assert!(err.contains(says), "{input:?}: {err}");
            assert!(!err.contains("shorten") || says == "shorten it", "{err}");
        }
        // Invisible characters inside real text are fine (a zero-width joiner in an emoji, say).
        assert!(Note::parse("team 👩\u{200D}💻 sync").unwrap().is_some());
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics_and_keeps_only_printable_text(s in "\\PC{0,40}|[\\x00-\\x1f\\u{2028}\\u{202A}-\\u{202E}a ]{0,20}") {
            if let Ok(Some(note)) = Note::parse(&s) {
                let text = note.expose();
                proptest::prop_assert!(!text.contains('\r'));
                proptest::prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
                proptest::prop_assert!(!text.chars().any(is_bidi_control));
                proptest::prop_assert_eq!(text.trim(), text);
            }
        }
    }

    #[test]
    fn an_entry_may_end_now_but_not_later() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z").unwrap().to_utc();
        let hour_ago = DateTime::parse_from_rfc3339("2026-11-23T10:00:00+01:00").unwrap();
        assert_eq!(check_entry_end(hour_ago, 3600, now), Ok(()));
        let err = check_entry_end(hour_ago, 24 * 3600, now).unwrap_err();
        assert_eq!(err.to_string().split(',').next().unwrap(), "the entry would end at 2026-11-24T10:00:00+01:00");
    }

    #[test]
    fn overlaps_are_found_both_ways_and_touching_is_not_one() {
        let e = |id: i64, start: &str, seconds: i64| Entry {
            id: EntryId(id),
            issue: IssueKey::parse("ABC-1").unwrap(),
            started: DateTime::parse_from_rfc3339(start).unwrap(),
            seconds,
            note: None,
            sync: SyncState::Pending,
            error: None,
            removed: false,
            jira: None,
            site: None,
        };
        let entries = [
            e(1, "2026-11-20T09:00:00Z", 7200), // 09-11
            e(2, "2026-11-20T10:00:00Z", 3600), // 10-11, inside 1
            e(3, "2026-11-20T11:00:00Z", 3600), // 11-12, touches 1 and 2
            e(4, "2026-11-20T08:00:00Z", 4200), // 08:00-09:10, overlaps 1
        ];
        let found: Vec<std::collections::BTreeSet<i64>> =
            overlapping(&entries).into_iter().map(|ids| ids.into_iter().map(|i| i.0).collect()).collect();
        let want = |ids: &[i64]| ids.iter().copied().collect::<std::collections::BTreeSet<i64>>();
        assert_eq!(found, [want(&[2, 4]), want(&[1]), want(&[]), want(&[1])]);
    }

    #[test]
    fn touching_spans_do_not_overlap() {
        let t = |h: i64| {
            DateTime::parse_from_rfc3339("2026-11-23T00:00:00Z").unwrap().to_utc() + chrono::Duration::hours(h)
        };
        assert!(spans_overlap((t(1), t(3)), (t(2), t(4))));
        assert!(spans_overlap((t(1), t(4)), (t(2), t(3))));
        assert!(!spans_overlap((t(1), t(2)), (t(2), t(3))));
        assert!(!spans_overlap((t(3), t(4)), (t(1), t(2))));
    }

    #[test]
    fn sync_states_round_trip() {
        for state in SyncState::ALL {
            assert_eq!(SyncState::from_stored(state.as_str()), Some(state));
        }
        assert_eq!(SyncState::from_stored("nonsense"), None);
    }
}
