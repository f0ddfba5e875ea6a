//! The nodes `$ref`s point at, as JSON data. Lowering reads them from the
//! `openapiv3` document and [`RawFacts`], not from the spec's JSON data
//! (`LoadedSpec::raw`): generation lets go of the data before it lowers,
//! since the two forms of one document were most of its peak memory
//! (api.github.com.json: 29 and 49 of 190 MB).
//!
//! A whole component (`#/components/<section>/<name>`, nearly every
//! target) is written back from the typed document, and reads as the same
//! `openapiv3` value it was read from; any other target (inside a
//! component, where `openapiv3` may have dropped what it does not type, or
//! outside `components`) was copied from the data by [`RawFacts`].

use openapiv3::{OpenAPI, ReferenceOr};
use serde::Serialize;
use serde_json::Value;

use super::raw_facts::RawFacts;
use crate::load::refs::COMPONENT_SECTIONS;
use crate::pointer;

pub struct Document<'a> {
    doc: &'a OpenAPI,
    facts: &'a RawFacts,
}

impl<'a> Document<'a> {
    pub fn new(doc: &'a OpenAPI, facts: &'a RawFacts) -> Self {
        Document { doc, facts }
    }

    /// The node at a (decoded) `$ref` pointer, `None` if there is none.
    pub fn value_at(&self, at: &str) -> Option<Value> {
        match component(at) {
            Some((section, name)) => self.component(&section, &name),
            None => self.facts.target(at).cloned(),
        }
    }

    /// Whether the schema at `at` says `nullable: true` (read for every
    /// `$ref` a field has, so a component is not written back for it).
    pub fn is_nullable(&self, at: &str) -> bool {
        if let Some((_, name)) = component(at).filter(|(section, _)| section == "schemas") {
            let schemas = self.doc.components.as_ref().map(|c| &c.schemas);
            return match schemas.and_then(|schemas| schemas.get(&name)) {
                Some(ReferenceOr::Item(schema)) => schema.schema_data.nullable,
                _ => false,
            };
        }
        self.value_at(at)
            .is_some_and(|node| node.get("nullable") == Some(&Value::Bool(true)))
    }

    /// A component written back as JSON data.
    fn component(&self, section: &str, name: &str) -> Option<Value> {
        let components = self.doc.components.as_ref()?;
        match section {
            "schemas" => to_value(components.schemas.get(name)?),
            "responses" => to_value(components.responses.get(name)?),
            "parameters" => to_value(components.parameters.get(name)?),
            "examples" => to_value(components.examples.get(name)?),
            "requestBodies" => to_value(components.request_bodies.get(name)?),
            "headers" => to_value(components.headers.get(name)?),
            "securitySchemes" => to_value(components.security_schemes.get(name)?),
            "links" => to_value(components.links.get(name)?),
            "callbacks" => to_value(components.callbacks.get(name)?),
            _ => None,
        }
    }
}

/// Section and name, if `at` is a whole component (every section of
/// `components` is one `openapiv3` types).
pub fn component(at: &str) -> Option<(String, String)> {
    let mut tokens = pointer::tokens(at);
    let (Some(first), Some(section), Some(name), None) =
        (tokens.next(), tokens.next(), tokens.next(), tokens.next())
    else {
        return None;
    };
    let typed = first == "components" && COMPONENT_SECTIONS.contains(&section.as_str());
    typed.then_some((section, name))
}

fn to_value(node: &impl Serialize) -> Option<Value> {
    serde_json::to_value(node).ok()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, Schema};
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    use super::Document;
    use crate::load::{self, lookup};
    use crate::lower::RawFacts;
    use crate::pointer;

    /// Every `$ref` under `node`, as the pointer it names.
    fn refs(node: &Value, out: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(pointer::from_ref(r).into_owned());
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    fn same<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
        raw: &Value,
        doc: &Document<'_>,
        at: &str,
    ) {
        let from_data = lookup::resolve(raw, at).and_then(|v| T::deserialize(v).ok());
        let from_doc = doc.value_at(at).and_then(|v| T::deserialize(v).ok());
        assert_eq!(from_doc, from_data, "{at}");
    }

    /// What the typed document gives at each `$ref` of the fixtures and
    /// this repository's specs is what their JSON data gives.
    #[test]
    fn targets_read_as_they_read_from_the_data() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut checked = 0;
        let files = ["tests/fixtures", "specs"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
            .filter_map(|entry| load::load(&entry.unwrap().path()).ok());
        let inline = load::load_str(Path::new("refs.yaml"), super::super::tests::REFS_ANYWHERE);
        for spec in files.chain([inline.unwrap()]) {
            let facts = RawFacts::read(&spec.raw, &|at, m| spec.error(at, m)).unwrap();
            let doc = Document::new(&spec.doc, &facts);
            let mut targets = Vec::new();
            refs(&spec.raw, &mut targets);
            for at in &targets {
                same::<ReferenceOr<Schema>>(&spec.raw, &doc, at);
                same::<ReferenceOr<Parameter>>(&spec.raw, &doc, at);
                same::<ReferenceOr<Response>>(&spec.raw, &doc, at);
                same::<ReferenceOr<RequestBody>>(&spec.raw, &doc, at);
                let nullable = lookup::resolve(&spec.raw, at)
                    .is_some_and(|v| v.get("nullable") == Some(&Value::Bool(true)));
                assert_eq!(doc.is_nullable(at), nullable, "{at}");
            }
            checked += targets.len();
        }
        assert!(checked > 100, "only {checked} references checked");
    }
}
