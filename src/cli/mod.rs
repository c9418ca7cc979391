//! The command line: clap definitions and one thin file per subcommand.

mod build;
mod new;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostics::{self, Diagnostic};

/// mag: a static-site generator for long-form magazines.
#[derive(Debug, Parser)]
#[command(name = "mag", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into SITE/public (or -o DIR).
    ///
    /// Example: mag build sample-site -o /tmp/review --base-url https://example.org/review/
    Build(build::BuildArgs),
    /// Create a starting point: `mag new theme NAME`.
    New(new::NewArgs),
}

/// Runs the parsed command line and returns the process exit code: 0 success,
/// 1 the site has errors.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::New(args) => new::run(args),
    }
}

/// Prints diagnostics to stderr, sorted by file and line, with a count line when
/// there are errors.
pub(crate) fn print_diagnostics(diags: &mut [Diagnostic]) {
    diagnostics::sort(diags);
    for d in diags.iter() {
        eprintln!("{d}");
    }
}
