//! Example programs (`x-taskgen-example`): each calls one operation with
//! credentials from the environment, paging through every result when the
//! operation pages, and prints what it gets. They point at
//! `TASKGEN_BASE_URL` when it is set (a local mock server, say).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::{ident, render, type_tokens};
use crate::fileset::FileSet;
use crate::ir::{Api, Example, Operation, TypeKind, TypeRef};
use crate::Config;

/// `examples/<module>_<name>.rs` for every operation with an example.
pub fn examples(modules: &[Api], config: &Config) -> FileSet {
    let mut files = FileSet::new();
    for (api, op, example) in with_examples(modules) {
        let program = program(api, op, example, &config.crate_name);
        files.insert(format!("{}.rs", example.name), program);
    }
    files
}

/// The names of the example programs with the module each needs.
pub fn example_names(modules: &[Api]) -> Vec<(String, String)> {
    with_examples(modules)
        .map(|(api, _, example)| (example.name.clone(), api.module.clone()))
        .collect()
}

/// Whether some example pages, so the crate needs `futures-util` to
/// drain a stream.
pub fn any_example_pages(modules: &[Api]) -> bool {
    with_examples(modules).any(|(_, op, _)| op.pagination.is_some())
}

/// Every operation with an example, in a module whose client reads its
/// credentials from the environment (a vendor's `from_env`).
fn with_examples(modules: &[Api]) -> impl Iterator<Item = (&Api, &Operation, &Example)> {
    modules
        .iter()
        .filter(|api| api.client.as_ref().is_some_and(|c| !c.auth.is_empty()))
        .flat_map(|api| {
            api.operations
                .iter()
                .filter_map(move |op| Some((api, op, op.example.as_ref()?)))
        })
}

fn program(api: &Api, op: &Operation, example: &Example, crate_name: &str) -> String {
    let mut imports = BTreeSet::from(["Client".to_string(), "ClientConfig".to_string()]);
    let field_type = |field: &str| {
        op.params
            .iter()
            .find(|p| p.field.name == field)
            .map_or(TypeRef::Json, |p| p.field.ty.clone())
    };
    let fixed: Vec<TokenStream> = example
        .params
        .iter()
        .map(|(field, value)| {
            let setter = field.ident();
            let value = literal(api, &field_type(field), value, &mut imports);
            quote!(.#setter(#value))
        })
        .collect();
    let from_env = example.env.iter().map(|(field, var)| {
        let setter = field.ident();
        let value = match field_type(field) {
            TypeRef::String => quote!(std::env::var(#var)?),
            _ => quote!(std::env::var(#var)?.parse()?),
        };
        quote!(.#setter(#value))
    });
    let method = op.fn_name.ident();
    let call = quote!(client.#method() #(#fixed)* #(#from_env)*);
    let (stream_import, run) = match op.pagination {
        Some(_) => (
            Some(quote!(
                use futures_util::StreamExt;
            )),
            quote! {
                let mut items = #call.into_paginator()?.items();
                while let Some(item) = items.next().await {
                    let item = item?;
                    println!("{item:#?}");
                }
            },
        ),
        None => (
            None,
            quote! {
                let response = #call.send().await?;
                println!("{response:#?}");
            },
        ),
    };
    let crate_ident = format_ident!("{}", crate_name.replace('-', "_"));
    let module = ident(&api.module);
    let imports = imports.iter().map(|name| ident(name));
    let docs = program_docs(example, op, crate_name);
    render(quote! {
        #docs

        use #crate_ident::#module::{#(#imports),*};
        #stream_import

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let mut config = ClientConfig::new();
            if let Ok(base_url) = std::env::var("TASKGEN_BASE_URL") {
                config = config.base_url(base_url);
            }
            let client = Client::from_env(config)?;
            #run
            Ok(())
        }
    })
}

/// The program's `//!` docs: what it does and how to run it.
fn program_docs(example: &Example, op: &Operation, crate_name: &str) -> TokenStream {
    let env_vars: String = example
        .env
        .iter()
        .map(|(_, var)| format!("{var}=... "))
        .collect();
    let paging = if op.pagination.is_some() {
        " It pages through every result with `into_paginator()`."
    } else {
        ""
    };
    let text = format!(
        "{}{paging}\n\nRun it against a local mock server:\n\n```text\n\
         TASKGEN_BASE_URL=http://127.0.0.1:8080 <credentials> {env_vars}\
         cargo run -p {crate_name} --example {}\n```\n\n\
         Credentials come from the environment, as `Client::from_env` documents.",
        example.summary, example.name
    );
    let lines = super::docs::sanitize(&text).into_iter().map(|line| {
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// A spec value as a Rust expression of the parameter's type; the module's
/// types it names are added to `imports`.
pub(super) fn literal(
    api: &Api,
    ty: &TypeRef,
    value: &Value,
    imports: &mut BTreeSet<String>,
) -> TokenStream {
    // An enum, or an alias of one (named as the alias: its variants are
    // the enum's).
    let enum_def = match (ty, api.unalias(ty)) {
        (TypeRef::Named(name), (_, Some(TypeKind::Enum(e)))) => Some((name, e)),
        _ => None,
    };
    match (ty, value, enum_def) {
        (_, Value::String(text), Some((name, enumeration))) => {
            imports.insert(name.clone());
            let ty = ident(name);
            let variant = enumeration
                .variants
                .iter()
                .find(|v| &v.value == text || v.aliases.contains(text));
            match variant {
                Some(variant) => {
                    let variant = ident(&variant.name);
                    quote!(#ty::#variant)
                }
                // A value the enum does not list: parsed, so an open enum
                // keeps it and a closed one reports it.
                None => quote!(#text.parse::<#ty>()?),
            }
        }
        (TypeRef::String, Value::String(text), _) => quote!(#text),
        (TypeRef::Bool, Value::Bool(b), _) => quote!(#b),
        (TypeRef::Int(_), Value::Number(n), _) if n.is_i64() => {
            let n = proc_macro2::Literal::i64_unsuffixed(n.as_i64().unwrap_or_default());
            quote!(#n)
        }
        _ => {
            named_types(ty, imports);
            let json = value.to_string();
            let ty = type_tokens(ty);
            quote!(serde_json::from_str::<#ty>(#json)?)
        }
    }
}

/// The module's types a type use names.
fn named_types(ty: &TypeRef, names: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Named(name) => {
            names.insert(name.clone());
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named_types(inner, names),
        _ => {}
    }
}
