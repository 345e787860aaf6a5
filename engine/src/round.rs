//! Rounding half away from zero, the same bits as `libm::roundf`, from
//! `trunc` (one Wasm instruction, `f32.trunc`) instead of libm's bit
//! manipulation (a call of ~25 instructions).
//!
//! Why here: text snaps every glyph and every text origin to whole pixels,
//! several roundings per glyph per build: 3% of a catalog key frame was
//! `roundf` (issue 15). The result must be bit-identical to what it
//! replaces (display lists are compared byte for byte, goldens included).

/// `x` rounded to the nearest integer, halves away from zero; NaN, infinities,
/// signed zeros and integers as they are. Equal to `libm::roundf(x)` for
/// every `x` (see the tests).
#[inline(always)]
pub fn round(x: f32) -> f32 {
    let t = x.trunc();
    // Exact: below 2^23 the fraction is representable; from there on `x` is
    // an integer and the difference is 0 (infinities: NaN, not >= 0.5).
    if (x - t).abs() >= 0.5 {
        t + 1.0f32.copysign(x)
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::round;

    fn same(x: f32) {
        let (a, b) = (round(x), libm::roundf(x));
        assert!(a.to_bits() == b.to_bits() || a.is_nan() && b.is_nan(), "round({x:?} = {:#010x}): {a:?} vs libm {b:?}", x.to_bits());
    }

    #[test]
    fn equals_libm_roundf() {
        // Every 4099th bit pattern: all exponents, both signs, NaNs and infinities.
        for bits in (0..=u32::MAX).step_by(4099) {
            same(f32::from_bits(bits));
        }
        // Every float near each half and each integer in -4096..4096.
        for i in -8192i32..8192 {
            let h = i as f32 * 0.5;
            let mut lo = h;
            let mut hi = h;
            for _ in 0..64 {
                same(lo);
                same(hi);
                lo = f32::from_bits(if lo > 0.0 { lo.to_bits() - 1 } else { lo.to_bits() + 1 });
                hi = f32::from_bits(if hi >= 0.0 { hi.to_bits() + 1 } else { hi.to_bits() - 1 });
            }
        }
        for x in [0.0, -0.0, 0.5, -0.5, 0.499_999_97, -0.499_999_97, 8_388_607.5, -8_388_607.5, 8_388_608.0, 16_777_215.0, f32::MAX, f32::MIN, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, f32::MIN_POSITIVE, -f32::MIN_POSITIVE, 1e-45, -1e-45] {
            same(x);
        }
    }
}
