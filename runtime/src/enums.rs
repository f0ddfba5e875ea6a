//! Support for generated enums.

use std::fmt;

/// A value of an open enum that this client version does not know.
///
/// It keeps the exact text the server sent, so the value prints and
/// re-serializes unchanged. It can only be obtained by parsing, so an
/// unknown value never equals a known variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a value that matched no variant. Called by generated code only.
    #[doc(hidden)]
    pub fn from_unmatched(value: &str) -> Self {
        UnknownValue(value.to_string())
    }

    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A closed enum was given a value it does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {type_name} (expected one of: {})", .expected.join(", "))]
pub struct ParseEnumError {
    /// The enum's Rust name.
    pub type_name: &'static str,
    /// The value given.
    pub value: String,
    /// The values the enum has.
    pub expected: &'static [&'static str],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_value_keeps_text() {
        let value = UnknownValue::from_unmatched("Paused");
        assert_eq!(value.as_str(), "Paused");
        assert_eq!(value.to_string(), "Paused");
    }

    #[test]
    fn parse_error_lists_expected_values() {
        let err = ParseEnumError {
            type_name: "SortOrder",
            value: "DESC".into(),
            expected: &["ASC", "DES"],
        };
        assert_eq!(
            err.to_string(),
            "`DESC` is not a valid SortOrder (expected one of: ASC, DES)"
        );
    }
}
