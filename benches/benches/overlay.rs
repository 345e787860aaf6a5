//! The egui debug overlay's cost (feature `overlay`, engine/src/overlay):
//! engine time per frame over a catalog-like 1080p page, native, with the
//! overlay closed vs open, in the same run.
//!
//! Groups (functions `off` and `on`):
//! * `overlay_frame_idle` — a frame where the scene did not change (the
//!   common TV frame: nothing moves). Closed, the engine reuses its display
//!   list; open, egui runs its panels, tessellates and the overlay's items
//!   and meshes are appended.
//! * `overlay_frame_changed` — one tile's colour changed before the frame
//!   (display list rebuilt; layout not dirty).
//!
//! A frame is measured as a host consumes it: submit a `FRAME` batch, take
//! the events and the texture deltas (the overlay's font atlas), read the
//! display list in place. The page: hero with a title and a button, 8 rows
//! of 40 focusable tiles each with a bar and a text label (973 nodes with
//! the root), the default font registered, the first tile focused (the tree
//! inspector opens on it).
//!
//! Run: `cargo bench -p reel-benches --features overlay --bench overlay`
//! (`tools/bench.sh` runs the benches that need no feature). At the end it
//! prints the off/on medians side by side from criterion's estimates.

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use reel_engine::overlay::keys;
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE, ROOT};
use reel_engine::Engine;
use reel_host::paths;

const W: u32 = 1920;
const H: u32 = 1080;
/// Id of the first tile (tiles, bars and labels follow in threes).
const FIRST_TILE: u32 = 100;
const ROWS: u32 = 8;
const COLS: u32 = 40;

/// The catalog-like page: one batch, ending in a frame.
fn catalog_page() -> Vec<u8> {
    let mut b = BatchBuilder::new(1);
    let page = 1;
    b.create(page, NodeKind::View).set_props(
        page,
        &[
            (key::DISPLAY, PropValue::U32(1)),
            (key::FLEX_DIRECTION, PropValue::U32(1)),
            (key::W, PropValue::F32(W as f32)),
            (key::PADDING, PropValue::F32(48.0)),
            (key::COLOR, PropValue::U32(0x0a10_20ff)),
        ],
    );
    b.insert(ROOT, page, NONE);
    let hero = 2;
    b.create(hero, NodeKind::View).set_props(hero, &[(key::W, PropValue::F32(1728.0)), (key::H, PropValue::F32(420.0)), (key::COLOR, PropValue::U32(0x6a20_30ff))]);
    b.insert(page, hero, NONE);
    let title = 3;
    b.create(title, NodeKind::Text).set_props(title, &[(key::X, PropValue::F32(64.0)), (key::Y, PropValue::F32(250.0)), (key::FONT_SIZE, PropValue::F32(40.0))]);
    b.set_text(title, "Featured: The Long Night");
    b.insert(hero, title, NONE);
    let button = 4;
    b.create(button, NodeKind::View).set_props(button, &[(key::X, PropValue::F32(64.0)), (key::Y, PropValue::F32(120.0)), (key::W, PropValue::F32(240.0)), (key::H, PropValue::F32(72.0)), (key::COLOR, PropValue::U32(0xe509_14ff))]);
    b.insert(hero, button, NONE);
    let mut id = FIRST_TILE;
    for row in 0..ROWS {
        let r = 10 + row;
        b.create(r, NodeKind::View).set_props(
            r,
            &[(key::DISPLAY, PropValue::U32(1)), (key::W, PropValue::F32(1728.0)), (key::H, PropValue::F32(240.0)), (key::MARGIN, PropValue::F32(12.0)), (key::CLIPPING, PropValue::U32(1))],
        );
        b.insert(page, r, NONE);
        for col in 0..COLS {
            let t = id;
            b.create(t, NodeKind::View).set_props(
                t,
                &[
                    (key::W, PropValue::F32(320.0)),
                    (key::H, PropValue::F32(180.0)),
                    (key::MARGIN, PropValue::F32(12.0)),
                    (key::FLEX_SHRINK, PropValue::F32(0.0)),
                    (key::COLOR, PropValue::U32(0x3050_7000 | ((row * COLS + col) & 0xff))),
                    (key::FOCUSABLE, PropValue::U32(1)),
                ],
            );
            b.insert(r, t, NONE);
            let bar = id + 1;
            b.create(bar, NodeKind::View).set_props(bar, &[(key::Y, PropValue::F32(136.0)), (key::W, PropValue::F32(320.0)), (key::H, PropValue::F32(44.0)), (key::COLOR, PropValue::U32(0x0000_00a0))]);
            b.insert(t, bar, NONE);
            let label = id + 2;
            b.create(label, NodeKind::Text).set_props(label, &[(key::X, PropValue::F32(14.0)), (key::Y, PropValue::F32(8.0)), (key::W, PropValue::F32(300.0)), (key::FONT_SIZE, PropValue::F32(24.0))]);
            b.set_text(label, &format!("Row {row} #{}", col + 1));
            b.insert(bar, label, NONE);
            id += 3;
        }
    }
    b.focus(FIRST_TILE);
    b.frame(0.0);
    b.finish()
}

/// The page with the default font, settled (a few frames).
fn engine() -> Engine {
    let mut e = Engine::new(W, H);
    let font = paths::default_font().expect("engine/fonts/DejaVuSans.ttf");
    e.register_font(paths::DEFAULT_FONT_FAMILY, font).expect("font");
    e.submit(&catalog_page()).expect("catalog page applies");
    e.clear_texture_deltas();
    e.clear_events();
    e
}

/// A frame as a host consumes it; returns the item count.
fn frame(e: &mut Engine, t: f64) -> usize {
    let mut b = BatchBuilder::new(0);
    b.frame(t);
    e.submit(&b.finish()).expect("frame");
    black_box(e.events_bytes());
    e.clear_events();
    black_box(e.texture_deltas_bytes().len());
    e.clear_texture_deltas();
    let dl = reel_engine::display_list::read_display_list(e.display_list_bytes()).expect("display list");
    black_box(dl.items.len())
}

fn bench_group(c: &mut Criterion, group: &str, change: bool) {
    let mut g = c.benchmark_group(group);
    g.measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    for open in [false, true] {
        let mut e = engine();
        if open {
            assert!(e.overlay_key(keys::BLUE), "the blue key toggles the overlay");
        }
        let mut t = 16.7;
        // Warm: egui's fonts and first layout, the overlay's texture upload.
        for _ in 0..5 {
            frame(&mut e, t);
            t += 16.7;
        }
        assert_eq!(e.overlay().is_open(), open);
        let (meshes, _) = e.overlay().last_mesh_stats();
        assert_eq!(meshes > 0, open, "meshes only when open");
        let mut n = 0u32;
        g.bench_function(if open { "on" } else { "off" }, |bench| {
            bench.iter(|| {
                if change {
                    n = n.wrapping_add(1);
                    let mut cb = BatchBuilder::new(0);
                    cb.set_props(FIRST_TILE + 3 * (n % 40), &[(key::COLOR, PropValue::U32(0x2040_6000 | (n & 0xff)))]);
                    e.submit(&cb.finish()).expect("colour");
                }
                t += 16.7;
                frame(&mut e, t)
            });
        });
    }
    g.finish();
}

/// Criterion's median for `group/function` in ns, when it wrote one (not in test mode).
fn median_ns(group: &str, function: &str) -> Option<f64> {
    let path = paths::workspace_root().join("target/criterion").join(group).join(function).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    // {"mean":{...},"median":{"confidence_interval":{...},"point_estimate":N,...
    let at = text.find("\"median\"")?;
    let rest = &text[at..];
    let p = rest.find("\"point_estimate\":")? + "\"point_estimate\":".len();
    let end = rest[p..].find([',', '}'])?;
    rest[p..p + end].trim().parse().ok()
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_group(&mut c, "overlay_frame_idle", false);
    bench_group(&mut c, "overlay_frame_changed", true);
    c.final_summary();

    // The figures side by side (this run's medians).
    let rows: Vec<_> = [("overlay_frame_idle", "frame, catalog page, nothing changed"), ("overlay_frame_changed", "frame, catalog page, one tile colour changed")]
        .iter()
        .filter_map(|(g, label)| Some((label, median_ns(g, "off")?, median_ns(g, "on")?)))
        .collect();
    if !rows.is_empty() {
        let e = engine();
        println!("\noverlay cost (native, median per frame; {} nodes):", e.stats().nodes);
        println!("| workload | overlay off | overlay on | on - off |");
        println!("|---|---|---|---|");
        for (label, off, on) in rows {
            println!("| {label} | {:.1} µs | {:.1} µs | +{:.1} µs |", off / 1e3, on / 1e3, (on - off) / 1e3);
        }
    }
}
