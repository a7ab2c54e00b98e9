//! Whether a phrase found by statistics can be a subject a reader follows.
//!
//! A phrase that recurs as a unit across the archive may still be a piece of
//! a sentence. These rules, on the classes of its words
//! ([`super::lexicon::class`]), turn away what an editor would: a formula
//! (`يرحمه الله`), a number or a unit (`برميل يوميا`), a function word,
//! verb, pronoun or honorific at either edge (`اليمني يجتمع`, `تعايد
//! منسوبيها`, `وسمو ولي`), a phrase cut inside a longer one (it ends in a
//! word that never ends a phrase: `إعادة`, or in a title: `الشريفين
//! الملك`), an office without its holder (`ولي العهد`, `نائب خادم`,
//! `أمير منطقة عسير`), a given name alone (`محمد`), and words that are
//! common nouns or adjectives on their own (`المهرجان`, `الإيراني`).
//!
//! Known subjects (see [`super::knowledge`]) and keyword lines are not
//! judged: an editor has already said they are subjects.

use super::lexicon::{class::*, Key};

/// Why a phrase is not a subject (one reason, the first rule it breaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reject {
    /// A word of a formula (`الله`) anywhere: a religious or courtesy phrase.
    Formula,
    /// A number anywhere (`505 ألف`).
    Number,
    /// A function word anywhere (`داعش في`).
    FunctionWord,
    /// A verb anywhere: a piece of a sentence (`اليمني يجتمع`).
    Verb,
    /// An honorific, unit, pronoun, adverb, plural of a common noun or
    /// short word at an edge.
    Edge,
    /// Headed by a verbal noun: an action (`إجراء المقابلات`, `استقبال
    /// الطلبات`).
    Action,
    /// Starts with بن or ends with بن, آل, عبد: a piece of a name.
    Connector,
    /// Ends with a common noun (`فعاليات المهرجان`).
    GenericEnd,
    /// Ends with a word that almost never ends a phrase (`إعادة`).
    ConstructEnd,
    /// Ends with a title (`الشريفين الملك`).
    TitleEnd,
    /// A title and a name: the name alone is the subject.
    TitleStart,
    /// Offices, titles, generic words, adjectives and places only
    /// (`وزير الخارجية`, `قرار قضائي`).
    OfficeOnly,
    /// Given names only (`محمد`, `سلمان فهد`).
    GivenNames,
    /// One word that is a common noun, adjective, plural, verb or adverb.
    CommonWord,
}

/// Share of a word's uses that must end a segment for it to end a subject.
const MIN_END_RATIO: f64 = 0.06;
/// Uses of a word before that share says anything (a name used twice may
/// never have ended a sentence).
const END_EVIDENCE: u32 = 20;

/// Whether a word is (almost) never at the end of a phrase, on enough uses
/// to say so: the head of a longer phrase (`إعادة`, `مكافحة`).
fn never_ends(w: &Key) -> bool {
    w.count >= END_EVIDENCE && w.end_ratio() < MIN_END_RATIO
}

/// A phrase to judge.
pub struct Phrase<'k> {
    /// Its words' keys.
    pub words: Vec<&'k Key>,
    /// Per word: a known subject of one word (a place, a body), for
    /// offices that name one (`أمير عسير`).
    pub known: Vec<bool>,
    /// The last word is written with ل before the article (`للمناصحة`):
    /// the complement of an institution's name, never the end of a
    /// person's.
    pub ends_with_lam: bool,
}

/// Judges a phrase.
pub fn judge(phrase: &Phrase) -> Result<(), Reject> {
    let words = &phrase.words;
    let n = words.len();
    let (first, last) = (words[0], words[n - 1]);
    if words.iter().any(|w| w.is(FORMULA)) {
        return Err(Reject::Formula);
    }
    if words.iter().any(|w| w.is(DIGIT)) {
        return Err(Reject::Number);
    }
    if words.iter().any(|w| w.is(STOP)) {
        return Err(Reject::FunctionWord);
    }
    if words.iter().any(|w| w.is(VERB)) {
        return Err(Reject::Verb);
    }
    for w in [first, last] {
        if w.is(HONORIFIC | UNIT | PRONOUN | SHORT | ADVERB | COUNTED) {
            return Err(Reject::Edge);
        }
    }
    let is_patronym = |w: &Key| matches!(&*w.text, "بن" | "بنت" | "ابن");
    if is_patronym(first) || last.is(CONNECTOR) {
        return Err(Reject::Connector);
    }
    // A prefix left on the first word (`لكرة القدم`).
    if first.is(CLITIC_FORM) {
        return Err(Reject::Edge);
    }
    // `عبد العزيز` is one given name written in two words.
    if n == 2 && &*first.text == "عبد" {
        return Err(Reject::GivenNames);
    }
    if n == 1 {
        return one_word(first);
    }
    // A bare verbal noun heads an action (`إجراء المقابلات`); with the
    // article it names a thing (`المقاومة الشعبية`, `المعارضة السورية`).
    if first.is(ACTION) && !first.is(ARTICLE) {
        return Err(Reject::Action);
    }
    if last.is(GENERIC) && !last.is(NISBA) {
        return Err(Reject::GenericEnd);
    }
    if never_ends(last) && !last.is(GIVEN_NAME) {
        return Err(Reject::ConstructEnd);
    }
    if last.is(PERSON_TITLE) {
        return Err(Reject::TitleEnd);
    }
    if first.is(GIVEN_NAME) && phrase.ends_with_lam {
        // `محمد بن نايف للمناصحة`: a piece of `مركز محمد بن نايف للمناصحة`.
        return Err(Reject::Connector);
    }
    if first.is(PERSON_TITLE) {
        // A king is named by his title and given name (`الملك سلمان`).
        let king = &*first.text == "الملك" && n == 2 && last.is(GIVEN_NAME);
        return if king { Ok(()) } else { Err(Reject::TitleStart) };
    }
    let common = OFFICE | GENERIC | HONORIFIC | NISBA | BARE_NISBA | DESCRIPTOR;
    if words.iter().zip(&phrase.known).all(|(w, &known)| w.is(common) || known) {
        return Err(Reject::OfficeOnly);
    }
    let patronymic = n >= 3 && words[1..n - 1].iter().any(|w| is_patronym(w));
    if words.iter().all(|w| w.is(GIVEN_NAME | CONNECTOR)) && !patronymic {
        return Err(Reject::GivenNames);
    }
    Ok(())
}

/// A subject of one word must be a name: not a given name, office or
/// generic noun, and used the way names are (never with and without the
/// article, no verb or adverb forms, not a nisba, a plural or a verbal
/// noun such as `التشاور`).
fn one_word(w: &Key) -> Result<(), Reject> {
    if w.is(GIVEN_NAME | CONNECTOR) {
        return Err(Reject::GivenNames);
    }
    if w.is(OFFICE | DESCRIPTOR) {
        return Err(Reject::OfficeOnly);
    }
    if w.is(GENERIC | NISBA | BARE_NISBA | PLURAL | ALTERNATES | ACTION) {
        return Err(Reject::CommonWord);
    }
    if never_ends(w) {
        return Err(Reject::ConstructEnd);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key with these classes, used 100 times, ending a segment `end` of them.
    fn k(text: &str, class: u32, end: u32) -> Key {
        Key { text: text.into(), count: 100, seg_end: end, class }
    }

    fn name(text: &str) -> Key {
        k(text, 0, 30)
    }

    fn judge2(words: &[Key]) -> Result<(), Reject> {
        let known = words.iter().map(|w| &*w.text == "عسير").collect();
        judge(&Phrase { words: words.iter().collect(), known, ends_with_lam: false })
    }

    #[test]
    fn names_places_and_subjects_pass() {
        assert_eq!(judge2(&[name("قناه"), name("السويس")]), Ok(()));
        assert_eq!(judge2(&[name("اوباما")]), Ok(()));
        assert_eq!(judge2(&[k("الملك", PERSON_TITLE | OFFICE, 5), k("سلمان", GIVEN_NAME, 20)]), Ok(()));
        let bin = k("بن", GIVEN_NAME | CONNECTOR, 0);
        assert_eq!(
            judge2(&[k("محمد", GIVEN_NAME, 5), bin.clone(), k("نايف", GIVEN_NAME, 2)]),
            Ok(()),
            "a patronymic name"
        );
        assert_eq!(judge2(&[name("المقاومه"), k("الشعبي", NISBA | GENERIC, 40)]), Ok(()), "an adjective may end one");
    }

    #[test]
    fn formulae_numbers_and_function_words() {
        assert_eq!(judge2(&[k("يرحمه", VERB, 0), k("الله", FORMULA, 50)]), Err(Reject::Formula));
        assert_eq!(judge2(&[k("505", DIGIT | STOP, 0), k("الف", UNIT, 5)]), Err(Reject::Number));
        assert_eq!(judge2(&[k("داعش", 0, 30), k("في", STOP, 0)]), Err(Reject::FunctionWord));
    }

    #[test]
    fn edges_units_verbs_pronouns_honorifics() {
        assert_eq!(judge2(&[k("برميل", UNIT, 10), k("يوميا", UNIT, 50)]), Err(Reject::Edge));
        assert_eq!(judge2(&[k("اليمني", NISBA, 10), k("يجتمع", VERB, 20)]), Err(Reject::Verb));
        assert_eq!(judge2(&[k("تعايد", VERB, 0), k("منسوبيها", PRONOUN, 40)]), Err(Reject::Verb));
        assert_eq!(judge2(&[name("منسوبي"), k("منسوبيها", PRONOUN, 40)]), Err(Reject::Edge));
        assert_eq!(judge2(&[k("اتصالا", ADVERB, 5), k("هاتفيا", ADVERB, 40)]), Err(Reject::Edge));
        assert_eq!(judge2(&[name("تقنيات"), k("تصنع", VERB, 5), name("تباينا")]), Err(Reject::Verb), "inside too");
        assert_eq!(judge2(&[k("سمو", HONORIFIC, 0), k("ولي", PERSON_TITLE | OFFICE, 5)]), Err(Reject::Edge));
    }

    #[test]
    fn pieces_of_longer_phrases() {
        let bin = k("بن", GIVEN_NAME | CONNECTOR, 0);
        assert_eq!(judge2(&[bin.clone(), k("عبدالعزيز", GIVEN_NAME, 10)]), Err(Reject::Connector));
        assert_eq!(judge2(&[k("محمد", GIVEN_NAME, 5), bin]), Err(Reject::Connector));
        assert_eq!(judge2(&[name("مكافحه"), k("اعاده", 0, 0)]), Err(Reject::ConstructEnd));
        assert_eq!(judge2(&[name("الحرمين"), k("الملك", PERSON_TITLE | OFFICE, 10)]), Err(Reject::TitleEnd));
        assert_eq!(judge2(&[name("فعاليات"), k("المهرجان", GENERIC, 30)]), Err(Reject::GenericEnd));
    }

    #[test]
    fn a_name_does_not_end_with_an_institution_complement() {
        let words =
            [k("محمد", GIVEN_NAME, 5), k("بن", GIVEN_NAME | CONNECTOR, 0), k("نايف", GIVEN_NAME, 5), name("المناصحه")];
        let phrase = |lam| Phrase { words: words.iter().collect(), known: vec![false; 4], ends_with_lam: lam };
        assert_eq!(judge(&phrase(true)), Err(Reject::Connector));
        assert_eq!(judge(&phrase(false)), Ok(()));
    }

    #[test]
    fn actions_plurals_and_counts() {
        assert_eq!(judge2(&[k("اجراء", ACTION, 0), name("المقابلات")]), Err(Reject::Action));
        assert_eq!(judge2(&[k("المقاومه", ACTION | ARTICLE, 8), k("الشعبيه", NISBA, 30)]), Ok(()), "a thing");
        assert_eq!(judge2(&[k("التشاور", ACTION | ARTICLE, 20)]), Err(Reject::CommonWord));
        assert_eq!(judge2(&[k("امراتين", COUNTED, 20)]), Err(Reject::Edge));
        assert_eq!(judge2(&[k("مقاتلي", COUNTED, 1), name("داعش")]), Err(Reject::Edge));
    }

    #[test]
    fn offices_without_holder_and_titles() {
        let office = |t: &str| k(t, OFFICE, 20);
        let title = |t: &str| k(t, OFFICE | PERSON_TITLE, 20);
        assert_eq!(judge2(&[title("ولي"), office("العهد")]), Err(Reject::TitleStart));
        assert_eq!(judge2(&[title("نائب"), title("خادم")]), Err(Reject::TitleEnd));
        assert_eq!(judge2(&[office("وزاره"), office("الخارجيه")]), Err(Reject::OfficeOnly));
        assert_eq!(judge2(&[office("منطقه"), name("عسير")]), Err(Reject::OfficeOnly), "an office named by a place");
        assert_eq!(judge2(&[title("الامير"), name("خالد"), name("الفيصل")]), Err(Reject::TitleStart));
    }

    #[test]
    fn prefixes_left_at_the_edge_and_split_given_names() {
        assert_eq!(judge2(&[k("لكره", CLITIC_FORM, 0), name("القدم")]), Err(Reject::Edge));
        assert_eq!(judge2(&[k("لمده", CLITIC_FORM, 10)]), Err(Reject::Edge));
        let abd = k("عبد", GIVEN_NAME | CONNECTOR, 0);
        assert_eq!(judge2(&[abd.clone(), name("العزيز")]), Err(Reject::GivenNames));
        assert_eq!(judge2(&[abd, name("ربه"), name("منصور"), name("هادي")]), Ok(()));
    }

    #[test]
    fn one_word_must_be_a_name() {
        assert_eq!(judge2(&[k("محمد", GIVEN_NAME, 20)]), Err(Reject::GivenNames));
        assert_eq!(judge2(&[k("المملكه", GENERIC, 20)]), Err(Reject::CommonWord));
        assert_eq!(judge2(&[k("المهرجان", ALTERNATES, 20)]), Err(Reject::CommonWord));
        assert_eq!(judge2(&[k("الايراني", NISBA, 20)]), Err(Reject::CommonWord));
        assert_eq!(judge2(&[k("رسميا", ADVERB, 60)]), Err(Reject::Edge));
        assert_eq!(judge2(&[k("تعزيز", 0, 0)]), Err(Reject::ConstructEnd));
        let rare = Key { text: "بوتين".into(), count: 2, seg_end: 0, class: 0 };
        assert_eq!(judge2(&[rare]), Ok(()), "two uses say nothing of where a word ends");
        assert_eq!(judge2(&[k("وزير", OFFICE | PERSON_TITLE, 10)]), Err(Reject::OfficeOnly));
    }
}
