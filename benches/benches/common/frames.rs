//! A frame as a host consumes it, natively and in engine.wasm: shared by the
//! bench targets that compare the two (`engine.rs`, `wasm_cost.rs`), so
//! both measure exactly the same thing. Included with `#[path]` (bench
//! targets cannot share a module otherwise; the library has no wasmtime).

use std::hint::black_box;

use reel_engine::Engine;
use reel_host::WasmEngine;

/// A native frame: run it, take the events, read (validate) the display
/// list in place. Returns the item count.
pub fn native_frame(e: &mut Engine, t: f64) -> usize {
    black_box(e.frame(t));
    black_box(e.events_bytes());
    e.clear_events();
    let dl = reel_engine::display_list::read_display_list(e.display_list_bytes()).expect("display list");
    black_box(dl.items.len())
}

/// A wasm frame: run it, copy the events and the display list out of
/// linear memory (validated). Returns the item count.
pub fn wasm_frame(w: &mut WasmEngine, t: f64) -> usize {
    black_box(w.frame(t).expect("reel_frame"));
    let dl = w.display_list().expect("display list");
    black_box(dl.items.len())
}
