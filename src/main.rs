//! The `mag` command. Exit codes: 0 success, 1 the site has errors, 2 usage error
//! (clap's own exit code for bad arguments).

/// mimalloc instead of the system allocator: page rendering allocates and frees
/// millions of small template values, and glibc's malloc spent about a third of a
/// 10,000-article build in its own bookkeeping (see the manual's "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    mag::cli::run(mag::cli::parse())
}
