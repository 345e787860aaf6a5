//! The overlay when the `overlay` feature is off (the production
//! `engine.wasm`): a zero-sized stand-in with the real overlay's API.
//!
//! Why a stand-in and not `cfg` at every call: the engine calls the overlay
//! from its batch, frame, navigation and output paths. With one type that
//! always exists, [`crate::engine::Engine`] reads the same in both builds and
//! has no `cfg(feature = "overlay")` sites; every method here is a constant
//! (`is_open` is `false`), so the optimiser removes the calls and
//! `engine.wasm` carries no overlay code. Only the C ABI's overlay exports
//! stay behind the feature ([`crate::abi`]): they are a build's interface,
//! not its behaviour. Keep these signatures in step with
//! `engine/src/overlay/mod.rs` (the debug build compiles the engine against
//! that one, so a drift fails to compile there: `tools/build-wasm-debug.sh`,
//! `cargo test -p reel-engine --features overlay,raster --test overlay`).

use crate::protocol::events::FrameStats;
use crate::protocol::NONE;

pub use crate::host_stats::HostStats;

#[path = "view.rs"]
mod view;
pub use view::View;

/// The absent overlay: never open, never draws, consumes no input.
#[derive(Debug, Default, Clone, Copy)]
pub struct Overlay;

impl Overlay {
    /// The absent overlay.
    #[inline]
    pub fn new() -> Self {
        Self
    }

    /// Never shown.
    #[inline]
    pub fn is_open(&self) -> bool {
        false
    }

    /// No effect: there is nothing to show.
    #[inline]
    pub fn set_open(&mut self, _open: bool) {}

    /// No selection.
    #[inline]
    pub fn selected(&self) -> u32 {
        NONE
    }

    /// No meshes drawn.
    #[inline]
    pub fn last_mesh_stats(&self) -> (u32, u32) {
        (0, 0)
    }

    /// Never consumes a key: it goes to the app.
    #[inline]
    pub fn key(&mut self, _code: u32) -> bool {
        false
    }

    /// Not reached (navigation is routed here only while open).
    #[inline]
    pub fn navigate(&mut self, _dir: u32) {}

    /// No effect.
    #[inline]
    pub fn pointer(&mut self, _x: f32, _y: f32, _action: u32, _ppp: f32) {}

    /// No effect.
    #[inline]
    pub fn set_host_stats(&mut self, _s: HostStats) {}

    /// No history is kept.
    #[inline]
    pub fn note_batch(&mut self, _bytes: usize) {}

    /// No history is kept.
    #[inline]
    pub fn record(&mut self, _stats: &FrameStats) {}

    /// Not reached (only run while open).
    #[inline]
    pub fn run(&mut self, _view: &View<'_>) {}

    /// Empty: the engine returns the builder's own list while closed.
    #[inline]
    pub fn list_bytes(&self) -> &[u8] {
        &[]
    }

    /// Never any textures.
    #[inline]
    pub fn has_deltas(&self) -> bool {
        false
    }

    /// Empty (see [`Overlay::has_deltas`]).
    #[inline]
    pub fn merged_deltas(&self) -> &[u8] {
        &[]
    }

    /// No effect.
    #[inline]
    pub fn merge_deltas(&mut self, _text: &[u8]) {}

    /// No effect.
    #[inline]
    pub fn clear_deltas(&mut self) {}
}

/// Pixels per point: 1 (the stand-in draws nothing to scale).
#[inline]
pub fn ppp_for(_viewport_h: f32) -> f32 {
    1.0
}
