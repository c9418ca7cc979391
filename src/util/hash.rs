//! Fingerprints: 64-bit hashes of values with the standard library's hasher, used
//! as cache keys by the dev server. Stable within one process only, which is all a
//! cache that lives in memory needs.

use std::hash::{DefaultHasher, Hash, Hasher};

/// Hashes any value with the standard hasher.
pub(crate) fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Hashes a JSON value (a page's template context) combined with `salt`, walking
/// the value rather than serialising it.
pub(crate) fn hash_json(value: &serde_json::Value, salt: u64) -> u64 {
    let mut h = DefaultHasher::new();
    salt.hash(&mut h);
    hash_value(value, &mut h);
    h.finish()
}

fn hash_value(value: &serde_json::Value, h: &mut DefaultHasher) {
    use serde_json::Value;
    match value {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Number(n) => (2u8, n.as_f64().map(f64::to_bits), n.as_i64()).hash(h),
        Value::String(s) => (3u8, s).hash(h),
        Value::Array(items) => {
            (4u8, items.len()).hash(h);
            items.iter().for_each(|v| hash_value(v, h));
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(h);
            for (k, v) in map {
                k.hash(h);
                hash_value(v, h);
            }
        }
    }
}
