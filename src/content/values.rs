//! Forgiving front-matter values, for files that come from Hugo or Jekyll.
//!
//! - [`Text`]: a string, or a number or boolean taken as its text (`title: 2024`,
//!   an unquoted YAML number, is the title "2024").
//! - [`Names`]: a list of strings, or a single string taken as a one-item list
//!   (`categories: news`, `tags = "history"`).
//!
//! Both work with `toml::Spanned` in TOML and YAML alike (see [`super::yaml`]).

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

/// A string, also read from a number or a boolean.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

/// A list of names (or tags), also read from a single string or number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NamesVisitor)
    }
}

struct NamesVisitor;

impl<'de> Visitor<'de> for NamesVisitor {
    type Value = Names;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of strings, or one string")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
        let mut out = Vec::new();
        while let Some(Text(t)) = seq.next_element::<Text>()? {
            out.push(t);
        }
        Ok(Names(out))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Names, E> {
        Ok(Names(vec![v.to_string()]))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Names, E> {
        Ok(Names(vec![v]))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Names, E> {
        Ok(Names(vec![v.to_string()]))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Names, E> {
        Ok(Names(vec![v.to_string()]))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Names, E> {
        Ok(Names(vec![v.to_string()]))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Names, E> {
        Ok(Names(vec![v.to_string()]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::Spanned;

    #[derive(Debug, Deserialize)]
    struct Meta {
        title: Spanned<Text>,
        tags: Names,
        authors: Names,
    }

    #[test]
    fn scalars_and_single_strings() {
        let m: Meta =
            toml::from_str("title = 2024\ntags = \"news\"\nauthors = [\"A\", 7]").unwrap();
        assert_eq!(m.title.get_ref().0, "2024");
        assert_eq!(m.tags.0, ["news"]);
        assert_eq!(m.authors.0, ["A", "7"]);
        let m: Meta =
            super::super::yaml::from_str("title: true\ntags: news\nauthors: [A]\n").unwrap();
        assert_eq!(m.title.get_ref().0, "true");
        assert_eq!(m.tags.0, ["news"]);
    }
}
