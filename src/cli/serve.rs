//! `mag serve`: flags → [`ServeOptions`], then the preview server until Ctrl-C.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::console::Console;
use crate::serve::{self, ServeOptions};

/// Flags of `mag serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder (the one holding mag.toml).
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// The port to listen on (0: any free port, printed).
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but loopback prints a warning.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Include drafts (draft = true).
    #[arg(long)]
    pub drafts: bool,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// Serves until Ctrl-C (exit 0); exit 1 when the server cannot start.
pub(super) fn run(args: ServeArgs, console: &mut Console<'_>) -> ExitCode {
    let options = ServeOptions {
        site_dir: args.site,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
    };
    match serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            console.tell(d);
            ExitCode::from(1)
        }
    }
}
