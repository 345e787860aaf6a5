//! The engine's hot paths natively (`reel_engine::Engine`) vs
//! `target/engine.wasm` under wasmtime (`reel_host::WasmEngine`, console
//! limits so 10k nodes fit, fuel metering on), same batches, same run.
//!
//! Groups (functions `native` and `wasm`; `tools/bench-all.sh` prints the
//! ratio table):
//! * `hot_create_{1k,10k}` — decode + apply one batch creating N nodes (a
//!   wrapping flex grid of tiles) into a fresh engine, then the first frame
//!   (layout of every node + display-list build);
//! * `hot_update_{1k,10k}` — one batch setting colour and alpha of every
//!   tile, then a frame (paint-only: the display list is rebuilt, layout is
//!   not rerun);
//! * `hot_destroy_{1k,10k}` — one batch destroying every tile one by one,
//!   then a frame;
//! * `hot_catalog_layout` — the catalog sample (`examples/catalog`): its
//!   first host frame's batches, recorded with `reel run --record`
//!   (`$REEL_CATALOG_REC`, default `target/catalog.reelrec`; when missing an
//!   equivalent generated scene: hero + 8 rows x 40 tiles with title bars),
//!   applied into a fresh engine: decode + apply 1337 nodes, the first
//!   layout of the whole page (flex rows, text) and the display-list build
//!   (the recorded batch ends with its FRAME);
//! * `hot_anim_tick_1k` — a frame while 999 tiles run x / y + alpha
//!   animations (x and y are layout inputs: each tick relayouts the grid);
//! * `hot_dl_build_1k` — one tile's colour changes, then a frame: the
//!   display list of 1k nodes is rebuilt (no layout);
//! * `hot_raster_1080p` — native only: tiny-skia raster of the 1k-node
//!   grid's 1080p display list (`native`) and of the catalog's (`catalog`).
//!
//!   cargo bench -p reel-benches --bench hot_paths

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion};
use reel_engine::anim::easing::Easing;
use reel_engine::anim::{Direction, Timing};
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE, ROOT};
use reel_engine::Engine;
use reel_host::{paths, EngineLimits, EngineModule, Profile, WasmEngine};

const W: u32 = 1920;
const H: u32 = 1080;
const DEVICE: &str = "console";
const GRID: u32 = 1;

/// A wrapping flex grid (id 1) with `n - 1` tiles (ids 2..=n).
fn create(n: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(1);
    b.create(GRID, NodeKind::View);
    b.set_props(
        GRID,
        &[
            (key::DISPLAY, PropValue::U32(1)),
            (key::FLEX_DIRECTION, PropValue::U32(0)),
            (key::FLEX_WRAP, PropValue::U32(1)),
            (key::W, PropValue::F32(W as f32)),
            (key::H, PropValue::F32(H as f32)),
            (key::COLOR, PropValue::U32(0x1010_20ff)),
        ],
    );
    b.insert(ROOT, GRID, NONE);
    let side = if n > 2000 { 12.0 } else { 40.0 };
    for id in GRID + 1..=n {
        b.create(id, NodeKind::View);
        b.set_props(
            id,
            &[
                (key::W, PropValue::F32(side)),
                (key::H, PropValue::F32(side * 0.6)),
                (key::MARGIN, PropValue::F32(1.0)),
                (key::COLOR, PropValue::U32(0x3060_9000 | (id & 0xff))),
            ],
        );
        b.insert(GRID, id, NONE);
    }
    b.finish()
}

fn update_all(n: u32, seq: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    for id in GRID + 1..=n {
        b.set_props(
            id,
            &[(key::COLOR, PropValue::U32(0x9030_6000 | ((id + seq) & 0xff))), (key::ALPHA, PropValue::F32(if seq.is_multiple_of(2) { 0.9 } else { 1.0 }))],
        );
    }
    b.finish()
}

fn destroy_all(n: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(3);
    for id in GRID + 1..=n {
        b.destroy(id);
    }
    b.finish()
}

fn recolor_one(seq: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    b.set_props(GRID + 500, &[(key::COLOR, PropValue::U32(0x2040_6000 | (seq & 0xff) | 0xff))]);
    b.finish()
}

fn animate(n: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(2);
    let timing =
        Timing { duration_ms: 800.0, delay_ms: 0.0, iterations: u32::MAX, direction: Direction::Alternate, easing: Easing::EASE_IN_OUT };
    for id in GRID + 1..=n {
        b.animate(id, id, &timing, &[(key::X, PropValue::F32(24.0)), (key::Y, PropValue::F32(8.0)), (key::ALPHA, PropValue::F32(0.6))]);
    }
    b.finish()
}

/// A catalog-like page: hero (with a button) + 8 rows x 40 tiles, each
/// tile with a title bar and a text node (about 1300 nodes).
fn generated_catalog() -> Vec<Vec<u8>> {
    let mut b = BatchBuilder::new(1);
    let mut id = 1;
    let mut next = || {
        id += 1;
        id
    };
    let page = next();
    b.create(page, NodeKind::View).set_props(
        page,
        &[(key::DISPLAY, PropValue::U32(1)), (key::FLEX_DIRECTION, PropValue::U32(1)), (key::W, PropValue::F32(W as f32)), (key::PADDING, PropValue::F32(48.0))],
    );
    b.insert(ROOT, page, NONE);
    let hero = next();
    b.create(hero, NodeKind::View).set_props(hero, &[(key::W, PropValue::F32(1728.0)), (key::H, PropValue::F32(420.0)), (key::COLOR, PropValue::U32(0x6a2030ff))]);
    b.insert(page, hero, NONE);
    let button = next();
    b.create(button, NodeKind::View).set_props(button, &[(key::W, PropValue::F32(160.0)), (key::H, PropValue::F32(56.0)), (key::COLOR, PropValue::U32(0xe01020ff))]);
    b.insert(hero, button, NONE);
    for row in 0..8u32 {
        let r = next();
        b.create(r, NodeKind::View).set_props(
            r,
            &[(key::DISPLAY, PropValue::U32(1)), (key::FLEX_DIRECTION, PropValue::U32(0)), (key::W, PropValue::F32(1728.0)), (key::H, PropValue::F32(240.0)), (key::MARGIN, PropValue::F32(12.0))],
        );
        b.insert(page, r, NONE);
        for col in 0..40u32 {
            let t = next();
            b.create(t, NodeKind::View).set_props(
                t,
                &[(key::W, PropValue::F32(320.0)), (key::H, PropValue::F32(180.0)), (key::MARGIN, PropValue::F32(12.0)), (key::COLOR, PropValue::U32(0x30507000 | ((row * 40 + col) & 0xff)))],
            );
            b.insert(r, t, NONE);
            let bar = next();
            b.create(bar, NodeKind::View).set_props(bar, &[(key::Y, PropValue::F32(140.0)), (key::W, PropValue::F32(320.0)), (key::H, PropValue::F32(40.0)), (key::COLOR, PropValue::U32(0x000000a0))]);
            b.insert(t, bar, NONE);
            let txt = next();
            b.create(txt, NodeKind::Text).set_props(txt, &[(key::X, PropValue::F32(8.0)), (key::W, PropValue::F32(300.0)), (key::FONT_SIZE, PropValue::F32(20.0))]);
            b.set_text(txt, &format!("Title {row}-{col}"));
            b.insert(bar, txt, NONE);
        }
    }
    vec![b.finish()]
}

/// The catalog's batches up to its first frame, and where they came from.
fn catalog() -> (Vec<Vec<u8>>, String) {
    // Relative paths are from the workspace root (cargo runs benches in the crate directory).
    let path = std::env::var_os("REEL_CATALOG_REC")
        .map(std::path::PathBuf::from)
        .map(|p| if p.is_relative() { paths::workspace_root().join(p) } else { p })
        .unwrap_or_else(|| paths::workspace_root().join("target/catalog.reelrec"));
    if let Ok(bytes) = std::fs::read(&path) {
        if let Ok(batches) = reel_engine::script::read_recording(&bytes) {
            // Keep batches up to the first one whose application produces a frame.
            let mut e = Engine::new(W, H);
            let mut out = Vec::new();
            for b in batches {
                let before = e.stats().frame;
                let _ = e.submit(&b);
                out.push(b);
                if e.stats().frame != before {
                    break;
                }
            }
            return (out, format!("recorded: {}", path.display()));
        }
        eprintln!("hot_catalog: {} is not a readable recording", path.display());
    }
    (generated_catalog(), "generated (no recording at target/catalog.reelrec)".into())
}

/// A native frame as a host consumes it (as benches/engine.rs does): run
/// it, take the events, read (validate) the display list in place.
fn native_frame(e: &mut Engine, t: f64) -> usize {
    black_box(e.frame(t));
    black_box(e.events_bytes());
    e.clear_events();
    e.clear_texture_deltas();
    let dl = reel_engine::display_list::read_display_list(e.display_list_bytes()).expect("display list");
    black_box(dl.items.len())
}

fn wasm_frame(w: &mut WasmEngine, t: f64) -> usize {
    black_box(w.frame(t).expect("reel_frame"));
    let _ = w.take_texture_deltas();
    let dl = w.display_list().expect("display list");
    black_box(dl.items.len())
}

fn native_with(batches: &[Vec<u8>]) -> Engine {
    let mut e = Engine::new(W, H);
    if let Some(font) = paths::default_font() {
        let _ = e.register_font(paths::DEFAULT_FONT_FAMILY, font);
    }
    for b in batches {
        e.submit(b).expect("applies natively");
    }
    e
}

fn wasm_with(module: &EngineModule, batches: &[Vec<u8>]) -> WasmEngine {
    let mut w = WasmEngine::new(module).expect("instantiate engine.wasm");
    w.init(W, H).expect("reel_init");
    if let Some(font) = paths::default_font() {
        let _ = w.register_font(paths::DEFAULT_FONT_FAMILY, font);
    }
    for b in batches {
        let out = w.submit(b).expect("submit");
        assert!(out.rejected.is_none(), "rejected by engine.wasm: {:?}", out.rejected);
    }
    w
}

/// `setup` builds the state, `work` is measured (native and wasm).
fn pair<N, S>(c: &mut Criterion, group: &str, module: &EngineModule, setup: &[Vec<u8>], work: N, work_wasm: S)
where
    N: Fn(&mut Engine),
    S: Fn(&mut WasmEngine),
{
    let mut g = c.benchmark_group(group);
    g.bench_function("native", |b| {
        b.iter_batched(|| native_with(setup), |mut e| { work(&mut e); e }, BatchSize::PerIteration)
    });
    g.bench_function("wasm", |b| {
        b.iter_batched(|| wasm_with(module, setup), |mut w| { work_wasm(&mut w); w }, BatchSize::PerIteration)
    });
    g.finish();
}

fn main() {
    let (path, bytes) = paths::load_engine(None).unwrap_or_else(|e| panic!("{e} (build it with tools/build-wasm.sh)"));
    let profile = Profile::load(DEVICE, &paths::devices_dir()).unwrap_or_else(|e| panic!("{e}"));
    let module = EngineModule::new(&bytes, EngineLimits::from_profile(&profile)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();

    for (n, tag) in [(1000u32, "1k"), (10_000, "10k")] {
        let created = create(n);
        let cb = created.clone();
        pair(
            &mut c,
            &format!("hot_create_{tag}"),
            &module,
            &[],
            move |e| {
                e.submit(&cb).expect("create");
                native_frame(e, 0.0);
            },
            {
                let cb = created.clone();
                move |w| {
                    w.submit(&cb).expect("create");
                    wasm_frame(w, 0.0);
                }
            },
        );
        let setup = vec![created.clone(), BatchBuilder::new(2).frame(0.0).finish()];
        let up = update_all(n, 5);
        let up2 = up.clone();
        pair(
            &mut c,
            &format!("hot_update_{tag}"),
            &module,
            &setup,
            move |e| {
                e.submit(&up).expect("update");
                native_frame(e, 16.0);
            },
            move |w| {
                w.submit(&up2).expect("update");
                wasm_frame(w, 16.0);
            },
        );
        let d = destroy_all(n);
        let d2 = d.clone();
        pair(
            &mut c,
            &format!("hot_destroy_{tag}"),
            &module,
            &setup,
            move |e| {
                e.submit(&d).expect("destroy");
                native_frame(e, 16.0);
            },
            move |w| {
                w.submit(&d2).expect("destroy");
                wasm_frame(w, 16.0);
            },
        );
    }

    // Catalog: apply + first layout + display list.
    let (cat, source) = catalog();
    eprintln!("hot_catalog: {source}, {} batches", cat.len());
    {
        let mut g = c.benchmark_group("hot_catalog_layout");
        g.bench_function("native", |b| b.iter_batched(|| native_with(&[]), |mut e| {
            for x in &cat { e.submit(x).expect("catalog applies"); }
            native_frame(&mut e, 16.0);
            e
        }, BatchSize::PerIteration));
        g.bench_function("wasm", |b| b.iter_batched(|| wasm_with(&module, &[]), |mut w| {
            for x in &cat { w.submit(x).expect("catalog"); }
            wasm_frame(&mut w, 16.0);
            w
        }, BatchSize::PerIteration));
        g.finish();
        // Stats of the frame the catalog's own batch ran (it ends with FRAME).
        let e = native_with(&cat);
        eprintln!("hot_catalog_layout: {} nodes, {} laid out, {} display items", e.stats().nodes, e.stats().layout_nodes, e.stats().dl_items);
    }

    // Animation tick: 999 tiles animating x, y and alpha.
    {
        let setup = vec![create(1000), BatchBuilder::new(9).frame(0.0).finish(), animate(1000)];
        let mut g = c.benchmark_group("hot_anim_tick_1k");
        let mut e = native_with(&setup);
        native_frame(&mut e, 8.0);
        let mut t = 8.0;
        g.bench_function("native", |b| b.iter(|| { t += 16.0; native_frame(&mut e, t) }));
        let mut w = wasm_with(&module, &setup);
        wasm_frame(&mut w, 8.0);
        let mut t = 8.0;
        g.bench_function("wasm", |b| b.iter(|| { t += 16.0; wasm_frame(&mut w, t) }));
        g.finish();
        eprintln!("hot_anim_tick_1k: {} animations, {} laid out per tick", e.animations(), e.stats().layout_nodes);
    }

    // Display-list build: one colour change on 1k nodes.
    {
        let setup = vec![create(1000), BatchBuilder::new(2).frame(0.0).finish()];
        let mut g = c.benchmark_group("hot_dl_build_1k");
        let mut e = native_with(&setup);
        let mut seq = 10u32;
        g.bench_function("native", |b| b.iter(|| {
            seq += 1;
            e.submit(&recolor_one(seq)).expect("recolor");
            native_frame(&mut e, seq as f64 * 16.0)
        }));
        let mut w = wasm_with(&module, &setup);
        let mut seq = 10u32;
        g.bench_function("wasm", |b| b.iter(|| {
            seq += 1;
            w.submit(&recolor_one(seq)).expect("recolor");
            wasm_frame(&mut w, seq as f64 * 16.0)
        }));
        g.finish();
        eprintln!("hot_dl_build_1k: dl rebuilt {}, {} laid out, {} items", e.stats().dl_rebuilt, e.stats().layout_nodes, e.stats().dl_items);
    }

    // Raster of a 1080p frame (native only: the painter is not in engine.wasm).
    {
        let mut grid = native_with(&[create(1000)]);
        native_frame(&mut grid, 0.0);
        let mut cat_e = native_with(&cat);
        native_frame(&mut cat_e, 16.0);
        let store = reel_engine::raster::TextureStore::new();
        let mut g = c.benchmark_group("hot_raster_1080p");
        g.bench_function("native", |b| b.iter(|| black_box(reel_engine::raster::render(&grid.display_list(), &store).expect("raster").width)));
        g.bench_function("catalog", |b| b.iter(|| black_box(reel_engine::raster::render(&cat_e.display_list(), &store).expect("raster").width)));
        g.finish();
    }
    c.final_summary();
}
