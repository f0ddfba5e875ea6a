//! Setters printed from one template per shape. A builder's setters are
//! the most numerous members of the output (googleapis.com/compute.json
//! has 17,000), and making, parsing and printing them was a quarter of
//! generation. Their layout depends only on the lengths of what goes in
//! them, not on the characters: prettyplease breaks lines by width. So an
//! emitter hands a builder's setters over as text, [`Setter`]s waiting
//! beside the tokens ([`super::stand_ins`]) behind one stand-in member,
//! `__taskgen_list_7!();`, and the printed text gets them back: each as its
//! lines when they fit (then prettyplease breaks none) or when only its head
//! must break, an argument a line, or else as the setter of the same shape
//! (indent, name length, type, allow), printed once per thread with a
//! placeholder name of that length, filled in.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::{ImplItem, Item, Type};

use super::field_lists::{fits, fits_before_comma, plain_path, DEEPEST};
use super::stand_ins::{self, Waiting};

/// A builder's setter of a field, as text.
pub(super) struct Setter {
    /// Its doc line (prepared markdown, one line).
    pub doc: String,
    /// Whether it carries clippy's allow (see `trait_names`).
    pub allow: bool,
    /// The field's name, as code writes it (`r#type`).
    pub name: String,
    /// Whether the builder keeps the value boxed.
    pub boxed: bool,
    /// The value's type as printed on one line (`types::Task`).
    pub ty: String,
}

/// The stand-in member for `setters`, in their order, to go in an `impl`;
/// nothing for none.
pub(super) fn setters(setters: Vec<Setter>) -> TokenStream {
    if setters.is_empty() {
        return TokenStream::new();
    }
    stand_ins::call(Waiting::Setters(setters))
}

/// The setter `name` as code: what its text stands for.
fn setter_item(allow: bool, name: &Ident, boxed: bool, ty: &Type) -> ImplItem {
    let value = if boxed {
        quote!(Box::new(value.into()))
    } else {
        quote!(value.into())
    };
    let allow = super::trait_names::allow_if(allow);
    syn::parse_quote! {
        #allow
        pub fn #name(mut self, value: impl Into<#ty>) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// What decides a setter's printed lines, but for the characters of its
/// name and of a plain path type, and its doc line.
#[derive(PartialEq, Eq, Hash)]
struct Shape {
    /// The depth of the `impl` that holds it.
    depth: usize,
    name_len: usize,
    boxed: bool,
    ty: TypeShape,
    allow: bool,
}

/// A plain path (`types::Task`: no generic arguments), which prettyplease
/// never breaks, by its length; any other type as its text.
#[derive(PartialEq, Eq, Hash)]
enum TypeShape {
    Path(usize),
    Other(String),
}

thread_local! {
    /// Each shape's lines, printed with the placeholder name.
    static PRINTED: RefCell<HashMap<Shape, String>> = RefCell::new(HashMap::new());
}

/// `setters` as prettyplease prints them at `indent` (an `impl`'s member
/// indent), a blank line between two, appended to `out`.
pub(super) fn print_setters(setters: &[Setter], indent: &str, out: &mut String) {
    let depth = (indent.len() / 4).saturating_sub(1);
    for (index, setter) in setters.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        print_setter(setter, depth, indent, out);
    }
}

fn print_setter(setter: &Setter, depth: usize, indent: &str, out: &mut String) {
    super::docs::push_line(out, indent, "///", &setter.doc);
    if !print_fitting(setter, indent, out) {
        print_from_template(setter, depth, out);
    }
}

/// Appends `setter`'s lines at `indent` if its head fits on its line, as
/// most do: then prettyplease breaks none of them (the head is the longest:
/// the body's line has the name and 41 bytes at most, the head the name,
/// the type and 47). If the head does not fit but each of its arguments
/// does, on a line of its own, as at least those of long types do, the
/// head is broken so. Otherwise returns `false`.
fn print_fitting(setter: &Setter, indent: &str, out: &mut String) -> bool {
    let Setter { name, ty, .. } = setter;
    let value = match setter.boxed {
        true => "Box::new(value.into())",
        false => "value.into()",
    };
    let head = format!("{indent}pub fn {name}(mut self, value: impl Into<{ty}>) -> Self {{\n");
    let set = format!("{indent}    self.{name} = Some({value});\n");
    let head = if fits(head.trim_end()) {
        head
    } else {
        let argument = format!("{indent}    value: impl Into<{ty}>,");
        let broken =
            indent.len() <= DEEPEST && fits_before_comma(&argument) && fits(set.trim_end());
        if !broken {
            return false;
        }
        format!("{indent}pub fn {name}(\n{indent}    mut self,\n{argument}\n{indent}) -> Self {{\n")
    };
    if setter.allow {
        out.push_str(indent);
        out.push_str(super::trait_names::ALLOW);
        out.push('\n');
    }
    out.push_str(&head);
    out.push_str(&set);
    out.push_str(&format!("{indent}    self\n{indent}}}\n"));
    true
}

/// Appends `setter`'s lines (but its doc) from the template of its shape,
/// printed for an `impl` at `depth`.
fn print_from_template(setter: &Setter, depth: usize, out: &mut String) {
    let Setter {
        doc: _,
        allow,
        name,
        boxed,
        ty,
    } = setter;
    // Runs of lowercase `x` are no other word of a setter: the rest are
    // keywords, `value`, `into`, `Some`, `Box` and type paths, whose
    // segments are CamelCase or named by the emitters.
    let placeholder = "x".repeat(name.len());
    // A plain path type is filled in too, in place of `Xxx..`: a word that
    // is neither the name's placeholder nor any other word of a setter.
    let path = plain_path(ty);
    let type_placeholder = path.then(|| format!("X{}", "x".repeat(ty.len() - 1)));
    let shape = Shape {
        depth,
        name_len: name.len(),
        boxed: *boxed,
        ty: match path {
            true => TypeShape::Path(ty.len()),
            false => TypeShape::Other(ty.clone()),
        },
        allow: *allow,
    };
    PRINTED.with_borrow_mut(|printed| {
        let lines = printed.entry(shape).or_insert_with(|| {
            let placeholder = format_ident!("{placeholder}");
            let ty: Type = syn::parse_str(type_placeholder.as_deref().unwrap_or(ty))
                .expect("a type's text parses");
            let block = syn::parse_quote!(impl X {});
            let block = syn::ItemImpl {
                items: vec![setter_item(*allow, &placeholder, *boxed, &ty)],
                ..block
            };
            super::layout::inside(Item::Impl(block), depth)
        });
        match &type_placeholder {
            Some(word) => {
                let mut filled = String::with_capacity(lines.len() + ty.len());
                replace_word(lines, word, ty, &mut filled);
                replace_word(&filled, &placeholder, name, out);
            }
            None => replace_word(lines, &placeholder, name, out),
        }
    });
}

/// `text` with each occurrence of the identifier `word` (not part of a
/// longer one) replaced by `with`, appended to `out`. Each template's
/// placeholders are words nothing else in it is; where one is made says
/// why (a setter's here, a step's in `statements`, an enum's in `enums`).
pub(super) fn replace_word(text: &str, word: &str, with: &str, out: &mut String) {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut rest = text;
    while let Some(at) = find(rest, word) {
        let end = at + word.len();
        let whole = !ident(rest[..at].chars().next_back()) && !ident(rest[end..].chars().next());
        out.push_str(&rest[..at]);
        out.push_str(if whole { with } else { word });
        rest = &rest[end..];
    }
    out.push_str(rest);
}

/// Where `word` first is in `text`, found by its first character: most
/// lines of a template hold no placeholder, and `str::find` with a `&str`
/// sets up a searcher for the whole word at every call (2% of the time
/// contentwarehouse.json took, for nothing found).
fn find(text: &str, word: &str) -> Option<usize> {
    let first = word.chars().next()?;
    let mut from = 0;
    while let Some(at) = text[from..].find(first) {
        let at = from + at;
        if text[at..].starts_with(word) {
            return Some(at);
        }
        from = at + first.len_utf8();
    }
    None
}

#[cfg(test)]
pub(super) mod tests {
    use quote::quote;

    use proc_macro2::TokenStream;

    use super::replace_word;
    use crate::emit::layout::Printer;
    use crate::ir::{Doc, Field, Name, TypeRef};

    /// Only whole words are replaced: not inside a longer identifier
    /// (`XxX`, `XXx`, `éXx`, `Xx_`), wherever the word's first character also is.
    #[test]
    fn replaces_whole_words_only() {
        let mut out = String::new();
        let text = "XxX X Xx(Xx) XXx éXx Xx_ ->Xx";
        replace_word(text, "Xx", "Name", &mut out);
        assert_eq!(out, "XxX X Name(Name) XXx éXx Xx_ ->Name");
    }

    /// A builder with setters of every length of name (raw ones too) and
    /// several types, some boxed, some with the allow, printed as text
    /// between two members and as plain code: the same text, at every depth.
    #[test]
    fn setters_print_as_the_code_they_stand_for() {
        let types = [
            "String",
            "types::ComputeFirewallPoliciesListXgafv",
            "Vec<super::super::SomeRatherLongTypeNameThatFillsTheLine>",
            "std::collections::BTreeMap<String, Vec<super::super::AnotherQuiteLongName>>",
            "super::super::ATypeNameLongEnoughToBreakTheArgumentsOfMostSettersAlone",
            // As long as the one before: the same shape, filled in.
            "super::super::BTypeNameLongEnoughToBreakTheArgumentsOfMostSettersAlone",
        ];
        let mut setters = Vec::new();
        for length in 1..100 {
            for (index, ty) in types.iter().enumerate() {
                let bare = "s".repeat(length) + &index.to_string();
                setters.push(super::Setter {
                    doc: format!("Sets [`{bare}`](Target::{bare})."),
                    allow: index == 1,
                    name: if length % 5 == 0 {
                        format!("r#{bare}")
                    } else {
                        bare
                    },
                    boxed: length % 2 == 0,
                    ty: ty.to_string(),
                });
            }
        }
        // Heads too long for their line, with arguments of every width
        // around the line's end at every depth.
        for length in 30..=80 {
            let bare = format!("long_argument_{length}");
            setters.push(super::Setter {
                doc: format!("Sets [`{bare}`](Target::{bare})."),
                allow: false,
                name: bare,
                boxed: length % 2 == 0,
                ty: format!("super::super::{}", "T".repeat(length)),
            });
        }
        let plain: Vec<_> = setters
            .iter()
            .map(|setter| {
                let name: syn::Ident = syn::parse_str(&setter.name).unwrap();
                let ty: syn::Type = syn::parse_str(&setter.ty).unwrap();
                let doc = format!(" {}", setter.doc);
                let item = super::setter_item(setter.allow, &name, setter.boxed, &ty);
                quote!(#[doc = #doc] #item)
            })
            .collect();
        for depth in 0..9 {
            let print = |members: proc_macro2::TokenStream| {
                let mut printer = Printer::new(depth);
                printer.file(syn::parse_quote! {
                    impl Builder {
                        fn new() -> Self { Self }
                        #members
                        fn build(self) {}
                    }
                });
                printer.finish()
            };
            let expected = print(quote!(#(#plain)*));
            assert!(expected.contains("    pub fn s0(mut self"), "{expected}");
            assert!(expected.contains("    pub fn r#sssss"), "{expected}");
            assert!(
                expected.contains("= Some(\n"),
                "no setter breaks its body:\n{expected}"
            );
            assert!(
                expected.contains("impl Into<\n"),
                "no setter breaks its type:\n{expected}"
            );
            let stand_in = super::setters(
                setters
                    .iter()
                    .map(|setter| super::Setter {
                        doc: setter.doc.clone(),
                        name: setter.name.clone(),
                        ty: setter.ty.clone(),
                        ..*setter
                    })
                    .collect(),
            );
            assert_same_text(&print(stand_in), &expected, depth);
            assert!(crate::emit::stand_ins::none_waiting());
        }
    }

    /// A field for emitters' tests: a required or optional string, sent as
    /// `wire`, neither nullable, boxed nor secret, without docs.
    pub(in crate::emit) fn field(name: &str, wire: &str, required: bool) -> Field {
        Field {
            name: Name::new(name),
            wire_name: wire.into(),
            ty: TypeRef::String,
            required,
            nullable: false,
            boxed: false,
            sensitive: false,
            doc: Doc::default(),
        }
    }

    /// The items `tokens` printed at `depth`.
    pub(in crate::emit) fn print_file(tokens: TokenStream, depth: usize) -> String {
        let mut printer = Printer::new(depth);
        printer.file(syn::parse2(tokens).unwrap());
        printer.finish()
    }

    /// Stand-ins printed (`printed`) as the code printed plainly
    /// (`expected`), showing the first line that differs.
    pub(in crate::emit) fn assert_same_text(printed: &str, expected: &str, depth: usize) {
        let differ = printed
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b);
        assert_eq!(
            differ, None,
            "depth {depth}:\n{printed}\nexpected:\n{expected}"
        );
        assert_eq!(printed, expected);
    }
}
