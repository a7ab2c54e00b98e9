//! URL slugs that keep Arabic letters.
//!
//! Arabic readers share links; a slug of Latin transliteration is unreadable
//! to them, so slugs keep the letters as written, drop what does not belong in
//! a path segment, and stay short enough for file systems and link previews.

use crate::arabic::{fold_digits, is_diacritic};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Longest slug, in characters (not bytes: Arabic letters take two bytes).
pub const MAX_SLUG_CHARS: usize = 60;

/// The slug of a tag named `name` (`tag` when nothing of it is left).
pub fn tag_slug(name: &str) -> String {
    match slugify(name) {
        s if s.is_empty() => "tag".to_string(),
        s => s,
    }
}

/// `base` when it is free, else the first free of `base-2`, `base-3`…
/// (`from` is the first number tried): the one rule for names that clash,
/// for tag slugs and article paths alike. `taken` says whether a name is
/// used; `suffix` goes after the number (`/` for a path).
pub fn first_free(base: &str, from: usize, suffix: &str, taken: impl Fn(&str) -> bool) -> String {
    let plain = format!("{base}{suffix}");
    if from <= 1 && !taken(&plain) {
        return plain;
    }
    (from.max(2)..).map(|k| format!("{base}-{k}{suffix}")).find(|c| !taken(c)).expect("a free number")
}

/// Slug of `text`: diacritics and tatweel removed, letters and digits kept,
/// everything else folded into single hyphens, cut at a word boundary.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut hyphen = false;
    for c in fold_digits(text).chars() {
        if is_diacritic(c) || c == '\u{0640}' || c == '\u{200C}' || c == '\u{200D}' {
            continue;
        }
        if crate::arabic::is_alphanumeric(c) {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.extend(c.to_lowercase());
        } else {
            hyphen = true;
        }
    }
    if out.chars().count() > MAX_SLUG_CHARS {
        let cut: String = out.chars().take(MAX_SLUG_CHARS).collect();
        out = match cut.rfind('-') {
            Some(i) if i > cut.len() / 2 => cut[..i].to_string(),
            _ => cut,
        };
    }
    out
}

/// Characters escaped in a URL path segment (everything but unreserved ASCII).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a root-relative path, segment by segment, keeping `/`.
pub fn encode_path(path: &str) -> String {
    // `/` is not in PATH_SEGMENT's unreserved set; encode around it.
    let mut out = String::with_capacity(path.len() * 3);
    for (n, seg) in path.split('/').enumerate() {
        if n > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(seg, PATH_SEGMENT));
    }
    out
}

/// A root-relative path as a link of the site's pages: an IRI, Arabic
/// letters as they are (`/2023/09/دعوة/`), not percent-encoded.
///
/// Percent-encoded, an Arabic letter takes six bytes where it takes two:
/// a fifth of a built site's bytes were `%XX` of its own links. HTML takes
/// IRIs in `href` (a browser encodes them when it follows one, so a server
/// gets the same request as before), and shows them decoded anyway. What
/// must stay a URI (feeds, sitemaps, canonical and JSON-LD URLs, redirects'
/// targets) goes through [`encode_iri`] (`Config::absolute_url`).
/// Characters a link cannot hold as they are (ASCII that is not allowed or
/// means something in a URL, space, controls, and other characters than
/// letters and digits beyond ASCII) are still encoded; a `%XX` escape
/// already there is kept.
pub fn link_path(path: &str) -> String {
    if path.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~')) {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len());
    let mut bytes = [0u8; 4];
    for (i, c) in path.char_indices() {
        let keep = match c {
            '/' | '-' | '_' | '.' | '~' => true,
            // An escape already written (a menu's `url = "/%D8%AF/"`) stays one.
            '%' => path.as_bytes().get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
            c if c.is_ascii() => c.is_ascii_alphanumeric(),
            c => crate::arabic::is_alphanumeric(c),
        };
        if keep {
            out.push(c);
        } else {
            out.extend(utf8_percent_encode(c.encode_utf8(&mut bytes), PATH_SEGMENT));
        }
    }
    out
}

/// An IRI (a link path of [`link_path`], or a URL with one) as a URI: every
/// byte beyond ASCII percent-encoded, the rest as it is.
pub fn encode_iri(iri: &str) -> std::borrow::Cow<'_, str> {
    if iri.is_ascii() {
        return std::borrow::Cow::Borrowed(iri);
    }
    std::borrow::Cow::Owned(utf8_percent_encode(iri, &AsciiSet::EMPTY).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_arabic_letters_and_uris_encode_them() {
        assert_eq!(link_path("/2023/09/دعوة/"), "/2023/09/دعوة/");
        assert_eq!(link_path("/news/tags/كيم-جونغ-2/"), "/news/tags/كيم-جونغ-2/");
        assert_eq!(link_path("/page/2/"), "/page/2/");
        // What a URL path cannot hold raw is encoded, Arabic or not.
        assert_eq!(link_path("/a b/?#%\"/"), "/a%20b/%3F%23%25%22/");
        assert_eq!(link_path("/\u{200f}ق\u{feff}/"), "/%E2%80%8Fق%EF%BB%BF/");
        assert_eq!(link_path("/٢٠٢٣/"), "/٢٠٢٣/");
        assert_eq!(link_path("/%D8%AF/100%/%zz"), "/%D8%AF/100%25/%25zz", "escapes kept, a lone % encoded");
        // The URI of a link is what `encode_path` always wrote.
        for path in ["/2023/09/دعوة/", "/news/tags/كيم-جونغ-2/", "/a b/?#%\"/", "/\u{200f}ق/", "/x/"] {
            assert_eq!(encode_iri(&link_path(path)), encode_path(path), "{path}");
        }
        assert_eq!(
            encode_iri("https://example.org/2023/09/دعوة/"),
            "https://example.org/2023/09/%D8%AF%D8%B9%D9%88%D8%A9/"
        );
        assert!(matches!(encode_iri("https://example.org/x/"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn a_clash_takes_the_first_free_number() {
        let taken = ["روسيا", "روسيا-2"];
        assert_eq!(first_free("روسيا", 1, "", |c| taken.contains(&c)), "روسيا-3");
        assert_eq!(first_free("كيم", 1, "", |c| taken.contains(&c)), "كيم");
        assert_eq!(first_free("2023/09/a", 3, "/", |c| c == "2023/09/a-3/"), "2023/09/a-4/");
        assert_eq!(tag_slug("!!"), "tag");
    }

    #[test]
    fn keeps_arabic_letters_and_folds_punctuation() {
        assert_eq!(slugify("بوتين يقبل دعوة من كيم!"), "بوتين-يقبل-دعوة-من-كيم");
        assert_eq!(slugify("“بوتين” يلتقي “كيم جونج أون”"), "بوتين-يلتقي-كيم-جونج-أون");
    }

    #[test]
    fn drops_diacritics_and_tatweel_and_folds_digits() {
        assert_eq!(slugify("مُحَمَّد الـسلام ٢٠٢٣"), "محمد-السلام-2023");
    }

    #[test]
    fn lowercases_latin() {
        assert_eq!(slugify("Hello, World 2024"), "hello-world-2024");
    }

    #[test]
    fn bounded_length_at_word_boundary() {
        let long = "كلمة ".repeat(40);
        let s = slugify(&long);
        assert!(s.chars().count() <= MAX_SLUG_CHARS);
        assert!(!s.ends_with('-'));
        assert!(s.ends_with("كلمة"));
    }

    #[test]
    fn encodes_arabic_paths() {
        assert_eq!(encode_path("/tags/روسيا/"), "/tags/%D8%B1%D9%88%D8%B3%D9%8A%D8%A7/");
        assert_eq!(encode_path("/2023/09/a-b/"), "/2023/09/a-b/");
    }
}
