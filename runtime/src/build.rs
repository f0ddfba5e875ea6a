//! The error of a generated struct's builder.

/// A builder's `build()` was called before a required field was set.
///
/// Builders return this rather than taking required fields as arguments, so
/// a field the API adds later (even a required one) does not change any
/// signature code already calls.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot build `{type_name}`: required field `{field}` is not set")]
#[non_exhaustive]
pub struct BuildError {
    /// The struct being built.
    pub type_name: &'static str,
    /// The Rust name of the field (and of its setter).
    pub field: &'static str,
}

impl BuildError {
    /// `field` of `type_name` is required but was not set.
    pub fn missing(type_name: &'static str, field: &'static str) -> Self {
        BuildError { type_name, field }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_type_and_the_field() {
        assert_eq!(
            BuildError::missing("TaskInfo", "task_id").to_string(),
            "cannot build `TaskInfo`: required field `task_id` is not set"
        );
    }
}
