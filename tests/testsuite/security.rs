//! Untrusted input (issue 13): what a contributor's files can make mag do. Nothing
//! is read from outside the site, nothing is written outside the output folder,
//! no input crashes the build, and typed text never becomes a script link.

use std::os::unix::fs::symlink;

use crate::support::*;

/// A file outside the site (beside it in the test's temporary folder).
fn secret_beside(site: &SiteTest, name: &str) -> std::path::PathBuf {
    let path = site.root.parent().unwrap().join(name);
    std::fs::write(&path, "TOKEN=hunter2\n").unwrap();
    path
}

#[test]
fn links_to_files_outside_the_site_are_errors_naming_each_link() {
    let site = SiteTest::minimal().article("content/essays/a/index.md", "title = \"A\"", "Text.\n");
    let secret = secret_beside(&site, "secret.txt");
    let secret_dir = site.root.parent().unwrap().join("keys");
    std::fs::create_dir_all(&secret_dir).unwrap();
    std::fs::write(secret_dir.join("authorized_keys"), "ssh-ed25519 AAAA").unwrap();
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    symlink(&secret, site.root.join("static/passwd.txt")).unwrap();
    symlink(&secret_dir, site.root.join("static/k")).unwrap();
    symlink(&secret, site.root.join("content/essays/a/lead.svg")).unwrap();
    symlink(&secret, site.root.join("content/essays/outside.md")).unwrap();
    let run = site.build(&[]).fails();
    let run = run.reports(&[
        "static/passwd.txt is a symbolic link to",
        "outside the site folder",
    ]);
    let run = run.reports(&["static/k is a symbolic link to"]);
    let run = run.reports(&["Security page"]);
    assert!(!site.out("passwd.txt").exists());
    assert!(!site.root.join("public").exists(), "nothing is written");
    drop(run);

    // The content links are reported once the static ones are gone.
    std::fs::remove_file(site.root.join("static/passwd.txt")).unwrap();
    std::fs::remove_file(site.root.join("static/k")).unwrap();
    site.build(&[])
        .fails()
        .reports(&["content/essays/a/lead.svg is a symbolic link to"])
        .reports(&["content/essays/outside.md is a symbolic link to"]);
    assert!(!site.root.join("public").exists());
}

#[test]
fn links_inside_the_site_still_work() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "Text.\n")
        .file("shared/note.txt", "shared words");
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    symlink(
        site.root.join("shared/note.txt"),
        site.root.join("static/note.txt"),
    )
    .unwrap();
    site.build(&[]).ok();
    assert_eq!(
        std::fs::read_to_string(site.out("note.txt")).unwrap(),
        "shared words"
    );
}

#[test]
fn an_image_outside_the_site_is_never_read() {
    // A PNG beside the site: its size must not leak into the page.
    let site = SiteTest::minimal().article(
        "content/essays/a.md",
        "title = \"A\"",
        "![x](../../../outside.png)\n",
    );
    let png = site.root.parent().unwrap().join("outside.png");
    // A 1×1 PNG: signature, IHDR of 1×1.
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    bytes.extend_from_slice(&[0x1f, 0x15, 0xc4, 0x89]);
    std::fs::write(&png, bytes).unwrap();
    site.build(&[]).ok();
    let doc = site.html("essays/a/index.html");
    let img = one(&doc, "article img");
    assert_eq!(img.value().attr("width"), None, "{}", img.html());
}

#[test]
fn deeply_nested_block_shortcodes_are_an_error_not_a_crash() {
    let n = 1300;
    let body = format!(
        "{}x\n{}",
        "{% sidebar(title=\"t\") %}\n".repeat(n),
        "{% end %}\n".repeat(n)
    );
    let site = SiteTest::minimal().article("content/essays/deep.md", "title = \"Deep\"", &body);
    // The binary: a stack overflow aborts the process, which the test must see.
    let run = site.mag_process(&["build"]);
    run.fails()
        .reports(&["content/essays/deep.md:37:1", "nested more than 32 deep"]);
}

#[test]
fn deeply_nested_lists_in_a_shortcode_argument_are_an_error_not_a_crash() {
    let n = 10_000;
    let body = format!(
        "{{{{ figure(src=\"a.png\", alt=\"y\", x={}{}) }}}}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let site = SiteTest::minimal().article("content/essays/deep.md", "title = \"Deep\"", &body);
    site.mag_process(&["build"])
        .fails()
        .reports(&["content/essays/deep.md:5:1", "lists nest at most 8 deep"]);
}

#[test]
fn script_links_in_titles_deks_and_captions_lose_their_address() {
    let site = SiteTest::minimal().article(
        "content/essays/a.md",
        "title = \"[Read me](javascript:alert(1))\"\ndek = \"[dek](java\\tscript:alert(1)) and [fine](https://example.org/)\"",
        "{{ figure(src=\"https://example.org/a.png\", alt=\"y\", caption=\"[c](JAVASCRIPT:alert(1))\", credit=\"[by](data:text/html,x)\") }}\n",
    );
    site.build(&[]).ok();
    for page in ["index.html", "essays/index.html", "essays/a/index.html"] {
        let doc = site.html(page);
        for a in all(&doc, "a[href]") {
            let href = attr(a, "href").to_ascii_lowercase();
            let scheme = href.split(':').next().unwrap_or_default();
            assert!(
                !href.contains(':') || ["http", "https", "mailto"].contains(&scheme),
                "{page}: {}",
                a.html()
            );
        }
    }
    let doc = site.html("essays/a/index.html");
    assert_eq!(text(one(&doc, "h1")), "Read me");
    // A safe link in the same dek stays a link.
    assert!(!all(&doc, "a[href='https://example.org/']").is_empty());
}

#[test]
fn a_contributor_link_must_be_http_https_or_mailto() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/a.md",
            "title = \"A\"\nauthors = [\"Jane Doe\"]",
            "Text.\n",
        )
        .file(
            "content/authors/jane-doe.md",
            "+++\nname = \"Jane Doe\"\nlinks = [{ name = \"Site\", url = \"javascript://x%0aalert(1)\" }]\n+++\nBio.\n",
        );
    site.build(&[]).fails().reports(&[
        "content/authors/jane-doe.md:3",
        "not an absolute URL (http, https or mailto)",
    ]);
}

#[test]
fn an_alias_on_a_generated_file_names_the_alias_and_its_line() {
    let site = SiteTest::minimal().article(
        "content/essays/a.md",
        "title = \"A\"\naliases = [\"/robots.txt\"]",
        "Text.\n",
    );
    site.build(&[]).fails().reports(&[
        "content/essays/a.md:3:12",
        "the generated robots.txt is written there",
    ]);
}

#[test]
fn an_alias_equal_to_the_page_url_names_its_line() {
    let site = SiteTest::minimal().article(
        "content/essays/a.md",
        "title = \"A\"\naliases = [\"/essays/a/\"]",
        "Text.\n",
    );
    site.build(&[]).fails().reports(&[
        "content/essays/a.md:3:12",
        "is the URL the page already has",
    ]);
}

#[test]
fn semantic_errors_in_mag_toml_name_their_line() {
    let config = "title = \"T\"\nbase_url = \"ftp://example.org/\"\ntheme = \"default\"\n[[sections]]\nslug = \"essays\"\nname = \"Essays\"\n[[sections]]\nslug = \"a/b\"\nname = \"AB\"\n";
    let site = SiteTest::minimal().file("mag.toml", config);
    site.build(&[])
        .fails()
        .reports(&["mag.toml:2:12", "must start with http:// or https://"])
        .reports(&["mag.toml:8:8", "is not a folder name"]);
    let site = site.file(
        "mag.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"nosuch\"\n",
    );
    site.build(&[])
        .fails()
        .reports(&["mag.toml:3:9", "theme `nosuch` does not exist"]);
}

/// An article with everything untrusted mode removes, and what it keeps.
fn hostile_site() -> SiteTest {
    SiteTest::minimal().article(
        "content/essays/a.md",
        "title = \"A\"",
        "Words.\n\n<script>alert('body')</script>\n\n<p onclick=\"alert('p')\">Clicked.</p>\n\n\
[link](javascript:alert('link')) and [fine](https://example.org/)\n\n\
## Heading {onmouseover=alert('h')}\n\n\
<iframe src=\"https://evil.example/x\" title=\"bad\"></iframe>\n\n\
<iframe src=\"https://player.vimeo.com/video/1\" title=\"film\"></iframe>\n\n\
A note.[^1]\n\n[^1]: The note.\n",
    )
}

/// Every trace of script in a page: script elements, event handlers, and
/// addresses with a scheme other than http, https and mailto.
fn scripts_in(doc: &scraper::Html) -> Vec<String> {
    let mut found = Vec::new();
    for el in all(doc, "article *") {
        if el.value().name() == "script" {
            found.push(el.html());
        }
        for (name, value) in el.value().attrs() {
            let scheme = value
                .split(':')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let url_attr = matches!(name, "href" | "src");
            if name.starts_with("on")
                || (url_attr
                    && value.contains(':')
                    && !["http", "https", "mailto"].contains(&scheme.as_str()))
            {
                found.push(format!("{name}={value}"));
            }
        }
    }
    found
}

#[test]
fn untrusted_builds_sanitise_raw_html_and_keep_magazine_markup() {
    let site = hostile_site();
    site.build(&[]).ok();
    let doc = site.html("essays/a/index.html");
    assert!(
        !scripts_in(&doc).is_empty(),
        "a normal build keeps raw HTML"
    );

    site.build(&["--untrusted"]).ok();
    let doc = site.html("essays/a/index.html");
    assert_eq!(scripts_in(&doc), Vec::<String>::new());
    // What a magazine needs stays: the paragraph's text, the safe link, the
    // heading's id, the footnote, the allowed embed.
    assert!(all(&doc, "article p")
        .iter()
        .any(|p| text(*p) == "Clicked."));
    assert_eq!(all(&doc, "article a[href='https://example.org/']").len(), 1);
    assert_eq!(attr(one(&doc, "article h2"), "id"), "heading");
    assert_eq!(all(&doc, "article [role=doc-noteref]").len(), 1);
    let frames: Vec<_> = all(&doc, "article iframe")
        .iter()
        .map(|f| f.value().attr("src").unwrap_or("").to_string())
        .collect();
    assert_eq!(frames, ["", "https://player.vimeo.com/video/1"]);
}

#[test]
fn untrusted_mode_in_mag_toml_and_its_embed_hosts() {
    let site = hostile_site();
    let config = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
    let site = site.file(
        "mag.toml",
        &format!("{config}\n[security]\nuntrusted = true\nembed_hosts = [\"evil.example\"]\n"),
    );
    site.build(&[]).ok();
    let doc = site.html("essays/a/index.html");
    assert_eq!(scripts_in(&doc), Vec::<String>::new());
    assert_eq!(
        all(&doc, "article iframe[src^='https://evil.example/']").len(),
        1
    );
}

#[test]
fn the_sample_magazine_is_the_same_in_untrusted_mode() {
    // mag's own markup (footnotes, figures, pull quotes, tables, ids) passes the
    // sanitiser unchanged: every file is byte for byte the same.
    let site = SiteTest::copy_of(&repo_path("sample-site"));
    site.build(&["-o", "normal"]).ok();
    site.build(&["-o", "untrusted", "--untrusted"]).ok();
    let files = |dir: &str| -> Vec<(String, Vec<u8>)> {
        let root = site.root.join(dir);
        walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&root).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    };
    let (normal, untrusted) = (files("normal"), files("untrusted"));
    assert!(normal.len() > 50);
    for ((a, x), (b, y)) in normal.iter().zip(&untrusted) {
        assert_eq!(a, b);
        assert!(x == y, "{a} differs in untrusted mode");
    }
    assert_eq!(normal.len(), untrusted.len());
}

#[test]
fn untrusted_templates_get_no_get_env() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "Text.\n")
        .file(
            "templates/shortcodes/env.html",
            "{{ get_env(name=\"HOME\", default=\"none\") }}",
        )
        .article("content/essays/b.md", "title = \"B\"", "{{ env() }}\n");
    site.build(&[]).ok();
    site.build(&["--untrusted"])
        .fails()
        .reports(&["content/essays/b.md", "get_env is off in untrusted builds"]);
}

#[test]
fn untrusted_builds_refuse_pages_and_scripts_among_content_files() {
    let svg_script = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let svg_entity = "<!DOCTYPE svg [<!ENTITY x \"<script>alert(1)</script>\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>";
    let svg_clean = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 3\"><rect width=\"4\" height=\"3\"/></svg>";
    let xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>";
    let site = SiteTest::minimal()
        .article(
            "content/essays/a/index.md",
            "title = \"A\"",
            "![x](lead.svg)\n",
        )
        .file("content/essays/a/lead.svg", svg_clean)
        .file("content/essays/a/notes.pdf", "%PDF-1.4")
        .file("content/essays/a/chart.svg", svg_script)
        .file("content/essays/a/ent.svg", svg_entity)
        .file("content/essays/a/page.html", "<script>alert(1)</script>")
        .file("content/essays/a/evil.xml", xhtml)
        .file("content/essays/a/plain.svgz", svg_script)
        .file("content/files/tool.js", "alert(1)")
        .file("content/_redirects", "/* https://evil.example/:splat 200");
    site.build(&[]).ok();
    let refused = [
        ("content/essays/a/chart.svg", "holds a <script> element"),
        ("content/essays/a/ent.svg", "has a DOCTYPE"),
        (
            "content/essays/a/page.html",
            "a .html file is not a picture",
        ),
        ("content/essays/a/evil.xml", "a .xml file"),
        ("content/essays/a/plain.svgz", "a .svgz file"),
        ("content/files/tool.js", "a .js file"),
        ("content/_redirects", "can configure the host"),
    ];
    let mut run = site.build(&["--untrusted"]).fails();
    for (file, why) in refused {
        run = run.reports(&[file, why, "Security page"]);
    }
    for (file, _) in refused {
        std::fs::remove_file(site.root.join(file)).unwrap();
    }
    site.build(&["--untrusted"]).ok();
    assert!(site.out("essays/a/lead.svg").is_file());
    assert!(site.out("essays/a/notes.pdf").is_file());
}

#[test]
fn untrusted_builds_refuse_html_nested_beyond_bounds_quickly() {
    // A tree builder's time grows with the square of the depth: 100,000
    // unclosed <div>s took minutes. Refused at once, naming the file.
    let body = format!("Words.\n\n{}y\n", "<div>".repeat(100_000));
    let site = SiteTest::minimal().article("content/essays/deep.md", "title = \"Deep\"", &body);
    site.build(&["--untrusted"]).fails().reports(&[
        "content/essays/deep.md",
        "nests more than 512 elements deep",
    ]);
}

#[test]
fn links_to_hidden_files_of_the_site_are_refused() {
    // actions/checkout keeps the job's token in .git/config; .env holds secrets.
    let site = SiteTest::minimal()
        .article("content/essays/a/index.md", "title = \"A\"", "Text.\n")
        .file(
            ".git/config",
            "[http] extraheader = AUTHORIZATION: basic c2VjcmV0",
        )
        .file(".env", "TOKEN=hunter2");
    symlink(
        "../../../.git/config",
        site.root.join("content/essays/a/config.txt"),
    )
    .unwrap();
    symlink("../.env", site.root.join("content/env.txt")).unwrap();
    site.build(&[])
        .fails()
        .reports(&[
            "content/essays/a/config.txt is a symbolic link to",
            "a hidden file of the site",
        ])
        .reports(&["content/env.txt is a symbolic link to"]);
    assert!(!site.root.join("public").exists());
}

#[test]
fn a_theme_folder_reached_through_a_link_out_of_the_site_is_refused() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "Text.\n")
        .file("mag.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"house\"\n[[sections]]\nslug = \"essays\"\nname = \"Essays\"\n");
    let outside = site.root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(outside.join("house/static")).unwrap();
    std::fs::write(outside.join("house/static/leak.txt"), "secret").unwrap();
    symlink(&outside, site.root.join("themes")).unwrap();
    site.build(&[])
        .fails()
        .reports(&["themes/house/static leads to", "outside the site folder"]);
    let site = site.file(
        "mag.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"../../elsewhere/house\"\n",
    );
    site.build(&[])
        .fails()
        .reports(&["mag.toml:3:9", "is not a folder name"]);
}

#[test]
fn aliases_cannot_name_hidden_files() {
    // `.mag-old-…` and `.mag-output` are mag's working names in the output folder.
    for alias in ["/.mag-old-x/", "/.mag-output/", "/a/.env"] {
        let site = SiteTest::minimal().article(
            "content/essays/a.md",
            &format!("title = \"A\"\naliases = [\"{alias}\"]"),
            "Text.\n",
        );
        site.build(&[])
            .fails()
            .reports(&["content/essays/a.md:3:12", "starting with `.`"]);
    }
}

#[test]
fn a_contributor_portrait_alt_text_is_escaped_once() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"\nauthors = [\"Jane Doe\"]", "Text.\n")
        .file("static/jane.png", "not really a png")
        .file(
            "content/authors/jane-doe.md",
            "+++\nname = \"Jane Doe\"\nimage = \"/jane.png\"\nimage_alt = \"Tom & \\\"Jerry\\\"\"\n+++\nBio.\n",
        );
    site.build(&[]).ok();
    let doc = site.html("authors/jane-doe/index.html");
    assert_eq!(
        attr(one(&doc, ".contributor-portrait img"), "alt"),
        "Tom & \"Jerry\""
    );
}
