//! Where a key of mag.toml is written, for errors found after parsing (a
//! `base_url` that is not http, a section slug with `/`, an unknown theme).

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::LineIndex;

/// One step of a path into the document: a key of a table, or an index into an
/// array (`[[sections]]` is an array of tables).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key<'a> {
    /// A table's key.
    Name(&'a str),
    /// An array's element, from 0.
    Index(usize),
}

/// The spans of a parsed mag.toml.
pub(crate) struct Locator<'t> {
    index: LineIndex<'t>,
    doc: Option<Spanned<DeTable<'t>>>,
}

impl<'t> Locator<'t> {
    /// Parses `text` (already known to be valid TOML) once, keeping spans.
    pub(crate) fn new(text: &'t str) -> Self {
        Locator {
            index: LineIndex::new(text),
            doc: DeTable::parse(text).ok(),
        }
    }

    /// The (line, column), 1-based, of the value at `path`; `None` when the
    /// value is not written (a default) or the path does not lead to one.
    pub(crate) fn at(&self, path: &[Key<'_>]) -> Option<(usize, usize)> {
        let doc = self.doc.as_ref()?;
        let mut table = doc.get_ref();
        let mut value: Option<&Spanned<DeValue<'_>>> = None;
        for key in path {
            let current = match (key, value.map(Spanned::get_ref)) {
                (Key::Name(name), None) => find(table, name)?,
                (Key::Name(name), Some(DeValue::Table(t))) => {
                    table = t;
                    find(table, name)?
                }
                (Key::Index(i), Some(DeValue::Array(items))) => items.get(*i)?,
                _ => return None,
            };
            value = Some(current);
        }
        Some(self.index.line_col(value?.span().start))
    }
}

fn find<'d, 'i>(table: &'d DeTable<'i>, name: &str) -> Option<&'d Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::{Key, Locator};

    #[test]
    fn finds_keys_tables_and_arrays_of_tables() {
        let text = "title = \"T\"\n[permalinks]\narticle = \"/x/\"\n[[sections]]\nslug = \"a\"\n[[sections]]\nslug = \"b/c\"\n";
        let l = Locator::new(text);
        assert_eq!(l.at(&[Key::Name("title")]), Some((1, 9)));
        assert_eq!(
            l.at(&[Key::Name("permalinks"), Key::Name("article")]),
            Some((3, 11))
        );
        let slug = [Key::Name("sections"), Key::Index(1), Key::Name("slug")];
        assert_eq!(l.at(&slug), Some((7, 8)));
        assert_eq!(l.at(&[Key::Name("theme")]), None);
    }
}
