//! Checks and encodings generated request builders call for parameters.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::{Mutex, OnceLock};

use regex::Regex;
use serde::Serialize;

use crate::Error;

/// Checks `value` against a spec `pattern`. Patterns are compiled once and
/// cached. The generator only emits this call for patterns the `regex` crate
/// accepts; one that fails to compile anyway is not checked client-side (the
/// server still checks it), rather than failing every call.
pub fn check_pattern(parameter: &str, value: &str, pattern: &'static str) -> Result<(), Error> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let regex = cache
        .entry(pattern)
        .or_insert_with(|| Regex::new(pattern).ok());
    match regex {
        Some(regex) if !regex.is_match(value) => Err(Error::invalid_request(
            parameter,
            format!("must match the pattern `{pattern}`, got `{value}`"),
        )),
        _ => Ok(()),
    }
}

/// Checks a lower bound (`minimum`, `exclusiveMinimum`).
pub fn check_minimum<T: PartialOrd + Display>(
    parameter: &str,
    value: T,
    minimum: T,
    exclusive: bool,
) -> Result<(), Error> {
    match (exclusive, value.partial_cmp(&minimum)) {
        (_, Some(Ordering::Greater)) | (false, Some(Ordering::Equal)) => Ok(()),
        (true, _) => Err(Error::invalid_request(
            parameter,
            format!("must be greater than {minimum}, got {value}"),
        )),
        (false, _) => Err(Error::invalid_request(
            parameter,
            format!("must be at least {minimum}, got {value}"),
        )),
    }
}

/// Checks an upper bound (`maximum`, `exclusiveMaximum`).
pub fn check_maximum<T: PartialOrd + Display>(
    parameter: &str,
    value: T,
    maximum: T,
    exclusive: bool,
) -> Result<(), Error> {
    match (exclusive, value.partial_cmp(&maximum)) {
        (_, Some(Ordering::Less)) | (false, Some(Ordering::Equal)) => Ok(()),
        (true, _) => Err(Error::invalid_request(
            parameter,
            format!("must be less than {maximum}, got {value}"),
        )),
        (false, _) => Err(Error::invalid_request(
            parameter,
            format!("must be at most {maximum}, got {value}"),
        )),
    }
}

/// Checks a string's length in characters (`minLength`, `maxLength`).
pub fn check_length(
    parameter: &str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), Error> {
    check_count(parameter, "characters", value.chars().count(), min, max)
}

/// Checks how many items an array, or entries a map, has (`minItems`,
/// `maxItems`, `minProperties`, `maxProperties`).
pub fn check_count(
    parameter: &str,
    unit: &str,
    count: usize,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), Error> {
    if let Some(min) = min.filter(|min| count < *min) {
        return Err(Error::invalid_request(
            parameter,
            format!("must have at least {min} {unit}, got {count}"),
        ));
    }
    if let Some(max) = max.filter(|max| count > *max) {
        return Err(Error::invalid_request(
            parameter,
            format!("must have at most {max} {unit}, got {count}"),
        ));
    }
    Ok(())
}

/// A parameter value as compact JSON text (arrays and objects sent in one
/// query parameter, the Alibaba RPC "shrink" style).
pub fn json_param<T: Serialize + ?Sized>(parameter: &str, value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|err| {
        Error::invalid_request(parameter, format!("cannot be encoded as JSON: {err}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_mismatch_names_parameter_and_pattern() {
        let err = check_pattern("batch_id", "AB", "^[a-z0-9-_]{4,36}$").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `batch_id` must match the pattern `^[a-z0-9-_]{4,36}$`, got `AB`"
        );
        assert!(check_pattern("batch_id", "abcd", "^[a-z0-9-_]{4,36}$").is_ok());
    }

    #[test]
    fn unsupported_pattern_is_not_checked() {
        assert!(check_pattern("path", "x", "^(?!x)$").is_ok());
    }

    #[test]
    fn bounds_name_the_bound_and_the_value() {
        let err = check_minimum("MaxResults", 0, 0, true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `MaxResults` must be greater than 0, got 0"
        );
        assert!(check_minimum("MaxResults", 1, 0, true).is_ok());
        assert!(check_minimum("page_size", 5, 5, false).is_ok());
        let err = check_maximum("page_size", 1001, 1000, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `page_size` must be at most 1000, got 1001"
        );
        assert!(check_maximum("ratio", f64::NAN, 1.0, false).is_err());
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(check_length("title", "任务", Some(2), Some(64)).is_ok());
        let err = check_length("title", "a", Some(2), Some(64)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `title` must have at least 2 characters, got 1"
        );
        let err = check_count("days", "items", 8, Some(1), Some(7)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `days` must have at most 7 items, got 8"
        );
    }

    #[test]
    fn json_param_is_compact() {
        assert_eq!(
            json_param("TaskTypes", &["A", "B"]).unwrap(),
            r#"["A","B"]"#
        );
    }
}
