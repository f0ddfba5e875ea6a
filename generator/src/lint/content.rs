//! Content rules (TG02xx): descriptions, enums, bounds and patterns, the
//! places where vendor pages go wrong.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::rules::{
    CONTRADICTORY_BOUNDS, COPIED_DESCRIPTION, DESCRIPTION_ENUM_MISMATCH, DUPLICATE_ENUM_VALUE,
    ENUM_SPELLING_VARIANTS, ENUM_WITHOUT_TYPE, KEYWORD_TYPE_MISMATCH, MISSING_DESCRIPTION,
    PATTERN_PADDED, PATTERN_UNSUPPORTED,
};
use super::walk::{resolve, Doc, Node};
use super::Findings;
use crate::pointer;

/// Descriptions shorter than this are not reported as copied: "The ID."
/// may well fit two parameters.
const COPIED_MIN_LEN: usize = 24;

/// Runs every content rule.
pub(super) fn check(raw: &Value, doc: &Doc<'_>, out: &mut Findings<'_>) {
    for op in &doc.operations {
        if !has_text(op.node.map, "description") && !has_text(op.node.map, "summary") {
            let id = op.node.str("operationId").unwrap_or("operation");
            out.add(
                &MISSING_DESCRIPTION,
                &op.node.pointer,
                format!("operation `{id}` has no description or summary"),
                "add a `description` (it becomes the rustdoc of the generated method)",
            );
        }
        copied_descriptions(&op.params, out);
    }
    for param in &doc.parameters {
        let name = param.str("name").unwrap_or_default();
        if !has_text(param.map, "description") {
            out.add(
                &MISSING_DESCRIPTION,
                &param.pointer,
                format!("parameter `{name}` has no description"),
                "add a `description` (it becomes the rustdoc of the generated field)",
            );
        }
        let schema = param.map.get("schema").and_then(|s| resolve(raw, s));
        if let Some(Value::Object(schema)) = schema {
            description_lists(raw, param, schema, out);
        }
    }
    for schema in &doc.schemas {
        properties_described(schema, out);
        enum_rules(schema, out);
        bounds(schema, out);
        keywords_fit_type(schema, out);
        pattern(schema, out);
        if schema.map.contains_key("enum") {
            description_lists(raw, schema, schema.map, out);
        }
    }
}

fn has_text(map: &Map<String, Value>, key: &str) -> bool {
    map.get(key)
        .and_then(Value::as_str)
        .is_some_and(|text| !text.trim().is_empty())
}

fn properties_described(schema: &Node<'_>, out: &mut Findings<'_>) {
    let Some(Value::Object(properties)) = schema.map.get("properties") else {
        return;
    };
    let at = schema.at("properties");
    for (name, property) in properties {
        let Value::Object(property) = property else {
            continue;
        };
        // A `$ref` cannot carry a description in OpenAPI 3.0: its target's counts.
        let described = has_text(property, "description")
            || property.contains_key("$ref")
            || all_of_ref_described(property);
        if !described {
            out.add(
                &MISSING_DESCRIPTION,
                &pointer::join(&at, name),
                format!("property `{name}` has no description"),
                "add a `description` (it becomes the rustdoc of the generated field)",
            );
        }
    }
}

/// `allOf: [{$ref: ...}]`, the usual way to describe a reference.
fn all_of_ref_described(property: &Map<String, Value>) -> bool {
    matches!(property.get("allOf"), Some(Value::Array(parts))
        if parts.iter().any(|part| part.get("$ref").is_some()))
}

fn enum_rules(schema: &Node<'_>, out: &mut Findings<'_>) {
    let Some(Value::Array(values)) = schema.map.get("enum") else {
        return;
    };
    let enum_at = schema.at("enum");
    if !schema.map.contains_key("type") && !schema.map.contains_key("$ref") {
        out.add(
            &ENUM_WITHOUT_TYPE,
            &enum_at,
            "`enum` without a `type`",
            "add `type: string` (or the type all values share)",
        );
    }
    // By their JSON text: a set, as an enum may have 100,000 values.
    let mut seen = HashSet::new();
    for (i, value) in values.iter().enumerate() {
        if !seen.insert(value.to_string()) {
            out.add(
                &DUPLICATE_ENUM_VALUE,
                &pointer::join(&enum_at, &i.to_string()),
                format!("enum value {value} is listed twice"),
                "remove the repetition; if the vendor page listed a value twice, one of them is usually another value",
            );
        }
    }
    spelling_variants(schema, values, &enum_at, out);
}

/// `Running` and `RUNNING`: one value spelled two ways, unless one is a
/// declared alias of the other.
fn spelling_variants(schema: &Node<'_>, values: &[Value], enum_at: &str, out: &mut Findings<'_>) {
    let aliases = schema
        .map
        .get("x-taskgen-enum")
        .and_then(|ext| ext.get("aliases"))
        .and_then(Value::as_object);
    let is_alias_pair = |a: &str, b: &str| {
        aliases.is_some_and(|aliases| {
            aliases.get(a).and_then(Value::as_str) == Some(b)
                || aliases.get(b).and_then(Value::as_str) == Some(a)
        })
    };
    let mut first: HashMap<String, &str> = HashMap::new();
    for (i, value) in values.iter().enumerate() {
        let Some(text) = value.as_str() else { continue };
        let key = fold(text);
        match first.get(&key) {
            None => {
                first.insert(key, text);
            }
            Some(&earlier) if earlier != text && !is_alias_pair(earlier, text) => out.add(
                &ENUM_SPELLING_VARIANTS,
                &pointer::join(enum_at, &i.to_string()),
                format!("enum values `{earlier}` and `{text}` differ only in case or separators"),
                format!(
                    "if the vendor spells one value two ways, declare it: \
                     `x-taskgen-enum: {{open: true, aliases: {{{text}: {earlier}}}}}`; \
                     otherwise remove the wrong spelling"
                ),
            ),
            Some(_) => {}
        }
    }
}

/// Lowercase, without `_`, `-`, `.` and spaces: two spellings of one value
/// fold to the same text.
pub(super) fn fold(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Lower bounds above upper ones.
fn bounds(schema: &Node<'_>, out: &mut Findings<'_>) {
    let number = |key: &str| schema.map.get(key).and_then(Value::as_f64);
    let flag = |key: &str| schema.map.get(key) == Some(&Value::Bool(true));
    for (low, high) in [
        ("minimum", "maximum"),
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
        ("minProperties", "maxProperties"),
    ] {
        let (Some(min), Some(max)) = (number(low), number(high)) else {
            continue;
        };
        let exclusive = low == "minimum" && (flag("exclusiveMinimum") || flag("exclusiveMaximum"));
        if min > max || (min == max && exclusive) {
            out.add(
                &CONTRADICTORY_BOUNDS,
                &schema.at(low),
                format!("`{low}: {min}` is above `{high}: {max}`: no value fits"),
                "check both bounds against the vendor's documentation; they may be swapped",
            );
        }
    }
}

/// Keywords that only apply to some types.
const TYPED_KEYWORDS: &[(&str, &[&str])] = &[
    ("minimum", &["integer", "number"]),
    ("maximum", &["integer", "number"]),
    ("exclusiveMinimum", &["integer", "number"]),
    ("exclusiveMaximum", &["integer", "number"]),
    ("multipleOf", &["integer", "number"]),
    ("minLength", &["string"]),
    ("maxLength", &["string"]),
    ("pattern", &["string"]),
    ("minItems", &["array"]),
    ("maxItems", &["array"]),
    ("uniqueItems", &["array"]),
    ("items", &["array"]),
    ("minProperties", &["object"]),
    ("maxProperties", &["object"]),
];

fn keywords_fit_type(schema: &Node<'_>, out: &mut Findings<'_>) {
    let Some(ty) = schema.str("type") else { return };
    for (keyword, types) in TYPED_KEYWORDS {
        if schema.map.contains_key(*keyword) && !types.contains(&ty) {
            out.add(
                &KEYWORD_TYPE_MISMATCH,
                &schema.at(keyword),
                format!(
                    "`{keyword}` does not apply to `type: {ty}` (only to {}): it is ignored",
                    types.join(" or ")
                ),
                format!(
                    "if the value is really {}, fix the `type`; otherwise remove `{keyword}`",
                    types.join(" or ")
                ),
            );
        }
    }
}

fn pattern(schema: &Node<'_>, out: &mut Findings<'_>) {
    let Some(pattern) = schema.str("pattern") else {
        return;
    };
    let at = schema.at("pattern");
    let quote = |c: char| c == '"' || c == '\'';
    // A trailing space can be meant (`^ssh-rsa `), but not after the `$`.
    let padded_end = pattern.trim_end() != pattern && pattern.trim_end().ends_with('$');
    let padded = pattern.starts_with(|c: char| c.is_whitespace() || quote(c))
        || pattern.ends_with(quote)
        || padded_end;
    if padded {
        out.add(
            &PATTERN_PADDED,
            &at,
            format!("pattern {pattern:?} starts or ends with whitespace or a quote"),
            "remove the quotes and spaces copied around it",
        );
    }
    if let Err(err) = Regex::new(pattern) {
        let reason = err.to_string();
        let reason = reason.lines().last().unwrap_or_default().trim();
        let reason = reason.strip_prefix("error: ").unwrap_or(reason);
        out.add(
            &PATTERN_UNSUPPORTED,
            &at,
            format!("pattern does not compile in the runtime's regex dialect (Rust `regex`): {reason}"),
            "rewrite it without look-around or backreferences; if the vendor's pattern needs them, \
             suppress this with a reason (the client then leaves the check to the server)",
        );
    }
}

/// Compares the values a description lists with the `enum` of `schema`
/// (or of its items).
fn description_lists(
    raw: &Value,
    described: &Node<'_>,
    schema: &Map<String, Value>,
    out: &mut Findings<'_>,
) {
    let Some(description) = described.str("description") else {
        return;
    };
    let Some(listed) = listed_values(description) else {
        return;
    };
    let items = || {
        let items = schema.get("items").and_then(|i| resolve(raw, i))?;
        items.as_object()
    };
    let (values, enum_schema) = match schema.get("enum") {
        Some(Value::Array(values)) => (values, schema),
        _ => match items().and_then(|i| Some((i.get("enum")?.as_array()?, i))) {
            Some(found) => found,
            None => return,
        },
    };
    let values: Vec<String> = values.iter().filter_map(scalar_text).collect();
    let extension = enum_schema.get("x-taskgen-enum");
    let excused: HashSet<String> = ["aliases", "unconfirmed"]
        .iter()
        .filter_map(|key| extension.and_then(|e| e.get(*key)))
        .flat_map(|v| match v {
            Value::Object(map) => map.keys().cloned().collect::<Vec<_>>(),
            Value::Array(items) => items.iter().filter_map(scalar_text).collect(),
            _ => Vec::new(),
        })
        .collect();
    let extra: Vec<&str> = listed
        .iter()
        .filter(|v| !values.contains(v))
        .map(String::as_str)
        .collect();
    let missing: Vec<&str> = values
        .iter()
        .filter(|v| !listed.contains(v) && !excused.contains(*v))
        .map(String::as_str)
        .collect();
    if extra.is_empty() && missing.is_empty() {
        return;
    }
    let mut parts = Vec::new();
    if !extra.is_empty() {
        parts.push(format!("lists {} not in the enum", quoted(&extra)));
    }
    if !missing.is_empty() {
        parts.push(format!("does not list {}", quoted(&missing)));
    }
    out.add(
        &DESCRIPTION_ENUM_MISMATCH,
        &described.at("description"),
        format!("the description {}", parts.join(" and ")),
        "make the `enum` and the description's list agree; the vendor's sample responses or SDK \
         tell which one is right",
    );
}

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The values a description lists after "Valid values:" or "Options:",
/// inline (`Valid values: a, b (meaning) and c.`) or as a bullet list
/// (`- a: meaning`). `None` when there is no such list or it reads as
/// prose (`Valid values: 0 to 100`).
pub(super) fn listed_values(description: &str) -> Option<Vec<String>> {
    static MARKER: OnceLock<Regex> = OnceLock::new();
    static ITEM: OnceLock<Regex> = OnceLock::new();
    static BULLET: OnceLock<Regex> = OnceLock::new();
    let marker = MARKER.get_or_init(|| {
        Regex::new(r"(?i)\b(?:valid|possible|allowed|supported) values\s*:|\boptions\s*:")
            .expect("valid regex")
    });
    // `value`, `value (meaning)`, `value: meaning`, `value - meaning`.
    let item = ITEM.get_or_init(|| {
        Regex::new(r#"^[`'"]?([A-Za-z0-9_.:/+-]*[A-Za-z0-9_])[`'"]?(?:\s*(?:\(.*\)|[:–—-]\s.*))?$"#)
            .expect("valid regex")
    });
    let bullet = BULLET.get_or_init(|| {
        Regex::new(r#"^\s*[-*•]\s+[`'"]?([A-Za-z0-9_.:/+-]*[A-Za-z0-9_])[`'"]?\s*(?:[:(–—-]|$)"#)
            .expect("valid regex")
    });
    let found = marker.find(description)?;
    let after = &description[found.end()..];
    let (first_line, rest) = after.split_once('\n').unwrap_or((after, ""));
    if first_line.trim().is_empty() {
        let values: Vec<String> = rest
            .lines()
            .skip_while(|line| line.trim().is_empty())
            .take_while(|line| !line.trim().is_empty())
            .map(|line| Some(bullet.captures(line)?[1].to_string()))
            .collect::<Option<_>>()?;
        return (!values.is_empty()).then_some(values);
    }
    let sentence = after
        .split("\n\n")
        .next()
        .unwrap_or(after)
        .replace('\n', " ");
    let sentence = sentence_end(&sentence);
    let values: Vec<String> = sentence
        .split(',')
        .flat_map(|part| part.split(" and ").flat_map(|p| p.split(" or ")))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| Some(item.captures(part)?[1].to_string()))
        .collect::<Option<_>>()?;
    (!values.is_empty()).then_some(values)
}

/// `text` up to the first full stop that ends a sentence (followed by a
/// space or the end), the stop left out.
fn sentence_end(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b'.' if depth <= 0 && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) => {
                return &text[..i];
            }
            _ => {}
        }
    }
    text
}

/// The same long description on two parameters of one operation.
fn copied_descriptions(params: &[Node<'_>], out: &mut Findings<'_>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for param in params {
        let (Some(name), Some(description)) = (param.str("name"), param.str("description")) else {
            continue;
        };
        let description = description.trim();
        if description.len() < COPIED_MIN_LEN {
            continue;
        }
        match seen.get(description) {
            Some(&other) if other != name => out.add(
                &COPIED_DESCRIPTION,
                &param.at("description"),
                format!("parameter `{name}` has the same description as `{other}`"),
                "a description copied from a neighbour documents the wrong thing: describe this parameter",
            ),
            Some(_) => {}
            None => {
                seen.insert(description, name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::listed_values;

    #[test]
    fn reads_inline_and_bulleted_lists_and_skips_prose() {
        let inline = listed_values("Task status. Options: PENDING, RUNNING and FAILED. More text.");
        assert_eq!(inline.unwrap(), ["PENDING", "RUNNING", "FAILED"]);
        let meanings = listed_values("Valid values: abort (stop processing), ignore (skip it).");
        assert_eq!(meanings.unwrap(), ["abort", "ignore"]);
        let bullets = listed_values(
            "The field. Valid values:\n\n- TaskId: by ID.\n- StartTime: by start.\n\nNote.",
        );
        assert_eq!(bullets.unwrap(), ["TaskId", "StartTime"]);
        assert_eq!(listed_values("Valid values: 0 to 100. Unit: %."), None);
        assert_eq!(listed_values("The task ID."), None);
    }
}
