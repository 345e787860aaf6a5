//! The tree depth limits (issue 18, findings 2 and 3) on engine.wasm under
//! wasmtime, through the engine thread and its supervisor, on the weakest
//! Wasm device profile (`stick-lowend`: 150M fuel watchdog per call, the
//! host's stack settings):
//! - a scene-mode chain of `MAX_DEPTH` levels applies and is drawn inside
//!   the watchdog (applying one took 934M fuel while it was quadratic), and
//!   a trap right after it recovers from the engine's own snapshot;
//! - `MAX_FLEX_DEPTH` nested flex containers are laid out and drawn;
//! - one level more of either, and flex chains that used to exhaust
//!   wasmtime's call stack (202 levels and more), are rejected by the
//!   engine with the specific error — no trap, no incident — the previous
//!   frame stays and later batches apply.

mod common;

use reel_engine::display_list::OwnedDisplayList;
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE, ROOT};
use reel_engine::scene::{MAX_DEPTH, MAX_FLEX_DEPTH};
use reel_host::supervisor::{Fault, Resolution, SupervisorConfig};
use reel_host::wasm_engine::EngineLimits;
use reel_host::{EngineThread, Profile, StepReport};

fn lowend() -> Profile {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../devices");
    Profile::load("stick-lowend", &dir).expect("devices/stick-lowend.toml")
}

fn spawn(p: &Profile, faults: Vec<Fault>) -> EngineThread {
    let mut cfg = SupervisorConfig::from_profile(p);
    cfg.faults = faults;
    EngineThread::spawn(common::engine_wasm(), EngineLimits::from_profile(p), cfg).expect("engine thread")
}

/// A chain of `n` views (ids `first..`), each a child of the previous one,
/// the first under `parent`, inserted top-down or bottom-up. Scene-mode
/// nodes are 8x8 at (0, 0); `flex` makes them flex columns with a 1 px left
/// padding, so the k-th container's children sit at x = k.
fn chain(b: &mut BatchBuilder, parent: u32, first: u32, n: u32, flex: bool, bottom_up: bool) {
    let node = |b: &mut BatchBuilder, id: u32| {
        b.create(id, NodeKind::View);
        let mut p = vec![(key::W, V::F32(8.0)), (key::H, V::F32(8.0)), (key::COLOR, V::U32(0x3050_70ff))];
        if flex {
            p.extend([(key::DISPLAY, V::U32(1)), (key::FLEX_DIRECTION, V::U32(1)), (key::PADDING_LEFT, V::F32(1.0))]);
        }
        b.set_props(id, &p);
    };
    if bottom_up {
        for id in (first..first + n).rev() {
            node(b, id);
            if id + 1 < first + n {
                b.insert(id, id + 1, NONE);
            }
        }
        b.insert(parent, first, NONE);
    } else {
        for id in first..first + n {
            node(b, id);
            b.insert(if id == first { parent } else { id - 1 }, id, NONE);
        }
    }
}

fn box_batch(seq: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::X, V::F32(100.0)), (key::W, V::F32(20.0)), (key::H, V::F32(20.0)), (key::COLOR, V::U32(0xff00_00ff))])
        .insert(ROOT, 1, NONE)
        .frame(0.0);
    b.finish()
}

fn move_box(seq: u32, x: f32, t: f64) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    b.set_props(1, &[(key::X, V::F32(x))]).frame(t);
    b.finish()
}

fn last_list(r: &StepReport) -> &OwnedDisplayList {
    r.frames.last().and_then(|f| f.display_list.as_ref()).expect("a frame with its display list")
}

fn applied(r: &StepReport, what: &str) {
    assert!(r.incidents.is_empty(), "{what}: no trap expected: {:?}", r.incidents);
    assert!(r.rejected.is_none(), "{what}: rejected: {:?}", r.rejected);
    assert_eq!(r.frames.len(), 1, "{what}: one frame");
}

/// Submits a batch that must be rejected by the engine (not after a trap),
/// then a move of the box: the frame after it is the previous picture with
/// the box moved.
fn rejected_then_goes_on(t: &mut EngineThread, bad: Vec<u8>, seq: u32, before: &OwnedDisplayList) -> (u32, String) {
    let r = t.submit(bad).expect("submit");
    assert!(r.incidents.is_empty(), "rejected by validation, not a trap: {:?}", r.incidents);
    assert!(r.frames.is_empty(), "a rejected batch runs no frame");
    let rej = r.rejected.expect("rejected");
    let r = t.submit(move_box(seq + 1, 200.0, 1000.0 + f64::from(seq))).expect("submit");
    applied(&r, "the batch after the rejection");
    let after = last_list(&r);
    assert_eq!(after.items.len(), before.items.len(), "the scene is what it was before the rejected batch");
    for (a, b) in after.items.iter().zip(&before.items) {
        if a.node == 1 {
            assert_eq!(a.transform[4], 200.0, "the box moved");
        } else {
            assert_eq!(a, b);
        }
    }
    (rej.code, rej.message)
}

#[test]
fn a_scene_chain_at_the_depth_limit_applies_within_the_lowest_watchdog_and_survives_recovery() {
    let p = lowend();
    for bottom_up in [false, true] {
        // Request 3 (the move after the chain) traps once: the supervisor
        // rebuilds the scene from the engine's own snapshot of the chain.
        let mut t = spawn(&p, vec![Fault::FuelLimit { request: 3, fuel: 500 }]);
        let r = t.submit(box_batch(1)).expect("submit");
        applied(&r, "box");
        let mut b = BatchBuilder::new(2);
        chain(&mut b, ROOT, 100, MAX_DEPTH, false, bottom_up);
        b.frame(16.0);
        let r = t.submit(b.finish()).expect("submit");
        applied(&r, "the chain");
        let dl = last_list(&r).clone();
        assert_eq!(dl.items.len() as u32, 1 + MAX_DEPTH, "the box and every level are drawn");
        assert_eq!(dl.items.last().map(|i| i.node), Some(100 + MAX_DEPTH - 1));
        assert!(r.frames[0].fuel < p.engine.fuel_per_frame_limit, "frame fuel {}", r.frames[0].fuel);

        let r = t.submit(move_box(3, 150.0, 33.0)).expect("submit");
        assert_eq!(r.incidents.len(), 1, "the forced trap");
        assert_eq!(r.incidents[0].resolution, Resolution::Recovered, "{}", r.incidents[0]);
        assert!(r.rejected.is_none());
        let after = last_list(&r);
        assert_eq!(after.items.len(), dl.items.len(), "the replayed chain is all there");
        assert_eq!(after.items.last().map(|i| i.node), Some(100 + MAX_DEPTH - 1));
        t.shutdown().expect("shutdown");
    }
}

#[test]
fn one_level_past_the_depth_limit_is_rejected_by_the_engine() {
    let p = lowend();
    let mut t = spawn(&p, vec![]);
    let r = t.submit(box_batch(1)).expect("submit");
    let before = last_list(&r).clone();
    for (seq, bottom_up) in [(2, false), (4, true)] {
        let mut b = BatchBuilder::new(seq);
        chain(&mut b, ROOT, 100, MAX_DEPTH + 1, false, bottom_up);
        b.frame(16.0);
        let (code, msg) = rejected_then_goes_on(&mut t, b.finish(), seq, &before);
        let too_deep = ErrorKind::TooDeep { node: 100 + MAX_DEPTH, depth: MAX_DEPTH + 1, limit: MAX_DEPTH };
        assert_eq!(code, too_deep.code());
        assert!(msg.contains(&too_deep.to_string()), "{msg}");
        let r = t.submit(move_box(seq + 10, 100.0, 2000.0 + f64::from(seq))).expect("submit");
        applied(&r, "moving the box back");
    }
    t.shutdown().expect("shutdown");
}

#[test]
fn nested_flex_containers_at_the_limit_are_drawn_and_deeper_ones_rejected_without_a_trap() {
    let p = lowend();
    let mut t = spawn(&p, vec![]);
    let r = t.submit(box_batch(1)).expect("submit");
    let before = last_list(&r).clone();
    // 65, and chains that exhausted wasmtime's stack before the limit.
    // (A 10,000-level chain is a 30,000-command batch: near the low-end
    // watchdog whatever its shape; the native test covers that depth.)
    for (seq, n) in [(2, MAX_FLEX_DEPTH + 1), (4, 202), (6, 1000)] {
        let mut b = BatchBuilder::new(seq);
        chain(&mut b, ROOT, 100, n, true, false);
        b.frame(16.0);
        let (code, msg) = rejected_then_goes_on(&mut t, b.finish(), seq, &before);
        let too_deep = ErrorKind::FlexTooDeep { node: 100 + MAX_FLEX_DEPTH, depth: MAX_FLEX_DEPTH + 1, limit: MAX_FLEX_DEPTH };
        assert_eq!(code, too_deep.code(), "{n} nested flex containers: {msg}");
        assert!(msg.contains(&too_deep.to_string()), "{msg}");
        let r = t.submit(move_box(seq + 10, 100.0, 3000.0 + f64::from(seq))).expect("submit");
        applied(&r, "moving the box back");
    }
    let mut b = BatchBuilder::new(20);
    chain(&mut b, ROOT, 100, MAX_FLEX_DEPTH, true, false);
    b.create(50, NodeKind::View)
        .set_props(50, &[(key::W, V::F32(4.0)), (key::H, V::F32(4.0)), (key::COLOR, V::U32(0x00ff_00ff))])
        .insert(100 + MAX_FLEX_DEPTH - 1, 50, NONE)
        .frame(5000.0);
    let r = t.submit(b.finish()).expect("submit");
    applied(&r, "flex chain at the limit");
    let dl = last_list(&r);
    assert_eq!(dl.items.len() as u32, 1 + MAX_FLEX_DEPTH + 1);
    let leaf = dl.items.last().expect("items");
    assert_eq!((leaf.node, leaf.transform[4]), (50, MAX_FLEX_DEPTH as f32), "every level was laid out");
    t.shutdown().expect("shutdown");
}

/// Two chains of focus-memory containers side by side, `MAX_DEPTH / 2`
/// levels each, a focusable leaf at the bottom of each: moving focus from
/// one leaf to the other asks, for every memory container above the
/// target, whether it holds the node focus leaves. That question cost a
/// walk up the other chain each time (O(depth²): ~4M steps, past the
/// 150M-fuel watchdog, for one key press); it is now a lookup in the sorted
/// ancestors (3.3M fuel), a fraction of what building the scene cost.
#[test]
fn spatial_navigation_between_deep_focus_memory_chains_costs_linear_work() {
    use reel_engine::focus::Dir;
    use reel_host::wasm_engine::{EngineModule, WasmEngine};
    let p = lowend();
    let module = EngineModule::new(&common::engine_wasm(), EngineLimits::from_profile(&p)).expect("module");
    let mut e = WasmEngine::new(&module).expect("instance");
    e.init(p.display.width, p.display.height).expect("init");
    let half = MAX_DEPTH / 2;
    let mut b = BatchBuilder::new(1);
    for (first, x) in [(100, 0.0), (100_000, 300.0)] {
        for id in first..first + half {
            b.create(id, NodeKind::View);
            let mut props = vec![(key::W, V::F32(50.0)), (key::H, V::F32(50.0)), (key::FOCUS_MEMORY, V::U32(1))];
            if id == first {
                props.push((key::X, V::F32(x)));
            }
            b.set_props(id, &props);
            b.insert(if id == first { ROOT } else { id - 1 }, id, NONE);
        }
        b.create(first - 1, NodeKind::View)
            .set_props(first - 1, &[(key::W, V::F32(40.0)), (key::H, V::F32(40.0)), (key::FOCUSABLE, V::U32(1)), (key::COLOR, V::U32(0xffff_ffff))])
            .insert(first + half - 1, first - 1, NONE);
    }
    b.focus(99).frame(0.0);
    let built = e.submit(&b.finish()).expect("the chains apply");
    assert!(built.rejected.is_none(), "{:?}", built.rejected);
    let mut b = BatchBuilder::new(2);
    b.navigate(Dir::Right).frame(33.0);
    let out = e.submit(&b.finish()).unwrap_or_else(|err| panic!("navigation within the watchdog: {err}"));
    assert_eq!(out.frames().last().map(|s| s.focused), Some(100_000 - 1), "focus moved to the other chain's leaf");
    assert!(out.fuel < built.fuel / 5, "navigating cost {} fuel; building the scene {}", out.fuel, built.fuel);
}
