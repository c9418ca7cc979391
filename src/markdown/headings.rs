//! Heading ids, the table of contents, and section breaks.
//!
//! Each heading gets an id: the one written with `{#id}`, else a slug of its text,
//! made unique in the body with `-1`, `-2`… Ids the page itself uses are reserved
//! and get the suffix `-heading` instead (then `-1`, `-2`… if need be): [`THEME_IDS`] (the skip link's `main`, the default
//! theme's landmarks) and the footnotes' `fn-N`, `fnref-N` and `fnref-N-K`. Level-2 headings, with the level-3 ones
//! under them, form the table of contents. A thematic break (`* * *`) becomes
//! `<hr class="section-break">`.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::stats;
use crate::util::slug::slugify;

/// One entry of an article's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id, for `#id` links.
    pub id: String,
    /// The heading as plain text.
    pub title: String,
    /// Level-3 entries under a level-2 one.
    pub children: Vec<TocEntry>,
}

/// Ids the default theme's templates give elements of a page that shows a body
/// (`themes/default/templates/*.html`); a heading never takes one of them.
pub(crate) const THEME_IDS: &[&str] = &[
    "main",
    "featured-title",
    "issue-context-title",
    "issue-promo-title",
    "latest-title",
    "more-in-section-title",
    "tags-label",
];

/// True when `id` is used by the page around a body: a theme id, or a footnote id
/// (`fn-N`, `fnref-N`, `fnref-N-K`).
pub(crate) fn is_reserved(id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if THEME_IDS.contains(&id) {
        return true;
    }
    if let Some(n) = id.strip_prefix("fn-") {
        return digits(n);
    }
    match id.strip_prefix("fnref-") {
        Some(rest) => match rest.split_once('-') {
            Some((n, k)) => digits(n) && digits(k),
            None => digits(rest),
        },
        None => false,
    }
}

/// Gives headings ids, collects the table of contents, and marks section breaks.
pub(crate) fn transform<'a>(
    mut events: Vec<Event<'a>>,
    id_prefix: &str,
) -> (Vec<Event<'a>>, Vec<TocEntry>) {
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut used = UsedIds::default();
    for i in 0..events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = *level;
                let end = i + events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .unwrap_or(events.len() - 1 - i);
                let text = stats::plain_text(&events[i + 1..end]);
                let base = match id {
                    Some(id) => id.to_string(),
                    None => Some(slugify(&text))
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "section".into()),
                };
                let full_id = format!("{id_prefix}{}", unique_id(&base, &mut used));
                add_to_toc(&mut toc, level, &full_id, &text);
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                    *id = Some(CowStr::from(full_id));
                }
            }
            Event::Rule => events[i] = Event::Html(CowStr::from("<hr class=\"section-break\">\n")),
            _ => {}
        }
    }
    (events, toc)
}

/// The ids given so far in one body, and for each base id the suffix to try next.
#[derive(Default)]
struct UsedIds {
    ids: HashSet<String>,
    /// For each base id, the `n` of the next `base-n` to try: every smaller one
    /// is taken already, and ids are never given back.
    next: HashMap<String, usize>,
}

/// A new id from `base`: `base` when it is free, else the first free one of
/// `base-1`, `base-2`… (a reserved base becomes `base-heading` first). Each base
/// remembers where its search stopped, so `n` equal headings cost `O(n)`, not
/// `O(n²)`; the ids are the same as a search from `-1` each time would give, since
/// an id once taken stays taken.
fn unique_id(base: &str, used: &mut UsedIds) -> String {
    let base = if is_reserved(base) {
        format!("{base}-heading")
    } else {
        base.to_string()
    };
    if !used.ids.contains(&base) {
        used.ids.insert(base.clone());
        return base;
    }
    let n = used.next.entry(base.clone()).or_insert(1);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if used.ids.insert(candidate.clone()) {
            return candidate;
        }
    }
}

fn add_to_toc(toc: &mut Vec<TocEntry>, level: HeadingLevel, id: &str, title: &str) {
    let entry = |level: u8| TocEntry {
        level,
        id: id.to_string(),
        title: title.to_string(),
        children: Vec::new(),
    };
    match level {
        HeadingLevel::H2 => toc.push(entry(2)),
        HeadingLevel::H3 => match toc.last_mut() {
            Some(parent) => parent.children.push(entry(3)),
            None => toc.push(entry(3)),
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_never_take_the_pages_ids() {
        let mut used = UsedIds::default();
        assert_eq!(unique_id("main", &mut used), "main-heading");
        assert_eq!(unique_id("main", &mut used), "main-heading-1");
        assert_eq!(unique_id("fn-1", &mut used), "fn-1-heading");
        assert_eq!(unique_id("fnref-2", &mut used), "fnref-2-heading");
        assert_eq!(unique_id("fnref-2-3", &mut used), "fnref-2-3-heading");
        assert_eq!(unique_id("fn-x", &mut used), "fn-x");
        assert_eq!(unique_id("mainly", &mut used), "mainly");
    }

    /// The search from `-1` each time that the suffix map replaced.
    fn unique_id_by_search(base: &str, used: &mut HashSet<String>) -> String {
        let base = if is_reserved(base) {
            format!("{base}-heading")
        } else {
            base.to_string()
        };
        let mut candidate = base.clone();
        let mut n = 1;
        while !used.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }

    #[test]
    fn suffixes_are_those_a_search_from_one_gives() {
        // Literal headings that look like suffixed ones, in every order.
        let bases = [
            "x",
            "x-1",
            "x",
            "x-2",
            "x",
            "x",
            "x-1",
            "x-1-1",
            "x-4",
            "x",
            "main",
            "main",
            "main-heading",
            "main-heading-1",
            "main",
            "x-3",
            "x",
        ];
        for rotation in 0..bases.len() {
            let mut fast = UsedIds::default();
            let mut slow = HashSet::new();
            for base in bases.iter().cycle().skip(rotation).take(bases.len() * 2) {
                assert_eq!(
                    unique_id(base, &mut fast),
                    unique_id_by_search(base, &mut slow),
                    "rotation {rotation}"
                );
            }
        }
    }
}
