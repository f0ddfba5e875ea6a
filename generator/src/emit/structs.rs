//! Structs (object schemas and request parameters), unions and aliases.
//!
//! Structs are written so that the API can grow without breaking code that
//! uses them (see the README's compatibility promise):
//!
//! - Every struct is `#[non_exhaustive]`: other crates cannot write it as a
//!   literal nor destructure it without `..`, so a field the API adds (a new
//!   optional parameter, a new response property) is not a breaking change.
//! - Fields stay public: reading `task.status` and assigning to a field of
//!   a value one has are allowed on a `#[non_exhaustive]` struct, and
//!   accessor methods would add nothing but noise.
//! - Values are built with `Type::builder()` (see `builders.rs`), response
//!   types included, so users can make them in their own tests. Its
//!   `build()` always returns a `Result`, even when every field is
//!   optional, so a field that becomes required later changes no
//!   signature. For the same reason no struct derives `Default`: it would
//!   vanish the day a required field appeared.
//! - Unions (`oneOf`/`anyOf`) stay exhaustive: a value of a new alternative
//!   would not decode with the old crate anyway, so a new alternative is a
//!   breaking change of the API, not only of the Rust code.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::field_lists::{self, FieldText};
use super::{docs, ident, scope_text, type_text, type_tokens};
use crate::ir::{Field, Operation, Struct, TypeDef, TypeRef, UnionVariant};

/// A struct; `up` `super::` lead from its module to the spec's module.
pub fn structure(def: &TypeDef, s: &Struct, up: usize) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&def.doc);
    // A struct with a map of undeclared properties keeps the derive, which
    // flattens the map; so does one without fields.
    let written = s.additional.is_none() && !s.fields.is_empty();
    let mut fields: Vec<FieldText> = s.fields.iter().map(|f| serde_field(f, !written)).collect();
    if let Some((field, ty)) = &s.additional {
        fields.push(FieldText {
            docs: vec!["Properties not declared in the schema, kept as sent.".into()],
            attr: Some("#[serde(flatten)]".into()),
            public: true,
            name: field.clone(),
            ty: type_text(&TypeRef::Map(Box::new(ty.clone())), ""),
        });
    }
    let fields = field_lists::fields(fields);
    let debug = debug_impl(
        &def.name,
        &s.fields,
        s.additional.as_ref().map(|(f, _)| f.as_str()),
        Stored::AsDeclared,
    );
    let (more, deserialize) = if written {
        let deserialize = super::deserialize::deserialize_impl(&def.name, &s.fields);
        (quote!(, Serialize), deserialize)
    } else {
        (quote!(, Serialize, Deserialize), TokenStream::new())
    };
    let derives = derives(debug.is_none(), more);
    let builder = builder_fn(&def.name, Some(up));
    quote! {
        #doc
        #derives
        #[non_exhaustive]
        pub struct #name {
            #fields
        }
        #debug
        impl #name {
            #builder
        }
        #deserialize
    }
}

/// The request struct of an operation: one field per parameter, plus the
/// body; in the operation's module, which names the spec's types under
/// `types` (`types::`). Its docs are one line: the module's describe the
/// operation. Its `builder()` is in `client::request_impl`'s `impl`.
pub fn request(op: &Operation, types: &TokenStream) -> TokenStream {
    let name = ident(&op.request_type);
    let call = format!("`{} {}`", op.method, op.path);
    let doc = if op.id_given {
        format!(" Parameters of the `{}` operation ({call}).", op.id)
    } else {
        format!(" Parameters of {call}.")
    };
    let fields = op.fields();
    let scope = scope_text(types);
    let field_list = fields.iter().map(|f| FieldText {
        docs: docs::lines(&f.doc),
        public: true,
        ..FieldText::new(&f.name, field_type(f, &scope))
    });
    let field_list = field_lists::fields(field_list.collect());
    let debug = debug_impl(&op.request_type, &fields, None, Stored::AsDeclared);
    let derives = derives(debug.is_none(), quote!());
    quote! {
        #[doc = #doc]
        #derives
        #[non_exhaustive]
        pub struct #name {
            #field_list
        }
        #debug
    }
}

/// `Debug` (unless a custom one redacts secrets), `Clone`, `PartialEq`,
/// then `more` (`, Serialize, Deserialize`).
fn derives(debug: bool, more: TokenStream) -> TokenStream {
    let debug = debug.then(|| quote!(Debug,));
    quote!(#[derive(#debug Clone, PartialEq #more)])
}

/// `Type::builder()`, the one way other crates make a value, for the
/// type's `impl`. Its builder is in `builders`, `up` `super::` away, or with
/// `None` beside the type (a request's, in the operation's module).
pub(super) fn builder_fn(type_name: &str, up: Option<usize>) -> TokenStream {
    let builder = super::builders::builder_ident(type_name);
    let (path, doc) = match up {
        Some(up) => {
            let spec = super::Up(up);
            let doc =
                format!(" A [`{builder}`]({spec}builders::{builder}): set fields, then `build()`.");
            (quote!(#spec builders::), doc)
        }
        None => (
            TokenStream::new(),
            format!(" A [`{builder}`]: set fields, then `build()`."),
        ),
    };
    quote! {
        #[doc = #doc]
        pub fn builder() -> #path #builder {
            Default::default()
        }
    }
}

/// A field's Rust type, with named types under `scope`.
fn field_type(field: &Field, scope: &str) -> String {
    let ty = value_type(field, scope);
    if field.optional() {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

/// A field's type without its `Option`, with named types under `scope`:
/// what a builder keeps once the field is set.
pub(super) fn value_type(field: &Field, scope: &str) -> String {
    let ty = type_text(&field.ty, scope);
    if field.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

/// A struct's field with its serde attribute: the name it is sent under,
/// and for an optional field, left out when `None` (and, for the derive,
/// `None` when absent: a written-out `Deserialize` does that itself).
fn serde_field(field: &Field, derived: bool) -> FieldText {
    let mut serde = Vec::new();
    if field.name.bare() != field.wire_name {
        serde.push(format!("rename = {}", Literal::string(&field.wire_name)));
    }
    if field.optional() && !field.required {
        if derived {
            serde.push("default".to_string());
        }
        serde.push(r#"skip_serializing_if = "Option::is_none""#.to_string());
    }
    FieldText {
        docs: docs::lines(&field.doc),
        attr: (!serde.is_empty()).then(|| format!("#[serde({})]", serde.join(", "))),
        public: true,
        ..FieldText::new(&field.name, field_type(field, ""))
    }
}

/// How a type keeps its fields, for [`debug_impl`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Stored {
    /// As the struct declares them (`Option` only where optional).
    AsDeclared,
    /// All in `Option`s (a builder).
    AllOptional,
}

/// A `Debug` that prints secrets as `<redacted>`; `None` when no field is
/// secret (the derive is used then).
pub(super) fn debug_impl(
    type_name: &str,
    fields: &[Field],
    additional: Option<&str>,
    stored: Stored,
) -> Option<TokenStream> {
    if !fields.iter().any(|f| f.sensitive) {
        return None;
    }
    let name = ident(type_name);
    let entries = redacted_entries(fields, stored);
    let extra = additional.map(|f| {
        let field = ident(f);
        quote!(.field(#f, &self.#field))
    });
    Some(quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    #extra
                    .finish()
            }
        }
    })
}

/// One `.field(..)` call per field for a `debug_struct`, a secret printed
/// as `<redacted>` (or `None` when unset).
pub(super) fn redacted_entries(fields: &[Field], stored: Stored) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let label = f.name.bare();
            let field = ident(&f.name);
            match (f.sensitive, f.optional() || stored == Stored::AllOptional) {
                (false, _) => quote!(.field(#label, &self.#field)),
                (true, true) => quote!(
                    .field(#label, &self.#field.as_ref().map(|_| taskgen_runtime::Redacted))
                ),
                (true, false) => quote!(.field(#label, &taskgen_runtime::Redacted)),
            }
        })
        .collect()
}

pub fn union(def: &TypeDef, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&def.doc);
    let variants = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let mut ty = type_tokens(&v.ty);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        quote!(#variant(#ty),)
    });
    // Only recursion is boxed. Boxing a variant for its size, as clippy
    // advises, would make a field added to its schema (a minor change)
    // box it and break every caller that builds or matches it.
    quote! {
        #doc
        ///
        /// Deserializes as the first variant the value fits.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

pub fn alias(def: &TypeDef, ty: &TypeRef) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&def.doc);
    let ty = type_tokens(ty);
    quote! {
        #doc
        pub type #name = #ty;
    }
}
