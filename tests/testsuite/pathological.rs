//! Pathological Markdown, made at run time: deep nesting, a huge file, a huge line.
//! The build must finish without crashing and without runaway memory. Each runs
//! the `mag` binary (its memory is measured, its stack is its own), built with the
//! dev profile: its frames are larger than a release build's, so a recursion that
//! fits here fits there too.

use crate::support::*;

/// The largest resident set of any finished child of this test process, in bytes
/// (Linux reports kilobytes). Other tests' children count too, so it is an upper
/// bound for the run that was just made.
#[cfg(target_os = "linux")]
fn children_max_rss() -> u64 {
    // SAFETY: getrusage writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    usage.ru_maxrss as u64 * 1024
}

#[cfg(not(target_os = "linux"))]
fn children_max_rss() -> u64 {
    0
}

const GIB: u64 = 1024 * 1024 * 1024;

#[test]
fn ten_thousand_nested_block_quotes_and_list_items() {
    let quotes = format!("{}deep\n", "> ".repeat(10_000));
    let bullets = format!("{}deep\n", "- ".repeat(10_000));
    let numbers = format!("{}deep\n", "1. ".repeat(10_000));
    let site = crate::check::site()
        .article("content/essays/q.md", "title = \"Q\"", &quotes)
        .article("content/essays/l.md", "title = \"L\"", &bullets)
        .article("content/essays/n.md", "title = \"N\"", &numbers);
    // mag check parses every page it made, ten thousand levels deep.
    site.mag_process(&["check"]).ok();
    site.mag_process(&["build"]).ok();
    let page = std::fs::read_to_string(site.out("essays/q/index.html")).unwrap();
    assert!(page.matches("<blockquote>").count() >= 10_000);
    assert!(page.contains("deep"));
    let page = std::fs::read_to_string(site.out("essays/l/index.html")).unwrap();
    assert!(page.matches("<li>").count() >= 10_000);
}

#[test]
fn a_fifty_megabyte_file_builds_within_bounded_memory() {
    let paragraph =
        "Words upon words, with *emphasis*, a [link](https://example.org/) and a note[^n].\n\n";
    let mut body = String::with_capacity(50 * 1024 * 1024 + 1024);
    while body.len() < 50 * 1024 * 1024 {
        body.push_str(paragraph);
    }
    body.push_str("[^n]: The only note, cited many times.\n");
    let site = SiteTest::minimal().article("content/essays/big.md", "title = \"Big\"", &body);
    drop(body);
    site.mag_process(&["build"]).ok();
    let size = std::fs::metadata(site.out("essays/big/index.html"))
        .unwrap()
        .len();
    assert!(size > 50 * 1024 * 1024, "{size}");
    let rss = children_max_rss();
    assert!(rss < 4 * GIB, "mag used {} MiB", rss / 1024 / 1024);
}

#[test]
fn a_line_of_a_million_characters() {
    let plain = "a".repeat(1_000_000);
    let punctuation = "*_[`<&\"'".repeat(125_000);
    let site = SiteTest::minimal()
        .article(
            "content/essays/plain.md",
            "title = \"Plain\"",
            &format!("{plain}\n"),
        )
        .article(
            "content/essays/punct.md",
            "title = \"Punct\"",
            &format!("{punctuation}\n"),
        )
        .article(
            "content/essays/late.md",
            "title = \"Late\"",
            &format!("{plain} and a note[^nowhere] at the end.\n"),
        );
    let run = site.mag_process(&["build"]).ok();
    // The warning's source line is cut to a window around the reference.
    let err = run.stderr();
    let block = blocks(&err)
        .into_iter()
        .find(|b| b.contains("[^nowhere]"))
        .unwrap_or_else(|| {
            panic!(
                "no warning for [^nowhere]:\n{}",
                &err[..err.len().min(2000)]
            )
        });
    assert!(
        block.contains("content/essays/late.md:5:1000012"),
        "{block}"
    );
    assert!(block.len() < 2_000, "{} bytes", block.len());
    let page = std::fs::read_to_string(site.out("essays/plain/index.html")).unwrap();
    assert!(page.contains(&plain));
}
