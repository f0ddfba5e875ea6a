//! `operations` of a module: one module per operation
//! (`operations::list_tasks`), smithy-rs style, holding what the operation
//! adds: its request struct and that struct's builder (which, holding the
//! client, is the client's request builder too), the success enum, the
//! error enum and the paginator.
//!
//! Their names are fixed suffixes of the operation's (`ListTasksRequest`,
//! `ListTasksRequestBuilder`, `ListTasksBuilder`, `ListTasksResponse`,
//! `ListTasksError`, `ListTasksPages`), so they never collide within the
//! module. The module imports no type of the spec by name: it names them
//! `types::Task`, so a schema called `ListTasksRequest`, `Error` or `Client`
//! shadows nothing here. And nothing here is re-exported at the spec
//! module's root, where a schema the spec adds later could clash with it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{client, docs, ident, paginate, request_builder, responses, structs, Piece, Up};
use crate::ir::{Api, Operation, ResponseBody, TypeRef};

/// The items of `operations.rs`: its docs, then one module per operation.
pub fn operations_items(api: &Api) -> (TokenStream, Vec<Piece<'_>>) {
    let head = quote! {
        //! One module per operation, named after it: its request struct, the
        //! builders, and what `send` returns or fails with. `Client`'s methods
        //! return the builder of their operation's module.
    };
    let pieces = api
        .operations
        .iter()
        .map(|op| Piece::new(&op.module, move |up| operation(api, op, up)));
    (head, pieces.collect())
}

/// The module of `op`, `up` modules below the spec's module.
fn operation(api: &Api, op: &Operation, up: usize) -> TokenStream {
    let name = ident(&op.module);
    let spec = Up(up + 1);
    let types = quote!(types::);
    let types_import = names_types(op).then(|| {
        quote!(
            use #spec types;
        )
    });
    let paginate_import = op.pagination.is_some().then(|| {
        quote!(
            use taskgen_runtime::paginate;
        )
    });
    let docs = docs::lines_to_inner_attrs(&module_docs(op));
    let request = structs::request(op, &types);
    let request_impl = client::request_impl(api, op);
    let builder = request_builder::request_builder(op, &types);
    let success = responses::success_enum(op, &types);
    let errors = responses::error_enum(op, &types, up);
    let pages = paginate::paginator(op, &types);
    quote! {
        pub mod #name {
            #docs

            #paginate_import
            use taskgen_runtime::{BuildError, Error};

            #types_import
            use #spec Client;

            #request
            #request_impl
            #builder
            #success
            #errors
            #pages
        }
    }
}

/// The module's docs: the call, the operation's description, and how to
/// send it. The operation is described here only; the client's method and
/// the request struct link here.
fn module_docs(op: &Operation) -> Vec<String> {
    let call = format!("`{}`", op.wire_call());
    let mut lines = vec![if op.id_given {
        format!("The `{}` operation: {call}.", op.id)
    } else {
        format!("The operation {call}.")
    }];
    let described = docs::lines(&op.doc);
    if !described.is_empty() {
        lines.push(String::new());
        lines.extend(described);
    }
    lines.push(String::new());
    // Links, which `docs::sanitize` would escape.
    lines.push(format!(
        "Sent with [`Client::{}`] and its [`{}`].",
        op.fn_name.bare(),
        op.builder_type
    ));
    lines
}

/// Whether the operation's items name a type of the spec (then the module
/// imports `types`; an unused import would warn).
fn names_types(op: &Operation) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) => named(inner),
            _ => false,
        }
    }
    op.fields().iter().any(|f| named(&f.ty))
        // An error enum that is an alias of another operation's names none.
        || (op.errors_as.is_none() && op.errors.iter().any(|(_, ty)| named(ty)))
        || op
            .success
            .bodies()
            .iter()
            .any(|body| matches!(body, ResponseBody::Json { ty, .. } if named(ty)))
        || op.pagination.as_ref().is_some_and(|p| named(&p.item_type))
}
