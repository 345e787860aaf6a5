//! Property animation inside the engine.
//!
//! Animations are evaluated from the host's frame clock in
//! [`Animator::tick`], so nothing on the per-frame path runs in JS. Values
//! are a pure function of `now - start`: a late frame lands where it would
//! have been on time (skips ahead), it never slows down. A new animation of
//! a property takes that property over from any running animation and
//! starts from the current (possibly mid-flight) value, so interruptions
//! are smooth. Colours interpolate in premultiplied-alpha OKLab (see
//! [`color`]), the perceptual space CSS Color 4 uses for interpolation.
//!
//! Storage is a `Vec` of fixed-size animations (up to [`MAX_TRACKS`]
//! properties each), reused across frames: ticking allocates nothing.

pub mod color;
pub mod easing;

use crate::protocol::events::EventWriter;
use crate::protocol::props::{key, PropValue};
use crate::scene::{apply_prop, Props, Scene, Slot, NO_SLOT};
use easing::{Easing, Eval};

/// Properties one animation may drive (a protocol limit: the decoder checks it).
pub use crate::protocol::props::MAX_TRACKS;

/// The wire vocabulary of animations (see `reel_wire::anim`).
pub use reel_wire::anim::{anim_event, ctrl, Direction, Timing};

/// Length of one iteration in ms: a spring's settle time, else the duration.
fn iteration_ms(t: &Timing) -> f32 {
    match t.easing {
        Easing::Spring { .. } => t.easing.spring_duration_ms(),
        _ => t.duration_ms,
    }
}

/// What a track interpolates.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Span {
    Num(f32, f32),
    Color(u32, u32),
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Track {
    key: u16,
    span: Span,
}

#[derive(Clone, Copy, Debug)]
struct Animation {
    id: u32,
    node: u32,
    slot: Slot,
    timing: Timing,
    tracks: [Track; MAX_TRACKS],
    len: u8,
    start: Option<f64>,
    paused_at: Option<f64>,
    paused_total: f64,
    cancelled: bool,
}

/// A request to start an animation, collected during a batch and started
/// when the batch commits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StartRequest {
    /// Caller's animation id (0 for transitions and engine-made animations:
    /// they report no events).
    pub id: u32,
    /// Target node.
    pub node: u32,
    /// Timing.
    pub timing: Timing,
    /// Target values.
    pub targets: [(u16, PropValue); MAX_TRACKS],
    /// Number of targets used.
    pub len: u8,
}

/// The per-property animation facts live in the property table (see
/// `crate::protocol::props`); re-exported here for the animator's callers.
pub use crate::protocol::props::{animatable, expand, is_color_key};

/// Current value of a single (expanded) numeric property, if it is a plain
/// number now (a percentage or `auto` size cannot be interpolated: such a
/// track jumps to its target).
pub fn read_num(p: &Props, k: u16) -> Option<f32> {
    use taffy::CompactLength;
    let v = &*p.visual;
    let s = p.style();
    let len = |raw: CompactLength| (raw.tag() == CompactLength::LENGTH_TAG).then(|| raw.value());
    if let key::RADIUS_TL..=key::SRC_H = k {
        return Some(v.effects.num(k));
    }
    Some(match k {
        key::X => p.x,
        key::Y => p.y,
        key::ALPHA => p.alpha,
        key::SCALE_X => v.scale_x,
        key::SCALE_Y => v.scale_y,
        key::ROTATION => v.rotation,
        key::SCROLL_X => v.scroll[0],
        key::SCROLL_Y => v.scroll[1],
        key::FLEX_GROW => s.flex_grow,
        key::FLEX_SHRINK => s.flex_shrink,
        key::W => return len(p.size.width.into_raw()),
        key::H => return len(p.size.height.into_raw()),
        key::MIN_W => return len(s.min_size.width.into_raw()),
        key::MIN_H => return len(s.min_size.height.into_raw()),
        key::MAX_W => return len(s.max_size.width.into_raw()),
        key::MAX_H => return len(s.max_size.height.into_raw()),
        key::PADDING_TOP => return len(s.padding.top.into_raw()),
        key::PADDING_RIGHT => return len(s.padding.right.into_raw()),
        key::PADDING_BOTTOM => return len(s.padding.bottom.into_raw()),
        key::PADDING_LEFT => return len(s.padding.left.into_raw()),
        key::MARGIN_TOP => return len(s.margin.top.into_raw()),
        key::MARGIN_RIGHT => return len(s.margin.right.into_raw()),
        key::MARGIN_BOTTOM => return len(s.margin.bottom.into_raw()),
        key::MARGIN_LEFT => return len(s.margin.left.into_raw()),
        key::ROW_GAP => return len(s.gap.height.into_raw()),
        key::COLUMN_GAP => return len(s.gap.width.into_raw()),
        _ => return None,
    })
}

fn read_color(p: &Props, k: u16) -> u32 {
    let c = &p.colors;
    match k {
        key::BORDER_COLOR | key::SHADOW_COLOR => p.visual.effects.word(k),
        key::COLOR_TL => c[0],
        key::COLOR_TR => c[1],
        key::COLOR_BL => c[2],
        _ => c[3],
    }
}

/// What a tick changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TickResult {
    /// Animations evaluated.
    pub active: u32,
    /// A layout-relevant property moved.
    pub layout_changed: bool,
    /// Anything moved.
    pub paint_changed: bool,
}

/// All running animations.
#[derive(Debug, Default)]
pub struct Animator {
    anims: Vec<Animation>,
    /// Colour endpoints' OKLab forms (transitions mix the same two every frame).
    labs: color::LabCache,
}

impl Animator {
    /// No animations.
    pub fn new() -> Self {
        Self { anims: Vec::with_capacity(64), labs: color::LabCache::default() }
    }

    /// Number of running (or paused) animations.
    pub fn len(&self) -> usize {
        self.anims.len()
    }

    /// True when nothing is animating.
    pub fn is_empty(&self) -> bool {
        self.anims.is_empty()
    }

    /// True when `(node, key)` is driven by a running animation.
    pub fn is_animating(&self, node: u32, k: u16) -> bool {
        self.anims.iter().any(|a| a.node == node && !a.cancelled && a.tracks[..a.len as usize].iter().any(|t| t.key == k))
    }

    /// Stops animating one property of a node (a plain write took it over).
    /// An animation left with no properties is cancelled.
    pub fn stop_track(&mut self, node: u32, k: u16, events: &mut EventWriter) {
        for a in self.anims.iter_mut().filter(|a| a.node == node && !a.cancelled) {
            let len = a.len as usize;
            if let Some(i) = a.tracks[..len].iter().position(|t| t.key == k) {
                a.tracks.copy_within(i + 1..len, i);
                a.len -= 1;
                if a.len == 0 {
                    a.cancelled = true;
                    if a.id != 0 {
                        events.anim(a.id, a.node, anim_event::CANCELLED);
                    }
                }
            }
        }
        self.anims.retain(|a| !a.cancelled);
    }

    /// Starts an animation from the node's current values. Tracks of other
    /// animations on the same properties are taken over; an animation left
    /// with no tracks is cancelled. Returns false if the node is gone.
    pub fn start(&mut self, scene: &Scene, req: &StartRequest, at: f64, events: &mut EventWriter) -> bool {
        let Some(slot) = scene.slot(req.node) else {
            // Destroyed before the animation could start: the sender still
            // hears how it ended.
            if req.id != 0 {
                events.anim(req.id, req.node, anim_event::CANCELLED);
            }
            return false;
        };
        let props = &scene.node(slot).props;
        let mut tracks = [Track { key: 0, span: Span::Num(0.0, 0.0) }; MAX_TRACKS];
        let mut len = 0usize;
        for &(k, target) in &req.targets[..req.len as usize] {
            for &single in expand(k) {
                if len == MAX_TRACKS {
                    break;
                }
                let span = if is_color_key(single) {
                    let to = match target {
                        PropValue::U32(c) => c,
                        _ => 0,
                    };
                    Span::Color(read_color(props, single), to)
                } else {
                    let to = match target {
                        PropValue::F32(v) => v,
                        _ => continue,
                    };
                    // A non-numeric current value (percent/auto) starts at the target.
                    Span::Num(read_num(props, single).unwrap_or(to), to)
                };
                tracks[len] = Track { key: single, span };
                len += 1;
            }
        }
        // Take the properties over from running animations.
        for a in self.anims.iter_mut().filter(|a| a.node == req.node && !a.cancelled) {
            let mut kept = 0usize;
            for i in 0..a.len as usize {
                let t = a.tracks[i];
                if !tracks[..len].iter().any(|n| n.key == t.key) {
                    a.tracks[kept] = t;
                    kept += 1;
                }
            }
            a.len = kept as u8;
            if kept == 0 {
                a.cancelled = true;
                if a.id != 0 {
                    events.anim(a.id, a.node, anim_event::CANCELLED);
                }
            }
        }
        self.anims.retain(|a| !a.cancelled);
        if req.id != 0 {
            events.anim(req.id, req.node, anim_event::STARTED);
        }
        self.anims.push(Animation {
            id: req.id,
            node: req.node,
            slot,
            timing: req.timing,
            tracks,
            len: len as u8,
            start: Some(at),
            paused_at: None,
            paused_total: 0.0,
            cancelled: false,
        });
        true
    }

    /// Applies an `ANIM_CTRL` action at host time `now`. Unknown ids are ignored
    /// (the animation may have finished in the meantime).
    pub fn control(&mut self, scene: &mut Scene, id: u32, action: u32, now: f64, events: &mut EventWriter) -> TickResult {
        let mut out = TickResult::default();
        for a in self.anims.iter_mut().filter(|a| a.id == id && id != 0) {
            match action {
                ctrl::PAUSE => {
                    if a.paused_at.is_none() {
                        a.paused_at = Some(now);
                    }
                }
                ctrl::RESUME => {
                    if let Some(p) = a.paused_at.take() {
                        a.paused_total += now - p;
                    }
                }
                ctrl::STOP => {
                    a.cancelled = true;
                    events.anim(a.id, a.node, anim_event::CANCELLED);
                }
                _ => {
                    // FINISH: jump to the end.
                    let end = end_progress(&a.timing);
                    write_tracks(scene, a, end, &mut self.labs, &mut out);
                    a.cancelled = true;
                    events.anim(a.id, a.node, anim_event::FINISHED);
                }
            }
        }
        self.anims.retain(|a| !a.cancelled);
        out
    }

    /// Evaluates every animation at host time `now` and writes the values.
    pub fn tick(&mut self, scene: &mut Scene, now: f64, events: &mut EventWriter) -> TickResult {
        let mut out = TickResult::default();
        for a in self.anims.iter_mut() {
            // The node may have been destroyed (and its slot reused).
            let n = scene.node(a.slot);
            if !n.alive || n.id != a.node || scene.slot(a.node) != Some(a.slot) {
                a.cancelled = true;
                if a.id != 0 {
                    events.anim(a.id, a.node, anim_event::CANCELLED);
                }
                continue;
            }
            let start = *a.start.get_or_insert(now);
            if a.paused_at.is_some() {
                continue;
            }
            out.active += 1;
            let local = (now - start - a.paused_total) as f32 - a.timing.delay_ms;
            if local < 0.0 {
                continue;
            }
            let d = iteration_ms(&a.timing);
            let total = if a.timing.iterations == u32::MAX { f32::INFINITY } else { a.timing.iterations as f32 * d };
            if d <= 0.0 || local >= total {
                write_tracks(scene, a, end_progress(&a.timing), &mut self.labs, &mut out);
                a.cancelled = true;
                if a.id != 0 {
                    events.anim(a.id, a.node, anim_event::FINISHED);
                }
                continue;
            }
            let iter = libm::floorf(local / d);
            let p = (local - iter * d) / d;
            write_tracks(scene, a, directed(&a.timing, iter as u32, p), &mut self.labs, &mut out);
        }
        self.anims.retain(|a| !a.cancelled);
        out
    }
}

/// Linear progress after direction, before easing.
fn directed(t: &Timing, iter: u32, p: f32) -> f32 {
    let backwards = match t.direction {
        Direction::Normal => false,
        Direction::Reverse => true,
        Direction::Alternate => iter % 2 == 1,
        Direction::AlternateReverse => iter.is_multiple_of(2),
    };
    if backwards {
        1.0 - p
    } else {
        p
    }
}

fn end_progress(t: &Timing) -> f32 {
    if t.iterations == u32::MAX {
        return directed(t, 0, 1.0);
    }
    directed(t, t.iterations.saturating_sub(1), 1.0)
}

fn write_tracks(scene: &mut Scene, a: &Animation, p: f32, labs: &mut color::LabCache, out: &mut TickResult) {
    // Curves may overshoot and finite spans may overflow f32: every value
    // written is brought into the range the decoder accepts (see
    // `crate::finite`), so the node's snapshot replays.
    let e = a.timing.easing.apply(p);
    let parent_flex = {
        let parent = scene.node(a.slot).parent;
        parent != NO_SLOT && scene.node(parent).is_flex()
    };
    let mut layout = false;
    scene.touch(a.slot);
    let props = &mut scene.node_mut(a.slot).props;
    for t in &a.tracks[..a.len as usize] {
        let spec = crate::protocol::props::spec(t.key);
        let value = match t.span {
            Span::Num(from, to) => PropValue::F32(crate::finite::prop(spec, crate::finite::lerp(from, to, e))),
            Span::Color(from, to) => PropValue::U32(color::mix_cached(labs, from, to, crate::finite::finite(e))),
        };
        apply_prop::apply(props, t.key, value);
        let is_xy = t.key == key::X || t.key == key::Y;
        let affects = spec.is_some_and(|s| s.affects_layout);
        layout |= affects && (!is_xy || parent_flex);
    }
    if layout {
        scene.invalidate_layout(a.slot);
        out.layout_changed = true;
    }
    out.paint_changed = true;
}
