//! The tree depth limits (issue 18, findings 2 and 3) on the JS fallback
//! engine — the wasm2js build on QuickJS, as `tv-legacy` (no Wasm) runs it,
//! with that profile's memory cap and watchdog and the engine thread's
//! stack: a scene-mode chain of `MAX_DEPTH` levels and `MAX_FLEX_DEPTH`
//! nested flex containers are laid out and drawn exactly as engine.wasm
//! draws them; one level more is rejected with the engine's error (not a
//! trap), the previous frame stays and later batches apply.
//!
//! Needs `target/engine.wasm` and `target/engine-wasm2js.mjs` (tools/test.sh
//! builds both).

use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE, ROOT};
use reel_engine::scene::{MAX_DEPTH, MAX_FLEX_DEPTH};
use reel_host::engine_backend::{EngineBackend, EngineFactory};
use reel_host::profile::Profile;
use reel_host::wasm_engine::{EngineLimits, EngineModule};
use reel_quickjs::JsEngineModule;

fn tv_legacy() -> Profile {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../devices");
    Profile::load("tv-legacy", &dir).expect("devices/tv-legacy.toml")
}

/// The engine thread's stack (host/src/engine_thread.rs): QuickJS runs the
/// wasm2js code on the native stack.
fn on_engine_thread_stack<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new().stack_size(64 << 20).spawn(f).expect("thread").join().expect("test thread panicked")
}

fn engines() -> (Box<dyn EngineBackend>, Box<dyn EngineBackend>) {
    let p = tv_legacy();
    let js_text = match reel_host::paths::load_engine_js(None) {
        Ok((_, t)) => t,
        Err(e) => panic!("these tests need the wasm2js engine.\n{e}"),
    };
    let js = JsEngineModule::new(&js_text, EngineLimits::from_profile(&p)).expect("wasm2js engine");
    let wasm_bytes = match reel_host::paths::load_engine(None) {
        Ok((_, b)) => b,
        Err(e) => panic!("these tests need engine.wasm.\n{e}"),
    };
    let mut wasm_limits = EngineLimits::from_profile(&p);
    wasm_limits.fuel_per_call = p.engine.fuel_per_frame_limit;
    let wasm = EngineModule::new(&wasm_bytes, wasm_limits).expect("engine.wasm");
    let (w, h) = (p.display.width, p.display.height);
    let mut j = js.instantiate().expect("js instance");
    let mut e = wasm.instantiate().expect("wasm instance");
    j.init(w, h).expect("init js");
    e.init(w, h).expect("init wasm");
    (j, e)
}

/// A chain of `n` views (ids from 100) under the root, each a child of the
/// previous one, inserted top-down: 8x8 scene-mode nodes, or flex columns
/// with a 1 px left padding; a 4x4 leaf (id 50) in the innermost node.
fn chain(seq: u32, n: u32, flex: bool) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    for id in 100..100 + n {
        b.create(id, NodeKind::View);
        let mut p = vec![(key::W, V::F32(8.0)), (key::H, V::F32(8.0)), (key::COLOR, V::U32(0x3050_70ff))];
        if flex {
            p.extend([(key::DISPLAY, V::U32(1)), (key::FLEX_DIRECTION, V::U32(1)), (key::PADDING_LEFT, V::F32(1.0))]);
        }
        b.set_props(id, &p);
        b.insert(if id == 100 { ROOT } else { id - 1 }, id, NONE);
    }
    b.create(50, NodeKind::View)
        .set_props(50, &[(key::W, V::F32(4.0)), (key::H, V::F32(4.0)), (key::COLOR, V::U32(0x00ff_00ff))])
        .insert(100 + n - 1, 50, NONE)
        .frame(16.0);
    b.finish()
}

fn box_batch(seq: u32, x: f32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    if seq == 1 {
        b.create(1, NodeKind::View).insert(ROOT, 1, NONE);
    }
    b.set_props(1, &[(key::X, V::F32(x)), (key::W, V::F32(20.0)), (key::H, V::F32(20.0)), (key::COLOR, V::U32(0xff00_00ff))]);
    b.frame(f64::from(seq) * 16.0);
    b.finish()
}

/// Runs `bad` (must be rejected with `want`) between two box batches on
/// both engines; returns nothing, asserts the JS engine behaves as wasm.
fn rejected_on_both(bad: Vec<u8>, want: ErrorKind) {
    let (mut j, mut w) = engines();
    for e in [&mut j, &mut w] {
        let o = e.submit(&box_batch(1, 10.0)).expect("box");
        assert!(o.rejected.is_none());
        let before = e.display_list().expect("dl").items;
        let o = e.submit(&bad).unwrap_or_else(|err| panic!("rejected, not a trap: {err}"));
        let r = o.rejected.expect("the deep batch is rejected");
        assert_eq!(r.code, want.code(), "{}", r.message);
        assert!(r.message.contains(&want.to_string()), "{}", r.message);
        assert_eq!(e.display_list().expect("dl").items, before, "the previous frame stays");
        let o = e.submit(&box_batch(3, 30.0)).expect("the next batch");
        assert!(o.rejected.is_none(), "later batches apply");
        let after = e.display_list().expect("dl").items;
        assert_eq!((after.len(), after[0].transform[4]), (1, 30.0));
    }
}

#[test]
fn nested_flex_containers_at_the_limit_paint_as_on_wasm_and_one_more_is_rejected() {
    on_engine_thread_stack(|| {
        let (mut j, mut w) = engines();
        let bytes = chain(1, MAX_FLEX_DEPTH, true);
        let oj = j.submit(&bytes).unwrap_or_else(|e| panic!("{MAX_FLEX_DEPTH} nested flex containers on wasm2js: {e}"));
        let ow = w.submit(&bytes).expect("wasm");
        assert!(oj.rejected.is_none() && ow.rejected.is_none(), "{:?}", oj.rejected);
        let dl = j.display_list_bytes().expect("dl");
        assert_eq!(dl, w.display_list_bytes().expect("dl"), "the same display list as engine.wasm");
        let items = j.display_list().expect("dl").items;
        assert_eq!(items.len() as u32, MAX_FLEX_DEPTH + 1);
        let leaf = items.last().expect("items");
        assert_eq!((leaf.node, leaf.transform[4]), (50, MAX_FLEX_DEPTH as f32), "every level was laid out");

        let node = 100 + MAX_FLEX_DEPTH;
        rejected_on_both(chain(2, MAX_FLEX_DEPTH + 1, true), ErrorKind::FlexTooDeep { node, depth: MAX_FLEX_DEPTH + 1, limit: MAX_FLEX_DEPTH });
        // 900 levels overflowed the wasm2js engine's stack (799 was the most it laid out).
        rejected_on_both(chain(2, 900, true), ErrorKind::FlexTooDeep { node, depth: MAX_FLEX_DEPTH + 1, limit: MAX_FLEX_DEPTH });
    });
}

#[test]
fn a_scene_chain_at_the_depth_limit_paints_within_the_watchdog_and_one_more_is_rejected() {
    on_engine_thread_stack(|| {
        let (mut j, mut w) = engines();
        // The chain's MAX_DEPTH - 1 nodes and the leaf: MAX_DEPTH levels.
        let bytes = chain(1, MAX_DEPTH - 1, false);
        let oj = j.submit(&bytes).unwrap_or_else(|e| panic!("a {MAX_DEPTH}-level chain within tv-legacy's watchdog: {e}"));
        assert!(oj.rejected.is_none(), "{:?}", oj.rejected);
        w.submit(&bytes).expect("wasm");
        let dl = j.display_list_bytes().expect("dl");
        assert_eq!(dl, w.display_list_bytes().expect("dl"), "the same display list as engine.wasm");
        let items = j.display_list().expect("dl").items;
        assert_eq!(items.len() as u32, MAX_DEPTH);
        assert_eq!(items.last().map(|i| i.node), Some(50));

        rejected_on_both(chain(2, MAX_DEPTH, false), ErrorKind::TooDeep { node: 50, depth: MAX_DEPTH + 1, limit: MAX_DEPTH });
    });
}
