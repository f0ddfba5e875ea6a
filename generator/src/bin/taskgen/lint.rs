//! `taskgen lint [SPEC_OR_DIR...] [--format human|json|sarif]
//! [--config FILE] [--deny warnings] [--explain RULE]`.
//!
//! Exit codes: 0 no error, 1 errors (and warnings with `--deny warnings`),
//! 2 a spec or the configuration cannot be read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use taskgen::lint::{self, output, rules, Config, Diagnostic, Severity};

use crate::inputs::{find_specs, DEFAULT_SPECS};

const DEFAULT_CONFIG: &str = "taskgen.toml";

/// Arguments of `taskgen lint`.
#[derive(Args)]
pub struct Lint {
    /// Spec files (.yaml, .yml, .json) or folders of them
    #[arg(value_name = "SPEC_OR_DIR", default_value = DEFAULT_SPECS)]
    inputs: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Rule levels (default: ./taskgen.toml when it exists)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Count warnings as errors for the exit status
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Option<Deny>,
    /// Print what a rule reports, why it matters and an example, then exit
    #[arg(long, value_name = "RULE")]
    explain: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Like rustc: message, file:line:col, the line with a caret, a hint
    Human,
    /// An array of {rule, severity, file, line, column, pointer, message, help}
    Json,
    /// SARIF 2.1.0, for code-scanning UIs
    Sarif,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// Warnings make the exit status 1
    Warnings,
}

/// Runs `taskgen lint`.
pub fn run(args: &Lint) -> ExitCode {
    if let Some(id) = &args.explain {
        return explain(id);
    }
    let config = match config(args) {
        Ok(config) => config,
        Err(message) => {
            errln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let specs = match find_specs(&args.inputs) {
        Ok(specs) => specs,
        Err(message) => {
            errln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut diagnostics = Vec::new();
    let mut unreadable = false;
    for spec in &specs {
        match lint::lint_file(spec, &config) {
            Ok(found) => diagnostics.extend(found),
            Err(err) => {
                errln!("error: {err}");
                unreadable = true;
            }
        }
    }
    print(args.format, &diagnostics, specs.len());
    let threshold = match args.deny {
        Some(Deny::Warnings) => Severity::Warning,
        None => Severity::Error,
    };
    if unreadable {
        ExitCode::from(2)
    } else if diagnostics.iter().any(|d| d.severity >= threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn explain(id: &str) -> ExitCode {
    match rules::find(id) {
        Some(rule) => {
            out!("{}", rules::explain(rule));
            ExitCode::SUCCESS
        }
        None => {
            errln!("error: no rule `{id}`; the rules are:");
            for rule in rules::RULES {
                errln!("  {} {:<28} {}", rule.id, rule.name, rule.severity);
            }
            ExitCode::from(2)
        }
    }
}

/// `--config FILE`, else `taskgen.toml` in the current folder if there is
/// one, else the defaults.
fn config(args: &Lint) -> Result<Config, String> {
    match &args.config {
        Some(path) => Config::read(path),
        None if Path::new(DEFAULT_CONFIG).is_file() => Config::read(Path::new(DEFAULT_CONFIG)),
        None => Ok(Config::default()),
    }
}

fn print(format: Format, diagnostics: &[Diagnostic], specs: usize) {
    match format {
        Format::Human => {
            out!("{}", output::human(diagnostics));
            let noun = if specs == 1 { "spec" } else { "specs" };
            outln!("{specs} {noun} linted: {}", output::summary(diagnostics));
        }
        Format::Json => out!("{}", output::json(diagnostics)),
        Format::Sarif => out!("{}", output::sarif(diagnostics)),
    }
}
