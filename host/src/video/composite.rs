//! The video plane under the UI: a painted frame with its videos.
//!
//! # The model (the browser's and a TV's)
//! Video planes sit below the graphics plane. The rasterizer leaves each
//! `VIDEO` item's quad transparent by the surface's alpha (the hole), and UI
//! drawn after the video node covers it. So the screen is the UI *over* the
//! plane: per pixel, `out = ui + plane x (1 - ui.alpha)` (premultiplied),
//! where the plane is every surface's current picture, in display-list
//! order, each drawn at its item's transform and size, cut to the item's
//! enclosing clip rectangle (`uv`), at its composed alpha (`colors[0]`).
//! Where the plane has nothing (no frame yet, no poster) the hole stays
//! transparent, as before. A rounded clip clips the video to its bounding
//! rectangle only, as in the browser's plane.
//!
//! Pixels are sampled at their centres through the inverse of the item's
//! transform (any 2D affine: a TV plane usually cannot rotate, this one
//! can), bilinearly with texel centres at +0.5 and clamped to the edge;
//! edges are not anti-aliased (the plane is a hardware layer, not a
//! rasterized quad).

use reel_wire::display_list::DisplayItem;
use reel_raster::RgbaImage;

/// One surface to draw: its display item and the picture shown there.
pub struct Surface<'a> {
    /// The `VIDEO` item.
    pub item: DisplayItem,
    /// The frame (or poster) to show.
    pub picture: &'a RgbaImage,
}

fn sample(img: &RgbaImage, x: f32, y: f32) -> [f32; 4] {
    let (w, h) = (img.width as i64, img.height as i64);
    let fx = x - 0.5;
    let fy = y - 0.5;
    let (x0, y0) = (fx.floor(), fy.floor());
    let (tx, ty) = (fx - x0, fy - y0);
    let px = |xi: i64, yi: i64| {
        let p = img.pixel(xi.clamp(0, w - 1) as u32, yi.clamp(0, h - 1) as u32);
        let a = f32::from(p[3]) / 255.0;
        [f32::from(p[0]) / 255.0 * a, f32::from(p[1]) / 255.0 * a, f32::from(p[2]) / 255.0 * a, a]
    };
    let (x0, y0) = (x0 as i64, y0 as i64);
    let (p00, p10, p01, p11) = (px(x0, y0), px(x0 + 1, y0), px(x0, y0 + 1), px(x0 + 1, y0 + 1));
    let mut out = [0.0; 4];
    for i in 0..4 {
        let top = p00[i] + (p10[i] - p00[i]) * tx;
        let bottom = p01[i] + (p11[i] - p01[i]) * tx;
        out[i] = top + (bottom - top) * ty;
    }
    out
}

/// Draws `surfaces` under `ui` (straight RGBA8, the rasterizer's output).
/// Returns the number of screen pixels that show video.
pub fn under(ui: &mut RgbaImage, surfaces: &[Surface<'_>]) -> u64 {
    let (sw, sh) = (ui.width as i64, ui.height as i64);
    // The union of the surfaces' visible boxes: the plane is kept for it only.
    let mut boxes = Vec::with_capacity(surfaces.len());
    for s in surfaces {
        let it = &s.item;
        let c = it.corners();
        let minx = c.iter().map(|p| p[0]).fold(f32::INFINITY, f32::min).max(it.uv[0]);
        let maxx = c.iter().map(|p| p[0]).fold(f32::NEG_INFINITY, f32::max).min(it.uv[2]);
        let miny = c.iter().map(|p| p[1]).fold(f32::INFINITY, f32::min).max(it.uv[1]);
        let maxy = c.iter().map(|p| p[1]).fold(f32::NEG_INFINITY, f32::max).min(it.uv[3]);
        // Pixel-centre rule, like the rasterizer's clips.
        let b = [
            ((minx - 0.5).ceil() as i64).clamp(0, sw),
            ((miny - 0.5).ceil() as i64).clamp(0, sh),
            ((maxx - 0.5).ceil() as i64).clamp(0, sw),
            ((maxy - 0.5).ceil() as i64).clamp(0, sh),
        ];
        boxes.push(b);
    }
    let Some(ub) = boxes.iter().filter(|b| b[0] < b[2] && b[1] < b[3]).copied().reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]) else {
        return 0;
    };
    let (bw, bh) = ((ub[2] - ub[0]) as usize, (ub[3] - ub[1]) as usize);
    let mut plane = vec![[0f32; 4]; bw * bh];
    for (s, b) in surfaces.iter().zip(&boxes) {
        let [a, bb, c, d, e, f] = s.item.transform;
        let det = a * d - bb * c;
        if det == 0.0 || !det.is_finite() {
            continue;
        }
        let [w, h] = s.item.size;
        if w <= 0.0 || h <= 0.0 {
            continue;
        }
        let alpha = (s.item.colors[0] & 0xFF) as f32 / 255.0;
        let (fw, fh) = (s.picture.width as f32, s.picture.height as f32);
        for y in b[1]..b[3] {
            for x in b[0]..b[2] {
                let (px, py) = (x as f32 + 0.5 - e, y as f32 + 0.5 - f);
                let u = (d * px - c * py) / det;
                let v = (-bb * px + a * py) / det;
                if !(0.0..w).contains(&u) || !(0.0..h).contains(&v) {
                    continue;
                }
                let src = sample(s.picture, u / w * fw, v / h * fh);
                let dst = &mut plane[(y - ub[1]) as usize * bw + (x - ub[0]) as usize];
                let sa = src[3] * alpha;
                for i in 0..3 {
                    dst[i] = src[i] * alpha + dst[i] * (1.0 - sa);
                }
                dst[3] = sa + dst[3] * (1.0 - sa);
            }
        }
    }
    let mut shown = 0;
    for y in 0..bh {
        for x in 0..bw {
            let p = plane[y * bw + x];
            if p[3] <= 0.0 {
                continue;
            }
            let (sx, sy) = (ub[0] as usize + x, ub[1] as usize + y);
            let i = (sy * ui.width as usize + sx) * 4;
            let px = &mut ui.pixels[i..i + 4];
            let ua = f32::from(px[3]) / 255.0;
            if ua >= 1.0 {
                continue;
            }
            shown += 1;
            let out_a = ua + p[3] * (1.0 - ua);
            for k in 0..3 {
                let premul = f32::from(px[k]) / 255.0 * ua + p[k] * (1.0 - ua);
                px[k] = (premul / out_a * 255.0).round().clamp(0.0, 255.0) as u8;
            }
            px[3] = (out_a * 255.0).round().clamp(0.0, 255.0) as u8;
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_wire::display_list::ItemKind;

    fn item(x: f32, y: f32, w: f32, h: f32, clip: [f32; 4], alpha: u32) -> DisplayItem {
        DisplayItem {
            kind: ItemKind::Video as u32,
            transform: [1.0, 0.0, 0.0, 1.0, x, y],
            size: [w, h],
            colors: [alpha, 0, 0, 0],
            uv: clip,
            ..DisplayItem::default()
        }
    }

    #[test]
    fn the_plane_shows_through_the_hole_only() {
        // UI: opaque grey except a transparent hole at (2,2)-(6,6).
        let mut ui = RgbaImage::new(8, 8, [50, 50, 50, 255]);
        for y in 2..6 {
            for x in 2..6 {
                let i = (y * 8 + x) * 4;
                ui.pixels[i..i + 4].copy_from_slice(&[0, 0, 0, 0]);
            }
        }
        let red = RgbaImage::new(2, 2, [255, 0, 0, 255]);
        let s = [Surface { item: item(0.0, 0.0, 8.0, 8.0, [0.0, 0.0, 8.0, 8.0], 255), picture: &red }];
        assert_eq!(under(&mut ui, &s), 16);
        assert_eq!(ui.pixel(3, 3), [255, 0, 0, 255], "video in the hole");
        assert_eq!(ui.pixel(0, 0), [50, 50, 50, 255], "UI over it elsewhere");
        // A clip cuts it, alpha fades it.
        let mut ui = RgbaImage::new(8, 8, [0, 0, 0, 0]);
        let s = [Surface { item: item(0.0, 0.0, 8.0, 8.0, [0.0, 0.0, 4.0, 8.0], 128), picture: &red }];
        assert_eq!(under(&mut ui, &s), 32);
        assert_eq!(ui.pixel(1, 1), [255, 0, 0, 128]);
        assert_eq!(ui.pixel(5, 1), [0, 0, 0, 0]);
    }

    #[test]
    fn transforms_map_the_frame_onto_the_quad() {
        // A 2x1 frame, left red and right blue.
        let mut frame = RgbaImage::new(2, 1, [255, 0, 0, 255]);
        frame.pixels[4..8].copy_from_slice(&[0, 0, 255, 255]);
        let all = [0.0, 0.0, 16.0, 16.0];
        // Scaled 2x: a 4x2 node at (4,4) covers (4,4)-(12,8).
        let mut it = item(4.0, 4.0, 4.0, 2.0, all, 255);
        it.transform = [2.0, 0.0, 0.0, 2.0, 4.0, 4.0];
        let mut ui = RgbaImage::new(16, 16, [0, 0, 0, 0]);
        assert_eq!(under(&mut ui, &[Surface { item: it, picture: &frame }]), 32);
        assert_eq!((ui.pixel(4, 4), ui.pixel(11, 7)), ([255, 0, 0, 255], [0, 0, 255, 255]));
        assert_eq!(ui.pixel(12, 4)[3], 0, "outside the quad");
        // Rotated 90 degrees clockwise about (8,0): x' = -y + 8, y' = x; the
        // frame's left (red) ends up at the top, its right (blue) below.
        let mut it = item(0.0, 0.0, 8.0, 4.0, all, 255);
        it.transform = [0.0, 1.0, -1.0, 0.0, 8.0, 0.0];
        let mut ui = RgbaImage::new(16, 16, [0, 0, 0, 0]);
        assert_eq!(under(&mut ui, &[Surface { item: it, picture: &frame }]), 32);
        assert_eq!((ui.pixel(5, 0), ui.pixel(5, 7)), ([255, 0, 0, 255], [0, 0, 255, 255]));
        assert_eq!(ui.pixel(3, 3)[3], 0, "left of the rotated quad");
    }
}
