//! What the generated Rust looks like from the caller's side: type names as
//! written in code, and the call chain of each operation's request builder.

use crate::ir::{Api, Notation, Operation, TypeRef};

/// A type use as the generated code spells it (`Vec<TaskInfo>`).
pub fn type_name(ty: &TypeRef) -> String {
    ty.spelled(&Notation::SHORT, "")
}

/// A type use in a Mermaid class diagram (`Vec~TaskInfo~`).
pub fn mermaid_type(ty: &TypeRef) -> String {
    ty.spelled(&Notation::MERMAID, "")
}

/// The named type a use refers to, if any (`TaskInfo` in `Vec<TaskInfo>`).
pub fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named(inner),
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

/// What `send()` returns; an enum of the operation's module by its path
/// from the API's module (`operations::put_thing::PutThingResponse`).
pub fn response_type(op: &Operation) -> String {
    use crate::ir::{ResponseBody, Success};
    match &op.success {
        Success::Enum { name, .. } => format!("operations::{}::{name}", op.module),
        Success::One(ResponseBody::Json { ty, .. }) => type_name(ty),
        Success::One(ResponseBody::Empty) => "()".into(),
        Success::One(ResponseBody::Text { .. }) => "String".into(),
        Success::One(ResponseBody::Bytes { .. }) => "Bytes".into(),
    }
}

/// The shortest call that sends the operation: the client method, a setter
/// for each required parameter, then `send()` with its result type.
/// `None` when the spec gets no client (no operations).
pub fn call(api: &Api, op: &Operation) -> Option<String> {
    api.client.as_ref()?;
    Some(format!(
        "{}.send().await -> Result<{}, Error>",
        builder_chain(op),
        response_type(op)
    ))
}

/// The paginated form of the call: a stream of every item of every page.
pub fn paginated_call(api: &Api, op: &Operation) -> Option<String> {
    api.client.as_ref()?;
    let pagination = op.pagination.as_ref()?;
    Some(format!(
        "{}.into_paginator()?.items() -> Stream<Item = Result<{}, PaginationError>>",
        builder_chain(op),
        type_name(&pagination.item_type)
    ))
}

/// `client.list_tasks().project_id(..)`: the method and required setters.
fn builder_chain(op: &Operation) -> String {
    let mut chain = format!("client.{}()", op.fn_name);
    for field in op.fields().iter().filter(|f| !f.optional()) {
        chain.push_str(&format!(".{}(..)", field.name));
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_types_read_like_code() {
        let ty = TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Named(
            "TaskInfo".into(),
        )))));
        assert_eq!(type_name(&ty), "BTreeMap<String, Vec<TaskInfo>>");
        assert_eq!(mermaid_type(&ty), "Map~Vec~TaskInfo~~");
        assert_eq!(named(&ty), Some("TaskInfo"));
        assert_eq!(named(&TypeRef::Vec(Box::new(TypeRef::Json))), None);
    }
}
