//! The spec text and its position map. Every refusal is reported through
//! `Source`, which turns a JSON pointer into a `file:line:col` error showing
//! the offending line, so all messages are located the same way.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Excerpt, SpecError};

use super::lookup::ancestors;
use super::origin::Leaf;
use super::overlay::Overlaid;
use super::positions::{self, Position, Positions};
use super::{json_check, json_text};

/// The text of a spec and where its nodes are.
pub(super) struct Source {
    pub(super) path: PathBuf,
    /// The text as parsed (with numbers too wide for 64 bits rewritten).
    pub(super) text: String,
    /// What `text` rewrote, as written, by byte offset: messages and the
    /// document show the text as written. Not a second copy of the text,
    /// which would double what a spec costs to hold.
    written: Vec<(usize, String)>,
    /// Set by loading when it scanned the text anyway, else built by the
    /// first `positions` call: a run without messages never needs it.
    positions: OnceLock<Positions>,
    /// Where each line of the text shown in messages starts: a spec may
    /// have thousands of messages.
    lines: OnceLock<Vec<usize>>,
    /// Whether `text` is read as JSON, which the scan reads in its YAML-safe
    /// form (see `json_text`).
    pub(super) json: bool,
    /// With overlays applied, where each node of the data came from:
    /// pointers are then into the overlaid data, not into `text`.
    pub(super) overlaid: Option<Overlaid>,
}

impl Source {
    /// A spec's text; a byte order mark before it is dropped (it says
    /// nothing YAML or JSON readers want to hear).
    pub(super) fn new(path: &Path, mut text: String) -> Self {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Source {
            path: path.to_path_buf(),
            text,
            written: Vec::new(),
            positions: OnceLock::new(),
            lines: OnceLock::new(),
            json: false,
            overlaid: None,
        }
    }

    /// Rewrites `text` at each byte offset with a replacement of the same
    /// length, in the order of the text; messages still show the text as
    /// written, and positions hold.
    pub(super) fn rewrite(&mut self, edits: Vec<(usize, String)>) {
        for (at, new) in edits {
            let Some(old) = self.text.get(at..at + new.len()) else {
                continue;
            };
            self.written.push((at, old.to_string()));
            self.text.replace_range(at..at + new.len(), &new);
        }
    }

    /// The text from `start` to `end` as written.
    fn as_written(&self, start: usize, end: usize) -> Cow<'_, str> {
        let text = &self.text[start..end];
        let first = self.written.partition_point(|(at, _)| *at < start);
        let mut edits = self.written[first..]
            .iter()
            .take_while(|(at, old)| at + old.len() <= end)
            .peekable();
        if edits.peek().is_none() {
            return Cow::Borrowed(text);
        }
        let mut out = text.to_string();
        for (at, old) in edits {
            out.replace_range(at - start..at - start + old.len(), old);
        }
        Cow::Owned(out)
    }

    /// The document that was read: with overlays applied the overlaid one,
    /// else the text as written (see `written`).
    pub(super) fn document_text(&self) -> Cow<'_, str> {
        match &self.overlaid {
            Some(overlaid) => Cow::Borrowed(&overlaid.text),
            None => self.as_written(0, self.text.len()),
        }
    }

    /// [`Source::document_text`], taken out: the text as written is put
    /// back in place (each rewrite is as long as what it replaced), not
    /// copied, as the spec is let go of at the peak of memory.
    pub(super) fn into_document_text(self) -> String {
        if let Some(overlaid) = self.overlaid {
            return overlaid.text;
        }
        let mut text = self.text;
        for (at, old) in &self.written {
            text.replace_range(*at..*at + old.len(), old);
        }
        text
    }

    /// Lets go of the position map; the next `positions` call builds it
    /// again.
    pub(super) fn forget_positions(&mut self) {
        self.positions = OnceLock::new();
    }

    /// The position map of a scan that was made anyway.
    pub(super) fn set_positions(&mut self, positions: Positions) {
        self.positions = OnceLock::from(positions);
    }

    /// Where each node is in the text, by pointer; scanned on first use.
    pub(super) fn positions(&self) -> &Positions {
        // Loading sets the map unless the text is JSON that `json_check`
        // found plain, which it maps the way the scan would.
        self.positions.get_or_init(|| match self.json {
            true => json_check::positions(&self.text),
            false => self.scan().positions,
        })
    }

    /// The scan of the text (see `positions`): of its YAML-safe form when
    /// it is read as JSON.
    pub(super) fn scan(&self) -> positions::Layout {
        match self.json {
            true => positions::scan(&json_text::yaml_safe(&self.text)),
            false => positions::scan(&self.text),
        }
    }

    /// Where the node at `pointer` (or its nearest ancestor) is in the
    /// text; `None` for a node an overlay wrote, which is not in it.
    pub(super) fn position(&self, pointer: &str) -> Option<Position> {
        match self.overlaid.as_ref().map(|o| o.origin.locate(pointer)) {
            None => self.text_position(pointer),
            Some(Leaf::Spec(at)) => self.text_position(&at),
            Some(Leaf::Overlay(_)) => None,
        }
    }

    fn text_position(&self, pointer: &str) -> Option<Position> {
        let positions = self.positions();
        ancestors(pointer).find_map(|p| positions.get(p))
    }

    /// An error about the node at `pointer`, located where that node was
    /// written: in the spec, or in the overlay that wrote it. One about the
    /// whole document (`#`) that has no node, as an empty one has not, is
    /// at its start.
    pub(super) fn error(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        if let Some(overlaid) = &self.overlaid {
            if let Leaf::Overlay(written) = overlaid.origin.locate(pointer) {
                return overlaid.error(pointer, &written, message.into());
            }
        }
        let position = self
            .position(pointer)
            .or_else(|| (pointer == "#").then_some((1, 1)));
        self.error_at(pointer, position, message)
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
            excerpt: position.and_then(|(line, column)| self.excerpt(line, column)),
        }
    }

    /// The excerpt of line `number` (1-based) for a message at `column`.
    /// The line's end is the next line's start, not searched for: a minified
    /// spec's one line has megabytes.
    fn excerpt(&self, number: usize, column: usize) -> Option<Excerpt> {
        let text = &self.text;
        let starts = self.lines.get_or_init(|| {
            let breaks = text.match_indices('\n').map(|(i, _)| i + 1);
            std::iter::once(0).chain(breaks).collect()
        });
        let start = *starts.get(number.checked_sub(1)?)?;
        let end = starts.get(number).map_or(text.len(), |next| next - 1);
        let line = self.as_written(start, end);
        Some(Excerpt::new(
            line.strip_suffix('\r').unwrap_or(&line),
            column,
        ))
    }

    pub(super) fn yaml_error(&self, err: &serde_yaml::Error) -> SpecError {
        // libyaml locates a character it refuses by offset only, and puts
        // the error's location at the start.
        let position = self
            .position_in_message(&err.to_string())
            .or_else(|| err.location().map(|l| (l.line(), l.column())));
        let message = err.to_string();
        let syntax = "fix the YAML syntax at this place (JSON is fine too); a YAML linter shows every problem at once";
        let (message, position, hint) = match message.as_str() {
            "EOF while parsing a value" => ("the document is empty".to_string(), position, syntax),
            "deserializing from YAML containing more than one document is not supported" => (
                "more than one YAML document (a spec is one document)".to_string(),
                position.or_else(|| self.second_document()),
                syntax,
            ),
            "repetition limit exceeded" => (
                "YAML aliases repeat each other past serde_yaml's repetition limit \
                 (each alias replays its anchor, aliases included)"
                    .to_string(),
                super::aliases::bomb_position(&self.text).or(position),
                "write the repeated content out, or share it with `$ref`: aliases of aliases multiply",
            ),
            _ => (message, position, syntax),
        };
        self.error_at(
            "#",
            position.or(Some((1, 1))),
            format!("cannot parse as YAML: {message}"),
        )
        .with_hint(hint)
    }

    /// Why the text could not be read: for a text meant as JSON, what
    /// serde_json says, located; else what YAML says.
    pub(super) fn parse_error(&self, err: &serde_yaml::Error) -> SpecError {
        if !super::json_text::looks_like_json(&self.text) {
            return self.yaml_error(err);
        }
        let Err(json) = serde_json::from_str::<serde::de::IgnoredAny>(&self.text) else {
            return self.yaml_error(err);
        };
        let message = json.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        self.error_at(
            "#",
            Some((json.line(), json.column())),
            format!("cannot parse as JSON: {message}"),
        )
        .with_hint("fix the JSON syntax at this place; a JSON linter shows every problem at once")
    }

    /// Where a second YAML document starts: a `---` or `...` line after
    /// some content.
    fn second_document(&self) -> Option<Position> {
        let mut content = false;
        for (i, line) in self.text.lines().enumerate() {
            let marker = line.starts_with("---") || line.starts_with("...");
            if marker && content {
                return Some((i + 1, 1));
            }
            let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
            content |= !marker && !blank;
        }
        None
    }

    /// `at position N` (a byte offset, which libyaml gives for a character
    /// it refuses) as a line and column.
    fn position_in_message(&self, message: &str) -> Option<Position> {
        let (_, after) = message.rsplit_once("at position ")?;
        let offset: usize = after
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()?;
        let end = (0..=offset.min(self.text.len()))
            .rev()
            .find(|&i| self.text.is_char_boundary(i))?;
        let before = &self.text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some((line, column))
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{load_text, spec_error, MINIMAL};
    use crate::error::EXCERPT_SIDE;

    #[test]
    fn error_falls_back_to_the_nearest_ancestor_and_shows_the_line() {
        let spec = load_text(MINIMAL).unwrap();
        let err = spec.error("#/paths/~1v2~1tasks/get/x-missing/deeper", "boom");
        assert_eq!(err.position, Some((7, 5)));
        assert_eq!(err.excerpt.as_ref().unwrap().text, "    get:");
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/x-missing/deeper");
        assert_eq!(err.message, "boom");
        let rendered = err.to_string();
        assert!(
            rendered.starts_with("spec.yaml:7:5: #/paths/~1v2~1tasks/get/x-missing/deeper: boom"),
            "{rendered}"
        );
    }

    #[test]
    fn a_json_spec_is_scanned_for_positions_only_when_a_message_needs_one() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
 "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "OK"}}}}}}"#;
        let spec = load_text(text).unwrap();
        assert!(spec.source.positions.get().is_none());
        let err = spec.error("#/paths/~1a/get/operationId", "boom");
        assert_eq!(err.position, Some((2, 27)));
        assert!(spec.source.positions.get().is_some());
        // A duplicate key needs the scan at once, to be located.
        let err = spec_error(&text.replace(r#""version": "1""#, r#""version": "1", "title": "U""#));
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/info/title", Some((1, 61)))
        );
    }

    /// The text is rewritten in place: the document is still the text as
    /// written, messages show its lines, and a JSON text's map, made for
    /// the warnings, is made again for a later message.
    #[test]
    fn a_widened_text_is_still_the_text_as_written() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
"components": {"parameters": {"MaxSize": {"name": "m", "in": "query",
"schema": {"type": "integer", "minimum": -9223372036854776000, "maximum": 99999999999999999999}}}}}"#;
        let spec = load_text(text).unwrap();
        assert_eq!(spec.text(), text);
        assert_eq!(spec.warnings.len(), 2);
        assert!(spec.source.positions.get().is_none());
        let err = spec.error("#/components/parameters/MaxSize/schema/maximum", "x");
        assert_eq!(err.position, Some((3, 64)));
        assert!(err.excerpt.unwrap().text.contains("99999999999999999999}"));
        assert_eq!(spec.into_text(), text);
    }

    #[test]
    fn messages_keep_a_window_of_their_line_without_its_line_break() {
        // A minified spec: one line, far longer than a message shows.
        let padding = "x".repeat(10_000);
        let text = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "T", "description": "{padding}", "version": "1"}}, "paths": {{}}, "x-tail": "{padding}"}}"#
        );
        let spec = load_text(&text).unwrap();
        let excerpt = spec.error("#/paths", "b").excerpt.unwrap();
        let shown = &excerpt.text;
        assert_eq!(shown.chars().count(), 2 * EXCERPT_SIDE + 2, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let at_caret: String = shown.chars().skip(excerpt.caret - 1).take(7).collect();
        assert_eq!(at_caret, "\"paths\"");
        // Lines end at their line break, `\r\n` too.
        let spec = load_text(&MINIMAL.replace('\n', "\r\n")).unwrap();
        let err = spec.error("#/paths/~1v2~1tasks/get", "boom");
        assert_eq!(err.excerpt.unwrap().text, "    get:");
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
