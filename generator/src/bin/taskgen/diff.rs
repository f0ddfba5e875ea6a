//! `taskgen diff OLD NEW [--format text|markdown|json] [--fail-on breaking|major]`.
//!
//! Each side is a spec file, a folder of specs (matched by file name) or
//! `REV:PATH` read from git. Exit codes: 0 compared (and nothing `--fail-on`
//! names was found), 1 `--fail-on` found such a change, 2 a side could not
//! be read or lowered (with the generator's located message).

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use taskgen::diff::{self, input, render, ApiImpact, Level};
use taskgen::Error;

/// Arguments of `taskgen diff`.
#[derive(Args)]
pub struct Diff {
    /// The old version: a spec file, a folder of specs, or REV:PATH (read with git)
    old: String,
    /// The new version, in the same forms
    new: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit 1 when a change breaks API callers (`breaking`) or Rust code (`major`)
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Breaking,
    Major,
}

/// Runs `taskgen diff`.
pub fn run(args: &Diff) -> ExitCode {
    let sides = input::read(&args.old).and_then(|old| Ok((old, input::read(&args.new)?)));
    let (old, new) = match sides {
        Ok(sides) => sides,
        Err(err) => {
            report(&err);
            return ExitCode::from(2);
        }
    };
    let diffs = input::compare_sides(&old, &new);
    let shown = match args.format {
        Format::Text => render::text(&diffs),
        Format::Markdown => render::markdown(&diffs),
        Format::Json => render::json(&diffs),
    };
    out!("{shown}");
    let changes = || diffs.iter().flat_map(|d| &d.changes);
    let failed = match args.fail_on {
        None => false,
        Some(FailOn::Breaking) => changes().any(|c| c.api == ApiImpact::Breaking),
        Some(FailOn::Major) => diff::semver(&diffs) == Some(Level::Major),
    };
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints every error, each as `error: ...`, to stderr.
fn report(err: &Error) {
    match err {
        Error::Many(errors) => errors.iter().for_each(report),
        other => errln!("error: {other}"),
    }
}
