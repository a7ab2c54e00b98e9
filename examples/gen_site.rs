//! Generates a synthetic archive for speed checks:
//! `cargo run --release --example gen_site -- DIR [ARTICLES]` (default 10,000).
//!
//! Articles have 4–9 paragraphs, 2–6 tags from a pool of 300 and dates over
//! 15 years; a minimal theme is written too so the site builds whatever the
//! embedded theme holds. Deterministic (fixed seed).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
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
    "المحلي",
    "في",
    "ظل",
    "الأزمة",
    "العالمية",
    "وقال",
    "الوزير",
    "إن",
    "المشروع",
    "سيبدأ",
    "خلال",
    "الأشهر",
    "المقبلة",
    "بمشاركة",
    "القطاع",
    "الخاص",
    "والمصارف",
    "وأضاف",
    "أن",
    "الهدف",
    "هو",
    "توفير",
    "فرص",
    "عمل",
    "للشباب",
    "وتحسين",
    "الخدمات",
    "العامة",
    "المدن",
    "والقرى",
    "بينما",
    "انتقد",
    "معارضون",
    "القرار",
    "معتبرين",
    "أنه",
    "لا",
    "يعالج",
    "جذور",
    "المشكلة",
    "الأسعار",
    "والتضخم",
];

const TAG_ROOTS: &[&str] = &[
    "روسيا",
    "مصر",
    "الاقتصاد",
    "السودان",
    "الرياضة",
    "المناخ",
    "التعليم",
    "الصحة",
    "النفط",
    "الانتخابات",
    "لبنان",
    "العراق",
    "سوريا",
    "فلسطين",
    "الأردن",
    "تونس",
    "المغرب",
    "الجزائر",
    "ليبيا",
    "اليمن",
    "الخليج",
    "إيران",
    "تركيا",
    "الصين",
    "أوروبا",
    "أمريكا",
    "أفريقيا",
    "التقنية",
    "الثقافة",
    "الفن",
];

fn tag_pool() -> Vec<String> {
    let mut pool = Vec::new();
    for i in 0..300 {
        let root = TAG_ROOTS[i % TAG_ROOTS.len()];
        pool.push(if i < TAG_ROOTS.len() { root.to_string() } else { format!("{root} {}", i / TAG_ROOTS.len()) });
    }
    pool
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect::<Vec<_>>().join(" ")
}

pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">\n<head><meta charset=\"utf-8\"><title>{% block title %}{{ site.title }}{% endblock %}</title>\n<link rel=\"stylesheet\" href=\"{{ css_url }}\"></head>\n<body>\n<nav>{% for y in nav_years %}<a href=\"{{ y.url }}\">{{ y.year }}</a> {% endfor %}</nav>\n{% block content %}{% endblock %}\n</body>\n</html>\n",
    ),
    (
        "index.html",
        "{% extends \"base.html\" %}{% block content %}{% for a in articles %}<article><h2><a href=\"{{ a.url }}\">{{ a.title }}</a></h2><time>{{ a.date }}</time><p>{{ a.summary }}</p>{% for t in a.tags %}<a href=\"{{ t.url }}\">{{ t.name }}</a> {% endfor %}</article>{% endfor %}{% for p in paginator.pages %}<a href=\"{{ p.url }}\">{{ p.number_display }}</a>{% endfor %}{% endblock %}",
    ),
    (
        "article.html",
        "{% extends \"base.html\" %}{% block title %}{{ article.title }}{% endblock %}{% block content %}<article><h1>{{ article.title }}</h1><time>{{ article.date }}</time>{{ article.content }}{% for t in article.tags %}<a href=\"{{ t.url }}\">{{ t.name }}</a> {% endfor %}</article>{% if article.prev %}<a href=\"{{ article.prev.url }}\">{{ article.prev.title }}</a>{% endif %}{% if article.next %}<a href=\"{{ article.next.url }}\">{{ article.next.title }}</a>{% endif %}{% endblock %}",
    ),
    (
        "tags.html",
        "{% extends \"base.html\" %}{% block content %}{% for t in tags_by_name %}<a href=\"{{ t.url }}\">{{ t.name }} ({{ t.count_display }})</a> {% endfor %}{% endblock %}",
    ),
    (
        "tag.html",
        "{% extends \"base.html\" %}{% block title %}{{ tag.name }}{% endblock %}{% block content %}<h1>{{ tag.name }}</h1>{% for a in articles %}<h2><a href=\"{{ a.url }}\">{{ a.title }}</a></h2><p>{{ a.summary }}</p>{% endfor %}{% for p in paginator.pages %}<a href=\"{{ p.url }}\">{{ p.number_display }}</a>{% endfor %}{% endblock %}",
    ),
    (
        "archive.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ archive.title }}</h1>{% for m in months %}<a href=\"{{ m.url }}\">{{ m.title }}</a>{% endfor %}{% for a in articles %}<h2><a href=\"{{ a.url }}\">{{ a.title }}</a></h2>{% endfor %}{% endblock %}",
    ),
    ("page.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}"),
    ("404.html", "{% extends \"base.html\" %}{% block content %}<h1>الصفحة غير موجودة</h1>{% endblock %}"),
];

/// Writes the site; returns the relative paths of the articles.
pub fn generate(dir: &Path, n: usize) -> Vec<String> {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let pool = tag_pool();
    fs::create_dir_all(dir.join("templates")).unwrap();
    fs::write(
        dir.join("site.toml"),
        "title = \"أرشيف تجريبي كبير\"\nbase_url = \"https://example.org/\"\nper_page = 20\nfeed_size = 20\n",
    )
    .unwrap();
    for (name, text) in TEMPLATES {
        fs::write(dir.join("templates").join(name), text).unwrap();
    }
    fs::create_dir_all(dir.join("static")).unwrap();
    fs::write(dir.join("static/style.css"), "body{direction:rtl}\n").unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
    let mut paths = Vec::with_capacity(n);
    for i in 0..n {
        let date = start + chrono::Duration::days(rng.below(15 * 365) as i64);
        let mut tags: Vec<&str> = Vec::new();
        for _ in 0..2 + rng.below(5) {
            let t = pool[rng.below(pool.len())].as_str();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let title = format!("{} رقم {i}", sentence(&mut rng, 6));
        let mut text = String::new();
        writeln!(text, "+++\ntitle = \"{title}\"\ndate = {}", date.format("%Y-%m-%d")).unwrap();
        let quoted: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        writeln!(text, "tags = [{}]\nsource = \"وكالة الأنباء\"\n+++\n", quoted.join(", ")).unwrap();
        for _ in 0..4 + rng.below(6) {
            let len = 25 + rng.below(40);
            writeln!(text, "{}.\n", sentence(&mut rng, len)).unwrap();
        }
        let rel = format!("content/articles/{}/{:02}-خبر-{i}.md", date.format("%Y/%m"), date.format("%d"));
        let path = dir.join(&rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        paths.push(rel);
    }
    paths
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: gen_site DIR [ARTICLES]");
    let n: usize = args.next().map(|s| s.parse().expect("ARTICLES is a number")).unwrap_or(10_000);
    let paths = generate(Path::new(&dir), n);
    println!("wrote {} articles to {dir}", paths.len());
}
