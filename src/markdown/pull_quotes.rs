//! Pull quotes: a block quote whose first line is `[!PULLQUOTE]`.
//!
//! ```text
//! > [!PULLQUOTE]
//! > The quoted words.
//! > — Who said them
//! ```
//!
//! renders as `<aside class="pullquote"><blockquote><p>The quoted words.</p>
//! </blockquote><cite>Who said them</cite></aside>`. The cite is the last line of the
//! last paragraph when it starts with `—` or `--`; per the HTML standard the
//! attribution sits outside the `blockquote`, inside the `aside`. The marker is
//! matched without regard to case.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::take;

const MARKER: &str = "[!PULLQUOTE]";

/// True when `events` starts with a block quote that is a pull quote.
pub(crate) fn is_start(events: &[Event<'_>]) -> bool {
    matches!(
        events,
        [Event::Start(Tag::BlockQuote(_)), Event::Start(Tag::Paragraph), Event::Text(t), ..]
            if t.trim_start().get(..MARKER.len()).is_some_and(|m| m.eq_ignore_ascii_case(MARKER))
    )
}

/// The index, relative to `events[0]` (a `Start`), of its matching `End`.
pub(crate) fn matching_end(events: &[Event<'_>]) -> usize {
    let mut depth = 0usize;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Replaces every pull quote in `events` with its `aside` markup.
pub(crate) fn transform(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Text(t) if t.contains(']')))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if is_start(&events[i..]) {
            let end = i + matching_end(&events[i..]);
            out.extend(render(events[i + 1..end].iter_mut().map(take).collect()));
            i = end + 1;
        } else {
            out.push(take(&mut events[i]));
            i += 1;
        }
    }
    out
}

/// Renders the inside of a pull quote (the events between its block-quote tags).
fn render(mut inner: Vec<Event<'_>>) -> Vec<Event<'_>> {
    strip_marker(&mut inner);
    let cite = take_cite(&mut inner);
    let mut out = Vec::with_capacity(inner.len() + 6);
    out.push(Event::Html(CowStr::from(
        "<aside class=\"pullquote\"><blockquote>\n",
    )));
    out.extend(inner);
    out.push(Event::Html(CowStr::from("</blockquote>")));
    if let Some(cite) = cite {
        out.push(Event::Html(CowStr::from("<cite>")));
        out.extend(cite);
        out.push(Event::Html(CowStr::from("</cite>")));
    }
    out.push(Event::Html(CowStr::from("</aside>\n")));
    out
}

/// Removes the marker, the line break after it, and the paragraph if it held only
/// the marker.
fn strip_marker(inner: &mut Vec<Event<'_>>) {
    let Some(Event::Text(text)) = inner.get(1) else {
        return;
    };
    let rest = text.trim_start()[MARKER.len()..].trim_start().to_string();
    if rest.is_empty() {
        inner.remove(1);
        if matches!(inner.get(1), Some(Event::SoftBreak | Event::HardBreak)) {
            inner.remove(1);
        }
        if matches!(inner.get(1), Some(Event::End(TagEnd::Paragraph))) {
            inner.drain(0..2);
        }
    } else {
        inner[1] = Event::Text(CowStr::from(rest));
    }
}

/// Cuts the cite line (`— Name` or `-- Name`) off the last paragraph.
fn take_cite<'a>(inner: &mut Vec<Event<'a>>) -> Option<Vec<Event<'a>>> {
    let last_end = inner
        .iter()
        .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))?;
    let start = inner[..last_end]
        .iter()
        .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))?;
    let line_start = inner[start + 1..last_end]
        .iter()
        .rposition(|e| matches!(e, Event::SoftBreak | Event::HardBreak))
        .map(|p| start + 1 + p + 1);
    let first = line_start.unwrap_or(start + 1);
    let Some(Event::Text(text)) = inner.get(first) else {
        return None;
    };
    let trimmed = text.trim_start();
    let name = trimmed
        .strip_prefix('—')
        .or_else(|| trimmed.strip_prefix("--"))
        .or_else(|| trimmed.strip_prefix('―'))?
        .trim_start_matches('-')
        .trim_start()
        .to_string();
    // A paragraph that is only the cite line goes whole, unless it is the only one.
    if line_start.is_none()
        && inner
            .iter()
            .filter(|e| matches!(e, Event::Start(Tag::Paragraph)))
            .count()
            < 2
    {
        return None;
    }
    let mut cite: Vec<Event<'a>> = inner.drain(first..last_end).collect();
    cite[0] = Event::Text(CowStr::from(name));
    match line_start {
        Some(ls) => {
            inner.remove(ls - 1); // the line break before the cite
        }
        None => {
            inner.drain(start..start + 2); // the emptied paragraph's Start and End
        }
    }
    Some(cite)
}
