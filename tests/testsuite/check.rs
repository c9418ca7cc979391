//! `mag check`: the whole build without writing, then links, anchors, images and
//! titles checked over the rendered pages.

use std::process::Command;

use crate::support::*;

/// The minimal site; when the build makes no Atom feeds yet, stand-ins under
/// static/ keep the theme's feed links from being reported in every test.
pub(crate) fn site() -> SiteTest {
    let site = SiteTest::minimal();
    site.build(&[]).ok();
    let feeds_built = site.out("atom.xml").exists();
    std::fs::remove_dir_all(site.root.join("public")).unwrap();
    if !feeds_built {
        for feed in ["atom.xml", "essays/atom.xml", "personages/atom.xml"] {
            site.write(&format!("static/{feed}"), b"<feed/>");
        }
    }
    site
}

fn check(site: &SiteTest, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    site.mag(&all)
}

#[test]
fn a_good_site_checks_clean_and_nothing_is_written() {
    let site = site()
        .article(
            "content/essays/a.md",
            "title = \"A\"",
            "See [B](@/essays/b.md#two).\n",
        )
        .article(
            "content/essays/b.md",
            "title = \"B\"",
            "## Two\n\nText[^1].\n\n[^1]: A note.\n",
        );
    let run = check(&site, &[]).ok().no_warnings();
    let out = run.stdout();
    assert!(out.starts_with("Checked "), "{out}");
    assert!(out.contains(" pages: 0 errors, 0 warnings."), "{out}");
    assert!(!site.root.join("public").exists());
    // With a base path, every link carries it and still resolves.
    check(&site, &["--base-url", "https://example.org/review/"]).ok();
}

#[test]
fn broken_links_anchors_images_and_urls_are_errors_at_their_place() {
    let body = "Go [nowhere](/nowhere/) and [to a file](/files/report.pdf).\n\n\
An [anchor](#no-such-heading) and [another page's](@/essays/b.md#missing).\n\n\
A note link <a href=\"#fn-9\">9</a>.\n\n\
![A chart](missing-chart.png)\n\n\
[bad](https://example.org:99999/)\n";
    let site = site()
        .article("content/essays/a.md", "title = \"A\"", body)
        .article("content/essays/b.md", "title = \"B\"", "Text.\n");
    let run = check(&site, &[])
        .fails()
        .reports(&[
            "error: broken link",
            "`/nowhere/`",
            "--> content/essays/a.md:5:14",
        ])
        .reports(&["broken link", "/files/report.pdf", "content/essays/a.md:5:"])
        .reports(&[
            "broken anchor",
            "#no-such-heading",
            "content/essays/a.md:7:13",
        ])
        .reports(&[
            "broken anchor",
            "#missing",
            "essays/b/index.html",
            "a.md:7:",
        ])
        .reports(&["broken anchor", "#fn-9", "footnote anchor", "a.md:9:"])
        .reports(&["missing image", "missing-chart.png", "a.md:11:", "help:"])
        .reports(&["not a valid URL", "99999", "a.md:13:"]);
    let last = run.stderr().lines().last().unwrap().to_string();
    assert_eq!(last, "Check failed: 7 errors, 0 warnings.");
    assert!(!site.root.join("public").exists());
}

#[test]
fn images_without_alt_text_warn_and_fail_with_strict() {
    let site = site().article("content/essays/a.md", "title = \"A\"", "![](pic.png)\n");
    site.write("content/essays/pic.png", &crate::figures::png(40, 30));
    check(&site, &[]).ok().reports(&[
        "warning: the image `/essays/pic.png` has no alt text",
        "content/essays/a.md:5:",
    ]);
    check(&site, &["--strict"])
        .fails()
        .reports(&["Check failed: 0 errors, 1 warning"]);
}

#[test]
fn duplicate_titles_and_ids() {
    let site = site()
        .article("content/essays/a.md", "title = \"Same\"", "x\n")
        .article(
            "content/essays/b.md",
            "title = \"same\"",
            "<span id=\"dup\"></span> and <span id=\"dup\"></span>\n",
        );
    check(&site, &[])
        .fails()
        .reports(&[
            "warning:",
            "content/essays/b.md",
            "also the title of content/essays/a.md",
        ])
        .reports(&[
            "error:",
            "the id `dup` is used more than once",
            "content/essays/b.md:5:",
        ]);
}

#[test]
fn build_errors_are_reported_by_check_too() {
    let site = site()
        .article("content/essays/a.md", "title = \"A\"\nissue = 5", "x\n")
        .article("content/essays/b.md", "title = \"B\"", "[x](@/gone.md)\n");
    check(&site, &[])
        .fails()
        .reports(&["issue 5 does not exist", "content/essays/a.md:3:9"])
        .reports(&["Check failed: 1 error"]);
}

#[test]
fn json_format_for_editors_and_ci() {
    let site = site().article(
        "content/essays/a.md",
        "title = \"A\"",
        "[x](/nowhere/) and a note[^n].\n",
    );
    let run = check(&site, &["--format", "json"]).fails();
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 1);
    let diags = json["diagnostics"].as_array().unwrap();
    let error = diags.iter().find(|d| d["severity"] == "error").unwrap();
    assert_eq!(error["file"], "content/essays/a.md");
    assert_eq!(error["line"], 5);
    assert_eq!(error["column"], 5);
    assert!(error["message"].as_str().unwrap().contains("/nowhere/"));
    assert!(error["help"].is_string());
    let ok = site.article("content/essays/a.md", "title = \"A\"", "Fine.\n");
    let run = check(&ok, &["--format", "json"]).ok();
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn colours_follow_no_color_and_the_terminal() {
    let site = site().article("content/essays/a.md", "title = \"A\"\nissue = 5", "x\n");
    let run = |no_color: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mag"));
        cmd.arg("build")
            .current_dir(&site.root)
            .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1").env("CLICOLOR_FORCE", "1");
        } else {
            cmd.env("CLICOLOR_FORCE", "1");
        }
        String::from_utf8(cmd.output().unwrap().stderr).unwrap()
    };
    assert!(!run(true).contains('\u{1b}'), "NO_COLOR must win");
    assert!(
        run(false).contains("\u{1b}["),
        "CLICOLOR_FORCE forces colour"
    );
    // A pipe (as here) without CLICOLOR_FORCE gets no colour.
    let plain = Command::new(env!("CARGO_BIN_EXE_mag"))
        .arg("build")
        .current_dir(&site.root)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stderr).contains('\u{1b}'));
}
