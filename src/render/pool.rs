//! Copies of article summaries kept by each render thread between pages.
//!
//! Tera takes a page's context by value, so every list of articles a page shows
//! (an issue's contents, the latest articles, a section page) is a deep copy of
//! the articles' summaries, and an article page shows about fifty. Consecutive
//! pages on one thread mostly show the same articles (the pages of one issue, of
//! one section), so a page's summaries are not dropped after it is rendered: they
//! go back into this thread's pool ([`give_back`]), and the next page's lists take
//! them from there ([`lend`]) before copying anew.
//!
//! Only values that [`lend`] handed out for this page come back: they are known
//! by the address of their `url` string, which moving a value into Tera's context
//! and out again does not change (and Tera never changes a value), and checked
//! against the summary they came from. The pool belongs to one build
//! ([`new_build`]) and holds at most [`CAPACITY`] values per thread.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

/// Most summaries a thread keeps (a few KB each); when it is full, the pool is
/// emptied and fills again with the copies of the latest pages.
pub(super) const CAPACITY: usize = 2048;

#[derive(Default)]
struct Pool {
    build: u64,
    /// Spare copies by article index.
    spare: HashMap<usize, Vec<Value>>,
    count: usize,
    /// The values lent for the page being rendered: article index by the address
    /// of the value's `url` string.
    lent: HashMap<usize, usize>,
}

impl Pool {
    /// This thread's pool for `build`, emptied if it held another build's values.
    fn for_build(&mut self, build: u64) -> &mut Pool {
        if self.build != build {
            *self = Pool {
                build,
                ..Pool::default()
            };
        }
        self
    }
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

static NEXT_BUILD: AtomicU64 = AtomicU64::new(1);

/// A number for a new set of summaries, never used before in this process.
pub(super) fn new_build() -> u64 {
    NEXT_BUILD.fetch_add(1, Ordering::Relaxed)
}

/// The address of an object's `url` string, which identifies a lent summary.
fn url_address(value: &Value) -> Option<usize> {
    Some(value.get("url")?.as_str()?.as_ptr() as usize)
}

/// A copy of `summaries[index]` for the page being rendered: a spare one from
/// this thread's pool when there is one, else a new one. With `lent` set it is
/// recorded as lent, to come back through [`give_back`]; without (a value that
/// will be changed, such as an article page's `article`), it never comes back.
pub(super) fn lend(build: u64, summaries: &[Value], index: usize, lent: bool) -> Value {
    POOL.with_borrow_mut(|pool| {
        let pool = pool.for_build(build);
        let value = match pool.spare.get_mut(&index).and_then(Vec::pop) {
            Some(v) => {
                pool.count -= 1;
                v
            }
            None => summaries[index].clone(),
        };
        if lent {
            if let Some(address) = url_address(&value) {
                pool.lent.insert(address, index);
            }
        }
        value
    })
}

/// Walks `value` (a page's variables, after rendering) and keeps the summaries
/// lent for this page as spare copies; the rest is dropped. Ends the page: what
/// was lent and did not come back is forgotten.
pub(super) fn give_back(build: u64, summaries: &[Value], value: Value) {
    POOL.with_borrow_mut(|pool| {
        let pool = pool.for_build(build);
        keep(pool, summaries, value);
        pool.lent.clear();
    });
}

fn keep(pool: &mut Pool, summaries: &[Value], value: Value) {
    match value {
        Value::Object(map) => {
            let address = map
                .get("url")
                .and_then(Value::as_str)
                .map(|s| s.as_ptr() as usize);
            let index = address.and_then(|a| pool.lent.remove(&a)).filter(|&i| {
                let summary = &summaries[i];
                summary.as_object().map(|s| s.len()) == Some(map.len())
                    && summary.get("url") == map.get("url")
            });
            match index {
                Some(i) => {
                    if pool.count >= CAPACITY {
                        // Full of copies kept for pages long past: start again.
                        pool.spare.clear();
                        pool.count = 0;
                    }
                    pool.spare.entry(i).or_default().push(Value::Object(map));
                    pool.count += 1;
                }
                None => map.into_iter().for_each(|(_, v)| keep(pool, summaries, v)),
            }
        }
        Value::Array(items) => items.into_iter().for_each(|v| keep(pool, summaries, v)),
        _ => {}
    }
}

/// Empties the pool of every thread of rayon's pool (at the end of a build, to
/// free the memory).
pub(super) fn clear_all() {
    rayon::broadcast(|_| POOL.with_borrow_mut(|pool| *pool = Pool::default()));
}
