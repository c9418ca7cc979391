//! Slugs: the URL-safe names of articles, sections, tags and contributors.

/// Lowercase ASCII words joined by `-`, non-ASCII letters transliterated
/// (`Über den Staat` → `uber-den-staat`, `Павел Филонов` → `pavel-filonov`), using the
/// `slug` crate (deunicode). Returns an empty string when nothing is left.
/// Apostrophes are dropped rather than turned into hyphens (`Don't Panic` →
/// `dont-panic`).
pub(crate) fn slugify(text: &str) -> String {
    let without_apostrophes: String = text
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}'))
        .collect();
    slug::slugify(without_apostrophes)
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
        assert_eq!(slugify("Don’t Panic"), "dont-panic");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn slugs_are_url_safe(text in any::<String>()) {
            let slug = super::slugify(&text);
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{slug:?}");
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug:?}");
        }
    }
}
