//! Range culling of a wide parent's children (issue 15: a frame of a
//! scrolled 1,000-tile row should cost what a 40-tile row's does).
//!
//! Culling ([`super`]) skips a child whose untouched subtree's kept ink
//! misses the viewport — but it still tests every child, so a row of 1,000
//! tiles paid ~350 fuel for each of its ~990 off-screen tiles on every
//! scrolled frame. A row's or a column's children lie in order along one
//! axis, so the ones that can show are a range found by binary search.
//!
//! When a wide parent ([`SPAN_MIN`] children or more) is visited with no
//! child's subtree touched since the last build (no `DIRTY_BELOW`: each
//! child's kept ink is current), its children's kept inks (relative to its
//! child frame, so a scroll does not move them) are checked in one cheap
//! pass: non-decreasing along an axis, on both edges, none unknown. A
//! scroll, a transform or a colour of the parent itself keeps them so.
//!
//! On a build where it holds, the children before the first one whose ink
//! can reach the viewport and after the last one are culled without a
//! visit, by the very test [`Builder::skip`] applies to each child (so the
//! same children are culled as by testing each); the ones between are
//! tested and visited one by one as before. What a skipped child needs
//! later is answered for the range instead: [`Builder::culled`] tells it
//! from a hidden or detached node without stamps (its images stay bound),
//! [`Builder::settle`] visits the children outside the range (a [`RANGE`]
//! entry among the skipped subtrees), the parent's subtree ink takes the
//! union of all its children's kept inks, and the build's `culled` count
//! includes them.
//!
//! Knowing that the children are in order is itself a pass over all of
//! them, so it is kept ([`Span`], for the [`MAX_SPANS`] wide parents seen
//! last): it holds while the parent's children list is the one it was
//! learnt of (`Scene::tree_gen` and the count) and no child's subtree was
//! touched; a build then re-checks only the children the last one visited
//! (their inks are re-measured, and may move by rounding) against their
//! neighbours. A 1,000-tile row costs its visible tiles and a binary
//! search, not a pass over 1,000 inks.

use super::{scale_of, union, world_ink, Aabb, Builder, BuildStats, Visit, EMPTY, NO_INK, RANGE, VISIT};
use crate::scene::{Scene, Slot};

/// Parents with fewer children test each child.
pub(super) const SPAN_MIN: usize = 32;
/// Wide parents whose order is kept at once (a TV screen's rows and grids).
const MAX_SPANS: usize = 16;
/// [`Span::axis`] of children in order along neither axis.
const NO_AXIS: u8 = 2;

/// What the last build learnt of a wide parent's children (module doc).
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    parent: Slot,
    /// `Scene::tree_gen` and the number of children it was learnt at.
    tree: u32,
    len: u32,
    /// 0: in order along x, 1: along y, [`NO_AXIS`].
    axis: u8,
    /// The union of the children's kept inks (relative to the child frame).
    all: Aabb,
    /// The build that last used it, and the children it visited (`lo..hi`).
    gen: u32,
    lo: u32,
    hi: u32,
}

impl Builder {
    /// The children of a wide parent that are tested one by one (`lo..hi`;
    /// `child`: the visit each gets, its slot the parent's): all of them unless
    /// `usable` (no child touched, no new placement of them, no zIndex
    /// order) and its children are in order; the others are culled here.
    pub(super) fn range(&mut self, scene: &Scene, child: &Visit, usable: bool, stats: &mut BuildStats) -> (usize, usize) {
        let parent = child.slot;
        let kids = &scene.node(parent).children;
        let n = kids.len();
        let found = self.spans.iter().position(|s| s.parent == parent);
        // A new parent takes the place of one this build has not used (a
        // range cull's entry is what settle reads later); with none, its
        // children are tested one by one.
        let Some(at) = found.or_else(|| self.spans.iter().position(|s| s.gen != self.gen)).or((self.spans.len() < MAX_SPANS).then_some(MAX_SPANS)) else {
            return (0, n);
        };
        let (Some((sx, sy)), true) = (scale_of(&child.world), usable) else {
            // The children's inks are about to change: learnt again later.
            if let Some(i) = found {
                self.spans.swap_remove(i);
            }
            return (0, n);
        };
        // Along the axis the children spread over (a row's share their y).
        let (first, last) = (self.rel(kids, 0), self.rel(kids, n - 1));
        let a = usize::from(last[1] - first[1] > last[0] - first[0]);
        let tree = scene.tree_gen();
        let known = found.map(|i| self.spans[i]).filter(|sp| sp.tree == tree && sp.len as usize == n);
        let r = match known {
            Some(sp) if sp.axis == NO_AXIS => None,
            // Only the children visited since may have moved.
            Some(sp) if sp.axis as usize == a => {
                self.order(kids, a, (sp.lo as usize).saturating_sub(1), (sp.hi as usize + 1).min(n)).map(|r| union(&sp.all, &r))
            }
            _ => self.order(kids, a, 0, n),
        };
        let mut sp = Span { parent, tree, len: n as u32, axis: NO_AXIS, all: EMPTY, gen: self.gen, lo: 0, hi: n as u32 };
        let (lo, hi) = match r {
            None => (0, n),
            Some(r) => {
                let tr = child.world.translation;
                let (s, t, view) = if a == 0 { (sx, tr.x, self.seen.0 as f32) } else { (sy, tr.y, self.seen.1 as f32) };
                // Both tests as `skip` computes them (its world edges: one
                // pixel of slack): the first child that does not end before
                // the viewport, the first that starts after it.
                // (`v <= 0` is `v <` the smallest positive f32.)
                let lo = self.partition(kids, (0, n), a + 2, (s, t, 1.0), f32::from_bits(1));
                let hi = self.partition(kids, (lo, n), a, (s, t, -1.0), view);
                let out = n - (hi - lo);
                if out > 0 {
                    stats.culled += out as u32;
                    // The parent's ink covers the culled children's.
                    let world = world_ink(&r, sx, sy, tr);
                    if let Some(acc) = self.acc.last_mut() {
                        *acc = union(acc, &world);
                    }
                    // What settle visits: the children outside `lo..hi`.
                    self.skipped.push(Visit { mark: RANGE, ..*child });
                    #[cfg(not(target_arch = "wasm32"))]
                    {
                        self.range_culled += out as u32;
                    }
                }
                (sp.axis, sp.all, sp.lo, sp.hi) = (a as u8, r, lo as u32, hi as u32);
                (lo, hi)
            }
        };
        match self.spans.get_mut(at) {
            Some(s) => *s = sp,
            None => self.spans.push(sp),
        }
        (lo, hi)
    }

    /// True when the last build that visited `parent` kept its span, for
    /// the same `n` children: they had no zIndex then (a span is kept only
    /// for children in insertion order), and none has one now if none was
    /// touched since (the caller checks `DIRTY_BELOW`). A 1,000-tile row is
    /// then not scanned for zIndex on every build.
    pub(super) fn known_unsorted(&self, scene: &Scene, parent: Slot, n: usize) -> bool {
        let tree = scene.tree_gen();
        self.spans.iter().any(|s| s.parent == parent && s.tree == tree && s.len as usize == n)
    }

    /// For [`Builder::settle`]: the children of `v`'s parent (a [`RANGE`]
    /// entry) the last build culled by range, on the stack, drawing nothing.
    pub(super) fn push_range_culled(&mut self, scene: &Scene, v: &Visit) {
        let Some(sp) = self.spans.iter().find(|s| s.parent == v.slot && s.gen == self.gen) else { return };
        let (lo, hi, n) = (sp.lo as usize, sp.hi as usize, scene.node(v.slot).children.len());
        let v = Visit { mark: VISIT, emit: false, ..*v };
        self.children(scene, &v, (hi, n), true);
        self.children(scene, &v, (0, lo), true);
    }

    /// The union of the kept inks of `kids[from..to]` when they are in
    /// order along `axis` (neither edge goes back, none unknown or empty),
    /// else `None`.
    fn order(&self, kids: &[Slot], axis: usize, from: usize, to: usize) -> Option<Aabb> {
        let (mut all, mut prev) = (EMPTY, EMPTY);
        for k in from..to {
            let r = self.rel(kids, k);
            // Unknown inks are NaN on every edge, empty ones inverted on every edge.
            if !(r[0] <= r[2]) || k > from && !(prev[axis] <= r[axis] && prev[axis + 2] <= r[axis + 2]) {
                return None;
            }
            all = union(&all, &r);
            prev = r;
        }
        Some(all)
    }

    /// The kept ink of `kids[k]` (relative to their parent's child frame).
    fn rel(&self, kids: &[Slot], k: usize) -> Aabb {
        kids.get(k).and_then(|&c| self.inks.get(c as usize)).map_or(NO_INK.rel, |i| i.rel)
    }

    /// The first `k` in `lo..hi` where `rel(k)[edge] * s + t + bias` is
    /// not below `limit`, computed as `skip` computes its edges; the test
    /// holds on a prefix of the range when the children are in order.
    fn partition(&self, kids: &[Slot], (mut lo, mut hi): (usize, usize), edge: usize, (s, t, bias): (f32, f32, f32), limit: f32) -> usize {
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let v = self.rel(kids, mid)[edge] * s + t + bias;
            if v < limit {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Children the last build culled by range (native builds: tests).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn range_culled(&self) -> u32 {
        self.range_culled
    }
}
