//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of failing on the first
//! one. The pipeline gathers them all, sorts them by file and line, prints them once
//! and decides the exit code (errors fail the build, warnings do not).
//!
//! Positions are 1-based lines and columns counted in characters; [`LineIndex`]
//! turns a byte offset in a file into such a position.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build goes on and writes its output.
    Warning,
    /// The build fails and writes nothing.
    Error,
}

/// One problem found in the site, with its place and a hint for fixing it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site folder, with `/` separators (`content/a.md`).
    pub file: Option<String>,
    /// 1-based line, when the problem has a position.
    pub line: Option<usize>,
    /// 1-based column in characters, when the problem has a position.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error in `file` (site-relative), without a position yet.
    pub fn error(file: impl Into<Option<String>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file.into(), message.into())
    }

    /// A warning in `file` (site-relative), without a position yet.
    pub fn warning(file: impl Into<Option<String>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file.into(), message.into())
    }

    fn new(severity: Severity, file: Option<String>, message: String) -> Self {
        Diagnostic {
            severity,
            file,
            line: None,
            column: None,
            message,
            help: None,
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, (line, column): (usize, usize)) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the position from a byte offset in `index`'s text; an offset past the end
    /// points at the end.
    pub fn at_offset(self, index: &LineIndex, offset: usize) -> Self {
        self.at(index.line_col(offset))
    }

    /// Adds a hint saying how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (Option<&str>, usize, usize, Severity) {
        (
            self.file.as_deref(),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.severity,
        )
    }
}

impl fmt::Display for Diagnostic {
    /// `error: content/a.md:3:7: message` and, on the next line, `  help: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let (Some(line), Some(col)) = (self.line, self.column) {
                write!(f, ":{line}:{col}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, line and column, so that a report reads top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts `(errors, warnings)`.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// Maps byte offsets in one text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text` (`\n` ends a line; `\r\n` works too).
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    /// The 1-based (line, column) of byte `offset`; the column counts characters.
    /// Offsets past the end, or inside a character, are clamped.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }
}

/// The declared name closest to `wanted`, if one is close enough to be a likely typo.
///
/// Uses the Jaro–Winkler similarity (strsim); a candidate must score at least 0.8.
pub fn did_you_mean<'c>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Turns a TOML parse error into a diagnostic positioned in the whole file.
///
/// `base_offset` is the byte offset of the TOML text within the file (the front
/// matter's start), so the line and column point into the file, not into the block.
/// Serde's "unknown field" errors are reworded with a suggestion from `known_keys`.
pub fn from_toml_error(
    err: &toml::de::Error,
    file: &str,
    index: &LineIndex,
    base_offset: usize,
    known_keys: &[&str],
) -> Diagnostic {
    let raw = err.message().trim().to_string();
    let mut diag = match unknown_field(&raw) {
        Some(key) => {
            let mut d = Diagnostic::error(file.to_string(), format!("unknown key `{key}`"));
            let help = match did_you_mean(key, known_keys.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? Custom data goes under [extra]."),
                None => format!(
                    "the keys allowed here are: {}. Custom data goes under [extra].",
                    known_keys.join(", ")
                ),
            };
            d = d.with_help(help);
            d
        }
        None => Diagnostic::error(file.to_string(), format!("invalid TOML: {raw}")),
    };
    if let Some(span) = err.span() {
        diag = diag.at_offset(index, base_offset + span.start);
    }
    diag
}

/// The key named by serde's `unknown field `x`, expected …` message.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçd\r\nef";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(3), (2, 1));
        assert_eq!(index.line_col(5), (2, 2));
        assert_eq!(index.line_col(8), (3, 1));
        assert_eq!(index.line_col(99), (3, 3));
    }

    #[test]
    fn suggestion_for_typo() {
        assert_eq!(
            did_you_mean("personage", ["essays", "personages"]),
            Some("personages")
        );
        assert_eq!(did_you_mean("zzz", ["essays", "personages"]), None);
    }
}
