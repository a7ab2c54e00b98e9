//! What a build says about the site's own files that it still builds:
//! front matter keys it does not know, characters it left out.

use super::Site;
use crate::error::Error;

impl Site {
    /// The warnings every build prints about the articles and pages (`check`
    /// finds the same things itself, with more context).
    pub fn content_warnings(&self) -> Vec<Error> {
        let mut warnings = unknown_key_warnings(self);
        warnings.extend(forbidden_character_warnings(self));
        warnings
    }
}

/// Front matter keys warraq does not know are ignored, which hides typos
/// (`darft = true`): say so on every build. (`check` reports them itself.)
fn unknown_key_warnings(site: &Site) -> Vec<Error> {
    site.articles
        .iter()
        .flat_map(|a| {
            a.unknown_keys().iter().map(|(key, line)| {
                Error::at_line(
                    &a.path,
                    *line,
                    format!(
                        "unknown front matter key `{key}` is ignored (known: {})",
                        crate::content::frontmatter::KNOWN_KEYS
                    ),
                )
            })
        })
        .collect()
}

/// Characters HTML and XML forbid were left out of the pages: say which
/// files hold them, so an editor can clean them up.
fn forbidden_character_warnings(site: &Site) -> Vec<Error> {
    let articles = site.articles.iter().map(|a| (&a.path, a.forbidden()));
    articles
        .chain(site.pages.iter().map(|p| (&p.path, p.forbidden.as_ref())))
        .filter_map(|(path, f)| f.map(|f| Error::at_line(path, f.line, f.message())))
        .collect()
}
