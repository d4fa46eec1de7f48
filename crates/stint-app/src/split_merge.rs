//! Reshaping entries the way people fix their time: split one at an instant, merge two that
//! touch. Each is one transaction; a changed entry goes back in the queue (Jira gets the change),
//! a removed one follows `remove`'s rules. Whether two entries may merge is decided here once, for
//! `merge` and for the listing that offers it.

use stint_domain::{Entry, EntryId, Note, SyncState, MAX_ENTRY_SECONDS, MIN_ENTRY_SECONDS};
use stint_store::{EntryChange, NewEntry};

use crate::{AppError, Stint};

/// The two entries a split made: the first keeps the id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Split {
    pub first: Entry,
    pub second: Entry,
}

impl Stint {
    /// Splits a finished entry at `at` into two, each at least a minute long. The first keeps the
    /// id (and its worklog in Jira, which gets the shorter time); the second is new.
    pub fn split(&mut self, id: EntryId, at: &str) -> Result<Split, AppError> {
        let now = self.now();
        let at = self.work_time(at, "the split", now)?;
        let split = self.store().write(|tx| -> Result<Split, AppError> {
            let entry = tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
            let first = (at.to_utc() - entry.started.to_utc()).num_seconds();
            let second = entry.seconds - first;
            if first < MIN_ENTRY_SECONDS || second < MIN_ENTRY_SECONDS {
                return Err(AppError::BadSplit {
                    start: stint_domain::rfc3339::format(&entry.started),
                    end: stint_domain::rfc3339::format(&entry.ended()),
                });
            }
            tx.update_entry(id, &EntryChange { seconds: Some(first), ..Default::default() }, now)?;
            let new = NewEntry {
                issue: entry.issue.clone(),
                started: at.with_timezone(entry.started.offset()),
                seconds: second,
                note: entry.note.clone(),
                local_only: entry.sync == SyncState::Local,
            };
            let second = tx.insert_entry(&new, now)?;
            Ok(Split {
                first: tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?,
                second: tx.entry(second)?.ok_or(AppError::NoSuchEntry(second.0))?,
            })
        })?;
        tracing::info!(id = id.0, new = split.second.id.0, "entry split");
        Ok(split)
    }

    /// Merges two entries of one issue that touch (or overlap) into the earlier one: it spans both,
    /// at most a day, with both notes; the later one is removed as `remove` removes.
    pub fn merge(&mut self, a: EntryId, b: EntryId) -> Result<Entry, AppError> {
        let now = self.now();
        if a == b {
            return Err(AppError::BadMerge("give two different entries".into()));
        }
        let merged = self.store().write(|tx| -> Result<Entry, AppError> {
            let x = tx.entry(a)?.ok_or(AppError::NoSuchEntry(a.0))?;
            let y = tx.entry(b)?.ok_or(AppError::NoSuchEntry(b.0))?;
            let (first, last) = if (x.started, x.id) <= (y.started, y.id) { (x, y) } else { (y, x) };
            if let Some(problem) = merge_problem(&first, &last) {
                return Err(problem);
            }
            let end = first.ended().to_utc().max(last.ended().to_utc());
            let seconds = (end - first.started.to_utc()).num_seconds();
            let note = join_notes(first.note.as_ref(), last.note.as_ref())?;
            let change = EntryChange { seconds: Some(seconds), note: Some(note), ..Default::default() };
            tx.update_entry(first.id, &change, now)?;
            tx.remove_entry(last.id, now)?;
            tx.entry(first.id)?.ok_or(AppError::NoSuchEntry(first.id.0))
        })?;
        tracing::info!(id = merged.id.0, "entries merged");
        Ok(merged)
    }
}

/// Why `first` and `last` (which starts no earlier) may not merge, or `None` when they may: one
/// issue, touching or overlapping, at most a day together.
pub(crate) fn merge_problem(first: &Entry, last: &Entry) -> Option<AppError> {
    if first.issue != last.issue {
        return Some(AppError::BadMerge(format!(
            "entry {} is on {} and entry {} on {}: only entries of one issue merge",
            first.id, first.issue, last.id, last.issue
        )));
    }
    let gap = (last.started.to_utc() - first.ended().to_utc()).num_seconds();
    if gap > 0 {
        return Some(AppError::NotTouching { a: first.id.0, b: last.id.0, apart: stint_domain::format_duration(gap) });
    }
    let end = first.ended().to_utc().max(last.ended().to_utc());
    if (end - first.started.to_utc()).num_seconds() > MAX_ENTRY_SECONDS {
        return Some(AppError::BadMerge("together they would span more than 24 hours, the most one entry may".into()));
    }
    None
}

fn join_notes(a: Option<&Note>, b: Option<&Note>) -> Result<Option<Note>, AppError> {
    Ok(match (a, b) {
        (Some(a), Some(b)) if a.expose() != b.expose() => Note::parse(&format!("{}\n{}", a.expose(), b.expose()))?,
        (Some(n), _) | (None, Some(n)) => Some(n.clone()),
        (None, None) => None,
    })
}
