//! mag: a static-site generator for long-form magazines.
//!
//! ```text
//! config::load ─┐
//! discover::scan┴─▶ content::parse ─▶ markdown::render ─▶ site::arrange ─▶ render::pages ─▶ output::commit
//!  (mag.toml,      (front matter →     (body → HTML,      (sections,        (Tera: site →      (staging dir →
//!   source files)   Article, Issue,     footnotes, TOC,    issues, listings, theme → default;   atomic swap;
//!                   Page, Author;       words, summary)    contributors,     feeds, sitemap,    nothing on error)
//!                   permalinks)                            tags, prev/next)  CSS, static)
//! ```
//!
//! [`pipeline`] is the only module that knows this order. The library entry point
//! is [`build`] (or [`check()`], which writes nothing and checks the rendered pages)
//! with [`BuildOptions`]; the `mag` binary is a thin layer over it.

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
