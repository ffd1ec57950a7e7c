//! negation: to be written.
