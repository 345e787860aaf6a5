//! Idle-time glyph warm-up: on frames where nothing changed (and, one small
//! glyph at a time, on frames that only animate), rasterize a
//! bounded number of glyphs the app is likely to show next, so a later
//! input frame that rewrites a text finds them in the atlas.
//!
//! Rasterizing is what a text change costs most: on the JS fallback engine
//! (wasm2js on a legacy TV) one 64 px glyph costs ~4 ms, and a hero whose
//! title, metadata and synopsis change on a focus move met ~11 new glyphs
//! in one input frame (issue 15). Shaping and line breaking of the new
//! strings are cheap next to it.
//!
//! What is warmed: for every (font, raster size) pair a text node has been
//! laid out with (at most [`MAX_PAIRS`], first come first served, even an
//! empty text's: its size says what it will show), the characters of
//! [`CHARS`] in that order, the pair that is furthest behind first — so
//! every size gets its most frequent letters early.
//!
//! Bounds, all deterministic (no clocks):
//! * per idle frame at most [`FRAME_BUDGET`] px² of raster size squared
//!   (two 64 px glyphs, or a few dozen texels more at 26 px) and [`FRAME_LOOKUPS`]
//!   lookups;
//! * only while the atlas is at most [`MAX_SIDE`] texels wide, and a glyph
//!   is only placed where it fits without growing the atlas past it: warm
//!   glyphs take at most 1/16 of the largest atlas, never make it overflow
//!   (so never evict anything) and never grow it past 1 MiB of texture;
//! * once every pair has had every character (or the atlas is at its warm
//!   limit), nothing more happens until the atlas is cleared or a new pair
//!   appears: steady state allocates nothing.
//!
//! Growing the atlas (256 -> 512) changes the uv normalisation of the kept
//! display list, so [`WarmUp::step`] says so and the engine rebuilds it
//! that frame.

use super::atlas::{self, Atlas};
use super::font::Fonts;

/// Characters warmed, in order: lowercase by English letter frequency,
/// digits, capitals (as word initials), then common punctuation (ASCII:
/// the rest of a text's characters are rasterized when first shown).
pub const CHARS: &[u8] = b"etaoinsrhldcumfpgwybvkxjqz0123456789TASMCBPHLWDRFGNEIOUVJKYQXZ.,'-:!?()&/%+\"";
/// Pairs tracked.
pub const MAX_PAIRS: usize = 8;
/// Raster size squared (px²) rasterized per idle frame at most.
pub const FRAME_BUDGET: f32 = 2.0 * 64.0 * 64.0;
/// Atlas lookups per idle frame at most (cached or outline-less glyphs).
pub const FRAME_LOOKUPS: u32 = 64;
/// Raster size squared (px²) rasterized per frame that only animates
/// (nothing came from the app since the last frame), in glyphs of at most
/// that: an app with an animation always running (a spinner, a trailer's
/// progress) has no idle frame, and the glyphs a focus move needed were
/// rasterized in the input frame (the catalog's second Up: three 22 px
/// glyphs, 14% of that frame). One 32 px glyph costs an animation frame
/// ~0.3 ms on tv-midrange; such a frame never grows the atlas.
pub const ANIMATION_BUDGET: f32 = 32.0 * 32.0;
/// Atlas lookups per animating frame at most.
pub const ANIMATION_LOOKUPS: u32 = 8;
/// Largest atlas side warm-up fills (or grows the atlas to).
pub const MAX_SIDE: u32 = 512;

#[derive(Clone, Copy, Debug)]
struct Pair {
    font: u16,
    /// Raster size (px).
    size: f32,
    /// Next index into [`CHARS`] (in chars).
    next: u16,
}

/// The warm-up's state (part of [`super::TextSystem`]).
#[derive(Debug, Default)]
pub struct WarmUp {
    pairs: Vec<Pair>,
    /// Atlas generation the cursors are for.
    gen: u32,
    /// The atlas has no room within [`MAX_SIDE`].
    full: bool,
    /// Glyphs rasterized by warm-up (tests, stats).
    pub warmed: u32,
}

impl WarmUp {
    /// Notes a (font, font size) pair a text was laid out with.
    pub fn note(&mut self, font: u16, font_size: f32) {
        let size = atlas::raster_size(font_size).0;
        if size > 0.0 && self.pairs.len() < MAX_PAIRS && !self.pairs.iter().any(|p| p.font == font && p.size == size) {
            self.pairs.push(Pair { font, size, next: 0 });
        }
    }

    /// True while there is something left to warm.
    pub fn pending(&self, atlas: &Atlas) -> bool {
        let n = CHARS.len() as u16;
        let cleared = self.gen != atlas.generation();
        atlas.size().0 <= MAX_SIDE && (cleared || !self.full) && self.pairs.iter().any(|p| cleared || p.next < n)
    }

    /// One idle frame's warm-up, or (`animating`) a frame's that only
    /// animates: [`ANIMATION_BUDGET`] in glyphs no larger, where they fit
    /// in the atlas as it is. True when the atlas grew (the display list
    /// must be rebuilt for the new uv normalisation).
    pub fn step(&mut self, fonts: &Fonts, atlas: &mut Atlas, animating: bool) -> bool {
        if self.gen != atlas.generation() {
            // Cleared (a font replaced or an overflow): start again.
            self.gen = atlas.generation();
            self.full = false;
            self.pairs.iter_mut().for_each(|p| p.next = 0);
        }
        let (side, _) = atlas.size();
        if self.full || atlas.texture_bytes() == 0 || side > MAX_SIDE {
            return false;
        }
        let (mut spent, mut lookups) = (0.0, 0);
        let (budget, max_lookups, max_side) = if animating { (ANIMATION_BUDGET, ANIMATION_LOOKUPS, side) } else { (FRAME_BUDGET, FRAME_LOOKUPS, MAX_SIDE) };
        while spent < budget && lookups < max_lookups {
            let Some(p) = self.pairs.iter_mut().filter(|p| p.size * p.size <= budget).min_by_key(|p| p.next) else { break };
            let Some(&c) = CHARS.get(usize::from(p.next)) else { break };
            p.next += 1;
            lookups += 1;
            let Some(glyph) = fonts.get(p.font).and_then(|f| f.glyph(char::from(c))).filter(|g| g.0 != 0) else { continue };
            let before = atlas.rasterized;
            if !atlas.warm(fonts, p.font, glyph.0, p.size, max_side) {
                // No room without growing: the next idle frame may grow it.
                self.full = !animating;
                if animating {
                    p.next -= 1;
                }
                break;
            }
            if atlas.rasterized != before {
                self.warmed += 1;
                spent += p.size * p.size;
            }
        }
        atlas.size().0 != side
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::props::{key, PropValue};
    use crate::protocol::{BatchBuilder, NodeKind, NONE};
    use crate::Engine;

    fn engine() -> Engine {
        let font = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("default font");
        let mut e = Engine::new(1280, 720);
        e.register_font("Sans", &font).expect("font");
        let mut b = BatchBuilder::new(1);
        b.create(1, NodeKind::Text).set_props(1, &[(key::FONT_SIZE, PropValue::F32(64.0))]).set_text(1, "Harbour Glass").insert(0, 1, NONE);
        // An empty text still says which size it will show.
        b.create(2, NodeKind::Text).set_props(2, &[(key::Y, PropValue::F32(100.0)), (key::FONT_SIZE, PropValue::F32(26.0))]).set_text(2, "").insert(0, 2, NONE);
        b.frame(0.0);
        e.submit(&b.finish()).expect("valid");
        e.clear_texture_deltas();
        e
    }

    /// Idle frames rasterize at most the frame budget each, never evict
    /// (the atlas generation stays), never grow the atlas past MAX_SIDE,
    /// end, and leave the drawn glyphs where they were.
    #[test]
    fn idle_frames_warm_within_budget_and_never_evict() {
        let mut e = engine();
        let gen = e.text().atlas().generation();
        let drawn: Vec<_> = e.display_list().items.iter().map(|i| (i.transform, i.size)).collect();
        let mut frames = 0;
        while e.text().warm.pending(e.text().atlas()) {
            let before = e.text().atlas().rasterized;
            e.frame(16.0 * f64::from(frames + 1));
            let new = e.text().atlas().rasterized - before;
            // The budget may be passed by the glyph that reaches it: at
            // most budget + one 64 px glyph, in glyphs of at least 26 px.
            assert!(new as f32 * 26.0 * 26.0 <= FRAME_BUDGET + 64.0 * 64.0, "{new} glyphs in one frame");
            if frames == 0 {
                assert!(new <= 3, "the first round is 64 px and 26 px glyphs: {new}");
            }
            assert!(e.text().atlas().size().0 <= MAX_SIDE);
            assert_eq!(e.text().atlas().generation(), gen, "warm-up never clears the atlas");
            e.clear_texture_deltas();
            frames += 1;
            assert!(frames < 200, "warm-up ends");
        }
        assert!(e.text().warm.warmed > 50, "warmed {}", e.text().warm.warmed);
        let again: Vec<_> = e.display_list().items.iter().map(|i| (i.transform, i.size)).collect();
        assert_eq!(again, drawn, "what is drawn does not move");
        // Done: an idle frame does nothing.
        let r = e.text().atlas().rasterized;
        e.frame(10_000.0);
        assert_eq!(e.text().atlas().rasterized, r);
        assert!(e.texture_deltas_bytes().is_empty());
    }

    /// After warm-up, a focus move's new title and metadata rasterize
    /// nothing in the input frame; the warm-up is deterministic.
    #[test]
    fn warmed_text_change_rasterizes_nothing_and_is_deterministic() {
        let run = || {
            let mut e = engine();
            for i in 0..60 {
                e.frame(16.0 * f64::from(i + 1));
            }
            e
        };
        let (mut a, b) = (run(), run());
        assert_eq!(a.text().atlas().size(), b.text().atlas().size());
        let (w, h) = a.text().atlas().size();
        assert!((0..h).all(|y| (0..w).all(|x| a.text().atlas().coverage(x, y) == b.text().atlas().coverage(x, y))), "same atlas");
        let r = a.text().atlas().rasterized;
        let mut bb = BatchBuilder::new(2);
        bb.set_text(1, "Lantern Ember").set_text(2, "2017, Drama: 1 h 24 min (4K)").frame(2000.0);
        a.submit(&bb.finish()).expect("valid");
        assert_eq!(a.text().atlas().rasterized, r, "every glyph was warm");
    }

    /// An animation always running (no idle frame): frames that only
    /// animate warm one small glyph's budget each (the 26 px text's; the
    /// 64 px title waits for idle frames), frames that follow a batch warm
    /// nothing, and a focus move's new 26 px text then finds its glyphs warm.
    #[test]
    fn animation_frames_warm_one_small_glyph() {
        use crate::anim::{easing::Easing, Direction, Timing};
        let mut e = engine();
        let spin = Timing { duration_ms: 500.0, delay_ms: 0.0, iterations: u32::MAX, direction: Direction::Alternate, easing: Easing::Linear };
        let mut b = BatchBuilder::new(2);
        b.create(3, NodeKind::View)
            .set_props(3, &[(key::W, PropValue::F32(10.0)), (key::H, PropValue::F32(10.0)), (key::COLOR, PropValue::U32(0xffff_ffff))])
            .insert(0, 3, NONE)
            .animate(3, 1, &spin, &[(key::ALPHA, PropValue::F32(0.2))])
            .frame(16.0);
        e.submit(&b.finish()).expect("valid");
        let mut t = 16.0;
        let mut frames = 0;
        while frames < 200 {
            let before = e.text().atlas().rasterized;
            t += 16.0;
            e.frame(t);
            let new = e.text().atlas().rasterized - before;
            assert!(new <= 2, "{new} glyphs in one animation frame");
            frames += 1;
            // A batch (here: a colour) makes an input frame: no warm-up in it.
            if frames == 10 {
                let r = e.text().atlas().rasterized;
                let mut b = BatchBuilder::new(3);
                b.set_props(3, &[(key::COLOR, PropValue::U32(0xff00_00ff))]).frame(t + 1.0);
                e.submit(&b.finish()).expect("valid");
                assert_eq!(e.text().atlas().rasterized, r, "an input frame warms nothing");
            }
        }
        assert!(e.text().warm.warmed > 50, "warmed {} in {frames} frames", e.text().warm.warmed);
        let r = e.text().atlas().rasterized;
        let mut b = BatchBuilder::new(4);
        b.set_text(2, "2017, Drama: 1 h 24 min (4K)").frame(t + 16.0);
        e.submit(&b.finish()).expect("valid");
        assert_eq!(e.text().atlas().rasterized, r, "every glyph was warm");
    }

    /// Warm-up does not start before the atlas exists, and does nothing
    /// in an atlas already grown past MAX_SIDE.
    #[test]
    fn warm_up_only_in_small_existing_atlases() {
        let mut w = WarmUp::default();
        let fonts = Fonts::default();
        let mut atlas = Atlas::new();
        w.note(0, 26.0);
        assert!(!w.step(&fonts, &mut atlas, false));
        assert_eq!(w.warmed, 0, "no atlas yet, nothing warmed");
    }
}
