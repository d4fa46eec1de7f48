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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Split {
    pub first: Entry,
    pub second: Entry,
}

/// An entry in a listing, with the entries it shares time with (the window flags them).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntryRow {
    #[serde(flatten)]
    pub entry: Entry,
    pub overlaps: Vec<stint_domain::EntryId>,
    /// What to do about Jira's refusal, for a refused entry.
    pub remedy: Option<stint_domain::Remedy>,
}

/// What stopping the timer now would keep: shown before anything is saved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StopPreview {
    /// How long it has run.
    pub measured_seconds: i64,
    /// What the entry would be after rounding (`None`: under a minute, nothing is kept).
    pub kept_seconds: Option<i64>,
    /// The rounding rule in effect (`none`, `up 15m`, …).
    pub rounding: String,
    /// Jira's floor: shorter timers make no entry.
    pub minimum_seconds: i64,
}

/// One week's totals, for a trend.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekTotal {
    pub week: String,
    pub from: chrono::NaiveDate,
    pub total_seconds: i64,
    pub target_seconds: i64,
    pub synced_seconds: i64,
}

/// Where each kind of data lives, what may leave the machine and to which hosts, and what a purge
/// would delete: the window's privacy screen.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrivacyReport {
    pub files: crate::ConfigReport,
    /// The hosts Stint may contact, from the configuration and the sign-in.
    pub hosts: Vec<String>,
    /// The keychain item's service name (tokens live there only).
    pub keychain_service: String,
    pub purge: crate::PurgePlan,
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
                return Err(AppError::NotTouching {
                    a: first.id.0,
                    b: last.id.0,
                    apart: stint_domain::format_duration(gap),
                });
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

    /// The entries between two local dates (as `list`), each with the entries it overlaps.
    pub fn entry_rows(&mut self, from: Option<&str>, to: Option<&str>) -> Result<Vec<EntryRow>, AppError> {
        let entries = self.list(from, to)?;
        let overlaps = stint_domain::overlapping(&entries);
        Ok(entries
            .into_iter()
            .zip(overlaps)
            .map(|(entry, overlaps)| {
                let remedy = entry.error.as_ref().map(|e| e.remedy(entry.id));
                EntryRow { entry, overlaps, remedy }
            })
            .collect())
    }

    /// What stopping the running timer now would keep, without stopping it.
    pub fn stop_preview(&mut self) -> Result<Option<StopPreview>, AppError> {
        let now = self.now();
        let rounding = self.settings().rounding;
        let running = self.store().read(|tx| tx.running())?;
        Ok(running.map(|r| {
            let measured = r.elapsed_seconds(now);
            let kept = match stint_domain::finish_timer(&r, now.max(r.started.to_utc()), rounding) {
                Ok(stint_domain::StopOutcome::Finished { seconds }) => Some(seconds),
                _ => None,
            };
            StopPreview {
                measured_seconds: measured,
                kept_seconds: kept,
                rounding: rounding.to_string(),
                minimum_seconds: MIN_ENTRY_SECONDS,
            }
        }))
    }

    /// Takes back `rm` of an entry whose deletion has not reached Jira yet: one marked for deletion
    /// in Jira comes back as it was; one removed outright (never sent) comes back under a new id,
    /// when this facade removed it.
    pub fn undo_remove(&mut self, id: &str) -> Result<Entry, AppError> {
        let now = self.now();
        let id = parse_id(id)?;
        let kept = self.removed.iter().position(|e| e.id == id);
        let copy = kept.map(|at| self.removed[at].clone());
        let entry = self.store().write(|tx| -> Result<Entry, AppError> {
            if tx.unremove(id, now)? {
                return tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0));
            }
            // Removed outright: it comes back as it was, under a new id.
            let copy = copy.as_ref().ok_or(AppError::NoSuchEntry(id.0))?;
            let new = NewEntry {
                issue: copy.issue.clone(),
                started: copy.started,
                seconds: copy.seconds,
                note: copy.note.clone(),
                local_only: copy.sync == SyncState::Local,
            };
            let back = tx.insert_entry(&new, now)?;
            tx.entry(back)?.ok_or(AppError::NoSuchEntry(back.0))
        })?;
        if let Some(at) = kept {
            self.removed.remove(at);
        }
        Ok(entry)
    }

    /// Changes when another process writes to the database (see `Store::data_version`).
    pub fn data_version(&mut self) -> Result<i64, AppError> {
        Ok(self.store().data_version()?)
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

    /// What the privacy screen shows: the files, the hosts, the keychain item, the purge plan.
    pub fn privacy_report(&mut self) -> Result<PrivacyReport, AppError> {
        let env = self.env_vars();
        let files = crate::config_report(self.paths(), |name| crate::api::lookup(&env, name))?;
        let who = self.whoami()?;
        let j = &self.settings().jira;
        let mut hosts: Vec<String> = [&j.authorize_url, &j.token_url, &j.resources_url, &j.api_gateway_url]
            .iter()
            .filter_map(|u| u.host_str().map(str::to_string))
            .collect();
        if let Some(host) =
            who.site.as_deref().and_then(|s| url::Url::parse(s).ok()).and_then(|u| u.host_str().map(str::to_string))
        {
            hosts.push(host);
        }
        hosts.sort();
        hosts.dedup();
        Ok(PrivacyReport {
            files,
            hosts,
            keychain_service: stint_jira::SERVICE.to_string(),
            purge: crate::purge_plan(self.paths()),
        })
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
