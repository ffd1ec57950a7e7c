//! Byte spans into a text.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `start..end` into a text, always on `char` boundaries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether it covers nothing.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// As a range, for slicing.
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Moves the span by `offset` bytes to the right.
    pub const fn shift(&self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }

    /// Whether `other` lies inside it.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}
