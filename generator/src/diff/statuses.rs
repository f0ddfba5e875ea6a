//! Responses by status as the client types them: the success enum's
//! variants (when 2xx bodies differ) and the `<Op>Error` enum's, one per
//! declared error status. Both enums are `#[non_exhaustive]`, so a new
//! status is an addition; a removed one takes its variant away.

use super::place::At;
use super::rules::{self, Level};
use super::types::{Direction, Site, Walker};
use crate::ir::{Operation, ResponseBody, Success, TypeRef};
use crate::pointer;

/// Compares the success statuses (beyond the one body `compare_response`
/// compares) and the error statuses of two versions of an operation.
pub fn compare(w: &mut Walker<'_>, a: &Operation, b: &Operation, owner: &str) {
    let statuses = |op: &Operation| pointer::join(&op.pointer, "responses");
    let (old_at, new_at) = (statuses(a), statuses(b));
    match (&a.success, &b.success) {
        (Success::One(_), Success::One(_)) => {}
        (Success::One(_), Success::Enum { name, .. }) => {
            let message = format!(
                "{owner}: success responses now carry different bodies: it returns `{name}`, \
                 one variant per status"
            );
            w.out.push_level(
                rules::RESPONSE_SUCCESS_STATUS_ADDED,
                Level::Major,
                At::both(&old_at, &new_at),
                message,
            );
        }
        (Success::Enum { name, .. }, Success::One(_)) => {
            let message =
                format!("{owner}: success responses share one body now: `{name}` is gone");
            w.out.push(
                rules::RESPONSE_SUCCESS_STATUS_REMOVED,
                At::both(&old_at, &new_at),
                message,
            );
        }
        (Success::Enum { variants: old, .. }, Success::Enum { variants: new, .. }) => {
            let json_bodies = |variants: &[(String, ResponseBody)]| -> Vec<_> {
                let json = |body: &ResponseBody| match body {
                    ResponseBody::Json { ty, .. } => Some(ty.clone()),
                    _ => None,
                };
                variants
                    .iter()
                    .map(|(s, body)| (s.clone(), json(body)))
                    .collect()
            };
            let rules = (
                rules::RESPONSE_SUCCESS_STATUS_REMOVED,
                rules::RESPONSE_SUCCESS_STATUS_ADDED,
            );
            let (old, new) = (json_bodies(old), json_bodies(new));
            by_status(w, (&old_at, &new_at), &old, &new, rules, owner);
        }
    }
    let errors = |op: &Operation| -> Vec<(String, Option<TypeRef>)> {
        op.errors
            .iter()
            .map(|(status, ty)| (status.clone(), Some(ty.clone())))
            .collect()
    };
    let rules = (
        rules::RESPONSE_NON_SUCCESS_STATUS_REMOVED,
        rules::RESPONSE_NON_SUCCESS_STATUS_ADDED,
    );
    by_status(w, (&old_at, &new_at), &errors(a), &errors(b), rules, owner);
}

/// Statuses removed and added between `old` and `new` (each with its JSON
/// body, if it has one), and the bodies of the statuses on both sides;
/// `responses` is where each side's `responses` map is.
fn by_status(
    w: &mut Walker<'_>,
    responses: (&str, &str),
    old: &[(String, Option<TypeRef>)],
    new: &[(String, Option<TypeRef>)],
    (removed, added): (rules::Rule, rules::Rule),
    owner: &str,
) {
    let old_at = |status: &str| pointer::join(responses.0, status);
    let new_at = |status: &str| pointer::join(responses.1, status);
    let find = |side: &[(String, Option<TypeRef>)], status: &str| {
        side.iter()
            .find(|(s, _)| s == status)
            .map(|(_, ty)| ty.clone())
    };
    for (status, old_body) in old {
        match find(new, status) {
            None => {
                let message = format!("{owner}: response status `{status}` removed");
                w.out.push(removed, At::old(&old_at(status)), message);
            }
            Some(new_body) => {
                if let (Some(ta), Some(tb)) = (old_body, &new_body) {
                    let site = Site::top(
                        Direction::Response,
                        owner,
                        "",
                        old_at(status),
                        new_at(status),
                    );
                    w.compare_type(ta, tb, &site);
                }
            }
        }
    }
    for (status, _) in new {
        if find(old, status).is_none() {
            let message = format!("{owner}: new response status `{status}`");
            w.out.push(added, At::new(&new_at(status)), message);
        }
    }
}
