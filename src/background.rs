//! Work a command does not wait for.

/// Frees `value` on a thread of its own. A site's worth of articles, tags
/// and rendered fragments is hundreds of thousands of small allocations:
/// freeing them took 60 ms at 10,000 articles, a twentieth of the build,
/// with one core idle. A build that is done does not wait for that, and the
/// `build` command exits meanwhile: the system takes the memory back at once.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // Should the thread not start, the closure, and `value` with it, is
    // dropped here instead.
    let _ = std::thread::Builder::new().name("warraq-free".into()).spawn(move || drop(value));
}
