//! Generating from a `build.rs`: one spec becomes one self-contained file
//! under `OUT_DIR` that the crate `include!`s (progenitor's build-script
//! flow), where `taskgen generate` writes a whole crate.

use std::path::{Path, PathBuf};

use crate::{emit, Error, Result};

/// Generates the module of `spec` as one Rust file for `include!`: its
/// client, types and builders as inline modules, no inner attributes or
/// docs, only relative paths, so it works included in any module of any
/// crate.
///
/// The including crate needs the dependencies of the generated code:
/// `taskgen-runtime`, `serde` (with `derive`) and `serde_json`.
pub fn generate_file(spec: &Path) -> Result<String> {
    Ok(module_file(spec, &[])?.1)
}

/// The module name of `spec`, with `overlays` applied, and its single file.
fn module_file(spec: &Path, overlays: &[PathBuf]) -> Result<(String, String)> {
    let mut modules = crate::lower_all(&[spec.to_path_buf()], overlays)?;
    let api = modules.pop().expect("one module per spec");
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
    build_with_overlays(spec, &[])
}

/// [`build`] with OpenAPI Overlay documents applied to the spec first, in
/// order, as `taskgen generate --overlay` applies them: for a third-party
/// spec that needs `x-taskgen-pagination` or a fix. The build script runs
/// again when the spec or an overlay changes.
///
/// ```no_run
/// // build.rs, in `fn main()`:
/// let overlays = ["overlays/youtube-paging.yaml".into()];
/// if let Err(err) = taskgen::build_with_overlays("specs/youtubereporting.json", &overlays) {
///     eprintln!("{err}");
///     std::process::exit(1);
/// }
/// ```
pub fn build_with_overlays(spec: impl AsRef<Path>, overlays: &[PathBuf]) -> Result<PathBuf> {
    let spec = spec.as_ref();
    // Before generating, so a spec with errors is read again once fixed.
    for input in std::iter::once(spec).chain(overlays.iter().map(PathBuf::as_path)) {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
        Error::Config("OUT_DIR is not set: taskgen::build runs from a build script".into())
    })?;
    let (module, text) = module_file(spec, overlays)?;
    let path = Path::new(&out_dir).join(format!("{module}.rs"));
    std::fs::write(&path, text).map_err(|e| Error::io(&path, "cannot write generated file", e))?;
    Ok(path)
}
