//! Profiling aid: replays a recording (`reel run --record FILE`) into the
//! native engine, then times N frames that each change the root's colour
//! (a paint-only rebuild with everything else untouched: what a colour
//! transition costs). Run it under callgrind to see where a build goes:
//!
//!   cargo build --release -p reel-benches --example replay
//!   valgrind --tool=callgrind --toggle-collect='*replay*hot*' \
//!     target/release/examples/replay target/catalog.reelrec 200
//!
//! Or a trace of a whole run (`REEL_ABI_TRACE=FILE reel run ...`, see
//! `reel_host::abi_trace`): every call replayed in order, the calls made
//! while the frame counter (`reel_frame` calls so far, as
//! `REEL_WASM_SAMPLE_CALLS` counts) is in A..=B inside `hot`:
//!
//!   replay --trace FILE A B
//!
//! Wall times printed here are a hint, not a figure (benches/engine.rs
//! measures fuel).
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, ROOT};
use reel_engine::Engine;
use reel_host::paths;
use std::time::Instant;

#[inline(never)]
fn hot(e: &mut Engine, batches: &[Vec<u8>]) {
    for b in batches {
        if let Err(err) = e.submit(b) {
            eprintln!("replay: {err}");
        }
        e.clear_events();
        e.clear_texture_deltas();
    }
}

#[inline(never)]
fn hot_call(e: &mut Engine, call: &reel_host::abi_trace::TraceCall) {
    call_one(e, call);
}

fn call_one(e: &mut Engine, call: &reel_host::abi_trace::TraceCall) {
    use reel_host::abi_trace::TraceCall as C;
    match call {
        C::Init(w, h) => *e = Engine::new(*w, *h),
        C::Submit(b) => {
            if let Err(err) = e.submit(b) {
                eprintln!("replay: {err}");
            }
        }
        C::Frame(t) => {
            e.frame(*t);
        }
        C::TextureBudget(b) => e.set_texture_budget(*b),
    }
    e.clear_events();
    e.clear_texture_deltas();
}

fn trace(path: &str, from: u64, to: u64) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let calls = reel_host::abi_trace::read_trace(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut e = Engine::new(1920, 1080);
    let mut frames = 0u64;
    for call in &calls {
        let on = (from..=to).contains(&frames);
        if on {
            let t0 = Instant::now();
            hot_call(&mut e, call);
            let s = e.stats();
            println!(
                "frame counter {frames}: {} — {:.3} ms wall; list {} items, {} copied, rebuilt {}, layout {} nodes",
                match call {
                    reel_host::abi_trace::TraceCall::Submit(b) => format!("submit {} B", b.len()),
                    other => format!("{other:?}"),
                },
                t0.elapsed().as_secs_f64() * 1e3,
                s.dl_items,
                e.copied_items(),
                s.dl_rebuilt,
                s.layout_nodes
            );
        } else {
            call_one(&mut e, call);
        }
        if matches!(call, reel_host::abi_trace::TraceCall::Frame(_)) {
            frames += 1;
        }
    }
}

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    if all.first().map(String::as_str) == Some("--trace") {
        let n = |i: usize| all.get(i).and_then(|s| s.parse().ok());
        let Some(path) = all.get(1) else {
            eprintln!("usage: replay --trace FILE [A B]");
            std::process::exit(2);
        };
        trace(path, n(2).unwrap_or(0), n(3).unwrap_or(u64::MAX));
        return;
    }
    let mut args = all.into_iter();
    let (Some(path), n) = (args.next(), args.next()) else {
        eprintln!("usage: replay RECORDING.reelrec [FRAMES]");
        std::process::exit(2);
    };
    let n: u32 = n.and_then(|s| s.parse().ok()).unwrap_or(100);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let batches = reel_engine::script::read_recording(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut e = Engine::new(1920, 1080);
    if let Some(font) = paths::default_font() {
        let _ = e.register_font(paths::DEFAULT_FONT_FAMILY, font);
    }
    hot(&mut e, &batches);
    let mut t = 0.0;
    for _ in 0..10 {
        t += 16.0;
        e.frame(t);
        e.clear_events();
        e.clear_texture_deltas();
    }
    let mut work = Vec::new();
    for i in 0..n {
        t += 16.0;
        let mut b = BatchBuilder::new(10_000 + i);
        b.set_props(ROOT, &[(key::COLOR, PropValue::U32(0x1010_10ff | (i & 0xff) << 8))]);
        b.frame(t);
        work.push(b.finish());
    }
    let t0 = Instant::now();
    hot(&mut e, &work);
    let ms = t0.elapsed().as_secs_f64() * 1e3 / f64::from(n.max(1));
    println!("{n} frames, {ms:.3} ms each (wall, native); last: {} items, {} copied", e.stats().dl_items, e.copied_items());
}
