//! `build` as a library function: ingest, load, group, render, write.
//!
//! `prepare_with` is the one path from a site folder to a site ready to
//! render, and stops before any output is written. `build` and `check` call
//! it through `prepare` (check does not ingest, so it sees the articles
//! already ingested); the preview server calls it with a `Loader` that reads
//! through its content cache and reuses its last grouping (serve/watch.rs).

use crate::cache::memo::Memo;
use crate::config::Config;
use crate::content;
use crate::error::Error;
use crate::output::{Plan, Staging, Written};
use crate::render::{Job, Renderer, Site};
use crate::theme::Theme;
use crate::timings::Clock;
use crate::topics::Topics;
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What a build is asked for (`build`, `check` and `serve` each fill it
/// in); the default is a production build into `public/` without ingest.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output directory; `public/` in the site when `None`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of site.toml (deploy previews, CI).
    pub base_url: Option<String>,
    /// Render drafts and undated articles too.
    pub drafts: bool,
    /// Ingest new inbox files first.
    pub ingest: bool,
    /// The build cache's folder (`crate::cache`); `None` renders every page.
    pub cache: Option<PathBuf>,
    /// Take the output to be as the last build with the cache left it,
    /// when its seal says so (`output::seal`): its files are not looked at.
    pub trust_output: bool,
}

/// A site loaded and grouped, ready to render.
pub struct Prepared {
    /// The site model every later stage reads.
    pub site: Site,
    /// The default theme overlaid by the site's `templates/` and `static/`.
    pub theme: Theme,
    /// Problems that did not stop loading (undated articles, slug clashes,
    /// menu entries): printed by `build`, reported by `check`.
    pub warnings: Vec<Error>,
    /// Ingest results, when ingest ran.
    pub ingest: Vec<crate::ingest::FileReport>,
    /// Draft articles in the content (rendered only with `--drafts`).
    pub drafts: usize,
}

/// What a finished build did.
#[derive(Debug)]
pub struct BuildSummary {
    /// The output folder written.
    pub output: PathBuf,
    /// HTML pages among the files written or left unchanged.
    pub pages: usize,
    /// Articles published (drafts only with `--drafts`).
    pub articles: usize,
    /// Tags of the published articles.
    pub tags: usize,
    /// Draft articles in the content (rendered only with `--drafts`).
    pub drafts: usize,
    /// Output files whose bytes changed (staged and renamed in).
    pub written: usize,
    /// Output files already holding the same bytes, left untouched.
    pub unchanged: usize,
    /// Files (pages and search fragment files) not rendered at all: the
    /// build cache showed that neither they nor anything they show changed
    /// (`crate::cache`). Left untouched too.
    pub cached: usize,
    /// With `trust_output`: whether the output's seal allowed it (else each
    /// file was looked at).
    pub output_trusted: Option<bool>,
    /// Wall-clock time of the whole build, for the summary line.
    pub elapsed: Duration,
    /// Everything that did not stop the build, each naming its file.
    pub warnings: Vec<Error>,
    /// Ingest results, when ingest ran.
    pub ingest: Vec<crate::ingest::FileReport>,
}

/// How `prepare` reads the content and groups it. A build reads every file
/// and groups from scratch (`Fresh`); the preview server reads through its
/// cache and reuses its last grouping when an edit leaves the grouping's
/// inputs alone (serve/watch.rs). Everything else is the same code.
pub trait Loader: Send {
    /// Reads the site's content (`content::load` unless overridden).
    fn load(&mut self, site_dir: &Path) -> Result<content::Content, Vec<Error>> {
        content::load(site_dir)
    }
    /// Groups articles into topics (`topics::group` unless overridden).
    fn group(&mut self, articles: &[content::Article], config: &crate::config::TopicsConfig) -> Topics {
        crate::topics::group(articles, config)
    }
}

/// Everything read and grouped anew: `build` and `check`.
pub struct Fresh;

impl Loader for Fresh {}

/// The build cache's parts taken where their inputs are as they were: a
/// large archive's folders of articles as loaded, and the grouping's
/// reading of the articles it read before (`build` with a cache).
struct WithCache<'m>(&'m Memo);

impl Loader for WithCache<'_> {
    fn load(&mut self, site_dir: &Path) -> Result<content::Content, Vec<Error>> {
        content::load_with(site_dir, Some(self.0))
    }
    fn group(&mut self, articles: &[content::Article], config: &crate::config::TopicsConfig) -> Topics {
        crate::topics::group_with(articles, config, Some(self.0))
    }
}

/// Loads config and content and groups topics. Errors are every problem
/// found, each naming its file.
pub fn prepare(site_dir: &Path, opts: &BuildOptions) -> Result<Prepared, Vec<Error>> {
    prepare_with(site_dir, opts, &mut Fresh, &mut Clock::new())
}

/// `prepare`, reading and grouping through `loader` and timing its stages
/// on `clock`: the one path from a site folder to a site ready to render.
pub fn prepare_with(
    site_dir: &Path,
    opts: &BuildOptions,
    loader: &mut dyn Loader,
    clock: &mut Clock,
) -> Result<Prepared, Vec<Error>> {
    let mut config = Config::load(site_dir)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url)?;
    }
    let ingest = if opts.ingest {
        let ingest_opts = crate::ingest::Options { dry_run: false, force: false, today: crate::date::today() };
        crate::ingest::run(site_dir, &config, &[], &ingest_opts)
    } else {
        Vec::new()
    };
    clock.lap("config+ingest");
    let content = loader.load(site_dir)?;
    clock.lap("load");
    let drafts = content.articles.iter().filter(|a| a.draft).count();
    let (site, mut warnings) =
        Site::with_topics(config, content, opts.drafts, |articles, cfg| loader.group(articles, cfg));
    clock.lap("site+topics");
    let theme = Theme::load(site_dir)?;
    warnings.extend(theme.list_page_warnings());
    clock.lap("theme");
    Ok(Prepared { site, theme, warnings, ingest, drafts })
}

/// Builds the site: prepare, render every page in parallel, stage the files
/// whose bytes changed, then rename them in (see `output`). On error nothing
/// of the previous output is touched.
pub fn build(
    site_dir: &Path,
    opts: &BuildOptions,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<BuildSummary, Vec<Error>> {
    let started = Instant::now();
    let mut clock = Clock::new();
    let out_dir = opts.output.clone().unwrap_or_else(|| default_output(site_dir));
    check_output_location(site_dir, &out_dir)?;
    // (A site folder that does not exist gets its error from loading site.toml.)
    let _lock = match site_dir.is_dir() {
        true => Some(crate::lock::site(site_dir)?),
        false => None,
    };
    // The parts of the cache (the grouping's and the search index's
    // reading of the texts), taken and kept by both, swept once at the end.
    let memo = opts.cache.as_deref().map(|dir| Memo::new(dir, crate::cache::binary_key()));
    let prepared = match &memo {
        Some(memo) => prepare_with(site_dir, opts, &mut WithCache(memo), &mut clock)?,
        None => prepare_with(site_dir, opts, &mut Fresh, &mut clock)?,
    };
    // Each stage's transient given back before the next (see
    // `memory::give_back_freed`): resident memory is what a runner has.
    crate::memory::give_back_freed();
    let mut cache = opts.cache.as_deref().map(|dir| crate::cache::Cache::open(dir, &out_dir));
    let index = std::sync::Arc::new(crate::search::build_with(&prepared.site, memo.as_ref()));
    crate::memory::give_back_freed();
    clock.lap("search index");
    let renderer = Renderer::with_index(&prepared.site, &prepared.theme, index)?;
    clock.lap("renderer");
    let last_pages = cache.as_mut().map(|c| &mut c.pages);
    let trust = opts.trust_output;
    let outcome = write_all(&renderer, &out_dir, progress, last_pages, trust)?;
    clock.lap("render+write+swap");
    if !opts.drafts {
        // What this build published, for the next one to keep the URLs.
        let site = &prepared.site;
        site.url_record().write_if_changed(site_dir)?;
    }
    clock.lap("URL record");
    renderer.drop_in_background();
    let site = &prepared.site;
    let mut warnings = prepared.warnings;
    if let Some(opened) = cache {
        warnings.extend(opened.warning);
        if let Some(pages) = &outcome.pages_now {
            // Sealed as the cache now describes it, while still locked; of
            // note only to a build that trusts it.
            match opened.cache.save(pages) {
                Ok(checksum) => {
                    let failed = outcome.output.seal(checksum).err().filter(|_| opts.trust_output);
                    warnings.extend(failed.map(|e| Error {
                        message: format!(
                            "the output could not be sealed ({}): the next build with --trust-output looks at each file",
                            e.message
                        ),
                        ..e
                    }));
                }
                Err(e) => warnings.push(e),
            }
        }
        crate::background::drop_in_background((opened.pages, outcome.pages_now));
    }
    if let Some(memo) = memo {
        memo.sweep();
        warnings.extend(memo.failure());
    }
    warnings.extend(site.content_warnings());
    let summary = BuildSummary {
        output: out_dir,
        pages: outcome.pages,
        articles: site.articles.len(),
        tags: site.topics.tags.len(),
        drafts: prepared.drafts,
        written: outcome.written,
        unchanged: outcome.unchanged,
        cached: outcome.cached,
        output_trusted: outcome.trusted,
        elapsed: started.elapsed(),
        warnings,
        ingest: prepared.ingest,
    };
    crate::background::drop_in_background((prepared.site, prepared.theme));
    clock.report();
    Ok(summary)
}

/// `public/` of the site; plain `public` for the current directory, so
/// messages read `public`, not `./public`.
pub fn default_output(site_dir: &Path) -> PathBuf {
    if site_dir == Path::new(".") {
        PathBuf::from(crate::layout::OUTPUT_DIR)
    } else {
        site_dir.join(crate::layout::OUTPUT_DIR)
    }
}

/// What `write_all` did.
pub struct Outcome {
    /// Files whose bytes changed (staged and renamed in).
    pub written: usize,
    /// Files rendered to the bytes they already held, left untouched.
    pub unchanged: usize,
    /// Files (pages and search fragment files) not rendered: the build
    /// cache vouched for them.
    pub cached: usize,
    /// HTML pages of the site (rendered or not).
    pub pages: usize,
    /// The stamps of the pages as they now are, for the build cache (when
    /// the build has one).
    pub pages_now: Option<crate::cache::Pages>,
    /// When asked to trust the output: whether its seal allowed it.
    pub trusted: Option<bool>,
    /// The output, committed and still locked, to seal once the cache that
    /// describes it is saved.
    pub output: crate::output::Committed,
}

/// Renders every job and stages it, but for the pages the build cache
/// `last` vouches for (`cache::Pages::still_holds`), which are left as they
/// are; with `trust`, it vouches without looking at the files when the
/// output's seal is its own (`output::seal`). Two jobs that would write one
/// file stop the build before it writes.
pub fn write_all(
    renderer: &Renderer<'_>,
    out_dir: &Path,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
    mut last: Option<&mut crate::cache::Pages>,
    trust: bool,
) -> Result<Outcome, Vec<Error>> {
    // Stage times of the writing itself, with WARRAQ_TIMINGS.
    let mut clock = Clock::new();
    let jobs = renderer.jobs();
    let paths: Vec<String> = jobs.iter().map(|j| renderer.path_of(j)).collect();
    let clashes = renderer.clashes(&jobs, &paths);
    if !clashes.is_empty() {
        return Err(clashes.into_iter().map(|c| c.to_error(out_dir)).collect());
    }
    let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    let paths: std::sync::Arc<[String]> = paths.into();
    let staging = Staging::begin(out_dir, Plan::Exactly(std::sync::Arc::clone(&paths)))?;
    // Read under the output's lock: no other build changes it meanwhile.
    let trusted = match (trust, last.as_deref_mut()) {
        (true, Some(last)) => {
            let seal = staging.locked().then(|| crate::output::seal::read(out_dir)).flatten();
            Some(last.trust_output(seal))
        }
        _ => None,
    };
    let last = last.as_deref();
    clock.lap("write: jobs and paths");
    let digests: Vec<Option<u64>> = match last {
        Some(_) => jobs.par_iter().zip(&paths[..]).map(|(job, path)| renderer.page_digest(job, path)).collect(),
        None => Vec::new(),
    };
    // A look at each file's stamp: on a disk, not in the page cache.
    let kept: Vec<bool> = match last {
        Some(last) if last.digests_current() => crate::disk::parallel(|| {
            digests
                .par_iter()
                .zip(&paths[..])
                .map(|(digest, path)| digest.is_some_and(|d| last.still_holds(out_dir, path, d)))
                .collect()
        }),
        _ => vec![false; jobs.len()],
    };
    let rendered: Vec<usize> = (0..jobs.len()).filter(|&k| !kept[k]).collect();
    // Copies of the jobs and paths to render only when some are not.
    let (to_render, to_paths): (Cow<[Job]>, Cow<[String]>) = match rendered.len() == jobs.len() {
        true => (Cow::Borrowed(&jobs), Cow::Borrowed(&paths)),
        false => {
            (rendered.iter().map(|&k| jobs[k].clone()).collect(), rendered.iter().map(|&k| paths[k].clone()).collect())
        }
    };
    let cached = jobs.len() - to_render.len();
    clock.lap("write: digests");
    // Made together when most pages are rendered (see `make_entries`);
    // otherwise each when a page first shows it.
    if to_render.len() * 2 > jobs.len() {
        renderer.make_entries();
    }
    clock.lap("write: list entries");
    let (unchanged, rendered_files) = stage_jobs_known(renderer, &to_render, &to_paths, &staging, progress, last)?;
    clock.lap("write: render and stage");
    // A body that could not be read back (from the body file, or from its
    // own file, edited since it was loaded) was rendered empty: nothing of
    // this build may be published.
    if let Some(failure) = crate::content::body::failure(&renderer.site.articles) {
        return Err(vec![Error::new(format!("nothing was published: {failure}"))]);
    }
    let output = staging.commit()?;
    clock.lap("write: commit");
    let pages_now = last.map(|last| {
        let mut files = vec![None; jobs.len()];
        for (&k, file) in rendered.iter().zip(rendered_files) {
            files[k] = file;
        }
        pages_now(&paths, &digests, &files, &kept, last)
    });
    clock.lap("write: cache record");
    clock.report();
    Ok(Outcome { written: to_render.len() - unchanged, unchanged, cached, pages, pages_now, trusted, output })
}

/// What a build with a cache learned of a file it rendered.
#[derive(Debug, Clone, Copy)]
struct RenderedFile {
    /// The digest of the bytes it rendered to.
    bytes: u64,
    /// Where the file's stamp comes from.
    stamp: StampFrom,
}

/// Where the stamp of a file a build rendered comes from.
#[derive(Debug, Clone, Copy)]
enum StampFrom {
    /// The cache vouched that the file held those bytes already: it was
    /// left as it was, and its stamp is the recorded one.
    Record,
    /// The file as it was written, or found to hold those bytes, described
    /// by the open file then (`output::Staging::write_seen`); `None` when
    /// it could not be (a file warraq did not write: the commit refuses it).
    Write(Option<crate::cache::Seen>),
}

/// The build cache's record of the pages as this build left them: a kept
/// page as it was recorded, a rendered one with its page digest (or, for a
/// file without one, its bytes' digest) and the digest of the bytes it
/// rendered to, and its file's stamp (the recorded one when the cache
/// vouched for the file: a build after a warraq upgrade renders every
/// file and would otherwise look at each twice; else as the file was
/// described when it was written).
fn pages_now(
    paths: &[String],
    digests: &[Option<u64>],
    files: &[Option<RenderedFile>],
    kept: &[bool],
    last: &crate::cache::Pages,
) -> crate::cache::Pages {
    let stamps: Vec<Option<crate::cache::Stamp>> = (0..paths.len())
        .into_par_iter()
        .map(|k| match kept[k] {
            true => last.get(&paths[k]),
            false => {
                let file = files[k]?;
                let digest = digests[k].unwrap_or(file.bytes);
                match file.stamp {
                    StampFrom::Record => last.get(&paths[k]).map(|s| crate::cache::Stamp { digest, ..s }),
                    StampFrom::Write(seen) => seen.map(|seen| crate::cache::Stamp::new(digest, file.bytes, seen)),
                }
            }
        })
        .collect();
    let mut now = crate::cache::Pages::default();
    for (path, stamp) in paths.iter().zip(stamps) {
        if let Some(stamp) = stamp {
            now.insert(path, stamp);
        }
    }
    now
}

/// Refuses an output folder that would take the site's own files with it:
/// the site folder itself, a folder holding it, or a folder inside its
/// content, templates or static files (the next build would read its own
/// output back in).
pub fn check_output_location(site_dir: &Path, out_dir: &Path) -> Result<(), Error> {
    let (Some(site), Some(out)) = (resolved(site_dir), resolved(out_dir)) else { return Ok(()) };
    let inputs = [crate::layout::CONTENT_DIR, crate::layout::TEMPLATES_DIR, crate::layout::STATIC_DIR];
    let problem = if site.starts_with(&out) {
        Some("is the site folder or holds it".to_string())
    } else {
        inputs.iter().find(|d| out.starts_with(site.join(d))).map(|d| format!("is inside the site's {d}/ folder"))
    };
    match problem {
        Some(p) => Err(Error::at(
            out_dir,
            format!("cannot be the output: it {p}, whose files a build must never replace; choose another --output"),
        )),
        None => Ok(()),
    }
}

/// `path` made absolute with symlinks resolved, also when its last parts do
/// not exist yet.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return Some(rest.iter().rev().fold(real, |p, part| p.join(part)));
        }
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
}

/// Runs `f` with this thread's render buffer, empty, kept for the next job
/// (`memory::with_kept_buffer`), so the render stage needs no rule about
/// rayon.
pub(crate) fn with_render_buffer<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    thread_local! {
        static BUFFER: crate::memory::KeptBuffer = const { std::cell::RefCell::new(Vec::new()) };
    }
    crate::memory::with_kept_buffer(&BUFFER, f)
}

/// Renders `jobs` in parallel into `staging`; returns how many files were
/// unchanged. Each thread renders into one buffer it keeps (see
/// [`with_render_buffer`]).
pub fn stage_jobs(
    renderer: &Renderer<'_>,
    jobs: &[Job],
    paths: &[String],
    staging: &Staging,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<usize, Error> {
    Ok(stage_jobs_known(renderer, jobs, paths, staging, progress, None)?.0)
}

/// `stage_jobs` for a build with a cache (`last`, the last build's
/// stamps, maybe none): also returns what the cache learned of each file
/// rendered, and a file the cache shows to hold those bytes already is
/// not read back to compare. (At 100,000 articles some 57,000 feeds and
/// search files are rendered on every build, and reading each back cost
/// more than rendering it; the first build after a warraq upgrade renders
/// every page, and at a million articles read 30 GB back.)
fn stage_jobs_known(
    renderer: &Renderer<'_>,
    jobs: &[Job],
    paths: &[String],
    staging: &Staging,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
    known: Option<&crate::cache::Pages>,
) -> Result<(usize, Vec<Option<RenderedFile>>), Error> {
    // Large jobs first: started last, one would keep a core busy while the
    // others had nothing left to do.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&k| !jobs[k].is_large());
    let done = AtomicUsize::new(0);
    let unchanged = AtomicUsize::new(0);
    let files = order
        .par_iter()
        .map(|&k| -> Result<(usize, Option<RenderedFile>), Error> {
            let (job, path) = (&jobs[k], paths[k].as_str());
            let (status, file) = with_render_buffer(|buffer| -> Result<_, Error> {
                let source = renderer.render_into(job, path, buffer)?;
                let Some(last) = known else {
                    let status = match source {
                        Some(src) => staging.copy(path, &src)?,
                        None => staging.write(path, buffer)?,
                    };
                    return Ok((status, None));
                };
                if let Some(src) = source {
                    *buffer = std::fs::read(&src).map_err(|e| Error::io(&src, e))?;
                }
                let hash = crate::hash::wide_hash(buffer);
                if last.holds_bytes(staging.out_dir(), path, hash) {
                    return Ok((Written::Unchanged, Some(RenderedFile { bytes: hash, stamp: StampFrom::Record })));
                }
                let (written, meta) = staging.write_seen(path, buffer)?;
                let stamp = StampFrom::Write(meta.as_ref().and_then(crate::cache::Seen::of));
                Ok((written, Some(RenderedFile { bytes: hash, stamp })))
            })?;
            if status == Written::Unchanged {
                unchanged.fetch_add(1, Ordering::Relaxed);
            }
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(p) = progress {
                p(n, jobs.len());
            }
            Ok((k, file))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let mut by_job = vec![None; jobs.len()];
    for (k, file) in files {
        by_job[k] = file;
    }
    Ok((unchanged.into_inner(), by_job))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_job_may_use_rayon_itself() {
        // One thread: the inner parallel loop runs its items on the thread
        // that holds the buffer, as work stealing does under load.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let lengths: Vec<usize> = pool.install(|| {
            with_render_buffer(|outer| {
                outer.extend_from_slice(b"outer");
                let inner: Vec<usize> = (1..=3usize)
                    .into_par_iter()
                    .map(|n| {
                        with_render_buffer(|b| {
                            b.extend(std::iter::repeat_n(b'x', n));
                            b.len()
                        })
                    })
                    .collect();
                assert_eq!(outer, b"outer", "the job's own buffer is left alone");
                inner
            })
        });
        assert_eq!(lengths, [1, 2, 3]);
        with_render_buffer(|b| assert!(b.is_empty(), "a kept buffer starts empty"));
    }
}
