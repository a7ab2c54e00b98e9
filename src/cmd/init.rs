//! `warraq init DIR`: a new site that builds at once.

use crate::error::{Error, Result};
use crate::theme;
use std::fs;
use std::path::{Path, PathBuf};

/// `warraq init`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to create the site in (created if missing; must be empty).
    pub dir: PathBuf,
    /// Site title written to site.toml.
    #[arg(long, default_value = "أرشيف الأخبار")]
    pub title: String,
}

/// Runs `warraq init`: writes site.toml, the content folders and the default theme into a new or empty folder.
pub fn run(args: Args) -> Result<i32> {
    let dir = &args.dir;
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::at(dir, "is not empty: choose a new directory so nothing in it is overwritten"));
        }
    }
    let title = toml::Value::String(args.title.clone());
    let config = format!(
        "# warraq site configuration; every key is documented in README.md.\n\
         title = {title}\n\
         description = \"\"\n\
         base_url = \"http://127.0.0.1:1111/\"\n\
         language = \"ar\"\n\
         author = \"\"\n\
         per_page = 10\n\
         feed_size = 20\n\
         \n\
         [dates]\n\
         digits = \"latin\"        # or \"arabic-indic\"\n\
         months = \"egyptian\"     # or \"levantine\", \"both\"\n\
         \n\
         [ingest]\n\
         undated = \"draft\"       # or \"ingest-date\"\n"
    );
    write_new(&dir.join(crate::layout::CONFIG_FILE), config.as_bytes())?;
    for sub in ["content/inbox", "content/articles"] {
        fs::create_dir_all(dir.join(sub)).map_err(|e| Error::io(dir.join(sub), e))?;
    }
    write_new(&dir.join("content/inbox/.keep"), b"")?;
    write_new(&dir.join("content/articles/.keep"), b"")?;
    write_new(&dir.join(".gitignore"), b"/public\n/.warraq-cache\n")?;
    for (name, bytes) in theme::default_templates() {
        write_new(&dir.join(crate::layout::TEMPLATES_DIR).join(name), bytes)?;
    }
    for (name, bytes) in theme::default_static() {
        write_new(&dir.join(crate::layout::STATIC_DIR).join(name), bytes)?;
    }
    crate::outln!("created a new site in {}", dir.display());
    crate::outln!(
        "next: drop raw articles into {}/content/inbox/ and run `warraq build --site {}`",
        dir.display(),
        dir.display()
    );
    Ok(0)
}

/// Writes a file that must not exist yet (never overwrites one).
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    crate::content::create_new(path, bytes).map_err(|e| Error::io(path, e))
}
