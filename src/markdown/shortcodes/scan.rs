//! Where shortcode syntax is not looked for (code, HTML comments), and the
//! block-quote markers of a block's body. See the parent module for the rules.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// Byte ranges of a text (code spans, code blocks and HTML comments; `<pre>`
/// regions for the importer), sorted and merged, so that [`Ranges::contains`]
/// is a binary search (a file of 40,000 `{%` in code spans took seconds with a
/// scan per `{`).
#[derive(Debug, Default)]
pub(crate) struct Ranges(Vec<Range<usize>>);

impl Ranges {
    /// `ranges` in any order, sorted by start, overlapping ones joined.
    pub(crate) fn new(mut ranges: Vec<Range<usize>>) -> Ranges {
        ranges.sort_by_key(|r| r.start);
        let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match out.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        Ranges(out)
    }

    /// The range byte offset `p` lies in, if any.
    pub(crate) fn containing(&self, p: usize) -> Option<&Range<usize>> {
        let i = self.0.partition_point(|r| r.start <= p);
        (i > 0 && self.0[i - 1].contains(&p)).then(|| &self.0[i - 1])
    }

    /// True when byte offset `p` lies in one of the ranges.
    pub(crate) fn contains(&self, p: usize) -> bool {
        self.containing(p).is_some()
    }
}

/// The code spans, code blocks and HTML comments in `src`.
pub(crate) fn code_ranges(src: &str) -> Ranges {
    let code: Vec<Range<usize>> = Parser::new_ext(src, crate::markdown::cmark_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect();
    let code = Ranges::new(code);
    let mut ranges = code.0.clone();
    let mut pos = 0;
    while let Some(found) = src[pos..].find("<!--") {
        let start = pos + found;
        if code.contains(start) {
            pos = start + 4;
            continue;
        }
        let end = src[start + 4..]
            .find("-->")
            .map_or(src.len(), |i| start + 4 + i + 3);
        ranges.push(start..end);
        pos = end;
    }
    Ranges::new(ranges)
}

/// The block-quote markers before a block's opening tag at `start` (`> ` or
/// `> > `), when the tag's line starts with them.
pub(super) fn quote_prefix(src: &str, start: usize) -> Option<&str> {
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &src[line_start..start];
    (prefix.contains('>') && prefix.chars().all(|c| c == '>' || c == ' ' || c == '\t'))
        .then_some(prefix)
}

/// `body` with `depth` block-quote markers (`>` and one space after it) taken off
/// the start of each line.
pub(super) fn strip_quote_markers(body: &str, depth: usize) -> String {
    body.split_inclusive('\n')
        .map(|line| {
            let mut rest = line;
            for _ in 0..depth {
                let trimmed = rest.trim_start_matches([' ', '\t']);
                match trimmed.strip_prefix('>') {
                    Some(after) => rest = after.strip_prefix(' ').unwrap_or(after),
                    None => break,
                }
            }
            rest
        })
        .collect()
}
