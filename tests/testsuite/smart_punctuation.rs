//! Smart punctuation in bodies and titles.

use crate::support::*;

fn body_of(markdown: &str) -> (SiteTest, scraper::Html) {
    let site = SiteTest::minimal().article(
        "content/essays/s.md",
        "title = \"It's \\\"Smart\\\"\"",
        markdown,
    );
    site.build(&[]).ok();
    let doc = site.html("essays/s/index.html");
    (site, doc)
}

#[test]
fn quotes_dashes_ellipses_and_apostrophes() {
    let (_site, doc) = body_of("\"Hello,\" she said -- in the '90s --- rock 'n' roll... don't.\n");
    assert_eq!(
        text(one(&doc, ".article-body p")),
        "“Hello,” she said – in the ’90s — rock ’n’ roll… don’t."
    );
}

#[test]
fn quotes_beside_emphasis_and_links() {
    let (_site, doc) =
        body_of("He called it \"*the* thing\" and '[a link](https://example.org/)'.\n");
    assert_eq!(
        text(one(&doc, ".article-body p")),
        "He called it “the thing” and ‘a link’."
    );
    assert_eq!(text(one(&doc, ".article-body p em")), "the");
}

#[test]
fn code_and_curly_text_are_untouched() {
    let (_site, doc) = body_of(
        "Use `\"x\" -- y...` here, “already” ‘curly’.\n\n```\nlet s = \"a\" -- 'b';\n```\n",
    );
    assert_eq!(text(one(&doc, ".article-body p code")), "\"x\" -- y...");
    assert!(text(one(&doc, ".article-body p")).ends_with("here, “already” ‘curly’."));
    assert_eq!(
        one(&doc, ".article-body pre code")
            .text()
            .collect::<String>(),
        "let s = \"a\" -- 'b';\n"
    );
}

#[test]
fn titles_get_smart_punctuation_and_plain_text_twin() {
    let (_site, doc) = body_of("Body.\n");
    assert_eq!(text(one(&doc, "h1.headline")), "It’s “Smart”");
    assert!(text(one(&doc, "title")).starts_with("It’s “Smart”"));
}

#[test]
fn can_be_turned_off() {
    let site = SiteTest::minimal().article(
        "content/essays/s.md",
        "title = \"T\"",
        "\"straight\" -- quotes\n",
    );
    let config = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
    let site = site.file("mag.toml", &format!("smart_punctuation = false\n{config}"));
    site.build(&[]).ok();
    let doc = site.html("essays/s/index.html");
    assert_eq!(text(one(&doc, ".article-body p")), "\"straight\" -- quotes");
}

#[test]
fn smart_punctuation_leaves_autolink_text_alone() {
    let site = SiteTest::minimal().article(
        "content/essays/a/index.md",
        "title = \"A\"",
        "See <https://example.org/a--b...c> -- \"then\".\n",
    );
    site.build(&[]).ok();
    let doc = site.html("essays/a/index.html");
    assert_eq!(
        text(one(
            &doc,
            ".article-body a[href='https://example.org/a--b...c']"
        )),
        "https://example.org/a--b...c"
    );
    assert!(text(one(&doc, ".article-body p")).contains("– “then”"));
}
