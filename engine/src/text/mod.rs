//! Text: fonts registered as resources, layout of text nodes, and the glyph
//! atlas whose updates reach painters as texture deltas.
//!
//! * [`font`]: `REGISTER_FONT` validation and the family registry. No font
//!   is built into the engine: hosts register the project's default font
//!   (`engine/fonts/DejaVuSans.ttf`, Bitstream Vera/DejaVu licence) at start.
//! * [`bidi_class`]: the characters' bidi classes, a compact table.
//! * [`shape`]: line breaking (UAX #14), `maxLines` + `overflowSuffix`,
//!   bidi (UAX #9), kerning, letter spacing, line height; rustybuzz shaping
//!   with the `shaping` feature.
//! * [`atlas`]: glyphs rasterized once (ab_glyph) into one shelf-packed
//!   texture owned by the engine.
//! * [`warm`]: on idle frames, glyphs of the sizes in use rasterized ahead
//!   of the input frames that will show them (bounded, deterministic).
//!
//! Text nodes are measured leaves in layout: [`TextSystem::measure`] is
//! called by taffy (flex items) and by the scene-mode pass, and caches the
//! laid-out lines per node keyed by (text, style, font, suffix, width), so an
//! unchanged node is never laid out again. The display-list builder asks
//! [`TextSystem::for_each_glyph`] for the glyph quads of a node at its final
//! size and emits them as `Image` items sampling the atlas.

pub mod atlas;
pub mod bidi_class;
pub mod font;
pub mod shape;
pub mod warm;

use rustc_hash::FxHashMap as HashMap;

use crate::scene::{Node, Slot};
use crate::texture::TextureDeltas;
use atlas::Atlas;
use font::Fonts;
use shape::{Input, Laid};

/// Text properties of a node (keys 80–86; strings live on the node).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    /// Font size in px.
    pub font_size: f32,
    /// Line height in px; 0 = the font's natural line height.
    pub line_height: f32,
    /// Extra advance after every character (px).
    pub letter_spacing: f32,
    /// 0 left, 1 center, 2 right.
    pub align: u8,
    /// 0 top, 1 middle, 2 bottom.
    pub valign: u8,
    /// At most this many lines (0 = unlimited).
    pub max_lines: u32,
    /// 0 auto, 1 ltr, 2 rtl.
    pub direction: u8,
}

impl TextStyle {
    /// Defaults: 24 px, natural line height, no spacing, top-left, unlimited, auto.
    pub const DEFAULT: Self =
        Self { font_size: 24.0, line_height: 0.0, letter_spacing: 0.0, align: 0, valign: 0, max_lines: 0, direction: 0 };
}

impl Default for TextStyle {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The default overflow suffix.
pub const DEFAULT_SUFFIX: &str = "…";

#[derive(Debug, Default)]
struct CacheEntry {
    valid: bool,
    text: String,
    family: String,
    suffix: String,
    style: Option<TextStyle>,
    width_bits: Option<u32>,
    font_gen: u32,
    laid: Laid,
    /// The atlas slot of every glyph of `laid`, looked up for the atlas
    /// generation `slots_gen` (0: not yet): a rebuild of an unchanged text
    /// (an animation frame) costs no hash lookup per glyph.
    slots: Vec<Option<atlas::GlyphSlot>>,
    slots_gen: u32,
}

impl CacheEntry {
    fn matches(&self, node: &Node, width: Option<f32>, gen: u32) -> bool {
        self.valid
            && self.font_gen == gen
            && self.width_bits == width.map(f32::to_bits)
            && self.style == Some(node.props.visual.text)
            && self.text == node.text()
            && self.family == node.font_family()
            && self.suffix == node.overflow_suffix().unwrap_or(DEFAULT_SUFFIX)
    }
}

/// Entries kept per node: taffy asks for min-content, max-content and the
/// final width; the build asks for the final width again.
const ENTRIES: usize = 3;

#[derive(Debug, Default)]
struct NodeCache {
    entries: [CacheEntry; ENTRIES],
    next: usize,
}

/// One glyph quad in node space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GlyphQuad {
    /// Left (px, node space, whole pixels).
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
    /// Atlas rectangle in texels `[x0, y0, x1, y1]`.
    pub uv_texels: [f32; 4],
}

/// Fonts, per-node layout caches, the atlas and its pending deltas.
#[derive(Debug, Default)]
pub struct TextSystem {
    fonts: Fonts,
    cache: HashMap<Slot, NodeCache>,
    atlas: Atlas,
    deltas: TextureDeltas,
    /// Layouts computed (cache misses), for tests and stats.
    pub layouts: u32,
    /// `[node id, codepoint]` of texts laid out with a character no font
    /// has (drawn as `.notdef`), for the engine's `MISSING_GLYPH` events.
    pub missing: Vec<[u32; 2]>,
    /// Idle-time glyph warm-up.
    pub warm: warm::WarmUp,
}

impl TextSystem {
    /// No fonts, empty atlas.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers (or replaces) a font family; every cached layout and glyph
    /// is dropped (metrics and glyphs may change).
    pub fn register_font(&mut self, family: String, data: Vec<u8>) {
        let replacing = self.fonts.resolve(&family).is_some_and(|i| self.fonts.get(i).is_some_and(|f| f.family == family));
        self.fonts.register(family, data);
        if replacing {
            self.atlas.clear();
        }
    }

    /// The registered fonts.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// The atlas.
    pub fn atlas(&self) -> &Atlas {
        &self.atlas
    }

    /// Pending texture deltas (see [`crate::texture`]).
    pub fn deltas(&self) -> &TextureDeltas {
        &self.deltas
    }

    /// Drops pending deltas (the host applied them).
    pub fn clear_deltas(&mut self) {
        self.deltas.clear();
    }

    /// Lays the node's text out for `width` (None: no wrapping), cached.
    pub fn laid(&mut self, slot: Slot, node: &Node, width: Option<f32>) -> &Laid {
        let gen = self.fonts.generation;
        let nc = self.cache.entry(slot).or_default();
        let hit = nc.entries.iter().position(|e| e.matches(node, width, gen));
        let i = match hit {
            Some(i) => i,
            None => {
                let i = nc.next;
                nc.next = (nc.next + 1) % ENTRIES;
                let e = &mut nc.entries[i];
                let suffix = node.overflow_suffix().unwrap_or(DEFAULT_SUFFIX);
                let input = Input {
                    text: node.text(),
                    suffix,
                    style: &node.props.visual.text,
                    font: self.fonts.resolve(node.font_family()),
                    max_width: width,
                };
                shape::layout(&self.fonts, &input, &mut e.laid);
                if let Some(f) = input.font {
                    self.warm.note(f, e.laid.font_size);
                }
                // Glyph 0 is `.notdef`: name the first character that no
                // font has (only then is the text scanned again).
                if e.laid.glyphs.iter().any(|g| g.glyph == 0) {
                    let primary = input.font.unwrap_or(0);
                    let missing = node.text().chars().find(|&c| !c.is_control() && self.fonts.glyph_with_fallback(primary, c).1 .0 == 0);
                    if let Some(m) = missing.map(|c| [node.id, c as u32]).filter(|m| !self.missing.contains(m)) {
                        self.missing.push(m);
                    }
                }
                e.valid = true;
                node.text().clone_into(&mut e.text);
                node.font_family().clone_into(&mut e.family);
                e.suffix.clear();
                e.suffix.push_str(suffix);
                e.style = Some(node.props.visual.text);
                e.width_bits = width.map(f32::to_bits);
                e.font_gen = gen;
                e.slots_gen = 0;
                self.layouts += 1;
                i
            }
        };
        &nc.entries[i].laid
    }

    /// The node's intrinsic size when wrapped at `width` (None: unwrapped),
    /// rounded up to whole pixels so giving it back never re-wraps.
    pub fn measure(&mut self, slot: Slot, node: &Node, width: Option<f32>) -> (f32, f32) {
        let l = self.laid(slot, node, width);
        (libm::ceilf(l.width), libm::ceilf(l.height))
    }

    /// Changes when a font is registered (every text may lay out anew).
    pub fn fonts_generation(&self) -> u32 {
        self.fonts.generation
    }

    /// Forgets a node's cached layouts (slot freed).
    pub fn forget(&mut self, slot: Slot) {
        self.cache.remove(&slot);
    }

    /// Called once per display-list build, before any glyph is emitted.
    pub fn begin_frame(&mut self) {
        self.atlas.begin_frame();
    }

    /// Called after a build: turns new atlas content into deltas.
    pub fn end_frame(&mut self) {
        self.atlas.flush(&mut self.deltas);
    }

    /// An idle frame's glyph warm-up ([`warm`]), its new glyphs flushed as
    /// deltas; true when the atlas grew (rebuild the display list).
    pub fn warm_up(&mut self, animating: bool) -> bool {
        let grew = self.warm.step(&self.fonts, &mut self.atlas, animating);
        self.atlas.flush(&mut self.deltas);
        grew
    }

    /// Current atlas size (uv normalisation after a build).
    pub fn atlas_size(&self) -> (u32, u32) {
        self.atlas.size()
    }

    /// Calls `f` with every glyph quad of the node laid out in a box of
    /// `size`, aligned by its `textAlign`/`verticalAlign`, rasterizing
    /// glyphs not yet in the atlas.
    pub fn for_each_glyph(&mut self, slot: Slot, node: &Node, size: (f32, f32), mut f: impl FnMut(GlyphQuad)) {
        let st = node.props.visual.text;
        // Lay out at the node's width (wrapping), the same call measure made.
        let width = Some(size.0);
        self.laid(slot, node, width);
        let Self { cache, atlas, fonts, .. } = self;
        let Some(nc) = cache.get_mut(&slot) else {
            return;
        };
        let gen = fonts.generation;
        let Some(e) = nc.entries.iter_mut().find(|e| e.matches(node, width, gen)) else {
            return;
        };
        // Above the raster cap the bitmap is drawn magnified by `k`.
        let (raster_px, k) = atlas::raster_size(e.laid.font_size);
        if e.slots_gen != atlas.generation() {
            // In glyph order, as the lines list them: the atlas is filled in
            // the same order as when every build looked each glyph up.
            e.slots.clear();
            for g in &e.laid.glyphs {
                e.slots.push(atlas.glyph(fonts, g.font, g.glyph, raster_px));
            }
            e.slots_gen = atlas.generation();
        }
        let laid = &e.laid;
        let y0 = match st.valign {
            1 => crate::round::round((size.1 - laid.height) * 0.5),
            2 => crate::round::round(size.1 - laid.height),
            _ => 0.0,
        };
        for line in &laid.lines {
            let x0 = match st.align {
                1 => crate::round::round((size.0 - line.width) * 0.5),
                2 => crate::round::round(size.0 - line.width),
                _ => 0.0,
            };
            let baseline = crate::round::round(y0 + line.baseline);
            let range = line.start as usize..line.end as usize;
            for (g, s) in laid.glyphs[range.clone()].iter().zip(&e.slots[range]) {
                let Some(s) = *s else { continue };
                let x = x0 + crate::round::round(g.x) + f32::from(s.left) * k;
                let y = baseline + crate::round::round(g.y) + f32::from(s.top) * k;
                let (sx, sy) = (f32::from(s.x), f32::from(s.y));
                f(GlyphQuad {
                    x,
                    y,
                    w: f32::from(s.w) * k,
                    h: f32::from(s.h) * k,
                    uv_texels: [sx, sy, sx + f32::from(s.w), sy + f32::from(s.h)],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::protocol::props::{key, PropValue};
    use crate::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE};
    use crate::Engine;

    fn font() -> Vec<u8> {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("default font")
    }

    #[test]
    fn register_font_validates_and_is_transactional() {
        let mut e = Engine::new(320, 180);
        let err = e.register_font("X", b"not a font at all").expect_err("test");
        assert_eq!(err.kind, ErrorKind::BadFont("not a TrueType/OpenType font"));
        assert_eq!(err.kind.code(), 25);
        assert_eq!(e.register_font("", &font()).expect_err("test").kind, ErrorKind::BadFont("the family name is empty"));
        assert_eq!(e.register_font("X", &[]).expect_err("test").kind, ErrorKind::BadFont("no font bytes"));
        // A batch that fails after REGISTER_FONT registers nothing.
        let mut b = BatchBuilder::new(1);
        b.register_font("Sans", &font()).destroy(42);
        assert!(e.submit(&b.finish()).is_err());
        assert!(e.text().fonts().is_empty());
        // Truncated long form.
        let mut bytes = {
            let mut b = BatchBuilder::new(2);
            b.register_font("Sans", &font()[..100]);
            b.finish()
        };
        bytes.truncate(bytes.len() - 8);
        assert!(e.submit(&bytes).is_err());
        e.register_font("Sans", &font()).expect("valid font");
        assert_eq!(e.text().fonts().len(), 1);
    }

    /// Issue 18: a legal huge `fontSize` must not cost more than a frame can
    /// afford nor drop its glyphs. Above the raster cap the same bitmaps are
    /// drawn magnified, so the glyph count rasterized does not grow with size.
    #[test]
    fn huge_font_sizes_draw_magnified_cap_sized_bitmaps() {
        let mut e = Engine::new(1920, 1080);
        e.register_font("Sans", &font()).expect("font");
        let mut b = BatchBuilder::new(1);
        b.create(1, NodeKind::Text)
            .set_props(1, &[(key::FONT_SIZE, PropValue::F32(256.0)), (key::W, PropValue::F32(20_000.0))])
            .set_text(1, "Wg")
            .insert(0, 1, NONE)
            .frame(0.0);
        e.submit(&b.finish()).expect("valid");
        let at_256: Vec<_> = e.display_list().items.to_vec();
        let rasterized = e.text().atlas().rasterized;
        assert_eq!(at_256.len(), 2, "both glyphs drawn at 256 px");
        // Twice the size: the same bitmaps (nothing new rasterized), twice as big.
        let mut b = BatchBuilder::new(2);
        b.set_props(1, &[(key::FONT_SIZE, PropValue::F32(512.0))]).frame(16.0);
        e.submit(&b.finish()).expect("valid");
        let at_512: Vec<_> = e.display_list().items.to_vec();
        assert_eq!(at_512.len(), 2, "both glyphs drawn at 512 px");
        assert_eq!(e.text().atlas().rasterized, rasterized, "no new bitmaps above the cap");
        for (a, b) in at_256.iter().zip(&at_512) {
            assert_eq!(a.uv, b.uv, "same atlas texels");
            assert!((b.size[0] - 2.0 * a.size[0]).abs() < 0.01 && (b.size[1] - 2.0 * a.size[1]).abs() < 0.01);
        }
        // The W's bitmap is about cap-sized, magnified to the font size.
        let w = at_512[0];
        assert!(w.size[1] > 300.0 && w.size[1] < 520.0, "W drawn {:?}", w.size);
        let texels = w.uv[3] - w.uv[1];
        assert!(texels < 1.0, "uv normalised: {texels}");
    }

    /// Glyph slots are kept per laid-out text between builds; when the
    /// atlas is cleared (a font replaced) they are looked up again, so the
    /// glyphs are rasterized anew and drawn from where they are now.
    #[test]
    fn kept_glyph_slots_follow_an_atlas_clear() {
        let mut e = Engine::new(320, 180);
        e.register_font("Sans", &font()).expect("font");
        let mut b = BatchBuilder::new(1);
        b.create(1, NodeKind::Text)
            .set_props(1, &[(key::FONT_SIZE, PropValue::F32(20.0))])
            .set_text(1, "Hi there")
            .insert(0, 1, NONE)
            .frame(0.0);
        e.submit(&b.finish()).expect("valid");
        let first = e.display_list().items.to_vec();
        let rasterized = e.text().atlas().rasterized;
        // A paint-only change rebuilds the list from the kept slots.
        let mut b = BatchBuilder::new(2);
        b.set_props(1, &[(key::ALPHA, PropValue::F32(0.5))]).frame(16.0);
        e.submit(&b.finish()).expect("valid");
        assert_eq!(e.text().atlas().rasterized, rasterized);
        assert!(e.display_list().items.iter().zip(&first).all(|(a, b)| a.uv == b.uv && a.size == b.size));
        // Replacing the family clears the atlas: the glyphs come back.
        e.register_font("Sans", &font()).expect("font");
        e.frame(32.0);
        assert_eq!(e.text().atlas().rasterized, 2 * rasterized, "every glyph rasterized again");
        let again = e.display_list().items.to_vec();
        assert_eq!(again.len(), first.len());
        assert!(again.iter().zip(&first).all(|(a, b)| a.uv == b.uv && a.size == b.size), "same packing after the clear");
    }

    #[test]
    fn text_node_draws_glyph_items_and_snapshot_keeps_fonts() {
        let mut e = Engine::new(320, 180);
        e.register_font("Sans", &font()).expect("font");
        let mut b = BatchBuilder::new(1);
        b.create(1, NodeKind::Text)
            .set_props(1, &[(key::X, PropValue::F32(10.0)), (key::Y, PropValue::F32(10.0)), (key::FONT_SIZE, PropValue::F32(20.0))])
            .set_text(1, "Hi there")
            .insert(0, 1, NONE)
            .frame(0.0);
        e.submit(&b.finish()).expect("valid");
        let items = e.display_list().items.to_vec();
        assert_eq!(items.len(), 7, "one quad per visible glyph");
        assert!(items.iter().all(|i| i.texture == crate::texture::ATLAS_TEXTURE_ID && i.colors[0] == 0xFFFF_FFFF));
        assert!(!e.texture_deltas_bytes().is_empty());
        let size = e.scene().placed(e.scene().slot(1).expect("test")).size;
        assert!(size.width > 40.0 && size.height > 20.0, "measured {size:?}");
        // Unchanged text is not laid out again on a paint-only change.
        let layouts = e.text().layouts;
        let mut b = BatchBuilder::new(2);
        b.set_props(1, &[(key::COLOR, PropValue::U32(0xff0000ff))]).frame(16.0);
        e.submit(&b.finish()).expect("valid");
        assert_eq!(e.text().layouts, layouts);
        // The snapshot recreates fonts and text.
        let snap = e.snapshot();
        let mut f = Engine::new(320, 180);
        f.submit(&snap).expect("snapshot applies");
        f.frame(32.0);
        e.frame(32.0);
        assert_eq!(f.text().fonts().len(), 1);
        assert_eq!(f.display_list().items, e.display_list().items);
    }
}
