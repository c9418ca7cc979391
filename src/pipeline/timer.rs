//! Stage timings for profiling: with the environment variable `MAG_TIMINGS` set,
//! each stage prints how long it took and the peak memory so far, to stderr (see
//! the manual's performance page).

use std::time::Instant;

/// Times the stages of one run.
pub(crate) struct StageTimer {
    enabled: bool,
    last: Instant,
}

impl StageTimer {
    /// Starts timing; prints only when `MAG_TIMINGS` is set.
    pub(crate) fn new() -> Self {
        StageTimer {
            enabled: std::env::var_os("MAG_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    /// Ends the stage `stage` (printing its time) and starts the next.
    pub(crate) fn lap(&mut self, stage: &str) {
        if self.enabled {
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmHWM:"))
                        .map(|l| l[6..].trim().to_string())
                })
                .unwrap_or_default();
            eprintln!(
                "timing: {stage:<10} {:>8.1} ms  peak {peak}",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = Instant::now();
    }
}
