//! Wall-clock time of each stage of a render, for finding what a rebuild spends its
//! time on.

use std::time::{Duration, Instant};

/// Wall-clock time of each phase of a render, printed to stderr when the environment
/// variable `COLDSTART_TIMINGS` is set (to find what a rebuild spends its time on).
pub(super) struct PhaseTimer {
    last: Option<Instant>,
    laps: Vec<(&'static str, Duration)>,
}

impl PhaseTimer {
    /// A timer that records only when `COLDSTART_TIMINGS` is set.
    pub(super) fn from_env() -> PhaseTimer {
        PhaseTimer {
            last: std::env::var_os("COLDSTART_TIMINGS").map(|_| Instant::now()),
            laps: Vec::new(),
        }
    }

    /// Ends the phase called `name`.
    pub(super) fn lap(&mut self, name: &'static str) {
        if let Some(last) = &mut self.last {
            self.laps.push((name, last.elapsed()));
            *last = Instant::now();
        }
    }

    /// Prints the phases, one line.
    pub(super) fn report(&self) {
        if self.last.is_some() {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("timings: {}", laps.join(", "));
        }
    }
}
