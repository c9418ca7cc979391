//! Shortcodes: `{{ name(args) }}` inline and `{% name(args) %}Markdown{% end %}` as a block.
//!
//! Steps, run by [`super::render_with`] before the Markdown is parsed, and only when
//! the text holds `{{` or `{%`:
//!
//! 1. [`code_ranges`]: the byte ranges of code spans and code blocks, found with
//!    pulldown-cmark's offset iterator, and of HTML comments (`<!-- … -->`).
//!    Shortcode syntax inside them stays text, unchecked.
//! 2. [`parse_call`]: a call is `{{`/`{%`, a name, `(`, arguments, `)`, `}}`/`%}`.
//!    Arguments are `key=value` pairs separated by commas; a value is a string
//!    (`"…"` or `'…'`, with `\"`, `\\`, `\n` escapes), an integer, a decimal, `true`,
//!    `false`, or an array of those (`["a", "b"]`). Braces not followed by
//!    `name(` are left alone as text.
//! 3. A block's body runs to its matching `{% end %}` (blocks nest) and is rendered
//!    as Markdown first (links, pull quotes, figures, smart punctuation, inner
//!    shortcodes; footnotes are not numbered inside a body). When the opening tag
//!    sits in a block quote (`> {% sidebar() %}`), the same `>` markers are taken
//!    off the start of each body line, so the body is not a quote of its own; the
//!    shortcode's HTML stays inside the quote.
//! 4. The [`ShortcodeHost`] (the theme's `templates/shortcodes/NAME.html`) turns the
//!    call into HTML. A call with a string argument `src` also gets `image`, that
//!    source resolved like a Markdown image (URL with the base path, width, height).
//! 5. Each call is replaced in the text by a placeholder of private-use characters
//!    that Markdown leaves alone, holding a token derived from a hash of the text,
//!    so text that contains those characters is never taken for a call; [`Expanded::substitute`] swaps the HTML in after
//!    parsing (a block call alone in its paragraph replaces the paragraph) and
//!    [`Expanded::original_offset`] maps later notes back to the author's text.
//!
//! An unknown shortcode, a malformed call, an unclosed block, a stray `{% end %}`,
//! an argument a built-in shortcode does not take ([`BUILTIN_ARGS`]) and a template
//! that fails are errors at the call, naming the shortcode.

mod scan;
mod syntax;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Note, Options, ResolvedImage, Resolver, Spanned};
use crate::diagnostics::Severity;
pub(crate) use scan::{code_ranges, Ranges};
use scan::{quote_prefix, strip_quote_markers};
use syntax::is_end;
pub(crate) use syntax::{parse_call, ArgValue, Call};

/// One call, as the host sees it.
#[derive(Debug, Clone)]
pub struct Invocation<'a> {
    /// The shortcode's name (`figure`).
    pub name: &'a str,
    /// The arguments by name.
    pub args: &'a BTreeMap<String, ArgValue>,
    /// A block's body, rendered to HTML; `None` for an inline call.
    pub body: Option<&'a str>,
    /// The `src` argument resolved as an image, when there is one.
    pub image: Option<ResolvedImage>,
}

/// Why a host could not render a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostError {
    /// No template of that name; the names that exist.
    Unknown(Vec<String>),
    /// The template failed (a missing argument, a `throw`): the explanation.
    Failed(String),
}

/// Renders shortcodes; implemented with Tera by `render::templates`.
pub trait ShortcodeHost: Sync {
    /// HTML for one call.
    ///
    /// Errors: [`HostError::Unknown`] when there is no such shortcode,
    /// [`HostError::Failed`] when its template fails.
    fn render(&self, call: &Invocation<'_>) -> Result<String, HostError>;
    /// True when `name` is one of the built-in shortcodes of the default theme (not
    /// replaced by the site or its theme): then its arguments are checked against
    /// [`BUILTIN_ARGS`]. Shortcodes a site defines take any argument.
    fn is_builtin(&self, _name: &str) -> bool {
        false
    }
    /// False for a host that renders nothing; then shortcode syntax stays text.
    fn enabled(&self) -> bool {
        true
    }
}

/// A host without shortcodes: their syntax is left as text.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoShortcodes;

impl ShortcodeHost for NoShortcodes {
    fn render(&self, _call: &Invocation<'_>) -> Result<String, HostError> {
        Err(HostError::Unknown(Vec::new()))
    }
    fn enabled(&self) -> bool {
        false
    }
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The arguments each built-in shortcode takes (see its template in
/// `themes/default/templates/shortcodes/`).
pub(crate) const BUILTIN_ARGS: &[(&str, &[&str])] = &[
    ("figure", &["src", "alt", "credit", "caption", "class"]),
    ("pullquote", &["text", "cite"]),
    ("sidebar", &["title"]),
];

/// A token no author can type: the start of the SHA-256 of the text itself (a text
/// holding its own hash is out of reach), so builds stay reproducible.
fn nonce(src: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(src.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One placeholder: where it is in the new text and what it stood for.
#[derive(Debug, Clone)]
struct Slot {
    new: Range<usize>,
    orig: Range<usize>,
    html: String,
    block: bool,
}

/// The text with every call replaced by a placeholder, and the HTML for each.
#[derive(Debug, Default)]
pub(crate) struct Expanded {
    /// The Markdown to parse.
    pub text: String,
    slots: Vec<Slot>,
    /// This render's token, between the opening character and a slot's number.
    nonce: String,
}

/// An error for an argument that built-in shortcode `name` does not take, if any.
fn check_builtin_args(name: &str, call: &Call, offset: usize) -> Option<Note> {
    let (_, known) = BUILTIN_ARGS.iter().find(|(n, _)| *n == name)?;
    let bad = call.args.keys().find(|k| !known.contains(&k.as_str()))?;
    let help = match crate::diagnostics::did_you_mean(bad, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? `{name}` takes {}", known.join(", ")),
        None => format!("`{name}` takes {}", known.join(", ")),
    };
    Some(error(
        offset,
        format!("shortcode `{name}` has no argument `{bad}`"),
        &help,
    ))
}

fn error(offset: usize, message: String, help: &str) -> Note {
    Note {
        offset,
        severity: Severity::Error,
        message,
        help: help.to_string(),
    }
}

/// How deep block shortcodes may nest (a sidebar in a sidebar is 2). Each level
/// renders its body with a recursive call: the bound keeps the stack bounded
/// whatever a file holds.
pub(crate) const MAX_NESTING: usize = 32;

/// Finds and renders every call in `src`, a body or (at `depth` > 0) the body
/// of a block shortcode nested `depth` deep. `None` when there is nothing to do
/// (no `{{`/`{%`, or a host that is not enabled). Errors go to `notes`, at
/// offsets of `src`; a failed call leaves its text in place, and so does a block
/// nested deeper than [`MAX_NESTING`].
pub(crate) fn expand(
    src: &str,
    depth: usize,
    options: &Options,
    resolver: &dyn Resolver,
    host: &dyn ShortcodeHost,
    notes: &mut Vec<Note>,
) -> Option<Expanded> {
    if !host.enabled() || !(src.contains("{{") || src.contains("{%")) {
        return None;
    }
    let code = code_ranges(src);
    let in_code = |p: usize| code.contains(p);
    let ends = block_ends(src, &code);
    let mut out = Expanded {
        nonce: nonce(src),
        ..Expanded::default()
    };
    let mut copied = 0;
    let mut pos = 0;
    while let Some(found) = src[pos..].find('{') {
        let start = pos + found;
        pos = start + 1;
        if in_code(start) {
            continue;
        }
        let Some(located) = locate(src, start, &ends, notes) else {
            continue;
        };
        let Located { call, end, body } = located;
        if body.is_some() && depth >= MAX_NESTING {
            notes.push(error(
                start,
                format!("shortcode `{}` is nested more than {MAX_NESTING} deep", call.name),
                "close the blocks around it with {% end %}; a block shortcode holds at most a few others",
            ));
            pos = end;
            continue;
        }
        if host.is_builtin(&call.name) {
            if let Some(note) = check_builtin_args(&call.name, &call, start) {
                notes.push(note);
                pos = end;
                continue;
            }
        }
        let body_html = body.map(|r| {
            let fragment = trim_body(&src[r]);
            let offset = fragment.as_ptr() as usize - src.as_ptr() as usize;
            match quote_prefix(src, start) {
                Some(prefix) => {
                    let depth = prefix.matches('>').count();
                    let unquoted = strip_quote_markers(fragment, depth);
                    let unquoted = trim_body(&unquoted);
                    render_body(
                        unquoted,
                        (offset, depth + 1),
                        options,
                        resolver,
                        host,
                        notes,
                    )
                }
                None => render_body(
                    fragment,
                    (offset, depth + 1),
                    options,
                    resolver,
                    host,
                    notes,
                ),
            }
        });
        let image = match call.args.get("src") {
            Some(ArgValue::Str(s)) => Some(resolver.image(s)),
            _ => None,
        };
        let invocation = Invocation {
            name: &call.name,
            args: &call.args,
            body: body_html.as_deref(),
            image,
        };
        match host.render(&invocation) {
            Ok(html) => {
                out.text.push_str(&src[copied..start]);
                out.push_slot(start..end, html, body_html.is_some());
                copied = end;
                pos = end;
            }
            Err(e) => {
                notes.push(host_error(start, &call.name, e));
                pos = end;
            }
        }
    }
    out.text.push_str(&src[copied..]);
    Some(out)
}

/// A call found in the text: the call, the end of its text (after `{% end %}` for a
/// block) and a block's body.
struct Located {
    call: Call,
    end: usize,
    body: Option<Range<usize>>,
}

/// The call starting at `start`, if there is one; faults go to `notes`.
fn locate(
    src: &str,
    start: usize,
    ends: &HashMap<usize, (usize, usize)>,
    notes: &mut Vec<Note>,
) -> Option<Located> {
    let rest = &src[start..];
    let block = rest.starts_with("{%");
    if !(block || rest.starts_with("{{")) {
        return None;
    }
    let call = match parse_call(rest) {
        None => {
            if block && is_end(rest).is_some() {
                notes.push(error(
                    start,
                    "`{% end %}` closes no shortcode".into(),
                    "remove it, or open a block shortcode before it: {% sidebar(title=\"…\") %}",
                ));
            }
            return None;
        }
        Some(Err(message)) => {
            notes.push(error(
                start,
                message,
                "write arguments as key=\"text\", n=3, flag=true or list=[\"a\", \"b\"], separated by commas",
            ));
            return None;
        }
        Some(Ok(call)) => call,
    };
    let tag_end = start + call.len;
    if !block {
        return Some(Located {
            call,
            end: tag_end,
            body: None,
        });
    }
    match ends.get(&start).copied() {
        Some((body_end, end)) => Some(Located {
            call,
            end,
            body: Some(tag_end..body_end),
        }),
        None => {
            notes.push(error(
                start,
                format!("shortcode `{}` is never closed", call.name),
                "end the block with {% end %} on a line of its own",
            ));
            None
        }
    }
}

fn host_error(offset: usize, name: &str, e: HostError) -> Note {
    match e {
        HostError::Unknown(available) => error(
            offset,
            format!("unknown shortcode `{name}`"),
            &format!(
                "shortcodes available: {}; a shortcode is a template templates/shortcodes/{name}.html",
                if available.is_empty() { "none".to_string() } else { available.join(", ") }
            ),
        ),
        HostError::Failed(why) => error(
            offset,
            format!("shortcode `{name}`: {why}"),
            "check the shortcode's arguments against its template",
        ),
    }
}

/// A body without the line break after the opening tag and before `{% end %}`.
fn trim_body(body: &str) -> &str {
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    body.trim_end()
}

/// Renders a block's body, nested `depth` deep, as a Markdown fragment; its
/// notes are moved by `offset`.
fn render_body(
    fragment: &str,
    (offset, depth): (usize, usize),
    options: &Options,
    resolver: &dyn Resolver,
    host: &dyn ShortcodeHost,
    notes: &mut Vec<Note>,
) -> String {
    let mut inner = Vec::new();
    let html = super::render_fragment(fragment, depth, options, resolver, host, &mut inner);
    let code = code_ranges(fragment);
    if let Some(at) = fragment
        .match_indices("[^")
        .map(|(i, _)| i)
        .find(|&i| !code.contains(i))
    {
        inner.push(Note {
            offset: at,
            severity: Severity::Warning,
            message: "a footnote reference inside a shortcode's body is not numbered".into(),
            help: "put the reference in the text just before or after the shortcode".into(),
        });
    }
    notes.extend(inner.into_iter().map(|mut n| {
        n.offset += offset;
        n
    }));
    html
}

/// Where each block's body ends and its `{% end %}` ends, by the offset of its
/// opening tag, for every block in `src` outside code: one pass with a stack of
/// open blocks (an `end` closes the innermost), so a file of thousands of
/// unclosed blocks costs one reading, not one per block.
fn block_ends(src: &str, code: &Ranges) -> HashMap<usize, (usize, usize)> {
    let mut ends = HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    let mut pos = 0;
    while let Some(found) = src[pos..].find("{%") {
        let start = pos + found;
        pos = start + 2;
        if code.contains(start) {
            continue;
        }
        if let Some(len) = is_end(&src[start..]) {
            if let Some(opener) = open.pop() {
                ends.insert(opener, (start, start + len));
            }
            pos = start + len;
        } else if let Some(Ok(call)) = parse_call(&src[start..]) {
            open.push(start);
            pos = start + call.len;
        }
    }
    ends
}

impl Expanded {
    /// Appends the placeholder of a call that stood at `orig` in the source.
    fn push_slot(&mut self, orig: Range<usize>, html: String, block: bool) {
        let index = self.slots.len();
        let new_start = self.text.len();
        self.text.push(OPEN);
        self.text.push_str(&self.nonce);
        self.text.push('-');
        self.text.push_str(&index.to_string());
        self.text.push(CLOSE);
        self.slots.push(Slot {
            new: new_start..self.text.len(),
            orig,
            html,
            block,
        });
    }

    /// Maps a byte offset of [`Expanded::text`] back to the source given to [`expand`].
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        let mut mapped = offset;
        for slot in &self.slots {
            if slot.new.start > offset {
                break;
            }
            if offset < slot.new.end {
                return slot.orig.start;
            }
            mapped = offset - slot.new.end + slot.orig.end;
        }
        mapped
    }

    /// Replaces the placeholders in parsed events with the calls' HTML. A block call
    /// alone in its paragraph replaces the paragraph; elsewhere it splits the paragraph.
    pub(crate) fn substitute<'a>(&self, events: Spanned<'a>) -> Spanned<'a> {
        let mut out: Spanned<'a> = Vec::with_capacity(events.len());
        let mut in_paragraph = false;
        let mut events = events.into_iter().peekable();
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::Paragraph) => {
                    in_paragraph = true;
                    out.push((event, range));
                }
                Event::End(TagEnd::Paragraph) => {
                    in_paragraph = false;
                    if matches!(out.last(), Some((Event::Start(Tag::Paragraph), _))) {
                        out.pop();
                    } else {
                        out.push((event, range));
                    }
                }
                Event::Text(text) if text.contains(OPEN) => {
                    // A call alone in its paragraph replaces the paragraph.
                    let alone = matches!(out.last(), Some((Event::Start(Tag::Paragraph), _)))
                        && matches!(events.peek(), Some((Event::End(TagEnd::Paragraph), _)))
                        && self
                            .slot_at(text.trim())
                            .is_some_and(|(_, len)| len == text.trim().len());
                    if let (true, Some((slot, _))) = (alone, self.slot_at(text.trim())) {
                        out.pop();
                        events.next();
                        in_paragraph = false;
                        out.push((Event::Html(CowStr::from(slot.html.clone())), range));
                    } else {
                        self.split_text(&text, range, in_paragraph, &mut out);
                    }
                }
                // A line break right after a paragraph was split for a block.
                Event::SoftBreak | Event::HardBreak
                    if matches!(out.last(), Some((Event::Start(Tag::Paragraph), _))) => {}
                Event::Html(html) if html.contains(OPEN) => {
                    out.push((Event::Html(CowStr::from(self.fill(&html))), range));
                }
                Event::InlineHtml(html) if html.contains(OPEN) => {
                    out.push((Event::InlineHtml(CowStr::from(self.fill(&html))), range));
                }
                other => out.push((other, range)),
            }
        }
        out
    }

    /// The slot of a placeholder at the start of `text`, and the placeholder's length.
    fn slot_at(&self, text: &str) -> Option<(&Slot, usize)> {
        let token = text.strip_prefix(OPEN)?.strip_prefix(self.nonce.as_str())?;
        let digits = token.strip_prefix('-')?;
        let close = digits.find(CLOSE)?;
        let slot = self.slots.get(digits[..close].parse::<usize>().ok()?)?;
        Some((
            slot,
            OPEN.len_utf8() + self.nonce.len() + 1 + close + CLOSE.len_utf8(),
        ))
    }

    fn fill(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(i) = rest.find(OPEN) {
            out.push_str(&rest[..i]);
            match self.slot_at(&rest[i..]) {
                Some((slot, len)) => {
                    out.push_str(&slot.html);
                    rest = &rest[i + len..];
                }
                None => {
                    out.push(OPEN);
                    rest = &rest[i + OPEN.len_utf8()..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn split_text<'a>(
        &self,
        text: &str,
        range: Range<usize>,
        in_paragraph: bool,
        out: &mut Spanned<'a>,
    ) {
        let mut rest = text;
        let push_text = |s: &str, out: &mut Spanned<'a>| {
            if !s.is_empty() {
                out.push((Event::Text(CowStr::from(s.to_string())), range.clone()));
            }
        };
        while let Some(i) = rest.find(OPEN) {
            let Some((slot, len)) = self.slot_at(&rest[i..]) else {
                push_text(&rest[..i + OPEN.len_utf8()], out);
                rest = &rest[i + OPEN.len_utf8()..];
                continue;
            };
            push_text(&rest[..i], out);
            let html = CowStr::from(slot.html.clone());
            if slot.block && in_paragraph {
                if matches!(out.last(), Some((Event::SoftBreak, _))) {
                    out.pop();
                }
                if matches!(out.last(), Some((Event::Start(Tag::Paragraph), _))) {
                    out.pop();
                } else {
                    out.push((Event::End(TagEnd::Paragraph), range.clone()));
                }
                out.push((Event::Html(html), range.clone()));
                out.push((Event::Start(Tag::Paragraph), range.clone()));
            } else {
                out.push((Event::InlineHtml(html), range.clone()));
            }
            rest = rest[i + len..].trim_start_matches(if slot.block { "\n" } else { "" });
        }
        push_text(rest, out);
    }
}

#[cfg(test)]
mod tests;
