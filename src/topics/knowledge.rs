//! What warraq knows before it reads an archive: `knowledge.toml`, embedded
//! in the binary, plus what a site adds in `[topics]`.
//!
//! Two kinds of knowledge. **Subjects** (countries, capitals, Gulf regions
//! and cities, international bodies, leagues and clubs, events, clear
//! subjects) with their other spellings: each is looked for in every
//! article and is a tag once enough articles are about it; they need no
//! statistics, so a place named by three articles in an archive of ten
//! thousand is found. **Word classes** (given names, offices, honorifics,
//! formulae, units, generic nouns) that decide whether a phrase found by
//! statistics can be a subject at all (see [`super::shape`]).

use super::text::WordBuild;
use crate::arabic::{key, variant_key};
use crate::config::TopicsConfig;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// A set of word keys (looked up for every word of an archive: a fast hasher).
pub type WordSet = HashSet<String, WordBuild>;
use std::sync::OnceLock;

const FILE: &str = include_str!("knowledge.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    subjects: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    words: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    given_names: Vec<String>,
    offices: Vec<String>,
    person_titles: Vec<String>,
    honorifics: Vec<String>,
    formulae: Vec<String>,
    formula_words: Vec<String>,
    units: Vec<String>,
    generic: Vec<String>,
    function_words: Vec<String>,
    descriptors: Vec<String>,
    institutions: Vec<String>,
    actions: Vec<String>,
}

/// A known subject: the name to show and its other spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The tag name shown for it.
    pub name: String,
    /// Other spellings that mean the same subject (the name not among them).
    pub spellings: Vec<String>,
}

/// Word classes, as sets of variant keys ([`word_key`]).
#[derive(Debug, Default)]
pub struct Classes {
    /// `محمد`, `سلمان`: a given name alone is no subject, nor a mention of
    /// a longer name.
    pub given_names: WordSet,
    /// `وزير`, `العهد`, and every person title: a phrase of these alone is
    /// an office without its holder.
    pub offices: WordSet,
    /// `الأمير`, `الرئيس`, and the site's `[topics] offices`: a phrase
    /// starting with one is a title and a name.
    pub person_titles: WordSet,
    /// Honorifics and courtesy words: never at either end of a subject.
    pub honorifics: WordSet,
    /// `الله`: a phrase holding one (outside a name) is a formula.
    pub formula_words: WordSet,
    /// Units, currencies and counting words: a number's company.
    pub units: WordSet,
    /// Nouns too general to follow (`العيد`): never a subject alone, nor
    /// at a subject's end.
    pub generic: WordSet,
    /// News function words the shared stop list lacks: never at a
    /// subject's ends.
    pub function_words: WordSet,
    /// `منطقة`, `تنظيم`: before a name, the same subject.
    pub descriptors: WordSet,
    /// `مستشفى`, `جامعة`: a person named after one is not mentioned.
    pub institutions: WordSet,
    /// `مقتل`, `دخول`: nouns that head a phrase about one occurrence.
    pub actions: WordSet,
    /// Whole formulae, each as its words' variant keys joined by spaces.
    pub formulae: WordSet,
}

/// Everything known for one grouping: the embedded file and the site's
/// additions.
#[derive(Debug)]
pub struct Knowledge {
    /// The site's aliases (each `name = [spellings]` entry is a subject
    /// too), then the embedded subjects: a name given by the site wins.
    pub subjects: Vec<Known>,
    /// The word classes, with the site's `offices`.
    pub classes: Classes,
}

/// The variant key of one word as written: how word classes are compared.
pub fn word_key(word: &str) -> String {
    variant_key(&key(word))
}

fn set(words: &[String]) -> WordSet {
    words.iter().map(|w| word_key(w)).collect()
}

struct Embedded {
    subjects: Vec<Known>,
    words: Words,
}

fn embedded() -> &'static Embedded {
    static E: OnceLock<Embedded> = OnceLock::new();
    E.get_or_init(|| {
        let file: File = toml::from_str(FILE).expect("src/topics/knowledge.toml is valid (a test checks it)");
        let subjects =
            file.subjects.into_values().flatten().map(|(name, spellings)| Known { name, spellings }).collect();
        Embedded { subjects, words: file.words }
    })
}

impl Knowledge {
    /// The embedded knowledge extended by a site's `[topics]` section:
    /// `aliases` entries are subjects, `offices` are offices and titles.
    pub fn new(config: &TopicsConfig) -> Knowledge {
        let e = embedded();
        let mut subjects: Vec<Known> = config
            .aliases
            .iter()
            .map(|(name, spellings)| Known { name: name.clone(), spellings: spellings.clone() })
            .collect();
        subjects.extend(e.subjects.iter().cloned());
        let w = &e.words;
        let mut person_titles = set(&w.person_titles);
        person_titles.extend(config.offices.iter().map(|o| word_key(o)));
        // A phrase of titles and offices alone is an office.
        let mut offices = set(&w.offices);
        offices.extend(person_titles.iter().cloned());
        let classes = Classes {
            given_names: set(&w.given_names),
            offices,
            person_titles,
            honorifics: set(&w.honorifics),
            formula_words: set(&w.formula_words),
            units: set(&w.units),
            generic: set(&w.generic),
            function_words: set(&w.function_words),
            descriptors: set(&w.descriptors),
            institutions: set(&w.institutions),
            actions: set(&w.actions),
            formulae: w
                .formulae
                .iter()
                .map(|f| f.split_whitespace().map(word_key).collect::<Vec<_>>().join(" "))
                .collect(),
        };
        Knowledge { subjects, classes }
    }

    /// Every subject's name and spellings, for the lexicon to know their
    /// words before it reads the archive.
    pub fn strings(&self) -> impl Iterator<Item = &str> {
        self.subjects
            .iter()
            .flat_map(|k| std::iter::once(k.name.as_str()).chain(k.spellings.iter().map(String::as_str)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_file_parses_and_has_each_kind() {
        let k = Knowledge::new(&TopicsConfig::default());
        assert!(k.subjects.len() > 250, "{}", k.subjects.len());
        let names: HashSet<&str> = k.subjects.iter().map(|s| s.name.as_str()).collect();
        for n in ["اليمن", "الرياض", "جدة", "الأمم المتحدة", "الهلال", "ريال مدريد", "عيد الفطر", "التحرش"]
        {
            assert!(names.contains(n), "{n}");
        }
        let c = &k.classes;
        assert!(c.given_names.contains(&word_key("محمد")));
        assert!(c.offices.contains(&word_key("وزير")));
        assert!(c.person_titles.contains(&word_key("الأمير")));
        assert!(c.honorifics.contains(&word_key("سمو")));
        assert!(c.units.contains(&word_key("برميل")));
        assert!(c.generic.contains(&word_key("المملكة")));
        assert!(c.formulae.contains(&["رحمه", "الله"].map(word_key).join(" ")));
    }

    #[test]
    fn a_site_adds_subjects_and_offices() {
        let mut config = TopicsConfig::default();
        config.aliases.insert("نيوم".into(), vec!["مشروع نيوم".into()]);
        config.offices = vec!["العمدة".into()];
        let k = Knowledge::new(&config);
        assert!(k.subjects.iter().any(|s| s.name == "نيوم" && s.spellings == ["مشروع نيوم"]));
        assert!(k.classes.person_titles.contains(&word_key("العمدة")));
        assert!(k.classes.offices.contains(&word_key("العمدة")));
    }

    #[test]
    fn no_subject_is_listed_twice_under_one_spelling() {
        let k = Knowledge::new(&TopicsConfig::default());
        let mut seen = std::collections::HashMap::new();
        for s in &k.subjects {
            for sp in std::iter::once(&s.name).chain(&s.spellings) {
                let key = crate::topics::text::phrase_hash(sp).unwrap();
                if let Some(other) = seen.insert(key, &s.name) {
                    assert_eq!(other, &s.name, "{sp} is under {other} and {}", s.name);
                }
            }
        }
    }
}
