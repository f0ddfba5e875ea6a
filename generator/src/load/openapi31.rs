//! OpenAPI 3.1 read as the 3.0 model taskgen generates from: each 3.1
//! construct rewritten as its 3.0 equivalent in the JSON data, in place, so
//! every node keeps its pointer (and its position in the text).
//!
//! Converted: `type: [T, "null"]` (`type: T, nullable: true`), `const` (a
//! one-value `enum`), numeric `exclusiveMinimum`/`exclusiveMaximum`
//! (`minimum` + `exclusiveMinimum: true`), a schema's `examples` list (its
//! first value as `example`), a `$ref` beside constraints (`allOf: [$ref]`
//! beside them), `contentEncoding: base64` (`format: byte`) and a binary
//! `contentMediaType` (`format: binary`), `{type: "null"}` among `oneOf` or
//! `anyOf` parts (`nullable`), boolean schemas, and the `paths`
//! and `responses` 3.1 lets a document leave out. Ignored, with one warning
//! per kind: what has no 3.0 equivalent (`webhooks`, `jsonSchemaDialect`,
//! `info.summary`, `license.identifier`, `prefixItems`, `if`/`then`/`else`,
//! ...) and `type` lists of several non-null types. `$defs` and
//! `components.pathItems` stay: `$ref`s into them resolve as before.

use serde_json::{json, Map, Value};

use crate::pointer;

use super::data::Data;
use super::normalize::Notes;
use super::METHODS;

/// Schema keywords of 3.1 (JSON Schema 2020-12) with no 3.0 equivalent.
const IGNORED_KEYWORDS: [&str; 20] = [
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "patternProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
    "$id",
    "$schema",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$vocabulary",
];

/// Keywords beside a `$ref` that only document it: the reference alone
/// gives the same type.
const DOC_KEYWORDS: [&str; 12] = [
    "description",
    "title",
    "summary",
    "$comment",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "xml",
];

/// Whether the document declares `openapi: 3.1.x`.
pub(super) fn is_3_1<D: Data>(raw: &D) -> bool {
    raw.get("openapi")
        .and_then(D::as_str)
        .is_some_and(|version| version.starts_with("3.1."))
}

/// The document-level differences.
pub(super) fn document(raw: &mut Value, notes: &mut Notes) {
    let Value::Object(root) = raw else { return };
    for key in ["webhooks", "jsonSchemaDialect"] {
        ignore(root, key, "#", notes);
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        ignore(info, "summary", "#/info", notes);
        if let Some(Value::Object(license)) = info.get_mut("license") {
            ignore(license, "identifier", "#/info/license", notes);
        }
    }
    let paths = root
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    add_missing_responses(paths, notes);
    if let Some(items) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("pathItems"))
    {
        add_missing_responses(items, notes);
    }
}

/// Removes `key`, which has no 3.0 equivalent, with a warning.
fn ignore(map: &mut Map<String, Value>, key: &'static str, at: &str, notes: &mut Notes) {
    if map.remove(key).is_some() {
        notes.note(key, &pointer::join(at, key), || {
            format!("`{key}` has no OpenAPI 3.0 equivalent: ignored")
        });
    }
}

/// 3.1 lets an operation leave out `responses`, which 3.0 requires.
fn add_missing_responses(path_items: &mut Value, notes: &mut Notes) {
    let Value::Object(items) = path_items else {
        return;
    };
    for item in items.values_mut() {
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.get_mut(*method) {
                if !operation.contains_key("responses") {
                    operation.insert("responses".into(), json!({}));
                    notes.changed = true;
                }
            }
        }
    }
}

/// `true` and `false` as schemas: anything, and nothing.
pub(super) fn boolean_schema(node: &mut Value, notes: &mut Notes) {
    let Value::Bool(anything) = *node else { return };
    *node = if anything {
        json!({})
    } else {
        json!({"not": {}})
    };
    notes.changed = true;
}

/// One schema object's 3.1 keywords (not those of the schemas inside it).
pub(super) fn schema(map: &mut Map<String, Value>, at: &str, notes: &mut Notes) {
    null_alternative(map, notes);
    type_list(map, at, notes);
    if let Some(value) = map.remove("const") {
        map.entry("enum").or_insert_with(|| json!([value]));
        notes.changed = true;
    }
    exclusive(
        map,
        "exclusiveMinimum",
        "minimum",
        |bound, limit| bound > limit,
        notes,
    );
    exclusive(
        map,
        "exclusiveMaximum",
        "maximum",
        |bound, limit| bound < limit,
        notes,
    );
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
        notes.changed = true;
    }
    content(map, at, notes);
    for key in IGNORED_KEYWORDS {
        ignore(map, key, at, notes);
    }
    ref_beside_constraints(map, notes);
}

/// `oneOf: [{$ref: T}, {type: "null"}]` (or `anyOf`), the 3.1 way to say
/// "T or null", is `oneOf: [{$ref: T}]` with `nullable: true`.
fn null_alternative(map: &mut Map<String, Value>, notes: &mut Notes) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(parts)) = map.get_mut(key) else {
            continue;
        };
        let before = parts.len();
        parts.retain(|part| !is_null_type(part.get("type")));
        if parts.len() < before {
            map.insert("nullable".into(), Value::Bool(true));
            notes.changed = true;
        }
    }
}

/// `"null"` or `["null"]`.
fn is_null_type(value: Option<&Value>) -> bool {
    match value {
        Some(Value::String(only)) => only == "null",
        Some(Value::Array(types)) => types.len() == 1 && types[0] == "null",
        _ => false,
    }
}

/// `type: [T, "null"]` is `type: T, nullable: true`; `type: "null"` only
/// nullable. A list of several other types has no 3.0 form: the schema is
/// read without a `type`.
fn type_list(map: &mut Map<String, Value>, at: &str, notes: &mut Notes) {
    let types = match map.get("type") {
        Some(Value::Array(types)) => types.clone(),
        Some(Value::String(only)) if only == "null" => vec![Value::String(only.clone())],
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
    match others.as_slice() {
        [] => {
            map.remove("type");
        }
        [one] => {
            map.insert("type".into(), one.clone());
        }
        several => {
            let listed: Vec<String> = several.iter().map(Value::to_string).collect();
            map.remove("type");
            notes.note("type list", &pointer::join(at, "type"), || {
                format!(
                    "`type` lists several types ({}), which OpenAPI 3.0 cannot say: \
                     the schema is read without a `type`",
                    listed.join(", ")
                )
            });
        }
    }
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
    notes.changed = true;
}

/// A numeric `exclusiveMinimum` (3.1) is a `minimum` with
/// `exclusiveMinimum: true` (3.0), unless a `minimum` beside it is stricter
/// already; likewise for the maximum.
fn exclusive(
    map: &mut Map<String, Value>,
    key: &str,
    bound_key: &str,
    stricter: fn(f64, f64) -> bool,
    notes: &mut Notes,
) {
    let Some(Value::Number(limit)) = map.get(key).cloned() else {
        return;
    };
    let bound = map.get(bound_key).and_then(Value::as_f64);
    if bound
        .zip(limit.as_f64())
        .is_some_and(|(b, l)| stricter(b, l))
    {
        map.remove(key);
    } else {
        map.insert(bound_key.into(), Value::Number(limit));
        map.insert(key.into(), Value::Bool(true));
    }
    notes.changed = true;
}

/// `contentEncoding: base64` is `format: byte`; a non-text
/// `contentMediaType` without an encoding is `format: binary`.
fn content(map: &mut Map<String, Value>, at: &str, notes: &mut Notes) {
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    if encoding.is_none() && media.is_none() {
        return;
    }
    notes.changed = true;
    let format = match (
        encoding.as_ref().and_then(Value::as_str),
        media.as_ref().and_then(Value::as_str),
    ) {
        (Some("base64" | "base64url"), _) => Some("byte"),
        (None, Some(media)) if !is_text(media) => Some("binary"),
        _ => None,
    };
    let is_string = map.get("type").and_then(Value::as_str) == Some("string");
    match format {
        Some(format) if is_string => {
            map.entry("format").or_insert_with(|| json!(format));
        }
        _ if encoding.is_some() => {
            notes.note(
                "contentEncoding",
                &pointer::join(at, "contentEncoding"),
                || {
                    "`contentEncoding` other than base64 on a string has no OpenAPI 3.0 \
                 equivalent: ignored"
                        .to_string()
                },
            );
        }
        _ => {}
    }
}

/// Text a Rust `String` holds as is.
fn is_text(media: &str) -> bool {
    media.starts_with("text/") || media.contains("json") || media.contains("xml")
}

/// 3.1 lets a `$ref` stand beside other keywords, which 3.0 ignores. Beside
/// documentation the reference alone is the type; beside constraints
/// (`nullable`, bounds, ...) it becomes `allOf: [$ref]` so they still apply.
fn ref_beside_constraints(map: &mut Map<String, Value>, notes: &mut Notes) {
    if !map.contains_key("$ref") {
        return;
    }
    let constrained = map
        .keys()
        .any(|k| k != "$ref" && !k.starts_with("x-") && !DOC_KEYWORDS.contains(&k.as_str()));
    if constrained && !map.contains_key("allOf") {
        let reference = map.remove("$ref").unwrap_or_default();
        map.insert("allOf".into(), json!([{ "$ref": reference }]));
        notes.changed = true;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixtures::load_text;

    const SPEC: &str = "\
openapi: 3.1.0
info: {title: T, version: '1', summary: S}
jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base
webhooks:
  done: {post: {responses: {'200': {description: OK}}}}
paths:
  /tasks:
    get:
      operationId: ListTasks
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Task'}
components:
  schemas:
    Task:
      type: object
      properties:
        name: {type: [string, 'null']}
        kind: {const: task}
        size: {type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10, maximum: 5}
        tags: {type: array, items: true, examples: [[a, b]]}
        data: {type: string, contentEncoding: base64}
        file: {type: string, contentMediaType: image/png}
        either: {type: [string, integer]}
        parent: {$ref: '#/components/schemas/Task', description: The parent.}
        owner: {$ref: '#/components/schemas/Task', type: [object, 'null']}
        first: {type: array, prefixItems: [{type: string}]}
        next: {oneOf: [{$ref: '#/components/schemas/Task'}, {type: 'null'}]}
";

    #[test]
    fn converts_each_construct_to_its_3_0_form() {
        let spec = load_text(SPEC).unwrap();
        let props = &spec.raw["components"]["schemas"]["Task"]["properties"];
        assert_eq!(props["name"], json!({"type": "string", "nullable": true}));
        assert_eq!(props["kind"], json!({"enum": ["task"]}));
        assert_eq!(
            props["size"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 5})
        );
        assert_eq!(
            props["tags"],
            json!({"type": "array", "items": {}, "example": ["a", "b"]})
        );
        assert_eq!(props["data"], json!({"type": "string", "format": "byte"}));
        assert_eq!(props["file"], json!({"type": "string", "format": "binary"}));
        assert_eq!(props["either"], json!({}));
        assert_eq!(
            props["parent"],
            json!({"$ref": "#/components/schemas/Task", "description": "The parent."})
        );
        assert_eq!(
            props["owner"],
            json!({"allOf": [{"$ref": "#/components/schemas/Task"}], "type": "object", "nullable": true})
        );
        assert_eq!(props["first"], json!({"type": "array"}));
        assert_eq!(
            props["next"],
            json!({"oneOf": [{"$ref": "#/components/schemas/Task"}], "nullable": true})
        );
        assert!(spec.raw.get("webhooks").is_none());
    }

    #[test]
    fn warns_once_per_kind_of_what_is_ignored_at_its_place() {
        let spec = load_text(SPEC).unwrap();
        let found: Vec<(&str, Option<(usize, usize)>)> = spec
            .warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.position))
            .collect();
        assert_eq!(
            found,
            [
                ("#/webhooks", Some((4, 1))),
                ("#/jsonSchemaDialect", Some((3, 1))),
                ("#/info/summary", Some((2, 32))),
                (
                    "#/components/schemas/Task/properties/either/type",
                    Some((27, 18))
                ),
                (
                    "#/components/schemas/Task/properties/first/prefixItems",
                    Some((30, 30))
                ),
            ]
        );
        assert!(spec.warnings[3].message.contains("\"string\", \"integer\""));
        assert!(spec.warnings[4]
            .message
            .contains("`prefixItems` has no OpenAPI 3.0 equivalent"));
    }

    #[test]
    fn paths_and_responses_3_1_leaves_out_are_added() {
        let text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n\
                    components:\n  pathItems:\n    Ping: {get: {operationId: Ping}}\n";
        let spec = load_text(text).unwrap();
        assert!(spec.doc.paths.paths.is_empty());
        let ping = &spec.raw["components"]["pathItems"]["Ping"]["get"];
        assert_eq!(ping["responses"], json!({}));
        assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    }

    #[test]
    fn a_stricter_bound_beside_an_exclusive_one_is_kept() {
        let text = SPEC.replace("exclusiveMinimum: 0,", "exclusiveMinimum: 0, minimum: 2,");
        let spec = load_text(&text).unwrap();
        let size = &spec.raw["components"]["schemas"]["Task"]["properties"]["size"];
        assert_eq!(size["minimum"], 2);
        assert!(size.get("exclusiveMinimum").is_none());
    }
}
