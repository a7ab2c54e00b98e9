//! A fast path for the front matter that ingest writes and most editors
//! keep: one `key = value` per line, basic strings without escapes, a date,
//! one-line arrays of `tags` and `sources`, `draft`, and the `[ingest]`
//! table (without `[[ingest.folded]]` copies, which go to the TOML parser).
//!
//! The TOML parser spends most of its time on generality this shape never
//! uses (spans, events, a token buffer, serde's buffering of `flatten`), and
//! at 10,000 articles it was a fifth of loading. [`parse`] accepts only text
//! it can read exactly as the TOML parser would and returns `None` for
//! anything else (comments, escapes, literal or multi-line strings,
//! multi-line arrays, inline tables, dotted or quoted keys, unknown or
//! repeated keys, a missing title or `[ingest]` field, a value of the wrong
//! type...). The caller then runs the TOML parser, so errors, their
//! `path:line` and unknown-key reports come from one place and stay as they
//! were.

use super::frontmatter::{FrontMatter, IngestRecord};

/// Front matter of the common shape, or `None` to take the TOML parser.
pub(super) fn parse(front: &str) -> Option<FrontMatter> {
    let mut fm = FrontMatter::default();
    let mut title = None;
    let mut seen = 0u16;
    let mut ingest: Option<(Option<String>, Option<String>, Option<String>)> = None;
    for line in front.split_inclusive('\n') {
        // A line ends in LF or CRLF; a CR anywhere else is left in the line,
        // where it is not whitespace, so the line is refused.
        let line = line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        let line = line.trim_matches(is_ws);
        if line.is_empty() {
            continue;
        }
        if line == "[ingest]" {
            if ingest.is_some() || fm.ingest.is_some() {
                return None;
            }
            ingest = Some((None, None, None));
            continue;
        }
        let (key, value) = line.split_once('=')?;
        let key = key.trim_end_matches(is_ws);
        let mut v = Value(value);
        v.skip_ws();
        match (&mut ingest, key) {
            (None, _) => {
                let bit = match key {
                    "title" => 1,
                    "date" => 2,
                    "tags" => 4,
                    "source" => 8,
                    "draft" => 16,
                    "slug" => 32,
                    "description" => 64,
                    "author" => 128,
                    "dateline" => 256,
                    "sources" => 512,
                    "updated" => 1024,
                    "aliases" => 2048,
                    _ => return None,
                };
                if seen & bit != 0 {
                    return None;
                }
                seen |= bit;
                match key {
                    "title" => title = Some(v.string()?),
                    "date" => fm.date = Some(v.date()?),
                    "tags" => fm.tags = v.strings()?,
                    "source" => fm.source = Some(v.string()?),
                    "draft" => fm.draft = v.boolean()?,
                    "slug" => fm.slug = Some(v.string()?),
                    "author" => fm.author = Some(v.string()?),
                    "dateline" => fm.dateline = Some(v.string()?),
                    "sources" => fm.sources = v.strings()?,
                    "updated" => fm.updated = Some(v.date()?),
                    "aliases" => fm.aliases = v.strings()?,
                    _ => fm.description = Some(v.string()?),
                }
            }
            (Some((file, sha, dated_by)), _) => {
                let slot = match key {
                    "file" => file,
                    "sha256" => sha,
                    "dated_by" => dated_by,
                    _ => return None,
                };
                if slot.is_some() {
                    return None;
                }
                *slot = Some(v.string()?);
            }
        }
        if !v.at_end() {
            return None;
        }
    }
    fm.title = title?;
    if let Some((file, sha256, dated_by)) = ingest {
        fm.ingest = Some(IngestRecord { file: file?, sha256: sha256?, dated_by, folded: Vec::new() });
    }
    Some(fm)
}

/// TOML whitespace (not line breaks).
pub(super) fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The value part of one line, read left to right.
pub(super) struct Value<'a>(pub(super) &'a str);

impl Value<'_> {
    pub(super) fn skip_ws(&mut self) {
        self.0 = self.0.trim_start_matches(is_ws);
    }

    /// Only whitespace is left.
    pub(super) fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.0.is_empty()
    }

    pub(super) fn eat(&mut self, prefix: &str) -> bool {
        match self.0.strip_prefix(prefix) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => false,
        }
    }

    /// A basic string `"..."` whose text needs no decoding: no escapes and
    /// no control characters (which TOML rejects unescaped; tab excepted).
    pub(super) fn string(&mut self) -> Option<String> {
        let rest = self.0.strip_prefix('"')?;
        let (text, after) = rest.split_at(rest.find('"')?);
        if text.bytes().any(|b| b == b'\\' || b == 0x7f || (b < 0x20 && b != b'\t')) {
            return None;
        }
        // `"""` opens a multi-line string: not this shape.
        if text.is_empty() && after.starts_with("\"\"") {
            return None;
        }
        self.0 = &after[1..];
        Some(text.to_string())
    }

    /// A one-line array of such strings (a trailing comma allowed).
    pub(super) fn strings(&mut self) -> Option<Vec<String>> {
        if !self.eat("[") {
            return None;
        }
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            if self.eat("]") {
                return Some(out);
            }
            out.push(self.string()?);
            self.skip_ws();
            if !self.eat(",") {
                self.skip_ws();
                return self.eat("]").then_some(out);
            }
        }
    }

    pub(super) fn boolean(&mut self) -> Option<bool> {
        if self.eat("true") {
            Some(true)
        } else if self.eat("false") {
            Some(false)
        } else {
            None
        }
    }

    /// `YYYY-MM-DD`, or that with `THH:MM:SS`, an optional fraction and
    /// `Z`, `±HH:MM` or no offset: the forms the TOML parser reads as written. Anything the
    /// datetime type rejects goes to the TOML parser for its message.
    fn date(&mut self) -> Option<toml::value::Datetime> {
        let (text, rest) = self.0.split_at(self.0.find(is_ws).unwrap_or(self.0.len()));
        if !is_plain_datetime(text.as_bytes()) {
            return None;
        }
        let dt = text.parse().ok()?;
        self.0 = rest;
        Some(dt)
    }
}

fn is_plain_datetime(s: &[u8]) -> bool {
    let shape = |r: &[u8], pattern: &[u8]| {
        r.len() == pattern.len()
            && r.iter().zip(pattern).all(|(&b, &p)| if p == b'9' { b.is_ascii_digit() } else { b == p })
    };
    if s.len() < 10 || !shape(&s[..10], b"9999-99-99") {
        return false;
    }
    let rest = &s[10..];
    if rest.is_empty() {
        return true;
    }
    if rest.len() < 9 || !shape(&rest[..9], b"T99:99:99") {
        return false;
    }
    let mut rest = &rest[9..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    rest.is_empty()
        || rest == b"Z"
        || (rest.len() == 6 && matches!(rest[0], b'+' | b'-') && shape(&rest[1..], b"99:99"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the TOML parser makes of the same text.
    fn full(front: &str) -> Result<FrontMatter, toml::de::Error> {
        toml::from_str(front)
    }

    /// The fast path takes `front` and agrees with the TOML parser.
    fn agrees(front: &str) -> FrontMatter {
        let fast = parse(front).unwrap_or_else(|| panic!("fast path refused:\n{front}"));
        assert_eq!(Ok(&fast), full(front).as_ref(), "{front}");
        fast
    }

    /// The fast path leaves `front` to the TOML parser.
    fn refused(front: &str) {
        assert_eq!(parse(front), None, "fast path took:\n{front}");
    }

    const INGESTED: &str = "title = \"بوتين يقبل دعوة من كيم\"\ndate = 2023-09-14\ntags = [\"كوريا الشمالية\", \"روسيا\"]\nsource = \"العربي الجديد\"\nsources = [\"العربي الجديد\", \"الرياض\"]\nauthor = \"رنيم حنوش\"\ndateline = \"لندن\"\n\n[ingest]\nfile = \"content/inbox/004_86f0fdc2a1dc9b03.txt\"\nsha256 = \"ab12\"\n";

    #[test]
    fn reads_the_common_shape() {
        let fm = agrees(INGESTED);
        assert_eq!(fm.tags, vec!["كوريا الشمالية", "روسيا"]);
        assert_eq!(fm.ingest.unwrap().file, "content/inbox/004_86f0fdc2a1dc9b03.txt");
        agrees("title = \"x\"\ndraft = true\nslug = \"y\"\ndescription = \"z # not a comment, [not] a table\"\n");
        agrees("title=\"x\"\r\ntags=[]\r\ndraft=false\r\n");
        agrees("  title   =   \"x\"  \t\ntags = [ \"a\" , \"b\" , ]\n");
        agrees("title = \"\"\n");
        agrees("title = \"x\"\n[ingest]\nfile = \"a\"\nsha256 = \"b\"\ndated_by = \"ingest-date\"\n");
        agrees("title = \"tab\there\"\n");
        agrees("title = \"x\"\nsource = \"الرياض\"\nsources = [\"الرياض\", \"عكاظ\"]\nauthor = \"محمد الحيدر\"\ndateline = \"الرياض\"\n");
    }

    #[test]
    fn reads_dates_as_toml_does() {
        for d in [
            "2023-09-14",
            "2023-09-14T10:30:00Z",
            "2023-09-14T10:30:00+03:00",
            "2023-09-14T10:30:00.125-05:30",
            "2023-09-14T10:30:00",
        ] {
            agrees(&format!("title = \"x\"\ndate = {d}\n"));
        }
        // Out of range: the TOML parser says what is wrong, and where.
        for d in [
            "2023-13-01",
            "2023-02-30",
            "2023-09-14T25:00:00Z",
            "2023-9-14",
            "2023-09-14 10:30:00Z",
            "2023-09-14t10:30:00z",
        ] {
            refused(&format!("title = \"x\"\ndate = {d}\n"));
        }
    }

    #[test]
    fn leaves_everything_unusual_to_toml() {
        for front in [
            // comments
            "title = \"x\" # a comment\n",
            "# a comment\ntitle = \"x\"\n",
            // escapes and other string forms
            "title = \"a \\\"quoted\\\" word\"\n",
            "title = \"tab\\there\"\n",
            "title = 'literal'\n",
            "title = \"\"\"multi\nline\"\"\"\n",
            "title = \"\"\"\"\"\"\n",
            "title = '''x'''\n",
            // multi-line arrays, inline tables, dotted and quoted keys
            "title = \"x\"\ntags = [\n  \"a\",\n  \"b\",\n]\n",
            "title = \"x\"\ningest = { file = \"a\", sha256 = \"b\" }\n",
            "title = \"x\"\ningest.file = \"a\"\ningest.sha256 = \"b\"\n",
            "\"title\" = \"x\"\n",
            // unknown, repeated or misplaced keys; other tables
            "title = \"x\"\nwriter = \"y\"\n",
            "title = \"x\"\nauthor = \"y\"\nauthor = \"z\"\n",
            "title = \"x\"\nsources = \"y\"\n",
            "title = \"x\"\n[ingest]\nfile = \"a\"\nsha256 = \"b\"\n[[ingest.folded]]\nfile = \"c\"\nsha256 = \"d\"\n",
            "title = \"x\"\ntitle = \"y\"\n",
            "title = \"x\"\n[ingest]\nfile = \"a\"\nsha256 = \"b\"\ndraft = true\n",
            "title = \"x\"\n[ingest]\nfile = \"a\"\nsha256 = \"b\"\n[ingest]\nfile = \"a\"\n",
            "title = \"x\"\n[extra]\n",
            "title = \"x\"\n[ ingest ]\nfile = \"a\"\nsha256 = \"b\"\n",
            "title = \"x\"\n[[ingest]]\n",
            // missing fields, wrong types, trailing junk
            "date = 2023-09-14\n",
            "title = \"x\"\n[ingest]\nfile = \"a\"\n",
            "title = 1\n",
            "title = \"x\"\ndraft = \"yes\"\n",
            "title = \"x\"\ndraft = True\n",
            "title = \"x\"\ntags = \"a\"\n",
            "title = \"x\"\ntags = [\"a\", 1]\n",
            "title = \"x\"\ntags = [\"a\" \"b\"]\n",
            "title = \"x\" \"y\"\n",
            "title = \"x\"\ndraft = truest\n",
            "title = \"x\"\ndate = \"2023-09-14\"\n",
            "title = \"x\"\nnot a key value line\n",
            "title = \"a\u{1}b\"\n",
            "title = \"a\rb\"\n",
            "title = \"x\"\r",
            "\u{feff}title = \"x\"\n",
        ] {
            refused(front);
        }
    }

    /// Random edits of real front matter: whenever the fast path takes the
    /// result, the TOML parser must read the same, and it must take the
    /// unedited text.
    #[test]
    fn agrees_with_toml_on_mutations() {
        let alphabet: Vec<char> = "\"'\\#[]{}=,. \t\n\r-:+Tz0123456789abتك".chars().collect();
        let base: Vec<char> = INGESTED.chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut taken = 0;
        for _ in 0..20_000 {
            let mut text = base.clone();
            for _ in 0..1 + next(3) {
                let at = next(text.len() + 1);
                match next(3) {
                    0 => text.insert(at, alphabet[next(alphabet.len())]),
                    1 if at < text.len() => {
                        text.remove(at);
                    }
                    _ if at < text.len() => text[at] = alphabet[next(alphabet.len())],
                    _ => {}
                }
            }
            let text: String = text.into_iter().collect();
            if let Some(fast) = parse(&text) {
                taken += 1;
                assert_eq!(Ok(&fast), full(&text).as_ref(), "{text}");
            }
        }
        assert!(taken > 1_000, "the fast path took only {taken} of the edits");
    }
}
