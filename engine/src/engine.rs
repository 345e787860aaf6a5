//! The engine: scene + transactions + layout + display list, driven one
//! batch and one frame at a time.
//!
//! [`Engine`] is the native API (tests, benches, tools); [`crate::abi`] wraps
//! one instance of it as the C ABI that `engine.wasm` exports. Keeping the
//! ABI a thin shell over this type is what makes the native engine and
//! `engine.wasm` produce byte-identical display lists.

use crate::build::{BuildStats, Builder};
use crate::display_list::{read_display_list, DisplayListRef};
use crate::protocol::decode::as_words;
use crate::protocol::error::{BatchError, ErrorKind, HEADER_INDEX};
use crate::protocol::events::{EventWriter, FrameStats};
use crate::protocol::Batch;
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
    frames: Vec<f64>,
    last_error: String,
    snapshot: Vec<u8>,
    layout_dirty: bool,
    paint_dirty: bool,
    frame_no: u32,
    pending_batches: u32,
    pending_commands: u32,
    pending_rejected: u32,
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
            frames: Vec::with_capacity(4),
            last_error: String::new(),
            snapshot: Vec::new(),
            layout_dirty: true,
            paint_dirty: true,
            frame_no: 0,
            pending_batches: 0,
            pending_commands: 0,
            pending_rejected: 0,
        }
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
        let applied = self.journal.apply(&mut self.scene, &batch, &mut self.frames)?;
        self.layout_dirty |= applied.layout_changed;
        self.paint_dirty |= applied.paint_changed;
        self.pending_batches += 1;
        self.pending_commands += applied.commands;
        Ok(())
    }

    fn finish_submit(&mut self, r: Result<(), BatchError>) -> Result<(), BatchError> {
        match r {
            Ok(()) => {
                let mut i = 0;
                while i < self.frames.len() {
                    let t = self.frames[i];
                    self.frame(t);
                    i += 1;
                }
                self.frames.clear();
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
        let layout_nodes = if self.layout_dirty {
            crate::layout::compute(&mut self.scene, &mut self.layout_stack)
        } else {
            0
        };
        let (rebuilt, built) = if self.paint_dirty || self.layout_dirty {
            (1, self.builder.build(&self.scene, self.frame_no))
        } else {
            self.builder.set_frame(self.frame_no);
            (0, BuildStats { items: self.builder.header().item_count, culled: self.stats.culled })
        };
        self.layout_dirty = false;
        self.paint_dirty = false;
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
            _reserved: [0; 4],
            time_ms,
        };
        self.pending_batches = 0;
        self.pending_commands = 0;
        self.pending_rejected = 0;
        self.events.frame(&self.stats);
        &self.stats
    }

    /// Statistics of the last frame.
    pub fn stats(&self) -> &FrameStats {
        &self.stats
    }

    /// The last frame's display list as bytes (header + items, 4-aligned).
    pub fn display_list_bytes(&self) -> &[u8] {
        self.builder.bytes()
    }

    /// The last frame's display list.
    pub fn display_list(&self) -> DisplayListRef<'_> {
        match read_display_list(self.builder.bytes()) {
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
