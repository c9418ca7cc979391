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

#![warn(missing_docs)]

pub mod assets;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod discover;
pub mod import;
pub mod incremental;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod theme;
pub mod util;

pub use pipeline::{build, check, BuildFailure, BuildOptions, BuildReport};
