//! Importers: content from other publishing systems into a mag site.
//!
//! [`wordpress`] reads a WordPress export (WXR) with [`wxr`] and turns each post's
//! HTML into Markdown with [`html`].

pub mod html;
mod items;
pub mod media;
pub mod shortcodes;
pub mod wordpress;
pub mod wxr;
