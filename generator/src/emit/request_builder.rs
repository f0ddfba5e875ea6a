//! An operation's request builder, one struct for both ways of making a
//! request: `ListTasksRequest::builder()` gives `ListTasksRequestBuilder`
//! (`build()` only), and `Client::list_tasks` gives `ListTasksBuilder<'c>`,
//! the same struct holding the client (`ListTasksRequestBuilder<&'c
//! Client>`), which can also `send()`.
//!
//! One struct rather than two means each parameter's field and setter is
//! written once, with its docs on the request struct's field only: an
//! operation's module was half builders before, which the user's `cargo
//! check` paid for on every big spec.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{builder_name, Field, Operation};

/// The request builder of `op`, its alias with the client, `build()` for
/// both and `send()`, in `op`'s module, which names the spec's types under
/// `types`.
pub(super) fn request_builder(op: &Operation, types: &TokenStream) -> TokenStream {
    let request_type = op.request_type.as_str();
    let request = ident(request_type);
    let name = ident(&builder_name(request_type));
    let alias = ident(&op.builder_type);
    let fields = op.fields();
    let scope = super::scope_text(types);
    let field_defs = super::field_lists::fields(super::builders::option_fields(&fields, &scope));
    let field_inits = std::iter::once("client".to_string())
        .chain(fields.iter().map(|f| format!("{}: None", &*f.name)))
        .map(super::field_lists::Value::Line);
    let field_inits = super::field_lists::values(field_inits.collect());
    let setters = super::builders::setters(&fields, &scope, request_type);
    let moves = super::field_lists::values(super::builders::moves(request_type, &fields));
    let debug = debug(&name, &fields);
    let derive_debug = debug.is_none().then(|| quote!(Debug,));
    let method = op.fn_name.bare();
    let doc = docs::lines_to_attrs(&[
        format!("Builder of [`{request_type}`]: set fields, then `build()`."),
        String::new(),
        format!("From [`{request_type}::builder`] it only builds; from"),
        format!("[`Client::{method}`] (as [`{alias}`]) it also sends."),
    ]);
    let alias_doc = docs::line(&format!(
        "[`{name}`] with the client that sends it, from [`Client::{method}`]."
    ));
    let build_doc = docs::line(&format!(
        "The [`{request_type}`]; fails if a required field is not set."
    ));
    let (response, decode) = super::responses::decoding(op, types);
    let mut send_doc = vec![
        "Checks the parameters, sends the request (retried as the".to_string(),
        "client's policy allows) and decodes the response.".to_string(),
    ];
    if let Some(errors) = &op.error_type {
        send_doc.push(String::new());
        send_doc.push(format!(
            "An error response's declared body: [`{errors}::from_error`]."
        ));
    }
    let send_doc = docs::lines_to_attrs(&send_doc);
    quote! {
        #doc
        #[derive(#derive_debug Clone)]
        pub struct #name<C = ()> {
            client: C,
            #field_defs
        }

        #debug

        #alias_doc
        pub type #alias<'c> = #name<&'c Client>;

        impl Default for #name {
            fn default() -> Self {
                Self::new(())
            }
        }

        impl<C> #name<C> {
            pub(crate) fn new(client: C) -> Self {
                Self { #field_inits }
            }

            #setters

            /// The request, unchecked but for the required fields.
            fn into_request(self) -> Result<#request, BuildError> {
                Ok(#request { #moves })
            }
        }

        impl #name {
            #build_doc
            pub fn build(self) -> Result<#request, BuildError> {
                self.into_request()
            }
        }

        impl #alias<'_> {
            /// Checks the parameters against the spec (required ones set,
            /// bounds, lengths, patterns) and returns the request; nothing is
            /// sent.
            pub fn build(self) -> Result<#request, Error> {
                let request = self.into_request()?;
                request.validate()?;
                Ok(request)
            }

            #send_doc
            pub async fn send(self) -> Result<#response, Error> {
                let client = self.client;
                let request = self.build()?;
                #decode
            }
        }
    }
}

/// A `Debug` that redacts secret parameters and leaves out the client;
/// `None` when no parameter is secret (the derive is used then).
fn debug(name: &proc_macro2::Ident, fields: &[Field]) -> Option<TokenStream> {
    if !fields.iter().any(|f| f.sensitive) {
        return None;
    }
    let label = name.to_string();
    let entries = super::structs::redacted_entries(fields, super::structs::Stored::AllOptional);
    Some(quote! {
        impl<C> std::fmt::Debug for #name<C> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#entries)* .finish_non_exhaustive()
            }
        }
    })
}
