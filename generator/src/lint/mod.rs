//! `taskgen lint`: finds what is wrong in a spec before it becomes code.
//!
//! A spec is read leniently (`load::lenient`): what the generator
//! would refuse becomes a diagnostic like any other. Each rule family lives
//! in its own module and reports findings by rule; [`lint_file`] then
//! applies the configuration (`taskgen.toml`) and the in-place
//! `x-taskgen-lint` suppressions, and sorts what is left by place.
//!
//! Rules (ids, default severities, explanations) are listed in [`rules`].

pub mod config;
mod content;
mod examples;
mod generator;
pub mod json_schema;
pub mod output;
pub mod rules;
mod structure;
mod suppress;
mod walk;

pub(crate) use walk::is_data;

use std::path::{Path, PathBuf};

use crate::error::{Result, SpecError};
use crate::load::lenient::{self, RawSpec};

pub use config::Config;
pub use rules::{Rule, Severity};

/// One problem found in a spec.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// The rule's severity after configuration.
    pub severity: Severity,
    /// The spec file.
    pub file: PathBuf,
    /// 1-based line and column, when the place could be found in the text.
    pub position: Option<(usize, usize)>,
    /// JSON pointer to the node (`#/paths/~1v2~1tasks/get`).
    pub pointer: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The line, shown under the message (cut around the column when
    /// long), and the 1-based column of the caret in it.
    pub excerpt: Option<(String, usize)>,
}

/// A rule's report before configuration and suppressions apply.
struct Finding {
    rule: &'static Rule,
    pointer: String,
    position: Option<(usize, usize)>,
    message: String,
    help: Option<String>,
}

/// What the rules report into.
struct Findings<'s> {
    spec: &'s RawSpec,
    list: Vec<Finding>,
}

impl<'s> Findings<'s> {
    fn new(spec: &'s RawSpec) -> Self {
        Findings {
            spec,
            list: Vec::new(),
        }
    }

    /// Reports `message` at `pointer`, with what to do about it.
    fn add(
        &mut self,
        rule: &'static Rule,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.list.push(Finding {
            rule,
            position: self.spec.position(pointer),
            pointer: pointer.to_string(),
            message: message.into(),
            help: Some(help.into()),
        });
    }

    /// Reports an error the loader or the generator located.
    fn add_error(&mut self, rule: &'static Rule, error: SpecError) {
        self.list.push(Finding {
            rule,
            pointer: error.pointer,
            position: error.position,
            message: error.message,
            help: error.hint,
        });
    }

    /// Where `pointer` is in the text, to order nodes as written: a node
    /// without a place sorts last.
    fn position(&self, pointer: &str) -> (bool, Option<(usize, usize)>) {
        let position = self.spec.position(pointer);
        (position.is_none(), position)
    }

    /// Whether any rule already reported `pointer` or a node inside it
    /// (the document itself excepted).
    fn has_finding_at(&self, pointer: &str) -> bool {
        pointer != "#"
            && self.list.iter().any(|f| {
                f.pointer == pointer
                    || f.pointer
                        .strip_prefix(pointer)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }

    /// Whether an error (by default severity) is already reported at
    /// `pointer`: the generator's refusal there is most likely the same.
    fn has_error_at(&self, pointer: &str) -> bool {
        self.list
            .iter()
            .any(|f| f.pointer == pointer && f.rule.severity == Severity::Error)
    }
}

/// Lints one spec file. Fails only when the file cannot be read or is not
/// YAML (or JSON) at all; everything else is a diagnostic.
pub fn lint_file(path: &Path, config: &Config) -> Result<Vec<Diagnostic>> {
    let spec = lenient::read(path)?;
    let mut findings = Findings::new(&spec);
    if structure::check_document(&spec, &mut findings) {
        let doc = walk::Doc::new(&spec.raw);
        structure::check(&doc, &mut findings);
        content::check(&spec.raw, &doc, &mut findings);
        examples::check(&spec.raw, &doc, &mut findings);
        generator::check(&spec, &doc, &mut findings);
    }
    let suppressions = suppress::collect(&spec.raw, &mut findings);
    let mut diagnostics: Vec<Diagnostic> = findings
        .list
        .into_iter()
        .filter(|finding| !suppressions.covers(finding.rule, &finding.pointer))
        .filter_map(|finding| {
            let severity = config.level(finding.rule)?;
            Some(Diagnostic {
                rule: finding.rule,
                severity,
                file: spec.path.clone(),
                position: finding.position,
                excerpt: finding.position.and_then(|at| spec.excerpt(at)),
                pointer: finding.pointer,
                message: finding.message,
                help: finding.help,
            })
        })
        .collect();
    diagnostics.sort_by(|a, b| {
        (a.position.is_none(), a.position, a.rule.id, &a.pointer).cmp(&(
            b.position.is_none(),
            b.position,
            b.rule.id,
            &b.pointer,
        ))
    });
    diagnostics.dedup_by(|a, b| {
        a.rule.id == b.rule.id && a.pointer == b.pointer && a.message == b.message
    });
    Ok(diagnostics)
}
