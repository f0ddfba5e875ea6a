//! Example rules (TG03xx, and TG0206 for defaults): every example, default
//! and enum value is validated against its schema with a JSON Schema
//! validator ([`super::json_schema`]).

use serde_json::Value;

use super::json_schema::Checker;
use super::rules::{Rule, ENUM_VALUE_MISMATCH, EXAMPLE_MISMATCH, INVALID_DEFAULT};
use super::walk::{resolve, Doc};
use super::Findings;
use crate::pointer;

/// Runs the example, default and enum-value checks.
pub(super) fn check(raw: &Value, doc: &Doc<'_>, out: &mut Findings<'_>) {
    let mut checker = Checker::new(raw);
    for holder in &doc.holders {
        let schema_at = holder.at("schema");
        if let Some(example) = holder.map.get("example") {
            let at = holder.at("example");
            report(
                &mut checker,
                &schema_at,
                false,
                example,
                &at,
                &EXAMPLE_MISMATCH,
                out,
            );
        }
        let Some(Value::Object(examples)) = holder.map.get("examples") else {
            continue;
        };
        let examples_at = holder.at("examples");
        for (name, example) in examples {
            let Some(value) = resolve(raw, example).and_then(|e| e.get("value")) else {
                continue;
            };
            let at = pointer::join(&examples_at, name);
            report(
                &mut checker,
                &schema_at,
                false,
                value,
                &at,
                &EXAMPLE_MISMATCH,
                out,
            );
        }
    }
    for schema in &doc.schemas {
        let at = &schema.pointer;
        if let Some(example) = schema.map.get("example") {
            let example_at = schema.at("example");
            report(
                &mut checker,
                at,
                false,
                example,
                &example_at,
                &EXAMPLE_MISMATCH,
                out,
            );
        }
        if let Some(default) = schema.map.get("default") {
            let default_at = schema.at("default");
            report(
                &mut checker,
                at,
                false,
                default,
                &default_at,
                &INVALID_DEFAULT,
                out,
            );
        }
        if let Some(Value::Array(values)) = schema.map.get("enum") {
            let enum_at = schema.at("enum");
            for (i, value) in values.iter().enumerate() {
                let value_at = pointer::join(&enum_at, &i.to_string());
                report(
                    &mut checker,
                    at,
                    true,
                    value,
                    &value_at,
                    &ENUM_VALUE_MISMATCH,
                    out,
                );
            }
        }
    }
}

/// Checks `value` against the schema at `schema_at` and reports it at
/// `value_at` under `rule` when it does not fit.
fn report(
    checker: &mut Checker,
    schema_at: &str,
    bare: bool,
    value: &Value,
    value_at: &str,
    rule: &'static Rule,
    out: &mut Findings<'_>,
) {
    let Some(failures) = checker.check(schema_at, bare, value) else {
        return;
    };
    if failures.is_empty() {
        return;
    }
    let what = if std::ptr::eq(rule, &INVALID_DEFAULT) {
        "default"
    } else if std::ptr::eq(rule, &ENUM_VALUE_MISMATCH) {
        "enum value"
    } else {
        "example"
    };
    out.add(
        rule,
        value_at,
        format!("{what} does not match its schema: {}", failures.join("; ")),
        format!("fix the {what} (or the schema, if the vendor's data shows the schema is wrong)"),
    );
}
