//! Small helpers for messages about files.

/// Shortens a value from a file for a message, so a stray megabyte does not become the message.
pub(crate) use stint_domain::echo;

/// A position, with the file's name when there are several (`2026-11.data line 3`).
pub(crate) fn located(file: &str, position: String) -> String {
    if file.is_empty() {
        position
    } else {
        format!("{file} {position}")
    }
}

/// A file as a message names it.
pub(crate) fn file_label(file: &str) -> String {
    if file.is_empty() {
        "the file".to_string()
    } else {
        file.to_string()
    }
}
