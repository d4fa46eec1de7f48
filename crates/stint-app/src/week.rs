//! Where the time went: one week's summary (per day against the target, per issue and project,
//! what is in Jira), and the totals of several weeks for a trend. The running timer counts up to
//! now, at most the day one entry may span, as not yet in Jira.

use chrono::{DateTime, Days, Local, Utc};
use stint_domain::{
    parse_date, summarize_week, DomainError, Share, SummaryEntry, SyncState, Target, Week, WeekSummary,
    MAX_ENTRY_SECONDS,
};

use crate::{AppError, Stint};

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

impl Stint {
    /// The weekly summary for `week` (`2026-W47`, a date in the week, `today`…; default: this
    /// week).
    pub fn week(&mut self, week: Option<&str>) -> Result<WeekSummary, AppError> {
        let week = self.parse_week(week)?;
        self.summarize(week)
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
            let Ok(week) = Week::containing(day, self.settings.week_start) else { continue };
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

    /// A typed week (`2026-W47`, a date in it, `today`), or this week.
    pub(crate) fn parse_week(&self, week: Option<&str>) -> Result<Week, AppError> {
        let now = self.now();
        let start = self.settings.week_start;
        Ok(match week {
            None => Week::containing(now.with_timezone(&Local).date_naive(), start)?,
            Some(text) => Week::parse(text, start).or_else(|err| {
                parse_date(text, now, &Local).ok().and_then(|d| Week::containing(d, start).ok()).ok_or(err)
            })?,
        })
    }

    /// The summary of one week; the running timer counts up to now, at most a day.
    pub(crate) fn summarize(&mut self, week: Week) -> Result<WeekSummary, AppError> {
        let (from, to) = week.bounds(&Local);
        let work = self.work_between(from, to)?;
        let target = self.target(&week)?;
        Ok(summarize_week(week, &work, &Local, &target))
    }

    /// The working-time goal for `week`: the settings', with what Tempo's schedule requires on
    /// the days it was read for (a site whose worklogs go to Tempo).
    pub(crate) fn target(&self, week: &Week) -> Result<Target, AppError> {
        let (first, last) = (week.days().next(), week.days().last());
        let required = match (first, last) {
            (Some(first), Some(last)) => self.store().read(|tx| tx.required_days(first, last))?,
            _ => Vec::new(),
        };
        Ok(Target {
            daily_seconds: self.settings.daily_target_seconds,
            working_days: self.settings.working_days.clone(),
            required: required.into_iter().collect(),
        })
    }

    /// Every piece of work that reaches into `[from, to)`: Stint's entries, the time logged
    /// elsewhere in Jira, and the running timer up to now (at most a day), each with where it
    /// stands with Jira: what the summary, the timesheet and the timeline all count.
    pub(crate) fn work_between(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SummaryEntry>, AppError> {
        let now = self.now();
        // Worklogs logged elsewhere span at most a day too: one that began the day before may reach in.
        let earliest = from - chrono::Duration::seconds(MAX_ENTRY_SECONDS);
        let (entries, running, elsewhere) = self.store().read(|tx| {
            Ok::<_, AppError>((
                tx.entries_overlapping(Some(from), Some(to))?,
                tx.running()?,
                tx.jira_worklogs_between(earliest, to)?,
            ))
        })?;
        let mut work: Vec<SummaryEntry> = entries
            .into_iter()
            .map(|e| SummaryEntry {
                id: Some(e.id),
                issue: e.issue,
                start: e.started.to_utc(),
                seconds: e.seconds,
                share: match e.sync {
                    SyncState::Synced => Share::InJira,
                    SyncState::Failed => Share::Refused,
                    SyncState::Local => Share::LocalOnly,
                    SyncState::Pending | SyncState::Pushing | SyncState::NeedsSignIn => Share::Waiting,
                },
            })
            .chain(elsewhere.into_iter().map(|w| SummaryEntry {
                id: None,
                issue: w.issue,
                start: w.started.to_utc(),
                seconds: w.seconds.min(MAX_ENTRY_SECONDS),
                share: Share::Elsewhere,
            }))
            .collect();
        if let Some(r) = running {
            let seconds = r.elapsed_seconds(now).min(MAX_ENTRY_SECONDS);
            work.push(SummaryEntry {
                id: Some(r.id),
                issue: r.issue,
                start: r.started.to_utc(),
                seconds,
                share: Share::Running,
            });
        }
        Ok(work)
    }
}
