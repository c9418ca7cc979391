//! Unit tests of shortcode expansion with a fake host.
use super::*;
use crate::markdown::{render_with, NoSite};

/// Renders `<b>NAME</b>` inline and `<div class="NAME">BODY</div>` for blocks;
/// knows `b` and `div` only.
struct Fake;

impl ShortcodeHost for Fake {
    fn render(&self, call: &Invocation<'_>) -> Result<String, HostError> {
        match (call.name, call.body) {
            ("b", None) => Ok(format!("<b>{}</b>", call.args.len())),
            ("div", Some(body)) => Ok(format!("<div class=\"div\">{body}</div>")),
            ("div", None) => Err(HostError::Failed("div needs a body".into())),
            _ => Err(HostError::Unknown(vec!["b".into(), "div".into()])),
        }
    }
}

fn html(src: &str) -> String {
    let options = Options {
        smart_punctuation: true,
        id_prefix: String::new(),

        ..Default::default()
    };
    let body = render_with(src, &options, &NoSite, &Fake);
    assert!(body.notes.is_empty(), "{:?}", body.notes);
    body.html
}

#[test]
fn inline_calls_stay_in_their_paragraph() {
    assert_eq!(html("a {{ b(x=1) }} \"c\"\n"), "<p>a <b>1</b> “c”</p>\n");
    assert_eq!(html("# T {{ b() }}\n"), "<h1 id=\"t\">T <b>0</b></h1>\n");
}

#[test]
fn blocks_replace_or_split_their_paragraph() {
    assert_eq!(
        html("{% div() %}\nOne.\n\nTwo.\n{% end %}\n"),
        "<div class=\"div\"><p>One.</p>\n<p>Two.</p>\n</div>"
    );
    assert_eq!(
        html("{% div() %}\r\n*x*\r\n{% end %}\r\n"),
        "<div class=\"div\"><p><em>x</em></p>\n</div>"
    );
    let split = html("before\n{% div() %}x{% end %}\nafter\n");
    assert_eq!(
        split,
        "<p>before</p>\n<div class=\"div\"><p>x</p>\n</div>\n<p>after</p>\n"
    );
}

#[test]
fn blocks_nest_and_work_in_lists_and_raw_html() {
    assert_eq!(
        html("{% div() %}\n{% div() %}\nin {{ b() }}\n{% end %}\n{% end %}\n"),
        "<div class=\"div\"><div class=\"div\"><p>in <b>0</b></p>\n</div></div>"
    );
    assert_eq!(html("- {{ b() }}\n"), "<ul>\n<li><b>0</b></li>\n</ul>\n");
    assert_eq!(
        html("<div>\n{{ b() }}\n</div>\n"),
        "<div>\n<b>0</b>\n</div>\n"
    );
}

#[test]
fn notes_point_at_the_authors_text() {
    let src = "{% div() %}\nlong\nbody\n{% end %}\n\n[x](@/gone.md) {{ zz() }} {{ div() }}\n";
    let body = render_with(src, &Options::default(), &NoSite, &Fake);
    let mut offsets: Vec<(usize, &str)> = body
        .notes
        .iter()
        .map(|n| (n.offset, n.message.as_str()))
        .collect();
    offsets.sort();
    let link = src.find("[x]").unwrap();
    let zz = src.find("{{ zz").unwrap();
    let div = src.find("{{ div").unwrap();
    assert_eq!(offsets[0].0, link);
    assert_eq!(offsets[1], (zz, "unknown shortcode `zz`"));
    assert_eq!(offsets[2], (div, "shortcode `div`: div needs a body"));
}

#[test]
fn private_use_characters_in_the_text_are_not_placeholders() {
    assert_eq!(
        html("x \u{E000}0\u{E001} {{ b() }}\n"),
        "<p>x \u{E000}0\u{E001} <b>0</b></p>\n"
    );
}

#[test]
fn shortcodes_in_html_comments_are_left_alone() {
    assert_eq!(
        html("<!-- {{ nosuch() }} -->\n\nA <!-- {{ zz() }} --> b.\n"),
        "<!-- {{ nosuch() }} -->\n<p>A <!-- {{ zz() }} --> b.</p>\n"
    );
}

#[test]
fn block_shortcode_in_block_quote_body_is_not_a_quote() {
    assert_eq!(
        html("> {% div() %}\n> Body in quote.\n> {% end %}\n"),
        "<blockquote>\n<div class=\"div\"><p>Body in quote.</p>\n</div></blockquote>\n"
    );
}

#[test]
fn without_a_host_shortcodes_are_text() {
    let body = crate::markdown::render("{{ b() }}\n", &Options::default(), &NoSite);
    assert_eq!(body.html, "<p>{{ b() }}</p>\n");
}

#[test]
fn offsets_map_back() {
    let e = Expanded {
        text: "ab\u{E000}n-0\u{E001}cd".into(),
        nonce: "n".into(),
        slots: vec![Slot {
            new: 2..11,
            orig: 2..20,
            html: String::new(),
            block: false,
        }],
    };
    assert_eq!(e.original_offset(1), 1);
    assert_eq!(e.original_offset(4), 2);
    assert_eq!(e.original_offset(11), 20);
    assert_eq!(e.original_offset(12), 21);
}
