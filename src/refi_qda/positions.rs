//! Character positions: REFI-QDA counts Unicode code points from 0, entretien counts bytes.
//!
//! The one conversion between the two lives here. A [`CharIndex`] is built once per text (a
//! count of characters every [`BLOCK`] bytes, so memory is a few bytes per kilobyte of text) and
//! then converts either way in at most a block's scan. `\r` is a character like any other: a
//! CRLF line end counts two.
//!
//! ```
//! use entretien::refi_qda::positions::CharIndex;
//!
//! let text = "Épuisé 😩\r\nça va";
//! let index = CharIndex::new(text);
//! assert_eq!(index.char_of(text.find("ça").unwrap()), Some(10));
//! assert_eq!(index.byte_of(10), Some(text.find("ça").unwrap()));
//! assert_eq!(index.chars(), 15);
//! assert_eq!(index.byte_of(16), None); // past the end
//! ```

/// Bytes per checkpoint of a [`CharIndex`].
pub const BLOCK: usize = 256;

/// Converts byte offsets of one text to character (code point) offsets and back.
#[derive(Debug, Clone)]
pub struct CharIndex<'t> {
    text: &'t str,
    /// `checkpoints[k]`: characters that start before byte `k * BLOCK`.
    checkpoints: Vec<usize>,
    chars: usize,
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

impl<'t> CharIndex<'t> {
    /// Indexes `text`.
    pub fn new(text: &'t str) -> CharIndex<'t> {
        let mut checkpoints = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            checkpoints.push(chars);
            chars += block.iter().filter(|&&b| starts_char(b)).count();
        }
        checkpoints.push(chars);
        CharIndex {
            text,
            checkpoints,
            chars,
        }
    }

    /// The number of characters (code points) of the text.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// The character offset of byte offset `byte`; `None` when it is past the end or not on a
    /// character boundary. The end of the text (`text.len()`) is the character count.
    pub fn char_of(&self, byte: usize) -> Option<usize> {
        if !self.text.is_char_boundary(byte) {
            return None;
        }
        let block = byte / BLOCK;
        let from = block * BLOCK;
        let within = self.text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| starts_char(b))
            .count();
        Some(self.checkpoints[block] + within)
    }

    /// The byte offset of character offset `char`; `None` past the end (the character count itself
    /// gives `text.len()`, the end of an exclusive range).
    pub fn byte_of(&self, char: usize) -> Option<usize> {
        if char > self.chars {
            return None;
        }
        // The last block whose checkpoint is at or before `char`.
        let block = self.checkpoints.partition_point(|&c| c <= char) - 1;
        let mut seen = self.checkpoints[block];
        let bytes = self.text.as_bytes();
        for (i, &b) in bytes.iter().enumerate().skip(block * BLOCK) {
            if starts_char(b) {
                if seen == char {
                    return Some(i);
                }
                seen += 1;
            }
        }
        (seen == char).then_some(bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every boundary of `text`, both ways, against `char_indices`.
    fn check_all(text: &str) {
        let index = CharIndex::new(text);
        let mut boundaries: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        boundaries.push(text.len());
        assert_eq!(index.chars(), text.chars().count());
        for (c, &b) in boundaries.iter().enumerate() {
            assert_eq!(index.char_of(b), Some(c), "byte {b} of {text:?}");
            assert_eq!(index.byte_of(c), Some(b), "char {c} of {text:?}");
        }
        assert_eq!(index.byte_of(boundaries.len()), None);
        assert_eq!(index.char_of(text.len() + 1), None);
        for b in 0..text.len() {
            if !text.is_char_boundary(b) {
                assert_eq!(index.char_of(b), None, "inside a character at {b}");
            }
        }
    }

    #[test]
    fn accents_emoji_and_crlf() {
        check_all("");
        check_all("abc");
        check_all("Épuisée, « débordée » : c'est ça.");
        check_all("Agent : je suis 😩\r\nEnquêtrice : 👩🏽‍💻 et ?\r\n");
        let text = "é\r\n😩x";
        let index = CharIndex::new(text);
        // é(0) \r(1) \n(2) 😩(3) x(4): a CRLF counts two characters, an emoji one.
        assert_eq!(index.char_of(text.find('x').unwrap()), Some(4));
        assert_eq!(index.byte_of(3), Some(text.find('😩').unwrap()));
    }

    #[test]
    fn across_many_blocks() {
        // Multi-byte characters straddle block edges at every alignment.
        let text: String = (0..3000)
            .map(|i| ["a", "é", "€", "😩", "\r\n"][i % 5])
            .collect();
        check_all(&text);
        check_all(&"é".repeat(BLOCK * 3 + 1));
    }
}
