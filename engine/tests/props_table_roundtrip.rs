//! Every row of the property table, driven from the table itself (issue 13):
//!
//! 1. each property, with a valid value of every wire type it accepts (and a
//!    reset), set on a node of every kind, survives a snapshot: a fresh engine
//!    fed the snapshot snapshots to the same bytes and draws the same display
//!    list; and every property is *captured* (some value changes the
//!    snapshot), except the few listed in [`NOT_IN_SNAPSHOT`];
//! 2. every animatable property can be animated (`ANIMATE`) and transitioned
//!    (`TRANSITION`) to a value and ends where a plain write would; every
//!    other property is refused with `NotAnimatable`;
//! 3. `expand` of every key is what the table declares, and a compound key
//!    written once equals the keys it drives written one by one (so the
//!    table's `drives` agrees with `scene::apply_prop`).
//!
//! Nothing here names a property: a row added to `PROPS` is covered by
//! these tests as it is.

use reel_engine::anim::easing::Easing;
use reel_engine::anim::{Direction, Timing};
use reel_engine::display_list::DisplayItem;
use reel_engine::protocol::props::{
    animatable, expand, is_color_key, key, ty, Anim, Check, PropSpec, PropValue as V, ARRAY_PROPS, PROPS, STRING_PROPS,
};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_engine::Engine;

const KINDS: [NodeKind; 4] = [NodeKind::View, NodeKind::Image, NodeKind::Text, NodeKind::Video];

/// The node under test.
const NODE: u32 = 2;

/// Properties the snapshot does not carry today: video playback requests
/// live in the engine's video side table (`engine/src/video.rs`), which
/// `scene::snapshot` does not read, so a recovered engine forgets them.
/// Listed here so the gap is explicit; the test fails if one of them starts
/// being captured (then remove it from the list).
const NOT_IN_SNAPSHOT: &[u16] = &[key::AUTOPLAY, key::MUTED, key::LOOP, key::PAUSED, key::CURRENT_TIME, key::POSTER];

/// A flex container (1) holding the node under test (2, of `kind`) and a
/// focusable view (3, a focus target), laid out and drawn at t = 0.
fn base(kind: NodeKind) -> Engine {
    let mut e = Engine::new(320, 180);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::W, V::F32(300.0)), (key::H, V::F32(160.0)), (key::DISPLAY, V::U32(1))])
        .insert(0, 1, NONE)
        .create(NODE, kind)
        .set_props(NODE, &[(key::W, V::F32(80.0)), (key::H, V::F32(40.0)), (key::COLOR, V::U32(0x3366_99ff))])
        .insert(1, NODE, NONE)
        .create(3, NodeKind::View)
        .set_props(3, &[(key::W, V::F32(20.0)), (key::H, V::F32(20.0)), (key::FOCUSABLE, V::U32(1))])
        .insert(1, 3, NONE);
    if kind == NodeKind::Text {
        b.set_text(NODE, "Ab");
    }
    b.frame(0.0);
    e.submit(&b.finish()).expect("base scene");
    e
}

fn items(e: &Engine) -> Vec<DisplayItem> {
    e.display_list().items.to_vec()
}

/// Valid values of every wire type `p` accepts, each one entry; then a reset.
fn values(p: &PropSpec) -> Vec<V> {
    let mut out = Vec::new();
    let has = |t: u16| p.accepts & (1 << t) != 0;
    if has(ty::F32) {
        out.extend(match p.check {
            Check::Unit => [V::F32(0.25), V::F32(1.0)],
            Check::NonNegative => [V::F32(3.5), V::F32(0.0)],
            _ => [V::F32(-7.5), V::F32(12.25)],
        });
    }
    if has(ty::U32) {
        match p.check {
            Check::Bool => out.extend([V::U32(0), V::U32(1)]),
            Check::Color => out.extend([V::U32(0x1122_3344), V::U32(0)]),
            Check::Enum(n) => out.extend((0..n).map(V::U32)),
            Check::NodeId => out.extend([V::U32(3), V::U32(NONE)]),
            _ => out.extend([V::U32(2), V::U32(0)]),
        }
    }
    if has(ty::I32) {
        out.extend([V::I32(-3), V::I32(5)]);
    }
    if has(ty::PERCENT) {
        out.push(V::Percent(0.5));
    }
    if has(ty::AUTO) {
        out.push(V::Auto);
    }
    out.push(V::Reset);
    out
}

/// Feeds `e`'s snapshot to a fresh engine and checks it snapshots and draws
/// the same. Returns the snapshot.
fn roundtrip(e: &mut Engine, what: &str) -> Vec<u8> {
    let snap = e.snapshot().to_vec();
    let mut fresh = Engine::new(320, 180);
    fresh.submit(&snap).unwrap_or_else(|err| panic!("{what}: the snapshot does not replay: {err:?}"));
    let mut b = BatchBuilder::new(2);
    b.frame(16.0);
    fresh.submit(&b.finish()).expect("frame");
    assert_eq!(fresh.snapshot(), &snap[..], "{what}: the restored engine snapshots differently");
    assert_eq!(items(&fresh), items(e), "{what}: the restored engine draws differently");
    snap
}

/// Every numeric property, every accepted value, every node kind: snapshot,
/// restore, compare; and every property is captured by the snapshot.
#[test]
fn every_property_survives_a_snapshot_on_every_node_kind() {
    let mut missing = Vec::new();
    for kind in KINDS {
        let before = base(kind).snapshot().to_vec();
        for p in PROPS {
            let mut captured = false;
            for v in values(p) {
                let what = format!("{} = {v:?} on a {kind:?} node", p.name);
                let mut e = base(kind);
                let mut b = BatchBuilder::new(2);
                b.set_props(NODE, &[(p.key, v)]).frame(16.0);
                e.submit(&b.finish()).unwrap_or_else(|err| panic!("{what}: rejected: {err:?}"));
                captured |= roundtrip(&mut e, &what) != before;
            }
            if !captured && kind == NodeKind::Video {
                missing.push(p.key);
            }
        }
        for &(k, name) in STRING_PROPS {
            let what = format!("{name} on a {kind:?} node");
            let mut e = base(kind);
            let mut b = BatchBuilder::new(2);
            // Every string prop takes any text but the gradient, which is parsed.
            let sample = if k == key::GRADIENT { "linear-gradient(#000, #fff)" } else { "abc" };
            b.set_str(NODE, k, sample).frame(16.0);
            e.submit(&b.finish()).unwrap_or_else(|err| panic!("{what}: rejected: {err:?}"));
            if roundtrip(&mut e, &what) == before && kind == NodeKind::Video {
                missing.push(k);
            }
        }
    }
    missing.sort_unstable();
    let mut gaps = NOT_IN_SNAPSHOT.to_vec();
    gaps.sort_unstable();
    let names = |ks: &[u16]| ks.iter().map(|&k| reel_engine::protocol::props::key_name(k)).collect::<Vec<_>>();
    assert_eq!(names(&missing), names(&gaps), "properties a snapshot does not capture");
}

/// The value an animation of `p` runs to: non-default and valid.
fn target(p: &PropSpec) -> V {
    match (p.anim, p.check) {
        (Anim::Colour, _) => V::U32(0x1122_3344),
        (_, Check::Unit) => V::F32(0.25),
        (_, Check::NonNegative) => V::F32(3.5),
        _ => V::F32(-7.5),
    }
}

fn timing() -> Timing {
    Timing { duration_ms: 100.0, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing: Easing::Linear }
}

/// `e` after frames at 16 (the batch), 66 (mid-flight: one animation
/// running) and 1000 (done).
fn run(mut e: Engine, b: &mut BatchBuilder, animates: bool, what: &str) -> Engine {
    b.frame(16.0);
    e.submit(&b.finish()).unwrap_or_else(|err| panic!("{what}: rejected: {err:?}"));
    e.frame(66.0);
    if animates {
        assert_eq!(e.animations(), 1, "{what}: running at mid-flight");
    }
    e.frame(1000.0);
    assert_eq!(e.animations(), 0, "{what}: finished");
    e
}

#[test]
fn every_animatable_property_animates_and_transitions_to_a_plain_writes_value() {
    for kind in KINDS {
        for p in PROPS.iter().filter(|p| animatable(p.key)) {
            let v = target(p);
            let what = format!("{} -> {v:?} on a {kind:?} node", p.name);
            let mut b = BatchBuilder::new(2);
            b.set_props(NODE, &[(p.key, v)]);
            let mut plain = run(base(kind), &mut b, false, &what);

            let mut b = BatchBuilder::new(2);
            b.animate(NODE, 7, &timing(), &[(p.key, v)]);
            let mut animated = run(base(kind), &mut b, true, &format!("animate {what}"));
            assert_eq!(animated.snapshot(), plain.snapshot(), "animate {what}: ends elsewhere than a plain write");
            assert_eq!(items(&animated), items(&plain), "animate {what}");

            // A transition is set first; the write then animates. The
            // transition itself stays on the node (and in its snapshot).
            let mut e = base(kind);
            let mut b = BatchBuilder::new(2);
            b.transition(NODE, p.key, &timing()).frame(8.0);
            e.submit(&b.finish()).unwrap_or_else(|err| panic!("transition {what}: rejected: {err:?}"));
            let mut b = BatchBuilder::new(3);
            b.set_props(NODE, &[(p.key, v)]);
            let transitioned = run(e, &mut b, true, &format!("transition {what}"));
            assert_eq!(items(&transitioned), items(&plain), "transition {what}: ends elsewhere than a plain write");
        }
    }
}

#[test]
fn every_other_property_is_refused_by_animate_and_transition() {
    for p in PROPS.iter().filter(|p| !animatable(p.key)) {
        let v = values(p)[0];
        let mut e = base(NodeKind::View);
        let mut b = BatchBuilder::new(2);
        b.animate(NODE, 7, &timing(), &[(p.key, v)]);
        let err = e.submit(&b.finish()).expect_err(p.name);
        assert_eq!(err.kind, ErrorKind::NotAnimatable(p.key), "animate {}", p.name);
        let mut b = BatchBuilder::new(3);
        b.transition(NODE, p.key, &timing());
        let err = e.submit(&b.finish()).expect_err(p.name);
        assert_eq!(err.kind, ErrorKind::NotAnimatable(p.key), "transition {}", p.name);
    }
    // A colour key takes a colour, a numeric one a number.
    for p in PROPS.iter().filter(|p| animatable(p.key)) {
        let wrong = if is_color_key(p.key) { V::F32(1.0) } else { V::U32(1) };
        let mut e = base(NodeKind::View);
        let mut b = BatchBuilder::new(2);
        b.animate(NODE, 7, &timing(), &[(p.key, wrong)]);
        assert!(e.submit(&b.finish()).is_err(), "{} animated to {wrong:?}", p.name);
    }
}

#[test]
fn expand_is_the_tables_drives_and_matches_writing_the_driven_keys() {
    for p in PROPS {
        let want: &[u16] = match (p.anim, p.drives) {
            (Anim::No, _) => &[],
            (_, []) => core::slice::from_ref(&p.key),
            (_, d) => d,
        };
        assert_eq!(expand(p.key), want, "{}", p.name);
        assert_eq!(animatable(p.key), p.anim != Anim::No, "{}", p.name);
        assert_eq!(is_color_key(p.key), p.anim == Anim::Colour, "{}", p.name);
        if p.drives.is_empty() {
            continue;
        }
        // Written once == each driven key written with the same value.
        let v = target(p);
        let mut once = base(NodeKind::View);
        let mut b = BatchBuilder::new(2);
        b.set_props(NODE, &[(p.key, v)]).frame(16.0);
        once.submit(&b.finish()).expect("compound write");
        let mut each = base(NodeKind::View);
        let mut b = BatchBuilder::new(2);
        let singles: Vec<(u16, V)> = p.drives.iter().map(|&k| (k, v)).collect();
        b.set_props(NODE, &singles).frame(16.0);
        each.submit(&b.finish()).expect("single writes");
        assert_eq!(once.snapshot(), each.snapshot(), "{}: drives {:?} is not what the write sets", p.name, p.drives);
    }
    // The JS array form of a key writes exactly the keys it drives.
    for (k, parts) in ARRAY_PROPS {
        assert_eq!(expand(*k), *parts, "{}", reel_engine::protocol::props::key_name(*k));
    }
    // Unknown keys are nothing.
    for k in [0, 28, 99, 126, 127, 137, 500, u16::MAX] {
        assert!(expand(k).is_empty() && !animatable(k) && !is_color_key(k), "key {k}");
    }
}
