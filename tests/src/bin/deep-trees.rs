//! `deep-trees`: what deep trees cost, as a table (issue 18, findings 2 and
//! 3; a measuring tool, not a test — nothing here is timed in CI).
//!
//! Prints:
//! 1. native wall time to apply (one batch) and lay out + draw (one frame)
//!    a scene-mode chain of N nodes (each a child of the previous one),
//!    built top-down (each node inserted under the deepest) and bottom-up
//!    (each chain inserted under a new top), for N = 1k, 2k, 4096 (the
//!    engine's `MAX_DEPTH`: applied and drawn) and 10k, 30k, 100k (past it:
//!    what rejecting them costs);
//! 2. engine.wasm's fuel under wasmtime for chains of 4,096 and 5,000 nodes
//!    (batch and frame), next to the watchdogs of the device profiles;
//! 3. with `--probe`: the deepest chain of nested flex containers each
//!    backend lays out (binary search over the depth), for engine.wasm
//!    under wasmtime with the host's settings and the wasm2js engine on
//!    QuickJS with the engine thread's stack — how
//!    `reel_engine::scene::MAX_FLEX_DEPTH` was chosen. Once the engine
//!    enforces its limits the probe stops at the limit (deeper trees are
//!    rejected, not run).
//!
//! ```sh
//! cargo run --release -p reel-tests --bin deep-trees            # table 1 + 2
//! cargo run --release -p reel-tests --bin deep-trees -- --probe # + 3
//! cargo run --release -p reel-tests --bin deep-trees -- --sizes 1000,5000
//! ```

use std::process::ExitCode;
use std::time::Instant;

use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE, ROOT};
use reel_engine::Engine;
use reel_host::engine_backend::EngineFactory;
use reel_host::wasm_engine::{EngineLimits, EngineModule};

const W: u32 = 640;
const H: u32 = 360;

/// How a chain is put together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    /// Each node inserted under the one created before it (already attached).
    TopDown,
    /// Each node inserted under a new parent, the top last under the root.
    BottomUp,
}

/// What each node of a chain is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Scene mode: 8x8 at (0, 0) of its parent.
    Scene,
    /// A flex column, 8x8.
    Flex,
    /// A wrapping flex row with padding, percentage width, growth, centring
    /// and min/max sizes: more of taffy's code on the stack per level.
    FlexRich,
}

/// A chain of `n` views, ids 1..=n, node i+1 a child of node i; every node
/// opaque, so each one is drawn.
fn chain(n: u32, order: Order, shape: Shape) -> Vec<u8> {
    let mut b = BatchBuilder::new(1);
    let props = |b: &mut BatchBuilder, id: u32| {
        let mut p = vec![
            (key::W, PropValue::F32(8.0)),
            (key::H, PropValue::F32(8.0)),
            (key::COLOR, PropValue::U32(0x2040_60ff | ((id & 0xff) << 8))),
        ];
        match shape {
            Shape::Scene => {}
            Shape::Flex => {
                p.push((key::DISPLAY, PropValue::U32(1)));
                p.push((key::FLEX_DIRECTION, PropValue::U32(1)));
            }
            Shape::FlexRich => {
                p.clear();
                p.push((key::COLOR, PropValue::U32(0x2040_60ff | ((id & 0xff) << 8))));
                p.push((key::DISPLAY, PropValue::U32(1)));
                p.push((key::FLEX_WRAP, PropValue::U32(1)));
                p.push((key::W, PropValue::Percent(1.0)));
                p.push((key::MIN_H, PropValue::F32(4.0)));
                p.push((key::MAX_W, PropValue::F32(600.0)));
                p.push((key::PADDING, PropValue::F32(1.0)));
                p.push((key::FLEX_GROW, PropValue::F32(1.0)));
                p.push((key::ALIGN_ITEMS, PropValue::U32(2)));
                p.push((key::JUSTIFY_CONTENT, PropValue::U32(2)));
            }
        }
        b.set_props(id, &p);
    };
    match order {
        Order::TopDown => {
            for id in 1..=n {
                b.create(id, NodeKind::View);
                props(&mut b, id);
                b.insert(if id == 1 { ROOT } else { id - 1 }, id, NONE);
            }
        }
        Order::BottomUp => {
            for id in (1..=n).rev() {
                b.create(id, NodeKind::View);
                props(&mut b, id);
                if id < n {
                    b.insert(id, id + 1, NONE);
                }
            }
            b.insert(ROOT, 1, NONE);
        }
    }
    b.finish()
}

fn native(n: u32, order: Order, shape: Shape) -> (f64, f64, Result<u32, String>) {
    let bytes = chain(n, order, shape);
    let mut e = Engine::new(W, H);
    let t = Instant::now();
    let r = e.submit(&bytes);
    let apply = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let items = e.frame(0.0).dl_items;
    let frame = t.elapsed().as_secs_f64() * 1e3;
    (apply, frame, r.map(|()| items).map_err(|e| e.to_string()))
}

/// (batch fuel, frame fuel, display items or why not).
fn fuel(f: &dyn EngineFactory, bytes: &[u8]) -> (u64, u64, Result<u32, String>) {
    let mut e = match f.instantiate() {
        Ok(e) => e,
        Err(err) => return (0, 0, Err(err.to_string())),
    };
    if let Err(err) = e.init(W, H) {
        return (0, 0, Err(err.to_string()));
    }
    let out = match e.submit(bytes) {
        Ok(o) => o,
        Err(err) => return (e.last_call_fuel(), 0, Err(err.to_string())),
    };
    if let Some(r) = out.rejected {
        return (out.fuel, 0, Err(format!("rejected: {}", r.message)));
    }
    match e.frame(0.0) {
        Ok(f) => {
            let items = f.frames().last().map_or(0, |s| s.dl_items);
            (out.fuel, f.fuel, Ok(items))
        }
        Err(err) => (out.fuel, e.last_call_fuel(), Err(err.to_string())),
    }
}

/// The deepest flex chain (up to `max`) `f` lays out and draws.
fn probe(f: &dyn EngineFactory, shape: Shape, max: u32) -> (u32, String) {
    let ok = |k: u32| fuel(f, &chain(k, Order::TopDown, shape)).2;
    let (mut lo, mut hi) = (1u32, max + 1);
    let mut why = String::new();
    if let Err(e) = ok(lo) {
        return (0, e);
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match ok(mid) {
            Ok(_) => lo = mid,
            Err(e) => {
                why = e;
                hi = mid;
            }
        }
    }
    (lo, if hi > max { format!("every depth up to {max} works") } else { format!("{hi}: {why}") })
}

fn limits() -> EngineLimits {
    EngineLimits { memory_cap_bytes: 256 << 20, memory_reservation_bytes: 256 << 20, fuel_per_call: 20_000_000_000 }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut sizes = vec![1024u32, 2048, 4096, 10_000, 30_000, 100_000];
    let mut probe_flex = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--probe" => probe_flex = true,
            "--sizes" if i + 1 < args.len() => {
                i += 1;
                match args[i].split(',').map(str::parse).collect::<Result<Vec<u32>, _>>() {
                    Ok(s) => sizes = s,
                    Err(e) => {
                        eprintln!("deep-trees: --sizes: {e}");
                        return ExitCode::from(2);
                    }
                }
            }
            other => {
                eprintln!("deep-trees: unknown argument {other} (usage: deep-trees [--sizes N,N,..] [--probe])");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }

    println!("## native: scene-mode chain, one batch + one frame (ms)");
    println!("| nodes | order | apply ms | frame ms | result |");
    println!("|---:|---|---:|---:|---|");
    for &n in &sizes {
        for order in [Order::TopDown, Order::BottomUp] {
            let (a, f, r) = native(n, order, Shape::Scene);
            let r = r.map_or_else(|e| e, |items| format!("{items} items"));
            println!("| {n} | {order:?} | {a:.1} | {f:.1} | {r} |");
        }
    }
    println!();
    println!("## native: chain of nested flex containers (past 64: what rejecting it costs)");
    println!("| nodes | order | apply ms | frame ms | result |");
    println!("|---:|---|---:|---:|---|");
    for n in [64, 10_000] {
        for order in [Order::TopDown, Order::BottomUp] {
            let (a, f, r) = native(n, order, Shape::Flex);
            let r = r.map_or_else(|e| e, |items| format!("{items} items"));
            println!("| {n} | {order:?} | {a:.1} | {f:.1} | {r} |");
        }
    }

    let wasm = match reel_host::paths::load_engine(None) {
        Ok((_, b)) => b,
        Err(e) => {
            eprintln!("deep-trees: {e}");
            return ExitCode::from(1);
        }
    };
    let module = match EngineModule::new(&wasm, limits()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("deep-trees: engine.wasm: {e}");
            return ExitCode::from(1);
        }
    };
    println!();
    println!("## engine.wasm under wasmtime: chains, fuel");
    println!("(watchdogs: stick-lowend 150M, tv-midrange 200M, console 1000M per call)");
    println!("| nodes | order | batch fuel | frame fuel | result |");
    println!("|---:|---|---:|---:|---|");
    for (n, shape) in [(4096, Shape::Scene), (5000, Shape::Scene), (10_000, Shape::Flex)] {
        for order in [Order::TopDown, Order::BottomUp] {
            let (b, f, r) = fuel(&module, &chain(n, order, shape));
            let r = r.map_or_else(|e| e, |items| format!("{items} items"));
            println!("| {n} {shape:?} | {order:?} | {b} | {f} | {r} |");
        }
    }

    if probe_flex {
        println!();
        println!("## deepest chain of nested flex containers laid out");
        for shape in [Shape::Flex, Shape::FlexRich] {
            let (d, why) = probe(&module, shape, 4096);
            println!("engine.wasm under wasmtime (host settings), {shape:?}: {d} (fails at {why})");
        }
        let js = match reel_host::paths::load_engine_js(None) {
            Ok((_, t)) => t,
            Err(e) => {
                eprintln!("deep-trees: {e}");
                return ExitCode::from(1);
            }
        };
        // The engine thread's stack (host/src/engine_thread.rs: 64 MiB).
        let r = std::thread::Builder::new().stack_size(64 << 20).spawn(move || {
            reel_quickjs::JsEngineModule::new(&js, limits())
                .map(|m| [Shape::Flex, Shape::FlexRich].map(|shape| (shape, probe(&m, shape, 4096))))
        });
        match r.map(|h| h.join()) {
            Ok(Ok(Ok(found))) => {
                for (shape, (d, why)) in found {
                    println!("wasm2js on QuickJS (engine thread), {shape:?}: {d} (fails at {why})");
                }
            }
            Ok(Ok(Err(e))) => println!("wasm2js on QuickJS: {e}"),
            _ => println!("wasm2js on QuickJS: the probe thread failed"),
        }
    }
    ExitCode::SUCCESS
}
