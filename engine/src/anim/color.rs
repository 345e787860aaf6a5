//! Colour interpolation for animations, in premultiplied-alpha OKLab.
//!
//! Mixing sRGB bytes directly makes red→green pass through a muddy dark
//! brown; OKLab (Björn Ottosson's perceptual space, CSS Color 4's default
//! interpolation space) keeps lightness even. Premultiplying by alpha
//! first means fading from a transparent colour does not flash that
//! colour's hue. The maths (libm cbrt/pow) gives the same bits natively
//! and in Wasm.

fn srgb_to_linear(c: f32) -> f32 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        libm::powf((c + 0.055) / 1.055, 2.4)
    }
}

fn linear_to_srgb(c: f32) -> f32 {
    if c <= 0.003_130_8 {
        c * 12.92
    } else {
        1.055 * libm::powf(c, 1.0 / 2.4) - 0.055
    }
}

/// 0xRRGGBBAA → OKLab `[L, a, b]` and alpha 0..1.
pub fn to_oklab(c: u32) -> ([f32; 3], f32) {
    let r = srgb_to_linear(((c >> 24) & 0xFF) as f32 / 255.0);
    let g = srgb_to_linear(((c >> 16) & 0xFF) as f32 / 255.0);
    let b = srgb_to_linear(((c >> 8) & 0xFF) as f32 / 255.0);
    let l = libm::cbrtf(0.412_221_46 * r + 0.536_332_55 * g + 0.051_445_995 * b);
    let m = libm::cbrtf(0.211_903_5 * r + 0.680_699_5 * g + 0.107_396_96 * b);
    let s = libm::cbrtf(0.088_302_46 * r + 0.281_718_85 * g + 0.629_978_7 * b);
    let lab = [
        0.210_454_26 * l + 0.793_617_8 * m - 0.004_072_047 * s,
        1.977_998_5 * l - 2.428_592_2 * m + 0.450_593_7 * s,
        0.025_904_037 * l + 0.782_771_77 * m - 0.808_675_77 * s,
    ];
    (lab, (c & 0xFF) as f32 / 255.0)
}

/// OKLab and alpha → 0xRRGGBBAA (clamped to the sRGB gamut).
pub fn from_oklab(lab: [f32; 3], alpha: f32) -> u32 {
    let [ll, a, b] = lab;
    let l = ll + 0.396_337_78 * a + 0.215_803_76 * b;
    let m = ll - 0.105_561_346 * a - 0.063_854_17 * b;
    let s = ll - 0.089_484_18 * a - 1.291_485_5 * b;
    let (l, m, s) = (l * l * l, m * m * m, s * s * s);
    let r = 4.076_741_7 * l - 3.307_711_6 * m + 0.230_969_94 * s;
    let g = -1.268_438 * l + 2.609_757_4 * m - 0.341_319_38 * s;
    let bl = -0.004_196_086_3 * l - 0.703_418_6 * m + 1.707_614_7 * s;
    let byte = |v: f32| ((linear_to_srgb(v.clamp(0.0, 1.0)) * 255.0 + 0.5) as u32).min(255);
    let ab = ((alpha.clamp(0.0, 1.0) * 255.0 + 0.5) as u32).min(255);
    (byte(r) << 24) | (byte(g) << 16) | (byte(bl) << 8) | ab
}

/// The OKLab form of recently mixed colours (direct-mapped, 64 entries):
/// a colour transition mixes the same two endpoints every frame, and their
/// conversion (six `powf`/`cbrtf`) was two thirds of a mix. Same bits as
/// [`to_oklab`].
#[derive(Debug)]
pub struct LabCache {
    keys: [u32; 64],
    labs: [([f32; 3], f32); 64],
    filled: u64,
}

impl Default for LabCache {
    fn default() -> Self {
        Self { keys: [0; 64], labs: [([0.0; 3], 0.0); 64], filled: 0 }
    }
}

impl LabCache {
    /// [`to_oklab`] of `c`, converted at most once while it stays cached.
    pub fn get(&mut self, c: u32) -> ([f32; 3], f32) {
        let i = (c.wrapping_mul(0x9E37_79B1) >> 26) as usize;
        if self.filled >> i & 1 == 0 || self.keys[i] != c {
            (self.keys[i], self.labs[i]) = (c, to_oklab(c));
            self.filled |= 1 << i;
        }
        self.labs[i]
    }
}

/// Mixes two colours at `t` (0 = `from`, 1 = `to`; may overshoot for
/// bouncy curves). Exact at the endpoints.
pub fn mix(from: u32, to: u32, t: f32) -> u32 {
    mix_cached(&mut LabCache::default(), from, to, t)
}

/// [`mix`] with the endpoints' OKLab forms from `labs`.
pub fn mix_cached(labs: &mut LabCache, from: u32, to: u32, t: f32) -> u32 {
    if t == 0.0 {
        return from;
    }
    if (t - 1.0).abs() < f32::EPSILON {
        return to;
    }
    let (la, aa) = labs.get(from);
    let (lb, ab) = labs.get(to);
    let alpha = aa + (ab - aa) * t;
    if alpha <= 0.0 {
        return from_oklab(lb, 0.0);
    }
    let mut out = [0.0; 3];
    for i in 0..3 {
        // Premultiplied interpolation, then un-premultiply.
        out[i] = (la[i] * aa + (lb[i] * ab - la[i] * aa) * t) / alpha;
    }
    from_oklab(out, alpha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_within_one_step() {
        for c in [0xff0000ffu32, 0x00ff00ff, 0x0000ffff, 0x808080ff, 0x12345678, 0xffffffff, 0x000000ff] {
            let (lab, a) = to_oklab(c);
            let back = from_oklab(lab, a);
            for shift in [24, 16, 8, 0] {
                let d = ((c >> shift) & 0xFF) as i32 - ((back >> shift) & 0xFF) as i32;
                assert!(d.abs() <= 1, "{c:08x} -> {back:08x}");
            }
        }
    }

    #[test]
    fn endpoints_exact_and_midpoint_perceptual() {
        assert_eq!(mix(0xff0000ff, 0x00ff00ff, 0.0), 0xff0000ff);
        assert_eq!(mix(0xff0000ff, 0x00ff00ff, 1.0), 0x00ff00ff);
        let mid = mix(0xff0000ff, 0x00ff00ff, 0.5);
        // sRGB byte mixing would give 0x7f7f00 (dark); OKLab stays bright.
        let r = (mid >> 24) & 0xFF;
        let g = (mid >> 16) & 0xFF;
        assert!(r > 0x90 && g > 0x90, "{mid:08x}");
    }

    #[test]
    fn fading_in_from_transparent_keeps_target_hue() {
        // From transparent black to opaque white: premultiplied, so the
        // midpoint is white at half alpha, not grey.
        let mid = mix(0x00000000, 0xffffffff, 0.5);
        assert_eq!(mid & 0xFF, 128);
        assert!((mid >> 24) & 0xFF >= 0xfe, "{mid:08x}");
    }
}
