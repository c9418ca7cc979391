//! The slug function: any text gives a URL-safe slug or nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mag::content::slug::slugify;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let slug = slugify(text);
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "slug {slug:?} has a character that is not a-z, 0-9 or -"
    );
    assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{slug:?}");
    assert!(!slug.contains("--"), "{slug:?}");
    assert_eq!(slugify(&slug), slug, "slugify is not idempotent");
});
