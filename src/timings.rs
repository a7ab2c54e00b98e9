//! Per-stage timings for `build` and `serve`, printed to stderr when the
//! environment variable `WARRAQ_TIMINGS` is set (for benchmarks and profiling).

use crate::memory::heap_mib;
use std::time::{Duration, Instant};

/// Per-stage timings, printed when `WARRAQ_TIMINGS` is set.
pub struct Clock {
    on: bool,
    last: Instant,
    last_cpu: Option<Duration>,
    laps: Vec<Lap>,
}

struct Lap {
    name: &'static str,
    wall: Duration,
    /// CPU time (user + system, all threads) spent in the stage: with the
    /// wall time it shows how well the stage uses the cores.
    cpu: Option<Duration>,
    rss_mib: Option<u64>,
    /// Live heap after the stage and its peak during it, in MiB (the
    /// `heap-stats` feature; `memory::heap_mib`).
    heap_mib: Option<(u64, u64)>,
}

/// CPU time (user + system) of this process so far (Linux; `None` elsewhere).
/// /proc counts in clock ticks (10 ms), enough for stages worth timing.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Resident memory of this process in MiB (Linux; `None` elsewhere).
fn rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

impl Clock {
    /// A clock started now; it records only when `WARRAQ_TIMINGS` is set.
    pub fn new() -> Clock {
        let on = std::env::var_os("WARRAQ_TIMINGS").is_some();
        Clock { on, last: Instant::now(), last_cpu: if on { cpu_time() } else { None }, laps: Vec::new() }
    }
    /// Ends stage `name` (begun at the last lap, or at `new`).
    pub fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = Instant::now();
            let cpu_now = cpu_time();
            let cpu = cpu_now.zip(self.last_cpu).map(|(now, before)| now.saturating_sub(before));
            self.laps.push(Lap { name, wall: now - self.last, cpu, rss_mib: rss_mib(), heap_mib: heap_mib() });
            self.last = now;
            self.last_cpu = cpu_now;
        }
    }
    /// Prints every lap on one stderr line (nothing when timings are off).
    pub fn report(&self) {
        if self.on {
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|l| match l.cpu {
                    Some(cpu) => format!("{} {:.1} (cpu {:.0})", l.name, ms(l.wall), ms(cpu)),
                    None => format!("{} {:.1}", l.name, ms(l.wall)),
                })
                .collect();
            let rss: Vec<String> =
                self.laps.iter().filter_map(|l| l.rss_mib.map(|m| format!("{} {m}", l.name))).collect();
            let heap: Vec<String> = self
                .laps
                .iter()
                .filter_map(|l| l.heap_mib.map(|(live, peak)| format!("{} {live}/{peak}", l.name)))
                .collect();
            let heap = match heap.is_empty() {
                true => String::new(),
                false => format!("; live heap after each / its peak during each (MiB): {}", heap.join(", ")),
            };
            crate::errln!(
                "timings (ms, wall and cpu = user + system of all threads): {}; resident memory after each (MiB): {}{heap}",
                laps.join(", "),
                rss.join(", ")
            );
        }
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::new()
    }
}
