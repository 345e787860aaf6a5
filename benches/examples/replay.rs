//! Replays a recording natively, then runs frames where one colour changes
//! (a paint-only rebuild, as a colour transition makes): profiling aid.
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, ROOT};
use reel_engine::Engine;
use reel_host::paths;
use std::time::Instant;

#[inline(never)]
fn hot(e: &mut Engine, batches: &[Vec<u8>]) {
    for b in batches {
        let _ = e.submit(b);
        e.clear_events();
        e.clear_texture_deltas();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).unwrap();
    let n: usize = args.get(2).map(|s| s.parse().unwrap()).unwrap_or(100);
    let batches = reel_engine::script::read_recording(&bytes).unwrap();
    let mut e = Engine::new(1920, 1080);
    if let Some(font) = paths::default_font() {
        let _ = e.register_font(paths::DEFAULT_FONT_FAMILY, font);
    }
    let mut t = 0.0;
    for b in &batches {
        let _ = e.submit(b);
        e.clear_events();
        e.clear_texture_deltas();
    }
    for _ in 0..10 { t += 16.0; e.frame(t); e.clear_events(); e.clear_texture_deltas(); }
    let mut work = Vec::new();
    for i in 0..n {
        t += 16.0;
        let mut b = BatchBuilder::new(10_000 + i as u32);
        b.set_props(ROOT, &[(key::COLOR, PropValue::U32(0x10101000 | (i as u32 & 0xff) << 8 | 0xff))]);
        b.frame(t);
        work.push(b.finish());
    }
    let t0 = Instant::now();
    hot(&mut e, &work);
    let s = e.stats();
    println!("{n} frames {:.3} ms each; items {:?}", t0.elapsed().as_secs_f64() * 1e3 / n as f64, s);
}
