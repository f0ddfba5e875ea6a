//! Deserializes the `openapiv3` document and, when that fails, turns the
//! serde failure into a located error with a readable message.

use serde::de::DeserializeOwned;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::error::{Result, SpecError};
use crate::{pointer, quiet_panic};

use super::locate::{drill, kind_at, Kind};
use super::lookup::ancestors;
use super::source::Source;

/// Deserializes the typed document from the text, whose scalars `serde_yaml`
/// reads leniently (`version: 1.0` is fine) and whose maps keep document
/// order; or, when `normalized` (`raw` differs from the text), from `raw`.
/// A failure is located by re-reading the JSON data. `json` is the JSON
/// text that says the same as `raw` when there is one: the spec's as
/// serde_json read it (see `json_text`), or with overlays applied the
/// overlaid document's.
pub(super) fn parse_openapi(
    source: &Source,
    raw: &Value,
    json: Option<&str>,
    normalized: bool,
) -> Result<openapiv3::OpenAPI> {
    // openapiv3's `ReferenceOr` panics (an `expect`) on a few inputs:
    // `check_json_compatible` and `schema_or_content` refuse the known ones
    // first, this catches any other. Nothing the closure reads is changed
    // by it, so a panic leaves no broken state behind.
    let parsed = quiet_panic::catch(|| {
        if normalized {
            return from_data(source, raw);
        }
        // A JSON text (most large specs) reads the same and several times
        // faster with serde_json; what it refuses takes the lenient way.
        if let Some(Ok(doc)) = json.map(serde_json::from_str) {
            return Ok(doc);
        }
        let de = serde_yaml::Deserializer::from_str(&source.text);
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(de)
    });
    let failure = match parsed {
        Some(Ok(doc)) => return Ok(doc),
        Some(Err(err)) => Some(err),
        None => None,
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

/// The typed document from rewritten data, with each map in the order the
/// text writes it (`raw`'s keys are sorted) and as leniently as from the
/// text: printed as JSON, which `serde_yaml` reads too (`version: 1.0` as a
/// string) when serde_json refuses it.
fn from_data(
    source: &Source,
    raw: &Value,
) -> std::result::Result<openapiv3::OpenAPI, serde_path_to_error::Error<serde_yaml::Error>> {
    let ordered = InTextOrder {
        value: raw,
        at: "#".into(),
        source,
    };
    let text = serde_json::to_string(&ordered).unwrap_or_default();
    if let Ok(doc) = serde_json::from_str(&text) {
        return Ok(doc);
    }
    serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(&text))
}

/// Serializes JSON data with each object's members in the order of their
/// place in the text; members the text does not have (added by
/// `normalize`) last.
struct InTextOrder<'a> {
    value: &'a Value,
    at: String,
    source: &'a Source,
}

impl Serialize for InTextOrder<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self.value {
            Value::Object(map) => {
                let mut members: Vec<(&String, InTextOrder<'_>)> = map
                    .iter()
                    .map(|(key, value)| (key, self.child(value, key)))
                    .collect();
                members.sort_by_key(|(_, member)| {
                    let place = self.source.positions().get(&member.at);
                    place.unwrap_or((usize::MAX, usize::MAX))
                });
                let mut out = serializer.serialize_map(Some(members.len()))?;
                for (key, member) in &members {
                    out.serialize_entry(key, member)?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for (i, item) in items.iter().enumerate() {
                    out.serialize_element(&self.child(item, &i.to_string()))?;
                }
                out.end()
            }
            scalar => scalar.serialize(serializer),
        }
    }
}

impl<'a> InTextOrder<'a> {
    fn child(&self, value: &'a Value, token: &str) -> Self {
        InTextOrder {
            value,
            at: pointer::join(&self.at, token),
            source: self.source,
        }
    }
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
    // serde's names for what the spec must contain at this place.
    let (before, _) = message.split_once("expected").unwrap_or((&message, ""));
    if message.ends_with("expected internally tagged enum Parameter") {
        return format!("{before}expected a Parameter object: a mapping with `name`, `in` (query, header, path or cookie) and `schema`");
    }
    if message.ends_with("expected internally tagged enum SecurityScheme") {
        return format!("{before}expected a Security Scheme object: a mapping with `type` (apiKey, http, oauth2 or openIdConnect)");
    }
    if message.ends_with("expected variant identifier") {
        return match pointer.rsplit('/').next() {
            Some("in") => format!("{before}expected one of `query`, `header`, `path`, `cookie`"),
            _ => format!("{before}expected a string, one of the names OpenAPI allows here"),
        };
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
    match quiet_panic::catch(|| serde_path_to_error::deserialize::<_, T>(node)) {
        Some(Ok(_)) => None,
        Some(Err(err)) => Some((path_pointer("#", err.path()), err.inner().to_string())),
        None => Some(("#".into(), "openapiv3 could not read this value".into())),
    }
}
