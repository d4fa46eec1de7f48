//! Typed weeks (`2026-W48`, `this`, `last`, a date) and weekday names.
#![no_main]

use stint_domain::{parse_weekday, Week};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let start = [chrono::Weekday::Mon, chrono::Weekday::Sun, chrono::Weekday::Sat][usize::from(first % 3)];
    let _ = Week::parse(text, start);
    let _ = parse_weekday(text);
});
