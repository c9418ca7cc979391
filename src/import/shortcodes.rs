//! WordPress shortcodes in a post's HTML, rewritten before the HTML is converted:
//! `[efn_note]…[/efn_note]` (Easy Footnotes), `[caption]…[/caption]` and the classic
//! `[gallery]`. Shortcodes inside `<pre>` or `<code>` are code and stay as written.

use super::wxr::Item;

/// The byte ranges of `<pre>…</pre>` and `<code>…</code>` in `html`.
pub(crate) fn code_regions(html: &str) -> Vec<std::ops::Range<usize>> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    for (open, close) in [("<pre", "</pre>"), ("<code", "</code>")] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(open).map(|i| from + i) {
            let boundary = lower[i + open.len()..].starts_with(['>', ' ', '\t', '\n']);
            if !boundary {
                from = i + open.len();
                continue;
            }
            // Only for a real tag: looking for the close of every `<prefix` would
            // take time quadratic in their number.
            let end = lower[i..]
                .find(close)
                .map_or(html.len(), |j| i + j + close.len());
            out.push(i..end);
            from = end;
        }
    }
    out
}

/// `[efn_note]…[/efn_note]` → a numbered reference; the note's HTML goes to `notes`.
pub(crate) fn efn_notes(html: &str, notes: &mut Vec<String>) -> String {
    let code = code_regions(html);
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("[efn_note") {
        let offset = html.len() - rest.len() + start;
        if let Some(region) = code.iter().find(|r| r.contains(&offset)) {
            let skip = region.end - (html.len() - rest.len());
            out.push_str(&rest[..skip]);
            rest = &rest[skip..];
            continue;
        }
        let after = &rest[start..];
        let (Some(open_end), Some(close)) = (after.find(']'), after.find("[/efn_note]")) else {
            break;
        };
        if close < open_end {
            break;
        }
        out.push_str(&rest[..start]);
        notes.push(after[open_end + 1..close].to_string());
        out.push_str(&format!("<sup data-efn=\"{}\"></sup>", notes.len()));
        rest = &after[close + "[/efn_note]".len()..];
    }
    out.push_str(rest);
    out
}

/// The offset in `rest` (the end of `html`) of the next `name` that is not inside
/// one of the `code` regions of `html`.
fn next_outside(
    html: &str,
    rest: &str,
    name: &str,
    code: &[std::ops::Range<usize>],
) -> Option<usize> {
    let base = html.len() - rest.len();
    let mut from = 0;
    loop {
        let at = from + rest[from..].find(name)?;
        match code.iter().find(|r| r.contains(&(base + at))) {
            Some(r) => from = r.end - base,
            None => return Some(at),
        }
    }
}

/// `[caption …]<img …> Text[/caption]` → `<figure><img …><figcaption>Text</figcaption></figure>`;
/// a shortcode inside `<pre>` or `<code>` stays as written.
pub(crate) fn captions(html: &str) -> String {
    let code = code_regions(html);
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = next_outside(html, rest, "[caption", &code) {
        let after = &rest[start..];
        let (Some(open_end), Some(close)) = (after.find(']'), after.find("[/caption]")) else {
            break;
        };
        if close < open_end {
            break;
        }
        out.push_str(&rest[..start]);
        let attrs = &after[..open_end];
        let inner = &after[open_end + 1..close];
        let split = inner
            .rfind("</a>")
            .map(|i| i + 4)
            .or_else(|| {
                inner
                    .find("<img")
                    .and_then(|i| inner[i..].find('>').map(|j| i + j + 1))
            })
            .unwrap_or(0);
        let (image, mut text) = (&inner[..split], inner[split..].trim().to_string());
        if text.is_empty() {
            text = shortcode_attr(attrs, "caption").unwrap_or_default();
        }
        out.push_str(&format!(
            "\n\n<figure class=\"wp-caption\">{image}<figcaption>{text}</figcaption></figure>\n\n"
        ));
        rest = &after[close + "[/caption]".len()..];
    }
    out.push_str(rest);
    out
}

/// The value of `name="…"` in a shortcode's opening tag.
pub(crate) fn shortcode_attr(attrs: &str, name: &str) -> Option<String> {
    let at = attrs.find(&format!("{name}=\""))? + name.len() + 2;
    let end = attrs[at..].find('"')?;
    Some(attrs[at..at + end].to_string())
}

/// An attachment of the export: an uploaded file.
pub(crate) struct Attachment<'a> {
    /// `<wp:post_id>`.
    pub id: &'a str,
    /// `<wp:attachment_url>`.
    pub url: &'a str,
    /// The `_wp_attachment_image_alt` meta.
    pub alt: &'a str,
    /// The excerpt, which is the caption.
    pub caption: &'a str,
    /// The post it was uploaded to.
    pub parent: &'a str,
}

/// The item's HTML with each classic `[gallery]` shortcode replaced by a block-editor
/// gallery of the images it names: its `ids`, else the images attached to the post.
/// A gallery whose images are not in the export is left out and named in `notes`;
/// a shortcode inside `<pre>` or `<code>` stays as written.
pub(crate) fn galleries(
    item: &Item,
    attachments: &[Attachment],
    notes: &mut Vec<String>,
) -> String {
    let html = &item.content;
    let code = code_regions(html);
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = next_outside(html, rest, "[gallery", &code) {
        let after = &rest[start..];
        let Some(end) = after.find(']') else {
            break;
        };
        out.push_str(&rest[..start]);
        let attrs = &after[..end];
        let chosen: Vec<&Attachment> = match shortcode_attr(attrs, "ids") {
            Some(ids) => ids
                .split(',')
                .filter_map(|id| attachments.iter().find(|a| a.id == id.trim()))
                .collect(),
            None => attachments
                .iter()
                .filter(|a| a.parent == item.post_id)
                .collect(),
        };
        if chosen.is_empty() {
            notes.push(format!(
                "{}: a [gallery] shortcode names no image of the export; it was left out",
                super::items::label(item)
            ));
        } else {
            let esc = |s: &str| quick_xml::escape::escape(s).into_owned();
            out.push_str("\n\n<figure class=\"wp-block-gallery\">");
            for a in chosen {
                out.push_str(&format!(
                    "<figure class=\"wp-block-image\"><img src=\"{}\" alt=\"{}\"/><figcaption>{}</figcaption></figure>",
                    esc(a.url),
                    esc(&super::items::decode(a.alt)),
                    a.caption
                ));
            }
            out.push_str("</figure>\n\n");
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}
