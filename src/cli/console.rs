//! Where a command prints: the process's standard output and error, or two
//! buffers when the command runs inside another program ([`super::execute`]).

use std::fmt::Display;
use std::io::Write;

use crate::diagnostics::{self, Diagnostic};

/// The two streams of a command and how to print on them.
pub(crate) struct Console<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    /// Colour the diagnostics (stderr is a terminal and `NO_COLOR` is unset).
    color: bool,
    /// Show a spinner during long builds (stderr is a terminal).
    pub(crate) spinner: bool,
}

impl<'a> Console<'a> {
    /// The process's standard output and error; colours and the spinner when
    /// standard error is a terminal.
    pub(crate) fn standard(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Console<'a> {
        use std::io::IsTerminal;
        let terminal = std::io::stderr().is_terminal();
        Console {
            out,
            err,
            color: diagnostics::use_color(terminal),
            spinner: terminal,
        }
    }

    /// Two buffers: no colour, no spinner.
    pub(crate) fn captured(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Console<'a> {
        Console {
            out,
            err,
            color: false,
            spinner: false,
        }
    }

    /// Prints a line on standard output. A closed pipe is not an error.
    pub(crate) fn say(&mut self, line: impl Display) {
        let _ = writeln!(self.out, "{line}");
    }

    /// Prints a line on standard error.
    pub(crate) fn tell(&mut self, line: impl Display) {
        let _ = writeln!(self.err, "{line}");
    }

    /// Writes bytes to standard output as they are.
    ///
    /// Errors when the stream cannot be written (a closed pipe included).
    pub(crate) fn write_out(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes).and_then(|()| self.out.flush())
    }

    /// Prints diagnostics on standard error, sorted by file and line, each with
    /// its source line and a caret.
    pub(crate) fn diagnostics(&mut self, diags: &mut [Diagnostic]) {
        let text = diagnostics::render_all(diags, self.color);
        let _ = self.err.write_all(text.as_bytes());
    }
}
