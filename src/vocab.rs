//! vocab: to be written.
