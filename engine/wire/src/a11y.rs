//! Accessibility limits the decoder enforces: the longest `label`,
//! `description` or announcement, and the errors a batch gets past them.
//!
//! Wire vocabulary: they are static checks of a batch (before anything is
//! applied), so they sit with the decoder. What is spoken, and when
//! (`reel_engine::a11y`), stays in the engine.

use crate::protocol::props::key;

/// Longest `label`, `description` or announcement, in bytes.
pub const MAX_TEXT: usize = 1024;
/// Error for a too long `label`/`description`.
pub const TOO_LONG: &str = "label or description longer than 1024 bytes";
/// Error for a bad `ANNOUNCE`.
pub const BAD_ANNOUNCE: &str = "announce needs politeness 1 (polite) or 2 (assertive) and at most 1024 bytes of text";

/// Whether `value` is too long for string property `k`.
pub fn too_long(k: u16, value: &str) -> bool {
    (k == key::LABEL || k == key::DESCRIPTION) && value.len() > MAX_TEXT
}
