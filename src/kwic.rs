//! kwic: to be written.
