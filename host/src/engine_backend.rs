//! The interface the supervisor drives an engine instance through, and the
//! factory it makes fresh instances from.
//!
//! # Why the boundary is here
//! A device either runs `engine.wasm` (under wasmtime:
//! [`crate::wasm_engine::WasmEngine`]) or, without WebAssembly, the same
//! engine compiled to JavaScript by wasm2js (on QuickJS: `JsEngine` in the
//! `reel-quickjs` crate, which owns the JS VM dependency). Both expose the
//! engine's C ABI — same exports, same linear-memory layout — so everything
//! above one instance (the journal, trap recovery, the CPU model, frame
//! stats, texture deltas, fonts, images) is the same code for both: the
//! [`crate::supervisor::Supervisor`] holds a `Box<dyn EngineBackend>` and
//! asks its [`EngineFactory`] for a fresh one after a trap.
//!
//! # Units
//! "Fuel" is each backend's deterministic work count: wasmtime fuel for
//! `engine.wasm`, QuickJS interrupt ticks for the JS engine. The supervisor
//! divides it by the device's rate for that path
//! ([`crate::profile::Profile::work_per_ms`]) to get emulated milliseconds;
//! the watchdog allowance ([`EngineLimits::fuel_per_call`]) is in the same
//! unit.

use reel_wire::display_list::OwnedDisplayList;
use reel_wire::protocol::events::FrameStats;

use crate::wasm_engine::{CallOutcome, EngineError, EngineLimits};

/// Which engine path a backend implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineKind {
    /// `engine.wasm` under wasmtime; work is wasmtime fuel.
    Wasm,
    /// The wasm2js build on QuickJS; work is QuickJS interrupt ticks.
    Js,
}

impl EngineKind {
    /// `wasm` or `js-fallback` (as reports name the path).
    pub fn path_name(self) -> &'static str {
        match self {
            Self::Wasm => "wasm",
            Self::Js => "js-fallback",
        }
    }

    /// The name of the work unit (`wasm fuel`, `quickjs ticks`).
    pub fn work_unit(self) -> &'static str {
        match self {
            Self::Wasm => "wasm fuel",
            Self::Js => "quickjs ticks",
        }
    }
}

/// Figures only the host knows, for the debug overlay's timeline, memory
/// and channel panels: the engine's own wire type (`reel_wire::host_stats`,
/// compiled without the overlay feature, so no egui in host builds).
pub use reel_wire::host_stats::HostStats;

/// The debug overlay as the host sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OverlayState {
    /// Shown.
    pub open: bool,
    /// The node selected in the tree inspector (`None` before the first
    /// open frame).
    pub selected: Option<u32>,
}

/// One live engine instance: the C ABI of `engine/src/abi.rs`, with the
/// device's memory cap and watchdog. After a trap every call returns
/// [`EngineError::Poisoned`]; the supervisor replaces the instance.
pub trait EngineBackend {
    /// `reel_init`: a fresh, empty scene with this viewport; returns the
    /// work it took.
    fn init(&mut self, width: u32, height: u32) -> Result<u64, EngineError>;
    /// Copies `batch` into the engine and applies it (running the frames
    /// its `FRAME` commands ask for). A validation rejection is an `Ok`
    /// with [`CallOutcome::rejected`] set.
    fn submit(&mut self, batch: &[u8]) -> Result<CallOutcome, EngineError>;
    /// `reel_frame` at host time `time_ms`.
    fn frame(&mut self, time_ms: f64) -> Result<CallOutcome, EngineError>;
    /// Copies the current display list's bytes out of the engine, as the
    /// engine wrote them.
    fn display_list_bytes(&mut self) -> Result<Vec<u8>, EngineError>;
    /// The current display list, parsed.
    fn display_list(&mut self) -> Result<OwnedDisplayList, EngineError> {
        let bytes = self.display_list_bytes()?;
        OwnedDisplayList::from_bytes(&bytes).map_err(|e| EngineError::BadOutput(e.to_string()))
    }
    /// The stats of the last frame.
    fn stats(&mut self) -> Result<FrameStats, EngineError>;
    /// `reel_set_texture_budget` (bytes; 0 = unlimited).
    fn set_texture_budget(&mut self, bytes: u64) -> Result<(), EngineError>;
    /// Reads and clears the pending texture deltas.
    fn take_texture_deltas(&mut self) -> Result<Vec<u8>, EngineError>;
    /// `reel_snapshot`: a batch recreating the current scene.
    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError>;
    /// Current linear memory, bytes.
    fn memory_bytes(&self) -> u64;
    /// Largest linear memory granted so far, bytes.
    fn peak_memory_bytes(&self) -> u64;
    /// Work of the last export called, including one that trapped.
    fn last_call_fuel(&self) -> u64;
    /// Changes the watchdog allowance of later calls.
    fn set_fuel_per_call(&mut self, fuel: u64);
    /// Runs only the next `reel_submit`/`reel_frame`/`reel_snapshot` with `fuel` (fault
    /// injection).
    fn limit_next_call_fuel(&mut self, fuel: u64);
    /// True after a trap.
    fn is_poisoned(&self) -> bool;

    /// True when the module has the debug overlay's exports
    /// (`reel_overlay_*`: `target/engine-debug.wasm`). Production
    /// `engine.wasm` and the JS fallback engine have none; every
    /// `overlay_*` call on them returns [`EngineError::NoOverlay`].
    fn has_overlay(&self) -> bool {
        false
    }
    /// `reel_overlay_key`: offers a key press (DOM key code) to the
    /// overlay; true when it consumed it (the app must not get it).
    fn overlay_key(&mut self, _code: u32) -> Result<bool, EngineError> {
        Err(EngineError::NoOverlay)
    }
    /// `reel_overlay_pointer` (viewport px; 0 move, 1 press, 2 release);
    /// true while the overlay is open.
    fn overlay_pointer(&mut self, _x: f32, _y: f32, _action: u32) -> Result<bool, EngineError> {
        Err(EngineError::NoOverlay)
    }
    /// `reel_overlay_host_stats`: the figures only the host knows.
    fn overlay_host_stats(&mut self, _stats: &HostStats) -> Result<(), EngineError> {
        Err(EngineError::NoOverlay)
    }
    /// `reel_overlay_is_open` and `reel_overlay_selected`.
    fn overlay_state(&mut self) -> Result<OverlayState, EngineError> {
        Err(EngineError::NoOverlay)
    }

    /// Registers a font by submitting a `REGISTER_FONT` batch.
    fn register_font(&mut self, family: &str, data: &[u8]) -> Result<CallOutcome, EngineError> {
        let mut b = reel_wire::protocol::BatchBuilder::new(0);
        b.register_font(family, data);
        self.submit(&b.finish())
    }
}

/// Makes instances of one engine build for one set of limits. Lives on the
/// engine thread with the supervisor (so it must be `Send` to get there);
/// the instances it makes need not be.
pub trait EngineFactory: Send {
    /// A fresh instance (ABI version checked, `reel_init` not yet called).
    fn instantiate(&self) -> Result<Box<dyn EngineBackend>, EngineError>;
    /// The limits its instances get.
    fn limits(&self) -> EngineLimits;
    /// Which engine path it is.
    fn kind(&self) -> EngineKind;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_stats_wire_form_is_the_engines_36_bytes() {
        let s = HostStats {
            engine_ms: 1.5,
            frame_interval_ms: 16.5,
            queue_delay_ms: 0.25,
            batch_bytes: 48,
            batches: 2,
            js_heap_bytes: 14 << 20,
            js_heap_limit: 128 << 20,
            dropped_frames: 3,
            app_js_ms: 0.5,
        };
        let b = s.to_bytes();
        let word = |i: usize| u32::from_le_bytes([b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3]]);
        assert_eq!(f32::from_bits(word(0)), 1.5);
        assert_eq!(f32::from_bits(word(1)), 16.5);
        assert_eq!(f32::from_bits(word(2)), 0.25);
        assert_eq!([word(3), word(4), word(5), word(6), word(7)], [48, 2, 14 << 20, 128 << 20, 3]);
        assert_eq!(f32::from_bits(word(8)), 0.5);
        assert_eq!(b.len(), 36);
    }
}
