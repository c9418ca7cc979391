//! Word count and summary.
//!
//! Words are runs of non-space characters across the body's text and code, with
//! block boundaries and line breaks as spaces; pull quotes and footnotes do not
//! count (footnote definitions are already lifted out when this runs). The summary
//! is the plain text before a `<!-- more -->` line, else of the first top-level
//! paragraph that holds more than an image; it never holds footnote references.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{pull_quotes, smart};

/// What [`compute`] finds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stats {
    /// Words outside pull quotes.
    pub word_count: usize,
    /// Plain-text summary, if the body has a paragraph.
    pub summary: Option<String>,
}

/// The summary being found: the text of top-level paragraphs before a
/// `<!-- more -->` line, and the first one.
#[derive(Default)]
struct Summary {
    /// The body has a `<!-- more -->` line.
    has_more: bool,
    first_paragraph: Option<String>,
    /// The text of the paragraph being read, when it may be part of the summary.
    current: Option<String>,
    before_more: String,
    more: Option<String>,
}

impl Summary {
    /// A top-level paragraph starts: read it if the summary may need it.
    fn start_paragraph(&mut self) {
        if self.first_paragraph.is_none() || (self.has_more && self.more.is_none()) {
            self.current = Some(String::new());
        }
    }

    /// A top-level paragraph ends.
    fn end_paragraph(&mut self) {
        let Some(text) = self.current.take() else {
            return;
        };
        let text = text.trim().to_string();
        if text.is_empty() {
            return;
        }
        if self.has_more && self.more.is_none() {
            if !self.before_more.is_empty() {
                self.before_more.push(' ');
            }
            self.before_more.push_str(&text);
        }
        if self.first_paragraph.is_none() {
            self.first_paragraph = Some(text);
        }
    }

    /// The `<!-- more -->` line.
    fn more_line(&mut self) {
        self.more.get_or_insert_with(|| self.before_more.clone());
    }

    fn push_str(&mut self, text: &str) {
        if let Some(c) = self.current.as_mut() {
            c.push_str(text);
        }
    }

    /// The text before `<!-- more -->`, else the first paragraph, spaces
    /// collapsed.
    fn finish(self, smart_punctuation: bool) -> Option<String> {
        let text = self
            .more
            .filter(|m| !m.is_empty())
            .or(self.first_paragraph)?;
        let text = collapse_spaces(&text);
        Some(if smart_punctuation {
            smart::apply_str(&text)
        } else {
            text
        })
    }
}

/// Counts words and finds the summary of a body's events.
pub(crate) fn compute(events: &[Event<'_>], smart_punctuation: bool) -> Stats {
    let mut words = WordCounter::default();
    let mut depth = 0usize; // container depth: block quotes, lists, notes
    let mut skip_until: Option<usize> = None; // end index of a pull quote
    let mut in_image = 0usize; // alt text is neither words nor summary
    let mut summary = Summary {
        has_more: events
            .iter()
            .any(|e| matches!(e, Event::Html(h) | Event::InlineHtml(h) if is_more(h))),
        ..Summary::default()
    };
    for (i, event) in events.iter().enumerate() {
        if let Some(end) = skip_until {
            if i <= end {
                continue;
            }
            skip_until = None;
        }
        match event {
            Event::Start(Tag::BlockQuote(_)) if pull_quotes::is_start(&events[i..]) => {
                skip_until = Some(i + pull_quotes::matching_end(&events[i..]));
                words.boundary();
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                depth += 1
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph) if depth == 0 => summary.start_paragraph(),
            Event::End(TagEnd::Paragraph) if depth == 0 => summary.end_paragraph(),
            Event::Html(html) | Event::InlineHtml(html) if depth == 0 && is_more(html) => {
                summary.more_line()
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => {
                words.feed(t);
                summary.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => {
                words.boundary();
                summary.push_str(" ");
            }
            _ => {}
        }
        if matches!(event, Event::Start(_) | Event::End(_)) && !is_inline(event) {
            words.boundary();
        }
    }
    Stats {
        word_count: words.count,
        summary: summary.finish(smart_punctuation),
    }
}

fn is_more(html: &str) -> bool {
    html.trim().eq_ignore_ascii_case("<!-- more -->") || html.trim() == "<!--more-->"
}

fn is_inline(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ) | Event::End(
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        )
    )
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain text of inline events (text and code; breaks as spaces).
pub(crate) fn plain_text(events: &[Event<'_>]) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    collapse_spaces(&out)
}

/// Counts words across pieces of text.
#[derive(Debug, Default)]
struct WordCounter {
    count: usize,
    in_word: bool,
}

impl WordCounter {
    /// Counts word starts: a word character (any byte but ASCII white space,
    /// so the bytes of non-ASCII characters count as word characters) after white
    /// space or at the start. Written over byte pairs so that the compiler can
    /// vectorize it.
    fn feed(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let Some(&first) = bytes.first() else {
            return;
        };
        let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c);
        // Blocks of 255 pairs: each sums into a byte (16 lanes per instruction).
        let starts: usize = bytes[..bytes.len() - 1]
            .chunks(255)
            .zip(bytes[1..].chunks(255))
            .map(|(left, right)| {
                let block = left.iter().zip(right).fold(0u8, |n, (&a, &b)| {
                    n.wrapping_add(u8::from(space(a) & !space(b)))
                });
                usize::from(block)
            })
            .sum();
        self.count += starts + usize::from(!self.in_word && !space(first));
        self.in_word = !space(bytes[bytes.len() - 1]);
    }

    fn boundary(&mut self) {
        self.in_word = false;
    }
}

/// Reading time in minutes at 230 words a minute, rounded up, at least 1.
pub(crate) fn reading_time(word_count: usize) -> usize {
    word_count.div_ceil(230).max(1)
}
