//! Refuses a parameter or header that has both `schema` and `content`.
//! OpenAPI allows one of them; openapiv3 reads such an object one way from
//! the text and another from JSON data, and on an invalid one reaches an
//! `expect` (a panic, caught in `parse`, whose message would still reach
//! the user's terminal). Found by fuzzing (`generate` target).

use serde_json::{Map, Value};

use crate::error::Result;
use crate::pointer;

use super::source::Source;
use super::METHODS;

/// The first parameter or header, in document order, with both keys.
pub(super) fn check_schema_or_content(source: &Source, raw: &Value) -> Result<()> {
    let mut places: Vec<(String, &Value)> = Vec::new();
    for (path, item) in members(raw.get("paths")) {
        let item_at = pointer::join("#/paths", &path);
        let at = pointer::join(&item_at, "parameters");
        for (i, parameter) in members(item.get("parameters")) {
            places.push((pointer::join(&at, &i), parameter));
        }
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let op_at = pointer::join(&item_at, method);
            let at = pointer::join(&op_at, "parameters");
            for (i, parameter) in members(op.get("parameters")) {
                places.push((pointer::join(&at, &i), parameter));
            }
            let at = pointer::join(&op_at, "responses");
            response_headers(&at, op.get("responses"), &mut places);
        }
    }
    let components = raw.get("components");
    for kind in ["parameters", "headers"] {
        let at = pointer::join("#/components", kind);
        for (name, object) in members(components.and_then(|c| c.get(kind))) {
            places.push((pointer::join(&at, &name), object));
        }
    }
    let at = "#/components/responses";
    response_headers(at, components.and_then(|c| c.get("responses")), &mut places);
    let both = |object: &Map<String, Value>| {
        object.contains_key("schema") && object.contains_key("content")
    };
    match places
        .into_iter()
        .find(|(_, object)| object.as_object().is_some_and(both))
    {
        Some((at, _)) => Err(source
            .error(
                &at,
                "has both `schema` and `content`, and OpenAPI allows one",
            )
            .with_hint("keep `schema` for a plain value, or `content` for a serialized one")
            .into()),
        None => Ok(()),
    }
}

/// The members of a map or the items of an array, by key or index.
fn members(value: Option<&Value>) -> Vec<(String, &Value)> {
    match value {
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    }
}

/// The headers of each response of the `responses` map at `at`.
fn response_headers<'v>(
    at: &str,
    responses: Option<&'v Value>,
    places: &mut Vec<(String, &'v Value)>,
) {
    for (status, response) in members(responses) {
        let at = pointer::join(&pointer::join(at, &status), "headers");
        for (name, header) in members(response.get("headers")) {
            places.push((pointer::join(&at, &name), header));
        }
    }
}
