//! Animation vocabulary of the protocol: an animation's [`Timing`] (with its
//! [`easing::Easing`] curve and [`Direction`]), the `ANIM_CTRL` actions
//! ([`ctrl`]) and the `ANIM` event kinds ([`anim_event`]).
//!
//! Why these live in the wire crate: the decoder, the encoder and scene
//! files must name and check them, and hosts encode them, but none of
//! those evaluate an animation. The animator itself (`reel_engine::anim`:
//! ticking, interpolation, easing evaluation) stays in the engine.

pub mod easing;

use easing::Easing;

/// Direction of iterations, as in CSS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Direction {
    /// 0 → 1 every iteration.
    #[default]
    Normal,
    /// 1 → 0 every iteration.
    Reverse,
    /// Forward, then backward.
    Alternate,
    /// Backward, then forward.
    AlternateReverse,
}

impl Direction {
    /// Decodes the wire value.
    pub fn from_u32(v: u32) -> Option<Self> {
        Some(match v {
            0 => Self::Normal,
            1 => Self::Reverse,
            2 => Self::Alternate,
            3 => Self::AlternateReverse,
            _ => return None,
        })
    }
}

/// Timing of an animation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    /// Duration of one iteration in ms (ignored by springs, which last until settled).
    pub duration_ms: f32,
    /// Delay before the first iteration, ms.
    pub delay_ms: f32,
    /// Iterations in total; `u32::MAX` loops forever.
    pub iterations: u32,
    /// Direction.
    pub direction: Direction,
    /// Curve.
    pub easing: Easing,
}

/// Events an animation reports (the `kind` word of an `ANIM` event).
pub mod anim_event {
    /// The first frame evaluated it.
    pub const STARTED: u32 = 0;
    /// It ran to its end.
    pub const FINISHED: u32 = 1;
    /// It was stopped, replaced on all its properties, or its node destroyed.
    pub const CANCELLED: u32 = 2;
}

/// Controls for `ANIM_CTRL`.
pub mod ctrl {
    /// Pause at the current value.
    pub const PAUSE: u32 = 0;
    /// Resume a paused animation.
    pub const RESUME: u32 = 1;
    /// Cancel, keeping current values.
    pub const STOP: u32 = 2;
    /// Jump to the end values and finish.
    pub const FINISH: u32 = 3;
}
