//! Tokens and passwords in memory. A `Secret` has no `Display` and no `Serialize`, and its `Debug`
//! prints a placeholder, so it cannot reach a log line, an error message or an export by accident:
//! reading it takes an explicit `expose()`, done only where it is sent or stored in the keychain.
//! It can be read (a token typed in the window arrives over IPC), never written out.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

#[cfg(feature = "ts")]
impl ts_rs::TS for Secret {
    type WithoutGenerics = Secret;
    type OptionInnerType = Secret;

    fn name(_: &ts_rs::Config) -> String {
        "string".into()
    }

    fn inline(_: &ts_rs::Config) -> String {
        "string".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        let s = Secret::new("tok-Sentinel");
        assert!(!format!("{s:?} {:#?}", Some(&s)).contains("Sentinel"));
        assert_eq!(s.expose(), "tok-Sentinel");
    }
}
