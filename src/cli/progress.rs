//! A spinner on stderr for work that takes more than a second, shown only when
//! stderr is a terminal; silent in pipes, files and CI logs.

use std::io::IsTerminal;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before the spinner appears.
const DELAY: Duration = Duration::from_secs(1);

/// A spinner that appears after [`DELAY`] and is cleared when dropped.
pub(super) struct Spinner {
    done: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Spinner {
    /// Starts the clock; `label` is shown beside the spinner ("Building").
    pub(super) fn start(label: &'static str) -> Spinner {
        if !std::io::stderr().is_terminal() {
            return Spinner {
                done: None,
                thread: None,
            };
        }
        let (tx, rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if rx.recv_timeout(DELAY) != Err(mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} {msg}… {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.set_message(label);
            bar.enable_steady_tick(Duration::from_millis(120));
            // A stage's own status ("Resizing images 12/300") replaces the label
            // while it lasts.
            while rx.recv_timeout(Duration::from_millis(200))
                == Err(mpsc::RecvTimeoutError::Timeout)
            {
                let status = crate::util::progress::Status::current();
                bar.set_message(status.map_or(std::borrow::Cow::Borrowed(label), Into::into));
            }
            bar.finish_and_clear();
        });
        Spinner {
            done: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(tx) = self.done.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
