//! matcher: to be written.
