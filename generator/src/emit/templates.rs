//! Setters printed from one template per shape. A builder's setters are
//! the most numerous members of the output (googleapis.com/compute.json
//! has 25,000), and parsing and printing them was a quarter of generation.
//! Their layout depends only on the lengths of what goes in them, not on
//! the characters: prettyplease breaks lines by width. So an emitter writes
//! a setter as a stand-in member, `__taskgen_setter!(name, boxed, Type);`
//! with its attributes, which `syn` keeps as unparsed tokens, and the
//! printer ([`super::layout`]) prints it by filling in the setter of the
//! same shape (indent, name length, type, attributes), printed once per
//! thread with a placeholder name of that length.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, ImplItem, ImplItemMacro, LitBool, Token, Type};

/// The name of the stand-in macro; never printed.
const SETTER: &str = "__taskgen_setter";

/// The stand-in of the setter `name` of a field of type `ty` (boxed in the
/// builder if `boxed`), to follow its attributes in an `impl`.
pub(super) fn setter(name: &Ident, boxed: bool, ty: &TokenStream) -> TokenStream {
    let setter = format_ident!("{SETTER}");
    quote!(#setter!(#name, #boxed, #ty);)
}

/// The setter `name` as code: what the printed stand-in stands for.
fn setter_item(attrs: &[Attribute], name: &Ident, boxed: bool, ty: &Type) -> ImplItem {
    let value = if boxed {
        quote!(Box::new(value.into()))
    } else {
        quote!(value.into())
    };
    syn::parse_quote! {
        #(#attrs)*
        pub fn #name(mut self, value: impl Into<#ty>) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// A stand-in's arguments.
struct Args {
    name: Ident,
    boxed: bool,
    ty: Type,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = input.parse()?;
        input.parse::<Token![,]>()?;
        let boxed = input.parse::<LitBool>()?.value;
        input.parse::<Token![,]>()?;
        let ty = input.parse()?;
        Ok(Args { name, boxed, ty })
    }
}

/// What decides a setter's printed lines, but for the characters of its
/// name and of a plain path type, and its doc lines.
#[derive(PartialEq, Eq, Hash)]
struct Shape {
    depth: usize,
    name_len: usize,
    boxed: bool,
    ty: TypeShape,
    /// The attributes other than one-line docs, as tokens.
    attrs: String,
}

/// A plain path (`types::Task`: no generic arguments), which prettyplease
/// never breaks, by its printed length; any other type as its tokens.
#[derive(PartialEq, Eq, Hash)]
enum TypeShape {
    Path(usize),
    Other(String),
}

/// The printed text of a plain path type.
fn plain_path(ty: &Type) -> Option<String> {
    let Type::Path(syn::TypePath {
        qself: None, path, ..
    }) = ty
    else {
        return None;
    };
    let mut text = String::new();
    if path.leading_colon.is_some() {
        text.push_str("::");
    }
    for (index, segment) in path.segments.iter().enumerate() {
        if !segment.arguments.is_none() {
            return None;
        }
        if index > 0 {
            text.push_str("::");
        }
        text.push_str(&segment.ident.to_string());
    }
    Some(text)
}

thread_local! {
    /// Each shape's lines, printed with the placeholder name.
    static PRINTED: RefCell<HashMap<Shape, String>> = RefCell::new(HashMap::new());
}

/// The lines of `member` inside its `impl` at `depth` if it is a setter's
/// stand-in; `alone` prints a member alone, as prettyplease does.
pub(super) fn print(
    member: &ImplItem,
    depth: usize,
    alone: impl Fn(ImplItem) -> String,
) -> Option<String> {
    let ImplItem::Macro(ImplItemMacro { attrs, mac, .. }) = member else {
        return None;
    };
    if !mac.path.is_ident(SETTER) {
        return None;
    }
    // Emitters write stand-ins as `setter` does; one that does not parse
    // is printed as it is, and the compiler points at it.
    let Args { name, boxed, ty } = mac.parse_body().ok()?;
    // The docs before any other attribute are lines of their own.
    let docs: Vec<String> = attrs.iter().map_while(doc_line).collect();
    let attrs = &attrs[docs.len()..];
    let name_text = name.to_string();
    let placeholder = "x".repeat(name_text.len());
    // A plain path type is filled in too, in place of `Xxx..`: a word that
    // is neither the name's placeholder nor any other word of a setter.
    let path = plain_path(&ty);
    let type_placeholder = path
        .as_ref()
        .map(|path| format!("X{}", "x".repeat(path.len() - 1)));
    let shape = Shape {
        depth,
        name_len: name_text.len(),
        boxed,
        ty: match &path {
            Some(path) => TypeShape::Path(path.len()),
            None => TypeShape::Other(quote!(#ty).to_string()),
        },
        attrs: quote!(#(#attrs)*).to_string(),
    };
    let lines = PRINTED.with_borrow_mut(|printed| {
        printed
            .entry(shape)
            .or_insert_with(|| {
                let placeholder = format_ident!("{placeholder}");
                let ty = match &type_placeholder {
                    Some(word) => {
                        let word = format_ident!("{word}");
                        syn::parse_quote!(#word)
                    }
                    None => ty.clone(),
                };
                alone(setter_item(attrs, &placeholder, boxed, &ty))
            })
            .clone()
    });
    let lines = match (&type_placeholder, &path) {
        (Some(word), Some(path)) => {
            let mut filled = String::with_capacity(lines.len() + path.len());
            replace_word(&lines, word, path, &mut filled);
            filled
        }
        _ => lines,
    };
    let indent = "    ".repeat(depth + 1);
    let mut out = String::with_capacity(lines.len() + 80);
    for doc in docs {
        out.push_str(&format!("{indent}{doc}\n"));
    }
    replace_word(&lines, &placeholder, &name_text, &mut out);
    Some(out)
}

/// `text` with each occurrence of the identifier `word` (not part of a
/// longer one) replaced by `with`, appended to `out`. The placeholders, runs
/// of lowercase `x`, are no other word of a setter (or of a parameter step,
/// `statements`): the rest are keywords, `value`, `into`, `Some`, `Box`,
/// `request`, method names and type paths, whose segments are CamelCase or
/// named by the emitters.
pub(super) fn replace_word(text: &str, word: &str, with: &str, out: &mut String) {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let end = at + word.len();
        let whole = !ident(rest[..at].chars().next_back()) && !ident(rest[end..].chars().next());
        out.push_str(&rest[..at]);
        out.push_str(if whole { with } else { word });
        rest = &rest[end..];
    }
    out.push_str(rest);
}

/// The line of a doc attribute that prettyplease prints as one line, as
/// it prints it: a `///` line (one line, not starting with `/`, no trailing
/// spaces), or a doc stand-in's `#[doc = 7]` (see `docs`), which the
/// printer fills in (`layout::print_impl`).
fn doc_line(attr: &Attribute) -> Option<String> {
    let syn::Meta::NameValue(meta) = &attr.meta else {
        return None;
    };
    if !meta.path.is_ident("doc") {
        return None;
    }
    let syn::Expr::Lit(syn::ExprLit { lit, .. }) = &meta.value else {
        return None;
    };
    match lit {
        syn::Lit::Int(n) => Some(format!("#[doc = {n}]")),
        syn::Lit::Str(text) => {
            let text = text.value();
            let plain =
                !text.contains(['\n', '\r']) && !text.starts_with('/') && text.trim_end() == text;
            plain.then(|| format!("///{text}"))
        }
        _ => None,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use quote::{format_ident, quote};

    use crate::emit::layout::Printer;

    /// A builder with setters of every length of name and several types,
    /// some boxed, one with an extra attribute, printed through stand-ins
    /// and as plain code: the same text, at every depth.
    #[test]
    fn setters_print_as_the_code_they_stand_for() {
        let types = [
            quote!(String),
            quote!(types::ComputeFirewallPoliciesListXgafv),
            quote!(Vec<super::super::SomeRatherLongTypeNameThatFillsTheLine>),
            quote!(std::collections::BTreeMap<String, Vec<super::super::AnotherQuiteLongName>>),
            quote!(super::super::ATypeNameLongEnoughToBreakTheArgumentsOfMostSettersAlone),
            // As long as the one before: the same shape, filled in.
            quote!(super::super::BTypeNameLongEnoughToBreakTheArgumentsOfMostSettersAlone),
        ];
        // Each setter as its stand-in, with its doc as a doc stand-in (as
        // emitters write it) or a literal, or as plain code. A stand-in is
        // printed once: each printing makes its own.
        let setters = |stand_in: bool| {
            let mut setters = Vec::new();
            for length in (1..100).step_by(3) {
                for (index, ty) in types.iter().enumerate() {
                    let name = format_ident!("{}", "s".repeat(length) + &index.to_string());
                    let boxed = length % 2 == 0;
                    let doc = format!(" Sets [`{name}`](Target::{name}).");
                    let allow =
                        (index == 1).then(|| quote!(#[allow(clippy::should_implement_trait)]));
                    setters.push(if stand_in {
                        let doc_attrs = match length % 3 {
                            0 => quote!(#[doc = #doc]),
                            _ => crate::emit::docs::lines_to_attrs(&[doc.trim_start().into()]),
                        };
                        let stand_in = super::setter(&name, boxed, ty);
                        quote!(#doc_attrs #allow #stand_in)
                    } else {
                        let ty: syn::Type = syn::parse2(ty.clone()).unwrap();
                        let attrs: Vec<syn::Attribute> = syn::parse_quote!(#[doc = #doc] #allow);
                        let item = super::setter_item(&attrs, &name, boxed, &ty);
                        quote!(#item)
                    });
                }
            }
            setters
        };
        let plain = setters(false);
        for depth in 0..3 {
            let print = |members: &[proc_macro2::TokenStream]| {
                let mut printer = Printer::new(depth);
                printer.file(syn::parse_quote!(impl Builder { #(#members)* }));
                printer.finish()
            };
            let expected = print(&plain);
            assert!(expected.contains("    pub fn s0(mut self"), "{expected}");
            assert!(
                expected.contains("= Some(\n"),
                "no setter breaks its body:\n{expected}"
            );
            assert!(
                expected.contains("impl Into<\n"),
                "no setter breaks its type:\n{expected}"
            );
            assert_same_text(&print(&setters(true)), &expected, depth);
            assert!(crate::emit::stand_ins::none_waiting());
        }
    }

    /// Stand-ins printed (`printed`) as the code printed plainly
    /// (`expected`), showing the first line that differs.
    pub(in crate::emit) fn assert_same_text(printed: &str, expected: &str, depth: usize) {
        let differ = printed
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b);
        assert_eq!(differ, None, "depth {depth}:\n{printed}");
        assert_eq!(printed, expected);
    }
}
