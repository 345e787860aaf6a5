//! engine.wasm's global allocator: talc instead of std's dlmalloc.
//!
//! Only on Wasm (native builds and tests keep the system allocator). talc
//! grows linear memory with `memory.grow` exactly as dlmalloc did, so a host's
//! memory cap (wasmtime's `ResourceLimiter`, the JS fallback's grow check)
//! still binds it and a refused grow still ends in the same out-of-memory
//! trap. It is smaller in the module than dlmalloc and at least as fast for
//! the engine's allocation pattern (few, long-lived buffers; see the fuel
//! figures in tools/lib.sh).
//!
//! The engine is single-threaded on Wasm (no `atomics` target feature), which
//! talc's Wasm cell relies on; a threads build would need a locked variant.

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
