//! Work that waits on the disk more than it computes: reading every content
//! file, looking at every output file's stamp.
//!
//! The build's thread pool has a thread per core, which keeps the cores
//! busy when the files are in the page cache. When they are not (a million
//! articles and their 30 GB of output do not fit in a CI runner's memory),
//! each thread waits for one read at a time and the disk sees two requests
//! where it could serve many at once. These passes run in a pool of their
//! own with more threads than cores, made for the pass and gone after it
//! (its threads' allocator caches go with them).

/// Threads of a disk-bound pass: enough requests in flight for a disk
/// that serves many at once, few enough that the extra threads' stacks and
/// buffers stay small.
const THREADS: usize = 16;

/// Runs `work` (which uses rayon) in a pool of [`THREADS`] threads, or in
/// the current pool when no thread can be started.
pub fn parallel<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().num_threads(THREADS).thread_name(|i| format!("warraq-disk-{i}")).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

#[cfg(test)]
mod tests {
    use rayon::prelude::*;

    #[test]
    fn the_work_runs_in_a_pool_of_its_own_and_gives_its_result() {
        let outer = rayon::current_num_threads();
        let (threads, sum) =
            super::parallel(|| (rayon::current_num_threads(), (1..=100u64).into_par_iter().sum::<u64>()));
        assert_eq!((threads, sum), (super::THREADS, 5050));
        assert_eq!(rayon::current_num_threads(), outer, "the pool is gone after the pass");
    }
}
