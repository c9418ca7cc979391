//! Article bodies: Markdown → HTML with mag's extensions.
//!
//! [`render`] is a pure function of the source, the options and a read-only
//! [`Resolver`]. It parses with pulldown-cmark (CommonMark plus tables,
//! strikethrough, heading attributes and GFM footnotes) and runs the events through
//! a chain of adapters, each in its own module:
//!
//! 1. [`links`]: `@/path.md` links resolved to URLs, root-relative links given the
//!    base path (needs source offsets, for errors).
//! 2. [`footnotes::extract`]: definitions lifted out wherever they are (block
//!    quotes, lists, tables); undefined and unused notes reported.
//! 3. [`stats`]: word count and summary, skipping pull quotes and notes.
//! 4. [`pull_quotes`]: `> [!PULLQUOTE]` quotes → `aside.pullquote`.
//! 5. [`figures`]: a lone image → `figure`; every image gets its size and lazy loading.
//! 6. [`footnotes::render`]: references numbered by first use, notes appended.
//! 7. [`smart`]: curly quotes, dashes, ellipses (never in code).
//! 8. [`headings`]: ids and the table of contents; `hr` becomes a section break.
//!
//! [`render_with`] first expands [`shortcodes`] through a [`ShortcodeHost`] (the
//! theme's templates); [`render`] leaves shortcode syntax as text.
//!
//! Problems are returned as [`Note`]s with byte offsets in the body; the caller
//! places them in the file.

pub(crate) mod figures;
pub(crate) mod footnotes;
pub(crate) mod headings;
pub(crate) mod links;
pub(crate) mod pull_quotes;
mod sanitize;
pub(crate) mod shortcodes;
pub(crate) mod smart;
pub(crate) mod stats;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options as CmarkOptions, Parser, Tag, TagEnd};

pub use headings::TocEntry;
pub use sanitize::{Sanitizer, DEFAULT_EMBED_HOSTS};
pub use shortcodes::{HostError, Invocation, NoShortcodes, ShortcodeHost};

use crate::diagnostics::Severity;

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Turn straight quotes, `--`, `---` and `...` typographic.
    pub smart_punctuation: bool,
    /// Prefix for every generated id (headings, footnotes), so that several bodies
    /// can share one page without id collisions. Empty on article pages.
    pub id_prefix: String,
    /// Untrusted mode: the whole body's HTML goes through this sanitiser.
    pub sanitizer: Option<std::sync::Arc<Sanitizer>>,
    /// The `sizes` attribute of body images with resized copies: how wide the
    /// theme shows them (`(min-width: 50rem) 40rem, 100vw`); empty means `100vw`.
    pub image_sizes: String,
}

/// An image resolved for the output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResolvedImage {
    /// The URL to put in `src`.
    pub url: String,
    /// Pixel width, when the file could be read.
    pub width: Option<u32>,
    /// Pixel height, when the file could be read.
    pub height: Option<u32>,
    /// Resized copies for `srcset`, narrowest first, all of one format; empty
    /// when the image has none (remote, SVG, GIF, or resizing is off).
    pub srcset: Vec<ImageCandidate>,
    /// The copy social sites show for a link (`og:image`), when it is not `url`
    /// itself (lead art, covers and portraits wider than 1,200 pixels).
    pub card: Option<ImageCandidate>,
}

/// One file of an image's `srcset` (HTML's "image candidate string").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageCandidate {
    /// Its URL.
    pub url: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Its MIME type (`image/webp`).
    pub mime: &'static str,
}

impl ResolvedImage {
    /// The `srcset` attribute's value (`a-480w.webp 480w, a-800w.webp 800w`), or
    /// an empty string when there are no copies.
    pub fn srcset_attr(&self) -> String {
        let parts: Vec<String> = self
            .srcset
            .iter()
            .map(|c| format!("{} {}w", c.url, c.width))
            .collect();
        parts.join(", ")
    }

    /// The MIME type of the `srcset` copies, or an empty string.
    pub fn srcset_type(&self) -> &'static str {
        self.srcset.first().map_or("", |c| c.mime)
    }
}

/// What the renderer needs to know about the rest of the site.
pub trait Resolver: Sync {
    /// The URL of another content file, from the path after `@/`
    /// (`personages/other.md`); an error sentence when there is no such file.
    fn link(&self, content_path: &str) -> Result<String, String>;
    /// The URL and size of an image, from its `src` as written.
    fn image(&self, src: &str) -> ResolvedImage;
    /// A root-relative URL (`/about/`) with the site's base path added.
    fn root(&self, path: &str) -> String;
}

/// A resolver for text with no site around it: links and images are left as written.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoSite;

impl Resolver for NoSite {
    fn link(&self, content_path: &str) -> Result<String, String> {
        Err(format!("no site to resolve @/{content_path} in"))
    }
    fn image(&self, src: &str) -> ResolvedImage {
        ResolvedImage {
            url: src.to_string(),
            ..Default::default()
        }
    }
    fn root(&self, path: &str) -> String {
        path.to_string()
    }
}

/// A problem in a body, at a byte offset of the body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Byte offset in the Markdown source given to [`render`].
    pub offset: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    /// The HTML, footnotes at the end.
    pub html: String,
    /// Level-2 headings with their level-3 children.
    pub toc: Vec<TocEntry>,
    /// Words, without pull quotes and footnotes.
    pub word_count: usize,
    /// Plain text before `<!-- more -->`, else of the first paragraph.
    pub summary: Option<String>,
    /// How many numbered notes there are.
    pub footnote_count: usize,
    /// Errors and warnings, by body offset.
    pub notes: Vec<Note>,
}

/// Moves an event out of a vector slot, leaving a cheap placeholder (adapters walk
/// their input by index and take each event once, instead of cloning it).
pub(crate) fn take<'a>(slot: &mut Event<'a>) -> Event<'a> {
    std::mem::replace(slot, Event::SoftBreak)
}

/// Events paired with their byte ranges in the source.
pub type Spanned<'a> = Vec<(Event<'a>, Range<usize>)>;

pub(crate) fn cmark_options() -> CmarkOptions {
    CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
}

/// Parses `src` into events with ranges, adjacent text events merged into one.
pub fn parse(src: &str) -> Spanned<'_> {
    // About one event per 8 bytes of prose: one allocation instead of a dozen.
    let mut out: Spanned<'_> = Vec::with_capacity(src.len() / 8 + 16);
    // The text of the last event while a run of text events is being joined.
    let mut joined: Option<String> = None;
    for (event, range) in Parser::new_ext(src, cmark_options()).into_offset_iter() {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) = (&event, out.last_mut())
        {
            joined
                .get_or_insert_with(|| {
                    let mut s = String::with_capacity(prev.len() + next.len() + 64);
                    s.push_str(prev);
                    s
                })
                .push_str(next);
            prev_range.end = range.end;
            continue;
        }
        finish_text(&mut out, &mut joined);
        out.push((event, range));
    }
    finish_text(&mut out, &mut joined);
    out
}

/// Puts a joined run of text into the last event.
fn finish_text<'a>(out: &mut Spanned<'a>, joined: &mut Option<String>) {
    if let (Some(text), Some((Event::Text(last), _))) = (joined.take(), out.last_mut()) {
        *last = CowStr::from(text);
    }
}

/// Renders a body (see the module documentation for the steps), leaving shortcode
/// syntax as text.
pub fn render(src: &str, options: &Options, resolver: &dyn Resolver) -> RenderedBody {
    render_with(src, options, resolver, &NoShortcodes)
}

/// Renders a body with its shortcodes expanded by `host`.
pub fn render_with(
    src: &str,
    options: &Options,
    resolver: &dyn Resolver,
    host: &dyn ShortcodeHost,
) -> RenderedBody {
    let mut shortcode_notes = Vec::new();
    let expanded = shortcodes::expand(src, 0, options, resolver, host, &mut shortcode_notes);
    let text = expanded.as_ref().map_or(src, |e| e.text.as_str());
    let mut notes = Vec::new();
    let mut events = parse(text);
    if let Some(e) = &expanded {
        events = e.substitute(events);
    }
    links::resolve(&mut events, resolver, &mut notes);
    let (events, definitions) = footnotes::extract(events, &mut notes);
    let stats = stats::compute(&events, options.smart_punctuation);
    let events = pull_quotes::transform(events);
    let events = figures::transform(events, resolver, options);
    let (events, footnote_count) = footnotes::render(events, definitions, &options.id_prefix);
    let events = if options.smart_punctuation {
        smart::transform(events)
    } else {
        events
    };
    let (events, toc) = headings::transform(events, &options.id_prefix);
    let mut html = String::with_capacity(src.len() + src.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if let Some(sanitizer) = &options.sanitizer {
        html = sanitizer.clean(&html).unwrap_or_else(|message| {
            notes.push(Note {
                offset: 0,
                severity: Severity::Error,
                message,
                help: "close the HTML elements you open, and nest quotes and lists a few levels at most".into(),
            });
            String::new()
        });
    }
    if let Some(e) = &expanded {
        for note in &mut notes {
            note.offset = e.original_offset(note.offset);
        }
    }
    notes.append(&mut shortcode_notes);
    RenderedBody {
        html,
        toc,
        word_count: stats.word_count,
        summary: stats.summary,
        footnote_count,
        notes,
    }
}

/// Renders the Markdown body of a block shortcode: links, pull quotes, figures,
/// smart punctuation and inner shortcodes; no footnotes, heading ids or stats.
fn render_fragment(
    src: &str,
    depth: usize,
    options: &Options,
    resolver: &dyn Resolver,
    host: &dyn ShortcodeHost,
    notes: &mut Vec<Note>,
) -> String {
    let mut shortcode_notes = Vec::new();
    let expanded = shortcodes::expand(src, depth, options, resolver, host, &mut shortcode_notes);
    let text = expanded.as_ref().map_or(src, |e| e.text.as_str());
    let mut events = parse(text);
    if let Some(e) = &expanded {
        events = e.substitute(events);
    }
    let mut link_notes = Vec::new();
    links::resolve(&mut events, resolver, &mut link_notes);
    let events: Vec<Event<'_>> = events.into_iter().map(|(e, _)| e).collect();
    let events = pull_quotes::transform(events);
    let events = figures::transform(events, resolver, options);
    let events = if options.smart_punctuation {
        smart::transform(events)
    } else {
        events
    };
    for mut note in link_notes {
        if let Some(e) = &expanded {
            note.offset = e.original_offset(note.offset);
        }
        notes.push(note);
    }
    notes.append(&mut shortcode_notes);
    let mut html = String::with_capacity(src.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// A line of inline Markdown (a title, dek, caption or credit), rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Inline {
    /// HTML without a wrapping `<p>`.
    pub html: String,
    /// The same as plain text (to be escaped where it is used).
    pub text: String,
}

/// Renders inline Markdown: emphasis, links, code and smart punctuation apply;
/// block structure is flattened into one line.
pub fn render_inline(src: &str, options: &Options, resolver: &dyn Resolver) -> Inline {
    let mut notes = Vec::new();
    let source = inline_source(src);
    let mut events = parse(&source);
    links::resolve(&mut events, resolver, &mut notes);
    // Links and images do not nest in CommonMark (§6.3): one flag suffices.
    let mut unsafe_link = false;
    let events: Vec<Event<'_>> = events
        .into_iter()
        .filter_map(|(e, _)| match e {
            // Raw HTML in a title is text: `The <script> tag` shows as written.
            Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
            Event::Start(tag) if is_block(&tag) => None,
            Event::End(tag) if is_block_end(&tag) => None,
            // A `javascript:` (or any other scheme but http, https, mailto) link
            // keeps its text and loses its address.
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !crate::util::url::is_safe_link(&dest_url) =>
            {
                unsafe_link = true;
                None
            }
            Event::End(TagEnd::Link | TagEnd::Image) if unsafe_link => {
                unsafe_link = false;
                None
            }
            other => Some(other),
        })
        .collect();
    let events = if options.smart_punctuation {
        smart::transform(events)
    } else {
        events
    };
    let text = stats::plain_text(&events);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Inline {
        html: html.trim().to_string(),
        text,
    }
}

/// One line of text ready for inline parsing: line breaks become spaces, and a
/// start that would open a block (`# `, `> `, `- `, `1. `, indentation) is escaped
/// with a backslash (CommonMark §2.4), so `1. Introduction` stays as written.
fn inline_source(src: &str) -> String {
    let line = src.split_whitespace().collect::<Vec<_>>().join(" ");
    let opens_block = |s: &str| {
        let first = s.chars().next();
        let marker_then_space = |m: char| {
            s.strip_prefix(m)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        };
        let thematic_break =
            |m: char| s.chars().filter(|c| *c != ' ').all(|c| c == m) && s.matches(m).count() >= 3;
        match first {
            Some('>') => true,
            Some('#') => {
                let rest = s.trim_start_matches('#');
                rest.is_empty() || rest.starts_with(' ')
            }
            Some(m @ ('-' | '+' | '*')) => marker_then_space(m) || thematic_break(m),
            Some('_') => thematic_break('_'),
            Some(c) if c.is_ascii_digit() => {
                let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
                rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")"
            }
            _ => s.starts_with("```") || s.starts_with("~~~"),
        }
    };
    if !opens_block(&line) {
        return line;
    }
    match line.find(|c: char| !c.is_ascii_digit()) {
        Some(i) if i > 0 => format!("{}\\{}", &line[..i], &line[i..]),
        _ => format!("\\{line}"),
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// Escapes text for HTML element content and attribute values (pulldown-cmark's escaper).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Escapes a URL for an `href` or `src` attribute (pulldown-cmark's escaper).
pub fn escape_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out
}

#[cfg(test)]
mod inline_tests {
    use super::*;

    fn inline(src: &str) -> Inline {
        render_inline(
            src,
            &Options {
                smart_punctuation: true,
                id_prefix: String::new(),

                ..Default::default()
            },
            &NoSite,
        )
    }

    #[test]
    fn raw_html_in_a_title_is_text() {
        let t = inline("Understanding the <script> tag & why x<y");
        assert_eq!(
            t.html,
            "Understanding the &lt;script&gt; tag &amp; why x&lt;y"
        );
        assert_eq!(t.text, "Understanding the <script> tag & why x<y");
    }

    #[test]
    fn block_starts_stay_as_written() {
        assert_eq!(inline("1. Introduction").text, "1. Introduction");
        assert_eq!(inline("# Not a heading").text, "# Not a heading");
        assert_eq!(inline("- dash").text, "- dash");
        assert_eq!(inline("> quoted").html, "&gt; quoted");
        assert_eq!(inline("Two\n\nparagraphs").text, "Two paragraphs");
        assert_eq!(
            inline("*Emphasis* and `code`").html,
            "<em>Emphasis</em> and <code>code</code>"
        );
    }
}
