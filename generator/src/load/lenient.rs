//! A lenient read for `lint`: the text parsed and its positions mapped, but
//! nothing refused. What [`super::load`] would refuse (not 3.0, broken
//! `$ref`s, duplicate keys or operationIds) is offered as located errors for
//! the linter to report beside everything else.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{excerpt, Error, Result, SpecError};

use super::positions::{self, Problem};
use super::source::Source;
use super::{load_str, operation_ids, refs, version, LoadedSpec};

/// A spec parsed as YAML (or JSON) data, with the position of every node.
pub struct RawSpec {
    pub path: PathBuf,
    /// The document as plain JSON data.
    pub raw: Value,
    source: Source,
    problem: Option<Problem>,
    /// Byte offset of each line's start, to show a line without scanning
    /// the text for each of thousands of diagnostics.
    line_starts: Vec<usize>,
}

impl RawSpec {
    /// Where the node at `pointer` (or its nearest ancestor) starts.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        self.source.position(pointer)
    }

    /// The line at `position`, cut around the column when it is long (a
    /// minified JSON spec is one line of megabytes), with tabs shown as one
    /// space; and the 1-based column of the caret in it.
    pub fn excerpt(&self, (line, column): (usize, usize)) -> Option<(String, usize)> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let rest = self.source.text.get(start..)?;
        let text = rest
            .split('\n')
            .next()
            .unwrap_or(rest)
            .trim_end_matches('\r');
        let (shown, caret) = excerpt(text, column);
        Some((shown.replace('\t', " "), caret))
    }

    /// Why the document is not OpenAPI 3.0.x, if it is not.
    pub fn version_problem(&self) -> Option<SpecError> {
        spec_error(version::check_version(&self.source, &self.raw))
    }

    /// Every `$ref` that leaves the document or leads nowhere.
    pub fn ref_problems(&self) -> Vec<SpecError> {
        refs::ref_problems(&self.source, &self.raw)
    }

    /// Every reuse of an earlier `operationId`.
    pub fn duplicate_operation_ids(&self) -> Vec<SpecError> {
        operation_ids::duplicate_operation_ids(&self.source, &self.raw)
    }

    /// The first key written twice in one mapping (the data keeps the last).
    pub fn duplicate_key(&self) -> Option<SpecError> {
        let problem = self.problem.as_ref()?;
        Some(problem.clone().into_error(&self.source))
    }

    /// The same text through the strict loader, for the checks that need
    /// the generator's view.
    pub fn strict(&self) -> Result<LoadedSpec> {
        load_str(&self.path, self.source.text.clone())
    }
}

fn spec_error(result: Result<()>) -> Option<SpecError> {
    match result {
        Err(Error::Spec(err)) => Some(*err),
        _ => None,
    }
}

/// Reads `path` as YAML or JSON data. Fails only when the file cannot be
/// read or is not YAML at all.
pub fn read(path: &Path) -> Result<RawSpec> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "cannot read spec", e))?;
    let mut source = Source {
        path: path.to_path_buf(),
        text,
        positions: HashMap::new(),
    };
    let raw: Value = serde_yaml::from_str(&source.text).map_err(|e| source.yaml_error(&e))?;
    let layout = positions::scan(&source.text);
    source.positions = layout.positions;
    let line_starts = std::iter::once(0)
        .chain(source.text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    Ok(RawSpec {
        path: source.path.clone(),
        raw,
        source,
        problem: layout.problem,
        line_starts,
    })
}
