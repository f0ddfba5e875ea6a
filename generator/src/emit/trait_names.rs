//! Methods named like a std trait's method: clippy's `should_implement_trait`
//! flags a public method whose name and shape match one (`add(self, x)`,
//! `clone(&self)`, ...) and suggests implementing the trait. For a builder
//! setter named after the spec's field `add`, or a client method named after
//! the operation `clone`, that is a false positive: the method sets a field or
//! starts a request, and renaming it would move users away from the spec's
//! own names. So such methods carry a targeted allow, and only those whose
//! shape clippy matches (its `TRAIT_METHODS` list: name, parameter count,
//! kind of `self`).

use proc_macro2::TokenStream;

/// Trait methods taking `self` and one value, as a builder setter does
/// (`fn add(mut self, value: impl Into<T>) -> Self`): the binary operators.
const SELF_AND_VALUE: &[&str] = &[
    "add", "bitand", "bitor", "bitxor", "div", "mul", "rem", "shl", "shr", "sub",
];

/// Trait methods taking `&self` alone, as a client's operation method does
/// (`fn clone(&self) -> CloneBuilder<'_>`). Clippy's list also has `as_ref`,
/// `borrow` and `deref`, but it does not match them against a method that
/// returns a type with a lifetime, as the client's methods do (the
/// adversarial fixture has those operations, so a clippy that does would
/// fail its test).
const REF_SELF: &[&str] = &["clone"];

/// Whether a builder setter named `name` (bare, as after `fn`) needs the
/// allow.
pub(super) fn setter_needs_allow(name: &str) -> bool {
    SELF_AND_VALUE.contains(&name)
}

/// The allow for a client's operation method named `name` (bare).
pub(super) fn allow_for_client_method(name: &str) -> Option<TokenStream> {
    allow_if(REF_SELF.contains(&name))
}

/// The allow as printed, for code written as text.
pub(super) const ALLOW: &str = "#[allow(clippy::should_implement_trait)]";

/// The allow, if `matches`.
pub(super) fn allow_if(matches: bool) -> Option<TokenStream> {
    matches.then(|| ALLOW.parse().expect("the allow lexes"))
}
