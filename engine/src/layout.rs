//! Flexbox layout: taffy's low-level tree traits implemented over the
//! engine's own arena.
//!
//! There is no `TaffyTree`: taffy reads styles from and writes layouts into
//! the scene's nodes directly, through [`LayoutView`]. The scene is a TV
//! scene graph first — nodes sit at their own x/y — and flexbox is opt-in:
//! a node with `display = flex` whose parent is not a flex container is a
//! *layout root*, laid out in the space its parent gives it; its children
//! (and their flex descendants) are flex items. A non-flex child of a flex
//! container is a leaf to taffy (sized by its own w/h); its children are
//! back in scene mode. Layout runs only in frames where something
//! layout-relevant changed, and taffy's per-node caches (cleared up the
//! ancestor chain on each change) make unchanged subtrees free.

use taffy::prelude::*;
use taffy::tree::{LayoutInput, LayoutOutput, RunMode};
use taffy::{
    compute_cached_layout, compute_flexbox_layout, compute_hidden_layout, compute_leaf_layout, compute_root_layout, round_layout,
    CacheTree, Layout, LayoutFlexboxContainer, LayoutPartialTree, RoundTree, TraversePartialTree, TraverseTree,
};

use crate::protocol::NodeKind;
use crate::scene::{DisplayMode, Scene, Slot, NO_SLOT, ROOT_SLOT};
use crate::text::TextSystem;

/// taffy's view of the scene: borrows the arena, counts computed nodes.
pub struct LayoutView<'a> {
    scene: &'a mut Scene,
    text: &'a mut TextSystem,
    computed: u32,
}

fn nid(s: Slot) -> NodeId {
    NodeId::from(s as u64)
}

fn slot(n: NodeId) -> Slot {
    u64::from(n) as Slot
}

/// Children taffy sees: a flex container's children; nothing for others.
pub struct ChildIter<'a>(core::slice::Iter<'a, Slot>);

impl Iterator for ChildIter<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        self.0.next().map(|&s| nid(s))
    }
}

impl LayoutView<'_> {
    fn kids(&self, n: NodeId) -> &[Slot] {
        let node = self.scene.node(slot(n));
        if node.is_flex() {
            &node.children
        } else {
            &[]
        }
    }
}

impl TraversePartialTree for LayoutView<'_> {
    type ChildIter<'b>
        = ChildIter<'b>
    where
        Self: 'b;

    fn child_ids(&self, n: NodeId) -> ChildIter<'_> {
        ChildIter(self.kids(n).iter())
    }

    fn child_count(&self, n: NodeId) -> usize {
        self.kids(n).len()
    }

    fn get_child_id(&self, n: NodeId, index: usize) -> NodeId {
        nid(self.kids(n)[index])
    }
}

impl TraverseTree for LayoutView<'_> {}

impl LayoutPartialTree for LayoutView<'_> {
    type CoreContainerStyle<'b>
        = &'b Style
    where
        Self: 'b;
    type CustomIdent = String;

    fn get_core_container_style(&self, n: NodeId) -> &Style {
        self.scene.node(slot(n)).props.style()
    }

    fn set_unrounded_layout(&mut self, n: NodeId, layout: &Layout) {
        self.scene.taffy_state_mut(slot(n)).unrounded = *layout;
    }

    fn resolve_calc_value(&self, _val: *const (), _basis: f32) -> f32 {
        0.0
    }

    fn compute_child_layout(&mut self, n: NodeId, inputs: LayoutInput) -> LayoutOutput {
        compute_cached_layout(self, n, inputs, |tree, n, inputs| {
            tree.computed += 1;
            let node = tree.scene.node(slot(n));
            match node.props.display {
                DisplayMode::None => compute_hidden_layout(tree, n),
                DisplayMode::Flex => compute_flexbox_layout(tree, n, inputs),
                // Text nodes are measured leaves: wrapped at the width taffy
                // offers (min-content: every break taken; max-content: none).
                DisplayMode::Scene if node.kind == NodeKind::Text => {
                    let LayoutView { scene, text, .. } = tree;
                    let node = scene.node(slot(n));
                    compute_leaf_layout(
                        inputs,
                        node.props.style(),
                        |_, _| 0.0,
                        |known, avail| {
                            let wrap = known.width.or(match avail.width {
                                AvailableSpace::Definite(w) => Some(w),
                                AvailableSpace::MinContent => Some(0.0),
                                AvailableSpace::MaxContent => None,
                            });
                            let (w, h) = text.measure(slot(n), node, wrap);
                            Size { width: known.width.unwrap_or(w), height: known.height.unwrap_or(h) }
                        },
                    )
                }
                // Scene nodes and images are leaves sized by their own w/h.
                DisplayMode::Scene => compute_leaf_layout(
                    inputs,
                    node.props.style(),
                    |_, _| 0.0,
                    |known, _| Size { width: known.width.unwrap_or(0.0), height: known.height.unwrap_or(0.0) },
                ),
            }
        })
    }
}

impl CacheTree for LayoutView<'_> {
    fn cache_get(
        &self,
        n: NodeId,
        known_dimensions: Size<Option<f32>>,
        available_space: Size<AvailableSpace>,
        run_mode: RunMode,
    ) -> Option<LayoutOutput> {
        self.scene.taffy_state(slot(n))?.cache.get(known_dimensions, available_space, run_mode)
    }

    fn cache_store(
        &mut self,
        n: NodeId,
        known_dimensions: Size<Option<f32>>,
        available_space: Size<AvailableSpace>,
        run_mode: RunMode,
        layout_output: LayoutOutput,
    ) {
        self.scene.taffy_state_mut(slot(n)).cache.store(known_dimensions, available_space, run_mode, layout_output)
    }

    fn cache_clear(&mut self, n: NodeId) {
        self.scene.clear_layout_cache(slot(n));
    }
}

impl LayoutFlexboxContainer for LayoutView<'_> {
    type FlexboxContainerStyle<'b>
        = &'b Style
    where
        Self: 'b;
    type FlexboxItemStyle<'b>
        = &'b Style
    where
        Self: 'b;

    fn get_flexbox_container_style(&self, n: NodeId) -> &Style {
        self.scene.node(slot(n)).props.style()
    }

    fn get_flexbox_child_style(&self, n: NodeId) -> &Style {
        self.scene.node(slot(n)).props.style()
    }
}

impl RoundTree for LayoutView<'_> {
    fn get_unrounded_layout(&self, n: NodeId) -> Layout {
        self.scene.taffy_state(slot(n)).map_or_else(Layout::new, |t| t.unrounded)
    }

    fn set_final_layout(&mut self, n: NodeId, layout: &Layout) {
        // Sizes and gaps that sum past f32::MAX make taffy's results
        // infinite: what the engine keeps is finite (see `crate::finite`).
        let mut l = *layout;
        let f = crate::finite::finite;
        (l.location.x, l.location.y) = (f(l.location.x), f(l.location.y));
        (l.size.width, l.size.height) = (f(l.size.width), f(l.size.height));
        let placed = crate::scene::Placed { location: l.location, size: l.size };
        if self.scene.set_placed(slot(n), placed) {
            self.scene.touch(slot(n));
        }
    }
}

/// Resolves a scene-mode node's own size: lengths as given, percentages of
/// the parent's size, `auto` as 0 (a TV scene node has no intrinsic size).
pub fn scene_size(size: Size<Dimension>, parent: (f32, f32)) -> (f32, f32) {
    let r = |d: Dimension, basis: f32| -> f32 {
        let raw = d.into_raw();
        match raw.tag() {
            taffy::CompactLength::LENGTH_TAG => raw.value(),
            taffy::CompactLength::PERCENT_TAG => raw.value() * basis,
            _ => 0.0,
        }
    };
    let f = crate::finite::finite;
    (f(r(size.width, parent.0)), f(r(size.height, parent.1)))
}

/// A scene-mode text node's size: its w/h where given, else measured
/// (an auto width does not wrap; an auto height fits the wrapped lines).
/// Written to the node's layout, where the builder reads it.
fn scene_text_size(view: &mut LayoutView<'_>, s: Slot, parent: (f32, f32)) -> (f32, f32) {
    let node = view.scene.node(s);
    let size = node.props.size;
    let auto = |d: Dimension| d.into_raw().tag() == taffy::CompactLength::AUTO_TAG;
    let (w_auto, h_auto) = (auto(size.width), auto(size.height));
    let (mut w, mut h) = scene_size(size, parent);
    if w_auto || h_auto {
        let (mw, mh) = view.text.measure(s, node, if w_auto { None } else { Some(w) });
        if w_auto {
            w = mw;
        }
        if h_auto {
            h = mh;
        }
    }
    let (w, h) = (crate::finite::finite(w), crate::finite::finite(h));
    let size = Size { width: w, height: h };
    if view.scene.set_measured(s, size) {
        view.scene.touch(s);
    }
    (w, h)
}

/// Runs layout for every layout root whose subtree may have changed.
/// Returns the number of nodes taffy actually computed (cache misses).
/// `stack` is scratch space reused across frames.
pub fn compute(scene: &mut Scene, stack: &mut Vec<(Slot, f32, f32)>) -> u32 {
    compute_with_text(scene, stack, &mut TextSystem::default())
}

/// [`compute`], measuring text nodes with `text` (auto-sized text nodes
/// outside flex containers get their measured size: `Scene::placed`).
pub fn compute_with_text(scene: &mut Scene, stack: &mut Vec<(Slot, f32, f32)>, text: &mut TextSystem) -> u32 {
    let mut view = LayoutView { scene, text, computed: 0 };
    stack.clear();
    let (vw, vh) = view.scene.viewport;
    stack.push((ROOT_SLOT, vw as f32, vh as f32));
    while let Some((s, pw, ph)) = stack.pop() {
        let node = view.scene.node(s);
        if node.props.display == DisplayMode::None {
            continue;
        }
        let parent = node.parent;
        let parent_flex = parent != NO_SLOT && view.scene.node(parent).is_flex();
        let (w, h) = if node.is_flex() {
            if !parent_flex {
                let misses = view.computed;
                compute_root_layout(&mut view, nid(s), Size { width: AvailableSpace::Definite(pw), height: AvailableSpace::Definite(ph) });
                // Rounding walks the whole subtree. When taffy answered the
                // root from its cache (nothing below changed: a change clears
                // the caches up to its layout root), the unrounded layouts
                // are the ones rounded last time, so the rounded ones in the
                // nodes are still right: a text change elsewhere no longer
                // re-rounds every flex row on screen.
                if view.computed != misses {
                    round_layout(&mut view, nid(s));
                }
            }
            let l = view.scene.placed(s);
            (l.size.width, l.size.height)
        } else if parent_flex {
            let l = view.scene.placed(s);
            (l.size.width, l.size.height)
        } else if view.scene.node(s).kind == NodeKind::Text {
            scene_text_size(&mut view, s, (pw, ph))
        } else {
            scene_size(view.scene.node(s).props.size, (pw, ph))
        };
        // A childless child that is neither text nor flex has nothing to
        // lay out (sized by its own w/h when drawn, or by its flex parent): not stacked, so a
        // page of 20k such rects does not stack 20k entries (issue 14).
        let node = view.scene.node(s);
        for &c in node.children.iter().rev() {
            let k = view.scene.node(c);
            if !k.children.is_empty() || k.is_flex() || k.kind == NodeKind::Text {
                stack.push((c, w, h));
            }
        }
    }
    view.computed
}
