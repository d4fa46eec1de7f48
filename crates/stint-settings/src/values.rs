//! Reading and showing each kind of setting value: days, working hours, bounded lengths of
//! time, on/off, addresses. A value shown loads back to the same value.

use chrono::{NaiveTime, Weekday};
use stint_domain::{parse_span, parse_weekday, DomainError, MAX_ENTRY_SECONDS};
use stint_jira::check_url;
use url::Url;

pub(crate) fn non_empty(v: &str) -> Option<String> {
    Some(v.trim().to_string()).filter(|v| !v.is_empty())
}

pub(crate) fn set_url(slot: &mut Url, v: &str) -> Result<(), DomainError> {
    *slot = check_url(v, "the address").map_err(|e| DomainError::BadSetting(e.to_string()))?;
    Ok(())
}

pub(crate) fn parse_days(value: &str) -> Result<Vec<Weekday>, DomainError> {
    let mut days = Vec::new();
    for word in value.split([',', ' ']).filter(|w| !w.is_empty()) {
        let day = parse_weekday(word)?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    Ok(days)
}

pub(crate) fn parse_hours(value: &str) -> Result<(NaiveTime, NaiveTime), DomainError> {
    let bad = |reason| DomainError::BadWorkingHours { input: value.trim().chars().take(60).collect(), reason };
    let (a, b) = value.split_once('-').ok_or_else(|| bad("give a start and an end joined by -"))?;
    let parse = |s: &str| {
        let s = s.trim();
        let shaped = s.len() == 5 && s.as_bytes()[2] == b':';
        shaped
            .then(|| NaiveTime::parse_from_str(s, "%H:%M").ok())
            .flatten()
            .ok_or_else(|| bad("each end is HH:MM, 24-hour"))
    };
    let (start, end) = (parse(a)?, parse(b)?);
    if start >= end {
        return Err(bad("the day must end after it starts, on the same day"));
    }
    Ok((start, end))
}

/// A length of time from `min` seconds to 24 hours, refused with `rule` when outside.
/// A length from `min` seconds to `max` (24 hours at most); `rule` names both bounds.
pub(crate) fn parse_bounded(value: &str, min: i64, max: i64, rule: &'static str) -> Result<i64, DomainError> {
    let seconds = parse_span(value)?;
    if !(min..=max.min(MAX_ENTRY_SECONDS)).contains(&seconds) {
        return Err(DomainError::OutOfRange { input: value.trim().chars().take(60).collect(), rule });
    }
    Ok(seconds)
}

/// A whole number from `min` to `max`.
pub(crate) fn parse_count(value: &str, min: i64, max: i64, rule: &'static str) -> Result<i64, DomainError> {
    let out_of_range = || DomainError::OutOfRange { input: value.trim().chars().take(60).collect(), rule };
    let n: i64 = value.trim().parse().map_err(|_| out_of_range())?;
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(out_of_range())
    }
}

pub(crate) fn parse_on_off(value: &str) -> Result<bool, DomainError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(DomainError::OutOfRange { input: value.trim().chars().take(60).collect(), rule: "write on or off" }),
    }
}

pub(crate) fn on_off(value: bool) -> String {
    if value { "on" } else { "off" }.to_string()
}

/// A length from one minute to 24 hours, or `off`.
pub(crate) fn parse_optional_duration(value: &str) -> Result<Option<i64>, DomainError> {
    if value.trim().eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    parse_bounded(value, 60, MAX_ENTRY_SECONDS, "give at least 1m and at most 24h, or write off to turn it off")
        .map(Some)
}
