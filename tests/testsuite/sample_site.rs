//! The sample magazine builds with zero warnings and shows its long essay properly.

use crate::support::*;

#[test]
fn sample_site_builds_without_warnings() {
    let site = SiteTest::copy_of(&repo_path("sample-site"));
    let run = site.build(&[]).ok().no_warnings();
    assert!(run.stdout().lines().last().unwrap().starts_with("Built "));
    let home = site.html("index.html");
    assert_eq!(all(&home, "section.issue-promo").len(), 1);
    assert!(all(&home, "section.latest article.teaser").len() >= 5);
}

#[test]
fn long_essay_uses_every_body_feature() {
    let site = SiteTest::copy_of(&repo_path("sample-site"));
    site.build(&[]).ok();
    let doc = site.html("personages/jozef-mrowka-painter-of-heat/index.html");
    let body = one(&doc, ".article-body");
    let words = text(body).split_whitespace().count();
    assert!(words >= 4000, "{words} words");
    assert!(all(&doc, "section.footnotes li").len() >= 7);
    assert!(all(&doc, ".article-body > blockquote").len() >= 3);
    assert_eq!(all(&doc, "aside.pullquote cite").len(), 1);
    assert!(all(&doc, ".article-body figure figcaption").len() >= 2);
    assert!(!all(&doc, "hr.section-break").is_empty());
    assert!(!all(&doc, "figure.lead-art .credit").is_empty());
    let t = text(body);
    assert!(t.contains('“') && t.contains('’') && t.contains('—'));
    assert!(!t.contains("--"));
    // A repeated note: some note has two back links.
    assert!(all(&doc, "section.footnotes li")
        .into_iter()
        .any(|li| li.select(&sel("a[role=doc-backlink]")).count() == 2));
}

#[test]
fn sample_site_has_every_page_kind() {
    let site = SiteTest::copy_of(&repo_path("sample-site"));
    site.build(&[]).ok();
    // One section paginates at the default 20 a page.
    let doc = site.html("columns/page/2/index.html");
    assert!(!all(&doc, ".teaser").is_empty());
    assert_eq!(attr(one(&doc, "head link[rel=prev]"), "href"), "/columns/");
    // Contributors have bios, and everyone named in a byline has a page.
    let doc = site.html("authors/index.html");
    assert!(all(&doc, "li.contributor-card .contributor-bio").len() >= 10);
    for a in all(
        &site.html("dispatches/the-night-ferry/index.html"),
        "p.byline a",
    ) {
        let href = attr(a, "href");
        assert!(
            site.out(&format!("{}index.html", &href[1..])).is_file(),
            "{href}"
        );
    }
    assert!(site.out("tags/democracy/index.html").is_file());
    assert!(site.out("2025/10/why-print/index.html").is_file());
    assert!(site.out("columns/atom.xml").is_file());
}

/// Pages are rendered in parallel, each thread reusing the article summaries of
/// its previous pages (`render::pool`), and written as they are done: the output
/// must not depend on how many threads there are or on which pages each renders.
#[test]
fn output_is_the_same_on_one_thread_and_on_four() {
    let site = SiteTest::copy_of(&repo_path("sample-site"));
    let build = |threads: &str, out: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_mag"))
            .args(["build", "-o", out])
            .current_dir(&site.root)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        site.root.join(out)
    };
    let files = |dir: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        let mut all: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        all.sort();
        all
    };
    let one = files(&build("1", "out-1"));
    let four = files(&build("4", "out-4"));
    assert!(one.len() > 90, "{} files", one.len());
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&one), names(&four));
    for ((name, a), (_, b)) in one.iter().zip(&four) {
        assert!(a == b, "{name} differs between one thread and four");
    }
}
