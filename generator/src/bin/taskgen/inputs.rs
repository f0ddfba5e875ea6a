//! The spec files a subcommand reads, shared by `generate`, `lint` and
//! `review` so all three name missing input the same way.

use std::path::{Path, PathBuf};

/// The folder every subcommand reads when given no spec.
pub const DEFAULT_SPECS: &str = "specs";

/// The spec files `inputs` names, or a message saying why there are none:
/// the default folder is missing (taskgen was run from elsewhere), a folder
/// cannot be listed, or nothing in the inputs is a spec.
pub fn find_specs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if inputs == [PathBuf::from(DEFAULT_SPECS)] && !Path::new(DEFAULT_SPECS).is_dir() {
        return Err(format!(
            "there is no `{DEFAULT_SPECS}/` folder here: run taskgen from the repository root, \
             or name the spec files or folders"
        ));
    }
    let specs = taskgen::find_specs(inputs).map_err(|e| e.to_string())?;
    if specs.is_empty() {
        let names: Vec<_> = inputs.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "no spec files (.yaml, .yml, .json) in {}",
            names.join(", ")
        ));
    }
    Ok(specs)
}
