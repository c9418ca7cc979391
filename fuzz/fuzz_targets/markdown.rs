//! The Markdown renderer with mag's extensions (footnotes, pull quotes, figures,
//! smart punctuation, headings, internal links), body and inline: any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mag::markdown::{self, NoSite, Options};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    for smart_punctuation in [false, true] {
        let options = Options {
            smart_punctuation,
            id_prefix: String::new(),
        };
        let body = markdown::render(src, &options, &NoSite);
        for note in &body.notes {
            // Notes point into the source.
            assert!(note.offset <= src.len(), "note offset past the end");
        }
        let _ = markdown::render_inline(src, &options, &NoSite);
    }
});
