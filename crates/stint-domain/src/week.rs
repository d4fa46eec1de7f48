//! Weeks and the weekly summary. A day is a local calendar day in the zone passed in, so a week
//! across a daylight-saving change has 167 or 169 hours and still adds up exactly.
//!
//! ```text
//!   week: 7 local days from the configured first weekday; label = ISO week of its 4th day
//!   entry  [start ───────────── end)      split over the local days it touches,
//!   day    |   Mon   |   Tue   | …        clipped to the week, so days, issues and
//!                                         projects all sum to the same total.
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use crate::error::{echo, DomainError};
use crate::time_input::{parse_iso_date, FIRST_YEAR, LAST_YEAR};
use crate::{EntryId, IssueKey};

/// Seven local days starting on a configured weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    first: NaiveDate,
}

impl Week {
    /// The week that starts on `start` and contains `date`. Dates outside the years Stint
    /// supports (1970 to 9999) have no week: every day and bound of a week must exist.
    pub fn containing(date: NaiveDate, start: Weekday) -> Result<Week, DomainError> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
            return Err(DomainError::BadWeek(date.to_string()));
        }
        let back = (7 + date.weekday().num_days_from_monday() - start.num_days_from_monday()) % 7;
        let week = Week { first: date - Days::new(u64::from(back)) };
        // The label's year must be one `parse` reads back (a week at the very edge may not be).
        if !(FIRST_YEAR..=LAST_YEAR).contains(&(week.first + Days::new(3)).iso_week().year()) {
            return Err(DomainError::BadWeek(date.to_string()));
        }
        Ok(week)
    }

    /// Parses `2026-W47` (the week holding that ISO week's Thursday) or any `YYYY-MM-DD` in the week.
    pub fn parse(input: &str, start: Weekday) -> Result<Week, DomainError> {
        let text = input.trim();
        let bad = || DomainError::BadWeek(echo(input));
        if let Some(date) = parse_iso_date(text) {
            return Week::containing(date, start).map_err(|_| bad());
        }
        let (year, week) =
            text.to_ascii_uppercase().split_once("-W").map(|(y, w)| (y.to_string(), w.to_string())).ok_or_else(bad)?;
        let valid = year.len() == 4 && week.len() == 2 && year.bytes().chain(week.bytes()).all(|b| b.is_ascii_digit());
        if !valid {
            return Err(bad());
        }
        let (year, week): (i32, u32) = (year.parse().map_err(|_| bad())?, week.parse().map_err(|_| bad())?);
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(bad());
        }
        let thursday = NaiveDate::from_isoywd_opt(year, week, Weekday::Thu).ok_or_else(bad)?;
        Week::containing(thursday, start).map_err(|_| bad())
    }

    /// The ISO week of the week's fourth day, `2026-W47`: the usual ISO label for Monday weeks,
    /// and one that round-trips through `parse` whatever the first weekday.
    pub fn label(&self) -> String {
        let iso = (self.first + Days::new(3)).iso_week();
        format!("{}-W{:02}", iso.year(), iso.week())
    }

    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    pub fn last_day(&self) -> NaiveDate {
        self.first + Days::new(6)
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let first = self.first;
        (0..7).map(move |i| first + Days::new(i))
    }

    /// The week as UTC instants `[start, end)` in `tz`.
    pub fn bounds<Tz: TimeZone>(&self, tz: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (local_day_start(self.first, tz), local_day_start(self.first + Days::new(7), tz))
    }
}

/// Parses a weekday name (`monday` or `mon`).
pub fn parse_weekday(input: &str) -> Result<Weekday, DomainError> {
    let lower = input.trim().to_ascii_lowercase();
    let days = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    days.into_iter()
        .find(|d| {
            let full = weekday_name(*d);
            lower == full || lower == full[..3]
        })
        .ok_or_else(|| DomainError::BadWeekday(echo(input)))
}

/// The English name of a weekday, lower-case (`monday`).
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// The instant a local calendar day begins. Where midnight itself is skipped by a clock change,
/// the day begins at its first local time that exists.
pub fn local_day_start<Tz: TimeZone>(date: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    (0..=24 * 4)
        .find_map(|quarter| {
            let time = NaiveTime::MIN + chrono::Duration::minutes(15 * quarter);
            tz.from_local_datetime(&date.and_time(time)).earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| date.and_time(NaiveTime::MIN).and_utc())
}

/// One piece of work as the summary sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    /// The entry's id, for Stint's entries (the running timer's included).
    pub id: Option<EntryId>,
    pub issue: IssueKey,
    pub start: DateTime<Utc>,
    pub seconds: i64,
    pub share: Share,
}

/// Where a piece of work stands with Jira: each figure of the summary counts one of these, so
/// every screen (and the tray, and `stint week`) says the same about the same time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Share {
    /// A Stint entry Jira has.
    InJira,
    /// The person's worklog in Jira that is not an entry here (logged on Jira's page, in another
    /// app, or by Stint on another machine): in Jira, and counted once.
    Elsewhere,
    /// A Stint entry the next sync sends (queued, being sent, or waiting for a sign-in).
    Waiting,
    /// A Stint entry Jira refused: it waits for the person, not for a sync.
    Refused,
    /// An entry kept on this machine only: never sent.
    LocalOnly,
    /// The running timer, up to now: sent once it stops.
    Running,
}

/// The working-time goal: so much on each working day, unless a schedule (Tempo's required
/// hours, holidays included) says what a date requires.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    pub daily_seconds: i64,
    pub working_days: Vec<Weekday>,
    /// Required seconds by date, where a schedule gives them: they win over the above.
    pub required: BTreeMap<NaiveDate, i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DaySummary {
    pub date: NaiveDate,
    /// Everything on the day: Stint's entries, the running timer up to now, and time logged
    /// elsewhere in Jira.
    pub seconds: i64,
    pub target_seconds: i64,
    /// Of `seconds`: the running timer's part, and the part logged elsewhere in Jira.
    pub running_seconds: i64,
    pub elsewhere_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueTotal {
    pub issue: IssueKey,
    pub seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProjectTotal {
    pub project: String,
    pub seconds: i64,
}

/// The week at a glance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekSummary {
    pub week: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total_seconds: i64,
    pub target_seconds: i64,
    /// Of Stint's entries here: in Jira, and not yet (waiting, refused, local-only and running,
    /// each also counted below).
    pub synced_seconds: i64,
    pub unsynced_seconds: i64,
    /// What the next sync sends; what Jira refused; what is kept here only; the running timer.
    pub waiting_seconds: i64,
    pub refused_seconds: i64,
    pub local_seconds: i64,
    pub running_seconds: i64,
    /// The split of the total: Stint's entries here, and the person's worklogs in Jira logged
    /// elsewhere (read back by `stint pull`).
    pub from_stint_seconds: i64,
    pub elsewhere_seconds: i64,
    pub days: Vec<DaySummary>,
    /// Longest first.
    pub issues: Vec<IssueTotal>,
    /// Longest first.
    pub projects: Vec<ProjectTotal>,
}

/// Adds up the entries that fall in `week`, split over local days in `tz` and clipped to the week.
pub fn summarize_week<Tz: TimeZone>(week: Week, entries: &[SummaryEntry], tz: &Tz, target: &Target) -> WeekSummary {
    let edges: Vec<DateTime<Utc>> = (0..=7).map(|i| local_day_start(week.first + Days::new(i), tz)).collect();
    let mut day_seconds = [0i64; 7];
    let (mut day_running, mut day_elsewhere) = ([0i64; 7], [0i64; 7]);
    let mut issues: BTreeMap<&IssueKey, i64> = BTreeMap::new();
    let mut shares: BTreeMap<Share, i64> = BTreeMap::new();
    for entry in entries {
        let end = entry.start + chrono::Duration::seconds(entry.seconds);
        let mut in_week = 0;
        for (day, bounds) in edges.windows(2).enumerate() {
            let overlap = (end.min(bounds[1]) - entry.start.max(bounds[0])).num_seconds().max(0);
            day_seconds[day] += overlap;
            match entry.share {
                Share::Running => day_running[day] += overlap,
                Share::Elsewhere => day_elsewhere[day] += overlap,
                _ => {}
            }
            in_week += overlap;
        }
        if in_week > 0 {
            *issues.entry(&entry.issue).or_default() += in_week;
            *shares.entry(entry.share).or_default() += in_week;
        }
    }
    let share = |s: Share| shares.get(&s).copied().unwrap_or(0);
    let mut projects: BTreeMap<&str, i64> = BTreeMap::new();
    for (issue, seconds) in &issues {
        *projects.entry(issue.project()).or_default() += seconds;
    }
    let days: Vec<DaySummary> = week
        .days()
        .enumerate()
        .map(|(i, date)| {
            let target_seconds = target.on(date);
            DaySummary {
                date,
                seconds: day_seconds[i],
                target_seconds,
                running_seconds: day_running[i],
                elsewhere_seconds: day_elsewhere[i],
            }
        })
        .collect();
    let mut issues: Vec<IssueTotal> =
        issues.into_iter().map(|(issue, seconds)| IssueTotal { issue: issue.clone(), seconds }).collect();
    issues.sort_by(|a, b| b.seconds.cmp(&a.seconds).then_with(|| a.issue.cmp(&b.issue)));
    let mut projects: Vec<ProjectTotal> =
        projects.into_iter().map(|(p, seconds)| ProjectTotal { project: p.to_string(), seconds }).collect();
    projects.sort_by(|a, b| b.seconds.cmp(&a.seconds).then_with(|| a.project.cmp(&b.project)));
    let not_yet = share(Share::Waiting) + share(Share::Refused) + share(Share::LocalOnly) + share(Share::Running);
    WeekSummary {
        week: week.label(),
        from: week.first_day(),
        to: week.last_day(),
        total_seconds: day_seconds.iter().sum(),
        target_seconds: days.iter().map(|d| d.target_seconds).sum(),
        synced_seconds: share(Share::InJira),
        unsynced_seconds: not_yet,
        waiting_seconds: share(Share::Waiting),
        refused_seconds: share(Share::Refused),
        local_seconds: share(Share::LocalOnly),
        running_seconds: share(Share::Running),
        from_stint_seconds: share(Share::InJira) + not_yet,
        elsewhere_seconds: share(Share::Elsewhere),
        days,
        issues,
        projects,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::Berlin;
    use chrono_tz::Tz;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(issue: &str, start: &str, seconds: i64, synced: bool) -> SummaryEntry {
        SummaryEntry {
            id: None,
            issue: IssueKey::parse(issue).unwrap(),
            start: DateTime::parse_from_rfc3339(start).unwrap().with_timezone(&Utc),
            seconds,
            share: if synced { Share::InJira } else { Share::Waiting },
        }
    }

    fn weekdays() -> Target {
        Target {
            daily_seconds: 8 * 3600,
            working_days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
            required: BTreeMap::new(),
        }
    }

    #[test]
    fn a_schedule_s_required_hours_win_over_the_daily_target() {
        let week = Week::parse("2026-W52", Weekday::Mon).unwrap();
        let mut target = weekdays();
        // Christmas (a Friday) is a holiday; Monday requires six hours; Saturday is off anyway.
        target.required.insert(d("2026-12-25"), 0);
        target.required.insert(d("2026-12-21"), 6 * 3600);
        let s = summarize_week(week, &[], &Utc, &target);
        let targets: Vec<i64> = s.days.iter().map(|d| d.target_seconds / 3600).collect();
        assert_eq!(targets, [6, 8, 8, 8, 0, 0, 0]);
        assert_eq!(s.target_seconds, 30 * 3600);
    }

    #[test]
    fn weeks_from_labels_and_dates() {
        for (input, start, first, label) in [
            ("2026-W47", Weekday::Mon, "2026-11-16", "2026-W47"),
            ("2026-11-22", Weekday::Mon, "2026-11-16", "2026-W47"),
            ("2026-11-23", Weekday::Mon, "2026-11-23", "2026-W48"),
            ("2026-11-22", Weekday::Sun, "2026-11-22", "2026-W48"),
            ("2026-W47", Weekday::Sun, "2026-11-15", "2026-W47"),
            ("2026-w01", Weekday::Mon, "2025-12-29", "2026-W01"),
            ("2026-W53", Weekday::Mon, "2026-12-28", "2026-W53"),
        ] {
            let week = Week::parse(input, start).unwrap();
            assert_eq!(week.first_day(), d(first), "{input}");
            assert_eq!(week.label(), label, "{input}");
        }
        for bad in [
            "",
            "2026-W54",
            "2027-W53",
            "2026-W4",
            "W47",
            "2026-47",
            "next week",
            "+262142-12-31",
            "-262143-01-01",
            "0000-01-01",
            "0000-W01",
            "1969-12-31",
            "10000-W01",
        ] {
            assert!(matches!(Week::parse(bad, Weekday::Mon), Err(DomainError::BadWeek(_))), "{bad}");
        }
    }

    #[test]
    fn weekdays_parse() {
        assert_eq!(parse_weekday("Sunday"), Ok(Weekday::Sun));
        assert_eq!(parse_weekday("mon"), Ok(Weekday::Mon));
        assert!(parse_weekday("mo").is_err());
    }

    #[test]
    fn summary_splits_days_and_clips_to_the_week() {
        let week = Week::parse("2026-W47", Weekday::Mon).unwrap();
        let entries = [
            entry("ABC-1", "2026-11-16T09:00:00+01:00", 3600, true),
            entry("ABC-2", "2026-11-16T23:30:00+01:00", 3600, false), // 30m Mon, 30m Tue
            entry("XYZ-9", "2026-11-15T23:00:00+01:00", 7200, false), // 1h before the week, 1h Mon
            entry("XYZ-9", "2026-11-22T23:00:00+01:00", 7200, true),  // 1h Sun, 1h after the week
            entry("ABC-1", "2026-11-10T09:00:00+01:00", 3600, true),  // another week
        ];
        let s = summarize_week(week, &entries, &Berlin, &weekdays());
        assert_eq!(s.week, "2026-W47");
        assert_eq!(s.days.iter().map(|d| d.seconds).collect::<Vec<_>>(), [3600 + 1800 + 3600, 1800, 0, 0, 0, 0, 3600]);
        assert_eq!(s.total_seconds, 4 * 3600);
        assert_eq!(s.synced_seconds, 2 * 3600);
        assert_eq!(s.unsynced_seconds, 2 * 3600);
        assert_eq!((s.from_stint_seconds, s.elsewhere_seconds), (4 * 3600, 0));
        assert_eq!(s.target_seconds, 40 * 3600);
        assert_eq!(
            s.issues.iter().map(|i| (i.issue.as_str(), i.seconds)).collect::<Vec<_>>(),
            [("XYZ-9", 7200), ("ABC-1", 3600), ("ABC-2", 3600)]
        );
        assert_eq!(
            s.projects.iter().map(|p| (p.project.as_str(), p.seconds)).collect::<Vec<_>>(),
            [("ABC", 7200), ("XYZ", 7200)]
        );
    }

    #[test]
    fn weeks_across_daylight_saving_add_up_exactly() {
        // Berlin falls back on 2026-10-25 (a 25-hour Sunday), New York on 2026-11-01.
        for (tz, label, long_day) in [(Berlin, "2026-W43", 6), (New_York, "2026-W44", 6)] {
            let week = Week::parse(label, Weekday::Mon).unwrap();
            let (start, end) = week.bounds(&tz);
            assert_eq!((end - start).num_hours(), 169, "{tz}");
            // One entry covering the whole week, split by 24h pieces: days must add to 169h.
            let pieces: Vec<SummaryEntry> = (0..8)
                .map(|i| SummaryEntry {
                    id: None,
                    issue: IssueKey::parse("DST-1").unwrap(),
                    start: start + chrono::Duration::hours(24 * i),
                    seconds: 86_400,
                    share: Share::Waiting,
                })
                .collect();
            let s = summarize_week(week, &pieces, &tz, &weekdays());
            assert_eq!(s.total_seconds, 169 * 3600, "{tz}");
            assert_eq!(s.days[long_day].seconds, 25 * 3600, "{tz}");
        }
        let spring = Week::parse("2026-W13", Weekday::Mon).unwrap(); // Berlin springs forward 2026-03-29
        let (start, end) = spring.bounds(&Berlin);
        assert_eq!((end - start).num_hours(), 167);
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_starts_at_its_first_hour() {
        // Santiago (Chile) springs forward at midnight: 2026-09-06 00:00 does not exist.
        let tz: Tz = "America/Santiago".parse().unwrap();
        let start = local_day_start(d("2026-09-06"), &tz);
        assert_eq!(start.with_timezone(&tz).format("%H:%M").to_string(), "01:00");
    }

    fn zones() -> impl Strategy<Value = Tz> {
        prop::sample::select(vec![
            Berlin,
            New_York,
            chrono_tz::UTC,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Asia::Kolkata,
            chrono_tz::America::Santiago,
        ])
    }

    proptest! {
        #[test]
        fn week_contains_its_date_and_label_round_trips(days in 0i64..3650, start in 0u8..7) {
            let start = Weekday::try_from(start).unwrap();
            let date = d("2020-01-01") + chrono::Duration::days(days);
            let week = Week::containing(date, start).unwrap();
            prop_assert!(week.first_day() <= date && date <= week.last_day());
            prop_assert_eq!(week.first_day().weekday(), start);
            prop_assert_eq!(Week::parse(&week.label(), start).unwrap(), week);
        }

        #[test]
        fn any_date_gives_a_week_or_a_refusal_never_a_panic(days in i32::MIN..i32::MAX, start in 0u8..7, tz in zones()) {
            let start = Weekday::try_from(start).unwrap();
            let Some(date) = NaiveDate::from_num_days_from_ce_opt(days) else { return Ok(()) };
            match Week::containing(date, start) {
                Ok(week) => {
                    prop_assert!((FIRST_YEAR..=LAST_YEAR).contains(&date.year()));
                    let label = week.label();
                    prop_assert!(label.len() == 8 && !label.starts_with('-'), "{}", label);
                    prop_assert_eq!(Week::parse(&label, start).unwrap(), week);
                    let (from, to) = week.bounds(&tz);
                    prop_assert!(from < to);
                }
                Err(err) => prop_assert!(matches!(err, DomainError::BadWeek(_))),
            }
        }

        #[test]
        fn week_text_never_panics(s in "\\PC{0,20}|[-+]?[0-9]{1,8}-W?[0-9]{1,3}(-[0-9]{1,2})?") {
            if let Ok(week) = Week::parse(&s, Weekday::Mon) {
                let _ = week.bounds(&Berlin);
                prop_assert_eq!(Week::parse(&week.label(), Weekday::Mon).unwrap(), week);
            }
        }

        #[test]
        fn totals_agree_however_entries_fall(
            tz in zones(),
            days in 0i64..1500,
            raw in prop::collection::vec((0i64..(9 * 86_400), 60i64..=86_400, 0usize..6, 0usize..3), 0..30),
        ) {
            let week = Week::containing(d("2023-01-01") + chrono::Duration::days(days), Weekday::Mon).unwrap();
            let (week_start, week_end) = week.bounds(&tz);
            let origin = week_start - chrono::Duration::days(1);
            let keys = ["AB-1", "AB-2", "CD-3"];
            let shares = [Share::InJira, Share::Elsewhere, Share::Waiting, Share::Refused, Share::LocalOnly, Share::Running];
            let entries: Vec<SummaryEntry> = raw.iter().map(|(offset, secs, share, k)| SummaryEntry {
                id: None,
                issue: IssueKey::parse(keys[*k]).unwrap(), start: origin + chrono::Duration::seconds(*offset), seconds: *secs, share: shares[*share],
            }).collect();
            let s = summarize_week(week, &entries, &tz, &weekdays());
            let clipped: i64 = entries.iter().map(|e| {
                let end = e.start + chrono::Duration::seconds(e.seconds);
                (end.min(week_end) - e.start.max(week_start)).num_seconds().max(0)
            }).sum();
            prop_assert_eq!(s.total_seconds, clipped);
            prop_assert_eq!(s.days.iter().map(|d| d.seconds).sum::<i64>(), s.total_seconds);
            prop_assert_eq!(s.issues.iter().map(|i| i.seconds).sum::<i64>(), s.total_seconds);
            prop_assert_eq!(s.projects.iter().map(|p| p.seconds).sum::<i64>(), s.total_seconds);
            prop_assert_eq!(s.synced_seconds + s.unsynced_seconds + s.elsewhere_seconds, s.total_seconds);
            prop_assert_eq!(s.from_stint_seconds + s.elsewhere_seconds, s.total_seconds);
            // Each share is counted once: the parts of "not yet" add up to it, and the days'
            // running and elsewhere parts to the week's.
            prop_assert_eq!(s.waiting_seconds + s.refused_seconds + s.local_seconds + s.running_seconds, s.unsynced_seconds);
            prop_assert_eq!(s.days.iter().map(|d| d.running_seconds).sum::<i64>(), s.running_seconds);
            prop_assert_eq!(s.days.iter().map(|d| d.elsewhere_seconds).sum::<i64>(), s.elsewhere_seconds);
        }
    }
}
