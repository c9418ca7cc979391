//! The converter's own handlers for what magazines on WordPress use: footnote
//! references, quotes and pull quotes with their cites, image figures with
//! captions and credits, galleries. See the parent module for the rules.

use std::collections::HashMap;
use std::rc::Rc;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::Element;
use markup5ever_rcdom::Node;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::depth::text_of;
use super::dom::{attr_of, element_attr, find, find_all, has_class, parent, tag};
use super::OPEN;

/// A link title or image title as Markdown, in double quotes.
fn title(text: &str) -> String {
    format!(" \"{}\"", literal(text).replace('"', "\\\""))
}

/// `<img>` → `![alt](src "title")`: the alt as literal text, the address
/// percent-encoded where it would end the destination, so that no attribute can
/// break out into Markdown or HTML. An image without `src` gives nothing.
pub(super) fn img(_: &dyn Handlers, e: Element<'_>) -> Option<HandlerResult> {
    let src = element_attr(&e, "src").filter(|s| !s.trim().is_empty())?;
    let alt = element_attr(&e, "alt").unwrap_or_default();
    let t = element_attr(&e, "title")
        .filter(|t| !t.trim().is_empty())
        .map(|t| title(&t))
        .unwrap_or_default();
    Some(format!("![{}]({}{t})", literal(&alt), destination(&src)).into())
}

/// `<a href>` → `[text](href "title")`, the address and title escaped as for
/// [`img`]; an anchor without `href`, or whose `href` runs a script
/// ([`scripted`]), gives its text.
pub(super) fn anchor(h: &dyn Handlers, e: Element<'_>) -> Option<HandlerResult> {
    let content = h.walk_children(e.node).content;
    let Some(href) = element_attr(&e, "href").filter(|s| !s.trim().is_empty() && !scripted(s))
    else {
        return Some(content.into());
    };
    let text = content.trim();
    if text.is_empty() {
        return Some(String::new().into());
    }
    let t = element_attr(&e, "title")
        .filter(|t| !t.trim().is_empty())
        .map(|t| title(&t))
        .unwrap_or_default();
    Some(format!("[{text}]({}{t})", destination(&href)).into())
}

/// True for a `javascript:`, `vbscript:` or `data:` address, as a browser reads it
/// (the WHATWG URL parser of the `url` crate: spaces and control characters around
/// it, tabs and line breaks inside it ignored): WordPress lets only
/// administrators write such links, and a magazine's page should not run them.
fn scripted(href: &str) -> bool {
    url::Url::parse(href).is_ok_and(|u| matches!(u.scheme(), "javascript" | "vbscript" | "data"))
}

/// Markdown of `node`'s children, on one line.
fn inline_md(h: &dyn Handlers, node: &Rc<Node>) -> String {
    one_line(&h.walk_children(node).content)
}

/// Runs of whitespace (line breaks included) as one space, trimmed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What is percent-encoded in an image's address in the Markdown: what would end
/// the destination or the line (spaces, line breaks, parentheses, angle brackets,
/// quotes, backslashes).
const DESTINATION: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'(')
    .add(b')')
    .add(b'\\');

/// An address as a Markdown link destination. A leading `@` is encoded too: in mag,
/// `@/…` names a content file, which the old site's address is not (the importer
/// writes its own `@/` links after the conversion).
fn destination(src: &str) -> String {
    let encoded = utf8_percent_encode(src.trim(), DESTINATION).to_string();
    match encoded.strip_prefix('@') {
        Some(rest) => format!("%40{rest}"),
        None => encoded,
    }
}

/// Plain text as Markdown that shows it as written: the ASCII punctuation that
/// means something in Markdown is backslash-escaped (CommonMark allows a backslash
/// before any ASCII punctuation), line breaks become spaces.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if "\\`*_[]<>!&{}()#|~^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn sup(
    h: &dyn Handlers,
    e: Element<'_>,
    labels: &HashMap<String, usize>,
) -> Option<HandlerResult> {
    if let Some(n) = element_attr(&e, "data-efn") {
        return Some(format!("[^{n}]").into());
    }
    if let Some(id) = element_attr(&e, "data-fn") {
        if let Some(n) = labels.get(&id) {
            return Some(format!("[^{n}]").into());
        }
    }
    h.fallback(e)
}

pub(super) fn blockquote(h: &dyn Handlers, e: Element<'_>) -> Option<HandlerResult> {
    let pull = has_class(e.node, "pullquote");
    let cite = find(e.node, "cite");
    if !pull && cite.is_none() {
        return h.fallback(e);
    }
    Some(quote_md(h, e.node, pull).into())
}

/// A block quote as Markdown, its `<cite>` as the last line; `pull` adds the
/// `[!PULLQUOTE]` marker.
fn quote_md(h: &dyn Handlers, quote: &Rc<Node>, pull: bool) -> String {
    let mut body = String::new();
    let mut cite = String::new();
    let children = quote.children.borrow().clone();
    for child in &children {
        if tag(child).as_deref() == Some("cite") {
            cite = inline_md(h, child);
        } else if let Some(r) = h.handle(child) {
            body.push_str(&r.content);
        }
    }
    let mut lines: Vec<String> = Vec::new();
    if pull {
        lines.push("[!PULLQUOTE]".into());
    }
    lines.extend(body.trim().lines().map(str::to_string));
    if !cite.is_empty() {
        lines.push(String::new());
        lines.push(format!("— {cite}"));
    }
    let quoted: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect();
    format!("\n\n{}\n\n", quoted.join("\n"))
}

/// `<figure>`: a pull quote, a gallery, or an image with its caption. With
/// `shortcodes` (not in footnotes and excerpts), a figure at block level may become
/// a `figure` shortcode ([`image_md`]).
pub(super) fn figure(h: &dyn Handlers, e: Element<'_>, shortcodes: bool) -> Option<HandlerResult> {
    if has_class(e.node, "pullquote") {
        let quote = find(e.node, "blockquote").unwrap_or_else(|| e.node.clone());
        return Some(quote_md(h, &quote, true).into());
    }
    if has_class(e.node, "gallery") {
        return Some(gallery_md(h, e.node, shortcodes).into());
    }
    if find(e.node, "img").is_none() {
        return h.fallback(e);
    }
    Some(image_md(h, e.node, shortcodes && at_block_level(e.node)).into())
}

/// Elements a block shortcode may sit in: its `{% … %}` and `{% end %}` lines then
/// start lines of their own (a block quote's lines start with `>`, which mag takes
/// off). In a list item, a table, a link, a caption or a heading they would not.
const BLOCK_PARENTS: &[&str] = &[
    "html",
    "body",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "center",
    "blockquote",
    "figure",
];

/// True when every element around `node` is one of [`BLOCK_PARENTS`].
fn at_block_level(node: &Rc<Node>) -> bool {
    let mut current = parent(node);
    while let Some(p) = current {
        if let Some(name) = tag(&p) {
            if !BLOCK_PARENTS.contains(&name.as_str()) {
                return false;
            }
        }
        current = parent(&p);
    }
    true
}

/// A gallery: each image figure (or bare image) in turn, then the gallery's own
/// `<figcaption>` as a paragraph.
fn gallery_md(h: &dyn Handlers, gallery: &Rc<Node>, shortcodes: bool) -> String {
    let mut figures = Vec::new();
    find_all(gallery, "figure", &mut figures);
    figures.retain(|f| find(f, "img").is_some());
    if figures.is_empty() {
        find_all(gallery, "img", &mut figures);
    }
    let mut md: String = figures
        .iter()
        .map(|f| image_md(h, f, shortcodes && at_block_level(f)))
        .collect();
    let children = gallery.children.borrow().clone();
    if let Some(caption) = children
        .iter()
        .find(|c| tag(c).as_deref() == Some("figcaption"))
    {
        let text = inline_md(h, caption);
        if !text.is_empty() {
            md.push_str(&format!("{text}\n\n"));
        }
    }
    md
}

/// One image (`node` is the `<img>` or an element holding it, with its
/// `<figcaption>`) as `![alt](src "caption")`, or, when `block` allows it, a
/// `figure` shortcode when the caption has markup or a credit (without, the
/// caption's text and credit are the title).
fn image_md(h: &dyn Handlers, node: &Rc<Node>, block: bool) -> String {
    let img = if tag(node).as_deref() == Some("img") {
        node.clone()
    } else {
        find(node, "img").unwrap_or_else(|| node.clone())
    };
    let src = attr_of(&img, "src").unwrap_or_default();
    let alt = attr_of(&img, "alt").unwrap_or_default();
    let (caption, credit) = match find(node, "figcaption") {
        Some(fc) => caption_and_credit(h, &fc),
        None => (String::new(), String::new()),
    };
    let plain = |s: &str| !s.contains(['*', '_', '[', '`', '<', '\\']);
    let md = if !block || (credit.is_empty() && plain(&caption)) {
        let text = match find(node, "figcaption") {
            Some(fc) if !block => one_line(&text_of(&fc)),
            _ => caption,
        };
        let t = if text.is_empty() {
            String::new()
        } else {
            title(&text)
        };
        format!("![{}]({}{t})", literal(&alt), destination(&src))
    } else {
        let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let credit_arg = if credit.is_empty() {
            String::new()
        } else {
            format!(", credit=\"{}\"", q(&credit))
        };
        format!(
            "{OPEN}% figure(src=\"{}\", alt=\"{}\"{credit_arg}) %}}\n{caption}\n{OPEN}% end %}}",
            q(&destination(&src)),
            q(&one_line(&alt))
        )
    };
    format!("\n\n{md}\n\n")
}

/// A figcaption's Markdown, split into caption and credit: a child `<small>`,
/// `<cite>` or `.credit` element is the credit, else a trailing "Photo: …",
/// "Photograph by …", "Illustration by …", "Art by …", "Image: …", "Credit: …" or
/// "Courtesy …" sentence.
fn caption_and_credit(h: &dyn Handlers, fc: &Rc<Node>) -> (String, String) {
    let is_credit = |n: &Rc<Node>| {
        matches!(tag(n).as_deref(), Some("small" | "cite")) || has_class(n, "credit")
    };
    let children = fc.children.borrow().clone();
    let mut credit = String::new();
    let mut caption = match children.iter().find(|c| is_credit(c)) {
        None => inline_md(h, fc),
        Some(c) => {
            credit = inline_md(h, c);
            let parts: Vec<String> = children
                .iter()
                .filter(|c| !is_credit(c))
                .filter_map(|c| h.handle(c).map(|r| r.content))
                .collect();
            parts
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }
    };
    // A credit is a sentence of the caption's own text, not of an image inside it.
    if credit.is_empty() && !caption.contains("![") {
        const PREFIXES: &[&str] = &[
            "photo:",
            "photo by",
            "photograph:",
            "photograph by",
            "photography by",
            "illustration:",
            "illustration by",
            "art by",
            "image:",
            "image by",
            "credit:",
            "courtesy",
        ];
        // ASCII lower case keeps every byte where it was, so that the offsets found
        // in `lower` are offsets in `caption`.
        let lower = caption.to_ascii_lowercase();
        let at = PREFIXES
            .iter()
            .filter_map(|p| {
                lower
                    .rfind(p)
                    .filter(|&i| i == 0 || lower[..i].ends_with([' ', '.', '|', '—', '(']))
            })
            .min();
        if let Some(i) = at {
            credit = caption[i..].trim_end_matches(')').trim().to_string();
            caption = caption[..i]
                .trim_end_matches([' ', '|', '—', '('])
                .trim()
                .to_string();
        }
    }
    (caption, credit)
}
