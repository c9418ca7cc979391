//! `mag completions SHELL`: a completion script from the clap definitions.

use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

/// Flags of `mag completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    pub shell: Shell,
}

/// Prints the script to stdout.
pub fn run(args: CompletionsArgs) -> ExitCode {
    let mut command = super::Cli::command();
    clap_complete::generate(args.shell, &mut command, "mag", &mut std::io::stdout());
    ExitCode::SUCCESS
}
