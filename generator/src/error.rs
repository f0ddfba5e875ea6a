//! Errors the generator reports. Every problem found in a spec carries its
//! place (file, line:column, JSON pointer) and, where there is one, a hint
//! saying what to do about it.

use std::fmt;
use std::path::PathBuf;

/// Everything that can stop a generation run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    /// A spec is malformed, unsupported or inconsistent.
    #[error("{0}")]
    Spec(Box<SpecError>),
    /// Several specs failed; each error is reported.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n\n"))]
    Many(Vec<Error>),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            action,
            source,
        }
    }
}

impl From<SpecError> for Error {
    fn from(err: SpecError) -> Self {
        Error::Spec(Box::new(err))
    }
}

/// A problem at one place in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub file: PathBuf,
    /// 1-based line and column, when the place could be found in the text.
    pub position: Option<(usize, usize)>,
    /// JSON pointer to the offending node (`#/paths/~1v2~1tasks/get`).
    pub pointer: String,
    pub message: String,
    /// What the user can do about it.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message.
    pub source_line: Option<String>,
}

impl SpecError {
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Renders like rustc: `file:line:col: pointer: message`, the source line,
/// then `help: hint`.
impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}: {}", self.pointer, self.message)?;
        if let (Some(text), Some((line, column))) = (&self.source_line, self.position) {
            let gutter = line.to_string().len();
            write!(f, "\n{:gutter$} |\n{line} | {text}", "")?;
            write!(f, "\n{:gutter$} | {:>column$}", "", "^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecError {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
