//! Ingest as a whole: converting a file alone gives what converting it in
//! a batch gives, for random batches built from the shapes of real raw
//! files (the same source line, byline, subheading and wire title in many
//! files, copies of one text, verse, captions, control characters).

use super::*;

/// A small seeded generator (xorshift): the batches are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const TITLES: &[&str] = &[
    "القمة الخليجية تبدأ أعمالها في الرياض",
    "ارتفاع أسعار النفط بعد قرار أوبك",
    "وزارة الصحة تطلق حملة للتطعيم",
    "الهلال يتعاقد مع مدافع جديد",
    "أمطار غزيرة على منطقة عسير",
];
const BYLINES: &[&str] = &[
    "لندن: رنيم حنوش",
    "الرياض - محمد الحيدر",
    "د ب أ - بوينس آيرس",
    "حامد القرشي – مكة المكرمة",
    "إعداد وترجمة - بندر الحربي",
    "المناطق_ متابعات",
    "واس - جدة",
];
const DATES: &[&str] =
    &["21 يوليو 2015", "تاريخ النشر: 22nd, July 2015 GMT", "2015-07-23T10:00:00+03:00", "24/07/2015"];
const SOURCES: &[&str] =
    &["المصدر: الرياض", "المصدر: صحيفة الوطن السعودية", "المصدر رويترز الوسومالنفط أوبكالمصدر: عكاظ"];
const SENTENCES: &[&str] = &[
    "قالت وزارة الصحة اليوم إن عدد المستفيدين من الحملة تجاوز مئة ألف شخص في المناطق كافة.",
    "وأضاف المتحدث الرسمي أن الفرق الميدانية تعمل على مدار الساعة لتغطية جميع الأحياء والقرى.",
    "وارتفعت أسعار خام برنت بنحو ثلاثة في المئة في تعاملات الصباح بعد إعلان القرار.",
    "ويأتي التعاقد ضمن خطة النادي لتدعيم خط الدفاع قبل انطلاق الموسم الجديد بأسابيع.",
    "وحذرت الأرصاد المواطنين من الاقتراب من مجاري السيول والأودية خلال الأيام المقبلة.",
    "وأكد البيان الختامي على أهمية التعاون الاقتصادي بين دول المجلس في المرحلة المقبلة.",
];
const SHORT: &[&str] = &["ملف خاص عن الاقتصاد", "على شاطئ الليل أمشي وحيدا", "أعد النجوم التي لا تعود", "والله الموفق"];
const FURNITURE: &[&str] = &["+ الخط -", "شارك هذا المقال", "إعلان", "المساهمون", "تابع أحدث الأخبار عبر تطبيق"];

/// One raw file of the shapes the seeds show.
fn raw_file(rng: &mut Rng, bodies: &mut Vec<String>) -> String {
    let mut lines: Vec<String> = vec![rng.pick(TITLES).to_string()];
    if rng.chance(70) {
        lines.push(rng.pick(DATES).to_string());
    }
    if rng.chance(70) {
        lines.push(rng.pick(BYLINES).to_string());
    }
    if rng.chance(20) {
        lines.push("جانب من الاجتماع الذي عقد في العاصمة اليوم - Reuters".to_string());
    }
    // The text: a copy of an earlier file's, or new paragraphs, short lines
    // and widgets; sometimes a control character.
    let body = if !bodies.is_empty() && rng.chance(20) {
        bodies[rng.below(bodies.len())].clone()
    } else {
        let mut text = Vec::new();
        for _ in 0..2 + rng.below(4) {
            let mut p = rng.pick(SENTENCES).to_string();
            if rng.chance(10) {
                let at = p.char_indices().filter(|(_, c)| *c == ' ').nth(3).map_or(0, |(i, _)| i);
                p.insert(at, '\u{1a}');
            }
            text.push(p);
            match rng.below(10) {
                0 => text.push(rng.pick(SHORT).to_string()),
                1 => text.extend([SHORT[1].to_string(), SHORT[2].to_string()]),
                2 => text.push(rng.pick(FURNITURE).to_string()),
                _ => {}
            }
        }
        text.join("\n")
    };
    bodies.push(body.clone());
    lines.push(body);
    if rng.chance(80) {
        lines.push(rng.pick(SOURCES).to_string());
    }
    if rng.chance(50) {
        lines.extend(["إقرأ أيضاً:".to_string(), rng.pick(TITLES).to_string(), rng.pick(SENTENCES).to_string()]);
    }
    lines.join(if rng.chance(50) { "\n\n" } else { "\n" }) + "\n"
}

/// What a report says about the file's text (not where it went).
fn converted(r: &FileReport) -> impl PartialEq + std::fmt::Debug + '_ {
    (&r.title, &r.date, r.draft, &r.source, &r.author, &r.dateline, &r.tags, &r.body, &r.error)
}

#[test]
fn each_file_converts_alone_as_in_the_batch() {
    let opts = Options { dry_run: true, force: false, today: NaiveDate::from_ymd_opt(2015, 7, 31).unwrap() };
    let config = Config::default();
    let mut folded = 0;
    for seed in 1..=6u64 {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
        let mut bodies = Vec::new();
        let files: Vec<PathBuf> = (0..30)
            .map(|i| {
                let path = site.join(format!("raw-{i:02}.txt"));
                std::fs::write(&path, raw_file(&mut rng, &mut bodies)).unwrap();
                path
            })
            .collect();
        let batch = run(site, &config, &files, &opts);
        assert_eq!(batch.len(), files.len());
        for (file, in_batch) in files.iter().zip(&batch) {
            let alone = run(site, &config, std::slice::from_ref(file), &opts);
            assert_eq!(converted(&alone[0]), converted(in_batch), "seed {seed}, {}", file.display());
            assert_eq!(in_batch.status == Status::Error, in_batch.error.is_some());
            folded += usize::from(in_batch.warnings.iter().any(|w| w.message.contains("folded into")));
        }
    }
    assert!(folded > 0, "the batches hold copies of one text");
}
