//! The time zone for times a file gives without an offset: Timewarrior's and Watson's UTC instants
//! get the offset in force there at that instant (so an entry recorded in Berlin in winter is at
//! +01:00, in summer at +02:00); Toggl's local times are read as wall-clock times there.

use chrono::{DateTime, FixedOffset, Local, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};

use crate::error::ImportError;
use crate::text::echo;

/// A time zone given by the user, or the system's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The system's zone (`TZ`, or /etc/localtime).
    Local,
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl Zone {
    /// `Europe/Berlin`, `UTC`, `Z`, `+01:00`, `-0530`.
    pub fn parse(text: &str) -> Result<Zone, ImportError> {
        let t = text.trim();
        let bad = || ImportError::BadZone(echo(text));
        if t.eq_ignore_ascii_case("utc") || t == "Z" {
            return Ok(Zone::Fixed(FixedOffset::east_opt(0).ok_or_else(bad)?));
        }
        if let Some(rest) = t.strip_prefix(['+', '-']) {
            let sign = if t.starts_with('-') { -1 } else { 1 };
            let digits: String = rest.chars().filter(|c| *c != ':').collect();
            let ok =
                digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) && (rest.len() == 4 || rest.len() == 5);
            if !ok {
                return Err(bad());
            }
            let hours: i32 = digits[..2].parse().map_err(|_| bad())?;
            let minutes: i32 = digits[2..].parse().map_err(|_| bad())?;
            if hours > 18 || minutes > 59 || (hours == 18 && minutes > 0) {
                return Err(bad());
            }
            return FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).map(Zone::Fixed).ok_or_else(bad);
        }
        t.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| bad())
    }

    /// The instant with the offset in force here then.
    pub fn at(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self {
            Zone::Local => t.with_timezone(&Local).fixed_offset(),
            Zone::Fixed(offset) => t.with_timezone(offset),
            Zone::Named(tz) => {
                let local = t.with_timezone(tz);
                local.with_timezone(&local.offset().fix())
            }
        }
    }

    /// Every instant a wall-clock time here can be, earliest first: one, or two in the hour the
    /// clocks pass twice (autumn); none (an error saying so) in the hour they skip. The system's
    /// zone and the same zone named give the same answer.
    pub fn candidates(&self, local: NaiveDateTime) -> Result<Vec<DateTime<FixedOffset>>, String> {
        fn all<Tz: TimeZone>(result: LocalResult<DateTime<Tz>>) -> Vec<DateTime<FixedOffset>> {
            let mut found: Vec<DateTime<FixedOffset>> = match result {
                LocalResult::Single(t) => vec![t.fixed_offset()],
                LocalResult::Ambiguous(a, b) => vec![a.fixed_offset(), b.fixed_offset()],
                LocalResult::None => Vec::new(),
            };
            found.sort_by_key(DateTime::to_utc);
            found
        }
        let found = match self {
            Zone::Local => all(Local.from_local_datetime(&local)),
            Zone::Fixed(offset) => all(offset.from_local_datetime(&local)),
            Zone::Named(tz) => all(tz.from_local_datetime(&local)),
        };
        if found.is_empty() {
            return Err(format!(
                "{} does not exist in this time zone (the clocks skip it when summer time begins)",
                local.format("%Y-%m-%d %H:%M:%S")
            ));
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_offsets() {
        assert_eq!(Zone::parse("Europe/Berlin"), Ok(Zone::Named(chrono_tz::Europe::Berlin)));
        assert_eq!(Zone::parse("utc"), Ok(Zone::Fixed(FixedOffset::east_opt(0).unwrap())));
        assert_eq!(Zone::parse("+01:00"), Ok(Zone::Fixed(FixedOffset::east_opt(3600).unwrap())));
        assert_eq!(Zone::parse("-0530"), Ok(Zone::Fixed(FixedOffset::west_opt(5 * 3600 + 1800).unwrap())));
        for bad in ["Mars/Olympus", "+19:00", "+1", "01:00", "", "+01:60"] {
            assert!(Zone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn berlin_keeps_its_summer_and_winter_offsets() {
        let berlin = Zone::Named(chrono_tz::Europe::Berlin);
        let winter = berlin.at(Utc.with_ymd_and_hms(2026, 11, 20, 7, 15, 0).unwrap());
        assert_eq!(winter.to_rfc3339(), "2026-11-20T08:15:00+01:00");
        let summer = berlin.at(Utc.with_ymd_and_hms(2026, 7, 20, 7, 15, 0).unwrap());
        assert_eq!(summer.to_rfc3339(), "2026-07-20T09:15:00+02:00");
        let skipped = chrono::NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(2, 30, 0).unwrap();
        assert!(berlin.candidates(skipped).unwrap_err().contains("does not exist"));
        let twice = chrono::NaiveDate::from_ymd_opt(2026, 10, 25).unwrap().and_hms_opt(2, 30, 0).unwrap();
        let both: Vec<String> = berlin.candidates(twice).unwrap().iter().map(|t| t.to_rfc3339()).collect();
        assert_eq!(both, ["2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00"]);
    }
}
