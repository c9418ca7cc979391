//! A link checker: every internal `href` and `src` of every HTML page, and every
//! absolute URL of the site in canonical links and Open Graph tags, resolves to a
//! file of the output (and a `#fragment` to an id on that page).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use url::Url;

use crate::support::*;

/// Every broken internal reference of the site built in `out` for `base_url`, as
/// "page: reference (why)".
fn broken_links(out: &Path, base_url: &str) -> Vec<String> {
    let base = Url::parse(base_url).unwrap();
    let mut pages: HashMap<String, scraper::Html> = HashMap::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".html") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            pages.insert(rel, scraper::Html::parse_document(&text));
        }
    }
    assert!(!pages.is_empty(), "no pages in {}", out.display());
    let ids: HashMap<&String, HashSet<&str>> = pages
        .iter()
        .map(|(rel, doc)| {
            let ids = all(doc, "[id]")
                .into_iter()
                .filter_map(|e| e.value().attr("id"))
                .collect();
            (rel, ids)
        })
        .collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    let refs = "a[href], link[href], img[src], script[src], source[src], meta[property='og:url'], meta[property='og:image'], meta[name='twitter:image']";
    for (rel, doc) in &pages {
        // The page's own URL: the output path under the base URL.
        let page_url = base.join(rel.trim_end_matches("index.html")).unwrap();
        for el in all(doc, refs) {
            let v = el.value();
            let Some(reference) = v.attr("href").or(v.attr("src")).or(v.attr("content")) else {
                continue;
            };
            let Ok(target) = page_url.join(reference) else {
                broken.push(format!("{rel}: {reference} (not a URL)"));
                continue;
            };
            if target.origin() != base.origin() {
                continue; // another site
            }
            checked += 1;
            let Some(path) = target.path().strip_prefix(base.path()) else {
                broken.push(format!("{rel}: {reference} (outside {})", base.path()));
                continue;
            };
            let path = percent_decode(path);
            let file = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path
            };
            if !out.join(&file).is_file() {
                broken.push(format!("{rel}: {reference} (no file {file})"));
                continue;
            }
            if let (Some(fragment), Some(target_ids)) = (target.fragment(), ids.get(&file)) {
                if !fragment.is_empty() && !target_ids.contains(fragment) {
                    broken.push(format!("{rel}: {reference} (no id {fragment} in {file})"));
                }
            }
        }
    }
    assert!(checked > pages.len(), "too few links checked: {checked}");
    broken.sort();
    broken
}

fn percent_decode(path: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", path.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[test]
fn sample_site_has_no_broken_internal_link_at_the_root_or_under_a_path() {
    let site = SiteTest::copy_of(&repo_path("sample-site"));
    for base in ["https://example.org/", "https://example.org/sub/path/"] {
        site.build(&["--base-url", base]).ok().no_warnings();
        let broken = broken_links(&site.out(""), base);
        assert!(
            broken.is_empty(),
            "broken links under {base}:\n{}",
            broken.join("\n")
        );
    }
}

#[test]
fn the_link_checker_finds_a_broken_link() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/one.md",
            "title = \"One\"",
            "A [dead link](/nowhere/), a [bad anchor](#no-such-id) and an <img src=\"missing.png\" alt=\"\">.\n",
        );
    site.build(&["--base-url", "https://example.org/sub/"]).ok();
    let broken = broken_links(&site.out(""), "https://example.org/sub/");
    assert_eq!(
        broken,
        [
            "essays/one/index.html: #no-such-id (no id no-such-id in essays/one/index.html)",
            "essays/one/index.html: /sub/nowhere/ (no file nowhere/index.html)",
            "essays/one/index.html: missing.png (no file essays/one/missing.png)",
        ],
        "{broken:#?}"
    );
}
