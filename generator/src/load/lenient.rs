//! A lenient read for `lint`: the text parsed and its positions mapped, but
//! nothing refused. What [`super::load`] would refuse (not 3.0, broken
//! `$ref`s, duplicate keys or operationIds) is offered as located errors for
//! the linter to report beside everything else.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Excerpt, Result, SpecError, EXCERPT_SIDE};

use super::positions::Problem;
use super::source::Source;
use super::{load_str, operation_ids, refs, version, LoadedSpec};

/// A spec parsed as YAML (or JSON) data, with the position of every node.
pub struct RawSpec {
    pub path: PathBuf,
    /// The document as plain JSON data.
    pub raw: Value,
    source: Source,
    problem: Option<Problem>,
    /// Where the text's lines start, to show a line without scanning the
    /// text for each of thousands of diagnostics.
    lines: LineIndex,
}

/// Line starts, and char-to-byte checkpoints within lines of megabytes (a
/// minified JSON spec is one line; columns count chars).
struct LineIndex {
    /// Byte offset of each line's start.
    starts: Vec<usize>,
    /// Number of chars before each line's start.
    chars_before: Vec<usize>,
    /// Byte offset of every `MARK_EVERY`th char of the text.
    marks: Vec<usize>,
}

const MARK_EVERY: usize = 256;

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut index = LineIndex {
            starts: vec![0],
            chars_before: vec![0],
            marks: Vec::new(),
        };
        for (n, (at, c)) in text.char_indices().enumerate() {
            if n % MARK_EVERY == 0 {
                index.marks.push(at);
            }
            if c == '\n' {
                index.starts.push(at + 1);
                index.chars_before.push(n + 1);
            }
        }
        index
    }

    /// The byte offset of char `n` of the text (or the text's end).
    fn byte_of_char(&self, text: &str, n: usize) -> usize {
        let Some(&mark) = self.marks.get(n / MARK_EVERY) else {
            return text.len();
        };
        text[mark..]
            .char_indices()
            .nth(n % MARK_EVERY)
            .map_or(text.len(), |(i, _)| mark + i)
    }
}

impl RawSpec {
    /// Where the node at `pointer` (or its nearest ancestor) starts.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        self.source.position(pointer)
    }

    /// The line at `position`, cut around the column when it is long (a
    /// minified JSON spec is one line of megabytes), with tabs shown as one
    /// space; and the 1-based column of the caret in it.
    pub fn excerpt(&self, (line, column): (usize, usize)) -> Option<(String, usize)> {
        let text = &self.source.text;
        let index = &self.lines;
        let start = *index.starts.get(line.checked_sub(1)?)?;
        let end = index.starts.get(line).map_or(text.len(), |next| next - 1);
        let first_char = index.chars_before[line - 1];
        let at = index
            .byte_of_char(text, first_char + column.saturating_sub(1))
            .clamp(start, end);
        // Wider than what `excerpt` shows, so it marks a cut with `…`
        // exactly where this window cuts the line.
        let window = 2 * EXCERPT_SIDE + 1;
        let from = text[start..at]
            .char_indices()
            .rev()
            .nth(window)
            .map_or(start, |(i, _)| start + i);
        let to = text[at..end]
            .char_indices()
            .nth(window)
            .map_or(end, |(i, _)| at + i);
        let shown_text = text[from..to].trim_end_matches('\r');
        let caret_column = text[from..at].chars().count() + 1;
        let Excerpt { text, caret } = Excerpt::new(shown_text, caret_column);
        Some((text, caret))
    }

    /// Why the document is not OpenAPI 3.0.x, if it is not.
    pub fn version_problem(&self) -> Option<SpecError> {
        spec_error(version::check_version(&self.source, &self.raw))
    }

    /// Every `$ref` that leaves the document or leads nowhere.
    pub fn ref_problems(&self) -> Vec<SpecError> {
        refs::ref_problems(&self.source, &self.raw)
    }

    /// Every reuse of an earlier `operationId`.
    pub fn duplicate_operation_ids(&self) -> Vec<SpecError> {
        operation_ids::duplicate_operation_ids(&self.source, &self.raw)
    }

    /// The first key written twice in one mapping (the data keeps the last).
    pub fn duplicate_key(&self) -> Option<SpecError> {
        let problem = self.problem.as_ref()?;
        Some(problem.clone().into_error(&self.source))
    }

    /// The same text through the strict loader, for the checks that need
    /// the generator's view.
    pub fn strict(&self) -> Result<LoadedSpec> {
        load_str(&self.path, self.source.text.clone())
    }
}

fn spec_error(result: Result<()>) -> Option<SpecError> {
    match result {
        Err(Error::Spec(err)) => Some(*err),
        _ => None,
    }
}

/// Reads `path` as YAML or JSON data. Fails only when the file cannot be
/// read or is not YAML at all.
pub fn read(path: &Path) -> Result<RawSpec> {
    let mut source = Source::new(path, super::read_text(path)?);
    let (json, mut layout) = super::read_data(&mut source);
    source.set_positions(std::mem::take(&mut layout.positions));
    // Before serde_yaml reads the text: deep nesting makes it crawl.
    if let Some(err) = layout.fatal(&source) {
        return Err(err.into());
    }
    let raw: Value = match json {
        Some(json) => json.value,
        None => serde_yaml::from_str(&source.text).map_err(|e| source.parse_error(&e))?,
    };
    let lines = LineIndex::new(&source.text);
    Ok(RawSpec {
        path: source.path.clone(),
        raw,
        source,
        problem: layout.problem,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indexed excerpt is what `excerpt` shows of the whole line, on a
    /// one-line document of non-ASCII text, anywhere in it.
    #[test]
    fn excerpts_of_long_lines_match_the_whole_line_excerpt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spec.json");
        let line = format!("{{\"a\": \"{}\"}}", "é€x".repeat(3000));
        std::fs::write(&path, format!("# é\n{line}\n")).unwrap();
        let spec = read(&path).unwrap();
        let length = line.chars().count();
        for column in [
            1,
            2,
            59,
            60,
            61,
            121,
            500,
            4999,
            length - 1,
            length,
            length + 5,
        ] {
            assert_eq!(
                spec.excerpt((2, column)),
                Some(Excerpt::new(&line, column)).map(|e| (e.text, e.caret)),
                "column {column}"
            );
        }
        assert_eq!(spec.excerpt((1, 3)), Some(("# é".to_string(), 3)));
        assert_eq!(spec.excerpt((9, 1)), None);
    }
}
