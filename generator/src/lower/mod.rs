//! Spec to IR: every naming and typing decision happens here, once.

mod case;
mod client;
mod cycles;
mod document;
pub(crate) mod extensions;
mod license;
pub(crate) mod names;
mod operations;
mod pagination;
pub(crate) mod paths;
mod raw_facts;
mod schema;
mod suggest;

use std::collections::{HashMap, HashSet};

use openapiv3::{PathItem, ReferenceOr};

use crate::error::Result;
use crate::ir::{Api, Operation, TypeRef};
use crate::load::{self, LoadedSpec, ReadSpec};
use crate::pointer;

pub use names::module_ident;
pub use raw_facts::RawFacts;

/// Lowers a loaded spec into the module the generated crate will hold.
pub fn lower(spec: &LoadedSpec) -> Result<Api> {
    let facts = RawFacts::read(&spec.raw, &|at, message| spec.error(at, message))?;
    lower_with(spec, spec.doc.paths.iter().map(Ok), &facts)
}

/// Lowers a spec read but not yet parsed, as generation does: its
/// [`RawFacts`] first, then its typed document, read without its JSON
/// data unless `keep_data` (see [`ReadSpec::parse`]). The loaded spec comes
/// back without its path items.
pub fn lower_read(read: ReadSpec, keep_data: bool) -> Result<(LoadedSpec, Api)> {
    let error = |at: &str, message| read.error(at, message);
    let facts = load::data::with_data!(read.data(), |data| RawFacts::read(data, &error))?;
    // Each path item is let go of once its operations are lowered: the
    // typed document and the IR are the peak of memory, and nothing reads
    // a path item again (a `$ref` into one reads the facts' copy).
    let (loaded, paths) = read.parse_apart(keep_data)?;
    let api = lower_with(&loaded, paths.read(&loaded), &facts)?;
    Ok((loaded, api))
}

/// [`lower`] with the spec's [`RawFacts`] read already (`spec.raw` is not
/// read) and its path items given apart from `spec`, whose own are not read.
fn lower_with<P, I>(
    spec: &LoadedSpec,
    paths: impl IntoIterator<Item = Result<(P, I)>>,
    facts: &RawFacts,
) -> Result<Api>
where
    P: AsRef<str>,
    I: std::borrow::Borrow<ReferenceOr<PathItem>>,
{
    let mut schemas = schema::Schemas::new(spec, facts);
    schemas.define_components()?;
    let (mut operations, paginated) =
        operations::lower_operations(spec, paths, &mut schemas, facts)?;
    let client = client::lower_client(spec, &mut operations, &mut schemas.warnings)?;
    pagination::lower_pagination(spec, &schemas.types, &mut operations, paginated)?;
    share_error_enums(&mut operations);
    let mut warnings = spec.warnings.clone();
    warnings.append(&mut schemas.warnings);
    let mut types = schemas.types;
    cycles::check_aliases(spec, &types)?;
    cycles::box_recursive_fields(&mut types);
    let stem = spec
        .path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let module = module_ident(&stem);
    name_examples(spec, &module, &mut operations)?;
    Ok(Api {
        spec: spec.path.clone(),
        module,
        title: spec.doc.info.title.clone(),
        version: spec.doc.info.version.clone(),
        description: spec.doc.info.description.clone(),
        license: license::spdx_license(&spec.doc.info),
        contact: contact(&spec.doc.info),
        terms_of_service: spec.doc.info.terms_of_service.clone(),
        types,
        operations,
        client,
        warnings,
        type_index: Default::default(),
    })
}

/// An operation whose error bodies by status are an earlier operation's
/// gets its `<Operation>Error` as an alias of that one's enum: each keeps
/// its name, and the enum and its `from_error` are written once.
/// `microsoft.com/graph.json` declares the same `4XX`/`5XX` bodies on all
/// of its 11,425 operations.
fn share_error_enums(operations: &mut [Operation]) {
    let mut first: HashMap<Vec<(String, TypeRef)>, (String, String)> = HashMap::new();
    for op in operations.iter_mut() {
        let Some(error_type) = &op.error_type else {
            continue;
        };
        match first.get(&op.errors) {
            Some(shared) => op.errors_as = Some(shared.clone()),
            None => {
                first.insert(op.errors.clone(), (op.module.clone(), error_type.clone()));
            }
        }
    }
}

/// `info.contact` as one line: `name <email>, url`.
fn contact(info: &openapiv3::Info) -> Option<String> {
    let contact = info.contact.as_ref()?;
    let mut parts = Vec::new();
    match (&contact.name, &contact.email) {
        (Some(name), Some(email)) => parts.push(format!("{name} <{email}>")),
        (Some(one), None) | (None, Some(one)) => parts.push(one.clone()),
        (None, None) => {}
    }
    parts.extend(contact.url.clone());
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Example programs are the files `examples/<module>_<name>.rs`: each name
/// gets its module's prefix, and two examples of one spec may not share a
/// name (one file would overwrite the other).
fn name_examples(spec: &LoadedSpec, module: &str, operations: &mut [Operation]) -> Result<()> {
    let mut seen = HashSet::new();
    for op in operations {
        let Some(example) = &mut op.example else {
            continue;
        };
        if !seen.insert(example.name.clone()) {
            let at = pointer::join(&pointer::join(&op.pointer, extensions::EXAMPLE), "name");
            return Err(spec
                .error(
                    &at,
                    format!(
                        "another operation's example is already named `{}`",
                        example.name
                    ),
                )
                .with_hint("give each example its own name")
                .into());
        }
        example.name = format!("{module}_{}", example.name);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{lower, lower_read};
    use crate::load;

    /// `$ref`s outside `components` and into what `openapiv3` does not type
    /// (`definitions`), nullable targets and an `explode` the document
    /// writes, beside what the fixtures have.
    pub(super) const REFS_ANYWHERE: &str = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    post:
      parameters:
        - {name: q, in: query, schema: {type: string}}
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, properties: {f: {type: array, items: {type: string}}}}
            encoding: {f: {style: form, explode: false}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  n: {$ref: '#/components/schemas/N'}
                  again: {$ref: '#/paths/~1a/post/requestBody/content/multipart~1form-data/schema'}
                  kind: {$ref: '#/components/schemas/W/definitions/kind'}
  /b:
    get:
      parameters:
        - $ref: '#/paths/~1a/post/parameters/0'
      responses: {'204': {description: none}}
components:
  schemas:
    N: {type: string, nullable: true}
    W: {type: object, definitions: {kind: {type: string, nullable: true}}}
"##;

    /// Lowering reads the typed document only: read as generation reads it
    /// (its JSON data let go of), every fixture, every spec of this
    /// repository and `REFS_ANYWHERE` lower to the same API as with the
    /// data (or fail the same way).
    #[test]
    fn lowering_reads_no_json_data() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs: Vec<PathBuf> = ["tests/fixtures", "specs"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .collect();
        specs.sort();
        assert!(
            specs.len() > 20,
            "fixtures not found under {}",
            root.display()
        );
        let inline = Path::new("refs.yaml");
        let reads = specs
            .iter()
            .map(|path| (path.as_path(), load::read_with(path, &[])))
            .chain([(inline, load::read_str(inline, REFS_ANYWHERE))]);
        for (path, read) in reads {
            let Ok(read) = read else {
                continue;
            };
            let with_data = load::load_str(path, read.text()).and_then(|spec| lower(&spec));
            let without = lower_read(read, false).map(|(_, api)| api);
            let (with_data, without) = (
                with_data.map_err(|e| e.to_string()),
                without.map_err(|e| e.to_string()),
            );
            assert_eq!(without, with_data, "{}", path.display());
        }
    }
}
