//! The tree depth limits (issue 18, finding 2), on the native engine:
//! scene-mode chains up to `MAX_DEPTH` levels and runs of nested flex
//! containers up to `MAX_FLEX_DEPTH` are applied, laid out and drawn; one
//! level more is rejected with a specific error before any frame lays it
//! out, the scene and its frame stay as they were, and later batches apply.
//! (engine.wasm under wasmtime: `host/tests/depth_limits.rs`; the wasm2js
//! engine: `host/quickjs/tests/depth_limits.rs`.)

use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{op, BatchBuilder, BatchError, ErrorKind, NodeKind, NONE, ROOT};
use reel_engine::scene::{MAX_DEPTH, MAX_FLEX_DEPTH};
use reel_engine::Engine;

const W: u32 = 640;
const H: u32 = 360;

/// Appends a chain of `n` views with ids `first..first + n`, each a child
/// of the previous one and the first a child of `parent`, inserted top-down
/// (create, props, insert per node: the insert of the k-th node is command
/// `3k + 2` of a batch that starts with the chain). Scene-mode nodes are
/// 8x8 at (0, 0); `flex` makes them flex columns with a 1 px left padding,
/// so the k-th container sits at x = k.
fn chain(b: &mut BatchBuilder, parent: u32, first: u32, n: u32, flex: bool) {
    for id in first..first + n {
        b.create(id, NodeKind::View);
        let mut p = vec![(key::W, V::F32(8.0)), (key::H, V::F32(8.0)), (key::COLOR, V::U32(0x3050_70ff))];
        if flex {
            p.extend([(key::DISPLAY, V::U32(1)), (key::FLEX_DIRECTION, V::U32(1)), (key::PADDING_LEFT, V::F32(1.0))]);
        }
        b.set_props(id, &p);
        b.insert(if id == first { parent } else { id - 1 }, id, NONE);
    }
}

/// The same chain built bottom-up: each node inserted under its parent
/// before the parent is attached; the top goes under `parent` last.
fn chain_bottom_up(b: &mut BatchBuilder, parent: u32, first: u32, n: u32) {
    for id in (first..first + n).rev() {
        b.create(id, NodeKind::View);
        b.set_props(id, &[(key::W, V::F32(8.0)), (key::H, V::F32(8.0)), (key::COLOR, V::U32(0x3050_70ff))]);
        if id + 1 < first + n {
            b.insert(id, id + 1, NONE);
        }
    }
    b.insert(parent, first, NONE);
}

/// An engine showing one 20x20 box (id 1), framed.
fn engine_with_a_box() -> Engine {
    let mut e = Engine::new(W, H);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::X, V::F32(10.0)), (key::W, V::F32(20.0)), (key::H, V::F32(20.0)), (key::COLOR, V::U32(0xff00_00ff))])
        .insert(ROOT, 1, NONE)
        .frame(0.0);
    e.submit(&b.finish()).expect("the box applies");
    e
}

/// Submits `b`, expecting a rejection; checks that nothing changed.
fn rejected(e: &mut Engine, b: &BatchBuilder) -> BatchError {
    let before = e.snapshot().to_vec();
    let items = e.display_list().items.to_vec();
    let err = e.submit(&b.finish()).expect_err("the batch must be rejected");
    assert_eq!(e.snapshot(), &before[..], "a rejected batch leaves the scene as it was");
    e.frame(1000.0);
    assert_eq!(e.display_list().items, &items[..], "the previous frame stays");
    err
}

#[test]
fn a_scene_chain_at_the_depth_limit_is_laid_out_and_drawn_both_ways() {
    for bottom_up in [false, true] {
        let mut e = engine_with_a_box();
        let mut b = BatchBuilder::new(2);
        if bottom_up {
            chain_bottom_up(&mut b, ROOT, 100, MAX_DEPTH);
        } else {
            chain(&mut b, ROOT, 100, MAX_DEPTH, false);
        }
        b.frame(16.0);
        e.submit(&b.finish()).unwrap_or_else(|err| panic!("a chain of {MAX_DEPTH} levels applies: {err}"));
        let dl = e.display_list();
        assert_eq!(dl.items.len() as u32, 1 + MAX_DEPTH, "the box and every level of the chain are drawn");
        let last = dl.items.last().expect("items");
        assert_eq!(last.node, 100 + MAX_DEPTH - 1, "the deepest node is painted last");
        assert_eq!(last.size, [8.0, 8.0]);
    }
}

#[test]
fn one_level_past_the_depth_limit_is_rejected_naming_the_node_depth_and_limit() {
    let mut e = engine_with_a_box();
    let mut b = BatchBuilder::new(2);
    chain(&mut b, ROOT, 100, MAX_DEPTH + 1, false);
    b.frame(16.0);
    let err = rejected(&mut e, &b);
    let deepest = 100 + MAX_DEPTH;
    assert_eq!(err.kind, ErrorKind::TooDeep { node: deepest, depth: MAX_DEPTH + 1, limit: MAX_DEPTH });
    assert_eq!(err.kind.code(), 26);
    // Charged to the insert that made it too deep: the last node's.
    assert_eq!((err.cmd_index, err.op), (3 * MAX_DEPTH + 2, op::INSERT));
    let msg = err.to_string();
    assert!(msg.contains(&format!("node {deepest} would be {} levels deep", MAX_DEPTH + 1)), "{msg}");
    assert!(msg.contains(&format!("the limit is {MAX_DEPTH}")), "{msg}");

    // Bottom-up, the insert of the top under the root is the one to blame.
    let mut b = BatchBuilder::new(3);
    chain_bottom_up(&mut b, ROOT, 100, MAX_DEPTH + 1);
    let err = rejected(&mut e, &b);
    assert_eq!(err.kind, ErrorKind::TooDeep { node: deepest, depth: MAX_DEPTH + 1, limit: MAX_DEPTH });
    assert_eq!(err.cmd_index, 3 * (MAX_DEPTH + 1) - 1, "the final insert");

    // Later batches apply.
    let mut b = BatchBuilder::new(4);
    chain(&mut b, ROOT, 100, MAX_DEPTH, false);
    b.frame(2000.0);
    e.submit(&b.finish()).expect("a chain at the limit applies after the rejection");
    assert_eq!(e.display_list().items.len() as u32, 1 + MAX_DEPTH);
}

#[test]
fn a_detached_chain_moved_under_a_deep_node_is_measured_from_the_scene_root() {
    let mut e = engine_with_a_box();
    let mut b = BatchBuilder::new(2);
    chain(&mut b, ROOT, 100, 3000, false);
    b.frame(16.0);
    e.submit(&b.finish()).expect("3000 levels apply");
    // A detached chain of 1500, legal on its own, then moved under level 3000.
    let mut b = BatchBuilder::new(3);
    chain_bottom_up(&mut b, 1, 10_000, 1500);
    b.remove(10_000);
    b.insert(3099, 10_000, NONE);
    let err = rejected(&mut e, &b);
    assert_eq!(err.kind, ErrorKind::TooDeep { node: 10_000 + MAX_DEPTH - 3000, depth: MAX_DEPTH + 1, limit: MAX_DEPTH });
    assert_eq!((err.cmd_index, err.op), (3 * 1500 + 1, op::INSERT), "the move under node 3099");
    // The same chain under a shallower node fits.
    let mut b = BatchBuilder::new(4);
    chain_bottom_up(&mut b, 200, 10_000, 1500);
    b.frame(3000.0);
    e.submit(&b.finish()).expect("1500 levels under level 101 fit");
    assert_eq!(e.display_list().items.len(), 1 + 3000 + 1500);
}

#[test]
fn nested_flex_containers_up_to_the_limit_are_laid_out_and_one_more_is_rejected() {
    let mut e = engine_with_a_box();
    let mut b = BatchBuilder::new(2);
    chain(&mut b, ROOT, 100, MAX_FLEX_DEPTH, true);
    // A scene-mode leaf in the innermost container: a flex item.
    b.create(50, NodeKind::View)
        .set_props(50, &[(key::W, V::F32(4.0)), (key::H, V::F32(4.0)), (key::COLOR, V::U32(0x00ff_00ff))])
        .insert(100 + MAX_FLEX_DEPTH - 1, 50, NONE)
        .frame(16.0);
    e.submit(&b.finish()).unwrap_or_else(|err| panic!("{MAX_FLEX_DEPTH} nested flex containers apply: {err}"));
    let dl = e.display_list();
    assert_eq!(dl.items.len() as u32, 1 + MAX_FLEX_DEPTH + 1);
    let leaf = dl.items.last().expect("items");
    assert_eq!(leaf.node, 50);
    assert_eq!(leaf.transform[4], MAX_FLEX_DEPTH as f32, "every level's padding was laid out");

    let mut e = engine_with_a_box();
    let mut b = BatchBuilder::new(2);
    chain(&mut b, ROOT, 100, MAX_FLEX_DEPTH + 1, true);
    b.frame(16.0);
    let err = rejected(&mut e, &b);
    let node = 100 + MAX_FLEX_DEPTH;
    assert_eq!(err.kind, ErrorKind::FlexTooDeep { node, depth: MAX_FLEX_DEPTH + 1, limit: MAX_FLEX_DEPTH });
    assert_eq!(err.kind.code(), 27);
    assert_eq!((err.cmd_index, err.op), (3 * MAX_FLEX_DEPTH + 2, op::INSERT));
    let msg = err.to_string();
    assert!(msg.contains(&format!("nested {} flex containers deep", MAX_FLEX_DEPTH + 1)), "{msg}");
    assert!(msg.contains(&format!("the limit is {MAX_FLEX_DEPTH}")), "{msg}");
}

#[test]
fn a_scene_node_between_flex_runs_starts_a_new_run_and_display_writes_are_checked() {
    let mut e = engine_with_a_box();
    let mut b = BatchBuilder::new(2);
    chain(&mut b, ROOT, 100, MAX_FLEX_DEPTH, true);
    b.create(500, NodeKind::View)
        .set_props(500, &[(key::W, V::F32(8.0)), (key::H, V::F32(8.0))])
        .insert(100 + MAX_FLEX_DEPTH - 1, 500, NONE);
    chain(&mut b, 500, 1000, MAX_FLEX_DEPTH, true);
    b.frame(16.0);
    e.submit(&b.finish()).expect("two runs at the limit, split by a scene-mode node, apply");
    assert_eq!(e.display_list().items.len() as u32, 1 + 2 * MAX_FLEX_DEPTH);

    // Making the scene node a flex container joins the runs: rejected, and
    // charged to that write.
    let mut b = BatchBuilder::new(3);
    b.set_props(500, &[(key::DISPLAY, V::U32(1))]);
    b.frame(32.0);
    let err = rejected(&mut e, &b);
    assert_eq!(err.kind, ErrorKind::FlexTooDeep { node: 500, depth: MAX_FLEX_DEPTH + 1, limit: MAX_FLEX_DEPTH });
    assert_eq!((err.cmd_index, err.op), (0, op::SET_PROPS));
}

/// Before the limits, 10,000 nested flex containers overflowed the native
/// stack inside taffy and aborted the process.
#[test]
fn ten_thousand_nested_flex_containers_are_rejected_not_a_crash() {
    let mut e = engine_with_a_box();
    let mut b = BatchBuilder::new(2);
    chain(&mut b, ROOT, 100, 10_000, true);
    b.frame(16.0);
    let err = rejected(&mut e, &b);
    assert_eq!(err.kind, ErrorKind::FlexTooDeep { node: 100 + MAX_FLEX_DEPTH, depth: MAX_FLEX_DEPTH + 1, limit: MAX_FLEX_DEPTH });
}

/// A batch of over 4,096 inserts logs a run of inserts into one parent
/// once (`transaction::BY_PARENT_INSERTS`): the check still finds every
/// child too deep and charges the run's insert that put it there.
#[test]
fn a_wide_batch_under_the_deepest_node_is_charged_to_its_first_insert() {
    let mut e = engine_with_a_box();
    let mut b = BatchBuilder::new(2);
    chain(&mut b, ROOT, 100, MAX_DEPTH, false);
    b.frame(16.0);
    e.submit(&b.finish()).expect("a chain at the limit applies");
    let deepest = 100 + MAX_DEPTH - 1;
    for (first, cmd) in [(0u32, 1u32), (4_000, 2 * 4_000 + 1)] {
        let mut b = BatchBuilder::new(3);
        // Leaves under the root first (legal), then 5,000 under the deepest.
        for i in 0..first {
            b.create(50_000 + i, NodeKind::View).insert(ROOT, 50_000 + i, NONE);
        }
        for i in 0..5_000 {
            b.create(20_000 + i, NodeKind::View).insert(deepest, 20_000 + i, NONE);
        }
        let err = rejected(&mut e, &b);
        assert_eq!(err.kind, ErrorKind::TooDeep { node: 20_000, depth: MAX_DEPTH + 1, limit: MAX_DEPTH });
        assert_eq!((err.cmd_index, err.op), (cmd, op::INSERT), "the first leaf's insert");
    }
}
