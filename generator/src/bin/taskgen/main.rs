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

/// The command's allocator, jemalloc (see `Cargo.toml`), and its options.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
mod allocator {
    #[global_allocator]
    static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

    /// jemalloc's options, read when it starts: freed pages go back to the
    /// system after 100 ms rather than 10 s, so that memory freed after
    /// loading is not held through printing (peak memory below glibc's,
    /// and most of the speed kept: compute.json 87 MB and 1.03 s against
    /// glibc's 96 MB and 1.25 s; with jemalloc's defaults 112 MB and 1.05 s).
    // SAFETY: jemalloc (built with the `_rjem_` prefix) reads this symbol, a
    // C string (`const char *`: a thin pointer to NUL-terminated bytes), and
    // defines it only weakly itself.
    #[unsafe(export_name = "_rjem_malloc_conf")]
    static JEMALLOC_OPTIONS: &[u8; 36] = b"dirty_decay_ms:100,muzzy_decay_ms:0\0";

    /// Hands the pages jemalloc keeps freed back to the system now, in
    /// every arena (`MALLCTL_ARENAS_ALL`, 4096). Generation calls it once
    /// the specs' typed documents are let go of (`set_memory_release`):
    /// kept 100 ms, they were resident through printing's own peak
    /// (netbox.dev.json 24.1-24.8 MB at the peak, 22.3-22.8 MB with it).
    pub fn purge() {
        // SAFETY: the name is a NUL-terminated C string, and this control
        // reads and writes no value (null pointers and length 0).
        unsafe {
            tikv_jemalloc_sys::mallctl(
                c"arena.4096.purge".as_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                0,
            );
        }
    }
}

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
    #[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
    taskgen::set_memory_release(allocator::purge);
    match Cli::parse().command {
        Command::Generate(args) => generate::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Diff(args) => diff::run(&args),
    }
}
