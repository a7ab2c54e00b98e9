//! Raw bytes to text: the encodings scraped Arabic archives come in.
//!
//! Pure. UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and legacy
//! Windows-1256 (older Arabic sites) are decoded; line ends become `\n`.
//! Binary files and empty files are refused with a sentence that says why.

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

/// Decodes a raw article file to text with `\n` line ends and no BOM.
///
/// Errors are sentences without the file name (the caller names the file).
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    for (sig, what) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Err(format!("{BINARY} (it starts like {what})"));
        }
    }
    let text = match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) => {
            let rest = &bytes[bom_len..];
            if enc == UTF_8 {
                std::str::from_utf8(rest)
                    .map_err(|e| {
                        format!(
                            "starts with a UTF-8 byte order mark but is not valid UTF-8 (byte {}): save it as UTF-8",
                            bom_len + e.valid_up_to()
                        )
                    })?
                    .to_string()
            } else {
                let name = if enc == UTF_16LE { "UTF-16 LE" } else { "UTF-16 BE" };
                debug_assert!(enc == UTF_16LE || enc == UTF_16BE);
                enc.decode_without_bom_handling_and_without_replacement(rest)
                    .ok_or_else(|| {
                        format!("starts with a {name} byte order mark but is not valid {name}: save it as UTF-8")
                    })?
                    .into_owned()
            }
        }
        None => {
            if bytes.contains(&0) {
                return Err(format!("{BINARY} (it contains NUL bytes)"));
            }
            match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(_) => decode_legacy(bytes)?,
            }
        }
    };
    check_text(&text)?;
    let text = normalize_newlines(&text);
    if text.trim().is_empty() {
        return Err("the file contains only whitespace".into());
    }
    Ok(text)
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
        check_text(&text)?;
        Ok(text.into_owned())
    } else {
        Err("is neither UTF-8 nor Arabic Windows-1256 text (the encodings warraq reads): save it as UTF-8".into())
    }
}

/// Refuses text with NULs or more than 1% control characters.
fn check_text(text: &str) -> Result<(), String> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return Err(format!("{BINARY} (it contains NUL characters)"));
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}') {
            control += 1;
        }
    }
    if control > 0 && control * 100 > total {
        return Err(format!("{BINARY} ({control} control characters in {total})"));
    }
    Ok(())
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

    #[test]
    fn utf8_plain_and_with_bom() {
        assert_eq!(decode(AR.as_bytes()).unwrap(), AR);
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(AR.as_bytes());
        assert_eq!(decode(&b).unwrap(), AR);
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        assert_eq!(decode(&utf16(AR, true)).unwrap(), AR);
        assert_eq!(decode(&utf16(AR, false)).unwrap(), AR);
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
        assert_eq!(decode(&bytes).unwrap(), AR);
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
        assert_eq!(decode(b"a\r\nb\rc\n\r\n").unwrap(), "a\nb\nc\n\n");
        let crlf = AR.replace('\n', "\r\n");
        assert_eq!(decode(crlf.as_bytes()).unwrap(), AR);
        let (bytes, _, _) = WINDOWS_1256.encode(&crlf);
        assert_eq!(decode(&bytes).unwrap(), AR);
        assert_eq!(decode(&utf16(&crlf, true)).unwrap(), AR);
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
        // A few control characters in a long text are tolerated.
        let mut ok = AR.repeat(5).into_bytes();
        ok.push(0x07);
        assert!(decode(&ok).is_ok());
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
