//! Paginator glue for operations with `x-taskgen-pagination`: the builder's
//! `into_paginator()` and a `PagedOperation` that sets the cursor or page
//! number (and page size) on a copy of the request for every page, so all
//! other filters are sent with each page. The paging itself (stop rules,
//! loop guard, prefetch, resume) is the runtime's `Paginator`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, scoped_type_tokens};
use crate::ir::{IntWidth, Operation, PageStyle, Pagination, PagingField, TypeRef};

/// `into_paginator` and the `PagedOperation` of `op`, in its module, which
/// names the spec's types under `types`.
pub fn paginator(op: &Operation, types: &TokenStream) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let pages = ident(&p.pages_type);
    let builder = ident(&op.builder_type);
    let request = ident(&op.request_type);
    let response = op
        .response
        .as_ref()
        .map_or(quote!(()), |ty| scoped_type_tokens(ty, types));
    let item = scoped_type_tokens(&p.item_type, types);
    let style = match p.style {
        PageStyle::NextToken => quote!(NextToken),
        PageStyle::Marker => quote!(Marker),
        PageStyle::PageNumber { first_page } => {
            let first_page = proc_macro2::Literal::u64_unsuffixed(first_page);
            quote!(PageNumber { first_page: #first_page })
        }
    };
    let start = start_position(p);
    let set_position = set_position(p);
    // `size` is a `u32` both where the size is checked and where it is sent.
    let (check_size, send_size) = match &p.page_size {
        Some(field) => {
            let set_size = assign(field, convert_from_u32(field, quote!(size)));
            (
                quote! {
                    let mut request = self.request.clone();
                    #set_size
                    request.validate()
                },
                quote! {
                    if let Some(size) = page_size {
                        #set_size
                    }
                },
            )
        }
        None => (
            quote!(Err(Error::invalid_request(
                "page_size",
                "this operation has no page size parameter"
            ))),
            quote!(),
        ),
    };
    // Named `_size` where nothing reads them, as hand-written code would.
    let (size, page_size) = match &p.page_size {
        Some(_) => (quote!(size), quote!(page_size)),
        None => (quote!(_size), quote!(_page_size)),
    };
    let info = info(p);
    let items = &p.items;
    let items_field = items.name.ident();
    let into_items = if items.optional {
        quote!(page.#items_field.unwrap_or_default())
    } else {
        quote!(page.#items_field)
    };
    let doc = super::docs::line(&format!(
        "Pages of [`Client::{}`] for [`Paginator`](paginate::Paginator).",
        op.fn_name.bare()
    ));
    Some(quote! {
        impl #builder<'_> {
            /// Pages through every result: `.pages()` and `.items()` are
            /// streams. Every parameter set on this builder is sent with
            /// every page; a cursor or page number set here is where paging
            /// starts.
            pub fn into_paginator(self) -> Result<paginate::Paginator<#pages>, Error> {
                let client = self.client.clone();
                let request = self.build()?;
                #start
                Ok(paginate::Paginator::new(#pages { client, request }).resume_from(start))
            }
        }

        #doc
        #[derive(Debug, Clone)]
        pub struct #pages {
            client: Client,
            request: #request,
        }

        impl paginate::PagedOperation for #pages {
            type Page = #response;
            type Item = #item;

            fn style(&self) -> paginate::Style {
                paginate::Style::#style
            }

            fn check_page_size(&self, #size: u32) -> Result<(), Error> {
                #check_size
            }

            fn fetch(
                &self,
                position: paginate::Position,
                #page_size: Option<u32>,
            ) -> paginate::BoxFuture<'static, Result<Self::Page, Error>> {
                let mut request = self.request.clone();
                let client = self.client.clone();
                Box::pin(async move {
                    #set_position
                    #send_size
                    request.validate()?;
                    client.transport.send(request.to_http()?).await
                })
            }

            fn info(page: &Self::Page) -> paginate::PageInfo {
                #info
            }

            fn into_items(page: Self::Page) -> Vec<Self::Item> {
                #into_items
            }
        }
    })
}

/// `let start = ...;`: where the builder's own cursor or page says to start.
fn start_position(p: &Pagination) -> TokenStream {
    let field = p.position.name.ident();
    let first = |n: u64| proc_macro2::Literal::u64_unsuffixed(n);
    match (p.style, p.position.optional) {
        (PageStyle::PageNumber { first_page }, true) => {
            let first_page = first(first_page);
            quote! {
            let start = paginate::Position::Page(
                request.#field.and_then(|page| u64::try_from(page).ok()).unwrap_or(#first_page),
            );
            }
        }
        (PageStyle::PageNumber { first_page }, false) => {
            let first_page = first(first_page);
            quote! {
            let start = paginate::Position::Page(
                u64::try_from(request.#field).unwrap_or(#first_page),
            );
            }
        }
        (_, true) => quote! {
            let start = paginate::Position::Cursor(request.#field.clone());
        },
        (_, false) => quote! {
            let start = paginate::Position::Cursor(Some(request.#field.clone()));
        },
    }
}

/// Statements putting `position` into the request copy.
fn set_position(p: &Pagination) -> TokenStream {
    let field = &p.position;
    match p.style {
        PageStyle::PageNumber { .. } => {
            let value = convert_from_u64(field, quote!(page));
            let assign = assign(field, value);
            quote! {
                if let paginate::Position::Page(page) = position {
                    #assign
                }
            }
        }
        PageStyle::NextToken | PageStyle::Marker => {
            let name = field.name.ident();
            let assign = if field.optional {
                quote!(request.#name = cursor;)
            } else {
                quote!(request.#name = cursor.unwrap_or_default();)
            };
            quote! {
                if let paginate::Position::Cursor(cursor) = position {
                    #assign
                }
            }
        }
    }
}

fn assign(field: &PagingField, value: TokenStream) -> TokenStream {
    let name = field.name.ident();
    if field.optional {
        quote!(request.#name = Some(#value);)
    } else {
        quote!(request.#name = #value;)
    }
}

fn out_of_range(field: &PagingField) -> TokenStream {
    let name = &field.wire_name;
    quote!(.map_err(|_| Error::invalid_request(#name, "is out of range for its type"))?)
}

/// A `u32` page size as the field's integer type.
fn convert_from_u32(field: &PagingField, value: TokenStream) -> TokenStream {
    match &field.ty {
        TypeRef::Int(IntWidth::I64) => quote!(i64::from(#value)),
        TypeRef::Int(IntWidth::U64) => quote!(u64::from(#value)),
        TypeRef::Int(IntWidth::U32) => value,
        _ => {
            let fail = out_of_range(field);
            quote!(i32::try_from(#value) #fail)
        }
    }
}

/// A `u64` page number as the field's integer type.
fn convert_from_u64(field: &PagingField, value: TokenStream) -> TokenStream {
    let ty = match &field.ty {
        TypeRef::Int(IntWidth::U64) => return value,
        TypeRef::Int(IntWidth::I64) => quote!(i64),
        TypeRef::Int(IntWidth::U32) => quote!(u32),
        _ => quote!(i32),
    };
    let fail = out_of_range(field);
    quote!(#ty::try_from(#value) #fail)
}

fn info(p: &Pagination) -> TokenStream {
    let items = p.items.name.ident();
    let count = if p.items.optional {
        quote!(page.#items.as_ref().map_or(0, Vec::len))
    } else {
        quote!(page.#items.len())
    };
    let next_cursor = p.next_cursor.as_ref().map_or(quote!(None), |f| {
        let name = f.name.ident();
        if f.optional {
            quote!(page.#name.clone())
        } else {
            quote!(Some(page.#name.clone()))
        }
    });
    let truncated = p.truncated.as_ref().map_or(quote!(None), |f| {
        let name = f.name.ident();
        if f.optional {
            quote!(page.#name)
        } else {
            quote!(Some(page.#name))
        }
    });
    let total = p.total.as_ref().map_or(quote!(None), |f| {
        let name = f.name.ident();
        if f.optional {
            quote!(page.#name.and_then(|total| u64::try_from(total).ok()))
        } else {
            quote!(u64::try_from(page.#name).ok())
        }
    });
    quote! {
        paginate::PageInfo {
            items: #count,
            next_cursor: #next_cursor,
            truncated: #truncated,
            total: #total,
        }
    }
}
