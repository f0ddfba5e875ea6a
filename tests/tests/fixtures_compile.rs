//! Compiles every fixture's expected module (see `golden.rs`), so golden
//! output is known to build, and exercises a few of them at run time.

// The expected modules are compiled to prove they build; this harness
// uses few of their items, so unused items and re-exports are expected.
#![allow(dead_code, unused_imports)]

#[rustfmt::skip]
#[path = "../fixtures/expected/all_of/mod.rs"]
mod all_of;
#[rustfmt::skip]
#[path = "../fixtures/expected/all_of_fallback/mod.rs"]
mod all_of_fallback;
#[rustfmt::skip]
#[path = "../fixtures/expected/all_of_recursion/mod.rs"]
mod all_of_recursion;
#[rustfmt::skip]
#[path = "../fixtures/expected/arrays_of_objects/mod.rs"]
mod arrays_of_objects;
#[rustfmt::skip]
#[path = "../fixtures/expected/defaults/mod.rs"]
mod defaults;
#[rustfmt::skip]
#[path = "../fixtures/expected/doc_text/mod.rs"]
mod doc_text;
#[rustfmt::skip]
#[path = "../fixtures/expected/enum_odd_values/mod.rs"]
mod enum_odd_values;
#[rustfmt::skip]
#[path = "../fixtures/expected/examples/mod.rs"]
mod examples;
#[rustfmt::skip]
#[path = "../fixtures/expected/ignored_parts/mod.rs"]
mod ignored_parts;
#[rustfmt::skip]
#[path = "../fixtures/expected/integer_formats/mod.rs"]
mod integer_formats;
#[rustfmt::skip]
#[path = "../fixtures/expected/maps/mod.rs"]
mod maps;
#[rustfmt::skip]
#[path = "../fixtures/expected/name_collisions/mod.rs"]
mod name_collisions;
#[rustfmt::skip]
#[path = "../fixtures/expected/nested_objects/mod.rs"]
mod nested_objects;
#[rustfmt::skip]
#[path = "../fixtures/expected/nullable/mod.rs"]
mod nullable;
#[rustfmt::skip]
#[path = "../fixtures/expected/openapi31/mod.rs"]
mod openapi31;
#[rustfmt::skip]
#[path = "../fixtures/expected/one_of_any_of/mod.rs"]
mod one_of_any_of;
#[rustfmt::skip]
#[path = "../fixtures/expected/operation_names/mod.rs"]
mod operation_names;
#[rustfmt::skip]
#[path = "../fixtures/expected/paging_any_api/mod.rs"]
mod paging_any_api;
#[rustfmt::skip]
#[path = "../fixtures/expected/parameters/mod.rs"]
mod parameters;
#[rustfmt::skip]
#[path = "../fixtures/expected/recursive_types/mod.rs"]
mod recursive_types;
#[rustfmt::skip]
#[path = "../fixtures/expected/ref_chains/mod.rs"]
mod ref_chains;
#[rustfmt::skip]
#[path = "../fixtures/expected/request_encoding/mod.rs"]
mod request_encoding;
#[rustfmt::skip]
#[path = "../fixtures/expected/responses/mod.rs"]
mod responses;
#[rustfmt::skip]
#[path = "../fixtures/expected/rust_keywords/mod.rs"]
mod rust_keywords;
#[rustfmt::skip]
#[path = "../fixtures/expected/security/mod.rs"]
mod security;
#[rustfmt::skip]
#[path = "../fixtures/expected/sensitive/mod.rs"]
mod sensitive;
#[rustfmt::skip]
#[path = "../fixtures/expected/shared_enums/mod.rs"]
mod shared_enums;
#[rustfmt::skip]
#[path = "../fixtures/expected/wide_numbers/mod.rs"]
mod wide_numbers;

/// `operation_names.yaml` names schemas like the items of operations'
/// modules: each keeps its name beside the other, with no `2` suffix, and
/// operations whose names are one in snake_case or are keywords each get a
/// module of their own.
#[test]
fn operation_items_keep_their_names_beside_schemas_named_alike() {
    use operation_names::operations::{list_things, put_thing};
    use taskgen_runtime::paginate::PagedOperation;

    // The request struct `PutThingRequest` takes the schema `PutThingRequest`.
    let body = operation_names::PutThingRequest::builder()
        .name("lamp")
        .build()
        .unwrap();
    let request = put_thing::PutThingRequest::builder()
        .body(body.clone())
        .build()
        .unwrap();
    assert_eq!(request.body, body);
    // The success enum `PutThingResponse` holds the schemas
    // `PutThingResponse` and `PutThingBuilder`.
    let _: fn(operation_names::PutThingResponse) -> put_thing::PutThingResponse =
        put_thing::PutThingResponse::Ok;
    let _: fn(operation_names::PutThingBuilder) -> put_thing::PutThingResponse =
        put_thing::PutThingResponse::Accepted;
    // The error enum `ListThingsError` holds the schema `ListThingsError`.
    let _: fn(operation_names::ListThingsError) -> list_things::ListThingsError =
        list_things::ListThingsError::ClientError;
    // The paginator `ListThingsPages` pages the schema `ListThingsPages`.
    fn item_of<P: PagedOperation>(_: fn(P)) -> std::marker::PhantomData<P::Item> {
        std::marker::PhantomData
    }
    let _: std::marker::PhantomData<operation_names::ListThingsPages> =
        item_of(|_: list_things::ListThingsPages| ());
    // The schema `Client` keeps out of the client's way.
    let _ = operation_names::ClientType::builder().build().unwrap();

    let client = operation_names::Client::new(operation_names::ClientConfig::new()).unwrap();
    let _: operation_names::operations::list_tasks::ListTasksBuilder<'_> = client.list_tasks();
    let _: operation_names::operations::list_tasks_2::ListTasksBuilder<'_> = client.list_tasks_2();
    let _: operation_names::operations::list_tasks_3::ListTasksBuilder<'_> = client.list_tasks_3();
    let _: operation_names::operations::type_::TypeBuilder<'_> = client.r#type();
    let _: operation_names::operations::self_::SelfBuilder<'_> = client.self_();
    let _: operation_names::operations::crate_::CrateBuilder<'_> = client.crate_();
    let _: operation_names::operations::operations_2::OperationsBuilder<'_> = client.operations();
    let _: operation_names::operations::types_2::TypesBuilder<'_> = client.types();

    // And no item of the module took a numeric suffix to get there.
    let dir = taskgen_tests::repo_root().join("tests/fixtures/expected/operation_names");
    for file in [
        "mod.rs",
        "client.rs",
        "types.rs",
        "builders.rs",
        "operations.rs",
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let suffixed = text.split(|c: char| !c.is_alphanumeric()).find(|word| {
            word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.ends_with(|c: char| c.is_ascii_digit())
        });
        assert_eq!(suffixed, None, "{file}");
    }
}

#[test]
fn inline_enums_with_the_same_values_are_one_type() {
    use shared_enums::operations::{get_user::GetUserRequest, list_users::ListUsersRequest};
    use shared_enums::{GetUserOrderbyItem, GetUserSelectItem, ListUsersSelectItem};

    // `GetUserSelectItem` is `ListUsersSelectItem`: a list made for one
    // operation is taken by the other.
    let select: Vec<GetUserSelectItem> = vec![ListUsersSelectItem::DisplayName];
    let get = GetUserRequest::builder()
        .id("u1")
        .select(select.clone())
        .orderby(vec![GetUserOrderbyItem::IdDesc])
        .build()
        .unwrap();
    let list = ListUsersRequest::builder().select(select).build().unwrap();
    assert_eq!(get.select, list.select);
    assert_eq!(GetUserSelectItem::from("mail"), ListUsersSelectItem::Mail);

    // An inline enum of other values, and a component schema of the same
    // values as an inline enum, are enums of their own.
    let text = std::fs::read_to_string(
        taskgen_tests::repo_root().join("tests/fixtures/expected/shared_enums/types.rs"),
    )
    .unwrap();
    for own in [
        "ListUsersSelectItem",
        "GetUserOrderbyItem",
        "Role",
        "UserKind",
    ] {
        assert!(text.contains(&format!("pub enum {own} {{")), "{own}");
    }
    assert!(text.contains("pub type GetUserSelectItem = ListUsersSelectItem;"));
}
