//! Retained subtrees (issue 15): a build copies an untouched subtree's
//! items from the last list instead of walking it again.
//!
//! Most frames of a TV UI change a few nodes: a focused tile scales, a
//! colour transitions, a row scrolls. Before, any of those rebuilt the
//! whole visible list: every glyph quad of every caption re-emitted, ~80%
//! of a catalog frame. Now each visit of a container or text node records
//! where its subtree's items landed in the list and what it was drawn
//! against (its parent's child frame, clip, alpha, parent size and mode,
//! whether anything is emitted); the next build copies those items verbatim
//! when all of that is bit-for-bit the same and nothing in the subtree was
//! touched since (`Node::dirty == 0`: `Scene::touch` marks ancestors, so a
//! clean node has a clean subtree). The items are a pure function of those
//! inputs and the scene below, except for things outside the scene. An
//! image drawn as its texture or its placeholder: the engine touches the
//! nodes of a texture that became resident or was released
//! (`Resources::touched`). The rest make up the [`Basis`]: the glyph
//! atlas's generation (a cleared atlas moves glyphs; a grown one keeps
//! them where they were, and `finish_text` renormalises copied uvs by the
//! new size); a new viewport or font makes a full build. A build whose
//! basis differs from the last one's copies nothing.
//!
//! A copy also carries what a walk would have produced besides items: the
//! subtree's image nodes (resources bind them), its ink (the parent's
//! culling) and its nodes' `geom_gen` stamps (focus reads "reached by the
//! last build" from them; the geometry itself is unchanged by
//! construction). A subtree the last build culled parts of is not copied
//! but walked (its culled parts are skipped again, its visible children
//! copied one by one): skipped subtrees are what focus settles later.
//!
//! Debug builds check every build that copied against a fresh build of the
//! same scene (`check` in [`super::Builder::build_with`]): a missing touch
//! anywhere in the engine shows as a test failure, not a stale frame.
//!
//! Memory: the last list is kept beside the new one (two list buffers) up
//! to [`MAX_ITEMS`] items; a longer list is neither kept nor copied from.

use glam::Affine2;

use super::{Aabb, Visit};
use crate::scene::Slot;

/// Longest last list copied from (80 B per item: 640 KiB kept twice).
pub(super) const MAX_ITEMS: usize = 8192;
/// No record for a slot.
pub(super) const NONE: u32 = u32::MAX;
/// [`Rec::gen`] of a record opened by the running build and not sealed yet
/// (0: sealed but not copyable; else the build it was sealed by).
const OPEN: u32 = u32::MAX;

/// What a list was built against besides the scene and the viewport and
/// fonts (those make a full build): the atlas generation after the build's
/// `begin_frame` (a cleared atlas moves glyphs; a grown one keeps them, and
/// `finish_text` renormalises copied uvs), and whether images could be
/// drawn resident.
pub(super) type Basis = (u32, bool);

/// Where one node's subtree landed in a list, and what it was drawn against.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Rec {
    /// Build generation the ranges are in ([`OPEN`]: being visited; 0: not copyable).
    pub(super) gen: u32,
    pub(super) first: u32,
    pub(super) end: u32,
    pub(super) images: (u32, u32),
    /// Nodes culled inside (stats); while open, the count at the start.
    pub(super) culled: u32,
    pub(super) world: Affine2,
    pub(super) clip: Aabb,
    pub(super) alpha: f32,
    pub(super) parent_size: (f32, f32),
    pub(super) parent_flex: bool,
    pub(super) emit: bool,
    /// The subtree's ink, world space.
    pub(super) ink: Aabb,
}

impl Rec {
    /// True when `v` draws the subtree exactly as the record's build did.
    pub(super) fn same_context(&self, v: &Visit) -> bool {
        self.world == v.world
            && self.clip == v.clip
            && self.alpha == v.alpha
            && self.parent_size == v.parent_size
            && self.parent_flex == v.parent_flex
            && self.emit == v.emit
    }
}

/// The builder's retained state.
#[derive(Debug, Default)]
pub(super) struct Retained {
    /// The last list's words and images (while copying).
    pub(super) words: Vec<u32>,
    pub(super) images: Vec<Slot>,
    /// Record index by slot ([`NONE`]: none).
    pub(super) of: Vec<u32>,
    pub(super) recs: Vec<Rec>,
    /// Basis of the last build.
    pub(super) basis: Option<Basis>,
    /// This build may copy.
    pub(super) copying: bool,
    /// Item ranges this build copied (in order): their glyph uvs are
    /// normalised already.
    pub(super) copied: Vec<(u32, u32)>,
    /// Items the last build copied (debug builds: before its check).
    pub(super) copied_items: u32,
    /// Generation and final atlas size of the last build (the size glyph
    /// uvs in the last list are normalised by).
    pub(super) last_gen: u32,
    pub(super) last_atlas: (u32, u32),
    /// Scratch for the `geom_gen` walk.
    pub(super) walk: Vec<Slot>,
    /// Debug builds: the list under check, the touches it started from,
    /// and a check is running.
    #[cfg(debug_assertions)]
    pub(super) check: Vec<u32>,
    #[cfg(debug_assertions)]
    pub(super) check_dirty: Vec<u8>,
    #[cfg(debug_assertions)]
    pub(super) checking: bool,
}

impl Retained {
    /// The record of `slot`, made if it has none (`of` covers every slot:
    /// the build sized it).
    pub(super) fn rec_mut(&mut self, slot: Slot) -> Option<&mut Rec> {
        let i = self.of.get_mut(slot as usize)?;
        if *i == NONE {
            *i = self.recs.len() as u32;
            self.recs.push(Rec::default());
        }
        self.recs.get_mut(*i as usize)
    }

    /// The record of `slot` if it has one.
    pub(super) fn rec(&self, slot: Slot) -> Option<&Rec> {
        let i = *self.of.get(slot as usize)?;
        self.recs.get(i as usize)
    }
}

impl super::Builder {
    /// Items the last build copied from the list before it (tests, benches).
    pub fn copied_items(&self) -> u32 {
        self.keep.copied_items
    }

    /// Items in the list so far.
    pub(super) fn header_count(&self) -> u32 {
        self.words[2]
    }

    /// Opens `v`'s record: its subtree's items start here.
    #[inline(never)]
    pub(super) fn open(&mut self, v: &Visit, stats: &super::BuildStats) {
        let (first, images) = (self.header_count(), self.images.len() as u32);
        // A subtree with culled parts is walked again (a row of tiles):
        // its visible children are copied one by one.
        let skipped = self.skipped.len() as u32;
        let Some(r) = self.keep.rec_mut(v.slot) else { return };
        *r = Rec {
            gen: OPEN,
            first,
            end: skipped,
            images: (images, images),
            culled: stats.culled,
            world: v.world,
            clip: v.clip,
            alpha: v.alpha,
            parent_size: v.parent_size,
            parent_flex: v.parent_flex,
            emit: v.emit,
            ink: super::EMPTY,
        };
    }

    /// Closes `slot`'s open record (after its subtree): its ranges and ink.
    #[inline(never)]
    pub(super) fn seal(&mut self, slot: Slot, ink: Aabb, stats: &super::BuildStats) {
        if self.settling {
            return;
        }
        let (end, images, skipped, gen) = (self.header_count(), self.images.len() as u32, self.skipped.len() as u32, self.gen);
        let Some(&i) = self.keep.of.get(slot as usize) else { return };
        let Some(r) = self.keep.recs.get_mut(i as usize) else { return };
        if r.gen != OPEN {
            // Not opened by this build (a leaf that is not a text, whose slot
            // kept an older node's record).
            return;
        }
        // `end` held the skipped count at the start: nothing skipped inside, or no copy.
        r.gen = if r.end == skipped { gen } else { 0 };
        r.end = end;
        r.images.1 = images;
        r.culled = stats.culled.saturating_sub(r.culled);
        r.ink = ink;
    }

    /// Copies `v`'s subtree from the last list when its record says it was
    /// drawn there against the same context (the caller checked the node
    /// is untouched); true when copied.
    #[inline(never)]
    pub(super) fn copy(&mut self, scene: &mut crate::scene::Scene, v: &Visit, stats: &mut super::BuildStats) -> bool {
        let Some(r) = self.keep.rec(v.slot).copied() else { return false };
        if r.gen != self.keep.last_gen || r.gen == 0 || r.gen == OPEN || !r.same_context(v) {
            return false;
        }
        let (w0, w1) = (super::HEADER_WORDS + r.first as usize * super::ITEM_WORDS, super::HEADER_WORDS + r.end as usize * super::ITEM_WORDS);
        let (Some(words), Some(images)) = (self.keep.words.get(w0..w1), self.keep.images.get(r.images.0 as usize..r.images.1 as usize)) else {
            return false;
        };
        let first = self.header_count();
        let n = r.end - r.first;
        self.words.extend_from_slice(words);
        self.words[2] += n;
        if n > 0 {
            match self.keep.copied.last_mut() {
                Some(last) if last.1 == first => last.1 = first + n,
                _ => self.keep.copied.push((first, first + n)),
            }
        }
        let i0 = self.images.len() as u32;
        self.images.extend_from_slice(images);
        stats.items += n;
        stats.culled += r.culled;
        if let Some(acc) = self.acc.last_mut() {
            *acc = super::union(acc, &r.ink);
        }
        // Nodes the last build reached are reached by this one.
        let (last, gen) = (self.keep.last_gen, self.gen);
        self.keep.walk.clear();
        self.keep.walk.push(v.slot);
        while let Some(s) = self.keep.walk.pop() {
            let node = scene.node_mut(s);
            if node.geom_gen != last {
                continue;
            }
            node.geom_gen = gen;
            self.keep.walk.extend_from_slice(&node.children);
        }
        let images = (i0, self.images.len() as u32);
        if let Some(r) = self.keep.rec_mut(v.slot) {
            (r.first, r.end, r.images, r.gen) = (first, first + n, images, gen);
        }
        true
    }
}
