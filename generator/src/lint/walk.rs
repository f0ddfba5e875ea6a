//! The parts of a raw document the rules look at, found once: operations
//! with their parameters, every parameter and schema as written, and every
//! object that pairs a `schema` with examples. Works on any JSON data: a
//! node of the wrong shape is skipped, never trusted.

use serde_json::{Map, Value};

use crate::load::lookup::resolve as lookup;
use crate::pointer;

/// HTTP methods of a path item.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keys whose values are data, not OpenAPI structure.
pub const DATA_KEYS: [&str; 4] = ["example", "examples", "default", "enum"];

/// Whether the value under `key` is data or an extension, which the rules
/// do not read as OpenAPI structure.
pub fn is_data(key: &str) -> bool {
    DATA_KEYS.contains(&key) || key.starts_with("x-")
}

/// `$ref` hops followed before giving up on a chain (or a cycle).
const MAX_REF_HOPS: usize = 32;

/// An object node and where it is written.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub pointer: String,
    pub map: &'a Map<String, Value>,
}

impl<'a> Node<'a> {
    /// The string member `key`, if there is one.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.map.get(key).and_then(Value::as_str)
    }

    /// The pointer of member `key`.
    pub fn at(&self, key: &str) -> String {
        pointer::join(&self.pointer, key)
    }
}

/// One operation, with the parameters that apply to it.
#[derive(Debug)]
pub struct Operation<'a> {
    pub node: Node<'a>,
    pub path: &'a str,
    /// Path-level then operation-level parameters, `$ref`s followed: the
    /// pointer is where each is listed, the map is the parameter itself.
    pub params: Vec<Node<'a>>,
    /// How many of `params` come from the path item: an operation's own
    /// parameter may override one of those.
    pub shared: usize,
}

/// What the rules walk.
#[derive(Debug, Default)]
pub struct Doc<'a> {
    pub operations: Vec<Operation<'a>>,
    /// Parameter objects where they are defined (not `$ref`s to them).
    pub parameters: Vec<Node<'a>>,
    /// Every schema object where it is written, nested ones included.
    pub schemas: Vec<Node<'a>>,
    /// Parameters, headers and media types: objects with a `schema` that
    /// their `example`/`examples` belong to.
    pub holders: Vec<Node<'a>>,
}

impl<'a> Doc<'a> {
    /// Finds the parts of `raw`.
    pub fn new(raw: &'a Value) -> Self {
        let mut doc = Doc::default();
        doc.walk(raw, "#".to_string());
        doc.operations = operations(raw);
        doc
    }

    /// Non-schema structure: everything but data and extensions.
    fn walk(&mut self, node: &'a Value, at: String) {
        match node {
            Value::Object(map) => {
                if map.contains_key("schema") {
                    self.holders.push(Node {
                        pointer: at.clone(),
                        map,
                    });
                }
                if map.contains_key("in") && map.contains_key("name") && is_parameter_slot(&at) {
                    self.parameters.push(Node {
                        pointer: at.clone(),
                        map,
                    });
                }
                for (key, value) in map {
                    if is_data(key) {
                        continue;
                    }
                    let here = pointer::join(&at, key);
                    if key == "schema" || at == "#/components/schemas" {
                        self.schema(value, here);
                    } else {
                        self.walk(value, here);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, pointer::join(&at, &i.to_string()));
                }
            }
            _ => {}
        }
    }

    /// A schema and the schemas inside it.
    fn schema(&mut self, node: &'a Value, at: String) {
        let Value::Object(map) = node else { return };
        self.schemas.push(Node {
            pointer: at.clone(),
            map,
        });
        for (key, value) in map {
            let here = pointer::join(&at, key);
            match (key.as_str(), value) {
                ("properties", Value::Object(properties)) => {
                    for (name, property) in properties {
                        self.schema(property, pointer::join(&here, name));
                    }
                }
                ("items" | "additionalProperties" | "not", _) => self.schema(value, here),
                ("allOf" | "oneOf" | "anyOf", Value::Array(parts)) => {
                    for (i, part) in parts.iter().enumerate() {
                        self.schema(part, pointer::join(&here, &i.to_string()));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Parameters are listed under `parameters` (an operation's or a path
/// item's list, or the components map).
fn is_parameter_slot(at: &str) -> bool {
    let Some((parent, _)) = at.rsplit_once('/') else {
        return false;
    };
    parent.ends_with("/parameters")
}

fn operations(raw: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let item_at = pointer::join("#/paths", path);
        let shared = parameter_list(raw, item, &item_at);
        for method in METHODS {
            let Some(Value::Object(map)) = item.get(*method) else {
                continue;
            };
            let at = pointer::join(&item_at, method);
            let mut params = shared.clone();
            params.extend(parameter_list(raw, map, &at));
            found.push(Operation {
                node: Node { pointer: at, map },
                path,
                params,
                shared: shared.len(),
            });
        }
    }
    found
}

/// The `parameters` of an operation or path item, `$ref`s followed.
fn parameter_list<'a>(raw: &'a Value, owner: &'a Map<String, Value>, at: &str) -> Vec<Node<'a>> {
    let Some(Value::Array(items)) = owner.get("parameters") else {
        return Vec::new();
    };
    let list_at = pointer::join(at, "parameters");
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let map = resolve(raw, item)?.as_object()?;
            Some(Node {
                pointer: pointer::join(&list_at, &i.to_string()),
                map,
            })
        })
        .collect()
}

/// `node`, or what its local `$ref` chain leads to; `None` for a chain
/// that leads nowhere, leaves the document or loops.
pub fn resolve<'a>(raw: &'a Value, mut node: &'a Value) -> Option<&'a Value> {
    for _ in 0..MAX_REF_HOPS {
        let Some(target) = node.get("$ref").and_then(Value::as_str) else {
            return Some(node);
        };
        node = lookup(raw, &pointer::from_ref(target))?;
    }
    None
}
