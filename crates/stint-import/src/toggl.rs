//! Toggl Track's detailed report, exported as CSV. Its documented columns are User, Email, Client,
//! Project, Task, Description, Billable, Start date, Start time, End date, End time, Duration,
//! Tags (and amounts, which Stint ignores). Dates and times are written as the exporting person's
//! profile shows them (2026-11-20, 11/20/2026, 20/11/2026, 20.11.2026; 14:05:00 or 2:05:00 PM),
//! in their profile's time zone, which the file does not say: the caller's `Zone` gives it.
//! Day/month order is told from the file (a 13th or later day settles it), or given.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::ImportError;
use crate::input::{CsvError, CsvRows};
use crate::text::echo;
use crate::{fingerprint, instant_field, Format, Names, Record, Sink, SourceFile, Zone};

/// The order of day, month and year in a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayMonthYear,
    MonthDayYear,
    YearMonthDay,
}

impl DateOrder {
    /// `DD/MM/YYYY`, `MM-DD-YYYY`, `YYYY-MM-DD`, `dmy`…: the order of the letters decides.
    pub fn parse(text: &str) -> Result<DateOrder, ImportError> {
        let mut letters: Vec<char> = Vec::new();
        for c in text.trim().to_ascii_lowercase().chars().filter(|c| matches!(c, 'd' | 'm' | 'y')) {
            if letters.last() != Some(&c) {
                letters.push(c);
            }
        }
        match letters.as_slice() {
            ['d', 'm', 'y'] => Ok(DateOrder::DayMonthYear),
            ['m', 'd', 'y'] => Ok(DateOrder::MonthDayYear),
            ['y', 'm', 'd'] => Ok(DateOrder::YearMonthDay),
            _ => Err(ImportError::BadDateOrder(echo(text))),
        }
    }
}

/// A date split at its separators: three numbers, and whether the year came first.
struct DateParts {
    numbers: [u32; 3],
    year_first: bool,
    dotted: bool,
}

fn date_parts(text: &str) -> Option<DateParts> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let year_first = parts[0].len() == 4;
    if !year_first && parts[2].len() != 4 {
        return None;
    }
    let n = |i: usize| parts[i].parse::<u32>().ok();
    Some(DateParts { numbers: [n(0)?, n(1)?, n(2)?], year_first, dotted: text.contains('.') })
}

fn date(text: &str, order: DateOrder) -> Result<NaiveDate, String> {
    let bad = || format!("`{}` is not a date", echo(text));
    let p = date_parts(text).ok_or_else(bad)?;
    let [a, b, c] = p.numbers;
    let (y, m, d) = if p.year_first {
        (a, b, c)
    } else {
        match order {
            DateOrder::MonthDayYear => (c, a, b),
            DateOrder::DayMonthYear | DateOrder::YearMonthDay => (c, b, a),
        }
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(bad)
}

/// `14:05:00`, `14:05`, `2:05:00 PM`, `2:05 pm`.
fn time(text: &str) -> Result<NaiveTime, String> {
    let bad = || format!("`{}` is not a time of day (like 14:05:00 or 2:05:00 PM)", echo(text));
    let t = text.trim().to_ascii_lowercase();
    let (clock, meridiem) = if let Some(c) = t.strip_suffix("am") {
        (c.trim(), Some(false))
    } else if let Some(c) = t.strip_suffix("pm") {
        (c.trim(), Some(true))
    } else {
        (t.as_str(), None)
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts.iter().any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let mut hour: u32 = parts[0].parse().map_err(|_| bad())?;
    let minute: u32 = parts[1].parse().map_err(|_| bad())?;
    let second: u32 = parts.get(2).map_or(Ok(0), |s| s.parse()).map_err(|_| bad())?;
    match meridiem {
        Some(pm) if (1..=12).contains(&hour) => hour = hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return Err(bad()),
        None => {}
    }
    NaiveTime::from_hms_opt(hour, minute, second).ok_or_else(bad)
}

/// Toggl's `Duration`: `H:MM:SS`, the hours unbounded.
fn duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("`{}` is not a duration (like 01:30:00)", echo(text));
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let n = |i: usize| parts[i].parse::<i64>().map_err(|_| bad());
    let (h, m, s) = (n(0)?, n(1)?, n(2)?);
    if m > 59 || s > 59 {
        return Err(bad());
    }
    Ok(Duration::seconds(h * 3600 + m * 60 + s))
}

/// The columns Stint reads, by their place in the header.
struct Columns(HashMap<&'static str, usize>);

const KNOWN: [&str; 12] = [
    "user",
    "email",
    "client",
    "project",
    "task",
    "description",
    "start date",
    "start time",
    "end date",
    "end time",
    "duration",
    "tags",
];

impl Columns {
    fn new(header: &csv::StringRecord) -> Result<Columns, ImportError> {
        let mut map = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim_start_matches('\u{feff}').trim().to_ascii_lowercase();
            if let Some(known) = KNOWN.iter().find(|k| **k == name) {
                map.entry(*known).or_insert(i);
            }
        }
        let missing: Vec<&str> = ["start date", "start time"].into_iter().filter(|c| !map.contains_key(c)).collect();
        let has_end = map.contains_key("end time") || map.contains_key("duration");
        if !missing.is_empty() || !has_end {
            return Err(ImportError::Unreadable {
                at: "line 1".into(),
                problem: format!(
                    "the header lacks {}",
                    if missing.is_empty() {
                        "an End time or a Duration column".to_string()
                    } else {
                        missing.iter().map(|c| format!("S{}", &c[1..])).collect::<Vec<_>>().join(" and ")
                    }
                ),
                fix: "export Toggl Track's detailed report as CSV, which has Start date, Start time, End date, End time and Duration",
            });
        }
        Ok(Columns(map))
    }

    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> &'r str {
        self.0.get(name).and_then(|&i| row.get(i)).unwrap_or("").trim()
    }
}

pub(crate) fn read(
    file: &SourceFile<'_>,
    zone: &Zone,
    order: Option<DateOrder>,
    at: &dyn Fn(String) -> String,
    sink: &mut Sink<'_>,
) -> Result<(), ImportError> {
    // The first pass learns whose time the file holds and its dates' order; the second takes the
    // rows. Neither holds more than a row.
    let mut people = People::default();
    let mut clues = Clues::default();
    let mut any = false;
    rows(file, at, |columns, _, row| {
        any = true;
        people.see(columns.get(row, "user"), columns.get(row, "email"));
        if order.is_none() {
            clues.see(columns.get(row, "start date"));
            clues.see(columns.get(row, "end date"));
        }
        Ok(())
    })?;
    match people.verdict() {
        Verdict::One => {}
        Verdict::Several { people, at_least } => return Err(ImportError::SeveralPeople { people, at_least }),
        Verdict::Nobody if any => sink.notice(
            "the file names no one (its User and Email are empty): Stint cannot check that all of it is your time"
                .into(),
        ),
        Verdict::Nobody => {}
    }
    let order = match order {
        Some(order) => order,
        None => clues.order()?,
    };
    rows(file, at, |columns, line, row| {
        let here = at(format!("line {line}"));
        match entry(columns, row, order, zone) {
            Ok(mut record) => {
                record.at = here;
                sink.record(record)
            }
            Err(problem) => sink.bad(here, problem),
        }
    })
}

/// Reads the file's rows that hold something, one at a time, with their line.
fn rows(
    file: &SourceFile<'_>,
    at: &dyn Fn(String) -> String,
    mut each: impl FnMut(&Columns, u64, &csv::StringRecord) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let mut rows = CsvRows::open(file, true)?;
    let header = rows.header().map_err(|e| unreadable(at, &e))?;
    let columns = Columns::new(&header).map_err(|e| match e {
        ImportError::Unreadable { at: position, problem, fix } => {
            ImportError::Unreadable { at: at(position), problem, fix }
        }
        other => other,
    })?;
    while let Some((line, row)) = rows.next().map_err(|e| unreadable(at, &e))? {
        if !row.iter().all(|f| f.trim().is_empty()) {
            each(&columns, line, row)?;
        }
    }
    Ok(())
}

/// How many different people a file may name before Stint stops telling them apart.
const MOST_PEOPLE: usize = 100;

/// Whose time a file holds, as its rows are seen. A detailed report may hold a whole team's
/// time; only one person's may be imported. People are told apart by their email where the file
/// has one (two people can share a name), by their name otherwise; a row with a name but no email
/// is someone else when no row with an email has that name.
#[derive(Default)]
struct People {
    emails: BTreeSet<String>,
    named_with_email: BTreeSet<String>,
    named_only: BTreeSet<String>,
    /// More than `MOST_PEOPLE` names or emails were seen: the rest were not kept.
    full: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    One,
    Several { people: usize, at_least: bool },
    Nobody,
}

impl People {
    fn see(&mut self, user: &str, email: &str) {
        let sets = self.emails.len() + self.named_with_email.len() + self.named_only.len();
        if sets >= 3 * MOST_PEOPLE {
            self.full = true;
            return;
        }
        if !email.is_empty() {
            self.emails.insert(email.to_lowercase());
            if !user.is_empty() {
                self.named_with_email.insert(user.to_string());
            }
        } else if !user.is_empty() {
            self.named_only.insert(user.to_string());
        }
    }

    fn verdict(&self) -> Verdict {
        let strangers = self.named_only.iter().filter(|n| !self.named_with_email.contains(*n)).count();
        let people = self.emails.len() + strangers;
        match (self.emails.len(), strangers) {
            (0, 0) => Verdict::Nobody,
            (0, 1) | (1, 0) => Verdict::One,
            _ => Verdict::Several { people, at_least: self.full },
        }
    }
}

fn unreadable(at: &dyn Fn(String) -> String, e: &CsvError) -> ImportError {
    ImportError::Unreadable {
        at: at(format!("line {}", e.line)),
        problem: e.problem("it is not readable CSV"),
        fix: "export the detailed report from Toggl Track again, as CSV",
    }
}

/// What the dates seen so far say about their day/month order.
#[derive(Default)]
struct Clues {
    day_first: bool,
    month_first: bool,
    dotted: bool,
    example: Option<String>,
}

impl Clues {
    fn see(&mut self, text: &str) {
        let Some(p) = date_parts(text) else { return };
        if p.year_first {
            return;
        }
        self.example.get_or_insert_with(|| echo(text));
        self.day_first |= p.numbers[0] > 12;
        self.month_first |= p.numbers[1] > 12;
        self.dotted |= p.dotted;
    }

    /// The day/month order the dates show; `YearMonthDay` when they lead with the year.
    fn order(self) -> Result<DateOrder, ImportError> {
        match (self.day_first, self.month_first) {
            (true, false) => Ok(DateOrder::DayMonthYear),
            (false, true) => Ok(DateOrder::MonthDayYear),
            // Both cannot be: such a file has dates that are not dates, which each row will say.
            (true, true) => Ok(DateOrder::DayMonthYear),
            (false, false) if self.dotted => Ok(DateOrder::DayMonthYear),
            (false, false) => {
                self.example.map_or(Ok(DateOrder::YearMonthDay), |example| Err(ImportError::AmbiguousDates { example }))
            }
        }
    }
}

/// Which instants a row's wall-clock start and end are, when the clocks passed one of them twice
/// (the autumn hour): the pair Toggl's Duration confirms; without one that fits, the earliest
/// start and the earliest end not before it (02:50 to 02:10 on that night is the 20 minutes
/// across the change). Ordinary times have one candidate each, and this is that pair.
fn settle(
    starts: &[DateTime<FixedOffset>],
    ends: &[DateTime<FixedOffset>],
    length: Option<Duration>,
) -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
    let pairs = || starts.iter().flat_map(|s| ends.iter().map(move |e| (*s, *e))).filter(|(s, e)| e >= s);
    length.and_then(|length| pairs().find(|(s, e)| *e - *s == length)).or_else(|| pairs().next())
}

fn entry(columns: &Columns, row: &csv::StringRecord, order: DateOrder, zone: &Zone) -> Result<Record, String> {
    let start_date = date(columns.get(row, "start date"), order).map_err(|e| format!("its Start date: {e}"))?;
    let start_time = time(columns.get(row, "start time")).map_err(|e| format!("its Start time: {e}"))?;
    let start_local = NaiveDateTime::new(start_date, start_time);
    let duration_text = columns.get(row, "duration");
    let length = if duration_text.is_empty() {
        None
    } else {
        Some(duration(duration_text).map_err(|e| format!("its Duration: {e}"))?)
    };
    let end_time_text = columns.get(row, "end time");
    let end_local = if !end_time_text.is_empty() {
        let end_time = time(end_time_text).map_err(|e| format!("its End time: {e}"))?;
        let end_date_text = columns.get(row, "end date");
        Some(if end_date_text.is_empty() {
            // Without an end date, an end before the start is on the next day.
            let same_day = NaiveDateTime::new(start_date, end_time);
            if same_day < start_local {
                same_day + Duration::days(1)
            } else {
                same_day
            }
        } else {
            NaiveDateTime::new(date(end_date_text, order).map_err(|e| format!("its End date: {e}"))?, end_time)
        })
    } else {
        None
    };
    let starts = zone.candidates(start_local).map_err(|e| format!("its start: {e}"))?;
    let (start, end) = match (end_local, length) {
        (Some(end_local), _) => {
            let ends = zone.candidates(end_local).map_err(|e| format!("its end: {e}"))?;
            settle(&starts, &ends, length).ok_or("it ends before it starts")?
        }
        // A Duration alone is a length of real time from the start.
        (None, Some(length)) => (starts[0], zone.at((starts[0] + length).to_utc())),
        (None, None) => return Err("it has neither an End time nor a Duration".into()),
    };
    let project = columns.get(row, "project").to_string();
    let task = columns.get(row, "task").to_string();
    let description = columns.get(row, "description").to_string();
    let tags: Vec<String> =
        columns.get(row, "tags").split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
    let fp = fingerprint(
        Format::Toggl,
        &[
            &instant_field(start.to_utc()),
            &instant_field(end.to_utc()),
            &project,
            &task,
            &description,
            &tags.join("\u{1f}"),
        ],
    );
    Ok(Record {
        at: String::new(),
        start,
        end: Some(end),
        names: Names {
            tags,
            projects: [project, task].into_iter().filter(|p| !p.is_empty()).collect(),
            description: Some(description.clone()).filter(|d| !d.is_empty()),
        },
        note: Some(description).filter(|d| !d.is_empty()),
        fingerprint: fp,
        stint: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Parsed, ReadOptions};

    const HEADER: &str = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n";

    fn read_text(text: &str, order: Option<DateOrder>, skip_bad: bool) -> Result<Parsed, ImportError> {
        let options = ReadOptions {
            format: Some(Format::Toggl),
            zone: Zone::Named(chrono_tz::Europe::Berlin),
            date_order: order,
            skip_bad,
        };
        crate::read(&[SourceFile::text("", text)], &options).map(|(_, parsed)| parsed)
    }

    #[test]
    fn reads_each_date_style() {
        for (dates, order) in [
            ("2026-11-20,08:15:00,2026-11-20,09:45:00", None),
            ("11/20/2026,8:15:00 AM,11/20/2026,9:45:00 AM", None),
            ("20/11/2026,08:15,20/11/2026,09:45", None),
            ("20.11.2026,08:15:00,20.11.2026,09:45:00", None),
            ("03/04/2026,08:15:00,03/04/2026,09:45:00", Some(DateOrder::MonthDayYear)),
        ] {
            let text =
                format!("{HEADER}Me,me@example.com,,ABC,,Fix login ABC-12,No,{dates},01:30:00,\"ABC-1, review\",\n");
            let parsed = read_text(&text, order, false).unwrap();
            let r = &parsed.records[0];
            assert_eq!(r.seconds(), Some(5400), "{dates}");
            assert_eq!(r.names.tags, ["ABC-1", "review"]);
            assert_eq!(r.note.as_deref(), Some("Fix login ABC-12"));
            assert_eq!(r.at, "line 2");
            if order.is_none() && !dates.starts_with("03") {
                assert_eq!(r.start.to_rfc3339(), "2026-11-20T08:15:00+01:00", "{dates}");
            } else {
                assert_eq!(r.start.to_rfc3339(), "2026-03-04T08:15:00+01:00");
            }
        }
        let text = format!("{HEADER}Me,,,ABC,,x,No,03/04/2026,08:15:00,03/04/2026,09:45:00,01:30:00,,\n");
        assert!(matches!(read_text(&text, None, false), Err(ImportError::AmbiguousDates { .. })));
    }

    #[test]
    fn refuses_several_people_and_bad_rows() {
        let text = format!("{HEADER}A,,,P,,d,No,2026-11-20,08:00:00,2026-11-20,09:00:00,01:00:00,,\nB,,,P,,d,No,2026-11-20,10:00:00,2026-11-20,11:00:00,01:00:00,,\n");
        assert_eq!(
            read_text(&text, None, false).unwrap_err(),
            ImportError::SeveralPeople { people: 2, at_least: false }
        );
        let text = format!("{HEADER}A,,,P,,d,No,2026-11-20,08:00:00,2026-11-20,09:00:00,01:00:00,,\nA,,,P,,d,No,2026-11-20,25:00:00,2026-11-20,26:00:00,01:00:00,,\n");
        let err = read_text(&text, None, false).unwrap_err().to_string();
        assert!(err.starts_with("line 3: its Start time: `25:00:00` is not a time of day"), "{err}");
        let parsed = read_text(&text, None, true).unwrap();
        assert_eq!((parsed.records.len(), parsed.summary.bad.len()), (1, 1));
        let file = SourceFile::text("", "Project,Start date\nx,2026-11-20\n");
        let err = rows(&file, &|p| p, |_, _, _| Ok(())).unwrap_err().to_string();
        assert!(err.contains("header lacks Start time"), "{err}");
    }

    /// Berlin's clocks went from 03:00 CEST back to 02:00 CET on 2026-10-25: 02:00-03:00 happened
    /// twice. The Duration column says which.
    #[test]
    fn the_autumn_hour_is_settled_by_the_duration() {
        let row = |start: &str, end: &str, length: &str| {
            format!("{HEADER}Me,,,P,,d,No,2026-10-25,{start},2026-10-25,{end},{length},,\n")
        };
        let one = |text: String| {
            let parsed = read_text(&text, None, false).unwrap();
            let r = &parsed.records[0];
            (r.start.to_rfc3339(), r.end.unwrap().to_rfc3339(), r.seconds().unwrap())
        };
        // 02:50 (first pass) to 02:10 (second pass): 20 minutes, not a refusal.
        assert_eq!(
            one(row("02:50:00", "02:10:00", "00:20:00")),
            ("2026-10-25T02:50:00+02:00".into(), "2026-10-25T02:10:00+01:00".into(), 1200)
        );
        // 02:10 to 02:40 could be 30 minutes in either pass, or 90 across: Toggl says 90.
        assert_eq!(one(row("02:10:00", "02:40:00", "01:30:00")).2, 5400);
        assert_eq!(one(row("02:10:00", "02:40:00", "00:30:00")).2, 1800);
        // 01:30 to 02:30 with a Duration of 2h: the end is in the second pass.
        assert_eq!(
            one(row("01:30:00", "02:30:00", "02:00:00")),
            ("2026-10-25T01:30:00+02:00".into(), "2026-10-25T02:30:00+01:00".into(), 7200)
        );
        // Without a Duration: the earliest start, and the earliest end not before it.
        let text =
            "User,Start date,Start time,End date,End time\nMe,2026-10-25,02:50:00,2026-10-25,02:10:00\n".to_string();
        assert_eq!(one(text).2, 1200);
        // A Duration alone is real time from the start.
        let text = "User,Start date,Start time,Duration\nMe,2026-10-25,01:30:00,02:00:00\n".to_string();
        assert_eq!(one(text).1, "2026-10-25T02:30:00+01:00");
    }

    #[test]
    fn people_are_told_apart_by_email_first() {
        let file = |rows: &[(&str, &str)]| {
            let mut text = HEADER.to_string();
            for (i, (user, email)) in rows.iter().enumerate() {
                text += &format!("{user},{email},,P,,d,No,2026-11-20,0{i}:00:00,2026-11-20,0{i}:30:00,00:30:00,,\n");
            }
            read_text(&text, None, false)
        };
        let several = |rows: &[(&str, &str)]| match file(rows) {
            Err(ImportError::SeveralPeople { people, .. }) => people,
            other => panic!("{rows:?}: {other:?}"),
        };
        // Two people called Alex.
        assert_eq!(several(&[("Alex", "alex@a.example"), ("Alex", "alex@b.example")]), 2);
        assert_eq!(several(&[("Alex", ""), ("Sam", "")]), 2);
        assert_eq!(several(&[("Alex", "alex@a.example"), ("Sam", "")]), 2);
        // One person: an email's case, a renamed display name, a row without the email.
        for rows in [
            &[("Alex", "Alex@A.example"), ("Alex", "alex@a.example")][..],
            &[("Alex", "alex@a.example"), ("Alex B.", "alex@a.example")],
            &[("Alex", "alex@a.example"), ("Alex", "")],
            &[("", "alex@a.example"), ("", "alex@a.example")],
        ] {
            let parsed = file(rows).unwrap();
            assert_eq!((parsed.records.len(), parsed.summary.notices.len()), (2, 0), "{rows:?}");
        }
        // No one named at all: said, not refused.
        let parsed = file(&[("", ""), ("", "")]).unwrap();
        assert_eq!(parsed.records.len(), 2);
        assert!(parsed.summary.notices[0].contains("names no one"), "{:?}", parsed.summary.notices);
    }

    #[test]
    fn a_team_s_report_or_an_endless_row_is_refused_in_bounded_memory() {
        let mut text = HEADER.to_string();
        for i in 0..400 {
            text += &format!("P{i},p{i}@example.com,,P,,d,No,2026-11-20,08:00:00,2026-11-20,09:00:00,01:00:00,,\n");
        }
        match read_text(&text, None, false) {
            Err(e @ ImportError::SeveralPeople { at_least: true, .. }) => {
                assert!(e.to_string().contains("at least"), "{e}")
            }
            other => panic!("{other:?}"),
        }
        let text = format!(
            "{HEADER}Me,,,P,,\"{}\",No,2026-11-20,08:00:00,2026-11-20,09:00:00,01:00:00,,\n",
            "x".repeat(3 << 20)
        );
        let err = read_text(&text, None, false).unwrap_err().to_string();
        assert!(err.starts_with("line 2: it could not be read (a row longer than 1 MiB"), "{err}");
    }

    #[test]
    fn times_and_orders() {
        assert_eq!(time("12:05:00 AM").unwrap(), NaiveTime::from_hms_opt(0, 5, 0).unwrap());
        assert_eq!(time("12:05 pm").unwrap(), NaiveTime::from_hms_opt(12, 5, 0).unwrap());
        assert!(time("13:00 PM").is_err());
        assert_eq!(duration("25:00:01").unwrap(), Duration::seconds(90001));
        assert_eq!(DateOrder::parse("DD/MM/YYYY").unwrap(), DateOrder::DayMonthYear);
        assert_eq!(DateOrder::parse("mm-dd-yyyy").unwrap(), DateOrder::MonthDayYear);
        assert!(DateOrder::parse("DD/YYYY").is_err());
    }
}
