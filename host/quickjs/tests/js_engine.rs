//! The JS fallback engine (wasm2js on QuickJS) against engine.wasm under
//! wasmtime, in the same run: the same display-list bytes, events and
//! texture deltas for the conformance scenes; deterministic work figures;
//! the memory cap as a clear out-of-memory trap the supervisor recovers
//! from; the watchdog; malformed batches rejected exactly as wasm rejects
//! them.
//!
//! Needs `target/engine.wasm` and `target/engine-wasm2js.mjs` (tools/test.sh
//! builds both before `cargo test`); a missing file fails with how to build
//! it.

use std::path::PathBuf;

use reel_engine::protocol::events::Event;
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{op, BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_host::engine_backend::{EngineBackend, EngineFactory, EngineKind};
use reel_host::profile::{Cpu, Display, EngineSection, Profile};
use reel_host::supervisor::{Fault, Resolution, Supervisor, SupervisorConfig};
use reel_host::wasm_engine::{EngineError, EngineLimits, EngineModule, TrapReason};
use reel_quickjs::JsEngineModule;

fn js_text() -> String {
    match reel_host::paths::load_engine_js(None) {
        Ok((_, t)) => t,
        Err(e) => panic!("these tests need the wasm2js engine.\n{e}"),
    }
}

fn wasm_bytes() -> Vec<u8> {
    match reel_host::paths::load_engine(None) {
        Ok((_, b)) => b,
        Err(e) => panic!("these tests need engine.wasm.\n{e}"),
    }
}

fn limits(cap_mib: u64) -> EngineLimits {
    EngineLimits { memory_cap_bytes: cap_mib << 20, memory_reservation_bytes: (cap_mib.max(64)) << 20, fuel_per_call: 4_000_000_000 }
}

/// Runs `f` on a thread with a big stack (QuickJS runs wasm2js code on the
/// native stack; the engine thread has 64 MiB too).
fn big_stack<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new().stack_size(64 << 20).spawn(f).expect("thread").join().expect("test thread panicked")
}

fn js(cap_mib: u64) -> JsEngineModule {
    JsEngineModule::new(&js_text(), limits(cap_mib)).expect("wasm2js engine loads")
}

fn scenes() -> Vec<(String, reel_engine::script::Scene)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenes");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/scenes")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("scene"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("scene");
            let scene = reel_engine::script::parse_scene(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), scene)
        })
        .collect()
}

/// Everything observable a run of `batches` produces on `e`: per batch the
/// rejection, events, texture deltas and display-list bytes.
type Trace = Vec<(Option<String>, Vec<String>, Vec<u8>, Vec<u8>)>;

fn trace(e: &mut dyn EngineBackend, viewport: (u32, u32), batches: &[Vec<u8>]) -> (Trace, Vec<u64>) {
    e.init(viewport.0, viewport.1).expect("init");
    e.set_texture_budget(64 << 20).expect("budget");
    if let Some(font) = reel_host::paths::default_font() {
        e.register_font(reel_host::paths::DEFAULT_FONT_FAMILY, font).expect("font");
    }
    let mut out = Vec::new();
    let mut work = Vec::new();
    for b in batches {
        let o = e.submit(b).expect("submit");
        work.push(o.fuel);
        let deltas = e.take_texture_deltas().expect("deltas");
        let dl = e.display_list_bytes().expect("display list");
        out.push((o.rejected.map(|r| format!("{r:?}")), o.events.iter().map(|ev| format!("{ev:?}")).collect(), deltas, dl));
    }
    let f = e.frame(1000.0).expect("frame");
    work.push(f.fuel);
    out.push((None, f.events.iter().map(|ev| format!("{ev:?}")).collect(), e.take_texture_deltas().expect("deltas"), e.display_list_bytes().expect("dl")));
    (out, work)
}

#[test]
fn js_engine_matches_wasm_byte_for_byte_on_the_conformance_scenes() {
    big_stack(|| {
        let wasm = EngineModule::new(&wasm_bytes(), limits(64)).expect("engine.wasm");
        let js = js(64);
        assert_eq!(js.kind(), EngineKind::Js);
        let scenes = scenes();
        assert!(scenes.len() >= 10, "expected the conformance scenes, found {}", scenes.len());
        let mut items = 0usize;
        for (name, scene) in &scenes {
            let vp = scene.viewport.unwrap_or((640, 360));
            let mut w = wasm.instantiate().expect("wasm instance");
            let mut j = js.instantiate().expect("js instance");
            let (tw, _) = trace(w.as_mut(), vp, &scene.batches);
            let (tj, work) = trace(j.as_mut(), vp, &scene.batches);
            assert_eq!(tw.len(), tj.len());
            for (i, (a, b)) in tw.iter().zip(&tj).enumerate() {
                assert_eq!(a.0, b.0, "{name} batch {i}: rejection");
                assert_eq!(a.1, b.1, "{name} batch {i}: events");
                assert_eq!(a.2, b.2, "{name} batch {i}: texture deltas");
                assert!(a.3 == b.3, "{name} batch {i}: display-list bytes differ ({} vs {} bytes)", a.3.len(), b.3.len());
            }
            items += tw.last().map(|t| t.3.len()).unwrap_or(0);
            assert!(work.iter().sum::<u64>() > 0, "{name}: the JS engine counted no work");
            assert_eq!(w.memory_bytes(), j.memory_bytes(), "{name}: linear memory grows the same");
        }
        assert!(items > 0);
    });
}

fn tiles(seq: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    b.create(1, NodeKind::View);
    b.set_props(1, &[(key::W, PropValue::Percent(100.0)), (key::H, PropValue::Percent(100.0)), (key::COLOR, PropValue::U32(0x102030FF))]);
    b.insert(0, 1, NONE);
    for i in 0..40u32 {
        let id = 10 + i;
        b.create(id, NodeKind::View);
        b.set_props(
            id,
            &[
                (key::X, PropValue::F32(10.0 + 14.0 * i as f32)),
                (key::Y, PropValue::F32(40.0)),
                (key::W, PropValue::F32(12.0)),
                (key::H, PropValue::F32(12.0)),
                (key::COLOR, PropValue::U32(0xFF0000FF | (i * 5) << 8)),
            ],
        );
        b.insert(1, id, NONE);
    }
    b.frame(0.0);
    b.finish()
}

fn nudge(seq: u32, i: u32, t: f64) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    b.set_props(10 + i, &[(key::Y, PropValue::F32(90.0 + i as f32))]);
    b.frame(t);
    b.finish()
}

fn huge(seq: u32, n: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    for i in 0..n {
        let id = 100_000 + i;
        b.create(id, NodeKind::View);
        b.set_props(id, &[(key::W, PropValue::F32(1.0)), (key::H, PropValue::F32(1.0)), (key::COLOR, PropValue::U32(0xFFFFFFFF))]);
        b.insert(1, id, NONE);
    }
    b.frame(16.0);
    b.finish()
}

#[test]
fn work_figures_are_deterministic() {
    big_stack(|| {
        let m = js(64);
        let batches = vec![tiles(1), nudge(2, 3, 16.0), nudge(3, 4, 33.0)];
        let run = || {
            let mut e = m.instantiate().expect("instance");
            trace(e.as_mut(), (640, 360), &batches)
        };
        let (t1, w1) = run();
        let (t2, w2) = run();
        assert_eq!(w1, w2, "same code and input, same ticks");
        assert_eq!(t1, t2);
        assert!(w1[0] >= 10_000, "building 41 nodes takes at least one poll: {w1:?}");
        assert!(w1.iter().all(|w| w.is_multiple_of(10_000)), "{w1:?}");
    });
}

fn sup_config(js_ticks_per_ms: u64) -> SupervisorConfig {
    let p = Profile {
        id: "t".into(),
        name: "t".into(),
        display: Display { width: 640, height: 360, fps: 30 },
        engine: EngineSection { wasm: false, memory_cap_mib: 8, memory_reservation_mib: 64, fuel_per_frame_limit: 2_000_000_000, texture_budget_mib: 64 },
        cpu: Cpu { fuel_per_ms: 100_000, js_ticks_per_ms: Some(js_ticks_per_ms) },
        js: Default::default(),
        video: Default::default(),
        certify: Default::default(),
    };
    let cfg = SupervisorConfig::from_profile(&p);
    assert_eq!(cfg.fuel_per_ms, js_ticks_per_ms, "the JS path's rate");
    cfg
}

#[test]
fn memory_cap_is_an_out_of_memory_trap_the_supervisor_recovers_from() {
    big_stack(|| {
        for (n, call) in [(40_000u32, "reel_submit"), (200_000, "reel_input_reserve (returned null)")] {
            let m = js(8);
            let mut s = Supervisor::new(m, sup_config(2000)).expect("supervisor");
            assert_eq!(s.engine_kind(), EngineKind::Js);
            s.submit(&tiles(1)).expect("scene");
            s.submit(&nudge(2, 3, 16.0)).expect("nudge");
            let r = s.submit(&huge(3, n)).expect("a trap is not an error");
            assert_eq!(r.incidents.len(), 1, "{:?}", r.incidents);
            let inc = &r.incidents[0];
            assert_eq!(inc.call, call, "{inc}");
            assert_eq!(inc.reason, TrapReason::OutOfMemory { cap: 8 << 20 }, "{inc}");
            assert_eq!(inc.resolution, Resolution::BatchesRejected(vec![3]));
            assert_eq!(r.rejected.as_ref().map(|r| r.code), Some(ErrorKind::OutOfMemory.code()));
            // The scene goes on as if the batch had never been sent.
            let after = s.submit(&nudge(4, 5, 33.0)).expect("next");
            assert!(after.incidents.is_empty() && after.rejected.is_none());
            let f = &after.frames[0];
            assert_eq!(f.stats.nodes, 42, "root + 41 nodes: {:?}", f.stats);
            assert!(f.memory_bytes <= 8 << 20);
            let t = s.totals();
            assert!(t.peak_memory_bytes <= 8 << 20, "{t:?}");
            assert!(t.peak_memory_bytes >= f.memory_bytes);
            assert_eq!(t.traps, 2);
        }
    });
}

#[test]
fn watchdog_interrupts_a_call_and_recovery_is_invisible() {
    big_stack(|| {
        let batches = [tiles(1), nudge(2, 1, 16.0), nudge(3, 2, 33.0)];
        let run = |faults: Vec<Fault>| {
            let mut cfg = sup_config(2000);
            cfg.faults = faults;
            let mut s = Supervisor::new(js(64), cfg).expect("supervisor");
            batches.iter().map(|b| s.submit(b).expect("submit")).collect::<Vec<_>>()
        };
        let clean = run(vec![]);
        // Request 1 builds 41 nodes: far more than one poll of ticks.
        let faulty = run(vec![Fault::FuelLimit { request: 1, fuel: 1 }]);
        let inc = &faulty[0].incidents;
        assert_eq!(inc.len(), 1, "{inc:?}");
        assert_eq!(inc[0].reason, TrapReason::OutOfFuel { limit: 1 });
        assert_eq!(inc[0].resolution, Resolution::Recovered);
        let dl = |r: &[reel_host::StepReport]| r.last().and_then(|s| s.frames.last()).and_then(|f| f.display_list.clone());
        assert_eq!(dl(&clean).map(|d| d.items), dl(&faulty).map(|d| d.items));
        let f1 = &faulty[0].frames[0];
        assert!(f1.recovery_fuel > 0);
        assert_eq!(f1.fuel - f1.recovery_fuel, clean[0].frames[0].fuel, "app work is charged the same");
        assert_eq!(f1.emulated_ms, f1.fuel as f64 / 2000.0);
    });
}

#[test]
fn malformed_batches_are_rejected_exactly_as_wasm_rejects_them() {
    big_stack(|| {
        let wasm = EngineModule::new(&wasm_bytes(), limits(64)).expect("engine.wasm");
        let js = js(64);
        // Rejected whole: a command cut short, a reused id, a truncated
        // batch, not a batch.
        let mut cut = BatchBuilder::new(2);
        cut.set_props(10, &[(key::X, PropValue::F32(1.0))]);
        cut.raw(op::SET_PROPS, &[12, 999]);
        cut.frame(16.0);
        let mut reused = BatchBuilder::new(3);
        reused.create(10, NodeKind::View);
        let mut truncated = tiles(4);
        truncated.truncate(truncated.len() - 6);
        let bad: Vec<Vec<u8>> = vec![cut.finish(), reused.finish(), truncated, vec![1, 2, 3]];
        let mut w = wasm.instantiate().expect("wasm");
        let mut j = js.instantiate().expect("js");
        for e in [&mut w, &mut j] {
            e.init(640, 360).expect("init");
            assert!(e.submit(&tiles(1)).expect("scene").rejected.is_none());
        }
        let before_w = w.display_list_bytes().expect("dl");
        for (i, b) in bad.iter().enumerate() {
            let rw = w.submit(b).expect("wasm submit");
            let rj = j.submit(b).expect("js submit");
            let rej = rw.rejected.clone().unwrap_or_else(|| panic!("bad batch {i} applied on wasm"));
            assert_eq!(rw.rejected, rj.rejected, "bad batch {i}");
            assert_eq!(rw.events, rj.events, "bad batch {i}");
            assert!(!rej.message.is_empty());
        }
        assert_eq!(w.display_list_bytes().expect("dl"), before_w, "rejected batches leave the scene as it was");
        assert_eq!(j.display_list_bytes().expect("dl"), before_w, "on both engines");
        // Skipped: an unknown property and a cycle, the rest of the batch
        // applied the same on both engines.
        let mut skip = BatchBuilder::new(6);
        skip.set_props(10, &[(key::X, PropValue::F32(1.0))]);
        skip.raw(op::SET_PROPS, &[12, 999, 0]);
        skip.insert(10, 1, NONE);
        skip.set_props(11, &[(key::Y, PropValue::F32(3.0))]);
        skip.frame(32.0);
        let skip = skip.finish();
        let rw = w.submit(&skip).expect("wasm submit");
        let rj = j.submit(&skip).expect("js submit");
        assert!(rw.rejected.is_none() && rj.rejected.is_none());
        assert_eq!(rw.events, rj.events);
        let skipped: Vec<u32> = rw.events.iter().filter_map(|e| match e { Event::Error { cmd_index, skipped: true, .. } => Some(*cmd_index), _ => None }).collect();
        assert_eq!(skipped, [1, 2]);
        assert_eq!(w.display_list_bytes().expect("dl"), j.display_list_bytes().expect("dl"));
        assert_ne!(w.display_list_bytes().expect("dl"), before_w, "the rest applied");
    });
}

#[test]
fn a_module_that_is_not_wasm2js_output_is_a_clear_error() {
    for (text, what) in [
        ("export const x = 1;\n", "retasmFunc"),
        ("import x from 'y';\nvar retasmFunc = asmFunc({});\n", "imports"),
        ("function asmFunc(imports) {}\nvar retasmFunc = asmFunc({});\n", "__wasm_memory_grow"),
    ] {
        match JsEngineModule::new(text, limits(8)) {
            Err(EngineError::BadModule(m)) => assert!(m.contains(what) && m.contains("build-wasm2js"), "{m}"),
            other => panic!("expected BadModule, got {other:?}"),
        }
    }
}

/// The catalog app under `reel run` on tv-legacy (JS fallback engine) and
/// on stick-lowend (engine.wasm): both 1280x720 at 30 fps, so the app sends
/// the same batches and every frame must show the same picture; only the
/// CPU model differs.
#[test]
fn the_catalog_on_tv_legacy_paints_what_it_paints_on_wasm() {
    use reel_quickjs::{run_app, RunOptions};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let app = root.join("examples/catalog/main.js");
    let load = |id: &str| Profile::load(id, &root.join("devices")).expect("profile");
    let (legacy, stick) = (load("tv-legacy"), load("stick-lowend"));
    assert!(!legacy.engine.wasm && stick.engine.wasm);
    let frames = 24u32;
    let opts = || RunOptions { frames, keep_display_lists: (1..=frames).collect(), record_batches: true, ..Default::default() };
    let js = run_app(&app, &legacy, opts()).expect("tv-legacy run");
    let wasm = run_app(&app, &stick, opts()).expect("stick-lowend run");
    assert_eq!(js.summary.engine.engine, "engine-wasm2js.mjs");
    assert_eq!(js.batches, wasm.batches, "the app sent the same batches");
    assert_eq!(js.frames.len(), wasm.frames.len());
    for (a, b) in js.frames.iter().zip(&wasm.frames) {
        assert_eq!(a.frame, b.frame);
        assert_eq!(a.display_list, b.display_list, "frame {}", a.frame);
        assert_eq!(a.memory_bytes, b.memory_bytes, "frame {}", a.frame);
        assert_eq!(a.stats.nodes, b.stats.nodes);
        assert!(a.fuel.is_multiple_of(10_000) && a.emulated_ms == a.fuel as f64 / legacy.work_per_ms() as f64);
    }
    assert!(js.frames.iter().any(|f| f.display_list.as_ref().is_some_and(|d| d.header.item_count > 10)));
    assert_eq!(js.summary.engine.peak_memory_bytes, wasm.summary.engine.peak_memory_bytes);
    assert!(js.summary.engine.emulated_ms.p50 > wasm.summary.engine.emulated_ms.p50, "the legacy TV is slower");
    assert!(js.incidents.is_empty() && js.summary.engine.traps == 0);
}
