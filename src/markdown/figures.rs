//! Images and figures.
//!
//! An image alone in its paragraph becomes
//! `<figure><img src alt loading="lazy" decoding="async" width height><figcaption>TITLE</figcaption></figure>`
//! (no `figcaption` without a title). Every other image becomes an `<img>` with the
//! same attributes. The source is resolved by the [`Resolver`] (bundle-relative,
//! `/static` or remote), which also gives the size read from the file. An image
//! with resized copies is wrapped in `<picture>` with one `<source>` (their
//! `srcset`, and [`Options::image_sizes`] as `sizes`).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{escape, escape_url, smart, stats, take, Options, Resolver};

/// Rewrites image events into `figure`/`img` HTML.
pub(crate) fn transform<'a>(
    mut events: Vec<Event<'a>>,
    resolver: &dyn Resolver,
    options: &Options,
) -> Vec<Event<'a>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Image { .. })))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Some(len) = lone_image(&events[i..]) {
            let (img, title) = image_html(&events[i + 1..i + len - 1], resolver, options);
            let mut html = String::with_capacity(img.len() + 64);
            html.push_str("<figure>");
            html.push_str(&img);
            if !title.is_empty() {
                html.push_str("<figcaption>");
                html.push_str(&escape(&title));
                html.push_str("</figcaption>");
            }
            html.push_str("</figure>\n");
            out.push(Event::Html(CowStr::from(html)));
            i += len;
        } else if let Event::Start(Tag::Image { .. }) = &events[i] {
            let end = i + image_end(&events[i..]);
            let (img, _) = image_html(&events[i..=end], resolver, options);
            out.push(Event::InlineHtml(CowStr::from(img)));
            i = end + 1;
        } else {
            out.push(take(&mut events[i]));
            i += 1;
        }
    }
    out
}

/// If `events` starts with a paragraph holding only one image (and white space),
/// the number of events up to and including the paragraph's end.
fn lone_image(events: &[Event<'_>]) -> Option<usize> {
    if !matches!(events.first(), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    let mut image_seen = false;
    let mut i = 1;
    while i < events.len() {
        match &events[i] {
            Event::End(TagEnd::Paragraph) => return image_seen.then_some(i + 1),
            Event::Start(Tag::Image { .. }) if !image_seen => {
                image_seen = true;
                i += image_end(&events[i..]);
            }
            Event::Text(t) if t.trim().is_empty() => {}
            Event::SoftBreak => {}
            _ => return None,
        }
        i += 1;
    }
    None
}

/// The index of the `End(Image)` matching `events[0]`.
fn image_end(events: &[Event<'_>]) -> usize {
    events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Image)))
        .unwrap_or(events.len() - 1)
}

/// The `<img>` for the events from `Start(Image)` to `End(Image)`, and its title.
fn image_html(
    events: &[Event<'_>],
    resolver: &dyn Resolver,
    options: &Options,
) -> (String, String) {
    let (smart_punctuation, sizes) = (options.smart_punctuation, options.image_sizes.as_str());
    let (src, title) = match events.first() {
        Some(Event::Start(Tag::Image {
            dest_url, title, ..
        })) => (dest_url.as_ref(), title.as_ref()),
        _ => ("", ""),
    };
    let resolved = resolver.image(src);
    let mut alt = stats::plain_text(&events[1..events.len().saturating_sub(1)]);
    let mut title = title.to_string();
    if smart_punctuation {
        alt = smart::apply_str(&alt);
        title = smart::apply_str(&title);
    }
    let mut html = String::new();
    if !resolved.srcset.is_empty() {
        let sizes = if sizes.is_empty() { "100vw" } else { sizes };
        html.push_str(&format!(
            "<picture><source type=\"{}\" srcset=\"{}\" sizes=\"{}\">",
            resolved.srcset_type(),
            escape(&resolved.srcset_attr()),
            escape(sizes)
        ));
    }
    html.push_str(&format!(
        "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\"",
        escape_url(&resolved.url),
        escape(&alt)
    ));
    if let (Some(w), Some(h)) = (resolved.width, resolved.height) {
        html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    html.push('>');
    if !resolved.srcset.is_empty() {
        html.push_str("</picture>");
    }
    (html, title)
}
