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

use super::field_lists::{self, FieldText, Value};
use super::structs::{debug_impl, value_type, Stored};
use super::templates::{self, Setter};
use super::{ident, scope_text, scoped_type_tokens, type_text, Piece, Up};
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

/// The setters of `fields`, as one stand-in member (`templates`), on a
/// builder that keeps each in an `Option` field of the same name, with
/// named types under `scope`; operations' request builders use them too.
pub(super) fn setters(fields: &[Field], scope: &str, target: &str) -> TokenStream {
    templates::setters(fields.iter().map(|f| setter(f, scope, target)).collect())
}

/// The setter of `field`. Its docs link to the field of `target` (a path
/// rustdoc resolves from the builder), which is where the field is
/// described, once.
fn setter(field: &Field, scope: &str, target: &str) -> Setter {
    let bare = field.name.bare();
    Setter {
        doc: format!("Sets [`{bare}`]({target}::{bare})."),
        allow: super::trait_names::setter_needs_allow(bare),
        name: field.name.to_string(),
        boxed: field.boxed,
        ty: type_text(&field.ty, scope),
    }
}

/// A builder's fields: each of `fields` in an `Option`, with named types
/// under `scope`.
pub(super) fn option_fields(fields: &[Field], scope: &str) -> Vec<FieldText> {
    fields
        .iter()
        .map(|f| FieldText::new(&f.name, format!("Option<{}>", value_type(f, scope))))
        .collect()
}

/// The fields of the struct `type_name` from its builder's, in `build()`:
/// a required one left unset is the runtime's `BuildError`.
pub(super) fn moves(type_name: &str, fields: &[Field]) -> Vec<Value> {
    let struct_name = proc_macro2::Literal::string(type_name).to_string();
    fields
        .iter()
        .map(|f| {
            let field = f.name.to_string();
            match f.optional() {
                true => Value::Line(format!("{field}: self.{field}")),
                false => Value::Required {
                    label: proc_macro2::Literal::string(f.name.bare()).to_string(),
                    struct_name: struct_name.clone(),
                    field,
                },
            }
        })
        .collect()
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
    let scope_text = scope_text(scope);
    let mut field_defs = option_fields(fields, &scope_text);
    let type_path = format!("{spec}{type_name}");
    let setters = setters(fields, &scope_text, &type_path);
    let mut moves = moves(type_name, fields);
    let additional_setter = additional.map(|(field, ty)| {
        let map = TypeRef::Map(Box::new(ty.clone()));
        field_defs.push(FieldText::new(field, type_text(&map, &scope_text)));
        moves.push(Value::Line(format!("{field}: self.{field}")));
        let field = ident(field);
        let map = scoped_type_tokens(&map, scope);
        quote! {
            /// Properties not declared in the schema, sent as they are.
            pub fn #field(mut self, value: #map) -> Self {
                self.#field = value;
                self
            }
        }
    });
    let (field_defs, moves) = (field_lists::fields(field_defs), field_lists::values(moves));
    let debug = debug_impl(
        &name.to_string(),
        fields,
        additional.map(|(f, _)| f.as_str()),
        Stored::AllOptional,
    );
    let derive_debug = debug.is_none().then(|| quote!(Debug,));
    let link = |item: String| format!("[`{item}`]({spec}{item})");
    let doc = super::docs::line(&format!(
        "Builder of {}, from {}.",
        link(type_name.to_string()),
        link(format!("{type_name}::builder"))
    ));
    let build_doc = super::docs::line(&format!(
        "The {}; fails if a required field is not set.",
        link(type_name.to_string())
    ));
    quote! {
        #doc
        #[derive(#derive_debug Clone, Default)]
        pub struct #name {
            #field_defs
        }

        #debug

        impl #name {
            #setters
            #additional_setter

            #build_doc
            pub fn build(self) -> Result<#spec #target, BuildError> {
                Ok(#spec #target { #moves })
            }
        }
    }
}
