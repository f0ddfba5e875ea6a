//! Mermaid class diagrams of the types one operation's response reaches.
//!
//! Only Rust identifiers the IR chose go into a diagram (type, field and
//! variant names), never spec text, so nothing in it needs escaping beyond
//! Mermaid's generic syntax: `Vec<TaskInfo>` is written `Vec~TaskInfo~`
//! ([`mermaid_type`]). A diagram is bounded: at most
//! [`MAX_CLASSES`] types, nearest to the response first, each with at most
//! [`MAX_MEMBERS`] members, so a 450-operation spec gets 450 small
//! diagrams rather than one graph nobody can read.

use std::collections::{BTreeSet, VecDeque};

use super::rust::{mermaid_type, named};
use super::TypeIndex;
use crate::ir::{Field, TypeDef, TypeKind, TypeRef};

/// Most types drawn in one diagram.
pub const MAX_CLASSES: usize = 12;
/// Most members (fields, variants) drawn in one class.
pub const MAX_MEMBERS: usize = 12;

/// A response's diagram and how much of the type graph it leaves out.
pub struct Diagram {
    /// The ```` ```mermaid ```` block.
    pub block: String,
    /// Types drawn.
    pub shown: usize,
    /// Types the response reaches, drawn or not.
    pub reached: usize,
}

/// The diagram of `response`, or `None` when it reaches no named type.
pub fn diagram(types: &TypeIndex<'_>, response: &TypeRef) -> Option<Diagram> {
    let reached = reachable(types, response);
    if reached.is_empty() {
        return None;
    }
    let shown = &reached[..reached.len().min(MAX_CLASSES)];
    let drawn: BTreeSet<&str> = shown.iter().map(|def| def.name.as_str()).collect();
    let mut lines = vec!["```mermaid".to_string(), "classDiagram".to_string()];
    let mut edges = Vec::new();
    for def in shown {
        let (annotation, members, targets) = class_parts(def);
        lines.extend(class_block(&def.name, annotation, &members));
        for (label, target) in targets {
            if drawn.contains(target.as_str()) {
                edges.push(format!("    {} --> {target} : {label}", def.name));
            }
        }
    }
    lines.extend(edges);
    lines.push("```".into());
    Some(Diagram {
        block: lines.join("\n"),
        shown: shown.len(),
        reached: reached.len(),
    })
}

/// Every named type `root` reaches, breadth first (nearest first).
fn reachable<'a>(types: &TypeIndex<'a>, root: &TypeRef) -> Vec<&'a TypeDef> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<&str> = named(root).into_iter().collect();
    let mut out = Vec::new();
    while let Some(name) = queue.pop_front() {
        if !seen.insert(name) {
            continue;
        }
        let Some(def) = types.get(name) else {
            continue;
        };
        out.push(def);
        queue.extend(children(&def.kind).iter().filter_map(|ty| named(ty)));
    }
    out
}

/// The type uses inside a type definition.
fn children(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(s.additional.as_ref().map(|(_, ty)| ty))
            .collect(),
        TypeKind::Union(variants) => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// A class's annotation, member lines and labelled edges to other types.
fn class_parts(def: &TypeDef) -> (Option<&'static str>, Vec<String>, Vec<(String, String)>) {
    let mut members = Vec::new();
    let mut edges = Vec::new();
    let mut edge = |label: &str, ty: &TypeRef| {
        if let Some(target) = named(ty) {
            edges.push((member_name(label), target.to_string()));
        }
    };
    let annotation = match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                members.push(format!("+{} {}", field_type(f), member_name(&f.name)));
                edge(&f.name, &f.ty);
            }
            if let Some((name, ty)) = &s.additional {
                members.push(format!("+Map~{}~ {}", mermaid_type(ty), member_name(name)));
                edge(name, ty);
            }
            None
        }
        TypeKind::Enum(e) => {
            members.extend(e.variants.iter().map(|v| member_name(&v.name)));
            Some("enumeration")
        }
        TypeKind::Union(variants) => {
            for v in variants {
                members.push(format!("+{} {}", mermaid_type(&v.ty), member_name(&v.name)));
                edge(&v.name, &v.ty);
            }
            Some("union")
        }
        TypeKind::Alias(ty) => {
            members.push(mermaid_type(ty));
            edge("is", ty);
            Some("alias")
        }
    };
    (annotation, members, edges)
}

/// `class Name { ... }`, cut to [`MAX_MEMBERS`] members.
fn class_block(name: &str, annotation: Option<&str>, members: &[String]) -> Vec<String> {
    if annotation.is_none() && members.is_empty() {
        return vec![format!("    class {name}")];
    }
    let mut lines = vec![format!("    class {name} {{")];
    lines.extend(annotation.map(|a| format!("        <<{a}>>")));
    for member in members.iter().take(MAX_MEMBERS) {
        lines.push(format!("        {member}"));
    }
    if members.len() > MAX_MEMBERS {
        lines.push(format!("        ... {} more", members.len() - MAX_MEMBERS));
    }
    lines.push("    }".into());
    lines
}

/// A field's Rust type, `Option` included.
fn field_type(f: &Field) -> String {
    let ty = mermaid_type(&f.ty);
    if f.optional() {
        format!("Option~{ty}~")
    } else {
        ty
    }
}

/// A Rust field or variant name as Mermaid shows it (`type` for `r#type`).
fn member_name(name: &str) -> String {
    name.trim_start_matches("r#").to_string()
}
