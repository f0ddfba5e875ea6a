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
#[path = "../fixtures/expected/wide_numbers/mod.rs"]
mod wide_numbers;
