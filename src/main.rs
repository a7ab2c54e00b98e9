//! The `warraq` command: the command line is parsed and run by `warraq::cli`.

/// mimalloc, not the system allocator: glibc grows each worker thread's heap
/// a page at a time (some 20,000 `mprotect` calls in a 10,000-article
/// build) and a build allocates little but often, from every core. Measured
/// in docs/benchmarks.md ("Memory allocator"): 10 % less wall time at 10,000
/// articles, 16 % with search and topics, for the same peak at 300,000.
#[cfg(not(feature = "heap-stats"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// With the `heap-stats` feature, mimalloc with the live heap counted
/// (`WARRAQ_TIMINGS` reports it).
#[cfg(feature = "heap-stats")]
#[global_allocator]
static ALLOCATOR: warraq::memory::Counting = warraq::memory::Counting;

fn main() {
    std::process::exit(warraq::cli::run());
}
