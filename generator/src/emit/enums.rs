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

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::match_arms::{self, Arm};
use super::{docs, ident};
use crate::ir::{Enum, TypeDef, Variant};

pub fn enumeration(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let doc = docs::attrs(&def.doc);
    let variant_defs = e.variants.iter().map(variant_def);
    // As text (see `match_arms`): an enum may have hundreds of values.
    let as_str_arms = match_arms::arms(
        e.variants
            .iter()
            .map(|v| {
                let pattern = format!("Self::{}", ident(&v.name));
                Arm::new(vec![pattern], Literal::string(&v.value).to_string())
            })
            .collect(),
    );
    let parse_arms = match_arms::arms(
        e.variants
            .iter()
            .map(|v| {
                let spellings = std::iter::once(&v.value).chain(&v.aliases);
                let spellings = spellings.map(|s| Literal::string(s).to_string());
                Arm::new(spellings.collect(), format!("Self::{}", ident(&v.name)))
            })
            .collect(),
    );
    let values: Vec<&String> = e.variants.iter().map(|v| &v.value).collect();

    let non_exhaustive = e
        .unknown_variant
        .is_some()
        .then(|| quote!(#[non_exhaustive]));
    let (unknown_def, unknown_as_str, from_str, deserialize) = match &e.unknown_variant {
        Some(unknown) => {
            let unknown = ident(unknown);
            (
                quote! {
                    /// A value this client does not know; it is kept as sent.
                    #unknown(UnknownValue),
                },
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
            )
        }
        None => (
            quote!(),
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
                                    expected: &[#(#values),*],
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
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #non_exhaustive
        pub enum #name {
            #(#variant_defs)*
            #unknown_def
        }

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
