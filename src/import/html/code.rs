//! Code in a post: `<pre>` → a fenced code block, `<code>` → a code span, each
//! holding the text the browser showed (character references decoded, tags inside
//! dropped), so that mag prints it escaped: `&lt;script&gt;` in a `<pre>` stays the
//! visible text `<script>`, never an element.
//!
//! htmd copies the text of a `<pre>` without a `<code>` into the Markdown as it is,
//! where it becomes live HTML; these handlers replace its own for both tags.

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::Element;

use super::depth::text_of;
use super::dom::{attr_of, element_attr, find};

/// `<pre>` (with or without a `<code>` inside) → a fenced code block of its text.
/// The language is a `language-X` class of the `<pre>` or its `<code>`, or the
/// SyntaxHighlighter plugin's `brush: X`.
pub(super) fn pre(_: &dyn Handlers, e: Element<'_>) -> Option<HandlerResult> {
    let text = text_of(e.node);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    if text.trim().is_empty() {
        return Some(String::new().into());
    }
    let language = language(element_attr(&e, "class").as_deref())
        .or_else(|| {
            language(
                find(e.node, "code")
                    .and_then(|c| attr_of(&c, "class"))
                    .as_deref(),
            )
        })
        .unwrap_or_default();
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    Some(format!("\n\n{fence}{language}\n{text}\n{fence}\n\n").into())
}

/// `<code>` outside a `<pre>` → a code span of its text on one line (a browser
/// shows it on one line too).
pub(super) fn code(_: &dyn Handlers, e: Element<'_>) -> Option<HandlerResult> {
    let text = text_of(e.node);
    let text: String = one_line(&text);
    if text.trim().is_empty() {
        return Some(text.into());
    }
    let ticks = (1..).find(|&n| !runs(&text, '`').contains(&n)).unwrap_or(1);
    let delimiter = "`".repeat(ticks);
    // CommonMark takes one space off each end when both have one, and needs one
    // when the code starts or ends with a backtick.
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '));
    let pad = if pad { " " } else { "" };
    Some(format!("{delimiter}{pad}{text}{pad}{delimiter}").into())
}

/// Line breaks (and the spaces around them) as one space.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            let kept = out.trim_end_matches([' ', '\t']).len();
            out.truncate(kept);
            out.push(' ');
            out.push_str(line.trim_start_matches([' ', '\t']));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The lengths of the runs of `c` in `text`.
fn runs(text: &str, c: char) -> Vec<usize> {
    let mut out = Vec::new();
    let mut run = 0;
    for ch in text.chars().chain(std::iter::once('\0')) {
        if ch == c {
            run += 1;
        } else if run > 0 {
            out.push(run);
            run = 0;
        }
    }
    out
}

fn longest_run(text: &str, c: char) -> usize {
    runs(text, c).into_iter().max().unwrap_or(0)
}

/// The language named by a class list (`language-rust`, `brush: php;`), kept to
/// the characters an info string of a code fence may safely hold.
fn language(class: Option<&str>) -> Option<String> {
    let class = class?;
    let name = class
        .split_whitespace()
        .find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
        })
        .or_else(|| {
            let at = class.find("brush:")?;
            class[at + 6..].split([';', ' ']).find(|s| !s.is_empty())
        })?;
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_runs() {
        assert_eq!(
            language(Some("wp-block-code language-php")).as_deref(),
            Some("php")
        );
        assert_eq!(
            language(Some("brush: js; gutter: false")).as_deref(),
            Some("js")
        );
        assert_eq!(language(Some("language-`x`")).as_deref(), Some("x"));
        assert_eq!(language(Some("wp-block-code")), None);
        assert_eq!(runs("a``b`c```", '`'), [2, 1, 3]);
        assert_eq!(one_line("a  \n  b\nc"), "a b c");
    }
}
