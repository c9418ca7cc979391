//! Source files → the content model: [`Article`], [`Issue`], [`Page`], [`Author`].
//!
//! Steps for each file (in parallel, by the pipeline): read it as UTF-8, split off
//! the front matter, parse it into a raw struct that refuses unknown keys, then
//! validate it into a richer type with its slug, date and permalink settled. Then,
//! over the whole set: drafts and future-dated articles are left out unless asked
//! for, issue numbers must be unique and every article's issue must exist.

pub(crate) mod article;
pub(crate) mod author;
pub(crate) mod dates;
pub(crate) mod front_matter;
pub(crate) mod issue;
mod keys;
pub(crate) mod page;
pub(crate) mod permalink;
pub(crate) use crate::util::slug;
mod validate;
pub(crate) mod values;
pub(crate) mod yaml;

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use serde::de::DeserializeOwned;

pub(crate) use article::Article;
pub(crate) use author::Author;
pub(crate) use issue::Issue;
pub(crate) use page::Page;

use crate::config::Config;
use crate::diagnostics::{self, Diagnostic, LineIndex};
use crate::discover::{SourceFile, SourceKind};

/// A content file's text and where its body starts.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Where the file was found.
    pub file: SourceFile,
    /// The whole file.
    pub text: String,
    /// Byte offset of the Markdown body in `text`.
    pub body_offset: usize,
    /// The front matter's language, so that help shows keys in it.
    pub format: front_matter::Format,
}

impl Source {
    /// Frees the file's text (the body then reads as empty). `mag build` calls it
    /// once an article's body is rendered and its diagnostics placed: nothing
    /// after needs the text, and on a large site it is a third of the memory.
    pub(crate) fn release_text(&mut self) {
        self.text = String::new();
        self.body_offset = 0;
    }

    /// The Markdown body.
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Site-relative path for messages.
    pub(crate) fn display(&self) -> &str {
        &self.file.display
    }

    /// A front-matter line for help text, in the file's language: `key = value` in
    /// TOML, `key: value` in YAML (`value` is written as TOML; a quoted string loses
    /// its quotes in YAML).
    pub(crate) fn key_line(&self, key: &str, value: &str) -> String {
        key_line(self.format, key, value)
    }
}

/// `key = value` (TOML) or `key: value` (YAML); see [`Source::key_line`].
pub(crate) fn key_line(format: front_matter::Format, key: &str, value: &str) -> String {
    match format {
        front_matter::Format::Toml => format!("{key} = {value}"),
        front_matter::Format::Yaml => {
            let plain = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .filter(|v| !v.contains('"'))
                .unwrap_or(value);
            format!("{key}: {plain}")
        }
    }
}

/// Which content to include.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Selection {
    /// Include `draft = true` content.
    pub drafts: bool,
    /// Include articles dated after `now`.
    pub future: bool,
    /// The moment of the build.
    pub now: DateTime<FixedOffset>,
}

/// Everything under `content/`, parsed and validated.
#[derive(Debug, Default)]
pub(crate) struct ContentSet {
    /// Published articles (drafts and future ones only when selected).
    pub articles: Vec<Article>,
    /// Print issues, in file order.
    pub issues: Vec<Issue>,
    /// Standalone pages.
    pub pages: Vec<Page>,
    /// Contributor bios (`content/authors/SLUG.md`).
    pub authors: Vec<Author>,
    /// Non-Markdown files outside bundles: (path on disk, path under content/).
    pub loose_files: Vec<(std::path::PathBuf, String)>,
}

/// Parses one source file into its content item (articles, issues, pages), or
/// returns its diagnostics.
pub(crate) fn parse_one(file: &SourceFile, config: &Config) -> Result<Item, Vec<Diagnostic>> {
    match file.kind {
        SourceKind::Article | SourceKind::Bundle { .. } => {
            article::parse(file, config).map(|a| Item::Article(Box::new(a)))
        }
        SourceKind::Issue => issue::parse(file, config).map(|i| Item::Issue(Box::new(i))),
        SourceKind::Page => page::parse(file, config).map(|p| Item::Page(Box::new(p))),
        SourceKind::Author => author::parse(file, config).map(|a| Item::Author(Box::new(a))),
    }
}

/// One parsed content file.
#[derive(Debug)]
pub(crate) enum Item {
    /// An article or page bundle.
    Article(Box<Article>),
    /// A print issue.
    Issue(Box<Issue>),
    /// A standalone page.
    Page(Box<Page>),
    /// A contributor's bio.
    Author(Box<Author>),
}

/// Gathers parsed items into a [`ContentSet`], applying the selection and the
/// cross-file checks (duplicate issue numbers, two bio files for one contributor,
/// articles naming missing issues).
pub(crate) fn assemble(
    items: Vec<Item>,
    selection: Selection,
    diags: &mut Vec<Diagnostic>,
) -> ContentSet {
    let mut set = ContentSet::default();
    for item in items {
        match item {
            Item::Article(a) => set.articles.push(*a),
            Item::Issue(i) => set.issues.push(*i),
            Item::Page(p) => set.pages.push(*p),
            Item::Author(a) => set.authors.push(*a),
        }
    }
    set.articles.retain(|a| {
        (selection.drafts || !a.draft)
            && (selection.future || a.date.is_none_or(|d| d <= selection.now))
    });
    set.pages.retain(|p| selection.drafts || !p.draft);

    let mut numbers: HashMap<u32, &Issue> = HashMap::new();
    for issue in &set.issues {
        if let Some(first) = numbers.insert(issue.number, issue) {
            diags.push(
                Diagnostic::error(
                    issue.source.display().to_string(),
                    format!(
                        "issue {} is also defined in {}",
                        issue.number,
                        first.source.display()
                    ),
                )
                .with_help("give each issue file its own number"),
            );
        }
    }
    let mut author_slugs: HashMap<&str, &Author> = HashMap::new();
    for author in &set.authors {
        if let Some(first) = author_slugs.insert(author.slug.as_str(), author) {
            diags.push(
                Diagnostic::error(
                    author.source.display().to_string(),
                    format!(
                        "{} and {} are both the contributor `{}` (/authors/{}/)",
                        author.source.display(),
                        first.source.display(),
                        author.slug,
                        author.slug
                    ),
                )
                .with_help("keep one bio file per contributor"),
            );
        }
    }
    warn_tag_collisions(&set.articles, diags);
    for article in &set.articles {
        if let Some(number) = article.issue {
            if !numbers.contains_key(&number) {
                let mut d = Diagnostic::error(
                    article.source.display().to_string(),
                    format!("issue {number} does not exist"),
                )
                .with_help(format!(
                    "create content/issues/{number}.md with `number = {number}` in its front matter, or fix the number"
                ));
                if let Some(pos) = article.positions.issue {
                    d = d.at(pos);
                }
                diags.push(d);
            }
        }
    }
    set
}

/// Reads a content file as UTF-8.
///
/// Errors when the file cannot be read, or is not UTF-8 (naming the byte offset of the
/// first bad byte).
pub(crate) fn read(file: &SourceFile) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(&file.path).map_err(|e| {
        Diagnostic::error(file.display.clone(), format!("cannot read the file: {e}"))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The valid prefix places the bad byte at a line and column.
        let prefix = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let index = LineIndex::new(prefix);
        Diagnostic::error(
            file.display.clone(),
            format!(
                "the file is not UTF-8 text: invalid byte 0x{:02X} at byte offset {at}",
                bytes[at]
            ),
        )
        .at(index.line_col(at))
        .with_help(
            "save the file as UTF-8 in your editor (Windows-1252 and Latin-1 files show this)",
        )
    })
}

/// Reads `file`, splits it and parses its front matter (TOML between `+++` lines or
/// YAML between `---` lines) into `T`.
///
/// `keys` lists the keys `T` accepts, for "did you mean" hints. Errors carry the file
/// and the line and column within the file. Spans inside `T` are byte ranges in the
/// front matter in both languages (see [`yaml`]), so validators need not know which
/// language was used.
pub(crate) fn parse_front_matter<T: DeserializeOwned>(
    file: &SourceFile,
    keys: &[&str],
) -> Result<(T, Source, usize), Diagnostic> {
    let text = read(file)?;
    let split = front_matter::split(&text, &file.display)?;
    let fm_offset = split.front_matter_offset;
    let body_offset = split.body_offset;
    let format = split.format;
    let meta = match split.format {
        front_matter::Format::Toml => toml::from_str::<T>(split.front_matter).map_err(|e| {
            let index = LineIndex::new(&text);
            diagnostics::from_toml_error(&e, &file.display, &index, fm_offset, keys)
        })?,
        front_matter::Format::Yaml => yaml::from_str::<T>(split.front_matter).map_err(|e| {
            let index = LineIndex::new(&text);
            yaml::diagnostic(&e, &file.display, &index, fm_offset, keys)
        })?,
    };
    Ok((
        meta,
        Source {
            file: file.clone(),
            text,
            body_offset,
            format,
        },
        fm_offset,
    ))
}

/// The (line, column) in `source` of a span inside its front matter.
pub(crate) fn span_position(
    source: &Source,
    fm_offset: usize,
    span: std::ops::Range<usize>,
) -> (usize, usize) {
    // Only the front matter is indexed: lines and columns before its end are the
    // same, and an article's body is most of its file.
    let end = (fm_offset + span.end)
        .max(source.body_offset)
        .min(source.text.len());
    let head = source.text.get(..end).unwrap_or(&source.text);
    LineIndex::new(head).line_col(fm_offset + span.start)
}

/// Warns when tags spelled differently (beyond case, spaces, `-` and `_`) share a
/// slug and so one page (`c++`, `C#` and `c` are all `/tags/c/`), naming the
/// spellings and the files that use them.
fn warn_tag_collisions(articles: &[Article], diags: &mut Vec<Diagnostic>) {
    let spelling = |t: &str| {
        t.to_lowercase()
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    // slug → spelling → (tag as first written, files using it)
    let mut by_slug: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, (String, Vec<String>)>,
    > = Default::default();
    for article in articles {
        for tag in &article.tags {
            let slug = slug::slugify(tag);
            if slug.is_empty() {
                continue;
            }
            let entry = by_slug
                .entry(slug)
                .or_default()
                .entry(spelling(tag))
                .or_insert_with(|| (tag.trim().to_string(), Vec::new()));
            let file = article.source.display().to_string();
            if !entry.1.contains(&file) {
                entry.1.push(file);
            }
        }
    }
    for (slug, spellings) in by_slug.into_iter().filter(|(_, s)| s.len() > 1) {
        let listed: Vec<String> = spellings
            .values()
            .map(|(tag, files)| format!("`{tag}` ({})", files.join(", ")))
            .collect();
        let first_file = spellings.values().next().map(|(_, f)| f[0].clone());
        diags.push(
            Diagnostic::warning(
                first_file,
                format!(
                    "tags {} all become /tags/{slug}/ and are shown as one tag",
                    listed.join(", ")
                ),
            )
            .with_help("spell the tag the same way everywhere, or use words that give different slugs (`c-sharp`, `cpp`)"),
        );
    }
}
