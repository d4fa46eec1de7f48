//! The week's commands, and exports.

use stint_app::{CellRequest, DayLine, EntryId, ExportFormat, ExportedFile, Timesheet, WeekSummary, WeekTotal};

use super::{internal, IpcError, Window};

pub async fn week_summary(w: &Window, week: Option<String>) -> Result<WeekSummary, IpcError> {
    w.call(move |s| s.week(week.as_deref())).await
}

pub async fn weeks_trend(w: &Window, week: Option<String>, count: u32) -> Result<Vec<WeekTotal>, IpcError> {
    w.call(move |s| s.trend(week.as_deref(), count)).await
}

pub async fn timesheet(w: &Window, week: Option<String>) -> Result<Timesheet, IpcError> {
    w.call(move |s| s.timesheet(week.as_deref())).await
}

pub async fn set_timesheet_cell(w: &Window, req: CellRequest) -> Result<EntryId, IpcError> {
    w.call(move |s| s.set_cell(req)).await
}

pub async fn day_timeline(w: &Window, date: String) -> Result<DayLine, IpcError> {
    w.call(move |s| s.day_line(&date)).await
}

/// Exports into the Downloads folder (the home folder without one), named after the range.
pub async fn export_range(
    w: &Window,
    format: ExportFormat,
    from: Option<String>,
    to: Option<String>,
) -> Result<ExportedFile, IpcError> {
    let folder = w.shell.downloads().ok_or_else(|| internal("no home folder was found"))?;
    w.call(move |s| s.export_into(format, from.as_deref(), to.as_deref(), &folder)).await
}
