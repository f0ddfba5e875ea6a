//! The spec text and its position map. Every refusal is reported through
//! `Source`, which turns a JSON pointer into a `file:line:col` error showing
//! the offending line, so all messages are located the same way.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::error::SpecError;

use super::lookup::ancestors;
use super::positions::{self, Position};

/// The text of a spec and where its nodes are.
pub(super) struct Source {
    pub(super) path: PathBuf,
    pub(super) text: String,
    /// Built by the first call of `position` unless set before: a
    /// generation without errors or warnings never needs it.
    pub(super) positions: OnceLock<HashMap<String, Position>>,
}

impl Source {
    pub(super) fn position(&self, pointer: &str) -> Option<Position> {
        let positions = self
            .positions
            .get_or_init(|| positions::scan(&self.text).positions);
        ancestors(pointer).find_map(|p| positions.get(p).copied())
    }

    pub(super) fn error(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        self.error_at(pointer, self.position(pointer), message)
    }

    pub(super) fn error_at(
        &self,
        pointer: &str,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> SpecError {
        SpecError {
            file: self.path.clone(),
            position,
            pointer: pointer.to_string(),
            message: message.into(),
            hint: None,
            source_line: position.and_then(|(line, _)| self.line(line)),
        }
    }

    /// Line `number` (1-based), tabs shown as one space so the caret under
    /// it stays aligned.
    fn line(&self, number: usize) -> Option<String> {
        let line = self.text.lines().nth(number.checked_sub(1)?)?;
        Some(line.replace('\t', " "))
    }

    pub(super) fn yaml_error(&self, err: &serde_yaml::Error) -> SpecError {
        let position = err.location().map(|l| (l.line(), l.column()));
        self.error_at("#", position, format!("cannot parse as YAML: {err}"))
            .with_hint("fix the YAML syntax at this place (JSON is fine too); a YAML linter shows every problem at once")
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{load_text, spec_error, MINIMAL};

    #[test]
    fn error_falls_back_to_the_nearest_ancestor_and_shows_the_line() {
        let spec = load_text(MINIMAL).unwrap();
        let err = spec.error("#/paths/~1v2~1tasks/get/x-missing/deeper", "boom");
        assert_eq!(err.position, Some((7, 5)));
        assert_eq!(err.source_line.as_deref(), Some("    get:"));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/x-missing/deeper");
        assert_eq!(err.message, "boom");
        let rendered = err.to_string();
        assert!(
            rendered.starts_with("spec.yaml:7:5: #/paths/~1v2~1tasks/get/x-missing/deeper: boom"),
            "{rendered}"
        );
    }

    #[test]
    fn refuses_yaml_syntax_errors_at_their_place() {
        let err = spec_error("openapi: 3.0.3\ninfo:\n  title: [T\n  version: '1'\n");
        assert_eq!(err.pointer, "#");
        assert!(
            err.message.starts_with("cannot parse as YAML"),
            "{}",
            err.message
        );
        assert!(
            err.position.is_some_and(|(line, _)| line >= 3),
            "{:?}",
            err.position
        );
        assert!(err.hint.is_some());
    }
}
