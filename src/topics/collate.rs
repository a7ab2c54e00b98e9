//! Tag index orders: by count, and alphabetically in Arabic letter order.

use super::Topics;
use crate::arabic::key;

/// Arabic letters in dictionary order, on keys (alef forms, ة and ى are
/// already folded by [`key`]); Persian letters sit next to their nearest
/// Arabic letter.
const ARABIC_ORDER: &str = "ءابپتثجچحخدذرزژسشصضطظعغفڤقكگلمنهوي";

fn rank(c: char) -> u32 {
    if c == ' ' || c == '-' {
        return 0;
    }
    if let Some(i) = ARABIC_ORDER.chars().position(|a| a == c) {
        return 1 + i as u32;
    }
    if c.is_ascii_digit() {
        return 100 + (c as u32 - '0' as u32);
    }
    if c.is_ascii_lowercase() {
        return 200 + (c as u32 - 'a' as u32);
    }
    1000 + c as u32
}

/// Sort key of a name: Arabic letters in alphabet order, the article ال at
/// the start of a word left out as Arabic indexes do (`الزعيم` under ز,
/// `الأمم المتحدة` under أ), then digits, then Latin. Ties go to the name
/// with fewer articles left out, so `زعيم` comes before `الزعيم`.
pub fn collation_key(name: &str) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(name.len());
    let mut left_out = 0;
    // Read on the name as written: matching keys fold `أ` to `ا`, and
    // `ألمانيا` does not begin with the article.
    for word in name.split_whitespace() {
        let stem = match word.strip_prefix("ال") {
            Some(rest) if key(rest).chars().count() >= 2 => {
                left_out += 1;
                key(rest)
            }
            _ => key(word),
        };
        if stem.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(rank(' '));
        }
        out.extend(stem.chars().map(rank));
    }
    out.push(0);
    out.push(left_out);
    out
}

/// Tag indices by member count (most first), then alphabetically.
pub fn by_count(topics: &Topics) -> Vec<usize> {
    let keys: Vec<Vec<u32>> = topics.tags.iter().map(|t| collation_key(&t.name)).collect();
    let mut idx: Vec<usize> = (0..topics.tags.len()).collect();
    idx.sort_by(|&a, &b| {
        let (ta, tb) = (&topics.tags[a], &topics.tags[b]);
        tb.members.len().cmp(&ta.members.len()).then_with(|| keys[a].cmp(&keys[b])).then_with(|| ta.name.cmp(&tb.name))
    });
    idx
}

/// Tag indices in Arabic alphabetical order of their names.
pub fn by_name(topics: &Topics) -> Vec<usize> {
    let keys: Vec<Vec<u32>> = topics.tags.iter().map(|t| collation_key(&t.name)).collect();
    let mut idx: Vec<usize> = (0..topics.tags.len()).collect();
    idx.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then_with(|| topics.tags[a].name.cmp(&topics.tags[b].name)));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letter_order_then_latin() {
        let mut v = vec!["Reuters", "غزة", "إيران", "بوتين", "السودان", "آسيا", "2023", "ياسر", "ثقافة"];
        v.sort_by_key(|s| collation_key(s));
        assert_eq!(v, vec!["آسيا", "إيران", "بوتين", "ثقافة", "السودان", "غزة", "ياسر", "2023", "Reuters"]);
    }

    #[test]
    fn the_article_al_is_ignored_at_the_start_of_each_word() {
        let mut v = vec!["الزعيم", "زعيم", "الأمم المتحدة", "دول الخليج", "الدول العربية", "اليمن", "ألمانيا"];
        v.sort_by_key(|s| collation_key(s));
        assert_eq!(v, vec!["ألمانيا", "الأمم المتحدة", "دول الخليج", "الدول العربية", "زعيم", "الزعيم", "اليمن"]);
        // A word that is only ال plus one letter keeps it: الف is not ف.
        assert!(collation_key("الف") < collation_key("باب"));
    }

    #[test]
    fn alef_forms_sort_together() {
        assert_eq!(collation_key("أحمد"), collation_key("احمد"));
        assert!(collation_key("إسرائيل") < collation_key("بيروت"));
    }
}
