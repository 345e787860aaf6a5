//! The `gradient` property's value: a CSS `linear-gradient(...)` /
//! `radial-gradient(...)` string, parsed into a [`Gradient`].
//!
//! Why in the wire crate: the string is the app's input (it may come from a
//! server-driven layout), and the decoder must refuse a bad one, with the
//! character offset, as a batch error
//! ([`crate::protocol::ErrorKind::BadGradient`]) before anything is
//! applied: the grammar is part of what a valid batch is. What the engine
//! does with a parsed gradient (its side table, the display items) is in
//! `reel_engine::gradient`.
//!
//! Grammar (a compact subset of CSS Images 3, no allocation):
//! * `linear-gradient([<angle>,] <stop>, <stop>[, ...])`, angle in `deg`
//!   or `turn` (default 180deg: top to bottom; 0deg points up, 90deg right);
//! * `radial-gradient([circle|ellipse] [at <x>% <y>%], <stop>, ...)`,
//!   the CSS default size `farthest-corner`, centre default 50% 50%;
//! * `<stop>` = `<colour> [<pos>%]`, colour `#rgb`, `#rgba`, `#rrggbb`,
//!   `#rrggbbaa`, `rgb(r, g, b)`, `rgba(r, g, b, a)` or `transparent`; 2 to
//!   [`MAX_STOPS`] stops; missing positions are spread evenly (CSS).
//!
//! The empty string removes the gradient (the node's colours fill again).

/// At most this many colour stops.
pub const MAX_STOPS: usize = 8;

/// A parsed gradient, in the node's own unit box (geometry resolved against
/// the node's size by [`Gradient::geometry`] when the list is built).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Gradient {
    /// 1 linear, 2 radial (the [`crate::display_list::ItemKind::Gradient`] type).
    pub kind: u32,
    /// Linear: the angle in degrees. Radial: 1.0 for a circle, 0.0 for an ellipse.
    pub angle: f32,
    /// Radial: the centre as fractions of the box.
    pub at: [f32; 2],
    /// Number of stops used.
    pub count: u32,
    /// Stop colours 0xRRGGBBAA.
    pub colors: [u32; MAX_STOPS],
    /// Stop positions in 0..=1 (non-decreasing).
    pub pos: [f32; MAX_STOPS],
}

/// Why a gradient string was refused: the byte offset and the reason.
pub type Error = (u32, &'static str);

impl Gradient {
    /// `[x0, y0, x1, y1]` of the gradient line (linear) or `[cx, cy, rx,
    /// ry]` (radial), in item-space px for a box of `w` x `h`.
    pub fn geometry(&self, w: f32, h: f32) -> [f32; 4] {
        if self.kind == 1 {
            // sincosf, not sinf + cosf: the builder's rotation already
            // links it (bit-identical results; with the spring easing on it
            // too, sinf and cosf leave engine.wasm: -477 B gzip). Ours, not
            // libm's: the same bits without its large-argument reduction.
            let (s, c) = crate::trig::sincosf(self.angle.to_radians());
            let half = ((w * s).abs() + (h * c).abs()) * 0.5;
            let (cx, cy) = (w * 0.5, h * 0.5);
            [cx - s * half, cy + c * half, cx + s * half, cy - c * half]
        } else {
            let (cx, cy) = (self.at[0] * w, self.at[1] * h);
            // farthest-side per axis; farthest-corner scales it by sqrt 2
            // (ellipse) or is the corner's distance (circle).
            let (fx, fy) = (cx.max(w - cx), cy.max(h - cy));
            if self.angle != 0.0 {
                let r = libm::sqrtf(fx * fx + fy * fy);
                [cx, cy, r, r]
            } else {
                [cx, cy, fx * core::f32::consts::SQRT_2, fy * core::f32::consts::SQRT_2]
            }
        }
    }
}

struct P<'a> {
    s: &'a [u8],
    i: usize,
}

impl P<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }
    fn eat(&mut self, t: &str) -> bool {
        self.ws();
        let ok = self.s.len() >= self.i + t.len() && self.s[self.i..self.i + t.len()].eq_ignore_ascii_case(t.as_bytes());
        if ok {
            self.i += t.len();
        }
        ok
    }
    fn err<T>(&self, what: &'static str) -> Result<T, Error> {
        Err((self.i as u32, what))
    }
    /// A plain decimal number (no exponent): what CSS writers use.
    fn num(&mut self) -> Option<f32> {
        self.ws();
        let start = self.i;
        let neg = self.eat("-");
        let (mut v, mut scale, mut digits, mut frac) = (0.0f32, 1.0f32, 0, false);
        while let Some(&c) = self.s.get(self.i) {
            if c.is_ascii_digit() {
                let d = (c - b'0') as f32;
                if frac {
                    scale *= 0.1;
                    v += d * scale;
                } else {
                    v = v * 10.0 + d;
                }
                digits += 1;
            } else if c == b'.' && !frac {
                frac = true;
            } else {
                break;
            }
            self.i += 1;
        }
        if digits == 0 || digits > 9 {
            self.i = start;
            return None;
        }
        Some(if neg { -v } else { v })
    }
    fn color(&mut self) -> Result<u32, Error> {
        self.ws();
        let at = self.i;
        let bad = |p: &mut Self| -> Result<u32, Error> {
            p.i = at;
            p.err("bad colour")
        };
        if self.eat("#") {
            let start = self.i;
            let mut v = 0u32;
            while let Some(d) = self.s.get(self.i).and_then(|c| (*c as char).to_digit(16)) {
                v = v.wrapping_shl(4) | d;
                self.i += 1;
            }
            let n = self.i - start;
            // #rgb / #rgba: each digit doubled.
            let wide = |v: u32, k: u32| (0..k).rev().fold(0, |a, j| (a << 8) | (((v >> (4 * j)) & 0xF) * 0x11));
            return Ok(match n {
                3 => (wide(v, 3) << 8) | 0xFF,
                4 => wide(v, 4),
                6 => (v << 8) | 0xFF,
                8 => v,
                _ => return bad(self),
            });
        }
        if self.eat("transparent") {
            return Ok(0);
        }
        let alpha = self.eat("rgba(");
        if !alpha && !self.eat("rgb(") {
            return bad(self);
        }
        let mut c = 0u32;
        for k in 0..3 + alpha as usize {
            if k > 0 && !self.eat(",") {
                return bad(self);
            }
            let Some(x) = self.num() else { return bad(self) };
            let x = if k == 3 { x * 255.0 } else { x };
            c = (c << 8) | (x.clamp(0.0, 255.0) + 0.5) as u32;
        }
        if !self.eat(")") {
            return bad(self);
        }
        Ok(if alpha { c } else { (c << 8) | 0xFF })
    }
}

/// Parses a gradient string; `Ok(None)` for the empty string (no gradient).
pub fn parse(s: &str) -> Result<Option<Gradient>, Error> {
    let mut p = P { s: s.as_bytes(), i: 0 };
    p.ws();
    if p.i == s.len() {
        return Ok(None);
    }
    let mut g = Gradient { angle: 180.0, at: [0.5, 0.5], ..Default::default() };
    if p.eat("linear-gradient(") {
        g.kind = 1;
        p.ws();
        let at = p.i;
        let colour = p.s.get(at) == Some(&b'#') || p.eat("rgb") || p.eat("transparent");
        p.i = at;
        if !colour {
            let Some(a) = p.num() else { return p.err("bad angle (deg or turn)") };
            let unit = if p.eat("deg") { 1.0 } else if p.eat("turn") { 360.0 } else { 0.0 };
            if unit == 0.0 && a != 0.0 {
                p.i = at;
                return p.err("bad angle (deg or turn)");
            }
            g.angle = a * unit;
            if !p.eat(",") {
                return p.err("expected ','");
            }
        }
    } else if p.eat("radial-gradient(") {
        g.kind = 2;
        g.angle = 0.0;
        let mut any = false;
        if p.eat("circle") {
            g.angle = 1.0;
            any = true;
        } else if p.eat("ellipse") {
            any = true;
        }
        if p.eat("at") {
            for k in 0..2 {
                let Some(v) = p.num() else { return p.err("bad position (x% y%)") };
                if !p.eat("%") {
                    return p.err("bad position (x% y%)");
                }
                g.at[k] = v / 100.0;
            }
            any = true;
        }
        if any && !p.eat(",") {
            return p.err("expected ','");
        }
    } else {
        return p.err("unknown function (linear-gradient or radial-gradient)");
    }
    let mut set = [false; MAX_STOPS];
    loop {
        p.ws();
        if g.count as usize == MAX_STOPS {
            return p.err("more than 8 stops");
        }
        let n = g.count as usize;
        g.colors[n] = p.color()?;
        if let Some(v) = p.num() {
            if !p.eat("%") {
                return p.err("bad stop position (n%)");
            }
            g.pos[n] = v / 100.0;
            set[n] = true;
        }
        g.count += 1;
        if p.eat(")") {
            break;
        }
        if !p.eat(",") {
            p.ws();
            return p.err(if p.i == s.len() { "missing ')'" } else { "expected ',' or ')'" });
        }
    }
    p.ws();
    if p.i != s.len() {
        return p.err("unexpected text after ')'");
    }
    if g.count < 2 {
        return p.err("a gradient needs at least 2 stops");
    }
    // CSS: the ends default to 0% and 100%, a position before an earlier
    // one is raised to it, runs without positions are spread evenly.
    let n = g.count as usize;
    if !set[0] {
        g.pos[0] = 0.0;
    }
    if !set[n - 1] {
        g.pos[n - 1] = g.pos[n - 1].max(1.0);
        set[n - 1] = true;
    }
    set[0] = true;
    let mut last = 0;
    #[allow(clippy::needless_range_loop)]
    for k in 1..n {
        if set[k] {
            g.pos[k] = g.pos[k].max(g.pos[last]);
            for j in last + 1..k {
                g.pos[j] = g.pos[last] + (g.pos[k] - g.pos[last]) * (j - last) as f32 / (k - last) as f32;
            }
            last = k;
        }
    }
    Ok(Some(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_linear_and_radial() {
        let g = parse("linear-gradient(45deg, #ff0000, #00f 50%, rgba(0, 255, 0, 0.5))").unwrap().unwrap();
        assert_eq!((g.kind, g.angle, g.count), (1, 45.0, 3));
        assert_eq!(&g.colors[..3], &[0xff00_00ff, 0x0000_ffff, 0x00ff_0080]);
        assert_eq!(&g.pos[..3], &[0.0, 0.5, 1.0]);
        let g = parse("linear-gradient(#000, transparent)").unwrap().unwrap();
        assert_eq!((g.angle, g.colors[1]), (180.0, 0));
        let g = parse(" radial-gradient(circle at 25% 75%, #fff 10%, #000 20%, #f00, #0f0 90%) ").unwrap().unwrap();
        assert_eq!((g.kind, g.angle, g.at), (2, 1.0, [0.25, 0.75]));
        assert_eq!(&g.pos[..4], &[0.1, 0.2, 0.55, 0.9]);
        assert_eq!(parse("radial-gradient(#fff, #000)").unwrap().unwrap().at, [0.5, 0.5]);
        assert_eq!(parse("linear-gradient(0.25turn, #fff, #000)").unwrap().unwrap().angle, 90.0);
        assert_eq!(parse("   ").unwrap(), None);
        // 0deg points up: the line runs from the bottom to the top.
        let g = parse("linear-gradient(0deg, #fff, #000)").unwrap().unwrap();
        let l = g.geometry(100.0, 50.0);
        assert!((l[0] - 50.0).abs() < 1e-4 && (l[1] - 50.0).abs() < 1e-4 && (l[3]).abs() < 1e-4, "{l:?}");
    }

    #[test]
    fn refuses_bad_strings_with_the_offset() {
        let nine = "linear-gradient(#000, #111, #222, #333, #444, #555, #666, #777, #888)";
        let cases: &[(&str, u32, &str)] = &[
            ("conic-gradient(#fff, #000)", 0, "unknown function"),
            ("linear-gradient(90deg, #ggg, #000)", 23, "bad colour"),
            ("linear-gradient(90deg, red, #000)", 23, "bad colour"),
            (nine, 64, "more than 8 stops"),
            ("linear-gradient(90deg, #fff, #000", 33, "missing ')'"),
            ("linear-gradient(NaNdeg, #fff, #000)", 16, "bad angle"),
            ("linear-gradient(12px, #fff, #000)", 16, "bad angle"),
            ("linear-gradient(#fff)", 21, "at least 2 stops"),
            ("linear-gradient(#fff, #000) x", 28, "unexpected text"),
            ("radial-gradient(circle at 10%, #fff, #000)", 29, "bad position"),
        ];
        for (s, at, what) in cases {
            let e = parse(s).expect_err(s);
            assert!(e.1.contains(what), "{s}: {e:?}");
            assert_eq!(e.0, *at, "{s}: {e:?}");
        }
    }
}
