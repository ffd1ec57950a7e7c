//! URLs and e-mail addresses, each one token.

use super::rules::{is_separator, is_word_char};
use super::Tokens;

impl<'a> Tokens<'a> {
    /// End of a URL starting at `start` (`http://`, `https://`, `www.`), trailing punctuation excluded.
    pub(super) fn url_end(&self, start: usize) -> Option<usize> {
        let rest = &self.bytes()[start..];
        let has_prefix = |p: &[u8]| {
            rest.len() > p.len()
                && rest[..p.len()].eq_ignore_ascii_case(p)
                && self.char_at(start + p.len()).is_some_and(is_word_char)
        };
        if !(has_prefix(b"http://")
            || has_prefix(b"https://")
            || has_prefix(b"ftp://")
            || has_prefix(b"www."))
        {
            return None;
        }
        let mut end = start;
        let mut opened_parens = 0usize;
        while let Some(c) = self.char_at(end) {
            if is_separator(c) || matches!(c, '<' | '>' | '"' | '«' | '»') {
                break;
            }
            opened_parens += usize::from(c == '(');
            end += c.len_utf8();
        }
        while let Some(c) = self.char_before(end) {
            let trailing = matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' | ']' | '}'
            ) || (c == ')' && opened_parens == 0);
            if !trailing {
                break;
            }
            end -= c.len_utf8();
        }
        Some(end)
    }

    /// End of an e-mail address whose `@` is at `at` (the local part having been scanned).
    pub(super) fn email_end(&self, at: usize) -> Option<usize> {
        let mut end = at + 1;
        let mut last_dot = None;
        while let Some(c) = self.char_at(end) {
            if c == '.' {
                if self.char_at(end + 1).is_some_and(is_word_char) {
                    last_dot = Some(end);
                }
            } else if !(is_word_char(c) || c == '-') {
                break;
            }
            end += c.len_utf8();
        }
        while end > at + 1 && matches!(self.bytes()[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let dot = last_dot?;
        (dot > at + 1 && dot + 1 < end).then_some(end)
    }
}
