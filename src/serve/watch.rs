//! Watching the site and rebuilding.
//!
//! One thread owns the [`Engine`]: it waits for debounced file events,
//! drops the ones that cannot matter (editor swap files, hidden files,
//! anything outside `content/`, `templates/`, `static/`, `site.toml`), and
//! rebuilds. A content-only change whose new site keeps the old site's
//! shape re-renders only the affected jobs (see `incremental`) and writes
//! only the files whose bytes changed, in place (atomically, by rename);
//! anything else is a full rebuild whose changed files are staged, then
//! renamed in. A failed rebuild leaves the served files as they were.

use super::cache::ContentCache;
use super::incremental::{affected_jobs, reusable_topics};
use super::settle::Settling;
use super::Shared;
use crate::build::BuildOptions;
use crate::error::Error;
use crate::layout::{CONTENT_DIR, INBOX_DIR};
use crate::layout::{STATIC_DIR, TEMPLATES_DIR};
use crate::output::{Plan, Staging};
use crate::render::context::summary_text;
use crate::render::summaries::Summaries;
use crate::render::{Job, Renderer, Site};
use crate::theme::Theme;
use crate::timings::Clock;
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Debounce window: long enough to merge an editor's write-rename-chmod
/// burst, short enough to stay well inside the 200 ms save-to-served goal.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Quiet time after a rebuild that reused a provisional grouping before it
/// is checked (see `Engine::settle`): saves in a row do not pay for it.
pub const SETTLE: Duration = Duration::from_millis(300);

/// How often the watcher looks whether the check started by `settle` (on
/// a thread of its own) is done, while it waits for file events.
const SETTLE_POLL: Duration = Duration::from_millis(25);

/// The rebuild state: the last site rendered and the content cache.
pub struct Engine {
    site_dir: PathBuf,
    root: PathBuf,
    opts: BuildOptions,
    cache: ContentCache,
    /// The site the served files were rendered from (last success); shared
    /// with the thread that settles it.
    last: Option<Arc<Site>>,
    /// Rebuilds so far: tells whether a settle result is of the served site.
    rebuilds: u64,
    /// Summary text of each article of `last` (reused when unchanged).
    summaries: Vec<String>,
    /// Whether the last rebuild failed (then the next one is full).
    failed: bool,
    warnings: Vec<String>,
    /// Inbox files that failed to ingest, as of the last ingest (kept
    /// across rebuilds that do not ingest).
    inbox_errors: Vec<Error>,
    /// The served site reuses a grouping computed before bodies changed:
    /// `settle` must regroup and compare.
    unsettled: bool,
    /// A grouping of the served articles that `settle` found to differ
    /// from the served one: the next rebuild uses it.
    fresh_topics: Option<crate::topics::Topics>,
    /// The settle at work, if any.
    settling: Option<Settling>,
    /// The search index of the served files.
    index: Option<Arc<crate::search::Index>>,
    /// The served index is older than `last`: an edit reused it (building
    /// the index costs more than the pages an edit touches), and `settle`
    /// brings it up to date.
    index_stale: bool,
    shared: Arc<Shared>,
}

/// How the server reads and groups for `build::prepare_with`: through the
/// content cache (only the files an edit names are parsed again), and with
/// the last grouping when the edit leaves its inputs alone (grouping 10,000
/// articles takes half a second; most edits change a body), or the one a
/// settle found when the articles are still those it read.
struct Cached<'a> {
    cache: &'a mut ContentCache,
    changed: &'a [PathBuf],
    previous: Option<&'a Site>,
    fresh: Option<crate::topics::Topics>,
    /// Whether the last grouping was reused, and if so whether exactly
    /// (see `reusable_topics`).
    reused: Option<bool>,
}

impl crate::build::Loader for Cached<'_> {
    fn load(&mut self, site_dir: &Path) -> Result<crate::content::Content, Vec<Error>> {
        self.cache.load_after(site_dir, self.changed)
    }

    fn group(
        &mut self,
        articles: &[crate::content::Article],
        config: &crate::config::TopicsConfig,
    ) -> crate::topics::Topics {
        if let (Some(fresh), Some(old)) = (self.fresh.take(), self.previous) {
            if articles == old.articles.as_slice() {
                return fresh;
            }
        }
        if let Some(old) = self.previous {
            self.reused = reusable_topics(old, articles, config);
            if self.reused.is_some() {
                return old.topics.clone();
            }
        }
        crate::topics::group(articles, config)
    }
}

/// What a rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Jobs rendered.
    pub rendered: usize,
    /// Files whose bytes changed.
    pub written: usize,
    /// Every job was rendered (else only those the edit touched).
    pub full: bool,
}

impl Engine {
    /// An engine that builds `site_dir` with drafts into `root`, served at
    /// `base_url`; nothing is read until [`initial`](Self::initial).
    pub fn new(site_dir: &Path, root: &Path, base_url: &str, shared: Arc<Shared>) -> Engine {
        Engine {
            site_dir: site_dir.to_path_buf(),
            root: root.to_path_buf(),
            opts: BuildOptions {
                output: Some(root.to_path_buf()),
                base_url: Some(base_url.to_string()),
                drafts: true,
                ingest: true,
                // The server keeps what it rendered in memory instead.
                cache: None,
                trust_output: false,
            },
            cache: ContentCache::default(),
            last: None,
            summaries: Vec::new(),
            failed: false,
            warnings: Vec::new(),
            inbox_errors: Vec::new(),
            unsettled: false,
            rebuilds: 0,
            fresh_topics: None,
            settling: None,
            index: None,
            index_stale: false,
            shared,
        }
    }

    /// The first build (with ingest). Prints its outcome; true on success.
    pub fn initial(&mut self) -> bool {
        let started = Instant::now();
        match self.rebuild(&[], true) {
            Ok(r) => {
                crate::outln!("built {} files in {}", r.rendered, ms(started.elapsed()));
                if !self.inbox_errors.is_empty() {
                    self.shared.report(None, &self.inbox_errors);
                }
                true
            }
            Err(errors) => {
                self.fail(&errors);
                false
            }
        }
    }

    /// Rebuilds after `changed` (absolute paths) and reports: one line in
    /// the terminal, a reload or an error overlay in the browser.
    pub fn on_change(&mut self, changed: &[PathBuf]) {
        let started = Instant::now();
        let ingest = changed.iter().any(|p| p.starts_with(self.site_dir.join(INBOX_DIR)));
        let inbox_before = self.inbox_errors.clone();
        match self.rebuild(changed, ingest) {
            Ok(r) => {
                let recovered = std::mem::replace(&mut self.failed, false);
                if r.written == 0 && !recovered {
                    if self.inbox_errors != inbox_before {
                        self.shared.report(None, &self.inbox_errors);
                    }
                    return;
                }
                let what = if r.full { "all " } else { "" };
                crate::outln!(
                    "rebuilt {what}{} page{} in {} ({})",
                    r.rendered,
                    crate::messages::plural(r.rendered),
                    ms(started.elapsed()),
                    self.describe(changed)
                );
                self.shared.report(None, &self.inbox_errors);
            }
            Err(errors) => self.fail(&errors),
        }
    }

    fn fail(&mut self, errors: &[Error]) {
        self.failed = true;
        for e in errors {
            crate::messages::error(e);
        }
        crate::errln!("the site did not build: still serving the last good build; fix the file and save");
        self.shared.report(Some(errors), &self.inbox_errors);
    }

    fn describe(&self, changed: &[PathBuf]) -> String {
        let mut names: Vec<String> = changed.iter().map(|p| crate::content::relative(&self.site_dir, p)).collect();
        names.sort();
        names.dedup();
        match names.len() {
            0 => "tags regrouped".into(),
            1 => names.remove(0),
            n => format!("{} and {} more", names[0], n - 1),
        }
    }

    /// Loads the site (through the cache) and renders what changed.
    pub fn rebuild(&mut self, changed: &[PathBuf], ingest: bool) -> Result<Rebuilt, Vec<Error>> {
        let _lock = crate::lock::site(&self.site_dir)?;
        let mut clock = Clock::new();
        self.rebuilds += 1;
        let content_only = changed.iter().all(|p| p.starts_with(self.site_dir.join(CONTENT_DIR)));
        for p in changed {
            self.cache.invalidate(p);
        }
        let opts = BuildOptions { ingest: ingest && self.opts.ingest, ..self.opts.clone() };
        let mut loader = Cached {
            cache: &mut self.cache,
            changed,
            previous: self.last.as_deref().filter(|_| !self.failed),
            fresh: self.fresh_topics.take(),
            reused: None,
        };
        let prepared = crate::build::prepare_with(&self.site_dir, &opts, &mut loader, &mut clock)?;
        let reused = loader.reused;
        if opts.ingest {
            let errors: Vec<Error> = prepared
                .ingest
                .iter()
                .filter_map(|r| r.error.as_ref().map(|e| Error::at(&r.file, e.clone())))
                .collect();
            // Each failure once, as an error: the file was not converted.
            for e in errors.iter().filter(|e| !self.inbox_errors.contains(e)) {
                crate::messages::error(format_args!("{e} (not ingested; the site is built without it)"));
            }
            self.inbox_errors = errors;
        }
        let warnings: Vec<String> = prepared.warnings.iter().map(|w| w.to_string()).collect();
        if warnings != self.warnings {
            for w in &warnings {
                crate::messages::warning(w);
            }
            self.warnings = warnings;
        }
        let (site, theme) = (prepared.site, prepared.theme);
        let summaries = self.summaries_for(&site);
        let incremental = match self.last.as_deref() {
            Some(old) if content_only && !self.failed => affected_jobs(old, &site),
            _ => None,
        };
        clock.lap("diff");
        // An edit that keeps the site's shape serves the last search index
        // until the watcher is quiet (`settle`); anything else rebuilds it.
        let (index, stale) = match (&incremental, &self.index) {
            (Some(jobs), Some(old)) => (old.clone(), !jobs.is_empty()),
            _ => (Arc::new(crate::search::build(&site)), false),
        };
        clock.lap("search index");
        let renderer = Renderer::with_parts(&site, &theme, Summaries::from_texts(&summaries), index.clone())?;
        clock.lap("renderer");
        let index_kept = incremental.is_some();
        let result = match incremental {
            Some(jobs) => self.write_jobs(&renderer, &jobs)?,
            None => self.write_full(&renderer)?,
        };
        clock.lap("render+write");
        clock.report();
        drop(renderer);
        self.last = Some(Arc::new(site));
        self.summaries = summaries;
        self.index = Some(index);
        // A full rebuild made a fresh index; an edit keeps it stale.
        self.index_stale = stale || (self.index_stale && index_kept);
        // Provisional until settled; a fresh grouping settles it.
        self.unsettled = match reused {
            Some(exact) => self.unsettled || !exact,
            None => false,
        };
        Ok(result)
    }

    /// Whether the served site waits for `settle`.
    pub fn unsettled(&self) -> bool {
        self.unsettled || self.index_stale
    }

    /// Starts the second look at an edit once the watcher is quiet (see
    /// `settle.rs`): a fresh grouping when the served one was reused for a
    /// body edit (an article with few tags of its own may have gained or
    /// lost an automatic keyword), and the search index when an edit
    /// reused it. Runs on a thread of its own; `finish_settle` applies it.
    pub fn settle(&mut self) {
        if self.settling.is_some() || !self.unsettled() {
            return;
        }
        let Some(site) = &self.last else { return };
        match Settling::start(site.clone(), self.unsettled, self.index_stale, self.rebuilds) {
            Ok(s) => self.settling = Some(s),
            Err(e) => crate::messages::warning(format_args!("cannot start the search and tags update: {e}")),
        }
    }

    /// Whether a settle is at work.
    pub fn settling(&self) -> bool {
        self.settling.is_some()
    }

    /// Applies the settle at work once it is done (`wait`: waits for it).
    /// A result for a site that was rebuilt since is dropped; the flags the
    /// rebuild left ask for another settle.
    pub fn finish_settle(&mut self, wait: bool) {
        let Some(done) = self.settling.as_ref().and_then(|s| s.finished(wait)) else { return };
        let Some(settling) = self.settling.take() else { return };
        let Some(settled) = done else {
            // The work failed (a panic, already printed): trying again at
            // every quiet moment would fail the same way. The next edit
            // asks again.
            crate::messages::warning(format_args!(
                "the tags and search update of the preview failed; save a file to try again"
            ));
            (self.unsettled, self.index_stale) = (false, false);
            return;
        };
        if settling.rebuilds != self.rebuilds {
            return;
        }
        if let Some(fresh) = settled.topics {
            self.unsettled = false;
            let Some(site) = &self.last else { return };
            if fresh != site.topics {
                // Served with the fresh grouping; its index comes after.
                self.fresh_topics = Some(fresh);
                self.on_change(&[]);
                return;
            }
            if std::env::var_os("WARRAQ_TIMINGS").is_some() {
                let ms = settling.started.elapsed().as_secs_f64() * 1e3;
                crate::errln!("timings (ms): settle {ms:.1} (grouping unchanged)");
            }
        }
        if let Some(index) = settled.index {
            self.index_stale = false;
            self.serve_index(Arc::new(index), settling.started);
        }
    }

    /// Writes the index files of `index` whose bytes differ from the served
    /// ones.
    fn serve_index(&mut self, index: Arc<crate::search::Index>, started: Instant) {
        let Some(site) = &self.last else { return };
        let result = Theme::load(&self.site_dir).and_then(|theme| {
            let renderer = Renderer::with_parts(site, &theme, Summaries::from_texts(&self.summaries), index.clone())?;
            let jobs = renderer.search_jobs_changed(self.index.as_deref());
            let written = self.write_jobs(&renderer, &jobs).map_err(|mut e| e.remove(0))?;
            Ok(written)
        });
        match result {
            Ok(r) => {
                self.index = Some(index);
                if r.written > 0 {
                    crate::outln!(
                        "search index updated: {} file{} in {}",
                        r.written,
                        crate::messages::plural(r.written),
                        ms(started.elapsed())
                    );
                    self.shared.report(None, &self.inbox_errors);
                }
            }
            Err(e) => self.fail(&[e]),
        }
    }

    /// Summaries of `site`'s articles, reusing those of the last site for
    /// articles whose description and body did not change.
    fn summaries_for(&self, site: &Site) -> Vec<String> {
        let old = self.last.as_deref().filter(|o| o.articles.len() == self.summaries.len());
        let by_path: HashMap<&str, usize> = match old {
            Some(o) => o.articles.iter().enumerate().map(|(i, a)| (a.path.as_str(), i)).collect(),
            None => HashMap::new(),
        };
        let kept = &self.summaries;
        (0..site.articles.len())
            .into_par_iter()
            .map(|i| {
                let a = &site.articles[i];
                if let (Some(o), Some(&j)) = (old, by_path.get(a.path.as_str())) {
                    let b = &o.articles[j];
                    if b.body == a.body && b.description == a.description {
                        return kept[j].clone();
                    }
                }
                summary_text(site, i)
            })
            .collect()
    }

    /// Renders `jobs` (only the pages an edit touched; the site keeps its
    /// shape) and moves the files whose bytes changed in, while no request
    /// is opening a file.
    fn write_jobs(&self, renderer: &Renderer<'_>, jobs: &[Job]) -> Result<Rebuilt, Vec<Error>> {
        let paths: Vec<String> = jobs.iter().map(|j| renderer.path_of(j)).collect();
        let staging = Staging::begin(&self.root, Plan::Adding)?;
        let unchanged = crate::build::stage_jobs(renderer, jobs, &paths, &staging, None)?;
        self.commit(staging)?;
        Ok(Rebuilt { rendered: jobs.len(), written: jobs.len() - unchanged, full: false })
    }

    /// Renders every job and applies the result to the served folder.
    fn write_full(&self, renderer: &Renderer<'_>) -> Result<Rebuilt, Vec<Error>> {
        let jobs = renderer.jobs();
        let paths: Vec<String> = jobs.iter().map(|j| renderer.path_of(j)).collect();
        let clashes = renderer.clashes(&jobs, &paths);
        if !clashes.is_empty() {
            return Err(clashes.iter().map(|c| c.to_error(&self.root)).collect());
        }
        let paths: std::sync::Arc<[String]> = paths.into();
        let staging = Staging::begin(&self.root, Plan::Exactly(std::sync::Arc::clone(&paths)))?;
        let unchanged = crate::build::stage_jobs(renderer, &jobs, &paths, &staging, None)?;
        self.commit(staging)?;
        Ok(Rebuilt { rendered: jobs.len(), written: jobs.len() - unchanged, full: true })
    }

    /// Moves a rebuild's files in while no request is opening a file, so a
    /// page and the pages it links to are served from one build.
    fn commit(&self, staging: Staging) -> Result<(), Vec<Error>> {
        let _swap = self.shared.swap.blocking_write();
        staging.commit().map(drop).map_err(Into::into)
    }
}

fn ms(d: Duration) -> String {
    if d < Duration::from_secs(10) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Editor droppings and hidden files never trigger a rebuild.
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".part", ".crdownload"].iter().any(|ext| name.ends_with(ext))
}

/// Whether a change at `path` (absolute) can affect the site.
pub fn relevant(site_dir: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(site_dir) else { return false };
    let parts: Vec<&str> = rel.components().filter_map(|c| c.as_os_str().to_str()).collect();
    if parts.is_empty() || parts.iter().any(|p| is_editor_temp(p)) {
        return false;
    }
    match parts[0] {
        crate::layout::CONFIG_FILE => parts.len() == 1,
        CONTENT_DIR | TEMPLATES_DIR | STATIC_DIR => true,
        _ => false,
    }
}

/// Starts the watcher thread; it owns `engine` from now on.
pub fn spawn(site_dir: &Path, mut engine: Engine) -> crate::error::Result<()> {
    let site_dir = std::fs::canonicalize(site_dir).map_err(|e| Error::io(site_dir, e))?;
    engine.site_dir.clone_from(&site_dir);
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx)
        .map_err(|e| Error::new(format!("cannot watch {}: {e}", site_dir.display())))?;
    debouncer
        .watch(&site_dir, RecursiveMode::NonRecursive)
        .map_err(|e| Error::new(format!("cannot watch {}: {e}", site_dir.display())))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    watch_dirs(&site_dir, &mut debouncer, &mut watched);
    std::thread::Builder::new()
        .name("warraq-watch".into())
        .spawn(move || {
            loop {
                // While a settle works, look for its result between events;
                // when the served site awaits one, start it after SETTLE of
                // quiet.
                let wait = if engine.settling() {
                    Some(SETTLE_POLL)
                } else if engine.unsettled() {
                    Some(SETTLE)
                } else {
                    None
                };
                let first = if let Some(wait) = wait {
                    match rx.recv_timeout(wait) {
                        Ok(first) => first,
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            if engine.settling() {
                                engine.finish_settle(false);
                            } else {
                                engine.settle();
                            }
                            continue;
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                    }
                } else {
                    match rx.recv() {
                        Ok(first) => first,
                        Err(_) => break,
                    }
                };
                let mut changed: Vec<PathBuf> = Vec::new();
                let mut batch = vec![first];
                // Merge whatever else is already queued.
                while let Ok(more) = rx.try_recv() {
                    batch.push(more);
                }
                for result in batch {
                    let Ok(events) = result else { continue };
                    for ev in events {
                        if matches!(ev.kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))) {
                            continue;
                        }
                        changed.extend(ev.paths.iter().filter(|p| relevant(&site_dir, p)).cloned());
                    }
                }
                if changed.is_empty() {
                    continue;
                }
                changed.sort();
                changed.dedup();
                watch_dirs(&site_dir, &mut debouncer, &mut watched);
                engine.on_change(&changed);
            }
        })
        .map_err(|e| Error::new(format!("cannot start the watcher: {e}")))?;
    Ok(())
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches `content/`, `templates/` and `static/` recursively once they
/// exist (a site may gain `templates/` while served).
fn watch_dirs(site_dir: &Path, debouncer: &mut Debouncer, watched: &mut Vec<PathBuf>) {
    for d in [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR] {
        let dir = site_dir.join(d);
        let present = dir.is_dir();
        let known = watched.contains(&dir);
        if present && !known {
            match debouncer.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => watched.push(dir),
                Err(e) => crate::messages::warning(format_args!("cannot watch {}: {e}", dir.display())),
            }
        } else if !present && known {
            let _ = debouncer.unwatch(&dir);
            watched.retain(|w| w != &dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(site: &Path, rel: &str, text: &str) -> PathBuf {
        let p = site.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// A body edit reuses the grouping at once (provisional); `settle`
    /// regroups and, when an automatic keyword changed, rebuilds with it.
    #[test]
    fn body_edit_reuses_the_grouping_and_settle_corrects_it() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write(&site, "site.toml", "title = \"t\"\nbase_url = \"http://127.0.0.1:1/\"\n");
        for d in 1..=4 {
            write(
                &site,
                &format!("content/articles/2023/09/0{d}-a{d}.md"),
                &format!("+++\ntitle = \"خبر {d}\"\ndate = 2023-09-0{d}\ntags = [\"كوريا الشمالية\"]\n+++\n\nنص.\n"),
            );
        }
        let thin = write(
            &site,
            "content/articles/2023/09/05-b.md",
            "+++\ntitle = \"قمة\"\ndate = 2023-09-05\n+++\n\nنص قصير.\n",
        );
        let root = dir.path().join("out");
        let shared = Arc::new(Shared::new(root.clone()));
        let mut engine = Engine::new(&site, &root, "http://127.0.0.1:1/", shared);
        engine.rebuild(&[], false).unwrap();
        assert!(!engine.unsettled());
        let tags_of = |e: &Engine| {
            let s = e.last.as_ref().unwrap();
            let i = s.articles.iter().position(|a| a.path.ends_with("05-b.md")).unwrap();
            s.topics.article_tags[i].iter().map(|&t| s.topics.tags[t].name.clone()).collect::<Vec<_>>()
        };
        assert!(tags_of(&engine).is_empty());

        // The article now speaks of كوريا الشمالية three times: an automatic
        // keyword.
        std::fs::write(
            &thin,
            "+++\ntitle = \"قمة\"\ndate = 2023-09-05\n+++\n\nزار وفد كوريا الشمالية موسكو.\n\nوقالت كوريا الشمالية إن الزيارة ناجحة.\n\nوتعد كوريا الشمالية لزيارة أخرى.\n",
        )
        .unwrap();
        engine.rebuild(std::slice::from_ref(&thin), false).unwrap();
        assert!(engine.unsettled(), "a body edit serves the reused grouping first");
        let fresh = |e: &Engine| {
            let s = e.last.as_ref().unwrap();
            crate::topics::group(&s.articles, &s.config.topics)
        };
        assert_ne!(fresh(&engine), engine.last.as_ref().unwrap().topics, "the fixture must change the grouping");
        // An edit while the settle works: its result is of an older site
        // and is dropped; the edit is served without waiting for it.
        engine.settle();
        assert!(engine.settling());
        engine.rebuild(std::slice::from_ref(&thin), false).unwrap();
        engine.finish_settle(true);
        assert!(!engine.settling() && engine.unsettled(), "still to settle");
        assert!(tags_of(&engine).is_empty(), "the dropped grouping was not served");
        settle_fully(&mut engine);
        assert!(!engine.unsettled());
        assert_eq!(fresh(&engine), engine.last.as_ref().unwrap().topics);
        assert_eq!(tags_of(&engine), ["كوريا الشمالية"]);
        let page = std::fs::read_to_string(root.join("2023/09/b/index.html")).unwrap();
        assert!(page.contains("كوريا الشمالية"), "{page}");

        // A tag edit regroups at once.
        std::fs::write(&thin, "+++\ntitle = \"قمة\"\ndate = 2023-09-05\ntags = [\"روسيا\"]\n+++\n\nنص.\n").unwrap();
        engine.rebuild(std::slice::from_ref(&thin), false).unwrap();
        assert!(!engine.unsettled());
        assert_eq!(tags_of(&engine), ["روسيا"]);
    }

    /// A grouping that did not change is not served again, also when the
    /// published tag URLs differ from the ones a fresh grouping would give.
    #[test]
    fn a_settle_that_finds_the_same_grouping_rebuilds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write(&site, "site.toml", "title = \"t\"\nbase_url = \"http://127.0.0.1:1/\"\n");
        let record =
            format!("[tags.\"كوريا\"]\nspellings = [{:?}]\nlive = true\n", crate::arabic::key("كوريا الشمالية"));
        write(&site, crate::layout::URL_RECORD, &record);
        let mut files = Vec::new();
        for d in 1..=4 {
            files.push(write(
                &site,
                &format!("content/articles/2023/09/0{d}-a{d}.md"),
                &format!("+++\ntitle = \"خبر {d}\"\ndate = 2023-09-0{d}\ntags = [\"كوريا الشمالية\"]\n+++\n\nنص.\n"),
            ));
        }
        // An article without tags of its own: a body edit may change its
        // automatic ones, so the reused grouping waits for the settle.
        let thin =
            write(&site, "content/articles/2023/09/05-b.md", "+++\ntitle = \"قمة\"\ndate = 2023-09-05\n+++\n\nنص.\n");
        let root = dir.path().join("out");
        let shared = Arc::new(Shared::new(root.clone()));
        let mut engine = Engine::new(&site, &root, "http://127.0.0.1:1/", shared);
        engine.rebuild(&[], false).unwrap();
        assert!(root.join("tags/كوريا/index.html").exists(), "the published URL");
        std::fs::write(&thin, "+++\ntitle = \"قمة\"\ndate = 2023-09-05\n+++\n\nنص آخر.\n").unwrap();
        engine.rebuild(std::slice::from_ref(&thin), false).unwrap();
        assert!(engine.unsettled && !files.is_empty(), "the grouping waits for the settle");
        let slugs =
            |e: &Engine| e.last.as_ref().unwrap().topics.tags.iter().map(|t| t.slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(&engine), ["كوريا"], "an edit keeps the published URLs (the cache keeps the record)");
        let rebuilds = engine.rebuilds;
        settle_fully(&mut engine);
        assert!(!engine.unsettled());
        assert_eq!(engine.rebuilds, rebuilds, "the same grouping: nothing to rebuild");
        assert_eq!(slugs(&engine), ["كوريا"]);
    }

    /// What the watcher does when quiet, waiting for each settle: a fresh
    /// grouping first, then the search index of the site it gives.
    fn settle_fully(engine: &mut Engine) {
        for _ in 0..3 {
            engine.settle();
            engine.finish_settle(true);
        }
    }

    /// Every file under `root` (warraq's own folder aside) and its bytes.
    fn snapshot(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (crate::content::relative(root, e.path()), std::fs::read(e.path()).unwrap()))
            .filter(|(k, _)| !k.starts_with(".warraq"))
            .collect()
    }

    /// An edit is served at once with the last search index; `settle`
    /// brings the index up to date, writing only the files that changed.
    #[test]
    fn an_edit_reaches_the_search_index_when_the_watcher_is_quiet() {
        use crate::search::query::{Folder, Options, Searcher};
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write(&site, "site.toml", "title = \"t\"\nbase_url = \"http://127.0.0.1:1/\"\n");
        let mut files = Vec::new();
        for d in 1..=9 {
            files.push(write(
                &site,
                &format!("content/articles/2023/09/0{d}-a{d}.md"),
                &format!("+++\ntitle = \"خبر {d}\"\ndate = 2023-09-0{d}\n+++\n\nنص عن الاقتصاد رقم {d}.\n"),
            ));
        }
        let root = dir.path().join("out");
        let shared = Arc::new(Shared::new(root.clone()));
        let mut engine = Engine::new(&site, &root, "http://127.0.0.1:1/", shared);
        engine.rebuild(&[], false).unwrap();
        let found = |q: &str| {
            let s = Searcher::open(Folder(root.join("search"))).unwrap();
            s.search(q, &Options::default()).unwrap().total
        };
        assert_eq!(found("الاقتصاد"), 9);
        assert_eq!(found("القهوة"), 0);
        let before = snapshot(&root);
        std::fs::write(&files[4], "+++\ntitle = \"خبر 5\"\ndate = 2023-09-05\n+++\n\nنص عن القهوة.\n").unwrap();
        engine.rebuild(std::slice::from_ref(&files[4]), false).unwrap();
        assert!(engine.unsettled(), "the index waits for the watcher to be quiet");
        assert_eq!(found("القهوة"), 0, "the last index is served meanwhile");
        settle_fully(&mut engine);
        assert!(!engine.unsettled());
        assert_eq!(found("القهوة"), 1);
        assert_eq!(found("الاقتصاد"), 8);
        let after = snapshot(&root);
        let changed: Vec<&String> = after.iter().filter(|(k, v)| before.get(*k) != Some(v)).map(|(k, _)| k).collect();
        assert!(changed.iter().any(|k| k.starts_with("search/t/")), "{changed:?}");
        // The fifth article is document 4, in fragment file 2 (two a file).
        assert!(changed.contains(&&"search/f/0/2.json".to_string()), "the fragment of the edited article: {changed:?}");
        for other in ["search/f/0/0.json", "search/f/0/1.json", "search/f/0/3.json"] {
            assert!(!changed.contains(&&other.to_string()), "not the others: {changed:?}");
        }
    }

    #[test]
    fn ignores_editor_files_and_unrelated_paths() {
        let site = Path::new("/s");
        assert!(relevant(site, Path::new("/s/content/articles/2023/09/14-x.md")));
        assert!(relevant(site, Path::new("/s/content/inbox/001.txt")));
        assert!(relevant(site, Path::new("/s/templates/base.html")));
        assert!(relevant(site, Path::new("/s/site.toml")));
        assert!(!relevant(site, Path::new("/s/content/articles/.14-x.md.swp")));
        assert!(!relevant(site, Path::new("/s/content/articles/14-x.md~")));
        assert!(!relevant(site, Path::new("/s/content/articles/.#14-x.md")));
        assert!(!relevant(site, Path::new("/s/content/articles/4913")));
        assert!(!relevant(site, Path::new("/s/public/index.html")));
        assert!(!relevant(site, Path::new("/s/target/debug/warraq")));
        assert!(!relevant(site, Path::new("/s/.git/index")));
        assert!(!relevant(site, Path::new("/elsewhere/site.toml")));
    }
}
