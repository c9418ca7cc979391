//! `mag new …`: starting points written to disk. One variant per kind of thing made;
//! each is a thin call into the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::theme;

/// `mag new WHAT …`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[command(subcommand)]
    pub what: NewCommand,
}

/// The things `mag new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A copy of the default theme in themes/NAME/, to edit; use it with theme = "NAME".
    ///
    /// Example: mag new theme quarterly
    Theme {
        /// The theme's name (its folder under themes/).
        name: String,
        /// The site folder (the one holding mag.toml).
        #[arg(long, default_value = ".", value_name = "DIR")]
        site: PathBuf,
    },
}

/// Runs `mag new`; returns the exit code (1 when nothing could be created).
pub fn run(args: NewArgs) -> ExitCode {
    match args.what {
        NewCommand::Theme { name, site } => match theme::create(&site, &name) {
            Ok(dir) => {
                println!(
                    "Created {} — set theme = \"{name}\" in mag.toml to use it.",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => {
                super::print_diagnostics(&mut [d]);
                ExitCode::from(1)
            }
        },
    }
}
