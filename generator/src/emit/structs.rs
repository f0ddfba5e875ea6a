//! Structs (object schemas and request parameters), unions and aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, type_tokens};
use crate::ir::{Field, Operation, Struct, TypeDef, TypeRef, UnionVariant};

pub fn structure(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&def.doc);
    let fields = s.fields.iter().map(serde_field);
    let additional = s.additional.as_ref().map(|(field, ty)| {
        let field = ident(field);
        let ty = type_tokens(ty);
        quote! {
            /// Properties not declared in the schema, kept as sent.
            #[serde(flatten)]
            pub #field: std::collections::BTreeMap<String, #ty>,
        }
    });
    let all_optional = s.fields.iter().all(Field::optional);
    let debug = debug_impl(
        &def.name,
        &s.fields,
        s.additional.as_ref().map(|(f, _)| f.as_str()),
    );
    let derives = derives(
        debug.is_none(),
        all_optional,
        quote!(Serialize, Deserialize),
    );
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#fields)*
            #additional
        }
        #debug
    }
}

/// The request struct of an operation: one field per parameter, plus the
/// body.
pub fn request(op: &Operation) -> TokenStream {
    let name = ident(&op.request_type);
    let call = format!("`{} {}`", op.method, op.path);
    let mut lines = vec![if op.id_given {
        format!("Parameters of the `{}` operation ({call}).", op.id)
    } else {
        format!("Parameters of {call}.")
    }];
    let described = docs::lines(&op.doc);
    if !described.is_empty() {
        lines.push(String::new());
        lines.extend(described);
    }
    let doc = docs::lines_to_attrs(&lines);
    let fields = op.fields();
    let field_tokens = fields.iter().map(|f| {
        let doc = docs::attrs(&f.doc);
        let field = ident(&f.name);
        let ty = field_type(f);
        quote! { #doc pub #field: #ty, }
    });
    let all_optional = fields.iter().all(Field::optional);
    let debug = debug_impl(&op.request_type, &fields, None);
    let derives = derives(debug.is_none(), all_optional, quote!());
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#field_tokens)*
        }
        #debug
    }
}

fn derives(debug: bool, default: bool, serde: TokenStream) -> TokenStream {
    let mut list = Vec::new();
    if debug {
        list.push(quote!(Debug));
    }
    list.push(quote!(Clone));
    list.push(quote!(PartialEq));
    if default {
        list.push(quote!(Default));
    }
    if !serde.is_empty() {
        list.push(serde);
    }
    quote!(#[derive(#(#list),*)])
}

fn field_type(field: &Field) -> TokenStream {
    let mut ty = type_tokens(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.optional() {
        ty = quote!(Option<#ty>);
    }
    ty
}

fn serde_field(field: &Field) -> TokenStream {
    let doc = docs::attrs(&field.doc);
    let name = ident(&field.name);
    let ty = field_type(field);
    let mut serde = Vec::new();
    if field.name.trim_start_matches("r#") != field.wire_name {
        let wire = &field.wire_name;
        serde.push(quote!(rename = #wire));
    }
    if field.optional() && !field.required {
        serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}

/// A `Debug` that prints secrets as `<redacted>`; `None` when no field is
/// secret (the derive is used then).
fn debug_impl(type_name: &str, fields: &[Field], additional: Option<&str>) -> Option<TokenStream> {
    if !fields.iter().any(|f| f.sensitive) {
        return None;
    }
    let name = ident(type_name);
    let entries = fields.iter().map(|f| {
        let label = f.name.trim_start_matches("r#");
        let field = ident(&f.name);
        match (f.sensitive, f.optional()) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, true) => {
                quote!(.field(#label, &self.#field.as_ref().map(|_| taskgen_runtime::Redacted)))
            }
            (true, false) => quote!(.field(#label, &taskgen_runtime::Redacted)),
        }
    });
    let extra = additional.map(|f| {
        let field = ident(f);
        quote!(.field(#f, &self.#field))
    });
    Some(quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    #extra
                    .finish()
            }
        }
    })
}

pub fn union(def: &TypeDef, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&def.doc);
    let variants = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let mut ty = type_tokens(&v.ty);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        quote!(#variant(#ty),)
    });
    quote! {
        #doc
        ///
        /// Deserializes as the first variant the value fits.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

pub fn alias(def: &TypeDef, ty: &TypeRef) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(&def.doc);
    let ty = type_tokens(ty);
    quote! {
        #doc
        pub type #name = #ty;
    }
}
