//! The `gradient` property (issue 16): what the engine puts in the display
//! list for it, its side table's lifetime (removal by "", destroy, id reuse)
//! and how bad strings are refused. The picture is the conformance scene
//! `css_gradients` (tests/scenes/); the parser's own cases are unit tests
//! in engine/src/gradient.rs.

use reel_engine::display_list::{DisplayItem, ItemKind};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, BatchError, ErrorKind, NodeKind, NONE};
use reel_engine::Engine;

/// Node 1: a 60x40 view at (10, 20), blue, radius 8, with a gradient.
fn scene() -> Engine {
    let mut e = Engine::new(320, 180);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[
            (key::X, V::F32(10.0)),
            (key::Y, V::F32(20.0)),
            (key::W, V::F32(60.0)),
            (key::H, V::F32(40.0)),
            (key::COLOR, V::U32(0x3366_99ff)),
            (key::RADIUS, V::F32(8.0)),
        ])
        .set_str(1, key::GRADIENT, "linear-gradient(90deg, #ff0000, #0000ff)")
        .insert(0, 1, NONE)
        .frame(0.0);
    e.submit(&b.finish()).expect("valid scene");
    e
}

fn items(e: &Engine) -> Vec<DisplayItem> {
    e.display_list().items.to_vec()
}

fn kinds(e: &Engine) -> Vec<Option<ItemKind>> {
    items(e).iter().map(|i| i.item_kind()).collect()
}

fn set_gradient(e: &mut Engine, seq: u32, value: &str, t: f64) -> Result<(), BatchError> {
    let mut b = BatchBuilder::new(seq);
    // A good write first in the same batch: a refused batch undoes it too.
    b.set_props(1, &[(key::X, V::F32(100.0))]).set_str(1, key::GRADIENT, value).frame(t);
    e.submit(&b.finish())
}

#[test]
fn gradient_item_before_the_shape_and_a_white_rect() {
    let mut e = scene();
    assert_eq!(kinds(&e), [Some(ItemKind::Gradient), Some(ItemKind::Shape), Some(ItemKind::Rect)]);
    let it = items(&e);
    assert_eq!(it[0].texture, 1 | 2 << 8, "linear, 2 stops");
    let line = [0.0, 20.0, 60.0, 20.0];
    assert!(it[0].transform[..4].iter().zip(line).all(|(a, b)| (a - b).abs() < 1e-4), "90deg: left to right, item space");
    assert_eq!(&it[0].colors[..2], &[0xff00_00ff, 0x0000_ffff]);
    assert_eq!(it[2].colors, [0xffff_ffff; 4], "the rect is filled with the gradient");
    // Alpha composes into the stops, like a fill.
    let mut b = BatchBuilder::new(2);
    b.set_props(1, &[(key::ALPHA, V::F32(0.5))]).frame(16.0);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(&items(&e)[0].colors[..2], &[0xff00_0080, 0x0000_ff80]);
    // More than 4 stops: a continuation item.
    set_gradient(&mut e, 3, "radial-gradient(circle at 0% 0%, #000, #111, #222, #333, #444)", 32.0).expect("valid");
    assert_eq!(kinds(&e)[..2], [Some(ItemKind::Gradient), Some(ItemKind::Gradient)]);
    assert_eq!((items(&e)[0].texture, items(&e)[1].texture), (2 | 5 << 8, 0));
    // "" removes it: the node's own colour fills again.
    set_gradient(&mut e, 4, "", 48.0).expect("valid");
    assert_eq!(kinds(&e), [Some(ItemKind::Shape), Some(ItemKind::Rect)]);
    assert_eq!(items(&e)[1].colors, [0x3366_9980; 4]);
}

#[test]
fn destroy_and_id_reuse_drop_the_gradient() {
    let mut e = scene();
    let mut b = BatchBuilder::new(2);
    b.destroy(1)
        .create(1, NodeKind::View)
        .set_props(1, &[(key::W, V::F32(10.0)), (key::H, V::F32(10.0)), (key::COLOR, V::U32(0x00ff_00ff))])
        .insert(0, 1, NONE)
        .frame(16.0);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(kinds(&e), [Some(ItemKind::Rect)], "a new node 1 has no gradient");
}

/// A bad string is a batch error naming `gradient`, the offset and the
/// reason; the scene and the frame before stay exactly as they were.
fn refused(value: &str, at: u32, reason: &str) {
    let mut e = scene();
    let before = e.display_list_bytes().to_vec();
    let snap = e.snapshot().to_vec();
    let err = set_gradient(&mut e, 2, value, 16.0).expect_err(value);
    let msg = err.to_string();
    match err.kind {
        ErrorKind::BadGradient { at: got, what } => {
            assert_eq!(got, at, "{value}: offset ({msg})");
            assert!(what.contains(reason), "{value}: {what}");
        }
        other => panic!("{value}: unexpected {other:?}"),
    }
    assert!(msg.contains("gradient") && msg.contains(&format!("character {at}")), "{value}: {msg}");
    assert_eq!(err.cmd_index, 1, "{value}: names the SET_STR command");
    assert_eq!(e.display_list_bytes(), &before[..], "{value}: the frame before stays");
    assert_eq!(e.snapshot(), &snap[..], "{value}: the scene is unchanged");
    e.frame(32.0);
    assert_eq!(e.display_list_bytes()[16..], before[16..], "{value}: and later frames draw it");
    assert_eq!(kinds(&e)[0], Some(ItemKind::Gradient), "{value}: the old gradient stays");
}

#[test]
fn bad_gradient_unknown_function() {
    refused("conic-gradient(#fff, #000)", 0, "unknown function");
}

#[test]
fn bad_gradient_colour() {
    refused("linear-gradient(90deg, #fff, #12345)", 29, "bad colour");
}

#[test]
fn bad_gradient_nine_stops() {
    refused("linear-gradient(#000, #111, #222, #333, #444, #555, #666, #777, #888)", 64, "more than 8 stops");
}

#[test]
fn bad_gradient_missing_closing_parenthesis() {
    refused("linear-gradient(90deg, #fff, #000", 33, "missing ')'");
}

#[test]
fn bad_gradient_nan_angle() {
    refused("linear-gradient(NaNdeg, #fff, #000)", 16, "expected an angle");
}

#[test]
fn bad_gradient_garbage_angle() {
    refused("linear-gradient(12px, #fff, #000)", 16, "bad angle");
}

#[test]
fn bad_gradient_empty_stop_list() {
    refused("radial-gradient(circle at 50% 50%, )", 35, "bad colour");
    refused("linear-gradient()", 16, "expected an angle");
}

#[test]
fn bad_gradient_one_stop() {
    refused("linear-gradient(#fff)", 21, "at least 2 stops");
}

/// Gradients live in a side table, not in `Node`: the snapshot (what a
/// host rebuilds a trapped engine from) still carries them.
#[test]
fn snapshot_keeps_gradients() {
    let mut e = scene();
    set_gradient(&mut e, 2, "radial-gradient(ellipse at 20% 30%, #fff, #f00 40%, #0f0, #00f, #000)", 16.0).expect("valid");
    let want = items(&e);
    let snap = e.snapshot().to_vec();
    let mut f = Engine::new(320, 180);
    f.submit(&snap).expect("the snapshot is a valid batch");
    f.frame(32.0);
    assert_eq!(items(&f), want);
}
