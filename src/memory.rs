//! Memory for large tables read at random: huge pages, and reading ahead;
//! and buffers a thread keeps from one job to the next.

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

#[cfg(test)]
mod tests {
    #[test]
    fn advised_memory_holds_what_is_written() {
        let n = 3 << 20;
        let mut v: Vec<u64> = Vec::with_capacity(n);
        super::huge_pages(v.spare_capacity_mut());
        v.extend((0..n as u64).map(|i| i * 3));
        assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64 * 3));
        super::huge_pages::<u8>(&mut []);
    }
}
