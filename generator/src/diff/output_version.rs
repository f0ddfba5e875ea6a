//! What taskgen itself changed in the code it writes. A new taskgen may
//! write the same spec differently (paths, names, new items), which is a
//! change for the generated crate's users just as a spec change is. The
//! generated `Cargo.toml` records the output version that wrote it
//! (`[package.metadata.taskgen] output-version`); regenerating with a newer
//! taskgen bumps the crate's version by the largest level of the steps in
//! between and lists them in the changelog.

use std::fmt::Write;
use std::fs;
use std::path::Path;

use super::Level;
use crate::error::{Error, Result};

/// The output version this taskgen writes: the last [`STEPS`] entry's. Add
/// an entry whenever a change of the generator changes the generated
/// crate's API.
pub const OUTPUT_VERSION: u32 = STEPS[STEPS.len() - 1].version;

/// The `Cargo.toml` key recording [`OUTPUT_VERSION`], in
/// `[package.metadata.taskgen]`.
pub const KEY: &str = "output-version";

/// One output version after the first: how far it breaks code written
/// against the one before it, and what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The output version it starts.
    pub version: u32,
    /// The bump it needs.
    pub level: Level,
    /// What changed, in Markdown.
    pub summary: &'static str,
}

/// Every step, oldest first. Version 1 is what taskgen wrote before the
/// record existed (a `Cargo.toml` without the key).
pub const STEPS: &[Step] = &[
    Step {
        version: 2,
        level: Level::Major,
        summary: "Each operation's items (`<Op>Request`, `<Op>RequestBuilder`, `<Op>Builder`, \
                  `<Op>Error`, `<Op>Response`, `<Op>Pages`) moved from the API module's root into \
                  `operations::<operation>`, so they never collide with a schema (the `2` suffix on \
                  request structs is gone); every spec with operations gets a `Client` with its \
                  standard security schemes, responses typed by status and an `<Op>Error` per \
                  operation (both status enums `#[non_exhaustive]`).",
    },
    Step {
        version: 3,
        level: Level::Major,
        summary: "An operation's two request builders are one struct: `<Op>Builder<'c>` is now \
                  the alias `<Op>RequestBuilder<&'c Client>`, with the same methods; a required \
                  parameter left unset makes `build()`/`send()` fail with `Error::Build` (was \
                  `Error::InvalidRequest`); setters' docs link to the request field they set \
                  instead of repeating its text. An operation that declares the same error \
                  bodies as an earlier one has its `<Op>Error` as an alias of that one's enum, \
                  and an inline enum with the variants of an earlier one is an alias of it.",
    },
    Step {
        version: 4,
        level: Level::Patch,
        summary: "Structs decode through a `Deserialize` impl written out beside them instead of \
                  derived (a struct with a map of undeclared properties keeps the derive): the \
                  same values and the same errors, but a JSON array no longer decodes as a \
                  struct's fields by position. A crate of many structs checks faster (bunq.com's \
                  by about a third).",
    },
    Step {
        version: 5,
        level: Level::Patch,
        summary: "A struct's `Deserialize` is one call into `taskgen_runtime`, whose one visitor \
                  hands the object's fields to the struct's (hidden) `FromFields` impl: the same \
                  values and errors from about a quarter less code.",
    },
];

/// The output version that wrote the generated crate in `out`: `None` when
/// there is no crate yet, 1 when its `Cargo.toml` predates the record.
pub fn recorded(out: &Path) -> Result<Option<u32>> {
    let path = out.join("Cargo.toml");
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(None);
    };
    let manifest: toml::Value = toml::from_str(&text)
        .map_err(|e| Error::Config(format!("{}: {}", path.display(), e.message())))?;
    let value = ["package", "metadata", "taskgen", KEY]
        .iter()
        .try_fold(&manifest, |node, key| node.get(key));
    let Some(value) = value else {
        return Ok(Some(1));
    };
    match value.as_integer().and_then(|v| u32::try_from(v).ok()) {
        Some(version) if version <= OUTPUT_VERSION => Ok(Some(version)),
        Some(version) => Err(Error::Config(format!(
            "{} was written by a newer taskgen (output version {version}; this one writes \
             {OUTPUT_VERSION}): update taskgen before regenerating",
            out.display()
        ))),
        None => Err(Error::Config(format!(
            "{}: `{KEY}` in `[package.metadata.taskgen]` is not an output version (a whole number)",
            path.display()
        ))),
    }
}

/// The steps between output version `from` and this taskgen's.
pub fn steps_since(from: u32) -> Vec<Step> {
    STEPS.iter().filter(|s| s.version > from).copied().collect()
}

/// The changelog section listing `steps` (empty for none).
pub fn markdown(steps: &[Step]) -> String {
    let mut out = String::new();
    if let Some(level) = steps.iter().map(|s| s.level).max() {
        let _ = writeln!(out, "### Generator: {} change\n", level.as_str());
        for step in steps {
            let _ = writeln!(out, "- {} ({})", step.summary, step.level.as_str());
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_in_order_and_end_at_the_output_version() {
        let versions: Vec<u32> = STEPS.iter().map(|s| s.version).collect();
        let expected: Vec<u32> = (2..=OUTPUT_VERSION).collect();
        assert_eq!(versions, expected);
    }

    #[test]
    fn reads_the_record_or_its_absence() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(recorded(dir.path()).unwrap(), None);
        let manifest = dir.path().join("Cargo.toml");
        fs::write(&manifest, "[package]\nname = \"x\"\n").unwrap();
        assert_eq!(recorded(dir.path()).unwrap(), Some(1));
        fs::write(
            &manifest,
            format!("[package.metadata.taskgen]\n{KEY} = 2\n"),
        )
        .unwrap();
        assert_eq!(recorded(dir.path()).unwrap(), Some(2));
        fs::write(
            &manifest,
            format!(
                "[package.metadata.taskgen]\n{KEY} = {}\n",
                OUTPUT_VERSION + 1
            ),
        )
        .unwrap();
        let newer = recorded(dir.path()).unwrap_err().to_string();
        assert!(newer.contains("newer taskgen"), "{newer}");
        fs::write(
            &manifest,
            format!("[package.metadata.taskgen]\n{KEY} = \"two\"\n"),
        )
        .unwrap();
        assert!(recorded(dir.path()).is_err());
    }

    #[test]
    fn lists_the_steps_after_a_version() {
        assert_eq!(steps_since(OUTPUT_VERSION), []);
        assert_eq!(steps_since(1).len(), STEPS.len());
        let text = markdown(&steps_since(1));
        assert!(
            text.starts_with("### Generator: major change\n\n- "),
            "{text}"
        );
        assert_eq!(markdown(&[]), "");
    }
}
