//! `taskgen generate [SPEC_OR_DIR...] [--out DIR] [--check]
//! [--crate-name NAME] [--runtime-path PATH] [--overlay FILE]...
//! [--split-items N]`.
//!
//! Exit codes: 0 done (or up to date), 1 `--check` found differences, 2 an
//! error (nothing was written).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use taskgen::diff::history::{self, History, CHANGELOG};
use taskgen::{Config, Error, Summary};

use crate::inputs::{find_specs, DEFAULT_SPECS};

const DEFAULT_OUT: &str = "generated";

/// Arguments of `taskgen generate`.
#[derive(Args)]
pub struct Generate {
    /// Spec files (.yaml, .yml, .json) or folders of them
    #[arg(value_name = "SPEC_OR_DIR", default_value = DEFAULT_SPECS)]
    inputs: Vec<PathBuf>,
    /// Folder of the generated crate (replaced as a whole)
    #[arg(long, value_name = "DIR", default_value = DEFAULT_OUT)]
    out: PathBuf,
    /// Write nothing; print a diff and exit 1 if DIR differs from what the specs produce
    #[arg(long)]
    check: bool,
    /// Package name of the generated crate [default: cloud-task-clients]
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Path from DIR to the taskgen-runtime crate, written into its Cargo.toml [default: ../runtime]
    #[arg(long, value_name = "PATH")]
    runtime_path: Option<String>,
    /// OpenAPI Overlay 1.0 file applied to the specs before generating; repeat to apply several, in order
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// Also write the program tests/prism.sh runs (every operation called once) to FILE
    #[arg(long, value_name = "FILE", hide = true)]
    smoke: Option<PathBuf>,
    /// Write a module's types or builders of more than N items (operations: N/10) as a folder, one file per first letter [default: 2000]
    #[arg(long, value_name = "N")]
    split_items: Option<usize>,
}

impl Generate {
    fn config(&self) -> Config {
        let defaults = Config::default();
        Config {
            crate_name: self.crate_name.clone().unwrap_or(defaults.crate_name),
            runtime_path: self.runtime_path.clone().unwrap_or(defaults.runtime_path),
            overlays: self.overlays.clone(),
            split_items: self.split_items.unwrap_or(defaults.split_items),
            ..defaults
        }
    }
}

/// Runs `taskgen generate`.
pub fn run(args: &Generate) -> ExitCode {
    match generate(args) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::OutOfDate) => ExitCode::from(1),
        Err(err) => {
            report(&err, args);
            ExitCode::from(2)
        }
    }
}

enum Outcome {
    Done,
    OutOfDate,
}

/// What stops a run, by stage: only `Output` can come after writing began.
enum Failure {
    NoSpecs(String),
    /// Reading the specs and generating.
    Input(Error),
    /// Writing or comparing the output folder.
    Output(Error),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Input(err)
    }
}

fn generate(args: &Generate) -> Result<Outcome, Failure> {
    let specs = find_specs(&args.inputs).map_err(Failure::NoSpecs)?;
    let history = history::generate(&specs, &args.config(), &args.out, &history::today())?;
    if let Some(file) = &args.smoke {
        let program = taskgen::smoke_program(&specs, &args.config())?;
        std::fs::write(file, program).map_err(|source| {
            Failure::Output(Error::Io {
                path: file.clone(),
                action: "cannot write",
                source,
            })
        })?;
    }
    let generated = &history.generated;
    let out = Folder(&args.out);
    if !args.check {
        taskgen::write::write(&args.out, &generated.files).map_err(Failure::Output)?;
        print_summaries(&generated.summaries);
        print_version(&history, &out);
        outln!("wrote {} files to {out}", generated.files.len());
        return Ok(Outcome::Done);
    }
    print_summaries(&generated.summaries);
    print_version(&history, &out);
    match taskgen::write::diff(&args.out, &generated.files).map_err(Failure::Output)? {
        None => {
            outln!("{out} is up to date");
            Ok(Outcome::Done)
        }
        Some(diff) => {
            out!("{diff}");
            errln!(
                "{out} is out of date: run `{}` to update",
                regenerate_command(args)
            );
            Ok(Outcome::OutOfDate)
        }
    }
}

/// `aliyun_imm  specs/aliyun-imm.yaml: 3 operations, 24 structs, 7 enums`,
/// module names aligned; then each spec's warnings, on stderr.
fn print_summaries(summaries: &[Summary]) {
    let width = summaries.iter().map(|s| s.module.len()).max().unwrap_or(0);
    for s in summaries {
        outln!(
            "{:width$}  {}: {}, {}, {}",
            s.module,
            s.spec.display(),
            count(s.operations, "operation"),
            count(s.structs, "struct"),
            count(s.enums, "enum"),
        );
    }
    for warning in summaries.iter().flat_map(|s| &s.warnings) {
        errln!("warning: {warning}\n");
    }
}

/// The version line: the bump and why, or that the API did not change.
fn print_version(history: &History, out: &Folder<'_>) {
    let changes: usize = history.diffs.iter().map(|d| d.changes.len()).sum();
    match history.level {
        _ if history.first => outln!(
            "version {}: history starts, first entry in {out}{CHANGELOG}",
            history.to
        ),
        Some(level) => {
            let mut reasons = Vec::new();
            if changes > 0 {
                reasons.push(count(changes, "API change"));
            }
            if !history.generator.is_empty() {
                reasons.push(count(history.generator.len(), "generator change"));
            }
            outln!(
                "version {} -> {} ({} bump for {}; see {out}{CHANGELOG})",
                history.from,
                history.to,
                level.as_str(),
                reasons.join(" and ")
            )
        }
        None => outln!("version {}: no API change", history.to),
    }
}

fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

/// Shows a folder as `generated/`.
struct Folder<'a>(&'a Path);

impl fmt::Display for Folder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.0.display().to_string();
        if shown.ends_with('/') {
            f.write_str(&shown)
        } else {
            write!(f, "{shown}/")
        }
    }
}

/// The command that regenerates what `--check` just compared.
fn regenerate_command(args: &Generate) -> String {
    let mut command = "cargo run -p taskgen -- generate".to_string();
    if args.inputs != [PathBuf::from(DEFAULT_SPECS)] {
        for input in &args.inputs {
            command.push(' ');
            command.push_str(&input.display().to_string());
        }
    }
    if args.out != Path::new(DEFAULT_OUT) {
        command.push_str(&format!(" --out {}", args.out.display()));
    }
    if let Some(name) = &args.crate_name {
        command.push_str(&format!(" --crate-name {name}"));
    }
    if let Some(path) = &args.runtime_path {
        command.push_str(&format!(" --runtime-path {path}"));
    }
    for overlay in &args.overlays {
        command.push_str(&format!(" --overlay {}", overlay.display()));
    }
    command
}

/// Prints every error, each as `error: ...`, to stderr.
fn report(failure: &Failure, args: &Generate) {
    let err = match failure {
        Failure::NoSpecs(message) => return errln!("error: {message}"),
        Failure::Output(err) => return errln!("error: {err}"),
        Failure::Input(err) => err,
    };
    let errors = flatten(err);
    for (i, err) in errors.iter().enumerate() {
        if i > 0 {
            errln!();
        }
        errln!("error: {err}");
    }
    if !args.check {
        let out = Folder(&args.out);
        errln!(
            "\nerror: aborting because of {}; nothing was written, {out} is unchanged",
            count(errors.len(), "error")
        );
    }
}

pub(crate) fn flatten(err: &Error) -> Vec<&Error> {
    match err {
        Error::Many(errors) => errors.iter().flat_map(flatten).collect(),
        other => vec![other],
    }
}
