//! `taskgen diff` (not implemented yet).

use std::process::ExitCode;

use clap::Args;

/// Arguments of `taskgen diff`.
#[derive(Args)]
pub struct Diff {}

/// Runs `taskgen diff`.
pub fn run(_args: &Diff) -> ExitCode {
    eprintln!("error: `taskgen diff` is not implemented yet");
    ExitCode::from(2)
}
