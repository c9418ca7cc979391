//! Footnotes, numbered by first reference and rendered once at the end.
//!
//! [`extract`] lifts every definition out of the event stream, wherever it stands
//! (top level, block quote, list, table cell), and reports references without a
//! definition, definitions never referenced, and labels defined twice.
//! [`render`] numbers the notes 1, 2, 3… in the order of their first reference
//! (references inside notes count when their note is rendered), replaces each
//! reference with
//! `<sup class="footnote-ref"><a href="#fn-N" id="fnref-N" role="doc-noteref">N</a></sup>`
//! (the k-th reference to the same note gets the id `fnref-N-k`), and appends
//! `<section class="footnotes" role="doc-endnotes"><ol>…</ol></section>`, each note
//! ending with one `<a href="#fnref-N…" role="doc-backlink">↩</a>` per reference.
//!
//! Labels match as CommonMark link labels do (§4.7): case-insensitively, with
//! inner white space collapsed.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Note, Spanned};
use crate::diagnostics::Severity;

/// Footnote definitions lifted out of a body, by normalized label.
#[derive(Debug, Default)]
pub(crate) struct Definitions<'a> {
    notes: HashMap<String, Vec<Event<'a>>>,
}

/// A label normalized for matching (CommonMark §4.7 link-label matching).
pub(crate) fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The state of [`extract`] while it walks a body.
struct Extractor<'a> {
    body: Vec<Event<'a>>,
    defs: Definitions<'a>,
    /// Each definition: (normalized label, label as written, offset).
    def_offsets: Vec<(String, String, usize)>,
    /// The first reference to each normalized label.
    ref_labels: HashMap<String, usize>,
    /// The definition being lifted out: (normalized label, its events).
    current: Option<(String, Vec<Event<'a>>)>,
    /// How deep in definitions (a definition inside another stays in it).
    depth: usize,
    in_code: bool,
}

/// The help for a reference without a definition.
fn undefined(label: &str, offset: usize) -> Note {
    warning(
        offset,
        format!("footnote reference [^{label}] has no definition"),
        &format!("add a line `[^{label}]: The note's text.` anywhere in the file, or remove the reference"),
    )
}

impl<'a> Extractor<'a> {
    /// Handles one event; returns false when it was lifted out (a definition's
    /// start or end), true when it still goes to the body or the current note.
    fn step(&mut self, event: &Event<'a>, start: usize, notes: &mut Vec<Note>) -> bool {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.depth += 1;
                if self.depth == 1 {
                    let norm = normalize_label(label);
                    self.def_offsets
                        .push((norm.clone(), label.to_string(), start));
                    self.current = Some((norm, Vec::new()));
                    return false;
                }
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.end_definition(start, notes);
                    return false;
                }
            }
            Event::FootnoteReference(label) => {
                self.ref_labels
                    .entry(normalize_label(label))
                    .or_insert(start);
            }
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            // A SIMD search for `^` first (memchr): searching for the two-byte
            // pattern sets up a searcher for every text event.
            Event::Text(text)
                if !self.in_code
                    && memchr::memchr(b'^', text.as_bytes()).is_some()
                    && text.contains("[^") =>
            {
                for (label, at) in undefined_references(text) {
                    notes.push(undefined(label, start + at));
                }
            }
            _ => {}
        }
        true
    }

    /// A top-level definition ends: keep it, unless its label is taken.
    fn end_definition(&mut self, at: usize, notes: &mut Vec<Note>) {
        let Some((norm, note)) = self.current.take() else {
            return;
        };
        match self.defs.notes.entry(norm) {
            std::collections::hash_map::Entry::Occupied(e) => notes.push(warning(
                at,
                format!(
                    "footnote [^{}] is defined twice; the first definition is used",
                    e.key()
                ),
                "give each note its own label",
            )),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(note);
            }
        }
    }

    /// References without a definition, then definitions never referenced.
    fn report(&self, notes: &mut Vec<Note>) {
        for (label, &offset) in &self.ref_labels {
            if !self.defs.notes.contains_key(label) {
                notes.push(undefined(label, offset));
            }
        }
        for (norm, written, offset) in &self.def_offsets {
            if !self.ref_labels.contains_key(norm) {
                notes.push(warning(
                    *offset,
                    format!("footnote [^{written}] is never referenced"),
                    &format!("refer to it with [^{written}] in the text, or delete the definition"),
                ));
            }
        }
    }
}

/// Lifts footnote definitions out of `events`, dropping the ranges, and reports
/// footnote faults as warnings in `notes`.
pub(crate) fn extract<'a>(
    events: Spanned<'a>,
    notes: &mut Vec<Note>,
) -> (Vec<Event<'a>>, Definitions<'a>) {
    let mut x = Extractor {
        body: Vec::with_capacity(events.len()),
        defs: Definitions::default(),
        def_offsets: Vec::new(),
        ref_labels: HashMap::new(),
        current: None,
        depth: 0,
        in_code: false,
    };
    for (event, range) in events {
        if !x.step(&event, range.start, notes) {
            continue;
        }
        match x.current.as_mut() {
            Some((_, note)) => note.push(event),
            None => x.body.push(event),
        }
    }
    x.report(notes);
    (x.body, x.defs)
}

fn warning(offset: usize, message: String, help: &str) -> Note {
    Note {
        offset,
        severity: Severity::Warning,
        message,
        help: help.to_string(),
    }
}

/// Labels written as `[^label]` in plain text: references the parser could not
/// match to a definition, with the byte index of each `[^` in `text`.
fn undefined_references(text: &str) -> Vec<(&str, usize)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("[^") {
        let at = text.len() - rest.len() + start;
        let after = &rest[start + 2..];
        match after.find(']') {
            Some(end)
                if end > 0
                    && !after[..end].contains(['[', '\n'])
                    && !after[..end].trim().is_empty() =>
            {
                found.push((&after[..end], at));
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

/// Numbers references, replaces them with note-reference markup, and appends the
/// notes section. Returns the events and the number of notes.
pub(crate) fn render<'a>(
    events: Vec<Event<'a>>,
    mut defs: Definitions<'a>,
    id_prefix: &str,
) -> (Vec<Event<'a>>, usize) {
    if defs.notes.is_empty() {
        return (events, 0);
    }
    let mut numbering = Numbering {
        prefix: id_prefix,
        ..Default::default()
    };
    let mut out = numbering.replace_refs(events, &defs);
    let mut rendered_notes = Vec::new();
    let mut n = 0;
    while n < numbering.order.len() {
        let label = numbering.order[n].clone();
        let note = defs.notes.remove(&label).unwrap_or_default();
        let note = numbering.replace_refs(note, &defs);
        rendered_notes.push(note);
        n += 1;
    }
    if rendered_notes.is_empty() {
        return (out, 0);
    }
    out.push(Event::Html(CowStr::from(
        "<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n",
    )));
    for (i, mut note) in rendered_notes.into_iter().enumerate() {
        let number = i + 1;
        out.push(Event::Html(CowStr::from(format!(
            "<li id=\"{id_prefix}fn-{number}\">\n"
        ))));
        let backlinks = numbering.backlinks(number);
        match note
            .iter()
            .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        {
            Some(last) if last + 1 == note.len() => {
                note.insert(last, Event::InlineHtml(CowStr::from(backlinks)));
            }
            _ => note.push(Event::Html(CowStr::from(format!("<p>{backlinks}</p>\n")))),
        }
        out.extend(note);
        out.push(Event::Html(CowStr::from("</li>\n")));
    }
    out.push(Event::Html(CowStr::from("</ol>\n</section>\n")));
    let count = numbering.order.len();
    (out, count)
}

#[derive(Default)]
struct Numbering<'p> {
    prefix: &'p str,
    /// Normalized labels in numbering order.
    order: Vec<String>,
    number_of: HashMap<String, usize>,
    /// References made so far to each note, by number - 1.
    ref_counts: Vec<usize>,
}

impl Numbering<'_> {
    fn replace_refs<'a>(
        &mut self,
        mut events: Vec<Event<'a>>,
        defs: &Definitions<'a>,
    ) -> Vec<Event<'a>> {
        for event in &mut events {
            let Event::FootnoteReference(label) = event else {
                continue;
            };
            let norm = normalize_label(label);
            let known = defs.notes.contains_key(&norm) || self.number_of.contains_key(&norm);
            *event = if known {
                let number = self.number(norm);
                self.ref_counts[number - 1] += 1;
                let id = self.ref_id(number, self.ref_counts[number - 1]);
                let p = self.prefix;
                Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{p}fn-{number}\" id=\"{id}\" role=\"doc-noteref\">{number}</a></sup>"
                )))
            } else {
                Event::Text(CowStr::from(format!("[^{label}]")))
            };
        }
        events
    }

    fn number(&mut self, norm: String) -> usize {
        if let Some(&n) = self.number_of.get(&norm) {
            return n;
        }
        self.order.push(norm.clone());
        self.ref_counts.push(0);
        let n = self.order.len();
        self.number_of.insert(norm, n);
        n
    }

    fn ref_id(&self, number: usize, k: usize) -> String {
        if k <= 1 {
            format!("{}fnref-{number}", self.prefix)
        } else {
            format!("{}fnref-{number}-{k}", self.prefix)
        }
    }

    fn backlinks(&self, number: usize) -> String {
        let refs = self.ref_counts[number - 1].max(1);
        let mut html = String::new();
        for k in 1..=refs {
            let id = self.ref_id(number, k);
            let label = if refs > 1 {
                format!("Back to reference {number}, use {k}")
            } else {
                format!("Back to reference {number}")
            };
            html.push_str(&format!(
                " <a href=\"#{id}\" role=\"doc-backlink\" aria-label=\"{label}\">↩</a>"
            ));
        }
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_undefined_labels() {
        assert_eq!(
            undefined_references("a [^x] b [^ y ] [^] [^z"),
            vec![("x", 2), (" y ", 9)]
        );
    }

    #[test]
    fn label_normalization() {
        assert_eq!(normalize_label("  Foo   BAR "), "foo bar");
    }
}
