//! The `mag` command. Exit codes: 0 success, 1 the site has errors, 2 usage error
//! (clap's own exit code for bad arguments).

fn main() -> std::process::ExitCode {
    mag::cli::run(mag::cli::parse())
}
