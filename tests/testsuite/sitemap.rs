//! sitemap.xml (parsed with an XML parser) and robots.txt.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::support::*;

/// `loc` → `lastmod` of every `url` of a sitemap, checking the namespace.
fn sitemap(xml: &str) -> HashMap<String, Option<String>> {
    let mut reader = Reader::from_str(xml);
    let mut out = HashMap::new();
    let (mut loc, mut lastmod, mut current) = (None, None, String::new());
    loop {
        match reader.read_event().expect("sitemap.xml is well-formed XML") {
            Event::Start(e) => {
                current = e.name().as_ref().to_string();
                if current == "urlset" {
                    let ns = e.try_get_attribute("xmlns").unwrap().unwrap();
                    assert_eq!(&*ns.value, "http://www.sitemaps.org/schemas/sitemap/0.9");
                }
            }
            Event::Text(t) => {
                let value = t.xml10_content().into_owned();
                match current.as_str() {
                    "loc" => loc = Some(value),
                    "lastmod" => lastmod = Some(value),
                    _ => {}
                }
            }
            Event::End(e) => {
                if e.name().as_ref() == "url" {
                    out.insert(loc.take().expect("a url has a loc"), lastmod.take());
                }
                current.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn sitemap_lists_every_page_with_absolute_locations() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/one.md",
            "title = \"One & Two\"\nauthors = [\"Ann Author\"]\ntags = [\"history\"]\ndate = 2024-02-01\nupdated = 2024-02-03T08:00:00+01:00\naliases = [\"/old/one/\"]",
            "x\n",
        )
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nAbout.\n");
    site.build(&["--base-url", "https://example.org/sub/path/"])
        .ok();
    let xml = std::fs::read_to_string(site.out("sitemap.xml")).unwrap();
    let urls = sitemap(&xml);
    let base = "https://example.org/sub/path/";
    for page in [
        "",
        "essays/one/",
        "essays/",
        "personages/",
        "issues/",
        "issues/1/",
        "about/",
        "authors/",
        "authors/ann-author/",
        "tags/history/",
    ] {
        assert!(
            urls.contains_key(&format!("{base}{page}")),
            "{page} missing: {urls:?}"
        );
    }
    assert_eq!(
        urls[&format!("{base}essays/one/")].as_deref(),
        Some("2024-02-03T08:00:00+01:00")
    );
    for loc in urls.keys() {
        assert!(loc.starts_with(base), "{loc}");
        assert!(!loc.contains("404") && !loc.contains("/old/"), "{loc}");
    }
    // Every HTML page written, but the 404 page and redirects, is in the sitemap.
    let out = site.out("");
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".html") || rel == "404.html" || rel.starts_with("old/") {
            continue;
        }
        let loc = format!("{base}{}", rel.trim_end_matches("index.html"));
        assert!(urls.contains_key(&loc), "{rel} is not in the sitemap");
    }
    let robots = std::fs::read_to_string(site.out("robots.txt")).unwrap();
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://example.org/sub/path/sitemap.xml"),
        "{robots}"
    );
    assert!(robots.contains("User-agent: *"));
}
