//! `builders.rs` of a module: one builder per object schema, which
//! `Type::builder()` returns. (An operation's request builder is beside its
//! request struct: `emit/request_builder.rs`.)
//!
//! Builders are how other crates make values of the `#[non_exhaustive]`
//! structs (see `structs.rs` for why). A builder keeps every field in an
//! `Option`; setters take `impl Into<T>`; `build()` fails with the
//! runtime's `BuildError` naming the first required field left unset.
//!
//! The builders live in their own module, named by
//! [`ir::builder_name`](crate::ir::builder_name). So that no spec type can
//! shadow what they use, this module imports nothing by name and spells
//! every type out as `super::Type` (`super::super::Type` in the files of a
//! split module).

use proc_macro2::TokenStream;
use quote::quote;

use super::structs::{debug_impl, value_type, Stored};
use super::{ident, scoped_type_tokens, Piece, Up};
use crate::ir::{Api, Field, TypeKind, TypeRef};

/// The name of a type's builder in the `builders` module.
pub fn builder_ident(type_name: &str) -> proc_macro2::Ident {
    ident(&crate::ir::builder_name(type_name))
}

/// The items of `builders.rs`, its head and then one piece per builder of
/// the module's structs, in the order `types.rs` defines them.
pub fn builders_items(api: &Api) -> (TokenStream, Vec<Piece<'_>>) {
    let structs = api.types.iter().filter_map(|def| match &def.kind {
        TypeKind::Struct(s) => Some(Piece::new(&def.name, |up| {
            let spec = Up(up);
            builder(
                &def.name,
                &s.fields,
                s.additional.as_ref(),
                &quote!(#spec),
                up,
            )
        })),
        _ => None,
    });
    let head = quote! {
        //! Builders of this module's structs, from `Type::builder()`: set
        //! fields, then `build()`.

        pub use taskgen_runtime::BuildError;
    };
    (head, structs.collect())
}

/// The setter of `field` on a builder that keeps it in an `Option` field of
/// the same name; operations' request builders use it too. Its docs link to
/// the field of `target` (a path rustdoc resolves from the builder), which
/// is where the field is described, once.
pub(super) fn setter(field: &Field, scope: &TokenStream, target: &str) -> TokenStream {
    let name = ident(&field.name);
    let ty = scoped_type_tokens(&field.ty, scope);
    let doc = format!(" Sets [`{0}`]({target}::{0}).", field.name.bare());
    let allow = super::trait_names::allow_for_setter(field.name.bare());
    // Printed from a template (`templates`): setters are most of the output.
    let setter = super::templates::setter(&name, field.boxed, &ty);
    quote! {
        #[doc = #doc]
        #allow
        #setter
    }
}

/// A builder's fields: each of `fields` in an `Option`, with named types
/// under `scope`.
pub(super) fn option_fields<'a>(
    fields: &'a [Field],
    scope: &'a TokenStream,
) -> impl Iterator<Item = TokenStream> + 'a {
    fields.iter().map(move |f| {
        let field = ident(&f.name);
        let ty = value_type(f, scope);
        quote!(#field: Option<#ty>,)
    })
}

/// The fields of the struct `type_name` from its builder's, in `build()`:
/// a required one left unset is the runtime's `BuildError`.
pub(super) fn moves<'a>(
    type_name: &'a str,
    fields: &'a [Field],
) -> impl Iterator<Item = TokenStream> + 'a {
    fields.iter().map(move |f| {
        let field = ident(&f.name);
        if f.optional() {
            quote!(#field: self.#field,)
        } else {
            let label = f.name.bare();
            quote!(#field: self.#field.ok_or_else(|| BuildError::missing(#type_name, #label))?,)
        }
    })
}

/// The builder of the struct `type_name` and its `build()`, with named
/// types under `scope`; the struct is `up` modules up.
fn builder(
    type_name: &str,
    fields: &[Field],
    additional: Option<&(String, TypeRef)>,
    scope: &TokenStream,
    up: usize,
) -> TokenStream {
    let spec = Up(up);
    let target = ident(type_name);
    let name = builder_ident(type_name);
    let field_defs = option_fields(fields, scope);
    let type_path = format!("{spec}{type_name}");
    let setters = fields.iter().map(|f| setter(f, scope, &type_path));
    let moves = moves(type_name, fields);
    let (additional_def, additional_setter, additional_move) = match additional {
        Some((field, ty)) => {
            let field = ident(field);
            let map = scoped_type_tokens(&TypeRef::Map(Box::new(ty.clone())), scope);
            (
                quote!(#field: #map,),
                quote! {
                    /// Properties not declared in the schema, sent as they are.
                    pub fn #field(mut self, value: #map) -> Self {
                        self.#field = value;
                        self
                    }
                },
                quote!(#field: self.#field,),
            )
        }
        None => Default::default(),
    };
    let debug = debug_impl(
        &name.to_string(),
        fields,
        additional.map(|(f, _)| f.as_str()),
        Stored::AllOptional,
    );
    let derive_debug = debug.is_none().then(|| quote!(Debug,));
    let link = |item: String| format!("[`{item}`]({spec}{item})");
    let doc = format!(
        " Builder of {}, from {}.",
        link(type_name.to_string()),
        link(format!("{type_name}::builder"))
    );
    let build_doc = format!(
        " The {}; fails if a required field is not set.",
        link(type_name.to_string())
    );
    quote! {
        #[doc = #doc]
        #[derive(#derive_debug Clone, Default)]
        pub struct #name {
            #(#field_defs)*
            #additional_def
        }

        #debug

        impl #name {
            #(#setters)*
            #additional_setter

            #[doc = #build_doc]
            pub fn build(self) -> Result<#spec #target, BuildError> {
                Ok(#spec #target {
                    #(#moves)*
                    #additional_move
                })
            }
        }
    }
}
