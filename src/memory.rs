//! Memory for large tables read at random: huge pages, and reading ahead;
//! buffers a thread keeps from one job to the next; and the live heap,
//! counted for benchmarks (the `heap-stats` feature).

use std::cell::RefCell;
use std::thread::LocalKey;

/// A thread's kept buffer (`with_kept_buffer`).
pub type KeptBuffer = RefCell<Vec<u8>>;

/// Runs `f` with the thread's buffer `key`, empty, and keeps it for the
/// next call (shrunk back to `content::MAX_KEPT_BUFFER` after a large use,
/// since the preview server lives for hours): a fresh buffer per page made
/// the allocator grow and shrink its heap thousands of times per build. A
/// job that itself uses rayon may, while it waits, be handed another job on
/// the same thread (work stealing): that one finds the buffer in use and
/// gets a new one instead of a panic.
pub fn with_kept_buffer<T>(key: &'static LocalKey<KeptBuffer>, f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    key.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            let out = f(&mut buffer);
            buffer.clear();
            buffer.shrink_to(crate::content::MAX_KEPT_BUFFER);
            out
        }
        Err(_) => f(&mut Vec::new()),
    })
}

/// Asks the system to back `buf` (not yet touched) with huge pages (2 MiB
/// on x86-64) where it can, the parts of it that span whole ones.
pub fn huge_pages<T>(buf: &mut [std::mem::MaybeUninit<T>]) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = buf.as_ptr() as usize;
        let end = start + std::mem::size_of_val(buf);
        let (from, to) = (start.next_multiple_of(HUGE), end / HUGE * HUGE);
        if from < to {
            // SAFETY: madvise changes how the pages of a range we own are
            // backed, not what they hold; an error leaves them as they were.
            unsafe {
                libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = buf;
}

/// Starts reading `r` into the cache, not waiting for it.
#[inline]
pub fn prefetch<T>(r: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it reads nothing into the program and
    // cannot fault (and `r` is a valid reference anyway).
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((r as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = r;
}

/// Gives the memory the allocator holds freed back to the system, on every
/// thread of the pool and this one. mimalloc keeps what a thread frees for
/// its next allocations and returns it only as that thread goes on
/// allocating; a stage whose transient was large (the grouping's word
/// tables) otherwise leaves it resident under the next one: at a million
/// articles resident memory stood 0.6 GB above the live heap.
pub fn give_back_freed() {
    // SAFETY: `mi_collect` only frees mimalloc's own free pages; nothing
    // allocated is touched.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// `v` in a block of its own length. `Vec::shrink_to_fit` asks the
/// allocator to shrink the block, and mimalloc shrinks in place, keeping
/// the whole block, whenever the new size is at least half the old: a
/// vector grown by doubling and kept for the build kept up to twice its
/// bytes (at a million articles, the grouping's word ids kept some 400 MiB
/// that way). A copy into a new block of the right size gives the room
/// back; it costs a copy, so it is for what is kept long.
pub fn fit<T>(mut v: Vec<T>) -> Vec<T> {
    if v.capacity() == v.len() {
        return v;
    }
    let mut fitted = Vec::with_capacity(v.len());
    fitted.append(&mut v);
    fitted
}

/// Bytes allocated and not yet freed, while [`Counting`] is the allocator.
static LIVE: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);
/// The most [`LIVE`] reached since [`heap_mib`] last read it.
static PEAK: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);

/// mimalloc, counting the live heap: the binary's allocator with the
/// `heap-stats` feature (`src/main.rs`). Resident memory is a high-water
/// mark of pages (mimalloc keeps some it freed, and a stage's transient
/// peak stays resident into the next); the live heap is what a stage
/// holds. Blocks are counted at their usable size, not the size asked
/// for: a block shrunk in place still holds its bytes (see [`fit`]). Two
/// atomic additions per allocation: a few percent slower.
pub struct Counting;

/// The bytes mimalloc holds for the block at `p`.
fn usable(p: *mut u8) -> isize {
    // SAFETY: `p` is a live block of mimalloc's (or null, which it takes).
    unsafe { libmimalloc_sys::mi_usable_size(p.cast()) as isize }
}

fn count(bytes: isize) {
    use std::sync::atomic::Ordering::Relaxed;
    let now = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is mimalloc's, unchanged; only the counters are added.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on as it is.
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !p.is_null() {
            count(usable(p));
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if !p.is_null() {
            count(usable(p));
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: std::alloc::Layout) {
        count(-usable(p));
        // SAFETY: as for `alloc`.
        unsafe { mimalloc::MiMalloc.dealloc(p, layout) };
    }

    unsafe fn realloc(&self, p: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        let before = usable(p);
        // SAFETY: as for `alloc`.
        let q = unsafe { mimalloc::MiMalloc.realloc(p, layout, new_size) };
        if !q.is_null() {
            count(usable(q) - before);
        }
        q
    }
}

/// The live heap now and its peak since the last call, in MiB; `None`
/// unless the binary was built with the `heap-stats` feature.
pub fn heap_mib() -> Option<(u64, u64)> {
    use std::sync::atomic::Ordering::Relaxed;
    if !cfg!(feature = "heap-stats") {
        return None;
    }
    let live = LIVE.load(Relaxed).max(0);
    let peak = PEAK.swap(live, Relaxed).max(live);
    Some((live as u64 >> 20, peak as u64 >> 20))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advised_memory_holds_what_is_written() {
        let n = 3 << 20;
        let mut v: Vec<u64> = Vec::with_capacity(n);
        super::huge_pages(v.spare_capacity_mut());
        v.extend((0..n as u64).map(|i| i * 3));
        assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64 * 3));
        super::huge_pages::<u8>(&mut []);
    }
    #[test]
    fn a_fitted_vector_holds_its_length_and_its_values() {
        let mut v: Vec<u32> = Vec::with_capacity(1 << 20);
        v.extend(0..600_000);
        // mimalloc keeps a block shrunk to more than half its size whole.
        // SAFETY: one block, allocated, shrunk and freed by mimalloc.
        unsafe {
            let p = libmimalloc_sys::mi_malloc(4 << 20);
            assert_eq!(libmimalloc_sys::mi_realloc(p, 2400 << 10), p, "shrunk in place");
            libmimalloc_sys::mi_free(p);
        }
        let fitted = fit(v);
        assert_eq!(fitted.capacity(), 600_000);
        assert!(fitted.iter().copied().eq(0..600_000));
        let exact = fit(vec![1u8, 2, 3]);
        assert_eq!((exact.capacity(), exact), (3, vec![1, 2, 3]));
    }

    #[test]
    fn counting_follows_what_is_allocated_and_freed() {
        use std::alloc::{GlobalAlloc, Layout};
        use std::sync::atomic::Ordering::Relaxed;
        let (small, large) =
            (Layout::from_size_align(1 << 20, 8).unwrap(), Layout::from_size_align(3 << 20, 8).unwrap());
        let before = LIVE.load(Relaxed);
        // SAFETY: each block is freed once, with the layout it has.
        unsafe {
            let p = Counting.alloc(small);
            assert!(!p.is_null());
            assert_eq!(LIVE.load(Relaxed) - before, usable(p));
            assert!(usable(p) >= 1 << 20);
            let q = Counting.realloc(p, small, 3 << 20);
            assert_eq!(LIVE.load(Relaxed) - before, usable(q));
            assert!(usable(q) >= 3 << 20);
            // Shrunk in place: the block, and the count, keep their size.
            let r = Counting.realloc(q, large, 2 << 20);
            assert_eq!((r, LIVE.load(Relaxed) - before), (q, usable(q)));
            Counting.dealloc(r, Layout::from_size_align(2 << 20, 8).unwrap());
            let z = Counting.alloc_zeroed(small);
            assert_eq!(*z, 0);
            Counting.dealloc(z, small);
        }
        assert_eq!(LIVE.load(Relaxed), before);
        assert!(PEAK.load(Relaxed) >= before + (3 << 20));
        // Only a binary built with the feature reports it.
        assert_eq!(heap_mib().is_some(), cfg!(feature = "heap-stats"));
    }
}
