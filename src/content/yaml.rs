//! YAML front matter (between `---` lines), for sites that come from Hugo or Jekyll.
//!
//! The YAML is parsed with saphyr (a maintained, YAML 1.2 parser that keeps the
//! position of every node) into a small tree of [`Node`]s whose spans are byte
//! ranges in the front matter, exactly like the spans the TOML parser gives. The tree
//! is a serde `Deserializer` that also speaks serde_spanned's protocol, so the very
//! same raw structs (with `toml::Spanned` fields and `deny_unknown_fields`) and the
//! very same validators serve both languages, and every error carries the line and
//! column of the offending key or value.
//!
//! YAML `null` values (`image:` with nothing after it) count as absent keys. YAML
//! 1.2 has no date type: `date: 2023-01-10` is a string, which mag's date parser
//! accepts.

use std::fmt;
use std::ops::Range;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

use crate::diagnostics::{did_you_mean, Diagnostic, LineIndex};

/// A YAML value with its byte range in the front matter.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    kind: Kind,
    span: Range<usize>,
}

#[derive(Debug, Clone)]
enum Kind {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// An error met while turning YAML into a raw front-matter struct: the message and,
/// where known, the byte range in the front matter it is about.
#[derive(Debug, Clone)]
pub(crate) struct Error {
    message: String,
    span: Option<Range<usize>>,
}

impl Error {
    fn at(mut self, span: &Range<usize>) -> Self {
        if self.span.is_none() {
            self.span = Some(span.clone());
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            span: None,
        }
    }
}

/// Parses the YAML text `front_matter` into `T`.
///
/// Errors: a YAML syntax error, front matter that is not a mapping of keys to values,
/// YAML aliases, and every error `T`'s deserialization reports (unknown keys, wrong
/// types), each with its span in `front_matter`.
pub(crate) fn from_str<T: DeserializeOwned>(front_matter: &str) -> Result<T, Error> {
    let offsets = Offsets::new(front_matter);
    check_depth(front_matter, &offsets)?;
    let docs = MarkedYaml::load_from_str(front_matter).map_err(|e| {
        let m = e.marker();
        let at = offsets.byte(m.line(), m.col());
        Error {
            message: format!("invalid YAML: {}", e.info()),
            span: Some(at..at),
        }
    })?;
    let root = match docs.first() {
        None => Node {
            kind: Kind::Map(Vec::new()),
            span: 0..0,
        },
        Some(doc) => match convert(doc, &offsets)? {
            Some(node) => node,
            None => Node {
                kind: Kind::Map(Vec::new()),
                span: 0..0,
            },
        },
    };
    if !matches!(root.kind, Kind::Map(_)) {
        return Err(Error {
            message: "the front matter must be `key: value` lines".into(),
            span: Some(root.span),
        });
    }
    T::deserialize(root)
}

/// Turns a deserialization error into a diagnostic positioned in the whole file.
///
/// `base_offset` is the byte offset of the front matter in the file; `known_keys`
/// feeds the "did you mean" hint for unknown keys.
pub(crate) fn diagnostic(
    err: &Error,
    file: &str,
    index: &LineIndex,
    base_offset: usize,
    known_keys: &[&str],
) -> Diagnostic {
    let raw = err.message.trim();
    let unknown = raw
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next());
    let mut d = match unknown {
        Some(key) => {
            let help = match did_you_mean(key, known_keys.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? Custom data goes under extra:."),
                None => format!(
                    "the keys allowed here are: {}. Custom data goes under extra:.",
                    known_keys.join(", ")
                ),
            };
            Diagnostic::error(file.to_string(), format!("unknown key `{key}`")).with_help(help)
        }
        None if raw.starts_with("invalid YAML") => {
            Diagnostic::error(file.to_string(), raw.to_string())
                .with_help("YAML front matter is `key: value` lines between two --- lines")
        }
        None => Diagnostic::error(file.to_string(), format!("invalid front matter: {raw}")),
    };
    if let Some(span) = &err.span {
        d = d.at_offset(index, base_offset + span.start);
    }
    d
}

/// Maps saphyr's (1-based line, 0-based character column) to byte offsets.
struct Offsets<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Offsets { text, line_starts }
    }

    fn byte(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(col)
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

/// How deep mappings and sequences may nest in YAML front matter.
const MAX_DEPTH: usize = 64;

/// An error at the first mapping or sequence nested deeper than [`MAX_DEPTH`],
/// found by saphyr's event parser (which keeps no tree) before anything is
/// built: loading, converting and dropping a tree recurse once per level, and a
/// thousand nested `key:` lines overflowed the stack. A syntax error is left to
/// the loader, which reports it with its position.
fn check_depth(front_matter: &str, offsets: &Offsets<'_>) -> Result<(), Error> {
    use saphyr_parser::{Event, Parser};
    let mut depth = 0usize;
    for event in Parser::new_from_str(front_matter) {
        match event {
            Ok((Event::MappingStart(..) | Event::SequenceStart(..), span)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let at = offsets.byte(span.start.line(), span.start.col());
                    return Err(Error {
                        message: format!(
                            "YAML front matter nests more than {MAX_DEPTH} levels deep"
                        ),
                        span: Some(at..at),
                    });
                }
            }
            Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

/// saphyr's node → [`Node`]; `None` for a null.
fn convert(y: &MarkedYaml<'_>, offsets: &Offsets<'_>) -> Result<Option<Node>, Error> {
    let span = offsets.byte(y.span.start.line(), y.span.start.col())
        ..offsets.byte(y.span.end.line(), y.span.end.col());
    let kind = match &y.data {
        YamlData::Value(Scalar::Null) => return Ok(None),
        YamlData::Value(Scalar::Boolean(b)) => Kind::Bool(*b),
        YamlData::Value(Scalar::Integer(i)) => Kind::Int(*i),
        YamlData::Value(Scalar::FloatingPoint(f)) => Kind::Float(f.into_inner()),
        YamlData::Value(Scalar::String(s)) => Kind::Str(s.to_string()),
        YamlData::Representation(s, _, _) => Kind::Str(s.to_string()),
        YamlData::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.extend(convert(item, offsets)?);
            }
            Kind::Seq(out)
        }
        YamlData::Mapping(map) => {
            let mut out = Vec::with_capacity(map.len());
            for (k, v) in map {
                let Some(key) = convert(k, offsets)? else {
                    continue;
                };
                let key = match key.kind {
                    Kind::Str(_) => key,
                    Kind::Int(i) => Node {
                        kind: Kind::Str(i.to_string()),
                        span: key.span,
                    },
                    _ => {
                        return Err(Error {
                            message: "a key must be a plain word".into(),
                            span: Some(key.span),
                        })
                    }
                };
                if let Some(value) = convert(v, offsets)? {
                    out.push((key, value));
                }
            }
            Kind::Map(out)
        }
        YamlData::Tagged(_, inner) => return convert(inner, offsets),
        YamlData::Alias(_) => {
            return Err(Error {
                message: "YAML aliases (*name) are not supported in front matter".into(),
                span: Some(span),
            })
        }
        YamlData::BadValue => {
            return Err(Error {
                message: "this value cannot be read".into(),
                span: Some(span),
            })
        }
    };
    Ok(Some(Node { kind, span }))
}

impl<'de> IntoDeserializer<'de, Error> for Node {
    type Deserializer = Node;
    fn into_deserializer(self) -> Node {
        self
    }
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let span = self.span;
        let result = match self.kind {
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::Int(i) => visitor.visit_i64(i),
            Kind::Float(f) => visitor.visit_f64(f),
            Kind::Str(s) => visitor.visit_string(s),
            Kind::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                visitor
                    .visit_seq(&mut seq)
                    .and_then(|v| seq.end().map(|_| v))
            }
            Kind::Map(entries) => {
                let mut map = MapDeserializer::new(entries.into_iter());
                visitor
                    .visit_map(&mut map)
                    .and_then(|v| map.end().map(|_| v))
            }
        };
        result.map_err(|e| e.at(&span))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if serde_spanned::de::is_spanned(name) {
            let span = self.span.clone();
            return visitor
                .visit_map(serde_spanned::de::SpannedDeserializer::new(
                    self,
                    span.clone(),
                ))
                .map_err(|e| e.at(&span));
        }
        let _ = fields;
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use toml::Spanned;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        title: Spanned<String>,
        #[serde(default)]
        tags: Vec<String>,
        issue: Option<Spanned<u32>>,
        date: Option<Spanned<toml::Value>>,
        #[serde(default)]
        extra: toml::Table,
    }

    #[test]
    fn reads_values_with_spans() {
        let fm = "title: Über den Staat\ntags: [a, b]\nissue: 50\ndate: 2023-01-10\nimage:\nextra:\n  n: 3\n";
        let m: Meta = from_str(fm).unwrap();
        assert_eq!(m.title.get_ref(), "Über den Staat");
        assert_eq!(&fm[m.title.span()], "Über den Staat");
        assert_eq!(m.tags, ["a", "b"]);
        let issue = m.issue.unwrap();
        assert_eq!(&fm[issue.span()], "50");
        assert_eq!(
            m.date.unwrap().into_inner(),
            toml::Value::String("2023-01-10".into())
        );
        assert_eq!(m.extra["n"].as_integer(), Some(3));
    }

    #[test]
    fn errors_point_at_the_key_or_value() {
        let fm = "title: x\nautors: [a]\n";
        let e = from_str::<Meta>(fm).unwrap_err();
        assert!(e.message.starts_with("unknown field `autors`"), "{e}");
        assert_eq!(e.span.unwrap().start, 9);
        let fm = "title: x\nissue: fifty\n";
        let e = from_str::<Meta>(fm).unwrap_err();
        assert!(e.message.contains("invalid type"), "{e}");
        assert_eq!(&fm[e.span.unwrap()], "fifty");
        let e = from_str::<Meta>("title: [x\n").unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{e}");
        let e = from_str::<Meta>("- a\n- b\n").unwrap_err();
        assert!(e.message.contains("key: value"), "{e}");
    }
}
