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

use super::field_lists::{self, fits, FieldText, Value, LITERAL_WIDTH};
use super::stand_ins::{self, Waiting};
use super::structs::{debug_impl, value_type, Stored};
use super::templates::{self, Setter};
use super::{docs, ident, scope_text, scoped_type_tokens, type_text, Piece, Up};
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
/// types under `scope`; the struct is `up` modules up. Printed as text
/// ([`BuilderText`]) unless a custom `Debug` redacts secrets, a map of
/// undeclared properties has its own setter, or there are no fields (an
/// empty literal's braces break by rules of their own).
fn builder(
    type_name: &str,
    fields: &[Field],
    additional: Option<&(String, TypeRef)>,
    scope: &TokenStream,
    up: usize,
) -> TokenStream {
    let name = builder_ident(type_name);
    let debug = debug_impl(
        &name.to_string(),
        fields,
        additional.map(|(f, _)| f.as_str()),
        Stored::AllOptional,
    );
    let text = BuilderText::new(type_name, fields, scope, up);
    match (debug, additional) {
        (None, None) if !fields.is_empty() => stand_ins::call(Waiting::Builder(text)),
        (debug, additional) => text.tokens(debug, additional, scope),
    }
}

/// A builder's items, waiting to be printed: its docs, derives and fields,
/// and its `impl` with the setters and `build()`. Builders are as many as
/// structs, and their lines break in few ways: a field's and a setter's
/// (which [`FieldText`] and [`templates`] print), `build()`'s head and the
/// struct literal it returns (laid out here).
pub(super) struct BuilderText {
    type_name: String,
    /// The path of the struct it builds (`super::Task`).
    target: String,
    fields: Vec<FieldText>,
    setters: Vec<Setter>,
    moves: Vec<Value>,
}

impl BuilderText {
    fn new(type_name: &str, fields: &[Field], scope: &TokenStream, up: usize) -> BuilderText {
        let scope = scope_text(scope);
        let target = format!("{}{type_name}", Up(up));
        BuilderText {
            type_name: type_name.to_string(),
            fields: option_fields(fields, &scope),
            setters: fields.iter().map(|f| setter(f, &scope, &target)).collect(),
            moves: moves(type_name, fields),
            target,
        }
    }

    /// The builder's doc line and `build()`'s.
    fn docs(&self) -> (String, String) {
        let (type_name, target) = (&self.type_name, &self.target);
        let link = |item: &str, path: &str| format!("[`{item}`]({path})");
        let doc = format!(
            "Builder of {}, from {}.",
            link(type_name, target),
            link(
                &format!("{type_name}::builder"),
                &format!("{target}::builder")
            )
        );
        let build_doc = format!(
            "The {}; fails if a required field is not set.",
            link(type_name, target)
        );
        (doc, build_doc)
    }

    /// The items' lines at `indent`, as prettyplease prints their tokens.
    pub(super) fn print(self, indent: &str, out: &mut String) {
        let name = crate::ir::builder_name(&self.type_name);
        let (doc, build_doc) = self.docs();
        let inner = format!("{indent}    ");
        docs::push_line(out, indent, "///", &doc);
        out.push_str(&format!("{indent}#[derive(Debug, Clone, Default)]\n"));
        field_lists::print_struct(&name, &self.fields, indent, out);
        out.push_str(&format!("\n{indent}impl {name} {{\n"));
        if !self.setters.is_empty() {
            templates::print_setters(&self.setters, &inner, out);
            out.push('\n');
        }
        docs::push_line(out, &inner, "///", &build_doc);
        self.print_build(&inner, out);
        out.push_str(&format!("{indent}}}\n"));
    }

    /// `build()` at `indent`. Its head breaks as a setter's does, first
    /// between its parentheses, then inside `Result<..>`; its struct
    /// literal is on one line where it fits, else a field a line.
    fn print_build(&self, indent: &str, out: &mut String) {
        let target = &self.target;
        let head = format!("{indent}pub fn build(self) -> Result<{target}, BuildError> {{");
        let returns = format!("{indent}) -> Result<{target}, BuildError> {{");
        if fits(&head) {
            out.push_str(&head);
        } else if fits(&returns) {
            out.push_str(&format!(
                "{indent}pub fn build(\n{indent}    self,\n{returns}"
            ));
        } else {
            out.push_str(&format!(
                "{indent}pub fn build(\n{indent}    self,\n{indent}) -> Result<\n{indent}    {target},\n{indent}    BuildError,\n{indent}> {{"
            ));
        }
        let body = format!("{indent}    ");
        let values: Vec<String> = self.moves.iter().map(Value::line).collect();
        let open = format!("{target} {{ {} ", values.join(", "));
        let one_line = format!("{body}Ok({open}}})");
        if open.len() <= LITERAL_WIDTH && fits(&one_line) {
            out.push_str(&format!("\n{one_line}\n"));
        } else {
            out.push_str(&format!("\n{body}Ok({target} {{\n"));
            field_lists::print_values(&self.moves, &format!("{body}    "), out);
            out.push_str(&format!("{body}}})\n"));
        }
        out.push_str(&format!("{indent}}}\n"));
    }

    /// The items' tokens, with `debug`, a custom `Debug` impl, and the
    /// setter of a map of `additional` properties, if any.
    fn tokens(
        self,
        debug: Option<TokenStream>,
        additional: Option<&(String, TypeRef)>,
        scope: &TokenStream,
    ) -> TokenStream {
        let name = builder_ident(&self.type_name);
        let (doc, build_doc) = self.docs();
        let (doc, build_doc) = (docs::line(&doc), docs::line(&build_doc));
        let scope_text = scope_text(scope);
        let (mut field_defs, mut moves) = (self.fields, self.moves);
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
        let setters = templates::setters(self.setters);
        let derive_debug = debug.is_none().then(|| quote!(Debug,));
        let target: TokenStream = self.target.parse().unwrap_or_default();
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
                pub fn build(self) -> Result<#target, BuildError> {
                    Ok(#target { #moves })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{builder, BuilderText};
    use crate::emit::templates::tests::{self, assert_same_text, print_file};
    use crate::emit::{stand_ins, Up};
    use crate::ir::{Field, TypeRef};

    fn field(name: &str, required: bool) -> Field {
        Field {
            ty: TypeRef::Named("Task".into()),
            ..tests::field(name, name, required)
        }
    }

    /// A builder printed as text is what prettyplease prints of its
    /// tokens: names of every length (`build()`'s head on one line, broken
    /// between its parentheses, broken inside `Result<..>` too), at several
    /// depths and distances from the spec's module, without fields, with a
    /// literal on one line and broken, required fields among them.
    #[test]
    fn builders_print_as_their_tokens_do() {
        let field_sets = [
            vec![],
            vec![field("a", false)],
            vec![field("id", true), field("r#type", false)],
            (0..6)
                .map(|i| field(&format!("field_{i}"), i % 2 == 0))
                .collect(),
        ];
        for depth in 0..3 {
            for up in 1..3 {
                let spec = Up(up);
                let scope = quote::quote!(#spec);
                for fields in &field_sets {
                    for length in (1..100).chain([130]) {
                        let name = format!("T{}", "n".repeat(length - 1));
                        let text = BuilderText::new(&name, fields, &scope, up);
                        let expected = print_file(text.tokens(None, None, &scope), depth);
                        let printed = print_file(builder(&name, fields, None, &scope, up), depth);
                        assert_same_text(&printed, &expected, depth);
                    }
                }
            }
        }
        assert!(stand_ins::none_waiting());
    }
}
