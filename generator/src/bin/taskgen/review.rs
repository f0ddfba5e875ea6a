//! `taskgen review [SPEC_OR_DIR...] [--out FILE] [--overlay FILE]...`: a
//! Markdown page per API for reviewers, on stdout or in one file (several
//! specs: their pages one after another, each under its API's `#` heading),
//! of the specs as the overlays leave them.
//!
//! Exit codes: 0 written, 2 a spec cannot be read or lowered (every error is
//! reported, with file, line:column and JSON pointer) or the output cannot
//! be written.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::generate::flatten;
use crate::inputs::{find_specs, DEFAULT_SPECS};

/// Arguments of `taskgen review`.
#[derive(Args)]
pub struct Review {
    /// Spec files (.yaml, .yml, .json) or folders of them
    #[arg(value_name = "SPEC_OR_DIR", default_value = DEFAULT_SPECS)]
    inputs: Vec<PathBuf>,
    /// Write the Markdown to FILE instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// OpenAPI Overlay 1.0 file applied to the specs first, as `generate --overlay` does; repeat to apply several, in order
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
}

/// Runs `taskgen review`.
pub fn run(args: &Review) -> ExitCode {
    match review(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            errln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn review(args: &Review) -> Result<(), String> {
    let specs = find_specs(&args.inputs)?;
    let markdown = taskgen::review::review(&specs, &args.overlays).map_err(|err| {
        let errors: Vec<String> = flatten(&err).iter().map(ToString::to_string).collect();
        errors.join("\n\nerror: ")
    })?;
    match &args.out {
        Some(path) => std::fs::write(path, &markdown)
            .map_err(|e| format!("{}: cannot write: {e}", path.display())),
        None => match std::io::stdout().lock().write_all(markdown.as_bytes()) {
            Err(e) if !crate::output::reader_gone(&e) => {
                Err(format!("cannot write to stdout: {e}"))
            }
            _ => Ok(()),
        },
    }
}
