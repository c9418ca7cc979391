//! The checks articles, pages and issues share: title, date, slug, aliases.
//!
//! A [`Validator`] is made for one file once its front matter is parsed; each check
//! takes a raw value and gives the validated one, keeping a [`Diagnostic`] for
//! every problem (positioned in the file where the value is known), so that all of
//! a file's errors are reported at once. [`Validator::finish`] hands them back.

use std::ops::Range;

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use toml::Spanned;

use super::values::Text;
use super::{dates, permalink, slug, span_position, Source};
use crate::diagnostics::Diagnostic;

/// How the help for a bad date is written: `write date = 2023-01-10`, then
/// ` (or 2023-01-10T09:30:00)` when `or` is given.
#[derive(Debug, Clone, Copy)]
pub(super) struct DateExample {
    /// The value shown after the key.
    pub date: &'static str,
    /// Another accepted form, shown in parentheses.
    pub or: Option<&'static str>,
}

/// Collects the diagnostics of one file's front matter.
#[derive(Debug)]
pub(super) struct Validator<'a> {
    source: &'a Source,
    fm_offset: usize,
    errors: Vec<Diagnostic>,
}

impl<'a> Validator<'a> {
    /// A validator for `source`, whose front matter starts at byte `fm_offset`
    /// (both as [`super::parse_front_matter`] returns them).
    pub(super) fn new(source: &'a Source, fm_offset: usize) -> Self {
        Self {
            source,
            fm_offset,
            errors: Vec::new(),
        }
    }

    /// The (line, column) in the file of `span`, a byte range in the front matter.
    pub(super) fn position(&self, span: Range<usize>) -> (usize, usize) {
        span_position(self.source, self.fm_offset, span)
    }

    /// The (line, column) where the front matter starts: where errors about a
    /// missing key point.
    pub(super) fn start(&self) -> (usize, usize) {
        self.position(0..0)
    }

    /// An error about this file, without a position or help yet.
    pub(super) fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.source.display().to_string(), message)
    }

    /// Keeps `diagnostic` among the file's errors.
    pub(super) fn push(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    /// A front-matter line for help text, in the file's language (see
    /// [`Source::key_line`]).
    pub(super) fn key_line(&self, key: &str, value: &str) -> String {
        self.source.key_line(key, value)
    }

    /// The `title`, as written.
    ///
    /// `kind` names the file in the message ("article", "page"). Error when the
    /// title is missing or blank: "the KIND has no title", at the front matter's
    /// start; the title is then empty.
    pub(super) fn title(&mut self, kind: &str, title: Option<Spanned<Text>>) -> String {
        match title {
            Some(t) if !t.get_ref().0.trim().is_empty() => t.into_inner().0,
            _ => {
                let help = format!(
                    "add {} to the front matter",
                    self.key_line("title", "\"…\"")
                );
                let d = self
                    .error(format!("the {kind} has no title"))
                    .at(self.start())
                    .with_help(help);
                self.push(d);
                String::new()
            }
        }
    }

    /// The date in `value` (the front matter's `key`), read in the site's `tz`
    /// (see [`dates::parse`]); `None` when there is no value.
    ///
    /// Error when the value is not a date: "`KEY`: …" at the value, with help built
    /// from `example`; the date is then `None`.
    pub(super) fn date(
        &mut self,
        key: &str,
        value: Option<&Spanned<toml::Value>>,
        tz: Tz,
        example: DateExample,
    ) -> Option<DateTime<FixedOffset>> {
        let value = value?;
        match dates::parse(value.get_ref(), tz) {
            Ok(d) => Some(d),
            Err(msg) => {
                let mut help = format!("write {}", self.key_line(key, example.date));
                if let Some(or) = example.or {
                    help.push_str(&format!(" (or {or})"));
                }
                let d = self
                    .error(format!("`{key}`: {msg}"))
                    .at(self.position(value.span()))
                    .with_help(help);
                self.push(d);
                None
            }
        }
    }

    /// The slug of `written` (the front matter's `slug`), else of `fallback` (the
    /// file's name), transliterated by [`slug::slugify`].
    ///
    /// Error when it comes out empty: "`TEXT` gives an empty slug", at `at` when
    /// given (callers pass the `slug` value's position, or none); the slug is then
    /// empty.
    pub(super) fn slug(
        &mut self,
        written: Option<&str>,
        fallback: &str,
        at: Option<(usize, usize)>,
    ) -> String {
        let slug_source = written.unwrap_or(fallback);
        let slug = slug::slugify(slug_source);
        if slug.is_empty() {
            let mut d = self.error(format!("`{slug_source}` gives an empty slug"));
            if let Some(at) = at {
                d = d.at(at);
            }
            let help = format!(
                "set {} in the front matter, or rename the file",
                self.key_line("slug", "\"some-words\"")
            );
            self.push(d.with_help(help));
        }
        slug
    }

    /// The `aliases`, normalized by [`permalink::normalize_alias`], without
    /// repeats, in the order written.
    ///
    /// Error for each alias that is not a plain site path, at the alias, with help
    /// `aliases = EXAMPLE` (`example` is a TOML array); it is then left out.
    pub(super) fn aliases(
        &mut self,
        aliases: &[Spanned<String>],
        example: &str,
    ) -> Vec<permalink::Alias> {
        let mut out: Vec<permalink::Alias> = Vec::with_capacity(aliases.len());
        for alias in aliases {
            match permalink::normalize_alias(alias.get_ref()) {
                Ok(path) if !out.iter().any(|a| a.path == path) => out.push(permalink::Alias {
                    path,
                    at: self.position(alias.span()),
                }),
                Ok(_) => {}
                Err(msg) => {
                    let d = self
                        .error(msg)
                        .at(self.position(alias.span()))
                        .with_help(self.key_line("aliases", example));
                    self.push(d);
                }
            }
        }
        out
    }

    /// `Ok` when no check found a problem, else every diagnostic in the order
    /// found.
    pub(super) fn finish(self) -> Result<(), Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}
