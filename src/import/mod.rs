//! Importers: content from other publishing systems into a mag site.
//!
//! [`wordpress`] reads a WordPress export (WXR) with [`wxr`] and turns each post's
//! HTML into Markdown with [`html`].

mod files;
pub(crate) mod html;
mod items;
pub(crate) mod media;
pub(crate) mod shortcodes;
pub(crate) mod wordpress;
pub(crate) mod wxr;
