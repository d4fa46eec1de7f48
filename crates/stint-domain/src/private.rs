//! A wrapper for text the user typed (notes, later issue summaries). It never shows itself in
//! `Debug`, and has no `Display`, so it cannot end up in a log line or an error message by accident:
//! reading it takes an explicit `expose()`.

use std::fmt;

/// User-typed content that must never be logged. `Debug` prints a placeholder; there is no `Display`.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Private<T>(T);

impl<T> Private<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The wrapped value, for the places that legitimately show it to the user (output, exports).
    pub fn expose(&self) -> &T {
        &self.0
    }

    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for Private<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Private(<redacted>)")
    }
}

/// Serialized as the bare value: serialization is how the user's own data reaches their exports and
/// `--json` output, never the logs (which go through `Debug`).
impl<T: serde::Serialize> serde::Serialize for Private<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Read as the bare value: what a shell passes on from the person (a note typed in the window).
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Private<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Private)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Private::new("meeting with Dr. Sentinel".to_string());
        let shown = format!("{secret:?} {:#?}", Some(&secret));
        assert!(!shown.contains("Sentinel"), "{shown}");
        assert_eq!(secret.expose(), "meeting with Dr. Sentinel");
    }
}
