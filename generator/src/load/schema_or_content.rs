//! Refuses a parameter or header that has both `schema` and `content`.
//! OpenAPI allows one of them; openapiv3 reads such an object one way from
//! the text and another from JSON data, and on an invalid one reaches an
//! `expect` (a panic, caught in `parse`, whose message would still reach
//! the user's terminal). Found by fuzzing (`generate` target).

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::error::Result;
use crate::pointer;

use super::source::Source;
use super::METHODS;

/// The first parameter or header, in document order, with both keys.
pub(super) fn check_schema_or_content(source: &Source, raw: &Value) -> Result<()> {
    let mut first = First(None);
    for (path, item) in members(raw.get("paths")) {
        let item_at = || pointer::join("#/paths", &path.text());
        for (i, parameter) in members(item.get("parameters")) {
            first.meet(parameter, || {
                pointer::join(&pointer::join(&item_at(), "parameters"), &i.text())
            });
        }
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let op_at = || pointer::join(&item_at(), method);
            for (i, parameter) in members(op.get("parameters")) {
                first.meet(parameter, || {
                    pointer::join(&pointer::join(&op_at(), "parameters"), &i.text())
                });
            }
            let at = || pointer::join(&op_at(), "responses");
            response_headers(&at, op.get("responses"), &mut first);
        }
    }
    let components = raw.get("components");
    for kind in ["parameters", "headers"] {
        for (name, object) in members(components.and_then(|c| c.get(kind))) {
            first.meet(object, || {
                pointer::join(&pointer::join("#/components", kind), &name.text())
            });
        }
    }
    let at = || "#/components/responses".to_string();
    response_headers(&at, components.and_then(|c| c.get("responses")), &mut first);
    match first.0 {
        Some(at) => Err(source
            .error(
                &at,
                "has both `schema` and `content`, and OpenAPI allows one",
            )
            .with_hint("keep `schema` for a plain value, or `content` for a serialized one")
            .into()),
        None => Ok(()),
    }
}

/// Where the first object met with both keys is. Its pointer is made when
/// it is met: a spec has thousands of parameters.
struct First(Option<String>);

impl First {
    fn meet(&mut self, object: &Value, at: impl FnOnce() -> String) {
        let both = |object: &Map<String, Value>| {
            object.contains_key("schema") && object.contains_key("content")
        };
        if self.0.is_none() && object.as_object().is_some_and(both) {
            self.0 = Some(at());
        }
    }
}

/// The members of a map or the items of an array, by key or index.
fn members(value: Option<&Value>) -> Box<dyn Iterator<Item = (Key<'_>, &Value)> + '_> {
    match value {
        Some(Value::Object(map)) => Box::new(map.iter().map(|(k, v)| (Key::Name(k), v))),
        Some(Value::Array(items)) => {
            Box::new(items.iter().enumerate().map(|(i, v)| (Key::Index(i), v)))
        }
        _ => Box::new(std::iter::empty()),
    }
}

/// A member's key or an item's index, spelled only for a pointer.
enum Key<'a> {
    Name(&'a str),
    Index(usize),
}

impl Key<'_> {
    fn text(&self) -> Cow<'_, str> {
        match self {
            Key::Name(name) => Cow::Borrowed(name),
            Key::Index(i) => Cow::Owned(i.to_string()),
        }
    }
}

/// The headers of each response of the `responses` map at `at`.
fn response_headers(at: &dyn Fn() -> String, responses: Option<&Value>, first: &mut First) {
    for (status, response) in members(responses) {
        for (name, header) in members(response.get("headers")) {
            first.meet(header, || {
                let headers = pointer::join(&pointer::join(&at(), &status.text()), "headers");
                pointer::join(&headers, &name.text())
            });
        }
    }
}
