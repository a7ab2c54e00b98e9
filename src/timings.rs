//! Per-stage timings for `build` and `serve`, printed to stderr when the
//! environment variable `WARRAQ_TIMINGS` is set (for benchmarks and profiling).

use std::time::{Duration, Instant};

/// Per-stage timings, printed when `WARRAQ_TIMINGS` is set.
pub struct Clock {
    on: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration, Option<u64>)>,
}

/// Resident memory of this process in MiB (Linux; `None` elsewhere).
fn rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

impl Clock {
    pub fn new() -> Clock {
        Clock { on: std::env::var_os("WARRAQ_TIMINGS").is_some(), last: Instant::now(), laps: Vec::new() }
    }
    pub fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = Instant::now();
            self.laps.push((name, now - self.last, rss_mib()));
            self.last = now;
        }
    }
    pub fn report(&self) {
        if self.on {
            let laps: Vec<String> =
                self.laps.iter().map(|(n, d, _)| format!("{n} {:.1}", d.as_secs_f64() * 1e3)).collect();
            let rss: Vec<String> = self.laps.iter().filter_map(|(n, _, m)| m.map(|m| format!("{n} {m}"))).collect();
            eprintln!("timings (ms): {}; resident memory after each (MiB): {}", laps.join(", "), rss.join(", "));
        }
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::new()
    }
}
