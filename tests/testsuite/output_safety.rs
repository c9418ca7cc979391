//! A failed build leaves the previous output byte for byte; unsafe output folders are refused.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::*;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = SiteTest::minimal().article("content/essays/a.md", "title = \"A\"", "Good.\n");
    site.build(&[]).ok();
    let before = snapshot(&site.root.join("public"));
    assert!(before.contains_key("essays/a/index.html"));
    let site = site
        .article("content/essays/a.md", "title = \"A changed\"", "Changed.\n")
        .article(
            "content/essays/b.md",
            "title = \"B\"\nissue = 99",
            "Broken.\n",
        );
    site.build(&[])
        .fails()
        .reports(&["Build failed"])
        .reports(&["issue 99"]);
    assert_eq!(snapshot(&site.root.join("public")), before);
    // No staging folder is left behind (the lock file stays, empty).
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".public.mag-lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn template_error_also_leaves_output_untouched() {
    let site = SiteTest::minimal().article("content/essays/a.md", "title = \"A\"", "Good.\n");
    site.build(&[]).ok();
    let before = snapshot(&site.root.join("public"));
    let site = site.file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ article.nope.deeper }}{% endblock %}",
    );
    site.build(&[])
        .fails()
        .reports(&["templates/article.html", "content/essays/a.md"]);
    assert_eq!(snapshot(&site.root.join("public")), before);
}

#[test]
fn successful_rebuild_removes_stale_files() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "x\n")
        .article("content/essays/b.md", "title = \"B\"", "x\n");
    site.build(&[]).ok();
    assert!(site.out("essays/b/index.html").is_file());
    std::fs::remove_file(site.root.join("content/essays/b.md")).unwrap();
    site.build(&[]).ok();
    assert!(!site.out("essays/b/index.html").exists());
}

#[test]
fn output_into_sources_is_refused_before_anything_is_touched() {
    let site = SiteTest::minimal().article("content/essays/a.md", "title = \"A\"", "x\n");
    let before = snapshot(&site.root);
    for bad in [".", "content", "content/essays", ".."] {
        site.build(&["-o", bad])
            .fails()
            .reports(&["refusing to write the site into"]);
    }
    assert_eq!(snapshot(&site.root), before);
}

#[test]
fn custom_output_folder_and_summary_line() {
    let site =
        SiteTest::minimal().article("content/essays/a.md", "title = \"A\"\nissue = 1", "x\n");
    let out = site.root.join("../elsewhere");
    let run = site.build(&["-o", out.to_str().unwrap()]).ok();
    assert!(out.join("essays/a/index.html").is_file());
    let last = run.stdout().lines().last().unwrap().to_string();
    // home, article, 2 section pages, issues archive, issue 1, contributors, 404
    assert!(
        last.starts_with("Built 8 pages — 1 article, 1 issue, 2 sections — in "),
        "{last}"
    );
    assert!(last.ends_with(" s"), "{last}");
}

#[test]
fn usage_error_exits_with_2() {
    let site = SiteTest::minimal();
    assert_eq!(site.mag(&["build", "--no-such-flag"]).code(), 2);
    assert_eq!(site.mag(&["frobnicate"]).code(), 2);
}

#[test]
fn missing_config_is_an_error() {
    let site = SiteTest::minimal();
    std::fs::remove_file(site.root.join("mag.toml")).unwrap();
    site.build(&[])
        .fails()
        .reports(&["mag.toml", "cannot read the configuration"]);
}

#[test]
fn output_folder_with_other_files_is_never_replaced() {
    let site = SiteTest::minimal().article("content/essays/a.md", "title = \"A\"", "x\n");
    let theirs = site.root.join("../theirs");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("thesis.txt"), "precious").unwrap();
    site.build(&["-o", theirs.to_str().unwrap()])
        .fails()
        .reports(&["refusing to replace", "files that mag did not write"]);
    assert_eq!(
        std::fs::read_to_string(theirs.join("thesis.txt")).unwrap(),
        "precious"
    );

    let a_file = site.root.join("../afile");
    std::fs::write(&a_file, "hi").unwrap();
    site.build(&["-o", a_file.to_str().unwrap()])
        .fails()
        .reports(&["it is a file"]);
    assert_eq!(std::fs::read_to_string(&a_file).unwrap(), "hi");

    let other_site = SiteTest::minimal();
    site.build(&["-o", other_site.root.to_str().unwrap()])
        .fails()
        .reports(&["holds another site"]);
    assert!(other_site.root.join("mag.toml").is_file());

    // mag's own output is replaced on the next build.
    site.build(&[]).ok();
    assert!(site.out(".mag-output").is_file());
    site.build(&[]).ok();
}

#[test]
fn static_file_on_top_of_a_page_is_an_error_naming_both() {
    let site = SiteTest::minimal()
        .article("content/essays/other.md", "title = \"Other\"", "x\n")
        .file("static/essays/other/index.html", "STATIC");
    site.build(&[]).fails().reports(&[
        "static/essays/other/index.html",
        "essays/other/index.html",
        "both be written",
    ]);
}

#[test]
fn alias_on_top_of_the_feed_is_an_error_not_an_io_failure() {
    let site = SiteTest::minimal().article(
        "content/essays/a.md",
        "title = \"A\"\naliases = [\"/atom.xml\"]",
        "x\n",
    );
    let run = site.build(&[]).fails();
    assert!(!run.stderr().contains("Is a directory"), "{}", run.stderr());
    run.reports(&["atom.xml"]);
}

#[test]
fn two_builds_at_once_never_corrupt_the_output() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "One.\n")
        .article("content/essays/b.md", "title = \"B\"", "Two.\n");
    site.build(&[]).ok();
    let reference = snapshot(&site.root.join("public"));
    for _ in 0..8 {
        let spawn = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_mag"))
                .arg("build")
                .current_dir(&site.root)
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let children: Vec<_> = (0..3).map(|_| spawn()).collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => {}
                Some(1) => assert!(
                    err.contains("another mag build is writing"),
                    "a refused build must say why:\n{err}"
                ),
                other => panic!("unexpected exit {other:?}:\n{err}"),
            }
        }
        assert_eq!(snapshot(&site.root.join("public")), reference);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A build killed while it renders (Ctrl-C, a crash) leaves its staging folder
/// behind; the next build clears it, and puts back an output folder that a swap
/// interrupted half-way had moved aside.
#[test]
fn leftovers_of_an_interrupted_build_are_cleared_by_the_next() {
    let site = SiteTest::minimal();
    site.build(&[]).ok();
    let parent = site.root.clone();
    // As a killed build leaves them: a partial staging folder, and (another run)
    // a swap stopped after moving the output aside.
    let stale = parent.join(".public.staging-99999");
    std::fs::create_dir_all(stale.join("essays/half")).unwrap();
    std::fs::write(stale.join("essays/half/index.html"), "<p>half").unwrap();
    site.build(&[]).ok();
    assert!(!stale.exists(), "the stale staging folder is removed");
    let hidden: Vec<String> = std::fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");

    let before = snapshot(&site.out(""));
    std::fs::rename(site.out(""), parent.join(".public.old-99998")).unwrap();
    site.write("content/essays/broken.md", b"+++\ntitle = \n+++\nText.\n");
    site.build(&[]).fails();
    assert_eq!(
        snapshot(&site.out("")),
        before,
        "the output moved aside by an interrupted swap is back, even when this build fails"
    );
    assert!(!parent.join(".public.old-99998").exists());
}

/// A static file named like a folder the site needs (`static/tags` where the tag
/// pages go) is one error naming the file, not one per page under it.
#[test]
fn static_file_where_a_folder_is_needed_is_one_error() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/a.md",
            "title = \"A\"\ntags = [\"one\", \"two\", \"three\"]",
            "x\n",
        )
        .file("static/tags", "not a folder");
    let run = site.build(&[]).fails();
    let errors: Vec<String> = blocks(&run.stderr())
        .into_iter()
        .filter(|b| b.contains("to be a folder"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr());
    assert!(errors[0].contains("static/tags"), "{}", errors[0]);
    assert!(errors[0].contains("more files"), "{}", errors[0]);
}

/// An output folder that is a symbolic link (`public -> /var/www/review`) stays a
/// link: the new site replaces the folder it points to.
#[test]
fn output_through_a_symbolic_link_stays_a_link() {
    let site = SiteTest::minimal();
    let target = site.root.join("served");
    std::fs::create_dir_all(&target).unwrap();
    std::os::unix::fs::symlink(&target, site.root.join("public")).unwrap();
    site.build(&[]).ok();
    site.build(&[]).ok();
    let link = site.root.join("public");
    assert!(link.is_symlink(), "public is still a link");
    assert!(
        target.join("index.html").is_file(),
        "the site is in the linked folder"
    );
    assert!(site.out("index.html").is_file());
}

#[test]
fn a_permalink_climbing_out_of_the_output_is_refused_before_anything_is_written() {
    let site = SiteTest::minimal()
        .file(
            "mag.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n[permalinks]\narticle = \"/../../elsewhere/:slug/\"\n[[sections]]\nslug = \"essays\"\nname = \"Essays\"\n",
        )
        .article("content/essays/a.md", "title = \"A\"", "Text.\n");
    // A config error at the pattern's line, before any content is read.
    site.build(&[])
        .fails()
        .reports(&["mag.toml:4:11", "a permalink cannot have `..` segments"]);
    let outside = site
        .root
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("elsewhere");
    assert!(!outside.exists(), "{} was written", outside.display());
    assert!(!site.root.join("public").exists());
}

#[test]
fn an_undated_issue_under_a_year_permalink_still_builds() {
    // `/issues/:year/:number/` gives `/issues//1/` without a date: an empty
    // segment stays inside the output folder, as it always did.
    let site = SiteTest::minimal().file(
        "mag.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[permalinks]\nissue = \"/issues/:year/:number/\"\n[[sections]]\nslug = \"essays\"\nname = \"Essays\"\n",
    );
    site.write("content/issues/1.md", b"+++\nnumber = 1\n+++\nBlurb.\n");
    site.build(&[]).ok();
    assert!(site.out("issues/1/index.html").exists());
}

/// The names of mag's hidden working entries (staging folders, old sites,
/// journals) in `dir`.
fn working_entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("staging")
                || n.contains(".old-")
                || n.starts_with(".mag-swap")
                || n.starts_with(".mag-old")
        })
        .collect()
}

/// A kill during the swap, then a build that stops on a broken mag.toml: the
/// output moved aside is back all the same (recovery comes before the config).
#[test]
fn an_interrupted_swap_is_undone_even_when_mag_toml_is_broken() {
    let site = SiteTest::minimal().article("content/essays/a.md", "title = \"A\"", "Good.\n");
    site.build(&[]).ok();
    let before = snapshot(&site.out(""));
    // As a build killed between its two renames leaves it: the old output aside,
    // the new one whole in its staging folder.
    std::fs::rename(site.out(""), site.root.join(".public.old-99998")).unwrap();
    let staging = site.root.join(".public.staging-99998");
    std::fs::create_dir_all(staging.join("essays/a")).unwrap();
    std::fs::write(staging.join("essays/a/index.html"), "<p>new").unwrap();
    site.write("mag.toml", b"title = \"T\"\nbase_url = \n");
    site.mag_process(&["build"]).fails().reports(&["mag.toml"]);
    assert_eq!(snapshot(&site.out("")), before, "the old output is back");
    assert!(working_entries(&site.root).is_empty());
}

/// Runs the `mag` binary as if the output folder were a mount point.
fn build_as_mount(site: &SiteTest) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mag"))
        .arg("build")
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .env("MAG_TEST_OUTPUT_IS_MOUNT", "1")
        .output()
        .unwrap();
    Run::of(output)
}

/// An output folder that is a mount point (a Docker volume, a tmpfs) cannot be
/// renamed: it is replaced entry by entry, the folder itself staying in place;
/// a rebuild drops stale files and a failed build changes nothing. The mount is
/// simulated (MAG_TEST_OUTPUT_IS_MOUNT): the folder's inode must never change.
#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_mount_point_is_replaced_in_place() {
    use std::os::unix::fs::MetadataExt;
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "First.\n")
        .article("content/essays/b.md", "title = \"B\"", "Other.\n");
    std::fs::create_dir(site.out("")).unwrap();
    let inode = || std::fs::metadata(site.out("")).unwrap().ino();
    let mount = inode();
    build_as_mount(&site).ok();
    assert_eq!(inode(), mount, "the mount point itself was not renamed");
    assert!(site.out(".mag-output").is_file());
    assert!(site.out("essays/b/index.html").is_file());

    std::fs::remove_file(site.root.join("content/essays/b.md")).unwrap();
    site.write(
        "content/essays/a.md",
        b"+++\ntitle = \"A\"\ndate = 2024-02-01\n+++\nSecond.\n",
    );
    build_as_mount(&site).ok();
    assert_eq!(inode(), mount);
    assert!(
        !site.out("essays/b/index.html").exists(),
        "stale file dropped"
    );
    let doc = site.html("essays/a/index.html");
    assert!(text(one(&doc, "main")).contains("Second."));
    assert!(working_entries(&site.out("")).is_empty());
    assert!(working_entries(&site.root).is_empty());

    // A build that fails while rendering (after its staging folder was made).
    let before = snapshot(&site.out(""));
    site.write(
        "templates/article.html",
        b"{% extends \"base.html\" %}{% block content %}{{ article.nope.deeper }}{% endblock %}",
    );
    build_as_mount(&site)
        .fails()
        .reports(&["templates/article.html"]);
    assert_eq!(snapshot(&site.out("")), before);
    assert_eq!(inode(), mount);
}

/// What a build killed during an in-place swap leaves (its journal, part of the
/// old site moved out) is undone by the next build, even one that fails on
/// mag.toml: the output never stays a mix.
#[test]
fn an_interrupted_in_place_swap_is_undone_by_the_next_build() {
    let site = SiteTest::minimal().article("content/essays/a.md", "title = \"A\"", "Good.\n");
    site.build(&[]).ok();
    let before = snapshot(&site.out(""));
    let out = site.out("");
    // Killed while moving the old site out: the marker and the essays are in
    // .mag-old-ID, the rest still in place, the new site whole in staging.
    let old = out.join(".mag-old-4242");
    std::fs::create_dir(&old).unwrap();
    std::fs::File::create(out.join(".mag-swap-out-4242")).unwrap();
    for entry in [".mag-output", "essays"] {
        std::fs::rename(out.join(entry), old.join(entry)).unwrap();
    }
    let staging = out.join(".mag-staging-4242");
    std::fs::create_dir_all(staging.join("essays")).unwrap();
    std::fs::write(staging.join("index.html"), "<p>new").unwrap();
    std::fs::write(staging.join(".mag-output"), "").unwrap();
    site.write("mag.toml", b"title = \"T\"\nbase_url = \n");
    site.mag_process(&["build"]).fails().reports(&["mag.toml"]);
    assert_eq!(snapshot(&out), before, "the old site is whole again");
    assert!(working_entries(&out).is_empty());
}
