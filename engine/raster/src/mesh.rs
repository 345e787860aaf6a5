//! Textured, vertex-coloured triangles for [`ItemKind::Mesh`] items
//! (the debug overlay's egui output). tiny-skia has no per-vertex colour or
//! uv triangles, so this is a small scanline-free rasterizer: for every
//! pixel centre inside the triangle's bounding box (clipped to the current
//! clip rectangle) it evaluates the three edge functions with a top-left fill
//! rule (shared edges are painted exactly once, so translucent fills show no
//! seams), interpolates colour and uv barycentrically, samples the texture
//! bilinearly (premultiplied) and blends premultiplied source-over into the
//! pixmap. egui anti-aliases with feathered vertex alpha, so no coverage
//! anti-aliasing is needed here.
//!
//! [`ItemKind::Mesh`]: reel_wire::display_list::ItemKind::Mesh

use tiny_skia::{Pixmap, PremultipliedColorU8};

use crate::paint::Texture;
use reel_wire::display_list::{DisplayItem, MeshSection, MeshVertex};

/// Draws one mesh item clipped to `[x0, x1) x [y0, y1)`; returns the number
/// of triangles that covered at least one pixel.
pub(crate) fn draw_mesh(
    pixmap: &mut Pixmap,
    clip: [i64; 4],
    section: &MeshSection,
    item: &DisplayItem,
    texture: Option<&Texture>,
) -> u32 {
    let mut drawn = 0;
    for tri in section.triangles(item).chunks_exact(3) {
        let v = |i: u32| section.vertices.get(i as usize).copied();
        let (Some(a), Some(b), Some(c)) = (v(tri[0]), v(tri[1]), v(tri[2])) else {
            continue;
        };
        if draw_triangle(pixmap, clip, [a, b, c], texture) {
            drawn += 1;
        }
    }
    drawn
}

fn draw_triangle(pixmap: &mut Pixmap, clip: [i64; 4], tri: [MeshVertex; 3], texture: Option<&Texture>) -> bool {
    let p: [[f64; 2]; 3] = tri.map(|v| [f64::from(v.pos[0]), f64::from(v.pos[1])]);
    if !p.iter().flatten().all(|x| x.is_finite()) || !tri.iter().all(|v| v.uv.iter().all(|x| x.is_finite())) {
        return false;
    }
    let area = edge(p[0], p[1], p[2]);
    if area == 0.0 {
        return false;
    }
    // Orient counter-clockwise in y-down space (positive area) so the same
    // top-left rule applies to every triangle.
    let (i1, i2) = if area > 0.0 { (1, 2) } else { (2, 1) };
    let (v0, v1, v2) = (tri[0], tri[i1], tri[i2]);
    let (p0, p1, p2) = (p[0], p[i1], p[i2]);
    let area = area.abs();
    let minx = p0[0].min(p1[0]).min(p2[0]);
    let maxx = p0[0].max(p1[0]).max(p2[0]);
    let miny = p0[1].min(p1[1]).min(p2[1]);
    let maxy = p0[1].max(p1[1]).max(p2[1]);
    let clampi = |v: f64| v.clamp(-1.0e9, 1.0e9) as i64;
    let x0 = clampi((minx - 0.5).floor()).max(clip[0]);
    let x1 = clampi((maxx + 0.5).ceil()).min(clip[2]);
    let y0 = clampi((miny - 0.5).floor()).max(clip[1]);
    let y1 = clampi((maxy + 0.5).ceil()).min(clip[3]);
    if x0 >= x1 || y0 >= y1 {
        return false;
    }
    let bias = |a: [f64; 2], b: [f64; 2]| -> bool { is_top_left(a, b) };
    let (t12, t20, t01) = (bias(p1, p2), bias(p2, p0), bias(p0, p1));
    let col = |v: &MeshVertex| v.color.map(|c| f32::from(c) / 255.0);
    let (c0, c1, c2) = (col(&v0), col(&v1), col(&v2));
    let width = pixmap.width() as usize;
    let pixels = pixmap.pixels_mut();
    let mut any = false;
    for y in y0..y1 {
        let py = y as f64 + 0.5;
        for x in x0..x1 {
            let px = x as f64 + 0.5;
            let q = [px, py];
            let w0 = edge(p1, p2, q);
            let w1 = edge(p2, p0, q);
            let w2 = edge(p0, p1, q);
            let inside = |w: f64, tl: bool| w > 0.0 || (w == 0.0 && tl);
            if !(inside(w0, t12) && inside(w1, t20) && inside(w2, t01)) {
                continue;
            }
            let (b0, b1, b2) = ((w0 / area) as f32, (w1 / area) as f32, (w2 / area) as f32);
            let mut c = [0.0f32; 4];
            for k in 0..4 {
                c[k] = c0[k] * b0 + c1[k] * b1 + c2[k] * b2;
            }
            if let Some(t) = texture {
                let u = f64::from(v0.uv[0] * b0 + v1.uv[0] * b1 + v2.uv[0] * b2);
                let v = f64::from(v0.uv[1] * b0 + v1.uv[1] * b1 + v2.uv[1] * b2);
                let s = t.sample(u, v);
                for k in 0..4 {
                    c[k] *= s[k];
                }
            }
            if c[3] <= 0.0 {
                continue;
            }
            any = true;
            let idx = y as usize * width + x as usize;
            let d = pixels[idx];
            let inv = 1.0 - c[3].min(1.0);
            let blend = |s: f32, d: u8| -> u8 { ((s * 255.0 + f32::from(d) * inv).round()).clamp(0.0, 255.0) as u8 };
            let a = blend(c[3], d.alpha());
            let r = blend(c[0], d.red()).min(a);
            let g = blend(c[1], d.green()).min(a);
            let b = blend(c[2], d.blue()).min(a);
            if let Some(out) = PremultipliedColorU8::from_rgba(r, g, b, a) {
                pixels[idx] = out;
            }
        }
    }
    any
}

/// Twice the signed area of `(a, b, q)`: positive when `q` is to the left of
/// `a -> b` in y-down space with counter-clockwise winding.
fn edge(a: [f64; 2], b: [f64; 2], q: [f64; 2]) -> f64 {
    (b[0] - a[0]) * (q[1] - a[1]) - (b[1] - a[1]) * (q[0] - a[0])
}

/// Top-left rule for positive-area triangles in this orientation: a pixel
/// centre exactly on an edge belongs to the triangle only for top or left
/// edges.
fn is_top_left(a: [f64; 2], b: [f64; 2]) -> bool {
    let dy = b[1] - a[1];
    let dx = b[0] - a[0];
    (dy == 0.0 && dx < 0.0) || dy > 0.0
}
