//! Spec to IR: every naming and typing decision happens here, once.

mod client;
mod cycles;
pub(crate) mod extensions;
mod license;
pub(crate) mod names;
mod operations;
mod pagination;
pub(crate) mod paths;
mod schema;
mod suggest;

use std::collections::{HashMap, HashSet};

use crate::error::Result;
use crate::ir::{Api, Operation, TypeRef};
use crate::load::LoadedSpec;
use crate::pointer;

pub use names::module_ident;

/// Lowers a loaded spec into the module the generated crate will hold.
pub fn lower(spec: &LoadedSpec) -> Result<Api> {
    extensions::check_unknown(spec)?;
    let mut schemas = schema::Schemas::new(spec);
    schemas.define_components()?;
    let mut operations = operations::lower_operations(spec, &mut schemas)?;
    let client = client::lower_client(spec, &mut operations, &mut schemas.warnings)?;
    pagination::lower_pagination(spec, &schemas.types, &mut operations)?;
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
