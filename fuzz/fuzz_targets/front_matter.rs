//! The front-matter splitter and parser: any bytes as a content file (see
//! `mag::fuzz::front_matter`). Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mag::fuzz::front_matter(data));
