//! `focusFlow` through the public API: a row moves focus only Left/Right
//! among its children and a column only Up/Down, so a D-pad press at a
//! row's end stops there (as Lightning/Solid `Row`/`Column` do) unless a
//! container asks for wrapping (`row-wrap`/`column-wrap`) or crossing
//! (`free`); scene-mode containers keep free navigation unless they opt in.

use reel_engine::focus::Dir;
use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_engine::Engine;

/// `focusFlow` wire values (index into `FOCUS_FLOW_NAMES`).
const FREE: u32 = 1;
const ROW: u32 = 2;
const COLUMN: u32 = 3;
const ROW_WRAP: u32 = 4;
const COLUMN_WRAP: u32 = 5;

/// Tile size: 200 x 100 with 20 px gaps.
const TW: f32 = 200.0;
const TH: f32 = 100.0;

/// A flex container `outer` (id 1, flexDirection `outer_dir`, props
/// `outer_props`) of lines (ids 100 + l, flexDirection `line_dir`, props
/// `line_props`); line l holds `lines[l]` focusable tiles 1000 + 100 l + t.
fn flex_page(
    outer_dir: u32,
    outer_props: &[(u16, V)],
    line_dir: u32,
    line_props: &[(u16, V)],
    lines: &[u32],
) -> Engine {
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(
            1,
            &[
                (key::DISPLAY, V::U32(1)),
                (key::FLEX_DIRECTION, V::U32(outer_dir)),
                (key::W, V::F32(1920.0)),
                (key::H, V::F32(1080.0)),
                (key::GAP, V::F32(20.0)),
                (key::PADDING, V::F32(40.0)),
            ],
        )
        .set_props(1, outer_props)
        .insert(0, 1, NONE);
    for (l, &n) in lines.iter().enumerate() {
        let line = 100 + l as u32;
        b.create(line, NodeKind::View)
            .set_props(
                line,
                &[
                    (key::DISPLAY, V::U32(1)),
                    (key::FLEX_DIRECTION, V::U32(line_dir)),
                    (key::GAP, V::F32(20.0)),
                    (key::FLEX_SHRINK, V::F32(0.0)),
                ],
            )
            .set_props(line, line_props)
            .insert(1, line, NONE);
        for t in 0..n {
            tile(&mut b, line, 1000 + 100 * l as u32 + t, None);
        }
    }
    submit(b)
}

/// A focusable tile `id` under `parent`, at `xy` (scene mode) or in flow.
fn tile(b: &mut BatchBuilder, parent: u32, id: u32, xy: Option<(f32, f32)>) {
    b.create(id, NodeKind::View).set_props(
        id,
        &[
            (key::W, V::F32(TW)),
            (key::H, V::F32(TH)),
            (key::FLEX_SHRINK, V::F32(0.0)),
            (key::COLOR, V::U32(0x3060a0ff)),
            (key::FOCUSABLE, V::U32(1)),
        ],
    );
    if let Some((x, y)) = xy {
        b.set_props(id, &[(key::X, V::F32(x)), (key::Y, V::F32(y))]);
    }
    b.insert(parent, id, NONE);
}

fn submit(mut b: BatchBuilder) -> Engine {
    let mut e = Engine::new(1920, 1080);
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid page");
    e
}

fn focus(e: &mut Engine, id: u32) {
    let mut b = BatchBuilder::new(2);
    let t = e.stats().time_ms + 16.0;
    b.focus(id).frame(t);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(e.focused(), id);
}

/// Presses `d` once and returns the focused node.
fn press(e: &mut Engine, d: Dir) -> u32 {
    e.clear_events();
    let mut b = BatchBuilder::new(3);
    let t = e.stats().time_ms + 16.0;
    b.navigate(d).frame(t);
    e.submit(&b.finish()).expect("valid");
    e.focused()
}

/// Presses `d` from `from` and checks focus stayed with a NAV_EDGE event.
fn assert_stops(e: &mut Engine, from: u32, d: Dir) {
    focus(e, from);
    assert_eq!(press(e, d), from, "{d:?} from {from} stops");
    let edge = decode_events(e.events_bytes()).expect("decode").into_iter().any(|ev| matches!(ev, Event::NavEdge { focused, dir } if focused == from && dir == d as u32));
    assert!(edge, "{d:?} from {from}: NAV_EDGE reported");
}

/// Presses `d` from `from` and checks focus moved to `to`.
fn assert_moves(e: &mut Engine, from: u32, d: Dir, to: u32) {
    focus(e, from);
    assert_eq!(press(e, d), to, "{d:?} from {from}");
}

#[test]
fn row_ends_stop_and_up_down_move_between_rows() {
    // Row 0 has 3 tiles, row 1 has 6: row 1's tiles 3.. lie right of row
    // 0's end (they used to be "to the right" of tile 1002).
    let mut e = flex_page(1, &[], 0, &[], &[3, 6]);
    assert_stops(&mut e, 1002, Dir::Right);
    assert_stops(&mut e, 1000, Dir::Left);
    assert_stops(&mut e, 1105, Dir::Right);
    assert_stops(&mut e, 1100, Dir::Left);
    assert_moves(&mut e, 1001, Dir::Right, 1002);
    assert_moves(&mut e, 1002, Dir::Down, 1102);
    assert_moves(&mut e, 1104, Dir::Up, 1002);
    assert_stops(&mut e, 1001, Dir::Up);
    assert_stops(&mut e, 1101, Dir::Down);
}

#[test]
fn column_ends_stop_and_left_right_move_between_columns() {
    // A row of columns: column 0 has 2 tiles, column 1 has 5.
    let mut e = flex_page(0, &[], 1, &[], &[2, 5]);
    assert_stops(&mut e, 1001, Dir::Down);
    assert_stops(&mut e, 1000, Dir::Up);
    assert_stops(&mut e, 1104, Dir::Down);
    assert_moves(&mut e, 1000, Dir::Down, 1001);
    assert_moves(&mut e, 1001, Dir::Right, 1101);
    assert_moves(&mut e, 1103, Dir::Left, 1001);
    assert_stops(&mut e, 1102, Dir::Right);
}

#[test]
fn row_wrap_and_column_wrap_go_round_to_the_other_end() {
    let mut e = flex_page(1, &[], 0, &[(key::FOCUS_FLOW, V::U32(ROW_WRAP))], &[4, 4]);
    assert_moves(&mut e, 1003, Dir::Right, 1000);
    assert_moves(&mut e, 1100, Dir::Left, 1103);
    assert_moves(&mut e, 1001, Dir::Right, 1002);
    assert_moves(&mut e, 1001, Dir::Down, 1101);
    // Rows wrap; the page (a column) does not.
    assert_stops(&mut e, 1102, Dir::Down);

    let mut e = flex_page(
        1,
        &[(key::FOCUS_FLOW, V::U32(COLUMN_WRAP))],
        0,
        &[],
        &[4, 4],
    );
    assert_moves(&mut e, 1102, Dir::Down, 1002);
    assert_moves(&mut e, 1001, Dir::Up, 1101);
    assert_stops(&mut e, 1003, Dir::Right);

    // A single tile has nothing to wrap to.
    let mut e = flex_page(1, &[], 0, &[(key::FOCUS_FLOW, V::U32(ROW_WRAP))], &[1]);
    assert_stops(&mut e, 1000, Dir::Right);
}

#[test]
fn free_opts_in_to_crossing_into_the_next_row() {
    // Today's free search, asked for on the page: Right at row 0's end
    // lands on the nearest tile to the right in row 1.
    let mut e = flex_page(1, &[(key::FOCUS_FLOW, V::U32(FREE))], 0, &[], &[3, 6]);
    assert_moves(&mut e, 1002, Dir::Right, 1103);
    assert_moves(&mut e, 1000, Dir::Down, 1100);
    assert_moves(&mut e, 1102, Dir::Right, 1103);
}

#[test]
fn rows_in_a_column_next_to_a_menu() {
    // An outer flex row: a menu column (3 items) and a content column of
    // two rows (4 and 6 tiles). Left from a row's first tile reaches the menu (the column
    // passes Left on, the outer row answers it); Right at a row's end stops.
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(
            1,
            &[
                (key::DISPLAY, V::U32(1)),
                (key::W, V::F32(1920.0)),
                (key::H, V::F32(1080.0)),
                (key::GAP, V::F32(40.0)),
            ],
        )
        .insert(0, 1, NONE);
    for (id, dir) in [(10u32, 1u32), (20, 1)] {
        b.create(id, NodeKind::View)
            .set_props(
                id,
                &[
                    (key::DISPLAY, V::U32(1)),
                    (key::FLEX_DIRECTION, V::U32(dir)),
                    (key::GAP, V::F32(20.0)),
                ],
            )
            .insert(1, id, NONE);
    }
    for i in 0..3 {
        tile(&mut b, 10, 11 + i, None);
    }
    for r in 0..2u32 {
        let row = 100 + r;
        b.create(row, NodeKind::View)
            .set_props(
                row,
                &[
                    (key::DISPLAY, V::U32(1)),
                    (key::GAP, V::F32(20.0)),
                    (key::FOCUS_MEMORY, V::U32(1)),
                ],
            )
            .insert(20, row, NONE);
        for t in 0..4 + 2 * r {
            tile(&mut b, row, 1000 + 100 * r + t, None);
        }
    }
    let mut e = submit(b);
    assert_moves(&mut e, 1003, Dir::Down, 1103);
    assert_moves(&mut e, 1100, Dir::Left, 12);
    assert_moves(&mut e, 1000, Dir::Left, 11);
    assert_stops(&mut e, 1003, Dir::Right);
    assert_moves(&mut e, 11, Dir::Down, 12);
    assert_stops(&mut e, 13, Dir::Left);
    // Back from the menu: row 1 remembers 1103 (focus memory).
    focus(&mut e, 1103);
    assert_moves(&mut e, 12, Dir::Right, 1103);
}

#[test]
fn scene_mode_keeps_free_navigation_unless_it_opts_in() {
    // The same two rows placed with x/y in a scene-mode page.
    let scene_page = |page_flow: u32, row_flow: u32| {
        let mut b = BatchBuilder::new(1);
        b.create(1, NodeKind::View)
            .set_props(
                1,
                &[
                    (key::W, V::F32(1920.0)),
                    (key::H, V::F32(1080.0)),
                    (key::FOCUS_FLOW, V::U32(page_flow)),
                ],
            )
            .insert(0, 1, NONE);
        for (r, n) in [(0u32, 3u32), (1, 6)] {
            let row = 100 + r;
            b.create(row, NodeKind::View)
                .set_props(
                    row,
                    &[
                        (key::Y, V::F32(40.0 + 140.0 * r as f32)),
                        (key::W, V::F32(1920.0)),
                        (key::H, V::F32(TH)),
                        (key::FOCUS_FLOW, V::U32(row_flow)),
                    ],
                )
                .insert(1, row, NONE);
            for t in 0..n {
                tile(
                    &mut b,
                    row,
                    1000 + 100 * r + t,
                    Some((40.0 + 220.0 * t as f32, 0.0)),
                );
            }
        }
        submit(b)
    };
    // Default (auto = free for scene mode): Right at row 0's end crosses.
    let mut e = scene_page(0, 0);
    assert_moves(&mut e, 1002, Dir::Right, 1103);
    assert_moves(&mut e, 1002, Dir::Down, 1102);
    // The page opted in as a column: Right at row 0's end stops, Up/Down move.
    let mut e = scene_page(COLUMN, 0);
    assert_stops(&mut e, 1002, Dir::Right);
    assert_moves(&mut e, 1002, Dir::Down, 1102);
    assert_moves(&mut e, 1102, Dir::Up, 1002);
    // Scene-mode rows opted in as rows: Left/Right inside, Up/Down (and a
    // row's end) pass to the page, which is still free.
    let mut e = scene_page(0, ROW);
    assert_moves(&mut e, 1002, Dir::Left, 1001);
    assert_moves(&mut e, 1002, Dir::Down, 1102);
    assert_moves(&mut e, 1002, Dir::Right, 1103);
    // ... and as wrapping rows.
    let mut e = scene_page(0, ROW_WRAP);
    assert_moves(&mut e, 1002, Dir::Right, 1000);
}

#[test]
fn a_wrapping_flex_grid_stays_free() {
    // flexWrap: wrap makes a 2D grid: Down moves between its lines.
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(
            1,
            &[
                (key::DISPLAY, V::U32(1)),
                (key::FLEX_WRAP, V::U32(1)),
                (key::W, V::F32(700.0)),
                (key::GAP, V::F32(20.0)),
            ],
        )
        .insert(0, 1, NONE);
    for t in 0..6 {
        tile(&mut b, 1, 1000 + t, None);
    }
    let mut e = submit(b);
    assert_moves(&mut e, 1001, Dir::Down, 1004);
    assert_moves(&mut e, 1004, Dir::Up, 1001);
    assert_stops(&mut e, 1002, Dir::Right);
}

#[test]
fn focus_flow_survives_a_snapshot_restore() {
    let mut e = flex_page(1, &[], 0, &[(key::FOCUS_FLOW, V::U32(ROW_WRAP))], &[4]);
    let snap = e.snapshot().to_vec();
    let mut f = Engine::new(1920, 1080);
    f.submit(&snap).expect("snapshot is a valid batch");
    assert_moves(&mut f, 1003, Dir::Right, 1000);
}
