//! The slug function: any text gives a URL-safe slug or nothing (see
//! `mag::fuzz::slug`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mag::fuzz::slug(data));
