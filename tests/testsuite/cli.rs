//! Command-line manners: help with examples, version, completions, quiet.

use crate::support::*;

#[test]
fn help_shows_an_example_for_each_subcommand() {
    let site = SiteTest::minimal();
    for cmd in [
        &["build", "--help"][..],
        &["new", "site", "--help"],
        &["new", "article", "--help"],
        &["new", "issue", "--help"],
        &["import", "wordpress", "--help"],
        &["completions", "--help"],
    ] {
        let run = site.mag(cmd).ok();
        assert!(
            run.stdout().contains("Example: mag "),
            "{cmd:?}:\n{}",
            run.stdout()
        );
    }
    assert!(site.mag(&["--help"]).ok().stdout().contains("Examples:"));
}

#[test]
fn version_and_completions() {
    let site = SiteTest::minimal();
    let v = site.mag(&["--version"]).ok().stdout();
    assert!(v.starts_with("mag "), "{v}");
    let bash = site.mag(&["completions", "bash"]).ok().stdout();
    assert!(bash.contains("_mag()"), "{bash}");
    assert!(site
        .mag(&["completions", "zsh"])
        .ok()
        .stdout()
        .contains("#compdef mag"));
    assert_eq!(site.mag(&["completions", "tcsh"]).code(), 2);
}

#[test]
fn quiet_prints_nothing_on_success_and_errors_on_failure() {
    let site = SiteTest::minimal();
    let run = site.build(&["-q"]).ok();
    assert_eq!(run.stdout(), "");
    assert_eq!(run.stderr(), "");
    let run = site.mag(&["-v", "build"]).ok();
    assert!(
        run.stderr().contains("Wrote the site to"),
        "{}",
        run.stderr()
    );
    let site = site.file("content/essays/bad.md", "no front matter\n");
    let run = site.build(&["--quiet"]).fails();
    assert!(run.stderr().contains("no front matter"));
}

#[test]
fn completions_into_a_closed_pipe_end_quietly() {
    // `mag completions bash | head -5`: the reader goes away before mag writes.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mag"))
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.success(), "{stderr}");
}
