//! The `Client` of a module: constructors per signing scheme and one method
//! per operation returning its request builder; and for each operation's
//! module (`emit/operations.rs`) that builder, and on the request struct
//! `validate` (the spec's constraints, checked before any I/O) and the
//! encoding into an HTTP request.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::layout::Printer;
use super::{docs, ident, print_pieces};
use crate::ir::{Api, Auth, Client, Constraints, ErrorFormat, Field, Operation, TypeRef};

/// Prints the items of `client.rs`: the `Client` and its `SERVICE`. Its
/// `impl`, a method per operation, is made and printed a method at a time:
/// made whole, the tokens of thousands of methods were the peak of memory.
pub fn print_client(printer: &mut Printer, api: &Api, client: &Client) {
    let service = service(client);
    let constructors = if client.auth.is_empty() {
        super::auth::standard_constructors(client)
    } else {
        constructors(client)
    };
    let methods = api.operations.iter().map(|op| method(op, client));
    let client_doc = docs::lines_to_attrs(&super::auth::client_doc(client));
    let operations = (!api.operations.is_empty()).then(|| {
        quote!(
            use super::operations;
        )
    });
    let items = quote! {
        //! The API client: one method per operation, each returning the
        //! request builder of its module in `operations`, which checks the
        //! parameters before anything is sent.

        use taskgen_runtime::{ClientConfig, ConfigError};

        #operations

        #service

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            /// Sends the operations' requests (their modules' builders).
            pub(super) transport: taskgen_runtime::Transport,
        }
    };
    print_pieces(printer, [items]);
    printer.impl_block(
        quote!(impl Client),
        std::iter::once(constructors).chain(methods),
    );
}

fn service(client: &Client) -> TokenStream {
    let endpoint = &client.endpoint;
    let format = match client.error_format {
        ErrorFormat::Alibaba => quote!(Alibaba),
        ErrorFormat::Bce => quote!(Bce),
        ErrorFormat::Huawei => quote!(Huawei),
        ErrorFormat::Generic => quote!(Generic),
    };
    let region = client
        .default_region
        .as_ref()
        .map(|region| quote!(.with_default_region(#region)));
    let variables = (!client.variables.is_empty()).then(|| {
        let variables = client.variables.iter().map(|v| {
            let (name, default, allowed) = (&v.name, &v.default, &v.allowed);
            quote!(taskgen_runtime::ServerVariable { name: #name, default: #default, allowed: &[#(#allowed),*] })
        });
        quote!(.with_variables(&[#(#variables),*]))
    });
    let schemes = super::auth::service_schemes(client);
    let doc = if client.endpoint.contains("{region}") {
        quote! {
            /// Where the API is served (`{region}` is filled from the client's
            /// configuration) and how its error bodies look.
        }
    } else if client.endpoint.contains("://") {
        quote! {
            /// Where the API is served and how its error bodies look.
        }
    } else {
        quote! {
            /// Where the API is served (relative: the client's configuration
            /// must give a base URL) and how its error bodies look.
        }
    };
    quote! {
        #doc
        pub const SERVICE: taskgen_runtime::Service = taskgen_runtime::Service::new(#endpoint, taskgen_runtime::ErrorFormat::#format) #region #variables #schemes;
    }
}

/// The environment variables a scheme's credentials come from, as the
/// runtime's constants name them, and for the docs.
fn env_source(auth: &Auth) -> (TokenStream, &'static str) {
    match auth {
        Auth::Acs3 => (
            quote!(taskgen_runtime::credentials::AccessKey::from_env(&taskgen_runtime::credentials::AccessKeyEnv::ALIBABA)),
            "`ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (optionally `ALIBABA_CLOUD_SECURITY_TOKEN`)",
        ),
        Auth::Bce { .. } => (
            quote!(taskgen_runtime::credentials::AccessKey::from_env(&taskgen_runtime::credentials::AccessKeyEnv::BAIDU)),
            "`BAIDU_CLOUD_ACCESS_KEY_ID` and `BAIDU_CLOUD_ACCESS_KEY_SECRET`",
        ),
        Auth::HuaweiAkSk => (
            quote!(taskgen_runtime::credentials::AccessKey::from_env(&taskgen_runtime::credentials::AccessKeyEnv::HUAWEI)),
            "`HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`",
        ),
        Auth::Token { .. } => (
            quote!(taskgen_runtime::credentials::Token::from_env(&taskgen_runtime::credentials::TokenEnv::HUAWEI)),
            "`HUAWEICLOUD_SDK_TOKEN`",
        ),
    }
}

/// `new` with a signer, `with_access_key` / `with_token` per scheme, and
/// `from_env` trying each scheme's variables in the spec's order.
fn constructors(client: &Client) -> TokenStream {
    let mut out = quote! {
        /// A client that signs every request with `signer`.
        pub fn new(config: ClientConfig, signer: ::std::sync::Arc<dyn taskgen_runtime::sign::Signer>) -> Result<Self, ConfigError> {
            Ok(Client { transport: taskgen_runtime::Transport::new(config, SERVICE, signer)? })
        }
    };
    let mut seen_key = false;
    let mut seen_token = false;
    let mut tries = Vec::new();
    let mut sources = Vec::new();
    for auth in &client.auth {
        let (constructor, credential, signer, what) = match auth {
            Auth::Token { header } => {
                if seen_token {
                    continue;
                }
                seen_token = true;
                (
                    quote!(with_token),
                    quote!(taskgen_runtime::credentials::Token),
                    quote!(taskgen_runtime::sign::TokenSigner::new(#header, credential)),
                    format!("A client that sends a token in the `{header}` header."),
                )
            }
            _ => {
                if seen_key {
                    continue;
                }
                seen_key = true;
                let (signer, name) = match auth {
                    Auth::Acs3 => (
                        quote!(taskgen_runtime::sign::Acs3Signer::new(credential)),
                        "ACS3-HMAC-SHA256",
                    ),
                    Auth::HuaweiAkSk => (
                        quote!(taskgen_runtime::sign::HuaweiAkSkSigner::new(credential)),
                        "SDK-HMAC-SHA256",
                    ),
                    Auth::Bce {
                        signed_headers,
                        expiration_seconds,
                    } => {
                        let headers = (!signed_headers.is_empty())
                            .then(|| quote!(.with_signed_headers([#(#signed_headers),*])));
                        let expiration =
                            expiration_seconds.map(|s| quote!(.with_expiration_seconds(#s)));
                        (
                            quote!(taskgen_runtime::sign::BceSigner::new(credential) #headers #expiration),
                            "bce-auth-v1",
                        )
                    }
                    Auth::Token { .. } => continue,
                };
                (
                    quote!(with_access_key),
                    quote!(taskgen_runtime::credentials::AccessKey),
                    signer,
                    format!("A client that signs requests with an access key ({name})."),
                )
            }
        };
        let what = docs::line(&what);
        out.extend(quote! {
            #what
            pub fn #constructor(config: ClientConfig, credential: #credential) -> Result<Self, ConfigError> {
                Self::new(config, ::std::sync::Arc::new(#signer))
            }
        });
        let (source, variables) = env_source(auth);
        sources.push(variables);
        tries.push(quote! {
            match #source {
                Ok(credential) => return Ok(Self::#constructor(config, credential)?),
                Err(err) => missing.push(err),
            }
        });
    }
    let doc = docs::line(&format!(
        "A client with credentials from the environment: {}.",
        sources.join(", or else ")
    ));
    out.extend(quote! {
        #doc
        pub fn from_env(config: ClientConfig) -> Result<Self, taskgen_runtime::SetupError> {
            let mut missing = Vec::new();
            #(#tries)*
            Err(taskgen_runtime::SetupError::NoCredentials(missing))
        }
    });
    out
}

fn method(op: &Operation, client: &Client) -> TokenStream {
    let name = op.fn_name.ident();
    let module = ident(&op.module);
    let builder = ident(&op.builder_type);
    let mut lines = vec![if op.id_given {
        format!("`{}`: {}", op.id, wire_line(op))
    } else {
        wire_line(op)
    }];
    // The full text lives on the operation's module, which every operation
    // has (with or without a client); the method gives its summary and links.
    let summary = docs::summary_lines(&op.doc);
    if !summary.is_empty() {
        lines.push(String::new());
        lines.extend(summary);
    }
    lines.push(String::new());
    lines.push(format!(
        "The parameters and the full description: [`operations::{}`].",
        op.module
    ));
    if client.auth.is_empty() {
        lines.push(String::new());
        lines.push(super::auth::security_line(op));
    }
    let doc = docs::lines_to_attrs(&lines);
    let allow = super::trait_names::allow_for_client_method(op.fn_name.bare());
    quote! {
        #doc
        #allow
        pub fn #name(&self) -> operations::#module::#builder<'_> {
            operations::#module::#builder::new(self)
        }
    }
}

fn wire_line(op: &Operation) -> String {
    format!("`{}`", op.wire_call())
}

/// `builder`, `validate` and `to_http` of `op`'s request struct.
pub(super) fn request_impl(api: &Api, op: &Operation) -> TokenStream {
    let request = ident(&op.request_type);
    let checks: Vec<TokenStream> = op.params.iter().filter_map(|p| check(&p.field)).collect();
    let http = super::to_http::to_http(api, op);
    let builder = super::structs::builder_fn(&op.request_type, None);
    quote! {
        impl #request {
            #builder

            /// Checks the parameters against the spec's constraints.
            pub fn validate(&self) -> Result<(), Error> {
                #(#checks)*
                Ok(())
            }

            #http
        }
    }
}

/// Checks of one parameter's constraints, on `value: &T`.
fn check(field: &Field) -> Option<TokenStream> {
    let c = &field.doc.constraints;
    let wire = &field.wire_name;
    let checks = match &field.ty {
        TypeRef::Int(_) => number_checks(c, wire, false),
        TypeRef::Float(_) => number_checks(c, wire, true),
        TypeRef::String => string_checks(c, wire),
        TypeRef::Vec(_) => count_checks(wire, "items", c.min_items, c.max_items),
        TypeRef::Map(_) => count_checks(wire, "entries", c.min_properties, c.max_properties),
        _ => Vec::new(),
    };
    if checks.is_empty() {
        return None;
    }
    let name = field.name.ident();
    Some(if field.optional() {
        quote! {
            if let Some(value) = &self.#name {
                #(#checks)*
            }
        }
    } else {
        quote! {
            {
                let value = &self.#name;
                #(#checks)*
            }
        }
    })
}

fn number_checks(c: &Constraints, wire: &str, float: bool) -> Vec<TokenStream> {
    let literal = |text: &str| -> Option<Literal> {
        if float {
            text.parse::<f64>().ok().map(Literal::f64_unsuffixed)
        } else {
            text.parse::<i128>().ok().map(Literal::i128_unsuffixed)
        }
    };
    let mut out = Vec::new();
    if let Some(min) = c.minimum.as_deref().and_then(literal) {
        let exclusive = c.exclusive_minimum;
        out.push(quote!(taskgen_runtime::check_minimum(#wire, *value, #min, #exclusive)?;));
    }
    if let Some(max) = c.maximum.as_deref().and_then(literal) {
        let exclusive = c.exclusive_maximum;
        out.push(quote!(taskgen_runtime::check_maximum(#wire, *value, #max, #exclusive)?;));
    }
    out
}

fn string_checks(c: &Constraints, wire: &str) -> Vec<TokenStream> {
    let mut out = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (option(c.min_length), option(c.max_length));
        out.push(quote!(taskgen_runtime::check_length(#wire, value, #min, #max)?;));
    }
    // Patterns the `regex` crate cannot compile (look-around) are left to
    // the server; the field's docs still show them.
    if let Some(pattern) = c
        .pattern
        .as_deref()
        .filter(|p| regex::Regex::new(p).is_ok())
    {
        out.push(quote!(taskgen_runtime::check_pattern(#wire, value, #pattern)?;));
    }
    out
}

fn count_checks(
    wire: &str,
    unit: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Vec<TokenStream> {
    if min.is_none() && max.is_none() {
        return Vec::new();
    }
    let (min, max) = (option(min), option(max));
    vec![quote!(taskgen_runtime::check_count(#wire, #unit, value.len(), #min, #max)?;)]
}

fn option(value: Option<usize>) -> TokenStream {
    match value {
        Some(n) => {
            let n = Literal::usize_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}
