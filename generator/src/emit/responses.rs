//! Responses by status: what `send` returns and how it decodes it (one
//! body, or an enum when 2xx responses carry different bodies), the typed
//! error bodies an operation declares, and what the request says about
//! them (`Accept`, credentials, retries).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{docs, ident, scoped_type_tokens, Up};
use crate::ir::{status_variant, Operation, ResponseBody, Success};

/// The type `send` returns, and the statements that send `request` and
/// decode the response (`client` and `request` in scope); named types are
/// under `types` (`types::`), as in all of this file.
pub fn decoding(op: &Operation, types: &TokenStream) -> (TokenStream, TokenStream) {
    let sent = quote!(client.transport.send_raw(request.to_http()?).await?);
    match &op.success {
        Success::One(ResponseBody::Json { ty, .. }) => (
            scoped_type_tokens(ty, types),
            quote!(client.transport.send(request.to_http()?).await),
        ),
        Success::One(ResponseBody::Empty) => (quote!(()), quote! { #sent; Ok(()) }),
        Success::One(ResponseBody::Text { .. }) => (quote!(String), quote!(#sent.text())),
        Success::One(ResponseBody::Bytes { .. }) => (
            quote!(taskgen_runtime::Bytes),
            quote!(Ok(#sent.into_bytes())),
        ),
        Success::Enum { name, variants } => {
            let name = ident(name);
            let decode = |status: &str, body: &ResponseBody| {
                let variant = ident(&status_variant(status));
                match body {
                    ResponseBody::Empty => quote!(Ok(#name::#variant)),
                    ResponseBody::Json { .. } => quote!(response.json().map(#name::#variant)),
                    ResponseBody::Text { .. } => quote!(response.text().map(#name::#variant)),
                    ResponseBody::Bytes { .. } => {
                        quote!(Ok(#name::#variant(response.into_bytes())))
                    }
                }
            };
            let arms = variants.iter().filter_map(|(status, body)| {
                let code = Literal::u16_unsuffixed(status.parse().ok()?);
                let decode = decode(status, body);
                Some(quote!(#code => #decode,))
            });
            // An undeclared 2xx status: the `2XX` entry, else the first.
            let (status, body) = variants
                .iter()
                .find(|(status, _)| status == "2XX")
                .or(variants.first())
                .expect("an enum has variants");
            let fallback = decode(status, body);
            (
                quote!(#name),
                quote! {
                    let response = #sent;
                    match response.status() {
                        #(#arms)*
                        _ => #fallback,
                    }
                },
            )
        }
    }
}

/// The enum of an operation's success bodies, when they differ.
pub fn success_enum(op: &Operation, types: &TokenStream) -> Option<TokenStream> {
    let Success::Enum { name, variants } = &op.success else {
        return None;
    };
    let name = ident(name);
    let variants = variants.iter().map(|(status, body)| {
        let variant = ident(&status_variant(status));
        let doc = docs::line(&format!("`{status}`"));
        let payload = match body {
            ResponseBody::Empty => None,
            ResponseBody::Json { ty, .. } => Some(scoped_type_tokens(ty, types)),
            ResponseBody::Text { .. } => Some(quote!(String)),
            ResponseBody::Bytes { .. } => Some(quote!(taskgen_runtime::Bytes)),
        };
        let payload = payload.map(|ty| quote!((#ty)));
        quote! {
            #doc
            #variant #payload,
        }
    });
    let doc = format!(
        "What [`Client::{}`] returns: its success responses carry different bodies, one variant per status.",
        op.fn_name.bare()
    );
    Some(status_enum(&doc, &name, variants))
}

/// An enum with a variant per response status.
fn status_enum(
    doc: &str,
    name: &proc_macro2::Ident,
    variants: impl Iterator<Item = TokenStream>,
) -> TokenStream {
    // A response is returned once and matched: boxing its largest body
    // (clippy's advice) would cost every caller a `*` for no gain.
    // `non_exhaustive`: a status the spec adds is a new variant, which
    // must not break a caller's `match` (`diff` rates it minor).
    let doc = docs::line(doc);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The enum of an operation's declared error bodies, with `from_error`; or,
/// when an earlier operation declares the same, an alias of its enum. The
/// operation's module is `up` modules below the spec's (2 when `operations`
/// is split into files, which re-export every operation's module).
pub fn error_enum(op: &Operation, types: &TokenStream, up: usize) -> Option<TokenStream> {
    let name = ident(op.error_type.as_ref()?);
    if let Some((module, first)) = &op.errors_as {
        let doc = docs::line(&format!(
            "The error bodies [`Client::{}`] declares, by status (the same as `{module}`).",
            op.fn_name.bare()
        ));
        let operations = match up {
            1 => quote!(super::),
            _ => {
                let spec = Up(up + 1);
                quote!(#spec operations::)
            }
        };
        let (module, first) = (ident(module), ident(first));
        return Some(quote! {
            #doc
            pub type #name = #operations #module::#first;
        });
    }
    let variants = op.errors.iter().map(|(status, ty)| {
        let variant = ident(&status_variant(status));
        let doc = docs::line(&format!("`{status}`"));
        let ty = scoped_type_tokens(ty, types);
        quote! {
            #doc
            #variant(#ty),
        }
    });
    // The status's own body, else its range's, else `default`'s.
    let decode = |status: &str| {
        let variant = ident(&status_variant(status));
        quote!(serde_json::from_slice(body).ok().map(Self::#variant))
    };
    let exact: Vec<TokenStream> = op
        .errors
        .iter()
        .filter_map(|(status, _)| {
            let code = Literal::u16_unsuffixed(status.parse().ok()?);
            let decode = decode(status);
            Some(quote!(#code => #decode,))
        })
        .collect();
    let ranges: Vec<TokenStream> = op
        .errors
        .iter()
        .filter_map(|(status, _)| {
            let class: u16 = status.strip_suffix("XX")?.parse().ok()?;
            let (low, high) = (
                Literal::u16_unsuffixed(class * 100),
                Literal::u16_unsuffixed(class * 100 + 99),
            );
            let decode = decode(status);
            Some(quote!(#low..=#high => #decode,))
        })
        .collect();
    let by_status = !exact.is_empty() || !ranges.is_empty();
    let mut steps = Vec::new();
    for arms in [exact, ranges] {
        if !arms.is_empty() {
            steps.push(quote!(match status { #(#arms)* _ => None }));
        }
    }
    if op.errors.iter().any(|(status, _)| status == "default") {
        steps.push(decode("default"));
    }
    let status = by_status.then(|| quote!(let status = error.status()?;));
    let first = &steps[0];
    let rest = steps[1..].iter().map(|step| quote!(.or_else(|| #step)));
    let doc = format!(
        "The error bodies [`Client::{}`] declares, by status.",
        op.fn_name.bare()
    );
    let declaration = status_enum(&doc, &name, variants);
    Some(quote! {
        #declaration

        impl #name {
            /// The body of `error` as this operation declares it for its
            /// status (that status's, else its range's, else `default`'s);
            /// `None` when no response came back or the body is not that.
            pub fn from_error(error: &taskgen_runtime::Error) -> Option<Self> {
                #status
                let body: &[u8] = error.body()?;
                #first #(#rest)*
            }
        }
    })
}

/// What the request adds for its responses and credentials: the
/// operation's security requirements, its `x-taskgen-idempotent`, and its
/// `Accept` unless that is the transport's default.
pub fn request_extras(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    if !op.security.is_empty() {
        let requirements = op.security.iter().map(|names| quote!(&[#(#names),*]));
        out.extend(quote!(.security(&[#(#requirements),*])));
    }
    if let Some(idempotent) = op.idempotent {
        out.extend(quote!(.idempotent(#idempotent)));
    }
    if let Some(accept) = &op.accept {
        out.extend(quote!(.header("accept", #accept)));
    }
    out
}
