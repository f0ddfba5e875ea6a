//! Finds where a typed failure really is. serde loses the path inside
//! untagged enums, flattened maps and tagged objects; re-reading the node
//! there as the OpenAPI object it should be recovers the exact place.

use serde_json::Value;

use crate::pointer;

use super::lookup::resolve;
use super::parse::typed;

/// The OpenAPI objects that sit behind untagged enums and flattened maps,
/// where serde loses the path: re-reading the node as its type finds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    PathItem,
    Parameter,
    RequestBody,
    Response,
    Header,
    Schema,
    Example,
    Link,
    SecurityScheme,
    MediaType,
    /// Every member (or item) is of that kind.
    Each(&'static Kind),
}

impl Kind {
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::PathItem => "Path Item object",
            Kind::Parameter => "Parameter object",
            Kind::RequestBody => "Request Body object",
            Kind::Response => "Response object",
            Kind::Header => "Header object",
            Kind::Schema => "Schema object",
            Kind::Example => "Example object",
            Kind::Link => "Link object",
            Kind::SecurityScheme => "Security Scheme object",
            Kind::MediaType => "Media Type object",
            Kind::Each(kind) => kind.name(),
        }
    }

    /// The first failure inside `node`, relative to it.
    fn check(self, node: &Value) -> Option<(String, String)> {
        if node.get("$ref").is_some() {
            return None;
        }
        match self {
            Kind::PathItem => typed::<openapiv3::PathItem>(node),
            // `Parameter` is tagged by `in` and loses the path inside.
            Kind::Parameter => typed::<openapiv3::Parameter>(node)
                .map(|err| deeper(err, typed::<openapiv3::ParameterData>(node))),
            Kind::RequestBody => typed::<openapiv3::RequestBody>(node),
            Kind::Response => typed::<openapiv3::Response>(node),
            Kind::Header => typed::<openapiv3::Header>(node),
            Kind::Schema => check_schema(node),
            Kind::Example => typed::<openapiv3::Example>(node),
            Kind::Link => typed::<openapiv3::Link>(node),
            Kind::SecurityScheme => typed::<openapiv3::SecurityScheme>(node),
            Kind::MediaType => typed::<openapiv3::MediaType>(node),
            Kind::Each(kind) => check_each(*kind, node),
        }
    }
}

/// `found`, unless it lacks a path and `alternative` has one.
fn deeper(found: (String, String), alternative: Option<(String, String)>) -> (String, String) {
    match alternative {
        Some(alternative) if found.0 == "#" && alternative.0 != "#" => alternative,
        _ => found,
    }
}

/// A schema's `type`-specific part is read without a path too: reading it
/// as the type its `type` names finds the offending keyword.
fn check_schema(node: &Value) -> Option<(String, String)> {
    use openapiv3::{ArrayType, BooleanType, IntegerType, NumberType, ObjectType, StringType};
    let err = typed::<openapiv3::Schema>(node)?;
    let by_type = match node.get("type").and_then(Value::as_str) {
        Some("string") => typed::<StringType>(node),
        Some("number") => typed::<NumberType>(node),
        Some("integer") => typed::<IntegerType>(node),
        Some("object") => typed::<ObjectType>(node),
        Some("array") => typed::<ArrayType>(node),
        Some("boolean") => typed::<BooleanType>(node),
        _ => None,
    };
    // `AnySchema` has every keyword, for one that does not fit the type.
    // `SchemaData` has the keywords every schema may have.
    let any = || typed::<openapiv3::AnySchema>(node);
    let data = || typed::<openapiv3::SchemaData>(node);
    Some(by_type.or_else(any).or_else(data).unwrap_or(err))
}

fn check_each(kind: Kind, node: &Value) -> Option<(String, String)> {
    let children: Vec<(String, &Value)> = match node {
        Value::Object(map) => map
            .iter()
            .filter(|(key, _)| !key.starts_with("x-"))
            .map(|(key, child)| (key.clone(), child))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, child)| (i.to_string(), child))
            .collect(),
        _ => return None,
    };
    children.into_iter().find_map(|(token, child)| {
        let (path, message) = kind.check(child)?;
        let suffix = path.strip_prefix('#').unwrap_or(&path);
        Some((format!("{}{suffix}", pointer::join("#", &token)), message))
    })
}

/// The kind of object expected at `pointer`, from its last tokens.
pub(super) fn kind_at(pointer: &str) -> Option<Kind> {
    let tokens: Vec<String> = pointer::tokens(pointer).collect();
    let last = tokens.last().map(String::as_str);
    let parent = tokens
        .len()
        .checked_sub(2)
        .and_then(|i| tokens.get(i))
        .map(String::as_str);
    if parent == Some("properties") {
        return Some(Kind::Schema);
    }
    if tokens.len() == 2 && parent == Some("paths") {
        return Some(Kind::PathItem);
    }
    let by_parent = match parent {
        Some("schemas" | "allOf" | "oneOf" | "anyOf") => Some(Kind::Schema),
        Some("parameters") => Some(Kind::Parameter),
        Some("responses") => Some(Kind::Response),
        Some("headers") => Some(Kind::Header),
        Some("examples") => Some(Kind::Example),
        Some("links") => Some(Kind::Link),
        Some("requestBodies") => Some(Kind::RequestBody),
        Some("securitySchemes") => Some(Kind::SecurityScheme),
        Some("content") => Some(Kind::MediaType),
        _ => None,
    };
    by_parent.or(match last {
        Some("schema" | "items" | "not" | "additionalProperties") => Some(Kind::Schema),
        Some("requestBody") => Some(Kind::RequestBody),
        Some("paths") if tokens.len() == 1 => Some(Kind::Each(&Kind::PathItem)),
        Some("responses") => Some(Kind::Each(&Kind::Response)),
        Some("parameters") => Some(Kind::Each(&Kind::Parameter)),
        Some("properties" | "schemas" | "allOf" | "oneOf" | "anyOf") => {
            Some(Kind::Each(&Kind::Schema))
        }
        Some("content") => Some(Kind::Each(&Kind::MediaType)),
        _ => None,
    })
}

/// Follows a failure down through the objects where serde lost the path.
pub(super) fn drill(raw: &Value, mut pointer: String, mut message: String) -> (String, String) {
    // Each step goes deeper into a finite document; the bound is a guard.
    for _ in 0..64 {
        let Some(kind) = kind_at(&pointer) else { break };
        let Some(node) = resolve(raw, &pointer) else {
            break;
        };
        let Some((path, inner)) = kind.check(node) else {
            break;
        };
        let suffix = path.strip_prefix('#').unwrap_or(&path).to_string();
        message = inner;
        if !suffix.is_empty() {
            pointer.push_str(&suffix);
            continue;
        }
        // The node's own reader lost the path (a flattened or tagged
        // object): a member that is itself broken is the better place.
        match broken_member(&pointer, node) {
            Some(member) => pointer = member,
            None => break,
        }
    }
    (pointer, message)
}

/// The first member of `node` that is an OpenAPI object and fails to read.
fn broken_member(at: &str, node: &Value) -> Option<String> {
    let members = node
        .as_object()?
        .iter()
        .filter(|(key, _)| !key.starts_with("x-"));
    members
        .map(|(key, child)| (pointer::join(at, key), child))
        .find(|(member, child)| kind_at(member).is_some_and(|kind| kind.check(child).is_some()))
        .map(|(member, _)| member)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{edited, spec_error};

    #[test]
    fn locates_typed_errors_behind_untagged_enums() {
        let err = spec_error(&edited(
            "in: query\n          schema",
            "in: querx\n          schema",
        ));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/parameters/0/in");
        assert_eq!(err.position, Some((11, 11)));
        assert!(
            err.message.contains("unknown variant `querx`"),
            "{}",
            err.message
        );

        let err = spec_error(&edited("minimum: 1}", "minimum: one}"));
        assert_eq!(
            err.pointer,
            "#/components/parameters/MaxSize/schema/minimum"
        );
        assert!(err.message.contains("invalid type"), "{}", err.message);

        let err = spec_error(&edited("          description: OK\n", ""));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/responses/200");
        assert!(
            err.message.contains("missing field `description`"),
            "{}",
            err.message
        );

        // The text reads `version: 1.0` leniently; that is no reason to
        // report it instead of the real problem.
        let text = edited("  version: '1'", "  version: 1.0");
        let err =
            spec_error(&text.replacen("in: query\n", "in: query\n          required: 7\n", 1));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/parameters/0/required");
        assert!(
            err.message.contains("invalid type: integer `7`"),
            "{}",
            err.message
        );

        let err = spec_error(&edited(
            "type: integer, minimum: 1",
            "type: integer, maxLength: x",
        ));
        assert_eq!(
            err.pointer,
            "#/components/parameters/MaxSize/schema/maxLength"
        );

        let err = spec_error(&edited(
            "      type: object\n",
            "      allOf: [{type: object, required: yes}]\n",
        ));
        assert_eq!(err.pointer, "#/components/schemas/Task/allOf/0/required");

        let err = spec_error(&edited("  title: T\n", ""));
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/info", Some((2, 1)))
        );
        assert!(
            err.message.contains("missing field `title`"),
            "{}",
            err.message
        );
    }
}
