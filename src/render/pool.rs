//! Copies of article summaries kept by each render thread between pages.
//!
//! Tera takes a page's context by value, so every list of articles a page shows
//! (an issue's contents, the latest articles, a section page) is a deep copy of
//! the articles' summaries, and an article page shows about fifty. Consecutive
//! pages on one thread mostly show the same articles (the pages of one issue, of
//! one section), so instead of being dropped after a page is rendered, its
//! summaries go back into this thread's pool ([`give_back`]), and the next page's
//! lists take them from there ([`take`]) before copying anew.
//!
//! A value goes back into the pool only when it is equal to the summary it claims
//! to be (its `url` names the article), so nothing a template could tell apart is
//! ever reused. The pool belongs to one build ([`Views`](super::context::Views)
//! carries the build's number) and holds at most [`CAPACITY`] values per thread.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};

/// Most summaries a thread keeps (a few KB each); when it is full, the pool is
/// emptied and fills again with the copies of the latest pages.
pub const CAPACITY: usize = 2048;

#[derive(Default)]
struct Pool {
    build: u64,
    spare: HashMap<usize, Vec<Value>>,
    count: usize,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

static NEXT_BUILD: AtomicU64 = AtomicU64::new(1);

/// A number for a new set of summaries, never used before in this process.
pub fn new_build() -> u64 {
    NEXT_BUILD.fetch_add(1, Ordering::Relaxed)
}

/// A spare copy of summary `index` of `build`, if this thread has one.
pub fn take(build: u64, index: usize) -> Option<Value> {
    POOL.with_borrow_mut(|pool| {
        if pool.build != build {
            return None;
        }
        let value = pool.spare.get_mut(&index)?.pop()?;
        pool.count -= 1;
        Some(value)
    })
}

/// Walks `value` (a page's variables, after rendering) and keeps every object
/// that `identify` recognises as summary N, unchanged, as a spare copy of N; the
/// rest is dropped.
pub fn give_back(
    build: u64,
    value: Value,
    identify: &dyn Fn(&Map<String, Value>) -> Option<usize>,
) {
    POOL.with_borrow_mut(|pool| {
        if pool.build != build {
            *pool = Pool {
                build,
                ..Pool::default()
            };
        }
        keep(pool, value, identify);
    });
}

fn keep(pool: &mut Pool, value: Value, identify: &dyn Fn(&Map<String, Value>) -> Option<usize>) {
    match value {
        Value::Object(map) => match identify(&map) {
            Some(index) => {
                if pool.count >= CAPACITY {
                    // Full of copies kept for pages long past: start again.
                    pool.spare.clear();
                    pool.count = 0;
                }
                pool.spare
                    .entry(index)
                    .or_default()
                    .push(Value::Object(map));
                pool.count += 1;
            }
            None => map.into_iter().for_each(|(_, v)| keep(pool, v, identify)),
        },
        Value::Array(items) => items.into_iter().for_each(|v| keep(pool, v, identify)),
        _ => {}
    }
}

/// Empties the pool of every thread of rayon's pool (at the end of a build, to
/// free the memory).
pub fn clear_all() {
    rayon::broadcast(|_| POOL.with_borrow_mut(|pool| *pool = Pool::default()));
}
