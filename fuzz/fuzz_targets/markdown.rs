//! The Markdown renderer with mag's extensions (footnotes, pull quotes, figures,
//! shortcodes, smart punctuation, headings, internal links), body and inline: any
//! text. Shortcodes go to a small host that knows `figure`, `pullquote` and
//! `sidebar` (as the default theme does), fails `broken`, and rejects other names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mag::markdown::{self, HostError, Invocation, NoSite, Options, ShortcodeHost};

struct Host;

impl ShortcodeHost for Host {
    fn render(&self, call: &Invocation<'_>) -> Result<String, HostError> {
        match call.name {
            "figure" | "pullquote" | "sidebar" => Ok(format!(
                "<div class=\"{}\" data-args=\"{}\">{}</div>",
                call.name,
                call.args.len(),
                call.body.unwrap_or_default()
            )),
            "broken" => Err(HostError::Failed("the template failed".into())),
            _ => Err(HostError::Unknown(vec![
                "figure".into(),
                "pullquote".into(),
            ])),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    for smart_punctuation in [false, true] {
        let options = Options {
            smart_punctuation,
            ..Default::default()
        };
        let body = markdown::render_with(src, &options, &NoSite, &Host);
        for note in &body.notes {
            // Notes point into the source, as the author wrote it.
            assert!(note.offset <= src.len(), "note offset past the end");
        }
        let _ = markdown::render_inline(src, &options, &NoSite);
    }
});
