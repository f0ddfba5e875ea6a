//! A JSON spec's path items read one at a time. The typed document is the
//! largest thing generation holds (autotask.net.json: 77 MB for 3.4 MB of
//! text, 87% of it path items), and openapiv3 reads `paths` through a
//! buffer of the whole object besides. Lowering needs one path item at a
//! time, so where generation lets go of the JSON data anyway (see
//! [`super::ReadSpec::parse_apart`]) the document is read without its path
//! items, which stay text until lowering takes each.

use std::ops::Range;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde_json::value::RawValue;

use super::LoadedSpec;
use crate::error::Result;
use crate::{pointer, quiet_panic};

/// A document's path items, in document order: read with the document, or
/// still text (where each is in the spec's text).
pub enum PathItems {
    Read(IndexMap<String, ReferenceOr<PathItem>>),
    Text(Vec<(String, Range<usize>)>),
}

impl PathItems {
    /// Each path item, read as it is taken and let go of by the taker. One
    /// that cannot be read is reported as reading the whole document
    /// reports it (`spec` is the document's).
    pub fn read(
        self,
        spec: &LoadedSpec,
    ) -> impl Iterator<Item = Result<(String, ReferenceOr<PathItem>)>> + '_ {
        let items: Box<dyn Iterator<Item = _> + '_> = match self {
            PathItems::Read(items) => Box::new(items.into_iter().map(Ok)),
            PathItems::Text(items) => Box::new(items.into_iter().map(move |(path, at)| {
                match read_item(&spec.source.text[at]) {
                    Some(item) => Ok((path, item)),
                    None => Err(spec.document_error(&pointer::join("#/paths", &path))),
                }
            })),
        };
        items
    }
}

/// The typed document of a JSON `text` without its path items, and those
/// as text; `None` where a part cannot be read that way (reading the whole
/// text then reads or refuses it as before).
pub(super) fn split(text: &str) -> Option<(OpenAPI, PathItems)> {
    let members: IndexMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    // The document again without its path items; `paths` keeps its
    // extensions (`x-` members).
    let mut rest = String::new();
    let mut items = Vec::new();
    rest.push('{');
    for (key, value) in &members {
        if key != "paths" {
            push_member(&mut rest, key, value.get());
            continue;
        }
        let paths: IndexMap<String, &RawValue> = serde_json::from_str(value.get()).ok()?;
        rest.push_str("\"paths\":{");
        let empty = rest.len();
        for (key, value) in paths {
            // As openapiv3 reads `paths`: other keys are dropped (and
            // refused before this, see `lower::RawFacts`).
            if key.starts_with('/') {
                let start = value.get().as_ptr() as usize - text.as_ptr() as usize;
                items.push((key, start..start + value.get().len()));
            } else if key.starts_with("x-") {
                push_member(&mut rest, &key, value.get());
            }
        }
        if rest.len() > empty {
            rest.pop();
        }
        rest.push_str("},");
    }
    if rest.ends_with(',') {
        rest.pop();
    }
    rest.push('}');
    let doc = quiet_panic::catch(|| serde_json::from_str(&rest).ok()).flatten()?;
    Some((doc, PathItems::Text(items)))
}

/// `"key":value,` appended to `out`.
fn push_member(out: &mut String, key: &str, value: &str) {
    out.push_str(&serde_json::to_string(key).unwrap_or_default());
    out.push(':');
    out.push_str(value);
    out.push(',');
}

/// A path item as reading the whole document reads it: with serde_json,
/// else as leniently as from YAML; `None` if neither reads it (or
/// openapiv3 panics).
fn read_item(text: &str) -> Option<ReferenceOr<PathItem>> {
    quiet_panic::catch(|| {
        serde_json::from_str(text)
            .ok()
            .or_else(|| serde_yaml::from_str(text).ok())
    })
    .flatten()
}
