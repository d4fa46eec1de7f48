//! Times and dates as people type them, resolved in a time zone that is passed in.
//!
//! Forms: RFC 3339 (`2026-11-23T09:30:00+01:00`, kept with the offset given), `HH:MM` (today),
//! `yesterday HH:MM`, `YYYY-MM-DD HH:MM` (local); a time of day may also be on a 12-hour clock
//! (`1:05 PM`, `1:05pm`), as a person whose locale shows times so reads and types them. A local time that a daylight-saving change skips
//! or repeats is refused with the fix, never guessed.
//!
//! Bounds: typed dates have four-digit years from 1970 to 9999 (so every week and day computed
//! from them exists); a time of work lies between 2000-01-01 and now, with a UTC offset Jira
//! accepts (±18:00, Java's `ZoneOffset`).

use chrono::{DateTime, Datelike, Days, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use crate::error::{echo, DomainError};

/// The first and last years a typed date may have.
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = 9999;
/// The earliest instant of work Stint keeps: 2000-01-01T00:00:00Z.
pub const EARLIEST_WORK_UNIX: i64 = 946_684_800;
/// The widest UTC offset Jira accepts.
pub const MAX_OFFSET_SECONDS: i32 = 18 * 3600;

/// Checks an instant the user gave for their work (a start or an end): not in the future, not
/// before 2000, and with an offset Jira accepts. `what` names it in the message ("the start").
pub fn check_work_time(
    t: DateTime<FixedOffset>,
    now: DateTime<Utc>,
    what: &'static str,
) -> Result<DateTime<FixedOffset>, DomainError> {
    let shown = || crate::rfc3339::format(&t);
    if t > now {
        return Err(DomainError::InFuture { what, time: shown() });
    }
    if t.timestamp() < EARLIEST_WORK_UNIX {
        return Err(DomainError::TooEarly { what, time: shown() });
    }
    if t.offset().local_minus_utc().abs() > MAX_OFFSET_SECONDS {
        return Err(DomainError::OffsetOutOfRange(shown()));
    }
    Ok(t)
}

/// `YYYY-MM-DD` with a four-digit year (times of work are bounded later, by `check_work_time`).
fn parse_any_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shape.then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
}

/// `YYYY-MM-DD` with a year from `FIRST_YEAR` to `LAST_YEAR`: a date to count days and weeks from.
pub(crate) fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    parse_any_iso_date(text).filter(|date| (FIRST_YEAR..=LAST_YEAR).contains(&date.year()))
}

/// Resolves a local wall-clock time to an instant with the offset in force then.
pub fn resolve_local<Tz: TimeZone>(local: NaiveDateTime, tz: &Tz) -> Result<DateTime<FixedOffset>, DomainError> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.fixed_offset()),
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.fixed_offset(), b.fixed_offset());
            Err(DomainError::AmbiguousTime {
                local: local.format("%Y-%m-%d %H:%M").to_string(),
                first: a.offset().to_string(),
                second: b.offset().to_string(),
                example: b.to_rfc3339(),
            })
        }
        LocalResult::None => Err(DomainError::NonexistentTime(local.format("%Y-%m-%d %H:%M").to_string())),
    }
}

/// Parses a typed time. `now` and `tz` decide what "today" and "yesterday" are.
pub fn parse_time<Tz: TimeZone>(
    input: &str,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<DateTime<FixedOffset>, DomainError> {
    parse_time_on(input, None, now, tz)
}

/// Parses a typed time; a time of day alone (`16:00`) is on `on` (the day a person is looking at)
/// instead of today. Everything else reads as in `parse_time`.
pub fn parse_time_on<Tz: TimeZone>(
    input: &str,
    on: Option<NaiveDate>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<DateTime<FixedOffset>, DomainError> {
    let text = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t);
    }
    let today = now.with_timezone(tz).date_naive();
    let clock_day = on.unwrap_or(today);
    let lower = text.to_ascii_lowercase();
    let mut words: Vec<String> = lower.split_whitespace().map(str::to_string).collect();
    // `1:05 PM`: the half of the day belongs to the time before it.
    if words.len() >= 2 && matches!(words.last().map(String::as_str), Some("am" | "pm" | "a.m." | "p.m.")) {
        let half = words.pop().unwrap_or_default();
        if let Some(time) = words.last_mut() {
            time.push_str(&half);
        }
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let date_and_clock = |day: &str, time: &str| -> Option<NaiveDateTime> {
        let date = parse_relative_day(day, today).or_else(|| parse_any_iso_date(day));
        date.zip(parse_clock(time)).map(|(date, clock)| date.and_time(clock))
    };
    let local = match words.as_slice() {
        [time] => parse_clock(time)
            .map(|clock| clock_day.and_time(clock))
            // `YYYY-MM-DDTHH:MM` without an offset: local time.
            .or_else(|| time.split_once('t').and_then(|(day, clock)| date_and_clock(day, clock))),
        [day, time] => date_and_clock(day, time),
        _ => None,
    };
    resolve_local(local.ok_or_else(|| DomainError::BadTime(echo(input)))?, tz)
}

/// Parses a typed date: `YYYY-MM-DD`, `today`, `yesterday`.
pub fn parse_date<Tz: TimeZone>(input: &str, now: DateTime<Utc>, tz: &Tz) -> Result<NaiveDate, DomainError> {
    let today = now.with_timezone(tz).date_naive();
    parse_day(&input.trim().to_ascii_lowercase(), today).ok_or_else(|| DomainError::BadDate(echo(input)))
}

fn parse_day(word: &str, today: NaiveDate) -> Option<NaiveDate> {
    parse_relative_day(word, today).or_else(|| parse_iso_date(word))
}

fn parse_relative_day(word: &str, today: NaiveDate) -> Option<NaiveDate> {
    match word {
        "today" => Some(today),
        "yesterday" => today.checked_sub_days(Days::new(1)),
        _ => None,
    }
}

/// `HH:MM` or `H:MM`, 24-hour; or `H:MMam`/`H:MMpm` (hours 1 to 12), 12-hour.
fn parse_clock(word: &str) -> Option<NaiveTime> {
    let half = |suffixes: [&str; 2]| suffixes.iter().find_map(|s| word.strip_suffix(s));
    let (body, pm) = match (half(["am", "a.m."]), half(["pm", "p.m."])) {
        (Some(body), _) => (body, Some(false)),
        (_, Some(body)) => (body, Some(true)),
        _ => (word, None),
    };
    let (h, m) = body.split_once(':')?;
    let digits = |s: &str, lens: &[usize]| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h, &[1, 2]) || !digits(m, &[2]) {
        return None;
    }
    let mut hour: u32 = h.parse().ok()?;
    if let Some(pm) = pm {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    NaiveTime::from_hms_opt(hour, m.parse().ok()?, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn forms() {
        let now = utc("2026-11-23T10:00:00Z"); // 11:00 in Berlin
        for (input, want) in [
            ("09:30", "2026-11-23T09:30:00+01:00"),
            ("9:05", "2026-11-23T09:05:00+01:00"),
            ("9:05 AM", "2026-11-23T09:05:00+01:00"),
            ("12:30 am", "2026-11-23T00:30:00+01:00"),
            ("12:00 PM", "2026-11-23T12:00:00+01:00"),
            ("1:05pm", "2026-11-23T13:05:00+01:00"),
            ("yesterday 1:05 p.m.", "2026-11-22T13:05:00+01:00"),
            ("2026-11-20 11:59 PM", "2026-11-20T23:59:00+01:00"),
            ("yesterday 17:45", "2026-11-22T17:45:00+01:00"),
            ("Yesterday 00:00", "2026-11-22T00:00:00+01:00"),
            ("2026-07-01 08:00", "2026-07-01T08:00:00+02:00"),
            ("2026-07-01T08:00", "2026-07-01T08:00:00+02:00"),
            ("2026-11-20T08:00:00-05:00", "2026-11-20T08:00:00-05:00"),
            ("2026-11-20T08:00:00Z", "2026-11-20T08:00:00+00:00"),
        ] {
            assert_eq!(parse_time(input, now, &Berlin).unwrap().to_rfc3339(), want, "{input}");
        }
    }

    #[test]
    fn today_is_the_local_day_not_the_utc_day() {
        // 23:30 UTC on the 22nd is already the 23rd in Berlin.
        let now = utc("2026-11-22T23:30:00Z");
        assert_eq!(parse_time("00:10", now, &Berlin).unwrap().to_rfc3339(), "2026-11-23T00:10:00+01:00");
        assert_eq!(parse_date("today", now, &Berlin).unwrap().to_string(), "2026-11-23");
        assert_eq!(parse_date("yesterday", now, &Berlin).unwrap().to_string(), "2026-11-22");
    }

    #[test]
    fn daylight_saving_edges_are_refused_with_the_fix() {
        let now = utc("2026-11-23T10:00:00Z");
        let err = parse_time("2026-10-25 02:30", now, &Berlin).unwrap_err();
        assert!(matches!(err, DomainError::AmbiguousTime { .. }), "{err}");
        assert!(err.to_string().contains("+01:00"), "{err}");
        let err = parse_time("2026-03-29 02:30", now, &Berlin).unwrap_err();
        assert!(matches!(err, DomainError::NonexistentTime(_)), "{err}");
    }

    #[test]
    fn refuses_garbage() {
        let now = utc("2026-11-23T10:00:00Z");
        for input in [
            "",
            "25:00",
            "13:05 pm",
            "0:30 am",
            "pm",
            "9:05 xm",
            "yesterday pm",
            "12:60",
            "12",
            "tomorrow 10:00",
            "12:5",
            "2026-13-01 10:00",
            "yesterday",
            "now please",
            "123:00",
        ] {
            assert!(matches!(parse_time(input, now, &Berlin), Err(DomainError::BadTime(_))), "{input}");
        }
        for input in [
            "",
            "2026-1-1",
            "monday",
            "2026-02-30",
            "0000-01-01",
            "1969-12-31",
            "+262142-12-31",
            "-262143-01-01",
            "+999-01-01",
        ] {
            assert!(matches!(parse_date(input, now, &Berlin), Err(DomainError::BadDate(_))), "{input}");
        }
    }

    #[test]
    fn work_times_are_bounded_with_the_bound_named() {
        let now = utc("2026-11-23T10:00:00Z");
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        assert!(check_work_time(at("2026-11-23T10:00:00Z"), now, "the start").is_ok());
        assert!(check_work_time(at("2000-01-01T00:00:00Z"), now, "the start").is_ok());
        let early = parse_time("1900-01-01 00:00", now, &Berlin).unwrap();
        let err = check_work_time(early, now, "the start").unwrap_err();
        assert!(err.to_string().contains("before 2000-01-01"), "{err}");
        let err = check_work_time(at("1999-12-31T23:59:59Z"), now, "the start").unwrap_err();
        assert!(matches!(err, DomainError::TooEarly { .. }) && err.to_string().contains("2000-01-01"), "{err}");
        let err = check_work_time(at("2026-11-23T10:00:01Z"), now, "the end").unwrap_err();
        assert!(err.to_string().starts_with("the end"), "{err}");
        let err = check_work_time(at("2026-11-20T10:00:00+18:30"), now, "the start").unwrap_err();
        assert!(matches!(err, DomainError::OffsetOutOfRange(_)), "{err}");
        assert!(check_work_time(at("2026-11-20T10:00:00-18:00"), now, "the start").is_ok());
    }

    proptest! {
        #[test]
        fn typed_dates_stay_within_the_supported_years(s in "[-+]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}") {
            let now = utc("2026-11-23T10:00:00Z");
            if let Ok(date) = parse_date(&s, now, &Berlin) {
                prop_assert!((FIRST_YEAR..=LAST_YEAR).contains(&date.year()));
            }
            let _ = parse_time(&format!("{s} 10:00"), now, &Berlin);
            let _ = parse_time(&format!("{s}T10:00"), now, &Berlin);
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let now = utc("2026-11-23T10:00:00Z");
            let _ = parse_time(&s, now, &Berlin);
            let _ = parse_date(&s, now, &Berlin);
        }

        #[test]
        fn hh_mm_is_today_at_that_local_time(h in 0u32..24, m in 0u32..60) {
            let now = utc("2026-06-10T12:00:00Z");
            let t = parse_time(&format!("{h:02}:{m:02}"), now, &Berlin).unwrap();
            prop_assert_eq!(t.format("%Y-%m-%d %H:%M").to_string(), format!("2026-06-10 {h:02}:{m:02}"));
            prop_assert_eq!(t.offset().local_minus_utc(), 7200);
        }
    }
}
