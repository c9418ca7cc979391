//! mag: a static-site generator for long-form magazines.
//!
//! ```text
//! config::load ─┐
//! discover::scan┴─▶ content::parse ─▶ markdown::render ─▶ site::arrange ─▶ plan ─▶ render ─▶ output
//!  (mag.toml,      (front matter →     (body → HTML,      (sections,        (every    (Tera:    (staging dir →
//!   source files)   Article, Issue,     footnotes, TOC,    issues, listings, output,   pages,    atomic swap;
//!                   Page, Author;       words, summary)    contributors,     checked)  feeds,    nothing on error)
//!                   permalinks)                            tags, prev/next)            sitemap)
//! ```
//!
//! `pipeline` is the only module that knows this order (`ARCHITECTURE.md` is the
//! map). The library entry point is [`build`] (or [`check()`], which writes nothing
//! and checks the rendered pages) with [`BuildOptions`]; the `mag` binary is a thin
//! layer over [`cli`], which tests also call in-process ([`cli::execute`]).

#![warn(missing_docs, unreachable_pub)]

mod assets;
mod check;
pub mod cli;
mod config;
mod content;
pub mod diagnostics;
mod discover;
#[cfg(fuzzing)]
pub mod fuzz;
mod images;
mod import;
mod incremental;
pub mod markdown;
mod output;
mod pipeline;
mod plan;
mod render;
mod resolve;
mod scaffold;
mod serve;
mod site;
mod theme;
mod util;

pub use pipeline::{build, check, BuildFailure, BuildOptions, BuildReport};
