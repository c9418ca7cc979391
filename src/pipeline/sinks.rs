//! Where the render loop's outputs go: the staging folder of `mag build`, or
//! memory for `mag check` and `mag serve`.

use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::output::{OutputFile, Staging};
use crate::render::Sink;

/// Writes each output into the staging folder as soon as it is made.
pub(super) struct ToStaging<'a>(pub(super) &'a Staging);

impl Sink for ToStaging<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.0.write(&file)
    }
}

/// Keeps every output in memory.
#[derive(Default)]
pub(super) struct InMemory(Mutex<Vec<OutputFile>>);

impl InMemory {
    /// The outputs kept, in no particular order.
    pub(super) fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_default()
    }
}

impl Sink for InMemory {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        match self.0.lock() {
            Ok(mut files) => {
                files.push(file);
                Ok(())
            }
            Err(_) => Err(Diagnostic::error(
                None,
                "internal error: a render thread panicked",
            )),
        }
    }
}
