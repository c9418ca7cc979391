//! The command line: clap definitions and one thin file per subcommand.

mod build;
mod check;
mod completions;
mod console;
mod import;
mod new;
mod progress;
mod serve;

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

use console::Console;

/// mag: a static-site generator for long-form magazines.
#[derive(Debug, Parser)]
#[command(
    name = "mag",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  mag new site review && mag serve review\n  mag build review --base-url https://user.github.io/review/\n  mag import wordpress export.xml --into review\n\nThe manual is the folder content/ of mag's source: mag build . there makes it a site."
)]
pub struct Cli {
    /// Print only errors: no warnings, no summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what is done (where the site is written, how long it took).
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
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
    /// Create a new site, article, issue or theme.
    ///
    /// Example: mag new site review; cd review; mag new article "A Portrait in Steel" --section essays
    New(new::NewArgs),
    /// Import content from another publishing system.
    ///
    /// Example: mag import wordpress export.xml --into review
    Import(import::ImportArgs),
    /// Print a shell completion script.
    ///
    /// Example: mag completions bash > ~/.local/share/bash-completion/completions/mag
    Completions(completions::CompletionsArgs),
    /// Preview the site with live reload at http://127.0.0.1:1111/ (built in memory).
    ///
    /// Example: mag serve sample-site --drafts --open
    Serve(serve::ServeArgs),
    /// Build in memory and check links, anchors, images, titles and footnotes;
    /// writes nothing.
    ///
    /// Example: mag check sample-site --format json
    Check(check::CheckArgs),
}

/// How much to print, from the global `-q` and `-v` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verbosity {
    /// `-q`: errors only.
    pub quiet: bool,
    /// `-v` (counted).
    pub verbose: u8,
}

/// Parses the process's arguments. Help and errors are coloured only when the
/// terminal allows it and `NO_COLOR` is not set (<https://no-color.org/>).
pub fn parse() -> Cli {
    let mut command = Cli::command();
    if no_color() {
        command = command.color(clap::ColorChoice::Never);
    }
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// True when the `NO_COLOR` environment variable is set to a non-empty value.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Runs the parsed command line, printing on the process's standard output and
/// error, and returns the process exit code: 0 success, 1 the site has errors.
pub fn run(cli: Cli) -> ExitCode {
    // Not locked: the dev server prints from its own threads too.
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let mut console = Console::standard(&mut out, &mut err);
    dispatch(cli, &mut console)
}

fn dispatch(cli: Cli, console: &mut Console<'_>) -> ExitCode {
    let verbosity = Verbosity {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build(args) => build::run(args, verbosity, console),
        Command::New(args) => new::run(args, verbosity.quiet, console),
        Command::Import(args) => import::run(args, verbosity, console),
        Command::Completions(args) => completions::run(args, console),
        Command::Serve(args) => serve::run(args, console),
        Command::Check(args) => check::run(args, console),
    }
}

/// Runs `mag ARGS` inside the calling program, as if from the folder `cwd`:
/// what it prints goes to `out` and `err` (without colours), and the exit code
/// is returned (0 success, 1 the site has errors, 2 a usage error; help and
/// version print on `out` with 0). For `mag build`, `mag check` and `mag
/// completions`; the other commands, which look for the site from the process's
/// own folder or run until stopped, answer 2 and run only as a process.
pub fn execute<I, T>(args: I, cwd: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let argv = std::iter::once(OsString::from("mag")).chain(args.into_iter().map(Into::into));
    let mut cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let stream: &mut dyn Write = if e.use_stderr() { err } else { out };
            let _ = write!(stream, "{}", e.render());
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    let mut console = Console::captured(out, err);
    match &mut cli.command {
        Command::Build(args) => {
            args.site.site = cwd.join(&args.site.site);
            args.output = args.output.as_ref().map(|o| cwd.join(o));
        }
        Command::Check(args) => args.site.site = cwd.join(&args.site.site),
        Command::Completions(_) => {}
        Command::New(_) | Command::Import(_) | Command::Serve(_) => {
            console.tell("error: this command runs only as its own process");
            return 2;
        }
    }
    match dispatch(cli, &mut console) {
        code if code == ExitCode::SUCCESS => 0,
        _ => 1,
    }
}
