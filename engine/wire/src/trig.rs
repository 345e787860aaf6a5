//! `sincosf` without libm's large-argument reduction.
//!
//! Why: `libm::sincosf` reduces `|x| >= 2^28 * pi/2` with Payne-Hanek
//! (`__rem_pio2_large` and its table of 2/pi digits), about 3.8 KB of
//! engine.wasm, for angles that no UI draws (an `f32` that large is a
//! multiple of 32 radians). The engine's rotations, gradient angles and
//! spring phases go through [`sincosf`] here instead: the same code as
//! libm 0.2's `sincosf` (FreeBSD's `s_sincosf.c` via musl) for every other
//! input, so results are bit for bit libm's (the unit test below sweeps
//! the `f32` range against `libm::sincosf`), natively and in Wasm alike.
//!
//! * `|x| < 2^28 * pi/2` (bits below `0x4dc90fdb`): libm's result, bit for
//!   bit: the small and multiple-of-pi/2 branches, then the medium-size
//!   reduction of `__rem_pio2f` in `f64` and the `__sindf`/`__cosdf`
//!   kernels.
//! * NaN and the infinities: NaN for both, as libm gives (`x - x`);
//!   callers already bring a NaN back in range ([`crate`]'s users saturate
//!   computed values).
//! * Larger finite `|x|`: `(0.0, 1.0)`, the sine and cosine of 0. Finite,
//!   in `[-1, 1]` and deterministic; libm gives the true value there, but
//!   neighbouring `f32`s that large are 32+ radians apart, so no caller
//!   can mean a particular angle.

/// Small multiples of pi/2 rounded to double precision.
const S1PIO2: f64 = core::f64::consts::FRAC_PI_2;
const S2PIO2: f64 = 2.0 * S1PIO2;
const S3PIO2: f64 = 3.0 * S1PIO2;
const S4PIO2: f64 = 4.0 * S1PIO2;

/// `(sin x, cos x)`, `x` in radians: libm's `sincosf` for every `x` but a
/// finite `|x| >= 2^28 * pi/2`, where it returns `(0.0, 1.0)` (module doc).
pub fn sincosf(x: f32) -> (f32, f32) {
    let ix = x.to_bits() & 0x7fff_ffff;
    let sign = (x.to_bits() >> 31) != 0;
    let x64 = f64::from(x);

    // |x| ~<= pi/4
    if ix <= 0x3f49_0fda {
        // |x| < 2^-12: sin x = x, cos x = 1 in f32.
        if ix < 0x3980_0000 {
            return (x, 1.0);
        }
        return (k_sinf(x64), k_cosf(x64));
    }
    // |x| ~<= 5*pi/4
    if ix <= 0x407b_53d1 {
        if ix <= 0x4016_cbe3 {
            // |x| ~<= 3*pi/4
            if sign {
                return (-k_cosf(x64 + S1PIO2), k_sinf(x64 + S1PIO2));
            }
            return (k_cosf(S1PIO2 - x64), k_sinf(S1PIO2 - x64));
        }
        // -sin(x + c) is not correct if x + c could be 0: -0 vs +0.
        let y = if sign { x64 + S2PIO2 } else { x64 - S2PIO2 };
        return (-k_sinf(y), -k_cosf(y));
    }
    // |x| ~<= 9*pi/4
    if ix <= 0x40e2_31d5 {
        if ix <= 0x40af_eddf {
            // |x| ~<= 7*pi/4
            if sign {
                return (k_cosf(x64 + S3PIO2), -k_sinf(x64 + S3PIO2));
            }
            return (-k_cosf(x64 - S3PIO2), k_sinf(x64 - S3PIO2));
        }
        let y = if sign { x64 + S4PIO2 } else { x64 - S4PIO2 };
        return (k_sinf(y), k_cosf(y));
    }
    // sin(Inf or NaN) is NaN.
    if ix >= 0x7f80_0000 {
        let nan = x - x;
        return (nan, nan);
    }
    // Past the medium size: see the module doc.
    if ix >= 0x4dc9_0fdb {
        return (0.0, 1.0);
    }
    // __rem_pio2f's medium size: 25+53 bits of pi/2 are enough here.
    // A specialised rint() for n (round-to-nearest).
    const TOINT: f64 = 1.5 / f64::EPSILON;
    const INV_PIO2: f64 = 6.366_197_723_675_813_824_33e-1; // 0x3FE45F30, 0x6DC9C883
    const PIO2_1: f64 = 1.570_796_310_901_641_845_70e0; // 0x3FF921FB, 0x50000000
    const PIO2_1T: f64 = 1.589_325_477_352_819_669_16e-8; // 0x3E5110b4, 0x611A6263
    let f_n = (x64 * INV_PIO2 + TOINT) - TOINT;
    let y = x64 - f_n * PIO2_1 - f_n * PIO2_1T;
    let (s, c) = (k_sinf(y), k_cosf(y));
    match (f_n as i32) & 3 {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

/// `__sindf`: sin on `[-pi/4, pi/4]` in `f64`. `|sin(x)/x - s(x)| < 2^-37.5`.
#[inline]
fn k_sinf(x: f64) -> f32 {
    const S1: f64 = -0.166_666_666_416_265_235_595; // -0x15555554cbac77.0p-55
    const S2: f64 = 0.008_333_329_385_889_463_175_6; //  0x111110896efbb2.0p-59
    const S3: f64 = -0.000_198_393_348_360_966_317_347; // -0x1a00f9e2cae774.0p-65
    const S4: f64 = 0.000_002_718_311_493_989_821_906_4; //  0x16cd878c3b46a7.0p-71
    let z = x * x;
    let w = z * z;
    let r = S3 + z * S4;
    let s = z * x;
    ((x + s * (S1 + z * S2)) + s * w * r) as f32
}

/// `__cosdf`: cos on `[-pi/4, pi/4]` in `f64`. `|cos(x) - c(x)| < 2^-34.1`.
#[inline]
fn k_cosf(x: f64) -> f32 {
    const C0: f64 = -0.499_999_997_251_031_003_120; // -0x1ffffffd0c5e81.0p-54
    const C1: f64 = 0.041_666_623_323_739_063_189_4; //  0x155553e1053a42.0p-57
    const C2: f64 = -0.001_388_676_377_460_992_946_92; // -0x16c087e80f1e27.0p-62
    const C3: f64 = 0.000_024_390_448_796_277_409_065_4; //  0x199342e0ee5069.0p-68
    let z = x * x;
    let w = z * z;
    let r = C2 + z * C3;
    (((1.0 + z * C0) + w * C1) + (w * z) * r) as f32
}

#[cfg(test)]
mod tests {
    use super::sincosf;

    fn same(x: f32) {
        let (s, c) = sincosf(x);
        let (ls, lc) = libm::sincosf(x);
        // NaN payloads aside (both give NaN for NaN and the infinities),
        // the bits must match.
        if ls.is_nan() {
            assert!(s.is_nan() && c.is_nan() && lc.is_nan(), "x = {x:e} ({:#x})", x.to_bits());
            return;
        }
        assert_eq!(
            (s.to_bits(), c.to_bits()),
            (ls.to_bits(), lc.to_bits()),
            "x = {x:e} ({:#x}): ({s:e}, {c:e}) vs libm ({ls:e}, {lc:e})",
            x.to_bits()
        );
    }

    /// Every 997th bit pattern (both signs) below the medium-size limit.
    #[test]
    fn matches_libm_bit_for_bit_below_the_limit() {
        let mut bits = 0u32;
        while bits < 0x4dc9_0fdb {
            same(f32::from_bits(bits));
            same(f32::from_bits(bits | 0x8000_0000));
            bits += 997;
        }
    }

    /// Every bit pattern around each branch boundary and near multiples of
    /// pi/2, where the reductions cancel most.
    #[test]
    fn matches_libm_at_edges() {
        let edges: [u32; 9] =
            [0x3980_0000, 0x3f49_0fda, 0x4016_cbe3, 0x407b_53d1, 0x40af_eddf, 0x40e2_31d5, 0x4dc9_0fdb, 0x0010_0000, 0];
        for e in edges {
            for d in 0..2048u32 {
                for b in [e.saturating_sub(d).min(0x4dc9_0fda), e.saturating_add(d).min(0x4dc9_0fda)] {
                    same(f32::from_bits(b));
                    same(f32::from_bits(b | 0x8000_0000));
                }
            }
        }
        for k in -100_000i32..=100_000 {
            let m = (f64::from(k) * core::f64::consts::FRAC_PI_2) as f32;
            for d in -64i32..=64 {
                same(f32::from_bits(m.to_bits().wrapping_add_signed(d)));
            }
        }
        for x in [
            0.0f32,
            -0.0,
            f32::from_bits(1),
            f32::MIN_POSITIVE,
            1e-5,
            -1e-5,
            3.14159,
            core::f32::consts::PI,
            core::f32::consts::FRAC_PI_2,
            core::f32::consts::FRAC_PI_4,
            1e6,
            -1e6,
            1e8,
            268_435_456.0,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ] {
            same(x);
        }
    }

    /// Past the limit: finite, in [-1, 1], the same every time.
    #[test]
    fn large_arguments_are_finite() {
        for x in [4.3e8f32, -4.3e8, 1e20, f32::MAX, -f32::MAX] {
            assert_eq!(sincosf(x), (0.0, 1.0));
        }
        assert_eq!(sincosf(f32::from_bits(0x4dc9_0fda)), libm::sincosf(f32::from_bits(0x4dc9_0fda)));
    }
}
