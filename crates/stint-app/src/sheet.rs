//! The week as a timesheet a person types durations into, and a day as a timeline they log
//! into and move entries on. Where a typed cell's time goes is the domain's rule; here it becomes
//! an entry logged or changed through the same paths as `add` and `edit`.

use chrono::Local;
use stint_domain::{
    day_line, parse_date, parse_duration, place_in_day, timesheet, CellChange, DayFrame, DayLine, DomainError, EntryId,
    IssueKey, Private, Timesheet, Week,
};

use crate::{AddRequest, AppError, EditRequest, Stint};

/// A duration typed into a timesheet cell: `issue` on `date` (`YYYY-MM-DD`).
#[derive(Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellRequest {
    pub issue: String,
    pub date: String,
    pub duration: String,
}

impl std::fmt::Debug for CellRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CellRequest").finish_non_exhaustive()
    }
}

impl Stint {
    /// `week` (as `week`) as issues × days, each cell with what typing into it does.
    pub fn timesheet(&mut self, week: Option<&str>) -> Result<Timesheet, AppError> {
        let week = self.parse_week(week)?;
        let (from, to) = week.bounds(&Local);
        let work = self.work_between(from, to)?;
        let mut sheet = timesheet(week, &work, &Local, &self.target(&week)?);
        let since = self.now() - chrono::Duration::days(crate::jira::SUMMARY_RETENTION_DAYS);
        let summaries = self.store().read(|tx| tx.summaries_since(since))?;
        for row in &mut sheet.rows {
            row.summary = summaries.get(row.issue.as_str()).cloned();
        }
        Ok(sheet)
    }

    /// Types a duration into a cell (returning the entry it made or changed): an empty cell logs a new entry on the day, in its first free
    /// stretch from the working day's start; a cell of one entry gets that duration. Other cells
    /// are changed in the day's entries.
    pub fn set_cell(&mut self, req: CellRequest) -> Result<EntryId, AppError> {
        let now = self.now();
        let issue = IssueKey::parse(&req.issue)?;
        let date = parse_date(&req.date, now, &Local)?;
        let seconds = parse_duration(&req.duration)?;
        let week = Week::containing(date, self.settings.week_start)?;
        let (from, to) = week.bounds(&Local);
        let work = self.work_between(from, to)?;
        let sheet = timesheet(week, &work, &Local, &self.target(&week)?);
        let change = sheet
            .rows
            .iter()
            .find(|row| row.issue == issue)
            .and_then(|row| row.cells.iter().find(|cell| cell.date == date))
            .map_or(CellChange::Log, |cell| cell.change.clone());
        match change {
            CellChange::Log => {
                let start = place_in_day(date, seconds, &work, &Local, self.settings.working_hours.0, now)?;
                let at = stint_domain::rfc3339::format(&start.with_timezone(&Local).fixed_offset());
                let req = AddRequest {
                    issue: issue.as_str().to_string(),
                    duration: req.duration,
                    at: Some(at),
                    note: None::<Private<String>>,
                    local_only: false,
                    on: None,
                    site: None,
                };
                Ok(self.add(req)?.entry.id)
            }
            CellChange::Entry { id } => {
                let req = EditRequest { duration: Some(req.duration), ..EditRequest::default() };
                self.edit(id, req)?;
                Ok(id)
            }
            CellChange::Locked { why, .. } => Err(DomainError::CellLocked { date, reason: why.reason() }.into()),
        }
    }

    /// `date` (as `list --from`) as a timeline: its work as blocks, and the free stretches up to now.
    pub fn day_line(&mut self, date: &str) -> Result<DayLine, AppError> {
        let now = self.now();
        let date = parse_date(date, now, &Local)?;
        let from = stint_domain::local_day_start(date, &Local);
        let to = date.succ_opt().map_or(from + chrono::Duration::days(1), |d| stint_domain::local_day_start(d, &Local));
        let work = self.work_between(from, to)?;
        let typed = |t| self.typed_time(t);
        let frame = DayFrame { tz: &Local, working_hours: self.settings.working_hours, now, typed_time: &typed };
        Ok(day_line(date, &work, &frame))
    }
}
