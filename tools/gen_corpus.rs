//! Writes a synthetic Arabic news archive for benchmarks (never for tests of
//! behaviour): N articles of 4–9 paragraphs, 2–6 tags from a pool of 300 with
//! a skewed distribution (few tags on many articles, many on few), dates over
//! fifteen years. With `--hugo DIR` it also writes a minimal Hugo site with
//! the same pages, so both tools can be measured on one corpus. With
//! `--same-templates DIR` it also writes a second warraq site in DIR that
//! builds the same content (`DIR/content` is a symlink to `SITE_DIR/content`)
//! with templates carrying the markup of those Hugo layouts, so engine speed
//! can be compared without the weight of warraq's default theme.
//!
//! Usage: cargo run --release --example gen_corpus -- N SITE_DIR [--hugo DIR] [--same-templates DIR] [--raw DIR]
//! `--raw DIR` writes N raw scraped-style .txt files instead (ingest benchmark).
//! `--one-paragraph` keeps only each article's first paragraph (same titles,
//! dates and tags): the least disk for tests of size, such as CI's sitemap
//! index on 120,000 articles.
//!
//! The one corpus generator of the repository: `scripts/bench.sh` runs it,
//! and `serve_latency` includes this file as a module and calls `generate`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// A small deterministic PRNG (xorshift64*): benchmarks must see the same
/// corpus every run, and a dependency for this would be overkill. (Also used
/// by tools/fuzz_parse.rs.)
pub(crate) struct Rng(pub u64);

#[allow(dead_code)]
impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// Skewed pick in 0..n: low indices are much more likely.
    pub(crate) fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize
    }
}

const WORDS: &[&str] = &[
    "الحكومة",
    "أعلنت",
    "اليوم",
    "عن",
    "خطة",
    "جديدة",
    "لدعم",
    "الاقتصاد",
    "الوطني",
    "في",
    "ظل",
    "التحديات",
    "الإقليمية",
    "وقال",
    "المتحدث",
    "باسم",
    "الوزارة",
    "إن",
    "المشروع",
    "يهدف",
    "إلى",
    "تعزيز",
    "التعاون",
    "بين",
    "البلدين",
    "وأضاف",
    "أن",
    "المفاوضات",
    "مستمرة",
    "منذ",
    "أشهر",
    "وسط",
    "توقعات",
    "بالتوصل",
    "اتفاق",
    "شامل",
    "الأسواق",
    "شهدت",
    "ارتفاعا",
    "ملحوظا",
    "الأسعار",
    "خلال",
    "الأسبوع",
    "الماضي",
    "بينما",
    "تراجعت",
    "العملة",
    "المحلية",
    "أمام",
    "الدولار",
    "وأكد",
    "الخبراء",
    "ضرورة",
    "اتخاذ",
    "إجراءات",
    "عاجلة",
    "لمواجهة",
    "الأزمة",
    "المنطقة",
    "تشهد",
    "تطورات",
    "متسارعة",
    "على",
    "الصعيدين",
    "السياسي",
    "والأمني",
    "وذكرت",
    "وكالة",
    "الأنباء",
    "الرسمية",
    "الرئيس",
    "استقبل",
    "وفدا",
    "رفيع",
    "المستوى",
    "لبحث",
    "سبل",
    "تطوير",
    "العلاقات",
    "الثنائية",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 10 + rng.below(14);
    let words: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    format!("{}.", words.join(" "))
}

fn tag_pool() -> Vec<String> {
    let first = [
        "مصر",
        "السودان",
        "غزة",
        "لبنان",
        "العراق",
        "اليمن",
        "ليبيا",
        "تونس",
        "المغرب",
        "الأردن",
        "سوريا",
        "الخليج",
        "إيران",
        "تركيا",
        "روسيا",
    ];
    let second = [
        "الاقتصاد",
        "الانتخابات",
        "الطاقة",
        "المناخ",
        "الرياضة",
        "الصحة",
        "التعليم",
        "النفط",
        "الأمن",
        "الثقافة",
        "الزراعة",
        "السياحة",
        "الإعلام",
        "القضاء",
        "الهجرة",
        "النقل",
        "المياه",
        "الاستثمار",
        "التجارة",
        "الدبلوماسية",
    ];
    let mut pool = Vec::new();
    for s in second {
        for f in first {
            pool.push(format!("{s} في {f}"));
        }
    }
    pool.truncate(300);
    pool
}

#[allow(dead_code)] // unused where `serve_latency` includes this file
fn main() {
    const USAGE: &str =
        "usage: gen_corpus N SITE_DIR [--hugo DIR] [--same-templates DIR] [--raw DIR] [--one-paragraph]";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(site)) = (args.first().and_then(|s| s.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let site = Path::new(site);
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(Path::new);
    generate(n, site, flag("--hugo"), flag("--raw"), args.iter().any(|a| a == "--one-paragraph"));
    if let Some(dir) = flag("--same-templates") {
        write_same_templates_site(site, dir);
    }
    println!("wrote {n} articles for {}", site.display());
}

/// Writes the corpus: a warraq site in `site` (articles, site.toml), and a
/// matching Hugo site in `hugo` when given, or only raw `.txt` files in `raw`
/// when given; with `one_paragraph`, each body is its first paragraph alone
/// (the random sequence, so everything else, stays the same). Returns the site-relative paths of the Markdown articles
/// written (`content/articles/2023/09/14-article-7.md`), in generation order.
pub(crate) fn generate(
    n: usize,
    site: &Path,
    hugo: Option<&Path>,
    raw: Option<&Path>,
    one_paragraph: bool,
) -> Vec<String> {
    let pool = tag_pool();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut written = Vec::with_capacity(n);
    fs::create_dir_all(site.join("content/articles")).unwrap();
    fs::write(site.join("site.toml"), "title = \"أرشيف تجريبي\"\nbase_url = \"https://bench.example.org/\"\nper_page = 10\nfeed_size = 20\n[topics]\nauto_tags = 0\n").unwrap();
    if let Some(h) = hugo {
        fs::create_dir_all(h.join("content/posts")).unwrap();
        write_hugo_skeleton(h);
    }
    if let Some(r) = raw {
        fs::create_dir_all(r).unwrap();
    }
    for i in 0..n {
        let days = rng.below(15 * 365) as i64;
        let date = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + chrono::Duration::days(days);
        let title = format!(
            "{} {} رقم {i}",
            sentence(&mut rng).trim_end_matches('.').split(' ').take(6).collect::<Vec<_>>().join(" "),
            "تقرير"
        );
        let mut tags: Vec<&str> = Vec::new();
        for _ in 0..2 + rng.below(5) {
            let t = pool[rng.skewed(pool.len())].as_str();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let mut body = String::new();
        for _ in 0..4 + rng.below(6) {
            let para: Vec<String> = (0..2 + rng.below(4)).map(|_| sentence(&mut rng)).collect();
            if !one_paragraph || body.is_empty() {
                let _ = write!(body, "{}\n\n", para.join(" "));
            }
        }
        let tag_list = tags.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ");
        let slug = format!("article-{i}");
        if let Some(r) = raw {
            let text = format!(
                "{title}\n{}\n{}\nالمصدر: وكالة الأنباء\nكلمات دلالية: {}\n",
                date.format("%d/%m/%Y"),
                body.replace("\n\n", "\n"),
                tags.join(" ")
            );
            fs::write(r.join(format!("{i:06}.txt")), text).unwrap();
            continue;
        }
        let rel = format!("content/articles/{}/{}-{slug}.md", date.format("%Y/%m"), date.format("%d"));
        let path = site.join(&rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let fm = format!(
            "+++\ntitle = {title:?}\ndate = {}\ntags = [{tag_list}]\nsource = \"وكالة الأنباء\"\n+++\n\n",
            date.format("%Y-%m-%d")
        );
        fs::write(&path, format!("{fm}{body}")).unwrap();
        written.push(rel);
        if let Some(h) = hugo {
            let fm = format!(
                "+++\ntitle = {title:?}\ndate = {}\ntags = [{tag_list}]\nslug = {slug:?}\n+++\n\n",
                date.format("%Y-%m-%d")
            );
            fs::write(h.join(format!("content/posts/{i:06}.md")), format!("{fm}{body}")).unwrap();
        }
    }
    written
}

/// A minimal Hugo site rendering the same page kinds: home (paginated),
/// article pages, tag pages (paginated) and the tag index, a site feed and
/// one feed per tag, each with the full content of its 20 newest entries.
/// List pages show each article's first paragraph cut to 40 words, as
/// warraq's summaries are. `SAME_TEMPLATES` carries the same markup for warraq.
fn write_hugo_skeleton(h: &Path) {
    // summaryLength = 1: Hugo 0.168's automatic summary is whole paragraphs
    // until at least summaryLength words, so 1 gives the first paragraph,
    // which the list layout cuts to 40 words as warraq does
    // (`context::summary_text`): both tools show the same summary text.
    // `pagination.disableAliases`: no `page/1/` redirect per list (warraq
    // writes none). Feed items carry their tags, as warraq's entries do.
    fs::write(
        h.join("hugo.toml"),
        "baseURL = \"https://bench.example.org/\"\nlanguageCode = \"ar\"\ntitle = \"أرشيف تجريبي\"\n\
         summaryLength = 1\ndisableKinds = [\"section\"]\n[pagination]\npagerSize = 10\ndisableAliases = true\n[services.rss]\nlimit = 20\n\
         [permalinks]\nposts = \"/:year/:month/:slug/\"\n[taxonomies]\ntag = \"tags\"\n\
         [outputs]\nhome = [\"html\", \"rss\"]\nterm = [\"html\", \"rss\"]\ntaxonomy = [\"html\"]\n",
    )
    .unwrap();
    let layouts = h.join("layouts");
    fs::create_dir_all(layouts.join("_default")).unwrap();
    let base = "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>";
    fs::write(
        layouts.join("_default/single.html"),
        format!("{base}<article><h1>{{{{ .Title }}}}</h1><time>{{{{ .Date.Format \"2006-01-02\" }}}}</time>{{{{ range .Params.tags }}}}<a href=\"/tags/{{{{ . | urlize }}}}/\">{{{{ . }}}}</a>{{{{ end }}}}{{{{ .Content }}}}</article></body></html>"),
    )
    .unwrap();
    fs::write(
        layouts.join("_default/list.html"),
        format!("{base}<h1>{{{{ .Title }}}}</h1>{{{{ range .Paginator.Pages }}}}<article><h2><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a></h2><p>{{{{ $w := split (.Summary | plainify | chomp) \" \" }}}}{{{{ delimit (first 40 $w) \" \" }}}}{{{{ if gt (len $w) 40 }}}}…{{{{ end }}}}</p></article>{{{{ end }}}}{{{{ template \"_internal/pagination.html\" . }}}}</body></html>"),
    )
    .unwrap();
    fs::write(
        layouts.join("_default/terms.html"),
        format!("{base}<h1>{{{{ .Title }}}}</h1><ul>{{{{ range .Data.Terms.ByCount }}}}<li><a href=\"{{{{ .Page.RelPermalink }}}}\">{{{{ .Page.Title }}}}</a> {{{{ .Count }}}}</li>{{{{ end }}}}</ul></body></html>"),
    )
    .unwrap();
    fs::copy(layouts.join("_default/list.html"), layouts.join("index.html")).unwrap();
    // Feeds carry full content, as warraq's do (site feed and one per tag).
    fs::write(
        layouts.join("_default/rss.xml"),
        "{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}{{ printf \"<?xml version=\\\"1.0\\\" encoding=\\\"utf-8\\\"?>\" | safeHTML }}\n<rss version=\"2.0\"><channel><title>{{ .Title }}</title><link>{{ .Permalink }}</link>{{ range first 20 $pages }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><pubDate>{{ .Date.Format \"Mon, 02 Jan 2006 15:04:05 -0700\" }}</pubDate><guid>{{ .Permalink }}</guid>{{ range .Params.tags }}<category>{{ . }}</category>{{ end }}<description>{{ .Content | html }}</description></item>{{ end }}</channel></rss>\n",
    )
    .unwrap();
}

/// warraq templates with the markup of the Hugo layouts above, element for
/// element: article pages (h1, time, tag links, content), home and tag pages
/// (h1, one `article` per item with an h2 link and a summary paragraph, then
/// the pagination list of Hugo's `_internal/pagination.html`: first,
/// previous, five page numbers, next, last), and the tag index by count.
/// warraq also writes year and month archives, which Hugo has no page for:
/// they get a bare list of links; `page.html` and `404.html` are minimal.
const SAME_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        "<!DOCTYPE html><html lang=\"{{ site.language }}\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ site.title }}{% endblock %}</title></head><body>{% block content %}{% endblock %}</body></html>",
    ),
    (
        "article.html",
        "{% extends \"base.html\" %}{% block title %}{{ article.title }}{% endblock %}{% block content %}<article><h1>{{ article.title }}</h1><time>{{ article.date_iso }}</time>{% for t in article.tags %}<a href=\"{{ t.url }}\">{{ t.name }}</a>{% endfor %}{{ article.content }}</article>{% endblock %}",
    ),
    (
        "index.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ site.title }}</h1>{% include \"list.html\" %}{% endblock %}",
    ),
    (
        "tag.html",
        "{% extends \"base.html\" %}{% block title %}{{ tag.name }}{% endblock %}{% block content %}<h1>{{ tag.name }}</h1>{% include \"list.html\" %}{% endblock %}",
    ),
    (
        "list.html",
        "{% for a in articles %}<article><h2><a href=\"{{ a.url }}\">{{ a.title }}</a></h2><p>{{ a.summary }}</p></article>{% endfor %}\n{% include \"pagination.html\" %}",
    ),
    (
        "pagination.html",
        concat!(
            "{% if paginator and paginator.total > 1 %}\t\t<ul class=\"pagination pagination-default\">\n",
            "{% if paginator.prev_url %}",
            "\t\t\t<li class=\"page-item\">\n\t\t\t\t<a href=\"{{ paginator.pages[0].url }}\" aria-label=\"First\" class=\"page-link\" role=\"button\"><span aria-hidden=\"true\">&laquo;&laquo;</span></a>\n\t\t\t</li>\n",
            "\t\t<li class=\"page-item\">\n\t\t\t<a href=\"{{ paginator.prev_url }}\" aria-label=\"Previous\" class=\"page-link\" role=\"button\"><span aria-hidden=\"true\">&laquo;</span></a>\n\t\t</li>\n",
            "{% else %}",
            "\t\t\t<li class=\"page-item disabled\">\n\t\t\t\t<a aria-disabled=\"true\" aria-label=\"First\" class=\"page-link\" role=\"button\" tabindex=\"-1\"><span aria-hidden=\"true\">&laquo;&laquo;</span></a>\n\t\t\t</li>\n",
            "\t\t<li class=\"page-item disabled\">\n\t\t\t<a aria-disabled=\"true\" aria-label=\"Previous\" class=\"page-link\" role=\"button\" tabindex=\"-1\"><span aria-hidden=\"true\">&laquo;</span></a>\n\t\t</li>\n",
            "{% endif %}",
            // Hugo's five slots around the current page, from warraq's wider window.
            "{% set lo = [1, [paginator.current - 2, paginator.total - 4]|min]|max %}",
            "{% for pg in paginator.pages %}{% set n = pg.number_display|int %}{% if n >= lo and n < lo + 5 %}",
            "{% if pg.current %}\t\t\t<li class=\"page-item active\">\n\t\t\t\t<a aria-current=\"page\" aria-label=\"Page {{ pg.number_display }}\" class=\"page-link\" role=\"button\">{{ pg.number_display }}</a>\n\t\t\t</li>\n",
            "{% else %}\t\t\t<li class=\"page-item\">\n\t\t\t\t<a href=\"{{ pg.url }}\" aria-label=\"Page {{ pg.number_display }}\" class=\"page-link\" role=\"button\">{{ pg.number_display }}</a>\n\t\t\t</li>\n",
            "{% endif %}{% endif %}{% endfor %}",
            "{% if paginator.next_url %}",
            "\t\t<li class=\"page-item\">\n\t\t\t<a href=\"{{ paginator.next_url }}\" aria-label=\"Next\" class=\"page-link\" role=\"button\"><span aria-hidden=\"true\">&raquo;</span></a>\n\t\t</li>\n",
            "\t\t\t<li class=\"page-item\">\n\t\t\t\t<a href=\"{{ (paginator.pages|last).url }}\" aria-label=\"Last\" class=\"page-link\" role=\"button\"><span aria-hidden=\"true\">&raquo;&raquo;</span></a>\n\t\t\t</li>\n",
            "{% else %}",
            "\t\t<li class=\"page-item disabled\">\n\t\t\t<a aria-disabled=\"true\" aria-label=\"Next\" class=\"page-link\" role=\"button\" tabindex=\"-1\"><span aria-hidden=\"true\">&raquo;</span></a>\n\t\t</li>\n",
            "\t\t\t<li class=\"page-item disabled\">\n\t\t\t\t<a aria-disabled=\"true\" aria-label=\"Last\" class=\"page-link\" role=\"button\" tabindex=\"-1\"><span aria-hidden=\"true\">&raquo;&raquo;</span></a>\n\t\t\t</li>\n",
            "{% endif %}\t\t</ul>{% endif %}",
        ),
    ),
    (
        "tags.html",
        "{% extends \"base.html\" %}{% block title %}Tags{% endblock %}{% block content %}<h1>Tags</h1><ul>{% for t in tags_by_count %}<li><a href=\"{{ t.url }}\">{{ t.name }}</a> {{ t.count }}</li>{% endfor %}</ul>{% endblock %}",
    ),
    (
        "archive.html",
        "{% extends \"base.html\" %}{% block title %}{{ archive.title }}{% endblock %}{% block content %}<h1>{{ archive.title }}</h1><ul>{% for a in articles %}<li><a href=\"{{ a.url }}\">{{ a.title }}</a></li>{% endfor %}</ul>{% endblock %}",
    ),
    (
        "page.html",
        "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<article><h1>{{ page.title }}</h1>{{ page.content }}</article>{% endblock %}",
    ),
    ("404.html", "{% extends \"base.html\" %}{% block content %}<h1>404</h1>{% endblock %}"),
];

/// Writes in `dir` a warraq site building the content of `site` (`content`
/// is a symlink to it, so an edit there shows in both) with
/// `SAME_TEMPLATES` as its `templates/` override.
#[allow(dead_code)] // unused where other examples include this file
fn write_same_templates_site(site: &Path, dir: &Path) {
    fs::create_dir_all(dir.join("templates")).unwrap();
    fs::copy(site.join("site.toml"), dir.join("site.toml")).unwrap();
    let link = dir.join("content");
    if link.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        fs::remove_file(&link).unwrap();
    }
    std::os::unix::fs::symlink(fs::canonicalize(site.join("content")).unwrap(), &link).unwrap();
    for (name, source) in SAME_TEMPLATES {
        fs::write(dir.join("templates").join(name), source).unwrap();
    }
}
