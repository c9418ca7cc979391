//! Shortcodes: `{{ name(args) }}` inline and `{% name(args) %}Markdown{% end %}` as a block.
//!
//! Steps, run by [`super::render_with`] before the Markdown is parsed, and only when
//! the text holds `{{` or `{%`:
//!
//! 1. [`code_ranges`]: the byte ranges of code spans and code blocks, found with
//!    pulldown-cmark's offset iterator. Shortcode syntax inside them stays text.
//! 2. [`parse_call`]: a call is `{{`/`{%`, a name, `(`, arguments, `)`, `}}`/`%}`.
//!    Arguments are `key=value` pairs separated by commas; a value is a string
//!    (`"…"` or `'…'`, with `\"`, `\\`, `\n` escapes), an integer, a decimal, `true`,
//!    `false`, or an array of those (`["a", "b"]`). Braces not followed by
//!    `name(` are left alone as text.
//! 3. A block's body runs to its matching `{% end %}` (blocks nest) and is rendered
//!    as Markdown first (links, pull quotes, figures, smart punctuation, inner
//!    shortcodes; footnotes are not numbered inside a body).
//! 4. The [`ShortcodeHost`] (the theme's `templates/shortcodes/NAME.html`) turns the
//!    call into HTML. A call with a string argument `src` also gets `image`, that
//!    source resolved like a Markdown image (URL with the base path, width, height).
//! 5. Each call is replaced in the text by a placeholder of private-use characters
//!    that Markdown leaves alone; [`Expanded::substitute`] swaps the HTML in after
//!    parsing (a block call alone in its paragraph replaces the paragraph) and
//!    [`Expanded::original_offset`] maps later notes back to the author's text.
//!
//! An unknown shortcode, a malformed call, an unclosed block, a stray `{% end %}`
//! and a template that fails are errors at the call, naming the shortcode.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::{Note, Options, ResolvedImage, Resolver, Spanned};
use crate::diagnostics::Severity;

/// An argument value of a shortcode call.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum ArgValue {
    /// `"text"` or `'text'`.
    Str(String),
    /// `3`, `-12`.
    Int(i64),
    /// `1.5`.
    Float(f64),
    /// `true`, `false`.
    Bool(bool),
    /// `["a", 2, true]`.
    Array(Vec<ArgValue>),
}

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
pub struct Expanded {
    /// The Markdown to parse.
    pub text: String,
    slots: Vec<Slot>,
}

/// A parsed call: its name, arguments and where its opening tag ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The shortcode's name.
    pub name: String,
    /// Arguments by name.
    pub args: BTreeMap<String, ArgValue>,
    /// Byte length of the tag, from its `{{`/`{%` to the end of `}}`/`%}`.
    pub len: usize,
}

/// The byte ranges of code spans and code blocks in `src`.
pub fn code_ranges(src: &str) -> Vec<Range<usize>> {
    Parser::new_ext(src, super::cmark_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

fn error(offset: usize, message: String, help: &str) -> Note {
    Note {
        offset,
        severity: Severity::Error,
        message,
        help: help.to_string(),
    }
}

/// Finds and renders every call in `src`. `None` when there is nothing to do (no
/// `{{`/`{%`, or a host that is not enabled). Errors go to `notes`, at offsets of
/// `src`; a failed call leaves its text in place.
pub fn expand(
    src: &str,
    options: &Options,
    resolver: &dyn Resolver,
    host: &dyn ShortcodeHost,
    notes: &mut Vec<Note>,
) -> Option<Expanded> {
    if !host.enabled() || !(src.contains("{{") || src.contains("{%")) {
        return None;
    }
    let code = code_ranges(src);
    let in_code = |p: usize| code.iter().any(|r| r.contains(&p));
    let mut out = Expanded::default();
    let mut copied = 0;
    let mut pos = 0;
    while let Some(found) = src[pos..].find(['{']) {
        let start = pos + found;
        pos = start + 1;
        let rest = &src[start..];
        let block = rest.starts_with("{%");
        if !(block || rest.starts_with("{{")) || in_code(start) {
            continue;
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
                continue;
            }
            Some(Err(message)) => {
                notes.push(error(start, message, "write arguments as key=\"text\", n=3, flag=true or list=[\"a\", \"b\"], separated by commas"));
                continue;
            }
            Some(Ok(call)) => call,
        };
        let tag_end = start + call.len;
        let (end, body) = if block {
            match find_end(src, tag_end, &in_code) {
                Some((body_end, end)) => (end, Some(tag_end..body_end)),
                None => {
                    notes.push(error(
                        start,
                        format!("shortcode `{}` is never closed", call.name),
                        "end the block with {% end %} on a line of its own",
                    ));
                    continue;
                }
            }
        } else {
            (tag_end, None)
        };
        let body_html = body.map(|r| {
            let fragment = trim_body(&src[r]);
            let offset = fragment.as_ptr() as usize - src.as_ptr() as usize;
            render_body(fragment, offset, options, resolver, host, notes)
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
                let index = out.slots.len();
                let new_start = out.text.len();
                out.text.push(OPEN);
                out.text.push_str(&index.to_string());
                out.text.push(CLOSE);
                out.slots.push(Slot {
                    new: new_start..out.text.len(),
                    orig: start..end,
                    html,
                    block,
                });
                copied = end;
                pos = end;
            }
            Err(e) => notes.push(host_error(start, &call.name, e)),
        }
    }
    out.text.push_str(&src[copied..]);
    Some(out)
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

/// Renders a block's body as a Markdown fragment; its notes are moved by `offset`.
fn render_body(
    fragment: &str,
    offset: usize,
    options: &Options,
    resolver: &dyn Resolver,
    host: &dyn ShortcodeHost,
    notes: &mut Vec<Note>,
) -> String {
    let mut inner = Vec::new();
    let html = super::render_fragment(fragment, options, resolver, host, &mut inner);
    notes.extend(inner.into_iter().map(|mut n| {
        n.offset += offset;
        n
    }));
    html
}

/// If `text` starts with `{% end %}`, its length.
fn is_end(text: &str) -> Option<usize> {
    let inner = text.strip_prefix("{%")?;
    let close = inner.find("%}")?;
    (inner[..close].trim() == "end").then_some(close + 4)
}

/// The block body's end and the end of its `{% end %}`, from `from` (just after the
/// opening tag), skipping nested blocks and code.
fn find_end(src: &str, from: usize, in_code: &dyn Fn(usize) -> bool) -> Option<(usize, usize)> {
    let mut depth = 1usize;
    let mut pos = from;
    while let Some(found) = src[pos..].find("{%") {
        let start = pos + found;
        pos = start + 2;
        if in_code(start) {
            continue;
        }
        if let Some(len) = is_end(&src[start..]) {
            depth -= 1;
            if depth == 0 {
                return Some((start, start + len));
            }
            pos = start + len;
        } else if let Some(Ok(call)) = parse_call(&src[start..]) {
            depth += 1;
            pos = start + call.len;
        }
    }
    None
}

/// Parses a call at the start of `text` (which starts with `{{` or `{%`).
///
/// `None` when it is not a call (no `name(` after the braces, or `end`);
/// `Some(Err(message))` when it is a call with a fault.
pub fn parse_call(text: &str) -> Option<Result<Call, String>> {
    let close = if text.starts_with("{{") { "}}" } else { "%}" };
    let mut p = Cursor { text, pos: 2 };
    p.skip_ws();
    let name = p.ident()?;
    if name == "end" {
        return None;
    }
    p.skip_ws();
    if !p.eat('(') {
        return None;
    }
    let name = name.to_string();
    let args = match p.args() {
        Ok(a) => a,
        Err(e) => return Some(Err(format!("shortcode `{name}`: {e}"))),
    };
    p.skip_ws();
    if !p.text[p.pos..].starts_with(close) {
        return Some(Err(format!(
            "shortcode `{name}`: expected `{close}` after the arguments"
        )));
    }
    Some(Ok(Call {
        name,
        args,
        len: p.pos + 2,
    }))
}

struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
    }
    fn ident(&mut self) -> Option<&'t str> {
        let rest = &self.text[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return None;
        }
        self.pos += len;
        Some(&rest[..len])
    }
    /// `key=value, …` up to and including `)`.
    fn args(&mut self) -> Result<BTreeMap<String, ArgValue>, String> {
        let mut args = BTreeMap::new();
        loop {
            self.skip_ws();
            if self.eat(')') {
                return Ok(args);
            }
            let key = self
                .ident()
                .ok_or("expected an argument name, as in src=\"a.jpg\"")?
                .to_string();
            self.skip_ws();
            if !self.eat('=') {
                return Err(format!("expected `=` after argument `{key}`"));
            }
            self.skip_ws();
            let value = self.value().map_err(|e| format!("argument `{key}`: {e}"))?;
            if args.insert(key.clone(), value).is_some() {
                return Err(format!("argument `{key}` is given twice"));
            }
            self.skip_ws();
            if !self.eat(',') {
                self.skip_ws();
                if self.eat(')') {
                    return Ok(args);
                }
                return Err("expected `,` or `)` after an argument".into());
            }
        }
    }
    fn value(&mut self) -> Result<ArgValue, String> {
        match self.peek() {
            Some(q @ ('"' | '\'')) => {
                self.pos += 1;
                self.string(q).map(ArgValue::Str)
            }
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.eat(']') {
                        return Ok(ArgValue::Array(items));
                    }
                    items.push(self.value()?);
                    self.skip_ws();
                    if !self.eat(',') {
                        self.skip_ws();
                        if self.eat(']') {
                            return Ok(ArgValue::Array(items));
                        }
                        return Err("expected `,` or `]` in the array".into());
                    }
                }
            }
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' => self.number(),
            _ => match self.ident() {
                Some("true") => Ok(ArgValue::Bool(true)),
                Some("false") => Ok(ArgValue::Bool(false)),
                Some(word) => Err(format!("`{word}` is not a value; quote text: \"{word}\"")),
                None => Err("expected a value: \"text\", a number, true, false or [a list]".into()),
            },
        }
    }
    fn string(&mut self, quote: char) -> Result<String, String> {
        let mut out = String::new();
        let mut chars = self.text[self.pos..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c == quote => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, e)) => out.push(e),
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err(format!("the text is never closed with {quote}"))
    }
    fn number(&mut self) -> Result<ArgValue, String> {
        let rest = &self.text[self.pos..];
        let len = rest
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit() || c == '.' || c == '_' || (i == 0 && (c == '-' || c == '+')))
            })
            .map_or(rest.len(), |(i, _)| i);
        let word = rest[..len].replace('_', "");
        self.pos += len;
        if let Ok(n) = word.parse::<i64>() {
            Ok(ArgValue::Int(n))
        } else {
            word.parse::<f64>()
                .map(ArgValue::Float)
                .map_err(|_| format!("`{}` is not a number", &rest[..len]))
        }
    }
}

impl Expanded {
    /// Maps a byte offset of [`Expanded::text`] back to the source given to [`expand`].
    pub fn original_offset(&self, offset: usize) -> usize {
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
    pub fn substitute<'a>(&self, events: Spanned<'a>) -> Spanned<'a> {
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
        let digits = text.strip_prefix(OPEN)?;
        let close = digits.find(CLOSE)?;
        let slot = self.slots.get(digits[..close].parse::<usize>().ok()?)?;
        Some((slot, OPEN.len_utf8() + close + CLOSE.len_utf8()))
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
mod tests {
    use super::*;

    fn args(text: &str) -> BTreeMap<String, ArgValue> {
        parse_call(text).unwrap().unwrap().args
    }

    #[test]
    fn parses_every_kind_of_argument() {
        let a = args(
            r#"{{ f(s="a \"q\"", t='x', n=3, m=-2.5, b=true, c=false, l=["x", 1, [true]],) }}"#,
        );
        assert_eq!(a["s"], ArgValue::Str("a \"q\"".into()));
        assert_eq!(a["t"], ArgValue::Str("x".into()));
        assert_eq!(a["n"], ArgValue::Int(3));
        assert_eq!(a["m"], ArgValue::Float(-2.5));
        assert_eq!(a["b"], ArgValue::Bool(true));
        assert_eq!(a["c"], ArgValue::Bool(false));
        assert_eq!(
            a["l"],
            ArgValue::Array(vec![
                ArgValue::Str("x".into()),
                ArgValue::Int(1),
                ArgValue::Array(vec![ArgValue::Bool(true)])
            ])
        );
    }

    #[test]
    fn not_a_call_is_text() {
        assert!(parse_call("{{ not a call }}").is_none());
        assert!(parse_call("{{}}").is_none());
        assert!(parse_call("{% end %}").is_none());
    }

    #[test]
    fn faults_name_the_shortcode() {
        for bad in [
            "{{ f(a) }}",
            "{{ f(a=) }}",
            "{{ f(a=b) }}",
            "{{ f(a=\"x) }}",
            "{{ f(a=1 b=2) }}",
            "{{ f(a=1) %}",
            "{{ f(a=1, a=2) }}",
        ] {
            let e = parse_call(bad).unwrap().unwrap_err();
            assert!(e.starts_with("shortcode `f`"), "{bad}: {e}");
        }
    }

    #[test]
    fn offsets_map_back() {
        let e = Expanded {
            text: "ab\u{E000}0\u{E001}cd".into(),
            slots: vec![Slot {
                new: 2..9,
                orig: 2..20,
                html: String::new(),
                block: false,
            }],
        };
        assert_eq!(e.original_offset(1), 1);
        assert_eq!(e.original_offset(4), 2);
        assert_eq!(e.original_offset(9), 20);
        assert_eq!(e.original_offset(10), 21);
    }
}
