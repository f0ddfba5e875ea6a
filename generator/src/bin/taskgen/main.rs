//! The `taskgen` command. Each subcommand lives in its own module, with its
//! arguments and exit codes:
//!
//! - `generate`: write the client crate from specs (or `--check` it);
//! - `lint`: report what is wrong in a spec before it becomes code;
//! - `review`: a Markdown page per API for reviewers;
//! - `diff`: what changed between two spec versions, and the semver bump.
//!
//! All output goes through `output`'s macros, which a closed pipe does not
//! make panic.

#![deny(clippy::print_stdout, clippy::print_stderr)]

#[macro_use]
mod output;

mod diff;
mod generate;
mod inputs;
mod lint;
mod review;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "taskgen",
    version,
    about = "Generates a typed Rust client crate from OpenAPI 3.0 and 3.1 specs",
    long_about = "Generates a typed Rust client crate from OpenAPI 3.0 and 3.1 specs, and lints, \
                  reviews and compares specs.\n\n\
                  Run it from the repository root: by default it reads specs/ and writes generated/.",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client crate from specs, or check that it is up to date
    #[command(
        long_about = "Generate the client crate from specs, one module per spec file.\n\n\
                      The output folder is replaced as a whole, atomically: on any error nothing is \
                      written. Only a missing, empty or previously generated folder is replaced.",
        after_help = "Examples:\n  \
                      taskgen generate                          regenerate generated/ from specs/\n  \
                      taskgen generate --check                  fail (exit 1) if generated/ is stale\n  \
                      taskgen generate specs/baidu-vod.yaml --out /tmp/vod\n\n\
                      Exit status: 0 done or up to date, 1 out of date (--check), 2 error."
    )]
    Generate(generate::Generate),
    /// Check specs for mistakes before they become code
    Lint(lint::Lint),
    /// Write a Markdown page per API for reviewers
    Review(review::Review),
    /// Compare two versions of a spec: what changed and the semver bump
    Diff(diff::Diff),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate(args) => generate::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Diff(args) => diff::run(&args),
    }
}
