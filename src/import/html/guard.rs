//! The last step of a conversion: the Markdown holds no raw HTML.
//!
//! A post's markup is converted element by element; what was text in the post
//! (`&lt;script&gt;`) must stay text in mag. The converter escapes text, and code
//! goes into code blocks and spans ([`super::code`]); this guard makes sure
//! nothing got through: it parses the result as mag will (pulldown-cmark, mag's
//! options) and escapes the `<` of every raw HTML block or inline tag, except the
//! importer's own `<!-- more -->` line. Escaping one tag can change how the lines
//! after it are read, so it parses again, a few times at most; if HTML is still
//! found, every `<` of the text is written as `&lt;`, after which there can be
//! none (all raw HTML starts with `<`).
//!
//! The opening lines of the importer's own `figure` shortcodes (marked by
//! [`super::OPEN`] until the guard has run) are left alone: mag takes a shortcode
//! call out before it reads the Markdown, and its arguments (an `alt` with a `<` in
//! it) reach the template as text.

use pulldown_cmark::{Event, Parser};

use super::OPEN;

/// How many times the guard escapes what it found and looks again before it
/// escapes every `<`.
const PASSES: usize = 4;

/// `md` with no raw HTML but `<!-- more -->` (and what stands in the importer's
/// own shortcode lines).
pub(super) fn no_raw_html(md: String) -> String {
    let mut md = md;
    for _ in 0..PASSES {
        let found = raw_html(&md);
        if found.is_empty() {
            return md;
        }
        md = escape_in(&md, &found);
    }
    if raw_html(&md).is_empty() {
        return md;
    }
    md.split_inclusive('\n')
        .map(|line| {
            if line.contains(OPEN) {
                line.to_string()
            } else {
                line.replace('<', "&lt;")
                    .replace("&lt;!-- more -->", "<!-- more -->")
            }
        })
        .collect()
}

/// The byte ranges of raw HTML in `md`, the summary line and the lines of the
/// importer's shortcodes left out.
fn raw_html(md: &str) -> Vec<std::ops::Range<usize>> {
    let mut ours: Vec<std::ops::Range<usize>> = Vec::new();
    let mut at = 0;
    for line in md.split_inclusive('\n') {
        if line.contains(OPEN) {
            ours.push(at..at + line.len());
        }
        at += line.len();
    }
    let ours = crate::markdown::shortcodes::Ranges::new(ours);
    Parser::new_ext(md, crate::markdown::cmark_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Html(html) | Event::InlineHtml(html)
                if html.trim() != "<!-- more -->" && !ours.contains(range.start) =>
            {
                Some(range)
            }
            _ => None,
        })
        .collect()
}

/// `md` with each `<` inside `ranges` (in order, not overlapping, as the parser
/// gives them) written as `&lt;`.
fn escape_in(md: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(md.len() + 16);
    let mut at = 0;
    for r in ranges {
        let start = r.start.max(at);
        let end = r.end.max(start);
        out.push_str(&md[at..start]);
        out.push_str(&md[start..end].replace('<', "&lt;"));
        at = end;
    }
    out.push_str(&md[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_becomes_text() {
        assert_eq!(
            no_raw_html("<script>alert(1)</script>\n".into()),
            "&lt;script>alert(1)&lt;/script>\n"
        );
        assert_eq!(
            no_raw_html("A <b>b</b> `<i>`\n\n<!-- more -->\n".into()),
            "A &lt;b>b&lt;/b> `<i>`\n\n<!-- more -->\n"
        );
        let fenced = "```\n<script>\n```\n";
        assert_eq!(no_raw_html(fenced.into()), fenced);
        let ours =
            format!("{OPEN}% figure(src=\"a.jpg\", alt=\"<b>\") %}}\nA <i>\n{OPEN}% end %}}\n");
        assert_eq!(
            no_raw_html(ours),
            format!("{OPEN}% figure(src=\"a.jpg\", alt=\"<b>\") %}}\nA &lt;i>\n{OPEN}% end %}}\n")
        );
    }
}
