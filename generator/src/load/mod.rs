//! Reads a spec file into an `openapiv3::OpenAPI` and remembers where each
//! node sits in the text, so later stages can report `file:line:col`.
//!
//! INTERFACE (used by `lower`): `load(path) -> Result<LoadedSpec>`,
//! `LoadedSpec { path, doc, raw }` and `LoadedSpec::error(pointer, message)`.
//!
//! Besides parsing, loading refuses what the later stages cannot handle, each
//! time with a located error and a hint: YAML errors, documents that are not
//! OpenAPI 3.0.x, values JSON cannot hold (but numbers too wide for 64 bits
//! are widened or dropped with a warning, see `numbers`), duplicate keys, `$ref`s that leave
//! the document or lead nowhere, and duplicate `operationId`s.
//!
//! Each refusal lives in its own submodule, all reporting through
//! `source::Source`; `load_str` below is the order in which they run.

mod json_compat;
pub(crate) mod lenient;
mod locate;
pub(crate) mod lookup;
mod numbers;
mod operation_ids;
mod parse;
mod positions;
mod refs;
mod source;
mod version;

#[cfg(test)]
mod fixtures;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result, SpecError};

use self::source::Source;

/// A spec read from disk.
pub struct LoadedSpec {
    pub path: PathBuf,
    /// Maps (`paths`, `components.schemas`, ...) keep document order.
    pub doc: openapiv3::OpenAPI,
    /// The same document as plain JSON data (object keys sorted).
    pub raw: Value,
    /// What loading changed to read the spec (bounds dropped, numbers
    /// widened), for the user to see.
    pub warnings: Vec<SpecError>,
    source: Source,
}

impl LoadedSpec {
    /// An error located at `pointer` (`#/components/schemas/Task`): its
    /// position is that of the node, or of its nearest ancestor in the text
    /// (a node reached through a YAML alias has none of its own).
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        self.source.error(pointer, message)
    }

    /// Where the node at `pointer` (or its nearest ancestor) starts. For an
    /// object member that is its key, for an array item the item itself.
    #[allow(
        dead_code,
        reason = "the interface `taskgen lint` and `taskgen review` locate findings with"
    )]
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        self.source.position(pointer)
    }
}

/// Leaves out the text and the position map, which are long and private.
impl fmt::Debug for LoadedSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoadedSpec")
            .field("path", &self.path)
            .field("doc", &self.doc)
            .field("raw", &self.raw)
            .finish_non_exhaustive()
    }
}

/// Reads and parses one spec.
pub fn load(path: &Path) -> Result<LoadedSpec> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "cannot read spec", e))?;
    load_str(path, text)
}

/// Parses spec text as if read from `path` (which only names it in errors).
pub fn load_str(path: &Path, text: impl Into<String>) -> Result<LoadedSpec> {
    let mut source = Source {
        path: path.to_path_buf(),
        text: text.into(),
        positions: HashMap::new(),
    };
    let mut layout = positions::scan(&source.text);
    source.positions = std::mem::take(&mut layout.positions);
    if let Some(err) = layout.fatal(&source) {
        return Err(err.into());
    }
    let (text, warnings) = numbers::widen(&source, &layout.wide_numbers);
    if let Some(text) = text {
        source.text = text;
    }
    // JSON is YAML; serde_json reads it the same, several times faster.
    let raw: Value = match parse::as_json(&source.text).map(serde_json::from_str) {
        Some(Ok(raw)) => raw,
        _ => serde_yaml::from_str(&source.text).map_err(|e| source.yaml_error(&e))?,
    };
    if let Some(problem) = layout.problem {
        return Err(problem.into_error(&source).into());
    }
    json_compat::check_json_compatible(&source)?;
    version::check_version(&source, &raw)?;
    refs::check_refs(&source, &raw)?;
    let doc = parse::parse_openapi(&source, &raw)?;
    operation_ids::check_operation_ids(&source, &raw)?;
    Ok(LoadedSpec {
        path: source.path.clone(),
        doc,
        raw,
        warnings,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::fixtures::{load_text, MINIMAL};

    #[test]
    fn loads_a_valid_spec_keeping_document_order() {
        let spec = load_text(MINIMAL).unwrap();
        assert_eq!(spec.doc.paths.paths.len(), 1);
        assert_eq!(spec.raw["info"]["title"], "T");
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /b: {}\n  /a: {}\n";
        let keys: Vec<_> = load_text(text)
            .unwrap()
            .doc
            .paths
            .paths
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys, ["/b", "/a"]);
    }

    #[test]
    fn json_with_unicode_line_breaks_reads_as_yaml_reads_it() {
        // serde_json keeps U+2028 as is; YAML takes it for a line break and
        // drops the indentation after it.
        let text = "{\"openapi\": \"3.0.3\", \"paths\": {},\n \
                    \"info\": {\"title\": \"T\", \"version\": \"1\", \"description\": \"a.\u{2028}\u{2028} b\"}}";
        let yaml: serde_json::Value = serde_yaml::from_str(text).unwrap();
        let spec = load_text(text).unwrap();
        assert_ne!(yaml["info"]["description"], "a.\u{2028}\u{2028} b");
        assert_eq!(spec.raw, yaml);
        assert_eq!(
            spec.doc.info.description.as_deref(),
            yaml["info"]["description"].as_str()
        );
    }

    #[test]
    fn never_panics_on_mangled_specs() {
        // A deterministic walk over small edits of a valid spec.
        let pieces = [
            "", ":", "- ", "{", "]", "'", "$ref: x", "\n  ", ".inf", "&a ", "*a", "? ", "~", "\t",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..1500 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut text: Vec<char> = MINIMAL.chars().collect();
            let at = (seed % text.len() as u64) as usize;
            let cut = ((seed >> 20) % 4) as usize;
            let piece = pieces[((seed >> 32) % pieces.len() as u64) as usize];
            text.splice(at..(at + cut).min(text.len()), piece.chars());
            let _ = load_text(&text.into_iter().collect::<String>());
        }
    }
}
