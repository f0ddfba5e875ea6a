//! Reads a spec file into an `openapiv3::OpenAPI` and remembers where each
//! node sits in the text, so later stages can report `file:line:col`.
//!
//! INTERFACE (used by `lower`): `load(path) -> Result<LoadedSpec>`,
//! `LoadedSpec { path, doc, raw }` and `LoadedSpec::error(pointer, message)`.
//!
//! Besides parsing, loading refuses what the later stages cannot handle, each
//! time with a located error and a hint: YAML errors, documents that are not
//! OpenAPI 3.0.x or 3.1.x, values JSON cannot hold (but numbers too wide for 64 bits
//! are widened or dropped with a warning, see `numbers`), duplicate keys, `$ref`s that leave
//! the document or lead nowhere, and duplicate `operationId`s. What
//! openapiv3 cannot read but taskgen can (OpenAPI 3.1, callbacks, `pattern:
//! 0`) is rewritten in the JSON data first, with a warning (`normalize`).
//!
//! Each refusal lives in its own submodule, all reporting through
//! `source::Source`; `load_str` below is the order in which they run.

/// The HTTP methods a path item may hold, in the specification's order.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

mod aliases;
pub(crate) mod data;
mod json_check;
mod json_compat;
mod json_text;
pub(crate) mod lenient;
mod locate;
pub(crate) mod lookup;
mod normalize;
mod numbers;
mod openapi31;
mod operation_ids;
mod origin;
pub(crate) mod overlay;
mod parse;
mod path_items;
mod positions;
pub(crate) mod refs;
mod schema_or_content;
mod source;
mod version;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod messages;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result, SpecError};

use self::data::SpecData;
use self::json_text::JsonText;

use self::overlay::Overlay;
pub use self::path_items::PathItems;
use self::source::Source;

/// A spec read from disk.
pub struct LoadedSpec {
    pub path: PathBuf,
    /// Maps (`paths`, `components.schemas`, ...) keep document order.
    pub doc: openapiv3::OpenAPI,
    /// The same document as plain JSON data (object keys sorted), as
    /// `normalize` rewrote it: OpenAPI 3.1 in its 3.0 form. `Null` where
    /// generation let go of it (see [`ReadSpec::parse`]).
    pub raw: Value,
    /// What loading changed to read the spec (bounds dropped, numbers
    /// widened, 3.1 constructs ignored), for the user to see.
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

impl LoadedSpec {
    /// The document that was read: with overlays applied the overlaid one
    /// (as JSON text), else the spec's text as written, less a byte order
    /// mark. Borrowed unless numbers too wide for 64 bits were rewritten
    /// (see `numbers`), whose text as written is then put back together.
    pub fn text(&self) -> Cow<'_, str> {
        self.source.document_text()
    }

    /// [`Self::text`], without a copy of a text that may be megabytes.
    pub fn into_text(self) -> String {
        // The typed document and the data let go of before the text is put
        // back as written: this is the end of lowering, memory's peak.
        let LoadedSpec {
            doc, raw, source, ..
        } = self;
        drop((doc, raw));
        source.into_document_text()
    }

    /// The error reading the whole document gives, for a part read alone
    /// that could not be (`at`, where the part is): the document's data is
    /// read again to locate it. `at` is where it is said to be if the whole
    /// document reads after all.
    fn document_error(&self, at: &str) -> Error {
        match parse_with_data(&self.source, &self.source.text, false) {
            Err(err) => err,
            Ok(_) => self
                .error(at, "openapiv3 could not read this path item")
                .into(),
        }
    }
}

/// A spec read as JSON data and checked, its typed document not read yet:
/// what only the data tells can be read from it ([`Self::data`]) before
/// [`Self::parse`] may let go of it.
pub struct ReadSpec {
    raw: SpecData,
    warnings: Vec<SpecError>,
    source: Source,
    /// The JSON text serde_json read, when it is not the spec's (raw
    /// control characters escaped); `None` for a YAML text.
    escaped: Option<Option<String>>,
    /// `raw` was rewritten (see `normalize`): it, not the text, says what
    /// the document is.
    normalized: bool,
}

impl ReadSpec {
    pub fn path(&self) -> &Path {
        &self.source.path
    }

    /// The document as [`LoadedSpec::text`] gives it.
    pub fn text(&self) -> Cow<'_, str> {
        self.source.document_text()
    }

    /// The JSON data, as [`LoadedSpec::raw`], which is always a `Value`.
    pub(crate) fn data(&self) -> &SpecData {
        &self.raw
    }

    /// As [`LoadedSpec::error`].
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        self.source.error(pointer, message)
    }

    /// Reads the typed document. Without `keep_data`, `raw` is `Null`: the
    /// JSON data is let go of before the document is read where that is
    /// read from a JSON text (the data was not rewritten), so the two, each
    /// many times the text, are never held together; else (YAML, which a
    /// failure is located in, or rewritten data) once it is read. Kept data
    /// read as [`data::Compact`] is read again from the text as a `Value`.
    pub fn parse(self, keep_data: bool) -> Result<LoadedSpec> {
        let ReadSpec {
            raw,
            warnings,
            source,
            escaped,
            normalized,
        } = self;
        let json = match (&source.overlaid, &escaped) {
            (Some(overlaid), _) => Some(overlaid.text.as_str()),
            (None, Some(escaped)) => Some(escaped.as_deref().unwrap_or(&source.text)),
            (None, None) => None,
        };
        let release = !keep_data && !normalized && json.is_some();
        let compact = matches!(raw, SpecData::Compact(_));
        let mut raw = match raw {
            SpecData::Value(value) if !release => value,
            _ => Value::Null,
        };
        if let (true, Some(json)) = (compact && keep_data, json) {
            raw = reread(json);
        }
        let doc = match (parse::parse_openapi(&source, &raw, json, normalized), json) {
            (Err(_), Some(json)) if release => parse_with_data(&source, json, normalized)?,
            (parsed, _) => parsed?,
        };
        if !keep_data {
            raw = Value::Null;
        }
        Ok(LoadedSpec {
            path: source.path.clone(),
            doc,
            raw,
            warnings,
            source,
        })
    }

    /// [`Self::parse`], the path items apart: without the data, for a JSON
    /// text as it was written (no overlays, nothing rewritten), they stay
    /// text, read one at a time as lowering takes them ([`PathItems`]);
    /// else they are taken out of the typed document.
    pub fn parse_apart(mut self, keep_data: bool) -> Result<(LoadedSpec, PathItems)> {
        let plain_json = matches!(self.escaped, Some(None)) && self.source.overlaid.is_none();
        if !keep_data && plain_json && !self.normalized {
            self.raw = SpecData::Value(Value::Null);
            if let Some((doc, paths)) = path_items::split(&self.source.text) {
                let loaded = LoadedSpec {
                    path: self.source.path.clone(),
                    doc,
                    raw: Value::Null,
                    warnings: self.warnings,
                    source: self.source,
                };
                return Ok((loaded, paths));
            }
        }
        let mut loaded = self.parse(keep_data)?;
        let paths = std::mem::take(&mut loaded.doc.paths.paths);
        Ok((loaded, PathItems::Read(paths)))
    }
}

/// The typed document read again from `json` with its data, whose
/// failures are located (see `parse::parse_openapi`): for a reading
/// without the data that failed.
fn parse_with_data(source: &Source, json: &str, normalized: bool) -> Result<openapiv3::OpenAPI> {
    parse::parse_openapi(source, &reread(json), Some(json), normalized)
}

/// A JSON text read before (into [`data::Compact`] data, or a `Value` let
/// go of), read again as a `Value`: the same reader read it, so it reads.
fn reread(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_default()
}

/// Reads and parses one spec.
pub fn load(path: &Path) -> Result<LoadedSpec> {
    load_with(path, &[])
}

/// Reads one spec and applies the overlays meant for it (see `overlay`).
pub fn load_with(path: &Path, overlays: &[Arc<Overlay>]) -> Result<LoadedSpec> {
    read_text_with(path, read_text(path)?, overlays, false)?.parse(true)
}

/// The text of a spec file, which must be UTF-8.
fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "cannot read spec", e))?;
    String::from_utf8(bytes).map_err(|err| not_utf8(path, &err).into())
}

/// The data and layout of a spec's text: a JSON text read as JSON (see
/// `json_text`), any other as YAML.
fn read_data(source: &mut Source) -> (Option<JsonText<Value>>, positions::Layout) {
    let json = read_json(source);
    (json, source.scan())
}

/// The spec's text read as JSON, if it is JSON that serde_json may read;
/// `source` then knows it is read so (its positions come from the JSON).
fn read_json<T: DeserializeOwned>(source: &mut Source) -> Option<JsonText<T>> {
    let json = json_text::read(&source.text);
    source.json = json.is_some();
    json
}

/// [`read_json`] into [`data::Compact`] data if `compact`, else into `Value`.
fn read_json_as(source: &mut Source, compact: bool) -> Option<JsonText<SpecData>> {
    match compact {
        true => read_json(source).map(|json| json.map(SpecData::Compact)),
        false => read_json(source).map(|json| json.map(SpecData::Value)),
    }
}

/// Text that is not UTF-8, located at its first bad byte.
fn not_utf8(path: &Path, err: &std::string::FromUtf8Error) -> SpecError {
    let bytes = err.as_bytes();
    let good = &bytes[..err.utf8_error().valid_up_to()];
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
    let source = Source::new(path, String::from_utf8_lossy(bytes).into_owned());
    source
        .error_at(
            "#",
            Some((line, column)),
            format!(
                "the file is not UTF-8 text: byte 0x{:02x} starts no character",
                bytes[good.len()]
            ),
        )
        .with_hint("save the spec as UTF-8 (OpenAPI documents are UTF-8 JSON or YAML)")
}

/// Parses spec text as if read from `path` (which only names it in errors).
pub fn load_str(path: &Path, text: impl Into<String>) -> Result<LoadedSpec> {
    read_text_with(path, text.into(), &[], false)?.parse(true)
}

/// [`read_with`] of spec text, as [`load_str`].
pub fn read_str(path: &Path, text: impl Into<String>) -> Result<ReadSpec> {
    read_text_with(path, text.into(), &[], true)
}

/// Reads one spec as JSON data and checks it, with the overlays meant for
/// it; [`ReadSpec::parse`] reads its typed document.
pub fn read_with(path: &Path, overlays: &[Arc<Overlay>]) -> Result<ReadSpec> {
    read_text_with(path, read_text(path)?, overlays, true)
}

/// Reads and checks `text` as the spec at `path`. With `compact` (the
/// caller means to let go of the data, see [`ReadSpec::parse`]), a JSON
/// text that nothing rewrites is read as [`data::Compact`] data, which
/// spends no room on B-tree nodes (netbox.dev.json: loading's heap 18.9 MB
/// with a `Value`, under 6 MB with it).
pub(super) fn read_text_with(
    path: &Path,
    text: String,
    overlays: &[Arc<Overlay>],
    compact: bool,
) -> Result<ReadSpec> {
    let compact = compact && !overlay::any_applies(overlays, path);
    let mut source = Source::new(path, text);
    // A JSON text needs the YAML scan only for what serde_json does not
    // see (`json_check`); else its map is made by `json_check` when a
    // message first needs one. Its numbers to widen are found, and placed
    // for the warnings, in the same pass. That is known before the text is
    // read as JSON data: with numbers to widen, it is read once they are,
    // and not before (the data would be many times the text, made and let
    // go of).
    let checked = json_text::looks_like_json(&source.text)
        .then(|| json_check::needs_placing_wide(&source.text));
    let plain = checked.as_ref().map(|(needs, _)| *needs);
    // The wide numbers placed, for a text to widen before it is read.
    let widening = match checked {
        Some((json_check::Needs::Widening, placed)) if json_text::is_json(&source.text) => {
            Some(placed)
        }
        _ => None,
    };
    // JSON is YAML; serde_json reads it several times faster, reads the
    // JSON that YAML refuses (see `json_text`), and keeps NEL, LS and PS in
    // strings, which YAML 1.1 (serde_yaml) folds as line breaks.
    let json = match widening {
        Some(_) => {
            source.json = true;
            None
        }
        None => read_json_as(&mut source, compact),
    };
    let needs = match &json {
        _ if widening.is_some() => json_check::Needs::Widening,
        Some(j) if j.escaped.is_none() => plain.unwrap_or_else(|| json_check::needs(&source.text)),
        _ => json_check::Needs::Scan,
    };
    let mut layout = match widening {
        Some(placed) => placed,
        None if needs == json_check::Needs::Nothing => positions::Layout::default(),
        None => source.scan(),
    };
    if needs != json_check::Needs::Nothing {
        source.set_positions(std::mem::take(&mut layout.positions));
    }
    // Before serde_yaml reads the text: deep nesting makes it crawl.
    if let Some(err) = layout.fatal(&source) {
        return Err(err.into());
    }
    let (edits, mut warnings) = numbers::widen(&source, &layout.wide_numbers);
    if needs == json_check::Needs::Widening {
        // Placed for the warnings only: a later message maps the JSON text
        // whole.
        source.forget_positions();
    }
    let json = match edits.is_empty() && needs != json_check::Needs::Widening {
        true => json,
        false => {
            // Shadowing would keep the first reading alive beside the second.
            drop(json);
            source.rewrite(edits);
            read_json_as(&mut source, compact)
        }
    };
    let control_character = json.as_ref().and_then(|j| j.control_character);
    let (raw, escaped) = match json {
        Some(json) => (json.value, Some(json.escaped)),
        None => (
            SpecData::Value(
                serde_yaml::from_str(&source.text).map_err(|e| source.parse_error(&e))?,
            ),
            None,
        ),
    };
    if let Some(problem) = layout.problem {
        return Err(problem.into_error(&source).into());
    }
    if let Some(((line, column), c)) = control_character {
        warnings.push(
            source
                .error_at(
                    "#",
                    Some((line, column)),
                    format!(
                        "a raw control character (U+{:04X}) in a JSON string, which JSON does not allow; read as if escaped",
                        c as u32
                    ),
                )
                .with_hint(format!("write it escaped: `\\u{:04x}`", c as u32)),
        );
    }
    if escaped.is_none() {
        json_compat::check_json_compatible(&source)?;
    }
    let mut raw = match raw {
        SpecData::Value(mut value) => {
            let (overlaid, overlay_warnings) = overlay::apply(&source, &mut value, overlays)?;
            warnings.extend(overlay_warnings);
            source.overlaid = overlaid;
            SpecData::Value(value)
        }
        compact => compact,
    };
    data::with_data!(&raw, |data| {
        version::check_version(&source, data)?;
        refs::check_refs(&source, data)?;
    });
    if matches!(&raw, SpecData::Compact(data) if normalize::may_change(data)) {
        // Only `Value` is rewritten: the compact data let go of, the text
        // is read again into one.
        drop(raw);
        let json = escaped.as_ref().and_then(Option::as_deref);
        raw = SpecData::Value(reread(json.unwrap_or(&source.text)));
    }
    let normalized = match &mut raw {
        SpecData::Value(value) => {
            let (normalized, notes) = normalize::normalize(&source, value);
            warnings.extend(notes);
            normalized
        }
        SpecData::Compact(_) => false,
    };
    data::with_data!(&raw, |data| {
        schema_or_content::check_schema_or_content(&source, data)?;
        operation_ids::check_operation_ids(&source, data)?;
    });
    Ok(ReadSpec {
        raw,
        warnings,
        source,
        escaped,
        normalized,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

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

    /// Letting go of the JSON data before the typed document is read
    /// changes nothing but `raw`: the same document, the same errors.
    #[test]
    fn the_data_let_go_of_reads_the_same_document_and_errors() {
        let head = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},"#;
        let texts = [
            format!(
                r#"{head} "paths": {{"/a": {{"get": {{"responses": {{"204": {{"description": "x"}}}}}}}}}}}}"#
            ),
            format!("{head}\n \"paths\": {{\"/a\": {{\"get\": {{\"responses\": 5}}}}}}}}"),
            // `paths` with an extension, a path item serde_json refuses
            // and the lenient reading takes (`summary: 5`), one after it.
            format!(
                r##"{head} "paths": {{"x-note": {{"a": 1}}, "/a": {{"get": {{"summary": 5, "responses": {{"204": {{"description": "x"}}}}}}}}, "/b": {{"$ref": "#/x-b"}}}}, "x-b": {{}}}}"##
            ),
            // Refused inside a path item after one that reads.
            format!(
                r#"{head} "paths": {{"/a": {{}}, "/b": {{"get": {{"responses": {{"204": {{"description": "x"}}}}, "tags": "no"}}}}}}}}"#
            ),
            MINIMAL.to_string(),
        ];
        for text in texts {
            let read = || super::read_text_with(Path::new("spec.json"), text.clone(), &[], true);
            let kept = read()
                .and_then(|r| r.parse(true))
                .map_err(|e| e.to_string());
            let released = read()
                .and_then(|r| r.parse(false))
                .map_err(|e| e.to_string());
            // Read apart, the path items put back as lowering takes them.
            let apart = read()
                .and_then(|r| r.parse_apart(false))
                .and_then(|(mut loaded, paths)| {
                    let items = paths.read(&loaded).collect::<crate::error::Result<_>>()?;
                    loaded.doc.paths.paths = items;
                    Ok(loaded)
                })
                .map_err(|e| e.to_string());
            match (kept, released, apart) {
                (Ok(kept), Ok(released), Ok(apart)) => {
                    assert_eq!(released.doc, kept.doc, "{text}");
                    assert_eq!(apart.doc, kept.doc, "{text}");
                    assert!(released.raw.is_null() && apart.raw.is_null(), "{text}");
                    assert!(!kept.raw.is_null(), "{text}");
                }
                (kept, released, apart) => {
                    let kept = kept.err();
                    assert!(kept.is_some(), "{text}");
                    assert_eq!(released.err(), kept, "{text}");
                    assert_eq!(apart.err(), kept, "{text}");
                }
            }
        }
    }

    /// Read as compact data or as a `Value`, a JSON text gives the same
    /// checks' first problem, warnings, data, document and lowered API:
    /// one text for each check the data goes through, and for each way
    /// a text is rewritten before it is read or its data after.
    #[test]
    fn compact_data_reads_as_a_value_does() {
        let head = r#""openapi": "3.0.3", "info": {"title": "T", "version": "1"}"#;
        let get = r#"{"responses": {"204": {"description": "x"}}}"#;
        let texts = [
            r#"{"swagger": "2.0"}"#.to_string(),
            r#"{"openapi": 3}"#.to_string(),
            r#"{"openapi": "2.0"}"#.to_string(),
            r#"{"info": {}}"#.to_string(),
            format!(r##"{{{head}, "paths": {{"/a": {{"$ref": "#/nope/x"}}}}}}"##),
            format!(
                r#"{{{head}, "paths": {{}}, "components": {{"schemas": {{"A": {{"$ref": "o.json#/A"}}}}}}}}"#
            ),
            format!(
                r#"{{{head}, "paths": {{"/a": {{"parameters": [{{"name": "q", "in": "query", "schema": {{}}, "content": {{}}}}]}}}}}}"#
            ),
            format!(
                r#"{{{head}, "paths": {{"/a": {{"get": {{"operationId": "x", "responses": {{}}}}}}, "/b": {{"get": {{"operationId": "x", "responses": {{}}}}}}}}}}"#
            ),
            format!(r#"{{{head}, "paths": {{}}, "x-taskgen-enmu": {{}}}}"#),
            format!(r#"{{{head}, "paths": {{"a": {{}}}}}}"#),
            format!(r#"{{{head}, "openapi": "3.0.3", "paths": {{}}}}"#),
            format!(
                r##"{{{head}, "paths": {{"/a": {{"get": {{"parameters": [{{"$ref": "#/x-p"}}], "responses": {{"204": {{"description": "x"}}}}, "requestBody": {{"content": {{"multipart/form-data": {{"schema": {{"type": "object", "properties": {{"f": {{"type": "array", "items": {{"type": "string"}}}}}}}}, "encoding": {{"f": {{"explode": false}}}}}}}}}}}}}}}}, "x-p": {{"name": "q", "in": "query", "schema": {{"type": "string", "maximum": 123456789012345678901234567890}}}}}}"##
            ),
            format!("{{{head}, \"paths\": {{\"/a\": {{\"get\": {get}}}}}, \"x-d\": \"a\tb\"}}"),
            format!(
                r#"{{{head}, "paths": {{"/a": {{"get": {get}}}}}, "components": {{"schemas": {{"A": {{"type": "string", "pattern": 0, "format": 3}}}}, "callbacks": {{"c": {{}}}}}}}}"#
            ),
            format!(
                r#"{{"openapi": "3.1.0", "info": {{"title": "T", "version": "1"}}, "paths": {{"/a": {{"get": {get}}}}}, "components": {{"schemas": {{"A": {{"type": ["string", "null"]}}}}}}}}"#
            ),
        ];
        for text in &texts {
            for keep_data in [false, true] {
                let lowered = |compact| {
                    super::read_text_with(Path::new("spec.json"), text.clone(), &[], compact)
                        .and_then(|read| crate::lower::lower_read(read, keep_data))
                        .map(|(loaded, api)| (loaded.doc, loaded.raw, loaded.warnings, api))
                        .map_err(|e| e.to_string())
                };
                assert_eq!(lowered(true), lowered(false), "{text}");
            }
        }
    }

    /// A JSON text's path items are read apart; a YAML text's, or one
    /// rewritten (3.1), come read with the document.
    #[test]
    fn only_a_plain_json_text_keeps_its_path_items_as_text() {
        let json =
            r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {}}}"#;
        let apart = |text: &str| {
            let (loaded, paths) = super::read_text_with(Path::new("spec"), text.into(), &[], true)
                .and_then(|r| r.parse_apart(false))
                .unwrap();
            assert!(loaded.doc.paths.paths.is_empty());
            paths
        };
        use super::PathItems;
        assert!(matches!(apart(json), PathItems::Text(items) if items.len() == 1));
        assert!(matches!(apart(MINIMAL), PathItems::Read(items) if items.len() == 1));
        let json31 = json.replace("3.0.3", "3.1.0").replace(
            r#""paths""#,
            r#""components": {"schemas": {"A": {"type": ["string", "null"]}}}, "paths""#,
        );
        assert!(matches!(apart(&json31), PathItems::Read(items) if items.len() == 1));
    }

    #[test]
    fn json_with_unicode_line_breaks_reads_as_json() {
        // YAML 1.1 (serde_yaml) takes NEL, LS and PS for line breaks and
        // folds them in quoted strings; JSON and YAML 1.2 keep them.
        let text = "{\"openapi\": \"3.0.3\", \"paths\": {},\n \
                    \"info\": {\"title\": \"T\", \"version\": \"1\", \"description\": \"a.\u{2028}\u{2029}\u{85} b\"}}";
        let spec = load_text(text).unwrap();
        assert_eq!(
            spec.raw["info"]["description"],
            "a.\u{2028}\u{2029}\u{85} b"
        );
        assert_eq!(
            spec.doc.info.description.as_deref(),
            Some("a.\u{2028}\u{2029}\u{85} b")
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
