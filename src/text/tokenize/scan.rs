//! The scanner core: separators, the dispatch on a token's first character, and the word scan
//! with its ASCII fast paths.

use super::rules::{
    self, in_list, is_apostrophe, is_hyphen, is_invisible_joiner, is_mark, is_separator, is_symbol,
    is_word_char,
};
use super::{TokenKind, Tokens};

impl<'a> Tokens<'a> {
    /// `(start, end << 8 | kind index)`, or `(usize::MAX, 0)` at the end of the text.
    pub(super) fn advance_packed(&mut self) -> (usize, usize) {
        let (start, end, kind) = if self.pos < self.clitics_end {
            let start = self.pos;
            (start, self.clitic_end(start), TokenKind::Word)
        } else {
            self.skip_separators();
            if self.pos >= self.text.len() {
                return (usize::MAX, 0);
            }
            let start = self.pos;
            let (end, kind) = self.scan(start);
            // Combining marks never start a token of their own after punctuation or symbols.
            let end = if kind == TokenKind::Punct || kind == TokenKind::Symbol {
                self.skip_marks(end)
            } else {
                end
            };
            (start, end, kind)
        };
        debug_assert!(end > start);
        self.pos = end;
        (start, end << 8 | kind as usize)
    }
}

/// [`ASCII_CLASS`] values: what an ASCII byte is inside a word.
const LETTER: u8 = 1;
const DIGIT: u8 = 2;

/// ASCII letters and digits by byte value; 0 for everything else (non-ASCII bytes included).
static ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            table[b] = LETTER;
        } else if c.is_ascii_digit() {
            table[b] = DIGIT;
        }
        b += 1;
    }
    table
};

/// How many of the 8 bytes of `chunk` (which must hold 8) are, from the start, ASCII letters
/// or digits, and whether digits are among them. Computed on the whole word at once (SWAR), so
/// the scan of a short word costs no per-byte branch to mispredict at its end.
#[inline]
fn alnum_run(chunk: &[u8]) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    let w = u64::from_le_bytes(word);
    let low7 = w & !HIGH;
    // Adding (0x80 - bound) to a 7-bit byte sets its high bit exactly when the byte >= bound,
    // without carrying into the next byte.
    let ge = |x: u64, bound: u64| x + (0x80 - bound) * ONES;
    let folded = low7 | (0x20 * ONES);
    let letter = ge(folded, 0x61) & !ge(folded, 0x7B);
    let digit = ge(low7, 0x30) & !ge(low7, 0x3A);
    let alnum = (letter | digit) & !w & HIGH;
    let run = ((!alnum & HIGH).trailing_zeros() / 8) as usize;
    let in_run = if run == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * run)) - 1
    };
    (run, digit & !w & HIGH & in_run != 0)
}

/// Where the run of letters and digits starting at `i` ends, and whether it has ASCII digits:
/// eight ASCII bytes at a time where the text allows, then byte by byte, and accented Latin
/// letters without decoding. Other characters, even letters, end the run.
#[inline]
fn alnum_end(bytes: &[u8], mut i: usize) -> (usize, bool) {
    let mut has_digit = false;
    loop {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let (run, digits) = alnum_run(chunk);
            has_digit |= digits;
            i += run;
            if run == 8 {
                continue;
            }
        } else {
            while let Some(&b) = bytes.get(i) {
                let class = ASCII_CLASS[b as usize];
                if class == 0 {
                    break;
                }
                has_digit |= class == DIGIT;
                i += 1;
            }
        }
        match latin_letter_len(bytes, i) {
            0 => return (i, has_digit),
            n => i += n,
        }
    }
}

/// The length (2) of a Latin-1 or Latin Extended letter (U+00C0–U+024F but × and ÷: French
/// accents, œ) encoded at `i`, or 0: the word scan's shortcut around `char` decoding.
#[inline]
fn latin_letter_len(bytes: &[u8], i: usize) -> usize {
    match (bytes.get(i), bytes.get(i + 1)) {
        (Some(&0xC3), Some(&0x97 | &0xB7)) => 0,
        (Some(&(0xC3..=0xC8)), Some(&(0x80..=0xBF))) | (Some(&0xC9), Some(&(0x80..=0x8F))) => 2,
        _ => 0,
    }
}

const NBSP: char = '\u{00A0}';
const NARROW_NBSP: char = '\u{202F}';

impl<'a> Tokens<'a> {
    pub(super) fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The char at byte `i` (a char boundary), if any.
    pub(super) fn char_at(&self, i: usize) -> Option<char> {
        match self.bytes().get(i) {
            None => None,
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.text.get(i..).and_then(|s| s.chars().next()),
        }
    }

    /// The char just before byte `i`, if any.
    pub(super) fn char_before(&self, i: usize) -> Option<char> {
        self.text.get(..i).and_then(|s| s.chars().next_back())
    }

    fn skip_separators(&mut self) {
        let bytes = self.bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if b < 0x80 {
                if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                    self.pos += 1;
                } else {
                    return;
                }
            } else {
                match self.char_at(self.pos) {
                    Some(c) if is_separator(c) => self.pos += c.len_utf8(),
                    _ => return,
                }
            }
        }
    }

    /// Scans the token starting at `start` (not a separator): its end and kind.
    fn scan(&mut self, start: usize) -> (usize, TokenKind) {
        let Some(c) = self.char_at(start) else {
            return (start + 1, TokenKind::Punct);
        };
        if is_word_char(c) {
            return self.scan_word(start);
        }
        let after = start + c.len_utf8();
        match c {
            '.' => (self.run_of(after, b'.'), TokenKind::Punct),
            '-' | '+' => {
                let signs_number = self.char_at(after).is_some_and(|n| n.is_ascii_digit())
                    && self
                        .char_before(start)
                        .map_or(true, |p| is_separator(p) || matches!(p, '(' | '[' | '/'));
                if signs_number {
                    let (end, _) = self.scan_word(after);
                    return (end, TokenKind::Number);
                }
                if c == '-' {
                    if let Some(end) = self.detached_clitic_end(start) {
                        return (end, TokenKind::Word);
                    }
                    (self.run_of(after, b'-'), TokenKind::Punct)
                } else {
                    (after, TokenKind::Symbol)
                }
            }
            '(' | '[' => match self.annotation_end(start, c) {
                Some(end) => (end, TokenKind::Annotation),
                None => (after, TokenKind::Punct),
            },
            _ => {
                let kind = if is_symbol(c) {
                    TokenKind::Symbol
                } else {
                    TokenKind::Punct
                };
                (after, kind)
            }
        }
    }

    /// End of a run of the ASCII byte `b` starting at `i`.
    fn run_of(&self, mut i: usize, b: u8) -> usize {
        while self.bytes().get(i) == Some(&b) {
            i += 1;
        }
        i
    }

    /// Combining marks after a punctuation or symbol stay with it.
    fn skip_marks(&self, mut i: usize) -> usize {
        while let Some(c) = self.char_at(i) {
            if !is_mark(c) {
                break;
            }
            i += c.len_utf8();
        }
        i
    }

    /// Scans a token starting with a letter, digit or combining mark.
    fn scan_word(&mut self, start: usize) -> (usize, TokenKind) {
        if let Some(end) = self.plain_word_end(start) {
            return (end, self.word_kind(&self.text[start..end]));
        }
        self.scan_word_full(start)
    }

    /// [`Tokens::scan_word`] with every rule: URLs, elisions, e-mails, truncations, abbreviations,
    /// numbers and inverted clitics.
    fn scan_word_full(&mut self, start: usize) -> (usize, TokenKind) {
        if matches!(self.bytes()[start] | 0x20, b'h' | b'f' | b'w') {
            if let Some(end) = self.url_end(start) {
                return (end, TokenKind::Url);
            }
        }
        let scan = self.word_end(start);
        if scan.elision {
            return (scan.end, TokenKind::Word);
        }
        let mut end = scan.end;
        if self.bytes().get(end) == Some(&b'@') {
            if let Some(email_end) = self.email_end(end) {
                return (email_end, TokenKind::Email);
            }
        }
        if scan.truncated {
            return (end, TokenKind::Truncated);
        }
        if self.bytes().get(end) == Some(&b'.') {
            end = self.abbreviation_end(start, end, scan.has_dot);
        }
        if scan.has_hyphen && end == scan.end {
            let split = self.clitics_split(start, end);
            if split < end {
                self.clitics_end = end;
                end = split;
            }
        }
        (end, self.word_kind(&self.text[start..end]))
    }

    /// The end of the most common token, a word starting with an ASCII letter, made of letters and
    /// digits only and followed by white space or punctuation that joins nothing (`, ; ! ? ) "`), or
    /// by the end of the text; `None` for anything else, which the full scan then reads. Such a word
    /// meets none of the other rules (URL, elision, e-mail, truncation, abbreviation, hyphenated
    /// compound, number), so both scans agree on it; the tokenizer tests hold them to that.
    #[inline]
    fn plain_word_end(&self, start: usize) -> Option<usize> {
        let bytes = self.bytes();
        if !bytes[start].is_ascii_alphabetic() {
            return None;
        }
        let (i, _) = alnum_end(bytes, start);
        match bytes.get(i) {
            None | Some(b' ' | b'\n' | b'\r' | b'\t' | b';' | b'!' | b'?' | b')' | b'"') => Some(i),
            // `3,5` is a number even after letters: `mp3,5` goes to the full scan.
            Some(b',') if !bytes[i - 1].is_ascii_digit() => Some(i),
            _ => None,
        }
    }

    fn word_kind(&self, word: &str) -> TokenKind {
        let bytes = word.as_bytes();
        if bytes[0].is_ascii_digit() {
            let numeric = word.chars().all(|c| {
                c.is_ascii_digit()
                    || matches!(c, ',' | '.' | ' ' | 'h' | 'H' | '-' | NBSP | NARROW_NBSP)
            });
            if numeric {
                return TokenKind::Number;
            }
        }
        if bytes.len() >= 3 && bytes.iter().all(|&b| b == b'x' || b == b'X') {
            return TokenKind::Annotation;
        }
        // Cheap prefilter on the first two bytes before the list lookup.
        let may_be_filler = (2..=5).contains(&bytes.len())
            && matches!(
                (bytes[0] | 0x20, bytes[1] | 0x20),
                (b'e', b'u')
                    | (b'h', b'e' | b'u' | b'm')
                    | (b'm', b'h' | b'm')
                    | (b'b', b'a' | b'e' | 0xE3)
                    | (b'p', b'f')
            );
        if may_be_filler && in_list(word, rules::FILLERS) {
            return TokenKind::Filler;
        }
        TokenKind::Word
    }

    /// Scans a word from `start`: letters, digits and marks, joined by inner hyphens,
    /// apostrophes and dots, digit groups (`1 000`) and decimal commas (`3,5`).
    fn word_end(&self, start: usize) -> WordScan {
        let bytes = self.bytes();
        let mut scan = WordScan {
            end: start,
            has_hyphen: false,
            has_dot: false,
            truncated: false,
            elision: false,
        };
        let mut i = start;
        // The word so far is only letters: a candidate elided clitic.
        let mut letters_only = true;
        // Digit groups: the word so far is only digits and group spaces.
        let mut numeric = true;
        let mut group_start = start;
        if bytes[start].is_ascii_alphabetic() || latin_letter_len(bytes, start) > 0 {
            numeric = false;
        }
        loop {
            if !numeric {
                // The common case, letters after letters: no number rules to check.
                let (end, has_digit) = alnum_end(bytes, i);
                letters_only &= !has_digit;
                i = end;
            }
            while let Some(&b) = bytes.get(i) {
                if b.is_ascii_alphabetic() {
                    if numeric && i > start && !self.suffix_stays_on_number(i) {
                        scan.end = i;
                        return scan;
                    }
                    numeric = false;
                } else if b.is_ascii_digit() {
                    letters_only = false;
                } else {
                    break;
                }
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                // Fast exit on the usual word ends: space and punctuation that joins nothing.
                Some(&b) if b < 0x80 => {
                    let may_join = matches!(b, b'\'' | b'-' | b'~' | b'.' | b',' | b'_' | b'&')
                        || (b == b' ' && numeric);
                    if !may_join {
                        break;
                    }
                }
                Some(_) => {}
            }
            let Some(c) = self.char_at(i) else { break };
            let after = i + c.len_utf8();
            if !c.is_ascii() && is_word_char(c) {
                if numeric && i > start && c.is_alphabetic() && !self.suffix_stays_on_number(i) {
                    break;
                }
                numeric = false;
                i = after;
                continue;
            }
            if is_apostrophe(c)
                && letters_only
                && i > start
                && i - start <= 24
                && self.is_elision(start, i, after)
            {
                scan.end = after;
                scan.elision = true;
                return scan;
            }
            letters_only = false;
            let next = self.char_at(after);
            let next_is_word = next.is_some_and(is_word_char);
            let prev = self.char_before(i);
            match c {
                c if is_apostrophe(c) && next.is_some_and(char::is_alphabetic) => {
                    numeric = false;
                }
                c if is_hyphen(c) => {
                    if next_is_word {
                        scan.has_hyphen = true;
                        numeric = false;
                    } else if prev.is_some_and(char::is_alphabetic)
                        && next.map_or(true, |n| is_separator(n) || (!is_hyphen(n) && n != '.'))
                    {
                        i = after;
                        scan.truncated = true;
                        break;
                    } else {
                        break;
                    }
                }
                '~' => {
                    i = after;
                    scan.truncated = true;
                    break;
                }
                '.' | ','
                    if prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|n| n.is_ascii_digit()) =>
                {
                    numeric = false;
                }
                '.' if next_is_word => {
                    scan.has_dot = true;
                    numeric = false;
                }
                '_' | '&' if next_is_word => numeric = false,
                '°' if i == start + 1 && matches!(bytes[start], b'n' | b'N') => {
                    i = after;
                    break;
                }
                '\'' if prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()) => {}
                ' ' | NBSP | NARROW_NBSP
                    if numeric && self.is_digit_group(after, i - group_start) =>
                {
                    group_start = after;
                }
                c if is_invisible_joiner(c) && next_is_word && prev.is_some_and(is_word_char) => {
                    numeric = false;
                }
                _ => break,
            }
            i = after;
        }
        scan.end = i;
        scan
    }
}

/// What [`Tokens::word_end`] found.
struct WordScan {
    end: usize,
    has_hyphen: bool,
    has_dot: bool,
    truncated: bool,
    /// The scan stopped after an elided clitic and its apostrophe.
    elision: bool,
}

#[cfg(test)]
mod swar_tests {
    use super::*;

    #[test]
    fn alnum_run_agrees_with_the_byte_table_on_every_byte() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[at] = b;
                let class = ASCII_CLASS[b as usize];
                let expected = if class != 0 { 8 } else { at };
                let (run, has_digit) = alnum_run(&chunk);
                assert_eq!(run, expected, "byte {b:#x} at {at}");
                assert_eq!(has_digit, class == DIGIT, "byte {b:#x} at {at}");
            }
        }
        assert_eq!(alnum_run(b"12ab-cd3"), (4, true));
        assert_eq!(alnum_run(b"ab-12345"), (2, false));
    }
}

#[cfg(test)]
mod plain_word_tests {
    use crate::text::tokenize::Tokenizer;

    /// Wherever the shortcut takes a word, the full scan must give the same token.
    fn check(text: &str) {
        let mut tokens = Tokenizer::new().tokens(text);
        for start in 0..text.len() {
            if !text.is_char_boundary(start) {
                continue;
            }
            if let Some(end) = tokens.plain_word_end(start) {
                let kind = tokens.word_kind(&text[start..end]);
                let full = tokens.scan_word_full(start);
                tokens.clitics_end = 0;
                assert_eq!(full, (end, kind), "{text:?} at {start}");
            }
        }
    }

    #[test]
    fn shortcut_agrees_with_the_full_scan() {
        for text in [
            "Bonjour, je suis là ; euh voilà ! Quoi ? (oui) \"non\"",
            "mp3,5 abc3,5 a,b l'homme aujourd'hui dit-il http://x.fr www.y.fr ftp://z",
            "M. Dupont, Dr. No, etc. p. ex. J.-C. R.E.M. xxx XXX hum euh bah ben",
            "12h30 1er 2ème 160km 3,5 1 000 é-  dé~ qu- a@b.fr -t-il rendez-vous",
            "Élodie À Ça œuvre naïve où déjà\tfin\r\nligne",
        ] {
            check(text);
        }
        // Every pair of characters from a tricky alphabet after a word.
        let alphabet = [
            "a", "Z", "é", "9", " ", ",", ";", ":", ".", "-", "'", "’", "@", "~", "_", "&", ")",
            "\"", "!", "?", "\u{301}", "\u{a0}", "…", "\u{ad}", "\u{200b}",
        ];
        for x in alphabet {
            for y in alphabet {
                check(&format!("mot{x}{y}"));
                check(&format!("mp3{x}{y}"));
                check(&format!("ww{x}{y}w"));
            }
        }
    }
}
