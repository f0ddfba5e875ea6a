//! Finding nodes by JSON pointer, shared by the position map (nearest
//! ancestor), the `$ref` check and the typed-error search.

use crate::pointer;

use super::data::Data;

/// `pointer`, then each shorter prefix up to `#`.
pub(super) fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(pointer), |p| p.rfind('/').map(|i| &p[..i]))
}

/// The value at `pointer` in `root`, if there is one.
pub(crate) fn resolve<'a, D: Data>(root: &'a D, pointer: &str) -> Option<&'a D> {
    let rest = pointer.strip_prefix('#')?;
    if !rest.is_empty() && !rest.starts_with('/') {
        return None;
    }
    pointer::tokens(pointer).try_fold(root, |node, token| match node.items() {
        Some(items) => items.get(token.parse::<usize>().ok()?),
        None => node.get(&token),
    })
}
