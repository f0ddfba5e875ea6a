//! The smoke program `tests/prism.sh` runs against a Prism mock server:
//! every operation of every module with a client, called once with the
//! spec's examples or the smallest values its schemas allow for the
//! required parameters and body, each response decoded. It prints one line
//! per operation:
//!
//! ```text
//! CALL <module> <operationId> ok
//! CALL <module> <operationId> rejected <status>: <body>     (Prism refused the request)
//! CALL <module> <operationId> undecoded <status>: <error>   (the response did not decode)
//! CALL <module> <operationId> mock-invalid <status>: <body> (Prism's response broke its own schema)
//! CALL <module> <operationId> failed <error>
//! SKIP <module> <operationId> <reason>
//! ```
//!
//! The calls use today's client API (`Client::new` and a dummy credential
//! for each security scheme, builder setters, `send().await`), written by
//! `module` and `call` below, so a change of that API is adapted in one
//! place. A client that signs with a vendor scheme is not called: Prism
//! cannot check a signature.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};

use super::examples::literal;
use super::regex_sample;
use super::{ident, render};
use crate::ir::{Api, Doc, Operation, SchemeKind, TypeKind, TypeRef};

/// Nesting of required struct fields followed when building a value.
const MAX_DEPTH: usize = 12;

/// The smoke program's source for `modules`, naming the generated crate
/// `crate_name`. It reads the server's URL from `TASKGEN_BASE_URL`.
pub fn smoke(modules: &[Api], crate_name: &str) -> String {
    let crate_ident = format_ident!("{}", crate_name.replace('-', "_"));
    let with_client: Vec<&Api> = modules.iter().filter(|a| a.client.is_some()).collect();
    let runs = with_client.iter().map(|api| {
        let module = ident(&api.module);
        quote!(#module::run(&base_url).await?;)
    });
    let module_items = with_client.iter().map(|api| module(api, &crate_ident));
    render(quote! {
        //! Calls every operation of the generated clients once against
        //! `TASKGEN_BASE_URL` (a Prism mock) and prints one line per
        //! operation; written by `taskgen generate --smoke` for
        //! `tests/prism.sh`.

        /// What one call came to: arguments that could not be built, or
        /// the client's result.
        type Outcome = Result<Result<(), taskgen_runtime::Error>, Box<dyn std::error::Error>>;

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let base_url = std::env::var("TASKGEN_BASE_URL")?;
            #(#runs)*
            Ok(())
        }

        /// Prints the line for one call.
        fn report(module: &str, operation: &str, outcome: Outcome) {
            use taskgen_runtime::Error;
            let what = match outcome {
                Ok(Ok(())) => "ok".to_string(),
                Ok(Err(Error::Api { status, body, .. })) => {
                    let body = String::from_utf8_lossy(&body);
                    let body: String = body.chars().take(1000).collect();
                    let body = body.replace('\n', " ");
                    // Prism answers 500 when the response it made up
                    // breaks the spec's own schema.
                    if (400..500).contains(&status) {
                        format!("rejected {status}: {body}")
                    } else if body.contains(r#""location":["response""#) {
                        format!("mock-invalid {status}: {body}")
                    } else {
                        format!("failed {status}: {body}")
                    }
                }
                Ok(Err(Error::Decode { status, source, .. })) => {
                    format!("undecoded {status}: {source}")
                }
                Ok(Err(err)) => format!("failed {}", err.to_string().replace('\n', " ")),
                Err(err) => format!("failed to build arguments: {err}"),
            };
            println!("CALL {module} {operation} {what}");
        }

        #(#module_items)*
    })
}

/// A module's `run`: a client, then one call (or skip line) per operation.
fn module(api: &Api, crate_ident: &proc_macro2::Ident) -> TokenStream {
    let module = ident(&api.module);
    let name = &api.module;
    let doc = format!(" The operations of `{name}`.");
    let Some(client) = api.client.as_ref().filter(|c| c.auth.is_empty()) else {
        return signed_module(api, &doc);
    };
    let mut imports = BTreeSet::from(["Client", "ClientConfig", "RetryPolicy"].map(String::from));
    // Every scheme gets a dummy credential: Prism checks that one the
    // operation asks for is there, not its value.
    let credentials = client.schemes.iter().map(|scheme| {
        let setter = scheme.setter.ident();
        match scheme.kind {
            SchemeKind::Basic => quote!(.#setter("prism-user", "prism-password")),
            SchemeKind::Bearer { .. } => quote!(.#setter("prism-token")),
            SchemeKind::ApiKey { .. } => quote!(.#setter("prism-key")),
        }
    });
    let (calls, fns): (Vec<_>, Vec<_>) = api
        .operations
        .iter()
        .map(|op| call(api, op, &mut imports))
        .unzip();
    let imports = imports.iter().map(|name| ident(name));
    quote! {
        #[doc = #doc]
        mod #module {
            use #crate_ident::#module::{#(#imports),*};

            pub async fn run(base_url: &str) -> Result<(), Box<dyn std::error::Error>> {
                let config = ClientConfig::new()
                    .base_url(base_url)
                    .retry_policy(RetryPolicy::disabled());
                let client = Client::new(config)? #(#credentials)*;
                #(#calls)*
                Ok(())
            }

            #(#fns)*
        }
    }
}

/// A module whose client signs with a vendor scheme: Prism cannot check a
/// signature, so every operation is skipped (the shipped specs' overlays
/// in tests/prism/overlays/ turn signing off).
fn signed_module(api: &Api, doc: &str) -> TokenStream {
    let module = ident(&api.module);
    let lines = api.operations.iter().map(|op| {
        format!(
            "SKIP {} {} vendor signing (`x-taskgen-signing`): Prism cannot check a signature",
            api.module, op.id
        )
    });
    quote! {
        #[doc = #doc]
        mod #module {
            pub async fn run(_base_url: &str) -> Result<(), Box<dyn std::error::Error>> {
                #(println!("{}", #lines);)*
                Ok(())
            }
        }
    }
}

/// One operation's line in `run`, and the function that makes its call
/// with every required argument (none when one cannot be built: the line
/// says why it is skipped).
fn call(api: &Api, op: &Operation, imports: &mut BTreeSet<String>) -> (TokenStream, TokenStream) {
    let module = &api.module;
    let id = &op.id;
    let mut setters = Vec::new();
    for field in op.fields().iter().filter(|f| f.required) {
        match sample(api, &field.ty, &field.doc, 0) {
            Ok(value) => {
                let setter = field.name.ident();
                let value = literal(api, &field.ty, &value, imports);
                setters.push(quote!(.#setter(#value)));
            }
            Err(reason) => {
                let line = format!("SKIP {module} {id} `{}`: {reason}", field.wire_name);
                return (quote!(println!("{}", #line);), TokenStream::new());
            }
        }
    }
    let method = op.fn_name.ident();
    // Prefixed, so no operation's name clashes with `run`.
    let function_name = format_ident!("call_{}", op.fn_name.bare());
    let line = quote!(super::report(#module, #id, #function_name(&client).await););
    let function = quote! {
        async fn #function_name(client: &Client) -> super::Outcome {
            Ok(client.#method() #(#setters)* .send().await.map(drop))
        }
    };
    (line, function)
}

/// A valid value for `ty`: the example or default of `doc`, else the
/// smallest value the type and its bounds allow; or why there is none.
fn sample(api: &Api, ty: &TypeRef, doc: &Doc, depth: usize) -> Result<Value, String> {
    let given = doc.example.as_deref().or(doc.default.as_deref());
    if let Some(value) = given.and_then(|text| serde_json::from_str(text).ok()) {
        return Ok(value);
    }
    let c = &doc.constraints;
    let bound = |text: &Option<String>| text.as_deref().and_then(|t| t.parse::<f64>().ok());
    let number = || match (bound(&c.minimum), bound(&c.maximum)) {
        (Some(min), _) if c.exclusive_minimum => min.floor() + 1.0,
        (Some(min), _) => min,
        (None, Some(max)) if max < 1.0 => max,
        _ => 1.0,
    };
    Ok(match ty {
        TypeRef::String => {
            let max = c.max_length.unwrap_or(usize::MAX);
            let min = c.min_length.unwrap_or(1).max(1).min(max);
            if let Some(pattern) = &c.pattern {
                return regex_sample::sample(pattern, min, max).map(Value::String);
            }
            match c.format.as_deref().and_then(format_sample) {
                Some(text) if (min..=max).contains(&text.len()) => Value::String(text.into()),
                _ => Value::String("a".repeat(min)),
            }
        }
        TypeRef::Bool => Value::Bool(false),
        // A `File` reads its bytes from a JSON string.
        TypeRef::Binary => Value::String("a".into()),
        TypeRef::Int(_) => json!(number().ceil() as i64),
        TypeRef::Float(_) => json!(number()),
        TypeRef::Json | TypeRef::Map(_) => Value::Object(Map::new()),
        TypeRef::Vec(item) => {
            let count = c.min_items.unwrap_or(1).max(1);
            let item = sample(api, item, &Doc::default(), depth + 1)?;
            Value::Array(vec![item; count])
        }
        TypeRef::Named(name) => named(api, name, depth)?,
    })
}

/// A value of a string `format` that validators (Prism's ajv-formats)
/// check; `None` for formats with no check or none known.
fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "uuid" => "00000000-0000-0000-0000-000000000000",
        "date" => "2024-01-01",
        "date-time" => "2024-01-01T00:00:00Z",
        "time" => "00:00:00Z",
        "email" | "idn-email" => "a@example.com",
        "uri" | "url" | "iri" => "https://example.com/",
        "uri-reference" | "iri-reference" => "/a",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "127.0.0.1",
        "ipv6" => "::1",
        "byte" => "YQ==",
        "int32" | "int64" | "uint32" | "uint64" | "double" | "float" | "decimal" => "1",
        _ => return None,
    })
}

/// A valid value of the module's type `name`.
fn named(api: &Api, name: &str, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(format!("`{name}` nests required fields too deeply"));
    }
    let Some(def) = api.type_named(name) else {
        return Err(format!("no type `{name}`"));
    };
    if let Some(value) = def
        .doc
        .example
        .as_deref()
        .and_then(|t| serde_json::from_str(t).ok())
    {
        return Ok(value);
    }
    match &def.kind {
        TypeKind::Struct(s) => {
            let mut object = Map::new();
            for field in s.fields.iter().filter(|f| f.required) {
                let value = sample(api, &field.ty, &field.doc, depth + 1)?;
                object.insert(field.wire_name.clone(), value);
            }
            Ok(Value::Object(object))
        }
        TypeKind::Enum(e) => e
            .variants
            .first()
            .map(|v| Value::String(v.value.clone()))
            .ok_or_else(|| format!("enum `{name}` has no values")),
        TypeKind::Union(variants) => match variants.first() {
            Some(variant) => sample(api, &variant.ty, &Doc::default(), depth + 1),
            None => Err(format!("union `{name}` has no variants")),
        },
        TypeKind::Alias(inner) => sample(api, inner, &def.doc, depth + 1),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::{named, sample, smoke};
    use crate::ir::{Api, Doc, TypeRef};
    use crate::{load, lower};

    const SPEC: &str = "\
openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'https://t.example.com'}]
paths:
  /things/{id}:
    put:
      operationId: PutThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, pattern: '^[a-z]+$'}, example: abc}
        - {name: size, in: query, required: true, schema: {type: integer, minimum: 5, exclusiveMinimum: true}}
        - {name: tags, in: query, required: true, schema: {type: array, minItems: 2, items: {type: string}}}
        - {name: note, in: query, schema: {type: string}}
        - {name: when, in: query, required: true, schema: {type: string, format: date-time}}
        - {name: arn, in: query, required: true, schema: {type: string, pattern: '^arn:[a-z]+:[0-9]{2}$'}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200': {description: OK}
  /codes:
    get:
      operationId: GetCode
      parameters:
        - {name: code, in: query, required: true, schema: {type: string, pattern: '^([0-9])\\1$'}}
      responses:
        '200': {description: OK}
components:
  securitySchemes:
    Key: {type: apiKey, in: header, name: X-Key}
    Login: {type: http, scheme: basic}
  schemas:
    Thing:
      type: object
      required: [kind, count]
      properties:
        kind: {type: string, enum: [big, small]}
        count: {type: number, maximum: -2}
        label: {type: string}
";

    fn api_of(spec: &str) -> Api {
        let loaded = load::load_str(Path::new("t.yaml"), spec).unwrap();
        lower::lower(&loaded).unwrap()
    }

    fn api() -> Api {
        api_of(SPEC)
    }

    #[test]
    fn values_are_examples_or_the_smallest_the_bounds_allow() {
        let api = api();
        let op = &api.operations[0];
        let field = |wire: &str| {
            let f = op
                .fields()
                .into_iter()
                .find(|f| f.wire_name == wire)
                .unwrap();
            sample(&api, &f.ty, &f.doc, 0)
        };
        assert_eq!(field("id"), Ok(json!("abc")));
        assert_eq!(field("size"), Ok(json!(6)));
        assert_eq!(field("tags"), Ok(json!(["a", "a"])));
        assert_eq!(field("when"), Ok(json!("2024-01-01T00:00:00Z")));
        assert_eq!(field("arn"), Ok(json!("arn:a:00")));
        assert_eq!(field("body"), Ok(json!({"kind": "big", "count": -2.0})));
        let pattern = sample(
            &api,
            &TypeRef::String,
            &api.operations[1].params[0].field.doc,
            0,
        );
        assert!(pattern.unwrap_err().contains("pattern"));
        assert!(named(&api, "Missing", 0).is_err());
        assert_eq!(
            sample(&api, &TypeRef::Bool, &Doc::default(), 0),
            Ok(json!(false))
        );
    }

    #[test]
    fn every_operation_is_called_or_skipped_with_a_reason() {
        let program = smoke(&[api()], "my-clients");
        assert!(program.contains("use my_clients::t::{"), "{program}");
        let client: String = program.split_whitespace().collect();
        assert!(
            client.contains(
                "Client::new(config)?.with_api_key(\"prism-key\").with_basic(\"prism-user\",\"prism-password\");"
            ),
            "{program}"
        );
        assert!(
            program.contains("super::report(\"t\", \"PutThing\", call_put_thing(&client).await);")
        );
        assert!(program.contains(".size(6)"), "{program}");
        assert!(
            !program.contains(".note("),
            "optional parameters are left out"
        );
        assert!(program.contains("SKIP t GetCode `code`: a `pattern` this generator cannot read"));
        syn::parse_file(&program).expect("the program parses as Rust");
    }

    #[test]
    fn a_signed_client_is_skipped_with_the_reason() {
        let signed = SPEC.replace(
            "name: X-Key}",
            "name: X-Key, x-taskgen-signing: {scheme: token}}",
        );
        let program = smoke(&[api_of(&signed)], "my-clients");
        assert!(program.contains(
            "SKIP t PutThing vendor signing (`x-taskgen-signing`): Prism cannot check a signature"
        ));
        assert!(!program.contains("Client::"), "{program}");
        syn::parse_file(&program).expect("the program parses as Rust");
    }
}
