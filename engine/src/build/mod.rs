//! Building the display list from the scene: transforms, alpha and clips
//! composed down the tree, z-order among siblings, off-screen culling.
//!
//! This is the one walk over the tree per frame that produces pixels'
//! worth of output; it runs only when something drawn changed (otherwise
//! the previous list is reused). It uses an explicit stack (deep trees
//! cannot overflow the Wasm stack) that takes a wide parent's children a
//! chunk at a time (`Cursor`: not a visit per child of a 20k-child page at
//! once), and scratch vectors that keep their capacity, so a steady-state
//! frame allocates nothing.
//!
//! Culling without visiting (issue 15): each visit of a node also works
//! out its subtree's *ink* — where anything it could draw lies (its box,
//! shadow, text overhang; an image's box grown by its preload margin, so
//! what resources preload is always reached) — and keeps it relative to
//! its parent's child frame. The next build skips a child whose subtree
//! was not touched since (`Node::dirty`, set by `Scene::touch`) when that
//! kept ink, moved with the parent's frame, misses the viewport: a tile
//! of a row off screen costs one test, not a visit, and a wide row's
//! off-screen tiles not even that when their inks are in order (`span`: a
//! scrolled frame of a 1,000-tile row costs ~1.6x a 40-tile row's fuel,
//! `frame_row_1k_scrolled` in benches/engine.rs). Only frames with a
//! translate/scale parent frame cull (a rotated one visits everything).
//! A skipped subtree keeps its last geometry; focus and the overlay read
//! geometry, so [`Builder::settle`] visits the skipped subtrees (drawing
//! nothing) before they do — on frames with a key press, down to focusable
//! nodes only (navigation treats them as leaves), not on animation frames.
//! Resources keep a skipped subtree's images bound ([`Builder::culled`]).
//!
//! Copying without visiting (`retain`): an untouched subtree drawn against
//! the same context as in the last build is copied from the last list.

use glam::{Affine2, Mat2, Vec2};

use crate::display_list::{DisplayItem, DisplayListHeader, ItemKind, DISPLAY_LIST_MAGIC, DISPLAY_LIST_VERSION};
use crate::finite::finite;
use crate::layout::scene_size;
use crate::protocol::props::key;
use crate::protocol::NodeKind;
use crate::resources::Resources;
use crate::scene::{DisplayMode, Effects, Node, Scene, Slot, DIRTY_BELOW, DIRTY_DEEP, DIRTY_SELF, NO_SLOT, ROOT_SLOT};

mod retain;
mod span;
use retain::{Basis, Retained};

/// Screen-space axis-aligned rectangle `[x0, y0, x1, y1]`.
type Aabb = [f32; 4];

#[derive(Clone, Copy, Debug)]
struct Visit {
    slot: Slot,
    world: Affine2,
    alpha: f32,
    clip: Aabb,
    parent_size: (f32, f32),
    parent_flex: bool,
    /// [`VISIT`], [`POP_CLIP`], [`END`], [`CHILDREN`] or (in `skipped`
    /// only) [`RANGE`].
    mark: u8,
    /// Visit the whole subtree (no culling): an ancestor was not reached
    /// by the last build ([`DIRTY_DEEP`]).
    deep: bool,
    /// False inside a subtree that is clipped away entirely: geometry is
    /// still recorded (focus can move there and scroll it in), nothing drawn.
    emit: bool,
}

/// [`Visit::mark`]: visit the node.
const VISIT: u8 = 0;
/// [`Visit::mark`]: close the node's clip.
const POP_CLIP: u8 = 1;
/// [`Visit::mark`]: the node's subtree is done: keep its ink
/// (`world` is its parent's child frame, `parent_size` and `parent_flex`
/// its own size and mode).
const END: u8 = 2;
/// [`Visit::mark`] of a `skipped` entry: the children a range cull skipped
/// (`span`), the visit being the one each child got (its slot the parent's).
const RANGE: u8 = 3;

/// [`Visit::mark`]: the children of the node (`slot`), [`CURSOR_MIN`] at a
/// time, as the top of `cursors` says (the visit being the one each child
/// gets).
const CHILDREN: u8 = 4;

/// Where a [`CHILDREN`] entry of the stack is among its node's children.
/// One entry per open wide parent, not one visit per child: a wide
/// parent's children are not stacked all at once (a 20k-child page stacked 20k
/// visits, 1.2 MB of linear memory, which never shrinks: issue 14).
#[derive(Clone, Copy, Debug)]
struct Cursor {
    /// The next child's index, and the end of the range.
    next: u32,
    end: u32,
    /// Where the children's paint order starts in `Builder::order`, or
    /// [`NO_ORDER`] (insertion order).
    order: u32,
    /// No child is skipped (see `Builder::skip`).
    full: bool,
}

const NO_ORDER: u32 = u32::MAX;

/// Children a parent stacks as visits at once; more get a [`Cursor`], which
/// stacks them this many at a time.
const CURSOR_MIN: usize = 64;

/// Nothing drawn.
const EMPTY: Aabb = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];

/// A node's subtree ink as of its last visit, relative to its parent's
/// child frame (translation removed, scale divided out; NaN: unknown).
#[derive(Clone, Copy, Debug)]
struct Ink {
    rel: Aabb,
    /// The node's size and whether it was a flex container then (a new
    /// size or mode re-places its children without touching them), as
    /// [`placed_as`] makes them one pair: 24 bytes a slot, not 28 (issue
    /// 14: 80 KB of a 20k-node page).
    placed: (f32, f32),
}

/// A node's size and flex mode as one comparable pair: sizes are never
/// negative, so a flex container's height is stored as `-h - 1` (every
/// value of one mode differs from every value of the other; NaN, unknown,
/// equals nothing).
#[inline(always)]
fn placed_as(size: (f32, f32), flex: bool) -> (f32, f32) {
    (size.0, if flex { -size.1 - 1.0 } else { size.1 })
}

/// A list buffer over this many words becomes the spare (see
/// [`Builder::take_spare`]) when the scene shrank to a quarter of it.
const SPARE_WORDS: usize = 16 * 1024;

const NO_INK: Ink = Ink { rel: [f32::NAN; 4], placed: (f32::NAN, f32::NAN) };

/// Reusable state for [`build`].
#[derive(Debug, Default)]
pub struct Builder {
    stack: Vec<Visit>,
    /// One per [`CHILDREN`] entry of `stack`, in the same order.
    cursors: Vec<Cursor>,
    order: Vec<(i32, u32, Slot)>,
    clips: Vec<Aabb>,
    gen: u32,
    /// Header + items, as words (so the bytes are 4-aligned for hosts).
    words: Vec<u32>,
    /// The engine's text system, lent to the builder for the duration of a
    /// build (see `Engine::frame`): glyph quads and atlas updates.
    pub text: crate::text::TextSystem,
    /// Image nodes the last build reached (drawn or culled).
    images: Vec<Slot>,
    /// Views' `gradient`s by node id (see [`crate::gradient`]): a side
    /// table, as almost no node has one.
    pub gradients: crate::gradient::Table,
    /// No culling of untouched off-screen subtrees (tests set it to
    /// compare lists).
    pub no_cull: bool,
    /// Subtree inks by slot.
    inks: Vec<Ink>,
    /// Ink of the open nodes' subtrees so far (one per open node, and the root's parent).
    acc: Vec<Aabb>,
    /// Subtrees the last build skipped ([`Builder::settle`]).
    skipped: Vec<Visit>,
    /// Viewport and font generation of the last build: a change visits everything.
    seen: (u32, u32, u32),
    /// True while [`Builder::settle`] runs.
    settling: bool,
    /// How far the skipped subtrees were settled since the last build: 0
    /// not, 1 down to focusable nodes, 2 entirely.
    settled: u8,
    /// The running settle goes below focusable nodes.
    settle_deep: bool,
    /// Retained subtrees: see the `retain` module.
    keep: Retained,
    /// What builds learnt of wide parents' children: see the `span` module.
    spans: Vec<span::Span>,
    /// Scratch of [`Builder::settle_for`]: a node and its ancestors.
    chain: Vec<Slot>,
    /// Children the last build culled by range (a test figure, not kept in
    /// engine.wasm).
    #[cfg(not(target_arch = "wasm32"))]
    range_culled: u32,
}

/// What a build produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Items emitted.
    pub items: u32,
    /// Nodes skipped because they were entirely off-screen or clipped away.
    pub culled: u32,
}

const HEADER_WORDS: usize = core::mem::size_of::<DisplayListHeader>() / 4;
const ITEM_WORDS: usize = core::mem::size_of::<DisplayItem>() / 4;

impl Builder {
    /// An empty builder holding an empty list.
    pub fn new(width: u32, height: u32) -> Self {
        let mut b = Self::default();
        b.reset(0, width, height);
        b
    }

    fn reset(&mut self, frame: u32, width: u32, height: u32) {
        self.words.clear();
        let h = DisplayListHeader {
            magic: DISPLAY_LIST_MAGIC,
            version: DISPLAY_LIST_VERSION,
            item_count: 0,
            frame,
            viewport_w: width as f32,
            viewport_h: height as f32,
            _reserved: [0; 2],
        };
        self.words.extend_from_slice(bytemuck::cast_slice(core::slice::from_ref(&h)));
    }

    /// The list's bytes: header then items.
    pub fn bytes(&self) -> &[u8] {
        bytemuck::cast_slice(&self.words)
    }

    /// The list's items.
    pub fn items(&self) -> &[DisplayItem] {
        bytemuck::cast_slice(&self.words[HEADER_WORDS..])
    }

    /// The list's header.
    pub fn header(&self) -> DisplayListHeader {
        bytemuck::pod_read_unaligned(bytemuck::cast_slice(&self.words[..HEADER_WORDS]))
    }

    /// Stamps a new frame number on a reused list.
    pub fn set_frame(&mut self, frame: u32) {
        self.words[3] = frame;
    }

    fn push(&mut self, item: DisplayItem) {
        self.words.extend_from_slice(bytemuck::cast_slice(core::slice::from_ref(&item)));
        self.words[2] += 1;
    }

    /// Generation of the last build: nodes whose `geom_gen` equals it were
    /// reached by that build (their `geom` is current).
    pub fn generation(&self) -> u32 {
        self.gen
    }

    /// The topmost drawn node under viewport point `(x, y)`, honouring clips
    /// and rotated quads; `None` over the background.
    pub fn hit_test(&mut self, x: f32, y: f32) -> Option<u32> {
        let p = Vec2::new(x, y);
        let mut hit = None;
        self.clips.clear();
        let n = self.header().item_count as usize;
        for i in 0..n {
            let it = self.items()[i];
            match it.item_kind() {
                Some(ItemKind::ClipPush) => {
                    let c = [it.transform[4], it.transform[5], it.transform[4] + it.size[0], it.transform[5] + it.size[1]];
                    self.clips.push(c);
                }
                Some(ItemKind::ClipPop) => {
                    self.clips.pop();
                }
                Some(ItemKind::Rect) | Some(ItemKind::Image) | Some(ItemKind::Video) => {
                    let clipped = self.clips.last().is_some_and(|c| x < c[0] || y < c[1] || x >= c[2] || y >= c[3]);
                    if clipped {
                        continue;
                    }
                    let t = it.transform;
                    let m = Affine2::from_cols_array(&t);
                    if m.matrix2.determinant() == 0.0 {
                        continue;
                    }
                    let local = m.inverse().transform_point2(p);
                    if local.x >= 0.0 && local.y >= 0.0 && local.x < it.size[0] && local.y < it.size[1] {
                        hit = Some(it.node);
                    }
                }
                Some(ItemKind::Mesh)
                | Some(ItemKind::Shadow)
                | Some(ItemKind::Shape)
                | Some(ItemKind::ClipShape)
                | Some(ItemKind::Gradient)
                | None => {}
            }
        }
        hit
    }

    /// Rebuilds the list from the scene, and records every reachable
    /// node's layout box in screen space (`Node::geom`).
    pub fn build(&mut self, scene: &mut Scene, frame: u32) -> BuildStats {
        self.build_with(scene, frame, None)
    }

    /// The spare list buffer: between builds the one not holding the last
    /// list (a build that copies from the last list swaps the two; its
    /// contents mean nothing outside a build). A big batch's input is
    /// written into it and handed back with [`Builder::give_spare`], so the
    /// input and the list its frame builds share one block of linear
    /// memory instead of one above the other (issue 14: 1.5 MB of a
    /// 20k-node page's peak).
    pub fn take_spare(&mut self) -> Vec<u32> {
        core::mem::take(&mut self.keep.words)
    }

    /// Takes `buf` as the spare list buffer if it is larger than the one
    /// kept (the next build that does not copy builds in the larger one).
    pub fn give_spare(&mut self, buf: Vec<u32>) {
        if buf.capacity() > self.keep.words.capacity() {
            self.keep.words = buf;
        }
    }

    /// Words a list of `items` items needs (the header included).
    pub fn list_words(items: usize) -> usize {
        HEADER_WORDS + items * ITEM_WORDS
    }

    /// Image nodes the last build reached (drawn or culled): what the
    /// resource manager binds to textures.
    pub fn images(&self) -> &[Slot] {
        &self.images
    }

    /// [`Builder::build`], drawing image nodes whose texture is resident in
    /// `res` as `Image` items (placed per `fit`), others as placeholders.
    pub fn build_with(&mut self, scene: &mut Scene, frame: u32, res: Option<&Resources>) -> BuildStats {
        let (vw, vh) = scene.viewport;
        // After `begin_frame`: an atlas that overflowed is cleared there.
        self.text.begin_frame();
        // A new viewport or font re-places and re-lays out what no touch
        // says: everything is visited once.
        let seen = (vw, vh, self.text.fonts_generation());
        let full = self.no_cull || seen != self.seen;
        self.seen = seen;
        let last_items = self.header().item_count;
        let basis: Basis = (self.text.atlas().generation(), res.is_some());
        let long = last_items as usize > retain::MAX_ITEMS || scene.len() as usize > retain::MAX_ITEMS;
        let retain = !full && self.keep.basis == Some(basis) && !long;
        self.keep.basis = Some(basis);
        self.keep.copying = retain;
        self.keep.copied.clear();
        self.keep.last_gen = self.gen;
        if retain {
            // The last list and its images become what this build copies from.
            core::mem::swap(&mut self.words, &mut self.keep.words);
            core::mem::swap(&mut self.images, &mut self.keep.images);
        } else {
            // Not copying: the last list is not needed, and the larger of
            // the two buffers builds this one.
            if self.keep.words.capacity() > self.words.capacity() {
                core::mem::swap(&mut self.words, &mut self.keep.words);
            }
            if long {
                // A list this long is not kept twice (issue 14's 20k-node page).
                self.keep.words = Vec::new();
            }
        }
        // Room for one item per node, exactly: grown by doubling, a 20k-rect
        // page's list (1.6 MB) would reserve 2.6 MB and copy itself on the
        // way, in linear memory that never shrinks (issue 14). Scenes
        // drawing more items than nodes (text) grow past it as before.
        let need = Self::list_words(scene.len() as usize);
        if !retain && self.words.capacity() > SPARE_WORDS && self.words.capacity() / 4 > need {
            // The scene shrank to under a quarter of what the buffer holds:
            // it waits as the spare (`take_spare`) for the next big batch's
            // input, and the list is built in a buffer its size.
            core::mem::swap(&mut self.words, &mut self.keep.words);
            self.words = Vec::new();
        }
        self.reset(frame, vw, vh);
        self.images.clear();
        // 1..u32::MAX - 1 (0 and MAX mark records, see `retain`).
        self.gen = match self.gen.wrapping_add(1) {
            0 | u32::MAX => 1,
            g => g,
        };
        // A scene over `retain::MAX_ITEMS` nodes is not copied from by the
        // next build: its records need no slot index (80 KB for the 20k-node
        // page; issue 14), which is given back. Slots past the index record
        // nothing.
        if scene.len() as usize > retain::MAX_ITEMS {
            // The records go with their index (each slot's is found
            // through it).
            self.keep.of = Vec::new();
            self.keep.recs.clear();
        } else if self.keep.of.len() < scene.slot_count() {
            self.keep.of.resize(scene.slot_count(), retain::NONE);
        }
        let mut stats = BuildStats::default();
        if self.words.capacity() < need {
            self.words.reserve_exact(need - self.words.len());
        }
        if self.inks.len() < scene.slot_count() {
            self.inks.resize(scene.slot_count(), NO_INK);
        }
        self.skipped.clear();
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.range_culled = 0;
        }
        self.settled = 0;
        self.acc.clear();
        self.acc.push(EMPTY);
        self.stack.clear();
        self.cursors.clear();
        self.order.clear();
        self.stack.push(Visit {
            slot: ROOT_SLOT,
            world: Affine2::IDENTITY,
            alpha: 1.0,
            clip: [0.0, 0.0, vw as f32, vh as f32],
            parent_size: (vw as f32, vh as f32),
            parent_flex: false,
            mark: VISIT,
            deep: false,
            emit: true,
        });
        // Debug builds check a build that copies against a fresh one, which
        // must start from the same touches.
        #[cfg(debug_assertions)]
        if self.keep.copying {
            self.keep.check_dirty.clear();
            self.keep.check_dirty.extend((0..scene.slot_count() as Slot).map(|s| scene.node(s).dirty));
        }
        self.drain(scene, &mut stats, res, full);
        self.finish_text();
        // The debug check's own fresh build does not count.
        #[cfg(debug_assertions)]
        let counting = !self.keep.checking;
        #[cfg(not(debug_assertions))]
        let counting = true;
        if counting {
            self.keep.copied_items = self.keep.copied.iter().map(|c| c.1 - c.0).sum();
        }
        #[cfg(debug_assertions)]
        self.check(scene, frame, res, &stats);
        stats
    }

    /// Debug builds: a build that copied subtrees (`retain`) must equal a
    /// fresh build of the same scene, item for item.
    #[cfg(debug_assertions)]
    fn check(&mut self, scene: &mut Scene, frame: u32, res: Option<&Resources>, stats: &BuildStats) {
        if self.keep.copied.is_empty() || self.keep.checking {
            return;
        }
        let atlas = self.text.atlas().generation();
        let mut got = core::mem::take(&mut self.keep.check);
        got.clear();
        got.extend_from_slice(&self.words);
        for (s, &d) in self.keep.check_dirty.iter().enumerate() {
            scene.node_mut(s as Slot).dirty = d;
        }
        self.keep.basis = None;
        self.keep.checking = true;
        let fresh = self.build_with(scene, frame, res);
        self.keep.checking = false;
        if self.text.atlas().generation() == atlas {
            if got != self.words {
                let a: &[DisplayItem] = bytemuck::cast_slice(&got[HEADER_WORDS..]);
                let at = a.iter().zip(self.items()).position(|(x, y)| x != y);
                panic!(
                    "a build that copied subtrees differs from a fresh one: {} vs {} items, first difference at item {:?}: {:?} vs {:?}",
                    a.len(),
                    self.items().len(),
                    at,
                    at.map(|i| a[i]),
                    at.map(|i| self.items()[i])
                );
            }
            assert_eq!(stats.items, fresh.items, "items of a build that copied subtrees");
        }
        self.keep.check = got;
    }

    /// Runs the stack: visits, clip pops and subtree ends.
    #[inline(never)]
    fn drain(&mut self, scene: &mut Scene, stats: &mut BuildStats, res: Option<&Resources>, full: bool) {
        while let Some(v) = self.stack.pop() {
            match v.mark {
                POP_CLIP => {
                    self.push(DisplayItem { kind: ItemKind::ClipPop as u32, node: scene.node(v.slot).id, ..Default::default() });
                    stats.items += 1;
                }
                END => {
                    let ink = self.acc.pop().unwrap_or(EMPTY);
                    self.close(v.slot, &v.world, v.parent_size, v.parent_flex, ink);
                    self.seal(v.slot, ink, stats);
                }
                CHILDREN => self.next_children(scene, v, stats),
                _ => self.visit(scene, v, stats, res, full),
            }
        }
    }

    /// Keeps a finished subtree's ink (world space) relative to its
    /// parent's child frame `frame`, and adds it to the parent's.
    fn close(&mut self, slot: Slot, frame: &Affine2, size: (f32, f32), flex: bool, ink: Aabb) {
        if let Some(acc) = self.acc.last_mut() {
            *acc = union(acc, &ink);
        }
        let rel = match scale_of(frame) {
            Some((sx, sy)) => {
                let t = frame.translation;
                [(ink[0] - t.x) / sx, (ink[1] - t.y) / sy, (ink[2] - t.x) / sx, (ink[3] - t.y) / sy]
            }
            None => [f32::NAN; 4],
        };
        if let Some(i) = self.inks.get_mut(slot as usize) {
            (i.rel, i.placed) = (rel, placed_as(size, flex));
        }
    }

    /// Skips `slot`'s subtree (to be visited with `child`) when nothing in
    /// it was touched since its ink was kept and that ink misses the
    /// viewport; true when skipped.
    #[inline(always)]
    fn skip(&mut self, scene: &Scene, slot: Slot, child: &Visit) -> bool {
        let node = scene.node(slot);
        let Some(ink) = self.inks.get(slot as usize) else {
            return false;
        };
        let Some((sx, sy)) = scale_of(&child.world) else {
            return false;
        };
        if node.dirty != 0 || ink.rel[0].is_nan() {
            return false;
        }
        let world = world_ink(&ink.rel, sx, sy, child.world.translation);
        let (vw, vh) = (self.seen.0 as f32, self.seen.1 as f32);
        if intersects(&world, &[0.0, 0.0, vw, vh]) {
            return false;
        }
        if let Some(acc) = self.acc.last_mut() {
            *acc = union(acc, &world);
        }
        self.skipped.push(Visit { slot, ..*child });
        true
    }

    /// Visits the subtrees the last build skipped, drawing nothing, so
    /// their nodes' geometry (`Node::geom`, what focus and the overlay
    /// measure) is current as of that build. Not `deep`: only down to
    /// focusable nodes (what navigation measures: it treats them as
    /// leaves), about a quarter of the nodes of a row of tiles. Cheap when
    /// nothing was skipped or it already ran.
    pub fn settle(&mut self, scene: &mut Scene, deep: bool) {
        let want = 1 + u8::from(deep);
        if self.skipped.is_empty() || self.settled >= want {
            return;
        }
        (self.settling, self.settle_deep, self.settled) = (true, deep, want);
        let mut stats = BuildStats::default();
        let list = core::mem::take(&mut self.skipped);
        for v in &list {
            // Down to focusable nodes, a childless node that is not one has
            // nothing navigation measures; only a scrolling parent reads its
            // box (scroll into view: the content extent). 40% of a catalog
            // key frame's entries (captions, badges).
            if !deep && v.mark != RANGE && !needs_settle(scene, v.slot) {
                continue;
            }
            self.settle_one(scene, v, &mut stats);
        }
        self.skipped = list;
        self.settling = false;
    }

    /// Visits the skipped entry `v` drawing nothing (so it pushes no clip
    /// pops or subtree ends; a range entry: the children it culled), unless
    /// it was destroyed or touched since (a slot reused by a new node is
    /// touched): that is left for the next build.
    fn settle_one(&mut self, scene: &mut Scene, v: &Visit, stats: &mut BuildStats) {
        let n = scene.node(v.slot);
        if !n.alive || n.dirty != 0 {
            return;
        }
        if v.mark == RANGE {
            self.push_range_culled(scene, v);
        } else {
            self.stack.push(Visit { emit: false, ..*v });
        }
        self.drain(scene, stats, None, true);
    }

    /// [`Builder::settle`] (deep) of only what focusing `target` measures
    /// (`focus::policy`'s `set`): the skipped subtrees holding it or under
    /// it, and the ones whose parent is a scrolling ancestor of it (scroll
    /// into view reads a container's children for its content extent). An
    /// app's explicit focus of a node it just made (a details panel
    /// sliding in, culled on its first frame) then costs that panel, not
    /// every culled tile of the screen.
    pub fn settle_for(&mut self, scene: &mut Scene, target: Slot) {
        if self.skipped.is_empty() || self.settled >= 2 {
            return;
        }
        let (was_deep, was) = (self.settle_deep, self.settling);
        (self.settling, self.settle_deep) = (true, true);
        let mut stats = BuildStats::default();
        // The target and its ancestors, sorted (looked up per entry).
        let mut chain = core::mem::take(&mut self.chain);
        scene.sorted_path(target, &mut chain);
        let on_path = |s: Slot| chain.binary_search(&s).is_ok();
        // Only a node with children has skipped subtrees below it.
        let has_kids = !scene.node(target).children.is_empty();
        let list = core::mem::take(&mut self.skipped);
        for v in &list {
            // The container whose children this entry is (a range entry's
            // slot is the parent's own).
            let parent = if v.mark == RANGE { v.slot } else { scene.node(v.slot).parent };
            let scrolls = parent != NO_SLOT && on_path(parent) && scene.node(parent).props.visual.scroll_axis != 0;
            let needed = if v.mark == RANGE {
                on_path(v.slot) || scrolls
            } else {
                on_path(v.slot) || scrolls || has_kids && scene.is_ancestor_or_self(target, v.slot)
            };
            if needed {
                self.settle_one(scene, v, &mut stats);
            }
        }
        self.skipped = list;
        self.chain = chain;
        (self.settling, self.settle_deep) = (was, was_deep);
    }

    /// True when `slot` is in a subtree the last build skipped (its image
    /// nodes stay bound to their textures): the build did not reach it but
    /// reached an ancestor of it, and nothing in between was hidden from it
    /// or attached since ([`DIRTY_DEEP`]: what a build does not reach for
    /// those reasons). No per-node stamps: a range cull (`span`) skips
    /// children without writing to them.
    pub fn culled(&self, scene: &Scene, slot: Slot) -> bool {
        let mut s = slot;
        loop {
            let n = scene.node(s);
            if n.geom_gen == self.gen {
                return s != slot;
            }
            if n.dirty & DIRTY_DEEP != 0 || n.parent == NO_SLOT {
                return false;
            }
            s = n.parent;
        }
    }

    #[inline(always)]
    fn visit(&mut self, scene: &mut Scene, v: Visit, stats: &mut BuildStats, res: Option<&Resources>, full: bool) {
        if self.keep.copying && !self.settling && !v.deep && scene.node(v.slot).dirty == 0 && self.copy(scene, &v, stats) {
            return;
        }
        let node = scene.node(v.slot);
        if !node.props.visible || node.props.display == DisplayMode::None || node.props.alpha <= 0.0 {
            if !self.settling {
                // Nothing under it is reached: all of it is visited again
                // when it shows.
                scene.node_mut(v.slot).dirty |= DIRTY_SELF | DIRTY_DEEP;
            }
            return;
        }
        if !self.settling && (node.kind == NodeKind::Text || !node.children.is_empty()) {
            self.open(&v, stats);
        }
        let node = scene.node(v.slot);
        let vis = &*node.props.visual;
        let alpha = v.alpha * node.props.alpha;
        let (pos, size) = placement(scene, node, v.parent_size, v.parent_flex);
        // Huge finite values overflow f32 when composed: positions, sizes
        // and transforms are kept finite (see `crate::finite`).
        let (pos, size) = ((finite(pos.0), finite(pos.1)), (finite(size.0), finite(size.1)));
        let (local, origin) = local_transform(node, pos, size);
        let composed = v.world * local;
        let world = crate::finite::affine(composed);
        let aabb = bounds(&world, size);
        // The layout box: the node's box before its scale and rotation.
        // Without those (most nodes) it is the same product as `world`, so
        // its bounds are `aabb`'s, unless `world` had to be saturated.
        let unscaled = Affine2::from_translation(origin);
        let geom = if local == unscaled && world == composed { aabb } else { bounds(&(v.world * unscaled), size) };
        let visible = v.emit && intersects(&aabb, &v.clip);

        if node.kind == NodeKind::Image && !self.settling {
            self.images.push(v.slot);
        }
        if visible && node.kind == NodeKind::Image && size.0 > 0.0 && size.1 > 0.0 {
            let resident = if node.src().is_empty() { None } else { res.and_then(|r| r.resident_for(node.id, node.src())) };
            stats.items += self.image(node, &world, size, alpha, resident);
        } else if visible && node.kind == NodeKind::Video && size.0 > 0.0 && size.1 > 0.0 {
            self.push(DisplayItem {
                kind: ItemKind::Video as u32,
                node: node.id,
                transform: affine_to_array(&world),
                size: [size.0, size.1],
                colors: [with_alpha(0xFFFF_FFFF, alpha); 4],
                uv: v.clip,
                ..Default::default()
            });
            stats.items += 1;
        } else if visible && node.kind != NodeKind::Text && size.0 > 0.0 && size.1 > 0.0 {
            let mut colors = node.props.colors.map(|c| with_alpha(c, alpha));
            let mut fill = colors.iter().any(|c| c & 0xFF != 0);
            let fx = &vis.effects;
            stats.items += self.shadow(node.id, fx, &world, size, alpha);
            if let Some(g) = if self.gradients.is_empty() { None } else { self.gradients.get(node.id).copied() } {
                // The rect after the gradient is filled with it (its colours: white).
                stats.items += crate::gradient::push(|it| self.push(it), node.id, &g, size, alpha);
                (fill, colors) = (true, [0xFFFF_FFFF; 4]);
            }
            if self.shape(node.id, fx, fx.radius(), size, alpha, fill, true) {
                stats.items += 1;
                fill = true;
            }
            if fill {
                self.push(DisplayItem {
                    kind: ItemKind::Rect as u32,
                    node: node.id,
                    transform: affine_to_array(&world),
                    size: [size.0, size.1],
                    colors,
                    ..Default::default()
                });
                stats.items += 1;
            }
        } else if !visible {
            stats.culled += 1;
        }
        if visible && node.kind == NodeKind::Text && size.0 > 0.0 && size.1 > 0.0 && !node.text().is_empty() {
            stats.items += self.text_items(v.slot, node, &world, size, alpha, &v.clip);
        }
        let scroll = vis.scroll;
        let clipping = node.props.clipping;
        let is_flex = node.is_flex();
        let has_children = !node.children.is_empty();
        // Every child is visited (none skipped) when the node's size or
        // mode changed (they place scene-mode and flex children anew) or it
        // was not reached last time. Other changes of its own (scroll,
        // transform, colour) move or leave its children's kept inks.
        let deep = v.deep || node.dirty & DIRTY_DEEP != 0;
        // Something below was touched: a wide parent's children are tested
        // one by one (see `span`).
        let below = node.dirty & DIRTY_BELOW != 0;
        let full = full || deep || self.inks.get(v.slot as usize).is_none_or(|i| i.placed != placed_as(size, is_flex));
        let ink = if self.settling { EMPTY } else { self.ink(node, v.slot, &world, size, aabb, geom) };
        let n = scene.node_mut(v.slot);
        n.geom = geom;
        n.geom_gen = self.gen;
        if !self.settling {
            n.dirty = 0;
            if !has_children {
                self.close(v.slot, &v.world, size, is_flex, ink);
                self.seal(v.slot, ink, stats);
                return;
            }
            self.acc.push(ink);
            self.stack.push(Visit { mark: END, parent_size: size, parent_flex: is_flex, ..v });
        }
        if !has_children || self.settling && !self.settle_deep && scene.node(v.slot).props.visual.focusable {
            return;
        }
        let node = scene.node(v.slot);

        let mut clip = v.clip;
        let mut emit = v.emit;
        if clipping && emit {
            clip = intersect(&v.clip, &aabb);
            if clip[2] <= clip[0] || clip[3] <= clip[1] {
                emit = false;
            }
        }
        if clipping && emit {
            self.push(DisplayItem {
                kind: ItemKind::ClipPush as u32,
                node: node.id,
                transform: [1.0, 0.0, 0.0, 1.0, clip[0], clip[1]],
                size: [clip[2] - clip[0], clip[3] - clip[1]],
                ..Default::default()
            });
            stats.items += 1;
            let radius = node.props.visual.effects.radius();
            if radius != [0.0; 4] {
                // A rounded clip: its shape after the bounding rectangle.
                self.push_fx(ItemKind::ClipShape, node.id, 0.0, 0, clamp_radii(radius, size), affine_to_array(&world), [size.0, size.1]);
                stats.items += 1;
            }
            self.stack.push(Visit { mark: POP_CLIP, ..v });
        }

        let child_world = if scroll == [0.0, 0.0] {
            world
        } else {
            crate::finite::affine(world * Affine2::from_translation(Vec2::new(-scroll[0], -scroll[1])))
        };
        let child =
            Visit { slot: v.slot, world: child_world, alpha, clip, parent_size: size, parent_flex: is_flex, mark: VISIT, deep, emit };
        let full = full || self.settling;
        let kids = &node.children;
        // Children in paint order: by zIndex, then insertion order. Without
        // a zIndex (most parents) straight from `children`; else sorted by
        // (z, index), which makes an unstable sort stable without allocating.
        // (A wide parent's children untouched since a build found them in
        // insertion order are not scanned again: `span`.)
        let wide = kids.len() >= span::SPAN_MIN;
        let unsorted = wide && !full && !below && self.known_unsorted(scene, v.slot, kids.len());
        let sorted = !unsorted && kids.iter().any(|&c| scene.node(c).props.z_index != 0);
        // A wide parent's children that can show (`span`): a range.
        let (lo, hi) = if wide {
            self.range(scene, &child, !full && !sorted && !below, stats)
        } else {
            (0, kids.len())
        };
        let start = self.order.len();
        if sorted {
            for (i, &c) in kids.iter().enumerate() {
                self.order.push((scene.node(c).props.z_index, i as u32, c));
            }
            self.order[start..].sort_unstable_by_key(|&(z, i, _)| (z, i));
        }
        if hi - lo > CURSOR_MIN {
            // One stack entry yields the children (see `Cursor`).
            self.cursors.push(Cursor { next: lo as u32, end: hi as u32, order: if sorted { start as u32 } else { NO_ORDER }, full });
            self.stack.push(Visit { mark: CHILDREN, ..child });
            return;
        }
        for k in (lo..hi).rev() {
            let slot = if sorted { self.order[start + k].2 } else { kids[k] };
            if full || !self.skip(scene, slot, &child) {
                self.stack.push(Visit { slot, ..child });
            } else {
                stats.culled += 1;
            }
        }
        self.order.truncate(start);
    }

    /// Puts `child.slot`'s children `lo..hi` on the stack, in insertion
    /// order: as visits or, past [`CURSOR_MIN`] of them, as one entry that
    /// yields them (a [`Cursor`]). `full`: no child is skipped (a cursor's;
    /// the visits are all stacked).
    fn children(&mut self, scene: &Scene, child: &Visit, (lo, hi): (usize, usize), full: bool) {
        if hi - lo > CURSOR_MIN {
            self.cursors.push(Cursor { next: lo as u32, end: hi as u32, order: NO_ORDER, full });
            self.stack.push(Visit { mark: CHILDREN, ..*child });
        } else if let Some(kids) = scene.node(child.slot).children.get(lo..hi) {
            self.stack.extend(kids.iter().rev().map(|&slot| Visit { slot, ..*child }));
        }
    }

    /// Stacks the next [`CURSOR_MIN`] children of the [`CHILDREN`] entry
    /// `v` (the top cursor's), except skipped ones, with `v` under them
    /// while children remain: a wide parent's children cost what a narrow
    /// one's do, plus one pop and push of `v` per chunk.
    #[inline(never)]
    fn next_children(&mut self, scene: &Scene, v: Visit, stats: &mut BuildStats) {
        let Some(c) = self.cursors.last_mut() else { return };
        let (lo, hi) = (c.next as usize, (c.end as usize).min(c.next as usize + CURSOR_MIN));
        c.next = hi as u32;
        let (full, order, more) = (c.full, c.order, c.next < c.end);
        if more {
            self.stack.push(v);
        } else {
            self.cursors.pop();
        }
        let kids = &scene.node(v.slot).children;
        let child = Visit { mark: VISIT, ..v };
        for k in (lo..hi).rev() {
            let slot = if order == NO_ORDER { kids.get(k) } else { self.order.get(order as usize + k).map(|o| &o.2) };
            let Some(&slot) = slot else { continue };
            if full || !self.skip(scene, slot, &child) {
                self.stack.push(Visit { slot, ..child });
            } else {
                stats.culled += 1;
            }
        }
        if !more && order != NO_ORDER {
            self.order.truncate(order as usize);
        }
    }
}

impl Builder {
    /// Where a node could draw (world space), before its children: its box
    /// (scaled and unscaled), its shadow, its text's overhang and lines past
    /// the box, an image's preload margin.
    fn ink(&mut self, node: &Node, slot: Slot, world: &Affine2, size: (f32, f32), aabb: Aabb, geom: Aabb) -> Aabb {
        let mut ink = union(&aabb, &geom);
        let vis = &*node.props.visual;
        let fx = &vis.effects;
        let mut grow = |x0: f32, y0: f32, x1: f32, y1: f32| {
            let b = bounds(&(*world * Affine2::from_translation(Vec2::new(x0, y0))), (x1 - x0, y1 - y0));
            ink = union(&ink, &b);
        };
        if fx.word(key::SHADOW_COLOR) & 0xFF != 0 {
            let e = fx.num(key::SHADOW_OFFSET_X).abs()
                + fx.num(key::SHADOW_OFFSET_Y).abs()
                + fx.num(key::SHADOW_SPREAD).abs()
                + 2.0 * fx.num(key::SHADOW_BLUR).abs();
            grow(-e, -e, size.0 + e, size.1 + e);
        }
        match node.kind {
            NodeKind::Text => {
                let (w, h) = self.text.measure(slot, node, Some(size.0));
                let f = vis.text.font_size.abs();
                grow((size.0 - w).min(0.0) - f, (size.1 - h).min(0.0) - f, size.0.max(w) + f, size.1.max(h) + f);
            }
            NodeKind::Image => {
                let m = vis.preload.unwrap_or(self.seen.0.max(self.seen.1) as f32 * 0.5).max(0.0);
                ink = [ink[0] - m, ink[1] - m, ink[2] + m, ink[3] + m];
            }
            _ => {}
        }
        ink
    }

    /// Emits an image node: its texture placed per `fit` when resident,
    /// else its placeholder. Returns the number of items pushed.
    fn image(&mut self, node: &Node, world: &Affine2, size: (f32, f32), alpha: f32, resident: Option<(u32, u32, u32)>) -> u32 {
        let vis = &*node.props.visual;
        let fx = &vis.effects;
        // A rect of the node's box (placeholder, letterbox), rounded and
        // bordered (`border`) per the node's effects.
        let rect = |b: &mut Self, colors: [u32; 4], border: bool| -> u32 {
            let colors = colors.map(|c| with_alpha(c, alpha));
            let mut fill = colors.iter().any(|c| c & 0xFF != 0);
            let mut n = 0;
            if b.shape(node.id, fx, fx.radius(), size, alpha, fill, border) {
                n += 1;
                fill = true;
            }
            if !fill {
                return n;
            }
            b.push(DisplayItem {
                kind: ItemKind::Rect as u32,
                node: node.id,
                transform: affine_to_array(world),
                size: [size.0, size.1],
                colors,
                ..Default::default()
            });
            n + 1
        };
        let mut n = self.shadow(node.id, fx, world, size, alpha);
        let Some((tex, iw, ih)) = resident.filter(|r| r.1 > 0 && r.2 > 0) else {
            // The node's colours tint the image (they default to white on an
            // image node): the box shows the placeholder colour, if any.
            return n + rect(self, [vis.placeholder.unwrap_or(0); 4], true);
        };
        // The part of the image drawn (`srcX/Y/W/H`, clamped to the image;
        // the whole image while `srcW` or `srcH` is 0): it stands for the
        // image in `fit`, and the uvs below are mapped into it.
        let (tw, th) = (iw as f32, ih as f32);
        let s = |k| fx.num(k);
        let (sx, sy) = (s(key::SRC_X).min(tw), s(key::SRC_Y).min(th));
        let (iw, ih) = (s(key::SRC_W).min(tw - sx), s(key::SRC_H).min(th - sy));
        let part = iw > 0.0 && ih > 0.0;
        let (iw, ih) = if part { (iw, ih) } else { (tw, th) };
        // `color` multiplies the image, per corner (Lightning's tint).
        let tint = match node.props.flat_color() {
            Some(c) => [with_alpha(c, alpha); 4],
            None => node.props.colors.map(|c| with_alpha(c, alpha)),
        };
        // How far the image quad sits inside the node's box (contain).
        let mut inset = 0.0;
        let (xf, qsize, uv) = match vis.fit {
            // contain: the whole image, letterboxed in the placeholder colour.
            1 => {
                let s = (size.0 / iw).min(size.1 / ih);
                let (dw, dh) = (iw * s, ih * s);
                n += rect(self, [vis.placeholder.unwrap_or(0); 4], false);
                let off = Vec2::new((size.0 - dw) * 0.5, (size.1 - dh) * 0.5);
                inset = off.x.max(off.y);
                (*world * Affine2::from_translation(off), (dw, dh), [0.0, 0.0, 1.0, 1.0])
            }
            // cover: fill the box, crop the image's overflow through uv.
            2 => {
                let s = (size.0 / iw).max(size.1 / ih);
                let (uw, vh) = (size.0 / (iw * s), size.1 / (ih * s));
                (*world, size, [(1.0 - uw) * 0.5, (1.0 - vh) * 0.5, (1.0 + uw) * 0.5, (1.0 + vh) * 0.5])
            }
            // fill: stretched to the box.
            _ => (*world, size, [0.0, 0.0, 1.0, 1.0]),
        };
        // The image's corners follow the box's (a contained image's corners
        // sit `inset` inside it); the border is drawn over the image, on the box.
        let r = fx.radius().map(|r| (r - inset).max(0.0));
        n += u32::from(self.shape(node.id, fx, r, qsize, alpha, true, inset == 0.0));
        let uv = if part { [(sx + uv[0] * iw) / tw, (sy + uv[1] * ih) / th, (sx + uv[2] * iw) / tw, (sy + uv[3] * ih) / th] } else { uv };
        self.push(DisplayItem {
            kind: ItemKind::Image as u32,
            node: node.id,
            texture: tex,
            transform: affine_to_array(&xf),
            size: [qsize.0, qsize.1],
            colors: tint,
            uv,
            ..Default::default()
        });
        n += 1;
        if inset != 0.0 {
            // contain: the border over the letterboxed image.
            n += rect(self, [0; 4], true);
        }
        n
    }

    /// Pushes a node's drop shadow (a [`ItemKind::Shadow`] item) when its
    /// colour is visible. Returns the number of items pushed.
    fn shadow(&mut self, id: u32, fx: &Effects, world: &Affine2, size: (f32, f32), alpha: f32) -> u32 {
        let color = with_alpha(fx.word(key::SHADOW_COLOR), alpha);
        if color & 0xFF == 0 {
            return 0;
        }
        let s = fx.num(key::SHADOW_SPREAD);
        let grown = (finite(size.0 + 2.0 * s), finite(size.1 + 2.0 * s));
        if grown.0 <= 0.0 || grown.1 <= 0.0 {
            return 0;
        }
        // CSS: the spread grows the (used) corner radii of rounded corners.
        let r = clamp_radii(fx.radius(), size).map(|r| if r > 0.0 { (r + s).max(0.0) } else { 0.0 });
        let off = Vec2::new(fx.num(key::SHADOW_OFFSET_X) - s, fx.num(key::SHADOW_OFFSET_Y) - s);
        let transform = affine_to_array(&(*world * Affine2::from_translation(off)));
        self.push_fx(ItemKind::Shadow, id, fx.num(key::SHADOW_BLUR), color, clamp_radii(r, grown), transform, [grown.0, grown.1]);
        1
    }

    /// Pushes a [`ItemKind::Shadow`] or [`ItemKind::Shape`] item (one body
    /// for both: engine.wasm's size).
    #[allow(clippy::too_many_arguments)]
    fn push_fx(&mut self, kind: ItemKind, node: u32, param: f32, color: u32, uv: [f32; 4], transform: [f32; 6], size: [f32; 2]) {
        self.push(DisplayItem { kind: kind as u32, node, param, transform, size, colors: [color, 0, 0, 0], uv, ..Default::default() });
    }

    /// Pushes the [`ItemKind::Shape`] prefix of a quad of `size` when it
    /// has rounded corners `radius` (and a visible `fill`) or a visible
    /// border (when `border`). True when pushed: the caller must push the
    /// quad next.
    #[allow(clippy::too_many_arguments)]
    fn shape(&mut self, id: u32, fx: &Effects, radius: [f32; 4], size: (f32, f32), alpha: f32, fill: bool, border: bool) -> bool {
        // Cheap tests first: most nodes have neither a border nor a radius.
        let bordered = border && fx.num(key::BORDER_WIDTH) > 0.0 && fx.word(key::BORDER_COLOR) & 0xFF != 0;
        if !(bordered || fill && radius != [0.0; 4]) {
            return false;
        }
        let r = clamp_radii(radius, size);
        let color = with_alpha(fx.word(key::BORDER_COLOR), alpha);
        let bw = fx.num(key::BORDER_WIDTH).min(size.0 * 0.5).min(size.1 * 0.5);
        let bordered = bordered && color & 0xFF != 0;
        if !(bordered || fill && r != [0.0; 4]) {
            return false;
        }
        let (bw, color) = if bordered { (bw, color) } else { (0.0, 0) };
        self.push_fx(ItemKind::Shape, id, bw, color, r, [0.0; 6], [0.0; 2]);
        true
    }
}

impl Builder {
    /// Emits a text node's glyphs as `Image` items sampling the glyph atlas
    /// (uv in texels until [`Builder::finish_text`] normalises them), in the
    /// node's colour (the four corners sampled at each glyph), culled
    /// against the clip one by one. Returns the number of items pushed.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn text_items(&mut self, slot: Slot, node: &Node, world: &Affine2, size: (f32, f32), alpha: f32, clip: &Aabb) -> u32 {
        let colors = node.props.colors.map(|c| with_alpha(c, alpha));
        if colors.iter().all(|c| c & 0xFF == 0) {
            return 0;
        }
        let uniform = colors.iter().all(|&c| c == colors[0]);
        let node_id = node.id;
        let mut text = core::mem::take(&mut self.text);
        let mut n = 0;
        // Pixel-snap glyphs when the node is only translated.
        let m = world.matrix2;
        let translate_only = m.x_axis.x == 1.0 && m.x_axis.y == 0.0 && m.y_axis.x == 0.0 && m.y_axis.y == 1.0;
        let snap = if translate_only {
            Vec2::new(crate::round::round(world.translation.x) - world.translation.x, crate::round::round(world.translation.y) - world.translation.y)
        } else {
            Vec2::ZERO
        };
        text.for_each_glyph(slot, node, size, |q| {
            let gw = *world * Affine2::from_translation(Vec2::new(q.x, q.y) + snap);
            if !intersects(&bounds(&gw, (q.w, q.h)), clip) {
                return;
            }
            let c = if uniform {
                [colors[0]; 4]
            } else {
                let s = |x: f32, y: f32| bilerp(&colors, x / size.0, y / size.1);
                [s(q.x, q.y), s(q.x + q.w, q.y), s(q.x, q.y + q.h), s(q.x + q.w, q.y + q.h)]
            };
            self.push(DisplayItem {
                kind: ItemKind::Image as u32,
                node: node_id,
                texture: crate::texture::ATLAS_TEXTURE_ID,
                transform: affine_to_array(&gw),
                size: [q.w, q.h],
                colors: c,
                uv: q.uv_texels,
                ..Default::default()
            });
            n += 1;
        });
        self.text = text;
        n
    }

    /// After a build: normalises glyph uvs by the final atlas size (the
    /// atlas may have grown during the build) and turns new atlas content
    /// into texture deltas.
    fn finish_text(&mut self) {
        self.text.end_frame();
        let (aw, ah) = self.text.atlas_size();
        let (aw, ah) = (aw as f32, ah as f32);
        let count = self.header().item_count as usize;
        let items: &mut [DisplayItem] = bytemuck::cast_slice_mut(&mut self.words[HEADER_WORDS..]);
        let len = count.min(items.len());
        let items = &mut items[..len];
        // Glyph uvs are texels until here. Copied ranges (`retain`) are
        // normalised already, by the last build's atlas size: texels are
        // integers, so they come back exactly, and a grown atlas
        // renormalises them.
        let last = (self.keep.last_atlas.0 as f32, self.keep.last_atlas.1 as f32);
        let mut k = 0;
        for (i, it) in items.iter_mut().enumerate() {
            if it.kind != ItemKind::Image as u32 || it.texture != crate::texture::ATLAS_TEXTURE_ID {
                continue;
            }
            let copied = &self.keep.copied;
            while copied.get(k).is_some_and(|c| c.1 as usize <= i) {
                k += 1;
            }
            let (sx, sy) = if copied.get(k).is_some_and(|c| c.0 as usize <= i) { last } else { (1.0, 1.0) };
            let t = |u: f32, s: f32, a: f32| (u * s + 0.5) as u32 as f32 / a;
            it.uv = [t(it.uv[0], sx, aw), t(it.uv[1], sy, ah), t(it.uv[2], sx, aw), t(it.uv[3], sy, ah)];
        }
        self.keep.last_atlas = self.text.atlas_size();
    }
}

/// For a settle down to focusable nodes: whether `slot`'s skipped subtree
/// holds anything focus reads (a focusable node or children; or it is the
/// child of a scrolling container, whose extent scroll-into-view measures).
fn needs_settle(scene: &Scene, slot: Slot) -> bool {
    let n = scene.node(slot);
    if !n.children.is_empty() || n.props.visual.focusable {
        return true;
    }
    n.parent != NO_SLOT && scene.node(n.parent).props.visual.scroll_axis != 0
}

/// Bilinear colour at `(s, t)` in `0..1` of four corner colours
/// (0xRRGGBBAA; tl, tr, bl, br), per channel, rounded.
fn bilerp(c: &[u32; 4], s: f32, t: f32) -> u32 {
    let (s, t) = (s.clamp(0.0, 1.0), t.clamp(0.0, 1.0));
    let mut out = 0u32;
    for shift in [24u32, 16, 8, 0] {
        let ch = |v: u32| ((v >> shift) & 0xFF) as f32;
        let top = ch(c[0]) + (ch(c[1]) - ch(c[0])) * s;
        let bottom = ch(c[2]) + (ch(c[3]) - ch(c[2])) * s;
        let v = top + (bottom - top) * t;
        out |= ((v + 0.5) as u32).min(255) << shift;
    }
    out
}

/// Where a node sits in its parent and how big it is.
pub fn placement(scene: &Scene, node: &Node, parent_size: (f32, f32), parent_flex: bool) -> ((f32, f32), (f32, f32)) {
    if parent_flex {
        let l = scene.placed_of(node);
        ((l.location.x, l.location.y), (l.size.width, l.size.height))
    } else if node.is_flex() || node.kind == NodeKind::Text {
        // A flex container's size is taffy's; scene-mode text's, what the
        // layout pass measured.
        let l = scene.placed_of(node);
        ((node.props.x, node.props.y), (l.size.width, l.size.height))
    } else {
        ((node.props.x, node.props.y), scene_size(node.props.size, parent_size))
    }
}

/// Node space → parent space: mount, then scale and rotation about the
/// pivot. Also returns the node's unscaled origin (for its layout box).
fn local_transform(node: &Node, pos: (f32, f32), size: (f32, f32)) -> (Affine2, Vec2) {
    let v = &*node.props.visual;
    let origin = Vec2::new(pos.0 - v.mount[0] * size.0, pos.1 - v.mount[1] * size.1);
    if v.rotation == 0.0 && v.scale_x == 1.0 && v.scale_y == 1.0 {
        return (Affine2::from_translation(origin), origin);
    }
    let pivot = Vec2::new(v.pivot[0] * size.0, v.pivot[1] * size.1);
    // libm's sin/cos bits (reel_wire::trig), natively and in Wasm alike.
    let (s, c) = if v.rotation == 0.0 { (0.0, 1.0) } else { reel_wire::trig::sincosf(v.rotation) };
    let m = Mat2::from_cols(Vec2::new(c * v.scale_x, s * v.scale_x), Vec2::new(-s * v.scale_y, c * v.scale_y));
    // x' = origin + pivot + M (x - pivot)
    let t = origin + pivot - m * pivot;
    (Affine2::from_mat2_translation(m, t), origin)
}

fn affine_to_array(a: &Affine2) -> [f32; 6] {
    crate::finite::affine(*a).to_cols_array()
}

fn bounds(world: &Affine2, size: (f32, f32)) -> Aabb {
    let pts = [
        world.transform_point2(Vec2::ZERO),
        world.transform_point2(Vec2::new(size.0, 0.0)),
        world.transform_point2(Vec2::new(0.0, size.1)),
        world.transform_point2(Vec2::new(size.0, size.1)),
    ];
    let mut b = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];
    for p in pts {
        b[0] = b[0].min(p.x);
        b[1] = b[1].min(p.y);
        b[2] = b[2].max(p.x);
        b[3] = b[3].max(p.y);
    }
    crate::finite::aabb(b)
}

/// Corner radii `[tl, tr, br, bl]` scaled down together so adjacent ones
/// fit each side of a `size` box, as CSS does.
fn clamp_radii(r: [f32; 4], size: (f32, f32)) -> [f32; 4] {
    // Sides top, right, bottom, left: corners i and i + 1 share side i.
    let mut f = 1.0f32;
    for i in 0..4 {
        let (sum, side) = (r[i] + r[(i + 1) % 4], if i % 2 == 0 { size.0 } else { size.1 });
        if sum > side {
            f = f.min(side / sum);
        }
    }
    if f < 1.0 {
        r.map(|x| x * f)
    } else {
        r
    }
}

fn union(a: &Aabb, b: &Aabb) -> Aabb {
    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
}

/// `(sx, sy)` of a frame that only translates and scales by positive
/// factors (subtree inks are kept relative to such frames), else `None`.
fn scale_of(m: &Affine2) -> Option<(f32, f32)> {
    let (a, d) = (m.matrix2.x_axis.x, m.matrix2.y_axis.y);
    (m.matrix2.x_axis.y == 0.0 && m.matrix2.y_axis.x == 0.0 && a > 0.0 && d > 0.0).then_some((a, d))
}

/// A kept (relative) ink `r` in world space under a frame of scale
/// `(sx, sy)` and translation `t`, with a pixel of slack for the rounding
/// of the relative form.
fn world_ink(r: &Aabb, sx: f32, sy: f32, t: Vec2) -> Aabb {
    [r[0] * sx + t.x - 1.0, r[1] * sy + t.y - 1.0, r[2] * sx + t.x + 1.0, r[3] * sy + t.y + 1.0]
}

fn intersects(a: &Aabb, b: &Aabb) -> bool {
    a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]
}

fn intersect(a: &Aabb, b: &Aabb) -> Aabb {
    [a[0].max(b[0]), a[1].max(b[1]), a[2].min(b[2]), a[3].min(b[3])]
}

fn with_alpha(c: u32, alpha: f32) -> u32 {
    let a = (c & 0xFF) as f32 * alpha;
    let a = (a + 0.5).clamp(0.0, 255.0) as u32;
    (c & 0xFFFF_FF00) | a
}

#[cfg(test)]
mod tests {
    use super::placed_as;

    /// A size and flex mode compare equal only to the same size and mode;
    /// an unknown (NaN) pair equals nothing.
    #[test]
    fn placed_pairs_tell_size_and_mode_apart() {
        let sizes = [0.0f32, 0.5, 1.0, 2.0, 1079.5, 1e9, f32::MAX];
        for (w, h) in sizes.iter().flat_map(|&a| sizes.iter().map(move |&b| (a, b))) {
            assert_eq!(placed_as((w, h), true), placed_as((w, h), true));
            assert_eq!(placed_as((w, h), false), placed_as((w, h), false));
            for &h2 in &sizes {
                assert_ne!(placed_as((w, h), true), placed_as((w, h2), false), "{w}x{h} flex vs {w}x{h2}");
            }
        }
        assert_ne!(placed_as((f32::NAN, f32::NAN), false), placed_as((f32::NAN, f32::NAN), false));
    }
}
