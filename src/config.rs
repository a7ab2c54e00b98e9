//! `site.toml`: the site's configuration.
//!
//! Every key has a default so a file with only `title` works. Unknown keys
//! are errors naming the key and line: a misspelt `per_pgae` silently ignored
//! would cost an editor an afternoon.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Everything `site.toml` says, defaults filled in and values checked.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Site name, shown in the header and feeds.
    pub title: String,
    /// One-line description for the home page and feed subtitle.
    pub description: String,
    /// Absolute URL the site is served from; feeds, sitemap and canonical
    /// links need it. A path part (`https://x.org/archive/`) is honoured.
    pub base_url: String,
    /// Language code of the pages (`lang` attribute, `xml:lang` in feeds).
    pub language: String,
    /// Author named in feeds.
    pub author: String,
    /// An image for link previews and the publisher's logo: a path of the
    /// site (`/logo.png`, from `static/`) or an absolute URL.
    pub image: String,
    /// Articles per page on the home page and tag pages.
    pub per_page: usize,
    /// Pages of the home list: it shows the newest `per_page × home_pages`
    /// articles and its last page leads on to the archive by date, which
    /// lists every article. `0` paginates the whole archive on the home
    /// list. Bounded because the list is newest first: each new article
    /// moves every one of its pages, and at a million articles that would
    /// be 100,000 pages rewritten (and uploaded) per new article.
    pub home_pages: usize,
    /// Articles per page of the year, month and day archives (compact
    /// lists: a year of a daily paper is thousands of articles).
    pub archive_per_page: usize,
    /// Entries in each Atom feed.
    pub feed_size: usize,
    /// Pass raw HTML in Markdown through instead of escaping it. Off by
    /// default: content comes from scraped sources.
    pub allow_raw_html: bool,
    /// `[dates]`: how dates are written on pages.
    pub dates: DatesConfig,
    /// `[ingest]`: how raw inbox files are converted.
    pub ingest: IngestConfig,
    /// `[topics]`: how articles are grouped into tags.
    pub topics: TopicsConfig,
    /// `[search]`: the archive's search page and index.
    pub search: SearchConfig,
    /// The site menu (`[[menu]]`); when absent, every standalone page.
    pub menu: Option<Vec<MenuEntry>>,
}

/// One link of the site menu: `[[menu]]` with `name` and either `page` (a
/// standalone page, by file name: `about` for `content/about.md`) or `url`
/// (a path of the site such as `/tags/`, or an absolute URL).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    /// The link text.
    pub name: String,
    /// A standalone page by file name (or slug); a page that is not
    /// published leaves the entry out, with a warning. Wins over `url`.
    #[serde(default)]
    pub page: Option<String>,
    /// A path of the site (put under the base path) or an absolute URL.
    #[serde(default)]
    pub url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "warraq".into(),
            description: String::new(),
            base_url: "http://127.0.0.1:1111/".into(),
            language: "ar".into(),
            author: String::new(),
            image: String::new(),
            per_page: 10,
            home_pages: 100,
            archive_per_page: 100,
            feed_size: 20,
            allow_raw_html: false,
            dates: DatesConfig::default(),
            ingest: IngestConfig::default(),
            topics: TopicsConfig::default(),
            search: SearchConfig::default(),
            menu: None,
        }
    }
}

/// `[dates] digits`: the digits of dates and counts on pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Digits {
    /// 0123456789, what most Arabic news sites print today.
    #[default]
    Latin,
    /// ٠١٢٣٤٥٦٧٨٩
    ArabicIndic,
}

/// `[dates] months`: which Arabic month names dates use; they differ by
/// region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MonthNames {
    /// يناير … ديسمبر (Egypt, the Gulf, the Maghreb)
    #[default]
    Egyptian,
    /// كانون الثاني … كانون الأول (Levant, Iraq)
    Levantine,
    /// أيلول/سبتمبر: both, as pan-Arab outlets print them.
    Both,
}

/// `[dates]`: how dates are written on pages (feeds and machine-readable
/// dates are always ISO).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatesConfig {
    /// Latin or Arabic-Indic digits.
    pub digits: Digits,
    /// Egyptian, Levantine or both month names.
    pub months: MonthNames,
    /// Show each date in the Hijri calendar too (Umm al-Qura).
    pub hijri: bool,
}

/// `[ingest] undated`: what ingest does when a raw article's publication
/// date is not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum UndatedPolicy {
    /// Write undated articles as drafts, for an editor to date.
    #[default]
    Draft,
    /// Stamp the day of ingest, and record that it did.
    IngestDate,
}

/// `[ingest]`: a site's additions to the raw-article parser's rules.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IngestConfig {
    /// What to do with an article whose publication date is not found.
    pub undated: UndatedPolicy,
    /// Extra lines to drop wherever they appear (matched on the Arabic key,
    /// as a whole line or a line prefix).
    pub debris: Vec<String>,
    /// Extra markers after which the rest of a raw file is dropped (an
    /// appended second article, a related-articles list).
    pub cut_markers: Vec<String>,
}

/// `[topics]`: a site's corrections to automatic grouping, and how much of
/// it to show.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TopicsConfig {
    /// Tag name -> other spellings that mean the same tag.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Tag spelling -> the name to show instead.
    pub rename: BTreeMap<String, String>,
    /// Tags never shown: matched like tags are merged (any spelling of the
    /// phrase, with or without spaces between its words).
    pub ban: Vec<String>,
    /// Most automatic tags an article gets (0 turns them off): the subjects
    /// its title names or its body names three times, most named first.
    pub auto_tags: usize,
    /// Articles an automatic tag needs to exist (a page, a place in the
    /// index, a link on its articles). Keyword lines are always kept.
    pub min_articles: usize,
    /// Titles and offices to add to the built-in ones (`العمدة`): a phrase
    /// of them alone is not a subject, and one in front of a name is cut.
    pub offices: Vec<String>,
    /// Related articles shown under each article.
    pub related: usize,
}

impl Default for TopicsConfig {
    fn default() -> Self {
        TopicsConfig {
            aliases: BTreeMap::new(),
            rename: BTreeMap::new(),
            ban: Vec::new(),
            auto_tags: 8,
            min_articles: 3,
            offices: Vec::new(),
            related: 5,
        }
    }
}

/// `[search]`: the search page (`/search/`) and its index.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Write the search page and index. A site searched by other means (a
    /// newsroom's own search service) turns it off, and its builds skip the
    /// index: about a sixth of the work and of the output at 10,000
    /// articles.
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

impl Config {
    /// Reads `site.toml` in `site_dir`. A missing file is an error that says
    /// how to create a site, since every other command depends on it.
    pub fn load(site_dir: &Path) -> Result<Config> {
        let path = site_dir.join(crate::layout::CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::at(
                    &path,
                    "not found: is this a warraq site? Run `warraq init DIR` to create one, or pass --site DIR",
                )
            } else {
                Error::io(&path, e)
            }
        })?;
        Config::parse(&text).map_err(|e| e.in_file(&path))
    }

    /// Parses config text; errors carry the 1-based line when known.
    pub fn parse(text: &str) -> Result<Config> {
        let located = |line: Option<usize>, message: String| Error { path: None, line, message };
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| crate::error::line_of_offset(text, s.start));
            // serde speaks Rust types; site.toml authors do not.
            located(line, e.message().replace("expected usize", "expected a whole number"))
        })?;
        config.validate().map_err(|(key, m)| located(line_of_key(text, key), m))?;
        // `\u001a` escapes would put characters XML forbids into every feed.
        config.title = crate::sanitize::line(&config.title);
        config.author = crate::sanitize::line(&config.author);
        config.description = crate::sanitize::line(&config.description);
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok(config)
    }

    /// Sets `base_url` from `--base-url`, checked and normalised as in
    /// site.toml; the error says which option was wrong.
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        let mut with = self.clone();
        with.base_url = url.to_string();
        if let Err((_, message)) = with.validate() {
            return Err(Error::new(format!("--base-url: {message}")));
        }
        if !with.base_url.ends_with('/') {
            with.base_url.push('/');
        }
        self.base_url = with.base_url;
        Ok(())
    }

    /// Checks values serde cannot; errors name the key at fault.
    fn validate(&self) -> std::result::Result<(), (&'static str, String)> {
        if self.per_page == 0 {
            return Err(("per_page", "per_page must be at least 1".into()));
        }
        for entry in self.menu.iter().flatten() {
            if entry.name.trim().is_empty() || entry.page.is_some() == entry.url.is_some() {
                return Err((
                    "menu",
                    format!(
                        "each [[menu]] entry needs a `name` and either `page = \"about\"` (a standalone page) or \
                         `url = \"/tags/\"`, not both: {entry:?}"
                    ),
                ));
            }
        }
        if self.archive_per_page == 0 {
            return Err(("archive_per_page", "archive_per_page must be at least 1".into()));
        }
        if self.feed_size == 0 {
            return Err(("feed_size", "feed_size must be at least 1".into()));
        }
        let t = &self.topics;
        if t.min_articles == 0 {
            return Err(("min_articles", "[topics] min_articles must be at least 1".into()));
        }
        if let Some(name) = t.aliases.keys().find(|n| n.trim().is_empty()) {
            return Err(("aliases", format!("[topics] aliases: a tag name cannot be empty ({name:?})")));
        }
        if let Some((name, _)) = t.aliases.iter().find(|(_, v)| v.iter().any(|s| s.trim().is_empty())) {
            return Err(("aliases", format!("[topics] aliases: {name:?} has an empty spelling")));
        }
        if t.offices.iter().any(|o| o.split_whitespace().count() != 1) {
            return Err(("offices", "[topics] offices are single words, such as \"العمدة\"".into()));
        }
        let Some(rest) = self.base_url.strip_prefix("http://").or_else(|| self.base_url.strip_prefix("https://"))
        else {
            return Err((
                "base_url",
                format!(
                    "base_url must be an absolute http(s) URL such as \"https://example.org/\", not {:?}",
                    self.base_url
                ),
            ));
        };
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let problem = if host.is_empty() || host.contains(char::is_whitespace) {
            Some("has no host name")
        } else if path.contains("//") {
            // A scheduled CI job that builds the URL from an empty variable
            // (`https://owner.github.io//`) would publish links such as
            // `//style.css`, which browsers read as another host.
            Some("has an empty path segment (`//`): every link would start with `//` and lead to another host")
        } else if path.contains(['?', '#']) || host.contains(['?', '#']) {
            Some("has a query or fragment (`?`, `#`)")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err((
                "base_url",
                format!(
                    "base_url {:?} {problem}: check how it is made (in GitHub Actions, take it from \
                     actions/configure-pages)",
                    self.base_url
                ),
            ));
        }
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/`:
    /// every internal link is prefixed with it so a site can live in a
    /// sub-directory of its host.
    pub fn base_path(&self) -> String {
        let rest = self.base_url.split_once("://").map(|x| x.1).unwrap_or("");
        match rest.find('/') {
            Some(i) => {
                let p = &rest[i..];
                if p.ends_with('/') {
                    p.to_string()
                } else {
                    format!("{p}/")
                }
            }
            None => "/".into(),
        }
    }

    /// Absolute URL of a root-relative path or link (`/2023/09/x/`): a URI,
    /// every byte beyond ASCII percent-encoded (`slug::encode_iri`), since
    /// feeds, sitemaps and JSON-LD want URIs.
    pub fn absolute_url(&self, path: &str) -> String {
        let origin_end = self
            .base_url
            .split_once("://")
            .map(|(s, rest)| s.len() + 3 + rest.find('/').unwrap_or(rest.len()))
            .unwrap_or(0);
        format!("{}{}", &self.base_url[..origin_end], crate::slug::encode_iri(path))
    }
}

/// 1-based line where a top-level `key = ` is set, if it is.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_from_the_command_line_is_checked_and_normalised_like_site_toml() {
        let mut c = Config::parse("title = \"x\"\n").unwrap();
        c.set_base_url("https://owner.github.io/repo").unwrap();
        assert_eq!(c.base_url, "https://owner.github.io/repo/");
        let e = c.set_base_url("https://owner.github.io//").unwrap_err();
        assert!(e.to_string().starts_with("--base-url: base_url"), "{e}");
        assert_eq!(c.base_url, "https://owner.github.io/repo/", "left as it was");
    }

    #[test]
    fn a_base_url_that_would_make_links_to_another_host_is_refused() {
        for bad in
            ["https://x.github.io//", "https://x.github.io//repo/", "https:///repo/", "https://x.org/a?b=1", "http://"]
        {
            let Error { line, message, .. } =
                Config::parse(&format!("title = \"x\"\nbase_url = {bad:?}\n")).unwrap_err();
            assert_eq!(line, Some(2), "{bad}");
            assert!(message.contains(bad), "{message}");
        }
        for good in ["https://x.github.io/repo", "https://x.github.io/", "http://127.0.0.1:1111/", "https://x.org/a/b/"]
        {
            assert!(Config::parse(&format!("base_url = {good:?}\n")).is_ok(), "{good}");
        }
    }

    #[test]
    fn a_menu_entry_names_a_page_or_a_url() {
        let ok = Config::parse(
            "[[menu]]\nname = \"من نحن\"\npage = \"about\"\n[[menu]]\nname = \"الوسوم\"\nurl = \"/tags/\"\n",
        );
        assert_eq!(ok.unwrap().menu.unwrap().len(), 2);
        for bad in [
            "[[menu]]\nname = \"x\"\n",
            "[[menu]]\nname = \"x\"\npage = \"a\"\nurl = \"/b/\"\n",
            "[[menu]]\nname = \" \"\nurl = \"/b/\"\n",
        ] {
            let message = Config::parse(bad).unwrap_err().message;
            assert!(message.contains("[[menu]]"), "{message}");
        }
        assert!(Config::parse("[[menu]]\nname = \"x\"\nlink = \"/b/\"\n").is_err(), "unknown keys are errors");
    }

    #[test]
    fn only_title_works() {
        let c = Config::parse("title = \"أرشيف\"\n").unwrap();
        assert_eq!(c.title, "أرشيف");
        assert_eq!(c.per_page, 10);
        assert_eq!(c.home_pages, 100, "the home list is bounded unless told otherwise");
        assert_eq!(Config::parse("home_pages = 0\n").unwrap().home_pages, 0, "0: every page");
        assert_eq!(c.language, "ar");
        assert_eq!(c.dates.digits, Digits::Latin);
        assert!(c.search.enabled, "search is on unless turned off");
    }

    #[test]
    fn search_can_be_turned_off() {
        assert!(!Config::parse("[search]\nenabled = false\n").unwrap().search.enabled);
        let Error { line, message, .. } = Config::parse("title = \"x\"\n[search]\nenable = false\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("enable"), "{message}");
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let Error { line, message: msg, .. } = Config::parse("title = \"x\"\nper_pgae = 3\n").unwrap_err();
        assert_eq!(line, Some(2));
        assert!(msg.contains("per_pgae"), "{msg}");
    }

    #[test]
    fn unknown_nested_key_and_bad_enum_value() {
        let Error { line, message: msg, .. } =
            Config::parse("title = \"x\"\n[dates]\ndigits = \"roman\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(msg.contains("roman") || msg.contains("variant"), "{msg}");
        let line = Config::parse("[topics]\nalias = {}\n").unwrap_err().line;
        assert_eq!(line, Some(2));
    }

    #[test]
    fn type_errors_speak_toml_not_rust() {
        let Error { line, message: msg, .. } = Config::parse("per_page = \"ten\"").unwrap_err();
        assert_eq!(line, Some(1));
        assert!(msg.contains("a whole number") && !msg.contains("usize"), "{msg}");
    }

    #[test]
    fn date_options_parse() {
        let c = Config::parse("[dates]\ndigits = \"arabic-indic\"\nmonths = \"both\"\n").unwrap();
        assert_eq!(c.dates.digits, Digits::ArabicIndic);
        assert_eq!(c.dates.months, MonthNames::Both);
    }

    #[test]
    fn topics_options_are_checked() {
        let c = Config::parse("[topics]\nmin_articles = 5\noffices = [\"العمدة\"]\n").unwrap();
        assert_eq!((c.topics.min_articles, c.topics.offices.len()), (5, 1));
        assert_eq!(Config::default().topics.min_articles, 3);
        let Error { line, message: msg, .. } =
            Config::parse("title = \"x\"\n[topics]\nmin_articles = 0\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(msg.contains("min_articles"), "{msg}");
        let line = Config::parse("[topics]\noffices = [\"نائب الرئيس\"]\n").unwrap_err().line;
        assert_eq!(line, Some(2));
        let msg = Config::parse("[topics.aliases]\n\"مصر\" = [\"\"]\n").unwrap_err().message;
        assert!(msg.contains("empty spelling"), "{msg}");
    }

    #[test]
    fn base_path_and_absolute_urls() {
        let c = Config::parse("base_url = \"https://example.org/archive\"").unwrap();
        assert_eq!(c.base_url, "https://example.org/archive/");
        assert_eq!(c.base_path(), "/archive/");
        assert_eq!(c.absolute_url("/archive/x/"), "https://example.org/archive/x/");
        let c = Config::parse("base_url = \"https://example.org\"").unwrap();
        assert_eq!(c.base_path(), "/");
        assert_eq!(Config::parse("title = \"x\"\nbase_url = \"example.org\"").unwrap_err().line, Some(2));
        assert_eq!(Config::parse("\nper_page = 0").unwrap_err().line, Some(2));
    }
}
