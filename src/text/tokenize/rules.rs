//! Character classes and the list comparisons shared by the tokenizer's modules; each rule's own
//! word list lives in that rule's module.
//!
//! All lists are ASCII-lowercase or NFC lowercase; comparisons go through [`in_list`] and
//! [`prefix_fold`], which fold case and accept NFD accents.

/// No entry of the lists compared with [`in_list`] is longer than this, in bytes (tested).
pub(crate) const MAX_ENTRY_LEN: usize = 20;

/// Hesitations and discourse fillers of spoken French.
pub(crate) const FILLERS: &[&str] = &[
    "euh", "euhm", "heu", "hum", "hm", "hmm", "mh", "mhm", "mmh", "mm", "bah", "ben", "bé", "beh",
    "hein", "pff", "pfff",
];

/// Whether `c` separates tokens: Unicode white space (NBSP and narrow NBSP included),
/// the byte-order mark and the zero-width space.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// Invisible characters that stay inside a word when they stand between word characters: the
/// soft hyphen and the zero-width space, non-joiner, joiner and word joiner (`iso\u{AD}lement`).
pub(crate) fn is_invisible_joiner(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}')
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

pub(crate) fn is_mark(c: char) -> bool {
    !c.is_ascii() && unicode_normalization::char::is_combining_mark(c)
}

/// Letters, digits and combining marks: what words are made of.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{C0}'..='\u{24F}').contains(&c) {
        // Latin-1 and Latin Extended letters (French accents, œ), without a table lookup.
        c != '×' && c != '÷'
    } else {
        c.is_alphanumeric() || is_mark(c)
    }
}

/// Symbols (as opposed to punctuation), which make [`TokenKind::Symbol`](super::TokenKind::Symbol) tokens.
pub(crate) fn is_symbol(c: char) -> bool {
    match c {
        '%' | '‰' | '€' | '$' | '£' | '¥' | '¢' | '+' | '=' | '<' | '>' | '*' | '/' | '\\'
        | '&' | '#' | '@' | '§' | '°' | '^' | '~' | '|' | '±' | '×' | '÷' | '©' | '®' | '™'
        | '¤' | '№' | '←' | '→' | '↑' | '↓' | '•' | '√' | '∞' | '≠' | '≤' | '≥' => {
            true
        }
        c if !c.is_ascii() => {
            let u = c as u32;
            // Currency, letterlike, arrows, maths, technical, box drawing, dingbats, emoji.
            (0x20A0..=0x20CF).contains(&u)
                || (0x2100..=0x23FF).contains(&u)
                || (0x2500..=0x27BF).contains(&u)
                || (0x2900..=0x2BFF).contains(&u)
                || (0x1F000..=0x1FAFF).contains(&u)
        }
        _ => false,
    }
}

/// If `text` starts with `entry` (ignoring case and normalisation form), the byte length
/// of that prefix in `text`.
pub(crate) fn prefix_fold(text: &str, entry: &str) -> Option<usize> {
    use unicode_normalization::UnicodeNormalization;
    // ASCII on both sides, the usual case, compares bytes; the first difference between ASCII
    // bytes settles it, since an ASCII character folds only to itself or its other case.
    let (text_bytes, entry_bytes) = (text.as_bytes(), entry.as_bytes());
    for (k, &e) in entry_bytes.iter().enumerate() {
        match text_bytes.get(k) {
            Some(&t) if t.is_ascii() && e.is_ascii() => {
                if !t.eq_ignore_ascii_case(&e) {
                    return None;
                }
                if k + 1 == entry_bytes.len() {
                    return Some(entry_bytes.len());
                }
            }
            None => return None,
            _ => break,
        }
    }
    let mut wanted = entry.nfd();
    let mut next_wanted = wanted.next();
    if next_wanted.is_none() {
        return Some(0);
    }
    for (i, c) in text.char_indices() {
        for part in std::iter::once(c).nfd() {
            for lower in part.to_lowercase() {
                if next_wanted != Some(lower) {
                    return None;
                }
                next_wanted = wanted.next();
            }
        }
        if next_wanted.is_none() {
            return Some(i + c.len_utf8());
        }
    }
    None
}

/// Whether `text` equals one of `list` (lowercase NFC entries), ignoring case and normalisation form.
pub(crate) fn in_list(text: &str, list: &[&str]) -> bool {
    // Folding at most shortens a character from 3 bytes (a letter and a combining accent) to 1:
    // longer texts cannot equal a list entry, all of which are short.
    if text.len() > 3 * MAX_ENTRY_LEN {
        return false;
    }
    let mut buf = [0u8; 32];
    match fold_small(text, &mut buf) {
        // Compared inline, byte by byte: the entries are a few bytes long, shorter than the
        // set-up of a `memcmp` call.
        Some(folded) => list.iter().any(|entry| {
            entry.len() == folded.len() && entry.bytes().zip(folded.bytes()).all(|(a, b)| a == b)
        }),
        None => false,
    }
}

/// The lowercase NFC form of a short `text`, written into `buf`; `None` when it does not fit.
fn fold_small<'b>(text: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    if text.len() > buf.len() * 3 {
        return None;
    }
    let mut len = 0;
    if text.is_ascii() {
        let out = buf.get_mut(..text.len())?;
        out.copy_from_slice(text.as_bytes());
        out.make_ascii_lowercase();
        len = text.len();
    } else {
        use unicode_normalization::UnicodeNormalization;
        let mut push = |c: char| -> Option<()> {
            let end = len + c.len_utf8();
            c.encode_utf8(buf.get_mut(len..end)?);
            len = end;
            Some(())
        };
        if text.chars().any(is_mark) {
            for c in text.chars().nfc().flat_map(char::to_lowercase) {
                push(c)?;
            }
        } else {
            for c in text.chars().flat_map(char::to_lowercase) {
                push(c)?;
            }
        }
    }
    std::str::from_utf8(&buf[..len]).ok()
}

#[cfg(test)]
mod tests {
    use super::super::annotations::ANNOTATION_WORDS;
    use super::super::clitics::{INVERTED_CLITICS, KEEP_WHOLE};
    use super::super::elision::ELISIONS;
    use super::super::numbers::ORDINAL_SUFFIXES;
    use super::*;

    #[test]
    fn list_entries_fit_the_length_guard_of_in_list() {
        for list in [
            ELISIONS,
            ORDINAL_SUFFIXES,
            INVERTED_CLITICS,
            KEEP_WHOLE,
            FILLERS,
            ANNOTATION_WORDS,
        ] {
            for entry in list {
                assert!(entry.len() <= MAX_ENTRY_LEN, "{entry}");
            }
        }
    }

    #[test]
    fn prefix_fold_ascii_shortcut_and_unicode_path_agree() {
        assert_eq!(prefix_fold("On dit", "on"), Some(2));
        assert_eq!(prefix_fold("o", "on"), None);
        assert_eq!(prefix_fold("ne", "on"), None);
        assert_eq!(
            prefix_fold("EST-À-DIRE que", "est-à-dire"),
            Some("EST-À-DIRE".len())
        );
        assert_eq!(prefix_fold("est-a\u{300}-dire", "est-à-dire"), Some(12));
        assert_eq!(prefix_fold("île", "île"), Some(4));
        assert_eq!(prefix_fold("i\u{302}le", "île"), Some(5));
        assert_eq!(prefix_fold("ile", "île"), None);
        assert_eq!(prefix_fold("anything", ""), Some(0));
    }

    #[test]
    fn in_list_folds_case_and_accents() {
        assert!(in_list("Qu", ELISIONS));
        assert!(in_list("LÀ", INVERTED_CLITICS));
        assert!(in_list("la\u{300}", INVERTED_CLITICS));
        assert!(!in_list(&"x".repeat(200), ANNOTATION_WORDS));
    }
}
