//! A standard client's credentials in generated code: the `Client`'s
//! docs (server, variables, schemes), `new` and one `with_` method per
//! security scheme, and what each operation needs.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir::{Client, Operation, ParamLocation, Scheme, SchemeKind};

/// `.with_security_schemes(..)` of the `SERVICE` const: each scheme's
/// name and where its credential goes, as the runtime applies it.
pub fn service_schemes(client: &Client) -> Option<TokenStream> {
    (!client.schemes.is_empty()).then(|| {
        let schemes = client.schemes.iter().map(|scheme| {
            let name = &scheme.name;
            let kind = match &scheme.kind {
                SchemeKind::Basic => quote!(Basic),
                SchemeKind::Bearer { .. } => quote!(Bearer),
                SchemeKind::ApiKey { location, name } => {
                    let location = match location {
                        ParamLocation::Query => quote!(Query),
                        ParamLocation::Cookie => quote!(Cookie),
                        _ => quote!(Header),
                    };
                    quote!(ApiKey { location: taskgen_runtime::auth::ApiKeyLocation::#location, name: #name })
                }
            };
            quote!(taskgen_runtime::auth::SecurityScheme { name: #name, kind: taskgen_runtime::auth::SchemeKind::#kind })
        });
        quote!(.with_security_schemes(&[#(#schemes),*]))
    })
}

/// The `Client` struct's docs: what it is, where it sends requests and,
/// for standard schemes, how to give credentials.
pub fn client_doc(client: &Client) -> Vec<String> {
    let mut lines =
        vec!["Client for this API. Cheap to clone: clones share one connection pool.".to_string()];
    if !client.auth.is_empty() {
        return lines;
    }
    lines.push(String::new());
    let endpoint = docs::code(&client.endpoint);
    if client.endpoint.is_empty() {
        lines.push("The spec names no server: give one with `ClientConfig::base_url`.".into());
    } else if !client.endpoint.contains("://") {
        lines.push(format!(
            "The server URL {endpoint} is relative: give the URL it is relative to with `ClientConfig::base_url`."
        ));
    } else {
        lines.push(format!("Requests go to {endpoint}."));
    }
    if let Some(region) = &client.default_region {
        lines.push(String::new());
        lines.push(format!(
            "`{{region}}` is {} unless `ClientConfig::region` says otherwise.",
            docs::code(region)
        ));
    }
    if !client.variables.is_empty() {
        lines.push(String::new());
        lines.push(
            "Server variables, set with `ClientConfig::server_variable(name, value)`:".into(),
        );
    }
    for v in &client.variables {
        let allowed = if v.allowed.is_empty() {
            String::new()
        } else {
            let values: Vec<String> = v.allowed.iter().map(|a| docs::code(a)).collect();
            format!(" (one of {})", values.join(", "))
        };
        lines.push(format!(
            "- {}: default {}{allowed}",
            docs::code(&v.name),
            docs::code(&v.default)
        ));
    }
    if !client.schemes.is_empty() {
        lines.push(String::new());
        lines.push("Credentials: each operation's docs say which it needs; a call".into());
        lines.push("whose requirement the client cannot meet fails with".into());
        lines.push("`Error::Credentials` before anything is sent.".into());
        lines.push(String::new());
        for scheme in &client.schemes {
            let provider = scheme
                .provider_setter
                .as_ref()
                .map(|p| format!(" or [`{}`](Self::{})", p.bare(), p.bare()))
                .unwrap_or_default();
            lines.push(format!(
                "- {}, {}: [`{}`](Self::{}){provider}",
                docs::code(&scheme.name),
                scheme_what(scheme),
                scheme.setter.bare(),
                scheme.setter.bare(),
            ));
        }
    }
    lines
}

/// What a scheme sends, for docs: `an API key in header X-API-Key`.
fn scheme_what(scheme: &Scheme) -> String {
    match &scheme.kind {
        SchemeKind::Basic => "HTTP basic authentication".into(),
        SchemeKind::Bearer { spec_type } => match spec_type.as_str() {
            "oauth2" => "an OAuth 2 access token, as a bearer token".into(),
            "openIdConnect" => "an OpenID Connect token, as a bearer token".into(),
            _ => "a bearer token".into(),
        },
        SchemeKind::ApiKey { location, name } => {
            let place = match location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Cookie => "cookie",
                _ => "header",
            };
            format!("an API key in {place} {}", docs::code(name))
        }
    }
}

/// `new` and one credential setter per standard scheme.
pub fn standard_constructors(client: &Client) -> TokenStream {
    let new_doc = if client.endpoint.contains("://") {
        quote!(
            /// A client with no credentials yet: see the `with_` methods.
        )
    } else {
        quote! {
            /// A client with no credentials yet: see the `with_` methods.
            /// Fails with `ConfigError::MissingBaseUrl` unless `config` has a
            /// base URL.
        }
    };
    let setters = client.schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let setter = scheme.setter.ident();
        let mut lines = vec![format!("Sends {}: {}.", docs::code(name), scheme_what(scheme))];
        if let Some(description) = &scheme.description {
            lines.push(String::new());
            lines.extend(docs::sanitize(description));
        }
        let doc = docs::lines_to_attrs(&lines);
        let set = |credential: TokenStream| quote!(self.transport = self.transport.with_credential(#name, #credential); self);
        match &scheme.kind {
            SchemeKind::Basic => {
                let body = set(quote!(taskgen_runtime::Credential::Basic { username: username.into(), password: taskgen_runtime::credentials::Token::new(password) }));
                quote! {
                    #doc
                    pub fn #setter(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        #body
                    }
                }
            }
            SchemeKind::ApiKey { .. } => {
                let body = set(quote!(taskgen_runtime::Credential::ApiKey(taskgen_runtime::credentials::Token::new(key))));
                quote! {
                    #doc
                    pub fn #setter(mut self, key: impl Into<String>) -> Self {
                        #body
                    }
                }
            }
            SchemeKind::Bearer { .. } => {
                let provider = scheme.provider_setter.as_ref().map(|n| n.ident());
                let body = set(quote!(taskgen_runtime::Credential::Bearer(::std::sync::Arc::new(provider))));
                let provider_doc = docs::lines_to_attrs(&[
                    format!("Sends {} with a token from `provider`, asked before", docs::code(name)),
                    "every attempt (so it can refresh the token).".to_string(),
                ]);
                quote! {
                    #doc
                    pub fn #setter(self, token: impl Into<String>) -> Self {
                        self.#provider(taskgen_runtime::credentials::Token::new(token))
                    }

                    #provider_doc
                    pub fn #provider(mut self, provider: impl taskgen_runtime::TokenProvider + 'static) -> Self {
                        #body
                    }
                }
            }
        }
    });
    quote! {
        #new_doc
        pub fn new(config: ClientConfig) -> Result<Self, ConfigError> {
            Ok(Client { transport: taskgen_runtime::Transport::new(config, SERVICE, ::std::sync::Arc::new(taskgen_runtime::sign::Unsigned))? })
        }

        #(#setters)*
    }
}

/// What credentials an operation needs, in words.
pub fn security_line(op: &Operation) -> String {
    if op.security.iter().any(Vec::is_empty) || op.security.is_empty() {
        let optional = if op.security.is_empty() {
            ""
        } else {
            " (any it has are sent)"
        };
        return format!("Credentials: none needed{optional}.");
    }
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|r| {
            r.iter()
                .map(|s| docs::code(s))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    format!("Credentials: {}.", alternatives.join(", or "))
}
