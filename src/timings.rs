//! Per-stage timings for `build` and `serve`, printed to stderr when the
//! environment variable `WARRAQ_TIMINGS` is set (for benchmarks and profiling).

use std::time::{Duration, Instant};

/// Per-stage timings, printed when `WARRAQ_TIMINGS` is set.
pub struct Clock {
    on: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    pub fn new() -> Clock {
        Clock { on: std::env::var_os("WARRAQ_TIMINGS").is_some(), last: Instant::now(), laps: Vec::new() }
    }
    pub fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = Instant::now();
            self.laps.push((name, now - self.last));
            self.last = now;
        }
    }
    pub fn report(&self) {
        if self.on {
            let laps: Vec<String> =
                self.laps.iter().map(|(n, d)| format!("{n} {:.1}", d.as_secs_f64() * 1e3)).collect();
            eprintln!("timings (ms): {}", laps.join(", "));
        }
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::new()
    }
}
