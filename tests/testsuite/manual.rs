//! The manual (`content/` with the root `mag.toml`) builds without warnings, and so
//! does every whole-site example in it (code blocks of `==> path <==` files).

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::support::*;

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn manual() -> SiteTest {
    let site = SiteTest::minimal();
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    std::fs::copy(repo_path("mag.toml"), site.root.join("mag.toml")).unwrap();
    for dir in ["content", "templates", "themes"] {
        copy_tree(&repo_path(dir), &site.root.join(dir));
    }
    site
}

#[test]
fn the_manual_builds_without_warnings() {
    let site = manual();
    site.build(&[]).ok().no_warnings();
    let home = site.html("index.html");
    assert!(all(&home, "ol.manual-chapters li").len() >= 12);
    for page in [
        "getting-started",
        "command-line",
        "content-format",
        "body-extensions",
        "issues-and-sections",
        "shortcodes",
        "themes",
        "templates",
        "deploying",
        "migrating",
        "performance",
        "troubleshooting",
    ] {
        assert!(site.out(&format!("{page}/index.html")).exists(), "{page}");
    }
    // Every front-matter key has a row in content-format.md: a unit test in
    // src/content/keys.rs, which reads the keys from the raw structs.
}

/// The whole-site examples of one Markdown file: each is a list of (path, text).
fn examples(markdown: &str) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut code: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => code = Some(String::new()),
            Event::Text(t) => {
                if let Some(c) = code.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let c = code.take().unwrap_or_default();
                if c.lines().any(|l| l.trim() == "==> mag.toml <==") {
                    out.push(split_files(&c));
                }
            }
            _ => {}
        }
    }
    out
}

fn split_files(block: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        if let Some(path) = line
            .trim()
            .strip_prefix("==> ")
            .and_then(|l| l.strip_suffix(" <=="))
        {
            files.push((path.to_string(), String::new()));
        } else if let Some((_, text)) = files.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    files
}

#[test]
fn whole_site_examples_in_the_manual_build() {
    let mut count = 0;
    for entry in std::fs::read_dir(repo_path("content")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let markdown = std::fs::read_to_string(&path).unwrap();
        for files in examples(&markdown) {
            let site = SiteTest::minimal();
            std::fs::remove_dir_all(site.root.join("content")).unwrap();
            for (rel, text) in &files {
                site.write(rel, format!("{}\n", text.trim_end()).as_bytes());
            }
            let run = site.build(&[]);
            assert_eq!(
                run.code(),
                0,
                "example in {} fails:\n{}",
                path.display(),
                run.stderr()
            );
            assert!(
                !run.stderr().contains("warning:"),
                "example in {} warns:\n{}",
                path.display(),
                run.stderr()
            );
            count += 1;
        }
    }
    assert!(count >= 2, "only {count} whole-site examples found");
}
