//! Issue keys and notes, typed or from Jira: a key that parses prints back as itself.
#![no_main]

use stint_domain::{IssueKey, Note};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(key) = IssueKey::parse(text) {
        let again = IssueKey::parse(key.as_str()).expect("a parsed key parses again");
        assert_eq!(again.as_str(), key.as_str());
        assert!(key.as_str().bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_'));
    }
    let _ = Note::parse(text);
});
