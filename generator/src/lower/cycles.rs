//! Recursive types: a type that contains itself directly (not through a
//! `Vec` or map, which already allocate) needs a `Box` somewhere in the
//! cycle, and an alias cannot refer to itself at all.

use std::collections::HashMap;

use crate::error::Result;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::load::LoadedSpec;

/// The named type a use stores inline, if any (`Option` is inline too).
fn direct(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

/// Every named type a use mentions, at any depth.
fn mentioned<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => mentioned(inner, out),
        _ => {}
    }
}

/// Rejects aliases that expand to themselves (`A = B`, `B = A`, or
/// `A = Vec<A>`): Rust has no recursive type aliases. One pass over the
/// alias graph, so a chain of 10,000 aliases costs 10,000 steps.
pub fn check_aliases(spec: &LoadedSpec, types: &[TypeDef]) -> Result<()> {
    let aliases: Vec<(&TypeDef, &TypeRef)> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(ty) => Some((t, ty)),
            _ => None,
        })
        .collect();
    let index_of: HashMap<&str, usize> = aliases
        .iter()
        .enumerate()
        .map(|(i, (t, _))| (t.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = aliases
        .iter()
        .map(|(_, ty)| {
            let mut names = Vec::new();
            mentioned(ty, &mut names);
            names
                .iter()
                .filter_map(|n| index_of.get(n).copied())
                .collect()
        })
        .collect();
    let component = tarjan(&edges);
    let mut sizes = HashMap::new();
    for c in &component {
        *sizes.entry(c).or_insert(0) += 1;
    }
    let on_cycle = |i: usize| sizes[&component[i]] > 1 || edges[i].contains(&i);
    let Some((start, _)) = (0..aliases.len())
        .find(|&i| on_cycle(i))
        .map(|i| aliases[i])
    else {
        return Ok(());
    };
    Err(spec
        .error(
            &start.pointer,
            format!("schema `{}` is defined in terms of itself", start.name),
        )
        .with_hint("give the recursive schema properties, or break the `$ref` cycle")
        .into())
}

/// Boxes each struct field and union variant whose type lies on a cycle
/// of direct containment with its owner (same strongly connected component).
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let component = strongly_connected(types);
    let same = |owner: &str, ty: &TypeRef| {
        direct(ty).is_some_and(|target| {
            component
                .get(target)
                .is_some_and(|c| Some(c) == component.get(owner))
        })
    };
    for def in types.iter_mut() {
        let owner = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = same(&owner, &field.ty);
                }
            }
            TypeKind::Union(variants) => {
                for variant in variants {
                    variant.boxed = same(&owner, &variant.ty);
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// Tarjan's algorithm over the direct-containment graph; maps each type
/// name to its component's number. Iterative, so deep specs cannot
/// overflow the stack.
fn strongly_connected(types: &[TypeDef]) -> HashMap<String, usize> {
    let index_of: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let uses: Vec<&TypeRef> = match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Union(v) => v.iter().map(|v| &v.ty).collect(),
                TypeKind::Alias(ty) => vec![ty],
                TypeKind::Enum(_) => vec![],
            };
            uses.into_iter()
                .filter_map(direct)
                .filter_map(|n| index_of.get(n).copied())
                .collect()
        })
        .collect();
    let component = tarjan(&edges);
    types
        .iter()
        .zip(component)
        .map(|(t, c)| (t.name.clone(), c))
        .collect()
}

/// Tarjan's algorithm: the strongly connected component of each node of
/// the graph `edges` (node `i` has edges to `edges[i]`).
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut component, mut next_index, mut next_component) =
        (Vec::new(), vec![0; n], 0, 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(edge) {
                work.push((v, edge + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}
