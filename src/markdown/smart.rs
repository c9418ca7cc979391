//! Smart punctuation: straight quotes to curly ones, `--` to an en dash, `---` to
//! an em dash, `...` to an ellipsis.
//!
//! Only text is touched: code spans, code blocks and raw HTML never are, nor the
//! text of an autolink (`<https://…>`) or of a link whose text is its URL; and
//! characters that are already typographic stay as they are. A quote's direction
//! comes from the character before it, which is carried across emphasis, links and
//! code spans within a block (so `"*word*"` and `"[link](u)"` come out right).
//! Apostrophes that open a word are recognised in decades (`'90s`), in `'n'`
//! (`rock 'n' roll`) and in a few elisions (`'tis`, `'twas`, `'em`, `'cause`).

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

const LEFT_DOUBLE: char = '\u{201C}';
const RIGHT_DOUBLE: char = '\u{201D}';
const LEFT_SINGLE: char = '\u{2018}';
const RIGHT_SINGLE: char = '\u{2019}';

/// Applies smart punctuation to the text events of `events`, in place (the other
/// events are not moved).
pub(crate) fn transform(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut prev: Option<char> = None;
    let mut in_code_block = false;
    let mut in_url_link = false;
    let url_texts = url_link_texts(&events);
    for (i, event) in events.iter_mut().enumerate() {
        match event {
            Event::Text(text) if !in_code_block && !in_url_link && !url_texts.contains(&i) => {
                let out = apply(text, prev);
                prev = out.as_deref().unwrap_or(text).chars().last().or(prev);
                if let Some(s) = out {
                    *text = CowStr::from(s);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => in_url_link = true,
            Event::End(TagEnd::Link) => in_url_link = false,
            Event::Text(_) | Event::Code(_) => prev = Some('x'),
            Event::SoftBreak | Event::HardBreak => prev = Some(' '),
            Event::Start(tag) if !is_inline_tag(tag) => prev = None,
            Event::End(tag) if !is_inline_end(tag) => prev = None,
            Event::Html(_) => prev = None,
            _ => {}
        }
    }
    events
}

/// Indexes of text events that are the whole text of a link whose text is its URL
/// (`[https://a.org/x--y](https://a.org/x--y)`): those stay as written.
fn url_link_texts(events: &[Event<'_>]) -> Vec<usize> {
    events
        .windows(3)
        .enumerate()
        .filter_map(|(i, w)| match w {
            [Event::Start(Tag::Link { dest_url, .. }), Event::Text(text), Event::End(TagEnd::Link)]
                if text.as_ref() == dest_url.as_ref()
                    || dest_url.strip_prefix("mailto:") == Some(text.as_ref()) =>
            {
                Some(i + 1)
            }
            _ => None,
        })
        .collect()
}

/// Applies smart punctuation to one string, as if it started a block.
pub(crate) fn apply_str(text: &str) -> String {
    apply(text, None).unwrap_or_else(|| text.to_string())
}

fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// The transformed text, or `None` when nothing needed changing. `before` is the
/// character preceding `text` in its block (`None` at the start of a block).
///
/// Plain runs between candidate characters are copied as slices; only `"`, `'`,
/// `-` and `.` are looked at.
fn apply(text: &str, before: Option<char>) -> Option<String> {
    let bytes = text.as_bytes();
    let mut candidates = Candidates::new(bytes);
    let mut pos = candidates.next_from(0)?;
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `text` already handled
    loop {
        let rest = &text[pos + 1..];
        let (replacement, len) = match bytes[pos] {
            b'"' => (
                Some(double_quote(prev_char(text, &out, copied, pos, before))),
                1,
            ),
            b'\'' => (
                Some(single_quote(
                    prev_char(text, &out, copied, pos, before),
                    rest,
                )),
                1,
            ),
            b'-' if rest.starts_with("--") => (Some('\u{2014}'), 3),
            b'-' if rest.starts_with('-') => (Some('\u{2013}'), 2),
            b'.' if rest.starts_with("..") => (Some('\u{2026}'), 3),
            _ => (None, 1),
        };
        if let Some(c) = replacement {
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
            buf.push_str(&text[copied..pos]);
            buf.push(c);
            copied = pos + len;
        }
        match candidates.next_from(pos + len) {
            Some(next) => pos = next,
            None => break,
        }
    }
    let mut buf = out?;
    buf.push_str(&text[copied..]);
    Some(buf)
}

/// The bytes of a text that may need changing: `"`, `'`, `-` and the first `.`
/// of each `...`, found with SIMD byte searches (memchr) rather than byte by
/// byte; most of a text is copied as it is.
struct Candidates<'t> {
    bytes: &'t [u8],
    /// The first `...` at or after the last search (`usize::MAX`: none left;
    /// `None`: not searched yet).
    dots: Option<usize>,
}

impl<'t> Candidates<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        Candidates { bytes, dots: None }
    }

    /// The first candidate at or after byte `from`; `from` never decreases
    /// between calls.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        let rest = self.bytes.get(from..)?;
        let stale = self.dots.is_none_or(|d| d != usize::MAX && d < from);
        if stale {
            self.dots = Some(find_ellipsis(rest).map_or(usize::MAX, |d| from + d));
        }
        let dots = self.dots.unwrap_or(usize::MAX);
        let quote = memchr::memchr3(b'"', b'\'', b'-', rest).map_or(usize::MAX, |q| from + q);
        let next = quote.min(dots);
        (next != usize::MAX).then_some(next)
    }
}

/// The index of the first `...` in `bytes`: each `.` found by memchr, then the
/// two bytes after it checked.
fn find_ellipsis(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(p) = memchr::memchr(b'.', &bytes[at..]) {
        let i = at + p;
        if bytes[i..].starts_with(b"...") {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// The character before byte `pos` of `text`, as already written to `out`.
fn prev_char(
    text: &str,
    out: &Option<String>,
    copied: usize,
    pos: usize,
    before: Option<char>,
) -> Option<char> {
    if pos > copied {
        return text[..pos].chars().next_back();
    }
    match out {
        Some(buf) if !buf.is_empty() => buf.chars().next_back(),
        _ => text[..pos].chars().next_back().or(before),
    }
}

fn opens(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || matches!(
                    p,
                    '(' | '['
                        | '{'
                        | '<'
                        | '\u{2014}'
                        | '\u{2013}'
                        | '-'
                        | '/'
                        | LEFT_DOUBLE
                        | LEFT_SINGLE
                )
        }
    }
}

fn double_quote(prev: Option<char>) -> char {
    if opens(prev) {
        LEFT_DOUBLE
    } else {
        RIGHT_DOUBLE
    }
}

fn single_quote(prev: Option<char>, next: &str) -> char {
    if !opens(prev) {
        return RIGHT_SINGLE; // closing quote or apostrophe inside a word: don't, Joyce's
    }
    if starts_elision(next) {
        RIGHT_SINGLE
    } else {
        LEFT_SINGLE
    }
}

/// True when the characters after an opening `'` make it an apostrophe.
fn starts_elision(next: &str) -> bool {
    // '90s, '20: two digits not followed by another digit.
    let bytes = next.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_digit() && bytes[1].is_ascii_digit() {
        return bytes.get(2).is_none_or(|c| !c.is_ascii_digit());
    }
    let end = next
        .find(|c: char| !(c.is_alphabetic() || c == '\''))
        .unwrap_or(next.len());
    let word = &next[..end];
    ["n'", "tis", "twas", "em", "cause", "til", "round"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> String {
        apply_str(text)
    }

    #[test]
    fn quotes_and_dashes() {
        assert_eq!(
            s("\"Hello,\" she said -- 'twas the '90s..."),
            "“Hello,” she said – ’twas the ’90s…"
        );
        assert_eq!(s("rock 'n' roll"), "rock ’n’ roll");
        assert_eq!(s("a---b"), "a—b");
        assert_eq!(s("don't 'quote'"), "don’t ‘quote’");
        assert_eq!(s("“already” ‘curly’"), "“already” ‘curly’");
        assert_eq!(s("(\"x\")"), "(“x”)");
    }
}
