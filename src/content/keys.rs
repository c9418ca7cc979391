//! Front-matter key lists, read from the raw structs themselves.
//!
//! Serde's derive gives `Deserializer::deserialize_struct` the struct's field names
//! (each field's name and its `#[serde(alias)]`es). [`field_names`] hands a raw
//! struct a deserializer that only records them, so the raw struct is the one place
//! that lists a file's keys: the "did you mean" hints and the manual's check read it.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

/// The names `T`'s `Deserialize` passes to `deserialize_struct`, in field order:
/// with serde's derive, each field's name followed by its aliases.
///
/// Takes a type, gives a static list; empty when `T` does not deserialize as a
/// struct (a map, a sequence, a scalar). Never fails.
pub(super) fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    // The recorder always refuses with an error, once it has the names.
    let _ = T::deserialize(Recorder { names: &mut names });
    names
}

/// The keys of `T` to suggest in "did you mean" hints and list in help: its
/// [`field_names`] in order, less those in `leave_out` (names taken from other
/// generators, which mag reads but does not suggest).
///
/// Every name in `leave_out` must be one of `T`'s names (checked in debug builds).
pub(super) fn suggested<T: DeserializeOwned>(leave_out: &[&str]) -> Vec<&'static str> {
    let names = field_names::<T>();
    debug_assert!(
        leave_out.iter().all(|k| names.contains(k)),
        "{leave_out:?} are not all among {names:?}"
    );
    names
        .iter()
        .copied()
        .filter(|n| !leave_out.contains(n))
        .collect()
}

/// A deserializer that writes down the field names it is asked for and gives
/// nothing.
struct Recorder<'a> {
    names: &'a mut &'static [&'static str],
}

impl<'de> Deserializer<'de> for Recorder<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.names = fields;
        Err(de::Error::custom("field names recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    use serde::Deserialize;

    use super::*;
    use crate::content::{article, author, issue, page};

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        title: Option<String>,
        #[serde(alias = "description")]
        dek: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(rename = "when")]
        date: Option<toml::Value>,
    }

    #[test]
    fn records_names_in_field_order_with_aliases() {
        assert_eq!(
            field_names::<Meta>(),
            ["title", "dek", "description", "tags", "when"]
        );
        assert_eq!(
            suggested::<Meta>(&["description"]),
            ["title", "dek", "tags", "when"]
        );
    }

    #[test]
    fn not_a_struct_has_no_names() {
        assert!(field_names::<toml::Table>().is_empty());
        assert!(field_names::<String>().is_empty());
    }

    /// For each heading of `markdown`, the keys its tables list: the first code
    /// span in the first cell of each body row (`` `author` (one name) `` lists
    /// `author`).
    fn keys_in_tables(markdown: &str) -> HashMap<String, Vec<String>> {
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        let (mut heading, mut in_heading) = (String::new(), false);
        let (mut in_row, mut cell, mut taken) = (false, 0, false);
        for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Heading { .. }) => (heading, in_heading) = (String::new(), true),
                Event::End(TagEnd::Heading(_)) => in_heading = false,
                Event::Text(t) | Event::Code(t) if in_heading => heading.push_str(&t),
                Event::Start(Tag::TableRow) => (in_row, cell, taken) = (true, 0, false),
                Event::End(TagEnd::TableRow) => in_row = false,
                Event::Start(Tag::TableCell) => cell += 1,
                Event::Code(key) if in_row && cell == 1 && !taken => {
                    out.entry(heading.clone())
                        .or_default()
                        .push(key.to_string());
                    taken = true;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn every_key_has_a_row_in_the_manual() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/content/content-format.md");
        let markdown = std::fs::read_to_string(path).expect("the manual's content-format.md");
        let tables = keys_in_tables(&markdown);
        let compat: Vec<&str> =
            [article::FROM_OTHER_GENERATORS, page::FROM_OTHER_GENERATORS].concat();
        let lists: [(&str, &[&str]); 5] = [
            ("Article front matter", &article::KEYS),
            ("Issue front matter", &issue::KEYS),
            ("Page front matter", &page::KEYS),
            ("Contributor front matter", &author::KEYS),
            ("Names from Hugo and Jekyll", &compat),
        ];
        for (heading, keys) in lists {
            assert!(!keys.is_empty(), "no keys for {heading}");
            let rows = tables.get(heading).map_or(&[][..], |r| &r[..]);
            for key in keys {
                assert!(
                    rows.iter().any(|r| r == key),
                    "content-format.md has no row for `{key}` under \"{heading}\""
                );
            }
        }
    }
}
