//! score: to be written.
