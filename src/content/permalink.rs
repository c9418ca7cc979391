//! Permalink patterns → URL paths and output files.
//!
//! A pattern such as `/:section/:slug/` has its tokens replaced; a path ending in `/`
//! is written as `index.html` inside that folder ("pretty URLs"), a path ending in
//! `.html` as that file.

/// Replaces each `:token` of `pattern` with its value from `values`.
///
/// Longer tokens are replaced first, so `:section` is never read as `:s…`. Tokens
/// without a value are left as written (config validation refuses unknown ones).
pub fn expand(pattern: &str, values: &[(&str, String)]) -> String {
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
pub fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
