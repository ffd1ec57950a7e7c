//! analyzer: to be written.
