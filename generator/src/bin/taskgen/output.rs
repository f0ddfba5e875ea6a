//! Everything the command prints goes through these macros. A reader that
//! stops early (`taskgen lint | head -1`) closes the pipe, and `println!`
//! would then panic ("failed printing to stdout: Broken pipe"). Here output
//! with nowhere to go is dropped: the command still finishes its work (a
//! generated crate is still written) and exits with its own status.
//! `main.rs` denies `clippy::print_stdout` and `clippy::print_stderr`, so no
//! print can bypass them.

use std::fmt;
use std::io::{self, Write};

/// `print!` to stdout, dropping what a closed pipe cannot take.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write(&mut ::std::io::stdout(), format_args!($($arg)*))
    };
}

/// `println!` to stdout, dropping what a closed pipe cannot take.
macro_rules! outln {
    () => { out!("\n") };
    ($($arg:tt)*) => { out!("{}\n", format_args!($($arg)*)) };
}

/// `eprintln!`, dropping what a closed pipe cannot take.
macro_rules! errln {
    () => {
        $crate::output::write(&mut ::std::io::stderr(), format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write(&mut ::std::io::stderr(), format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Writes `args` to `stream`. A closed pipe drops the output; any other
/// failure to print has no better place to be reported either.
pub fn write(stream: &mut impl Write, args: fmt::Arguments<'_>) {
    let _ = stream.write_fmt(args).and_then(|()| stream.flush());
}

/// Whether `err` says the reader went away, which is not the writer's
/// failure.
pub fn reader_gone(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}
