//! The glyph atlas: every (font, glyph, size) is rasterized once into one
//! engine-owned texture ([`ATLAS_TEXTURE_ID`]) and packed on shelves.
//!
//! The engine keeps the atlas's coverage (one byte per texel) so it can
//! send painters full or partial updates as texture deltas
//! ([`crate::texture`]). The atlas starts at 256x256 and doubles (keeping
//! every glyph where it is) up to 2048x2048; when even that is full, it is
//! cleared at the start of the next frame and refilled with the glyphs
//! that frame uses.
//!
//! Growing sends no more than the new glyphs: a painter that gets a `SET`
//! for a bigger texture keeps the texels it has (the delta contract), so a
//! frame that grows the atlas uploads the same rectangle as any other. It
//! used to send the whole texture, expanded to RGBA: 1M texels when it grew
//! to 1024x1024, which cost a tv-midrange ~25 ms of one input frame.
//!
//! Glyphs are rasterized at most at [`MAX_RASTER_PX`]; larger text draws
//! those bitmaps magnified (every painter samples the atlas bilinearly).
//! This bounds what one legal write can cost: rasterizing is proportional
//! to the glyph's area, so a `fontSize` of 500 used to cost ~40 ms natively
//! per frame and more than a device's whole watchdog under Wasm (and
//! overflowed the atlas, which then cleared and re-rasterized every frame).
//! It also lets a scale or font-size animation above the cap reuse one
//! bitmap instead of rasterizing every size it passes through.

use rustc_hash::FxHashMap as HashMap;

use ab_glyph::{Font, GlyphId, PxScale};

use super::font::Fonts;
use crate::texture::{TextureDeltas, ATLAS_TEXTURE_ID};

/// Initial atlas side (texels).
pub const INITIAL_SIZE: u32 = 256;
/// Largest atlas side.
pub const MAX_SIZE: u32 = 2048;
/// Largest font size (px) glyphs are rasterized at; see the module docs.
/// 128 px keeps every glyph bitmap of a Latin font under ~160x160 texels
/// (25k texels of coverage), so even a 2048 atlas holds a few hundred.
pub const MAX_RASTER_PX: f32 = 128.0;

/// The font size a glyph of `font_size` is rasterized at, and the factor
/// its bitmap is drawn magnified by (1 up to [`MAX_RASTER_PX`]).
pub fn raster_size(font_size: f32) -> (f32, f32) {
    if font_size > MAX_RASTER_PX {
        (MAX_RASTER_PX, font_size / MAX_RASTER_PX)
    } else {
        (font_size, 1.0)
    }
}
const PAD: u32 = 1;
/// Dirty rectangles kept before they are merged (see `Atlas::dirty`).
const DIRTY_RECTS: usize = 16;

/// Where a glyph's bitmap is and how it sits on the pen position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlyphSlot {
    /// Left texel in the atlas.
    pub x: u16,
    /// Top texel.
    pub y: u16,
    /// Bitmap width.
    pub w: u16,
    /// Bitmap height.
    pub h: u16,
    /// Bitmap left relative to the pen x (px).
    pub left: i16,
    /// Bitmap top relative to the baseline (px, y down).
    pub top: i16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    font: u16,
    glyph: u16,
    /// Font size in 1/64 px.
    size: u32,
}

#[derive(Clone, Copy, Debug)]
struct Shelf {
    y: u32,
    h: u32,
    x: u32,
}

/// The atlas.
#[derive(Debug)]
pub struct Atlas {
    w: u32,
    h: u32,
    alpha: Vec<u8>,
    shelves: Vec<Shelf>,
    next_y: u32,
    /// `None`: the glyph has no outline (space) or did not fit.
    map: HashMap<Key, Option<GlyphSlot>>,
    /// Rectangles changed since the last flush `[x0, y0, x1, y1]`: one
    /// per run of glyphs placed side by side on a shelf (at most
    /// [`DIRTY_RECTS`], the last then grows to take more), so a flush
    /// sends the new glyphs' texels, not the box around every shelf
    /// touched (which expanded to RGBA cost the JS fallback engine more
    /// than the rasterizing).
    dirty: Vec<[u32; 4]>,
    /// The whole texture must be sent (created, grown or cleared).
    full: bool,
    /// Full at the largest size: clear before the next frame.
    overflow: bool,
    /// Glyphs rasterized so far (tests, stats).
    pub rasterized: u32,
    /// Bumped whenever slots handed out may have changed (cleared), so
    /// callers may keep the slots they looked up until it moves.
    generation: u32,
}

impl Default for Atlas {
    fn default() -> Self {
        Self::new()
    }
}

impl Atlas {
    /// An empty atlas (nothing sent to painters until the first glyph).
    pub fn new() -> Self {
        Self {
            w: INITIAL_SIZE,
            h: INITIAL_SIZE,
            alpha: Vec::new(),
            shelves: Vec::new(),
            next_y: 0,
            map: HashMap::default(),
            dirty: Vec::new(),
            full: false,
            overflow: false,
            rasterized: 0,
            generation: 1,
        }
    }

    /// Atlas size in texels.
    pub fn size(&self) -> (u32, u32) {
        (self.w, self.h)
    }

    /// Bytes of the painters' copy of the atlas (an RGBA8 texture of its
    /// size), 0 until the first glyph creates it: what the resource manager
    /// charges to the device's texture budget.
    pub fn texture_bytes(&self) -> u64 {
        if self.alpha.is_empty() {
            0
        } else {
            u64::from(self.w) * u64::from(self.h) * 4
        }
    }

    /// Number of cached glyph entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no glyph is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Changes when slots looked up earlier may no longer be valid (never 0).
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// Drops every glyph (fonts changed, or the atlas overflowed).
    pub fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1).max(1);
        self.map.clear();
        self.shelves.clear();
        self.next_y = 0;
        self.alpha.iter_mut().for_each(|a| *a = 0);
        self.overflow = false;
        if !self.alpha.is_empty() {
            self.full = true;
        }
    }

    /// Called before a frame's glyph lookups.
    pub fn begin_frame(&mut self) {
        if self.overflow {
            self.clear();
        }
    }

    /// The slot of a glyph, rasterizing it on first use. `None` for glyphs
    /// without an outline (or that found no room this frame). `font_size`
    /// is the size to rasterize at: callers pass [`raster_size`]'s first
    /// value (sizes above [`MAX_RASTER_PX`] are clamped here too).
    pub fn glyph(&mut self, fonts: &Fonts, font: u16, glyph: u16, font_size: f32) -> Option<GlyphSlot> {
        self.lookup(fonts, font, glyph, font_size, MAX_SIZE).flatten()
    }

    /// Rasterizes a glyph ahead of use ([`super::warm`]) if the atlas has
    /// room for it without growing past `max_side`. False when it has not
    /// (nothing is cached then, and the atlas never overflows for it).
    pub fn warm(&mut self, fonts: &Fonts, font: u16, glyph: u16, font_size: f32, max_side: u32) -> bool {
        self.lookup(fonts, font, glyph, font_size, max_side).is_some()
    }

    /// The cached or new slot; `None` when there was no room (not cached:
    /// an overflow at [`MAX_SIZE`] clears the atlas next frame).
    fn lookup(&mut self, fonts: &Fonts, font: u16, glyph: u16, font_size: f32, max_side: u32) -> Option<Option<GlyphSlot>> {
        let size = (font_size.min(MAX_RASTER_PX) * 64.0 + 0.5) as u32;
        let key = Key { font, glyph, size };
        if let Some(&s) = self.map.get(&key) {
            return Some(s);
        }
        let slot = self.rasterize(fonts, key, max_side)?;
        self.map.insert(key, slot);
        Some(slot)
    }

    /// `Some(None)`: no outline; `None`: no room within `max_side`.
    fn rasterize(&mut self, fonts: &Fonts, key: Key, max_side: u32) -> Option<Option<GlyphSlot>> {
        let Some(f) = fonts.get(key.font) else { return Some(None) };
        let font_size = key.size as f32 / 64.0;
        // ab_glyph's PxScale is the font's ascent-to-descent height in px.
        let px = font_size * f.font.height_unscaled() / f.upem;
        let g = GlyphId(key.glyph).with_scale_and_position(PxScale::from(px), ab_glyph::point(0.0, 0.0));
        let Some(outlined) = f.font.outline_glyph(g) else { return Some(None) };
        let b = outlined.px_bounds();
        let (gw, gh) = ((b.max.x - b.min.x) as u32, (b.max.y - b.min.y) as u32);
        if gw == 0 || gh == 0 || gw > 1024 || gh > 1024 {
            return Some(None);
        }
        self.rasterized += 1;
        let (x, y) = self.allocate(gw, gh, max_side)?;
        // Coverage goes straight into the atlas (its fresh space is zero, so
        // texels the rasterizer does not visit stay 0): one pass over the
        // bitmap, no scratch buffer to clear and copy.
        let (alpha, aw) = (&mut self.alpha, self.w);
        outlined.draw(|px, py, c| {
            if px < gw && py < gh {
                alpha[((y + py) * aw + x + px) as usize] = (c.clamp(0.0, 1.0) * 255.0 + 0.5) as u8;
            }
        });
        self.mark_dirty([x, y, x + gw, y + gh]);
        Some(Some(GlyphSlot {
            x: x as u16,
            y: y as u16,
            w: gw as u16,
            h: gh as u16,
            left: b.min.x as i16,
            top: b.min.y as i16,
        }))
    }

    fn mark_dirty(&mut self, r: [u32; 4]) {
        let n = self.dirty.len();
        match self.dirty.last_mut() {
            // Next to the last glyph on the same shelf (its run goes on),
            // or no room for more rectangles: grow the last one.
            Some(d) if (d[1] == r[1] && d[2] + PAD == r[0]) || n >= DIRTY_RECTS => {
                *d = [d[0].min(r[0]), d[1].min(r[1]), d[2].max(r[2]), d[3].max(r[3])];
            }
            _ => self.dirty.push(r),
        }
    }

    /// Shelf packing: the first shelf tall enough (and not much taller)
    /// with room, else a new shelf, else grow the texture up to `max_side`
    /// (the atlas overflows only when that is [`MAX_SIZE`]).
    fn allocate(&mut self, w: u32, h: u32, max_side: u32) -> Option<(u32, u32)> {
        if self.alpha.is_empty() {
            self.alpha = vec![0; (self.w * self.h) as usize];
            self.full = true;
        }
        loop {
            for s in &mut self.shelves {
                if h <= s.h && h * 3 >= s.h * 2 && s.x + w + PAD <= self.w {
                    let x = s.x;
                    s.x += w + PAD;
                    return Some((x, s.y));
                }
            }
            if self.next_y + h + PAD <= self.h && w + PAD <= self.w {
                let shelf = Shelf { y: self.next_y, h, x: w + PAD };
                self.next_y += h + PAD;
                self.shelves.push(shelf);
                return Some((0, shelf.y));
            }
            if self.w >= max_side.min(MAX_SIZE) {
                self.overflow |= max_side >= MAX_SIZE;
                return None;
            }
            self.grow();
        }
    }

    fn grow(&mut self) {
        let (ow, oh) = (self.w, self.h);
        let (nw, nh) = (ow * 2, oh * 2);
        let mut alpha = vec![0u8; (nw * nh) as usize];
        for row in 0..oh {
            let src = (row * ow) as usize;
            let dst = (row * nw) as usize;
            alpha[dst..dst + ow as usize].copy_from_slice(&self.alpha[src..src + ow as usize]);
        }
        self.alpha = alpha;
        self.w = nw;
        self.h = nh;
        // No full upload: painters keep their texels when the size grows;
        // the flush sends the dirty rectangle with the new full size.
    }

    /// Appends what changed since the last flush to `deltas`: one `SET`
    /// of the whole texture after it was created or cleared, else (also
    /// after it grew) one `SET` per run of new glyphs. Pending deltas that
    /// would grow past one full texture are replaced by a full `SET`.
    pub fn flush(&mut self, deltas: &mut TextureDeltas) {
        if self.alpha.is_empty() {
            return;
        }
        let full_bytes = (self.w * self.h * 4) as usize;
        let dirty_bytes: usize = self.dirty.iter().map(|[x0, y0, x1, y1]| ((x1 - x0) * (y1 - y0) * 4) as usize).sum();
        if !self.full && deltas.byte_len() + dirty_bytes > full_bytes {
            self.full = true;
        }
        if self.full {
            // Everything pending about the atlas is superseded.
            deltas.clear();
            deltas.set_from_alpha(ATLAS_TEXTURE_ID, 0, 0, self.w, self.h, self.w, self.h, &self.alpha);
        } else {
            for &[x0, y0, x1, y1] in &self.dirty {
                deltas.set_from_alpha(ATLAS_TEXTURE_ID, x0, y0, x1 - x0, y1 - y0, self.w, self.h, &self.alpha);
            }
        }
        self.full = false;
        self.dirty.clear();
    }

    /// Coverage of texel `(x, y)` (tests).
    pub fn coverage(&self, x: u32, y: u32) -> u8 {
        self.alpha.get((y * self.w + x) as usize).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texture::{decode_deltas, TextureDelta};

    fn fonts() -> Fonts {
        let mut f = Fonts::default();
        let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("default font");
        f.register("DejaVu Sans".into(), data);
        f
    }

    #[test]
    fn glyph_rasterized_once_and_reused() {
        let f = fonts();
        let mut a = Atlas::new();
        let g = f.get(0).expect("test").glyph('A').expect("test").0;
        let s1 = a.glyph(&f, 0, g, 24.0).expect("A has an outline");
        assert_eq!(a.rasterized, 1);
        let s2 = a.glyph(&f, 0, g, 24.0).expect("test");
        assert_eq!(s1, s2);
        assert_eq!(a.rasterized, 1, "second lookup must hit the cache");
        // Another size is another entry.
        let s3 = a.glyph(&f, 0, g, 30.0).expect("test");
        assert_ne!((s1.x, s1.y), (s3.x, s3.y));
        assert_eq!(a.rasterized, 2);
        // The bitmap has ink.
        let ink = (0..s1.h as u32).flat_map(|y| (0..s1.w as u32).map(move |x| (x, y))).any(|(x, y)| a.coverage(s1.x as u32 + x, s1.y as u32 + y) > 200);
        assert!(ink);
        // Space has no outline.
        let sp = f.get(0).expect("test").glyph(' ').expect("test").0;
        assert_eq!(a.glyph(&f, 0, sp, 24.0), None);
    }

    #[test]
    fn packing_does_not_overlap_and_grows() {
        let f = fonts();
        let mut a = Atlas::new();
        let mut rects = Vec::new();
        for (i, c) in ('!'..='~').enumerate() {
            let Some(g) = f.get(0).expect("test").glyph(c) else { continue };
            if let Some(s) = a.glyph(&f, 0, g.0, 20.0 + (i % 5) as f32 * 12.0) {
                rects.push(s);
            }
        }
        assert!(a.size().0 > INITIAL_SIZE, "94 glyphs up to 68px must grow a 256 atlas");
        for (i, p) in rects.iter().enumerate() {
            for q in &rects[i + 1..] {
                let apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y;
                assert!(apart, "{p:?} overlaps {q:?}");
            }
        }
    }

    /// Growing the atlas uploads only the new glyphs, with the new full
    /// size; a painter that keeps its texels (the delta contract) ends up
    /// with the engine's coverage.
    #[test]
    fn growing_sends_only_new_glyphs() {
        let f = fonts();
        let mut a = Atlas::new();
        let mut d = TextureDeltas::new();
        let mut painter = vec![0u8; 0];
        let mut pw = 0u32;
        let mut grew = false;
        for c in '!'..='~' {
            let (w0, _) = a.size();
            a.glyph(&f, 0, f.get(0).expect("test").glyph(c).expect("test").0, 60.0);
            a.flush(&mut d);
            for r in decode_deltas(d.bytes()).expect("test") {
                let TextureDelta::Set { x, y, w, h, full_w, full_h, pixels, .. } = r else { panic!("{r:?}") };
                if full_w != pw {
                    let mut bigger = vec![0u8; (full_w * full_h) as usize];
                    for row in 0..(painter.len() as u32 / pw.max(1)) {
                        bigger[(row * full_w) as usize..(row * full_w + pw) as usize].copy_from_slice(&painter[(row * pw) as usize..((row + 1) * pw) as usize]);
                    }
                    (painter, pw) = (bigger, full_w);
                }
                if a.size().0 > w0 && w0 > 0 && !painter.is_empty() {
                    grew = true;
                    assert!(w * h < full_w * full_h / 4, "a grow sends the new glyph, not the texture: {w}x{h} of {full_w}x{full_h}");
                }
                for row in 0..h {
                    for col in 0..w {
                        painter[((y + row) * full_w + x + col) as usize] = pixels[((row * w + col) * 4 + 3) as usize];
                    }
                }
            }
            d.clear();
        }
        assert!(grew, "94 glyphs at 60 px grow a 256 atlas");
        let (w, h) = a.size();
        assert_eq!(pw, w);
        assert!((0..h).all(|y| (0..w).all(|x| painter[(y * w + x) as usize] == a.coverage(x, y))), "the painter's copy equals the atlas");
    }

    /// New glyphs on several shelves flush as one `SET` per run of glyphs,
    /// not as their bounding box: the bytes sent stay near the glyphs'
    /// texels, and applying them gives the painter the engine's coverage.
    #[test]
    fn flush_sends_runs_not_the_bounding_box() {
        let f = fonts();
        let mut a = Atlas::new();
        let mut d = TextureDeltas::new();
        a.glyph(&f, 0, f.get(0).expect("test").glyph('x').expect("test").0, 12.0);
        a.flush(&mut d);
        d.clear();
        // Small and large glyphs: two shelves far apart.
        let mut area = 0;
        for (c, px) in [('a', 12.0), ('b', 12.0), ('W', 60.0), ('c', 12.0), ('M', 60.0)] {
            let s = a.glyph(&f, 0, f.get(0).expect("test").glyph(c).expect("test").0, px).expect("test");
            area += u32::from(s.w) * u32::from(s.h);
        }
        a.flush(&mut d);
        let recs = decode_deltas(d.bytes()).expect("test");
        assert!(recs.len() >= 2, "{} records", recs.len());
        let sent: u32 = recs.iter().map(|r| match r {
            TextureDelta::Set { w, h, .. } => w * h,
            other => panic!("{other:?}"),
        }).sum();
        assert!(sent < area * 2, "sent {sent} texels for {area} of glyphs");
    }

    #[test]
    fn deltas_full_then_partial() {
        let f = fonts();
        let mut a = Atlas::new();
        let mut d = TextureDeltas::new();
        a.flush(&mut d);
        assert!(d.bytes().is_empty(), "no glyph, no texture");
        a.glyph(&f, 0, f.get(0).expect("test").glyph('a').expect("test").0, 20.0);
        a.flush(&mut d);
        let recs = decode_deltas(d.bytes()).expect("test");
        assert!(matches!(recs[..], [TextureDelta::Set { x: 0, y: 0, w: 256, h: 256, full_w: 256, .. }]));
        d.clear();
        let s = a.glyph(&f, 0, f.get(0).expect("test").glyph('b').expect("test").0, 20.0).expect("test");
        a.flush(&mut d);
        let recs = decode_deltas(d.bytes()).expect("test");
        match recs[..] {
            [TextureDelta::Set { x, y, w, h, .. }] => assert_eq!((x, y, w, h), (s.x as u32, s.y as u32, s.w as u32, s.h as u32)),
            _ => panic!("{recs:?}"),
        }
        d.clear();
        a.flush(&mut d);
        assert!(d.bytes().is_empty(), "nothing new, nothing sent");
    }
}
