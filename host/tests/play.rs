//! `reel play` end to end: the sample scene on the shipped devices, the
//! binary, determinism, and the no-Wasm device.

mod common;

use std::path::{Path, PathBuf};

use reel_host::play::{self, PlayError, PlayOptions};
use reel_host::Profile;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sample() -> PathBuf {
    root().join("examples/scenes/sample-home.scene")
}

fn device(id: &str) -> Profile {
    Profile::load(id, &root().join("devices")).expect("shipped profile")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-host-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn sample_scene_parses_and_is_big_enough() {
    let input = play::load_input(&sample()).expect("sample scene parses");
    assert_eq!(input.viewport, Some((1920, 1080)));
    assert!(input.batches.len() >= 5);
}

#[test]
fn sample_scene_on_every_wasm_device_is_deterministic() {
    let input = play::load_input(&sample()).expect("parses");
    for id in ["stick-lowend", "tv-midrange", "console"] {
        let p = device(id);
        let opts = PlayOptions { engine_label: "engine.wasm".into(), ..Default::default() };
        let a = play::play(&input, &p, common::engine_wasm(), &opts).expect("plays");
        let b = play::play(&input, &p, common::engine_wasm(), &opts).expect("plays");
        assert_eq!(a.summary, b.summary, "{id}: same input, same figures");
        let s = &a.summary;
        assert_eq!(s.frames as usize, input.batches.len(), "{id}: one frame per batch");
        assert!(s.nodes > 100, "{id}: {} nodes", s.nodes);
        assert!(s.display_items > 30, "{id}: {} items", s.display_items);
        assert_eq!((s.traps, s.rejected_batches), (0, 0), "{id}: {:?}", s.incidents);
        assert!(s.emulated_ms.max > 0.0 && s.emulated_ms.p50 <= s.emulated_ms.max);
        assert!(s.peak_memory_bytes > 0 && s.peak_memory_bytes <= s.memory_cap_bytes);
    }
}

#[test]
fn legacy_device_needs_the_js_host() {
    let input = play::load_input(&sample()).expect("parses");
    let p = device("tv-legacy");
    let e = play::play(&input, &p, Vec::new(), &PlayOptions::default()).expect_err("no wasm path");
    assert!(matches!(e, PlayError::NoWasmEngine { .. }));
    let m = e.to_string();
    assert!(m.contains("QuickJS") && m.contains("reel certify") && m.contains("JS fallback"), "{m}");
}

#[test]
fn injected_trap_shows_in_the_summary() {
    let input = play::load_input(&sample()).expect("parses");
    let p = device("tv-midrange");
    let opts = PlayOptions {
        faults: vec![reel_host::Fault::FuelLimit { request: 4, fuel: 1000 }],
        ..Default::default()
    };
    let clean = play::play(&input, &p, common::engine_wasm(), &PlayOptions::default()).expect("plays");
    let r = play::play(&input, &p, common::engine_wasm(), &opts).expect("plays");
    assert_eq!(r.summary.traps, 1);
    assert_eq!(r.summary.recoveries, 1);
    assert_eq!(r.summary.incidents.len(), 1);
    assert!(r.summary.incidents[0].starts_with("frame 4 (request 4): engine trapped in reel_submit: watchdog"), "{}", r.summary.incidents[0]);
    assert_eq!(r.summary.frames, clean.summary.frames);
    let text = |d: &Option<reel_engine::display_list::OwnedDisplayList>| {
        d.as_ref().map(|d| d.as_ref().to_text().lines().skip(1).collect::<Vec<_>>().join("\n"))
    };
    assert_eq!(text(&r.final_display_list), text(&clean.final_display_list));
}

/// `reel play` paints text with the engine's glyph atlas (texture deltas
/// applied to its texture store): the last frame of a text conformance
/// scene equals that scene's golden PNG (which the conformance suite checks
/// against the native engine).
#[test]
fn play_paints_text_like_the_conformance_golden() {
    use reel_engine::raster::{compare, read_png, Tolerance};
    let scene = root().join("tests/scenes/text_wrap.scene");
    let input = play::load_input(&scene).expect("parses");
    let out = tmp("text");
    let opts = PlayOptions { out_dir: Some(out.clone()), png_every: 1, ..Default::default() };
    let r = play::play(&input, &device("console"), common::engine_wasm(), &opts).expect("plays");
    let last = r.summary.frames;
    let frame = read_png(out.join(format!("frame-{last:04}.png"))).expect("frame png");
    let golden = read_png(root().join("tests/scenes/text_wrap.png")).expect("golden");
    // The device is larger than the scene's viewport: compare its top-left.
    let (w, h) = (golden.width as usize, golden.height as usize);
    let mut pixels = Vec::with_capacity(w * h * 4);
    for y in 0..h {
        let row = y * frame.width as usize * 4;
        pixels.extend_from_slice(&frame.pixels[row..row + w * 4]);
    }
    let actual = reel_engine::raster::RgbaImage { width: golden.width, height: golden.height, pixels };
    let d = compare(&golden, &actual, Tolerance { max_channel_diff: 2, max_diff_pixels_ratio: 0.001 }).expect("same size");
    assert!(d.passed(), "reel play's text frame differs from the golden: {d:?}");
    let _ = std::fs::remove_dir_all(&out);
}
