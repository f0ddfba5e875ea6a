//! Refuses YAML data that JSON cannot hold (non-finite numbers, duplicate
//! keys): `serde_json` would silently change it and openapiv3 can panic on it.

use crate::error::Result;
use crate::pointer;

use super::source::Source;

/// Refuses what YAML data can hold and JSON data cannot: `.inf`, `.nan`
/// (`serde_json` turns them into `null`) and duplicate keys (it keeps the
/// last). openapiv3 also reaches an `expect` on them. `scan` reports
/// duplicate keys at a better place, but only when `yaml-rust2` can read the
/// text; `serde_yaml::Value` always refuses them.
pub(super) fn check_json_compatible(source: &Source) -> Result<()> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(&source.text).map_err(|e| source.yaml_error(&e))?;
    let Some((pointer, number)) = non_finite(&value, "#".into()) else {
        return Ok(());
    };
    let text = match number {
        n if n.is_nan() => ".nan",
        n if n > 0.0 => ".inf",
        _ => "-.inf",
    };
    Err(source
        .error(&pointer, format!("`{text}` is not a number JSON can hold"))
        .with_hint(format!(
            "quote it (`'{text}'`) if you meant text, or write a finite number"
        ))
        .into())
}

/// The first infinite or NaN number in `value`, with its pointer.
fn non_finite(value: &serde_yaml::Value, at: String) -> Option<(String, f64)> {
    use serde_yaml::Value as Yaml;
    match value {
        Yaml::Number(n) => n.as_f64().filter(|f| !f.is_finite()).map(|f| (at, f)),
        Yaml::Sequence(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| non_finite(item, pointer::join(&at, &i.to_string()))),
        Yaml::Mapping(map) => map.iter().find_map(|(key, child)| {
            let token = match key {
                Yaml::String(s) => s.clone(),
                Yaml::Number(n) => n.to_string(),
                Yaml::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            non_finite(child, pointer::join(&at, &token))
        }),
        Yaml::Tagged(tagged) => non_finite(&tagged.value, at),
        Yaml::Null | Yaml::Bool(_) | Yaml::String(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{edited, load_text, spec_error};

    /// JSON text read by serde_json skips the YAML re-read: the scan must
    /// still refuse its duplicate keys, which serde_json would collapse.
    #[test]
    fn refuses_duplicate_keys_in_json_text() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1", "title": "U"},
 "paths": {}}"#;
        let err = spec_error(text);
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/info/title", Some((1, 61)))
        );
        assert!(err.message.contains("duplicate key"), "{}", err.message);
    }

    #[test]
    fn refuses_non_finite_numbers_instead_of_crashing() {
        let err = spec_error(&edited("minimum: 1}", "minimum: .inf}"));
        assert_eq!(
            err.pointer,
            "#/components/parameters/MaxSize/schema/minimum"
        );
        assert!(err.message.contains("`.inf`"), "{}", err.message);
        load_text(&edited(
            "minimum: 1}",
            "minimum: 1}\n      description: '.nan'",
        ))
        .unwrap();
    }
}
