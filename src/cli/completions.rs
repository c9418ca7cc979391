//! `mag completions SHELL`: a completion script from the clap definitions.

use super::console::Console;
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

/// Flags of `mag completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    pub shell: Shell,
}

/// Prints the script to stdout. The script is generated into memory first
/// (clap_complete panics when its writer fails), then written: a closed pipe
/// (`mag completions bash | head -5`) ends quietly with success, any other write
/// error is reported with exit code 1.
pub(super) fn run(args: CompletionsArgs, console: &mut Console<'_>) -> ExitCode {
    let mut command = super::Cli::command();
    let mut script: Vec<u8> = Vec::new();
    clap_complete::generate(args.shell, &mut command, "mag", &mut script);
    match console.write_out(&script) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            console.tell(format!("error: cannot write the completion script: {e}"));
            ExitCode::from(1)
        }
    }
}
