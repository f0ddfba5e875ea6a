//! Refuses documents that are not OpenAPI 3.0.x or 3.1.x (3.1 is read as
//! 3.0, see `openapi31`), with a hint on how to convert them, before
//! openapiv3 misreads or rejects them obscurely.

use crate::error::Result;

use super::data::{Data, Kind};
use super::source::Source;

const CONVERT_HINT: &str = "convert it to OpenAPI 3.0 first (for example with `swagger2openapi`, \
    or the Swagger Editor's Edit > Convert to OpenAPI 3), then set `openapi: 3.0.3`";

/// Only OpenAPI 3.0.x and 3.1.x are read: 2.0 and later versions differ in
/// ways that would be misread silently.
pub(super) fn check_version<D: Data>(source: &Source, root: &D) -> Result<()> {
    if root.kind() != Kind::Object {
        let message = match root.kind() {
            Kind::Null => "the document is empty".to_string(),
            other => format!("the document is {}, not a mapping", other.described()),
        };
        return Err(source
            .error("#", message)
            .with_hint("an OpenAPI document is a mapping that starts with `openapi: 3.0.3`")
            .into());
    }
    if let Some(swagger) = root.get("swagger") {
        let message = format!(
            "Swagger {} documents are not supported; taskgen reads OpenAPI 3.0.x and 3.1.x",
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
    let Some(version) = version.as_str() else {
        let message = format!(
            "`openapi` must be a version string such as `3.0.3`, not {}",
            version.kind().described()
        );
        return Err(source
            .error("#/openapi", message)
            .with_hint("write the full version: `openapi: 3.0.3`")
            .into());
    };
    if is_version(version, "3.0.") || is_version(version, "3.1.") {
        return Ok(());
    }
    let (message, hint) = if version.starts_with('2') {
        (
            format!("OpenAPI {version} is not supported; taskgen reads OpenAPI 3.0.x and 3.1.x"),
            CONVERT_HINT,
        )
    } else {
        let message = format!(
            "unsupported OpenAPI version `{version}`; taskgen reads OpenAPI 3.0.x and 3.1.x"
        );
        (
            message,
            "write the document in OpenAPI 3.0 or 3.1 and set `openapi: 3.0.3` or `3.1.0`",
        )
    };
    Err(source.error("#/openapi", message).with_hint(hint).into())
}

/// `<minor><patch>`: `minor` (e.g. `3.0.`) and a patch number.
fn is_version(version: &str, minor: &str) -> bool {
    version
        .strip_prefix(minor)
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn scalar(value: &impl Data) -> String {
    match value.as_str() {
        Some(s) => s.to_string(),
        None => value.to_value().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{edited, load_text, spec_error};

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
    fn reads_3_1_and_refuses_other_versions() {
        assert!(load_text(&edited("openapi: 3.0.3", "openapi: 3.1.1")).is_ok());
        let err = spec_error(&edited("openapi: 3.0.3", "openapi: 3.2.0"));
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/openapi", Some((1, 1)))
        );
        assert!(
            err.message.contains("unsupported OpenAPI version `3.2.0`"),
            "{}",
            err.message
        );
        for version in ["4.0.0", "3.0", "3.1", "'3.0.x'", "2.0"] {
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
