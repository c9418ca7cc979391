//! The Markdown stage alone, on one long essay, beside raw pulldown-cmark.
//!
//! `cargo bench --bench markdown` prints the time per essay and throughput (MB/s)
//! of `raw_pulldown_cmark` (parse + HTML with the same options, pulldown-cmark's own
//! smart punctuation) and of `mag_render` (mag's extensions: footnotes, pull quotes,
//! figures, smart punctuation, headings, stats). The target is mag ≤ 1.5× raw.
//! Under `cargo test --benches` each benchmark runs once, as a smoke test.

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use pulldown_cmark::{Options, Parser};

/// The allocator of the `mag` binary, so that both sides run as `mag build` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// The sample magazine's long essay, body only (about 30 KB).
fn essay() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-site/content/personages/jozef-mrowka-painter-of-heat/index.md"
    );
    let text = std::fs::read_to_string(path).expect("the sample essay");
    let body = text.splitn(3, "+++").nth(2).unwrap_or(&text);
    body.to_string()
}

#[divan::bench]
fn raw_pulldown_cmark(bencher: Bencher) {
    let src = essay();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    bencher.counter(BytesCount::of_str(&src)).bench(|| {
        let mut html = String::with_capacity(src.len() * 2);
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(black_box(&src), options));
        html
    });
}

#[divan::bench]
fn mag_render(bencher: Bencher) {
    let src = essay();
    let options = mag::markdown::Options {
        smart_punctuation: true,
        id_prefix: String::new(),

        ..Default::default()
    };
    bencher
        .counter(BytesCount::of_str(&src))
        .bench(|| mag::markdown::render(black_box(&src), &options, &mag::markdown::NoSite));
}
