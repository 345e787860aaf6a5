//! Rounded corners, inside borders and drop shadows ([`ItemKind::Shape`]
//! and [`ItemKind::Shadow`] items) in the software rasterizer.
//!
//! Why per-pixel formulas rather than tiny-skia paths: the WebGL2 painter
//! (js-shim/src/paint/webgl.js) draws the same items in one fragment shader
//! from the same formulas — the signed distance to a rounded rectangle with
//! per-corner radii, and the analytic Gaussian of a rounded box — so the two
//! painters agree to a level or two instead of differing by two
//! anti-aliasing models. Coverage is `clamp(0.5 - D, 0, 1)` where `D` is the
//! signed distance to the nearest edge in screen pixels (the item-space
//! distance times `|det| / |M t|`, `t` the edge's tangent: exact for
//! straight edges under any affine map): a pixel-aligned edge covers its
//! pixels fully and nothing else, like a plain rect. The border ring is
//! painted over the fill (which extends under it, as CSS paints a
//! background), so there is no seam at its inner edge.
//!
//! The shadow is Raph Levien's closed-form blurred rounded rectangle
//! ([`ShadowFit`]): two erfs of a distance, a power norm only in a corner's
//! region, no loop — a shadow covers several times its box's pixels, so its
//! per-pixel cost is most of what effects cost a GPU (the WebGL2 painter
//! runs it per fragment). Shadows reach 3 sigma beyond the box.

use tiny_skia::{Mask, Pixmap, PremultipliedColorU8};

use crate::paint::{premul, IRect, Texture};
use reel_wire::display_list::DisplayItem;

/// Signed distance from item-space point `(x, y)` to the rounded rectangle
/// `(0, 0)-(w, h)` with radii `[tl, tr, br, bl]` (negative inside), and
/// the outward normal of the nearest edge.
pub(crate) fn rounded_sdf(x: f64, y: f64, w: f64, h: f64, r: [f32; 4]) -> (f64, [f64; 2]) {
    let (hw, hh) = (w * 0.5, h * 0.5);
    let (px, py) = (x - hw, y - hh);
    let r = f64::from(match (px > 0.0, py > 0.0) {
        (false, false) => r[0],
        (true, false) => r[1],
        (true, true) => r[2],
        (false, true) => r[3],
    });
    let qx = px.abs() - hw + r;
    let qy = py.abs() - hh + r;
    let (sx, sy) = (if px < 0.0 { -1.0 } else { 1.0 }, if py < 0.0 { -1.0 } else { 1.0 });
    let len = (qx.max(0.0).powi(2) + qy.max(0.0).powi(2)).sqrt();
    let n = if qx > 0.0 && qy > 0.0 {
        [sx * qx / len, sy * qy / len]
    } else if qx > qy {
        [sx, 0.0]
    } else {
        [0.0, sy]
    };
    (qx.max(qy).min(0.0) + len - r, n)
}

/// erf to within 2e-4 (the polynomial of vello's `compute_erf7`, also in
/// the shader): no exp, one square root.
fn erf7(x: f64) -> f64 {
    let x = x * core::f64::consts::FRAC_2_SQRT_PI;
    let xx = x * x;
    let x = x + (0.24295 + (0.03395 + 0.0104 * xx) * xx) * (x * xx);
    x / (1.0 + x * x).sqrt()
}

/// The per-item constants of Raph Levien's closed-form blurred rounded
/// rectangle ("Blurred rounded rectangles", 2020): the box blurred with a
/// Gaussian of `sigma` is `scale * (erf((min_edge + d) / s) - erf(d / s))`,
/// `d` a distance to the box (size `w` x `h`, pulled in along its long side)
/// under a power norm whose exponent (per corner, with its radius `r1`)
/// rounds the corners as the blur does. Within ~3 levels of the exact
/// convolution for the usual tiles (Wallace's 4-sample integration, before,
/// was as close but cost ~4 exp and 8 erf per pixel).
pub(crate) struct ShadowFit {
    w: f64,
    h: f64,
    min_edge: f64,
    s_inv: f64,
    scale: f64,
    r1: [f64; 4],
    n: [f64; 4],
}

impl ShadowFit {
    pub(crate) fn new(w: f64, h: f64, r: [f32; 4], sigma: f64) -> Self {
        let s = sigma * core::f64::consts::SQRT_2;
        let s_inv = 1.0 / s;
        let min_edge = w.min(h);
        let rmax = 0.5 * min_edge;
        let delta = 1.25 * s * ((-(0.5 * s_inv * w).powi(2)).exp() - (-(0.5 * s_inv * h).powi(2)).exp());
        let (bw, bh) = (w + delta.min(0.0), h - delta.max(0.0));
        let r = r.map(|r| f64::from(r).clamp(0.0, rmax));
        let r1 = r.map(|r| r.hypot(2.0 * s).min(rmax));
        let n: [f64; 4] = core::array::from_fn(|i| {
            let r0 = r[i].hypot(1.15 * s).min(rmax);
            if r0 > 0.0 { 2.0 * r1[i] / r0 } else { 2.0 }
        });
        let rm = r.iter().fold(0.0f64, |m, &v| m.max(v));
        let scale = 0.5 * erf7(s_inv * 0.5 * (bw.max(bh) - 0.5 * rm));
        Self { w: bw, h: bh, min_edge, s_inv, scale, r1, n }
    }

    /// Shadow alpha (0..1) at `(x, y)` from the box's centre.
    pub(crate) fn alpha(&self, x: f64, y: f64) -> f64 {
        let i = match (x > 0.0, y > 0.0) {
            (false, false) => 0,
            (true, false) => 1,
            (true, true) => 2,
            (false, true) => 3,
        };
        let r1 = self.r1[i];
        let qx = x.abs() - (self.w * 0.5 - r1);
        let qy = y.abs() - (self.h * 0.5 - r1);
        let dpos = if qx > 0.0 && qy > 0.0 {
            let n = self.n[i];
            (qx.powf(n) + qy.powf(n)).powf(1.0 / n)
        } else {
            qx.max(0.0) + qy.max(0.0)
        };
        let d = dpos + qx.max(qy).min(0.0) - r1;
        (self.scale * (erf7((self.min_edge + d) * self.s_inv) - erf7(d * self.s_inv))).clamp(0.0, 1.0)
    }
}

/// Item space of a quad: the inverse of its transform and its linear part.
/// `None` for a degenerate transform.
struct Space {
    inv: [f64; 6],
    m: [f64; 4],
    det: f64,
}

impl Space {
    fn of(item: &DisplayItem) -> Option<Self> {
        let [a, b, c, d, e, f] = item.transform.map(f64::from);
        let det = a * d - b * c;
        if det.abs() < 1e-12 {
            return None;
        }
        Some(Self { inv: [d / det, -b / det, -c / det, a / det, e, f], m: [a, b, c, d], det: det.abs() })
    }

    /// Item-space position of the centre of pixel `(px, py)`.
    fn local(&self, px: i64, py: i64) -> (f64, f64) {
        let [ia, ib, ic, id, e, f] = self.inv;
        let sx = px as f64 + 0.5 - e;
        let sy = py as f64 + 0.5 - f;
        (ia * sx + ic * sy, ib * sx + id * sy)
    }

    /// Item units per screen pixel, on average (the anti-aliasing margin).
    fn pad(&self) -> f64 {
        1.0 / self.det.sqrt()
    }

    /// Coverage of a pixel centre at signed item-space distance `d` from an
    /// edge with outward normal `n`: one screen pixel wide across the edge
    /// (the edge's screen distance is `d * det / |M t|`, `t` its tangent).
    fn coverage(&self, (d, n): (f64, [f64; 2])) -> f32 {
        let [a, b, c, dd] = self.m;
        let (tx, ty) = (-n[1], n[0]);
        let mt = ((a * tx + c * ty).powi(2) + (b * tx + dd * ty).powi(2)).sqrt().max(1e-12);
        (0.5 - d * self.det / mt).clamp(0.0, 1.0) as f32
    }
}

/// Screen bounding box of the item's quad grown by `pad` item units on
/// every side, intersected with `clip`.
fn screen_box(item: &DisplayItem, pad: f32, clip: IRect) -> IRect {
    let [a, b, c, d, e, f] = item.transform;
    let [w, h] = item.size;
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in [(-pad, -pad), (w + pad, -pad), (-pad, h + pad), (w + pad, h + pad)] {
        let sx = f64::from(a * x + c * y + e);
        let sy = f64::from(b * x + d * y + f);
        (x0, y0, x1, y1) = (x0.min(sx), y0.min(sy), x1.max(sx), y1.max(sy));
    }
    let ci = |v: f64| v.clamp(-1.0e9, 1.0e9) as i64;
    IRect { x0: ci(x0.floor()), y0: ci(y0.floor()), x1: ci(x1.ceil()), y1: ci(y1.ceil()) }.intersect(clip)
}

/// Premultiplied source-over of `src` (premultiplied, 0..1) onto a pixel.
fn blend(px: &mut PremultipliedColorU8, src: [f32; 4]) {
    if src[3] <= 0.0 {
        return;
    }
    let inv = 1.0 - src[3];
    let d = [px.red(), px.green(), px.blue(), px.alpha()].map(|v| f32::from(v) / 255.0);
    let o: [f32; 4] = core::array::from_fn(|i| src[i] + d[i] * inv);
    let u = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let a = u(o[3]);
    *px = PremultipliedColorU8::from_rgba(u(o[0]).min(a), u(o[1]).min(a), u(o[2]).min(a), a)
        .unwrap_or(PremultipliedColorU8::TRANSPARENT);
}

/// Paints a [`ItemKind::Shadow`](reel_wire::display_list::ItemKind::Shadow)
/// item; false when it covered nothing.
pub(crate) fn draw_shadow(pixmap: &mut Pixmap, clip: IRect, mask: Option<&Mask>, item: &DisplayItem) -> bool {
    let [w, h] = item.size.map(f64::from);
    let col = premul(item.colors[0]);
    let Some(sp) = Space::of(item) else { return false };
    if w <= 0.0 || h <= 0.0 || col[3] <= 0.0 {
        return false;
    }
    let sigma = f64::from(item.param) * 0.5;
    let sharp = sigma < 0.1 * sp.pad();
    let pad = if sharp { sp.pad() } else { 3.0 * sigma + sp.pad() };
    let bbox = screen_box(item, pad as f32, clip);
    if bbox.is_empty() {
        return false;
    }
    let fit = ShadowFit::new(w, h, item.uv, sigma.max(1e-6));
    let pw = pixmap.width() as i64;
    let pixels = pixmap.pixels_mut();
    for py in bbox.y0..bbox.y1 {
        for px in bbox.x0..bbox.x1 {
            let (x, y) = sp.local(px, py);
            let a = if sharp { sp.coverage(rounded_sdf(x, y, w, h, item.uv)) } else { fit.alpha(x - w * 0.5, y - h * 0.5) as f32 };
            let i = (py * pw + px) as usize;
            let a = a * mask.map_or(1.0, |m| f32::from(m.data()[i]) / 255.0);
            blend(&mut pixels[i], col.map(|c| c * a));
        }
    }
    true
}

/// Paints a `Rect` or `Image` `item` with the rounded corners and border
/// of the [`ItemKind::Shape`](reel_wire::display_list::ItemKind::Shape) `shape`
/// before it; false when it covered nothing.
pub(crate) fn draw_shaped(
    pixmap: &mut Pixmap,
    clip: IRect,
    mask: Option<&Mask>,
    shape: &DisplayItem,
    item: &DisplayItem,
    texture: Option<&Texture>,
    grad: Option<&crate::gradient::Grad>,
) -> bool {
    let [w, h] = item.size.map(f64::from);
    let Some(sp) = Space::of(item) else { return false };
    if w <= 0.0 || h <= 0.0 {
        return false;
    }
    let bw = f64::from(shape.param);
    let border = premul(shape.colors[0]);
    let inner_r = shape.uv.map(|r| (r - shape.param).max(0.0));
    let corners = item.colors.map(premul);
    let [u0, v0, u1, v1] = item.uv.map(f64::from);
    let bbox = screen_box(item, sp.pad() as f32, clip);
    if bbox.is_empty() {
        return false;
    }
    let pw = pixmap.width() as i64;
    let pixels = pixmap.pixels_mut();
    for py in bbox.y0..bbox.y1 {
        for px in bbox.x0..bbox.x1 {
            let (x, y) = sp.local(px, py);
            let outer = sp.coverage(rounded_sdf(x, y, w, h, shape.uv));
            if outer <= 0.0 {
                continue;
            }
            // The border ring over the fill (the fill goes under it, as CSS
            // paints a background under its border): no seam at the inner edge.
            let ring = if bw > 0.0 {
                outer - sp.coverage(rounded_sdf(x - bw, y - bw, w - 2.0 * bw, h - 2.0 * bw, inner_r)).min(outer)
            } else {
                0.0
            };
            let s = (x / w).clamp(0.0, 1.0);
            let t = (y / h).clamp(0.0, 1.0);
            let (sf, tf) = (s as f32, t as f32);
            let mut fill: [f32; 4] = match grad {
                Some(g) => g.eval(x, y),
                None => core::array::from_fn(|i| {
                    let top = corners[0][i] + (corners[1][i] - corners[0][i]) * sf;
                    let bottom = corners[2][i] + (corners[3][i] - corners[2][i]) * sf;
                    top + (bottom - top) * tf
                }),
            };
            if let Some(tex) = texture {
                let texel = tex.sample(u0 + s * (u1 - u0), v0 + t * (v1 - v0));
                for i in 0..4 {
                    fill[i] *= texel[i];
                }
            }
            let under = outer * (1.0 - border[3] * ring);
            let i = (py * pw + px) as usize;
            let m = mask.map_or(1.0, |m| f32::from(m.data()[i]) / 255.0);
            let src: [f32; 4] = core::array::from_fn(|k| (border[k] * ring + fill[k] * under) * m);
            blend(&mut pixels[i], src);
        }
    }
    true
}

/// Multiplies the clip mask inside `r` by the anti-aliased coverage of a
/// [`ItemKind::ClipShape`](reel_wire::display_list::ItemKind::ClipShape)'s
/// rounded rectangle (a `clipping` node with `radius`).
pub(crate) fn clip_to_shape(mask: &mut Mask, r: IRect, item: &DisplayItem) {
    let [w, h] = item.size.map(f64::from);
    let mw = mask.width() as i64;
    let data = mask.data_mut();
    let Some(sp) = Space::of(item).filter(|_| w > 0.0 && h > 0.0) else {
        data.fill(0);
        return;
    };
    for py in r.y0..r.y1 {
        for px in r.x0..r.x1 {
            let (x, y) = sp.local(px, py);
            let c = sp.coverage(rounded_sdf(x, y, w, h, item.uv));
            let v = &mut data[(py * mw + px) as usize];
            *v = (f32::from(*v) * c).round() as u8;
        }
    }
}

#[cfg(test)]
mod shadow_accuracy {
    use super::{rounded_sdf, ShadowFit};

    /// The rounded box convolved with a Gaussian by brute force (quarter-unit
    /// samples of the box): the reference the closed form approximates.
    fn exact(x: f64, y: f64, w: f64, h: f64, r: [f32; 4], sigma: f64) -> f64 {
        let step = 0.25;
        let norm = step * step / (2.0 * core::f64::consts::PI * sigma * sigma);
        let mut sum = 0.0;
        let mut v = step * 0.5;
        while v < h {
            let dy = y - v;
            let gy = (-(dy * dy) / (2.0 * sigma * sigma)).exp();
            if gy > 1e-9 {
                let mut u = step * 0.5;
                while u < w {
                    if rounded_sdf(u, v, w, h, r).0 <= 0.0 {
                        let dx = x - u;
                        sum += gy * (-(dx * dx) / (2.0 * sigma * sigma)).exp();
                    }
                    u += step;
                }
            }
            v += step;
        }
        sum * norm
    }

    /// The closed form against the exact blur over each shadow's whole extent
    /// (2-unit grid), in 8-bit levels: worst and mean error. Measured when it
    /// replaced Wallace's 4-sample integration (worst/mean, that one's worst
    /// in brackets): 60x40 square s4 4.3/0.50 (2.5), 60x40 r12 s6 2.2/0.46
    /// (4.6), 80x20 pill s3 15.6/1.80 (5.6), 30x30 alternate corners s5
    /// 14.3/2.18 (9.8), 24x36 s12 (blur wider than the box) 19.8/2.53 (3.2):
    /// the corners of pills
    /// and of small boxes under a large blur are up to ~8% too dark, the
    /// price of a per-fragment cost 2.25x lower on SwiftShader
    /// (js-shim/bench/effects-bench.mjs). Bounds: worst 21, mean 3 levels.
    #[test]
    fn closed_form_is_close_to_the_exact_blur() {
        let cases: [(f64, f64, [f32; 4], f64); 5] = [
            (60.0, 40.0, [0.0; 4], 4.0),
            (60.0, 40.0, [12.0; 4], 6.0),
            (80.0, 20.0, [10.0; 4], 3.0),
            (30.0, 30.0, [15.0, 0.0, 15.0, 0.0], 5.0),
            (24.0, 36.0, [6.0; 4], 12.0),
        ];
        for (w, h, r, sigma) in cases {
            let fit = ShadowFit::new(w, h, r, sigma);
            let (mut worst, mut sum, mut n) = (0.0f64, 0.0, 0.0);
            let reach = 3.0 * sigma;
            let mut y = -reach;
            while y <= h + reach {
                let mut x = -reach;
                while x <= w + reach {
                    let err = (fit.alpha(x - w * 0.5, y - h * 0.5) - exact(x, y, w, h, r, sigma)).abs() * 255.0;
                    worst = worst.max(err);
                    sum += err;
                    n += 1.0;
                    x += 2.0;
                }
                y += 2.0;
            }
            eprintln!("{w}x{h} r {r:?} sigma {sigma}: worst {worst:.2}, mean {:.2} levels", sum / n);
            assert!(worst <= 21.0 && sum / n <= 3.0, "{w}x{h} r {r:?} sigma {sigma}: worst {worst:.2}, mean {:.2} levels", sum / n);
        }
    }
}
