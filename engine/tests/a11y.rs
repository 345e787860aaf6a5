//! Accessibility through the public API: the focus announcement the engine
//! composes (name, role, position, the row's heading, the dialog's name),
//! debounce under key repeat, live regions, the app's announcements, and
//! bad input (long labels, unknown roles, announce storms).

use reel_engine::focus::Dir;
use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_engine::Engine;

const ROLE_BUTTON: u32 = 1;
const ROLE_HEADING: u32 = 3;
const ROLE_LIST: u32 = 4;
const ROLE_DIALOG: u32 = 7;

fn text(b: &mut BatchBuilder, id: u32, parent: u32, s: &str) {
    b.create(id, NodeKind::Text).set_text(id, s).insert(parent, id, NONE);
}

/// Two rows, each a heading text above a `list` of 4 tiles with a title
/// text; row r's heading is 10 + r, its list 20 + r, tile t is 100 * (r + 1) + t.
fn page() -> Engine {
    let mut e = Engine::new(1280, 720);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::DISPLAY, V::U32(1)), (key::FLEX_DIRECTION, V::U32(1)), (key::W, V::F32(1280.0)), (key::H, V::F32(720.0))])
        .insert(0, 1, NONE);
    for r in 0..2u32 {
        let (h, list) = (10 + r, 20 + r);
        text(&mut b, h, 1, if r == 0 { "Trending" } else { "New" });
        b.set_props(h, &[(key::ROLE, V::U32(ROLE_HEADING)), (key::H, V::F32(40.0))]);
        b.create(list, NodeKind::View)
            .set_props(list, &[(key::DISPLAY, V::U32(1)), (key::H, V::F32(120.0)), (key::ROLE, V::U32(ROLE_LIST))])
            .insert(1, list, NONE);
        for t in 0..4u32 {
            let id = 100 * (r + 1) + t;
            b.create(id, NodeKind::View)
                .set_props(id, &[(key::W, V::F32(200.0)), (key::FOCUSABLE, V::U32(1)), (key::ROLE, V::U32(ROLE_BUTTON))])
                .insert(list, id, NONE);
            let mut title = String::from("Movie ");
            title.push(char::from(b'A' + t as u8));
            text(&mut b, 1000 + id, id, &title);
        }
    }
    b.frame(0.0);
    let font = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("font");
    e.register_font("DejaVu Sans", &font).expect("font");
    e.submit(&b.finish()).expect("valid page");
    e.clear_events();
    e
}

fn announcements(e: &Engine) -> Vec<(u32, u32, u32, String)> {
    decode_events(e.events_bytes())
        .expect("decode")
        .into_iter()
        .filter_map(|ev| match ev {
            Event::Announce { node, politeness, kind, text } => Some((node, politeness, kind, text)),
            _ => None,
        })
        .collect()
}

/// Submits `b` plus a frame at `t`, returns the announcements of that batch.
fn step(e: &mut Engine, b: &mut BatchBuilder, t: f64) -> Vec<(u32, u32, u32, String)> {
    e.clear_events();
    b.frame(t);
    e.submit(&b.finish()).expect("valid");
    announcements(e)
}

fn key_press(e: &mut Engine, d: Dir, t: f64) -> Vec<(u32, u32, u32, String)> {
    step(e, BatchBuilder::new(2).navigate(d), t)
}

fn idle(e: &mut Engine, t: f64) -> Vec<(u32, u32, u32, String)> {
    step(e, &mut BatchBuilder::new(3), t)
}

#[test]
fn focus_speaks_heading_name_role_and_position_after_it_settles() {
    let mut e = page();
    assert!(key_press(&mut e, Dir::Right, 16.0).is_empty(), "not settled yet");
    // The press is taken at the last frame's time (0): it settles at 150 ms.
    assert!(idle(&mut e, 149.0).is_empty(), "149 ms after the press");
    let a = idle(&mut e, 150.0);
    assert_eq!(a, vec![(100, 2, 0, "Trending, Movie A, button, 1 of 4".to_string())]);
    key_press(&mut e, Dir::Right, 200.0);
    assert_eq!(idle(&mut e, 400.0), vec![(101, 2, 0, "Movie B, button, 2 of 4".to_string())], "same row: no heading");
    key_press(&mut e, Dir::Down, 500.0);
    assert_eq!(idle(&mut e, 700.0)[0].3, "New, Movie B, button, 2 of 4", "a new row: its heading");
}

#[test]
fn key_repeat_speaks_only_the_settled_focus() {
    let mut e = page();
    let mut spoken = Vec::new();
    let mut t = 0.0;
    for _ in 0..3 {
        t += 40.0; // 25 presses a second
        spoken.extend(key_press(&mut e, Dir::Right, t));
    }
    assert!(spoken.is_empty(), "{spoken:?}");
    assert_eq!(e.focused(), 102);
    let a = idle(&mut e, t + 200.0);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].0, 102);
    assert!(a[0].3.ends_with("Movie C, button, 3 of 4"), "{a:?}");
}

#[test]
fn a_trap_speaks_its_dialog_name_and_labels_win_over_text() {
    let mut e = page();
    key_press(&mut e, Dir::Right, 16.0);
    idle(&mut e, 200.0);
    let mut b = BatchBuilder::new(4);
    b.create(50, NodeKind::View)
        .set_props(50, &[(key::FOCUS_TRAP, V::U32(1)), (key::ROLE, V::U32(ROLE_DIALOG)), (key::Y, V::F32(400.0))])
        .set_str(50, key::LABEL, "Delete profile?")
        .insert(0, 50, NONE)
        .create(51, NodeKind::View)
        .set_props(51, &[(key::W, V::F32(100.0)), (key::H, V::F32(50.0)), (key::FOCUSABLE, V::U32(1)), (key::ROLE, V::U32(ROLE_BUTTON))])
        .set_str(51, key::LABEL, "Cancel")
        .set_str(51, key::DESCRIPTION, "Keeps the profile")
        .insert(50, 51, NONE);
    text(&mut b, 52, 51, "X");
    step(&mut e, &mut b, 300.0);
    step(&mut e, BatchBuilder::new(5).focus(51), 316.0);
    assert_eq!(idle(&mut e, 500.0)[0].3, "Delete profile?, Cancel, button, Keeps the profile");
}

#[test]
fn live_regions_and_app_announcements() {
    let mut e = page();
    let mut b = BatchBuilder::new(6);
    b.create(60, NodeKind::View).set_props(60, &[(key::LIVE, V::U32(2))]).insert(0, 60, NONE);
    text(&mut b, 61, 60, "");
    step(&mut e, &mut b, 10.0);
    let a = step(&mut e, BatchBuilder::new(7).set_text(61, "3 new messages").set_text(61, "4 new messages"), 20.0);
    assert_eq!(a, vec![(60, 2, 1, "4 new messages".to_string())], "one per region, its latest text, assertive");
    let a = step(&mut e, BatchBuilder::new(8).announce(1, "Loading").announce(2, "Error"), 30.0);
    assert_eq!(a, vec![(NONE, 1, 2, "Loading".to_string()), (NONE, 2, 2, "Error".to_string())]);
    assert!(idle(&mut e, 40.0).is_empty(), "spoken once");
}

#[test]
fn an_announce_storm_is_bounded() {
    let mut e = page();
    let mut b = BatchBuilder::new(9);
    for i in 0..1000u32 {
        let mut s = String::from("item ");
        s.push_str(&i.to_string());
        b.announce(1, &s);
    }
    let a = step(&mut e, &mut b, 10.0);
    assert_eq!(a.len(), reel_engine::a11y::MAX_QUEUE);
    assert_eq!(a[0].3, "item 984", "the newest are kept");
    assert_eq!(a.last().map(|x| x.3.as_str()), Some("item 999"));
}

#[test]
fn bad_input_is_rejected_with_a_clear_error() {
    let mut e = page();
    let long = "x".repeat(10 * 1024);
    let mut b = BatchBuilder::new(10);
    b.set_str(100, key::LABEL, &long);
    let err = e.submit(&b.finish()).expect_err("10 KB label");
    assert_eq!(err.kind, ErrorKind::BadArgument(reel_engine::a11y::TOO_LONG));
    assert!(e.last_error().contains("label"), "{}", e.last_error());
    let at_limit = "y".repeat(reel_engine::a11y::MAX_TEXT);
    e.submit(&BatchBuilder::new(11).set_str(100, key::LABEL, &at_limit).finish()).expect("1024 bytes is fine");

    let err = e.submit(&BatchBuilder::new(12).set_props(100, &[(key::ROLE, V::U32(99))]).finish()).expect_err("role 99");
    assert_eq!(err.kind, ErrorKind::BadEnum { prop: key::ROLE, value: 99 });
    assert!(e.last_error().contains("role"), "{}", e.last_error());

    let err = e.submit(&BatchBuilder::new(13).announce(3, "hi").finish()).expect_err("politeness 3");
    assert_eq!(err.kind, ErrorKind::BadArgument(reel_engine::a11y::BAD_ANNOUNCE));
    let err = e.submit(&BatchBuilder::new(14).announce(1, &long).finish()).expect_err("10 KB announcement");
    assert_eq!(err.kind, ErrorKind::BadArgument(reel_engine::a11y::BAD_ANNOUNCE));

    // An empty label is no label: the text below is the name.
    let mut b = BatchBuilder::new(15);
    b.set_str(100, key::LABEL, "").focus(100);
    step(&mut e, &mut b, 10.0);
    assert_eq!(idle(&mut e, 200.0)[0].3, "Trending, Movie A, button, 1 of 4");
}

#[test]
fn a_nameless_focus_is_reported_and_labels_survive_a_snapshot() {
    let mut e = page();
    let mut b = BatchBuilder::new(16);
    b.create(70, NodeKind::View)
        .set_props(70, &[(key::W, V::F32(50.0)), (key::H, V::F32(50.0)), (key::FOCUSABLE, V::U32(1))])
        .insert(0, 70, NONE)
        .set_str(101, key::LABEL, "Second")
        .set_props(101, &[(key::LIVE, V::U32(1))]);
    step(&mut e, &mut b, 10.0);
    e.clear_events();
    e.submit(&BatchBuilder::new(17).focus(70).frame(20.0).finish()).expect("valid");
    let evs = decode_events(e.events_bytes()).expect("decode");
    assert!(evs.contains(&Event::UnnamedFocus { node: 70 }), "{evs:?}");

    let snap = e.snapshot().to_vec();
    let mut fresh = Engine::new(1280, 720);
    fresh.submit(&snap).expect("snapshot applies");
    let n = fresh.scene().node(fresh.scene().slot(101).expect("tile"));
    assert_eq!(n.a11y.as_ref().map(|t| t.label.as_str()), Some("Second"));
    assert_eq!(n.props.visual.live, 1);
    assert_eq!(fresh.scene().node(fresh.scene().slot(20).expect("list")).props.visual.role, ROLE_LIST as u8);
}
