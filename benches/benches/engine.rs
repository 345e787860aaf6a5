//! The engine natively (`reel_engine::Engine`) vs `target/engine.wasm` under
//! wasmtime (`reel_host::wasm_engine::WasmEngine`), same workloads, same run.
//!
//! Groups (each with a `native` and a `wasm` function; tools/bench.sh turns
//! them into one table with the wasm/native ratio):
//! * `submit_create_1k` — decode + apply one batch creating a 1000-node
//!   scene (create, set props, insert per node) into a fresh engine; for
//!   wasm also `wasm_reinit`: into a reset instance whose memory has already
//!   grown.
//! * `frame_1k_changed` — one tile's flex `x` moved, then a frame: layout
//!   reruns, the display list is rebuilt.
//! * `frame_1k_unchanged` — a frame where nothing changed (idle).
//! * `frame_1k_text_changed` — the 1k-node scene plus a hero synopsis (a
//!   900 px wide, 3-line wrapped text node): its text replaced by one never
//!   seen before (cycling through 4096 distinct strings), then a frame.
//! * `frame_row_1k_scrolled` — a clipping flex row of 1,000 tiles (3 nodes
//!   each, 3,002 nodes) whose `scrollX` moves by one tile, then a frame, next
//!   to the same row of 40 tiles: issue 15 wants the first to cost about
//!   what the second does (the fuel ratio is printed).
//!
//! A frame is measured the way a host consumes it: run the frame, take the
//! queued events, and read the display list (for wasm: copied out of linear
//! memory, which is part of the cost of the boundary). The wasm side runs
//! with the host's real configuration and the `tv-midrange` device's limits
//! (fuel metering on).
//!
//! Needs target/engine.wasm (tools/build-wasm.sh), or `REEL_ENGINE_WASM`.
//! When `REEL_BENCH_REPORT` names a file, figures that criterion does not
//! measure (peak linear memory) are written there as JSON.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion};
use reel_benches::{create_1k, move_one_x, NODES, VIEWPORT};
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_engine::Engine;
use reel_host::{paths, EngineLimits, EngineModule, Profile, WasmEngine};

/// The device whose engine limits (memory cap, watchdog fuel) the wasm side
/// runs under.
const DEVICE: &str = "tv-midrange";

/// Compiles engine.wasm (`$REEL_ENGINE_WASM`, else target/engine.wasm) for
/// [`DEVICE`]'s limits.
fn load_module() -> EngineModule {
    let (path, bytes) =
        paths::load_engine(None).unwrap_or_else(|e| panic!("{e} (build it with tools/build-wasm.sh)"));
    let profile = Profile::load(DEVICE, &paths::devices_dir()).unwrap_or_else(|e| panic!("{e}"));
    EngineModule::new(&bytes, EngineLimits::from_profile(&profile))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fresh_native() -> Engine {
    Engine::new(VIEWPORT.0, VIEWPORT.1)
}

fn fresh_wasm(module: &EngineModule) -> WasmEngine {
    let mut w = WasmEngine::new(module).expect("instantiate engine.wasm");
    w.init(VIEWPORT.0, VIEWPORT.1).expect("reel_init");
    w
}

fn native_1k() -> Engine {
    let mut e = fresh_native();
    e.submit(&create_1k()).expect("create batch applies natively");
    native_frame(&mut e, 0.0);
    e
}

fn wasm_1k(module: &EngineModule) -> WasmEngine {
    let mut w = fresh_wasm(module);
    let out = w.submit(&create_1k()).expect("submit to engine.wasm");
    assert!(out.rejected.is_none(), "create batch rejected by engine.wasm: {:?}", out.rejected);
    wasm_frame(&mut w, 0.0);
    w
}

#[path = "common/frames.rs"]
mod frames;
use frames::{native_frame, wasm_frame};

/// The Lightning benchmark's memory page (issue 14): a parent and 20,000
/// coloured 4x4 rects in one batch, with its frame.
fn memory_page() -> Vec<u8> {
    let mut b = BatchBuilder::new(2);
    b.create(1, NodeKind::View).set_props(1, &[(key::W, PropValue::F32(1920.0)), (key::H, PropValue::F32(1080.0))]).insert(0, 1, NONE);
    for i in 0..20_000u32 {
        let id = 2 + i;
        let props = [
            (key::X, PropValue::F32((i % 200) as f32 * 5.0)),
            (key::Y, PropValue::F32((i / 200) as f32 * 5.0)),
            (key::W, PropValue::F32(4.0)),
            (key::H, PropValue::F32(4.0)),
            (key::COLOR, PropValue::U32(i.wrapping_mul(2_654_435_761) | 0xff)),
        ];
        b.create(id, NodeKind::View).set_props(id, &props).insert(1, id, NONE);
    }
    b.frame(16.0);
    b.finish()
}

fn bench_submit(c: &mut Criterion, module: &EngineModule) {
    let batch = create_1k();
    // Exact work (fuel) of applying the batch: decode, validate, apply.
    let fuel = fresh_wasm(module).submit(&batch).expect("submit").fuel;
    eprintln!("engine.wasm: fuel to submit the 1k create batch {fuel}");
    // A batch over the engine's kept input buffer (256 KiB): validated and
    // prechecked before its buffer grows to the list (`Engine::submit_input`).
    let mut w = fresh_wasm(module);
    let out = w.submit(&memory_page()).expect("submit");
    assert!(out.rejected.is_none(), "the memory page is rejected: {:?}", out.rejected);
    eprintln!("engine.wasm: fuel to submit the 20k-rect memory page and draw it {}, linear memory after {} bytes", out.fuel, w.memory_bytes());
    let snap = w.snapshot().expect("snapshot");
    eprintln!("engine.wasm: fuel to snapshot the memory page {} ({} bytes), linear memory after {} bytes", w.last_call_fuel(), snap.len(), w.memory_bytes());
    let mut g = c.benchmark_group("submit_create_1k");
    g.bench_function("native", |b| {
        b.iter_batched(
            fresh_native,
            |mut e| {
                e.submit(black_box(&batch)).expect("applies");
                e
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("wasm", |b| {
        b.iter_batched(
            || fresh_wasm(module),
            |mut w| {
                let out = w.submit(black_box(&batch)).expect("submit");
                debug_assert!(out.rejected.is_none());
                w
            },
            BatchSize::PerIteration,
        )
    });
    // The same into an instance whose linear memory has already grown (an
    // earlier scene was loaded, then `reel_init` reset it): separates the
    // cost of growing memory from decoding and applying.
    let mut warm = wasm_1k(module);
    g.bench_function("wasm_reinit", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                warm.init(VIEWPORT.0, VIEWPORT.1).expect("reel_init");
                let start = Instant::now();
                let out = warm.submit(black_box(&batch)).expect("submit");
                total += start.elapsed();
                debug_assert!(out.rejected.is_none());
            }
            total
        })
    });
    g.finish();
}

fn bench_frames(c: &mut Criterion, module: &EngineModule) {
    let mut g = c.benchmark_group("frame_1k_changed");
    {
        let mut e = native_1k();
        let mut step = 0u32;
        g.bench_function("native", |b| {
            b.iter(|| {
                step += 1;
                e.submit(&move_one_x(step, step)).expect("applies");
                native_frame(&mut e, f64::from(step) * 16.0)
            })
        });
    }
    {
        let mut w = wasm_1k(module);
        let mut step = 0u32;
        g.bench_function("wasm", |b| {
            b.iter(|| {
                step += 1;
                w.submit(&move_one_x(step, step)).expect("submit");
                wasm_frame(&mut w, f64::from(step) * 16.0)
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("frame_1k_unchanged");
    {
        let mut e = native_1k();
        let mut t = 0.0;
        g.bench_function("native", |b| {
            b.iter(|| {
                t += 16.0;
                native_frame(&mut e, t)
            })
        });
    }
    {
        let mut w = wasm_1k(module);
        let mut t = 0.0;
        g.bench_function("wasm", |b| {
            b.iter(|| {
                t += 16.0;
                wasm_frame(&mut w, t)
            })
        });
    }
    g.finish();
}

const SYNOPSIS_WORDS: &[&str] = &[
    "a", "lighthouse", "keeper", "finds", "logbook", "written", "in", "her", "own", "hand", "dated", "forty", "years",
    "from", "now", "and", "has", "one", "winter", "to", "decide", "which", "of", "its", "warnings", "believe", "before",
    "the", "supply", "boat", "stops", "coming", "two", "rival", "chefs", "inherit", "same", "failing", "restaurant",
];

/// Id of the hero synopsis added to the 1k scene by `bench_text_change`.
const SYNOPSIS: u32 = NODES + 1;

/// The `n`th synopsis: ~190 characters, distinct for every `n` < 4096.
fn synopsis(n: u32) -> String {
    let mut t = String::new();
    for k in 0..32u32 {
        if k > 0 {
            t.push(' ');
        }
        let w = (n.wrapping_mul(2654435761).rotate_left(k) ^ (k * 40503)) % SYNOPSIS_WORDS.len() as u32;
        t.push_str(SYNOPSIS_WORDS[w as usize]);
    }
    t.push_str(&format!(" #{n}."));
    t
}

/// The 1k scene plus the hero synopsis (scene mode, under the root).
fn create_1k_with_synopsis() -> Vec<u8> {
    let mut b = BatchBuilder::new(2);
    b.create(SYNOPSIS, NodeKind::Text)
        .set_props(SYNOPSIS, &[
            (key::X, PropValue::F32(80.0)),
            (key::Y, PropValue::F32(232.0)),
            (key::W, PropValue::F32(900.0)),
            (key::FONT_SIZE, PropValue::F32(26.0)),
            (key::MAX_LINES, PropValue::U32(3)),
        ])
        .set_text(SYNOPSIS, &synopsis(0))
        .insert(0, SYNOPSIS, NONE)
        .frame(0.0);
    b.finish()
}

/// "frame after one text change": the synopsis gets a text it never had
/// (its layout, line breaking and any new glyph are real work), then the
/// frame. Glyph uploads are taken as a host would.
fn bench_text_change(c: &mut Criterion, module: &EngineModule) {
    let font = paths::default_font().expect("engine/fonts/DejaVuSans.ttf");
    let batches: Vec<Vec<u8>> = (0..4096u32)
        .map(|n| {
            let mut b = BatchBuilder::new(10 + n);
            b.set_text(SYNOPSIS, &synopsis(n + 1));
            b.finish()
        })
        .collect();
    let mut g = c.benchmark_group("frame_1k_text_changed");
    {
        let mut e = fresh_native();
        e.register_font(paths::DEFAULT_FONT_FAMILY, font).expect("font");
        e.submit(&create_1k()).expect("1k");
        e.submit(&create_1k_with_synopsis()).expect("synopsis");
        e.clear_texture_deltas();
        let mut i = 0usize;
        g.bench_function("native", |b| {
            b.iter(|| {
                i += 1;
                e.submit(&batches[i % batches.len()]).expect("applies");
                let n = native_frame(&mut e, i as f64 * 16.0);
                black_box(e.texture_deltas_bytes().len());
                e.clear_texture_deltas();
                n
            })
        });
    }
    {
        let mut w = fresh_wasm(module);
        w.register_font(paths::DEFAULT_FONT_FAMILY, font).expect("font");
        let out = w.submit(&create_1k()).expect("1k");
        assert!(out.rejected.is_none(), "{:?}", out.rejected);
        let out = w.submit(&create_1k_with_synopsis()).expect("synopsis");
        assert!(out.rejected.is_none(), "{:?}", out.rejected);
        w.take_texture_deltas().expect("deltas");
        // Exact work (fuel) of a text-change frame and of the idle frame after it.
        let mut i = 0usize;
        let (mut changed, mut idle) = (0u64, 0u64);
        for _ in 0..8 {
            i += 1;
            w.submit(&batches[i % batches.len()]).expect("submit");
            changed += w.frame(i as f64 * 16.0).expect("frame").fuel;
            w.take_texture_deltas().expect("deltas");
            idle += w.frame(i as f64 * 16.0 + 8.0).expect("frame").fuel;
        }
        eprintln!("engine.wasm, 1k scene + synopsis: fuel per frame after one text change {} (mean of 8), idle {}", changed / 8, idle / 8);
        g.bench_function("wasm", |b| {
            b.iter(|| {
                i += 1;
                w.submit(&batches[i % batches.len()]).expect("submit");
                let n = wasm_frame(&mut w, i as f64 * 16.0);
                w.take_texture_deltas().expect("deltas");
                n
            })
        });
    }
    g.finish();
}

/// Tiles in the scrolled rows (`frame_row_1k_scrolled`): the 1,000-tile row
/// and the 40-tile row it is compared with (issue 15: cost proportional to
/// what is visible, not to the row's length).
const ROW_TILES: [u32; 2] = [40, 1000];

/// A clipping flex row (id 1) of `tiles` 240x150 tiles, each with a
/// caption band and a badge (ids 2..): 3 nodes per tile under the row.
fn create_row(tiles: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[
            (key::DISPLAY, PropValue::U32(1)),
            (key::FLEX_DIRECTION, PropValue::U32(0)),
            (key::W, PropValue::F32(1920.0)),
            (key::H, PropValue::F32(200.0)),
            (key::Y, PropValue::F32(600.0)),
            (key::GAP, PropValue::F32(24.0)),
            (key::PADDING, PropValue::F32(24.0)),
            (key::CLIPPING, PropValue::U32(1)),
        ])
        .insert(0, 1, NONE);
    for t in 0..tiles {
        let id = 2 + t * 3;
        b.create(id, NodeKind::View)
            .set_props(id, &[
                (key::W, PropValue::F32(240.0)),
                (key::H, PropValue::F32(150.0)),
                (key::FLEX_SHRINK, PropValue::F32(0.0)),
                (key::COLOR, PropValue::U32(0x3060_90ff ^ (t & 0xff) << 8)),
            ])
            .insert(1, id, NONE);
        b.create(id + 1, NodeKind::View)
            .set_props(id + 1, &[(key::Y, PropValue::F32(110.0)), (key::W, PropValue::F32(240.0)), (key::H, PropValue::F32(40.0)), (key::COLOR, PropValue::U32(0x0000_00b8))])
            .insert(id, id + 1, NONE);
        b.create(id + 2, NodeKind::View)
            .set_props(id + 2, &[(key::X, PropValue::F32(16.0)), (key::Y, PropValue::F32(16.0)), (key::W, PropValue::F32(64.0)), (key::H, PropValue::F32(6.0)), (key::COLOR, PropValue::U32(0xffff_ff80))])
            .insert(id, id + 2, NONE);
    }
    b.frame(0.0);
    b.finish()
}

/// The row's `scrollX` after `step` moves of one tile, back and forth over
/// all but the last 10 tiles (the screen shows ~7.5).
fn scroll_row(seq: u32, step: u32, tiles: u32) -> Vec<u8> {
    let span = tiles - 10;
    let i = step % (2 * span);
    let tile = if i < span { i } else { 2 * span - i };
    let mut b = BatchBuilder::new(seq);
    b.set_props(1, &[(key::SCROLL_X, PropValue::F32(tile as f32 * 264.0))]);
    b.finish()
}

/// "frame of a scrolled 1,000-tile row" next to a 40-tile one: the row
/// scrolls by one tile (paint only: no layout), then the frame.
fn bench_row_scroll(c: &mut Criterion, module: &EngineModule) {
    let mut g = c.benchmark_group("frame_row_1k_scrolled");
    let mut fuels = Vec::new();
    for tiles in ROW_TILES {
        let mut e = fresh_native();
        e.submit(&create_row(tiles)).expect("row");
        let mut step = 0u32;
        g.bench_function(format!("native/{tiles}"), |b| {
            b.iter(|| {
                step += 1;
                e.submit(&scroll_row(10 + step, step, tiles)).expect("applies");
                native_frame(&mut e, f64::from(step) * 16.0)
            })
        });
        let mut w = fresh_wasm(module);
        let out = w.submit(&create_row(tiles)).expect("row");
        assert!(out.rejected.is_none(), "{:?}", out.rejected);
        let mut step = 0u32;
        let mut fuel = 0u64;
        for _ in 0..16 {
            step += 1;
            w.submit(&scroll_row(10 + step, step, tiles)).expect("submit");
            fuel += w.frame(f64::from(step) * 16.0).expect("frame").fuel;
        }
        fuels.push(fuel / 16);
        g.bench_function(format!("wasm/{tiles}"), |b| {
            b.iter(|| {
                step += 1;
                w.submit(&scroll_row(10 + step, step, tiles)).expect("submit");
                wasm_frame(&mut w, f64::from(step) * 16.0)
            })
        });
    }
    eprintln!(
        "engine.wasm, scrolled row: fuel per frame {} (40 tiles) vs {} (1,000 tiles): {:.2}x (mean of 16)",
        fuels[0],
        fuels[1],
        fuels[1] as f64 / fuels[0] as f64
    );
    g.finish();
}

const WORDS: &[&str] = &["Movies", "Series", "Continue watching", "Live", "Sport", "Kids", "Documentaries", "News", "Recommended for you", "Top 10 today", "\u{5E9}\u{5DC}\u{5D5}\u{5DD}", "\u{645}\u{631}\u{62D}\u{628}\u{627}"];

/// One batch setting the text of all 1k labels to variant `v` (distinct
/// per variant, so every label is laid out again), then a frame.
fn text_variant(seq: u32, v: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    for i in 0..NODES {
        let mut t = String::new();
        for k in 0..(2 + (i + v) % 5) {
            if k > 0 {
                t.push(' ');
            }
            t.push_str(WORDS[((i * 7 + k * 3 + v) % WORDS.len() as u32) as usize]);
        }
        t.push_str(&format!(" #{v}"));
        b.set_text(1 + i, &t);
    }
    b.frame(f64::from(seq) * 16.0);
    b.finish()
}

/// 1k text labels (scene mode, 180px wide, wrapping, at most 2 lines).
fn create_1k_labels() -> Vec<u8> {
    let mut b = BatchBuilder::new(1);
    for i in 0..NODES {
        let id = 1 + i;
        b.create(id, NodeKind::Text)
            .set_props(id, &[
                (key::X, PropValue::F32((i % 10) as f32 * 190.0)),
                (key::Y, PropValue::F32((i / 10) as f32 * 10.0)),
                (key::W, PropValue::F32(180.0)),
                (key::FONT_SIZE, PropValue::F32(18.0)),
                (key::MAX_LINES, PropValue::U32(2)),
            ])
            .insert(0, id, NONE);
    }
    b.frame(0.0);
    b.finish()
}

/// "text layout 1k labels": every iteration replaces the text of 1k labels
/// (cycling through 8 variants, more than the per-node cache holds) and
/// runs the frame that lays them all out and rebuilds the list.
fn bench_text(c: &mut Criterion, module: &EngineModule) {
    let font = paths::default_font().expect("engine/fonts/DejaVuSans.ttf");
    let variants: Vec<Vec<u8>> = (0..8).map(|v| text_variant(10 + v, v)).collect();
    let mut g = c.benchmark_group("text_layout_1k_labels");
    {
        let mut e = fresh_native();
        e.register_font(paths::DEFAULT_FONT_FAMILY, font).expect("font");
        e.submit(&create_1k_labels()).expect("labels");
        let mut i = 0usize;
        g.bench_function("native", |b| {
            b.iter(|| {
                i += 1;
                e.submit(&variants[i % variants.len()]).expect("applies");
                assert!(e.stats().layout_nodes > 0 || e.text().layouts > 0);
                e.clear_texture_deltas();
                native_frame(&mut e, i as f64 * 16.0 + 8.0)
            })
        });
    }
    {
        let mut w = fresh_wasm(module);
        w.register_font(paths::DEFAULT_FONT_FAMILY, font).expect("font");
        let out = w.submit(&create_1k_labels()).expect("labels");
        assert!(out.rejected.is_none(), "{:?}", out.rejected);
        let mut i = 0usize;
        g.bench_function("wasm", |b| {
            b.iter(|| {
                i += 1;
                w.submit(&variants[i % variants.len()]).expect("submit");
                w.take_texture_deltas().expect("deltas");
                wasm_frame(&mut w, i as f64 * 16.0 + 8.0)
            })
        });
    }
    g.finish();
}

/// Figures criterion does not measure: engine.wasm's linear memory for the
/// 1k-node scene (after a frame with a layout change; memory never shrinks,
/// so this is also the peak), and the work of a changed frame in fuel.
fn report(module: &EngineModule) {
    let mut w = wasm_1k(module);
    w.submit(&move_one_x(2, 0)).expect("submit");
    let fuel_changed = w.frame(16.0).expect("frame").fuel;
    let fuel_unchanged = w.frame(32.0).expect("frame").fuel;
    let stats = w.stats().expect("stats");
    let peak = w.peak_memory_bytes();
    let json = format!(
        "{{\"nodes\": {NODES}, \"wasm_peak_memory_bytes_1k\": {peak}, \"wasm_dl_items\": {}, \
         \"wasm_fuel_frame_changed\": {fuel_changed}, \"wasm_fuel_frame_unchanged\": {fuel_unchanged}}}\n",
        stats.dl_items
    );
    eprintln!(
        "engine.wasm, {NODES}-node scene: peak linear memory {peak} bytes ({:.1} KiB), {} display items, \
         fuel per frame: {fuel_changed} changed / {fuel_unchanged} unchanged",
        peak as f64 / 1024.0,
        stats.dl_items
    );
    if let Some(path) = std::env::var_os("REEL_BENCH_REPORT") {
        std::fs::write(&path, json).expect("write REEL_BENCH_REPORT");
    }
}

fn main() {
    let module = load_module();
    report(&module);
    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    bench_submit(&mut c, &module);
    bench_frames(&mut c, &module);
    bench_text(&mut c, &module);
    bench_text_change(&mut c, &module);
    bench_row_scroll(&mut c, &module);
    c.final_summary();
}
