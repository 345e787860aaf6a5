//! Easing curves as the protocol carries them: the curve's kind and
//! parameters (the `easing` words of `ANIMATE`/`TRANSITION`), decoded and
//! checked by [`Easing::from_wire`].
//!
//! Only the data lives here: hosts, scene files and the decoder need to name
//! and validate a curve, never to evaluate one. Evaluation (Newton steps and
//! bisection for `cubic-bezier()`, CSS `steps()`, the analytic spring) is
//! the engine's (`reel_engine::anim::easing::Eval`), so a host that only
//! encodes batches compiles none of it.

/// An easing curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Easing {
    /// Straight line.
    Linear,
    /// `cubic-bezier(x1, y1, x2, y2)`; the named CSS curves are presets.
    CubicBezier(f32, f32, f32, f32),
    /// `steps(n, jump-end)` when `start` is false, `jump-start` when true.
    Steps {
        /// Number of steps, at least 1.
        n: u32,
        /// Jump at the start of each interval.
        start: bool,
    },
    /// A spring from 0 to 1: stiffness k, damping c, mass m, initial
    /// velocity v0 (in units of the distance per second).
    Spring {
        /// Stiffness.
        stiffness: f32,
        /// Damping.
        damping: f32,
        /// Mass.
        mass: f32,
        /// Initial velocity.
        velocity: f32,
    },
}

/// Wire codes of easing kinds (the `easing` word of `ANIMATE`/`TRANSITION`).
pub mod code {
    /// linear
    pub const LINEAR: u32 = 0;
    /// ease
    pub const EASE: u32 = 1;
    /// ease-in
    pub const EASE_IN: u32 = 2;
    /// ease-out
    pub const EASE_OUT: u32 = 3;
    /// ease-in-out
    pub const EASE_IN_OUT: u32 = 4;
    /// cubic-bezier(p0, p1, p2, p3)
    pub const CUBIC_BEZIER: u32 = 5;
    /// steps(p0, p1 = 0 jump-end | 1 jump-start)
    pub const STEPS: u32 = 6;
    /// spring(stiffness p0, damping p1, mass p2, velocity p3)
    pub const SPRING: u32 = 7;
}

/// Why easing parameters were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EasingError {
    /// Unknown easing code.
    UnknownKind(u32),
    /// Parameters out of their domain (bezier x outside 0..1, steps < 1,
    /// non-positive spring constants, non-finite values).
    BadParams,
}

impl Easing {
    /// `ease`.
    pub const EASE: Self = Self::CubicBezier(0.25, 0.1, 0.25, 1.0);
    /// `ease-in`.
    pub const EASE_IN: Self = Self::CubicBezier(0.42, 0.0, 1.0, 1.0);
    /// `ease-out`.
    pub const EASE_OUT: Self = Self::CubicBezier(0.0, 0.0, 0.58, 1.0);
    /// `ease-in-out`.
    pub const EASE_IN_OUT: Self = Self::CubicBezier(0.42, 0.0, 0.58, 1.0);

    /// Decodes the wire form and checks its parameters.
    pub fn from_wire(kind: u32, p: [f32; 4]) -> Result<Self, EasingError> {
        if p.iter().any(|v| !v.is_finite()) {
            return Err(EasingError::BadParams);
        }
        Ok(match kind {
            code::LINEAR => Self::Linear,
            code::EASE => Self::EASE,
            code::EASE_IN => Self::EASE_IN,
            code::EASE_OUT => Self::EASE_OUT,
            code::EASE_IN_OUT => Self::EASE_IN_OUT,
            code::CUBIC_BEZIER => {
                if !(0.0..=1.0).contains(&p[0]) || !(0.0..=1.0).contains(&p[2]) {
                    return Err(EasingError::BadParams);
                }
                Self::CubicBezier(p[0], p[1], p[2], p[3])
            }
            code::STEPS => {
                if p[0] < 1.0 || p[0] > 10_000.0 || p[0].fract() != 0.0 {
                    return Err(EasingError::BadParams);
                }
                Self::Steps { n: p[0] as u32, start: p[1] != 0.0 }
            }
            code::SPRING => {
                if p[0] <= 0.0 || p[1] < 0.0 || p[2] <= 0.0 {
                    return Err(EasingError::BadParams);
                }
                Self::Spring { stiffness: p[0], damping: p[1], mass: p[2], velocity: p[3] }
            }
            other => return Err(EasingError::UnknownKind(other)),
        })
    }

    /// The wire form `(kind, params)`.
    pub fn to_wire(self) -> (u32, [f32; 4]) {
        match self {
            Self::Linear => (code::LINEAR, [0.0; 4]),
            Self::CubicBezier(a, b, c, d) => (code::CUBIC_BEZIER, [a, b, c, d]),
            Self::Steps { n, start } => (code::STEPS, [n as f32, start as u32 as f32, 0.0, 0.0]),
            Self::Spring { stiffness, damping, mass, velocity } => (code::SPRING, [stiffness, damping, mass, velocity]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_validation() {
        assert_eq!(Easing::from_wire(99, [0.0; 4]), Err(EasingError::UnknownKind(99)));
        assert_eq!(Easing::from_wire(code::CUBIC_BEZIER, [1.5, 0.0, 0.5, 1.0]), Err(EasingError::BadParams));
        assert_eq!(Easing::from_wire(code::STEPS, [0.0, 0.0, 0.0, 0.0]), Err(EasingError::BadParams));
        assert_eq!(Easing::from_wire(code::SPRING, [-1.0, 1.0, 1.0, 0.0]), Err(EasingError::BadParams));
        assert_eq!(Easing::from_wire(code::LINEAR, [f32::NAN, 0.0, 0.0, 0.0]), Err(EasingError::BadParams));
        let e = Easing::CubicBezier(0.1, 0.2, 0.3, 0.4);
        let (k, p) = e.to_wire();
        assert_eq!(Easing::from_wire(k, p), Ok(e));
    }
}
