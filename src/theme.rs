//! The default theme embedded in the binary, overlaid by a site's own
//! `templates/` and `static/` files, file by file: a site overrides only
//! what it changes and keeps getting fixes to the rest.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "article.html",
    "tags.html",
    "tag.html",
    "archive.html",
    "page.html",
    "404.html",
    "search.html",
    "robots.txt",
];

/// Embedded default templates: (name, source).
pub fn default_templates() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::TEMPLATES.iter().copied()
}

/// Embedded default static files: (path under static/, bytes).
pub fn default_static() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::STATIC.iter().copied()
}

/// Where a template or static file comes from; errors name this origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The default theme, embedded in the binary.
    BuiltIn,
    /// The site's own file (`templates/x.html`, as messages show it).
    Site(PathBuf),
}

/// A template's text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The MiniJinja source.
    pub source: String,
    /// Named by template errors.
    pub origin: Origin,
}

/// A static file's bytes: embedded, or read when it is copied (a site's
/// images can be large, so they are not held in memory).
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// A default theme file, embedded in the binary.
    Embedded(&'static [u8]),
    /// A file of the site's `static/`, by its full path.
    File(PathBuf),
}

/// The theme a site builds with.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (its path under `templates/`, `/`-separated) -> source.
    pub templates: BTreeMap<String, TemplateSource>,
    /// Output path (relative, `/`-separated) -> where its bytes come from.
    pub static_files: BTreeMap<String, StaticSource>,
}

impl Theme {
    /// The embedded theme overlaid with the site's `templates/` and `static/`.
    pub fn load(site_dir: &Path) -> Result<Theme> {
        let mut theme = Theme::default();
        for (name, bytes) in default_templates() {
            let source = String::from_utf8(bytes.to_vec()).expect("embedded templates are UTF-8");
            theme.templates.insert(name.to_string(), TemplateSource { source, origin: Origin::BuiltIn });
        }
        for (name, bytes) in default_static() {
            theme.static_files.insert(name.to_string(), StaticSource::Embedded(bytes));
        }
        for (rel, path) in list_files(&site_dir.join(crate::layout::TEMPLATES_DIR))? {
            let shown = Path::new(crate::layout::TEMPLATES_DIR).join(&rel);
            let source = std::fs::read_to_string(&path).map_err(|e| Error::io(&shown, e))?;
            theme.templates.insert(rel, TemplateSource { source, origin: Origin::Site(shown) });
        }
        for (rel, path) in list_files(&site_dir.join(crate::layout::STATIC_DIR))? {
            theme.static_files.insert(rel, StaticSource::File(path));
        }
        Ok(theme)
    }

    /// Warnings about a site's own templates written for lists paginated
    /// from the newest end, as warraq's were before tags', writers',
    /// papers' and archives' lists were counted from the oldest
    /// (`site::pages`): `paginator.total > 1` hides their page links (they
    /// have no total), and `paginator.current > 1` in a list's template
    /// takes `page/1/` (their oldest page) for the front page. A site made
    /// by `warraq init` has a copy of every default template, so without a
    /// word its numbered pages would lose their links on upgrading.
    pub fn list_page_warnings(&self) -> Vec<Error> {
        const LISTS: [&str; 4] = ["pagination.html", "tag.html", "group.html", "archive.html"];
        let mut warnings = Vec::new();
        for name in LISTS {
            let Some(TemplateSource { source, origin: Origin::Site(path) }) = self.templates.get(name) else {
                continue;
            };
            for (n, line) in source.lines().enumerate() {
                let why = if line.contains("paginator.total > 1") {
                    "`paginator.total` is given on the home list only: the lists of tags, writers, papers and \
                     archives count their pages from the oldest and have no total, so this test hides their page \
                     links; test `paginator.pages|length > 1` instead"
                } else if name != "pagination.html" && line.contains("paginator.current > 1") {
                    "on the lists of tags, writers, papers and archives, pages are counted from the oldest and \
                     `paginator.current` is 0 on the front page and 1 on `page/1/`, the oldest: test `not \
                     paginator.front` instead"
                } else {
                    continue;
                };
                warnings.push(Error::at_line(
                    path,
                    n + 1,
                    format!("{why} (README.md, \"Themes\"; the default templates show the rest)"),
                ));
            }
        }
        warnings
    }

    /// The path to show for a template in messages.
    pub fn template_path(&self, name: &str) -> String {
        match self.templates.get(name).map(|t| &t.origin) {
            Some(Origin::Site(p)) => p.display().to_string(),
            _ => format!("templates/{name} (built-in)"),
        }
    }
}

/// Files under `dir` (recursively, hidden ones skipped, symlinks followed
/// as everywhere in a site), sorted, as (relative `/` path, full path). A
/// missing directory is empty.
fn list_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let site_dir = dir.parent().unwrap_or(dir);
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| crate::content::walk_error(site_dir, &e))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = crate::content::relative(dir, entry.path());
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        out.push((rel, entry.into_path()));
    }
    Ok(out)
}
