//! Heading ids, the table of contents, and section breaks.
//!
//! Each heading gets an id: the one written with `{#id}`, else a slug of its text,
//! made unique in the body with `-1`, `-2`… Level-2 headings, with the level-3 ones
//! under them, form the table of contents. A thematic break (`* * *`) becomes
//! `<hr class="section-break">`.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::{stats, take};
use crate::content::slug::slugify;

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

/// Gives headings ids, collects the table of contents, and marks section breaks.
pub fn transform<'a>(
    mut events: Vec<Event<'a>>,
    id_prefix: &str,
) -> (Vec<Event<'a>>, Vec<TocEntry>) {
    let mut out = Vec::with_capacity(events.len());
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut used = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = i + events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .unwrap_or(events.len() - 1 - i);
                let text = stats::plain_text(&events[i + 1..end]);
                let base = match id {
                    Some(id) => id.to_string(),
                    None => {
                        let slug = slugify(&text);
                        if slug.is_empty() {
                            "section".to_string()
                        } else {
                            slug
                        }
                    }
                };
                let unique = unique_id(&base, &mut used);
                let full_id = format!("{id_prefix}{unique}");
                add_to_toc(&mut toc, *level, &full_id, &text);
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(full_id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                out.extend(events[i + 1..=end].iter_mut().map(take));
                i = end + 1;
                continue;
            }
            Event::Rule => out.push(Event::Html(CowStr::from("<hr class=\"section-break\">\n"))),
            _ => out.push(take(&mut events[i])),
        }
        i += 1;
    }
    (out, toc)
}

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
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
