//! Deserializes the `openapiv3` document and, when that fails, turns the
//! serde failure into a located error with a readable message.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Result, SpecError};
use crate::pointer;

use super::locate::{drill, kind_at, Kind};
use super::lookup::ancestors;
use super::source::Source;

/// Deserializes the typed document from the text, whose scalars `serde_yaml`
/// reads leniently (`version: 1.0` is fine) and whose maps keep document
/// order. A failure is located by re-reading the JSON data.
pub(super) fn parse_openapi(source: &Source, raw: &Value) -> Result<openapiv3::OpenAPI> {
    // openapiv3's `ReferenceOr` panics (an `expect`) on a few inputs:
    // `check_json_compatible` refuses the known ones first, this catches any
    // other.
    let parsed = std::panic::catch_unwind(|| {
        // A JSON text (most large specs) reads the same and several times
        // faster with serde_json; what it refuses takes the lenient way.
        if let Some(Ok(doc)) = as_json(&source.text).map(serde_json::from_str) {
            return Ok(doc);
        }
        let de = serde_yaml::Deserializer::from_str(&source.text);
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(de)
    });
    let failure = match parsed {
        Ok(Ok(doc)) => return Ok(doc),
        Ok(Err(err)) => Some(err),
        Err(_) => None,
    };
    // The JSON data gives clean messages, but is stricter than the text
    // (`1.0` is no string there): its failure counts only inside the place
    // where reading the text failed.
    let strict = typed::<openapiv3::OpenAPI>(raw);
    let (pointer, message) = match (failure, strict) {
        (Some(err), strict) => {
            let at = path_pointer("#", err.path());
            match strict {
                Some((path, message)) if ancestors(&path).any(|p| p == at) => {
                    drill(raw, path, message)
                }
                _ => drill(raw, at, bare_message(&err)),
            }
        }
        (None, Some((path, message))) => drill(raw, path, message),
        (None, None) => ("#".into(), "openapiv3 could not read this document".into()),
    };
    Err(typed_error(source, pointer, message).into())
}

/// `text`, if serde_json may read it: YAML (1.1, as `serde_yaml` reads it)
/// takes NEL, LS and PS for line breaks and folds them inside quoted
/// strings, so a JSON text holding one reads differently as YAML, the way
/// taskgen has always read it.
pub(super) fn as_json(text: &str) -> Option<&str> {
    (!text.contains(['\u{85}', '\u{2028}', '\u{2029}'])).then_some(text)
}

/// The message of a `serde_yaml` error without the path before it and the
/// location after it, which the report shows its own way.
fn bare_message(err: &serde_path_to_error::Error<serde_yaml::Error>) -> String {
    let full = err.inner().to_string();
    let path = format!("{}: ", err.path());
    let message = full.strip_prefix(&path).unwrap_or(&full);
    let located = message.rfind(" at line ").filter(|&i| {
        message
            .get(i..)
            .is_some_and(|tail| tail.contains(" column "))
    });
    match located {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

fn typed_error(source: &Source, pointer: String, message: String) -> SpecError {
    let message = friendlier(&pointer, message);
    source
        .error(&pointer, format!("not a valid OpenAPI 3.0 document: {message}"))
        .with_hint("compare this place with the OpenAPI 3.0.3 specification: https://spec.openapis.org/oas/v3.0.3")
}

/// Replaces the jargon of serde and openapiv3's type names.
fn friendlier(pointer: &str, message: String) -> String {
    if message.contains("did not match any variant of untagged enum") {
        return match kind_at(pointer) {
            Some(Kind::Each(_)) | None => "this value has the wrong shape here".into(),
            Some(kind) => format!("this is not a valid {} (nor a `$ref`)", kind.name()),
        };
    }
    if message.contains("enum ParameterSchemaOrContent") {
        return "a parameter needs either `schema` or `content`".into();
    }
    // "expected struct AnySchema" and the like.
    match message.split_once("expected struct ") {
        Some((before, name)) => {
            let name = name.trim_start_matches("Any");
            format!("{before}expected a {name} object")
        }
        None => message,
    }
}

/// The pointer of a `serde_path_to_error` path under `base`.
fn path_pointer(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = base.to_string();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer::join(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer::join(&pointer, key),
            Segment::Enum { .. } => {}
            Segment::Unknown => break,
        }
    }
    pointer
}

/// Where deserializing `node` as `T` fails: the path and message.
pub(super) fn typed<T: DeserializeOwned>(node: &Value) -> Option<(String, String)> {
    // See `parse_openapi` for why this catches panics.
    match std::panic::catch_unwind(|| serde_path_to_error::deserialize::<_, T>(node)) {
        Ok(Ok(_)) => None,
        Ok(Err(err)) => Some((path_pointer("#", err.path()), err.inner().to_string())),
        Err(_) => Some(("#".into(), "openapiv3 could not read this value".into())),
    }
}
