//! The engine: scene + transactions + layout + display list, driven one
//! batch and one frame at a time.
//!
//! [`Engine`] is the native API (tests, benches, tools); [`crate::abi`] wraps
//! one instance of it as the C ABI that `engine.wasm` exports. Keeping the
//! ABI a thin shell over this type is what makes the native engine and
//! `engine.wasm` produce byte-identical display lists.

use crate::anim::easing::Easing;
use crate::anim::{Animator, Direction, StartRequest, Timing, MAX_TRACKS};
use crate::build::{BuildStats, Builder};
use crate::focus::{self, NavScratch, ScrollTarget};
use crate::protocol::props::{key, PropValue};
use crate::protocol::NONE;
use crate::transaction::Deferred;
use crate::display_list::{read_display_list, DisplayListRef};
use crate::protocol::decode::as_words;
use crate::protocol::error::{BatchError, ErrorKind, HEADER_INDEX};
use crate::protocol::events::{EventWriter, FrameStats};
use crate::protocol::Batch;
use crate::resources::Resources;
use crate::scene::node::FOCUS_EFFECT_KEYS;
use crate::scene::{snapshot, Scene, Slot};
use crate::transaction::Journal;

/// One engine instance.
#[derive(Debug)]
pub struct Engine {
    scene: Scene,
    journal: Journal,
    builder: Builder,
    events: EventWriter,
    stats: FrameStats,
    scratch: Vec<u32>,
    layout_stack: Vec<(Slot, f32, f32)>,
    deferred: Vec<Deferred>,
    ops: Vec<Deferred>,
    animator: Animator,
    resources: Resources,
    focused: u32,
    nav: NavScratch,
    scrolls: Vec<ScrollTarget>,
    slots: Vec<Slot>,
    last_time: Option<f64>,
    last_error: String,
    snapshot: Vec<u8>,
    layout_dirty: bool,
    paint_dirty: bool,
    frame_no: u32,
    pending_batches: u32,
    pending_commands: u32,
    pending_rejected: u32,
    a11y: crate::a11y::Announcer,
    videos: crate::video::Videos,
    #[cfg(feature = "overlay")]
    overlay: crate::overlay::Overlay,
}

impl Engine {
    /// An engine with an empty scene (just the root) of the given viewport.
    pub fn new(width: u32, height: u32) -> Self {
        Self {
            scene: Scene::new(width, height),
            journal: Journal::new(),
            builder: Builder::new(width, height),
            events: EventWriter::new(),
            stats: FrameStats::default(),
            scratch: Vec::new(),
            layout_stack: Vec::with_capacity(256),
            deferred: Vec::with_capacity(16),
            ops: Vec::with_capacity(16),
            animator: Animator::new(),
            resources: Resources::new(),
            focused: NONE,
            nav: NavScratch::default(),
            scrolls: Vec::with_capacity(4),
            slots: Vec::with_capacity(64),
            last_time: None,
            last_error: String::new(),
            snapshot: Vec::new(),
            layout_dirty: true,
            paint_dirty: true,
            frame_no: 0,
            pending_batches: 0,
            pending_commands: 0,
            pending_rejected: 0,
            a11y: crate::a11y::Announcer::default(),
            videos: crate::video::Videos::default(),
            #[cfg(feature = "overlay")]
            overlay: crate::overlay::Overlay::new(),
        }
    }

    /// Video nodes' requested playback state (see [`crate::video`]).
    pub fn videos(&self) -> &crate::video::Videos {
        &self.videos
    }

    /// The scene (read-only: all changes go through batches).
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// Decodes and applies one batch atomically, then runs the frames its
    /// `FRAME` commands asked for. On error nothing changed, an `ERROR`
    /// event is queued and [`Engine::last_error`] is set.
    pub fn submit(&mut self, bytes: &[u8]) -> Result<(), BatchError> {
        let mut scratch = core::mem::take(&mut self.scratch);
        let r = match as_words(bytes, &mut scratch) {
            Ok(words) => self.apply_words(words),
            Err(kind) => Err(BatchError { seq: 0, cmd_index: HEADER_INDEX, op: 0, kind }),
        };
        self.scratch = scratch;
        self.finish_submit(r)
    }

    /// Applies a batch already viewed as words (the ABI's input buffer).
    pub fn submit_words(&mut self, words: &[u32]) -> Result<(), BatchError> {
        let r = self.apply_words(words);
        self.finish_submit(r)
    }

    fn apply_words(&mut self, words: &[u32]) -> Result<(), BatchError> {
        let batch = Batch::parse(words)?;
        let before = self.deferred.len();
        let animator = &self.animator;
        let animating = |node: u32, key: u16| !animator.is_empty() && animator.is_animating(node, key);
        let applied = match self.journal.apply(&mut self.scene, &batch, &mut self.deferred, &animating) {
            Ok(a) => a,
            Err(e) => {
                self.deferred.truncate(before);
                return Err(e);
            }
        };
        if !self.journal.fonts.is_empty() {
            self.take_fonts();
        }
        if !self.journal.says.is_empty() {
            self.a11y.take(&mut self.journal.says);
        }
        if self.journal.video_seen || !self.videos.is_empty() {
            self.videos.after_commit(&self.scene, &batch, &mut self.events);
        }
        self.layout_dirty |= applied.layout_changed;
        self.paint_dirty |= applied.paint_changed;
        self.pending_batches += 1;
        self.pending_commands += applied.commands;
        #[cfg(feature = "overlay")]
        self.overlay.note_batch(words.len() * 4);
        Ok(())
    }

    fn finish_submit(&mut self, r: Result<(), BatchError>) -> Result<(), BatchError> {
        match r {
            Ok(()) => {
                let mut i = 0;
                while i < self.deferred.len() {
                    match self.deferred[i] {
                        Deferred::Frame(t) => {
                            self.frame(t);
                        }
                        op => self.ops.push(op),
                    }
                    i += 1;
                }
                self.deferred.clear();
                Ok(())
            }
            Err(e) => {
                self.pending_rejected += 1;
                self.events.error(&e);
                self.last_error.clear();
                use core::fmt::Write;
                let _ = write!(self.last_error, "{e}");
                Err(e)
            }
        }
    }

    /// Runs one frame: layout if something layout-relevant changed, the
    /// display list if something drawn changed; queues a `FRAME_STATS`
    /// event and returns the stats.
    pub fn frame(&mut self, time_ms: f64) -> &FrameStats {
        self.frame_no += 1;
        // Requests that arrived since the last frame start from that
        // frame's time: the first frame after them already shows progress.
        let at = self.last_time.unwrap_or(time_ms).min(time_ms);
        self.process_ops(at);
        let tick = self.animator.tick(&mut self.scene, time_ms, &mut self.events);
        self.layout_dirty |= tick.layout_changed;
        self.paint_dirty |= tick.paint_changed;
        let layout_nodes = if self.layout_dirty {
            crate::layout::compute_with_text(&mut self.scene, &mut self.layout_stack, &mut self.builder.text)
        } else {
            0
        };
        let (rebuilt, built) = if self.paint_dirty || self.layout_dirty {
            let built = self.builder.build_with(&mut self.scene, self.frame_no, Some(&self.resources));
            // The glyph atlas counts against the texture budget like images
            // (it may have been created or grown by this build).
            self.resources.set_atlas_bytes(self.builder.text.atlas().texture_bytes());
            self.resources.after_build(&self.scene, self.builder.images(), &mut self.events);
            (1, built)
        } else {
            self.builder.set_frame(self.frame_no);
            (0, BuildStats { items: self.builder.header().item_count, culled: self.stats.culled })
        };
        self.layout_dirty = false;
        self.paint_dirty = false;
        for m in self.builder.text.missing.drain(..) {
            self.events.missing_glyph(m[0], m[1]);
        }
        // Requests and evictions; an eviction is drawn from the next frame
        // on (only textures not on screen are ever evicted).
        self.paint_dirty |= self.resources.frame(!self.animator.is_empty(), &mut self.events);
        self.stats = FrameStats {
            frame: self.frame_no,
            nodes: self.scene.len(),
            layout_nodes,
            dl_items: built.items,
            culled: built.culled,
            dl_rebuilt: rebuilt,
            batches: self.pending_batches,
            commands: self.pending_commands,
            rejected: self.pending_rejected,
            memory_bytes: memory_bytes(),
            animations: self.animator.len() as u32,
            focused: self.focused,
            texture_bytes: self.resources.texture_bytes().min(u64::from(u32::MAX)) as u32,
            texture_budget: self.resources.budget().min(u64::from(u32::MAX)) as u32,
            time_ms,
        };
        self.last_time = Some(time_ms);
        self.pending_batches = 0;
        self.pending_commands = 0;
        self.pending_rejected = 0;
        #[cfg(feature = "overlay")]
        self.overlay_frame();
        self.a11y.frame(&self.scene, time_ms, &mut self.events);
        self.events.frame(&self.stats);
        &self.stats
    }

    /// Registers the fonts of the batch just committed: every text node
    /// must be measured again.
    fn take_fonts(&mut self) {
        for (family, data) in self.journal.fonts.drain(..) {
            self.builder.text.register_font(family, data);
        }
        for s in 0..self.scene.slot_count() as Slot {
            let n = self.scene.node(s);
            if n.alive && n.kind == crate::protocol::NodeKind::Text {
                self.scene.invalidate_layout(s);
            }
        }
        self.layout_dirty = true;
        self.paint_dirty = true;
    }

    /// Registers a font (TTF/OTF bytes) under `family` by submitting a
    /// one-command `REGISTER_FONT` batch: what hosts call at start with the
    /// project's default font (`engine/fonts/DejaVuSans.ttf`).
    pub fn register_font(&mut self, family: &str, data: &[u8]) -> Result<(), BatchError> {
        let mut b = crate::protocol::BatchBuilder::new(0);
        b.register_font(family, data);
        self.submit(&b.finish())
    }

    /// The text system (fonts, layout caches, glyph atlas).
    pub fn text(&self) -> &crate::text::TextSystem {
        &self.builder.text
    }

    /// Texture deltas produced since the last [`Engine::clear_texture_deltas`]
    /// (format in [`crate::texture`]); empty when there are none.
    pub fn texture_deltas_bytes(&self) -> &[u8] {
        #[cfg(feature = "overlay")]
        if self.overlay.has_deltas() {
            return self.overlay.merged_deltas();
        }
        self.builder.text.deltas().bytes()
    }

    /// Drops pending texture deltas: the host's painter applied them.
    pub fn clear_texture_deltas(&mut self) {
        #[cfg(feature = "overlay")]
        self.overlay.clear_deltas();
        self.builder.text.clear_deltas();
    }

    /// The focused node's id, or `NONE`.
    pub fn focused(&self) -> u32 {
        self.focused
    }

    /// Number of running animations.
    pub fn animations(&self) -> usize {
        self.animator.len()
    }

    fn process_ops(&mut self, at: f64) {
        if self.focused != NONE && self.scene.slot(self.focused).is_none() {
            self.events.focus(self.focused, NONE, 3);
            self.focused = NONE;
            self.a11y.focus(&self.scene, NONE, at);
        }
        let mut i = 0;
        while i < self.ops.len() {
            let op = self.ops[i];
            i += 1;
            match op {
                Deferred::Animate(req) => {
                    self.animator.start(&self.scene, &req, at, &mut self.events);
                }
                Deferred::AnimCtrl { anim_id, action } => {
                    let r = self.animator.control(&mut self.scene, anim_id, action, at, &mut self.events);
                    self.layout_dirty |= r.layout_changed;
                    self.paint_dirty |= r.paint_changed;
                }
                #[cfg(feature = "overlay")]
                Deferred::Navigate(dir) if self.overlay.is_open() => self.overlay.navigate(dir as u32),
                Deferred::Navigate(dir) => self.navigate(dir, at),
                Deferred::Focus(id) => self.set_focus(id, 1, at),
                Deferred::Pointer { x, y, action } => {
                    let gen = self.builder.generation();
                    let hit = self.builder.hit_test(x, y);
                    let mut target = NONE;
                    if let Some(slot) = hit.and_then(|h| self.scene.slot(h)) {
                        let mut cur = slot;
                        while cur != crate::scene::NO_SLOT {
                            if focus::can_focus(&self.scene, cur, gen) {
                                target = self.scene.node(cur).id;
                                break;
                            }
                            cur = self.scene.node(cur).parent;
                        }
                    }
                    self.events.pointer(hit.unwrap_or(NONE), target, action, x, y);
                    if target != NONE {
                        self.set_focus(target, 2, at);
                    }
                }
                Deferred::Image { texture, width, height, byte_size, reason } => {
                    self.paint_dirty |=
                        self.resources.answer(texture, width, height, byte_size, reason, &mut self.events);
                }
                Deferred::StopTrack { node, key } => self.animator.stop_track(node, key, &mut self.events),
                Deferred::Frame(_) => {}
            }
        }
        self.ops.clear();
    }

    fn navigate(&mut self, dir: focus::Dir, at: f64) {
        let gen = self.builder.generation();
        let from = self.scene.slot(self.focused).filter(|&s| focus::can_focus(&self.scene, s, gen));
        let target = match from {
            Some(f) => focus::navigate(&self.scene, f, dir, gen, &mut self.nav),
            // Nothing focused: the top-left focusable node.
            None => self.first_focusable(gen),
        };
        match target {
            Some(t) => {
                let id = self.scene.node(t).id;
                self.set_focus(id, 0, at);
            }
            None => self.events.nav_edge(self.focused, dir as u32),
        }
    }

    fn first_focusable(&mut self, gen: u32) -> Option<Slot> {
        let mut best: Option<(f32, f32, Slot)> = None;
        self.slots.clear();
        self.slots.push(crate::scene::ROOT_SLOT);
        while let Some(s) = self.slots.pop() {
            let n = self.scene.node(s);
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

    fn ease_out(duration_ms: f32) -> Timing {
        Timing { duration_ms, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing: Easing::EASE_OUT }
    }

    fn animate_internal(&mut self, node: u32, targets: &[(u16, PropValue)], duration_ms: f32, at: f64) {
        let mut req = StartRequest {
            id: 0,
            node,
            timing: Self::ease_out(duration_ms),
            targets: [(0, PropValue::Reset); MAX_TRACKS],
            len: 0,
        };
        for &t in targets.iter().take(MAX_TRACKS) {
            req.targets[req.len as usize] = t;
            req.len += 1;
        }
        self.animator.start(&self.scene, &req, at, &mut self.events);
    }

    /// Animates the effects of the focus style words that are `set` (not 0)
    /// to `values` (the focus style, or the values at rest on blur).
    fn animate_focus_fx(&mut self, node: u32, set: &[u32; 4], values: &[u32; 4], duration_ms: f32, at: f64) {
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
            self.animate_internal(node, &targets[..len], duration_ms, at);
        }
    }

    /// Moves focus, applying blur/focus styles, focus memory and
    /// scroll-into-view, and reports a `FOCUS` event.
    fn set_focus(&mut self, id: u32, cause: u32, at: f64) {
        if id == self.focused {
            return;
        }
        let old = self.focused;
        // Blur: animate the old node back to its resting style.
        if let Some(s) = self.scene.slot(old) {
            let n = self.scene.node_mut(s);
            if let Some((sx, sy, c, fx)) = n.rest.take() {
                let v = &n.props.visual;
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
                    self.animate_internal(old, &targets, d, at);
                }
                self.animate_focus_fx(old, &set, &fx, d, at);
            }
        }
        self.focused = id;
        self.events.focus(old, id, cause);
        if !self.a11y.focus(&self.scene, id, at) {
            self.events.unnamed_focus(id);
        }
        let Some(s) = self.scene.slot(id) else { return };
        focus::remember(&mut self.scene, s);
        let n = self.scene.node_mut(s);
        let v = &n.props.visual;
        let (focus_scale, focus_color, focus_duration) = (v.focus_scale, v.focus_color, v.focus_duration);
        let focus_fx = v.focus_fx;
        let styled = focus_scale.is_some() || focus_color.is_some();
        if styled || focus_fx != [0; 4] {
            // What blur animates back to: scale, colours and effects at rest.
            n.rest = Some((v.scale_x, v.scale_y, v.colors, FOCUS_EFFECT_KEYS.map(|(k, _)| v.effects.word(k))));
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
            self.animate_internal(id, &targets[..len], focus_duration, at);
        }
        self.animate_focus_fx(id, &focus_fx, &focus_fx, focus_duration, at);
        let mut scrolls = core::mem::take(&mut self.scrolls);
        focus::scroll_into_view(&self.scene, s, &mut scrolls, &mut self.slots);
        for t in &scrolls {
            if t.duration_ms <= 0.0 {
                if let Some(cs) = self.scene.slot(t.container) {
                    crate::scene::apply_prop::apply(&mut self.scene.node_mut(cs).props, t.key, PropValue::F32(t.value));
                    self.paint_dirty = true;
                }
            } else {
                self.animate_internal(t.container, &[(t.key, PropValue::F32(t.value))], t.duration_ms, at);
            }
        }
        self.scrolls = scrolls;
    }

    /// The resource manager (images, texture budget).
    pub fn resources(&self) -> &Resources {
        &self.resources
    }

    /// The resource manager, mutably: the budget, throttles, atlas size.
    pub fn resources_mut(&mut self) -> &mut Resources {
        &mut self.resources
    }

    /// Sets the device's texture budget in bytes (0 = unlimited).
    pub fn set_texture_budget(&mut self, bytes: u64) {
        self.resources.set_budget(bytes);
        self.paint_dirty = true;
    }

    /// Statistics of the last frame.
    pub fn stats(&self) -> &FrameStats {
        &self.stats
    }

    /// The last frame's display list as bytes (header + items, 4-aligned).
    pub fn display_list_bytes(&self) -> &[u8] {
        #[cfg(feature = "overlay")]
        if self.overlay.is_open() {
            return self.overlay.list_bytes();
        }
        self.builder.bytes()
    }

    /// The last frame's display list.
    pub fn display_list(&self) -> DisplayListRef<'_> {
        match read_display_list(self.display_list_bytes()) {
            Ok(dl) => dl,
            // The builder always writes a valid, aligned list.
            Err(_) => DisplayListRef { header: self.builder.header(), items: self.builder.items() },
        }
    }

    /// Queued events (header + events).
    pub fn events_bytes(&self) -> &[u8] {
        self.events.as_bytes()
    }

    /// Drops queued events.
    pub fn clear_events(&mut self) {
        self.events.clear();
    }

    /// Message of the last rejected batch ("" if none).
    pub fn last_error(&self) -> &str {
        &self.last_error
    }

    /// Encodes the scene as a batch that recreates it; kept until the next call.
    pub fn snapshot(&mut self) -> &[u8] {
        self.snapshot = snapshot::encode(&self.scene, 0);
        // Registered fonts come first, so the recreated text lays out alike.
        if !self.builder.text.fonts().is_empty() {
            let mut b = crate::protocol::BatchBuilder::new(0);
            for (family, data) in self.builder.text.fonts().iter() {
                b.register_font(family, data);
            }
            let mut merged = b.finish();
            let count = u32::from_le_bytes([merged[12], merged[13], merged[14], merged[15]])
                + u32::from_le_bytes([self.snapshot[12], self.snapshot[13], self.snapshot[14], self.snapshot[15]]);
            merged[12..16].copy_from_slice(&count.to_le_bytes());
            merged.extend_from_slice(&self.snapshot[crate::protocol::HEADER_BYTES..]);
            self.snapshot = merged;
        }
        &self.snapshot
    }

    /// The snapshot built by the last [`Engine::snapshot`] call.
    pub fn snapshot_bytes(&self) -> &[u8] {
        &self.snapshot
    }

    /// Reports an allocation failure seen by the ABI layer.
    pub fn report_error(&mut self, kind: ErrorKind) {
        let e = BatchError { seq: 0, cmd_index: HEADER_INDEX, op: 0, kind };
        let _ = self.finish_submit(Err(e));
    }
}

#[cfg(target_arch = "wasm32")]
fn memory_bytes() -> u32 {
    (core::arch::wasm32::memory_size(0) as u32).saturating_mul(65536)
}

#[cfg(not(target_arch = "wasm32"))]
fn memory_bytes() -> u32 {
    0
}

/// The debug overlay (feature `overlay`; see [`crate::overlay`]).
#[cfg(feature = "overlay")]
impl Engine {
    fn overlay_frame(&mut self) {
        self.overlay.record(&self.stats);
        if self.overlay.is_open() {
            let view = crate::overlay::View {
                scene: &self.scene,
                stats: &self.stats,
                text: &self.builder.text,
                resources: &self.resources,
                base: self.builder.bytes(),
            };
            self.overlay.run(&view);
            // The composed list changes every open frame.
            self.stats.dl_rebuilt = 1;
            self.stats.dl_items = bytemuck::pod_read_unaligned(&self.overlay.list_bytes()[8..12]);
        }
        if self.overlay.has_deltas() {
            self.overlay.merge_deltas(self.builder.text.deltas().bytes());
        }
    }

    /// The overlay (read-only).
    pub fn overlay(&self) -> &crate::overlay::Overlay {
        &self.overlay
    }

    /// Shows or hides the overlay (takes effect at the next frame).
    pub fn set_overlay_open(&mut self, open: bool) {
        self.overlay.set_open(open);
    }

    /// A key press (DOM key code) for the overlay: 406 (blue) and 123 (F12)
    /// toggle it; while open it consumes the D-pad, Enter and Back. Returns
    /// true when consumed (do not give the key to the app).
    pub fn overlay_key(&mut self, code: u32) -> bool {
        self.overlay.key(code)
    }

    /// Pointer input for the overlay (viewport px; action 0 move, 1 press,
    /// 2 release). Returns true while the overlay is open (it takes the pointer).
    pub fn overlay_pointer(&mut self, x: f32, y: f32, action: u32) -> bool {
        if !self.overlay.is_open() {
            return false;
        }
        let ppp = crate::overlay::ppp_for(self.builder.header().viewport_h);
        self.overlay.pointer(x, y, action, ppp);
        true
    }

    /// Host-reported figures for the overlay's panels.
    pub fn overlay_host_stats(&mut self, stats: crate::overlay::HostStats) {
        self.overlay.set_host_stats(stats);
    }
}
