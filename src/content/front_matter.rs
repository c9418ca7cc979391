//! Splitting a content file into front matter and body.
//!
//! A file starts (after an optional byte-order mark) with a fence line, `+++` for
//! TOML or `---` for YAML, and the front matter runs to the next line holding the
//! same fence alone. Both `\n` and `\r\n` line ends are accepted. Byte offsets of
//! the front matter and of the body within the file are kept so that errors in
//! either can be reported at the right line of the file.

use crate::diagnostics::{Diagnostic, LineIndex};

/// The language of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Between `+++` fences.
    Toml,
    /// Between `---` fences.
    Yaml,
}

/// A content file cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// TOML or YAML.
    pub format: Format,
    /// The text between the fences.
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in the file.
    pub front_matter_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Splits `text` (a whole file) into front matter and body.
///
/// Errors, for `file` (site-relative): the file is empty, does not start with a
/// fence, or the fence is never closed.
pub(crate) fn split<'a>(text: &'a str, file: &str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    if rest.trim().is_empty() {
        return Err(Diagnostic::error(file.to_string(), "the file is empty").with_help(
            "start it with front matter between +++ lines, for example:\n+++\ntitle = \"A title\"\n+++",
        ));
    }
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let first_line = rest[..first_line_end].trim_end();
    let (format, fence) = match first_line {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => {
            let index = LineIndex::new(text);
            return Err(Diagnostic::error(file.to_string(), "the file has no front matter")
                .at_offset(&index, start)
                .with_help("start the file with a +++ line, then keys such as title = \"…\", then another +++ line"));
        }
    };
    let fm_start = start + first_line_end;
    let mut pos = fm_start;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..line_end].trim_end() == fence {
            return Ok(Split {
                format,
                front_matter: &text[fm_start..pos],
                front_matter_offset: fm_start,
                body: &text[line_end..],
                body_offset: line_end,
            });
        }
        pos = line_end;
    }
    let index = LineIndex::new(text);
    Err(Diagnostic::error(
        file.to_string(),
        format!("the front matter opened with {fence} is never closed"),
    )
    .at_offset(&index, start)
    .with_help(format!(
        "add a line holding only {fence} after the last front-matter key"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_with_crlf_and_bom() {
        let text = "\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\nBody\r\n";
        let s = split(text, "a.md").unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.front_matter, "title = \"x\"\r\n");
        assert_eq!(s.body, "Body\r\n");
        assert_eq!(&text[s.body_offset..], "Body\r\n");
        assert_eq!(
            &text[s.front_matter_offset..s.front_matter_offset + 5],
            "title"
        );
    }

    #[test]
    fn fence_in_body_code_is_body() {
        let text = "+++\ntitle = \"x\"\n+++\n```\n+++\n```\n";
        assert_eq!(split(text, "a.md").unwrap().body, "```\n+++\n```\n");
    }

    #[test]
    fn errors() {
        assert!(split("", "a.md").unwrap_err().message.contains("empty"));
        assert!(split("# Hi", "a.md")
            .unwrap_err()
            .message
            .contains("no front matter"));
        assert!(split("+++\ntitle = 1\n", "a.md")
            .unwrap_err()
            .message
            .contains("never closed"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use crate::diagnostics::{self, LineIndex};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn front_matter_splitting_never_panics(text in any::<String>(), prefix in "(\u{feff})?(\\+\\+\\+|---)?(\r?\n)?") {
            let text = format!("{prefix}{text}");
            match super::split(&text, "a.md") {
                Ok(split) => {
                    prop_assert!(split.body_offset <= text.len());
                    if let Err(e) = toml::from_str::<toml::Table>(split.front_matter) {
                        let d = diagnostics::from_toml_error(&e, "a.md", &LineIndex::new(&text), split.front_matter_offset, &["title"]);
                        prop_assert!(d.line.is_some());
                        diagnostics::render(&d, false);
                    }
                }
                Err(d) => {
                    diagnostics::render(&d, true);
                }
            }
        }
    }
}
