//! Why engine.wasm is slower than the native engine (issue 15): the same
//! workloads as `engine.rs`, run natively and under wasmtime with one
//! safety mechanism taken away at a time, in one run.
//!
//! Functions of every group (tools/bench_table.py prints each as a ratio to
//! `native`):
//! * `native` — `reel_engine::Engine`, compiled by rustc for this CPU;
//! * `wasm` — engine.wasm as every host runs it ([`Tuning::HOST`]): fuel
//!   metering on, the device's small memory reservation and a 64 KiB guard,
//!   so every load and store is bounds-checked explicitly (a 32-bit TV
//!   cannot reserve 4 GiB of address space);
//! * `wasm_nofuel` — fuel metering off (the watchdog and the emulated CPU
//!   model need it; this measures its price);
//! * `wasm_nobounds` — a 4 GiB reservation + 2 GiB guard: Cranelift drops
//!   the explicit bounds checks (what a 64-bit desktop browser does);
//! * `wasm_neither` — both off: what is left is code generation
//!   (Cranelift vs LLVM) and the module's size-first optimisation;
//! * `wasm_speed` — target/engine-speed.wasm (opt-level 3, binaryen -O3,
//!   the JS fallback's source) under the host's tuning: the price of
//!   building engine.wasm for size;
//! * `wasm_speed_neither` — the speed build without fuel or bounds checks:
//!   what Cranelift's code costs against LLVM's native code;
//! * `wasm_nocopy` (frames only) — the host tuning without copying the
//!   display list out of linear memory (the events still are): the price
//!   of the boundary.
//!
//! Run: `cargo bench -p reel-benches --bench wasm_cost` (tools/bench.sh runs
//! it with the others and prints the breakdown table).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion};
use reel_benches::{create_1k, move_one_x, VIEWPORT};
use reel_engine::Engine;
use reel_host::{paths, EngineLimits, EngineModule, Profile, Tuning, WasmEngine};

/// The device whose limits the wasm side runs under (as engine.rs).
const DEVICE: &str = "tv-midrange";

fn limits() -> EngineLimits {
    let profile = Profile::load(DEVICE, &paths::devices_dir()).unwrap_or_else(|e| panic!("{e}"));
    EngineLimits::from_profile(&profile)
}

/// The variants: (function name, module).
fn modules() -> Vec<(&'static str, EngineModule)> {
    let (path, bytes) = paths::load_engine(None).unwrap_or_else(|e| panic!("{e} (build it with tools/build-wasm.sh)"));
    let limits = limits();
    let make = |t: Tuning| EngineModule::with_tuning(&bytes, limits, t).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = vec![
        ("wasm", make(Tuning::HOST)),
        ("wasm_nofuel", make(Tuning { fuel: false, ..Tuning::HOST })),
        ("wasm_nobounds", make(Tuning::BIG_RESERVATION)),
        ("wasm_neither", make(Tuning { fuel: false, ..Tuning::BIG_RESERVATION })),
    ];
    let speed = paths::workspace_root().join("target/engine-speed.wasm");
    match std::fs::read(&speed) {
        Ok(b) => {
            let make = |t: Tuning| EngineModule::with_tuning(&b, limits, t).unwrap_or_else(|e| panic!("{}: {e}", speed.display()));
            out.push(("wasm_speed", make(Tuning::HOST)));
            out.push(("wasm_speed_neither", make(Tuning { fuel: false, ..Tuning::BIG_RESERVATION })));
        }
        Err(e) => eprintln!("wasm_cost: no {} ({e}): build it with tools/build-wasm.sh", speed.display()),
    }
    out
}

fn wasm_1k(module: &EngineModule) -> WasmEngine {
    let mut w = WasmEngine::new(module).expect("instantiate engine.wasm");
    w.init(VIEWPORT.0, VIEWPORT.1).expect("reel_init");
    let out = w.submit(&create_1k()).expect("submit");
    assert!(out.rejected.is_none(), "{:?}", out.rejected);
    w.frame(0.0).expect("frame");
    w
}

fn native_1k() -> Engine {
    let mut e = Engine::new(VIEWPORT.0, VIEWPORT.1);
    e.submit(&create_1k()).expect("applies");
    e.frame(0.0);
    e
}

#[path = "common/frames.rs"]
mod frames;
use frames::{native_frame, wasm_frame};

fn bench_submit(c: &mut Criterion, modules: &[(&'static str, EngineModule)]) {
    let batch = create_1k();
    let mut g = c.benchmark_group("cost_submit_create_1k");
    g.bench_function("native", |b| {
        b.iter_batched(
            || Engine::new(VIEWPORT.0, VIEWPORT.1),
            |mut e| {
                e.submit(black_box(&batch)).expect("applies");
                e
            },
            BatchSize::PerIteration,
        )
    });
    for (name, module) in modules {
        g.bench_function(*name, |b| {
            b.iter_batched(
                || {
                    let mut w = WasmEngine::new(module).expect("instantiate");
                    w.init(VIEWPORT.0, VIEWPORT.1).expect("reel_init");
                    w
                },
                |mut w| {
                    w.submit(black_box(&batch)).expect("submit");
                    w
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

fn bench_frames(c: &mut Criterion, modules: &[(&'static str, EngineModule)], changed: bool) {
    let name = if changed { "cost_frame_1k_changed" } else { "cost_frame_1k_unchanged" };
    let mut g = c.benchmark_group(name);
    let input = |step: u32| changed.then(|| move_one_x(step, step));
    {
        let mut e = native_1k();
        let mut step = 0u32;
        g.bench_function("native", |b| {
            b.iter(|| {
                step += 1;
                if let Some(batch) = input(step) {
                    e.submit(&batch).expect("applies");
                }
                native_frame(&mut e, f64::from(step) * 16.0)
            })
        });
    }
    // Every variant copies the display list out, as hosts do; wasm_nocopy
    // is the host tuning without that copy.
    let mut runs: Vec<(&str, &EngineModule, bool)> = modules.iter().map(|(n, m)| (*n, m, true)).collect();
    if let Some((_, m)) = modules.first() {
        runs.push(("wasm_nocopy", m, false));
    }
    for (fname, module, copy) in runs {
        let mut w = wasm_1k(module);
        let mut step = 0u32;
        g.bench_function(fname, |b| {
            b.iter(|| {
                step += 1;
                if let Some(batch) = input(step) {
                    w.submit(&batch).expect("submit");
                }
                let t = f64::from(step) * 16.0;
                if copy {
                    wasm_frame(&mut w, t) as u64
                } else {
                    black_box(w.frame(t).expect("reel_frame").fuel)
                }
            })
        });
    }
    g.finish();
}

fn main() {
    let modules = modules();
    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    bench_submit(&mut c, &modules);
    bench_frames(&mut c, &modules, true);
    bench_frames(&mut c, &modules, false);
    c.final_summary();
}
