//! Pull quotes: `> [!PULLQUOTE]`, with and without a cite; not in counts or summaries.

use crate::support::*;

#[test]
fn with_cite() {
    let site = SiteTest::minimal().article(
        "content/essays/p.md",
        "title = \"P\"",
        "Opening paragraph.\n\n> [!PULLQUOTE]\n> The heat was the subject.\n> — Józef Mrówka\n\nAfter.\n",
    );
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/p/index.html");
    let aside = one(&doc, ".article-body aside.pullquote");
    assert_eq!(
        text(one(&doc, "aside.pullquote > blockquote > p")),
        "The heat was the subject."
    );
    assert_eq!(text(one(&doc, "aside.pullquote cite")), "Józef Mrówka");
    assert!(!text(aside).contains("PULLQUOTE"));
    // Only real block quotes remain as block quotes in the body.
    assert_eq!(all(&doc, ".article-body > blockquote").len(), 0);
}

#[test]
fn without_cite_and_with_double_hyphen_cite() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/a.md",
            "title = \"A\"",
            "> [!PULLQUOTE]\n> Only words here.\n",
        )
        .article(
            "content/essays/b.md",
            "title = \"B\"",
            "> [!pullquote]\n> First line,\n> second line.\n>\n> -- Somebody Else\n",
        );
    site.build(&[]).ok();
    let a = site.html("essays/a/index.html");
    assert_eq!(
        text(one(&a, "aside.pullquote blockquote")),
        "Only words here."
    );
    assert!(all(&a, "aside.pullquote cite").is_empty());
    let b = site.html("essays/b/index.html");
    assert_eq!(
        text(one(&b, "aside.pullquote blockquote")),
        "First line, second line."
    );
    assert_eq!(text(one(&b, "aside.pullquote cite")), "Somebody Else");
}

#[test]
fn left_out_of_summary_and_word_count() {
    let site = SiteTest::minimal().article(
        "content/essays/w.md",
        "title = \"W\"",
        "> [!PULLQUOTE]\n> Seven words that must not count here.\n\nOne two three four.\n",
    );
    site.build(&[]).ok();
    let home = site.html("index.html");
    let teaser = one(&home, "section.latest article.teaser");
    let t = text(teaser);
    assert!(!t.contains("Seven words"), "{t}");
    let page = site.html("essays/w/index.html");
    // 4 words → 1 minute; the theme prints the reading time in the byline.
    assert!(text(one(&page, ".byline")).contains("1 min"));
}
