//! Rule levels from `taskgen.toml`:
//!
//! ```toml
//! [lint.rules]
//! TG0201 = "off"                  # by id
//! enum-spelling-variants = "error" # or by name
//! ```
//!
//! Levels: `off`, `info`, `warning`, `error`. Other tables of the file are
//! left to whatever else reads it.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::rules::{self, Rule, Severity};

/// Rule levels that differ from the defaults.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// Rule id to its level; `None` turns the rule off.
    levels: HashMap<&'static str, Option<Severity>>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    lint: Section,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    #[serde(default)]
    rules: HashMap<String, String>,
}

impl Config {
    /// Reads `taskgen.toml` text; `path` only names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
        let file: File =
            toml::from_str(text).map_err(|e| format!("{}: {}", path.display(), e.message()))?;
        let mut config = Config::default();
        for (key, level) in file.lint.rules {
            let rule = rules::find(&key).ok_or_else(|| {
                format!(
                    "{}: [lint.rules] `{key}` is not a rule id or name (see `taskgen lint --explain`)",
                    path.display()
                )
            })?;
            let level = match level.as_str() {
                "off" => None,
                "info" => Some(Severity::Info),
                "warning" => Some(Severity::Warning),
                "error" => Some(Severity::Error),
                other => {
                    return Err(format!(
                        "{}: [lint.rules] {key} = \"{other}\": the level must be off, info, warning or error",
                        path.display()
                    ))
                }
            };
            config.levels.insert(rule.id, level);
        }
        Ok(config)
    }

    /// Reads a `taskgen.toml` file.
    pub fn read(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        Config::parse(&text, path)
    }

    /// The severity `rule` reports at, `None` when it is off.
    pub fn level(&self, rule: &Rule) -> Option<Severity> {
        self.levels
            .get(rule.id)
            .copied()
            .unwrap_or(Some(rule.severity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::{DUPLICATE_ENUM_VALUE, MISSING_DESCRIPTION, PATTERN_PADDED};

    #[test]
    fn relevels_rules_by_id_or_name_and_refuses_unknown_ones() {
        let path = Path::new("taskgen.toml");
        let text = "[other]\nx = 1\n[lint.rules]\nTG0201 = \"off\"\npattern-padded = \"error\"\n";
        let config = Config::parse(text, path).unwrap();
        assert_eq!(config.level(&MISSING_DESCRIPTION), None);
        assert_eq!(config.level(&PATTERN_PADDED), Some(Severity::Error));
        assert_eq!(config.level(&DUPLICATE_ENUM_VALUE), Some(Severity::Error));
        let err = Config::parse("[lint.rules]\nTG9999 = \"off\"\n", path).unwrap_err();
        assert!(err.contains("TG9999"), "{err}");
        let err = Config::parse("[lint.rules]\nTG0201 = \"loud\"\n", path).unwrap_err();
        assert!(err.contains("off, info, warning or error"), "{err}");
    }
}
