//! `mag check`: flags → [`BuildOptions`], the checks, then the report as text or JSON.

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::console::Console;
use crate::diagnostics::{self, Diagnostic};
use crate::pipeline;

/// Flags of `mag check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// What to check.
    #[command(flatten)]
    pub site: super::build::SiteArgs,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats of `mag check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages with source lines on stderr, a count line last.
    Text,
    /// One JSON object on stdout: `{"ok", "errors", "warnings", "diagnostics": [...]}`.
    Json,
}

/// The JSON report of `mag check --format json`.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    ok: bool,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

/// Checks the site, prints the report and returns the exit code (1 on errors, or on
/// warnings with `--strict`).
pub(super) fn run(args: CheckArgs, console: &mut Console<'_>) -> ExitCode {
    let options = args.site.options();
    let (ok, mut diags, pages) = match pipeline::check(&options) {
        Ok(report) => (true, report.warnings, report.pages),
        Err(failure) => (false, failure.diagnostics, 0),
    };
    match args.format {
        Format::Json => {
            diagnostics::sort(&mut diags);
            let (errors, warnings) = diagnostics::count(&diags);
            let report = JsonReport {
                ok,
                errors,
                warnings,
                diagnostics: &diags,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(json) => console.say(json),
                Err(e) => console.tell(format!("error: cannot write the report as JSON: {e}")),
            }
        }
        Format::Text => {
            console.diagnostics(&mut diags);
            if ok {
                let pages = if pages == 1 {
                    "1 page".to_string()
                } else {
                    format!("{pages} pages")
                };
                console.say(format!(
                    "Checked {pages}: {}.",
                    diagnostics::count_line(&diags)
                ));
            } else {
                console.tell(format!(
                    "Check failed: {}.",
                    diagnostics::count_line(&diags)
                ));
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
