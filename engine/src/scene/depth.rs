//! How deep a tree may be, and the per-batch check that enforces it.
//!
//! Everything of the engine's own that walks the tree is iterative (explicit
//! stacks), so a scene-mode chain costs only its nodes. taffy's flexbox pass
//! is not: it recurses once per flex container nested directly in another,
//! using the host's call stack (wasmtime's 512 KiB for Wasm, V8's ~1 MB in
//! a browser, QuickJS's for wasm2js) and the module's 256 KiB shadow stack
//! (~0.8 KiB per level: see `REEL_WASM_STACK` in tools/lib.sh).
//! So there are two limits, both checked when a batch is applied — before
//! any frame lays the tree out:
//!
//! * [`MAX_DEPTH`]: no node may be more than this many levels below the
//!   root of its tree (the scene root, or a detached subtree's top). A cap on
//!   what deep trees may cost (ancestor walks of focus and insert), not a
//!   stack limit.
//! * [`MAX_FLEX_DEPTH`]: no run of flex containers, each a child of the
//!   previous one, may be longer than this (a scene-mode node between two
//!   flex containers starts a new layout root, and a new run). The deepest
//!   run that could be laid out before the limit: engine.wasm under
//!   wasmtime with the host's settings 201 (2.6 KB of stack per level),
//!   in V8 (node's default stack) 769, the wasm2js engine on QuickJS (the
//!   engine thread's stack) 798 and in V8 597. This limit leaves more than
//!   3x on the tightest (`tests/src/bin/deep-trees.rs --probe` measures
//!   wasmtime and QuickJS).
//!
//! # Why at the end of the batch, and why linear
//! Keeping every node's depth up to date on each insert costs the moved
//! subtree's size (bottom-up building is quadratic), and keeping subtree
//! heights costs the ancestor chain (top-down building is quadratic). The
//! check instead runs once per batch over what the batch moved: each
//! inserted child and each node whose `display` was set. It finds a node's
//! depth by walking up to the first node whose depth it already knows in
//! this pass (or a tree's top), then walks the node's subtree down, skipping
//! subtrees already walked. Every node is visited at most a constant number
//! of times per batch, so a batch costs O(nodes it moved + their ancestor
//! chains) — never more than the layout pass of the next frame, which visits
//! every node. The bookkeeping lives in a side table indexed by slot (not in
//! [`super::Node`]): it means nothing outside one check.

use super::{Scene, Slot, NO_SLOT};
use crate::protocol::error::ErrorKind;

/// Deepest level a node may be at (the root is level 0).
pub const MAX_DEPTH: u32 = 4096;

/// Longest run of flex containers nested directly in each other.
pub const MAX_FLEX_DEPTH: u32 = 64;

/// One slot's state in the current pass: 8 bytes, one per slot of the
/// scene (passes are u16: every 65,535 batches the marks are cleared once).
#[derive(Clone, Copy, Debug, Default)]
struct Mark {
    /// Pass in which `depth` and `flex` were computed.
    known: u16,
    /// Pass in which this node's whole subtree was checked.
    walked: u16,
    depth: u16,
    flex: u16,
}

/// The depth check's scratch space, reused across batches.
#[derive(Debug, Default)]
pub struct DepthCheck {
    pass: u16,
    marks: Vec<Mark>,
    path: Vec<Slot>,
    stack: Vec<Slot>,
}

impl DepthCheck {
    /// Starts a pass over `scene` (after a batch's commands were applied).
    pub fn begin(&mut self, scene: &Scene) {
        self.pass = self.pass.wrapping_add(1);
        if self.pass == 0 {
            self.marks.clear();
            self.pass = 1;
        }
        if self.marks.len() < scene.slot_count() {
            self.marks.resize(scene.slot_count(), Mark::default());
        }
    }

    /// Checks `slot` and its subtree against both limits; the error names
    /// the first node found too deep (and gives its slot).
    pub fn check(&mut self, scene: &Scene, slot: Slot) -> Result<(), (Slot, ErrorKind)> {
        if !scene.node(slot).alive || self.marks[slot as usize].walked == self.pass {
            return Ok(());
        }
        self.locate(scene, slot)?;
        self.stack.clear();
        self.stack.push(slot);
        while let Some(s) = self.stack.pop() {
            let m = self.marks[s as usize];
            let parent_flex = scene.node(s).is_flex();
            for &c in &scene.node(s).children {
                if self.marks[c as usize].walked == self.pass {
                    continue;
                }
                self.mark(scene, c, m.depth.into(), parent_flex, m.flex.into())?;
                // A leaf is done once marked: only parents are stacked
                // (20k leaves under one parent stack nothing; issue 14).
                if scene.node(c).children.is_empty() {
                    self.marks[c as usize].walked = self.pass;
                } else {
                    self.stack.push(c);
                }
            }
            self.marks[s as usize].walked = self.pass;
        }
        Ok(())
    }

    /// Computes `slot`'s depth and flex run from its ancestors: walks up to
    /// the nearest ancestor known in this pass (or a tree's top), then down.
    fn locate(&mut self, scene: &Scene, slot: Slot) -> Result<(), (Slot, ErrorKind)> {
        self.path.clear();
        let mut cur = slot;
        // Unbounded on purpose: a chain too deep is found (and the batch
        // rejected) at its first node past the limit, from the top down.
        while self.marks[cur as usize].known != self.pass {
            self.path.push(cur);
            let p = scene.node(cur).parent;
            if p == NO_SLOT {
                break;
            }
            cur = p;
        }
        while let Some(s) = self.path.pop() {
            let p = scene.node(s).parent;
            if p == NO_SLOT {
                let flex = u16::from(scene.node(s).is_flex());
                self.marks[s as usize] = Mark { known: self.pass, walked: 0, depth: 0, flex };
            } else {
                let m = self.marks[p as usize];
                self.mark(scene, s, m.depth.into(), scene.node(p).is_flex(), m.flex.into())?;
            }
        }
        Ok(())
    }

    /// Records `slot`'s depth and flex run given its parent's.
    fn mark(
        &mut self,
        scene: &Scene,
        slot: Slot,
        parent_depth: u32,
        parent_flex: bool,
        parent_run: u32,
    ) -> Result<(), (Slot, ErrorKind)> {
        let node = scene.node(slot).id;
        let depth = parent_depth + 1;
        if depth > MAX_DEPTH {
            return Err((slot, ErrorKind::TooDeep { node, depth, limit: MAX_DEPTH }));
        }
        let flex = match (scene.node(slot).is_flex(), parent_flex) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) => parent_run + 1,
        };
        if flex > MAX_FLEX_DEPTH {
            return Err((slot, ErrorKind::FlexTooDeep { node, depth: flex, limit: MAX_FLEX_DEPTH }));
        }
        let m = &mut self.marks[slot as usize];
        m.known = self.pass;
        m.depth = depth as u16;
        m.flex = flex as u16;
        Ok(())
    }
}
