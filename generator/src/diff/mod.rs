//! What changed between two versions of a spec, what it does to callers of
//! the HTTP API, and what it does to Rust code using the generated crate.
//!
//! Both sides are loaded and lowered (`load`, `lower`) and
//! compared through the IR, so a change is judged the way the generated code
//! sees it: operations are matched by `operationId` (then by method and
//! path), parameters by location and wire name, properties by wire name
//! through named types (each pair of types once per direction, so cycles
//! end), enum values by their wire value. Component schemas that neither side
//! reaches from an operation are compared too; a removed and an added schema
//! of the same shape are one rename. A change reached through several paths
//! (a type shared by operations, or by requests and responses) is reported
//! once, or once per direction where its id depends on the direction.
//!
//! Every [`Change`] carries a stable id ([`rules`]: oasdiff's checker id
//! where oasdiff has one), its API impact, its Rust impact, its JSON pointer
//! and line on each side, and a message. The crate's bump is the largest
//! Rust impact.
//!
//! Rust impact assumes the evolvable generated code: structs and enums are
//! `#[non_exhaustive]`, built through builders or constructors, and request
//! parameters are set through setters. So:
//!
//! | change | Rust |
//! |---|---|
//! | new optional parameter or request property, new response property, new operation, new spec, new value of an open enum, paging added | minor |
//! | removed or renamed operation, parameter, property or schema; type change; required/nullable flip that changes the field's `Option`; new value of a closed enum; removed enum value; open/closed flip; new required parameter | major |
//! | bounds, patterns, docs, examples, sensitivity, endpoint URL, paging style or stop rule, RPC wire details | patch |
//!
//! [`history`] applies the bump to the generated crate on regeneration.

pub mod history;
pub mod input;
pub mod output_version;
pub mod render;
pub mod rules;

mod operations;
mod place;
mod security;
mod statuses;
mod types;

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::error::Result;
use crate::ir::Api;
use crate::load::overlay::Overlay;
use crate::load::{self, LoadedSpec, ReadSpec};
use crate::lower;

pub use rules::{ApiImpact, Level, Rule};

/// One side of a comparison: a spec as read and as lowered.
pub struct Spec {
    /// How the user named it (`specs/a.yaml`, `HEAD~1:specs/a.yaml`).
    pub name: String,
    pub(crate) loaded: LoadedSpec,
    pub(crate) api: Api,
}

impl Spec {
    /// Reads and lowers a spec file, to be compared.
    pub fn read(path: &Path) -> Result<Spec> {
        Spec::read_with(path, &[], |_| true)
    }

    /// Reads a spec file with the overlays meant for it, and lowers it.
    /// Unless `compared` says the spec will be compared,
    /// which reads it as JSON data to place changes, its JSON data (`raw`)
    /// is let go of once lowering's facts are read from it, before the
    /// typed document is: the two forms together were most of generation's
    /// peak memory.
    pub(crate) fn read_with(
        path: &Path,
        overlays: &[Arc<Overlay>],
        compared: impl FnOnce(&ReadSpec) -> bool,
    ) -> Result<Spec> {
        let read = load::read_with(path, overlays)?;
        let keep_data = compared(&read);
        let (loaded, api) = lower::lower_read(read, keep_data)?;
        Ok(Spec {
            name: path.display().to_string(),
            loaded,
            api,
        })
    }

    /// Lowers spec text that came from somewhere other than a file (`git
    /// show`); `path` names it in errors and gives the module name.
    pub fn from_text(path: &Path, text: String) -> Result<Spec> {
        let loaded = load::load_str(path, text)?;
        Spec::lowered(path.display().to_string(), loaded)
    }

    fn lowered(name: String, loaded: LoadedSpec) -> Result<Spec> {
        let api = lower::lower(&loaded)?;
        Ok(Spec { name, loaded, api })
    }
}

/// Where a change sits in one spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// JSON pointer (`#/paths/~1v2~1tasks/get/parameters/0`).
    pub pointer: String,
    /// 1-based line of that node (or its nearest ancestor in the text).
    pub line: Option<usize>,
}

/// One difference between the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Stable id (`request-parameter-removed`), see [`rules`].
    pub id: &'static str,
    /// What it does to callers of the HTTP API.
    pub api: ApiImpact,
    /// What it does to Rust code using the generated crate.
    pub rust: Level,
    /// Where it is on the new side if it exists there, else on the old.
    pub pointer: String,
    /// What changed, in a sentence.
    pub message: String,
    /// Where it is in the old spec, if it is there.
    pub old: Option<Place>,
    /// Where it is in the new spec, if it is there.
    pub new: Option<Place>,
}

/// The changes between two versions of one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecDiff {
    /// The old and new sides as the user named them; `None` when the spec
    /// exists on one side only.
    pub old: Option<String>,
    /// See `old`.
    pub new: Option<String>,
    /// Every change found, in spec order.
    pub changes: Vec<Change>,
}

impl SpecDiff {
    /// The bump this spec's changes need: `None` when nothing changed.
    pub fn semver(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.rust).max()
    }
}

/// The bump a set of spec diffs needs.
pub fn semver(diffs: &[SpecDiff]) -> Option<Level> {
    diffs.iter().filter_map(SpecDiff::semver).max()
}

/// Compares two versions of a spec.
pub fn compare(old: &Spec, new: &Spec) -> SpecDiff {
    let mut walker = types::Walker::new(old, new);
    operations::compare_api(&mut walker);
    SpecDiff {
        old: Some(old.name.clone()),
        new: Some(new.name.clone()),
        changes: walker.out.finish(),
    }
}
