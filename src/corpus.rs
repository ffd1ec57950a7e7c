//! corpus: to be written.
