//! Reshaping entries the way people fix their time: split one at an instant, merge two that
//! touch, and the totals of several weeks for a trend. Each is one transaction; a changed entry
//! goes back in the queue (Jira gets the change), a removed one follows `rm`'s rules.

use chrono::Days;
use stint_domain::{DomainError, Entry, Note, SyncState, MAX_ENTRY_SECONDS, MIN_ENTRY_SECONDS};
use stint_store::{EntryChange, NewEntry};

use crate::api::parse_id;
use crate::{AppError, Stint};

/// The two entries a split made: the first keeps the id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Split {
    pub first: Entry,
    pub second: Entry,
}

/// One week's totals, for a trend.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WeekTotal {
    pub week: String,
    pub from: chrono::NaiveDate,
    pub total_seconds: i64,
    pub target_seconds: i64,
    pub synced_seconds: i64,
}

impl Stint {
    /// Splits a finished entry at `at` into two, each at least a minute long. The first keeps the
    /// id (and its worklog in Jira, which gets the shorter time); the second is new.
    pub fn split(&mut self, id: &str, at: &str) -> Result<Split, AppError> {
        let now = self.now();
        let id = parse_id(id)?;
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
    /// at most a day, with both notes; the later one is removed as `rm` removes.
    pub fn merge(&mut self, a: &str, b: &str) -> Result<Entry, AppError> {
        let now = self.now();
        let (a, b) = (parse_id(a)?, parse_id(b)?);
        if a == b {
            return Err(AppError::BadMerge("give two different entries".into()));
        }
        let merged = self.store().write(|tx| -> Result<Entry, AppError> {
            let x = tx.entry(a)?.ok_or(AppError::NoSuchEntry(a.0))?;
            let y = tx.entry(b)?.ok_or(AppError::NoSuchEntry(b.0))?;
            let (first, last) = if (x.started, x.id) <= (y.started, y.id) { (x, y) } else { (y, x) };
            if first.issue != last.issue {
                return Err(AppError::BadMerge(format!(
                    "entry {} is on {} and entry {} on {}: only entries of one issue merge",
                    first.id, first.issue, last.id, last.issue
                )));
            }
            let gap = (last.started.to_utc() - first.ended().to_utc()).num_seconds();
            if gap > 0 {
                return Err(AppError::BadMerge(format!(
                    "entries {} and {} are {} apart: only entries that touch merge (move one with `stint edit --at`)",
                    first.id,
                    last.id,
                    stint_domain::format_duration(gap)
                )));
            }
            let end = first.ended().to_utc().max(last.ended().to_utc());
            let seconds = (end - first.started.to_utc()).num_seconds();
            if seconds > MAX_ENTRY_SECONDS {
                return Err(AppError::BadMerge(
                    "together they would span more than 24 hours, the most one entry may".into(),
                ));
            }
            let note = join_notes(first.note.as_ref(), last.note.as_ref())?;
            let change = EntryChange { seconds: Some(seconds), note: Some(note), ..Default::default() };
            tx.update_entry(first.id, &change, now)?;
            tx.remove_entry(last.id, now)?;
            tx.entry(first.id)?.ok_or(AppError::NoSuchEntry(first.id.0))
        })?;
        tracing::info!(id = merged.id.0, "entries merged");
        Ok(merged)
    }

    /// The totals of `count` weeks (1 to 104) ending with `week` (default: this week), oldest first.
    pub fn trend(&mut self, week: Option<&str>, count: u32) -> Result<Vec<WeekTotal>, AppError> {
        if !(1..=104).contains(&count) {
            return Err(DomainError::OutOfRange { input: count.to_string(), rule: "give from 1 to 104 weeks" }.into());
        }
        let last = self.parse_week(week)?;
        let mut totals = Vec::new();
        for back in (0..count).rev() {
            let Some(day) = last.first_day().checked_sub_days(Days::new(7 * u64::from(back))) else { continue };
            let Ok(week) = stint_domain::Week::containing(day, self.settings().week_start) else { continue };
            let s = self.summarize(week)?;
            totals.push(WeekTotal {
                week: s.week,
                from: s.from,
                total_seconds: s.total_seconds,
                target_seconds: s.target_seconds,
                synced_seconds: s.synced_seconds,
            });
        }
        Ok(totals)
    }
}

/// Both notes, once each, one after the other.
fn join_notes(a: Option<&Note>, b: Option<&Note>) -> Result<Option<Note>, AppError> {
    Ok(match (a, b) {
        (Some(a), Some(b)) if a.expose() != b.expose() => Note::parse(&format!("{}\n{}", a.expose(), b.expose()))?,
        (Some(n), _) | (None, Some(n)) => Some(n.clone()),
        (None, None) => None,
    })
}
