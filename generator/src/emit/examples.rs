//! Example programs (`x-taskgen-example`): each calls one operation with
//! credentials from the environment and prints the response. They point at
//! `TASKGEN_BASE_URL` when it is set (a local mock server, say).

use quote::quote;
use serde_json::Value;

use super::{ident, render, type_tokens};
use crate::fileset::FileSet;
use crate::ir::{Api, Operation, TypeKind, TypeRef};

/// `examples/<module>_<name>.rs` for every operation with an example.
pub fn examples(modules: &[Api]) -> FileSet {
    let mut files = FileSet::new();
    for api in modules.iter().filter(|api| api.client.is_some()) {
        for op in &api.operations {
            if let Some(example) = &op.example {
                let name = format!("{}_{}", api.module, example.name);
                files.insert(format!("{name}.rs"), program(api, op, &name));
            }
        }
    }
    files
}

/// The names of the example programs with the module each needs.
pub fn example_names(modules: &[Api]) -> Vec<(String, String)> {
    modules
        .iter()
        .filter(|api| api.client.is_some())
        .flat_map(|api| {
            api.operations.iter().filter_map(move |op| {
                let example = op.example.as_ref()?;
                Some((
                    format!("{}_{}", api.module, example.name),
                    api.module.clone(),
                ))
            })
        })
        .collect()
}

fn program(api: &Api, op: &Operation, name: &str) -> String {
    let Some(example) = &op.example else {
        return String::new();
    };
    let module = ident(&api.module);
    let method = ident(&op.fn_name);
    let field_type = |field: &str| {
        op.params
            .iter()
            .find(|p| p.field.name == field)
            .map(|p| p.field.ty.clone())
            .unwrap_or(TypeRef::Json)
    };
    let fixed = example.params.iter().map(|(field, value)| {
        let setter = ident(field);
        let value = literal(api, &field_type(field), value);
        quote!(.#setter(#value))
    });
    let from_env = example.env.iter().map(|(field, var)| {
        let setter = ident(field);
        let value = match field_type(field) {
            TypeRef::String => quote!(std::env::var(#var)?),
            _ => quote!(std::env::var(#var)?.parse()?),
        };
        quote!(.#setter(#value))
    });
    let env_vars: Vec<&str> = example.env.iter().map(|(_, var)| var.as_str()).collect();
    let usage = format!(
        "Run it against a local mock server:\n\n```text\nTASKGEN_BASE_URL=http://127.0.0.1:8080 <credentials> {}cargo run -p cloud-task-clients --example {name}\n```\n\nCredentials come from the environment, as `Client::from_env` documents.",
        env_vars.iter().map(|v| format!("{v}=... ")).collect::<String>(),
    );
    let docs = super::docs::sanitize(&format!("{}\n\n{usage}", example.summary))
        .into_iter()
        .map(|line| {
            let line = if line.is_empty() {
                line
            } else {
                format!(" {line}")
            };
            quote!(#![doc = #line])
        });
    render(quote! {
        #(#docs)*

        use cloud_task_clients::#module::*;

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let mut config = ClientConfig::new();
            if let Ok(base_url) = std::env::var("TASKGEN_BASE_URL") {
                config = config.base_url(base_url);
            }
            let client = Client::from_env(config)?;
            let response = client
                .#method()
                #(#fixed)*
                #(#from_env)*
                .send()
                .await?;
            println!("{response:#?}");
            Ok(())
        }
    })
}

/// A spec value as a Rust expression of the parameter's type.
fn literal(api: &Api, ty: &TypeRef, value: &Value) -> proc_macro2::TokenStream {
    let enum_type = match ty {
        TypeRef::Named(name) => api
            .types
            .iter()
            .find(|t| &t.name == name && matches!(t.kind, TypeKind::Enum(_))),
        _ => None,
    };
    match (ty, value, enum_type) {
        (_, Value::String(text), Some(def)) => {
            let ty = ident(&def.name);
            quote!(#text.parse::<#ty>()?)
        }
        (TypeRef::String, Value::String(text), _) => quote!(#text),
        (TypeRef::Bool, Value::Bool(b), _) => quote!(#b),
        (TypeRef::Int(_), Value::Number(n), _) if n.is_i64() => {
            let n = proc_macro2::Literal::i64_unsuffixed(n.as_i64().unwrap_or_default());
            quote!(#n)
        }
        _ => {
            let json = value.to_string();
            let ty = type_tokens(ty);
            quote!(serde_json::from_str::<#ty>(#json)?)
        }
    }
}
