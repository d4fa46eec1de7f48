//! Stint's pure rules: what an issue key, a duration, a typed time and an entry are, how the timer
//! moves between states, how durations round, and how a week adds up.
//!
//! Nothing here does I/O or reads a clock: `now` and the time zone are always passed in, so every
//! rule is tested with pinned instants under several zones.

mod duration;
mod entry;
mod error;
mod issue;
mod locale;
mod private;
mod remedy;
mod sheet;
mod time_input;
mod timer;
mod week;

pub use duration::{format_duration, parse_duration, parse_span, typed_duration, MAX_ENTRY_SECONDS, MIN_ENTRY_SECONDS};
pub use entry::{
    check_entry_end, overlapping, spans_overlap, Entry, EntryId, JiraState, Note, Running, SyncError, SyncState,
    MAX_NOTE_CHARS,
};
pub use error::{echo, DomainError};
pub use issue::{parse_project_key, IssueKey};
pub use locale::TimeLocale;
pub use private::Private;
pub use remedy::Remedy;
pub use sheet::{
    day_line, free_spans, place_in_day, timesheet, Block, CellChange, DayFrame, DayLine, FreeSpan, Locked, SheetCell,
    SheetDay, SheetRow, Timesheet,
};
pub use time_input::{
    check_work_time, parse_date, parse_time, parse_time_on, resolve_local, EARLIEST_WORK_UNIX, FIRST_YEAR, LAST_YEAR,
};
pub use timer::{
    clip_silence, finish_timer, idle_gap, stop_instant, Gap, GapChoice, Rounding, RoundingMode, StopBlocked,
    StopOutcome,
};
pub use week::{
    local_day_start, parse_weekday, summarize_week, weekday_name, DaySummary, IssueTotal, ProjectTotal, Share,
    SummaryEntry, Target, Week, WeekSummary,
};

/// Serializes an instant as RFC 3339 with whole seconds and a numeric offset (`+00:00`, never
/// `Z`): the one form Stint prints, exports, and (later) sends to Jira.
pub mod rfc3339 {
    use chrono::{DateTime, FixedOffset, SecondsFormat};

    pub fn format(t: &DateTime<FixedOffset>) -> String {
        t.to_rfc3339_opts(SecondsFormat::Secs, false)
    }

    pub fn serialize<S: serde::Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(t))
    }

    /// As `serialize`, or null.
    pub fn serialize_option<S: serde::Serializer>(t: &Option<DateTime<FixedOffset>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => serialize(t, s),
            None => s.serialize_none(),
        }
    }
}
