//! `taskgen lint` (not implemented yet).

use std::process::ExitCode;

use clap::Args;

/// Arguments of `taskgen lint`.
#[derive(Args)]
pub struct Lint {}

/// Runs `taskgen lint`.
pub fn run(_args: &Lint) -> ExitCode {
    eprintln!("error: `taskgen lint` is not implemented yet");
    ExitCode::from(2)
}
