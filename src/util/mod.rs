//! Leaf utilities shared by several stages, depending on nothing else in mag:
//! [`slug`] (URL-safe names, for content and for heading ids) and [`hash`]
//! (fingerprints for the dev server's cache).

pub(crate) mod hash;
pub(crate) mod slug;
