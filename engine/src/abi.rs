//! The C ABI: the whole surface `engine.wasm` exports (besides `memory`).
//!
//! A host — wasmtime in the native host, a browser Worker, Node — calls
//! these functions and reads results straight out of linear memory. The
//! module imports nothing, so a host grants the engine no capability beyond
//! memory it can cap. Every function is a thin shell over one
//! [`crate::Engine`] held by the instance.
//!
//! | export | does |
//! |---|---|
//! | `reel_abi_version() -> u32` | [`ABI_VERSION`] |
//! | `reel_init(width, height) -> u32` | (re)creates the engine with an empty scene (each side `1..=`[`MAX_VIEWPORT`]); 0 |
//! | `reel_input_reserve(len) -> ptr` | a 4-aligned engine buffer of at least `len` bytes for the next batch; 0 on out-of-memory |
//! | `reel_submit(len) -> u32` | applies the batch in the input buffer; 0 or an error code (see `ErrorKind::code`) |
//! | `reel_frame(time_ms: f64) -> u32` | runs one frame (`time_ms` finite, `>= 0`); 0 |
//! | `reel_display_list_ptr/len` | the last display list (header + items) |
//! | `reel_events_ptr/len`, `reel_events_clear` | queued events |
//! | `reel_stats_ptr() -> ptr` | the last `FrameStats` (64 bytes) |
//! | `reel_resource_stats_ptr() -> ptr` | the resource manager's figures now (`ResourceStats`, 72 bytes: texture, image and glyph-atlas bytes, budget, peak, counters) |
//! | `reel_last_error_ptr/len` | UTF-8 message of the last rejected batch |
//! | `reel_snapshot() -> u32`, `reel_snapshot_next() -> u32`, `reel_snapshot_ptr` | a batch recreating the scene: its length, then its pieces (length, address) until 0 |
//! | `reel_texture_deltas_ptr/len`, `reel_texture_deltas_clear` | engine-owned texture updates (glyph atlas) since the last clear; format in [`crate::texture`]; apply `SET`s before painting the frame's list, `FREE`s after, then clear |
//! | `reel_set_texture_budget(bytes: u32) -> u32` | the device's texture budget (0 = unlimited; see [`crate::resources`]); 0. Not part of the scene or its snapshot: a host calls it after every `reel_init` |
//!
//! `engine-debug.wasm` (feature `overlay`, `tools/build-wasm-debug.sh`) adds
//! the debug overlay's exports ([`crate::overlay`]); `engine.wasm` has none:
//!
//! | export | does |
//! |---|---|
//! | `reel_overlay_key(code) -> u32` | a key press (DOM key code; 406 blue / 123 F12 toggle); 1 when the overlay consumed it (do not give it to the app) |
//! | `reel_overlay_pointer(x: f32, y: f32, action) -> u32` | pointer for egui (viewport px; 0 move, 1 press, 2 release); 1 while the overlay is open |
//! | `reel_overlay_host_stats(len) -> u32` | reads a `HostStats` (up to 36 bytes: engine ms, frame interval ms, queue delay ms, batch bytes, batches, JS heap, heap limit, dropped frames, app JS ms — a 32-byte prefix means app JS time not measured) from the input buffer (`reel_input_reserve`); 0 |
//! | `reel_overlay_is_open() -> u32` | 1 while the overlay is shown |
//! | `reel_overlay_selected() -> u32` | the id of the node selected in the tree inspector (0xFFFF_FFFF: none yet) |
//!
//! Calling anything before `reel_init` returns an error code (or a null
//! pointer / zero length); it never traps.
//!
//! Every argument is checked before it is used: a viewport side outside
//! `1..=`[`MAX_VIEWPORT`], a frame time that is NaN, infinite or negative, a
//! submit length past the reserved buffer (or not a whole number of words),
//! an overlay pointer that is not finite or an unknown action, host stats
//! longer than the reserved buffer: the call changes nothing, returns an
//! error code (`BadArgument`'s for arguments out of their domain,
//! [`ERR_INPUT_TOO_LONG`], `Truncated`'s for a partial word) and, on an
//! initialised engine, queues an `ERROR` event and sets `reel_last_error`
//! naming the call and the rule. No export takes a pointer from the host:
//! the engine only hands out its own (the input buffer, its outputs), so
//! there is no host pointer to range-check. All size arithmetic is done in
//! `u64`, so `engine.wasm` and a native build report the same numbers.
//!
//! These are ordinary `extern "C"` functions natively too, so tests can
//! drive the exact ABI path without Wasm.

// The crate denies `unsafe_code`; `#[no_mangle]` exports are its one use.
#![allow(unsafe_code)]

use std::cell::RefCell;

use crate::protocol::ErrorKind;
use crate::Engine;

/// Version of this export surface (the table of exports and their
/// signatures is [`crate::protocol::exports`]).
pub use crate::protocol::exports::ABI_VERSION;
/// Returned when the engine was not initialised.
pub const ERR_NOT_INITIALISED: u32 = 0xFFFF;
/// Returned by `reel_submit` when `len` exceeds the reserved input.
pub const ERR_INPUT_TOO_LONG: u32 = 0xFFFE;
/// Largest viewport side `reel_init` accepts (as the scene format's
/// `viewport` line): wire vocabulary, defined in `reel_wire::protocol`.
pub use crate::protocol::MAX_VIEWPORT;

/// Rejects an out-of-domain argument: queues an `ERROR` event (on an
/// initialised engine) and returns the code.
fn bad_argument(inst: Option<&mut Instance>, what: &'static str) -> u32 {
    let kind = ErrorKind::BadArgument(what);
    let code = kind.code();
    if let Some(inst) = inst {
        inst.engine.report_error(kind);
    }
    code
}

struct Instance {
    engine: Engine,
    input: Vec<u32>,
    /// Filled by `reel_resource_stats_ptr`, which returns its address.
    resource_stats: crate::resources::ResourceStats,
}

thread_local! {
    static INSTANCE: RefCell<Option<Instance>> = const { RefCell::new(None) };
}

fn with<R>(default: R, f: impl FnOnce(&mut Instance) -> R) -> R {
    INSTANCE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut guard) => match guard.as_mut() {
            Some(inst) => f(inst),
            None => default,
        },
        Err(_) => default,
    })
}

/// ABI version.
#[no_mangle]
pub extern "C" fn reel_abi_version() -> u32 {
    ABI_VERSION
}

/// Creates (or resets) the engine.
#[no_mangle]
pub extern "C" fn reel_init(width: u32, height: u32) -> u32 {
    INSTANCE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut guard) if !(1..=MAX_VIEWPORT).contains(&width) || !(1..=MAX_VIEWPORT).contains(&height) => {
            // The current engine (if any) stays as it was.
            bad_argument(guard.as_mut(), "reel_init: viewport width and height must be 1..=16384")
        }
        Ok(mut guard) => {
            *guard = Some(Instance { engine: Engine::new(width, height), input: Vec::new(), resource_stats: Default::default() });
            0
        }
        Err(_) => ERR_NOT_INITIALISED,
    })
}

/// Reserves the input buffer.
#[no_mangle]
pub extern "C" fn reel_input_reserve(len: u32) -> *mut u8 {
    with(core::ptr::null_mut(), |inst| {
        let words = (len as usize).div_ceil(4);
        if !inst.engine.reserve_input(&mut inst.input, words) {
            inst.engine.report_error(ErrorKind::OutOfMemory);
            return core::ptr::null_mut();
        }
        inst.input.as_mut_ptr().cast()
    })
}

/// Applies the batch in the input buffer.
#[no_mangle]
pub extern "C" fn reel_submit(len: u32) -> u32 {
    with(ERR_NOT_INITIALISED, |inst| {
        if u64::from(len) > inst.input.len() as u64 * 4 {
            bad_argument(Some(inst), "reel_submit: length exceeds the buffer reel_input_reserve returned");
            return ERR_INPUT_TOO_LONG;
        }
        let len = len as usize;
        if !len.is_multiple_of(4) {
            let kind = ErrorKind::Truncated { needed: (len as u64).div_ceil(4) * 4, got: len as u64 };
            let code = kind.code();
            inst.engine.report_error(kind);
            return code;
        }
        // A big batch's buffer becomes the display list's (see
        // `Engine::submit_input`).
        match inst.engine.submit_input(&mut inst.input, len / 4) {
            Ok(()) => 0,
            Err(e) => e.kind.code(),
        }
    })
}

/// Runs one frame.
#[no_mangle]
pub extern "C" fn reel_frame(time_ms: f64) -> u32 {
    with(ERR_NOT_INITIALISED, |inst| {
        // `!(t >= 0)` is also true for NaN.
        if !(time_ms >= 0.0) || time_ms == f64::INFINITY {
            return bad_argument(Some(inst), "reel_frame: time must be a finite number of ms, >= 0");
        }
        inst.engine.frame(time_ms);
        0
    })
}

/// Display list pointer.
#[no_mangle]
pub extern "C" fn reel_display_list_ptr() -> *const u8 {
    with(core::ptr::null(), |inst| inst.engine.display_list_bytes().as_ptr())
}

/// Display list length in bytes.
#[no_mangle]
pub extern "C" fn reel_display_list_len() -> u32 {
    with(0, |inst| inst.engine.display_list_bytes().len() as u32)
}

/// Events pointer.
#[no_mangle]
pub extern "C" fn reel_events_ptr() -> *const u8 {
    with(core::ptr::null(), |inst| inst.engine.events_bytes().as_ptr())
}

/// Events length in bytes.
#[no_mangle]
pub extern "C" fn reel_events_len() -> u32 {
    with(0, |inst| inst.engine.events_bytes().len() as u32)
}

/// Drops queued events.
#[no_mangle]
pub extern "C" fn reel_events_clear() {
    with((), |inst| inst.engine.clear_events())
}

/// Pointer to the last `FrameStats`.
#[no_mangle]
pub extern "C" fn reel_stats_ptr() -> *const u8 {
    with(core::ptr::null(), |inst| (inst.engine.stats() as *const crate::protocol::events::FrameStats).cast())
}

/// Pointer to the resource manager's figures, computed by this call.
#[no_mangle]
pub extern "C" fn reel_resource_stats_ptr() -> *const u8 {
    with(core::ptr::null(), |inst| {
        inst.resource_stats = inst.engine.resources().stats();
        (&inst.resource_stats as *const crate::resources::ResourceStats).cast()
    })
}

/// Last error message pointer.
#[no_mangle]
pub extern "C" fn reel_last_error_ptr() -> *const u8 {
    with(core::ptr::null(), |inst| inst.engine.last_error().as_ptr())
}

/// Last error message length.
#[no_mangle]
pub extern "C" fn reel_last_error_len() -> u32 {
    with(0, |inst| inst.engine.last_error().len() as u32)
}

/// Sets the texture budget in bytes (0 = unlimited).
#[no_mangle]
pub extern "C" fn reel_set_texture_budget(bytes: u32) -> u32 {
    with(ERR_NOT_INITIALISED, |inst| {
        inst.engine.set_texture_budget(u64::from(bytes));
        0
    })
}

/// Starts a snapshot batch; returns its whole length. Its pieces follow
/// from `reel_snapshot_next` (the engine holds one piece at a time, see
/// `snapshot_pieces`).
#[no_mangle]
pub extern "C" fn reel_snapshot() -> u32 {
    with(0, |inst| inst.engine.snapshot_begin())
}

/// Writes the snapshot's next piece; returns its length (0: all out).
#[no_mangle]
pub extern "C" fn reel_snapshot_next() -> u32 {
    with(0, |inst| inst.engine.snapshot_next().len() as u32)
}

/// Pointer to the piece `reel_snapshot_next` wrote.
#[no_mangle]
pub extern "C" fn reel_snapshot_ptr() -> *const u8 {
    with(core::ptr::null(), |inst| inst.engine.snapshot_bytes().as_ptr())
}

/// Pending texture deltas pointer.
#[no_mangle]
pub extern "C" fn reel_texture_deltas_ptr() -> *const u8 {
    with(core::ptr::null(), |inst| inst.engine.texture_deltas_bytes().as_ptr())
}

/// Pending texture deltas length in bytes (0: none).
#[no_mangle]
pub extern "C" fn reel_texture_deltas_len() -> u32 {
    with(0, |inst| inst.engine.texture_deltas_bytes().len() as u32)
}

/// Drops pending texture deltas (the host applied them).
#[no_mangle]
pub extern "C" fn reel_texture_deltas_clear() {
    with((), |inst| inst.engine.clear_texture_deltas())
}

/// Overlay: a key press (DOM key code); 1 when consumed.
#[cfg(feature = "overlay")]
#[no_mangle]
pub extern "C" fn reel_overlay_key(code: u32) -> u32 {
    with(0, |inst| u32::from(inst.engine.overlay_key(code)))
}

/// Overlay: pointer input (viewport px; 0 move, 1 press, 2 release).
#[cfg(feature = "overlay")]
#[no_mangle]
pub extern "C" fn reel_overlay_pointer(x: f32, y: f32, action: u32) -> u32 {
    with(0, |inst| {
        if !x.is_finite() || !y.is_finite() || action > 2 {
            // Not consumed: nothing happened.
            bad_argument(Some(inst), "reel_overlay_pointer: position must be finite, action 0..=2");
            return 0;
        }
        u32::from(inst.engine.overlay_pointer(x, y, action))
    })
}

/// Overlay: host-reported figures, `len` bytes of a `HostStats` in the input buffer.
#[cfg(feature = "overlay")]
#[no_mangle]
pub extern "C" fn reel_overlay_host_stats(len: u32) -> u32 {
    with(ERR_NOT_INITIALISED, |inst| {
        if u64::from(len) > inst.input.len() as u64 * 4 {
            return bad_argument(Some(inst), "reel_overlay_host_stats: length exceeds the buffer reel_input_reserve returned");
        }
        let n = (len as usize / 4).min(crate::host_stats::HostStats::WORDS).min(inst.input.len());
        let stats = crate::host_stats::HostStats::from_words(&inst.input[..n]);
        if ![stats.engine_ms, stats.frame_interval_ms, stats.queue_delay_ms, stats.app_js_ms].iter().all(|v| v.is_finite()) {
            return bad_argument(Some(inst), "reel_overlay_host_stats: times must be finite");
        }
        inst.engine.overlay_host_stats(stats);
        0
    })
}

/// Overlay: 1 while shown.
#[cfg(feature = "overlay")]
#[no_mangle]
pub extern "C" fn reel_overlay_is_open() -> u32 {
    with(0, |inst| u32::from(inst.engine.overlay().is_open()))
}

/// Overlay: the node selected in the tree inspector (its id; `NONE` =
/// 0xFFFF_FFFF before the first open frame).
#[cfg(feature = "overlay")]
#[no_mangle]
pub extern "C" fn reel_overlay_selected() -> u32 {
    with(crate::protocol::NONE, |inst| inst.engine.overlay().selected())
}
