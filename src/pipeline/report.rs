//! What a build is asked to do ([`BuildOptions`]) and what it says when it is
//! done: a [`BuildReport`] or a [`BuildFailure`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diagnostics::{self, Diagnostic};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding mag.toml).
    pub site_dir: PathBuf,
    /// Where to write; default `SITE/public`.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` of mag.toml.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Include articles dated in the future.
    pub future: bool,
    /// Write the output (false: build in memory only).
    pub write: bool,
    /// Fail (and write nothing) when there are warnings.
    pub strict: bool,
    /// Untrusted mode (`--untrusted`), whatever mag.toml's `[security]` says:
    /// raw HTML in bodies sanitised, no `get_env` in templates, no HTML or
    /// script files in `content/` (the manual's Security page).
    pub untrusted: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages rendered through templates.
    pub pages: usize,
    /// Articles published.
    pub articles: usize,
    /// Issues.
    pub issues: usize,
    /// Declared sections.
    pub sections: usize,
    /// Wall time of the build.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output_dir: PathBuf,
    /// Warnings (the build still succeeded).
    pub warnings: Vec<Diagnostic>,
}

impl BuildReport {
    /// `Built 1,204 pages — 812 articles, 24 issues, 10 sections — in 0.84 s`.
    pub fn summary_line(&self) -> String {
        format!(
            "Built {} — {}, {}, {} — in {:.2} s",
            counted(self.pages, "page"),
            counted(self.articles, "article"),
            counted(self.issues, "issue"),
            counted(self.sections, "section"),
            self.elapsed.as_secs_f64()
        )
    }
}

/// `1 page`, `1,204 pages`.
fn counted(n: usize, noun: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let plural = if n == 1 { "" } else { "s" };
    format!("{grouped} {noun}{plural}")
}

/// A failed build: every diagnostic found, errors and warnings.
#[derive(Debug, Clone)]
pub struct BuildFailure {
    /// What went wrong.
    pub diagnostics: Vec<Diagnostic>,
}

/// A failure with these diagnostics.
pub(crate) fn fail(diagnostics: Vec<Diagnostic>) -> BuildFailure {
    BuildFailure { diagnostics }
}

/// True when any of `diags` is an error.
pub(crate) fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Adds the source lines to every diagnostic of a run, for rendering.
pub(crate) fn attach_excerpts<T>(
    result: &mut Result<T, BuildFailure>,
    diags: impl FnOnce(&mut T) -> &mut Vec<Diagnostic>,
    site_dir: &Path,
) {
    let list = match result {
        Ok(done) => diags(done),
        Err(failure) => &mut failure.diagnostics,
    };
    diagnostics::attach_excerpts(list, site_dir);
}
