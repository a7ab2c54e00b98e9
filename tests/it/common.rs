//! Helpers for integration tests: a temporary site and the built binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// The repository root (the sample site).
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built binary on `site` with plain output (no colour, no CI
/// environment), returning what `std::process::Command` gives.
pub(crate) fn warraq(site: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_warraq"))
        .arg("--site")
        .arg(site)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run warraq")
}

/// A site in a temporary directory (removed when dropped).
pub(crate) struct Site {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub(crate) struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Panics with both streams unless the exit status is `code`.
    pub(crate) fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit status\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// The stdout lines parsed as JSON Lines.
    pub(crate) fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }
}

impl Site {
    /// A site with a minimal `site.toml`.
    pub(crate) fn new() -> Site {
        Site::with_config("title = \"أرشيف\"\n")
    }

    /// A site with the given `site.toml`.
    pub(crate) fn with_config(site_toml: &str) -> Site {
        let site = Site { dir: tempfile::tempdir().expect("temporary directory") };
        site.write("site.toml", site_toml);
        site
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (creating directories).
    pub(crate) fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub(crate) fn read_bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.join(rel).exists()
    }

    /// Files under `rel_dir`, relative to the site, `/`-separated, sorted.
    pub(crate) fn files(&self, rel_dir: &str) -> Vec<String> {
        let root = self.join(rel_dir);
        if !root.exists() {
            return Vec::new();
        }
        let mut out: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(self.path()).unwrap();
                rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
            })
            .collect();
        out.sort();
        out
    }

    /// Bytes and modification time of every file under `rel_dir`, to prove
    /// that a run changed nothing.
    pub(crate) fn snapshot(&self, rel_dir: &str) -> Vec<(String, Vec<u8>, SystemTime)> {
        self.files(rel_dir)
            .into_iter()
            .map(|f| {
                let meta = std::fs::metadata(self.join(&f)).unwrap();
                let bytes = self.read_bytes(&f);
                (f, bytes, meta.modified().unwrap())
            })
            .collect()
    }

    /// Copies the files directly in `src` into `rel_dir` of the site (e.g.
    /// the repository's seeds into `content/inbox`).
    pub(crate) fn copy_files(&self, src: &Path, rel_dir: &str) {
        std::fs::create_dir_all(self.join(rel_dir)).unwrap();
        for entry in std::fs::read_dir(src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), self.join(rel_dir).join(entry.file_name())).unwrap();
            }
        }
    }

    /// Runs `warraq --site DIR ARGS…` (SOURCE_DATE_EPOCH removed from the environment).
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    /// Runs the binary with extra environment variables.
    pub(crate) fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_warraq"));
        cmd.arg("--site").arg(self.path()).args(args).env_remove("SOURCE_DATE_EPOCH");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run warraq");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Copies the folder `from` into `to`, recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// One headless Chromium at a time: the integration tests are one binary
/// whose tests run in parallel, and two browsers at once on a loaded
/// 2-core machine can make a page miss its waits.
pub(crate) fn one_browser() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Headless Chromium (`CHROME_PATH`, or `chromium`, `chromium-browser`,
/// `google-chrome` on the PATH), or `None` after saying why a test cannot
/// run. With `WARRAQ_REQUIRE_BROWSER` set (as `.ci/run` does once it has
/// installed one), a missing browser fails the test instead.
pub(crate) fn chromium() -> Option<String> {
    let candidates = std::env::var("CHROME_PATH")
        .into_iter()
        .chain(["chromium", "chromium-browser", "google-chrome"].map(String::from));
    for c in candidates {
        if Command::new(&c).arg("--version").output().is_ok_and(|o| o.status.success()) {
            return Some(c);
        }
    }
    if std::env::var_os("WARRAQ_REQUIRE_BROWSER").is_some() {
        panic!("Chromium is not installed, and WARRAQ_REQUIRE_BROWSER is set: install it (apt-get install chromium) or set CHROME_PATH");
    }
    eprintln!(
        "SKIPPED: no Chromium (CHROME_PATH, chromium, chromium-browser, google-chrome): this test needs a browser"
    );
    None
}

/// The modification time of every file under `dir`, by path: equal before
/// and after a run when the run touched no file.
pub(crate) fn snapshot_times(dir: &Path) -> std::collections::BTreeMap<PathBuf, SystemTime> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), e.metadata().unwrap().modified().unwrap()))
        .collect()
}
