//! Refuses documents that are not OpenAPI 3.0.x, with a hint on how to
//! convert them, before openapiv3 misreads or rejects them obscurely.

use serde_json::Value;

use crate::error::Result;

use super::source::Source;

const DOWNGRADE_HINT: &str = "set `openapi: 3.0.3` and replace what is new in 3.1: \
    `type: [T, 'null']` by `nullable: true`, `const` by a one-value `enum`, \
    `examples` lists in schemas by `example`";

const CONVERT_HINT: &str = "convert it to OpenAPI 3.0 first (for example with `swagger2openapi`, \
    or the Swagger Editor's Edit > Convert to OpenAPI 3), then set `openapi: 3.0.3`";

/// Only OpenAPI 3.0.x is read: 2.0 and 3.1 differ in ways that would be
/// misread silently.
pub(super) fn check_version(source: &Source, raw: &Value) -> Result<()> {
    let Value::Object(root) = raw else {
        let message = match raw {
            Value::Null => "the document is empty".to_string(),
            other => format!("the document is {}, not a mapping", kind(other)),
        };
        return Err(source
            .error("#", message)
            .with_hint("an OpenAPI document is a mapping that starts with `openapi: 3.0.3`")
            .into());
    };
    if let Some(swagger) = root.get("swagger") {
        let message = format!(
            "Swagger {} documents are not supported; taskgen reads OpenAPI 3.0.x",
            scalar(swagger)
        );
        return Err(source
            .error("#/swagger", message)
            .with_hint(CONVERT_HINT)
            .into());
    }
    let Some(version) = root.get("openapi") else {
        return Err(source
            .error("#", "missing `openapi` version field")
            .with_hint("start the document with `openapi: 3.0.3`")
            .into());
    };
    let Value::String(version) = version else {
        let message = format!(
            "`openapi` must be a version string such as `3.0.3`, not {}",
            kind(version)
        );
        return Err(source
            .error("#/openapi", message)
            .with_hint("write the full version: `openapi: 3.0.3`")
            .into());
    };
    if is_3_0(version) {
        return Ok(());
    }
    let not_supported = format!("OpenAPI {version} is not supported; taskgen reads OpenAPI 3.0.x");
    let (message, hint) = if version.starts_with("3.1") {
        (not_supported, DOWNGRADE_HINT)
    } else if version.starts_with('2') {
        (not_supported, CONVERT_HINT)
    } else {
        let message =
            format!("unsupported OpenAPI version `{version}`; taskgen reads OpenAPI 3.0.x");
        (
            message,
            "write the document in OpenAPI 3.0 and set `openapi: 3.0.3`",
        )
    };
    Err(source.error("#/openapi", message).with_hint(hint).into())
}

/// `3.0.<patch>`.
fn is_3_0(version: &str) -> bool {
    version
        .strip_prefix("3.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{edited, spec_error};

    #[test]
    fn refuses_documents_that_are_not_mappings() {
        let err = spec_error("- openapi\n- 3.0.3\n");
        assert_eq!((err.pointer.as_str(), err.position), ("#", Some((1, 1))));
        assert!(
            err.message.contains("is a list, not a mapping"),
            "{}",
            err.message
        );
        let err = spec_error("# nothing but a comment\n");
        assert!(err.message.contains("empty"), "{}", err.message);
    }

    #[test]
    fn refuses_swagger_2() {
        let err = spec_error("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n");
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/swagger", Some((1, 1)))
        );
        assert!(err.message.contains("Swagger 2.0"), "{}", err.message);
        assert!(err.hint.unwrap().contains("convert"));
    }

    #[test]
    fn refuses_openapi_3_1_and_other_versions() {
        let err = spec_error(&edited("openapi: 3.0.3", "openapi: 3.1.0"));
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/openapi", Some((1, 1)))
        );
        assert!(
            err.message.contains("3.1.0 is not supported"),
            "{}",
            err.message
        );
        assert!(err.hint.unwrap().contains("nullable"));
        for version in ["4.0.0", "3.0", "'3.0.x'", "2.0"] {
            let err = spec_error(&edited("openapi: 3.0.3", &format!("openapi: {version}")));
            assert_eq!(err.pointer, "#/openapi", "{version}");
        }
    }

    #[test]
    fn refuses_a_missing_openapi_field() {
        let err = spec_error(&edited("openapi: 3.0.3\n", "# no version\n"));
        assert_eq!((err.pointer.as_str(), err.position), ("#", Some((2, 1))));
        assert!(err.message.contains("missing `openapi`"), "{}", err.message);
        assert!(err.hint.unwrap().contains("openapi: 3.0.3"));
    }
}
