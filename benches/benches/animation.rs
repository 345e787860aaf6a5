//! Engine time per frame while 1000 nodes animate: the native engine vs
//! `target/engine.wasm` under wasmtime (tv-midrange limits, fuel metering
//! on), same batches, same run.
//!
//! Scene: [`create_1k`] (999 tiles in a wrapping flex row), then one
//! `ANIMATE` per tile: scale 1 → 1.2, rotation 0 → 0.3 rad, alpha 1 → 0.5,
//! 600 ms ease-in-out, alternating forever (paint-only properties: the
//! frames re-evaluate 999 animations and rebuild the display list, layout
//! does not rerun). Group `frame_1k_animating`: `native`, `wasm`.
//! Also prints the fuel per animating frame and what it means on the
//! device profiles (emulated ms = fuel / fuel_per_ms).
//!
//!   cargo bench -p reel-benches --bench animation

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use reel_benches::{create_1k, CONTAINER, NODES, VIEWPORT};
use reel_engine::anim::easing::Easing;
use reel_engine::anim::{Direction, Timing};
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::BatchBuilder;
use reel_engine::Engine;
use reel_host::{paths, EngineLimits, EngineModule, Profile, WasmEngine};

/// One batch starting a looping animation on every tile.
pub fn animate_all() -> Vec<u8> {
    let mut b = BatchBuilder::new(2);
    let timing = Timing {
        duration_ms: 600.0,
        delay_ms: 0.0,
        iterations: u32::MAX,
        direction: Direction::Alternate,
        easing: Easing::EASE_IN_OUT,
    };
    for id in CONTAINER + 1..=NODES {
        b.animate(
            id,
            id,
            &timing,
            &[
                (key::SCALE, PropValue::F32(1.2)),
                (key::ROTATION, PropValue::F32(0.3)),
                (key::ALPHA, PropValue::F32(0.5)),
            ],
        );
    }
    b.finish()
}

fn native() -> Engine {
    let mut e = Engine::new(VIEWPORT.0, VIEWPORT.1);
    e.submit(&create_1k()).expect("create");
    e.frame(0.0);
    e.submit(&animate_all()).expect("animate");
    e.frame(16.0);
    e.clear_events();
    e
}

fn wasm(module: &EngineModule) -> WasmEngine {
    let mut w = WasmEngine::new(module).expect("instantiate");
    w.init(VIEWPORT.0, VIEWPORT.1).expect("init");
    assert!(w.submit(&create_1k()).expect("submit").rejected.is_none());
    w.frame(0.0).expect("frame");
    assert!(w.submit(&animate_all()).expect("submit").rejected.is_none());
    w.frame(16.0).expect("frame");
    w
}

fn main() {
    let (path, bytes) = paths::load_engine(None)
        .unwrap_or_else(|e| panic!("{e} (build it with tools/build-wasm.sh)"));
    let profile = Profile::load("tv-midrange", &paths::devices_dir()).expect("profile");
    let module = EngineModule::new(&bytes, EngineLimits::from_profile(&profile))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));

    // Fuel per animating frame, and the emulated time on each device.
    let mut w = wasm(&module);
    let mut fuel = Vec::new();
    for i in 0..20 {
        let out = w.frame(32.0 + i as f64 * 16.0).expect("frame");
        fuel.push(out.fuel);
    }
    let stats = w.stats().expect("stats");
    assert_eq!(stats.animations, NODES - 1, "every tile animating");
    assert_eq!(stats.layout_nodes, 0, "paint-only animation");
    fuel.sort_unstable();
    let median = fuel[fuel.len() / 2];
    eprintln!(
        "engine.wasm, {} animating nodes: {median} fuel per frame (median of 20), {} display items",
        NODES - 1,
        stats.dl_items
    );
    for id in ["tv-midrange", "stick-lowend", "tv-legacy"] {
        if let Ok(p) = Profile::load(id, &paths::devices_dir()) {
            eprintln!(
                "  {id}: {:.2} ms emulated per frame (budget {:.2} ms)",
                median as f64 / p.cpu.fuel_per_ms as f64,
                p.budget_ms()
            );
        }
    }

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut g = c.benchmark_group("frame_1k_animating");
    let mut e = native();
    let mut t = 32.0;
    g.bench_function("native", |b| {
        b.iter(|| {
            t += 16.0;
            black_box(e.frame(t));
            e.clear_events();
            black_box(e.display_list_bytes().len())
        })
    });
    let mut w = wasm(&module);
    let mut t = 32.0;
    g.bench_function("wasm", |b| {
        b.iter(|| {
            t += 16.0;
            black_box(w.frame(t).expect("frame"));
            black_box(w.display_list().expect("display list").items.len())
        })
    });
    g.finish();
    c.final_summary();
}
