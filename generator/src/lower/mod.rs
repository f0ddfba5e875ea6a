//! Spec to IR: every naming and typing decision happens here, once.

mod client;
mod cycles;
pub(crate) mod extensions;
pub(crate) mod names;
mod operations;
mod pagination;
mod schema;

use crate::error::Result;
use crate::ir::Api;
use crate::load::LoadedSpec;

pub use names::module_ident;

/// Lowers a loaded spec into the module the generated crate will hold.
pub fn lower(spec: &LoadedSpec) -> Result<Api> {
    let mut schemas = schema::Schemas::new(spec);
    schemas.define_components()?;
    let mut operations = operations::lower_operations(spec, &mut schemas)?;
    let client = client::lower_client(spec)?;
    pagination::lower_pagination(spec, &schemas.types, &mut schemas.namer, &mut operations)?;
    let mut types = schemas.types;
    cycles::check_aliases(spec, &types)?;
    cycles::box_recursive_fields(&mut types);
    let stem = spec
        .path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Api {
        spec: spec.path.clone(),
        module: module_ident(&stem),
        title: spec.doc.info.title.clone(),
        version: spec.doc.info.version.clone(),
        description: spec.doc.info.description.clone(),
        types,
        operations,
        client,
    })
}
