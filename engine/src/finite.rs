//! Numbers the engine computes itself stay finite and inside the range the
//! wire accepts.
//!
//! The decoder refuses NaN, infinities and out-of-range values on the way
//! in ([`crate::protocol::props`]), but the engine also *makes* numbers:
//! animation curves and springs (which overshoot), focus scroll offsets,
//! layout results and composed transforms. Finite inputs do not guarantee
//! finite results in `f32` (`3e38 - -3e38` is infinite, and `inf * 0` is
//! NaN), and a value the engine wrote into a node's properties goes into
//! its snapshot, which a host replays through the same decoder after a
//! trap. So every computed value is brought back in range where it is made
//! — saturated, never rejected: a frame has no one to report an error to —
//! with the helpers here:
//!
//! * [`prop`]: a value bound for property `key`, clamped to what the
//!   decoder accepts for it (finite; `>= 0` or `0..=1` where the table says
//!   so). Used by animation ticks and scroll-into-view.
//! * [`lerp`]: interpolation in `f64`, where the span of two finite `f32`
//!   values cannot overflow.
//! * [`finite`], [`affine`], [`aabb`]: layout boxes, composed transforms and
//!   screen bounds in the builder, so display lists and node geometry
//!   (which focus and scroll read) never carry NaN or an infinity.
//!
//! NaN, which no finite computation should produce, becomes 0 (or the
//! nearest end of the property's range).
//!
//! The builder runs these on every node and glyph of every frame, where the
//! values are practically always finite already, so each helper first tests
//! its values in a few instructions and one branch, and saturates only when
//! one is not finite (clamping every value, in loops over arrays kept in
//! memory, made the catalog's emulated frames ~25 % slower).

use glam::Affine2;

use crate::protocol::props::{Check, PropSpec};

/// `v` as a finite number: NaN becomes 0, the infinities `±f32::MAX`.
#[inline]
pub fn finite(v: f32) -> f32 {
    if z(v) == 0.0 {
        v
    } else {
        saturate(v)
    }
}

#[cold]
#[inline(never)]
fn saturate(v: f32) -> f32 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-f32::MAX, f32::MAX)
    }
}

/// 0 for a finite `v`, NaN for NaN and the infinities. A sum of these is
/// 0 only when every term is (a NaN survives the sum): one branch tests a
/// group of values. Written out per value, not as a loop over an array,
/// which the size-optimised build keeps in memory.
#[inline(always)]
#[allow(clippy::eq_op)] // v - v is the point: 0, or NaN for a non-finite v
fn z(v: f32) -> f32 {
    v - v
}

/// `v` clamped to what the decoder accepts for the property `spec`.
#[inline]
pub fn prop(spec: Option<&PropSpec>, v: f32) -> f32 {
    let v = finite(v);
    match spec.map(|s| s.check) {
        Some(Check::NonNegative) => v.max(0.0),
        Some(Check::Unit) => v.clamp(0.0, 1.0),
        _ => v,
    }
}

/// `from + (to - from) * t`, computed in `f64` (no overflow for finite
/// inputs), then made finite. A non-finite `t` counts as the end (1).
#[inline]
pub fn lerp(from: f32, to: f32, t: f32) -> f32 {
    let t = if t.is_nan() { 1.0 } else { finite(t) };
    let (a, b) = (f64::from(from), f64::from(to));
    finite((a + (b - a) * f64::from(t)) as f32)
}

/// A transform with every component finite.
#[inline]
pub fn affine(a: Affine2) -> Affine2 {
    let (m, t) = (a.matrix2, a.translation);
    if z(m.x_axis.x) + z(m.x_axis.y) + z(m.y_axis.x) + z(m.y_axis.y) + z(t.x) + z(t.y) == 0.0 {
        a
    } else {
        let mut v = a.to_cols_array();
        saturate_all(&mut v);
        Affine2::from_cols_array(&v)
    }
}

/// A box `[x0, y0, x1, y1]` with every edge finite.
#[inline]
pub fn aabb(mut b: [f32; 4]) -> [f32; 4] {
    if z(b[0]) + z(b[1]) + z(b[2]) + z(b[3]) != 0.0 {
        saturate_all(&mut b);
    }
    b
}

/// The slow path of [`affine`] and [`aabb`], shared (engine size).
#[cold]
#[inline(never)]
fn saturate_all(v: &mut [f32]) {
    for x in v {
        *x = finite(*x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::props::{key, spec};

    #[test]
    fn lerp_of_huge_spans_is_finite_and_exact_at_the_ends() {
        assert_eq!(lerp(-3e38, 3e38, 0.0), -3e38);
        assert_eq!(lerp(-3e38, 3e38, 1.0), 3e38);
        assert_eq!(lerp(-3e38, 3e38, 0.5), 0.0);
        assert_eq!(lerp(-3e38, 3e38, 2.0), f32::MAX);
        assert_eq!(lerp(5.0, 5.0, f32::INFINITY), 5.0);
        assert_eq!(lerp(0.0, 10.0, f32::NAN), 10.0);
        assert_eq!(lerp(0.0, 10.0, 0.25), 2.5);
    }

    #[test]
    fn props_saturate_to_their_wire_range() {
        assert_eq!(prop(spec(key::ALPHA), 1.2), 1.0);
        assert_eq!(prop(spec(key::ALPHA), -0.1), 0.0);
        assert_eq!(prop(spec(key::W), -4.0), 0.0);
        assert_eq!(prop(spec(key::X), f32::NEG_INFINITY), -f32::MAX);
        assert_eq!(prop(spec(key::SCROLL_Y), f32::NAN), 0.0);
        assert_eq!(prop(spec(key::MARGIN_TOP), -7.0), -7.0);
    }
}
