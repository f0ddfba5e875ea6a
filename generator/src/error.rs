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
        /// The file or folder.
        path: PathBuf,
        /// What was being done, e.g. "cannot read spec".
        action: &'static str,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A spec is malformed, unsupported or inconsistent.
    #[error("{0}")]
    Spec(Box<SpecError>),
    /// A setting of the generated crate ([`crate::Config`]) is invalid.
    #[error("{0}")]
    Config(String),
    /// Several specs failed; each error is reported.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n\n"))]
    Many(Vec<Error>),
}

impl Error {
    /// An [`Error::Io`].
    pub(crate) fn io(
        path: impl Into<PathBuf>,
        action: &'static str,
        source: std::io::Error,
    ) -> Self {
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
    /// The spec file.
    pub file: PathBuf,
    /// 1-based line and column, when the place could be found in the text.
    pub position: Option<(usize, usize)>,
    /// JSON pointer to the offending node (`#/paths/~1v2~1tasks/get`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What the user can do about it.
    pub hint: Option<String>,
    /// The offending line, or the part of it around the column, shown
    /// under the message.
    pub excerpt: Option<Excerpt>,
}

/// The part of a spec's line shown under a message, with a caret under the
/// column. Only a window of a long line is kept: a spec written as one line
/// of JSON has one line of megabytes, which a copy per message (or one
/// shared copy) would hold beside the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// All of a short line, else the characters around the column with `…`
    /// where the line was cut; tabs shown as one space so the caret under
    /// it stays aligned.
    pub text: String,
    /// The 1-based column of the caret in `text`.
    pub caret: usize,
}

impl Excerpt {
    /// The excerpt of `line` (without its line break) for a message at
    /// `column` (1-based).
    pub(crate) fn new(line: &str, column: usize) -> Self {
        let (text, caret) = excerpt(line, column);
        Excerpt {
            text: text.replace('\t', " "),
            caret,
        }
    }
}

impl SpecError {
    /// The error with a hint saying what to do about it.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
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
        if let (Some(Excerpt { text, caret }), Some((line, _))) = (&self.excerpt, self.position) {
            let gutter = line.to_string().len();
            write!(f, "\n{:gutter$} |\n{line} | {text}", "")?;
            write!(f, "\n{:gutter$} | {}^", "", " ".repeat(caret - 1))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecError {}

/// Characters shown on each side of the column in a long source line: a
/// spec written as one line of JSON has lines of megabytes.
pub(crate) const EXCERPT_SIDE: usize = 60;

/// The part of `text` shown under a message, and the 1-based column of
/// the caret in it: all of a short line, else the characters around
/// `column` (1-based) with `…` where text was cut. Only the window is
/// walked char by char: a minified spec's line has megabytes, and a spec
/// with a thousand warnings has a thousand excerpts of it.
fn excerpt(text: &str, column: usize) -> (String, usize) {
    let wanted = column.saturating_sub(1);
    if text.chars().nth(2 * EXCERPT_SIDE).is_none() {
        return (text.to_string(), wanted.min(text.chars().count()) + 1);
    }
    let at = byte_of_char(text, wanted);
    let before = text[..at].char_indices().rev().take(EXCERPT_SIDE);
    let (shown_before, start) = before.fold((0, at), |(n, _), (i, _)| (n + 1, i));
    let end = text[at..]
        .char_indices()
        .nth(EXCERPT_SIDE)
        .map_or(text.len(), |(i, _)| at + i);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.push_str(&text[start..end]);
    if end < text.len() {
        shown.push('…');
    }
    (shown, shown_before + 1 + usize::from(start > 0))
}

/// The byte index of the `n`th char of `text` (its length past the end).
/// Whole 64-byte chunks before it are skipped by counting their
/// char-starting bytes, which vectorizes; the rest is walked.
pub(crate) fn byte_of_char(text: &str, n: usize) -> usize {
    // A byte-wide sum (at most 64) vectorizes 16 bytes at a time.
    let chars_in = |chunk: &[u8]| {
        let starts = chunk.iter().map(|&b| u8::from((b as i8) >= -0x40));
        usize::from(starts.sum::<u8>())
    };
    let (mut seen, mut at) = (0, 0);
    for chunk in text.as_bytes().chunks(64) {
        let chars = chars_in(chunk);
        if seen + chars > n {
            break;
        }
        seen += chars;
        at += chunk.len();
    }
    // A chunk may start inside a char, which was counted where it began.
    while !text.is_char_boundary(at) {
        at += 1;
    }
    text[at..]
        .char_indices()
        .nth(n - seen)
        .map_or(text.len(), |(i, _)| at + i)
}

/// The result of a generator step.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn error_at(line_text: &str, column: usize) -> SpecError {
        SpecError {
            file: PathBuf::from("spec.json"),
            position: Some((1, column)),
            pointer: "#/components/schemas/Arn".to_string(),
            message: "`allOf` part is not an object schema".to_string(),
            hint: None,
            excerpt: Some(Excerpt::new(line_text, column)),
        }
    }

    /// Row `n` of a rendered error (0: the message), without its gutter.
    fn row(rendered: &str, n: usize) -> &str {
        let line = rendered.lines().nth(n).unwrap();
        line.split_once(" | ").unwrap().1
    }

    #[test]
    fn short_line_is_shown_whole_with_the_caret_under_the_column() {
        let rendered = error_at("    type: strin", 11).to_string();
        assert!(rendered.contains("1 |     type: strin"), "{rendered}");
        assert_eq!(row(&rendered, 3), "          ^");
    }

    /// A minified JSON spec: one line, an error past column 65,535 (which
    /// made a width-formatted caret panic).
    /// The window as the characters show it, written the plain way: what
    /// `excerpt`'s byte arithmetic must agree with.
    fn excerpt_by_chars(text: &str, column: usize) -> (String, usize) {
        let chars: Vec<char> = text.chars().collect();
        let at = column.saturating_sub(1).min(chars.len());
        if chars.len() <= 2 * EXCERPT_SIDE {
            return (text.to_string(), at + 1);
        }
        let start = at.saturating_sub(EXCERPT_SIDE);
        let end = (at + EXCERPT_SIDE).min(chars.len());
        let mut shown: String = chars[start..end].iter().collect();
        if start > 0 {
            shown.insert(0, '…');
        }
        if end < chars.len() {
            shown.push('…');
        }
        (shown, at - start + 1 + usize::from(start > 0))
    }

    #[test]
    fn excerpt_agrees_with_counting_chars_on_ascii_and_multibyte_lines() {
        let lines = [
            "a".repeat(2 * EXCERPT_SIDE),
            "a".repeat(2 * EXCERPT_SIDE + 1),
            "é".repeat(2 * EXCERPT_SIDE + 1),
            "ab€😀".repeat(100),
            format!("{}{}", "x".repeat(150), "中".repeat(150)),
            format!("{}{}", "中".repeat(150), "x".repeat(150)),
        ];
        for line in &lines {
            for column in 0..line.chars().count() + 3 {
                assert_eq!(
                    excerpt(line, column),
                    excerpt_by_chars(line, column),
                    "column {column} of {line:?}"
                );
            }
        }
    }

    #[test]
    fn long_line_is_cut_around_the_column() {
        let mut text = "x".repeat(200_000);
        text.replace_range(150_000..150_005, "ERROR");
        let rendered = error_at(&text, 150_001).to_string();
        assert!(rendered.starts_with("spec.json:1:150001: "), "{rendered}");
        let shown = row(&rendered, 2);
        assert_eq!(shown.chars().count(), 2 * EXCERPT_SIDE + 2, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let caret = row(&rendered, 3).chars().count();
        assert_eq!(shown.chars().nth(caret - 1), Some('E'), "{rendered}");
    }

    #[test]
    fn column_past_the_end_of_the_line_puts_the_caret_after_it() {
        let rendered = error_at("ab", 9).to_string();
        assert_eq!(row(&rendered, 3), "  ^");
    }
}
