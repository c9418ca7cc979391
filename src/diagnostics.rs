//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of failing on the first
//! one. The pipeline gathers them all, sorts them by file and line, prints them once
//! and decides the exit code (errors fail the build, warnings do not).
//!
//! Positions are 1-based lines and columns counted in characters; [`LineIndex`]
//! turns a byte offset in a file into such a position.
//!
//! Rendering ([`render`], [`report`]) uses annotate-snippets, the crate behind
//! rustc's messages: a title line `error: message`, the place (`--> file:line:col`),
//! the offending source line with a caret under the problem, and the help. The
//! source line is kept in the diagnostic ([`Excerpt`]) when the stage that found the
//! problem had the text at hand, and is otherwise read back from the file at report
//! time ([`attach_excerpts`]).

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

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
    /// The offending source line, for rendering (not serialized).
    /// Boxed, to keep `Result<_, Diagnostic>` small.
    #[serde(skip)]
    pub excerpt: Option<Box<Excerpt>>,
}

/// The source line a diagnostic points into, cut to a window on very long lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The line's text, without its line end; `…` marks where a long line was cut.
    pub text: String,
    /// The bytes of `text` to underline (empty: a caret before that byte).
    pub span: Range<usize>,
}

/// Lines longer than this many bytes are cut to a window around the problem.
const MAX_EXCERPT: usize = 240;

impl Excerpt {
    /// The excerpt of `line` (one line's text) for a problem starting at byte
    /// `start` of the line and `len` bytes long (clamped to the line).
    pub fn new(line: &str, start: usize, len: usize) -> Self {
        let line = line.trim_end_matches(['\r', '\n']);
        let mut start = start.min(line.len());
        while !line.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(line.len());
        while !line.is_char_boundary(end) {
            end += 1;
        }
        if line.len() <= MAX_EXCERPT {
            return Excerpt {
                text: line.to_string(),
                span: start..end,
            };
        }
        let mut from = start.saturating_sub(MAX_EXCERPT / 2);
        while !line.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (start + MAX_EXCERPT / 2).min(line.len());
        while !line.is_char_boundary(to) {
            to -= 1;
        }
        let prefix = if from > 0 { "…" } else { "" };
        let suffix = if to < line.len() { "…" } else { "" };
        let shift = prefix.len() + start - from;
        Excerpt {
            text: format!("{prefix}{}{suffix}", &line[from..to]),
            span: shift..shift + end.min(to).saturating_sub(start),
        }
    }

    /// The excerpt at 1-based character `column` of `line`, underlining one character.
    fn at_column(line: &str, column: usize) -> Self {
        let start = line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        let len = line[start..].chars().next().map_or(0, char::len_utf8);
        Excerpt::new(line, start, len)
    }
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
            excerpt: None,
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, (line, column): (usize, usize)) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the 1-based line and column when they are known (see [`Diagnostic::at`]).
    pub fn at_known(self, at: Option<(usize, usize)>) -> Self {
        match at {
            Some(at) => self.at(at),
            None => self,
        }
    }

    /// Sets the position from a byte offset in `index`'s text; an offset past the end
    /// points at the end.
    /// The offending line is kept for rendering, with a caret under that character.
    pub fn at_offset(self, index: &LineIndex, offset: usize) -> Self {
        let len = index.char_len_at(offset);
        self.at_span(index, offset..offset + len)
    }

    /// Sets the position from the start of a byte range in `index`'s text and keeps
    /// the line, underlining the range (up to the line's end).
    pub fn at_span(mut self, index: &LineIndex, span: Range<usize>) -> Self {
        let (line, col) = index.line_col(span.start);
        let (line_start, line_text) = index.line(line);
        let start = span.start.clamp(line_start, line_start + line_text.len());
        self.excerpt = Some(Box::new(Excerpt::new(
            line_text,
            start - line_start,
            span.end.saturating_sub(start),
        )));
        self.at((line, col))
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

    /// The byte offset where 1-based `line` starts, and its text without the line end.
    pub fn line(&self, line: usize) -> (usize, &'a str) {
        let i = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&next| next);
        let text = self.text[start..end].trim_end_matches(['\r', '\n']);
        (start, text)
    }

    /// The length in bytes of the character at `offset` (0 at the end or a line end).
    fn char_len_at(&self, offset: usize) -> usize {
        self.text
            .get(offset..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| !matches!(c, '\r' | '\n'))
            .map_or(0, char::len_utf8)
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
        diag = diag.at_span(index, base_offset + span.start..base_offset + span.end);
    }
    diag
}

/// Whether to colour messages written to a stream: only when the stream is a
/// terminal, and never when `NO_COLOR` is set to anything (no-color.org);
/// `CLICOLOR_FORCE` (not `0`) forces colour even into a pipe.
pub fn use_color(stream_is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    if set("CLICOLOR_FORCE") && std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    stream_is_terminal && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// Renders one diagnostic as text: title, place, source line with a caret, help.
/// With `color`, ANSI styles mark the parts as rustc does.
pub fn render(d: &Diagnostic, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(d.message.as_str()));
    // annotate-snippets prints the column of the span within the excerpt; on a line
    // cut to a window that is not the column in the file, which is put back below.
    let mut wrong_column = None;
    match (&d.file, d.line, d.column, &d.excerpt) {
        (Some(file), Some(line), Some(col), Some(excerpt)) => {
            let shown = excerpt.text[..excerpt.span.start].chars().count() + 1;
            if shown != col {
                wrong_column = Some((
                    format!("{file}:{line}:{shown}"),
                    format!("{file}:{line}:{col}"),
                ));
            }
            group = group.element(
                Snippet::source(excerpt.text.as_str())
                    .line_start(line)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(excerpt.span.clone())),
            );
        }
        (Some(file), line, col, _) => {
            let mut origin = Origin::path(file.as_str());
            if let (Some(line), Some(col)) = (line, col) {
                origin = origin.line(line).char_column(col);
            }
            group = group.element(origin);
        }
        _ => {}
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let text = renderer.render(&[group]);
    match wrong_column {
        Some((shown, real)) => text.replacen(&shown, &real, 1),
        None => text,
    }
}

/// Renders diagnostics sorted by file and line, separated by blank lines.
pub fn render_all(diagnostics: &mut [Diagnostic], color: bool) -> String {
    sort(diagnostics);
    let mut out = String::new();
    for d in diagnostics.iter() {
        out.push_str(&render(d, color));
        out.push_str("\n\n");
    }
    out
}

/// `2 errors, 1 warning`.
pub fn count_line(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = count(diagnostics);
    let s = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "{errors} error{}, {warnings} warning{}",
        s(errors),
        s(warnings)
    )
}

/// Fills in the source line of diagnostics that have a file, a line and a column
/// but no excerpt, reading each file (relative to `site_dir`) once. Files that cannot
/// be read, or lines past their end, are left without one.
pub fn attach_excerpts(diagnostics: &mut [Diagnostic], site_dir: &Path) {
    // Each file is read and indexed once, however many diagnostics it has.
    let mut by_file: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if let (Some(file), Some(_), Some(_), None) = (&d.file, d.line, d.column, &d.excerpt) {
            by_file.entry(file.clone()).or_default().push(i);
        }
    }
    for (file, indices) in by_file {
        let Ok(bytes) = std::fs::read(site_dir.join(&file)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let index = LineIndex::new(&text);
        for i in indices {
            let d = &mut diagnostics[i];
            let (Some(line), Some(col)) = (d.line, d.column) else {
                continue;
            };
            if line > index.line_starts.len() {
                continue;
            }
            let (_, line_text) = index.line(line);
            d.excerpt = Some(Box::new(Excerpt::at_column(line_text, col)));
        }
    }
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

    #[test]
    fn renders_line_and_caret() {
        let text = "+++\ntitle = \"A\"\nissue = \"x\"\n+++\n";
        let index = LineIndex::new(text);
        let d = Diagnostic::error("content/a.md".to_string(), "bad issue")
            .at_span(&index, 24..27)
            .with_help("write a number");
        let out = render(&d, false);
        assert!(out.starts_with("error: bad issue\n"), "{out}");
        assert!(out.contains("--> content/a.md:3:9"), "{out}");
        assert!(out.contains("3 | issue = \"x\""), "{out}");
        assert!(out.contains("^^^"), "{out}");
        assert!(out.contains("help: write a number"), "{out}");
    }

    #[test]
    fn long_lines_are_cut_around_the_problem() {
        let line = format!("{}é{}", "a".repeat(5000), "b".repeat(5000));
        let e = Excerpt::new(&line, 5000, 2);
        assert!(e.text.len() < 2 * MAX_EXCERPT);
        assert_eq!(&e.text[e.span.clone()], "é");
        assert!(e.text.starts_with('…') && e.text.ends_with('…'));
        let e = Excerpt::at_column("abc", 9);
        assert_eq!(e.span, 3..3);
    }
}
