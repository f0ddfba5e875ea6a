//! Structure rules (TG01xx): is this an OpenAPI 3.0 document whose
//! references, operations and parameters hold together.

use std::collections::HashSet;

use serde_json::Value;

use crate::load::lenient::RawSpec;

use super::rules::{
    DUPLICATE_KEY, DUPLICATE_OPERATION_ID, DUPLICATE_PARAMETER, MISSING_OPERATION_ID,
    NOT_OPENAPI_30, PARAMETER_WITHOUT_SCHEMA, PATH_PARAMETER_OPTIONAL, PATH_PARAMETER_UNDECLARED,
    UNRESOLVED_REF,
};
use super::walk::{Doc, Node};
use super::Findings;

/// What the loader would refuse. Returns whether the document is close
/// enough to OpenAPI 3 for the other rules to mean anything.
pub(super) fn check_document(spec: &RawSpec, out: &mut Findings<'_>) -> bool {
    if let Some(err) = spec.duplicate_key() {
        out.add_error(&DUPLICATE_KEY, err);
    }
    let version = spec.version_problem();
    let is_openapi_3 = spec
        .raw
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3."));
    if let Some(err) = version {
        out.add_error(&NOT_OPENAPI_30, err);
        if !is_openapi_3 {
            return false;
        }
    }
    for err in spec.ref_problems() {
        out.add_error(&UNRESOLVED_REF, err);
    }
    for err in spec.duplicate_operation_ids() {
        out.add_error(&DUPLICATE_OPERATION_ID, err);
    }
    true
}

/// Operations and parameters.
pub(super) fn check(doc: &Doc<'_>, out: &mut Findings<'_>) {
    for op in &doc.operations {
        if op.node.str("operationId").is_none_or(str::is_empty) {
            out.add(
                &MISSING_OPERATION_ID,
                &op.node.pointer,
                "operation has no `operationId`",
                "add `operationId: VerbNoun` (it names the generated method and request type)",
            );
        }
        path_parameters(op.path, &op.node, &op.params, out);
        duplicate_parameters(&op.params[..op.shared], out);
        duplicate_parameters(&op.params[op.shared..], out);
    }
    for param in &doc.parameters {
        let has_schema = param.map.contains_key("schema");
        let has_content = param.map.contains_key("content");
        if has_schema == has_content {
            let message = if has_schema {
                "parameter has both `schema` and `content`"
            } else {
                "parameter has neither `schema` nor `content`"
            };
            out.add(
                &PARAMETER_WITHOUT_SCHEMA,
                &param.pointer,
                message,
                "give it exactly one: `schema: {type: string}` for a plain value",
            );
        }
    }
}

/// `{name}`s of the path template and `in: path` parameters match, and
/// path parameters are required.
fn path_parameters(path: &str, op: &Node<'_>, params: &[Node<'_>], out: &mut Findings<'_>) {
    // A malformed template is the generator's refusal (TG0405).
    let Ok(template) = crate::lower::paths::variables(path) else {
        return;
    };
    let declared: Vec<&Node<'_>> = params
        .iter()
        .filter(|p| p.str("in") == Some("path"))
        .collect();
    for name in &template {
        if !declared.iter().any(|p| p.str("name") == Some(name)) {
            out.add(
                &PATH_PARAMETER_UNDECLARED,
                &op.pointer,
                format!("path `{path}` has `{{{name}}}` but no `in: path` parameter `{name}`"),
                format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to `parameters`"),
            );
        }
    }
    for param in declared {
        let name = param.str("name").unwrap_or_default();
        if !template.contains(&name) {
            out.add(
                &PATH_PARAMETER_UNDECLARED,
                &param.pointer,
                format!("path parameter `{name}` does not appear in the path `{path}`"),
                format!("write `{{{name}}}` into the path, or make it a query parameter"),
            );
        }
        if param.map.get("required") != Some(&Value::Bool(true)) {
            out.add(
                &PATH_PARAMETER_OPTIONAL,
                &param.pointer,
                format!("path parameter `{name}` is not `required: true`"),
                "add `required: true`: a path parameter is always sent",
            );
        }
    }
}

/// Two parameters of one level with the same name and location (header
/// names compare without case, as HTTP does).
fn duplicate_parameters(params: &[Node<'_>], out: &mut Findings<'_>) {
    let mut seen = HashSet::new();
    for param in params {
        let (Some(name), Some(location)) = (param.str("name"), param.str("in")) else {
            continue;
        };
        let key = match location {
            "header" => (name.to_ascii_lowercase(), location),
            _ => (name.to_string(), location),
        };
        if !seen.insert(key) {
            out.add(
                &DUPLICATE_PARAMETER,
                &param.pointer,
                format!("parameter `{name}` (in {location}) is listed twice"),
                "remove one of the two",
            );
        }
    }
}
