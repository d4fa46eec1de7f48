//! Typed times and dates (`09:30`, `yesterday 17:00`, `2026-11-23T09:30`, RFC 3339) in a zone the
//! first byte picks: an answer or a refusal, never a panic.
#![no_main]

use chrono::{DateTime, FixedOffset, Utc};
use stint_domain::{check_work_time, parse_date, parse_time};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&zone, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // Offsets from -12:00 to +14:00 in quarter hours (Chatham's +12:45 among them).
    let tz = FixedOffset::east_opt((i32::from(zone % 105) - 48) * 900).unwrap();
    let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    if let Ok(at) = parse_time(text, now, &tz) {
        let _ = check_work_time(at, now, "the start");
    }
    let _ = parse_date(text, now, &tz);
});
