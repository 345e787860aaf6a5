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
//! * `linear-gradient([<angle> | to <side> | to <corner>,] <stop>, <stop>[, ...])`,
//!   angle in `deg` or `turn` (default 180deg: top to bottom; 0deg points
//!   up, 90deg right); `to top right` and the other corners depend on the
//!   box ([`Gradient::corner`], resolved by [`Gradient::geometry`]);
//! * `radial-gradient([circle|ellipse] [farthest-corner] [at <position>],
//!   <stop>, ...)`, the size CSS's default `farthest-corner` (another size
//!   is refused by name); the position `x% [y%]` or the
//!   keywords `left`/`center`/`right`, `top`/`center`/`bottom` in either
//!   order, centre default 50% 50%;
//! * `<stop>` = `<colour> [<pos>% [<pos>%]]` (a unitless `0` is `0%`, in
//!   radial positions too; two positions are two stops of the colour),
//!   colours as [`crate::color`] reads them
//!   (`#rgb` … `#rrggbbaa`, `rgb()`/`rgba()` with commas or spaces, the
//!   basic names); 2 to [`MAX_STOPS`] stops; missing positions are spread
//!   evenly (CSS).
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
    /// Linear `to <corner>`: the corner as signs (x: -1 left, 1 right; y:
    /// -1 top, 1 bottom), else zeros: the angle then depends on the box
    /// ([`Gradient::geometry`]).
    pub corner: [f32; 2],
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
            let (s, c) = if self.corner == [0.0; 2] {
                crate::trig::sincosf(self.angle.to_radians())
            } else {
                // CSS: the line points into the corner's quadrant,
                // perpendicular to the diagonal joining the two others.
                let n = libm::sqrtf(w * w + h * h).max(1e-6);
                (self.corner[0] * h / n, -self.corner[1] * w / n)
            };
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
    /// Which of `words` is at the cursor (a whole word, any letter case).
    fn one_of(&mut self, words: &[&str]) -> Option<usize> {
        let at = self.i;
        for (k, w) in words.iter().enumerate() {
            if self.eat(w) && !self.s.get(self.i).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'-') {
                return Some(k);
            }
            self.i = at;
        }
        None
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
        if !self.eat("rgba(") && !self.eat("rgb(") {
            return match self.one_of(&crate::color::NAMES) {
                Some(k) => Ok(crate::color::VALUES[k]),
                None => bad(self),
            };
        }
        // CSS Color 4: commas or spaces between the three, the alpha after
        // ',' or '/'; numbers or percentages. Each channel scaled to 0..=255.
        let mut v = [0.0f32, 0.0, 0.0, 255.0];
        for (k, slot) in v.iter_mut().enumerate() {
            if k == 3 && self.eat(")") {
                self.i -= 1;
                break;
            }
            if k > 0 {
                let _ = self.eat(",") || (k == 3 && self.eat("/"));
            }
            let Some(x) = self.num() else { return bad(self) };
            *slot = if self.eat("%") { x / 100.0 * 255.0 } else if k == 3 { x * 255.0 } else { x };
        }
        if !self.eat(")") {
            return bad(self);
        }
        Ok(v.iter().fold(0, |c, x| (c << 8) | (x.clamp(0.0, 255.0) + 0.5) as u32))
    }
}

/// The sides, in the order their index bits encode (`k & 1`: the axis,
/// `k < 2`: the low side), then `center`.
const SIDES: [&str; 5] = ["left", "top", "right", "bottom", "center"];

/// Parses a whole string as one colour (surrounding whitespace allowed):
/// the grammar of [`crate::color`], as gradient stops read it. What the
/// shim's `parseColor` is held to (`engine/tests/js_props_in_sync.rs`
/// writes the corpus both must agree on).
pub fn parse_color(s: &str) -> Option<u32> {
    let mut p = P { s: s.as_bytes(), i: 0 };
    let c = p.color().ok()?;
    p.ws();
    (p.i == s.len()).then_some(c)
}

/// Parses a gradient string; `Ok(None)` for the empty string (no gradient).
pub fn parse(s: &str) -> Result<Option<Gradient>, Error> {
    let mut p = P { s: s.as_bytes(), i: 0 };
    p.ws();
    if p.i == s.len() {
        return Ok(None);
    }
    let mut g = Gradient { angle: 180.0, at: [0.5, 0.5], ..Default::default() };
    // A linear gradient whose first word is neither an angle nor `to`.
    let mut bare = false;
    if p.eat("linear-gradient(") {
        g.kind = 1;
        p.ws();
        let at = p.i;
        if let Some(a) = p.num() {
            let unit = if p.eat("deg") { 1.0 } else if p.eat("turn") { 360.0 } else { 0.0 };
            if unit == 0.0 && a != 0.0 {
                p.i = at;
                return p.err("bad angle (deg or turn)");
            }
            g.angle = a * unit;
        } else if p.one_of(&["to"]).is_some() {
            // `to <side>` is an angle; `to <corner>` depends on the box.
            let mut side = [0.0f32; 2];
            for n in 0..2 {
                p.ws();
                let wat = p.i;
                match p.one_of(&SIDES[..4]) {
                    Some(k) if side[k & 1] == 0.0 => side[k & 1] = if k < 2 { -1.0 } else { 1.0 },
                    None if n == 1 && p.s.get(wat) == Some(&b',') => break,
                    _ => {
                        p.i = wat;
                        return p.err("bad side (top, right, bottom, left)");
                    }
                }
            }
            match side {
                [x, 0.0] => g.angle = 180.0 - 90.0 * x,
                [0.0, y] => g.angle = 90.0 + 90.0 * y,
                _ => g.corner = side,
            }
        } else {
            // No angle: the first stop's colour.
            p.i = at;
            bare = true;
        }
        if p.i != at && !p.eat(",") {
            return p.err("expected ','");
        }
    } else if p.eat("radial-gradient(") {
        g.kind = 2;
        g.angle = 0.0;
        p.ws();
        let start = p.i;
        // `[<shape>] [<size>]`, either order. The size drawn is CSS's
        // default, `farthest-corner`: written out it is taken; another one
        // is refused by name (it read as "bad colour").
        for _ in 0..2 {
            if let Some(shape) = p.one_of(&["ellipse", "circle"]) {
                g.angle = shape as f32;
            } else if p.one_of(&["farthest-corner"]).is_none() {
                let at = p.i;
                if p.num().is_some() || p.eat("closest-") || p.eat("farthest-side") {
                    p.i = at;
                    p.ws();
                    return p.err("radial size: only farthest-corner");
                }
            }
        }
        if p.one_of(&["at"]).is_some() {
            // `<x> <y>`: percentages, or keywords in either order.
            for n in 0..2 {
                p.ws();
                let wat = p.i;
                if let Some(v) = p.num() {
                    if p.eat("%") || v == 0.0 {
                        g.at[n] = v / 100.0;
                        continue;
                    }
                } else {
                    match p.one_of(&SIDES) {
                        Some(k @ 0..=3) => {
                            g.at[k & 1] = if k < 2 { 0.0 } else { 1.0 };
                            continue;
                        }
                        Some(_) => continue,
                        None if n == 1 && p.s.get(wat) == Some(&b',') => break,
                        None => {}
                    }
                }
                p.i = wat;
                return p.err("bad position (x% y%, or keywords)");
            }
        }
        if p.i != start && !p.eat(",") {
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
        g.colors[n] = match p.color() {
            // A linear gradient's first word: not a colour, nor an angle.
            Err(e) if n == 0 && bare => return Err((e.0, "expected an angle (deg or turn), 'to <side>' or a colour")),
            c => c?,
        };
        // `<colour> [<n>% [<n>%]]` (a unitless 0 is 0%, as in CSS); a
        // second position is a second stop of the colour (CSS's hard
        // edges: `red 0 50%, blue 50%`).
        for second in [false, true] {
            let Some(v) = p.num() else { break };
            // `0px`: a unit after a zero too (it read as a bare 0, then
            // "expected ',' or ')'" at the unit).
            if !p.eat("%") && (v != 0.0 || p.s.get(p.i).is_some_and(u8::is_ascii_alphabetic)) {
                return p.err("bad stop position (n%, not px)");
            }
            if second {
                g.count += 1;
                if g.count as usize == MAX_STOPS {
                    return p.err("more than 8 stops");
                }
                g.colors[g.count as usize] = g.colors[n];
            }
            g.pos[g.count as usize] = v / 100.0;
            set[g.count as usize] = true;
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

    /// What CSS writers put in a gradient: `to <side>`, `to <corner>`,
    /// keyword positions, colour names, rgb() with spaces and '/'.
    #[test]
    fn parses_what_css_writers_write() {
        let g = |s: &str| parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}")).expect(s);
        for (s, angle) in [("to top", 0.0), ("to right", 90.0), ("to bottom", 180.0), ("TO LEFT", 270.0)] {
            let v = g(&format!("linear-gradient({s}, transparent, rgba(0,0,0,.8))"));
            assert_eq!((v.angle, v.corner), (angle, [0.0; 2]), "{s}");
        }
        // to <corner>: perpendicular to the other diagonal, into the corner.
        let v = g("linear-gradient(to top right, #000, #fff)");
        assert_eq!(v.corner, [1.0, -1.0]);
        assert_eq!(g("linear-gradient(to right top, #000, #fff)").corner, [1.0, -1.0]);
        let l = v.geometry(200.0, 100.0);
        // Direction (h, -w)/|..| from the centre; the line's ends project the
        // two other corners onto it: both at the 0%/100% lines.
        let (dx, dy) = (l[2] - l[0], l[3] - l[1]);
        assert!((dx * 200.0 + dy * 100.0).abs() < 1e-2 * dx.abs(), "perpendicular to (w, h): {l:?}");
        assert!(dx > 0.0 && dy < 0.0, "up and right: {l:?}");
        let t = |x: f32, y: f32| ((x - l[0]) * dx + (y - l[1]) * dy) / (dx * dx + dy * dy);
        assert!((t(0.0, 100.0)).abs() < 1e-5 && (t(200.0, 0.0) - 1.0).abs() < 1e-5, "bottom-left at 0, top-right at 1");
        assert!((t(0.0, 0.0) - 0.5).abs() < 1e-5 && (t(200.0, 100.0) - 0.5).abs() < 1e-5, "the other two at 50%");
        assert_eq!(g("linear-gradient(to bottom left, #000, #fff)").corner, [-1.0, 1.0]);
        // Radial positions.
        for (s, at) in [("at center", [0.5, 0.5]), ("at top", [0.5, 0.0]), ("at left", [0.0, 0.5]), ("at right bottom", [1.0, 1.0]),
            ("at bottom right", [1.0, 1.0]), ("circle at 25% top", [0.25, 0.0]), ("ellipse at center 75%", [0.5, 0.75]), ("circle at 10%", [0.1, 0.5])] {
            assert_eq!(g(&format!("radial-gradient({s}, white, black)")).at, at, "{s}");
        }
        let v = g("radial-gradient(red, blue)");
        assert_eq!((v.at, v.angle, &v.colors[..2]), ([0.5, 0.5], 0.0, &[0xff00_00ff, 0x0000_ffff][..]));
        // Colours.
        for (c, want) in [
            ("rgba(0, 0, 0, .5)", 0x0000_0080),
            ("rgb(255 128 0)", 0xff80_00ff),
            ("rgb(255 128 0 / 50%)", 0xff80_0080),
            ("rgb(100%, 0%, 50%)", 0xff00_80ff),
            ("rgba(1, 2, 3)", 0x0102_03ff),
            ("RGBA(0,0,0,0.25)", 0x0000_0040),
            ("Black", 0x0000_00ff),
            ("orange", 0xffa5_00ff),
            ("#ABC", 0xaabb_ccff),
        ] {
            assert_eq!(g(&format!("linear-gradient({c}, {c})")).colors[..2], [want, want], "{c}");
        }
    }

    /// A unitless 0 is 0% (stops and radial positions), and a stop with two
    /// positions is two stops of its colour, as CSS reads them.
    #[test]
    fn reads_unitless_zero_and_double_positions() {
        let g = |s: &str| parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}")).expect("a gradient");
        let a = g("linear-gradient(transparent 0, #000 100%)");
        assert_eq!((a.count, a.pos[0], a.pos[1]), (2, 0.0, 1.0));
        let b = g("linear-gradient(90deg, red 0 50%, blue 50% 100%)");
        assert_eq!(b.count, 4);
        assert_eq!(b.pos[..4], [0.0, 0.5, 0.5, 1.0]);
        assert_eq!(b.colors[..4], [0xff00_00ff, 0xff00_00ff, 0x0000_ffff, 0x0000_ffff]);
        let c = g("radial-gradient(circle at 0 0, #fff, #000)");
        assert_eq!(c.at, [0.0, 0.0]);
        // The default size written out, before or after the shape.
        for s in ["radial-gradient(circle farthest-corner at 0 0, #fff, #000)", "radial-gradient(farthest-corner circle at 0 0, #fff, #000)"] {
            assert_eq!(g(s), c, "{s}");
        }
        // Seven stops, the last with two positions: nine stops.
        let nine = "linear-gradient(#000, #111, #222, #333, #444, #555, #666, #777 50% 60%)";
        assert!(parse(nine).expect_err(nine).1.contains("more than 8 stops"));
        assert!(parse("linear-gradient(#000 5, #fff)").expect_err("5").1.contains("bad stop position"));
        // A length stop, zero or not, says what is wrong where it is.
        for (s, at) in [("linear-gradient(180deg, red 0px, blue 100px)", 29), ("linear-gradient(180deg, red 10px, blue)", 30)] {
            assert_eq!(parse(s).expect_err(s), (at, "bad stop position (n%, not px)"), "{s}");
        }
    }

    #[test]
    fn refuses_bad_strings_with_the_offset() {
        let nine = "linear-gradient(#000, #111, #222, #333, #444, #555, #666, #777, #888)";
        let cases: &[(&str, u32, &str)] = &[
            ("conic-gradient(#fff, #000)", 0, "unknown function"),
            ("linear-gradient(90deg, #ggg, #000)", 23, "bad colour"),
            ("linear-gradient(90deg, gold, #000)", 23, "bad colour"),
            ("linear-gradient(to middle, #fff, #000)", 19, "bad side"),
            ("linear-gradient(to left right, #fff, #000)", 24, "bad side"),
            ("linear-gradient(to top #fff, #000)", 23, "bad side"),
            ("radial-gradient(circle at middle, #fff, #000)", 26, "bad position"),
            ("radial-gradient(at 10px 20%, #fff, #000)", 19, "bad position"),
            ("linear-gradient(#000, rgb(1, 2))", 22, "bad colour"),
            ("linear-gradient(#000, hsl(1 2 3))", 22, "bad colour"),
            ("linear-gradient(#000, rgb 1 2 3)", 22, "bad colour"),
            ("linear-gradient(gold, #000)", 16, "expected an angle (deg or turn), 'to <side>' or a colour"),
            (nine, 64, "more than 8 stops"),
            ("linear-gradient(90deg, #fff, #000", 33, "missing ')'"),
            ("linear-gradient(NaNdeg, #fff, #000)", 16, "expected an angle"),
            ("linear-gradient(12px, #fff, #000)", 16, "bad angle"),
            ("linear-gradient(#fff)", 21, "at least 2 stops"),
            ("linear-gradient(#fff, #000) x", 28, "unexpected text"),
            ("radial-gradient(circle at, #fff, #000)", 25, "bad position"),
            ("radial-gradient(50% 50% at 50% 50%, #fff, #000)", 16, "radial size: only farthest-corner"),
            ("radial-gradient(circle 40px at center, #fff, #000)", 23, "radial size: only farthest-corner"),
            ("radial-gradient(closest-side, #fff, #000)", 16, "radial size: only farthest-corner"),
        ];
        for (s, at, what) in cases {
            let e = parse(s).expect_err(s);
            assert!(e.1.contains(what), "{s}: {e:?}");
            assert_eq!(e.0, *at, "{s}: {e:?}");
        }
    }
}
