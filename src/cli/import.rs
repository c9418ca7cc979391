//! `mag import wordpress EXPORT.xml --into SITE`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::console::Console;
use crate::import::wordpress;

/// Flags of `mag import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Where the content comes from.
    #[command(subcommand)]
    pub from: ImportSource,
}

/// The systems mag imports from.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// A WordPress export (Tools → Export → All content), WXR 1.1 or 1.2.
    ///
    /// Posts become articles (first category = section), pages become pages,
    /// drafts stay drafts, old permalinks become aliases, and images of the old site
    /// become local /media/… paths, listed with their old URLs in
    /// SITE/imported-media.txt (imported-media-2.txt… when it exists). Nothing is
    /// downloaded, no file is overwritten and nothing is written through a link.
    ///
    /// Example: mag new site review && mag import wordpress export.xml --into review
    Wordpress(WordpressArgs),
}

/// Flags of `mag import wordpress`.
#[derive(Debug, Args)]
pub struct WordpressArgs {
    /// The export file (.xml).
    pub export: PathBuf,
    /// The mag site to import into (it must have a mag.toml).
    #[arg(long, value_name = "SITE", default_value = ".")]
    pub into: PathBuf,
}

/// Runs the import and prints its summary.
pub(super) fn run(
    args: ImportArgs,
    verbosity: super::Verbosity,
    console: &mut Console<'_>,
) -> ExitCode {
    let ImportSource::Wordpress(args) = args.from;
    match wordpress::import(&args.export, &args.into) {
        Ok(mut report) => {
            if verbosity.quiet {
                return ExitCode::SUCCESS;
            }
            console.diagnostics(&mut report.warnings);
            if verbosity.verbose > 0 {
                for f in &report.written {
                    console.tell(format!("wrote {f}"));
                }
            }
            for s in &report.skipped {
                console.tell(format!("skipped {s}"));
            }
            console.say(report.summary());
            for note in &report.notes {
                console.say(format!("Note: {note}."));
            }
            if !report.sections_added.is_empty() {
                console.say(format!(
                    "Declared {} new section(s) in mag.toml: {}.",
                    report.sections_added.len(),
                    report.sections_added.join(", ")
                ));
            }
            if let Some(list) = &report.media_list {
                console.say(format!(
                    "Listed {} media file(s) in {} (URL, then the file to save it as): download them to complete the site (no network access was attempted).",
                    report.media,
                    args.into.join(list).display()
                ));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            console.tell(format!("error: {message}"));
            ExitCode::from(1)
        }
    }
}
