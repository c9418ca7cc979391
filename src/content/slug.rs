//! Slugs: the URL-safe names of articles, sections, tags and contributors.

/// Lowercase ASCII words joined by `-`, non-ASCII letters transliterated
/// (`Über den Staat` → `uber-den-staat`, `Павел Филонов` → `pavel-filonov`), using the
/// `slug` crate (deunicode). Returns an empty string when nothing is left.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates() {
        assert_eq!(slugify("Über den Staat"), "uber-den-staat");
        assert_eq!(slugify("Павел Филонов"), "pavel-filonov");
        assert_eq!(slugify("  A -- Portrait!  "), "a-portrait");
        assert_eq!(slugify("!!!"), "");
    }
}
