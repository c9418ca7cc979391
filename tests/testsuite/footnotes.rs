//! Footnotes: numbering by first reference, back links, repeats, long notes, faults.

use crate::support::*;

const BODY: &str = r#"First[^zeta] and second[^Alpha] and again[^ZETA].

> A quote with a note inside.[^q]
>
> [^q]: Defined inside the block quote.

[^alpha]: The alpha note.

[^zeta]: The zeta note, first paragraph.

    Its second paragraph.
"#;

fn built() -> SiteTest {
    let site = SiteTest::minimal().article("content/essays/notes.md", "title = \"Notes\"", BODY);
    site.build(&[]).ok().no_warnings();
    site
}

#[test]
fn numbered_by_first_reference_whatever_the_labels() {
    let site = built();
    let doc = site.html("essays/notes/index.html");
    let refs: Vec<String> = all(&doc, "sup.footnote-ref a")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(refs, ["1", "2", "1", "3"]);
    let notes: Vec<String> = all(&doc, "section.footnotes[role=doc-endnotes] > ol > li")
        .into_iter()
        .map(|li| attr(li, "id").to_string())
        .collect();
    assert_eq!(notes, ["fn-1", "fn-2", "fn-3"]);
    let first = one(&doc, "li#fn-1");
    assert!(text(first).starts_with("The zeta note"));
    assert!(text(one(&doc, "li#fn-2")).starts_with("The alpha note"));
    assert!(text(one(&doc, "li#fn-3")).starts_with("Defined inside the block quote"));
}

#[test]
fn hoisted_out_of_block_quotes_and_rendered_once() {
    let site = built();
    let doc = site.html("essays/notes/index.html");
    assert_eq!(all(&doc, "section.footnotes").len(), 1);
    assert!(all(&doc, "blockquote li, blockquote .footnote-definition").is_empty());
    // The footnotes come last in the body.
    let body = one(&doc, ".article-body");
    let last = body
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .last()
        .unwrap();
    assert_eq!(last.value().name(), "section");
}

#[test]
fn repeated_reference_gets_two_ids_and_two_back_links() {
    let site = built();
    let doc = site.html("essays/notes/index.html");
    let ids: Vec<&str> = all(&doc, "sup.footnote-ref a")
        .into_iter()
        .map(|a| attr(a, "id"))
        .collect();
    assert_eq!(ids, ["fnref-1", "fnref-2", "fnref-1-2", "fnref-3"]);
    for a in all(&doc, "sup.footnote-ref a[role=doc-noteref]") {
        let target = attr(a, "href").trim_start_matches('#');
        assert_eq!(all(&doc, &format!("li#{target}")).len(), 1, "{target}");
    }
    let backs: Vec<&str> = all(&doc, "li#fn-1 a[role=doc-backlink]")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(backs, ["#fnref-1", "#fnref-1-2"]);
    for a in all(&doc, "a[role=doc-backlink]") {
        assert_eq!(text(a), "↩");
        let target = attr(a, "href").trim_start_matches('#');
        assert_eq!(all(&doc, &format!("[id='{target}']")).len(), 1, "{target}");
    }
}

#[test]
fn multi_paragraph_note_keeps_both_paragraphs_and_links_back_from_the_last() {
    let site = built();
    let doc = site.html("essays/notes/index.html");
    let paragraphs = all(&doc, "li#fn-1 > p");
    assert_eq!(paragraphs.len(), 2);
    assert!(text(paragraphs[1]).starts_with("Its second paragraph."));
    assert_eq!(
        all(&doc, "li#fn-1 > p:last-child a[role=doc-backlink]").len(),
        2
    );
}

#[test]
fn undefined_and_unused_notes_are_warned_with_file_and_line() {
    let site = SiteTest::minimal().article(
        "content/essays/faulty.md",
        "title = \"Faulty\"",
        "Text with a missing note[^nope].\n\n[^unused]: Nobody points here.\n",
    );
    let run = site.build(&[]).ok();
    // front matter is 4 lines (+++, title, date, +++): the body starts on line 5.
    run.reports(&[
        "warning:",
        "content/essays/faulty.md:5:",
        "[^nope]",
        "no definition",
    ])
    .reports(&[
        "warning:",
        "content/essays/faulty.md:7:",
        "[^unused]",
        "never referenced",
    ]);
    let doc = site.html("essays/faulty/index.html");
    assert!(text(one(&doc, ".article-body p")).contains("[^nope]"));
}

#[test]
fn heading_ids_do_not_collide_with_main_or_footnote_ids() {
    let site = SiteTest::minimal().article(
        "content/essays/a/index.md",
        "title = \"A\"",
        "Text.[^1]\n\n## Main\n\n## fn-1\n\n[^1]: A note.\n",
    );
    site.build(&[]).ok();
    let doc = site.html("essays/a/index.html");
    assert_eq!(all(&doc, "#main").len(), 1);
    assert_eq!(one(&doc, "#main").value().name(), "main");
    assert_eq!(one(&doc, "#fn-1").value().name(), "li");
    assert_eq!(text(one(&doc, "#main-heading")), "Main");
    assert_eq!(text(one(&doc, "#fn-1-heading")), "fn-1");
}
