//! certificate (being written).

/// Stable codes of this module.
pub const CODES: &[&str] = &[];
