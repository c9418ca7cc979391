//! Leaf utilities shared by several stages, depending on nothing else in mag:
//! [`slug`] (URL-safe names, for content and for heading ids) and [`hash`]
//! (fingerprints for the dev server's cache), [`links`] (symbolic links must stay
//! inside the site), [`url`] (which link schemes typed text may use).

pub(crate) mod hash;
pub(crate) mod links;
pub(crate) mod slug;
pub(crate) mod url;
