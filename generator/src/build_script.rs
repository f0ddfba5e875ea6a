//! Generating from a `build.rs`: one spec becomes one self-contained file
//! under `OUT_DIR` that the crate `include!`s (progenitor's build-script
//! flow), where `taskgen generate` writes a whole crate.

use std::path::{Path, PathBuf};

use crate::{emit, load, lower, Error, Result};

/// Generates the module of `spec` as one Rust file for `include!`: its
/// client, types and builders as inline modules, no inner attributes or
/// docs, only relative paths, so it works included in any module of any
/// crate.
///
/// The including crate needs the dependencies of the generated code:
/// `taskgen-runtime`, `serde` (with `derive`) and `serde_json`.
pub fn generate_file(spec: &Path) -> Result<String> {
    Ok(module_file(spec)?.1)
}

/// The module name of `spec` and its single file.
fn module_file(spec: &Path) -> Result<(String, String)> {
    let api = lower::lower(&load::load(spec)?)?;
    Ok((api.module.clone(), emit::single_file(&api)))
}

/// For a `build.rs`: writes the module of `spec` to `$OUT_DIR/<module>.rs`
/// and tells cargo to run the build script again when the spec changes.
/// Returns the written file's path.
///
/// `<module>` is the spec's file name in snake case, as `taskgen generate`
/// names modules (`specs/baidu-vod.yaml` gives `baidu_vod.rs`; two specs
/// whose names differ only in folder would write the same file). A spec
/// error is located (`file:line:col: #/pointer: message`); print it with
/// `{}` so cargo shows it whole:
///
/// ```no_run
/// // build.rs, in `fn main()`:
/// if let Err(err) = taskgen::build("specs/baidu-vod.yaml") {
///     eprintln!("{err}");
///     std::process::exit(1);
/// }
/// ```
///
/// and in the crate, with `taskgen-runtime`, `serde` (feature `derive`) and
/// `serde_json` among its dependencies:
///
/// ```ignore
/// /// Baidu VOD, generated from `specs/baidu-vod.yaml`.
/// pub mod vod {
///     include!(concat!(env!("OUT_DIR"), "/baidu_vod.rs"));
/// }
/// ```
pub fn build(spec: impl AsRef<Path>) -> Result<PathBuf> {
    let spec = spec.as_ref();
    // Before generating, so a spec with errors is read again once fixed.
    println!("cargo:rerun-if-changed={}", spec.display());
    let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
        Error::Config("OUT_DIR is not set: taskgen::build runs from a build script".into())
    })?;
    let (module, text) = module_file(spec)?;
    let path = Path::new(&out_dir).join(format!("{module}.rs"));
    std::fs::write(&path, text).map_err(|e| Error::io(&path, "cannot write generated file", e))?;
    Ok(path)
}
