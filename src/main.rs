//! The `mag` command. Exit codes: 0 success, 1 the site has errors, 2 usage error
//! (clap's own exit code for bad arguments).

use clap::Parser;

fn main() -> std::process::ExitCode {
    mag::cli::run(mag::cli::Cli::parse())
}
