//! Generator-specific rules (TG04xx): what only taskgen knows about a spec,
//! its Rust names and its `x-taskgen-*` extensions. The deep consistency of
//! the extensions (pagination fields, RPC encodings, enum aliases) is
//! checked by running the generator's own lowering and reporting what it
//! refuses.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::load::lenient::RawSpec;
use crate::load::lookup::resolve as lookup;
use crate::lower::extensions::{self, ENUM, SENSITIVE};
use crate::lower::names::{snake_ident, type_ident, variant_ident};
use crate::pointer;

use super::content::fold;
use super::rules::{
    Rule, EXTENSION_INVALID, GENERATOR_READS_LOOSELY, GENERATOR_REFUSES, INVALID_DOCUMENT,
    RUST_NAME_COLLISION, SECRET_NOT_SENSITIVE, UNUSED_COMPONENT,
};
use super::walk::{is_data, resolve, Doc, Node};
use super::Findings;

/// Runs every generator-specific rule.
pub(super) fn check(spec: &RawSpec, doc: &Doc<'_>, out: &mut Findings<'_>) {
    let raw = &spec.raw;
    collisions(raw, doc, out);
    unknown_extensions(raw, out);
    secrets(raw, doc, out);
    unused_components(raw, out);
    refusals(spec, out);
}

/// Reports each name of `names` (pointer, spec name) whose Rust name
/// (`rust`) a name earlier in the text already has; `suffix` says how the
/// generator renames the later one.
fn report_collisions<'n>(
    names: impl IntoIterator<Item = (String, &'n str)>,
    rust: fn(&str) -> String,
    suffix: &str,
    what: &str,
    out: &mut Findings<'_>,
) {
    let mut names: Vec<(String, &str)> = names.into_iter().collect();
    // JSON objects are sorted by key; the text's order decides which is first.
    names.sort_by_key(|(at, _)| out.position(at));
    let mut first: HashMap<String, &str> = HashMap::new();
    for (at, name) in names {
        let ident = rust(name);
        match first.get(&ident) {
            Some(&earlier) if earlier != name => out.add(
                &RUST_NAME_COLLISION,
                &at,
                format!("{what} `{name}` and `{earlier}` are both `{ident}` in Rust"),
                format!("rename one: the generator calls this one `{ident}{suffix}2`"),
            ),
            Some(_) => {}
            None => {
                first.insert(ident, name);
            }
        }
    }
}

/// A field's Rust name as written in code (`r#type`).
fn snake_name(raw: &str) -> String {
    snake_ident(raw).to_string()
}

fn collisions(raw: &Value, doc: &Doc<'_>, out: &mut Findings<'_>) {
    if let Some(Value::Object(schemas)) = raw.pointer("/components/schemas") {
        let names = schemas
            .keys()
            .map(|name| (pointer::join("#/components/schemas", name), name.as_str()));
        report_collisions(names, type_ident, "", "schemas", out);
    }
    let operation_ids = doc
        .operations
        .iter()
        .filter_map(|op| Some((op.node.at("operationId"), op.node.str("operationId")?)));
    report_collisions(operation_ids, type_ident, "", "operationIds", out);
    for op in &doc.operations {
        // An operation's own parameter may override a path item's.
        let own: HashSet<(Option<&str>, Option<&str>)> = op.params[op.shared..]
            .iter()
            .map(|p| (p.str("name"), p.str("in")))
            .collect();
        let params = op.params.iter().enumerate().filter_map(|(i, p)| {
            let overridden = i < op.shared && own.contains(&(p.str("name"), p.str("in")));
            (!overridden).then_some((p.pointer.clone(), p.str("name")?))
        });
        report_collisions(params, snake_name, "_", "parameters", out);
    }
    for schema in &doc.schemas {
        if let Some(Value::Object(properties)) = schema.map.get("properties") {
            let at = schema.at("properties");
            let names = properties
                .keys()
                .map(|name| (pointer::join(&at, name), name.as_str()));
            report_collisions(names, snake_name, "_", "properties", out);
        }
        enum_variants(schema, out);
    }
}

/// Enum values with one variant name that are neither declared aliases nor
/// renamed by `x-taskgen-enum.names`. Values equal but for case or
/// separators are left to `enum-spelling-variants`.
fn enum_variants(schema: &Node<'_>, out: &mut Findings<'_>) {
    let Some(Value::Array(values)) = schema.map.get("enum") else {
        return;
    };
    let ext = schema.map.get(ENUM);
    let member = |key: &str, value: &str| {
        ext.and_then(|e| e.get(key))
            .and_then(|m| m.get(value))
            .is_some()
    };
    let enum_at = schema.at("enum");
    let mut first: HashMap<String, &str> = HashMap::new();
    for (i, value) in values.iter().enumerate() {
        let Some(value) = value.as_str() else {
            continue;
        };
        if member("aliases", value) || member("names", value) {
            continue;
        }
        let ident = variant_ident(value);
        match first.get(&ident) {
            Some(&earlier) if fold(earlier) != fold(value) => out.add(
                &RUST_NAME_COLLISION,
                &pointer::join(&enum_at, &i.to_string()),
                format!("enum values `{value}` and `{earlier}` are both the variant `{ident}`"),
                format!("name one in `{ENUM}: {{names: {{{value}: OtherName}}}}`"),
            ),
            Some(_) => {}
            None => {
                first.insert(ident, value);
            }
        }
    }
}

/// `x-taskgen-*` keys taskgen does not know (a misspelling is otherwise
/// silently ignored by every tool); the generator refuses the same keys.
fn unknown_extensions(raw: &Value, out: &mut Findings<'_>) {
    let mut found = Vec::new();
    extensions::unknown(raw, "#", &mut found);
    for unknown in found {
        out.add(
            &EXTENSION_INVALID,
            &unknown.pointer,
            format!("unknown extension `{}`", unknown.key),
            match unknown.closest {
                Some(closest) => format!("did you mean `{closest}`?"),
                None => format!("taskgen reads {}", extensions::KNOWN.join(", ")),
            },
        );
    }
}

/// Words that make a name a secret's.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "credential",
    "credentials",
    "apikey",
];

/// Words before `key` that make it a secret's (`access_key`, not `sort_key`).
const SECRET_KEY_QUALIFIERS: &[&str] = &["access", "api", "private", "secret", "signing", "auth"];

/// Words that make a token a paging cursor, not a secret.
const CURSOR_WORDS: &[&str] = &["next", "page", "continuation", "marker", "cursor"];

/// Whether a property or parameter name reads like a secret's.
fn secret_name(name: &str) -> bool {
    let ident = snake_ident(name);
    let words: Vec<&str> = ident.bare().split('_').collect();
    if words.iter().any(|w| CURSOR_WORDS.contains(w)) {
        return false;
    }
    words.iter().enumerate().any(|(i, word)| {
        SECRET_WORDS.contains(word)
            || (*word == "key" && i > 0 && SECRET_KEY_QUALIFIERS.contains(&words[i - 1]))
    })
}

/// The schema a parameter (its `schema`) or property (itself) has, `$ref`s
/// followed.
fn schema_of<'a>(raw: &'a Value, node: &'a Map<String, Value>) -> Option<&'a Map<String, Value>> {
    let start = match (node.get("schema"), node.get("$ref")) {
        (Some(schema), _) => schema,
        (None, Some(Value::String(target))) => lookup(raw, &pointer::from_ref(target))?,
        _ => return Some(node),
    };
    resolve(raw, start)?.as_object()
}

/// Marked sensitive, on the node or on its schema.
fn is_sensitive(raw: &Value, node: &Map<String, Value>) -> bool {
    let marked = |map: &Map<String, Value>| {
        map.get(SENSITIVE) == Some(&Value::Bool(true))
            || map.get("format").and_then(Value::as_str) == Some("password")
    };
    marked(node) || schema_of(raw, node).is_some_and(marked)
}

/// Only text can hold a secret (`include_token: boolean` is no secret).
fn holds_text(raw: &Value, node: &Map<String, Value>) -> bool {
    let ty = schema_of(raw, node)
        .and_then(|schema| schema.get("type"))
        .and_then(Value::as_str);
    !matches!(
        ty,
        Some("integer" | "number" | "boolean" | "array" | "object")
    )
}

fn secrets(raw: &Value, doc: &Doc<'_>, out: &mut Findings<'_>) {
    let mut report = |at: &str, what: &str, name: &str, node: &Map<String, Value>| {
        if secret_name(name) && holds_text(raw, node) && !is_sensitive(raw, node) {
            out.add(
                &SECRET_NOT_SENSITIVE,
                at,
                format!("{what} `{name}` looks like a secret but is not marked sensitive"),
                format!("add `{SENSITIVE}: true` (and `format: password` on a string), or rename it if it is not a secret"),
            );
        }
    };
    for param in &doc.parameters {
        if let Some(name) = param.str("name") {
            report(&param.pointer, "parameter", name, param.map);
        }
    }
    for schema in &doc.schemas {
        let Some(Value::Object(properties)) = schema.map.get("properties") else {
            continue;
        };
        let at = schema.at("properties");
        for (name, property) in properties {
            if let Value::Object(property) = property {
                report(&pointer::join(&at, name), "property", name, property);
            }
        }
    }
}

/// Component sections whose members are referenced with `$ref`.
const REFERENCED_SECTIONS: &[&str] = &[
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
];

fn unused_components(raw: &Value, out: &mut Findings<'_>) {
    let Some(Value::Object(components)) = raw.get("components") else {
        return;
    };
    let mut targets = HashSet::new();
    collect_refs(raw, &mut targets);
    let mut schemes = HashSet::new();
    collect_security_names(raw, &mut schemes);
    for (section, members) in components {
        let Value::Object(members) = members else {
            continue;
        };
        let is_scheme = section == "securitySchemes";
        if !is_scheme && !REFERENCED_SECTIONS.contains(&section.as_str()) {
            continue;
        }
        let section_at = pointer::join("#/components", section);
        for name in members.keys() {
            let at = pointer::join(&section_at, name);
            let used = if is_scheme {
                schemes.contains(name.as_str())
            } else {
                let prefix = format!("{at}/");
                targets
                    .iter()
                    .any(|t: &String| *t == at || t.starts_with(&prefix))
            };
            if !used {
                let how = if is_scheme {
                    "no `security` requirement names it"
                } else {
                    "no `$ref` points at it"
                };
                out.add(
                    &UNUSED_COMPONENT,
                    &at,
                    format!("component `{name}` is never used: {how}"),
                    "remove it, or refer to it where it belongs",
                );
            }
        }
    }
}

/// Every local `$ref` target, decoded, outside data and extensions.
fn collect_refs(node: &Value, out: &mut HashSet<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.insert(pointer::from_ref(target).into_owned());
            }
            for (key, value) in map {
                // `examples` maps hold `$ref`s to `#/components/examples`.
                if key == "examples" || !is_data(key) {
                    collect_refs(value, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

/// Names used in `security` requirements, at the root and on operations.
fn collect_security_names<'a>(raw: &'a Value, out: &mut HashSet<&'a str>) {
    let mut lists = vec![raw.get("security")];
    if let Some(Value::Object(paths)) = raw.get("paths") {
        for item in paths.values().filter_map(Value::as_object) {
            lists.extend(item.values().map(|op| op.get("security")));
        }
    }
    for requirement in lists
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
    {
        if let Value::Object(names) = requirement {
            out.extend(names.keys().map(String::as_str));
        }
    }
}

/// What `taskgen generate` refuses that no other rule reported, and what it
/// reads only with a warning.
fn refusals(spec: &RawSpec, out: &mut Findings<'_>) {
    let (error, rule): (Error, &'static Rule) = match spec.strict() {
        Err(err) => (err, &INVALID_DOCUMENT),
        Ok(loaded) => match catch_unwind(AssertUnwindSafe(|| crate::lower::lower(&loaded))) {
            Ok(Ok(api)) => {
                // A rule that reported the same place said it better.
                for warning in api.warnings {
                    if !out.has_finding_at(&warning.pointer) {
                        out.add_error(&GENERATOR_READS_LOOSELY, warning);
                    }
                }
                return;
            }
            Ok(Err(err)) => (err, &GENERATOR_REFUSES),
            Err(_) => {
                out.add(
                    &GENERATOR_REFUSES,
                    "#",
                    "the generator crashed on this spec (a taskgen bug)",
                    "please report it with the spec",
                );
                return;
            }
        },
    };
    for err in flatten(error) {
        if out.has_error_at(&err.pointer) {
            continue;
        }
        let rule = if err.pointer.contains("/x-taskgen-") {
            &EXTENSION_INVALID
        } else {
            rule
        };
        out.add_error(rule, err);
    }
}

fn flatten(error: Error) -> Vec<crate::error::SpecError> {
    match error {
        Error::Spec(err) => vec![*err],
        Error::Many(errors) => errors.into_iter().flat_map(flatten).collect(),
        Error::Io { .. } | Error::Config(_) => Vec::new(),
    }
}
