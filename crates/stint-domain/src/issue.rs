//! Jira issue keys: `PROJ-123`. Typed keys are untrusted, so parsing is strict and normalizes case.

use std::fmt;
use std::str::FromStr;

use crate::error::{echo, DomainError};

/// Longest project key accepted (Jira's own limit is configurable; real keys are far shorter).
const MAX_PROJECT_LEN: usize = 64;
/// Issue numbers stay well inside `u64` and Jira's own range.
const MAX_NUMBER_DIGITS: usize = 12;

fn is_project_key(project: &str) -> bool {
    let mut chars = project.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    let rest_ok = chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    first_is_letter && rest_ok && project.len() <= MAX_PROJECT_LEN
}

/// Parses a project key a person typed (`eng` is `ENG`), by the rules an issue key's project
/// part follows.
pub fn parse_project_key(input: &str) -> Result<String, DomainError> {
    let key = input.trim().to_ascii_uppercase();
    if is_project_key(&key) {
        Ok(key)
    } else {
        Err(DomainError::BadProjectKey(echo(input)))
    }
}

/// A validated Jira issue key, upper-case: project key, a dash, the issue number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(into = "String")]
#[cfg_attr(feature = "ts", ts(as = "String"))]
pub struct IssueKey(String);

impl IssueKey {
    /// Parses what a person typed: surrounding space is ignored and letters are upper-cased
    /// (`abc-12` is `ABC-12`). Anything else that is not `PROJECT-NUMBER` is refused.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let key = input.trim().to_ascii_uppercase();
        let bad = || DomainError::BadIssueKey(echo(input));
        let (project, number) = key.rsplit_once('-').ok_or_else(bad)?;
        let project_ok = is_project_key(project);
        let number_ok = !number.is_empty()
            && number.len() <= MAX_NUMBER_DIGITS
            && number.bytes().all(|b| b.is_ascii_digit())
            && !number.starts_with('0');
        if project_ok && number_ok {
            Ok(Self(key))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The project part of the key (`PROJ` for `PROJ-123`).
    pub fn project(&self) -> &str {
        self.0.rsplit_once('-').map_or(self.0.as_str(), |(p, _)| p)
    }
}

impl FromStr for IssueKey {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl From<IssueKey> for String {
    fn from(key: IssueKey) -> String {
        key.0
    }
}

impl fmt::Display for IssueKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `Debug` names only the project, never the whole key: keys are typed by the user and must not
/// reach logs through a stray `{:?}`.
impl fmt::Debug for IssueKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IssueKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_and_normalizes() {
        for (input, want, project) in [
            ("ABC-1", "ABC-1", "ABC"),
            (" abc-123 ", "ABC-123", "ABC"),
            ("A1_B-42", "A1_B-42", "A1_B"),
            ("X-9", "X-9", "X"),
        ] {
            let key = IssueKey::parse(input).unwrap();
            assert_eq!(key.as_str(), want);
            assert_eq!(key.project(), project);
        }
    }

    #[test]
    fn refuses_what_is_not_a_key() {
        for input in [
            "",
            "ABC",
            "ABC-",
            "-12",
            "1ABC-2",
            "ABC-0",
            "ABC-012",
            "AB C-1",
            "ABC-1-",
            "ÄBC-1",
            "ABC-1x",
            "ABC--1",
            "ABC-1234567890123",
        ] {
            let err = IssueKey::parse(input).unwrap_err();
            assert!(matches!(err, DomainError::BadIssueKey(_)), "{input}");
            assert!(err.to_string().contains("PROJ-123"));
        }
    }

    #[test]
    fn project_keys_follow_the_issue_key_rules() {
        assert_eq!(parse_project_key(" eng ").unwrap(), "ENG");
        assert_eq!(parse_project_key("A_1").unwrap(), "A_1");
        for input in ["", "1AB", "ENG-1", "EN G", "ÄNG", &"A".repeat(65)] {
            let err = parse_project_key(input).unwrap_err();
            assert!(matches!(err, DomainError::BadProjectKey(_)), "{input}");
            assert!(err.to_string().contains("like PROJ"), "{err}");
        }
    }

    #[test]
    fn debug_does_not_show_the_key() {
        let key = IssueKey::parse("SECRETPROJ-7").unwrap();
        assert!(!format!("{key:?}").contains("SECRETPROJ"));
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_round_trips(s in "\\PC{0,40}") {
            if let Ok(key) = IssueKey::parse(&s) {
                prop_assert_eq!(IssueKey::parse(key.as_str()).unwrap(), key.clone());
                prop_assert!(key.as_str().contains('-'));
            }
        }

        #[test]
        fn every_well_formed_key_parses(p in "[A-Z][A-Z0-9_]{0,9}", n in 1u64..999_999_999) {
            let text = format!("{p}-{n}");
            let key = IssueKey::parse(&text.to_lowercase()).unwrap();
            prop_assert_eq!(key.as_str(), text.as_str());
            prop_assert_eq!(key.project(), p.as_str());
        }
    }
}
