//! What a long stage of the build is doing ("Resizing images 120/3000"), for
//! the command line's spinner to show. The library only sets it; nothing is
//! printed here.

use std::sync::Mutex;

static STATUS: Mutex<Option<String>> = Mutex::new(None);

/// The status shown while it lives; cleared when dropped.
#[derive(Debug)]
pub(crate) struct Status(());

impl Status {
    /// Shows `message` until the returned guard is dropped.
    pub(crate) fn show(message: String) -> Status {
        Status::set(message);
        Status(())
    }

    /// Replaces the message shown.
    pub(crate) fn set(message: String) {
        if let Ok(mut status) = STATUS.lock() {
            *status = Some(message);
        }
    }

    /// The message shown now, if any.
    pub(crate) fn current() -> Option<String> {
        STATUS.lock().ok().and_then(|s| s.clone())
    }
}

impl Drop for Status {
    fn drop(&mut self) {
        if let Ok(mut status) = STATUS.lock() {
            *status = None;
        }
    }
}
