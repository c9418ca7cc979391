//! A WordPress post's HTML → mag Markdown.
//!
//! The general conversion is htmd's (an HTML-to-Markdown converter on html5ever);
//! this module adds what magazines on WordPress use and htmd cannot know:
//! - block-editor comments (`<!-- wp:… -->`) are dropped, `<!--more-->` becomes
//!   mag's `<!-- more -->` summary line;
//! - classic-editor text without `<p>` tags is split into paragraphs, as WordPress's
//!   own `wpautop` does when it shows the post;
//! - footnotes: the block editor's (`<sup data-fn="ID">` references, the notes in
//!   the post's `footnotes` meta as JSON) and the Easy Footnotes plugin's
//!   `[efn_note]…[/efn_note]` shortcode become `[^n]` references with definitions
//!   at the end (a shortcode inside `<pre>` or `<code>` stays code);
//! - `[caption]…[/caption]` and block-editor image figures become figures: a lone
//!   image with its caption as title, or `{% figure(…) %}` when the caption has
//!   markup or a credit ("Photo: …", `<small>`, `class="credit"`);
//! - a gallery (`<figure class="wp-block-gallery">`) becomes one figure per image,
//!   each with its own caption, then the gallery's caption as a paragraph;
//! - block-editor pull quotes become `> [!PULLQUOTE]` quotes, and a quote's
//!   `<cite>` becomes its last line, `— Name`;
//! - mag's shortcode syntax in the post's text (`{{ name(…) }}`, `{% … %}`) is
//!   escaped as `&#123;{` / `&#123;%` (the character reference for `{`), so that it
//!   shows as written instead of being run; code keeps it as it is;
//! - `<pre>` becomes a fenced code block and `<code>` a code span, of the text the
//!   browser showed ([`code`]), and the result holds no raw HTML ([`guard`]): text
//!   stays text;
//! - elements nested deeper than [`depth::MAX_DEPTH`] are kept as their text, and
//!   a post nesting deeper than [`depth::TOKEN_DEPTH`] is taken as its text
//!   ([`depth`]), so that no post can exhaust the stack or take quadratic time.

mod code;
pub(crate) mod depth;
mod dom;
mod guard;
mod handlers;
#[cfg(test)]
mod tests;

/// The `figure` shortcode of the default theme, as far as the importer uses it:
/// a host for rendering imported Markdown as mag does, in the unit tests and the
/// `import_html` fuzz target.
#[cfg(any(test, fuzzing))]
pub(crate) struct FigureHost;

#[cfg(any(test, fuzzing))]
impl crate::markdown::ShortcodeHost for FigureHost {
    fn render(
        &self,
        call: &crate::markdown::Invocation<'_>,
    ) -> Result<String, crate::markdown::HostError> {
        match call.name {
            "figure" => Ok(format!(
                "<figure>{}</figure>",
                call.body.unwrap_or_default()
            )),
            _ => Err(crate::markdown::HostError::Unknown(vec!["figure".into()])),
        }
    }
}

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use htmd::element_handler::Handlers;
use htmd::options::{BrStyle, BulletListMarker, Options};
use htmd::{Element, HtmlToMarkdown};

use super::shortcodes::{captions, code_regions, efn_notes};
use handlers::{anchor, blockquote, figure, img, sup};

/// Marks the `<!--more-->` line through the conversion.
const MORE: &str = "MAGIMPORTMOREMARKER";

/// Stands for the `{` of the importer's own shortcodes until the post's text has
/// been escaped. A NUL character: none is left in the post's HTML
/// ([`to_markdown`] replaces them), so the post cannot write one.
const OPEN: &str = "\u{0}";

/// A post converted to Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Converted {
    /// The Markdown body.
    pub markdown: String,
    /// Elements nested deeper than [`depth::MAX_DEPTH`] were kept as their text.
    pub flattened: bool,
}

/// Converts a post's HTML. `footnotes_meta` is the block editor's `footnotes` post
/// meta (a JSON list of `{"id", "content"}`), if the post has one. Never fails:
/// any text gives Markdown in which the post's text is text (no raw HTML but the
/// `<!-- more -->` line), however deep its elements nest.
pub(crate) fn to_markdown(html: &str, footnotes_meta: Option<&str>) -> Converted {
    let html = html.replace('\0', "\u{fffd}");
    let paragraphs = html.contains("<!-- wp:") || html.contains("<p>") || html.contains("<p ");
    let html = comments(&html);
    let mut notes: Vec<String> = Vec::new();
    let mut labels: HashMap<String, usize> = HashMap::new();
    if let Some(json) = footnotes_meta {
        if let Ok(list) = serde_json::from_str::<Vec<serde_json::Value>>(json) {
            for n in list {
                let id = n["id"].as_str().unwrap_or_default().to_string();
                let note = n["content"].as_str().unwrap_or_default();
                notes.push(note.replace('\0', "\u{fffd}"));
                labels.insert(id, notes.len());
            }
        }
    }
    let html = efn_notes(&html, &mut notes);
    let html = captions(&html);
    let html = if paragraphs { html } else { autop(&html) };
    let mut flattened = false;
    let mut md = convert(&converter(Arc::new(labels), true), &html, &mut flattened);
    md = md
        .lines()
        .map(|l| if l.trim() == MORE { "<!-- more -->" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let plain = converter(Arc::default(), false);
    for (i, note) in notes.iter().enumerate() {
        let text = convert(&plain, note, &mut flattened);
        let mut lines = text.trim().lines();
        md.push_str(&format!("\n\n[^{}]: {}", i + 1, lines.next().unwrap_or("")));
        for line in lines {
            md.push('\n');
            if !line.is_empty() {
                md.push_str("    ");
                md.push_str(line);
            }
        }
    }
    let md = guard::no_raw_html(escape_shortcodes(&tidy(&md)));
    Converted {
        markdown: md.replace(OPEN, "{"),
        flattened,
    }
}

/// The Markdown of `html`, its elements first kept to [`depth::MAX_DEPTH`], or
/// of its text when it nests deeper than [`depth::TOKEN_DEPTH`] (`flattened` is
/// set when either happened).
fn convert(converter: &HtmlToMarkdown, html: &str, flattened: &mut bool) -> String {
    let plain = depth::plain_if_too_deep(html);
    *flattened |= plain.is_some();
    let Ok(tree) = converter.html_to_tree(plain.as_deref().unwrap_or(html)) else {
        return String::new();
    };
    *flattened |= depth::bound_depth(&tree);
    converter.tree_to_markdown(&tree)
}

/// `{{` and `{%` outside code → `&#123;{` and `&#123;%`: the text shows as written
/// and mag's shortcode scanner no longer sees a call.
fn escape_shortcodes(md: &str) -> String {
    if !md.contains("{{") && !md.contains("{%") {
        return md.to_string();
    }
    let code = crate::markdown::shortcodes::code_ranges(md);
    let mut out = String::with_capacity(md.len() + 16);
    let mut chars = md.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c == '{' && matches!(next, Some('{' | '%')) && !code.contains(i) {
            out.push_str("&#123;");
        } else {
            out.push(c);
        }
    }
    out
}

/// The text of a bit of HTML on one line, as inline Markdown (for excerpts). Any
/// text gives a result; elements nested too deep are kept as their text.
pub(crate) fn to_text(html: &str) -> String {
    let md = convert(
        &converter(Arc::default(), false),
        &comments(&html.replace('\0', "\u{fffd}")),
        &mut false,
    );
    let md = md.split_whitespace().collect::<Vec<_>>().join(" ");
    guard::no_raw_html(md)
}

/// The converter: htmd with mag's options and this module's handlers. `labels`
/// numbers the block editor's footnote references; `shortcodes` lets figures
/// become `figure` shortcodes (not in footnotes, whose lines are indented, nor in
/// excerpts, which are one line).
fn converter(labels: Arc<HashMap<String, usize>>, shortcodes: bool) -> HtmlToMarkdown {
    let options = Options {
        br_style: BrStyle::Backslash,
        bullet_list_marker: BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        ..Options::default()
    };
    HtmlToMarkdown::builder()
        .options(options)
        .skip_tags(vec!["script", "style"])
        .add_handler(vec!["sup"], move |h: &dyn Handlers, e: Element| {
            sup(h, e, &labels)
        })
        .add_handler(vec!["img"], img)
        .add_handler(vec!["a"], anchor)
        .add_handler(vec!["figure"], move |h: &dyn Handlers, e: Element| {
            figure(h, e, shortcodes)
        })
        .add_handler(vec!["blockquote"], blockquote)
        .add_handler(vec!["pre"], code::pre)
        .add_handler(vec!["code"], code::code)
        .build()
}

/// Drops HTML comments, keeping `<!--more-->` as a marker paragraph.
fn comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        let Some(end) = after.find("-->") else {
            rest = "";
            break;
        };
        if after[..end].trim_start().starts_with("more") {
            out.push_str(&format!("\n\n<p>{MORE}</p>\n\n"));
        }
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    out
}

/// Paragraphs for classic-editor text: blank lines separate paragraphs, a single
/// line break inside one is a `<br>`, and chunks that start with a block tag stay
/// as they are.
fn autop(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "<p",
        "<div",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<ul",
        "<ol",
        "<li",
        "<dl",
        "<blockquote",
        "<figure",
        "<table",
        "<pre",
        "<hr",
        "<iframe",
        "<section",
        "<address",
        "<form",
        "<script",
        "<style",
    ];
    let normalized = html.replace("\r\n", "\n");
    // Blank lines inside a `<pre>` are the code's own.
    let pre: Vec<Range<usize>> = code_regions(&normalized)
        .into_iter()
        .filter(|r| {
            normalized[r.start..].starts_with("<pre") || normalized[r.start..].starts_with("<PRE")
        })
        .collect();
    let pre = crate::markdown::shortcodes::Ranges::new(pre);
    let mut chunks: Vec<&str> = Vec::new();
    let (mut start, mut from) = (0, 0);
    while let Some(i) = normalized[from..].find("\n\n").map(|i| from + i) {
        if let Some(region) = pre.containing(i) {
            from = region.end;
            continue;
        }
        chunks.push(&normalized[start..i]);
        start = i + 2;
        from = start;
    }
    chunks.push(&normalized[start..]);
    chunks
        .into_iter()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|chunk| {
            let lower = chunk.to_ascii_lowercase();
            if BLOCKS.iter().any(|b| lower.starts_with(b)) {
                chunk.to_string()
            } else {
                format!("<p>{}</p>", chunk.replace('\n', "<br>"))
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// No more than one blank line in a row, no spaces at the ends of lines (code
/// blocks and spans are left as they are); ends with one newline.
fn tidy(md: &str) -> String {
    let md = md.trim();
    let code = crate::markdown::shortcodes::code_ranges(md);
    let mut out = String::with_capacity(md.len());
    let mut blank = 0;
    let mut at = 0;
    for line in md.split('\n') {
        let start = at;
        at += line.len() + 1;
        if start > 0 && code.contains(start - 1) && code.contains(start) {
            out.push_str(line);
            out.push('\n');
            blank = 0;
            continue;
        }
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
