//! OpenAPI 3.0 schemas as JSON Schema, to validate examples with the
//! `jsonschema` crate. An OpenAPI 3.0 schema is a dialect of JSON Schema
//! draft 4 (boolean `exclusiveMinimum`, ECMA-262 patterns) plus `nullable`:
//! it is checked with a draft 4 validator after `nullable` is rewritten into
//! a type union.

use jsonschema::{Draft, Registry, Validator};
use serde_json::{json, Map, Value};

use super::walk::is_data;
use crate::load::lookup::resolve;

/// The URI the whole converted document is registered under, so that a
/// schema copied out of it still resolves its `$ref`s.
const DOCUMENT: &str = "urn:taskgen:spec";

/// Rewrites OpenAPI's `nullable: true` into draft 4's `type: [T, "null"]`
/// everywhere in `node` (data and extensions left alone: see
/// the `walk` module).
pub fn to_json_schema(node: &Value) -> Value {
    convert(node, None)
}

/// [`to_json_schema`], also making local `$ref`s absolute under `base`.
fn convert(node: &Value, base: Option<&str>) -> Value {
    convert_in(node, base, false)
}

/// `named`: `node` is a map of user-chosen names (`properties`), whose
/// members are schemas whatever they are called.
fn convert_in(node: &Value, base: Option<&str>, named: bool) -> Value {
    match node {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                let data = is_data(key);
                let converted = match (key.as_str(), value, base) {
                    _ if named => convert_in(value, base, false),
                    _ if data => value.clone(),
                    ("$ref", Value::String(target), Some(base)) if target.starts_with('#') => {
                        Value::String(format!("{base}{target}"))
                    }
                    (
                        "properties" | "schemas" | "parameters" | "responses" | "requestBodies"
                        | "headers" | "content" | "paths",
                        ..,
                    ) => convert_in(value, base, true),
                    _ => convert_in(value, base, false),
                };
                out.insert(key.clone(), converted);
            }
            if !named && out.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(ty)) = out.get("type").cloned() {
                    out.insert("type".into(), json!([ty, "null"]));
                }
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    values.push(Value::Null);
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| convert_in(item, base, false))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Validates values against the schemas of one document. Only the last
/// validator is kept: the values of one schema (its example, default and
/// enum values) are checked one after the other, and a validator of a
/// schema that refers to much of a large document is large itself.
pub struct Checker {
    converted: Value,
    registry: Option<Registry<'static>>,
    last: Option<((String, bool), Option<Validator>)>,
}

/// Why a value does not fit: the first few validation errors.
pub type Failures = Vec<String>;

/// Errors listed per value; more would drown the message.
const MAX_FAILURES: usize = 3;

impl Checker {
    /// Converts `raw` (the whole document) once.
    pub fn new(raw: &Value) -> Self {
        let converted = convert(raw, Some(DOCUMENT));
        let registry = Registry::new()
            .draft(Draft::Draft4)
            .add(DOCUMENT, Draft::Draft4.create_resource(converted.clone()))
            .and_then(|builder| builder.prepare())
            .ok();
        Checker {
            converted,
            registry,
            last: None,
        }
    }

    /// Checks `value` against the schema at `schema_at` (a pointer into the
    /// document); with `bare`, the schema's own `enum` is left out (to
    /// check the enum's values). `None` when the schema cannot be compiled
    /// (a broken pattern or `$ref`, reported by other rules).
    pub fn check(&mut self, schema_at: &str, bare: bool, value: &Value) -> Option<Failures> {
        let key = (schema_at.to_string(), bare);
        if self.last.as_ref().is_none_or(|(last, _)| *last != key) {
            let validator = self.build(schema_at, bare);
            self.last = Some((key, validator));
        }
        let validator = self.last.as_ref()?.1.as_ref()?;
        Some(
            validator
                .iter_errors(value)
                .take(MAX_FAILURES)
                .map(|err| {
                    let at = err.instance_path().to_string();
                    if at.is_empty() {
                        err.to_string()
                    } else {
                        format!("at {at}: {err}")
                    }
                })
                .collect(),
        )
    }

    fn build(&self, schema_at: &str, bare: bool) -> Option<Validator> {
        let registry = self.registry.as_ref()?;
        let mut schema = resolve(&self.converted, schema_at)?.as_object()?.clone();
        if bare {
            schema.remove("enum");
        }
        // The crate can panic on schemas it does not expect; a spec is
        // untrusted input.
        crate::quiet_panic::catch(|| {
            jsonschema::draft4::options()
                .with_registry(registry)
                .should_validate_formats(true)
                .build(&Value::Object(schema))
                .ok()
        })
        .flatten()
    }
}
