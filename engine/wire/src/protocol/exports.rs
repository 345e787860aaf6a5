//! The export table of `engine.wasm`'s C ABI: every export's name and
//! signature, and the ABI version, as data.
//!
//! # Why this is a table in the protocol
//! The functions themselves live in `reel_engine::abi`, but three drivers call
//! them by name: the wasmtime host (`reel_host::wasm_engine`), the wasm2js
//! host on QuickJS (`reel_quickjs::js_engine`) and the browser's
//! `js-shim/src/engine-core.js`. Names and signatures are part of the
//! host-engine contract exactly as opcodes are, so they sit beside the
//! opcodes, in the part of the engine a host compiles without the engine
//! (no scene, layout or text code is reachable from here). The JS copy
//! (`js-shim/src/wire/abi.js`) is generated from [`Export::ALL`] and checked
//! by `engine/tests/js_props_in_sync.rs`; `host/tests/abi_exports.rs`
//! checks that `engine.wasm` exports exactly these names with these
//! signatures, so the table cannot drift from `reel_engine::abi`.

/// Version of the export surface; `reel_abi_version` returns it and every
/// host refuses a module that returns another.
pub const ABI_VERSION: u32 = 1;

/// A Wasm value type in an export's signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `i32` (pointers, lengths, ids and codes; read as `u32`).
    I32,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
}

/// Which engines have an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Every engine: a module without it is refused.
    Required,
    /// Engines since texture budgets and the glyph atlas; hosts treat an
    /// engine without it as having none (older recordings' engines).
    Optional,
    /// `engine-debug.wasm` only (feature `overlay`).
    Overlay,
}

macro_rules! exports {
    ($($(#[$doc:meta])* $v:ident = $name:literal, ($($p:ident),*) -> $r:tt, $presence:ident;)*) => {
        /// One export of the C ABI.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Export {
            $($(#[$doc])* $v,)*
        }

        impl Export {
            /// Every export, in table order.
            pub const ALL: &'static [Export] = &[$(Export::$v),*];

            /// The exported symbol (`reel_…`).
            pub const fn name(self) -> &'static str {
                match self { $(Export::$v => $name,)* }
            }

            /// Parameter types.
            pub const fn params(self) -> &'static [Ty] {
                match self { $(Export::$v => &[$(Ty::$p),*],)* }
            }

            /// Result type (`None`: returns nothing).
            pub const fn result(self) -> Option<Ty> {
                match self { $(Export::$v => exports!(@r $r),)* }
            }

            /// Which engines export it.
            pub const fn presence(self) -> Presence {
                match self { $(Export::$v => Presence::$presence,)* }
            }
        }
    };
    (@r ()) => { None };
    (@r $t:ident) => { Some(Ty::$t) };
}

exports! {
    /// `() -> u32`: [`ABI_VERSION`].
    AbiVersion = "reel_abi_version", () -> I32, Required;
    /// `(width, height) -> u32`: a fresh, empty scene; 0.
    Init = "reel_init", (I32, I32) -> I32, Required;
    /// `(len) -> ptr`: the input buffer for the next batch; 0 when out of memory.
    InputReserve = "reel_input_reserve", (I32) -> I32, Required;
    /// `(len) -> u32`: applies the batch in the input buffer; 0 or an error code.
    Submit = "reel_submit", (I32) -> I32, Required;
    /// `(time_ms) -> u32`: runs one frame; 0.
    Frame = "reel_frame", (F64) -> I32, Required;
    /// The last display list's address.
    DisplayListPtr = "reel_display_list_ptr", () -> I32, Required;
    /// The last display list's length.
    DisplayListLen = "reel_display_list_len", () -> I32, Required;
    /// The queued events' address.
    EventsPtr = "reel_events_ptr", () -> I32, Required;
    /// The queued events' length.
    EventsLen = "reel_events_len", () -> I32, Required;
    /// Drops the queued events.
    EventsClear = "reel_events_clear", () -> (), Required;
    /// The last `FrameStats` (64 bytes).
    StatsPtr = "reel_stats_ptr", () -> I32, Required;
    /// The resource manager's figures now (`ResourceStats`).
    ResourceStatsPtr = "reel_resource_stats_ptr", () -> I32, Optional;
    /// The last rejected batch's message: address.
    LastErrorPtr = "reel_last_error_ptr", () -> I32, Required;
    /// The last rejected batch's message: length.
    LastErrorLen = "reel_last_error_len", () -> I32, Required;
    /// `(bytes) -> u32`: the device's texture budget; 0.
    SetTextureBudget = "reel_set_texture_budget", (I32) -> I32, Optional;
    /// `() -> len`: starts a batch recreating the scene; its whole length.
    Snapshot = "reel_snapshot", () -> I32, Required;
    /// `() -> len`: writes the snapshot's next piece; 0 when it is all out.
    /// An engine without it (before snapshots came in pieces) hands the
    /// whole batch out at once: `reel_snapshot`'s length at the address.
    SnapshotNext = "reel_snapshot_next", () -> I32, Optional;
    /// The last piece's address.
    SnapshotPtr = "reel_snapshot_ptr", () -> I32, Required;
    /// Pending texture deltas: address.
    TextureDeltasPtr = "reel_texture_deltas_ptr", () -> I32, Optional;
    /// Pending texture deltas: length.
    TextureDeltasLen = "reel_texture_deltas_len", () -> I32, Optional;
    /// Drops the pending texture deltas.
    TextureDeltasClear = "reel_texture_deltas_clear", () -> (), Optional;
    /// `(code) -> u32`: a key for the overlay; 1 when it consumed it.
    OverlayKey = "reel_overlay_key", (I32) -> I32, Overlay;
    /// `(x, y, action) -> u32`: the pointer for the overlay; 1 while open.
    OverlayPointer = "reel_overlay_pointer", (F32, F32, I32) -> I32, Overlay;
    /// `(len) -> u32`: `HostStats` from the input buffer; 0.
    OverlayHostStats = "reel_overlay_host_stats", (I32) -> I32, Overlay;
    /// 1 while the overlay is shown.
    OverlayIsOpen = "reel_overlay_is_open", () -> I32, Overlay;
    /// The node selected in the tree inspector.
    OverlaySelected = "reel_overlay_selected", () -> I32, Overlay;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_prefixed() {
        let mut names: Vec<&str> = Export::ALL.iter().map(|e| e.name()).collect();
        assert!(names.iter().all(|n| n.starts_with("reel_")));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Export::ALL.len());
    }
}
