//! What reaches the terminal is safe to print: text from outside Stint (a Jira display name, issue
//! summaries, Jira's refusals, names in an imported file) could hold escape sequences that retitle
//! or clear the terminal, or characters that reorder lines (U+202E). Every line the CLI prints in
//! text mode goes through `safe`, which shows such characters as `\u{…}` instead; `--json`
//! escapes them already.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is: control characters other than newline and
/// tab (ESC among them), and the characters that change the direction text is shown in.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character shown as `\u{…}`.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars().map(|c| if is_unsafe(c) { format!("\\u{{{:04x}}}", c as u32) } else { c.to_string() }).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_reordering_are_shown_not_obeyed() {
        assert_eq!(safe("Ada Tester"), "Ada Tester");
        assert_eq!(safe("two\nlines\tand a tab"), "two\nlines\tand a tab");
        assert_eq!(safe("\u{1b}]0;pwned\u{7}\u{1b}[2J"), "\\u{001b}]0;pwned\\u{0007}\\u{001b}[2J");
        assert_eq!(safe("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(safe("\r\u{9b}31m"), "\\u{000d}\\u{009b}31m");
    }
}
