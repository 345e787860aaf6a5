//! The scene: the one authoritative node tree, stored in an arena the
//! engine owns.
//!
//! Nodes live in an arena of fixed-size chunks ([`arena::Chunked`], so
//! growth never copies nodes) addressed by [`Slot`], with a free list of
//! slots; the sender's ids map to slots through one hash map. taffy's
//! per-node cache and unrounded layout sit beside it in [`TaffyState`],
//! only for nodes taffy lays out. Layout (taffy's traits, in
//! [`crate::layout`]) and display-list building read this storage directly —
//! there is no second tree anywhere, in the engine or in any host.
//!
//! The operations here are the raw, already-validated mutations; the
//! transaction layer ([`crate::transaction`]) checks ids and cycles first
//! and records how to undo each mutation.

pub mod apply_prop;
pub mod arena;
pub mod depth;
pub mod ids;
pub mod node;
pub mod snapshot;


pub use depth::{DepthCheck, MAX_DEPTH, MAX_FLEX_DEPTH};
pub use node::{
    Cold, DisplayMode, Effects, Node, Placed, Props, SavedProps, Slot, Visual, DIRTY_BELOW, DIRTY_DEEP, DIRTY_SELF, NO_CACHE, NO_SLOT,
};

use crate::protocol::{NodeKind, ROOT};

/// Capacity above which a free slot's children list is given back rather
/// than kept for its next node.
const BIG_FREE: usize = 1024;

/// The node arena.
#[derive(Debug)]
pub struct Scene {
    nodes: arena::Chunked<Node>,
    /// Free slots, a list linked through their nodes' `journal_gen`
    /// (see [`Scene::push_free`]); [`NO_SLOT`] when empty.
    free_head: Slot,
    free_len: usize,
    ids: ids::IdMap,
    live: u32,
    /// taffy state of the nodes taffy lays out ([`Node::cache`] indexes it).
    caches: Vec<TaffyState>,
    /// Unused entries of `caches`.
    free_caches: Vec<u32>,
    /// Viewport size in device pixels.
    pub viewport: (u32, u32),
    /// Counts attaches and detaches: a parent's children list is the one
    /// seen earlier while this is unchanged (the build's range culling,
    /// `build/span.rs`, keys what it learnt of a parent's children by it).
    tree_gen: u32,
}

/// What taffy keeps per node it lays out, outside the node (see
/// [`Node::cache`]).
#[derive(Debug, Default)]
pub struct TaffyState {
    /// taffy's layout cache.
    pub cache: taffy::Cache,
    /// The layout before pixel rounding.
    pub unrounded: taffy::Layout,
    /// The layout after pixel rounding (what is drawn).
    pub placed: Placed,
}

/// Slot of the root node.
pub const ROOT_SLOT: Slot = 0;

impl Scene {
    /// A scene holding only the root, sized to the viewport.
    pub fn new(width: u32, height: u32) -> Self {
        let mut root = Node::new(ROOT, NodeKind::View);
        root.props.size = taffy::Size { width: taffy::Dimension::length(width as f32), height: taffy::Dimension::length(height as f32) };
        let mut ids = ids::IdMap::default();
        ids.insert(ROOT, ROOT_SLOT);
        let mut nodes = arena::Chunked::default();
        nodes.push(root);
        Self { nodes, free_head: NO_SLOT, free_len: 0, ids, live: 1, caches: Vec::new(), free_caches: Vec::new(), viewport: (width, height), tree_gen: 0 }
    }

    /// Number of live nodes, root included.
    pub fn len(&self) -> u32 {
        self.live
    }

    /// True when only the root exists.
    pub fn is_empty(&self) -> bool {
        self.live <= 1
    }

    /// Number of slots (live or free): the arena's capacity in use.
    pub fn slot_count(&self) -> usize {
        self.nodes.len()
    }

    /// Slot of a live id.
    pub fn slot(&self, id: u32) -> Option<Slot> {
        self.ids.get(id)
    }

    /// The node in a slot. Slots come from this scene, so they are in range.
    pub fn node(&self, slot: Slot) -> &Node {
        &self.nodes[slot as usize]
    }

    /// The node in a slot, mutably.
    pub fn node_mut(&mut self, slot: Slot) -> &mut Node {
        &mut self.nodes[slot as usize]
    }

    /// Looks a node up by id.
    pub fn get(&self, id: u32) -> Option<&Node> {
        self.slot(id).map(|s| self.node(s))
    }

    /// Creates a detached node; the caller checked the id is free.
    pub fn create(&mut self, id: u32, kind: NodeKind) -> Slot {
        let slot = match self.pop_free() {
            Some(s) => {
                self.release_cache(s);
                let n = &mut self.nodes[s as usize];
                let mut children = core::mem::take(&mut n.children);
                children.clear();
                *n = Node::new(id, kind);
                n.children = children;
                s
            }
            None => {
                self.nodes.push(Node::new(id, kind));
                (self.nodes.len() - 1) as Slot
            }
        };
        self.ids.insert(id, slot);
        self.live += 1;
        slot
    }

    /// Slots free for reuse (a create there grows no arena).
    pub fn free_slots(&self) -> usize {
        self.free_len
    }

    /// Puts a dead slot on the free list. The list is linked through the
    /// nodes' `journal_gen`, which means nothing on a free slot (the
    /// transaction reads it only on live nodes; `create` resets it), so it
    /// costs no memory of its own: a vector of free slots, kept at the
    /// capacity a big destroy grew it to (80 KB for a 20k-node page), sat
    /// under the nodes that reused them and raised linear memory's
    /// high-water mark (issue 14).
    fn push_free(&mut self, slot: Slot) {
        self.nodes[slot as usize].journal_gen = self.free_head;
        self.free_head = slot;
        self.free_len += 1;
    }

    /// The most recently freed slot, taken off the free list.
    fn pop_free(&mut self) -> Option<Slot> {
        let s = self.free_head;
        if s == NO_SLOT {
            return None;
        }
        self.free_head = self.nodes[s as usize].journal_gen;
        self.free_len -= 1;
        Some(s)
    }

    /// Makes room for `n` more nodes (minus free slots) in the chunk table
    /// and the id map; the node chunks themselves are allocated as they fill.
    pub fn reserve(&mut self, n: usize) {
        let need = n.saturating_sub(self.free_len);
        if need > 64 {
            self.nodes.reserve(need);
            self.ids.reserve(need);
        }
    }

    /// Undoes [`Scene::create`] of a node that is detached and childless.
    pub fn uncreate(&mut self, slot: Slot) {
        let id = self.nodes[slot as usize].id;
        self.ids.remove(id);
        self.nodes[slot as usize].alive = false;
        self.release_cache(slot);
        self.push_free(slot);
        self.live -= 1;
    }

    /// Position of `child` among its parent's children.
    pub fn index_in_parent(&self, child: Slot) -> Option<usize> {
        let p = self.nodes[child as usize].parent;
        if p == NO_SLOT {
            return None;
        }
        self.nodes[p as usize].children.iter().position(|&c| c == child)
    }

    /// Detaches a node from its parent; returns `(parent, index)` it had.
    pub fn detach(&mut self, child: Slot) -> Option<(Slot, usize)> {
        let p = self.nodes[child as usize].parent;
        if p == NO_SLOT {
            return None;
        }
        let idx = self.index_in_parent(child)?;
        self.nodes[p as usize].children.remove(idx);
        self.tree_gen = self.tree_gen.wrapping_add(1);
        self.nodes[child as usize].parent = NO_SLOT;
        self.touch(p);
        Some((p, idx))
    }

    /// Marks `slot` changed ([`DIRTY_SELF`]) and its ancestors as having
    /// a changed descendant ([`DIRTY_BELOW`]), up to the first ancestor
    /// already marked: the display list's culling keeps a subtree's extent
    /// from its last visit only while nothing in it was touched (see
    /// `crate::build`). Every write to what a node draws or where it sits
    /// goes through here: batches, animation, focus styles, scrolling,
    /// layout results.
    #[inline(never)]
    pub fn touch(&mut self, slot: Slot) {
        let n = &mut self.nodes[slot as usize];
        n.dirty |= DIRTY_SELF;
        let mut p = n.parent;
        while p != NO_SLOT {
            let n = &mut self.nodes[p as usize];
            if n.dirty & DIRTY_BELOW != 0 {
                break;
            }
            n.dirty |= DIRTY_BELOW;
            p = n.parent;
        }
    }

    /// Attaches a detached node at `index` (clamped) of `parent`'s children.
    pub fn attach(&mut self, parent: Slot, child: Slot, index: usize) {
        let kids = &mut self.nodes[parent as usize].children;
        let i = index.min(kids.len());
        kids.insert(i, child);
        self.tree_gen = self.tree_gen.wrapping_add(1);
        self.nodes[child as usize].parent = parent;
        self.nodes[child as usize].dirty |= DIRTY_DEEP;
        self.touch(parent);
        self.touch(child);
    }

    /// Changes with every attach and detach (see the field).
    pub fn tree_gen(&self) -> u32 {
        self.tree_gen
    }

    /// Fills `out` with `slot` and its ancestors, sorted: a binary search
    /// then answers "is this on the path to the root?" in O(log depth),
    /// where a walk up per question would cost O(depth).
    pub fn sorted_path(&self, slot: Slot, out: &mut Vec<Slot>) {
        out.clear();
        let mut s = slot;
        while s != NO_SLOT {
            out.push(s);
            s = self.nodes[s as usize].parent;
        }
        out.sort_unstable();
    }

    /// True when `a` is `b` or an ancestor of `b`.
    pub fn is_ancestor_or_self(&self, a: Slot, b: Slot) -> bool {
        if self.nodes[a as usize].children.is_empty() {
            return a == b;
        }
        let mut cur = b;
        while cur != NO_SLOT {
            if cur == a {
                return true;
            }
            cur = self.nodes[cur as usize].parent;
        }
        false
    }

    /// True when inserting `child` into `parent` would make a cycle
    /// (`child` is `parent` or one of its ancestors). Walks up from
    /// `parent` and down `child`'s subtree in step, so it costs the smaller
    /// of the two: a childless node or a shallow parent answers at once,
    /// and building a deep chain either way is linear. `stack` is scratch.
    pub fn would_cycle(&self, parent: Slot, child: Slot, stack: &mut Vec<Slot>) -> bool {
        stack.clear();
        stack.push(child);
        let mut up = parent;
        loop {
            if up == child {
                return true;
            }
            if up == NO_SLOT {
                return false;
            }
            up = self.nodes[up as usize].parent;
            match stack.pop() {
                Some(s) if s == parent => return true,
                Some(s) => stack.extend_from_slice(&self.nodes[s as usize].children),
                None => return false,
            }
        }
    }

    /// Unregisters the ids of a whole subtree (the slots stay reserved until
    /// [`Scene::free_subtree`], so a transaction can bring them back).
    pub fn unregister_subtree(&mut self, root: Slot, stack: &mut Vec<Slot>) {
        self.walk_subtree(root, stack, |scene, s| {
            let n = &mut scene.nodes[s as usize];
            n.alive = false;
            let id = n.id;
            scene.ids.remove(id);
            scene.live -= 1;
        });
    }

    /// Re-registers a subtree taken out by [`Scene::unregister_subtree`].
    pub fn reregister_subtree(&mut self, root: Slot, stack: &mut Vec<Slot>) {
        self.walk_subtree(root, stack, |scene, s| {
            let n = &mut scene.nodes[s as usize];
            n.alive = true;
            let id = n.id;
            scene.ids.insert(id, s);
            scene.live += 1;
        });
    }

    /// Returns an unregistered subtree's slots to the free list.
    pub fn free_subtree(&mut self, root: Slot, stack: &mut Vec<Slot>) {
        self.walk_subtree(root, stack, |scene, s| {
            let n = &mut scene.nodes[s as usize];
            n.children.clear();
            // A free slot keeps a small children list for its next node
            // (no allocation), not a wide parent's: a 20k-child page's
            // 128 KB would go to whatever node reuses the slot, most
            // likely a leaf.
            if n.children.capacity() > BIG_FREE {
                n.children = Vec::new();
            }
            n.parent = NO_SLOT;
            // What a node made on demand goes back to the allocator now,
            // not when the slot is reused.
            n.strings = None;
            n.a11y = None;
            n.props.visual = Default::default();
            n.props.style = None;
            scene.release_cache(s);
            scene.push_free(s);
        });
    }

    /// Calls `f` once on every node of `root`'s subtree, a node after its
    /// children were read (`f` may clear them), siblings last to first. Only nodes with children
    /// are stacked; leaves are visited as their parent's list is read, so
    /// a 20k-leaf page needs no 80 KB stack (issue 14: a destroy's
    /// transient, above the page's peak).
    fn walk_subtree(&mut self, root: Slot, stack: &mut Vec<Slot>, mut f: impl FnMut(&mut Self, Slot)) {
        stack.clear();
        stack.push(root);
        while let Some(s) = stack.pop() {
            // Last child first: the free list then hands the slots out in
            // the children's order again, and a page rebuilt in them
            // journals its creates as one run (`transaction::Undo::Created`).
            for i in (0..self.nodes[s as usize].children.len()).rev() {
                let c = self.nodes[s as usize].children[i];
                if self.nodes[c as usize].children.is_empty() {
                    f(self, c);
                } else {
                    stack.push(c);
                }
            }
            f(self, s);
        }
    }

    /// Clears taffy's cache on a node and on the ancestors whose layout
    /// depends on it: up through flex containers, to the layout root. A
    /// node's taffy result depends only on its own style and its flex
    /// descendants, so a scene-mode parent (whose children are placed by
    /// the engine's own walk, every layout frame) ends the walk. So does an
    /// ancestor whose cache is already empty: a visible node's cache is
    /// emptied only by this walk, which emptied the ancestors above it too,
    /// and layout refills a node only together with its ancestors (taffy's
    /// own `mark_dirty` stops there as well; a node taffy hid is empty under
    /// filled ancestors, but their layout does not depend on its subtree).
    /// Each change costs O(1) amortised, not O(depth): building a deep
    /// chain of either kind stays linear.
    pub fn invalidate_layout(&mut self, slot: Slot) {
        self.clear_layout_cache(slot);
        let mut cur = slot;
        loop {
            let p = self.nodes[cur as usize].parent;
            if p == NO_SLOT || !self.nodes[p as usize].is_flex() || !self.clear_layout_cache(p) {
                return;
            }
            cur = p;
        }
    }

    /// Gives a flex container and its children the taffy style taffy will
    /// read (see [`Props`]): a node becoming one keeps its values. Called
    /// on every `display` write (a no-op for other modes); inserting into
    /// a flex container does the same for the child. Styles are never taken
    /// away (except by undo, back to a state that did not need them).
    pub fn give_flex_styles(&mut self, slot: Slot) {
        if !self.nodes[slot as usize].is_flex() {
            return;
        }
        self.nodes[slot as usize].props.style_mut();
        for i in 0..self.nodes[slot as usize].children.len() {
            let c = self.nodes[slot as usize].children[i];
            self.nodes[c as usize].props.style_mut();
        }
    }

    /// `slot`'s layout box after pixel rounding, as the layout pass left it:
    /// a taffy-laid node's (its taffy state's), a scene-mode text node's
    /// measured size, else zero (a scene-mode node is placed from its own
    /// `x`/`y`/`w`/`h`: a plain node keeps no box, 16 bytes; issue 14).
    pub fn placed(&self, slot: Slot) -> Placed {
        self.placed_of(&self.nodes[slot as usize])
    }

    /// [`Scene::placed`] of a node of this scene already in hand.
    #[inline(always)]
    pub fn placed_of(&self, node: &Node) -> Placed {
        // `NO_CACHE` is past any table: no state.
        if let Some(t) = self.caches.get(node.cache as usize) {
            return t.placed;
        }
        match &node.strings {
            Some(s) => Placed { location: taffy::Point { x: 0.0, y: 0.0 }, size: s.measured },
            None => Placed::ZERO,
        }
    }

    /// Sets a taffy-laid node's rounded box (given a taffy state if it has
    /// none). True when it changed.
    #[inline]
    pub fn set_placed(&mut self, slot: Slot, placed: Placed) -> bool {
        let c = self.nodes[slot as usize].cache;
        let state = match self.caches.get_mut(c as usize) {
            Some(t) => t,
            None => self.taffy_state_mut(slot),
        };
        let changed = state.placed != placed;
        state.placed = placed;
        changed
    }

    /// Sets `slot`'s measured size (scene-mode text): in its taffy state
    /// if it has one (what [`Scene::placed`] reads first), else with its
    /// strings. True when it changed.
    pub fn set_measured(&mut self, slot: Slot, size: taffy::Size<f32>) -> bool {
        let c = self.nodes[slot as usize].cache;
        let at = match self.caches.get_mut(c as usize) {
            Some(t) => &mut t.placed.size,
            None => &mut self.nodes[slot as usize].strings_mut().measured,
        };
        let changed = *at != size;
        *at = size;
        changed
    }

    /// The node's taffy state, if taffy has laid it out.
    pub fn taffy_state(&self, slot: Slot) -> Option<&TaffyState> {
        match self.nodes[slot as usize].cache {
            NO_CACHE => None,
            c => self.caches.get(c as usize),
        }
    }

    /// The node's taffy state, given one first if it has none (reusing a
    /// released entry before growing the table).
    pub fn taffy_state_mut(&mut self, slot: Slot) -> &mut TaffyState {
        let mut c = self.nodes[slot as usize].cache;
        if c == NO_CACHE || c as usize >= self.caches.len() {
            c = match self.free_caches.pop() {
                Some(c) => c,
                None => {
                    self.caches.push(TaffyState::default());
                    (self.caches.len() - 1) as u32
                }
            };
            self.nodes[slot as usize].cache = c;
        }
        &mut self.caches[c as usize]
    }

    /// Clears the node's taffy cache; false when it was already empty (or
    /// the node has none).
    pub fn clear_layout_cache(&mut self, slot: Slot) -> bool {
        let c = self.nodes[slot as usize].cache;
        self.caches.get_mut(c as usize).is_some_and(|state| matches!(state.cache.clear(), taffy::tree::ClearState::Cleared))
    }

    /// Number of taffy states in use (nodes taffy has laid out).
    pub fn layout_caches_in_use(&self) -> usize {
        self.caches.len() - self.free_caches.len()
    }

    /// Gives a freed or reused slot's cache back to the table.
    fn release_cache(&mut self, slot: Slot) {
        let n = &mut self.nodes[slot as usize];
        let c = core::mem::replace(&mut n.cache, NO_CACHE);
        if let Some(state) = self.caches.get_mut(c as usize) {
            *state = TaffyState::default();
            self.free_caches.push(c);
        }
    }

    /// Live node slots in depth-first order from the root (for tools and tests).
    pub fn walk(&self) -> Vec<Slot> {
        let mut out = Vec::with_capacity(self.live as usize);
        let mut stack = vec![ROOT_SLOT];
        while let Some(s) = stack.pop() {
            out.push(s);
            stack.extend(self.nodes[s as usize].children.iter().rev());
        }
        out
    }

    /// Live, detached subtree roots (created or removed but not inserted).
    pub fn detached_roots(&self) -> impl Iterator<Item = Slot> + '_ {
        self.nodes.iter().enumerate().filter(|(i, n)| *i != ROOT_SLOT as usize && n.alive && n.parent == NO_SLOT).map(|(i, _)| i as Slot)
    }
}
