//! Compares the API as a whole: the client, the operations (matched by
//! `operationId`, then by method and path), their parameters, bodies,
//! responses, RPC details and paging; then the component schemas.

use std::collections::HashMap;

use super::place::{location, param_pointer, response_pointer, At};
use super::rules::{self, Level};
use super::types::{first_by_key, shape, Direction, Site, Walker};
use crate::ir::{Api, Auth, Client, Operation, PageStyle, Pagination, Success, TypeDef};
use crate::pointer;

/// Runs the whole comparison.
pub fn compare_api(w: &mut Walker<'_>) {
    let (old, new) = (&w.out.old.api, &w.out.new.api);
    compare_client(w, old.client.as_ref(), new.client.as_ref());
    let pairs = match_operations(&old.operations, &new.operations);
    let (mut kept_old, mut kept_new) = (
        vec![false; old.operations.len()],
        vec![false; new.operations.len()],
    );
    for &(i, j) in &pairs {
        (kept_old[i], kept_new[j]) = (true, true);
    }
    for (op, _) in old
        .operations
        .iter()
        .zip(&kept_old)
        .filter(|(_, kept)| !**kept)
    {
        let message = format!("operation `{}` ({} {}) removed", op.id, op.method, op.path);
        w.out
            .push(rules::OPERATION_REMOVED, At::old(&op.pointer), message);
    }
    for (op, _) in new
        .operations
        .iter()
        .zip(&kept_new)
        .filter(|(_, kept)| !**kept)
    {
        let message = format!("new operation `{}` ({} {})", op.id, op.method, op.path);
        w.out
            .push(rules::ENDPOINT_ADDED, At::new(&op.pointer), message);
    }
    for (i, j) in pairs {
        compare_operation(w, &old.operations[i], &new.operations[j]);
    }
    compare_components(w, old, new);
}

/// Indexes of the same operation on both sides: same `operationId`, else
/// same method and path.
fn match_operations(old: &[Operation], new: &[Operation]) -> Vec<(usize, usize)> {
    let by_id: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .filter(|(_, b)| b.id_given)
        .map(|(j, b)| (b.id.as_str(), j))
        .collect();
    let by_route: HashMap<(&str, &str), usize> = new
        .iter()
        .enumerate()
        .map(|(j, b)| ((b.method.as_str(), b.path.as_str()), j))
        .collect();
    let mut taken = vec![false; new.len()];
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    for (i, a) in old.iter().enumerate() {
        match by_id.get(a.id.as_str()).filter(|_| a.id_given) {
            Some(&j) if !taken[j] => {
                taken[j] = true;
                pairs.push((i, j));
            }
            _ => unmatched.push(i),
        }
    }
    for i in unmatched {
        let a = &old[i];
        if let Some(&j) = by_route.get(&(a.method.as_str(), a.path.as_str())) {
            if !taken[j] {
                taken[j] = true;
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

fn compare_operation(w: &mut Walker<'_>, a: &Operation, b: &Operation) {
    let at = At::both(&a.pointer, &b.pointer);
    let owner = format!("`{}`", b.id);
    if a.id != b.id {
        let message = format!(
            "operation `{}` is now `{}` (method `{}` is now `{}`)",
            a.id, b.id, a.fn_name, b.fn_name
        );
        w.out.push(rules::OPERATION_ID_CHANGED, at, message);
    }
    if (&a.method, &a.path) != (&b.method, &b.path) {
        let message = format!(
            "{owner}: moved from {} {} to {} {}",
            a.method, a.path, b.method, b.path
        );
        w.out.push(
            rules::OPERATION_MOVED,
            At::both(&a.pointer, &b.pointer),
            message,
        );
    }
    compare_rpc(w, a, b, &owner);
    if a.doc != b.doc {
        let message = format!("{owner}: documentation changed");
        w.out.push(
            rules::DOC_CHANGED,
            At::both(&a.pointer, &b.pointer),
            message,
        );
    }
    compare_params(w, a, b, &owner);
    compare_body(w, a, b, &owner);
    compare_response(w, a, b, &owner);
    super::statuses::compare(w, a, b, &owner);
    super::security::compare_requirements(w, a, b, &owner);
    compare_pagination(w, a, b, &owner);
}

fn compare_rpc(w: &mut Walker<'_>, a: &Operation, b: &Operation, owner: &str) {
    let (Some(ra), Some(rb)) = (&a.rpc, &b.rpc) else {
        return;
    };
    let at = |op: &Operation| pointer::join(&op.pointer, "x-taskgen-rpc");
    let (old_at, new_at) = (at(a), at(b));
    let wire = |r: &crate::ir::Rpc| {
        format!(
            "{} {} Action={} Version={}",
            r.method, r.path, r.action, r.version
        )
    };
    if wire(ra) != wire(rb) {
        let message = format!(
            "{owner}: RPC call changed from `{}` to `{}`",
            wire(ra),
            wire(rb)
        );
        w.out
            .push(rules::RPC_CHANGED, At::both(&old_at, &new_at), message);
    }
    if ra.idempotent != rb.idempotent {
        let now = if rb.idempotent {
            "idempotent: the client now retries it"
        } else {
            "not idempotent: the client no longer retries it"
        };
        let message = format!("{owner}: is now {now}");
        w.out.push(
            rules::RPC_IDEMPOTENCY_CHANGED,
            At::both(&old_at, &new_at),
            message,
        );
    }
}

fn compare_params(w: &mut Walker<'_>, a: &Operation, b: &Operation, owner: &str) {
    let (old_spec, new_spec) = (w.out.old, w.out.new);
    let key = |p: &'_ crate::ir::Param| (p.location, p.field.wire_name.clone());
    let (old_params, new_params) = (first_by_key(&a.params, key), first_by_key(&b.params, key));
    for pa in &a.params {
        let old_at = param_pointer(old_spec, a, pa);
        let what = format!(
            "{} parameter `{}`",
            location(pa.location),
            pa.field.wire_name
        );
        let Some(&pb) = new_params.get(&key(pa)) else {
            let message = format!("{owner}: {what} removed");
            w.out
                .push(rules::PARAMETER_REMOVED, At::old(&old_at), message);
            continue;
        };
        let new_at = param_pointer(new_spec, b, pb);
        let site = Site::top(
            Direction::Parameter,
            owner,
            &pa.field.wire_name,
            old_at,
            new_at,
        );
        w.compare_fields(&pa.field, &pb.field, &site);
    }
    for pb in &b.params {
        if old_params.contains_key(&key(pb)) {
            continue;
        }
        let new_at = param_pointer(new_spec, b, pb);
        let (rule, kind) = if pb.field.required {
            (rules::NEW_REQUIRED_PARAMETER, "required")
        } else {
            (rules::NEW_OPTIONAL_PARAMETER, "optional")
        };
        let message = format!(
            "{owner}: new {kind} {} parameter `{}`",
            location(pb.location),
            pb.field.wire_name
        );
        w.out.push(rule, At::new(&new_at), message);
    }
}

fn compare_body(w: &mut Walker<'_>, a: &Operation, b: &Operation, owner: &str) {
    let at = |op: &Operation| pointer::join(&op.pointer, "requestBody");
    let (old_at, new_at) = (at(a), at(b));
    match (&a.body, &b.body) {
        (None, None) => {}
        (Some(_), None) => {
            let message = format!("{owner}: request body removed");
            w.out
                .push(rules::REQUEST_BODY_REMOVED, At::old(&old_at), message);
        }
        (None, Some(body)) => {
            let (rule, kind) = if body.required {
                (rules::REQUEST_BODY_BECAME_REQUIRED, "required")
            } else {
                (rules::REQUEST_BODY_ADDED, "optional")
            };
            let message = format!("{owner}: new {kind} request body");
            w.out.push(rule, At::new(&new_at), message);
        }
        (Some(ba), Some(bb)) => {
            if ba.required != bb.required {
                let (rule, now) = if bb.required {
                    (rules::REQUEST_BODY_BECAME_REQUIRED, "required")
                } else {
                    (rules::REQUEST_BODY_BECAME_OPTIONAL, "optional")
                };
                let message = format!("{owner}: request body became {now}");
                w.out.push(rule, At::both(&old_at, &new_at), message);
            }
            let site = Site::top(Direction::RequestBody, owner, "", old_at, new_at);
            w.compare_type(&ba.ty, &bb.ty, &site);
        }
    }
}

fn compare_response(w: &mut Walker<'_>, a: &Operation, b: &Operation, owner: &str) {
    // A success enum on either side: `statuses` compares by status.
    if [a, b]
        .iter()
        .any(|op| matches!(op.success, Success::Enum { .. }))
    {
        return;
    }
    let (old_at, new_at) = (
        response_pointer(w.out.old, a),
        response_pointer(w.out.new, b),
    );
    match (&a.response, &b.response) {
        (None, None) => {}
        (Some(_), None) => {
            let message = format!("{owner}: success response body removed");
            w.out.push(
                rules::RESPONSE_BODY_REMOVED,
                At::both(&old_at, &new_at),
                message,
            );
        }
        (None, Some(_)) => {
            let message = format!("{owner}: success response now has a JSON body");
            w.out.push(
                rules::RESPONSE_BODY_ADDED,
                At::both(&old_at, &new_at),
                message,
            );
        }
        (Some(ta), Some(tb)) => {
            let site = Site::top(Direction::Response, owner, "", old_at, new_at);
            w.compare_type(ta, tb, &site);
        }
    }
}

fn compare_pagination(w: &mut Walker<'_>, a: &Operation, b: &Operation, owner: &str) {
    let at = |op: &Operation| pointer::join(&op.pointer, "x-taskgen-pagination");
    let (old_at, new_at) = (at(a), at(b));
    let (pa, pb) = match (&a.pagination, &b.pagination) {
        (None, None) => return,
        (Some(_), None) => {
            let message = format!("{owner}: no longer paginated (`pages()` removed)");
            return w
                .out
                .push(rules::PAGINATION_REMOVED, At::old(&old_at), message);
        }
        (None, Some(_)) => {
            let message = format!("{owner}: now paginated (new `pages()`)");
            return w
                .out
                .push(rules::PAGINATION_ADDED, At::new(&new_at), message);
        }
        (Some(pa), Some(pb)) => (pa, pb),
    };
    // A new style brings its own stop rule: only a same-style change of the
    // fields the rule reads is reported as a stop-rule change.
    if pa.style != pb.style || wires(pa)[..3] != wires(pb)[..3] {
        let message = format!(
            "{owner}: paging changed from {} to {}",
            style(pa),
            style(pb)
        );
        w.out.push(
            rules::PAGINATION_STYLE_CHANGED,
            At::both(&old_at, &new_at),
            message,
        );
    } else if wires(pa)[3..] != wires(pb)[3..] {
        let message = format!(
            "{owner}: paging now decides whether another page follows from {} (was {})",
            stop_fields(pb),
            stop_fields(pa)
        );
        w.out.push(
            rules::PAGINATION_STOP_RULE_CHANGED,
            At::both(&old_at, &new_at),
            message,
        );
    }
}

/// The wire names paging uses: position, page size, items, then the
/// fields that decide when to stop (next cursor, truncated, total).
fn wires(p: &Pagination) -> [Option<&str>; 6] {
    fn name(f: &crate::ir::PagingField) -> &str {
        &f.wire_name
    }
    [
        Some(name(&p.position)),
        p.page_size.as_ref().map(name),
        Some(name(&p.items)),
        p.next_cursor.as_ref().map(name),
        p.truncated.as_ref().map(name),
        p.total.as_ref().map(name),
    ]
}

fn style(p: &Pagination) -> String {
    let kind = match p.style {
        PageStyle::NextToken => "next-token".to_string(),
        PageStyle::Marker => "marker".to_string(),
        PageStyle::PageNumber { first_page } => format!("page-number from {first_page}"),
    };
    let size = p
        .page_size
        .as_ref()
        .map_or(String::new(), |f| format!(", page size `{}`", f.wire_name));
    format!(
        "{kind} paging (position `{}`{size}, items `{}`)",
        p.position.wire_name, p.items.wire_name
    )
}

/// The response fields the stop rule reads, with their roles.
fn stop_fields(p: &Pagination) -> String {
    let roles = [
        (&p.next_cursor, "next cursor"),
        (&p.truncated, "truncated flag"),
        (&p.total, "total"),
    ];
    let parts: Vec<String> = roles
        .iter()
        .filter_map(|(field, role)| Some(format!("`{}` ({role})", field.as_ref()?.wire_name)))
        .collect();
    if parts.is_empty() {
        "the page alone".into()
    } else {
        parts.join(", ")
    }
}

fn compare_client(w: &mut Walker<'_>, a: Option<&Client>, b: Option<&Client>) {
    let signing = "#/components/securitySchemes";
    let (a, b) = match (a, b) {
        (None, None) => return,
        (Some(_), None) => {
            let message = "no `Client` any more: the spec has no operations".into();
            return w.out.push(rules::CLIENT_REMOVED, At::old(signing), message);
        }
        (None, Some(_)) => {
            let message = "new `Client`: the spec now has operations".into();
            return w.out.push(rules::CLIENT_ADDED, At::new(signing), message);
        }
        (Some(a), Some(b)) => (a, b),
    };
    if a.auth != b.auth {
        let message = format!(
            "signing changed from {} to {}",
            schemes(&a.auth),
            schemes(&b.auth)
        );
        // The client's constructors follow the schemes; a detail of one
        // scheme (a header name, signed headers) changes no signature.
        let kinds = |auth: &[Auth]| auth.iter().map(std::mem::discriminant).collect::<Vec<_>>();
        let level = if kinds(&a.auth) == kinds(&b.auth) {
            Level::Patch
        } else {
            Level::Major
        };
        w.out.push_level(
            rules::SIGNING_SCHEME_CHANGED,
            level,
            At::both(signing, signing),
            message,
        );
    }
    super::security::compare_schemes(w, &a.schemes, &b.schemes);
    if (&a.endpoint, &a.default_region) != (&b.endpoint, &b.default_region) {
        let message = format!("endpoint changed from `{}` to `{}`", a.endpoint, b.endpoint);
        w.out.push(
            rules::ENDPOINT_URL_CHANGED,
            At::both("#/servers", "#/servers"),
            message,
        );
    }
    if a.error_format != b.error_format {
        let message = format!(
            "error body format changed from {:?} to {:?}",
            a.error_format, b.error_format
        );
        w.out.push(
            rules::ERROR_FORMAT_CHANGED,
            At::both("#/servers", "#/servers"),
            message,
        );
    }
}

fn schemes(auth: &[Auth]) -> String {
    let names: Vec<String> = auth
        .iter()
        .map(|a| match a {
            Auth::Acs3 => "ACS3-HMAC-SHA256".to_string(),
            Auth::Bce { .. } => "bce-auth-v1".to_string(),
            Auth::HuaweiAkSk => "SDK-HMAC-SHA256".to_string(),
            Auth::Token { header } => format!("a token in `{header}`"),
        })
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// Component schemas: removed, added, renamed (a removed and an added one
/// met at the same place, or of the same shape), and changes inside ones no
/// operation reached.
fn compare_components(w: &mut Walker<'_>, old: &Api, new: &Api) {
    fn components(api: &Api) -> Vec<&TypeDef> {
        api.types
            .iter()
            .filter(|t| t.pointer.starts_with("#/components/schemas/"))
            .collect()
    }
    let (old_defs, new_defs) = (components(old), components(new));
    let gone: Vec<&TypeDef> = old_defs
        .iter()
        .copied()
        .filter(|a| w.new_types.get(&a.name).is_none())
        .collect();
    let mut arrived: Vec<&TypeDef> = new_defs
        .iter()
        .copied()
        .filter(|b| w.old_types.get(&b.name).is_none())
        .collect();
    for a in gone {
        let met = |b: &&TypeDef| w.met.contains(&(a.name.clone(), b.name.clone()));
        let same_shape = |b: &&TypeDef| shape(&a.kind) == shape(&b.kind);
        let renamed = arrived
            .iter()
            .position(met)
            .or_else(|| arrived.iter().position(same_shape));
        match renamed {
            Some(i) => {
                let b = arrived.remove(i);
                let message = format!("schema `{}` renamed to `{}`", a.name, b.name);
                w.out.push(
                    rules::SCHEMA_RENAMED,
                    At::both(&a.pointer, &b.pointer),
                    message,
                );
                w.compare_unreached(a, b);
            }
            None => {
                let message = format!("schema `{}` removed", a.name);
                w.out
                    .push(rules::SCHEMA_REMOVED, At::old(&a.pointer), message);
            }
        }
    }
    for b in arrived {
        let message = format!("new schema `{}`", b.name);
        w.out
            .push(rules::SCHEMA_ADDED, At::new(&b.pointer), message);
    }
    for a in old_defs {
        if let Some(b) = w.new_types.get(&a.name) {
            w.compare_unreached(a, b);
        }
    }
}
