//! Shortcodes: built-in figure, pullquote and sidebar; a site's own; syntax inside
//! code left alone; errors with file, line and the shortcode's name.

use crate::figures::png;
use crate::support::*;

fn body_of(site: &SiteTest) -> scraper::Html {
    site.html("essays/a/index.html")
}

fn article(body: &str) -> SiteTest {
    SiteTest::minimal().article("content/essays/a/index.md", "title = \"A\"", body)
}

#[test]
fn figure_with_markdown_caption_credit_class_and_size() {
    let site = article(
        "Text.\n\n{% figure(src=\"plate.png\", alt=\"Two paintings\", credit=\"Pavel Filonov, 1914 -- [source](/about/)\", class=\"wide\") %}\nBefore: *playful* symbols. After: a \"big\" boat.\n{% end %}\n\nMore.\n",
    );
    site.write("content/essays/a/plate.png", &png(1200, 800));
    site.build(&[]).ok().no_warnings();
    let doc = body_of(&site);
    let figure = one(&doc, ".article-body > figure.wide");
    let img = one(&doc, ".article-body figure.wide > picture > img");
    assert_eq!(attr(img, "src"), "/essays/a/plate.png");
    assert_eq!(attr(img, "alt"), "Two paintings");
    assert_eq!(attr(img, "width"), "1200");
    assert_eq!(attr(img, "height"), "800");
    assert_eq!(attr(img, "loading"), "lazy");
    one(&doc, "figure.wide figcaption em");
    assert_eq!(
        text(one(&doc, "figure.wide figcaption > span.credit")),
        "Pavel Filonov, 1914 – source"
    );
    assert_eq!(
        attr(one(&doc, "figure.wide span.credit a"), "href"),
        "/about/"
    );
    assert!(text(one(&doc, "figure.wide figcaption"))
        .starts_with("Before: playful symbols. After: a “big” boat."));
    assert!(figure.value().attr("class").is_some());
    // Paragraphs around the figure stay paragraphs, and no empty ones appear.
    assert_eq!(all(&doc, ".article-body > p").len(), 2);
}

#[test]
fn figure_inline_form_and_bad_class() {
    let site =
        article("{{ figure(src=\"/x.png\", alt=\"\", caption=\"Plain\", class=\"inset\") }}\n");
    site.build(&[]).ok();
    let doc = body_of(&site);
    assert_eq!(
        text(one(&doc, ".article-body > figure.inset > figcaption")),
        "Plain"
    );
    let bad = article("Intro.\n\n{{ figure(src=\"/x.png\", alt=\"x\", class=\"huge\") }}\n");
    bad.build(&[]).fails().reports(&[
        "content/essays/a/index.md:7:1",
        "shortcode `figure`",
        "huge",
    ]);
    let missing = article("{{ figure(alt=\"x\") }}\n");
    missing
        .build(&[])
        .fails()
        .reports(&["shortcode `figure`", "src="]);
}

#[test]
fn pullquote_shortcode_has_the_markup_of_the_pullquote_syntax() {
    let site = article(
        "One.\n\n{{ pullquote(text=\"It's the 'little' things\", cite=\"A. Reader\") }}\n\nTwo.\n\n> [!PULLQUOTE]\n> It's the 'little' things\n> — A. Reader\n",
    );
    site.build(&[]).ok();
    let doc = body_of(&site);
    let quotes = all(&doc, ".article-body > aside.pullquote");
    assert_eq!(quotes.len(), 2);
    assert_eq!(quotes[0].inner_html().trim(), quotes[1].inner_html().trim());
    assert_eq!(
        text(one(&doc, "aside.pullquote:first-of-type > cite")),
        "A. Reader"
    );
}

#[test]
fn sidebar_is_a_boxed_aside_with_a_markdown_body() {
    let site = article(
        "Intro.\n\n{% sidebar(title=\"How we counted\") %}\nWe *counted* twice.\n\n- one\n- two\n{% end %}\n\nAfter.\n",
    );
    site.build(&[]).ok();
    let doc = body_of(&site);
    let aside = one(&doc, ".article-body > aside.sidebar");
    assert_eq!(attr(aside, "aria-label"), "How we counted");
    assert_eq!(
        text(one(&doc, "aside.sidebar .sidebar-title")),
        "How we counted"
    );
    one(&doc, "aside.sidebar p em");
    assert_eq!(all(&doc, "aside.sidebar li").len(), 2);
}

#[test]
fn site_defined_shortcode_with_every_kind_of_argument() {
    let site = article(
        "Before {{ tally(label=\"votes\", n=3, ratio=0.5, ok=true, names=[\"a\", \"b\"]) }} after.\n\n{% box(kind='note') %}\nInner {{ tally(label=\"x\", n=1, ratio=1.0, ok=false, names=[]) }}.\n{% end %}\n",
    )
    .file(
        "templates/shortcodes/tally.html",
        "<span class=\"tally\" data-n=\"{{ n + 1 }}\" data-ratio=\"{{ ratio }}\" data-ok=\"{{ ok }}\">{{ label }}: {{ names | join(sep=',') }}</span>",
    )
    .file(
        "templates/shortcodes/box.html",
        "<div class=\"box {{ kind }}\">{{ body | safe }}</div>",
    );
    site.build(&[]).ok();
    let doc = body_of(&site);
    let spans = all(&doc, "span.tally");
    assert_eq!(spans.len(), 2);
    assert_eq!(attr(spans[0], "data-n"), "4");
    assert_eq!(attr(spans[0], "data-ratio"), "0.5");
    assert_eq!(attr(spans[0], "data-ok"), "true");
    assert_eq!(text(spans[0]), "votes: a,b");
    assert_eq!(
        text(one(&doc, ".article-body > p:first-child")),
        "Before votes: a,b after."
    );
    one(&doc, "div.box.note > p > span.tally");
}

#[test]
fn site_shortcode_overrides_the_builtin() {
    let site = article("{{ pullquote(text=\"x\") }}\n").file(
        "templates/shortcodes/pullquote.html",
        "<p class=\"mine\">{{ text }}</p>",
    );
    site.build(&[]).ok();
    assert_eq!(text(one(&body_of(&site), "p.mine")), "x");
}

#[test]
fn shortcode_syntax_in_code_is_left_as_text() {
    let site = article(
        "Use `{{ figure(src=\"a\") }}` inline.\n\n```\n{% sidebar(title=\"t\") %}\nbody\n{% end %}\n```\n\n    {{ pullquote(text=\"indented\") }}\n\nNot a call: {{ just braces }} and {% not one %}.\n",
    );
    site.build(&[]).ok();
    let doc = body_of(&site);
    assert_eq!(text(one(&doc, "p > code")), "{{ figure(src=\"a\") }}");
    let blocks = all(&doc, "pre > code");
    assert_eq!(blocks.len(), 2);
    assert!(text(blocks[0]).starts_with("{% sidebar(title=\"t\") %}"));
    assert_eq!(text(blocks[1]), "{{ pullquote(text=\"indented\") }}");
    assert!(all(&doc, "aside").iter().all(|a| !a
        .value()
        .classes()
        .any(|c| c == "sidebar" || c == "pullquote")));
    assert!(text(one(&doc, ".article-body > p:last-child")).contains("{{ just braces }}"));
}

#[test]
fn unknown_shortcode_is_an_error_with_file_line_and_name() {
    let site = article("One.\n\nTwo {{ gallery(src=\"a\") }}.\n");
    site.build(&[])
        .fails()
        .reports(&[
            "content/essays/a/index.md:7:5",
            "unknown shortcode `gallery`",
        ])
        .reports(&["figure, pullquote, sidebar"]);
}

#[test]
fn malformed_calls_are_errors_with_the_shortcode_name() {
    for (body, part) in [
        ("{{ figure(src=plate.png) }}\n", "`plate` is not a value"),
        ("{{ figure(src=\"a\" alt=\"b\") }}\n", "expected `,` or `)`"),
        (
            "{% sidebar(title=\"t\") %}\nnever closed\n",
            "is never closed",
        ),
        ("text\n{% end %}\n", "closes no shortcode"),
    ] {
        let site = article(body);
        let run = site
            .build(&[])
            .fails()
            .reports(&["content/essays/a/index.md:", part]);
        if !part.contains("closes no") {
            run.reports(&["shortcode `"]);
        }
    }
}

#[test]
fn errors_after_a_shortcode_keep_their_line() {
    let site = article(
        "{% sidebar(title=\"t\") %}\nline a\nline b\n{% end %}\n\nSee [x](@/essays/missing.md).\n",
    );
    site.build(&[])
        .fails()
        .reports(&["content/essays/a/index.md:10:", "missing.md"]);
}

#[test]
fn shortcodes_work_in_pages_and_issue_blurbs() {
    let site = SiteTest::minimal()
        .file(
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\n{{ pullquote(text=\"About us\") }}\n",
        )
        .file(
            "content/issues/1.md",
            "+++\nnumber = 1\ntitle = \"The First Issue\"\ndate = 2024-01-01\n+++\n{% sidebar(title=\"Inside\") %}\nNotes.\n{% end %}\n",
        );
    site.build(&[]).ok();
    one(&site.html("about/index.html"), ".page-body aside.pullquote");
    one(&site.html("issues/1/index.html"), ".blurb aside.sidebar");
}

#[test]
fn footnote_reference_in_a_block_body_is_a_warning() {
    let site = article(
        "Text.[^a]\n\n{% sidebar(title=\"t\") %}\nSee this.[^a]\n{% end %}\n\n[^a]: The note.\n",
    );
    site.build(&[]).ok().reports(&[
        "content/essays/a/index.md:8:10",
        "inside a shortcode's body is not numbered",
    ]);
}

#[test]
fn unknown_argument_of_a_builtin_shortcode_is_an_error_with_a_suggestion() {
    let site = article("Intro.\n\n{{ figure(src=\"x.png\", alt=\"a\", clas=\"wide\") }}\n");
    site.build(&[]).fails().reports(&[
        "content/essays/a/index.md:7:1",
        "shortcode `figure` has no argument `clas`",
    ]);
    assert!(site.build(&[]).stderr().contains("did you mean `class`?"));
    let sidebar = article("{% sidebar(titel=\"T\") %}\nBody.\n{% end %}\n");
    sidebar.build(&[]).fails().reports(&[
        "index.md:5:1",
        "shortcode `sidebar` has no argument `titel`",
    ]);
    assert!(!sidebar.build(&[]).stderr().contains("closes no shortcode"));
    // A site's own shortcode takes whatever it is given, even one named like a built-in.
    let own = article("{{ pullquote(text=\"x\", colour=\"red\") }}\n");
    own.write(
        "templates/shortcodes/pullquote.html",
        b"<q>{{ text }} {{ colour }}</q>",
    );
    own.build(&[]).ok();
}

#[test]
fn block_shortcode_in_a_block_quote_is_not_a_nested_quote() {
    let site = article(
        "> Before.\n>\n> {% sidebar(title=\"In quote\") %}\n> Body in quote.\n> {% end %}\n",
    );
    site.build(&[]).ok().no_warnings();
    let doc = body_of(&site);
    assert_eq!(
        text(one(&doc, "blockquote aside.sidebar .sidebar-body > p")),
        "Body in quote."
    );
    assert!(all(&doc, "aside.sidebar blockquote").is_empty());
}

#[test]
fn sidebar_aria_label_is_plain_text() {
    let site = article("{% sidebar(title=\"How we *counted*\") %}\nBody.\n{% end %}\n");
    site.build(&[]).ok();
    let doc = body_of(&site);
    let aside = one(&doc, "aside.sidebar");
    assert_eq!(attr(aside, "aria-label"), "How we counted");
    one(&doc, "aside.sidebar .sidebar-title em");
}

#[test]
fn shortcodes_in_html_comments_are_not_expanded() {
    let site = article("<!-- {{ nosuch() }} -->\n\nText <!-- {% sidebar() %} --> here.\n");
    site.build(&[]).ok().no_warnings();
    assert!(all(&body_of(&site), "aside").is_empty());
}

#[test]
fn private_use_characters_in_text_are_not_taken_for_shortcodes() {
    let site = article("Odd \u{E000}0\u{E001} text {{ pullquote(text=\"Said.\") }}\n");
    site.build(&[]).ok();
    let doc = body_of(&site);
    assert!(text(all(&doc, ".article-body > p")[0]).contains("Odd \u{E000}0\u{E001} text"));
    assert_eq!(all(&doc, "aside.pullquote").len(), 1);
}
