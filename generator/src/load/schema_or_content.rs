//! Refuses a parameter or header that has both `schema` and `content`.
//! OpenAPI allows one of them; openapiv3 reads such an object one way from
//! the text and another from JSON data, and on an invalid one reaches an
//! `expect` (a panic, caught in `parse`, whose message would still reach
//! the user's terminal). Found by fuzzing (`generate` target).

use crate::error::Result;
use crate::pointer::{self, Step, Step::Key};

use super::data::Data;
use super::source::Source;
use super::METHODS;

/// The first parameter or header, in document order, with both keys.
pub(super) fn check_schema_or_content(source: &Source, raw: &impl Data) -> Result<()> {
    let mut first = First(None);
    for (path, item) in members(raw.get("paths")) {
        for (i, parameter) in members(item.get("parameters")) {
            first.meet(parameter, &[Key("paths"), path, Key("parameters"), i]);
        }
        for method in METHODS {
            let Some(op) = item.get(method) else {
                continue;
            };
            for (i, parameter) in members(op.get("parameters")) {
                let at = [Key("paths"), path, Key(method), Key("parameters"), i];
                first.meet(parameter, &at);
            }
            let at = [Key("paths"), path, Key(method), Key("responses")];
            response_headers(&at, op.get("responses"), &mut first);
        }
    }
    let components = raw.get("components");
    for kind in ["parameters", "headers"] {
        for (name, object) in members(components.and_then(|c| c.get(kind))) {
            first.meet(object, &[Key("components"), Key(kind), name]);
        }
    }
    let at = [Key("components"), Key("responses")];
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
    /// Meets `object`, which `steps` lead to from the root.
    fn meet(&mut self, object: &impl Data, steps: &[Step<'_>]) {
        if self.0.is_none() && object.get("schema").is_some() && object.get("content").is_some() {
            self.0 = Some(pointer::of_steps(steps));
        }
    }
}

/// The members of a map or the items of an array, by key or index.
fn members<D: Data>(value: Option<&D>) -> Box<dyn Iterator<Item = (Step<'_>, &D)> + '_> {
    if let Some(members) = value.and_then(D::members) {
        Box::new(members.map(|(k, v)| (Key(k), v)))
    } else if let Some(items) = value.and_then(D::items) {
        Box::new(items.iter().enumerate().map(|(i, v)| (Step::Index(i), v)))
    } else {
        Box::new(std::iter::empty())
    }
}

/// The headers of each response of the `responses` map at `at`.
fn response_headers<D: Data>(at: &[Step<'_>], responses: Option<&D>, first: &mut First) {
    for (status, response) in members(responses) {
        for (name, header) in members(response.get("headers")) {
            first.meet(header, &[at, &[status, Key("headers"), name]].concat());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::spec_error;

    /// Each place a parameter or header sits, refused at its own pointer.
    #[test]
    fn refuses_both_keys_at_the_place_they_are_written() {
        let both = r#"{"name": "h", "in": "header", "schema": {}, "content": {}}"#;
        let header = r#"{"schema": {}, "content": {}}"#;
        let places = [
            (
                format!(r#""paths": {{"/a": {{"parameters": [{both}]}}}}"#),
                "#/paths/~1a/parameters/0",
            ),
            (
                format!(
                    r##""paths": {{"/a": {{"get": {{"parameters": [{{"$ref": "#/x"}}, {both}],
                    "responses": {{"200": {{"description": "x"}}}}}}}}}}"##
                ),
                "#/paths/~1a/get/parameters/1",
            ),
            (
                format!(
                    r#""paths": {{"/a": {{"get": {{"responses": {{"200": {{"description": "x",
                    "headers": {{"X-A": {header}}}}}}}}}}}}}"#
                ),
                "#/paths/~1a/get/responses/200/headers/X-A",
            ),
            (
                format!(r#""paths": {{}}, "components": {{"parameters": {{"P": {both}}}}}"#),
                "#/components/parameters/P",
            ),
            (
                format!(
                    r#""paths": {{}}, "components": {{"responses": {{"R": {{"description": "x",
                    "headers": {{"X~B": {header}}}}}}}}}"#
                ),
                "#/components/responses/R/headers/X~0B",
            ),
        ];
        for (rest, at) in places {
            let text = format!(
                r#"{{"openapi": "3.0.3", "info": {{"title": "T", "version": "1"}}, {rest}, "x": {{}}}}"#
            );
            let err = spec_error(&text);
            assert_eq!(err.pointer, at, "{text}");
            assert!(
                err.message.contains("both `schema` and `content`"),
                "{}",
                err.message
            );
        }
    }
}
