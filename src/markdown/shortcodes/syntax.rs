//! The syntax of a shortcode call: `{{ name(key=value, …) }}` or `{% name(…) %}`,
//! and `{% end %}`. See the parent module for the rules.

use std::collections::BTreeMap;

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

/// A parsed call: its name, arguments and where its opening tag ends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    /// The shortcode's name.
    pub name: String,
    /// Arguments by name.
    pub args: BTreeMap<String, ArgValue>,
    /// Byte length of the tag, from its `{{`/`{%` to the end of `}}`/`%}`.
    pub len: usize,
}

/// If `text` starts with `{% end %}`, its length.
pub(super) fn is_end(text: &str) -> Option<usize> {
    let inner = text.strip_prefix("{%")?;
    let close = inner.find("%}")?;
    (inner[..close].trim() == "end").then_some(close + 4)
}

/// Parses a call at the start of `text` (which starts with `{{` or `{%`).
///
/// `None` when it is not a call (no `name(` after the braces, or `end`);
/// `Some(Err(message))` when it is a call with a fault.
pub(crate) fn parse_call(text: &str) -> Option<Result<Call, String>> {
    let close = if text.starts_with("{{") { "}}" } else { "%}" };
    let mut p = Cursor {
        text,
        pos: 2,
        depth: 0,
    };
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

/// How deep lists may nest in an argument (`[["a"]]` is 2): the parser, the
/// value's drop and its conversion for templates all recurse per level.
const MAX_LIST_DEPTH: usize = 8;

struct Cursor<'t> {
    text: &'t str,
    pos: usize,
    /// How many `[` are open.
    depth: usize,
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
                self.depth += 1;
                if self.depth > MAX_LIST_DEPTH {
                    return Err(format!(
                        "lists nest at most {MAX_LIST_DEPTH} deep in an argument"
                    ));
                }
                let items = self.list_items()?;
                self.depth -= 1;
                Ok(ArgValue::Array(items))
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
    /// The items of a list whose `[` was just read, up to and including `]`.
    fn list_items(&mut self) -> Result<Vec<ArgValue>, String> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.eat(']') {
                return Ok(items);
            }
            items.push(self.value()?);
            self.skip_ws();
            if !self.eat(',') {
                self.skip_ws();
                if self.eat(']') {
                    return Ok(items);
                }
                return Err("expected `,` or `]` in the array".into());
            }
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
}
