//! The second look after an edit, off the engine's thread.
//!
//! An edit is served at once with the grouping and the search index of the
//! site before it (see `Engine::rebuild`). Once the watcher is quiet, the
//! site is grouped afresh and its search index rebuilt, which takes a second
//! or more on a real archive of 10,000 articles. Done on the engine's own
//! thread, that second stood between the next save and its page (577 ms
//! median save-to-served with edits 1.2 s apart on 13,000 articles); here it
//! runs on a thread of its own, on the site as it was served, and an edit
//! that comes meanwhile is served at once. The result is used only when no
//! rebuild happened since; otherwise it is dropped and the next quiet time
//! starts again.

use crate::render::Site;
use crate::search::Index;
use crate::topics::Topics;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use std::time::Instant;

/// Work started on a served site.
pub struct Settling {
    /// The engine's rebuild count when it started: a result for an older
    /// site is dropped.
    pub rebuilds: u64,
    /// When it started (for `WARRAQ_TIMINGS`).
    pub started: Instant,
    result: Receiver<Settled>,
}

/// What the second look found.
pub struct Settled {
    /// A fresh grouping of the served articles (when asked for).
    pub topics: Option<Topics>,
    /// The served site's search index (when asked for, and when the
    /// grouping stays: a regrouped site gets its index after its rebuild).
    pub index: Option<Index>,
}

impl Settling {
    /// Starts regrouping (`regroup`) and indexing (`reindex`) `site` on a
    /// thread of its own.
    pub fn start(site: Arc<Site>, regroup: bool, reindex: bool, rebuilds: u64) -> std::io::Result<Settling> {
        let (tx, result) = mpsc::channel();
        // One thread of its own, at the lowest priority, and a thread pool
        // of its own for the parallel parts of grouping and indexing: on
        // the global pool they would queue ahead of the next edit's pages.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "warraq-settle".into())
            .start_handler(|_| lowest_priority())
            .build()
            .map_err(std::io::Error::other)?;
        std::thread::Builder::new().name("warraq-settle".into()).spawn(move || {
            let settled = pool.install(|| {
                let topics = regroup.then(|| {
                    // With the published tag URLs, as the site model gives
                    // them (serve shows every article: nothing to restrict).
                    let mut fresh = crate::topics::group(&site.articles, &site.config.topics);
                    crate::site::tag_urls::stabilize(&mut fresh, &site.tags_before);
                    fresh
                });
                let same = topics.as_ref().is_none_or(|t| *t == site.topics);
                let index = (reindex && same).then(|| crate::search::build(&site));
                Settled { topics, index }
            });
            // The engine may have stopped waiting (serve ends): nothing to do.
            let _ = tx.send(settled);
        })?;
        Ok(Settling { rebuilds, started: Instant::now(), result })
    }

    /// The result once the work is done (`wait`: block until it is).
    /// `Some(None)` when the thread ended without one (it panicked).
    pub fn finished(&self, wait: bool) -> Option<Option<Settled>> {
        if wait {
            return Some(self.result.recv().ok());
        }
        match self.result.try_recv() {
            Ok(settled) => Some(Some(settled)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(None),
        }
    }
}

/// Lowers the calling thread's scheduling priority to the least, so the
/// work yields the processor to the server and the next edit. Linux keeps
/// a priority per thread; elsewhere `setpriority` would lower the whole
/// server, so it is left alone.
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority reads no memory of ours; `who` 0 is the calling
    // thread on Linux. A failure leaves the priority as it was.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}
