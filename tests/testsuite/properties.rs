//! Property tests (proptest) of the Markdown renderer: arbitrary input never
//! panics, and the rendered HTML parses with unique ids and every footnote link
//! pointing at an existing id. (Front matter and slugs have theirs inside the
//! crate, beside their code.)

use std::collections::HashSet;

use mag::markdown::{self, NoSite, Options};
use proptest::prelude::*;
use scraper::{Html, Selector};

/// Markdown built from the pieces that exercise mag's extensions: footnote
/// references and definitions (also nested in quotes, lists and other notes), pull
/// quotes, figures, headings, code, tables, typography.
fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "[^a]",
        "[^b]",
        "[^A]",
        "[^long note]",
        "[^a]: Note a.\n",
        "\n[^b]: Note b cites [^a].\n",
        "\n\n[^long  NOTE]: Long.\n",
        "> ",
        "> [!PULLQUOTE]\n> ",
        "- ",
        "1. ",
        "\n",
        "\n\n",
        "text ",
        "*em* ",
        "_x_",
        "`code` ",
        "```\n",
        "~~~\n",
        "![alt](x.png)",
        "![](y.png \"T\")",
        "[l](#fn-1)",
        "[m](#fnref-1)",
        "# Heading\n",
        "## Heading\n",
        "### Sub {#sub}\n",
        "| a | b |\n|---|---|\n| [^a] | c |\n",
        "&amp;",
        "\"",
        "'",
        "--",
        "...",
        "    ",
        "\t",
        "[^",
        "]",
        ":",
        "* * *\n",
        "<!-- more -->\n",
        "\\",
        "[x](@/a.md)",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

fn options(smart_punctuation: bool, id_prefix: &str) -> Options {
    Options {
        smart_punctuation,
        id_prefix: id_prefix.to_string(),

        ..Default::default()
    }
}

/// Asserts the footnote and id invariants of a rendered body.
fn check_ids(html: &str) -> Result<(), TestCaseError> {
    let doc = Html::parse_fragment(html);
    let mut ids = HashSet::new();
    for el in doc.select(&Selector::parse("[id]").unwrap()) {
        let id = el.value().id().unwrap_or_default().to_string();
        prop_assert!(ids.insert(id.clone()), "id {id:?} twice in {html}");
    }
    let links = Selector::parse("a[role=doc-noteref], a[role=doc-backlink]").unwrap();
    for a in doc.select(&links) {
        let href = a.value().attr("href").unwrap_or_default();
        let target = href.strip_prefix('#').unwrap_or(href);
        prop_assert!(ids.contains(target), "{href} points at no id in {html}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(src in any::<String>(), smart in any::<bool>()) {
        let body = markdown::render(&src, &options(smart, ""), &NoSite);
        for note in &body.notes {
            prop_assert!(note.offset <= src.len());
        }
        markdown::render_inline(&src, &options(smart, ""), &NoSite);
    }

    #[test]
    fn footnote_ids_are_unique_and_every_link_lands(
        src in markdownish(),
        smart in any::<bool>(),
        prefix in prop::sample::select(vec!["", "a1-"]),
    ) {
        let body = markdown::render(&src, &options(smart, prefix), &NoSite);
        check_ids(&body.html)?;
        let notes = Html::parse_fragment(&body.html)
            .select(&Selector::parse("section.footnotes > ol > li").unwrap())
            .count();
        prop_assert_eq!(notes, body.footnote_count);
    }
}
