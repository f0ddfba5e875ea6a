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

use super::deserialize::{self, Impl};
use super::field_lists::{self, FieldText};
use super::stand_ins::{self, Waiting};
use super::{docs, ident, scope_text, type_text, type_tokens};
use crate::ir::{Field, Operation, Struct, TypeDef, TypeRef, UnionVariant};

/// A struct; `up` `super::` lead from its module to the spec's module.
/// Printed as text ([`StructText`]) unless a custom `Debug` redacts its
/// secrets or a doc line is no `///` line of its own.
pub fn structure(def: &TypeDef, s: &Struct, up: usize) -> TokenStream {
    let debug = debug_impl(
        &def.name,
        &s.fields,
        s.additional.as_ref().map(|(f, _)| f.as_str()),
        Stored::AsDeclared,
    );
    let text = StructText::new(def, s, up);
    match debug {
        None if docs::own_lines(&text.docs) => stand_ins::call(Waiting::Struct(text)),
        _ => text.tokens(debug),
    }
}

/// A struct's items, waiting to be printed: its docs, derives and fields,
/// the `impl` with its `builder()`, and its written-out `Deserialize`.
/// Structs are most of a spec's items, and none of these lines breaks but
/// a field's (which [`FieldText`] prints) and the `Deserialize`'s (which
/// [`super::deserialize`] prints): prettyplease leaves even a too-long
/// `pub fn builder() -> ...Builder {` on its line.
pub(super) struct StructText {
    docs: Vec<String>,
    name: String,
    fields: Vec<FieldText>,
    /// The `builder()`'s doc line and its builder's path.
    builder: (String, String),
    deserialize: Option<Impl>,
}

impl StructText {
    fn new(def: &TypeDef, s: &Struct, up: usize) -> StructText {
        // A struct with a map of undeclared properties keeps the derive,
        // which flattens the map; so does one without fields.
        let written = s.additional.is_none() && !s.fields.is_empty();
        let mut fields: Vec<FieldText> =
            s.fields.iter().map(|f| serde_field(f, !written)).collect();
        if let Some((field, ty)) = &s.additional {
            fields.push(FieldText {
                docs: vec!["Properties not declared in the schema, kept as sent.".into()],
                attr: Some("#[serde(flatten)]".into()),
                public: true,
                name: field.clone(),
                ty: type_text(&TypeRef::Map(Box::new(ty.clone())), ""),
            });
        }
        StructText {
            docs: docs::lines(&def.doc),
            name: def.name.clone(),
            fields,
            builder: builder_parts(&def.name, Some(up)),
            deserialize: written.then(|| Impl::new(&def.name, &s.fields)),
        }
    }

    /// The items' lines at `indent`, as prettyplease prints their tokens.
    pub(super) fn print(self, indent: &str, out: &mut String) {
        let name = &self.name;
        for line in &self.docs {
            docs::push_line(out, indent, "///", line);
        }
        out.push_str(&format!(
            "{indent}#[derive(Debug, Clone, PartialEq, {})]\n{indent}#[non_exhaustive]\n",
            self.serde()
        ));
        field_lists::print_struct(name, &self.fields, indent, out);
        let (doc, builder) = &self.builder;
        out.push_str(&format!("\n{indent}impl {name} {{\n"));
        docs::push_line(out, &format!("{indent}    "), "///", doc);
        out.push_str(&format!(
            "{indent}    pub fn builder() -> {builder} {{\n{indent}        Default::default()\n{indent}    }}\n{indent}}}\n"
        ));
        if let Some(deserialize) = &self.deserialize {
            out.push('\n');
            deserialize.print(indent, out);
        }
    }

    /// `Serialize` alone, or with `Deserialize` when that is not written.
    fn serde(&self) -> &'static str {
        match self.deserialize {
            Some(_) => "Serialize",
            None => "Serialize, Deserialize",
        }
    }

    /// The items' tokens, with `debug`, a custom `Debug` impl, if any.
    fn tokens(self, debug: Option<TokenStream>) -> TokenStream {
        let name = ident(&self.name);
        let doc = docs::lines_to_attrs(&self.docs);
        let derives = derives(debug.is_none(), self.serde().parse().unwrap_or_default());
        let fields = field_lists::fields(self.fields);
        let (builder_doc, builder) = self.builder;
        let builder_doc = docs::line(&builder_doc);
        let builder: TokenStream = builder.parse().unwrap_or_default();
        let deserialize = self.deserialize.map(deserialize::stand_in);
        quote! {
            #doc
            #derives
            #[non_exhaustive]
            pub struct #name {
                #fields
            }
            #debug
            impl #name {
                #builder_doc
                pub fn builder() -> #builder {
                    Default::default()
                }
            }
            #deserialize
        }
    }
}

/// The request struct of an operation: one field per parameter, plus the
/// body; in the operation's module, which names the spec's types under
/// `types` (`types::`). Its docs are one line: the module's describe the
/// operation. Its `builder()` is in `client::request_impl`'s `impl`.
pub fn request(op: &Operation, types: &TokenStream) -> TokenStream {
    let name = ident(&op.request_type);
    let call = format!("`{} {}`", op.method, op.path);
    let doc = docs::line(&if op.id_given {
        format!("Parameters of the `{}` operation ({call}).", op.id)
    } else {
        format!("Parameters of {call}.")
    });
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
        #doc
        #derives
        #[non_exhaustive]
        pub struct #name {
            #field_list
        }
        #debug
    }
}

/// `Debug` (unless a custom one redacts secrets), `Clone`, `PartialEq`,
/// then `more` (`Serialize, Deserialize`).
fn derives(debug: bool, more: TokenStream) -> TokenStream {
    let debug = debug.then(|| quote!(Debug,));
    let more = (!more.is_empty()).then(|| quote!(, #more));
    quote!(#[derive(#debug Clone, PartialEq #more)])
}

/// The doc line of `Type::builder()`, the one way other crates make a
/// value, and the path of the builder it returns: in `builders`, `up`
/// `super::` away, or with `None` beside the type (a request's, in the
/// operation's module).
fn builder_parts(type_name: &str, up: Option<usize>) -> (String, String) {
    let builder = super::builders::builder_ident(type_name);
    match up {
        Some(up) => {
            let path = format!("{}builders::{builder}", super::Up(up));
            let doc = format!("A [`{builder}`]({path}): set fields, then `build()`.");
            (doc, path)
        }
        None => (
            format!("A [`{builder}`]: set fields, then `build()`."),
            builder.to_string(),
        ),
    }
}

/// `Type::builder()`, for the type's `impl` (see [`builder_parts`]).
pub(super) fn builder_fn(type_name: &str, up: Option<usize>) -> TokenStream {
    let (doc, path) = builder_parts(type_name, up);
    let doc = docs::line(&doc);
    let path: TokenStream = path.parse().unwrap_or_default();
    quote! {
        #doc
        pub fn builder() -> #path {
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

#[cfg(test)]
mod tests {
    use super::{structure, StructText};
    use crate::emit::stand_ins;
    use crate::emit::templates::tests::{self, assert_same_text, print_file};
    use crate::ir::{Doc, Field, Struct, TypeDef, TypeKind, TypeRef};

    fn field(name: &str, required: bool, summary: Option<&str>) -> Field {
        Field {
            doc: Doc {
                summary: summary.map(String::from),
                ..Doc::default()
            },
            ..tests::field(
                name,
                &name.trim_start_matches("r#").to_uppercase(),
                required,
            )
        }
    }

    /// A struct's items printed as text are what prettyplease prints of
    /// their tokens: names of every length (a `builder()` line past the
    /// margin too), at several depths and distances from the spec's
    /// module, with and without docs, fields (documented, raw, required),
    /// a written-out or derived `Deserialize`, a map of undeclared
    /// properties.
    #[test]
    fn struct_items_print_as_their_tokens_do() {
        let structs = [
            Struct {
                fields: vec![
                    field("id", true, Some("The id.")),
                    field("r#type", false, None),
                ],
                additional: None,
            },
            Struct {
                fields: vec![],
                additional: None,
            },
            Struct {
                fields: vec![field("name", false, None)],
                additional: Some(("extra".into(), TypeRef::String)),
            },
        ];
        let docs = [
            Doc::default(),
            Doc {
                summary: Some("A thing.".into()),
                description: Some("Of two lines.\n\nOr paragraphs.".into()),
                ..Doc::default()
            },
        ];
        for depth in 0..3 {
            for up in 1..3 {
                for (s, doc) in structs.iter().zip(docs.iter().cycle()) {
                    for length in (1..90).step_by(7).chain([100, 130]) {
                        let def = TypeDef {
                            name: format!("T{}", "n".repeat(length - 1)),
                            pointer: String::new(),
                            doc: doc.clone(),
                            kind: TypeKind::Struct(s.clone()),
                        };
                        let expected = print_file(StructText::new(&def, s, up).tokens(None), depth);
                        let printed = print_file(structure(&def, s, up), depth);
                        assert_same_text(&printed, &expected, depth);
                    }
                }
            }
        }
        assert!(stand_ins::none_waiting());
    }
}
