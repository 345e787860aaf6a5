//! Animations through the public API: timing, easing, skipping ahead,
//! replacement from the current value, controls, transitions, colours,
//! layout properties, events and errors.

use reel_engine::anim::easing::Easing;
use reel_engine::anim::{ctrl, Direction, Timing};
use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_engine::Engine;

fn lin(ms: f32) -> Timing {
    Timing { duration_ms: ms, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing: Easing::Linear }
}

fn scene() -> Engine {
    let mut e = Engine::new(400, 300);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::W, V::F32(10.0)), (key::H, V::F32(10.0)), (key::COLOR, V::U32(0xff0000ff))])
        .insert(0, 1, NONE)
        .frame(0.0);
    e.submit(&b.finish()).expect("valid");
    e.clear_events();
    e
}

fn x_of(e: &Engine) -> f32 {
    e.display_list().items[0].transform[4]
}

fn send(e: &mut Engine, f: impl FnOnce(&mut BatchBuilder)) {
    let mut b = BatchBuilder::new(2);
    f(&mut b);
    e.submit(&b.finish()).expect("valid");
}

fn anim_events(e: &Engine) -> Vec<(u32, u32)> {
    decode_events(e.events_bytes())
        .expect("events decode")
        .into_iter()
        .filter_map(|ev| match ev {
            Event::Anim { anim_id, kind, .. } => Some((anim_id, kind)),
            _ => None,
        })
        .collect()
}

#[test]
fn linear_animation_follows_the_clock_and_skips_ahead() {
    let mut e = scene();
    send(&mut e, |b| {
        b.animate(1, 7, &lin(100.0), &[(key::X, V::F32(100.0))]);
    });
    // Started at the last frame's time (0): the next frame already moves.
    e.frame(16.0);
    assert_eq!(x_of(&e), 16.0);
    // A late frame lands where an on-time one would have.
    e.frame(75.0);
    assert_eq!(x_of(&e), 75.0);
    e.frame(120.0);
    assert_eq!(x_of(&e), 100.0);
    assert_eq!(anim_events(&e), vec![(7, 0), (7, 1)]);
    assert_eq!(e.animations(), 0);
    e.frame(200.0);
    assert_eq!(e.stats().dl_rebuilt, 0, "nothing animates after the end");
}

#[test]
fn new_animation_takes_over_from_the_current_value() {
    let mut e = scene();
    send(&mut e, |b| {
        b.animate(1, 1, &lin(100.0), &[(key::X, V::F32(100.0))]);
    });
    e.frame(50.0);
    assert_eq!(x_of(&e), 50.0);
    send(&mut e, |b| {
        b.animate(1, 2, &lin(100.0), &[(key::X, V::F32(0.0))]);
    });
    e.frame(100.0); // half-way from 50 to 0
    assert_eq!(x_of(&e), 25.0);
    let ev = anim_events(&e);
    assert!(ev.contains(&(1, 2)), "first animation cancelled: {ev:?}");
}

#[test]
fn pause_resume_stop_finish() {
    let mut e = scene();
    send(&mut e, |b| {
        b.animate(1, 3, &lin(100.0), &[(key::X, V::F32(100.0))]);
    });
    e.frame(20.0);
    send(&mut e, |b| {
        b.anim_ctrl(3, ctrl::PAUSE);
    });
    e.frame(60.0);
    e.frame(90.0);
    assert_eq!(x_of(&e), 20.0, "paused at the time the pause arrived");
    send(&mut e, |b| {
        b.anim_ctrl(3, ctrl::RESUME);
    });
    e.frame(100.0);
    assert!((x_of(&e) - 30.0).abs() < 1e-4, "{}", x_of(&e));
    send(&mut e, |b| {
        b.anim_ctrl(3, ctrl::FINISH);
    });
    e.frame(101.0);
    assert_eq!(x_of(&e), 100.0);
    send(&mut e, |b| {
        b.animate(1, 4, &lin(100.0), &[(key::X, V::F32(0.0))]);
    });
    e.frame(151.0);
    send(&mut e, |b| {
        b.anim_ctrl(4, ctrl::STOP);
    });
    e.frame(300.0);
    assert_eq!(x_of(&e), 50.0, "stop keeps the current value");
    assert!(anim_events(&e).contains(&(4, 2)));
}

#[test]
fn alternate_direction_and_repeat() {
    let mut e = scene();
    let t = Timing { iterations: 3, direction: Direction::Alternate, ..lin(100.0) };
    send(&mut e, |b| {
        b.animate(1, 5, &t, &[(key::X, V::F32(100.0))]);
    });
    e.frame(150.0); // second iteration, backwards, half-way
    assert_eq!(x_of(&e), 50.0);
    e.frame(225.0); // third iteration forwards
    assert_eq!(x_of(&e), 25.0);
    e.frame(400.0);
    assert_eq!(x_of(&e), 100.0, "ends at the forward end after 3 iterations");
}

#[test]
fn transitions_animate_plain_writes() {
    let mut e = scene();
    send(&mut e, |b| {
        b.transition(1, key::ALPHA, &lin(100.0)).set_props(1, &[(key::ALPHA, V::F32(0.0))]);
    });
    e.frame(50.0);
    let a = e.display_list().items[0].colors[0] & 0xff;
    assert!((126..=129).contains(&a), "half-way alpha {a}");
    e.frame(100.0);
    assert!(e.display_list().items.is_empty(), "fully transparent");
}

#[test]
fn colours_interpolate_in_oklab_and_layout_props_rerun_layout() {
    let mut e = Engine::new(400, 300);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::DISPLAY, V::U32(1)), (key::W, V::F32(200.0)), (key::H, V::F32(50.0))])
        .insert(0, 1, NONE)
        .create(2, NodeKind::View)
        .set_props(2, &[(key::FLEX_GROW, V::F32(1.0)), (key::COLOR, V::U32(0xff0000ff))])
        .insert(1, 2, NONE)
        .frame(0.0);
    e.submit(&b.finish()).expect("valid");
    send(&mut e, |b| {
        b.animate(1, 9, &lin(100.0), &[(key::PADDING_LEFT, V::F32(100.0))]).animate(2, 10, &lin(100.0), &[(key::COLOR, V::U32(0x00ff00ff))]);
    });
    e.frame(50.0);
    assert!(e.stats().layout_nodes > 0, "padding animation re-runs layout");
    let it = e.display_list().items[0];
    assert_eq!(it.transform[4], 50.0);
    assert_eq!(it.size[0], 150.0);
    let c = it.colors[0];
    assert!((c >> 24) & 0xff > 0x90 && (c >> 16) & 0xff > 0x90, "OKLab mid-point is bright: {c:08x}");
}

#[test]
fn destroying_the_node_cancels_and_springs_settle() {
    let mut e = scene();
    let spring = Timing { easing: Easing::Spring { stiffness: 200.0, damping: 10.0, mass: 1.0, velocity: 0.0 }, ..lin(0.0) };
    send(&mut e, |b| {
        b.animate(1, 11, &spring, &[(key::X, V::F32(100.0))]);
    });
    let mut peak: f32 = 0.0;
    for i in 1..200 {
        e.frame(i as f64 * 16.0);
        if let Some(it) = e.display_list().items.first() {
            peak = peak.max(it.transform[4]);
        }
    }
    assert!(peak > 105.0, "underdamped spring overshoots: {peak}");
    assert_eq!(x_of(&e), 100.0);
    assert!(anim_events(&e).contains(&(11, 1)));
    send(&mut e, |b| {
        b.animate(1, 12, &lin(1000.0), &[(key::X, V::F32(0.0))]).destroy(1);
    });
    e.frame(5000.0);
    assert!(anim_events(&e).contains(&(12, 2)));
    assert_eq!(e.animations(), 0);
}

#[test]
fn bad_animations_are_rejected_with_specific_errors() {
    let mut e = scene();
    let cases: Vec<(Box<dyn Fn(&mut BatchBuilder)>, ErrorKind)> = vec![
        (Box::new(|b| { b.animate(1, 1, &lin(10.0), &[(key::Z_INDEX, V::I32(3))]); }), ErrorKind::NotAnimatable(key::Z_INDEX)),
        (Box::new(|b| { b.animate(1, 1, &lin(10.0), &[(key::COLOR, V::F32(3.0))]); }), ErrorKind::WrongType { prop: key::COLOR, ty: 0 }),
        (Box::new(|b| { b.animate(99, 1, &lin(10.0), &[(key::X, V::F32(3.0))]); }), ErrorKind::UnknownNode(99)),
        (Box::new(|b| { b.animate(1, 0, &lin(10.0), &[(key::X, V::F32(3.0))]); }), ErrorKind::BadArgument("animation id 0 is reserved")),
        (Box::new(|b| { b.animate(1, 1, &Timing { iterations: 0, ..lin(10.0) }, &[(key::X, V::F32(3.0))]); }), ErrorKind::BadArgument("iterations must be at least 1")),
        (Box::new(|b| { b.animate(1, 1, &lin(-5.0), &[(key::X, V::F32(3.0))]); }), ErrorKind::BadArgument("duration must be finite, 0..=3600000 ms")),
        (Box::new(|b| { b.animate(1, 1, &Timing { easing: Easing::CubicBezier(2.0, 0.0, 0.0, 1.0), ..lin(10.0) }, &[(key::X, V::F32(3.0))]); }), ErrorKind::BadArgument("unknown easing or easing parameters out of range")),
        (Box::new(|b| { b.transition(1, key::CLIPPING, &lin(10.0)); }), ErrorKind::NotAnimatable(key::CLIPPING)),
        (Box::new(|b| { b.anim_ctrl(5, 9); }), ErrorKind::BadArgument("action must be 0..=3")),
        (Box::new(|b| { b.pointer(f32::NAN, 0.0, 1); }), ErrorKind::BadArgument("pointer position must be finite")),
        (Box::new(|b| { b.raw(12, &[7]); }), ErrorKind::BadArgument("direction must be 0..=3")),
        (Box::new(|b| { b.focus(42); }), ErrorKind::UnknownNode(42)),
    ];
    for (i, (f, want)) in cases.into_iter().enumerate() {
        let mut b = BatchBuilder::new(100 + i as u32);
        b.set_props(1, &[(key::X, V::F32(5.0))]);
        f(&mut b);
        let err = e.submit(&b.finish()).expect_err("rejected");
        assert_eq!(err.kind, want, "case {i}");
        assert_eq!(err.cmd_index, 1, "case {i}");
    }
    e.frame(10.0);
    assert_eq!(x_of(&e), 0.0, "no rejected batch applied anything");
    assert_eq!(e.animations(), 0);
}

#[test]
fn a_plain_write_takes_over_from_a_running_animation() {
    let mut e = scene();
    send(&mut e, |b| {
        b.animate(1, 21, &lin(100.0), &[(key::X, V::F32(100.0)), (key::Y, V::F32(100.0))]);
    });
    e.frame(50.0);
    send(&mut e, |b| {
        b.set_props(1, &[(key::X, V::F32(7.0))]);
    });
    e.frame(60.0);
    assert_eq!(x_of(&e), 7.0, "the write sticks");
    e.frame(120.0);
    assert_eq!(x_of(&e), 7.0, "x no longer animated");
    assert_eq!(e.display_list().items[0].transform[5], 100.0, "y finished its animation");
    assert!(anim_events(&e).contains(&(21, 1)));
    // A write of the whole colour group stops every corner track.
    send(&mut e, |b| {
        b.animate(1, 22, &lin(100.0), &[(key::COLOR, V::U32(0x00ff00ff))]);
    });
    e.frame(150.0);
    send(&mut e, |b| {
        b.set_props(1, &[(key::COLOR, V::U32(0x0000ffff))]);
    });
    e.frame(160.0);
    assert_eq!(e.display_list().items[0].colors, [0x0000ffff; 4]);
    assert!(anim_events(&e).contains(&(22, 2)), "cancelled: all its properties were taken over");
    assert_eq!(e.animations(), 0);
}
