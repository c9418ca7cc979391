//! `mag build`: flags → [`BuildOptions`], then the report.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::console::Console;
use crate::diagnostics;
use crate::pipeline::{self, BuildOptions};

/// What to build: the flags `mag build` and `mag check` share.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (the one holding mag.toml).
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// Build for this address instead of mag.toml's base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include drafts (draft = true).
    #[arg(long)]
    pub drafts: bool,
    /// Include articles dated in the future.
    #[arg(long)]
    pub future: bool,
    /// Treat warnings as errors: fail, and write nothing, when there is any.
    #[arg(long)]
    pub strict: bool,
    /// Build copy you do not fully trust (a pull request's preview): raw HTML in
    /// bodies is sanitised, templates get no get_env, HTML and script files in
    /// content/ are refused. mag.toml cannot turn it off.
    #[arg(long)]
    pub untrusted: bool,
}

impl SiteArgs {
    /// The build options these flags ask for (nothing written).
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            site_dir: self.site.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            future: self.future,
            strict: self.strict,
            untrusted: self.untrusted,
            ..BuildOptions::default()
        }
    }
}

/// Flags of `mag build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// What to build.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: SITE/public).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// Builds, prints warnings or errors and the summary line, returns the exit code.
///
/// `-q` prints errors only; `-v` adds where the site went. A build that runs past a
/// second shows a spinner on stderr when stderr is a terminal.
pub(super) fn run(
    args: BuildArgs,
    verbosity: super::Verbosity,
    console: &mut Console<'_>,
) -> ExitCode {
    let options = BuildOptions {
        output_dir: args.output,
        write: true,
        ..args.site.options()
    };
    let progress =
        (!verbosity.quiet && console.spinner).then(|| super::progress::Spinner::start("Building"));
    let result = pipeline::build(&options);
    drop(progress);
    match result {
        Ok(mut report) => {
            if !verbosity.quiet {
                console.diagnostics(&mut report.warnings);
                if verbosity.verbose > 0 {
                    console.tell(format!("Wrote the site to {}", report.output_dir.display()));
                }
                console.say(report.summary_line());
            }
            ExitCode::SUCCESS
        }
        Err(mut failure) => {
            if verbosity.quiet && !options.strict {
                failure.diagnostics.retain(|d| d.is_error());
            }
            console.diagnostics(&mut failure.diagnostics);
            let (errors, _) = diagnostics::count(&failure.diagnostics);
            let strict = if errors == 0 && options.strict {
                " (--strict: warnings fail the build)"
            } else {
                ""
            };
            console.tell(format!(
                "Build failed: {}{strict}; nothing was written.",
                diagnostics::count_line(&failure.diagnostics)
            ));
            ExitCode::from(1)
        }
    }
}
