//! Issue 18, finding 1: every value the engine computes itself — animation
//! (curves, springs, overshoot), focus scroll, layout, transform
//! composition — stays finite and inside the range the decoder accepts from
//! the wire, so the engine's own snapshot always replays into a fresh
//! engine, and display lists never carry NaN or an infinity.

use reel_engine::anim::easing::Easing;
use reel_engine::anim::{Direction, Timing};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_engine::Engine;

fn timing(ms: f32, easing: Easing) -> Timing {
    Timing { duration_ms: ms, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing }
}

fn submit(e: &mut Engine, f: impl FnOnce(&mut BatchBuilder)) {
    let mut b = BatchBuilder::new(1);
    f(&mut b);
    if let Err(err) = e.submit(&b.finish()) {
        panic!("batch rejected: {err}");
    }
}

/// The engine's snapshot must apply to a fresh engine, and the restored
/// engine's own snapshot must be the same bytes.
fn assert_snapshot_replays(e: &mut Engine, when: &str) {
    let snap = e.snapshot().to_vec();
    let mut fresh = Engine::new(640, 360);
    // (Registered fonts are part of the snapshot.)
    if let Err(err) = fresh.submit(&snap) {
        panic!("{when}: the engine's own snapshot was rejected on replay: {err}");
    }
    assert_eq!(fresh.snapshot(), &snap[..], "{when}: the replayed scene differs");
}

fn assert_display_list_finite(e: &Engine, when: &str) {
    let scene = e.scene();
    for s in scene.walk() {
        let n = scene.node(s);
        let l = scene.placed(s);
        let layout = [l.location.x, l.location.y, l.size.width, l.size.height];
        assert!(n.geom.iter().chain(layout.iter()).all(|v| v.is_finite()), "{when}: node {} geometry {:?} layout {layout:?}", n.id, n.geom);
    }
    for (i, it) in e.display_list().items.iter().enumerate() {
        let all = it.transform.iter().chain(it.size.iter()).chain(it.uv.iter());
        assert!(all.clone().all(|v| v.is_finite()), "{when}: item {i} has a non-finite value: {it:?}");
    }
}

/// Runs frames `0..=steps` over `ms`, checking after each.
fn run_and_check(e: &mut Engine, ms: f64, steps: u32, what: &str) {
    for i in 0..=steps {
        let t = ms * f64::from(i) / f64::from(steps);
        e.frame(t);
        let when = format!("{what} at {t} ms");
        assert_display_list_finite(e, &when);
        assert_snapshot_replays(e, &when);
    }
}

fn one_box(e: &mut Engine, props: &[(u16, V)]) {
    submit(e, |b| {
        b.create(1, NodeKind::View)
            .set_props(1, &[(key::W, V::F32(10.0)), (key::H, V::F32(10.0)), (key::COLOR, V::U32(0xff0000ff))])
            .set_props(1, props)
            .insert(0, 1, NONE)
            .frame(0.0);
    });
}

#[test]
fn animating_between_huge_finite_positions_stays_finite() {
    // The case: x = -3e38 animated to 3e38 (the span overflows f32).
    for easing in [Easing::Linear, Easing::EASE, Easing::CubicBezier(0.3, -2.0, 0.7, 3.0)] {
        let mut e = Engine::new(640, 360);
        one_box(&mut e, &[(key::X, V::F32(-3e38)), (key::Y, V::F32(3e38))]);
        submit(&mut e, |b| {
            b.animate(1, 1, &timing(100.0, easing), &[(key::X, V::F32(3e38)), (key::Y, V::F32(-3e38))]);
        });
        run_and_check(&mut e, 100.0, 10, &format!("{easing:?}"));
    }
}

#[test]
fn overshooting_curves_stay_inside_each_property_range() {
    // A bouncy spring overshoots alpha past 1 and a back curve undershoots
    // sizes and padding below 0: the wire rejects both, so the engine must
    // not hold them either.
    let bouncy = Easing::Spring { stiffness: 170.0, damping: 4.0, mass: 1.0, velocity: 50.0 };
    let back = Easing::CubicBezier(0.6, -1.5, 0.7, 2.5);
    for easing in [bouncy, back] {
        let mut e = Engine::new(640, 360);
        one_box(&mut e, &[(key::ALPHA, V::F32(0.0)), (key::DISPLAY, V::U32(1))]);
        submit(&mut e, |b| {
            b.animate(
                1,
                1,
                &timing(200.0, easing),
                &[(key::ALPHA, V::F32(1.0)), (key::W, V::F32(0.0)), (key::PADDING_TOP, V::F32(0.0))],
            );
        });
        run_and_check(&mut e, 2000.0, 200, &format!("{easing:?}"));
    }
}

#[test]
fn extreme_springs_never_produce_nan() {
    // Finite parameters whose ratios overflow: w0 = sqrt(k / m) = inf.
    let springs = [
        Easing::Spring { stiffness: 3e38, damping: 0.0, mass: 1e-38, velocity: 3e38 },
        Easing::Spring { stiffness: 1e-38, damping: 3e38, mass: 3e38, velocity: -3e38 },
        Easing::Spring { stiffness: 3e38, damping: 3e38, mass: 1e-30, velocity: 0.0 },
    ];
    for s in springs {
        let mut e = Engine::new(640, 360);
        one_box(&mut e, &[(key::X, V::F32(-3e38)), (key::SCALE, V::F32(3e38))]);
        submit(&mut e, |b| {
            b.animate(1, 1, &timing(100.0, s), &[(key::X, V::F32(3e38)), (key::SCALE, V::F32(-3e38))]);
        });
        run_and_check(&mut e, 10_000.0, 50, &format!("{s:?}"));
    }
}

#[test]
fn focus_scroll_into_huge_geometry_stays_finite() {
    // A scroller whose focused child sits at y = 3e38 with h = 3e38: its
    // bottom edge is +inf in f32, and so was the scroll offset.
    for (align, duration) in [(0u32, 0.0f32), (1, 0.0), (2, 0.0), (0, 100.0), (1, 100.0)] {
        let mut e = Engine::new(640, 360);
        submit(&mut e, |b| {
            b.create(1, NodeKind::View)
                .set_props(
                    1,
                    &[
                        (key::W, V::F32(640.0)),
                        (key::H, V::F32(360.0)),
                        (key::SCROLL_AXIS, V::U32(3)),
                        (key::SCROLL_ALIGN, V::U32(align)),
                        (key::SCROLL_DURATION, V::F32(duration)),
                        (key::SCROLL_PADDING, V::F32(3e38)),
                    ],
                )
                .insert(0, 1, NONE)
                .create(2, NodeKind::View)
                .set_props(
                    2,
                    &[
                        (key::X, V::F32(3e38)),
                        (key::Y, V::F32(3e38)),
                        (key::W, V::F32(3e38)),
                        (key::H, V::F32(3e38)),
                        (key::FOCUSABLE, V::U32(1)),
                        (key::COLOR, V::U32(0x00ff00ff)),
                    ],
                )
                .insert(1, 2, NONE)
                .frame(0.0)
                .focus(2);
        });
        run_and_check(&mut e, 200.0, 10, &format!("scroll align {align}, {duration} ms"));
    }
}

#[test]
fn transform_composition_and_layout_of_huge_values_stay_finite() {
    let mut e = Engine::new(640, 360);
    let font = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("default font");
    e.register_font("DejaVu Sans", &font).expect("font");
    submit(&mut e, |b| {
        // Scene mode: a huge scale under a huge scale under a huge offset.
        b.create(1, NodeKind::View)
            .set_props(1, &[(key::X, V::F32(3e38)), (key::SCALE, V::F32(3e38)), (key::W, V::F32(3e38)), (key::H, V::F32(3e38))])
            .insert(0, 1, NONE)
            .create(2, NodeKind::View)
            .set_props(
                2,
                &[
                    (key::X, V::F32(-3e38)),
                    (key::SCALE_X, V::F32(-3e38)),
                    (key::ROTATION, V::F32(3e38)),
                    (key::W, V::F32(3e38)),
                    (key::H, V::F32(1.0)),
                    (key::COLOR, V::U32(0xffffffff)),
                ],
            )
            .insert(1, 2, NONE)
            // Flex: sizes and gaps that sum past f32::MAX.
            .create(3, NodeKind::View)
            .set_props(3, &[(key::DISPLAY, V::U32(1)), (key::GAP, V::F32(3e38)), (key::PADDING, V::F32(3e38))])
            .insert(0, 3, NONE);
        for id in 4..8 {
            b.create(id, NodeKind::View)
                .set_props(id, &[(key::W, V::F32(3e38)), (key::H, V::F32(3e38)), (key::MARGIN, V::F32(-3e38)), (key::COLOR, V::U32(0xff00ffff))])
                .insert(3, id, NONE);
        }
        // Text measured at absurd (finite) sizes.
        b.create(9, NodeKind::Text)
            .set_props(9, &[(key::FONT_SIZE, V::F32(3e38)), (key::LETTER_SPACING, V::F32(-3e38)), (key::LINE_HEIGHT, V::F32(3e38))])
            .set_text(9, "Huge text")
            .insert(0, 9, NONE)
            .create(10, NodeKind::Text)
            .set_props(10, &[(key::LETTER_SPACING, V::F32(3e38)), (key::X, V::F32(-3e38))])
            .set_text(10, "Spaced out")
            .insert(3, 10, NONE);
        // Percent sizes of a huge parent.
        b.create(8, NodeKind::View)
            .set_props(8, &[(key::W, V::Percent(3e38)), (key::H, V::Percent(3e38)), (key::COLOR, V::U32(0xffffffff))])
            .insert(2, 8, NONE);
        b.frame(0.0);
    });
    run_and_check(&mut e, 32.0, 2, "huge transforms");
    // Focus moves over the huge geometry: the scores and scroll stay sane.
    submit(&mut e, |b| {
        for id in 4..8 {
            b.set_props(id, &[(key::FOCUSABLE, V::U32(1))]);
        }
        b.set_props(3, &[(key::SCROLL_AXIS, V::U32(3))]).focus(5).frame(48.0);
    });
    assert_display_list_finite(&e, "after focus");
    assert_snapshot_replays(&mut e, "after focus");
}
