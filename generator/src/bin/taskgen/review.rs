//! `taskgen review` (not implemented yet).

use std::process::ExitCode;

use clap::Args;

/// Arguments of `taskgen review`.
#[derive(Args)]
pub struct Review {}

/// Runs `taskgen review`.
pub fn run(_args: &Review) -> ExitCode {
    eprintln!("error: `taskgen review` is not implemented yet");
    ExitCode::from(2)
}
