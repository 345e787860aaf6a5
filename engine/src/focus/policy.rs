//! Focus policy: what the engine does when focus moves — the blur and focus
//! styles (`focusScale`, `focusColor`, the focus effects) animated in and
//! back out, focus memory, scroll-into-view of the scrolling ancestors, the
//! `FOCUS` event and the spoken announcement — and where a D-pad press or a
//! pointer press sends focus.
//!
//! Why apart from [`crate::engine`]: the engine sequences phases (batch,
//! requests, animation, layout, build); *how* focus moves is one concept,
//! with its own state (the focused id and reusable scratch), and it reads
//! the scene's geometry through [`super`] ([`super::navigate`],
//! [`super::scroll_into_view`]). It touches the rest of the engine only
//! through [`Cx`]: the scene (focus memory, a scroll set at once), the
//! animator (styles and scrolls with a duration), the event queue and the
//! announcer.

use crate::a11y::Announcer;
use crate::anim::easing::Easing;
use crate::anim::{Animator, Direction, StartRequest, Timing, MAX_TRACKS};
use crate::protocol::events::{focus_cause, EventWriter};
use crate::protocol::props::{key, PropValue};
use crate::protocol::NONE;
use crate::scene::node::FOCUS_EFFECT_KEYS;
use crate::scene::{Scene, Slot, NO_SLOT, ROOT_SLOT};

use super::{can_focus, Dir, NavScratch, ScrollTarget};

/// The parts of the engine a focus move changes.
pub struct Cx<'a> {
    /// The scene: focus memory, resting styles, scroll offsets set at once.
    pub scene: &'a mut Scene,
    /// Style and scroll animations.
    pub animator: &'a mut Animator,
    /// `FOCUS`, `NAV_EDGE`, `POINTER` events.
    pub events: &'a mut EventWriter,
    /// The focus announcement.
    pub a11y: &'a mut Announcer,
}

/// Focus state: the focused node and scratch reused by every move (nothing
/// is allocated per key press once warm).
#[derive(Debug)]
pub struct Focus {
    focused: u32,
    nav: NavScratch,
    scrolls: Vec<ScrollTarget>,
    slots: Vec<Slot>,
}

impl Default for Focus {
    fn default() -> Self {
        Self::new()
    }
}

impl Focus {
    /// Nothing focused.
    pub fn new() -> Self {
        Self { focused: NONE, nav: NavScratch::default(), scrolls: Vec::with_capacity(4), slots: Vec::with_capacity(64) }
    }

    /// The focused node's id, or `NONE`.
    pub fn focused(&self) -> u32 {
        self.focused
    }

    /// Drops focus from a node that no longer exists (`FOCUS` with cause
    /// [`focus_cause::LOST`]).
    pub fn drop_lost(&mut self, cx: &mut Cx<'_>, at: f64) {
        if self.focused != NONE && cx.scene.slot(self.focused).is_none() {
            cx.events.focus(self.focused, NONE, focus_cause::LOST);
            self.focused = NONE;
            cx.a11y.focus(cx.scene, NONE, at);
        }
    }

    /// A D-pad press: moves focus in `dir` from the focused node (from the
    /// top-left focusable node when nothing is focused), or reports
    /// `NAV_EDGE` when there is nowhere to go. `gen` is the last build's
    /// geometry generation. Returns true when a scroll was set at once
    /// (the frame must be drawn again).
    pub fn navigate(&mut self, cx: &mut Cx<'_>, dir: Dir, gen: u32, at: f64) -> bool {
        let from = cx.scene.slot(self.focused).filter(|&s| can_focus(cx.scene, s, gen));
        let target = match from {
            Some(f) => super::navigate(cx.scene, f, dir, gen, &mut self.nav),
            None => self.first_focusable(cx.scene, gen),
        };
        match target {
            Some(t) => {
                let id = cx.scene.node(t).id;
                self.set(cx, id, focus_cause::NAVIGATION, at)
            }
            None => {
                cx.events.nav_edge(self.focused, dir as u32);
                false
            }
        }
    }

    /// A pointer press that hit node `hit` (or nothing): the nearest
    /// focusable node at or above it takes focus; the `POINTER` event names
    /// both. Returns true when a scroll was set at once.
    #[allow(clippy::too_many_arguments)]
    pub fn pointer(&mut self, cx: &mut Cx<'_>, hit: Option<u32>, gen: u32, action: u32, x: f32, y: f32, at: f64) -> bool {
        let mut target = NONE;
        if let Some(slot) = hit.and_then(|h| cx.scene.slot(h)) {
            let mut cur = slot;
            while cur != NO_SLOT {
                if can_focus(cx.scene, cur, gen) {
                    target = cx.scene.node(cur).id;
                    break;
                }
                cur = cx.scene.node(cur).parent;
            }
        }
        cx.events.pointer(hit.unwrap_or(NONE), target, action, x, y);
        target != NONE && self.set(cx, target, focus_cause::POINTER, at)
    }

    /// The focusable node nearest the top-left (top first) of the last build.
    fn first_focusable(&mut self, scene: &Scene, gen: u32) -> Option<Slot> {
        let mut best: Option<(f32, f32, Slot)> = None;
        self.slots.clear();
        self.slots.push(ROOT_SLOT);
        while let Some(s) = self.slots.pop() {
            let n = scene.node(s);
            if n.geom_gen != gen {
                continue;
            }
            if n.props.visual.focusable {
                let key = (n.geom[1], n.geom[0], s);
                if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                    best = Some(key);
                }
            }
            self.slots.extend_from_slice(&n.children);
        }
        best.map(|b| b.2)
    }

    /// Moves focus to `id` (any [`focus_cause`]): the old node animates back
    /// to its resting style, the new one to its focus style, focus memory
    /// and scroll-into-view follow, and a `FOCUS` event is queued. Returns
    /// true when a scroll offset was set at once (no duration).
    pub fn set(&mut self, cx: &mut Cx<'_>, id: u32, cause: u32, at: f64) -> bool {
        if id == self.focused {
            return false;
        }
        let old = self.focused;
        // Blur: animate the old node back to its resting style.
        if let Some(s) = cx.scene.slot(old) {
            let n = cx.scene.node_mut(s);
            // (`get_mut`: an unstyled node has no `Visual` to make.)
            if let Some((sx, sy, c, fx)) = n.props.visual.get_mut().and_then(|v| v.rest.take()) {
                let v = &*n.props.visual;
                let (d, set, styled) = (v.focus_duration, v.focus_fx, v.focus_scale.is_some() || v.focus_color.is_some());
                let targets = [
                    (key::SCALE_X, PropValue::F32(sx)),
                    (key::SCALE_Y, PropValue::F32(sy)),
                    (key::COLOR_TL, PropValue::U32(c[0])),
                    (key::COLOR_TR, PropValue::U32(c[1])),
                    (key::COLOR_BL, PropValue::U32(c[2])),
                    (key::COLOR_BR, PropValue::U32(c[3])),
                ];
                if styled {
                    animate(cx, old, &targets, d, at);
                }
                animate_fx(cx, old, &set, &fx, d, at);
            }
        }
        self.focused = id;
        cx.events.focus(old, id, cause);
        if !cx.a11y.focus(cx.scene, id, at) {
            cx.events.unnamed_focus(id);
        }
        let Some(s) = cx.scene.slot(id) else {
            return false;
        };
        super::remember(cx.scene, s);
        let n = cx.scene.node_mut(s);
        let v = &*n.props.visual;
        let (focus_scale, focus_color, focus_duration) = (v.focus_scale, v.focus_color, v.focus_duration);
        let focus_fx = v.focus_fx;
        let styled = focus_scale.is_some() || focus_color.is_some();
        if styled || focus_fx != [0; 4] {
            // What blur animates back to: scale, colours and effects at rest.
            // (A styled node has its own `Visual`: this allocates nothing.)
            let rest = Some((v.scale_x, v.scale_y, n.props.colors, FOCUS_EFFECT_KEYS.map(|(k, _)| v.effects.word(k))));
            n.props.visual.rest = rest;
        }
        if styled {
            let mut targets = [(0u16, PropValue::Reset); 2];
            let mut len = 0;
            if let Some(sc) = focus_scale {
                targets[len] = (key::SCALE, PropValue::F32(sc));
                len += 1;
            }
            if let Some(c) = focus_color {
                targets[len] = (key::COLOR, PropValue::U32(c));
                len += 1;
            }
            animate(cx, id, &targets[..len], focus_duration, at);
        }
        animate_fx(cx, id, &focus_fx, &focus_fx, focus_duration, at);
        let mut moved = false;
        super::scroll_into_view(cx.scene, s, &mut self.scrolls, &mut self.slots);
        for t in &self.scrolls {
            if t.duration_ms <= 0.0 {
                if let Some(cs) = cx.scene.slot(t.container) {
                    crate::scene::apply_prop::apply(&mut cx.scene.node_mut(cs).props, t.key, PropValue::F32(t.value));
                    cx.scene.touch(cs);
                    moved = true;
                }
            } else {
                animate(cx, t.container, &[(t.key, PropValue::F32(t.value))], t.duration_ms, at);
            }
        }
        moved
    }
}

/// An engine-made ease-out animation of `targets` on `node` (no events to
/// the app: id 0).
fn animate(cx: &mut Cx<'_>, node: u32, targets: &[(u16, PropValue)], duration_ms: f32, at: f64) {
    let timing = Timing { duration_ms, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing: Easing::EASE_OUT };
    let mut req = StartRequest { id: 0, node, timing, targets: [(0, PropValue::Reset); MAX_TRACKS], len: 0 };
    for &t in targets.iter().take(MAX_TRACKS) {
        req.targets[req.len as usize] = t;
        req.len += 1;
    }
    cx.animator.start(cx.scene, &req, at, cx.events);
}

/// Animates the focus effects whose style words are `set` (not 0) to
/// `values` (the focus style, or the values at rest on blur).
fn animate_fx(cx: &mut Cx<'_>, node: u32, set: &[u32; 4], values: &[u32; 4], duration_ms: f32, at: f64) {
    let mut targets = [(0u16, PropValue::Reset); 4];
    let mut len = 0;
    for (i, &(k, _)) in FOCUS_EFFECT_KEYS.iter().enumerate() {
        if set[i] != 0 {
            let w = values[i];
            let colour = k == key::BORDER_COLOR || k == key::SHADOW_COLOR;
            targets[len] = (k, if colour { PropValue::U32(w) } else { PropValue::F32(f32::from_bits(w)) });
            len += 1;
        }
    }
    if len > 0 {
        animate(cx, node, &targets[..len], duration_ms, at);
    }
}
