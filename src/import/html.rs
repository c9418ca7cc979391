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
//!   shows as written instead of being run; code keeps it as it is.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{BrStyle, BulletListMarker, Options};
use htmd::{Element, HtmlToMarkdown};
use markup5ever_rcdom::{Node, NodeData};

use super::shortcodes::{captions, efn_notes};

/// Marks the `<!--more-->` line through the conversion.
const MORE: &str = "MAGIMPORTMOREMARKER";

/// Stands for the `{` of the importer's own shortcodes until the post's text has
/// been escaped.
const OPEN: &str = "MAGIMPORTOPENBRACE";

/// Converts a post's HTML. `footnotes_meta` is the block editor's `footnotes` post
/// meta (a JSON list of `{"id", "content"}`), if the post has one.
pub(crate) fn to_markdown(html: &str, footnotes_meta: Option<&str>) -> String {
    let paragraphs = html.contains("<!-- wp:") || html.contains("<p>") || html.contains("<p ");
    let html = comments(html);
    let mut notes: Vec<String> = Vec::new();
    let mut labels: HashMap<String, usize> = HashMap::new();
    if let Some(json) = footnotes_meta {
        if let Ok(list) = serde_json::from_str::<Vec<serde_json::Value>>(json) {
            for n in list {
                let id = n["id"].as_str().unwrap_or_default().to_string();
                notes.push(n["content"].as_str().unwrap_or_default().to_string());
                labels.insert(id, notes.len());
            }
        }
    }
    let html = efn_notes(&html, &mut notes);
    let html = captions(&html);
    let html = if paragraphs { html } else { autop(&html) };
    let mut md = converter(Arc::new(labels))
        .convert(&html)
        .unwrap_or_default();
    md = md
        .lines()
        .map(|l| if l.trim() == MORE { "<!-- more -->" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    for (i, note) in notes.iter().enumerate() {
        let text = converter(Arc::default()).convert(note).unwrap_or_default();
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
    escape_shortcodes(&tidy(&md)).replace(OPEN, "{")
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

/// The plain text of a bit of HTML (for excerpts and names).
pub(crate) fn to_text(html: &str) -> String {
    let md = converter(Arc::default())
        .convert(&comments(html))
        .unwrap_or_default();
    md.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn converter(labels: Arc<HashMap<String, usize>>) -> HtmlToMarkdown {
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
        .add_handler(vec!["figure"], figure)
        .add_handler(vec!["blockquote"], blockquote)
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
    normalized
        .split("\n\n")
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

/// No more than one blank line in a row; ends with one newline.
fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = 0;
    for line in md.trim().lines() {
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

// ----- DOM helpers over html5ever's tree (markup5ever_rcdom) -----

fn tag(node: &Rc<Node>) -> Option<String> {
    match &node.data {
        NodeData::Element { name, .. } => Some(name.local.to_string()),
        _ => None,
    }
}

fn attr_of(node: &Rc<Node>, wanted: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == wanted)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

fn has_class(node: &Rc<Node>, class: &str) -> bool {
    attr_of(node, "class").is_some_and(|c| c.split_whitespace().any(|x| x.contains(class)))
}

fn find(node: &Rc<Node>, wanted: &str) -> Option<Rc<Node>> {
    let children = node.children.borrow().clone();
    for child in &children {
        if tag(child).as_deref() == Some(wanted) {
            return Some(child.clone());
        }
        if let Some(found) = find(child, wanted) {
            return Some(found);
        }
    }
    None
}

fn element_attr(e: &Element<'_>, wanted: &str) -> Option<String> {
    e.attrs
        .iter()
        .find(|a| &*a.name.local == wanted)
        .map(|a| a.value.to_string())
}

/// Markdown of `node`'s children, on one line.
fn inline_md(h: &dyn Handlers, node: &Rc<Node>) -> String {
    h.walk_children(node)
        .content
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ----- handlers -----

fn sup(h: &dyn Handlers, e: Element<'_>, labels: &HashMap<String, usize>) -> Option<HandlerResult> {
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

fn blockquote(h: &dyn Handlers, e: Element<'_>) -> Option<HandlerResult> {
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

fn figure(h: &dyn Handlers, e: Element<'_>) -> Option<HandlerResult> {
    if has_class(e.node, "pullquote") {
        let quote = find(e.node, "blockquote").unwrap_or_else(|| e.node.clone());
        return Some(quote_md(h, &quote, true).into());
    }
    if has_class(e.node, "gallery") {
        return Some(gallery_md(h, e.node).into());
    }
    if find(e.node, "img").is_none() {
        return h.fallback(e);
    }
    Some(image_md(h, e.node).into())
}

/// Every element `wanted` under `node`, not looking inside a match.
fn find_all(node: &Rc<Node>, wanted: &str, out: &mut Vec<Rc<Node>>) {
    let children = node.children.borrow().clone();
    for child in &children {
        if tag(child).as_deref() == Some(wanted) {
            out.push(child.clone());
        } else {
            find_all(child, wanted, out);
        }
    }
}

/// A gallery: each image figure (or bare image) in turn, then the gallery's own
/// `<figcaption>` as a paragraph.
fn gallery_md(h: &dyn Handlers, gallery: &Rc<Node>) -> String {
    let mut figures = Vec::new();
    find_all(gallery, "figure", &mut figures);
    figures.retain(|f| find(f, "img").is_some());
    if figures.is_empty() {
        find_all(gallery, "img", &mut figures);
    }
    let mut md: String = figures.iter().map(|f| image_md(h, f)).collect();
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
/// `<figcaption>`) as `![alt](src "caption")`, or a `figure` shortcode when the
/// caption has markup or a credit.
fn image_md(h: &dyn Handlers, node: &Rc<Node>) -> String {
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
    let md = if credit.is_empty() && plain(&caption) {
        let title = if caption.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", caption.replace('"', "&quot;"))
        };
        format!(
            "![{}]({}{title})",
            alt.replace(['[', ']'], ""),
            src.replace(' ', "%20")
        )
    } else {
        let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let credit_arg = if credit.is_empty() {
            String::new()
        } else {
            format!(", credit=\"{}\"", q(&credit))
        };
        format!(
            "{OPEN}% figure(src=\"{}\", alt=\"{}\"{credit_arg}) %}}\n{caption}\n{OPEN}% end %}}",
            q(&src),
            q(&alt)
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
    if credit.is_empty() {
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
        let lower = caption.to_lowercase();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_editor_footnotes_figures_and_quotes() {
        let html = r##"<!-- wp:paragraph -->
<p>Text<sup data-fn="abc" class="fn"><a href="#abc" id="abc-link">1</a></sup> and more.</p>
<!-- /wp:paragraph -->
<!-- wp:image -->
<figure class="wp-block-image size-large"><img src="https://ex.org/wp-content/uploads/2021/06/a.jpg" alt="A boat"/><figcaption class="wp-element-caption">The ferry at dusk. Photo: Jane Roe</figcaption></figure>
<!-- /wp:image -->
<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>Big words.</p><cite>Someone</cite></blockquote></figure>
<!-- /wp:pullquote -->
<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>Old words.</p><cite>A Poet</cite></blockquote>
<!-- /wp:quote -->
<!--more-->
<p>After.</p>"##;
        let md = to_markdown(html, Some(r#"[{"content":"A <em>note</em>.","id":"abc"}]"#));
        assert!(md.contains("Text[^1] and more."), "{md}");
        assert!(md.contains("[^1]: A *note*."), "{md}");
        assert!(
            md.contains("{% figure(src=\"https://ex.org/wp-content/uploads/2021/06/a.jpg\", alt=\"A boat\", credit=\"Photo: Jane Roe\") %}\nThe ferry at dusk.\n{% end %}"),
            "{md}"
        );
        assert!(
            md.contains("> [!PULLQUOTE]\n> Big words.\n>\n> — Someone"),
            "{md}"
        );
        assert!(md.contains("> Old words.\n>\n> — A Poet"), "{md}");
        assert!(md.contains("\n<!-- more -->\n"), "{md}");
        assert!(!md.contains("wp:"), "{md}");
    }

    #[test]
    fn classic_editor_shortcodes_and_paragraphs() {
        let html = "First line\nsecond line with a note[efn_note]See <em>this</em>.[/efn_note].\n\n[caption id=\"attachment_5\" align=\"alignnone\" width=\"300\"]<img src=\"/wp-content/uploads/b.jpg\" alt=\"B\" /> A quiet street[/caption]\n\nLast.";
        let md = to_markdown(html, None);
        assert!(
            md.contains("First line\\\nsecond line with a note[^1]."),
            "{md}"
        );
        assert!(md.contains("[^1]: See *this*."), "{md}");
        assert!(
            md.contains("![B](/wp-content/uploads/b.jpg \"A quiet street\")"),
            "{md}"
        );
        assert!(
            md.trim_end().ends_with("Last.") || md.contains("\nLast.\n"),
            "{md}"
        );
    }

    #[test]
    fn galleries_keep_every_image_and_caption() {
        let html = r#"<!-- wp:gallery {"linkTo":"none"} -->
<figure class="wp-block-gallery has-nested-images columns-default"><!-- wp:image {"id":6} -->
<figure class="wp-block-image"><img src="/media/g1.jpg" alt="G1"/></figure>
<!-- /wp:image --><!-- wp:image {"id":7} -->
<figure class="wp-block-image"><img src="/media/g2.jpg" alt="G2"/><figcaption>G2 cap</figcaption></figure>
<!-- /wp:image --><figcaption class="blocks-gallery-caption wp-element-caption">Gallery caption</figcaption></figure>
<!-- /wp:gallery -->"#;
        let md = to_markdown(html, None);
        assert_eq!(
            md,
            "![G1](/media/g1.jpg)\n\n![G2](/media/g2.jpg \"G2 cap\")\n\nGallery caption\n"
        );
    }

    #[test]
    fn shortcode_syntax_in_text_is_escaped_and_code_stays_literal() {
        let html = "<p>Write {{ user(name=\"x\") }} or {% if x %} here.</p>\n<pre class=\"wp-block-code\"><code>[efn_note]not a note[/efn_note] {{ x }}</code></pre>\n<p>A note[efn_note]Real.[/efn_note]</p>";
        let md = to_markdown(html, None);
        assert!(
            md.contains("Write &#123;{ user(name=\"x\") }} or &#123;% if x %} here."),
            "{md}"
        );
        assert!(
            md.contains("[efn_note]not a note[/efn_note] {{ x }}"),
            "{md}"
        );
        assert!(md.contains("A note[^1]"), "{md}");
        assert!(md.contains("[^1]: Real."), "{md}");
        assert!(!md.contains("[^2]"), "{md}");
    }
}
