//! The engine: scene + transactions + layout + display list, driven one
//! batch and one frame at a time.
//!
//! [`Engine`] is the native API (tests, benches, tools); [`crate::abi`] wraps
//! one instance of it as the C ABI that `engine.wasm` exports. Keeping the
//! ABI a thin shell over this type is what makes the native engine and
//! `engine.wasm` produce byte-identical display lists.

use crate::anim::Animator;
use crate::build::{BuildStats, Builder};
use crate::display_list::{read_display_list, DisplayListRef};
use crate::focus::can_focus;
use crate::focus::policy::{Cx, Focus};
use crate::overlay::Overlay;
use crate::protocol::decode::as_words;
use crate::protocol::error::{BatchError, ErrorKind, HEADER_INDEX};
use crate::protocol::events::focus_cause;
use crate::protocol::events::{EventWriter, FrameStats};
use crate::protocol::Batch;
use crate::protocol::decode::Checked;
use crate::resources::Resources;
use crate::scene::{Scene, Slot};
use crate::transaction::Deferred;
use crate::transaction::Journal;

/// A batch larger than this is written into the display list's spare
/// buffer and that buffer is handed to the list builder after the batch is
/// applied (see [`Engine::reserve_input`] and [`Engine::submit_input`]):
/// about 3,400 created nodes; the batches of a running app are far
/// smaller, and their buffer is kept.
pub const KEEP_INPUT_BYTES: usize = 256 * 1024;

/// Of the commands of one batch the transaction refuses for themselves
/// alone (a node that does not exist), at most this many are skipped
/// ([`Engine::submit_input`]), each one more pass; one more rejects the
/// batch. Those validation refuses (a bad value) are all skipped in one
/// pass, and the first this many reported as events.
pub const MAX_SKIPPED: usize = 32;

/// Skipping stops, and the batch is rejected, before the passes over it
/// add up to more than this many words, or four times the batch.
pub const SKIP_WORDS: usize = 256 * 1024;

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
    focus: Focus,
    last_time: Option<f64>,
    last_error: String,
    snapshot: crate::snapshot_pieces::SnapshotPieces,
    layout_dirty: bool,
    paint_dirty: bool,
    /// A batch changed something or asked for more than a frame since the
    /// last frame (see `frame`'s glyph warm-up).
    input: bool,
    frame_no: u32,
    pending_batches: u32,
    pending_commands: u32,
    pending_rejected: u32,
    a11y: crate::a11y::Announcer,
    videos: crate::video::Videos,
    overlay: Overlay,
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
            focus: Focus::new(),
            last_time: None,
            last_error: String::new(),
            snapshot: Default::default(),
            layout_dirty: true,
            paint_dirty: true,
            input: false,
            frame_no: 0,
            pending_batches: 0,
            pending_commands: 0,
            pending_rejected: 0,
            a11y: crate::a11y::Announcer::default(),
            videos: crate::video::Videos::default(),
            overlay: Overlay::new(),
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
    /// event is queued and [`Engine::last_error`] is set. (Hosts submit
    /// through [`Engine::submit_input`], which also skips a command
    /// refused for itself alone.)
    pub fn submit(&mut self, bytes: &[u8]) -> Result<(), BatchError> {
        let mut scratch = core::mem::take(&mut self.scratch);
        let r = match as_words(bytes, &mut scratch) {
            Ok(words) => self.apply_words(words),
            Err(kind) => Err(BatchError { seq: 0, cmd_index: HEADER_INDEX, op: 0, kind }),
        };
        self.scratch = scratch;
        self.finish_submit(r)
    }

    /// Applies the batch in `buf[..words]` again without the command `e`
    /// refused (turned into a `SKIPPED` command in place: every other
    /// command keeps its index), and without every command refused for
    /// itself alone: all those validation refuses, marked in one pass;
    /// then those only the transaction refuses, one pass each, at most
    /// [`MAX_SKIPPED`] and within [`SKIP_WORDS`] (the cost stays bounded,
    /// and a batch mostly wrong is rejected whole). `big`: the batch takes
    /// the big-batch path ([`Engine::submit_input`]).
    fn skip_refused(&mut self, buf: &mut Vec<u32>, words: usize, big: bool, mut e: BatchError) -> Result<(), BatchError> {
        let mut n = 0;
        // One validation pass marks every command validation refuses for
        // itself alone (a row of tiles sent with the same bad gradient):
        // one pass more, however many, and each is reported (the first
        // MAX_SKIPPED as events, all in `FrameStats::rejected`). What only
        // the transaction refuses (a node that does not exist) is skipped
        // one at a time below.
        let mut marked: Vec<usize> = Vec::new();
        let (events, rejected) = (&mut self.events, &mut self.pending_rejected);
        Batch::parse(&buf[..words]).and_then(|b| {
            b.check(crate::text::font::validate, &mut |at, e| {
                // A long-form header (length half 0) is never skipped.
                let ok = e.skips_command() && u32::from_le(buf[at]) >> 16 != 0;
                if ok {
                    if marked.len() < MAX_SKIPPED {
                        events.refused(e, true);
                    }
                    marked.push(at);
                    *rejected += 1;
                }
                ok
            })
        })?;
        // The sweep's pass, if it marked any, then one per skip.
        let mut swept = !marked.is_empty();
        for at in marked {
            crate::protocol::skip_header(&mut buf[at]);
        }
        loop {
            // Each skip is one more pass over the batch: a big batch gets
            // a few, never dozens (the 20k-node page is ~200M fuel a pass).
            if !swept {
                let affordable = n < MAX_SKIPPED && (n + 1) * words <= SKIP_WORDS.max(4 * words);
                if !(affordable && e.skips_command() && crate::protocol::skip_command(&mut buf[..words], e.cmd_index)) {
                    return Err(e);
                }
                self.pending_rejected += 1;
                self.events.refused(&e, true);
            }
            swept = false;
            n += 1;
            match if big { self.apply_big(buf, words) } else { self.apply_words(&buf[..words]) } {
                Ok(()) => return Ok(()),
                Err(next) => e = next,
            }
        }
    }

    /// Sizes `input`, the buffer a host writes each batch into (the ABI's
    /// input buffer), for a batch of `words` words; false when memory ran
    /// out. A batch over [`KEEP_INPUT_BYTES`] is written into the display
    /// list's spare buffer ([`Builder::take_spare`]), which
    /// [`Engine::submit_input`] hands back: the input and the list its
    /// frame builds are one block of linear memory, which never shrinks.
    pub fn reserve_input(&mut self, input: &mut Vec<u32>, words: usize) -> bool {
        if input.len() >= words {
            return true;
        }
        let big = words * 4 > KEEP_INPUT_BYTES;
        if big {
            let spare = self.builder.take_spare();
            if spare.capacity() > input.capacity() {
                let small = core::mem::replace(input, spare);
                self.builder.give_spare(small);
                input.clear();
            } else {
                self.builder.give_spare(spare);
            }
        }
        let extra = words - input.len();
        // A big batch's buffer is sized exactly, not doubled: linear memory
        // never shrinks.
        let reserved = if big { input.try_reserve_exact(extra) } else { input.try_reserve(extra) };
        if reserved.is_err() {
            return false;
        }
        input.resize(words, 0);
        true
    }

    /// Applies the batch in `input[..words]` (see [`Engine::reserve_input`]):
    /// the ABI's input buffer, so what every host does. As
    /// [`Engine::submit`], except that a command refused for itself alone
    /// ([`BatchError::skips_command`]: a bad `gradient` string, a node that
    /// does not exist) is skipped, not the batch: its `ERROR` event is
    /// queued with the skipped bit (`events::SKIPPED_BIT`) and the batch is
    /// applied again without it: every command validation refuses, in one
    /// pass, then up to [`MAX_SKIPPED`] the transaction refuses (fewer in a
    /// batch over [`SKIP_WORDS`] / 4 words).
    /// Why: the host's app already holds the nodes the batch made; one
    /// refused command rejecting all of them also refused every later
    /// batch naming them, and the screen never came back. Any other error,
    /// or one more refused command, rejects the batch as [`Engine::submit`]
    /// does. The input is edited in place (the command becomes a
    /// `SKIPPED` one of its length).
    ///
    /// A buffer over [`KEEP_INPUT_BYTES`]
    /// holding a batch that creates nodes is validated and prechecked
    /// first (a batch that would be rejected grows nothing), then grown to
    /// the display list the batch's frame will build while it is still the
    /// last block allocated, and handed to the list builder once the batch
    /// is applied, before its frames run: the list is built where the
    /// batch was, not above it (the 20k-node page of issue 14 peaked
    /// 1.9 MB higher with the two apart). Small buffers are kept: a
    /// steady-state batch allocates nothing.
    pub fn submit_input(&mut self, input: &mut Vec<u32>, words: usize) -> Result<(), BatchError> {
        let Some(batch) = input.get(..words) else {
            let kind = ErrorKind::Truncated { needed: words as u64 * 4, got: input.len() as u64 * 4 };
            return self.finish_submit(Err(BatchError { seq: 0, cmd_index: HEADER_INDEX, op: 0, kind }));
        };
        // A big batch that creates nothing (a font) draws no bigger a list:
        // it stays in the input buffer, like a small one.
        let creates = if words * 4 > KEEP_INPUT_BYTES { Batch::parse(batch).map_or(0, |b| b.count_op(crate::protocol::op::CREATE)) } else { 0 };
        let big = creates != 0;
        let r = match if big { self.apply_big(input, words) } else { self.apply_words(&input[..words]) } {
            Err(e) if e.skips_command() => self.skip_refused(input, words, big, e),
            r => r,
        };
        if big {
            self.builder.give_spare(core::mem::take(input));
        }
        self.finish_submit(r)
    }

    /// The big-batch path of [`Engine::submit_input`]: validated and
    /// prechecked, then `input` grown to the list the batch's frame will
    /// build, then applied.
    fn apply_big(&mut self, input: &mut Vec<u32>, words: usize) -> Result<(), BatchError> {
        let (creates, inserts) = self.precheck(&input[..words])?;
        let need = Builder::list_words(self.scene.len() as usize + creates as usize);
        if need > input.capacity() {
            // A hint: without the room, the list is built elsewhere.
            let _ = input.try_reserve_exact(need - input.len());
        }
        let checked = Checked::moved(&input[..words], creates, inserts)?;
        self.journal.prechecked = true;
        self.apply_checked(checked, words)
    }

    /// Validates `words` and runs the big-batch precheck on them: the
    /// batch's creates and inserts, or the error it would be rejected with.
    fn precheck(&self, words: &[u32]) -> Result<(u32, u32), BatchError> {
        let batch = Batch::parse(words)?.validate_with(crate::text::font::validate)?;
        if let Some(e) = crate::precheck::reject_early(&self.scene, &batch, batch.creates as usize) {
            return Err(e);
        }
        Ok((batch.creates, batch.inserts))
    }

    fn apply_words(&mut self, words: &[u32]) -> Result<(), BatchError> {
        // Validated once, here: everything after reads the checked batch.
        let batch = Batch::parse(words)?.validate_with(crate::text::font::validate)?;
        self.apply_checked(batch, words.len())
    }

    /// Applies a validated batch of `words` words.
    fn apply_checked(&mut self, batch: Checked<'_>, words: usize) -> Result<(), BatchError> {
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
        if self.journal.gradient_seen || !self.builder.gradients.is_empty() {
            crate::gradient::after_commit(&mut self.builder.gradients, &self.scene, &batch);
        }
        if self.journal.video_seen || !self.videos.is_empty() {
            self.videos.after_commit(&self.scene, &batch, &mut self.events);
        }
        self.layout_dirty |= applied.layout_changed;
        self.paint_dirty |= applied.paint_changed;
        // Anything but a frame request makes the next frame an input frame.
        self.input |= applied.layout_changed || applied.paint_changed || self.deferred[before..].iter().any(|d| !matches!(d, Deferred::Frame(_)));
        self.pending_batches += 1;
        self.pending_commands += applied.commands;
        self.overlay.note_batch(words * 4);
        Ok(())
    }

    fn finish_submit(&mut self, r: Result<(), BatchError>) -> Result<(), BatchError> {
        // A snapshot being read out no longer matches the scene.
        self.snapshot.end();
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
                e.write_to(&mut self.last_error);
                Err(e)
            }
        }
    }

    /// Runs one frame, phase by phase: the requests queued by batches
    /// (focus, animations, image answers), animation, layout if something
    /// layout-relevant changed, the display list if something drawn
    /// changed, resources, then the stats (a `FRAME_STATS` event), the
    /// overlay and the announcer.
    pub fn frame(&mut self, time_ms: f64) -> &FrameStats {
        self.snapshot.end();
        self.frame_no += 1;
        // Requests that arrived since the last frame start from that
        // frame's time: the first frame after them already shows progress.
        let at = self.last_time.unwrap_or(time_ms).min(time_ms);
        self.process_ops(at);
        self.touch_images();
        // Nothing came from the app (a change, a key, an image answer) since
        // the last frame.
        let quiet = !core::mem::take(&mut self.input);
        let tick = self.animator.tick(&mut self.scene, time_ms, &mut self.events);
        self.layout_dirty |= tick.layout_changed;
        self.paint_dirty |= tick.paint_changed;
        let layout_nodes = self.layout_phase();
        // A frame where nothing changed rasterizes glyphs ahead of use
        // (text::warm); the list is rebuilt only if the atlas grew. A frame
        // that only animates warms a small glyph (never growing the atlas):
        // not an input frame, and an app always animating has no idle one.
        if !self.paint_dirty && self.animator.is_empty() {
            self.paint_dirty = self.builder.text.warm_up(false);
        } else if quiet && !self.animator.is_empty() {
            self.paint_dirty |= self.builder.text.warm_up(true);
        }
        let (rebuilt, built) = self.build_phase();
        // Requests and evictions; an eviction is drawn from the next frame
        // on (only textures not on screen are ever evicted).
        self.paint_dirty |= self.resources.frame(!self.animator.is_empty(), &mut self.events);
        self.touch_images();
        self.stats_phase(time_ms, layout_nodes, rebuilt, built);
        self.overlay_frame();
        self.a11y.frame(&self.scene, time_ms, &mut self.events);
        self.events.frame(&self.stats);
        &self.stats
    }

    /// Touches the image nodes whose texture became resident or was
    /// released: they draw differently (the builder copies untouched
    /// subtrees from the last list).
    fn touch_images(&mut self) {
        for id in self.resources.touched.drain(..) {
            if let Some(s) = self.scene.slot(id) {
                self.scene.touch(s);
            }
        }
    }

    /// Layout, when something layout-relevant changed: the nodes laid out.
    fn layout_phase(&mut self) -> u32 {
        if !self.layout_dirty {
            return 0;
        }
        self.layout_dirty = false;
        // A new layout is drawn: the list is rebuilt.
        self.paint_dirty = true;
        crate::layout::compute_with_text(&mut self.scene, &mut self.layout_stack, &mut self.builder.text)
    }

    /// The display list, when something drawn changed (or layout ran):
    /// `(1, stats)` when rebuilt, `(0, the kept list's stats)` otherwise.
    fn build_phase(&mut self) -> (u32, BuildStats) {
        let out = if self.paint_dirty {
            let built = self.builder.build_with(&mut self.scene, self.frame_no, Some(&self.resources));
            // The glyph atlas counts against the texture budget like images
            // (it may have been created or grown by this build).
            self.resources.set_atlas_bytes(self.builder.text.atlas().texture_bytes());
            let (builder, scene) = (&self.builder, &self.scene);
            self.resources.after_build(scene, builder.images(), builder.generation(), &|s| builder.culled(scene, s), &mut self.events);
            (1, built)
        } else {
            self.builder.set_frame(self.frame_no);
            (0, BuildStats { items: self.builder.header().item_count, culled: self.stats.culled })
        };
        self.paint_dirty = false;
        for m in self.builder.text.missing.drain(..) {
            self.events.missing_glyph(m[0], m[1]);
        }
        out
    }

    /// The frame's [`FrameStats`]; resets the per-frame counters.
    fn stats_phase(&mut self, time_ms: f64, layout_nodes: u32, rebuilt: u32, built: BuildStats) {
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
            focused: self.focus.focused(),
            texture_bytes: self.resources.texture_bytes().min(u64::from(u32::MAX)) as u32,
            texture_budget: self.resources.budget().min(u64::from(u32::MAX)) as u32,
            time_ms,
        };
        self.last_time = Some(time_ms);
        self.pending_batches = 0;
        self.pending_commands = 0;
        self.pending_rejected = 0;
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
        if self.overlay.has_deltas() {
            return self.overlay.merged_deltas();
        }
        self.builder.text.deltas().bytes()
    }

    /// Drops pending texture deltas: the host's painter applied them.
    pub fn clear_texture_deltas(&mut self) {
        self.overlay.clear_deltas();
        self.builder.text.clear_deltas();
    }

    /// The focused node's id, or `NONE`.
    pub fn focused(&self) -> u32 {
        self.focus.focused()
    }

    /// Culling of untouched off-screen subtrees (on by default): off, every
    /// build visits every node (tests compare the lists).
    pub fn set_culling(&mut self, on: bool) {
        self.builder.no_cull = !on;
    }

    /// Items the last display-list build copied from the list before it
    /// (untouched subtrees drawn against the same context: `build::retain`).
    pub fn copied_items(&self) -> u32 {
        self.builder.copied_items()
    }

    /// Children of wide parents the last display-list build culled by
    /// range, without testing each (`build::span`; native builds: tests).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn range_culled(&self) -> u32 {
        self.builder.range_culled()
    }

    /// Number of running animations.
    pub fn animations(&self) -> usize {
        self.animator.len()
    }

    /// The requests batches deferred to the frame (they need the last
    /// build's geometry or the frame's time), in the order they came.
    fn process_ops(&mut self, at: f64) {
        self.focus.drop_lost(
            &mut Cx { scene: &mut self.scene, animator: &mut self.animator, events: &mut self.events, a11y: &mut self.a11y },
            at,
        );
        let gen = self.builder.generation();
        if self.ops.iter().any(|op| matches!(*op, Deferred::Navigate(_) | Deferred::Pointer { .. })) {
            // Navigation measures every candidate: subtrees the last build
            // culled get their geometry first (down to focusable nodes).
            self.builder.settle(&mut self.scene, false);
        }
        let mut i = 0;
        while i < self.ops.len() {
            let op = self.ops[i];
            i += 1;
            if let Deferred::Focus(id) = op {
                // An explicit focus measures the node (and what scrolls it
                // into view): what of that the last build culled.
                if let Some(s) = self.scene.slot(id).filter(|&s| !can_focus(&self.scene, s, gen)) {
                    self.builder.settle_for(&mut self.scene, s);
                }
            }
            let mut cx = Cx { scene: &mut self.scene, animator: &mut self.animator, events: &mut self.events, a11y: &mut self.a11y };
            let moved = match op {
                Deferred::Animate(req) => {
                    cx.animator.start(cx.scene, &req, at, cx.events);
                    false
                }
                Deferred::AnimCtrl { anim_id, action } => {
                    let r = cx.animator.control(cx.scene, anim_id, action, at, cx.events);
                    self.layout_dirty |= r.layout_changed;
                    r.paint_changed
                }
                Deferred::Navigate(dir) if self.overlay.is_open() => {
                    self.overlay.navigate(dir as u32);
                    false
                }
                Deferred::Navigate(dir) => self.focus.navigate(&mut cx, dir, gen, at),
                Deferred::Focus(id) => self.focus.set(&mut cx, id, focus_cause::EXPLICIT, at),
                Deferred::Pointer { x, y, action } => {
                    let hit = self.builder.hit_test(x, y);
                    self.focus.pointer(&mut cx, hit, gen, action, x, y, at)
                }
                Deferred::Image { texture, width, height, byte_size, reason } => {
                    self.resources.answer(texture, width, height, byte_size, reason, cx.events)
                }
                Deferred::StopTrack { node, key } => {
                    cx.animator.stop_track(node, key, cx.events);
                    false
                }
                Deferred::Frame(_) => false,
            };
            self.paint_dirty |= moved;
        }
        self.ops.clear();
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

    /// Encodes the scene as a batch that recreates it (the pieces of
    /// [`Engine::snapshot_begin`], put together).
    pub fn snapshot(&mut self) -> Vec<u8> {
        let len = self.snapshot_begin() as usize;
        let mut out = Vec::with_capacity(len);
        loop {
            let piece = self.snapshot_next();
            if piece.is_empty() {
                break;
            }
            out.extend_from_slice(piece);
        }
        out
    }

    /// Starts handing out a snapshot in pieces (see
    /// [`crate::snapshot_pieces`]): returns its length in bytes. Read the
    /// pieces with [`Engine::snapshot_next`] before the next submit or frame.
    pub fn snapshot_begin(&mut self) -> u32 {
        let src = crate::snapshot_pieces::Sources { scene: &self.scene, fonts: self.builder.text.fonts(), gradients: &self.builder.gradients };
        self.snapshot.begin(&src)
    }

    /// The snapshot's next piece (empty when it is all out).
    pub fn snapshot_next(&mut self) -> &[u8] {
        let src = crate::snapshot_pieces::Sources { scene: &self.scene, fonts: self.builder.text.fonts(), gradients: &self.builder.gradients };
        self.snapshot.next(&src)
    }

    /// The snapshot piece last handed out.
    pub fn snapshot_bytes(&self) -> &[u8] {
        self.snapshot.piece()
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

/// The debug overlay (see [`crate::overlay`]; without the `overlay`
/// feature a stand-in that is never open, so these cost nothing).
impl Engine {
    fn overlay_frame(&mut self) {
        self.overlay.record(&self.stats);
        if self.overlay.is_open() {
            self.builder.settle(&mut self.scene, true);
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
