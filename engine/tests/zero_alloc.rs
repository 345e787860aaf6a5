//! Steady state allocates nothing: once the scene exists, a frame that
//! applies a property batch (moving nodes, so layout and the display list
//! are rebuilt) and a frame with no change both make zero heap allocations.
//!
//! A counting global allocator counts the allocations each thread makes;
//! a test reads its own thread's count. (A process-wide count also saw
//! libtest's main thread, which prints a finished test's result while the
//! next one runs: 2 allocations, now and then, in a frame that made none.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_engine::Engine;

struct Counting;

thread_local! {
    /// Allocations (and reallocations) made by this thread.
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // A const-initialised `Cell` needs no destructor: this never allocates
    // and works until the thread's very end.
    let _ = COUNT.try_with(|c| c.set(c.get() + 1));
}

/// Allocations this thread has made so far.
fn allocs() -> usize {
    COUNT.with(Cell::get)
}

// SAFETY: forwards to the system allocator, only counting calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn steady_state_frames_do_not_allocate() {
    let mut e = Engine::new(1920, 1080);
    let mut b = BatchBuilder::new(1);
    // 10 flex rows of 100 tiles, in a clipping container, some rotated.
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::DISPLAY, V::U32(1)), (key::FLEX_DIRECTION, V::U32(1)), (key::W, V::F32(1920.0)), (key::H, V::F32(1080.0)), (key::CLIPPING, V::U32(1))])
        .insert(0, 1, NONE);
    let mut id = 100;
    for r in 0..10 {
        let row = 2 + r;
        b.create(row, NodeKind::View).set_props(row, &[(key::DISPLAY, V::U32(1)), (key::GAP, V::F32(8.0)), (key::H, V::F32(100.0))]).insert(1, row, NONE);
        for t in 0..100 {
            b.create(id, NodeKind::View)
                .set_props(id, &[(key::W, V::F32(160.0)), (key::FLEX_SHRINK, V::F32(0.0)), (key::COLOR, V::U32(0x336699ff)), (key::ROTATION, V::F32(if t % 7 == 0 { 0.2 } else { 0.0 }))])
                .insert(row, id, NONE);
            id += 1;
        }
    }
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");

    // Paint-only frames (what TV animations do: position, scale, alpha,
    // colour of scene nodes) and unchanged frames.
    let paint: Vec<Vec<u8>> = (0..20)
        .map(|i| {
            let mut b = BatchBuilder::new(100 + i);
            b.set_props(1, &[(key::X, V::F32(i as f32)), (key::ALPHA, V::F32(0.9))]);
            b.set_props(100 + i, &[(key::COLOR, V::U32(0xff0000ff)), (key::SCALE, V::F32(1.1))]);
            b.frame(16.0 * i as f64);
            b.finish()
        })
        .collect();
    // Layout frames: a flex row's margin changes, so that row and its
    // ancestors are laid out again.
    let layout: Vec<Vec<u8>> = (0..20)
        .map(|i| {
            let mut b = BatchBuilder::new(200 + i);
            b.set_props(2, &[(key::MARGIN_LEFT, V::F32(-(i as f32) * 10.0))]);
            b.frame(16.0 * i as f64);
            b.finish()
        })
        .collect();
    // Warm-up: let every reused buffer reach its working size.
    for batch in paint[..10].iter().chain(&layout[..10]) {
        e.submit(batch).expect("valid");
        e.clear_events();
    }

    let before = allocs();
    // The counter sees this thread's allocations (building the scene made many).
    assert!(before > 100, "allocations counted while building the scene: {before}");
    for batch in &paint[10..] {
        e.submit(batch).expect("valid");
        assert!(e.stats().layout_nodes == 0 && e.stats().dl_rebuilt == 1);
        e.frame(1000.0); // a frame with no change at all
        assert_eq!(e.stats().dl_rebuilt, 0);
        e.clear_events();
    }
    let paint_allocs = allocs() - before;
    assert_eq!(paint_allocs, 0, "allocations in 20 paint-only + 20 unchanged frames");

    // Layout frames: the engine itself allocates nothing, but taffy's
    // flexbox algorithm collects its items and lines into fresh vectors on
    // every pass over a container, and a container is passed over several
    // times (measure, then layout): measured 14 per container laid out
    // (here the changed row and the column holding it). Pin that figure so
    // any allocation our own code adds shows up.
    let before = allocs();
    let mut containers = 0;
    for batch in &layout[10..] {
        e.submit(batch).expect("valid");
        assert!(e.stats().layout_nodes > 0);
        containers += 2;
        e.clear_events();
    }
    let layout_allocs = allocs() - before;
    eprintln!("layout frames: {layout_allocs} allocations for {containers} flex containers laid out");
    assert!(layout_allocs <= containers * 14, "{layout_allocs} allocations for {containers} containers");
}

#[test]
fn static_text_paint_frames_do_not_allocate() {
    let font = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("default font");
    let mut e = Engine::new(1280, 720);
    e.register_font("DejaVu Sans", &font).expect("font");
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View).set_props(1, &[(key::W, V::F32(1280.0)), (key::H, V::F32(720.0))]).insert(0, 1, NONE);
    // 40 scene-mode labels (wrapped, aligned) and a flex row of 10 measured labels.
    for i in 0..40u32 {
        let id = 100 + i;
        b.create(id, NodeKind::Text)
            .set_props(id, &[(key::X, V::F32((i % 8) as f32 * 150.0)), (key::Y, V::F32((i / 8) as f32 * 60.0)), (key::W, V::F32(140.0)), (key::FONT_SIZE, V::F32(16.0)), (key::TEXT_ALIGN, V::U32(1)), (key::MAX_LINES, V::U32(2))])
            .set_text(id, &format!("Label {i}: some words that wrap \u{5E9}\u{5DC}\u{5D5}\u{5DD}"))
            .insert(1, id, NONE);
    }
    b.create(2, NodeKind::View).set_props(2, &[(key::DISPLAY, V::U32(1)), (key::Y, V::F32(400.0)), (key::GAP, V::F32(10.0))]).insert(1, 2, NONE);
    for i in 0..10u32 {
        let id = 200 + i;
        b.create(id, NodeKind::Text).set_props(id, &[(key::FONT_SIZE, V::F32(20.0))]).set_text(id, &format!("Tab {i}")).insert(2, id, NONE);
    }
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    assert!(!e.texture_deltas_bytes().is_empty(), "the first frame rasterizes glyphs");
    e.clear_texture_deltas();
    let paint: Vec<Vec<u8>> = (0..20)
        .map(|i| {
            let mut b = BatchBuilder::new(100 + i);
            b.set_props(1, &[(key::X, V::F32(i as f32)), (key::ALPHA, V::F32(0.9))]);
            b.set_props(100 + i, &[(key::COLOR, V::U32(0xff0000ff))]);
            b.frame(16.0 * i as f64);
            b.finish()
        })
        .collect();
    for batch in &paint[..10] {
        e.submit(batch).expect("valid");
        e.clear_events();
    }
    // Idle frames warm glyphs up (text::warm): new atlas entries, maybe a
    // grown atlas and rehashed glyph map, until it has warmed every
    // character of every size in use (or filled its share of the atlas).
    // It is bounded; after it, idle frames allocate nothing.
    let mut idle = 0;
    while e.text().warm.pending(e.text().atlas()) {
        e.frame(1000.0);
        e.clear_events();
        idle += 1;
        assert!(idle < 200, "warm-up ends");
    }
    e.clear_texture_deltas();
    let layouts = e.text().layouts;
    let before = allocs();
    for batch in &paint[10..] {
        e.submit(batch).expect("valid");
        assert!(e.stats().layout_nodes == 0 && e.stats().dl_rebuilt == 1);
        assert!(e.texture_deltas_bytes().is_empty(), "no new glyph, no delta");
        e.frame(1000.0);
        e.clear_events();
    }
    let allocs = allocs() - before;
    assert_eq!(allocs, 0, "allocations in 10 paint-only + 10 unchanged frames of a static text scene");
    assert_eq!(e.text().layouts, layouts, "no text was laid out again");
}

#[test]
fn animating_1k_nodes_steady_state_does_not_allocate() {
    use reel_engine::anim::easing::Easing;
    use reel_engine::anim::{Direction, Timing};
    let mut e = Engine::new(1920, 1080);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::DISPLAY, V::U32(1)), (key::FLEX_WRAP, V::U32(1)), (key::W, V::F32(1920.0)), (key::H, V::F32(1080.0))])
        .insert(0, 1, NONE);
    for id in 2..=1001u32 {
        b.create(id, NodeKind::View)
            .set_props(id, &[(key::W, V::F32(40.0)), (key::H, V::F32(24.0)), (key::MARGIN, V::F32(2.0)), (key::COLOR, V::U32(0x3060_90ff))])
            .insert(1, id, NONE);
    }
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    // Every node animates forever: paint-only tracks (scale, rotation, alpha, colour).
    let timing = Timing { duration_ms: 500.0, delay_ms: 0.0, iterations: u32::MAX, direction: Direction::Alternate, easing: Easing::EASE_IN_OUT };
    let mut b = BatchBuilder::new(2);
    for id in 2..=1001u32 {
        b.animate(id, id, &timing, &[(key::SCALE, V::F32(1.2)), (key::ROTATION, V::F32(0.3)), (key::ALPHA, V::F32(0.5)), (key::COLOR_TL, V::U32(0xff00_00ff))]);
    }
    b.frame(16.0);
    e.submit(&b.finish()).expect("valid");
    e.clear_events();
    for i in 2..12 {
        e.frame(16.0 * i as f64);
        e.clear_events();
    }
    let before = allocs();
    for i in 12..72 {
        e.frame(16.0 * i as f64);
        assert_eq!(e.stats().animations, 1000);
        assert!(e.stats().layout_nodes == 0 && e.stats().dl_rebuilt == 1);
        e.clear_events();
    }
    let allocs = allocs() - before;
    assert_eq!(allocs, 0, "allocations in 60 frames with 1000 animating nodes");
}

/// Every effect property (rounded corners per corner, borders, shadows with
/// blur, spread and offset, `gradient` strings linear and radial, up to 8
/// stops) on views and image placeholders, rotated and scaled, while their
/// values are written and animated: paint frames allocate nothing once the
/// effect boxes and the gradient side table exist.
#[test]
fn effects_paint_and_animation_frames_do_not_allocate() {
    use reel_engine::anim::easing::Easing;
    use reel_engine::anim::{Direction, Timing};
    let mut e = Engine::new(1920, 1080);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View).set_props(1, &[(key::W, V::F32(1920.0)), (key::H, V::F32(1080.0))]).insert(0, 1, NONE);
    for i in 0..200u32 {
        let id = 10 + i;
        let kind = if i % 4 == 3 { NodeKind::Image } else { NodeKind::View };
        b.create(id, kind)
            .set_props(id, &[
                (key::X, V::F32((i % 20) as f32 * 95.0)),
                (key::Y, V::F32((i / 20) as f32 * 105.0)),
                (key::W, V::F32(80.0)),
                (key::H, V::F32(90.0)),
                (key::COLOR, V::U32(0x2040_80ff)),
                (key::RADIUS, V::F32(12.0)),
                (key::RADIUS_BR, V::F32(30.0)),
                (key::BORDER_WIDTH, V::F32(3.0)),
                (key::BORDER_COLOR, V::U32(0xffff_ffff)),
                (key::SHADOW_COLOR, V::U32(0x0000_0088)),
                (key::SHADOW_BLUR, V::F32(16.0)),
                (key::SHADOW_SPREAD, V::F32(2.0)),
                (key::SHADOW_OFFSET_X, V::F32(4.0)),
                (key::SHADOW_OFFSET_Y, V::F32(8.0)),
                (key::ROTATION, V::F32(if i % 5 == 0 { 0.1 } else { 0.0 })),
                (key::SCALE, V::F32(if i % 3 == 0 { 1.1 } else { 1.0 })),
            ])
            .set_str(id, key::GRADIENT, if i % 2 == 0 {
                "linear-gradient(45deg, #ff0000, #00ff00 30%, #0000ff, rgba(0, 0, 0, 0.5), transparent)"
            } else {
                "radial-gradient(ellipse at 30% 60%, #ffffff 0%, #808080 50%, #000000 100%)"
            })
            .insert(1, id, NONE);
    }
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let kinds = |e: &Engine| {
        let dl = reel_engine::display_list::read_display_list(e.display_list_bytes()).expect("list");
        let n = |k| dl.items.iter().filter(|i| i.kind == k as u32).count();
        (n(reel_engine::display_list::ItemKind::Shadow), n(reel_engine::display_list::ItemKind::Shape), n(reel_engine::display_list::ItemKind::Gradient))
    };
    assert_eq!(kinds(&e), (200, 200, 100 * 2 + 50), "every node has a shadow and a shape, views a gradient (5 stops: 2 items)");
    // Animations of every effect track, forever.
    let timing = Timing { duration_ms: 400.0, delay_ms: 0.0, iterations: u32::MAX, direction: Direction::Alternate, easing: Easing::EASE_IN_OUT };
    let mut b = BatchBuilder::new(2);
    for i in 0..100u32 {
        let id = 10 + i;
        b.animate(id, id, &timing, &[(key::RADIUS, V::F32(40.0)), (key::BORDER_WIDTH, V::F32(6.0)), (key::BORDER_COLOR, V::U32(0xff80_00ff)), (key::SHADOW_COLOR, V::U32(0xff00_00ff))]);
        b.animate(id, 1000 + id, &timing, &[(key::SHADOW_BLUR, V::F32(30.0)), (key::SHADOW_SPREAD, V::F32(-4.0)), (key::SHADOW_OFFSET_X, V::F32(-8.0)), (key::SHADOW_OFFSET_Y, V::F32(0.0))]);
    }
    b.frame(16.0);
    e.submit(&b.finish()).expect("valid");
    // Writes of every effect property on the other nodes.
    let paint: Vec<Vec<u8>> = (0..20u32)
        .map(|i| {
            let mut b = BatchBuilder::new(100 + i);
            let id = 110 + i;
            let x = i as f32;
            b.set_props(id, &[
                (key::RADIUS_TL, V::F32(x)),
                (key::RADIUS_TR, V::F32(x + 1.0)),
                (key::RADIUS_BL, V::F32(x + 2.0)),
                (key::BORDER_WIDTH, V::F32(x * 0.5)),
                (key::BORDER_COLOR, V::U32(0x00ff_00ff)),
                (key::SHADOW_COLOR, V::U32(0x0000_ffff)),
                (key::SHADOW_BLUR, V::F32(x)),
                (key::SHADOW_SPREAD, V::F32(-x)),
                (key::SHADOW_OFFSET_X, V::F32(x)),
                (key::SHADOW_OFFSET_Y, V::F32(-x)),
                (key::SRC_X, V::F32(x)),
                (key::SRC_Y, V::F32(x)),
                (key::SRC_W, V::F32(16.0 + x)),
                (key::SRC_H, V::F32(16.0)),
            ]);
            // A new gradient string each time, two stops or eight: the side
            // table's entry and its copy of the string (for snapshots) are
            // rewritten in place. (A string longer than any the node had
            // grows that copy once: not a steady-state frame; all of these
            // are shorter than the scene's first strings.)
            let angle = ["linear-gradient(10deg, #102030, #405060)", "linear-gradient(0.5turn, #000, #111, #222, #333, #444, #555, #666, #777)"];
            b.set_str(id, key::GRADIENT, angle[i as usize % 2]);
            b.frame(32.0 + 16.0 * i as f64);
            b.finish()
        })
        .collect();
    for batch in &paint[..10] {
        e.submit(batch).expect("valid");
        e.clear_events();
    }
    let before = allocs();
    for batch in &paint[10..] {
        e.submit(batch).expect("valid");
        assert!(e.stats().layout_nodes == 0 && e.stats().dl_rebuilt == 1);
        e.clear_events();
    }
    let allocs = allocs() - before;
    assert_eq!(allocs, 0, "allocations in 10 frames writing and animating every effect property");
    assert_eq!(kinds(&e).0, 200);
}
