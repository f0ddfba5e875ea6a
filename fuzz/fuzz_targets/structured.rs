//! Structure-aware: an arbitrary spec from a small OpenAPI model (schemas
//! with allOf/oneOf/anyOf/refs/enums/maps, odd names, operations with
//! parameters and bodies), as JSON, through the whole pipeline and lint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taskgen_fuzz::model::Spec;

fuzz_target!(|spec: Spec| {
    let text = spec.to_json();
    taskgen_fuzz::check_generate(&text);
    taskgen_fuzz::check_lint(&text);
});
