//! The week as a timesheet and a day as a timeline: the same pieces of work the week's summary
//! adds up, laid out so a person can change them where they see them. Which cell may be typed
//! into, where a new entry goes, and where a day has room are decided here, not in the window.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};

use crate::error::DomainError;
use crate::week::{local_day_start, Share, SummaryEntry, Target, Week};
use crate::{format_duration, typed_duration, EntryId, IssueKey, MIN_ENTRY_SECONDS};

/// The week as issues × days.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Timesheet {
    pub week: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Each day's total and target, first day first (the columns).
    pub days: Vec<SheetDay>,
    /// One row per issue with time in the week, by key.
    pub rows: Vec<SheetRow>,
    pub total_seconds: i64,
    pub target_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetDay {
    pub date: NaiveDate,
    pub seconds: i64,
    pub target_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetRow {
    pub issue: IssueKey,
    /// The issue's title where Stint keeps one (filled in by the application).
    pub summary: Option<String>,
    /// One per day of the week.
    pub cells: Vec<SheetCell>,
    pub seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetCell {
    pub date: NaiveDate,
    pub seconds: i64,
    /// The cell's time as Stint reads a typed duration back (`1h30m`); empty when there is none.
    pub duration_input: String,
    pub change: CellChange,
}

/// What typing a duration into a cell does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CellChange {
    /// The cell is empty: the duration is logged as a new entry on the day (`place_in_day`).
    Log,
    /// The cell is one entry of Stint's, wholly on the day: the duration becomes its duration.
    Entry { id: EntryId },
    /// The cell is changed in the day's entries, one by one, for `why`.
    Locked { why: Locked, pieces: u32 },
}

/// Why a cell is not typed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Locked {
    /// Several pieces of work add up to it: which one would change is the person's choice.
    Several,
    /// The running timer: it grows until stopped.
    Running,
    /// Time logged in Jira elsewhere: read-only here.
    Elsewhere,
    /// One entry that reaches into another day.
    SpansDays,
}

impl Locked {
    pub fn reason(self) -> &'static str {
        match self {
            Locked::Several => "it adds up several entries",
            Locked::Running => "it is the running timer",
            Locked::Elsewhere => "it was logged in Jira elsewhere",
            Locked::SpansDays => "its entry reaches into another day",
        }
    }
}

/// A piece's part of one day: how much, and whether all of it.
struct Part<'a> {
    piece: &'a SummaryEntry,
    whole: bool,
}

fn end_of(piece: &SummaryEntry) -> DateTime<Utc> {
    piece.start + chrono::Duration::seconds(piece.seconds)
}

/// The seconds of `piece` in `[from, to)`, and whether it lies there at all (a timer started a
/// moment ago has no seconds yet, but lies on its day).
fn part_in(piece: &SummaryEntry, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<(i64, bool)> {
    let end = end_of(piece);
    let seconds = (end.min(to) - piece.start.max(from)).num_seconds();
    let starts_here = piece.start >= from && piece.start < to;
    (seconds > 0 || starts_here).then(|| (seconds.max(0), piece.start >= from && end <= to))
}

fn change_of(parts: &[Part<'_>]) -> CellChange {
    let pieces = u32::try_from(parts.len()).unwrap_or(u32::MAX);
    match parts {
        [] => CellChange::Log,
        [one] => match (one.piece.share, one.piece.id) {
            (Share::Running, _) => CellChange::Locked { why: Locked::Running, pieces },
            (Share::Elsewhere, _) | (_, None) => CellChange::Locked { why: Locked::Elsewhere, pieces },
            _ if !one.whole => CellChange::Locked { why: Locked::SpansDays, pieces },
            (_, Some(id)) => CellChange::Entry { id },
        },
        _ => CellChange::Locked { why: Locked::Several, pieces },
    }
}

/// Lays the week's pieces of work out as issues × local days in `tz`.
pub fn timesheet<Tz: TimeZone>(week: Week, pieces: &[SummaryEntry], tz: &Tz, target: &Target) -> Timesheet {
    let edges: Vec<DateTime<Utc>> = (0..=7).map(|i| local_day_start(week.first_day() + Days::new(i), tz)).collect();
    let mut rows: BTreeMap<&IssueKey, Vec<(i64, Vec<Part<'_>>)>> = BTreeMap::new();
    for piece in pieces {
        for (day, bounds) in edges.windows(2).enumerate() {
            if let Some((seconds, whole)) = part_in(piece, bounds[0], bounds[1]) {
                let cells = rows.entry(&piece.issue).or_insert_with(|| (0..7).map(|_| (0, Vec::new())).collect());
                cells[day].0 += seconds;
                cells[day].1.push(Part { piece, whole });
            }
        }
    }
    let dates: Vec<NaiveDate> = week.days().collect();
    let mut day_seconds = [0i64; 7];
    let rows: Vec<SheetRow> = rows
        .into_iter()
        .map(|(issue, cells)| {
            let cells: Vec<SheetCell> = cells
                .into_iter()
                .zip(&dates)
                .enumerate()
                .map(|(i, ((seconds, parts), date))| {
                    day_seconds[i] += seconds;
                    let duration_input = if seconds > 0 { typed_duration(seconds) } else { String::new() };
                    SheetCell { date: *date, seconds, duration_input, change: change_of(&parts) }
                })
                .collect();
            SheetRow { issue: issue.clone(), summary: None, seconds: cells.iter().map(|c| c.seconds).sum(), cells }
        })
        .collect();
    let days: Vec<SheetDay> = dates
        .iter()
        .zip(day_seconds)
        .map(|(date, seconds)| SheetDay { date: *date, seconds, target_seconds: target.on(*date) })
        .collect();
    Timesheet {
        week: week.label(),
        from: week.first_day(),
        to: week.last_day(),
        total_seconds: day_seconds.iter().sum(),
        target_seconds: days.iter().map(|d| d.target_seconds).sum(),
        days,
        rows,
    }
}

impl Target {
    /// The target on `date`: what the schedule requires that day where it says, else the daily
    /// target on a working day, nothing otherwise.
    pub fn on(&self, date: NaiveDate) -> i64 {
        if let Some(required) = self.required.get(&date) {
            *required
        } else if self.working_days.contains(&date.weekday()) {
            self.daily_seconds
        } else {
            0
        }
    }
}

/// `time` on `date` in `tz`; a time a daylight-saving change skips counts from midnight.
fn local_instant<Tz: TimeZone>(date: NaiveDate, time: NaiveTime, tz: &Tz) -> DateTime<Utc> {
    tz.from_local_datetime(&date.and_time(time)).earliest().map(|t| t.with_timezone(&Utc)).unwrap_or_else(|| {
        local_day_start(date, tz) + chrono::Duration::seconds(i64::from(time.num_seconds_from_midnight()))
    })
}

/// The stretches of `date` (local in `tz`) with no work, up to `now`, each at least a minute.
pub fn free_spans<Tz: TimeZone>(
    date: NaiveDate,
    pieces: &[SummaryEntry],
    tz: &Tz,
    now: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let day_start = local_day_start(date, tz);
    let day_end = date.succ_opt().map_or(day_start + chrono::Duration::days(1), |next| local_day_start(next, tz));
    let limit = day_end.min(now);
    let mut busy: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        pieces.iter().map(|p| (p.start.max(day_start), end_of(p).min(day_end))).filter(|(a, b)| a < b).collect();
    busy.sort();
    let mut free = Vec::new();
    let mut at = day_start;
    for (a, b) in busy.into_iter().chain([(limit, limit)]) {
        let until = a.min(limit);
        if (until - at).num_seconds() >= MIN_ENTRY_SECONDS {
            free.push((at, until));
        }
        at = at.max(b);
    }
    free
}

/// Where a new entry of `seconds` goes on `date`: at the start of the first free stretch from
/// the working day's start on that holds it; else at the end of the latest one that does. Never
/// over other work, past `now`, or out of the day.
pub fn place_in_day<Tz: TimeZone>(
    date: NaiveDate,
    seconds: i64,
    pieces: &[SummaryEntry],
    tz: &Tz,
    work_start: NaiveTime,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, DomainError> {
    let free = free_spans(date, pieces, tz, now);
    let begin = local_instant(date, work_start, tz);
    let holds = |a: DateTime<Utc>, b: DateTime<Utc>| (b - a).num_seconds() >= seconds;
    if let Some(a) = free.iter().map(|(a, b)| ((*a).max(begin), *b)).find(|(a, b)| holds(*a, *b)).map(|(a, _)| a) {
        return Ok(a);
    }
    free.iter()
        .rev()
        .find(|(a, b)| holds(*a, *b))
        .map(|(_, b)| *b - chrono::Duration::seconds(seconds))
        .ok_or(DomainError::NoRoomOnDay { date, duration: format_duration(seconds) })
}

/// A day's work on a time axis, and the free stretches between.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DayLine {
    pub date: NaiveDate,
    /// The axis: the working hours, widened to whole hours around the work on the day, within it.
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: DateTime<FixedOffset>,
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub to: DateTime<FixedOffset>,
    /// Earliest first.
    pub blocks: Vec<Block>,
    /// Earliest first, within the axis and up to now.
    pub free: Vec<FreeSpan>,
    pub seconds: i64,
}

/// One piece of work on the timeline, clipped to its day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Block {
    /// Stint's entry (the running timer's included); none for time logged elsewhere.
    pub id: Option<EntryId>,
    pub issue: IssueKey,
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start: DateTime<FixedOffset>,
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub end: DateTime<FixedOffset>,
    pub seconds: i64,
    pub share: Share,
    /// It may be moved and resized here: a finished entry of Stint's, wholly on the day.
    pub movable: bool,
}

/// A stretch with no work, and how the Log time form is filled in to log into it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FreeSpan {
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start: DateTime<FixedOffset>,
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub end: DateTime<FixedOffset>,
    /// Its start and length as Stint reads them typed.
    pub start_input: String,
    pub duration_input: String,
}

/// What the day's timeline needs besides its work.
#[allow(missing_debug_implementations)]
pub struct DayFrame<'a, Tz: TimeZone> {
    pub tz: &'a Tz,
    pub working_hours: (NaiveTime, NaiveTime),
    pub now: DateTime<Utc>,
    /// A start as Stint reads a typed time back.
    pub typed_time: &'a dyn Fn(DateTime<Utc>) -> String,
}

/// `date`'s work as blocks on an axis, with the free stretches a person may log into.
pub fn day_line<Tz: TimeZone>(date: NaiveDate, pieces: &[SummaryEntry], frame: &DayFrame<'_, Tz>) -> DayLine {
    let tz = frame.tz;
    let day_start = local_day_start(date, tz);
    let day_end = date.succ_opt().map_or(day_start + chrono::Duration::days(1), |next| local_day_start(next, tz));
    let local = |t: DateTime<Utc>| t.with_timezone(tz).fixed_offset();
    let mut blocks: Vec<Block> = pieces
        .iter()
        .filter_map(|p| {
            let (seconds, whole) = part_in(p, day_start, day_end)?;
            let movable = whole && p.id.is_some() && !matches!(p.share, Share::Running | Share::Elsewhere);
            Some(Block {
                id: p.id,
                issue: p.issue.clone(),
                start: local(p.start.max(day_start)),
                end: local(end_of(p).min(day_end)),
                seconds,
                share: p.share,
                movable,
            })
        })
        .collect();
    blocks.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.issue.cmp(&b.issue)));
    let (work_from, work_to) = frame.working_hours;
    let mut from = local_instant(date, work_from, tz);
    let mut to = if work_to > work_from { local_instant(date, work_to, tz) } else { day_end };
    let hour = |t: DateTime<Utc>, up: bool| {
        let secs = (t - day_start).num_seconds();
        let whole = if up { (secs + 3599).div_euclid(3600) } else { secs.div_euclid(3600) };
        (day_start + chrono::Duration::hours(whole)).clamp(day_start, day_end)
    };
    for b in &blocks {
        from = from.min(hour(b.start.to_utc(), false));
        to = to.max(hour(b.end.to_utc(), true));
    }
    let free = free_spans(date, pieces, tz, frame.now)
        .into_iter()
        .filter_map(|(a, b)| {
            let (a, b) = (a.max(from), b.min(to));
            ((b - a).num_seconds() >= MIN_ENTRY_SECONDS).then(|| FreeSpan {
                start: local(a),
                end: local(b),
                start_input: (frame.typed_time)(a),
                duration_input: typed_duration((b - a).num_seconds()),
            })
        })
        .collect();
    DayLine { date, from: local(from), to: local(to), seconds: blocks.iter().map(|b| b.seconds).sum(), blocks, free }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;
    use chrono_tz::Europe::Berlin;
    use chrono_tz::Tz;
    use proptest::prelude::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn piece(id: Option<i64>, issue: &str, start: &str, minutes: i64, share: Share) -> SummaryEntry {
        SummaryEntry {
            id: id.map(EntryId),
            issue: IssueKey::parse(issue).unwrap(),
            start: t(start),
            seconds: minutes * 60,
            share,
        }
    }

    fn weekdays() -> Target {
        Target {
            daily_seconds: 8 * 3600,
            working_days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
            required: Default::default(),
        }
    }

    fn nine() -> NaiveTime {
        NaiveTime::from_hms_opt(9, 0, 0).unwrap()
    }

    #[test]
    fn cells_say_how_they_change() {
        let week = Week::containing(d("2026-11-23"), Weekday::Mon).unwrap();
        let pieces = [
            piece(Some(1), "ABC-1", "2026-11-23T09:00:00+01:00", 60, Share::InJira),
            piece(Some(2), "ABC-1", "2026-11-24T09:00:00+01:00", 30, Share::Waiting),
            piece(Some(3), "ABC-1", "2026-11-24T11:00:00+01:00", 30, Share::Refused),
            piece(None, "ABC-2", "2026-11-25T09:00:00+01:00", 45, Share::Elsewhere),
            piece(Some(4), "ABC-2", "2026-11-26T23:00:00+01:00", 120, Share::LocalOnly),
            piece(Some(5), "ZED-9", "2026-11-27T10:00:00+01:00", 0, Share::Running),
        ];
        let sheet = timesheet(week, &pieces, &Berlin, &weekdays());
        let keys: Vec<&str> = sheet.rows.iter().map(|r| r.issue.as_str()).collect();
        assert_eq!(keys, ["ABC-1", "ABC-2", "ZED-9"]);
        let abc1 = &sheet.rows[0];
        assert_eq!(abc1.cells[0].change, CellChange::Entry { id: EntryId(1) });
        assert_eq!(abc1.cells[1].change, CellChange::Locked { why: Locked::Several, pieces: 2 });
        assert_eq!(abc1.cells[1].seconds, 3600);
        assert_eq!(abc1.cells[2].change, CellChange::Log);
        assert_eq!(abc1.seconds, 7200);
        let abc2 = &sheet.rows[1];
        assert_eq!(abc2.cells[2].change, CellChange::Locked { why: Locked::Elsewhere, pieces: 1 });
        assert_eq!(abc2.cells[3].change, CellChange::Locked { why: Locked::SpansDays, pieces: 1 });
        assert_eq!((abc2.cells[3].seconds, abc2.cells[4].seconds), (3600, 3600));
        assert_eq!(sheet.rows[2].cells[4].change, CellChange::Locked { why: Locked::Running, pieces: 1 });
        assert_eq!(sheet.days[1].seconds, 3600);
        assert_eq!((sheet.days[5].target_seconds, sheet.target_seconds), (0, 40 * 3600));
        assert_eq!(sheet.total_seconds, 7200 + 45 * 60 + 7200);
    }

    #[test]
    fn a_new_entry_goes_in_the_first_stretch_that_holds_it() {
        let pieces = [
            piece(Some(1), "ABC-1", "2026-11-24T09:00:00+01:00", 60, Share::InJira),
            piece(None, "ABC-2", "2026-11-24T11:00:00+01:00", 60, Share::Elsewhere),
        ];
        let now = t("2026-11-30T12:00:00Z");
        let at = |minutes: i64| place_in_day(d("2026-11-24"), minutes * 60, &pieces, &Berlin, nine(), now);
        assert_eq!(at(60).unwrap(), t("2026-11-24T10:00:00+01:00"));
        assert_eq!(at(90).unwrap(), t("2026-11-24T12:00:00+01:00"));
        assert_eq!(at(12 * 60).unwrap(), t("2026-11-24T12:00:00+01:00"));
        assert!(matches!(at(12 * 60 + 1), Err(DomainError::NoRoomOnDay { .. })));
        assert!(matches!(at(13 * 60), Err(DomainError::NoRoomOnDay { .. })));
        // Today at 10:30 with nothing logged: two hours end now.
        let today = place_in_day(d("2026-11-30"), 7200, &[], &Berlin, nine(), t("2026-11-30T09:30:00Z"));
        assert_eq!(today.unwrap(), t("2026-11-30T08:30:00+01:00"));
        // A day to come has no room at all.
        assert!(place_in_day(d("2026-12-01"), 60, &[], &Berlin, nine(), now).is_err());
    }

    #[test]
    fn a_day_line_spans_the_working_hours_and_its_work() {
        let pieces = [
            piece(Some(1), "ABC-1", "2026-11-24T07:40:00+01:00", 80, Share::InJira),
            piece(Some(2), "ABC-1", "2026-11-23T23:00:00+01:00", 120, Share::Waiting),
            piece(None, "ABC-2", "2026-11-24T13:00:00+01:00", 60, Share::Elsewhere),
        ];
        let typed = |t: DateTime<Utc>| t.with_timezone(&Berlin).format("%H:%M").to_string();
        let frame = DayFrame {
            tz: &Berlin,
            working_hours: (nine(), NaiveTime::from_hms_opt(17, 0, 0).unwrap()),
            now: t("2026-11-24T15:30:00+01:00"),
            typed_time: &typed,
        };
        let line = day_line(d("2026-11-24"), &pieces, &frame);
        assert_eq!(line.from.to_rfc3339(), "2026-11-24T00:00:00+01:00");
        assert_eq!(line.to.to_rfc3339(), "2026-11-24T17:00:00+01:00");
        let moves: Vec<bool> = line.blocks.iter().map(|b| b.movable).collect();
        assert_eq!(moves, [false, true, false]);
        assert_eq!(line.blocks[0].start.to_rfc3339(), "2026-11-24T00:00:00+01:00");
        assert_eq!(line.seconds, 3600 + 80 * 60 + 3600);
        let free: Vec<(String, String)> =
            line.free.iter().map(|f| (f.start_input.clone(), f.duration_input.clone())).collect();
        assert_eq!(
            free,
            [("01:00".into(), "6h40m".into()), ("09:00".into(), "4h00m".into()), ("14:00".into(), "1h30m".into())]
        );
    }

    fn zones() -> impl Strategy<Value = Tz> {
        prop_oneof![
            Just(Tz::UTC),
            Just(Berlin),
            Just(chrono_tz::America::St_Johns),
            Just(chrono_tz::Pacific::Kiritimati)
        ]
    }

    proptest! {
        #[test]
        fn a_placed_entry_never_lands_on_other_work(
            raw in proptest::collection::vec((0i64..(48 * 60), 1i64..600), 0..8),
            minutes in 1i64..1500,
            day in 0u64..3,
            hour in 0u32..24,
            tz in zones(),
        ) {
            let origin = t("2026-03-28T00:00:00Z");
            let pieces: Vec<SummaryEntry> = raw.iter().enumerate().map(|(i, (at, len))| SummaryEntry {
                id: Some(EntryId(i as i64)),
                issue: IssueKey::parse("ABC-1").unwrap(),
                start: origin + chrono::Duration::minutes(*at),
                seconds: len * 60,
                share: Share::Waiting,
            }).collect();
            let date = d("2026-03-28") + Days::new(day);
            let now = t("2026-03-30T06:00:00Z");
            let start = NaiveTime::from_hms_opt(hour, 0, 0).unwrap();
            if let Ok(at) = place_in_day(date, minutes * 60, &pieces, &tz, start, now) {
                let end = at + chrono::Duration::minutes(minutes);
                prop_assert!(end <= now);
                prop_assert!(at >= local_day_start(date, &tz));
                prop_assert!(end <= local_day_start(date + Days::new(1), &tz));
                for p in &pieces {
                    prop_assert!(end <= p.start || at >= end_of(p), "{at}..{end} over {:?}", p);
                }
            }
        }
    }
}
