//! Unit tests of the HTML → Markdown conversion.

use super::*;

#[test]
fn block_editor_footnotes_figures_and_quotes() {
    let html = r##"<!-- wp:paragraph -->
<p>Text<sup data-fn="abc" class="fn"><a href="#abc" id="abc-link">1</a></sup> and more.</p>
<!-- /wp:paragraph -->
<!-- wp:image -->
<figure class="wp-block-image size-large"><img src="https://ex.org/wp-content/uploads/2021/06/a.jpg" alt="A boat"/><figcaption class="wp-element-caption">The ferry at dusk. Photo: Jane Roe</figcaption></figure>
<!-- /wp:image -->
<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>Big words.</p><cite>Someone</cite></blockquote></figure>
<!-- /wp:pullquote -->
<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>Old words.</p><cite>A Poet</cite></blockquote>
<!-- /wp:quote -->
<!--more-->
<p>After.</p>"##;
    let md = to_markdown(html, Some(r#"[{"content":"A <em>note</em>.","id":"abc"}]"#)).markdown;
    assert!(md.contains("Text[^1] and more."), "{md}");
    assert!(md.contains("[^1]: A *note*."), "{md}");
    assert!(
        md.contains("{% figure(src=\"https://ex.org/wp-content/uploads/2021/06/a.jpg\", alt=\"A boat\", credit=\"Photo: Jane Roe\") %}\nThe ferry at dusk.\n{% end %}"),
        "{md}"
    );
    assert!(
        md.contains("> [!PULLQUOTE]\n> Big words.\n>\n> — Someone"),
        "{md}"
    );
    assert!(md.contains("> Old words.\n>\n> — A Poet"), "{md}");
    assert!(md.contains("\n<!-- more -->\n"), "{md}");
    assert!(!md.contains("wp:"), "{md}");
}

#[test]
fn classic_editor_shortcodes_and_paragraphs() {
    let html = "First line\nsecond line with a note[efn_note]See <em>this</em>.[/efn_note].\n\n[caption id=\"attachment_5\" align=\"alignnone\" width=\"300\"]<img src=\"/wp-content/uploads/b.jpg\" alt=\"B\" /> A quiet street[/caption]\n\nLast.";
    let md = to_markdown(html, None).markdown;
    assert!(
        md.contains("First line\\\nsecond line with a note[^1]."),
        "{md}"
    );
    assert!(md.contains("[^1]: See *this*."), "{md}");
    assert!(
        md.contains("![B](/wp-content/uploads/b.jpg \"A quiet street\")"),
        "{md}"
    );
    assert!(
        md.trim_end().ends_with("Last.") || md.contains("\nLast.\n"),
        "{md}"
    );
}

#[test]
fn galleries_keep_every_image_and_caption() {
    let html = r#"<!-- wp:gallery {"linkTo":"none"} -->
<figure class="wp-block-gallery has-nested-images columns-default"><!-- wp:image {"id":6} -->
<figure class="wp-block-image"><img src="/media/g1.jpg" alt="G1"/></figure>
<!-- /wp:image --><!-- wp:image {"id":7} -->
<figure class="wp-block-image"><img src="/media/g2.jpg" alt="G2"/><figcaption>G2 cap</figcaption></figure>
<!-- /wp:image --><figcaption class="blocks-gallery-caption wp-element-caption">Gallery caption</figcaption></figure>
<!-- /wp:gallery -->"#;
    let md = to_markdown(html, None).markdown;
    assert_eq!(
        md,
        "![G1](/media/g1.jpg)\n\n![G2](/media/g2.jpg \"G2 cap\")\n\nGallery caption\n"
    );
}

#[test]
fn shortcode_syntax_in_text_is_escaped_and_code_stays_literal() {
    let html = "<p>Write {{ user(name=\"x\") }} or {% if x %} here.</p>\n<pre class=\"wp-block-code\"><code>[efn_note]not a note[/efn_note] {{ x }}</code></pre>\n<p>A note[efn_note]Real.[/efn_note]</p>";
    let md = to_markdown(html, None).markdown;
    assert!(
        md.contains("Write &#123;{ user(name=\"x\") }} or &#123;% if x %} here."),
        "{md}"
    );
    assert!(
        md.contains("[efn_note]not a note[/efn_note] {{ x }}"),
        "{md}"
    );
    assert!(md.contains("A note[^1]"), "{md}");
    assert!(md.contains("[^1]: Real."), "{md}");
    assert!(!md.contains("[^2]"), "{md}");
}

/// The Markdown's parse by mag's own parser.
fn events(md: &str) -> Vec<pulldown_cmark::Event<'_>> {
    pulldown_cmark::Parser::new_ext(md, crate::markdown::cmark_options()).collect()
}

#[test]
fn code_stays_code() {
    use pulldown_cmark::{Event, Tag};
    let html = "<pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre>\n<p>XML: <code>&lt;item&gt;&lt;title&gt;x&lt;/title&gt;&lt;/item&gt;</code></p>\n<pre class=\"wp-block-code\"><code class=\"language-xml\">&lt;item&gt;\n\n\n  &lt;title&gt;```x&lt;/title&gt;  \n&lt;/item&gt;</code></pre>\n<p>Text &lt;b&gt;not bold&lt;/b&gt;</p>";
    let md = to_markdown(html, None).markdown;
    let evs = events(&md);
    assert!(
        !evs.iter()
            .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))),
        "{md}"
    );
    let blocks: Vec<String> = evs
        .iter()
        .scan(false, |inside, e| {
            Some(match e {
                Event::Start(Tag::CodeBlock(_)) => {
                    *inside = true;
                    None
                }
                Event::End(_) => {
                    *inside = false;
                    None
                }
                Event::Text(t) if *inside => Some(t.to_string()),
                _ => None,
            })
        })
        .flatten()
        .collect();
    assert_eq!(
        blocks,
        [
            "<script>alert(1)</script>\n",
            "<item>\n\n\n  <title>```x</title>  \n</item>\n"
        ],
        "{md}"
    );
    assert!(md.contains("````xml\n"), "{md}");
    assert!(
        evs.contains(&Event::Code("<item><title>x</title></item>".into())),
        "{md}"
    );
    assert!(md.contains("Text \\<b>not bold\\</b>"), "{md}");
}

#[test]
fn attributes_cannot_break_out_of_an_image() {
    use pulldown_cmark::Event;
    let html = "<p><img src=\"x.jpg)&lt;script&gt;alert(1)&lt;/script&gt;\" alt=\"a] &lt;b&gt;\nz\"></p><figure><img src='y.jpg\"&#10;x' alt='q\"'><figcaption>C <em>d</em></figcaption></figure>";
    let md = to_markdown(html, None).markdown;
    assert!(
        !events(&md)
            .iter()
            .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))),
        "{md}"
    );
    assert!(
        md.contains("![a\\] \\<b\\> z](x.jpg%29%3Cscript%3Ealert%281%29%3C/script%3E)"),
        "{md}"
    );
    assert!(
        md.contains("figure(src=\"y.jpg%22%0Ax\", alt=\"q\\\"\")"),
        "{md}"
    );
}

#[test]
fn deep_nesting_is_kept_as_text_without_recursion() {
    // Deep enough to overflow a test thread's stack without the bound.
    for (open, close) in [
        ("<div>", "</div>"),
        ("<blockquote>", "</blockquote>"),
        ("<ul><li>", "</li></ul>"),
        ("<b><i>", "</i></b>"),
    ] {
        for n in [super::depth::MAX_DEPTH + 10, 3 * super::depth::TOKEN_DEPTH] {
            let html = format!(
                "<p>Start</p>{}deep{}<p>End</p>",
                open.repeat(n),
                close.repeat(n)
            );
            let out = to_markdown(&html, None);
            assert!(out.flattened, "{open} × {n}");
            for word in ["Start", "deep", "End"] {
                assert!(
                    out.markdown.contains(word),
                    "{open} × {n}: {}",
                    out.markdown
                );
            }
        }
    }
    let shallow = to_markdown("<blockquote><p>Fine</p></blockquote>", None);
    assert!(!shallow.flattened);
    assert_eq!(shallow.markdown, "> Fine\n");
    // Excerpts too.
    assert_eq!(
        to_text(&format!(
            "{}x{}",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        )),
        "x"
    );
}

#[test]
fn script_links_keep_only_their_text() {
    let md = to_markdown(
        "<p><a href=\" java\tscript:alert(1)\">one</a> <a href=\"DATA:text/html,x\">two</a> <a href=\"/ok/\">three</a></p>",
        None,
    )
    .markdown;
    assert_eq!(md, "one two [three](/ok/)\n");
}

#[test]
fn old_addresses_are_never_internal_links() {
    // Found by the import_html fuzz target: `href="@/…"` became one of mag's `@/`
    // links to a content file, and the site did not build.
    let md = to_markdown(
        "<p><a href=\"@/essays/x.md\">a</a> <img src=\"@/b.jpg\" alt=\"b\"></p>",
        None,
    )
    .markdown;
    assert_eq!(md, "[a](%40/essays/x.md) ![b](%40/b.jpg)\n");
    assert_eq!(render_errors(&md), Vec::<String>::new());
}

#[test]
fn nul_characters_cannot_open_a_shortcode() {
    let md = to_markdown("<p>a \0% figure(src=\"x\") %} b</p>", None).markdown;
    assert!(!md.contains("{%"), "{md}");
}

#[test]
fn classic_editor_pre_keeps_its_blank_lines() {
    let md = to_markdown("Intro\n\n<pre>a\n\nb</pre>\n\nAfter", None).markdown;
    assert_eq!(md, "Intro\n\n```\na\n\nb\n```\n\nAfter\n");
}

/// The error notes of rendering `md` as mag does, with a host that knows `figure`.
fn render_errors(md: &str) -> Vec<String> {
    let body = crate::markdown::render_with(
        md,
        &crate::markdown::Options::default(),
        &crate::markdown::NoSite,
        &super::FigureHost,
    );
    body.notes
        .into_iter()
        .filter(|n| n.severity == crate::diagnostics::Severity::Error)
        .map(|n| n.message)
        .collect()
}

#[test]
fn figures_where_a_block_cannot_go_are_plain_images() {
    // Found by the import_html fuzz target: a figure inside a figure's caption
    // (and the rest) gave `{% figure %}` calls mid-line, "never closed" at build.
    let credited = |src: &str| {
        format!("<figure><img src=\"{src}\" alt=\"A <b>\"><figcaption>Cap <em>x</em> Photo: Z</figcaption></figure>")
    };
    let html = format!(
        "<figure><img src=\"o.jpg\" alt=\"O\"><figcaption>Outer {}</figcaption></figure>\n<ul><li>{}</li></ul>\n<table><tr><td>{}</td></tr></table>\n<p><a href=\"/x/\">{}</a></p>\n<blockquote>{}</blockquote>\n<p>Note<sup data-fn=\"n\">1</sup></p>",
        credited("in.jpg"),
        credited("li.jpg"),
        credited("td.jpg"),
        credited("a.jpg"),
        credited("q.jpg")
    );
    let notes = serde_json::json!([{ "id": "n", "content": credited("note.jpg") }]).to_string();
    let md = to_markdown(&html, Some(&notes)).markdown;
    assert_eq!(render_errors(&md), Vec::<String>::new(), "{md}");
    // At block level (and in a quote) a credit still makes a shortcode, with its alt
    // as written; elsewhere the caption and credit are the image's title.
    assert!(
        md.contains("{% figure(src=\"o.jpg\", alt=\"O\") %}\nOuter ![A \\<b\\>](in.jpg \"Cap x Photo: Z\")\n{% end %}"),
        "{md}"
    );
    assert!(
        md.contains("> {% figure(src=\"q.jpg\", alt=\"A <b>\", credit=\"Photo: Z\") %}"),
        "{md}"
    );
    assert!(
        md.contains("![A \\<b\\>](li.jpg \"Cap x Photo: Z\")"),
        "{md}"
    );
    assert!(
        md.contains("[^1]: ![A \\<b\\>](note.jpg \"Cap x Photo: Z\")"),
        "{md}"
    );
    // o.jpg, q.jpg, and a.jpg, which the HTML parser moves out of its link.
    assert_eq!(md.matches("{% figure(").count(), 3, "{md}");
}
