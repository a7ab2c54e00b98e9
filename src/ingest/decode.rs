//! Raw bytes to text: the encodings scraped Arabic archives come in.
//!
//! Pure. UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and legacy
//! Windows-1256 (older Arabic sites) are decoded; line ends become `\n`.
//! A UTF-8 file with a few broken bytes stays UTF-8 (they become U+FFFD,
//! and a warning gives the offset of the first): reading it as Windows-1256
//! instead would turn every Arabic letter into garbage. Characters HTML and
//! XML forbid (stray controls such as U+001A, U+FFFE) are left out with a
//! warning. Binary files and empty files are refused with a sentence that
//! says why.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1256};

/// The message for anything that is not text.
pub const BINARY: &str = "looks like a binary file, not a text article";

/// File signatures of formats that end up in inboxes by mistake.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
];

/// A UTF-8 file is read as UTF-8 (bad bytes replaced) while at most one in
/// this many of its non-ASCII sequences is broken. Windows-1256 Arabic is
/// almost all broken sequences when read as UTF-8; UTF-8 damaged by a bad
/// copy has a handful in thousands.
const BROKEN_UTF8_RATIO: usize = 20;

/// Above this share of control characters a file is binary, not text with
/// a few stray ones.
const MAX_CONTROL_PERCENT: usize = 10;

/// Text decoded from a raw file, and what an editor should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, `\n` line ends and no BOM.
    pub text: String,
    /// Sentences without the file name.
    pub warnings: Vec<String>,
}

/// Decodes a raw article file to text with `\n` line ends and no BOM.
///
/// Errors are sentences without the file name (the caller names the file).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    for (sig, what) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Err(format!("{BINARY} (it starts like {what})"));
        }
    }
    let mut warnings = Vec::new();
    let text = match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) if enc == UTF_8 => {
            decode_utf8(&bytes[bom_len..], bom_len, &mut warnings).ok_or_else(|| {
                "starts with a UTF-8 byte order mark but is mostly not UTF-8: save it as UTF-8".to_string()
            })?
        }
        Some((enc, bom_len)) => {
            let name = if enc == UTF_16LE { "UTF-16 LE" } else { "UTF-16 BE" };
            debug_assert!(enc == UTF_16LE || enc == UTF_16BE);
            enc.decode_without_bom_handling_and_without_replacement(&bytes[bom_len..])
                .ok_or_else(|| {
                    format!("starts with a {name} byte order mark but is not valid {name}: save it as UTF-8")
                })?
                .into_owned()
        }
        None => {
            if bytes.contains(&0) {
                return Err(format!("{BINARY} (it contains NUL bytes)"));
            }
            match decode_utf8(bytes, 0, &mut warnings) {
                Some(text) => text,
                None => decode_legacy(bytes)?,
            }
        }
    };
    let text = normalize_newlines(&text);
    let text = without_forbidden(&text, &mut warnings)?;
    if text.trim().is_empty() {
        return Err("the file contains only whitespace".into());
    }
    Ok(Decoded { text, warnings })
}

/// `bytes` as UTF-8 when they are, or when only a few sequences are broken
/// (replaced by U+FFFD, with a warning); `None` when they are not UTF-8.
/// `skipped` is the length of a byte order mark before `bytes`, so offsets
/// in warnings are offsets in the file.
fn decode_utf8(bytes: &[u8], skipped: usize, warnings: &mut Vec<String>) -> Option<String> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    let (mut broken, mut first, mut good, mut offset) = (0usize, None, 0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            broken += 1;
            first.get_or_insert(offset + skipped);
            offset += chunk.invalid().len();
        }
    }
    if good < broken * BROKEN_UTF8_RATIO {
        return None;
    }
    warnings.push(format!(
        "{broken} broken UTF-8 sequence{} (the first at byte {}) replaced with U+FFFD (�): the rest of the file is \
         UTF-8; check the text around {}",
        crate::messages::plural(broken),
        first.unwrap_or(0),
        if broken == 1 { "it" } else { "them" },
    ));
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// Bytes that are not UTF-8 and have no BOM: Windows-1256 if the result reads
/// as Arabic, otherwise an error.
fn decode_legacy(bytes: &[u8]) -> Result<String, String> {
    let (text, _) = WINDOWS_1256.decode_without_bom_handling(bytes);
    let mut letters = 0usize;
    let mut arabic = 0usize;
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if crate::arabic::is_arabic_letter(c) {
                arabic += 1;
            }
        }
    }
    // Arabic news in Windows-1256 is mostly Arabic letters; binary junk or
    // another legacy code page decodes to a Latin-1-like soup instead.
    if letters > 0 && arabic * 10 >= letters * 6 {
        Ok(text.into_owned())
    } else {
        Err("is neither UTF-8 nor Arabic Windows-1256 text (the encodings warraq reads): save it as UTF-8".into())
    }
}

/// `text` without the characters HTML and XML forbid (see
/// `crate::sanitize`), with a warning saying how many and where; a text
/// made mostly of control characters is binary, not an article.
fn without_forbidden(text: &str, warnings: &mut Vec<String>) -> Result<String, String> {
    if text.contains('\0') {
        return Err(format!("{BINARY} (it contains NUL characters)"));
    }
    let cleaned = crate::sanitize::text(text);
    if cleaned.len() == text.len() {
        return Ok(cleaned.into_owned());
    }
    let found = crate::sanitize::forbidden_in(text).expect("something was removed");
    let total = text.chars().count();
    if found.count * 100 > total * MAX_CONTROL_PERCENT {
        return Err(format!("{BINARY} ({} control characters in {total})", found.count));
    }
    warnings.push(format!(
        "left out {} character{} that HTML and XML do not allow (the first, U+{:04X}, on line {})",
        found.count,
        crate::messages::plural(found.count),
        found.first as u32,
        found.line
    ));
    Ok(cleaned.into_owned())
}

/// CRLF and lone CR become LF; a stray BOM at the start is dropped.
fn normalize_newlines(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const AR: &str = "بوتين يقبل دعوة من كيم\nأعلنت بيونغ يانغ، اليوم الخميس، أن الرئيس الروسي قبل الدعوة.\n";

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for u in s.encode_utf16() {
            let b = if le { u.to_le_bytes() } else { u.to_be_bytes() };
            out.extend_from_slice(&b);
        }
        out
    }

    fn text(bytes: &[u8]) -> String {
        let d = decode(bytes).unwrap();
        assert_eq!(d.warnings, Vec::<String>::new());
        d.text
    }

    #[test]
    fn utf8_plain_and_with_bom() {
        assert_eq!(text(AR.as_bytes()), AR);
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(AR.as_bytes());
        assert_eq!(text(&b), AR);
    }

    #[test]
    fn a_few_broken_bytes_leave_utf8_as_utf8() {
        // Seven bad bytes in an 8 KB article.
        let article = AR.repeat(80);
        let mut bytes = article.as_bytes().to_vec();
        for k in 0..7 {
            let at = 1000 * (k + 1);
            let at = (at..).find(|&i| bytes[i] == b' ').unwrap();
            bytes[at] = 0xFF;
        }
        let first = article.as_bytes().iter().skip(1000).position(|&b| b == b' ').unwrap() + 1000;
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text.matches('\u{fffd}').count(), 7);
        assert!(d.text.contains("بوتين يقبل دعوة من كيم"), "still Arabic");
        assert_eq!(d.warnings.len(), 1);
        assert!(
            d.warnings[0].contains(&format!("7 broken UTF-8 sequences (the first at byte {first})")),
            "{:?}",
            d.warnings
        );
        // With a byte order mark, offsets count it.
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(&bytes);
        assert!(decode(&with_bom).unwrap().warnings[0].contains(&format!("byte {}", first + 3)));
    }

    #[test]
    fn stray_control_characters_are_left_out_with_a_warning() {
        let raw = format!("{AR}سطر فيه\u{1a} رمز\u{fffe}\n");
        let d = decode(raw.as_bytes()).unwrap();
        assert_eq!(d.text, format!("{AR}سطر فيه رمز\n"));
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("U+001A, on line 3"), "{:?}", d.warnings);
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        assert_eq!(text(&utf16(AR, true)), AR);
        assert_eq!(text(&utf16(AR, false)), AR);
    }

    #[test]
    fn utf16_truncated_is_an_error() {
        let mut b = utf16(AR, true);
        b.push(0x41);
        assert!(decode(&b).unwrap_err().contains("UTF-16 LE"));
    }

    #[test]
    fn windows_1256() {
        let (bytes, _, unmappable) = WINDOWS_1256.encode(AR);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(text(&bytes), AR);
    }

    #[test]
    fn latin1_soup_is_refused() {
        // Bytes that are not UTF-8 and decode to mostly Latin letters.
        let bytes = "Ça été très joli, à côté de la forêt.".bytes().collect::<Vec<_>>();
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(std::str::from_utf8(&bytes).unwrap());
        let e = decode(&latin1).unwrap_err();
        assert!(e.contains("save it as UTF-8"), "{e}");
    }

    #[test]
    fn crlf_and_lone_cr() {
        assert_eq!(text(b"a\r\nb\rc\n\r\n"), "a\nb\nc\n\n");
        let crlf = AR.replace('\n', "\r\n");
        assert_eq!(text(crlf.as_bytes()), AR);
        let (bytes, _, _) = WINDOWS_1256.encode(&crlf);
        assert_eq!(text(&bytes), AR);
        assert_eq!(text(&utf16(&crlf, true)), AR);
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert_eq!(decode(b"").unwrap_err(), "the file is empty");
        assert!(decode(b" \n\r\n\t  \n").unwrap_err().contains("only whitespace"));
        assert!(decode(b"\xEF\xBB\xBF").unwrap_err().contains("only whitespace"));
        assert!(decode(&utf16(" \n ", true)).unwrap_err().contains("only whitespace"));
    }

    #[test]
    fn binary_signatures_nul_and_control_characters() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(decode(png).unwrap_err().contains("PNG"));
        assert!(decode(b"%PDF-1.4\n%...").unwrap_err().starts_with(BINARY));
        assert!(decode(b"PK\x03\x04\x14\0").unwrap_err().contains("ZIP"));
        assert!(decode(b"abc\0def").unwrap_err().contains("NUL"));
        let mut ctl = "نص عربي ".repeat(5).into_bytes();
        ctl.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
        assert!(decode(&ctl).unwrap_err().contains("control characters"));
        // A few control characters in a text are left out.
        let mut ok = AR.repeat(5).into_bytes();
        ok.push(0x07);
        assert_eq!(decode(&ok).unwrap().text, AR.repeat(5));
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut x: u32 = 12345;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (x >> 16) as u8
                })
                .collect();
            let _ = decode(&bytes);
        }
    }
}
