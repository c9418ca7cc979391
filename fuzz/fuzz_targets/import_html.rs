//! The WordPress importer's HTML → Markdown converter: any text as a post's HTML
//! (see `mag::fuzz::import_html`). Nothing may panic; text stays text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mag::fuzz::import_html(data));
