//! Fragment files: what a result shows (title, date, paper, tags and the
//! text its snippet is cut from), [`GROUP`] articles a file.
//!
//! A results page of ten loads the fragment files of its ten results, so
//! their bytes are most of what a query costs. Two choices keep them small
//! without a format of our own:
//! - **Two articles a file**: a result drags in one other article, not
//!   three. A 100,000-article archive has 50,000 of them, in folders of
//!   [`PER_FOLDER`] (`f/12/12345.json`), so no folder of the output holds
//!   tens of thousands of entries.
//! - **JSON in windows-1256**, the Arabic single-byte encoding the WHATWG
//!   Encoding Standard defines (every browser's `TextDecoder` and Node's
//!   read it): an Arabic letter is one byte instead of UTF-8's two, which
//!   nearly halves a fragment. JSON's structure is ASCII, and ASCII is the
//!   same in both encodings; a character windows-1256 lacks (an emoji, a
//!   Persian `ی`) is written as a JSON `\uXXXX` escape, which the parser on
//!   both sides reads back. Hosts that compress JSON still compress these
//!   files; hosts that do not (object stores) send half the bytes.
//!
//! The page (`search.js`) decodes with `TextDecoder("windows-1256")`, and
//! `warraq search` with `encoding_rs`, the same table.

use super::index::Doc;
use encoding_rs::WINDOWS_1256;
use std::sync::OnceLock;

/// Documents per fragment file.
pub const GROUP: usize = 2;

/// Fragment files per folder of `f/`.
pub const PER_FOLDER: usize = 1000;

/// Fragment file `g` (under `search/`): documents `g * GROUP ..`.
pub fn path(g: usize) -> String {
    format!("f/{}/{g}.json", g / PER_FOLDER)
}

/// Appends the fragment file of `docs`: their JSON array in windows-1256.
pub fn write(docs: &[Doc], out: &mut Vec<u8>) {
    let json = serde_json::to_string(docs).expect("documents serialize");
    encode(&json, out);
}

/// Reads a fragment file back (`None` if it is not one).
pub fn read(bytes: &[u8]) -> Option<Vec<Doc>> {
    let (json, _) = WINDOWS_1256.decode_without_bom_handling(bytes);
    serde_json::from_str(&json).ok()
}

/// Appends `json` in windows-1256, with `\uXXXX` escapes for what the
/// encoding lacks. Every non-ASCII character of serialized JSON is inside
/// a string, where an escape means the same character.
fn encode(json: &str, out: &mut Vec<u8>) {
    let table = byte_of();
    let bytes = json.as_bytes();
    out.reserve(bytes.len());
    let mut i = 0;
    // Byte by byte rather than by `char`: a fragment is tens of kilobytes
    // of letters, and most of them are two-byte sequences decoded inline.
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(b);
            i += 1;
            continue;
        }
        let (c, len) = if b < 0xE0 {
            (u32::from(b & 0x1F) << 6 | u32::from(bytes[i + 1] & 0x3F), 2)
        } else {
            let c = json[i..].chars().next().expect("a character starts here");
            (c as u32, c.len_utf8())
        };
        match table.get(c as usize) {
            Some(&byte) if byte != 0 => out.push(byte),
            _ => {
                let c = char::from_u32(c).expect("decoded from UTF-8");
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                }
            }
        }
        i += len;
    }
}

/// windows-1256's byte for each character up to the last one it has
/// (0: none), from the decoder's own table.
fn byte_of() -> &'static [u8] {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::new();
        for b in 0x80..=0xFFu8 {
            let byte = [b];
            let (decoded, _) = WINDOWS_1256.decode_without_bom_handling(&byte);
            let c = decoded.chars().next().expect("windows-1256 maps every byte") as usize;
            if table.len() <= c {
                table.resize(c + 1, 0);
            }
            table[c] = b;
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str) -> Doc {
        Doc {
            path: "2024/05/مقال/".into(),
            title: title.into(),
            date: Some("2024-05-01".into()),
            date_shown: Some("١ مايو ٢٠٢٤".into()),
            source: Some("الرياض".into()),
            tags: vec![("كوريا الشمالية".into(), "كوريا-الشمالية".into())],
            text: text.into(),
        }
    }

    #[test]
    fn arabic_takes_one_byte_a_letter_and_reads_back() {
        let text = "قال الوزير: «الاتفاق تاريخي» — وأضاف… ".repeat(20);
        let docs = vec![doc("قمة الرياض", &text)];
        let mut out = Vec::new();
        write(&docs, &mut out);
        let utf8 = serde_json::to_string(&docs).unwrap();
        // Every non-ASCII character here is in windows-1256 except the
        // date's Arabic-Indic digits, which are escaped.
        let saved: usize = utf8.chars().filter(|c| !c.is_ascii()).map(|c| c.len_utf8() - 1).sum();
        let digits = utf8.chars().filter(|c| ('٠'..='٩').contains(c)).count();
        assert_eq!(out.len(), utf8.len() - saved + digits * 5, "six bytes an escaped digit, one a letter");
        assert!(out.len() * 10 < utf8.len() * 6, "{} bytes against {} in UTF-8", out.len(), utf8.len());
        assert!(out.iter().any(|&b| b >= 0x80), "Arabic letters as single bytes");
        assert_eq!(read(&out), Some(docs));
    }

    #[test]
    fn characters_windows_1256_lacks_are_escaped_and_read_back() {
        // Persian yeh and keheh-less forms, an emoji (a surrogate pair), a
        // Hebrew letter, a quote and a backslash that JSON itself escapes.
        let docs = vec![doc("روسیا 🌍", "שלום \"قال\" C:\\path ی")];
        let mut out = Vec::new();
        write(&docs, &mut out);
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("\\ud83c\\udf0d"), "the emoji as a surrogate pair: {text}");
        assert!(text.contains("\\u05e9"), "Hebrew escaped: {text}");
        assert_eq!(read(&out), Some(docs));
    }

    #[test]
    fn every_byte_decodes_to_the_character_it_was_written_for() {
        let table = byte_of();
        let mapped = table.iter().filter(|&&b| b != 0).count();
        assert_eq!(mapped, 128, "each high byte stands for one character");
        for (c, &b) in table.iter().enumerate().filter(|(_, &b)| b != 0) {
            let byte = [b];
            let (back, _) = WINDOWS_1256.decode_without_bom_handling(&byte);
            assert_eq!(back.chars().next(), char::from_u32(c as u32));
        }
    }

    #[test]
    fn files_are_spread_over_folders_of_a_thousand() {
        assert_eq!(path(0), "f/0/0.json");
        assert_eq!(path(999), "f/0/999.json");
        assert_eq!(path(12_345), "f/12/12345.json");
    }

    #[test]
    fn damaged_bytes_are_not_read_as_documents() {
        assert_eq!(read(b"[{\"u\":"), None);
    }
}
