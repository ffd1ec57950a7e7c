//! Bytes to text: UTF-8 (BOM removed), UTF-32 and UTF-16 with a BOM, and the single-byte encodings
//! Transcriber files declare (ISO-8859-1, ISO-8859-15, windows-1252) or the user names
//! ([`TextEncoding`]), decoded by hand. UTF-8 text that went once through a Latin-1 or
//! windows-1252 editor (mojibake: `Ã©` for `é`, `â€™` for `’`) is repaired, with a warning.

use crate::error::{Error, ErrorKind, Result};
use crate::transcript::{Format, Warning};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF32_LE_BOM: &[u8] = b"\xFF\xFE\x00\x00";
const UTF32_BE_BOM: &[u8] = b"\x00\x00\xFE\xFF";

/// A single-byte encoding we decode by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SingleByte {
    Latin1,
    Latin9,
    Windows1252,
}

/// The encoding of text files, when it is not UTF-8 (`--encoding`).
///
/// Without one, text is read as UTF-8 (or UTF-16/32 after a byte order mark), and **mojibake** is
/// repaired: UTF-8 text decoded once as Latin-1 or windows-1252 and saved again as UTF-8 (`Ã©`
/// for `é`, `Ã¨` for `è`, `Ã ` for `à`, `Ã§` for `ç`, `â€™` for `’`). The rule is conservative:
/// the text must hold at least two distinct such sequences, and each run of non-ASCII characters
/// is re-encoded to windows-1252 bytes and kept only where those bytes are valid UTF-8, so a
/// file that mixes right and broken accents keeps its right ones; the repaired text must hold
/// fewer such sequences than before. A warning names the file and what was repaired.
///
/// Invalid UTF-8 whose bytes look like single-byte French (accented letters `0xE9`, `0xE8`,
/// `0xE0`... next to ASCII letters) fails with a message suggesting `--encoding latin1` or
/// `--encoding cp1252`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextEncoding {
    /// UTF-8 (the default), with byte order marks of UTF-16 and UTF-32 honoured.
    Utf8,
    /// ISO-8859-1 (`latin1`).
    Latin1,
    /// ISO-8859-15 (`latin9`, with `€`, `œ`, `Œ`, `Ÿ`).
    Latin9,
    /// windows-1252 (`cp1252`): Latin-1 plus `’ “ ” € œ …` in bytes 0x80–0x9F.
    Cp1252,
}

impl TextEncoding {
    /// The encoding's name (`utf8`, `latin1`, `latin9`, `cp1252`).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf8",
            TextEncoding::Latin1 => "latin1",
            TextEncoding::Latin9 => "latin9",
            TextEncoding::Cp1252 => "cp1252",
        }
    }

    fn single_byte(self) -> Option<SingleByte> {
        match self {
            TextEncoding::Utf8 => None,
            TextEncoding::Latin1 => Some(SingleByte::Latin1),
            TextEncoding::Latin9 => Some(SingleByte::Latin9),
            TextEncoding::Cp1252 => Some(SingleByte::Windows1252),
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Names and usual aliases, case-insensitive: `utf8`/`utf-8`, `latin1`/`iso-8859-1`,
/// `latin9`/`iso-8859-15`, `cp1252`/`windows-1252`.
impl FromStr for TextEncoding {
    type Err = Error;

    fn from_str(s: &str) -> Result<TextEncoding> {
        let name = s.trim().to_ascii_lowercase().replace('_', "-");
        Ok(match name.as_str() {
            "utf8" | "utf-8" => TextEncoding::Utf8,
            "latin1" | "latin-1" | "iso-8859-1" | "iso8859-1" | "l1" => TextEncoding::Latin1,
            "latin9" | "latin-9" | "iso-8859-15" | "iso8859-15" => TextEncoding::Latin9,
            "cp1252" | "windows-1252" | "win-1252" | "win1252" | "ansi" => TextEncoding::Cp1252,
            _ => {
                return Err(Error::config(format!(
                    "unknown encoding {s:?} (expected utf8, latin1, latin9 or cp1252)"
                )))
            }
        })
    }
}

/// Decoded text and what decoding repaired.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub warnings: Vec<Warning>,
}

/// Decodes a whole input in `encoding` if given (byte order marks win), else as [`decode_text`]
/// does, repairing mojibake.
pub(crate) fn decode(
    bytes: Cow<'_, [u8]>,
    format: Format,
    lossy: bool,
    encoding: Option<TextEncoding>,
) -> Result<Decoded> {
    let has_bom = bytes.starts_with(UTF8_BOM)
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(UTF32_BE_BOM);
    if let Some(single) = encoding.and_then(TextEncoding::single_byte) {
        if !has_bom {
            return Ok(Decoded {
                text: decode_single_byte(&bytes, single),
                warnings: Vec::new(),
            });
        }
    }
    let mut text = decode_text(bytes, format, lossy)?;
    let mut warnings = Vec::new();
    if let Some((repaired, message)) = repair_mojibake(&text) {
        text = repaired;
        warnings.push(Warning::new(None, message));
    }
    Ok(Decoded { text, warnings })
}

/// Decodes a whole input. Transcriber, TEI and ELAN files honour their XML declaration, except that a file
/// declared ISO-8859-1 (or 1252) whose bytes are valid UTF-8 with non-ASCII characters is read
/// as UTF-8: such files are re-saved Transcriber files, and Latin-1 French text is practically
/// never valid UTF-8.
///
/// Bytes given by value that are valid UTF-8 without a BOM become the text without a copy.
fn decode_text(bytes: Cow<'_, [u8]>, format: Format, lossy: bool) -> Result<String> {
    if let Cow::Owned(owned) = bytes {
        let plain_utf8 = !owned.starts_with(UTF8_BOM)
            && !owned.starts_with(&[0xFF, 0xFE])
            && !owned.starts_with(&[0xFE, 0xFF])
            && !owned.starts_with(UTF32_BE_BOM)
            && !matches!(format, Format::Trs | Format::Tei | Format::Eaf);
        if !plain_utf8 {
            return decode_text(Cow::Borrowed(&owned), format, lossy);
        }
        return match String::from_utf8(owned) {
            Ok(text) => no_nul(text, lossy),
            Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(e) => Err(invalid_utf8(e.as_bytes(), e.utf8_error().valid_up_to())),
        };
    }
    let bytes: &[u8] = &bytes;
    // The UTF-32 LE mark begins with the UTF-16 LE one: test it first.
    if let Some(text) = decode_utf32(bytes, lossy)? {
        return Ok(text);
    }
    if let Some(text) = decode_utf16(bytes, lossy)? {
        return Ok(text);
    }
    let bom = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    let bytes = &bytes[bom..];
    if matches!(format, Format::Trs | Format::Tei | Format::Eaf) {
        match declared_encoding(bytes)? {
            Some(encoding) if std::str::from_utf8(bytes).map_or(true, |s| s.is_ascii()) => {
                return Ok(decode_single_byte(bytes, encoding));
            }
            _ => {}
        }
    }
    decode_utf8(bytes, lossy).map_err(|e| match (e.kind(), e.byte_offset()) {
        (ErrorKind::NulByte { .. }, Some(offset)) if bom > 0 => Error::nul_byte(offset + bom),
        (_, Some(offset)) if bom > 0 => Error::invalid_utf8(offset + bom),
        _ => e,
    })
}

/// Refuses text with a NUL byte (a binary file, or UTF-16 without a byte order mark, which is
/// valid UTF-8 with a NUL every other byte), unless `lossy`.
fn no_nul(text: String, lossy: bool) -> Result<String> {
    match memchr::memchr(0, text.as_bytes()) {
        Some(offset) if !lossy => Err(Error::nul_byte(offset)),
        _ => Ok(text),
    }
}

/// Decodes UTF-8, reporting the offset of the first invalid byte in the input as given
/// (a UTF-8 BOM counts: offsets are positions in the file).
fn decode_utf8(bytes: &[u8], lossy: bool) -> Result<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => no_nul(s.to_string(), lossy),
        Err(_) if lossy => Ok(String::from_utf8_lossy(bytes).into_owned()),
        Err(e) => Err(invalid_utf8(bytes, e.valid_up_to())),
    }
}

/// The invalid-UTF-8 error at `offset`, suggesting a single-byte encoding when the bytes look
/// like one.
fn invalid_utf8(bytes: &[u8], offset: usize) -> Error {
    let err = Error::invalid_utf8(offset);
    match looks_single_byte(bytes) {
        Some(encoding) => err.with_encoding_hint(encoding.name()),
        None => err,
    }
}

/// Whether invalid UTF-8 looks like French in a single-byte encoding: its invalid bytes (the
/// first 64 looked at) are mostly Latin-1 letters, `’`, `œ` or guillemets next to an ASCII letter
/// or space (`d\xe9j\xe0`, `l\x92\xe9t\xe9`). Says `cp1252` when a byte 0x80–0x9F occurs, else `latin1`.
fn looks_single_byte(bytes: &[u8]) -> Option<TextEncoding> {
    let (mut invalid, mut letterlike, mut high_control) = (0usize, 0usize, false);
    let mut at = 0;
    while at < bytes.len() && invalid < 64 {
        let e = match std::str::from_utf8(&bytes[at..]) {
            Ok(_) => break,
            Err(e) => e,
        };
        let i = at + e.valid_up_to();
        let b = bytes[i];
        invalid += 1;
        high_control |= (0x80..=0x9F).contains(&b);
        let near_ascii = |j: Option<usize>| {
            j.and_then(|j| bytes.get(j))
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b' ' || *c == b'\'')
        };
        let french = matches!(
            b,
            0xC0..=0xFF | 0x80 | 0x85 | 0x8C | 0x91..=0x97 | 0x9C | 0xAB | 0xBB | 0xB0
        );
        if french && (near_ascii(i.checked_sub(1)) || near_ascii(Some(i + 1))) {
            letterlike += 1;
        }
        at = i + e.error_len().unwrap_or(1);
    }
    (invalid > 0 && letterlike * 5 >= invalid * 4).then_some(if high_control {
        TextEncoding::Cp1252
    } else {
        TextEncoding::Latin1
    })
}

/// Sequences that UTF-8 French shows when read as windows-1252 (`Ã©` is `é`).
const MOJIBAKE: &[&str] = &[
    "Ã©",
    "Ã¨",
    "Ã\u{a0}",
    "Ãª",
    "Ã«",
    "Ã§",
    "Ã®",
    "Ã¯",
    "Ã´",
    "Ã¹",
    "Ã»",
    "Ã¼",
    "Ã¢",
    "Ã‰",
    "Ãˆ",
    "Ã€",
    "Ã‡",
    "Ã”",
    "â€™",
    "â€œ",
    "â€\u{9d}",
    "â€“",
    "â€”",
    "â€¦",
    "Å“",
    "Â«",
    "Â»",
    "Â\u{a0}",
    "Â°",
];

/// How many mojibake sequences `text` holds, and how many distinct ones.
fn count_mojibake(text: &str) -> (usize, usize) {
    if !text.contains(['Ã', 'â', 'Å', 'Â']) {
        return (0, 0);
    }
    MOJIBAKE.iter().fold((0, 0), |(total, distinct), m| {
        let n = text.matches(m).count();
        (total + n, distinct + usize::from(n > 0))
    })
}

/// The windows-1252 byte of a character (C1 controls stand for its undefined bytes, as decoders
/// that map them through give them), if it has one.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if code < 0x80 || (0xA0..=0xFF).contains(&code) {
        return u8::try_from(code).ok();
    }
    if let Some(i) = WINDOWS_1252_HIGH.iter().position(|&h| h == c) {
        return u8::try_from(0x80 + i).ok();
    }
    u8::try_from(code)
        .ok()
        .filter(|b| (0x80..=0x9F).contains(b))
}

/// The text with its mojibake repaired and a message saying so, when the rule of
/// [`TextEncoding`] finds some.
pub(crate) fn repair_mojibake(text: &str) -> Option<(String, String)> {
    let (before, distinct) = count_mojibake(text);
    if distinct < 2 {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii() && cp1252_byte(c).is_some() {
            run.push(c);
            // `à` is `C3 A0`; an editor that made the no-break space a space leaves `Ã `.
            if c == 'Ã' && chars.peek() == Some(&' ') && run.len() == 1 {
                chars.next();
                run.clear();
                out.push('à');
            }
            continue;
        }
        repair_run(&run, &mut out);
        run.clear();
        out.push(c);
    }
    repair_run(&run, &mut out);
    let (after, _) = count_mojibake(&out);
    (after < before).then(|| {
        let message = format!(
            "mojibake repaired: UTF-8 text had been read as windows-1252 and saved again ({before} sequences such as \"Ã©\" for \"é\"; {after} left)"
        );
        (out, message)
    })
}

/// Appends a run of non-ASCII characters, each part whose windows-1252 bytes are valid UTF-8
/// decoded from them, the rest as it was.
fn repair_run(run: &[char], out: &mut String) {
    let bytes: Vec<u8> = run.iter().filter_map(|&c| cp1252_byte(c)).collect();
    let mut i = 0;
    while i < bytes.len() {
        match std::str::from_utf8(&bytes[i..]) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&bytes[i..i + good]).unwrap_or_default());
                let bad = e.error_len().unwrap_or(bytes.len() - i - good);
                out.extend(&run[i + good..i + good + bad]);
                i += good + bad;
            }
        }
    }
}

/// Decodes UTF-16 if `bytes` start with a UTF-16 BOM; `None` otherwise.
fn decode_utf16(bytes: &[u8], lossy: bool) -> Result<Option<String>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let body = &bytes[2..];
    if body.len() % 2 == 1 && !lossy {
        return Err(Error::invalid_encoding("UTF-16", bytes.len() - 1));
    }
    let units = body.chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    let mut offset = 2;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                offset += 2 * c.len_utf16();
                text.push(c);
            }
            Err(_) if lossy => {
                offset += 2;
                text.push(char::REPLACEMENT_CHARACTER);
            }
            Err(_) => return Err(Error::invalid_encoding("UTF-16", offset)),
        }
    }
    Ok(Some(text))
}

/// Decodes UTF-32 if `bytes` start with a UTF-32 BOM; `None` otherwise. Errors give the byte
/// offset of the first invalid code point (a surrogate, or above U+10FFFF) or of a cut last one.
fn decode_utf32(bytes: &[u8], lossy: bool) -> Result<Option<String>> {
    let little = if bytes.starts_with(UTF32_LE_BOM) {
        true
    } else if bytes.starts_with(UTF32_BE_BOM) {
        false
    } else {
        return Ok(None);
    };
    let body = &bytes[4..];
    let mut text = String::with_capacity(body.len() / 4);
    for (i, unit) in body.chunks(4).enumerate() {
        let offset = 4 + 4 * i;
        let decoded = <[u8; 4]>::try_from(unit).ok().and_then(|quad| {
            char::from_u32(if little {
                u32::from_le_bytes(quad)
            } else {
                u32::from_be_bytes(quad)
            })
        });
        match decoded {
            Some(c) => text.push(c),
            None if lossy => text.push(char::REPLACEMENT_CHARACTER),
            None => return Err(Error::invalid_encoding("UTF-32", offset)),
        }
    }
    Ok(Some(text))
}

/// The single-byte encoding named by an XML declaration, `None` for UTF-8 or no declaration.
fn declared_encoding(bytes: &[u8]) -> Result<Option<SingleByte>> {
    let head = &bytes[..bytes.len().min(200)];
    let head = String::from_utf8_lossy(head);
    let head = head.trim_start();
    if !head.starts_with("<?xml") {
        return Ok(None);
    }
    let decl = match head.find("?>") {
        Some(end) => &head[..end],
        None => return Ok(None),
    };
    let Some(at) = decl.find("encoding") else {
        return Ok(None);
    };
    let rest = decl[at + "encoding".len()..].trim_start();
    let Some(rest) = rest.strip_prefix('=') else {
        return Ok(None);
    };
    let rest = rest.trim_start();
    let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return Ok(None);
    };
    let value = rest[1..].split(quote).next().unwrap_or("");
    let name = value.trim().to_ascii_lowercase().replace('_', "-");
    match name.as_str() {
        "utf-8" | "utf8" | "us-ascii" | "ascii" => Ok(None),
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" | "iso-latin-1" => {
            Ok(Some(SingleByte::Latin1))
        }
        "iso-8859-15" | "iso8859-15" | "latin9" | "latin-9" => Ok(Some(SingleByte::Latin9)),
        "windows-1252" | "cp1252" | "win-1252" => Ok(Some(SingleByte::Windows1252)),
        _ => Err(Error::transcript(
            Some(1),
            format!("unsupported XML encoding {value:?} (expected UTF-8, ISO-8859-1, ISO-8859-15 or windows-1252)"),
        )),
    }
}

/// windows-1252 characters for bytes 0x80..=0x9F (undefined bytes map to the C1 control).
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn decode_single_byte(bytes: &[u8], encoding: SingleByte) -> String {
    bytes
        .iter()
        .map(|&b| match (encoding, b) {
            (SingleByte::Windows1252, 0x80..=0x9F) => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
            (SingleByte::Latin9, 0xA4) => '€',
            (SingleByte::Latin9, 0xA6) => 'Š',
            (SingleByte::Latin9, 0xA8) => 'š',
            (SingleByte::Latin9, 0xB4) => 'Ž',
            (SingleByte::Latin9, 0xB8) => 'ž',
            (SingleByte::Latin9, 0xBC) => 'Œ',
            (SingleByte::Latin9, 0xBD) => 'œ',
            (SingleByte::Latin9, 0xBE) => 'Ÿ',
            _ => char::from(b),
        })
        .collect()
}

/// A lossy decoding of the start of `bytes` for sniffing the format.
pub(crate) fn sniff_prefix(bytes: &[u8]) -> Cow<'_, str> {
    let head = &bytes[..bytes.len().min(4096)];
    if let Ok(Some(text)) = decode_utf32(&head[..head.len() & !3], true) {
        return Cow::Owned(text);
    }
    if let Ok(Some(text)) = decode_utf16(&head[..head.len() & !1], true) {
        return Cow::Owned(text);
    }
    let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
    match std::str::from_utf8(head) {
        Ok(text) => Cow::Borrowed(text),
        // Cut inside a character at the 4096th byte: the whole characters before it will do.
        Err(e) if e.error_len().is_none() => {
            Cow::Borrowed(std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default())
        }
        Err(_) => String::from_utf8_lossy(head),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_and_1252_decode() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Trans>d\xe9mat\xe9rialisation</Trans>";
        let text = decode_text(Cow::Borrowed(latin), Format::Trs, false).unwrap();
        assert!(text.contains("dématérialisation"));
        let cp = b"<?xml version='1.0' encoding='windows-1252'?><Trans>\x93oui\x94 \x80</Trans>";
        let text = decode_text(Cow::Borrowed(cp), Format::Trs, false).unwrap();
        assert!(text.contains("“oui” €"));
    }

    #[test]
    fn nul_bytes_are_not_text() {
        let utf16_without_bom = b"E\x00 \x00:\x00".to_vec();
        let err = decode(Cow::Owned(utf16_without_bom), Format::Plain, false, None).unwrap_err();
        assert_eq!(err.byte_offset(), Some(1));
        assert!(err.to_string().contains("NUL"), "{err}");
        let with_bom = b"\xEF\xBB\xBFab\x00".to_vec();
        let err = decode(Cow::Owned(with_bom), Format::Plain, false, None).unwrap_err();
        assert_eq!(err.byte_offset(), Some(5), "{err}");
        assert!(decode(Cow::Owned(b"a\x00b".to_vec()), Format::Plain, true, None).is_ok());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "é😀".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(
            decode_text(Cow::Borrowed(&bytes), Format::TextGrid, false).unwrap(),
            "é😀"
        );
        let lone = [0xFE, 0xFF, 0x00, 0x41, 0xD8, 0x00, 0x00, 0x41];
        let err = decode_text(Cow::Borrowed(&lone), Format::TextGrid, false).unwrap_err();
        assert_eq!(err.byte_offset(), Some(4));
        assert!(err.to_string().contains("invalid UTF-16"), "{err}");
        assert!(!err.to_string().contains("UTF-8"), "{err}");
    }

    #[test]
    fn utf32_with_bom_before_utf16() {
        for little in [true, false] {
            let mut bytes = if little {
                UTF32_LE_BOM.to_vec()
            } else {
                UTF32_BE_BOM.to_vec()
            };
            for c in "E : é😀\n".chars() {
                let u = c as u32;
                bytes.extend(if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                });
            }
            let owned = decode_text(Cow::Owned(bytes.clone()), Format::Plain, false).unwrap();
            assert_eq!(owned, "E : é😀\n");
            bytes.extend(if little {
                0xD800u32.to_le_bytes()
            } else {
                0xD800u32.to_be_bytes()
            });
            let err = decode_text(Cow::Borrowed(&bytes), Format::Plain, false).unwrap_err();
            assert_eq!(err.byte_offset(), Some(4 + 4 * 7));
            assert!(err.to_string().contains("invalid UTF-32"), "{err}");
        }
    }

    #[test]
    fn mojibake_is_repaired_only_when_clear() {
        let good = "L’été, à la crèche, ça allait. Déjà vu.";
        // What an editor makes of UTF-8 read as windows-1252 and saved again.
        let broken: String = good
            .bytes()
            .map(|b| match b {
                0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect();
        assert!(broken.contains("Ã©") && broken.contains("â€™"), "{broken}");
        let (repaired, message) = repair_mojibake(&broken).expect("repaired");
        assert_eq!(repaired, good);
        assert!(message.contains("mojibake"), "{message}");
        // Right text, and one lone sequence, are left alone.
        assert!(repair_mojibake(good).is_none());
        assert!(repair_mojibake("São Paulo, Ã©").is_none());
        // Mixed: the right accents stay, the broken ones are mended, `Ã ` (lost no-break space) too.
        let mixed = format!("{good} puis {broken} Ã  la fin");
        let (repaired, _) = repair_mojibake(&mixed).unwrap();
        assert_eq!(repaired, format!("{good} puis {good} à la fin"));
        let decoded = decode(Cow::Borrowed(broken.as_bytes()), Format::Plain, false, None).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.warnings.len()), (good, 1));
    }

    #[test]
    fn single_byte_on_request_and_suggested() {
        let latin = b"E : d\xe9j\xe0 l\xe0, tr\xe8s bien\n";
        let err = decode(Cow::Borrowed(latin), Format::Plain, false, None).unwrap_err();
        assert_eq!(err.byte_offset(), Some(5));
        assert!(err.to_string().contains("--encoding latin1"), "{err}");
        let cp = b"l\x92\xe9t\xe9 \x9cuvre";
        let err = decode(Cow::Borrowed(cp), Format::Plain, false, None).unwrap_err();
        assert!(err.to_string().contains("--encoding cp1252"), "{err}");
        // Random binary is not French.
        let binary = [0x01u8, 0x81, 0x00, 0xc3, 0x28, 0x90, 0x00, 0xfe, 0x02];
        let err = decode(Cow::Borrowed(&binary), Format::Plain, false, None).unwrap_err();
        assert!(!err.to_string().contains("--encoding"), "{err}");
        let read = |enc| {
            decode(Cow::Borrowed(cp), Format::Plain, false, Some(enc))
                .unwrap()
                .text
        };
        assert_eq!(read(TextEncoding::Cp1252), "l’été œuvre");
        assert_eq!(read(TextEncoding::Latin1), "l\u{92}été \u{9c}uvre");
        assert_eq!(
            "Windows-1252".parse::<TextEncoding>().unwrap(),
            TextEncoding::Cp1252
        );
        assert!("ebcdic".parse::<TextEncoding>().is_err());
    }
}
