//! taskgen: generates a typed Rust client crate from OpenAPI 3.0 specs.
//!
//! The pipeline (see `ARCHITECTURE.md`): `load` reads a spec and remembers where
//! every node sits in the text; `lower` turns it into the `ir`, where all
//! naming and typing decisions are made; `emit` walks the IR into Rust
//! source; [`write`](mod@write) puts the file set in place atomically or
//! diffs it. The stages are private: [`generate`], [`generate_module`],
//! [`find_specs`], [`write`](mod@write), and [`build`] and
//! [`generate_file`] for a `build.rs`, are the crate's API.
//!
//! A `build.rs` uses [`build`], which writes one spec's module as a single
//! file to `include!`. To write a whole crate instead:
//!
//! ```no_run
//! let specs = taskgen::find_specs(&["specs".into()])?;
//! let generated = taskgen::generate(&specs, &taskgen::Config::default())?;
//! taskgen::write::write(std::path::Path::new("generated"), &generated.files)?;
//! # Ok::<(), taskgen::Error>(())
//! ```

#![deny(missing_docs)]
// A lock taken in a `while let` condition is held through the loop's body:
// threads meant to work side by side would take turns.
#![warn(clippy::significant_drop_in_scrutinee)]

mod build_script;
pub mod diff;
mod emit;
mod error;
#[cfg(test)]
mod every_string;
mod fileset;
mod ir;
pub mod lint;
mod load;
mod lower;
mod pointer;
mod quiet_panic;
pub mod review;
pub mod write;

use std::path::{Path, PathBuf};

pub use build_script::{build, build_with_overlays, generate_file};
pub use error::{Error, Result, SpecError};
pub use fileset::FileSet;

/// Settings for the generated crate.
#[derive(Debug, Clone)]
pub struct Config {
    /// The `[package] name` of the generated crate.
    pub crate_name: String,
    /// Path from the generated crate to the `taskgen-runtime` crate, written
    /// into its `Cargo.toml`.
    pub runtime_path: String,
    /// The `[package] version`; [`diff::history`] bumps it when the API
    /// changes.
    pub version: String,
    /// OpenAPI Overlay 1.0 files applied, in order, to each spec before it
    /// is read (one with `extends` only to the spec of that file name).
    pub overlays: Vec<PathBuf>,
    /// Items past which a module's `types.rs` or `builders.rs` becomes a
    /// folder of files, one per first letter (paths stay the same); an
    /// `operations.rs`, at a tenth as many operations.
    pub split_items: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            crate_name: "cloud-task-clients".into(),
            runtime_path: "../runtime".into(),
            version: "0.1.0".into(),
            overlays: Vec::new(),
            split_items: 2000,
        }
    }
}

impl Config {
    /// Refuses a crate name cargo would reject and an empty or multi-line
    /// runtime path, before anything is generated.
    pub fn check(&self) -> Result<()> {
        let name = &self.crate_name;
        let starts_well = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        let rest_ok = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !starts_well || !rest_ok || name.len() > 64 {
            return Err(Error::Config(format!(
                "crate name `{name}` is not a valid package name: use ASCII letters, digits, \
                 `-` and `_`, starting with a letter or `_`, at most 64 characters"
            )));
        }
        if self.runtime_path.is_empty() || self.runtime_path.chars().any(char::is_control) {
            return Err(Error::Config(format!(
                "runtime path {:?} must be a non-empty path on one line",
                self.runtime_path
            )));
        }
        Ok(())
    }
}

/// What one spec produced, for the CLI's one-line summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The spec file.
    pub spec: PathBuf,
    /// The Rust module generated from it.
    pub module: String,
    /// Operations in the spec.
    pub operations: usize,
    /// Structs generated: the schemas' and one request struct per operation.
    pub structs: usize,
    /// Enums generated: string enums and `oneOf`/`anyOf` unions.
    pub enums: usize,
    /// What was changed or left out to generate from the spec (e.g. a bound
    /// too wide for 64 bits, dropped), each located like an error.
    pub warnings: Vec<SpecError>,
}

/// A whole generated crate.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Paths relative to the crate folder.
    pub files: FileSet,
    /// One summary per spec, in the order of the specs.
    pub summaries: Vec<Summary>,
}

/// The spec files named by `inputs`: files as given, folders searched (not
/// recursively) for `.yaml`, `.yml` and `.json` files. Sorted, deduplicated.
pub fn find_specs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries =
                std::fs::read_dir(input).map_err(|e| Error::io(input, "cannot list folder", e))?;
            for entry in entries {
                let path = entry
                    .map_err(|e| Error::io(input, "cannot list folder", e))?
                    .path();
                let is_spec = path
                    .extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json");
                if is_spec && path.is_file() {
                    specs.push(path);
                }
            }
        } else {
            specs.push(input.clone());
        }
    }
    specs.sort();
    specs.dedup();
    Ok(specs)
}

/// Generates the crate for `specs`: one module per spec, named after its
/// file. Every spec is read even if an earlier one fails, so all errors are
/// reported at once.
pub fn generate(specs: &[PathBuf], config: &Config) -> Result<Generated> {
    config.check()?;
    emit_crate(&lower_all(specs, &config.overlays)?, config)
}

/// The program `tests/prism.sh` runs against a mock server: it calls every
/// operation of the crate [`generate`] writes for `specs` (named
/// `config.crate_name`) once, with the spec's examples or the smallest
/// valid values, and prints one line per operation. A binary with `tokio`
/// and `taskgen-runtime` beside the generated crate runs it.
pub fn smoke_program(specs: &[PathBuf], config: &Config) -> Result<String> {
    config.check()?;
    Ok(emit::smoke(
        &lower_all(specs, &config.overlays)?,
        &config.crate_name,
    ))
}

/// Registers `release`, which hands the memory the process's allocator
/// keeps freed back to the system (the `taskgen` command registers a purge
/// of jemalloc's freed pages). Generation calls it between lowering and
/// printing: the specs' typed documents have just been let go of, and an
/// allocator that keeps freed pages a while would hold them through
/// printing's own peak. Only the first registration counts.
pub fn set_memory_release(release: fn()) {
    // A second registration is ignored, as documented.
    let _ = MEMORY_RELEASE.set(release);
}

static MEMORY_RELEASE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// The crate's files for modules already lowered, so that a caller that
/// needs the IR too (regeneration's history) lowers each spec only once.
pub(crate) fn emit_crate(modules: &[ir::Api], config: &Config) -> Result<Generated> {
    if let Some(release) = MEMORY_RELEASE.get() {
        release();
    }
    if let Some(clash) = duplicate_module(modules).or_else(|| duplicate_example(modules)) {
        return Err(clash);
    }
    let mut files = FileSet::new();
    let mut summaries = Vec::new();
    for api in modules {
        files.extend_under(
            &Path::new("src").join(&api.module),
            emit::module(api, config.split_items),
        );
        summaries.push(api.summary());
    }
    files.extend_under(Path::new("examples"), emit::examples(modules, config));
    files.insert("src/lib.rs", emit::crate_root(modules));
    files.insert("Cargo.toml", emit::manifest(modules, config));
    Ok(Generated { files, summaries })
}

/// Loads and lowers every spec with the `overlays` meant for it, reading all
/// of them even if an earlier one fails, so all errors are reported at once.
pub(crate) fn lower_all(specs: &[PathBuf], overlays: &[PathBuf]) -> Result<Vec<ir::Api>> {
    let overlays = load::overlay::read_all(overlays, specs)?;
    // As `generate` reads a spec (its JSON data let go of), and each
    // loaded spec let go of once lowered.
    each_spec(specs, |spec| {
        let (_, api) = lower::lower_read(load::read_with(spec, &overlays)?, false)?;
        Ok(api)
    })
}

/// `read` applied to every spec, even after one fails, so that all errors
/// are reported at once.
pub(crate) fn each_spec<T>(specs: &[PathBuf], read: impl Fn(&Path) -> Result<T>) -> Result<Vec<T>> {
    let mut read_specs = Vec::new();
    let mut errors = Vec::new();
    for spec in specs {
        match read(spec) {
            Ok(spec) => read_specs.push(spec),
            Err(err) => errors.push(err),
        }
    }
    match errors.len() {
        0 => Ok(read_specs),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

/// Generates one spec's module alone (its files relative to the module
/// folder), as the golden fixture tests do.
pub fn generate_module(spec: &Path) -> Result<(FileSet, Summary)> {
    let api = lower::lower(&load::load(spec)?)?;
    Ok((
        emit::module(&api, Config::default().split_items),
        api.summary(),
    ))
}

/// Two example programs of different specs with one file name: module `a`'s
/// example `b_c` and module `a_b`'s example `c` are both `a_b_c`.
fn duplicate_example(modules: &[ir::Api]) -> Option<Error> {
    let mut seen = std::collections::HashMap::new();
    for api in modules {
        for op in &api.operations {
            let Some(example) = &op.example else {
                continue;
            };
            if let Some(other) = seen.insert(example.name.as_str(), &api.spec) {
                let at = format!("{}/x-taskgen-example/name", op.pointer);
                let message = format!(
                    "the example program `{}` is also one of {}",
                    example.name,
                    other.display()
                );
                // Located in the spec, which is read again only for this.
                let err = match load::load(&api.spec) {
                    Ok(spec) => spec.error(&at, message),
                    Err(_) => SpecError {
                        file: api.spec.clone(),
                        position: None,
                        pointer: at,
                        message,
                        hint: None,
                        excerpt: None,
                    },
                };
                return Some(Error::Spec(Box::new(
                    err.with_hint("rename one of the two examples"),
                )));
            }
        }
    }
    None
}

/// Two specs whose file names map to the same module name.
fn duplicate_module(modules: &[ir::Api]) -> Option<Error> {
    modules.iter().enumerate().find_map(|(i, a)| {
        let b = modules[..i].iter().find(|b| b.module == a.module)?;
        Some(Error::Spec(Box::new(SpecError {
            file: a.spec.clone(),
            position: None,
            pointer: "#".into(),
            message: format!(
                "module name `{}` is already taken by {}",
                a.module,
                b.spec.display()
            ),
            hint: Some("rename one of the spec files".into()),
            excerpt: None,
        })))
    })
}

/// The pipeline on text instead of a file, for the cargo-fuzz targets in
/// `fuzz/`, which would otherwise write a file per input. Not part of the
/// API: it may change with any release.
#[doc(hidden)]
pub mod fuzzing {
    use std::path::Path;

    use crate::{emit, load, lower, FileSet, Result};

    /// Loads `text` as if read from `path`; only whether it loaded.
    pub fn load(path: &Path, text: &str) -> Result<()> {
        load::load_str(path, text).map(drop)
    }

    /// Loads, lowers and emits `text` as [`generate_module`](crate::generate_module)
    /// does a file.
    pub fn generate_module(path: &Path, text: &str) -> Result<FileSet> {
        // As `generate` reads a spec: its JSON data let go of.
        let (_, api) = lower::lower_read(load::read_str(path, text)?, false)?;
        Ok(emit::module(&api, crate::Config::default().split_items))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::thread::ThreadId;

    /// The threads the registered release ran on.
    static RELEASED_ON: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

    fn record() {
        RELEASED_ON
            .lock()
            .unwrap()
            .push(std::thread::current().id());
    }

    #[test]
    fn a_registered_memory_release_runs_before_the_crate_is_emitted() {
        super::set_memory_release(record);
        super::emit_crate(&[], &super::Config::default()).unwrap();
        let here = std::thread::current().id();
        assert!(RELEASED_ON.lock().unwrap().contains(&here));
    }
}
