//! Keeping secrets out of `Debug` output.

use std::fmt;

/// Stands in for a secret in `Debug` output: prints `<redacted>`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::Redacted;

    #[test]
    fn prints_placeholder() {
        assert_eq!(format!("{:?}", Some(Redacted)), "Some(<redacted>)");
    }
}
