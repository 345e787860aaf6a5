//! Focus: spatial navigation, focus memory, traps, overrides,
//! scroll-into-view and pointer hit-testing — all in the engine, so a
//! D-pad press costs one small command and no JS on the per-frame path.
//!
//! # Geometry
//! Navigation uses each node's *layout rectangle in screen space*: the
//! node's own box mapped through its ancestors' transforms (including
//! their scroll offsets) but not through its own scale or rotation, so a
//! focused tile that scales up does not change where focus goes next. The
//! rectangles come from the last display-list build ([`crate::build`]
//! records them for every node it reaches, drawn or culled); nodes in
//! hidden subtrees have none and cannot take focus.
//!
//! # Spatial navigation
//! From the focused node F in direction d:
//! 1. An explicit override (`focusLeft/Right/Up/Down` = a node id) on F, or
//!    failing that on its nearest ancestor that has one, wins. An override
//!    naming the node itself blocks that direction.
//! 2. Otherwise candidates are searched scope by scope, from F's parent
//!    outwards ("siblings first"), stopping at the first scope that has
//!    any, and never leaving a `focusTrap` ancestor (modals). A scope's
//!    `focusFlow` says which directions it answers (Lightning/Solid
//!    `Row`/`Column`): a `row` only Left/Right, a `column` only Up/Down; a
//!    scope that does not answer d is passed over (the press goes to the
//!    container around it), so Right at a row's end in a column of rows
//!    stops, while Left from a row's first tile still reaches a menu in an
//!    outer row. `row-wrap`/`column-wrap` that find nothing search again
//!    from beyond their far end (Right on the last tile lands on the
//!    first). `free` answers every direction (crossing into the next row).
//!    `auto` (the default) is `row`/`column` for a nowrap flex container by
//!    its `flexDirection`, and `free` for scene mode and wrapping flex grids.
//! 3. A candidate is a focusable node, not F, whose rectangle lies beyond
//!    F's leading edge in d (its near edge at or past F's far edge, 1 px
//!    tolerance, or its centre past F's far edge).
//! 4. Among candidates the lowest score wins. With `gap` the distance
//!    along d between the facing edges, `ortho` the distance between the
//!    two boxes' spans on the other axis (0 when they overlap),
//!    `overlap` the length of that overlap and `offset` the distance
//!    between the boxes' centres on the other axis:
//!    `score = euclid(gap, ortho) + gap + 5·ortho + 0.05·offset − sqrt(overlap)`.
//!    The 5:1 weight favours staying on the main axis (a tile straight
//!    below beats a nearer one diagonally); the overlap term prefers the
//!    candidate that shares the most of F's span (the W3C css-nav draft's
//!    `A + B + C − D` shape); the small centre term breaks ties between
//!    equal candidates towards the aligned one.
//! 5. If the winner lies inside a `focusMemory` container that F is not
//!    in, and that container remembers a focusable descendant, focus goes
//!    there instead (returning to a row lands on the tile you left).
//!
//! # Scroll into view
//! When focus lands on N, each ancestor with `scrollAxis` ≠ none moves its
//! `scrollX`/`scrollY` (an animated, paint-only offset of its children)
//! so N is inside its box: `edge` scrolls the minimum, `center` centres
//! N, `start` aligns N with the container's start; `scrollPadding` keeps a
//! margin (a peek of the neighbour). The offset is clamped to the content.

//!
//! # Policy
//! What a focus move *does* (styles, memory, scrolling, events) and where
//! a press sends it live in [`policy`]; this file is the geometry it reads.

pub mod policy;

use crate::protocol::props::key;
use crate::protocol::NONE;
use crate::scene::{Scene, Slot, NO_SLOT, ROOT_SLOT};

pub use reel_wire::focus::Dir;

/// Screen rectangle `[x0, y0, x1, y1]`.
pub type Rect = [f32; 4];

/// Maps a rectangle so that `dir` points along +main: returns
/// `(main_lo, main_hi, cross_lo, cross_hi)`.
fn oriented(r: &Rect, dir: Dir) -> (f32, f32, f32, f32) {
    match dir {
        Dir::Right => (r[0], r[2], r[1], r[3]),
        Dir::Left => (-r[2], -r[0], r[1], r[3]),
        Dir::Down => (r[1], r[3], r[0], r[2]),
        Dir::Up => (-r[3], -r[1], r[0], r[2]),
    }
}

/// Weight of the orthogonal distance against the main-axis distance.
pub const ORTHO_WEIGHT: f32 = 5.0;

/// The navigation score of `to` seen from `from` in `dir`, or `None` when
/// `to` is not in that direction. Lower is better.
pub fn score(from: &Rect, to: &Rect, dir: Dir) -> Option<f32> {
    let (_, fm1, fc0, fc1) = oriented(from, dir);
    let (tm0, tm1, tc0, tc1) = oriented(to, dir);
    let t_center = (tm0 + tm1) * 0.5;
    let beyond = tm0 >= fm1 - 1.0 || (t_center > fm1 && tm1 > fm1);
    if !beyond {
        return None;
    }
    let gap = (tm0 - fm1).max(0.0);
    let overlap = fc1.min(tc1) - fc0.max(tc0);
    let ortho = (-overlap).max(0.0);
    let offset = ((tc0 + tc1) * 0.5 - (fc0 + fc1) * 0.5).abs();
    let euclid = libm::sqrtf(gap * gap + ortho * ortho);
    Some(euclid + gap + ORTHO_WEIGHT * ortho + 0.05 * offset - libm::sqrtf(overlap.max(0.0)))
}

/// Whether a node can take focus now: focusable, alive, and reached by the
/// last build (so not inside a hidden subtree).
pub fn can_focus(scene: &Scene, slot: Slot, geom_gen: u32) -> bool {
    let n = scene.node(slot);
    n.alive && n.props.visual.focusable && n.geom_gen == geom_gen
}

/// Scratch space reused between navigations.
#[derive(Debug, Default)]
pub struct NavScratch {
    stack: Vec<Slot>,
}

/// Finds the best candidate under `scope` (excluding `exclude`'s subtree).
fn best_in(scene: &Scene, scope: Slot, exclude: Slot, from: &Rect, dir: Dir, gen: u32, s: &mut NavScratch) -> Option<Slot> {
    let mut best: Option<(f32, Slot)> = None;
    s.stack.clear();
    s.stack.push(scope);
    while let Some(n) = s.stack.pop() {
        if n == exclude {
            continue;
        }
        let node = scene.node(n);
        if node.geom_gen != gen {
            continue; // hidden subtree
        }
        if n != scope && node.props.visual.focusable {
            if let Some(sc) = score(from, &node.geom, dir) {
                if best.is_none_or(|(b, _)| sc < b) {
                    best = Some((sc, n));
                }
            }
            continue; // focusable nodes are leaves for navigation
        }
        s.stack.extend_from_slice(&node.children);
    }
    best.map(|(_, n)| n)
}

/// The override for `dir` on `slot` or its nearest ancestor that has one.
fn override_for(scene: &Scene, slot: Slot, dir: Dir) -> Option<(Slot, u32)> {
    let mut cur = slot;
    while cur != NO_SLOT {
        let o = scene.node(cur).props.visual.focus_dir[dir as usize];
        if o != NONE {
            return Some((cur, o));
        }
        cur = scene.node(cur).parent;
    }
    None
}

/// Resolves a container to the node focus should land on inside it: its
/// remembered descendant, else its best candidate from `from`.
fn land_in(scene: &Scene, target: Slot, from: &Rect, dir: Dir, gen: u32, s: &mut NavScratch) -> Option<Slot> {
    if can_focus(scene, target, gen) {
        return Some(target);
    }
    let rem = scene.node(target).props.visual.remembered;
    if rem != NONE {
        if let Some(r) = scene.slot(rem) {
            if can_focus(scene, r, gen) && scene.is_ancestor_or_self(target, r) {
                return Some(r);
            }
        }
    }
    // Any focusable descendant, nearest to `from` by centre distance.
    let cx = (from[0] + from[2]) * 0.5;
    let cy = (from[1] + from[3]) * 0.5;
    let mut best: Option<(f32, Slot)> = None;
    s.stack.clear();
    s.stack.push(target);
    while let Some(n) = s.stack.pop() {
        let node = scene.node(n);
        if node.geom_gen != gen {
            continue;
        }
        if node.props.visual.focusable {
            let g = node.geom;
            let d = ((g[0] + g[2]) * 0.5 - cx).abs() + ((g[1] + g[3]) * 0.5 - cy).abs();
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, n));
            }
            continue;
        }
        s.stack.extend_from_slice(&node.children);
    }
    let _ = dir;
    best.map(|(_, n)| n)
}

/// Far-away coordinate that a wrapping search starts from (finite, and
/// small enough that f32 scores still tell tiles apart).
const WRAP_FAR: f32 = 1.0e6;

/// A container's focus flow: `(axis, wrap)` with axis 0 free, 1 row
/// (horizontal), 2 column (vertical). `auto` reads the flex layout.
fn flow(n: &crate::scene::Node) -> (u32, bool) {
    use taffy::style::{FlexDirection, FlexWrap};
    let st = n.props.style();
    match n.props.visual.focus_flow {
        0 if n.is_flex() && st.flex_wrap == FlexWrap::NoWrap => {
            (if matches!(st.flex_direction, FlexDirection::Row | FlexDirection::RowReverse) { 1 } else { 2 }, false)
        }
        v @ 2..=5 => (v as u32 % 2 + 1, v > 3),
        _ => (0, false),
    }
}

/// Where focus goes from `from` in `dir`; `None` when nothing is there
/// (or the direction is blocked).
pub fn navigate(scene: &Scene, from: Slot, dir: Dir, gen: u32, s: &mut NavScratch) -> Option<Slot> {
    let rect = scene.node(from).geom;
    if let Some((owner, o)) = override_for(scene, from, dir) {
        if o == scene.node(owner).id {
            return None; // blocked
        }
        let t = scene.slot(o)?;
        return land_in(scene, t, &rect, dir, gen, s);
    }
    let mut scope = scene.node(from).parent;
    let mut exclude = from;
    let mut found = None;
    // The axis of `dir`: 1 horizontal, 2 vertical (a flow's axis likewise).
    let along = dir as u32 / 2 + 1;
    while scope != NO_SLOT {
        let (axis, wrap) = flow(scene.node(scope));
        if axis == 0 || axis == along {
            found = best_in(scene, scope, exclude, &rect, dir, gen, s);
            if found.is_none() && wrap {
                // Wrap: search again from beyond the container's far end.
                let mut r = rect;
                let a = along as usize - 1;
                let v = if dir as u32 & 1 == 1 { -WRAP_FAR } else { WRAP_FAR };
                r[a] = v;
                r[a + 2] = v;
                found = best_in(scene, scope, exclude, &r, dir, gen, s);
            }
            if found.is_some() {
                break;
            }
        }
        if scene.node(scope).props.visual.focus_trap {
            break;
        }
        exclude = scope;
        scope = scene.node(scope).parent;
    }
    let target = found?;
    // Focus memory: entering a container that remembers a child. `from`'s
    // ancestors, sorted, answer "does it hold `from`?" in O(log depth), so a
    // deep chain of memory containers costs O(depth log depth), not O(depth²).
    scene.sorted_path(from, &mut s.stack);
    let mut cur = scene.node(target).parent;
    let mut landing = target;
    while cur != NO_SLOT && cur != ROOT_SLOT {
        let c = scene.node(cur);
        if c.props.visual.focus_memory && s.stack.binary_search(&cur).is_err() && c.props.visual.remembered != NONE {
            if let Some(r) = scene.slot(c.props.visual.remembered) {
                if can_focus(scene, r, gen) && scene.is_ancestor_or_self(cur, r) {
                    landing = r;
                }
            }
        }
        cur = c.parent;
    }
    Some(landing)
}

/// Records `slot` as the remembered child of its `focusMemory` ancestors.
pub fn remember(scene: &mut Scene, slot: Slot) {
    let id = scene.node(slot).id;
    let mut cur = scene.node(slot).parent;
    while cur != NO_SLOT {
        let n = scene.node_mut(cur);
        if n.props.visual.focus_memory {
            // (Only such nodes: they have a `Visual` already.)
            n.props.visual.remembered = id;
        }
        cur = n.parent;
    }
}

/// Scroll alignment (`scrollAlign`).
pub mod align {
    /// Scroll the minimum to bring the node inside.
    pub const EDGE: u32 = 0;
    /// Centre the node.
    pub const CENTER: u32 = 1;
    /// Align the node with the start edge.
    pub const START: u32 = 2;
}

/// A scroll a container should animate to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScrollTarget {
    /// The container.
    pub container: u32,
    /// Property (`scrollX` or `scrollY`).
    pub key: u16,
    /// Target offset.
    pub value: f32,
    /// Duration of the scroll animation.
    pub duration_ms: f32,
}

/// The scrolls that bring `slot` into view, innermost container first.
/// `out` is cleared and filled (capacity reused).
pub fn scroll_into_view(scene: &Scene, slot: Slot, out: &mut Vec<ScrollTarget>, stack: &mut Vec<Slot>) {
    out.clear();
    let target = scene.node(slot).geom;
    let mut cur = scene.node(slot).parent;
    while cur != NO_SLOT {
        let c = scene.node(cur);
        let v = &*c.props.visual;
        if v.scroll_axis != 0 {
            let g = c.geom;
            // Content extent, in the container's unscrolled coordinates.
            let mut ext = [0.0f32, 0.0f32];
            stack.clear();
            stack.extend_from_slice(&c.children);
            while let Some(k) = stack.pop() {
                let kg = scene.node(k).geom;
                ext[0] = ext[0].max(kg[2] - g[0] + v.scroll[0]);
                ext[1] = ext[1].max(kg[3] - g[1] + v.scroll[1]);
            }
            for axis in 0..2 {
                let enabled = v.scroll_axis == 3 || v.scroll_axis == axis as u32 + 1;
                if !enabled {
                    continue;
                }
                let (lo, hi) = (target[axis] - g[axis] + v.scroll[axis], target[axis + 2] - g[axis] + v.scroll[axis]);
                let size = g[axis + 2] - g[axis];
                let pad = v.scroll_padding;
                let cur_off = v.scroll[axis];
                let want = match v.scroll_align {
                    align::CENTER => (lo + hi) * 0.5 - size * 0.5,
                    align::START => lo - pad,
                    _ => {
                        if lo - pad < cur_off {
                            lo - pad
                        } else if hi + pad > cur_off + size {
                            hi + pad - size
                        } else {
                            cur_off
                        }
                    }
                };
                let max = (ext[axis] - size).max(0.0);
                let k = if axis == 0 { key::SCROLL_X } else { key::SCROLL_Y };
                // Huge (finite) geometry overflows the sums above: the offset
                // is saturated to what the wire accepts (see `crate::finite`).
                let want = crate::finite::prop(crate::protocol::props::spec(k), want.clamp(0.0, max));
                if want != cur_off {
                    out.push(ScrollTarget {
                        container: c.id,
                        key: k,
                        value: want,
                        duration_ms: v.scroll_duration,
                    });
                }
            }
        }
        cur = c.parent;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_beats_diagonal_and_near_beats_far() {
        let f = [100.0, 100.0, 200.0, 150.0];
        let straight_far = [100.0, 300.0, 200.0, 350.0];
        let diagonal_near = [260.0, 170.0, 360.0, 220.0];
        let s1 = score(&f, &straight_far, Dir::Down).expect("below");
        let s2 = score(&f, &diagonal_near, Dir::Down).expect("below");
        assert!(s1 < s2, "{s1} vs {s2}");
        let near = [100.0, 160.0, 200.0, 210.0];
        assert!(score(&f, &near, Dir::Down).expect("below") < s1);
    }

    #[test]
    fn only_candidates_beyond_the_edge() {
        let f = [100.0, 100.0, 200.0, 150.0];
        assert!(score(&f, &[0.0, 100.0, 90.0, 150.0], Dir::Right).is_none());
        assert!(score(&f, &[0.0, 100.0, 90.0, 150.0], Dir::Left).is_some());
        assert!(score(&f, &[100.0, 0.0, 200.0, 50.0], Dir::Down).is_none());
        assert!(score(&f, &[100.0, 0.0, 200.0, 50.0], Dir::Up).is_some());
        // Overlapping boxes: one mostly beyond the edge counts.
        assert!(score(&f, &[190.0, 100.0, 290.0, 150.0], Dir::Right).is_some());
        assert!(score(&f, &[120.0, 100.0, 180.0, 150.0], Dir::Right).is_none());
    }

    #[test]
    fn more_overlap_wins_at_equal_distance() {
        let f = [0.0, 0.0, 100.0, 100.0];
        let aligned = [150.0, 0.0, 250.0, 100.0];
        let shifted = [150.0, 60.0, 250.0, 160.0];
        assert!(score(&f, &aligned, Dir::Right) < score(&f, &shifted, Dir::Right));
    }
}
