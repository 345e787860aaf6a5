//! Profiling aid: replays a recording (`reel run --record FILE`) into the
//! native engine, then times N frames that each change the root's colour
//! (a paint-only rebuild with everything else untouched: what a colour
//! transition costs). Run it under callgrind to see where a build goes:
//!
//!   cargo build --release -p reel-benches --example replay
//!   valgrind --tool=callgrind --toggle-collect='*replay*hot*' \
//!     target/release/examples/replay target/catalog.reelrec 200
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

fn main() {
    let mut args = std::env::args().skip(1);
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
