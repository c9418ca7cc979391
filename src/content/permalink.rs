//! Permalink patterns → URL paths and output files.
//!
//! A pattern such as `/:section/:slug/` has its tokens replaced; a path ending in `/`
//! is written as `index.html` inside that folder ("pretty URLs"), a path ending in
//! `.html` as that file.

/// Replaces each `:token` of `pattern` with its value from `values`.
///
/// Longer tokens are replaced first, so `:section` is never read as `:s…`. Tokens
/// without a value are left as written (config validation refuses unknown ones).
pub(crate) fn expand(pattern: &str, values: &[(&str, String)]) -> String {
    let mut sorted: Vec<_> = values.iter().collect();
    sorted.sort_by_key(|(token, _)| std::cmp::Reverse(token.len()));
    let mut out = pattern.to_string();
    for (token, value) in sorted {
        out = out.replace(token, value);
    }
    out
}

/// The output file, relative to the output folder, of a site path (`/a/b/` →
/// `a/b/index.html`, `/a/b.html` → `a/b.html`, `/` → `index.html`).
pub(crate) fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The site path of a contributor's page (`/authors/jane-doe/`).
pub(crate) fn author_path(slug: &str) -> String {
    format!("/authors/{slug}/")
}

/// The site path of a tag's page (`/tags/history/`).
pub(crate) fn tag_path(slug: &str) -> String {
    format!("/tags/{slug}/")
}

/// An old URL of an article or page (`aliases = [...]`), normalized, with where
/// it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alias {
    /// The site path, normalized by [`normalize_alias`] (`/2019/03/old-slug/`).
    pub(crate) path: String,
    /// Line and column (1-based) of the alias in its content file.
    pub(crate) at: (usize, usize),
}

/// Checks and normalizes an old URL from `aliases = [...]` into a site path.
///
/// A path starts with `/`; one that ends in neither `/` nor `.html` gets a `/`
/// (`/2019/03/old-slug` → `/2019/03/old-slug/`). Percent-escapes are decoded
/// (`/caf%C3%A9/` → `/café/`), since servers decode a request's path before they look
/// for the folder: WordPress stores non-ASCII slugs percent-encoded. Errors, as a
/// sentence, for a path that does not start with `/`, holds `?`, `#`, a backslash or
/// a `.`/`..` segment (after decoding), is not UTF-8 once decoded, or is `/` itself.
pub(crate) fn normalize_alias(alias: &str) -> Result<String, String> {
    let written = alias.trim();
    let decoded = percent_encoding::percent_decode_str(written)
        .decode_utf8()
        .map_err(|_| {
            format!("alias `{written}` has percent-escapes that do not decode to UTF-8 text")
        })?;
    let alias: &str = &decoded;
    if !alias.starts_with('/') || alias.starts_with("//") {
        return Err(format!(
            "alias `{alias}` is not a path: write it from the site's root, like \"/2019/03/old-slug/\""
        ));
    }
    if alias.contains(['?', '#', '\\']) || alias.chars().any(char::is_control) {
        return Err(format!(
            "alias `{alias}` holds a query, a fragment or a backslash; a static host can only serve plain paths"
        ));
    }
    if alias
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return Err(format!("alias `{alias}` has a `.` or `..` segment"));
    }
    // `.mag-output`, `.mag-old-…`: mag's own working names in the output folder;
    // hidden names in general are not served by static hosts.
    if alias.split('/').any(|segment| segment.starts_with('.')) {
        return Err(format!(
            "alias `{alias}` has a part starting with `.`: such hidden names are mag's working files, and hosts do not serve them"
        ));
    }
    if alias == "/" {
        return Err("alias `/` would replace the home page".into());
    }
    if alias.ends_with('/') || alias.ends_with(".html") {
        Ok(alias.to_string())
    } else {
        Ok(format!("{alias}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases() {
        assert_eq!(normalize_alias("/2019/03/old").unwrap(), "/2019/03/old/");
        assert_eq!(normalize_alias("/old.html").unwrap(), "/old.html");
        assert_eq!(normalize_alias("/a/b/").unwrap(), "/a/b/");
        assert_eq!(normalize_alias("/caf%C3%A9/").unwrap(), "/café/");
        assert_eq!(
            normalize_alias("/2020/01/%c3%bcber-den-staat").unwrap(),
            "/2020/01/über-den-staat/"
        );
        for bad in [
            "old/",
            "/a/../b/",
            "/",
            "/a?p=1",
            "//host/a/",
            "/a%3Fp=1/",
            "/%2e%2e/x/",
            "/%ff/",
        ] {
            assert!(normalize_alias(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn expands() {
        let v = [
            (":section", "essays".to_string()),
            (":slug", "x".to_string()),
        ];
        assert_eq!(expand("/:section/:slug/", &v), "/essays/x/");
        assert_eq!(output_file("/essays/x/"), "essays/x/index.html");
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/a.html"), "a.html");
    }
}
