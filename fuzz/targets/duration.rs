//! Typed durations (`1h30m`, `1:30`, `1.5h`): refused or within their bounds, never a panic.
#![no_main]

use stint_domain::{format_duration, parse_duration, parse_span, MAX_ENTRY_SECONDS, MIN_ENTRY_SECONDS};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(seconds) = parse_span(text) {
        assert!((0..=1_000_000_000).contains(&seconds), "{text:?} gave {seconds}");
        // What Stint prints is read back as the same length, to the minute it shows.
        if seconds >= 60 {
            let shown = format_duration(seconds);
            let again = parse_span(&shown).unwrap_or_else(|e| panic!("{shown:?} (from {text:?}) is refused: {e}"));
            assert!((seconds - again).abs() < 60, "{text:?}: {seconds} shown as {shown:?}, read as {again}");
        }
    }
    if let Ok(seconds) = parse_duration(text) {
        assert!((MIN_ENTRY_SECONDS..=MAX_ENTRY_SECONDS).contains(&seconds), "{text:?} gave {seconds}");
    }
});
