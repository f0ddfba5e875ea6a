//! Standard security schemes (each gives the client a `with_*` method)
//! and each operation's requirements (which credentials it sends).

use std::collections::BTreeSet;

use super::place::{location, At};
use super::rules::{self, Level};
use super::types::Walker;
use crate::ir::{Operation, Scheme, SchemeKind};
use crate::pointer;

/// Compares the standard schemes of two clients, by name.
pub fn compare_schemes(w: &mut Walker<'_>, old: &[Scheme], new: &[Scheme]) {
    let at = |scheme: &Scheme| pointer::join("#/components/securitySchemes", &scheme.name);
    for a in old {
        let Some(b) = new.iter().find(|b| b.name == a.name) else {
            let message = format!(
                "security scheme `{}` removed, and the client's `{}` with it",
                a.name,
                a.setter.bare()
            );
            w.out
                .push(rules::SECURITY_SCHEME_REMOVED, At::old(&at(a)), message);
            continue;
        };
        if a.kind != b.kind {
            // The setters follow the kind (basic takes a user and a
            // password, bearer a token); a key moving from a header to
            // the query changes no signature.
            let level = if (&a.setter, &a.provider_setter) == (&b.setter, &b.provider_setter) {
                Level::Patch
            } else {
                Level::Major
            };
            let message = format!(
                "security scheme `{}` changed from {} to {}",
                a.name,
                kind(&a.kind),
                kind(&b.kind)
            );
            w.out.push_level(
                rules::SECURITY_SCHEME_CHANGED,
                level,
                At::both(&at(a), &at(b)),
                message,
            );
        }
    }
    for b in new.iter().filter(|b| !old.iter().any(|a| a.name == b.name)) {
        let message = format!(
            "new security scheme `{}`: the client gets `{}`",
            b.name,
            b.setter.bare()
        );
        w.out
            .push(rules::SECURITY_SCHEME_ADDED, At::new(&at(b)), message);
    }
}

fn kind(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Basic => "HTTP basic".into(),
        SchemeKind::Bearer { spec_type } => format!("a bearer token (`{spec_type}`)"),
        SchemeKind::ApiKey { location: at, name } => {
            format!("an API key `{name}` in the {}", location(*at))
        }
    }
}

/// Compares the requirements of two versions of an operation: each is a
/// set of schemes sent together, and any one requirement will do.
pub fn compare_requirements(w: &mut Walker<'_>, a: &Operation, b: &Operation, owner: &str) {
    let set = |op: &Operation| -> BTreeSet<BTreeSet<String>> {
        op.security
            .iter()
            .map(|requirement| requirement.iter().cloned().collect())
            .collect()
    };
    let (old, new) = (set(a), set(b));
    if old == new {
        return;
    }
    let at = |op: &Operation| pointer::join(&op.pointer, "security");
    let (old_at, new_at) = (at(a), at(b));
    let at = At::both(&old_at, &new_at);
    let names = |requirement: &BTreeSet<String>| {
        let names: Vec<String> = requirement.iter().map(|n| format!("`{n}`")).collect();
        names.join(" + ")
    };
    if old.is_empty() {
        let listed: Vec<String> = new.iter().map(names).collect();
        let message = format!(
            "{owner}: now requires authentication ({})",
            listed.join(" or ")
        );
        return w.out.push(rules::API_SECURITY_REQUIRED, at, message);
    }
    if new.is_empty() {
        let message = format!("{owner}: no longer requires authentication");
        return w
            .out
            .push(rules::API_SECURITY_NO_LONGER_REQUIRED, at, message);
    }
    for requirement in old.difference(&new) {
        let message = format!(
            "{owner}: no longer accepts {} as its credentials",
            names(requirement)
        );
        w.out.push(rules::API_SECURITY_REMOVED, at, message);
    }
    for requirement in new.difference(&old) {
        let message = format!("{owner}: now also accepts {}", names(requirement));
        w.out.push(rules::API_SECURITY_ADDED, at, message);
    }
}
