//! `to_http` of each request struct: the path with its parameters, the
//! query, headers and cookies by each parameter's `style` and `explode`,
//! and the body by its kind. Scalars in their location's default style are
//! written inline (`request.query("page", value.to_string())`); everything
//! else calls the runtime's `style_value`/`style_pairs`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{ident, statements};
use crate::ir::{
    Api, Body, BodyKind, Field, Operation, Param, ParamEncoding, ParamLocation, ParamStyle,
    PropertyEncoding, TypeKind, TypeRef,
};

/// How a value of some type becomes parameter text.
enum Text {
    /// `String` or an alias of it: borrowed as `&str`.
    Str,
    /// An enum: its `as_str()`.
    Enum,
    /// Numbers and booleans: `to_string()`.
    Display,
    /// Anything else: not a scalar.
    Complex,
}

fn text_kind(api: &Api, ty: &TypeRef) -> Text {
    match api.unalias(ty) {
        (TypeRef::String, _) => Text::Str,
        (TypeRef::Bool | TypeRef::Int(_) | TypeRef::Float(_), _) => Text::Display,
        (_, Some(TypeKind::Enum(_))) => Text::Enum,
        _ => Text::Complex,
    }
}

/// The method turning a value of type `ty` into something `Into<String>`
/// (`as_str`, `to_string`); `None` for a value that is not a scalar.
fn conversion(api: &Api, ty: &TypeRef) -> Option<&'static str> {
    match text_kind(api, ty) {
        Text::Str | Text::Enum => Some("as_str"),
        Text::Display => Some("to_string"),
        Text::Complex => None,
    }
}

/// Tokens turning `value` (a reference) into something `Into<String>`;
/// `None` for a value that is not a scalar.
fn scalar_text(api: &Api, ty: &TypeRef, value: TokenStream) -> Option<TokenStream> {
    let conversion = ident(conversion(api, ty)?);
    Some(quote!(#value.#conversion()))
}

/// The step of a scalar parameter held in the field `name`: `request =
/// request.<method>("<wire>", value.<conversion>());`, in `if let Some`
/// when the field is an `Option`. Written as a stand-in (`statements`).
pub(super) fn scalar_step(
    name: &Ident,
    wire: &str,
    optional: bool,
    method: &Ident,
    conversion: &Ident,
) -> TokenStream {
    let add = quote!(request = request.#method(#wire, value.#conversion()););
    bind(quote!(self.#name), quote!(value), !optional, add)
}

/// The runtime's `ParamStyle::X`.
fn style_tokens(style: ParamStyle) -> TokenStream {
    let variant = ident(match style {
        ParamStyle::Simple => "Simple",
        ParamStyle::Label => "Label",
        ParamStyle::Matrix => "Matrix",
        ParamStyle::Form => "Form",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    });
    quote!(taskgen_runtime::ParamStyle::#variant)
}

/// `to_http`: the request as the transport sends it.
pub fn to_http(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(op.rpc.as_ref().map_or(&op.method, |rpc| &rpc.method));
    let (locals, path_expr) = match &op.rpc {
        Some(rpc) => {
            let path = &rpc.path;
            (Vec::new(), quote!(#path))
        }
        None => path_expr(api, op),
    };
    // RPC calls name their action twice: in the query (what the API reads)
    // and in the headers the ACS3 signature covers.
    let rpc = op.rpc.as_ref().map(|rpc| {
        let (action, version, idempotent) = (&rpc.action, &rpc.version, rpc.idempotent);
        quote! {
            .query("Action", #action)
            .query("Version", #version)
            .header("x-acs-action", #action)
            .header("x-acs-version", #version)
            .idempotent(#idempotent)
        }
    });
    let mut steps = Vec::new();
    let mut scalars = Vec::new();
    for step in op.params.iter().filter_map(|p| param_step(api, p)) {
        match step {
            ParamStep::Scalar(step) => scalars.push(step),
            ParamStep::Tokens(step) => {
                steps.extend(scalar_run(std::mem::take(&mut scalars)));
                steps.push(step);
            }
        }
    }
    steps.extend(scalar_run(scalars));
    if let Some(body) = &op.body {
        let add = body_step(api, body);
        steps.push(bind(quote!(self.body), quote!(body), body.required, add));
    }
    let auth = super::responses::request_extras(op);
    let start = quote!(taskgen_runtime::Request::new(taskgen_runtime::Method::#method, #path_expr) #rpc #auth);
    let body = if steps.is_empty() {
        quote!(#(#locals)* Ok(#start))
    } else {
        quote! {
            #(#locals)*
            let mut request = #start;
            #(#steps)*
            Ok(request)
        }
    };
    quote! {
        fn to_http(&self) -> Result<taskgen_runtime::Request, Error> {
            #body
        }
    }
}

/// Runs `add` on `&<place>` (`self.color`, `body.photo`) bound to
/// `local`: inside `if let Some` when the field is an `Option`.
fn bind(place: TokenStream, local: TokenStream, required: bool, add: TokenStream) -> TokenStream {
    if required {
        quote! {
            let #local = &#place;
            #add
        }
    } else {
        quote! {
            if let Some(#local) = &#place {
                #add
            }
        }
    }
}

/// The path with its parameters filled in, and the statements that
/// encode and check each path parameter into a local the path captures.
/// The template's own text stays as written (`:cancel`).
fn path_expr(api: &Api, op: &Operation) -> (Vec<TokenStream>, TokenStream) {
    let mut format = String::new();
    let mut locals = Vec::new();
    let mut declared = std::collections::HashSet::new();
    // A `#` starts the URI's fragment, which HTTP never sends: specs
    // converted from AWS write `/tags/{arn}#tagKeys` to keep two
    // operations on one path apart.
    let template = op.path.split('#').next().unwrap_or_default();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        format.push_str(&escape_braces(&rest[..open]));
        let name = &rest[open + 1..close];
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.field.wire_name == name);
        match param {
            Some(param) => {
                let local = format!("{}_segment", param.field.name.bare());
                let local_ident = ident(&local);
                format.push_str(&format!("{{{local}}}"));
                // A parameter the template names twice is checked once.
                if declared.insert(local) {
                    let segment = path_segment(api, param);
                    locals.push(quote!(let #local_ident = #segment;));
                }
            }
            None => format.push_str(&escape_braces(&rest[open..=close])),
        }
        rest = &rest[close + 1..];
    }
    format.push_str(&escape_braces(rest));
    if locals.is_empty() {
        (locals, quote!(#template))
    } else {
        (locals, quote!(format!(#format)))
    }
}

/// A path parameter's segment, percent-encoded and checked: `path_param`
/// for a `simple` scalar's text, `style_path` otherwise.
fn path_segment(api: &Api, param: &Param) -> TokenStream {
    let wire = &param.field.wire_name;
    let field = param.field.name.ident();
    let value = quote!(&self.#field);
    match param.encoding {
        ParamEncoding::Json => {
            quote!(taskgen_runtime::path_param(#wire, &taskgen_runtime::json_param(#wire, #value)?)?)
        }
        // `simple` writes a scalar as it is; an `Option` (a nullable path
        // parameter) goes through `style_path`, which writes `None` empty.
        ParamEncoding::Style {
            style: ParamStyle::Simple,
            ..
        } if !param.field.optional()
            && !matches!(text_kind(api, &param.field.ty), Text::Complex) =>
        {
            match text_kind(api, &param.field.ty) {
                Text::Str => quote!(taskgen_runtime::path_param(#wire, #value)?),
                _ => quote!(taskgen_runtime::path_param(#wire, &self.#field.to_string())?),
            }
        }
        ParamEncoding::Style { style, explode, .. } => {
            let style = style_tokens(style);
            quote!(taskgen_runtime::style_path(#wire, #value, #style, #explode)?)
        }
    }
}

fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// A parameter's step: a scalar one as text (printed from a template,
/// `statements`), any other as tokens.
enum ParamStep {
    Scalar(statements::Step),
    Tokens(TokenStream),
}

/// The stand-in of a run of scalar steps; nothing for none, so that a
/// request without steps is made in one expression.
fn scalar_run(steps: Vec<statements::Step>) -> Option<TokenStream> {
    (!steps.is_empty()).then(|| statements::steps(steps))
}

/// Adds one query, header or cookie parameter to `request`.
fn param_step(api: &Api, param: &Param) -> Option<ParamStep> {
    let wire = param.field.wire_name.as_str();
    let ty = &param.field.ty;
    let (style, explode, allow_reserved) = match param.encoding {
        ParamEncoding::Json => {
            let text = quote!(taskgen_runtime::json_param(#wire, value)?);
            let add = match param.location {
                ParamLocation::Path => return None,
                ParamLocation::Query => quote!(request = request.query(#wire, #text);),
                ParamLocation::Header => quote!(request = request.header(#wire, #text);),
                ParamLocation::Cookie => quote!(request = request.cookie(#wire, #text);),
            };
            return Some(ParamStep::Tokens(bind_param(param, add)));
        }
        ParamEncoding::Style {
            style,
            explode,
            allow_reserved,
        } => (style, explode, allow_reserved),
    };
    // Every style writes a scalar as it is (a query one as `name=value`).
    if let Some(conversion) = conversion(api, ty) {
        let method = match param.location {
            ParamLocation::Path => return None,
            ParamLocation::Query if allow_reserved => "query_reserved",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        return Some(ParamStep::Scalar(statements::Step {
            name: param.field.name.to_string(),
            wire: wire.to_string(),
            optional: param.field.optional(),
            method,
            conversion,
        }));
    }
    let style_tokens = style_tokens(style);
    let add = match param.location {
        ParamLocation::Path => return None,
        ParamLocation::Query => {
            let item = match ty {
                TypeRef::Vec(item) if explode && style == ParamStyle::Form => {
                    scalar_text(api, item, quote!(item))
                }
                _ => None,
            };
            let query = if allow_reserved {
                quote!(query_reserved)
            } else {
                quote!(query)
            };
            match item {
                // An exploded array of scalars: the name repeated.
                Some(text) => quote! {
                    for item in value {
                        request = request.#query(#wire, #text);
                    }
                },
                None if allow_reserved => quote! {
                    for (key, text) in taskgen_runtime::style_pairs(#wire, value, #style_tokens, #explode)? {
                        request = request.query_reserved(key, text);
                    }
                },
                None => quote! {
                    request = request.query_all(taskgen_runtime::style_pairs(#wire, value, #style_tokens, #explode)?);
                },
            }
        }
        ParamLocation::Header => quote! {
            request = request.header(#wire, taskgen_runtime::style_value(#wire, value, #style_tokens, #explode)?);
        },
        ParamLocation::Cookie => quote! {
            for (name, text) in taskgen_runtime::style_pairs(#wire, value, #style_tokens, #explode)? {
                request = request.cookie(&name, text);
            }
        },
    };
    Some(ParamStep::Tokens(bind_param(param, add)))
}

fn bind_param(param: &Param, add: TokenStream) -> TokenStream {
    let field = param.field.name.ident();
    bind(
        quote!(self.#field),
        quote!(value),
        !param.field.optional(),
        add,
    )
}

/// Sets the body, bound to `body`. Form bodies leave out a struct's
/// `additionalProperties` map (its keys are not known to the spec).
fn body_step(api: &Api, body: &Body) -> TokenStream {
    let media = body.media_type.as_str();
    match body.kind {
        BodyKind::Json => quote!(request = request.json_body(body)?;),
        BodyKind::Text => quote!(request = request.body(#media, body.clone());),
        BodyKind::Binary => {
            // A range (`image/*`) is not a content type to send.
            let default = if media.contains('*') {
                "application/octet-stream"
            } else {
                media
            };
            quote!(request = request.file_body(body, #default);)
        }
        BodyKind::Form => {
            let pairs = match body_struct(api, &body.ty) {
                Some(fields) => {
                    let steps = fields.iter().map(|field| {
                        let (style, explode) = encoding(body, field).map_or(
                            (ParamStyle::Form, true),
                            |e| (e.style, e.explode),
                        );
                        let wire = &field.wire_name;
                        let style = style_tokens(style);
                        bind_member(field, quote! {
                            form.extend(taskgen_runtime::style_pairs(#wire, value, #style, #explode)?);
                        })
                    });
                    quote! {
                        let mut form = Vec::new();
                        #(#steps)*
                    }
                }
                None => quote! {
                    let form = taskgen_runtime::style_pairs("body", body, taskgen_runtime::ParamStyle::Form, true)?;
                },
            };
            quote! {
                #pairs
                request = request.form_body(&form);
            }
        }
        BodyKind::Multipart => {
            let parts = match body_struct(api, &body.ty) {
                Some(fields) => {
                    let steps = fields.iter().map(|field| part_step(api, body, field));
                    quote! {
                        let mut form = taskgen_runtime::Multipart::new();
                        #(#steps)*
                    }
                }
                None => quote! {
                    let mut form = taskgen_runtime::Multipart::new();
                    for (name, text) in taskgen_runtime::style_pairs("body", body, taskgen_runtime::ParamStyle::Form, true)? {
                        form = form.text(&name, text);
                    }
                },
            };
            quote! {
                #parts
                request = request.multipart_body(form);
            }
        }
    }
}

/// The fields of a body whose type is a struct (through aliases).
fn body_struct<'a>(api: &'a Api, ty: &'a TypeRef) -> Option<&'a [Field]> {
    match api.unalias(ty) {
        (_, Some(TypeKind::Struct(object))) => Some(&object.fields),
        _ => None,
    }
}

fn encoding<'a>(body: &'a Body, field: &Field) -> Option<&'a PropertyEncoding> {
    body.encoding
        .iter()
        .find(|(property, _)| *property == field.wire_name)
        .map(|(_, encoding)| encoding)
}

/// Runs `add` on `value`, bound to `&body.<field>`.
fn bind_member(field: &Field, add: TokenStream) -> TokenStream {
    let name = field.name.ident();
    bind(quote!(body.#name), quote!(value), !field.optional(), add)
}

/// One multipart part per field (one per item for arrays of files or
/// scalars): files as file parts, scalars as text, anything else as JSON
/// (OpenAPI's default part content types).
fn part_step(api: &Api, body: &Body, field: &Field) -> TokenStream {
    let wire = &field.wire_name;
    let content_type = encoding(body, field)
        .and_then(|e| e.content_type.as_deref())
        // A list or range (`image/png, image/jpeg`) is not one to send.
        .filter(|ct| !ct.contains(',') && !ct.contains('*'))
        .unwrap_or("application/octet-stream");
    let one = |ty: &TypeRef, value: TokenStream| -> Option<TokenStream> {
        if *ty == TypeRef::Binary {
            return Some(quote!(form = form.file(#wire, #value, #content_type);));
        }
        let text = scalar_text(api, ty, value)?;
        Some(quote!(form = form.text(#wire, #text);))
    };
    let add = match (one(&field.ty, quote!(value)), &field.ty) {
        (Some(add), _) => add,
        (None, TypeRef::Vec(item)) if one(item, quote!(item)).is_some() => {
            let add = one(item, quote!(item));
            quote! {
                for item in value {
                    #add
                }
            }
        }
        (None, _) => quote!(form = form.json(#wire, value)?;),
    };
    bind_member(field, add)
}
