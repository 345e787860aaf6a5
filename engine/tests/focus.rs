//! Focus and input through the public API: spatial navigation on tricky
//! geometry, focus memory, traps, overrides, pointer hit-testing,
//! scroll-into-view and focus styles.

use reel_engine::focus::Dir;
use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_engine::Engine;

/// A page (column) of rows; each row is a clipped flex row scrolling on x,
/// remembering focus. `rows[i]` tiles of width `w` in row i; ids: row r is
/// 100 + r, tile t of row r is 1000 + 100 * r + t.
fn page(rows: &[(u32, f32)], direction: u32) -> Engine {
    let mut e = Engine::new(1280, 720);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::DISPLAY, V::U32(1)), (key::FLEX_DIRECTION, V::U32(1)), (key::W, V::F32(1280.0)), (key::H, V::F32(720.0)), (key::ROW_GAP, V::F32(20.0)), (key::PADDING, V::F32(40.0))])
        .insert(0, 1, NONE);
    for (r, &(n, w)) in rows.iter().enumerate() {
        let row = 100 + r as u32;
        b.create(row, NodeKind::View)
            .set_props(row, &[
                (key::DISPLAY, V::U32(1)), (key::FLEX_DIRECTION, V::U32(direction)), (key::H, V::F32(120.0)), (key::COLUMN_GAP, V::F32(20.0)),
                (key::CLIPPING, V::U32(1)), (key::SCROLL_AXIS, V::U32(1)), (key::FOCUS_MEMORY, V::U32(1)), (key::SCROLL_DURATION, V::F32(0.0)),
            ])
            .insert(1, row, NONE);
        for t in 0..n {
            let id = 1000 + 100 * r as u32 + t;
            b.create(id, NodeKind::View)
                .set_props(id, &[(key::W, V::F32(w)), (key::FLEX_SHRINK, V::F32(0.0)), (key::COLOR, V::U32(0x3060a0ff)), (key::FOCUSABLE, V::U32(1))])
                .insert(row, id, NONE);
        }
    }
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid page");
    e.clear_events();
    e
}

fn nav(e: &mut Engine, dirs: &[Dir]) -> u32 {
    let mut t = e.stats().time_ms;
    for &d in dirs {
        let mut b = BatchBuilder::new(9);
        t += 16.0;
        b.navigate(d).frame(t);
        e.submit(&b.finish()).expect("valid");
    }
    e.focused()
}

fn events(e: &Engine) -> Vec<Event> {
    decode_events(e.events_bytes()).expect("decode")
}

#[test]
fn first_press_focuses_top_left_then_moves_by_geometry() {
    let mut e = page(&[(5, 200.0), (5, 200.0)], 0);
    assert_eq!(nav(&mut e, &[Dir::Right]), 1000, "nothing focused: top-left");
    assert_eq!(nav(&mut e, &[Dir::Right, Dir::Right]), 1002);
    assert_eq!(nav(&mut e, &[Dir::Down]), 1102, "straight down");
    assert_eq!(nav(&mut e, &[Dir::Left]), 1101);
    assert_eq!(nav(&mut e, &[Dir::Up]), 1002, "row 0 remembers 1002 (focus memory)");
}

#[test]
fn uneven_rows_pick_the_overlapping_tile_and_empty_rows_are_skipped() {
    // Row 0: 6 narrow tiles; row 1: empty; row 2: 2 wide tiles.
    let mut e = page(&[(6, 150.0), (0, 0.0), (2, 500.0)], 0);
    nav(&mut e, &[Dir::Right]);
    assert_eq!(nav(&mut e, &[Dir::Right, Dir::Right, Dir::Right]), 1003);
    // Tile 1003 spans x 550..700 (padding 40 + 3 * 170); the wide tile
    // 1201 spans 560..1060 and overlaps it most.
    assert_eq!(nav(&mut e, &[Dir::Down]), 1201, "empty row skipped, overlap wins");
}

#[test]
fn rtl_rows_navigate_by_what_is_on_screen() {
    let mut e = page(&[(4, 200.0)], 2); // row-reverse: 1000 is rightmost
    nav(&mut e, &[Dir::Right]);
    assert_eq!(e.focused(), 1003, "top-left on screen is the last tile");
    assert_eq!(nav(&mut e, &[Dir::Right]), 1002);
    assert_eq!(nav(&mut e, &[Dir::Left]), 1003);
    nav(&mut e, &[Dir::Left]);
    let edge = events(&e).into_iter().any(|ev| matches!(ev, Event::NavEdge { focused: 1003, dir: 0 }));
    assert!(edge, "nothing further left: NAV_EDGE");
}

#[test]
fn rows_scroll_to_keep_focus_visible_and_offscreen_tiles_stay_reachable() {
    let mut e = page(&[(20, 300.0)], 0);
    nav(&mut e, &[Dir::Right]);
    for _ in 0..10 {
        nav(&mut e, &[Dir::Right]);
    }
    assert_eq!(e.focused(), 1010);
    let dl = e.display_list();
    let tile = dl.items.iter().find(|i| i.node == 1010).expect("focused tile drawn");
    assert!(tile.transform[4] >= 40.0 && tile.transform[4] + 300.0 <= 1240.0 + 0.5, "inside the row: {}", tile.transform[4]);
    // Scrolling changed no layout, only paint.
    assert_eq!(e.stats().layout_nodes, 0);
}

#[test]
fn traps_overrides_and_blocking() {
    let mut e = page(&[(3, 200.0), (3, 200.0)], 0);
    let mut b = BatchBuilder::new(5);
    // A modal with two buttons; the trap keeps focus inside.
    b.create(50, NodeKind::View)
        .set_props(50, &[(key::X, V::F32(400.0)), (key::Y, V::F32(200.0)), (key::W, V::F32(400.0)), (key::H, V::F32(200.0)), (key::FOCUS_TRAP, V::U32(1)), (key::COLOR, V::U32(0x000000ff))])
        .insert(0, 50, NONE);
    for (i, id) in [51u32, 52].into_iter().enumerate() {
        b.create(id, NodeKind::View)
            .set_props(id, &[(key::X, V::F32(20.0 + 200.0 * i as f32)), (key::Y, V::F32(50.0)), (key::W, V::F32(150.0)), (key::H, V::F32(50.0)), (key::FOCUSABLE, V::U32(1))])
            .insert(50, id, NONE);
    }
    b.frame(16.0).focus(51).frame(32.0);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(e.focused(), 51);
    assert_eq!(nav(&mut e, &[Dir::Down]), 51, "trapped: nothing below inside the modal");
    assert_eq!(nav(&mut e, &[Dir::Right]), 52);
    // Override: Up from 52 goes to a row tile (outside the trap, explicitly).
    let mut b = BatchBuilder::new(6);
    b.set_props(52, &[(key::FOCUS_UP, V::U32(1002)), (key::FOCUS_RIGHT, V::U32(52))]);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(nav(&mut e, &[Dir::Right]), 52, "override to itself blocks");
    assert_eq!(nav(&mut e, &[Dir::Up]), 1002);
}

#[test]
fn overlapping_candidates_and_nested_scopes() {
    // Two overlapping boxes to the right at the same distance; the one
    // aligned with the focused box wins; a sibling beats a closer cousin.
    let mut e = Engine::new(800, 600);
    let mut b = BatchBuilder::new(1);
    let mk = |b: &mut BatchBuilder, id: u32, parent: u32, x: f32, y: f32, w: f32, h: f32, f: bool| {
        b.create(id, NodeKind::View)
            .set_props(id, &[(key::X, V::F32(x)), (key::Y, V::F32(y)), (key::W, V::F32(w)), (key::H, V::F32(h)), (key::FOCUSABLE, V::U32(f as u32))])
            .insert(parent, id, NONE);
    };
    mk(&mut b, 1, 0, 0.0, 0.0, 800.0, 300.0, false); // group A
    mk(&mut b, 2, 0, 0.0, 300.0, 800.0, 300.0, false); // group B
    mk(&mut b, 10, 1, 100.0, 100.0, 100.0, 100.0, true);
    mk(&mut b, 11, 1, 600.0, 200.0, 100.0, 80.0, true); // sibling, far right and below
    mk(&mut b, 12, 1, 300.0, 90.0, 100.0, 100.0, true); // sibling, aligned, overlaps 11
    mk(&mut b, 20, 2, 300.0, 310.0, 100.0, 100.0, true); // cousin, straight below
    b.frame(0.0).focus(10).frame(16.0);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(nav(&mut e, &[Dir::Right]), 12);
    // 11 scores worse than 20 from 12, but siblings come first.
    assert_eq!(nav(&mut e, &[Dir::Down]), 11, "stays in group A while it has a candidate");
    assert_eq!(nav(&mut e, &[Dir::Down]), 20, "nothing below 11 in group A: the cousin");
}

#[test]
fn pointer_click_hits_topmost_and_focuses_its_focusable_ancestor() {
    let mut e = page(&[(3, 200.0)], 0);
    let mut b = BatchBuilder::new(7);
    // A child inside tile 1001, not focusable itself.
    b.create(77, NodeKind::View)
        .set_props(77, &[(key::X, V::F32(10.0)), (key::Y, V::F32(10.0)), (key::W, V::F32(50.0)), (key::H, V::F32(50.0)), (key::COLOR, V::U32(0xffffffff))])
        .insert(1001, 77, NONE)
        .frame(16.0);
    e.submit(&b.finish()).expect("valid");
    let mut b = BatchBuilder::new(8);
    b.pointer(260.0 + 20.0, 40.0 + 20.0, 1).frame(32.0);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(e.focused(), 1001);
    let hit = events(&e).into_iter().find_map(|ev| match ev {
        Event::Pointer { hit, target, .. } => Some((hit, target)),
        _ => None,
    });
    assert_eq!(hit, Some((77, 1001)));
    // Background: no hit, focus unchanged.
    let mut b = BatchBuilder::new(9);
    b.pointer(5.0, 700.0, 1).frame(48.0);
    e.clear_events();
    e.submit(&b.finish()).expect("valid");
    assert_eq!(e.focused(), 1001);
}

#[test]
fn focus_style_scales_up_and_back_with_animation() {
    let mut e = page(&[(3, 200.0)], 0);
    let mut b = BatchBuilder::new(3);
    for id in 1000..1003 {
        b.set_props(id, &[(key::FOCUS_SCALE, V::F32(1.2)), (key::FOCUS_DURATION, V::F32(100.0))]);
    }
    e.submit(&b.finish()).expect("valid");
    nav(&mut e, &[Dir::Right]); // focus 1000 at t=16
    let width = |e: &Engine, id: u32| {
        let it = e.display_list().items.iter().find(|i| i.node == id).copied().expect("drawn");
        let c = it.corners();
        c[1][0] - c[0][0]
    };
    let w1 = width(&e, 1000);
    assert!(w1 > 200.0 && w1 < 240.0, "first frame already growing: {w1}");
    e.frame(200.0);
    assert!((width(&e, 1000) - 240.0).abs() < 1e-3);
    nav(&mut e, &[Dir::Right]);
    e.frame(400.0);
    assert!((width(&e, 1000) - 200.0).abs() < 1e-3, "blurred tile back to rest");
    assert!((width(&e, 1001) - 240.0).abs() < 1e-3);
    let focus_events: Vec<_> = events(&e).into_iter().filter(|ev| matches!(ev, Event::Focus { .. })).collect();
    assert!(!focus_events.is_empty());
}
