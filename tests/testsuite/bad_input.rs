//! Every kind of bad input named by the diagnostics issue: each goes through the real
//! build and is reported with its file, place, message and exit code.

use crate::support::*;

#[test]
fn empty_file_is_an_error() {
    let site = SiteTest::minimal().file("content/essays/empty.md", "");
    site.build(&[])
        .fails()
        .reports(&["error: the file is empty", "--> content/essays/empty.md"])
        .reports(&["help:", "+++"]);
    let site = SiteTest::minimal().file("content/essays/blank.md", "\u{feff}\n \r\n");
    site.build(&[])
        .fails()
        .reports(&["the file is empty", "content/essays/blank.md"]);
}

#[test]
fn diagnostics_show_the_source_line_and_a_caret() {
    let site = SiteTest::minimal().article(
        "content/essays/t.md",
        "title = \"T\"\nissue = \"fifty\"",
        "Body\n",
    );
    let run = site.build(&[]).fails().reports(&[
        "error:",
        "--> content/essays/t.md:3:9",
        "3 | issue = \"fifty\"",
        "^^^^^^^",
    ]);
    let last = run.stderr().lines().last().unwrap().to_string();
    assert_eq!(
        last,
        "Build failed: 1 error, 0 warnings; nothing was written."
    );
}

#[test]
fn crlf_files_report_the_right_line_and_column() {
    let site = SiteTest::minimal().file(
        "content/essays/crlf.md",
        "+++\r\ntitle = \"C\"\r\ndate = 2024-01-01\r\ndekk = \"Jo\"\r\n+++\r\nBody\r\n",
    );
    let run = site.build(&[]).fails().reports(&[
        "unknown key `dekk`",
        "--> content/essays/crlf.md:4:1",
        "4 | dekk = \"Jo\"",
        "did you mean `dek`?",
    ]);
    assert!(!run.stderr().contains('\r'), "{:?}", run.stderr());
}

#[test]
fn invalid_yaml_with_crlf_shows_its_line() {
    let site = SiteTest::minimal().file(
        "content/essays/y.md",
        "---\r\ntitle: Y\r\ndate: 2024-01-01\r\nissue: [1\r\n---\r\nBody\r\n",
    );
    let run = site
        .build(&[])
        .fails()
        .reports(&["invalid YAML", "--> content/essays/y.md:", "|"]);
    assert!(!run.stderr().contains('\r'), "{:?}", run.stderr());
    let site = SiteTest::minimal().file(
        "content/essays/k.md",
        "\u{feff}---\ntitle: K\ndate: 2024-01-01\nsubtitle: x\n---\nBody\n",
    );
    site.build(&[]).fails().reports(&[
        "unknown key `subtitle`",
        "--> content/essays/k.md:4:1",
        "4 | subtitle: x",
        "^",
    ]);
}

#[test]
fn a_byte_order_mark_does_not_shift_positions_or_break_parsing() {
    let site = SiteTest::minimal().file(
        "content/essays/bom.md",
        "\u{feff}+++\ntitle = \"B\"\ndate = 2024-01-01\nissue = 42\n+++\nBody\n",
    );
    site.build(&[])
        .fails()
        .reports(&["content/essays/bom.md:4:9", "issue 42 does not exist"]);
}

#[test]
fn a_fence_inside_a_code_block_in_the_body_is_body_text() {
    let site = SiteTest::minimal().article(
        "content/essays/fence.md",
        "title = \"Fence\"",
        "Before.\n\n```toml\n+++\ntitle = \"not front matter\"\n+++\n```\n\nAfter.\n",
    );
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/fence/index.html");
    assert_eq!(text(one(&doc, "h1")), "Fence");
    let code = text(one(&doc, ".article-body pre code"));
    assert!(
        code.starts_with("+++ title = \"not front matter\" +++"),
        "{code}"
    );
}

#[test]
fn non_utf8_file_names_the_byte_offset() {
    let site = SiteTest::minimal();
    site.write(
        "content/essays/latin1.md",
        b"+++\ntitle = \"L\"\ndate = 2024-01-01\n+++\nCaf\xe9 society.\n",
    );
    site.build(&[]).fails().reports(&[
        "not UTF-8",
        "0xE9",
        "byte offset 41",
        "content/essays/latin1.md:5:4",
        "save the file as UTF-8",
    ]);
}

#[test]
fn two_issue_files_with_one_number() {
    let site = SiteTest::minimal().file(
        "content/issues/first-again.md",
        "+++\nnumber = 1\ntitle = \"Again\"\ndate = 2024-01-01\n+++\n",
    );
    site.build(&[]).fails().reports(&[
        "issue 1 is also defined in content/issues/1.md",
        "content/issues/first-again.md",
        "give each issue file its own number",
    ]);
}

#[test]
fn two_pieces_of_content_at_one_url() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "x\n")
        .article("content/essays/b.md", "title = \"B\"\nslug = \"a\"", "x\n");
    site.build(&[]).fails().reports(&[
        "content/essays/b.md",
        "content/essays/a.md",
        "would both be written to /essays/a/",
        "slug",
    ]);
    assert!(!site.out("index.html").exists());
}

#[test]
fn broken_internal_link_is_an_error_at_the_link() {
    let site = SiteTest::minimal().article(
        "content/essays/l.md",
        "title = \"L\"",
        "First line.\n\nSee [the other](@/essays/nope.md).\n",
    );
    site.build(&[]).fails().reports(&[
        "@/essays/nope.md does not exist",
        "--> content/essays/l.md:7:5",
        "7 | See [the other](@/essays/nope.md).",
    ]);
}

#[test]
fn footnote_faults_warn_and_fail_only_with_strict() {
    let site = SiteTest::minimal().article(
        "content/essays/f.md",
        "title = \"F\"",
        "Text[^missing] and more.\n\n[^unused]: Never cited.\n",
    );
    site.build(&[])
        .ok()
        .reports(&[
            "warning: footnote reference [^missing] has no definition",
            "content/essays/f.md:5:5",
        ])
        .reports(&[
            "warning: footnote [^unused] is never referenced",
            "f.md:7:1",
        ]);
    let before = std::fs::read(site.out("essays/f/index.html")).unwrap();
    let site = site.article(
        "content/essays/f.md",
        "title = \"F changed\"",
        "Text[^missing].\n",
    );
    let run = site.build(&["--strict"]).fails();
    let last = run.stderr().lines().last().unwrap().to_string();
    assert!(
        last.starts_with("Build failed: 0 errors, 1 warning (--strict"),
        "{last}"
    );
    assert_eq!(
        std::fs::read(site.out("essays/f/index.html")).unwrap(),
        before
    );
}

/// Titles and deks are inline Markdown whose raw HTML is shown as text; every
/// context (the page, `<title>`, meta tags, JSON-LD) escapes it, so nothing can end
/// a `<script>`, `<title>` or attribute early. Contributor names are plain text.
#[test]
fn markup_in_titles_deks_and_names_is_escaped_everywhere() {
    let markup = "</script></title><script>alert(1)</script><b>bold</b> & more";
    let site = SiteTest::minimal()
        .article(
            "content/essays/x.md",
            &format!(
                "title = \"{markup} *em*\"\ndek = \"{markup}\"\nauthors = ['</script><script>alert(1)</script> \"Jo\" & <i>co</i>']"
            ),
            "Body.\n",
        );
    site.build(&[]).ok();
    let name = "</script><script>alert(1)</script> \"Jo\" & <i>co</i>";
    for page in ["essays/x/index.html", "index.html", "essays/index.html"] {
        let doc = site.html(page);
        for script in all(&doc, "script") {
            if script.value().attr("type") == Some("application/ld+json") {
                let json: String = script.text().collect();
                let json: serde_json::Value = serde_json::from_str(&json)
                    .unwrap_or_else(|e| panic!("{page}: JSON-LD does not parse: {e}"));
                assert!(json.is_object(), "{page}");
            } else {
                assert!(
                    script.value().attr("src").is_some(),
                    "{page}: {}",
                    script.html()
                );
            }
        }
        assert!(all(&doc, "b").is_empty(), "{page}: a <b> became markup");
        assert!(
            all(&doc, "i").is_empty(),
            "{page}: a name's <i> became markup"
        );
    }
    let doc = site.html("essays/x/index.html");
    assert_eq!(text(one(&doc, "h1")), format!("{markup} em"));
    assert_eq!(text(one(&doc, "h1 em")), "em");
    assert!(text(one(&doc, "title")).starts_with(&format!("{markup} em — ")));
    assert_eq!(text(one(&doc, ".dek")), markup);
    let description = attr(one(&doc, "meta[name=description]"), "content");
    assert_eq!(description, markup);
    assert_eq!(attr(one(&doc, "meta[name=author]"), "content"), name);
    let ld: String = one(&doc, "script[type=\"application/ld+json\"]")
        .text()
        .collect();
    let json: serde_json::Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(json["headline"], format!("{markup} em"));
    assert_eq!(json["author"][0]["name"], name);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_reported_not_followed_forever() {
    let site = SiteTest::minimal().article("content/essays/ok.md", "title = \"Ok\"", "x\n");
    let essays = site.root.join("content/essays");
    std::os::unix::fs::symlink(&essays, essays.join("loop")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/mag-test.md", essays.join("gone.md")).unwrap();
    site.build(&[])
        .fails()
        .reports(&["content/essays/loop", "cannot read", "symbolic link"])
        .reports(&["content/essays/gone.md", "cannot read"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_content_is_skipped_with_a_warning() {
    let site = SiteTest::minimal().article("content/essays/ok.md", "title = \"Ok\"", "x\n");
    let fifo = site.root.join("content/essays/pipe.md");
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    site.build(&[]).ok().reports(&[
        "warning: skipped: not a regular file",
        "content/essays/pipe.md",
    ]);
}

/// Root reads any file whatever its mode, so this runs only for other users; as
/// root, `symlink_loops_and_dangling_links…` covers the "cannot read" path.
#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        return;
    }
    let site = SiteTest::minimal().article("content/essays/secret.md", "title = \"S\"", "x\n");
    let path = site.root.join("content/essays/secret.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    site.build(&[])
        .fails()
        .reports(&["content/essays/secret.md", "cannot read the file"]);
}
