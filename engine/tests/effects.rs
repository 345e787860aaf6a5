//! Rounded corners, borders and shadows (issue 16): what the engine puts in
//! the display list for them, how bad values are rejected, animation and
//! snapshots. The pictures are the conformance scenes `rounded`,
//! `rounded_images` and `shadows` (tests/scenes/).

use reel_engine::anim::easing::Easing;
use reel_engine::anim::{Direction, Timing};
use reel_engine::display_list::{DisplayItem, ItemKind};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_engine::Engine;

/// Node 1: a 60x40 view at (10, 20) with a radius, a border and a shadow.
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
            (key::BORDER_WIDTH, V::F32(2.0)),
            (key::BORDER_COLOR, V::U32(0xffff_ffff)),
            (key::SHADOW_COLOR, V::U32(0x0000_0080)),
            (key::SHADOW_BLUR, V::F32(10.0)),
            (key::SHADOW_SPREAD, V::F32(3.0)),
            (key::SHADOW_OFFSET_X, V::F32(4.0)),
            (key::SHADOW_OFFSET_Y, V::F32(6.0)),
        ])
        .insert(0, 1, NONE)
        .frame(0.0);
    e.submit(&b.finish()).expect("valid scene");
    e
}

fn items(e: &Engine) -> Vec<DisplayItem> {
    e.display_list().items.to_vec()
}

fn set(e: &mut Engine, seq: u32, props: &[(u16, V)], t: f64) -> Result<(), reel_engine::protocol::BatchError> {
    let mut b = BatchBuilder::new(seq);
    b.set_props(1, props).frame(t);
    e.submit(&b.finish())
}

#[test]
fn shadow_then_shape_then_rect_with_offset_spread_and_clamped_radii() {
    let e = scene();
    let it = items(&e);
    let kinds: Vec<_> = it.iter().map(|i| i.item_kind()).collect();
    assert_eq!(kinds, [Some(ItemKind::Shadow), Some(ItemKind::Shape), Some(ItemKind::Rect)]);
    let (shadow, shape, rect) = (it[0], it[1], it[2]);
    // The shadow's box: moved by the offset, grown by the spread.
    assert_eq!(shadow.transform, [1.0, 0.0, 0.0, 1.0, 10.0 + 4.0 - 3.0, 20.0 + 6.0 - 3.0]);
    assert_eq!(shadow.size, [66.0, 46.0]);
    assert_eq!(shadow.uv, [11.0; 4], "radius grown by the spread");
    assert_eq!((shadow.param, shadow.colors[0]), (10.0, 0x0000_0080));
    assert_eq!((shape.uv, shape.param, shape.colors[0]), ([8.0; 4], 2.0, 0xffff_ffff));
    assert_eq!((rect.size, rect.colors), ([60.0, 40.0], [0x3366_99ff; 4]));
    assert_eq!(shadow.node, 1);
    assert_eq!(shape.node, 1);
}

#[test]
fn radii_are_scaled_down_together_like_css() {
    let mut e = scene();
    // Larger than half the height: a pill (all 20).
    set(&mut e, 2, &[(key::RADIUS, V::F32(100.0))], 16.0).expect("valid");
    assert_eq!(items(&e)[1].uv, [20.0; 4]);
    // tl + tr = 90 on a 60 wide side: every radius times 60/90.
    set(&mut e, 3, &[(key::RADIUS, V::F32(0.0)), (key::RADIUS_TL, V::F32(30.0)), (key::RADIUS_TR, V::F32(60.0))], 32.0).expect("valid");
    let r = items(&e)[1].uv;
    assert!((r[0] - 20.0).abs() < 1e-4 && (r[1] - 40.0).abs() < 1e-4 && r[2] == 0.0 && r[3] == 0.0, "{r:?}");
    // A border wider than half the side is clamped to it.
    set(&mut e, 4, &[(key::BORDER_WIDTH, V::F32(500.0))], 48.0).expect("valid");
    assert_eq!(items(&e)[1].param, 20.0);
}

#[test]
fn plain_nodes_and_invisible_effects_add_no_items() {
    let mut e = scene();
    // Transparent shadow and border, zero radius: just the rect again.
    set(&mut e, 2, &[(key::RADIUS, V::Reset), (key::BORDER_COLOR, V::U32(0xffff_ff00)), (key::SHADOW_COLOR, V::Reset)], 16.0)
        .expect("valid");
    let kinds: Vec<_> = items(&e).iter().map(|i| i.item_kind()).collect();
    assert_eq!(kinds, [Some(ItemKind::Rect)]);
    // A border on a transparent box (a focus ring) still draws: shape + transparent rect.
    set(&mut e, 3, &[(key::COLOR, V::U32(0)), (key::BORDER_COLOR, V::U32(0xff80_00ff))], 32.0).expect("valid");
    let it = items(&e);
    assert_eq!(it.iter().map(|i| i.item_kind()).collect::<Vec<_>>(), [Some(ItemKind::Shape), Some(ItemKind::Rect)]);
    assert_eq!(it[1].colors, [0; 4]);
    // Rounded corners on a transparent box without border: nothing to draw.
    set(&mut e, 4, &[(key::BORDER_WIDTH, V::F32(0.0)), (key::RADIUS, V::F32(5.0))], 48.0).expect("valid");
    assert!(items(&e).is_empty());
}

/// Each bad value is a batch error naming the property and the reason; the
/// scene and the frame before stay exactly as they were.
#[test]
fn bad_values_are_rejected_and_the_frame_before_stays() {
    let cases: &[(&str, u16, V, &str)] = &[
        ("negative radius", key::RADIUS, V::F32(-1.0), "radius"),
        ("negative corner radius", key::RADIUS_BR, V::F32(-0.5), "radiusBr"),
        ("negative blur", key::SHADOW_BLUR, V::F32(-4.0), "shadowBlur"),
        ("negative border width", key::BORDER_WIDTH, V::F32(-2.0), "borderWidth"),
        ("NaN radius", key::RADIUS_TL, V::F32(f32::NAN), "radiusTl"),
        ("NaN shadow offset", key::SHADOW_OFFSET_X, V::F32(f32::NAN), "shadowOffsetX"),
        ("infinite spread", key::SHADOW_SPREAD, V::F32(f32::INFINITY), "shadowSpread"),
        ("a colour sent as a number", key::BORDER_COLOR, V::F32(1.0), "borderColor"),
        ("a shadow colour sent as a number", key::SHADOW_COLOR, V::F32(0.5), "shadowColor"),
        ("a radius sent as a colour word", key::RADIUS, V::U32(5), "radius"),
    ];
    for (what, k, value, name) in cases {
        let mut e = scene();
        let before = e.display_list_bytes().to_vec();
        let snap = e.snapshot().to_vec();
        // A good write first in the same batch: it must be undone too.
        let err = set(&mut e, 2, &[(key::X, V::F32(100.0)), (*k, *value)], 16.0).expect_err(what);
        let msg = err.to_string();
        assert!(msg.contains(name), "{what}: {msg}");
        let reason = match err.kind {
            ErrorKind::OutOfRange { prop, .. } | ErrorKind::NonFinite { prop } | ErrorKind::WrongType { prop, .. } => {
                assert_eq!(prop, *k, "{what}");
                msg.contains("out of range") || msg.contains("finite") || msg.contains("does not accept")
            }
            other => panic!("{what}: unexpected {other:?}"),
        };
        assert!(reason, "{what}: the message says why: {msg}");
        assert_eq!(err.cmd_index, 0, "{what}: names the SET_PROPS command");
        assert_eq!(e.display_list_bytes(), &before[..], "{what}: the frame before stays");
        assert_eq!(e.snapshot(), &snap[..], "{what}: the scene is unchanged");
        e.frame(32.0);
        assert_eq!(e.display_list_bytes()[16..], before[16..], "{what}: and later frames draw it");
    }
}

#[test]
fn effects_animate_transition_and_spring() {
    let mut e = scene();
    let timing = Timing { duration_ms: 100.0, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing: Easing::Linear };
    let mut b = BatchBuilder::new(2);
    b.animate(1, 7, &timing, &[
        (key::RADIUS, V::F32(18.0)),
        (key::BORDER_WIDTH, V::F32(6.0)),
        (key::BORDER_COLOR, V::U32(0x0000_00ff)),
        (key::SHADOW_BLUR, V::F32(30.0)),
        (key::SHADOW_OFFSET_Y, V::F32(16.0)),
    ])
    .frame(0.0);
    // Animations start at the frame before (0 ms): halfway at 50 ms.
    e.submit(&b.finish()).expect("valid");
    e.frame(50.0);
    let it = items(&e);
    assert_eq!(it[1].uv, [13.0; 4], "radius halfway 8 -> 18");
    assert_eq!(it[1].param, 4.0, "border halfway 2 -> 6");
    assert_eq!(it[0].param, 20.0, "blur halfway 10 -> 30");
    assert_eq!(it[0].transform[5], 20.0 + 11.0 - 3.0, "offset halfway 6 -> 16");
    let c = it[1].colors[0];
    assert!(c != 0xffff_ffff && c != 0x0000_00ff && c & 0xff == 0xff, "border colour mid-way: {c:08x}");
    e.frame(150.0);
    assert_eq!(items(&e)[1].uv, [18.0; 4]);
    assert_eq!(items(&e)[1].colors[0], 0x0000_00ff);

    // A transition on shadowColor: the write animates.
    let mut b = BatchBuilder::new(3);
    b.transition(1, key::SHADOW_COLOR, &timing).set_props(1, &[(key::SHADOW_COLOR, V::U32(0xff00_00ff))]).frame(200.0);
    e.submit(&b.finish()).expect("valid");
    let mid = items(&e)[0].colors[0];
    assert!(mid != 0x0000_0080 && mid != 0xff00_00ff, "shadow colour mid-transition: {mid:08x}");
    e.frame(300.0);
    assert_eq!(items(&e)[0].colors[0], 0xff00_00ff);

    // A spring on the blur settles on its target and never goes negative.
    let spring = Timing { easing: Easing::Spring { stiffness: 300.0, damping: 5.0, mass: 1.0, velocity: 0.0 }, ..timing };
    let mut b = BatchBuilder::new(4);
    b.animate(1, 8, &spring, &[(key::SHADOW_BLUR, V::F32(0.0)), (key::RADIUS_TL, V::F32(0.0))]).frame(316.0);
    e.submit(&b.finish()).expect("valid");
    for t in 1..200 {
        e.frame(500.0 + f64::from(t) * 16.0);
        let it = items(&e);
        assert!(it[0].param >= 0.0 && it[1].uv[0] >= 0.0, "frame {t}: {} {}", it[0].param, it[1].uv[0]);
    }
    assert_eq!(items(&e)[0].param, 0.0);
}

#[test]
fn snapshot_restores_the_same_effects() {
    let mut e = scene();
    set(&mut e, 2, &[(key::RADIUS_BL, V::F32(3.0)), (key::SHADOW_SPREAD, V::F32(-2.0))], 16.0).expect("valid");
    let snap = e.snapshot().to_vec();
    let mut fresh = Engine::new(320, 180);
    fresh.submit(&snap).expect("snapshot replays");
    let mut b = BatchBuilder::new(9);
    b.frame(16.0);
    fresh.submit(&b.finish()).expect("frame");
    assert_eq!(items(&fresh), items(&e));
}

#[test]
fn images_get_rounded_placeholders_and_text_ignores_effects() {
    let mut e = Engine::new(320, 180);
    let mut b = BatchBuilder::new(1);
    let fx = [(key::W, V::F32(50.0)), (key::H, V::F32(50.0)), (key::RADIUS, V::F32(10.0)), (key::SHADOW_COLOR, V::U32(0x0000_00ff))];
    b.create(1, NodeKind::Image)
        .set_props(1, &fx)
        .set_props(1, &[(key::PLACEHOLDER_COLOR, V::U32(0x8080_80ff))])
        .insert(0, 1, NONE)
        .create(2, NodeKind::Text)
        .set_props(2, &fx)
        .set_text(2, "")
        .insert(0, 2, NONE)
        .frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let kinds: Vec<_> = items(&e).iter().map(|i| (i.node, i.item_kind())).collect();
    assert_eq!(kinds, [(1, Some(ItemKind::Shadow)), (1, Some(ItemKind::Shape)), (1, Some(ItemKind::Rect))]);
}

/// Sprites: srcX/srcY/srcW/srcH pick the part of a resident image that is
/// drawn (the pictures: tests/scenes/sprites.scene); negative values are
/// rejected like the effects'; srcX animates (a sprite strip).
#[test]
fn sprite_rectangles_validate_and_animate() {
    let mut e = scene();
    for (k, name) in [(key::SRC_X, "srcX"), (key::SRC_Y, "srcY"), (key::SRC_W, "srcW"), (key::SRC_H, "srcH")] {
        let err = set(&mut e, 2, &[(k, V::F32(-1.0))], 16.0).expect_err(name);
        assert!(matches!(err.kind, ErrorKind::OutOfRange { prop, .. } if prop == k), "{name}: {err:?}");
        assert!(err.to_string().contains(name), "{}", err);
        let err = set(&mut e, 2, &[(k, V::F32(f32::NAN))], 16.0).expect_err(name);
        assert!(matches!(err.kind, ErrorKind::NonFinite { prop } if prop == k), "{name}: {err:?}");
    }
    let timing = Timing { duration_ms: 100.0, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing: Easing::Linear };
    let mut b = BatchBuilder::new(3);
    b.set_props(1, &[(key::SRC_W, V::F32(24.0))]).animate(1, 9, &timing, &[(key::SRC_X, V::F32(48.0))]).frame(0.0);
    e.submit(&b.finish()).expect("valid");
    e.frame(50.0);
    let p = &e.scene().node(e.scene().slot(1).expect("node 1")).props.visual.effects;
    assert_eq!((p.num(key::SRC_X), p.num(key::SRC_W)), (24.0, 24.0), "halfway 0 -> 48");
}

/// Focus styles (issue 16): focusBorderColor/Width and focusShadowColor/Blur
/// animate the node's border and shadow on focus and back on blur, with no
/// write from the app; a style left unset (0) does not touch its effect.
#[test]
fn focus_styles_animate_border_and_glow_without_app_writes() {
    let mut e = Engine::new(320, 180);
    let mut b = BatchBuilder::new(1);
    for id in [1, 2] {
        b.create(id, NodeKind::View)
            .set_props(id, &[
                (key::X, V::F32(10.0 + 100.0 * (id - 1) as f32)),
                (key::Y, V::F32(20.0)),
                (key::W, V::F32(80.0)),
                (key::H, V::F32(50.0)),
                (key::COLOR, V::U32(0x3366_99ff)),
                (key::RADIUS, V::F32(8.0)),
                (key::FOCUSABLE, V::U32(1)),
                (key::BORDER_COLOR, V::U32(0xffff_ff00)),
                (key::SHADOW_COLOR, V::U32(0x0000_0080)),
                (key::SHADOW_BLUR, V::F32(4.0)),
                (key::FOCUS_DURATION, V::F32(100.0)),
                (key::FOCUS_BORDER_COLOR, V::U32(0xffff_ffff)),
                (key::FOCUS_BORDER_WIDTH, V::F32(4.0)),
                (key::FOCUS_SHADOW_COLOR, V::U32(0xff80_00ff)),
            ])
            .insert(0, id, NONE);
    }
    b.focus(1).frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let fx = |e: &Engine, id: u32| e.scene().node(e.scene().slot(id).expect("node")).props.visual.effects;
    e.frame(200.0);
    let f = fx(&e, 1);
    assert_eq!((f.word(key::BORDER_COLOR), f.num(key::BORDER_WIDTH), f.word(key::SHADOW_COLOR)), (0xffff_ffff, 4.0, 0xff80_00ff));
    assert_eq!(f.num(key::SHADOW_BLUR), 4.0, "focusShadowBlur unset: the blur stays");
    let kinds: Vec<_> = items(&e).iter().filter(|i| i.node == 1).map(|i| i.item_kind()).collect();
    assert_eq!(kinds, [Some(ItemKind::Shadow), Some(ItemKind::Shape), Some(ItemKind::Rect)], "a ring and a glow");
    // Focus moves to 2: 1 animates back to its own values, 2 gets the style.
    let mut b = BatchBuilder::new(2);
    b.focus(2).frame(216.0);
    e.submit(&b.finish()).expect("valid");
    e.frame(400.0);
    let (f1, f2) = (fx(&e, 1), fx(&e, 2));
    assert_eq!((f1.word(key::BORDER_COLOR), f1.num(key::BORDER_WIDTH), f1.word(key::SHADOW_COLOR)), (0xffff_ff00, 0.0, 0x0000_0080));
    assert_eq!((f2.word(key::BORDER_COLOR), f2.num(key::BORDER_WIDTH)), (0xffff_ffff, 4.0));
    // The focus styles replay from a snapshot.
    let snap = e.snapshot().to_vec();
    let mut fresh = Engine::new(320, 180);
    fresh.submit(&snap).expect("snapshot replays");
    assert_eq!(fresh.scene().node(fresh.scene().slot(1).expect("node")).props.visual.focus_fx, e.scene().node(e.scene().slot(1).expect("node")).props.visual.focus_fx);
    // A negative focus border width is a batch error naming it.
    let mut b = BatchBuilder::new(3);
    b.set_props(1, &[(key::FOCUS_BORDER_WIDTH, V::F32(-1.0))]).frame(416.0);
    let err = e.submit(&b.finish()).expect_err("negative");
    assert!(err.to_string().contains("focusBorderWidth"), "{err}");
}

/// Rounded clipping (issue 16): a `clipping` node with `radius` adds a
/// ClipShape (its box under its world transform, radii clamped) right after
/// its ClipPush; without a radius the clip is the rectangle alone, as before.
#[test]
fn rounded_clips_add_a_clip_shape_after_the_clip_push() {
    let mut e = Engine::new(320, 180);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::X, V::F32(10.0)), (key::Y, V::F32(10.0)), (key::W, V::F32(100.0)), (key::H, V::F32(60.0)), (key::CLIPPING, V::U32(1)), (key::RADIUS, V::F32(80.0)), (key::ROTATION, V::F32(0.1))])
        .insert(0, 1, NONE)
        .create(2, NodeKind::View)
        .set_props(2, &[(key::W, V::F32(50.0)), (key::H, V::F32(50.0)), (key::CLIPPING, V::U32(1)), (key::RADIUS_TL, V::F32(5.0))])
        .insert(1, 2, NONE)
        .create(3, NodeKind::View)
        .set_props(3, &[(key::W, V::F32(200.0)), (key::H, V::F32(200.0)), (key::COLOR, V::U32(0xff00_00ff))])
        .insert(2, 3, NONE)
        .frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let it = items(&e);
    let kinds: Vec<_> = it.iter().map(|i| (i.node, i.item_kind().expect("kind"))).collect();
    use ItemKind::*;
    assert_eq!(kinds, [(1, ClipPush), (1, ClipShape), (2, ClipPush), (2, ClipShape), (3, Rect), (2, ClipPop), (1, ClipPop)]);
    assert_eq!(it[1].uv, [30.0; 4], "radius 80 clamped to half the height");
    assert_eq!(it[1].size, [100.0, 60.0]);
    assert!(it[1].transform[1] != 0.0, "the shape carries the rotation");
    assert_eq!(it[3].uv, [5.0, 0.0, 0.0, 0.0]);
    // Without a radius: the rectangle only.
    let mut b = BatchBuilder::new(2);
    b.set_props(2, &[(key::RADIUS_TL, V::Reset)]).frame(16.0);
    e.submit(&b.finish()).expect("valid");
    let kinds: Vec<_> = items(&e).iter().map(|i| (i.node, i.item_kind().expect("kind"))).collect();
    assert_eq!(kinds, [(1, ClipPush), (1, ClipShape), (2, ClipPush), (3, Rect), (2, ClipPop), (1, ClipPop)]);
}
