//! The four import formats (Timewarrior, Watson, Toggl, a Stint export), told from the content or
//! named, in the zone and with the options the first byte picks; the bytes as they are (a file
//! need not be UTF-8), streamed as an import reads them.
#![no_main]

use stint_import::{read, Format, Opened, ReadOptions, SourceFile, Zone};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let format = [None, Some(Format::Timewarrior), Some(Format::Watson), Some(Format::Toggl), Some(Format::Stint)]
        [usize::from(choice % 5)];
    let zone =
        Zone::parse(["UTC", "Europe/Berlin", "+05:30", "America/St_Johns"][usize::from(choice / 5 % 4)]).unwrap();
    let options = ReadOptions { format, zone, date_order: None, skip_bad: choice & 0x80 != 0 };
    let files = [SourceFile::new("", || Ok(Box::new(rest) as Opened<'_>))];
    if let Ok((_, parsed)) = read(&files, &options) {
        for record in &parsed.records {
            assert_eq!(record.fingerprint.len(), 64, "{}", record.at);
            if let Some(seconds) = record.seconds() {
                assert!(seconds >= 0, "{}: ends {seconds} s before it starts", record.at);
            }
        }
    }
});
