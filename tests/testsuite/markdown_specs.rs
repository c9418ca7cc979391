//! The Markdown extensions, specified by example files in `tests/testsuite/markdown/`.
//!
//! Each file holds examples in pulldown-cmark's spec format: a fence line of 32
//! backticks followed by ` example`, the Markdown, a line holding `.`, the expected
//! HTML, and a closing fence. Rendering uses smart punctuation and no site, except
//! for `shortcodes.txt`: its examples need the theme's shortcode templates, so they
//! are built as the articles of one site and compared with each page's
//! `.article-body`.

use mag::markdown::{render, NoSite, Options};
use scraper::Html;

use crate::support::*;

/// The spec file of the shortcodes, which needs a site around it.
const SHORTCODES: &str = "shortcodes.txt";

fn examples(text: &str) -> Vec<(usize, String, String)> {
    let fence = "`".repeat(32);
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if line.trim_end() != format!("{fence} example") {
            continue;
        }
        let (mut input, mut expected, mut in_expected) = (String::new(), String::new(), false);
        for (_, l) in lines.by_ref() {
            if l.trim_end() == fence {
                break;
            }
            if l == "." && !in_expected {
                in_expected = true;
                continue;
            }
            let target = if in_expected {
                &mut expected
            } else {
                &mut input
            };
            target.push_str(&l.replace('→', "\t"));
            target.push('\n');
        }
        out.push((n + 1, input, expected));
    }
    out
}

#[test]
fn extension_specs() {
    let dir = crate::support::repo_path("tests/testsuite/markdown");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt") && !p.ends_with(SHORTCODES))
    {
        let text = std::fs::read_to_string(path).unwrap();
        for (line, input, expected) in examples(&text) {
            count += 1;
            let options = Options {
                smart_punctuation: true,
                id_prefix: String::new(),

                ..Default::default()
            };
            let got = render(&input, &options, &NoSite).html;
            if got.trim() != expected.trim() {
                failures.push(format!(
                    "{}:{line}\n--- input\n{input}--- expected\n{expected}--- got\n{got}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(count >= 10, "only {count} examples found");
    assert!(
        failures.is_empty(),
        "{} of {count} examples failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// HTML as the parser reads it back, so that two spellings of the same markup
/// compare equal.
fn normalized(html: &str) -> String {
    Html::parse_fragment(html)
        .root_element()
        .inner_html()
        .trim()
        .to_string()
}

#[test]
fn shortcode_specs() {
    let path = repo_path("tests/testsuite/markdown").join(SHORTCODES);
    let examples = examples(&std::fs::read_to_string(&path).unwrap());
    assert!(
        examples.len() >= 8,
        "only {} examples found",
        examples.len()
    );
    let mut site = SiteTest::minimal();
    for (line, input, _) in &examples {
        let rel = format!("content/essays/line-{line}.md");
        site = site.article(&rel, &format!("title = \"Line {line}\""), input);
    }
    site.build(&[]).ok();
    let mut failures = Vec::new();
    for (line, input, expected) in &examples {
        let doc = site.html(&format!("essays/line-{line}/index.html"));
        let got = one(&doc, ".article-body").inner_html().trim().to_string();
        if got != normalized(expected) {
            failures.push(format!(
                "{SHORTCODES}:{line}\n--- input\n{input}--- expected\n{expected}--- got\n{got}\n"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn word_count_leaves_out_pull_quotes_and_notes() {
    let src = "One two three[^a].\n\n> [!PULLQUOTE]\n> Not counted at all.\n\n> A real quote counts.\n\n[^a]: Notes do not count either.\n";
    let body = render(src, &Options::default(), &NoSite);
    assert_eq!(body.word_count, 7);
    assert_eq!(body.summary.as_deref(), Some("One two three."));
    assert_eq!(body.footnote_count, 1);
}

#[test]
fn summary_is_the_text_before_more() {
    let src = "First para.\n\nSecond para.\n\n<!-- more -->\n\nThird.\n";
    let body = render(src, &Options::default(), &NoSite);
    assert_eq!(body.summary.as_deref(), Some("First para. Second para."));
}

#[test]
fn summary_skips_an_opening_quote_and_image() {
    let src = "> An epigraph.\n\n![x](y.png)\n\n*Real* \"start\".\n";
    let body = render(
        src,
        &Options {
            smart_punctuation: true,
            id_prefix: String::new(),

            ..Default::default()
        },
        &NoSite,
    );
    assert_eq!(body.summary.as_deref(), Some("Real “start”."));
}

#[test]
fn toc_collects_h2_with_h3_children() {
    let src = "## One\n\n### One A\n\n## Two {#custom}\n\n## One\n";
    let body = render(src, &Options::default(), &NoSite);
    let ids: Vec<(&str, usize)> = body
        .toc
        .iter()
        .map(|t| (t.id.as_str(), t.children.len()))
        .collect();
    assert_eq!(ids, [("one", 1), ("custom", 0), ("one-1", 0)]);
    assert_eq!(body.toc[0].children[0].id, "one-a");
}
