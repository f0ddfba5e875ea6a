//! Lowering real specs: mistakes are reported with their place and never
//! panic, and constructs real-world specs use are followed.

use std::path::PathBuf;

/// `text` written as a spec file in a new temporary folder.
fn write_spec(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("api.yaml");
    std::fs::write(&path, text).expect("write spec");
    (dir, path)
}

/// A spec with one operation answering `Thing`, and `schemas`.
fn spec_with_schemas(schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

/// The error generating from the spec `text` gives.
fn error_of_spec(text: &str) -> String {
    let (_dir, path) = write_spec(text);
    match taskgen::generate_module(&path) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(err) => err.to_string(),
    }
}

/// Every file generated from the spec `text`, concatenated.
fn code_of(text: &str) -> String {
    let (_dir, path) = write_spec(text);
    let (files, _) = taskgen::generate_module(&path).expect("generates");
    files.iter().map(|(_, text)| text.to_string()).collect()
}

fn error_of(schemas: &str) -> String {
    error_of_spec(&spec_with_schemas(schemas))
}

#[test]
fn alias_must_name_enum_values() {
    let err = error_of(
        "    Thing:\n      type: string\n      enum: [Running]\n      x-taskgen-enum: {open: true, aliases: {RUNNING: Running}}\n",
    );
    assert!(
        err.contains("#/components/schemas/Thing/x-taskgen-enum/aliases/RUNNING"),
        "{err}"
    );
    assert!(
        err.contains("`RUNNING` is not one of the enum's values"),
        "{err}"
    );
    assert!(err.contains("api.yaml:"), "{err}");
}

#[test]
fn misspelt_extension_key_is_an_error() {
    let err = error_of(
        "    Thing:\n      type: string\n      enum: [a]\n      x-taskgen-enum: {opne: true}\n",
    );
    assert!(err.contains("invalid `x-taskgen-enum`"), "{err}");
    assert!(err.contains("unknown field `opne`"), "{err}");
}

#[test]
fn variant_names_must_be_identifiers() {
    let err = error_of(
        "    Thing:\n      type: string\n      enum: ['0']\n      x-taskgen-enum: {open: true, names: {'0': 'my name'}}\n",
    );
    assert!(
        err.contains("is not an UpperCamelCase Rust identifier"),
        "{err}"
    );
}

#[test]
fn reference_cycle_is_an_error() {
    let err = error_of(
        "    Thing: {$ref: '#/components/schemas/Other'}\n    Other: {$ref: '#/components/schemas/Thing'}\n",
    );
    assert!(err.contains("is defined in terms of itself"), "{err}");
}

/// Two schemas made only of each other's `allOf` have no fields to end on:
/// a located refusal, not a hang. (Recursion through an inline `allOf`
/// part is fine: see the `all_of_recursion` fixture.)
#[test]
fn all_of_cycle_is_an_error() {
    let err = error_of(
        "    Thing:\n      allOf: [{$ref: '#/components/schemas/Other'}, {type: object}]\n    Other:\n      allOf: [{$ref: '#/components/schemas/Thing'}, {type: object}]\n",
    );
    assert!(
        err.contains(
            "api.yaml:16:16: #/components/schemas/Thing/allOf/0: \
             `allOf` cycle through `#/components/schemas/Other`"
        ),
        "{err}"
    );
}

#[test]
fn recursive_struct_fields_are_boxed_and_compile_shape_is_sane() {
    let (_dir, path) = write_spec(&spec_with_schemas(
        "    Thing:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Thing'}\n        children: {type: array, items: {$ref: '#/components/schemas/Thing'}}\n",
    ));
    let (files, summary) = taskgen::generate_module(&path).expect("generates");
    let types = files.get("types.rs").expect("types.rs");
    assert!(types.contains("pub next: Option<Box<Thing>>"), "{types}");
    assert!(
        types.contains("pub children: Option<Vec<Thing>>"),
        "{types}"
    );
    assert_eq!(summary.operations, 1);
}

fn error_of_operation_extension(extension: &str) -> String {
    error_of_spec(&format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /#Action=ListThings:\n    post:\n      operationId: ListThings\n      parameters:\n        - {{name: Tags, in: query, schema: {{type: array, items: {{type: string}}}}}}\n{extension}      responses:\n        '200': {{description: ok}}\n"
    ))
}

#[test]
fn rpc_encoding_must_name_a_query_parameter() {
    let err = error_of_operation_extension(
        "      x-taskgen-rpc: {action: ListThings, version: '1', method: POST, path: /, encoding: {Nope: json}}\n",
    );
    assert!(err.contains("x-taskgen-rpc/encoding/Nope"), "{err}");
    assert!(
        err.contains("`Nope` is not a query parameter of this operation"),
        "{err}"
    );
}

#[test]
fn example_must_name_parameters_of_the_operation() {
    let err = error_of_operation_extension(
        "      x-taskgen-example: {name: list_things, summary: s, params: {Status: Failed}}\n",
    );
    assert!(err.contains("x-taskgen-example/params/Status"), "{err}");
}

#[test]
fn two_examples_may_not_share_a_name() {
    let op = |path: &str, id: &str| {
        format!("  /{path}:\n    get:\n      operationId: {id}\n      x-taskgen-example: {{name: same, summary: s}}\n      responses:\n        '200': {{description: ok}}\n")
    };
    let err = error_of_spec(&format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{}{}",
        op("a", "listA"),
        op("b", "listB")
    ));
    assert!(
        err.contains("#/paths/~1b/get/x-taskgen-example/name")
            && err.contains("another operation's example is already named `same`"),
        "{err}"
    );
}

fn error_of_pagination(extension: &str) -> String {
    error_of_spec(&format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      parameters:\n        - {{name: token, in: query, schema: {{type: string}}}}\n        - {{name: size, in: query, schema: {{type: integer}}}}\n      x-taskgen-pagination: {extension}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  things: {{type: array, items: {{type: string}}}}\n                  next: {{type: string}}\n                  count: {{type: string}}\n"
    ))
}

#[test]
fn pagination_fields_must_exist_with_the_right_types() {
    let ok = "{style: next-token, request: {cursor: token, page-size: size}, response: {items: things, next-cursor: next}, stop: token-absent-or-empty}";
    let missing_param = ok.replace("cursor: token", "cursor: nope");
    let err = error_of_pagination(&missing_param);
    assert!(err.contains("x-taskgen-pagination/request/cursor"), "{err}");
    assert!(err.contains("`nope` is not a query parameter"), "{err}");

    let not_array = ok.replace("items: things", "items: next");
    let err = error_of_pagination(&not_array);
    assert!(err.contains("`next` must be an array"), "{err}");

    let cursor_not_string = ok.replace("cursor: token", "cursor: size");
    let err = error_of_pagination(&cursor_not_string);
    assert!(err.contains("`size` must be a string"), "{err}");

    let total_not_integer = "{style: page-number, request: {page: size, page-size: size}, response: {items: things, total: count}, stop: past-total}";
    let err = error_of_pagination(total_not_integer);
    assert!(err.contains("`count` must be an integer"), "{err}");

    let wrong_stop = ok.replace("token-absent-or-empty", "not-truncated");
    let err = error_of_pagination(&wrong_stop);
    assert!(err.contains("stops by `token-absent-or-empty`"), "{err}");
}

/// A `$ref` is a URI reference: `{` and `}` in a path key are written
/// `%7B`/`%7D` in it (as in real specs, e.g. spacetraders.io).
#[test]
fn percent_encoded_refs_are_followed() {
    let code = code_of("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /things/{id}:\n    get:\n      operationId: getThing\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  kind: {type: string, enum: [a, b]}\n  /others:\n    get:\n      operationId: listOthers\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  kind:\n                    $ref: '#/paths/~1things~1%7Bid%7D/get/responses/200/content/application~1json/schema/properties/kind'\n");
    assert!(code.contains("pub kind: Option<"), "{code}");
}

/// Only request structs (no response bodies, no schemas): nothing uses
/// serde, and an unused import would warn in the user's build.
#[test]
fn no_serde_import_without_serde_types() {
    let code = code_of("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /detect:\n    get:\n      operationId: detect\n      parameters:\n        - {name: url, in: query, required: true, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n");
    assert!(code.contains("pub struct DetectRequest"), "{code}");
    assert!(!code.contains("use serde"), "{code}");
}

/// The warnings generating from the spec `text` gives.
fn warnings_of(text: &str) -> Vec<taskgen::SpecError> {
    let (_dir, path) = write_spec(text);
    let (_, summary) = taskgen::generate_module(&path).expect("generates");
    summary.warnings
}

/// Two typed parts that are not objects and contradict each other cannot
/// merge: any JSON value, with a warning at the part, while one scalar part
/// next to annotation-only parts is its type (`tests/fixtures/all_of.yaml`,
/// `tests/fixtures/all_of_fallback.yaml`).
#[test]
fn all_of_of_two_scalars_is_any_json_with_a_warning() {
    let text = spec_with_schemas(
        "    Thing:\n      allOf:\n        - {type: string}\n        - {type: integer}\n",
    );
    let [warning] = warnings_of(&text).try_into().expect("one warning");
    assert_eq!(warning.pointer, "#/components/schemas/Thing/allOf/0");
    assert!(
        warning
            .message
            .contains("`allOf` part is not an object schema"),
        "{}",
        warning.message
    );
    assert!(code_of(&text).contains("pub type Thing = serde_json::Value;"));
    let same = spec_with_schemas(
        "    Thing:\n      allOf:\n        - {type: string}\n        - {type: string, maxLength: 3}\n",
    );
    assert!(warnings_of(&same).is_empty());
    assert!(code_of(&same).contains("pub type Thing = String;"));
}

/// Properties, `required` and `additionalProperties` beside `allOf` merge
/// like one more part (Azure's specs put a resource's own properties
/// there): none is dropped, and `required` may name a part's property.
#[test]
fn properties_beside_all_of_merge_with_its_parts() {
    let text = spec_with_schemas(concat!(
        "    Thing: {type: object, properties: {id: {type: string}}}\n",
        "    Pool:\n",
        "      type: object\n",
        "      allOf: [{$ref: '#/components/schemas/Thing'}]\n",
        "      properties: {location: {type: string}, sku: {type: string}}\n",
        "      required: [location, id]\n",
        "    Inline:\n",
        "      allOf: [{type: object, properties: {a: {type: string}}}]\n",
        "      properties: {b: {type: integer}}\n",
        "      additionalProperties: {type: string}\n",
    ));
    assert!(warnings_of(&text).is_empty());
    let code = code_of(&text);
    for field in [
        "pub id: String,",
        "pub location: String,",
        "pub sku: Option<String>,",
        "pub a: Option<String>,",
        "pub b: Option<i64>,",
    ] {
        assert!(code.contains(field), "{field}: {code}");
    }
}

/// Properties beside `oneOf`/`anyOf` have no place in the union: a
/// located warning says so rather than dropping them silently.
#[test]
fn properties_beside_a_union_are_a_warning() {
    let text = spec_with_schemas(concat!(
        "    Thing: {type: object, properties: {id: {type: string}}}\n",
        "    Either:\n",
        "      anyOf: [{$ref: '#/components/schemas/Thing'}, {type: string}]\n",
        "      properties: {kind: {type: string}}\n",
    ));
    let [warning] = warnings_of(&text).try_into().expect("one warning");
    assert_eq!(warning.pointer, "#/components/schemas/Either/properties");
    assert!(
        warning.message.contains("beside `anyOf`"),
        "{}",
        warning.message
    );
}

/// A parameter (or header) with both `schema` and `content` is refused at
/// its place before openapiv3 reads it (which panicked on some).
#[test]
fn a_parameter_with_schema_and_content_is_refused_at_its_place() {
    let (_dir, path) = write_spec("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /t:\n    get:\n      parameters:\n        - name: limit\n          in: query\n          schema: {type: integer, maximum: page}\n          content: {application/json: {schema: {type: string}}}\n      responses:\n        '200': {description: ok}\n");
    let Err(taskgen::Error::Spec(err)) = taskgen::generate_module(&path) else {
        panic!("refused with a spec error");
    };
    assert_eq!(err.pointer, "#/paths/~1t/get/parameters/0");
    assert_eq!(err.position, Some((7, 11)));
    assert!(err.message.contains("both `schema` and `content`"), "{err}");
}

/// Every `allOf` of a reference chain (and of a cycle) finds the part at
/// the chain's end that cannot merge, each at the same place: the walk
/// behind it answers once per reference, so it must answer every asker.
#[test]
fn all_of_chains_and_cycles_find_the_part_that_cannot_merge() {
    let text = spec_with_schemas(concat!(
        "    Thing: {type: object}\n",
        "    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n",
        "    B: {allOf: [{$ref: '#/components/schemas/C'}, {type: object}]}\n",
        "    C: {allOf: [{type: object}, {$ref: '#/components/schemas/D'}]}\n",
        "    D: {allOf: [{type: object}, {type: string}]}\n",
        // G, on the walk from E, meets F still being walked: finding
        // nothing more is not G's answer, F's `string` is.
        "    E: {allOf: [{$ref: '#/components/schemas/F'}]}\n",
        "    F: {allOf: [{$ref: '#/components/schemas/G'}, {type: string}]}\n",
        "    G: {allOf: [{$ref: '#/components/schemas/F'}]}\n",
        "    H: {allOf: [{$ref: '#/components/schemas/G'}, {type: object}]}\n",
    ));
    let warnings: Vec<String> = warnings_of(&text)
        .into_iter()
        .map(|warning| warning.pointer)
        .collect();
    let d = "#/components/schemas/D/allOf/1";
    let f = "#/components/schemas/F/allOf/1";
    assert_eq!(warnings, [d, d, d, d, f, f, f, f]);
    let code = code_of(&text);
    for name in ["A", "B", "C", "D", "E", "F", "G", "H"] {
        assert!(
            code.contains(&format!("pub type {name} = serde_json::Value;")),
            "{name}: {code}"
        );
    }
}

/// A `$ref` whose target is no schema (a typo in the pointer) types that
/// use as any JSON value, with a warning at the target.
#[test]
fn ref_to_something_not_a_schema_is_any_json_with_a_warning() {
    let text = spec_with_schemas(
        "    Thing:\n      type: object\n      properties:\n        kind: {$ref: '#/components/schemas/Wrapper/definitions/kind'}\n    Wrapper:\n      type: object\n      definitions:\n        kind: {type: {type: string}}\n",
    );
    let [warning] = warnings_of(&text).try_into().expect("one warning");
    assert_eq!(
        warning.pointer,
        "#/components/schemas/Wrapper/definitions/kind"
    );
    assert!(
        warning.message.contains("not a valid schema"),
        "{}",
        warning.message
    );
    assert!(code_of(&text).contains("pub kind: Option<serde_json::Value>"));
}

/// The spec's title documents its module in `lib.rs`, escaped like all spec
/// text: `[v2]` is no intra-doc link (rustdoc would warn).
#[test]
fn crate_root_escapes_the_title() {
    let text = spec_with_schemas("    Thing: {type: string}\n")
        .replace("title: t,", "title: 'Registry API [v2]',");
    let (_dir, path) = write_spec(&text);
    let generated = taskgen::generate(&[path], &taskgen::Config::default()).expect("generates");
    let lib = generated.files.get("src/lib.rs").expect("src/lib.rs");
    assert!(
        lib.contains(r"/// Registry API \[v2\] (API version 1)."),
        "{lib}"
    );
}

/// Without an `operationId`, names derive from method and path
/// (`get_detect`), and the docs name the call rather than the derived id.
#[test]
fn operation_without_id_is_documented_by_its_call() {
    let code = code_of("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /Detect:\n    get:\n      responses:\n        '200': {description: ok}\n");
    assert!(
        code.contains("/// Parameters of `GET /Detect`.\n"),
        "{code}"
    );
    assert!(code.contains("pub struct GetDetectRequest"), "{code}");
    assert!(!code.contains("get_/Detect"), "{code}");
}

/// A percent-encoded reference to a component is that component's type,
/// not a second copy of it.
#[test]
fn percent_encoded_component_ref_is_the_component() {
    let text = spec_with_schemas(
        "    Thing:\n      type: object\n      properties:\n        id: {type: string}\n",
    )
    .replace(
        "'#/components/schemas/Thing'",
        "'#/components/schemas/Th%69ng'",
    );
    let code = code_of(&text);
    assert_eq!(code.matches("pub struct Thing {").count(), 1, "{code}");
    assert!(!code.contains("Thing2"), "{code}");
}

/// A property called `build` cannot take its builder's `build()`: the
/// field is renamed and keeps its wire name.
#[test]
fn build_property_leaves_the_builder_its_build_method() {
    let code = code_of(&spec_with_schemas(
        "    Thing:\n      type: object\n      properties:\n        build: {type: string}\n",
    ));
    assert!(
        code.contains("#[serde(rename = \"build\", skip_serializing_if = \"Option::is_none\")]\n    pub build_2: Option<String>,"),
        "{code}"
    );
    assert!(
        code.contains("\"build\" => __map.set(&mut build_2, \"build\")?,"),
        "{code}"
    );
    assert!(code.contains("pub fn build_2(mut self"), "{code}");
    // The builders of `Thing` and of the request struct, and the client's
    // request builder.
    assert_eq!(code.matches("pub fn build(self)").count(), 3, "{code}");
}

/// A path that names a parameter twice checks it once: a second `let`
/// would leave the first unused (a warning in the generated crate).
#[test]
fn a_path_parameter_named_twice_is_checked_once() {
    let code = code_of("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{loc}/b/{loc}:\n    get:\n      operationId: getA\n      parameters:\n        - {name: loc, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n");
    assert_eq!(code.matches("let loc_segment =").count(), 1, "{code}");
    assert!(
        code.contains("\"/a/{loc_segment}/b/{loc_segment}\""),
        "{code}"
    );
}

/// A path item written elsewhere and referenced (`$ref`) from `paths`
/// lowers as if written there, its operations' pagination included, by
/// `generate` (which lets go of each path item once lowered) as by
/// `generate_module`.
#[test]
fn a_referenced_path_item_keeps_its_pagination() {
    let spec = |pagination: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things: {{$ref: '#/x-items/things'}}\nx-items:\n  things:\n    get:\n      operationId: listThings\n      parameters:\n        - {{name: token, in: query, schema: {{type: string}}}}\n      x-taskgen-pagination: {pagination}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  things: {{type: array, items: {{type: string}}}}\n                  next: {{type: string}}\n"
        )
    };
    let ok = "{style: next-token, request: {cursor: token}, response: {items: things, next-cursor: next}, stop: token-absent-or-empty}";
    let (_dir, path) = write_spec(&spec(ok));
    let generated = taskgen::generate(&[path], &taskgen::Config::default()).expect("generates");
    let code: String = generated.files.iter().map(|(_, text)| text).collect();
    assert!(code.contains("ListThingsPages"), "{code}");
    assert!(code_of(&spec(ok)).contains("ListThingsPages"));
    let err = error_of_spec(&spec(&ok.replace("cursor: token", "cursor: nope")));
    assert!(err.contains("`nope` is not a query parameter"), "{err}");
}
