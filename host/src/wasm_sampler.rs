//! A sampling profiler for engine.wasm (engine engineers' tool, off unless
//! `REEL_WASM_SAMPLE=FILE` is set): wasmtime's epoch interruption fires
//! every ~20 µs of wall time, the callback captures the wasm stack, and the
//! stacks are written as folded lines (`f1;f2;f3 count`, flamegraph input)
//! to FILE when the process exits. `REEL_WASM_SAMPLE_CALLS=A-B` samples only
//! while the instance's frame counter (calls of `reel_frame` so far) is in
//! A..=B, so one slow frame of a run can be looked at. While sampling, each
//! ABI call that used more than 200,000 fuel is also printed to stderr
//! (frame counter, export, fuel): which frames to look at. Function names
//! need an engine.wasm with a name section: build one with
//! `CARGO_PROFILE_WASM_RELEASE_STRIP=false` and `wasm-opt -g`.
//!
//! Wall-clock sampling is not deterministic; it is for finding where time
//! goes, never for figures (those are fuel).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Folded stack -> samples.
static STACKS: Mutex<Option<HashMap<String, u64>>> = Mutex::new(None);
static TICKER: AtomicBool = AtomicBool::new(false);

/// The output file, when sampling is on.
pub fn file() -> Option<String> {
    std::env::var("REEL_WASM_SAMPLE").ok().filter(|s| !s.is_empty())
}

/// The sampled frame range.
pub fn range() -> (u64, u64) {
    let Ok(s) = std::env::var("REEL_WASM_SAMPLE_CALLS") else { return (0, u64::MAX) };
    let mut it = s.split('-').map(|x| x.trim().parse::<u64>().ok());
    match (it.next().flatten(), it.next().flatten()) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) => (a, a),
        _ => (0, u64::MAX),
    }
}

/// Starts the epoch ticker for `engine` once per process.
pub fn start(engine: &wasmtime::Engine) {
    if TICKER.swap(true, Ordering::SeqCst) {
        return;
    }
    let e = engine.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_micros(20));
        e.increment_epoch();
    });
}

/// Records one stack (outermost first).
pub fn record(bt: &wasmtime::WasmBacktrace) {
    let mut names: Vec<String> = bt
        .frames()
        .iter()
        .map(|f| f.func_name().map(|n| n.to_string()).unwrap_or_else(|| format!("f{}", f.func_index())))
        .collect();
    names.reverse();
    let key = names.join(";");
    if let Ok(mut g) = STACKS.lock() {
        *g.get_or_insert_with(HashMap::new).entry(key).or_insert(0) += 1;
    }
}

/// Writes the folded stacks to the file (called when an instance drops).
pub fn dump() {
    let Some(path) = file() else { return };
    let Ok(g) = STACKS.lock() else { return };
    let Some(map) = g.as_ref() else { return };
    let mut lines: Vec<_> = map.iter().collect();
    lines.sort();
    let text: String = lines.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
    let _ = std::fs::write(path, text);
}
