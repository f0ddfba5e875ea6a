//! A small OpenAPI 3.0 model for structure-aware fuzzing: `arbitrary` draws
//! a value, [`Spec::to_json`] writes it as a spec. Names come mostly from a
//! list of the awkward ones (keywords, digits, non-ASCII, the generated
//! code's own names), so collisions are likely; references point at
//! schemas by index, so they mostly resolve, and cycles are common.

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use serde_json::{json, Map, Value};

/// Names that have broken, or could break, identifiers.
const ODD_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "",
    "1",
    "0x",
    "_",
    "__",
    "a-b",
    "a b",
    "A_B",
    "aB",
    "AB",
    "中文",
    "é",
    "Error",
    "Client",
    "ClientConfig",
    "Result",
    "Option",
    "Box",
    "String",
    "Vec",
    "new",
    "build",
    "builder",
    "validate",
    "send",
    "from_env",
    "with_token",
    "into_paginator",
    "Unknown",
    "%",
    "+1",
    "-1",
    "mod",
    "lib",
    "r#type",
    "async",
    "await",
    "dyn",
    "try",
    "gen",
    "body",
    "Request",
    "ListTasks",
    "ListTasksRequest",
    "item",
    "Item",
];

#[derive(Arbitrary, Debug)]
pub enum Name {
    Odd(u8),
    Free(String),
}

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Odd(i) => ODD_NAMES[usize::from(*i) % ODD_NAMES.len()].to_string(),
            Name::Free(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub struct Spec {
    schemas: Vec<(Name, Schema)>,
    operations: Vec<Operation>,
}

#[derive(Arbitrary, Debug)]
pub enum Schema {
    /// A `$ref` to the schema at this index (modulo their number).
    Ref(u8),
    Scalar(Scalar),
    Enum(Vec<Name>, bool),
    Object {
        properties: Vec<(Name, Schema)>,
        /// Indexes of properties that are required.
        required: Vec<u8>,
        additional: Option<Box<Schema>>,
    },
    Array(Box<Schema>, Option<u8>),
    Map(Box<Schema>),
    AllOf(Vec<Schema>),
    OneOf(Vec<Schema>),
    AnyOf(Vec<Schema>),
    Nullable(Box<Schema>),
    Described(Box<Schema>, String),
    Any,
}

#[derive(Arbitrary, Debug)]
pub enum Scalar {
    String {
        format: Option<u8>,
        min: Option<u8>,
        max: Option<u16>,
        pattern: Option<String>,
    },
    Integer {
        format: Option<u8>,
        min: Option<i64>,
        max: Option<i64>,
    },
    Number {
        format: Option<u8>,
        min: Option<f64>,
        max: Option<f64>,
    },
    Boolean,
}

#[derive(Arbitrary, Debug)]
pub struct Operation {
    id: Option<Name>,
    method: u8,
    path: Vec<Name>,
    parameters: Vec<Parameter>,
    body: Option<(Schema, bool)>,
    responses: Vec<(u16, Option<Schema>)>,
}

#[derive(Arbitrary, Debug)]
pub struct Parameter {
    name: Name,
    location: u8,
    required: bool,
    schema: Schema,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];
const LOCATIONS: &[&str] = &["path", "query", "header", "cookie"];
const STRING_FORMATS: &[&str] = &["date-time", "date", "byte", "binary", "password", "uuid"];
const INT_FORMATS: &[&str] = &["int32", "int64", "uint32", "uint64", "int8"];
const NUMBER_FORMATS: &[&str] = &["float", "double", "decimal"];

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

impl Spec {
    /// The spec as JSON text.
    pub fn to_json(&self) -> String {
        let names: Vec<String> = self.schemas.iter().map(|(n, _)| n.text()).collect();
        let schemas: Map<String, Value> = self
            .schemas
            .iter()
            .map(|(name, schema)| (name.text(), schema.to_json(&names)))
            .collect();
        let mut paths = Map::new();
        for op in &self.operations {
            let (path, item) = op.to_json(&names);
            let entry = paths.entry(path).or_insert_with(|| json!({}));
            if let (Value::Object(entry), Value::Object(item)) = (entry, item) {
                entry.extend(item);
            }
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": "Fuzz", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas},
        })
        .to_string()
    }
}

impl Schema {
    fn to_json(&self, names: &[String]) -> Value {
        match self {
            Schema::Ref(i) => {
                let name = names
                    .get(usize::from(*i) % names.len().max(1))
                    .map_or("Missing", String::as_str);
                json!({"$ref": format!("#/components/schemas/{}", escape(name))})
            }
            Schema::Scalar(scalar) => scalar.to_json(),
            Schema::Enum(values, nullable) => {
                let values: Vec<String> = values.iter().map(Name::text).collect();
                json!({"type": "string", "enum": values, "nullable": nullable})
            }
            Schema::Object {
                properties,
                required,
                additional,
            } => {
                let required: Vec<String> = required
                    .iter()
                    .filter_map(|&i| properties.get(usize::from(i)).map(|(n, _)| n.text()))
                    .collect();
                let properties: Map<String, Value> = properties
                    .iter()
                    .map(|(n, s)| (n.text(), s.to_json(names)))
                    .collect();
                let mut object = json!({"type": "object", "properties": properties});
                if !required.is_empty() {
                    object["required"] = json!(required);
                }
                if let Some(additional) = additional {
                    object["additionalProperties"] = additional.to_json(names);
                }
                object
            }
            Schema::Array(items, max) => {
                let mut array = json!({"type": "array", "items": items.to_json(names)});
                if let Some(max) = max {
                    array["maxItems"] = json!(max);
                }
                array
            }
            Schema::Map(values) => {
                json!({"type": "object", "additionalProperties": values.to_json(names)})
            }
            Schema::AllOf(parts) => json!({"allOf": list(parts, names)}),
            Schema::OneOf(parts) => json!({"oneOf": list(parts, names)}),
            Schema::AnyOf(parts) => json!({"anyOf": list(parts, names)}),
            Schema::Nullable(inner) => {
                let mut schema = inner.to_json(names);
                if let Value::Object(map) = &mut schema {
                    map.insert("nullable".into(), json!(true));
                }
                schema
            }
            Schema::Described(inner, text) => json!({
                "description": text,
                "allOf": [inner.to_json(names)],
            }),
            Schema::Any => json!({}),
        }
    }
}

fn list(parts: &[Schema], names: &[String]) -> Vec<Value> {
    parts.iter().map(|p| p.to_json(names)).collect()
}

/// A JSON-pointer token.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

impl Scalar {
    fn to_json(&self) -> Value {
        let mut schema = match self {
            Scalar::String {
                format,
                min,
                max,
                pattern,
            } => {
                let mut s = json!({"type": "string", "minLength": min, "maxLength": max});
                if let Some(f) = format {
                    s["format"] = json!(pick(STRING_FORMATS, *f));
                }
                if let Some(p) = pattern {
                    s["pattern"] = json!(p);
                }
                s
            }
            Scalar::Integer { format, min, max } => {
                let mut s = json!({"type": "integer", "minimum": min, "maximum": max});
                if let Some(f) = format {
                    s["format"] = json!(pick(INT_FORMATS, *f));
                }
                s
            }
            Scalar::Number { format, min, max } => {
                let mut s = json!({"type": "number", "minimum": min, "maximum": max});
                if let Some(f) = format {
                    s["format"] = json!(pick(NUMBER_FORMATS, *f));
                }
                s
            }
            Scalar::Boolean => json!({"type": "boolean"}),
        };
        // Absent bounds are left out, not `null`.
        if let Value::Object(map) = &mut schema {
            map.retain(|_, v| !v.is_null());
        }
        schema
    }
}

impl Operation {
    fn to_json(&self, names: &[String]) -> (String, Value) {
        let mut path = String::new();
        for segment in &self.path {
            path.push('/');
            path.push_str(&segment.text());
        }
        let parameters: Vec<Value> = self
            .parameters
            .iter()
            .map(|p| {
                let location = pick(LOCATIONS, p.location);
                let name = p.name.text();
                if location == "path" {
                    path.push_str(&format!("/{{{name}}}"));
                }
                json!({
                    "name": name,
                    "in": location,
                    "required": p.required || location == "path",
                    "schema": p.schema.to_json(names),
                })
            })
            .collect();
        if path.is_empty() {
            path.push('/');
        }
        let mut responses = Map::new();
        for (status, schema) in &self.responses {
            let mut response = json!({"description": "r"});
            if let Some(schema) = schema {
                response["content"] =
                    json!({"application/json": {"schema": schema.to_json(names)}});
            }
            responses.insert((100 + status % 500).to_string(), response);
        }
        if responses.is_empty() {
            responses.insert("200".into(), json!({"description": "OK"}));
        }
        let mut operation = json!({"parameters": parameters, "responses": responses});
        if let Some(id) = &self.id {
            operation["operationId"] = json!(id.text());
        }
        if let Some((schema, required)) = &self.body {
            operation["requestBody"] = json!({
                "required": required,
                "content": {"application/json": {"schema": schema.to_json(names)}},
            });
        }
        let method = pick(METHODS, self.method);
        let mut item = Map::new();
        item.insert(method.to_string(), operation);
        (path, Value::Object(item))
    }
}
