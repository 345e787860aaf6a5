//! Evaluates a [`ItemKind::Gradient`] fill per pixel for the rasterizer.
//!
//! Own evaluation rather than tiny-skia's `LinearGradient`/`RadialGradient`
//! shaders: the formula (t along the line, or the elliptical distance in
//! radii; premultiplied interpolation between stops, clamped past the
//! ends) is then literally the one the WebGL2 shader runs, and it plugs
//! into the per-pixel paths of plain and shaped (rounded, bordered) quads.

use crate::paint::premul;
use reel_wire::display_list::{DisplayItem, ItemKind};

/// A gradient read from its one or two items.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Grad {
    radial: bool,
    geo: [f32; 4],
    n: usize,
    cols: [[f32; 4]; 8],
    pos: [f32; 8],
}

impl Grad {
    /// Starts a gradient at its first item, or adds a continuation item's
    /// stops to `cur`.
    pub(crate) fn read(cur: Option<Grad>, it: &DisplayItem) -> Option<Grad> {
        debug_assert_eq!(it.item_kind(), Some(ItemKind::Gradient));
        let (mut g, base) = match (it.texture & 0xFF, cur) {
            (0, Some(g)) => (g, 4),
            (0, None) => return None,
            (t, _) => {
                let geo = [it.transform[0], it.transform[1], it.transform[2], it.transform[3]];
                let n = ((it.texture >> 8) & 0xFF).min(8) as usize;
                (Grad { radial: t == 2, geo, n, ..Default::default() }, 0)
            }
        };
        for j in 0..4 {
            if base + j < g.n {
                g.cols[base + j] = premul(it.colors[j]);
                g.pos[base + j] = it.uv[j];
            }
        }
        Some(g)
    }

    /// The premultiplied colour at item-space point `(x, y)`.
    pub(crate) fn eval(&self, x: f64, y: f64) -> [f32; 4] {
        let [a, b, c, d] = self.geo.map(f64::from);
        let t = if self.radial {
            if c <= 0.0 || d <= 0.0 {
                1.0
            } else {
                (((x - a) / c).powi(2) + ((y - b) / d).powi(2)).sqrt()
            }
        } else {
            let (dx, dy) = (c - a, d - b);
            let l = dx * dx + dy * dy;
            if l <= 0.0 { 0.0 } else { ((x - a) * dx + (y - b) * dy) / l }
        } as f32;
        let n = self.n.max(1);
        if t <= self.pos[0] {
            return self.cols[0];
        }
        for k in 1..n {
            if t < self.pos[k] {
                let f = (t - self.pos[k - 1]) / (self.pos[k] - self.pos[k - 1]);
                let (p, q) = (self.cols[k - 1], self.cols[k]);
                return core::array::from_fn(|i| p[i] + (q[i] - p[i]) * f);
            }
        }
        self.cols[n - 1]
    }
}
