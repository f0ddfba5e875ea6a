//! Mermaid class diagrams of the types one operation's response reaches.
//!
//! Only Rust identifiers the IR chose go into a diagram (type, field and
//! variant names), never spec text, so nothing in it needs escaping beyond
//! Mermaid's generic syntax: `Vec<TaskInfo>` is written `Vec~TaskInfo~`
//! ([`mermaid_type`]). A diagram is bounded: at most
//! [`MAX_CLASSES`] types, nearest to the response first, each with at most
//! [`MAX_MEMBERS`] members, so a 450-operation spec gets 450 small
//! diagrams rather than one graph nobody can read. A class cut short keeps
//! the members that lead to other types; edges come only from members
//! drawn, so a diagram has at most one edge per member line.

use std::collections::{BTreeSet, VecDeque};

use super::rust::{mermaid_type, named};
use crate::ir::{Api, Field, TypeDef, TypeKind, TypeRef};

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
pub fn diagram(api: &Api, response: &TypeRef) -> Option<Diagram> {
    let reached = breadth_first(api, response, usize::MAX, |def| {
        children(&def.kind).filter_map(named).collect()
    });
    if reached.is_empty() {
        return None;
    }
    // Only members a class shows lead to other classes, so every class
    // drawn hangs off the response by an edge the reader can follow.
    let shown = breadth_first(api, response, MAX_CLASSES, |def| {
        let class = Class::of(def);
        class
            .shown()
            .filter_map(|m| m.edge.as_ref().map(|(_, target)| *target))
            .collect()
    });
    let drawn: BTreeSet<&str> = shown.iter().map(|def| def.name.as_str()).collect();
    let mut lines = vec!["```mermaid".to_string(), "classDiagram".to_string()];
    let mut edges = Vec::new();
    for def in &shown {
        let class = Class::of(def);
        lines.extend(class.block(&def.name));
        for (label, target) in class.shown().filter_map(|m| m.edge.as_ref()) {
            if drawn.contains(target) {
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

/// Up to `limit` named types `root` reaches, breadth first (nearest
/// first); `next` names the types one type leads to.
fn breadth_first<'a>(
    api: &'a Api,
    root: &TypeRef,
    limit: usize,
    next: impl Fn(&'a TypeDef) -> Vec<&'a str>,
) -> Vec<&'a TypeDef> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<&str> = named(root).into_iter().collect();
    let mut out = Vec::new();
    while let Some(name) = queue.pop_front() {
        if out.len() == limit {
            break;
        }
        if !seen.insert(name) {
            continue;
        }
        if let Some(def) = api.type_named(name) {
            out.push(def);
            queue.extend(next(def));
        }
    }
    out
}

/// The type uses inside a type.
fn children(kind: &TypeKind) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
    match kind {
        TypeKind::Struct(s) => Box::new(
            s.fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.as_ref().map(|(_, ty)| ty)),
        ),
        TypeKind::Union(variants) => Box::new(variants.iter().map(|v| &v.ty)),
        TypeKind::Alias(ty) => Box::new(std::iter::once(ty)),
        TypeKind::Enum(_) => Box::new(std::iter::empty()),
    }
}

/// A type as a diagram draws it.
struct Class<'a> {
    annotation: Option<&'static str>,
    members: Vec<Member<'a>>,
}

/// One line of a class, and the edge (label, type name) it adds when its
/// type names another type.
struct Member<'a> {
    line: String,
    edge: Option<(String, &'a str)>,
}

impl<'a> Member<'a> {
    fn new(line: String, label: &str, ty: &'a TypeRef) -> Self {
        Member {
            line,
            edge: named(ty).map(|target| (label.to_string(), target)),
        }
    }
}

impl<'a> Class<'a> {
    fn of(def: &'a TypeDef) -> Self {
        let mut members = Vec::new();
        let annotation = match &def.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    let line = format!("+{} {}", field_type(f), f.name.bare());
                    members.push(Member::new(line, f.name.bare(), &f.ty));
                }
                if let Some((name, ty)) = &s.additional {
                    let line = format!("+Map~{}~ {}", mermaid_type(ty), name);
                    members.push(Member::new(line, name, ty));
                }
                None
            }
            TypeKind::Enum(e) => {
                members.extend(e.variants.iter().map(|v| Member {
                    line: v.name.clone(),
                    edge: None,
                }));
                Some("enumeration")
            }
            TypeKind::Union(variants) => {
                for v in variants {
                    let line = format!("+{} {}", mermaid_type(&v.ty), v.name);
                    members.push(Member::new(line, &v.name, &v.ty));
                }
                Some("union")
            }
            TypeKind::Alias(ty) => {
                members.push(Member::new(mermaid_type(ty), "is", ty));
                Some("alias")
            }
        };
        Class {
            annotation,
            members,
        }
    }

    /// The members drawn: all of them, or when there are more than
    /// [`MAX_MEMBERS`], those leading to other types first (the diagram's
    /// edges), then the rest, each in declaration order.
    fn shown(&self) -> impl Iterator<Item = &Member<'a>> {
        let relations = self.members.iter().filter(|m| m.edge.is_some()).count();
        let mut scalars_left = MAX_MEMBERS.saturating_sub(relations);
        let mut relations_left = MAX_MEMBERS;
        self.members.iter().filter(move |m| {
            let left = if m.edge.is_some() {
                &mut relations_left
            } else {
                &mut scalars_left
            };
            let keep = *left > 0;
            *left = left.saturating_sub(1);
            keep
        })
    }

    /// `class Name { ... }` with the members [`Class::shown`] picks.
    fn block(&self, name: &str) -> Vec<String> {
        if self.annotation.is_none() && self.members.is_empty() {
            return vec![format!("    class {name}")];
        }
        let mut lines = vec![format!("    class {name} {{")];
        lines.extend(self.annotation.map(|a| format!("        <<{a}>>")));
        lines.extend(self.shown().map(|m| format!("        {}", m.line)));
        let hidden = self.members.len().saturating_sub(MAX_MEMBERS);
        if hidden > 0 {
            lines.push(format!("        ... {hidden} more"));
        }
        lines.push("    }".into());
        lines
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Api, Doc, Struct};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: crate::ir::Name::new(name),
            wire_name: name.into(),
            ty,
            required: true,
            nullable: false,
            boxed: false,
            sensitive: false,
            doc: Doc::default(),
        }
    }

    fn def(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.into(),
            pointer: String::new(),
            doc: Doc::default(),
            kind: TypeKind::Struct(Struct {
                fields,
                additional: None,
            }),
        }
    }

    /// A wide type cut to `MAX_MEMBERS` lines keeps its three relations,
    /// in declaration order, and each one is an edge.
    #[test]
    fn a_cut_class_keeps_the_members_leading_to_other_types() {
        let mut fields: Vec<Field> = (0..20)
            .map(|i| field(&format!("f{i}"), TypeRef::Bool))
            .collect();
        for (at, target) in [(3, "A"), (15, "B"), (19, "C")] {
            fields.insert(
                at,
                field(&target.to_lowercase(), TypeRef::Named(target.into())),
            );
        }
        let types = vec![
            def("Wide", fields),
            def("A", Vec::new()),
            def("B", Vec::new()),
            def("C", Vec::new()),
        ];
        let api = Api {
            spec: "wide.yaml".into(),
            module: "wide".into(),
            title: String::new(),
            version: String::new(),
            description: None,
            license: None,
            contact: None,
            terms_of_service: None,
            types,
            operations: Vec::new(),
            client: None,
            warnings: Vec::new(),
            type_index: Default::default(),
        };
        let diagram = diagram(&api, &TypeRef::Named("Wide".into())).expect("a diagram");
        let members: Vec<&str> = diagram
            .block
            .lines()
            .filter(|l| l.starts_with("        +"))
            .map(str::trim)
            .collect();
        let expected: Vec<String> = ["f0", "f1", "f2", "a", "f3", "f4", "f5", "f6", "f7", "f8"]
            .iter()
            .map(|name| match *name {
                "a" => "+A a".to_string(),
                scalar => format!("+bool {scalar}"),
            })
            .chain(["+B b".to_string(), "+C c".to_string()])
            .collect();
        assert_eq!(members, expected);
        assert!(diagram.block.contains("        ... 11 more\n"));
        for edge in ["Wide --> A : a", "Wide --> B : b", "Wide --> C : c"] {
            assert!(diagram.block.contains(edge), "{edge} missing");
        }
        assert_eq!((diagram.shown, diagram.reached), (4, 4));
    }
}
