//! Static assets: style sheets (see [`css`]) and files copied as they are.

pub(crate) mod css;
