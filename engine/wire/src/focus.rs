//! The D-pad direction a `NAVIGATE` command carries.
//!
//! Wire vocabulary: hosts map keys to it and encode it, scene files name
//! it, the decoder checks it. What a move *does* (the spatial search, focus
//! policy) is the engine's (`reel_engine::focus`); this is only the word.

/// A D-pad direction (the word of a `NAVIGATE` command).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// Left.
    Left = 0,
    /// Right.
    Right = 1,
    /// Up.
    Up = 2,
    /// Down.
    Down = 3,
}

impl Dir {
    /// Decodes the wire value.
    pub fn from_u32(v: u32) -> Option<Self> {
        Some(match v {
            0 => Self::Left,
            1 => Self::Right,
            2 => Self::Up,
            3 => Self::Down,
            _ => return None,
        })
    }
}
