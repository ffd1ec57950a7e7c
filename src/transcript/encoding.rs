//! Bytes to text: UTF-8 (BOM removed), UTF-32 and UTF-16 with a BOM, and the single-byte encodings
//! Transcriber files declare (ISO-8859-1, ISO-8859-15, windows-1252), decoded by hand.

use crate::error::{Error, ErrorKind, Result};
use crate::transcript::Format;
use std::borrow::Cow;

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

/// Decodes a whole input. Transcriber, TEI and ELAN files honour their XML declaration, except that a file
/// declared ISO-8859-1 (or 1252) whose bytes are valid UTF-8 with non-ASCII characters is read
/// as UTF-8: such files are re-saved Transcriber files, and Latin-1 French text is practically
/// never valid UTF-8.
///
/// Bytes given by value that are valid UTF-8 without a BOM become the text without a copy.
pub(crate) fn decode(bytes: Cow<'_, [u8]>, format: Format, lossy: bool) -> Result<String> {
    if let Cow::Owned(owned) = bytes {
        let plain_utf8 = !owned.starts_with(UTF8_BOM)
            && !owned.starts_with(&[0xFF, 0xFE])
            && !owned.starts_with(&[0xFE, 0xFF])
            && !owned.starts_with(UTF32_BE_BOM)
            && !matches!(format, Format::Trs | Format::Tei | Format::Eaf);
        if !plain_utf8 {
            return decode(Cow::Borrowed(&owned), format, lossy);
        }
        return match String::from_utf8(owned) {
            Ok(text) => no_nul(text, lossy),
            Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(e) => Err(Error::invalid_utf8(e.utf8_error().valid_up_to())),
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
        Err(e) => Err(Error::invalid_utf8(e.valid_up_to())),
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
        let text = decode(Cow::Borrowed(latin), Format::Trs, false).unwrap();
        assert!(text.contains("dématérialisation"));
        let cp = b"<?xml version='1.0' encoding='windows-1252'?><Trans>\x93oui\x94 \x80</Trans>";
        let text = decode(Cow::Borrowed(cp), Format::Trs, false).unwrap();
        assert!(text.contains("“oui” €"));
    }

    #[test]
    fn nul_bytes_are_not_text() {
        let utf16_without_bom = b"E\x00 \x00:\x00".to_vec();
        let err = decode(Cow::Owned(utf16_without_bom), Format::Plain, false).unwrap_err();
        assert_eq!(err.byte_offset(), Some(1));
        assert!(err.to_string().contains("NUL"), "{err}");
        let with_bom = b"\xEF\xBB\xBFab\x00".to_vec();
        let err = decode(Cow::Owned(with_bom), Format::Plain, false).unwrap_err();
        assert_eq!(err.byte_offset(), Some(5), "{err}");
        assert!(decode(Cow::Owned(b"a\x00b".to_vec()), Format::Plain, true).is_ok());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "é😀".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(
            decode(Cow::Borrowed(&bytes), Format::TextGrid, false).unwrap(),
            "é😀"
        );
        let lone = [0xFE, 0xFF, 0x00, 0x41, 0xD8, 0x00, 0x00, 0x41];
        let err = decode(Cow::Borrowed(&lone), Format::TextGrid, false).unwrap_err();
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
            let owned = decode(Cow::Owned(bytes.clone()), Format::Plain, false).unwrap();
            assert_eq!(owned, "E : é😀\n");
            bytes.extend(if little {
                0xD800u32.to_le_bytes()
            } else {
                0xD800u32.to_be_bytes()
            });
            let err = decode(Cow::Borrowed(&bytes), Format::Plain, false).unwrap_err();
            assert_eq!(err.byte_offset(), Some(4 + 4 * 7));
            assert!(err.to_string().contains("invalid UTF-32"), "{err}");
        }
    }
}
