//! String enums. Open enums keep unknown values in a catch-all variant that
//! prints and re-serializes unchanged; closed ones reject them. Both get
//! `as_str`, `Display`, `FromStr` and serde impls that go through those, so
//! aliases parse to their canonical variant.
//!
//! Open enums are `#[non_exhaustive]`: the API may add values, and a new
//! variant must not break a `match` in code written today, so matches
//! outside this crate need a wildcard arm. Closed enums stay exhaustive:
//! closing an enum (`x-taskgen-enum: {open: false}`) says its list is
//! complete, an old client would reject a new value at run time anyway,
//! and users get the compiler's help to handle every value. A new value in
//! a closed enum is therefore a major change.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::layout::Printer;
use super::match_arms::{self, Arm};
use super::stand_ins::{self, Waiting};
use super::templates::replace_word;
use super::{docs, ident};
use crate::ir::{Enum, TypeDef, Variant};

pub fn enumeration(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&def.doc);
    let variant_defs = e.variants.iter().map(variant_def);
    let (as_str, parse) = arms(e);
    let (non_exhaustive, unknown_def, impls) = match &e.unknown_variant {
        Some(unknown) => {
            let impls = OpenImpls {
                name: def.name.clone(),
                unknown: unknown.clone(),
                as_str,
                parse,
            };
            let unknown = ident(unknown);
            (
                quote!(#[non_exhaustive]),
                quote! {
                    /// A value this client does not know; it is kept as sent.
                    #unknown(UnknownValue),
                },
                stand_ins::call(Waiting::EnumImpls(impls)),
            )
        }
        None => {
            let values = e.variants.iter().map(|v| &v.value);
            let shape = Impls::Closed {
                type_name: &def.name,
                values: quote!(#(#values),*),
            };
            let impls = shape.tokens(&name, match_arms::arms(as_str), match_arms::arms(parse));
            (quote!(), quote!(), impls)
        }
    };

    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #non_exhaustive
        pub enum #name {
            #(#variant_defs)*
            #unknown_def
        }

        #impls
    }
}

/// The arms of `as_str` and of `from_str`, as text (see `match_arms`): an
/// enum may have hundreds of values.
fn arms(e: &Enum) -> (Vec<Arm>, Vec<Arm>) {
    let as_str = e.variants.iter().map(|v| {
        let pattern = format!("Self::{}", ident(&v.name));
        Arm::new(vec![pattern], Literal::string(&v.value).to_string())
    });
    let parse = e.variants.iter().map(|v| {
        let spellings = std::iter::once(&v.value).chain(&v.aliases);
        let spellings = spellings.map(|s| Literal::string(s).to_string());
        Arm::new(spellings.collect(), format!("Self::{}", ident(&v.name)))
    });
    (as_str.collect(), parse.collect())
}

/// What an enum's impls differ in, but for its name and arms.
enum Impls<'a> {
    /// Unknown values are kept, in the variant named so.
    Open { unknown: &'a Ident },
    /// Unknown values are refused, with the type's name and the values.
    Closed {
        type_name: &'a str,
        values: TokenStream,
    },
}

impl Impls<'_> {
    /// The impls of the enum `name` (`as_str`, `Display`, `FromStr`, serde),
    /// with these arms in its `match`es.
    fn tokens(
        &self,
        name: &Ident,
        as_str_arms: TokenStream,
        parse_arms: TokenStream,
    ) -> TokenStream {
        let (unknown_as_str, from_str, deserialize) = match self {
            Impls::Open { unknown } => (
                quote!(Self::#unknown(value) => value.as_str(),),
                quote! {
                    /// Never fails: unknown values are kept.
                    impl std::str::FromStr for #name {
                        type Err = std::convert::Infallible;

                        fn from_str(value: &str) -> Result<Self, Self::Err> {
                            let parsed = match value {
                                #parse_arms
                                other => Self::#unknown(UnknownValue::from_unmatched(other)),
                            };
                            Ok(parsed)
                        }
                    }

                    impl From<&str> for #name {
                        fn from(value: &str) -> Self {
                            match value.parse() {
                                Ok(parsed) => parsed,
                                Err(never) => match never {},
                            }
                        }
                    }
                },
                quote!(Ok(Self::from(value.as_str()))),
            ),
            Impls::Closed { type_name, values } => (
                quote!(),
                quote! {
                    impl std::str::FromStr for #name {
                        type Err = taskgen_runtime::ParseEnumError;

                        fn from_str(value: &str) -> Result<Self, Self::Err> {
                            let parsed = match value {
                                #parse_arms
                                other => {
                                    return Err(taskgen_runtime::ParseEnumError {
                                        type_name: #type_name,
                                        value: other.to_string(),
                                        expected: &[#values],
                                    });
                                }
                            };
                            Ok(parsed)
                        }
                    }
                },
                quote!(value.parse().map_err(serde::de::Error::custom)),
            ),
        };
        quote! {
            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #as_str_arms
                        #unknown_as_str
                    }
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            #from_str

            impl Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = String::deserialize(deserializer)?;
                    #deserialize
                }
            }
        }
    }
}

/// The impls of an open enum, as text: they wait behind one stand-in item
/// and are printed from a template per shape (most specs' enums are open,
/// and googleapis.com/contentwarehouse.json has 977, whose impls made,
/// parsed and printed were a tenth of its generation). Their lines depend
/// only on the name's length, the unknown variant and the arms.
pub(super) struct OpenImpls {
    name: String,
    unknown: String,
    as_str: Vec<Arm>,
    parse: Vec<Arm>,
}

/// What decides the lines of an open enum's impls, but for the characters
/// of its name and its arms.
#[derive(PartialEq, Eq, Hash)]
struct Shape {
    depth: usize,
    name_len: usize,
    unknown: String,
}

/// Where the arms go in a template: patterns that bind, so that the
/// template parses, and that no emitter writes.
const AS_STR_ARMS: &str = "__taskgen_as_str_arms";
const PARSE_ARMS: &str = "__taskgen_parse_arms";

thread_local! {
    /// The templates printed on this thread, by shape.
    static PRINTED: RefCell<HashMap<Shape, String>> = RefCell::new(HashMap::new());
}

impl OpenImpls {
    /// The impls' lines at `indent` (of an item), as prettyplease prints
    /// their tokens.
    pub(super) fn print(&self, indent: &str, out: &mut String) {
        let depth = indent.len() / 4;
        // `X` and then `x`s: no word of the impls, whose unknown variant's
        // name starts with `Unknown`. Type names are ASCII (`lower::names`),
        // so the placeholder is as wide as the name.
        let placeholder = format!("X{}", "x".repeat(self.name.len() - 1));
        let shape = Shape {
            depth,
            name_len: self.name.len(),
            unknown: self.unknown.clone(),
        };
        PRINTED.with_borrow_mut(|printed| {
            let template = printed.entry(shape).or_insert_with(|| {
                let unknown = ident(&self.unknown);
                let arms = |marker| {
                    let marker = Ident::new(marker, Span::call_site());
                    quote!(#marker => {})
                };
                let open = Impls::Open { unknown: &unknown };
                let tokens = open.tokens(&ident(&placeholder), arms(AS_STR_ARMS), arms(PARSE_ARMS));
                let mut printer = Printer::new(depth);
                printer.file(syn::parse2(tokens).expect("an enum's impls parse"));
                printer.finish()
            });
            for line in template.split_inclusive('\n') {
                let marker = line.trim_start_matches(' ');
                let arm_indent = &line[..line.len() - marker.len()];
                match marker.strip_suffix(" => {}\n") {
                    Some(AS_STR_ARMS) => match_arms::print(&self.as_str, arm_indent, out),
                    Some(PARSE_ARMS) => match_arms::print(&self.parse, arm_indent, out),
                    _ => replace_word(line, &placeholder, &self.name, out),
                }
            }
        });
    }
}

fn variant_def(v: &Variant) -> TokenStream {
    let mut lines = vec![format!(
        "`{}`{}",
        v.value.replace('`', "'"),
        v.doc.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
    )];
    if !v.aliases.is_empty() {
        let aliases: Vec<String> = v.aliases.iter().map(|a| docs::code(a)).collect();
        lines.push(format!("Also accepted as {}.", aliases.join(", ")));
    }
    if v.unconfirmed {
        lines.push("Unconfirmed: not documented by the vendor.".into());
    }
    let doc = docs::text_attrs(&lines.join("\n\n"));
    let variant = ident(&v.name);
    quote! {
        #doc
        #variant,
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;

    use super::{ident, match_arms, Arm, Impls, OpenImpls};
    use crate::emit::layout::Printer;
    use crate::emit::stand_ins::{self, Waiting};
    use crate::emit::templates::tests::assert_same_text;

    /// An open enum's impls from their template are what prettyplease
    /// prints of their tokens: for names of every length around the
    /// widths where lines break, at several depths, whatever the unknown
    /// variant is called, and with names met before (the template reused).
    #[test]
    fn open_impls_print_as_their_tokens_do() {
        let arms = |name: &str| {
            let as_str = vec![Arm::new(
                vec!["Self::A".into()],
                format!("{:?}", name.repeat(3)),
            )];
            let parse = vec![
                Arm::new(vec![r#""a""#.into()], "Self::A".into()),
                Arm::new(
                    vec![r#""b""#.into(), r#""c""#.into()],
                    format!("Self::{name}"),
                ),
            ];
            (as_str, parse)
        };
        let print = |tokens: TokenStream, depth| {
            let mut printer = Printer::new(depth);
            printer.file(syn::parse2(tokens).unwrap());
            printer.finish()
        };
        for depth in 0..4 {
            for unknown in ["Unknown", "Unknown2"] {
                for length in (1..100).chain(1..4) {
                    let name = format!("E{}", "n".repeat(length - 1));
                    let (as_str, parse) = arms(&name);
                    let open = Impls::Open {
                        unknown: &ident(unknown),
                    };
                    let expected = open.tokens(
                        &ident(&name),
                        match_arms::arms(as_str),
                        match_arms::arms(parse),
                    );
                    let (as_str, parse) = arms(&name);
                    let impls = OpenImpls {
                        name: name.clone(),
                        unknown: unknown.into(),
                        as_str,
                        parse,
                    };
                    let printed = print(stand_ins::call(Waiting::EnumImpls(impls)), depth);
                    assert_same_text(&printed, &print(expected, depth), depth);
                }
            }
        }
        assert!(stand_ins::none_waiting());
    }
}
