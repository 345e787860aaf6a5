//! The catalog's autoplay trailer (issue 17, examples/catalog/trailer.js)
//! under `reel run`, in plain JS, Solid and React, with
//! examples/catalog/trailer-keys.txt (focus rests 1.5 s on a tile, moves,
//! rests again, details open and close, Back): the three ports save
//! byte-identical checkpoint screens, with the clip's frames in the hero and
//! in the details panel (the native video plane); the video figures agree
//! (one decoder at a time, no error); and `reel certify` of the plain
//! catalog with that script passes on tv-midrange, console and stick-lowend.
//! Needs `target/engine.wasm` (or $REEL_ENGINE_WASM) and Node (the Solid and React builds).

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::workspace;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-trailer-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

const CHECKPOINTS: [&str; 5] = ["01-trailer", "02-paused", "03-details", "04-hero-again", "05-stopped"];

#[test]
fn the_trailer_plays_the_same_in_all_three_ports() {
    let ws = workspace();
    let mut runs: Vec<(&str, Vec<Vec<u8>>, serde_json::Value)> = Vec::new();
    for (name, app) in [
        ("plain", "examples/catalog/main.js"),
        ("solid", "examples/catalog-solid/dist/catalog.js"),
        ("react", "examples/catalog-react/dist/catalog.js"),
    ] {
        if name != "plain" {
            let o = Command::new("node").arg("build.mjs").current_dir(ws.join(format!("examples/catalog-{name}"))).output().expect("node runs");
            assert!(o.status.success(), "building the {name} catalog: {}", String::from_utf8_lossy(&o.stderr));
        }
        let out = tmp(name);
        let o = Command::new(env!("CARGO_BIN_EXE_reel"))
            .current_dir(&ws)
            .args(["run", app, "--device", "tv-midrange", "--frames", "460", "--no-png", "--keys", "examples/catalog/trailer-keys.txt", "--out"])
            .arg(&out)
            .arg("--engine")
            .arg(reel_host::paths::engine_path(None).0)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{name}: {}\n{}", String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&o.stdout));
        let shots = CHECKPOINTS
            .iter()
            .map(|c| std::fs::read(out.join(format!("checkpoint-{c}.png"))).unwrap_or_else(|e| panic!("{name} {c}: {e}")))
            .collect();
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary")).expect("json");
        let log = std::fs::read_to_string(out.join("log.txt")).expect("log");
        for line in ["trailer play 0-0", "trailer pause", "trailer play 0-1", "trailer in details", "trailer in hero", "trailer stop"] {
            assert!(log.contains(line), "{name}: no '{line}' in\n{log}");
        }
        runs.push((name, shots, summary["video"].clone()));
        let _ = std::fs::remove_dir_all(&out);
    }
    let (_, plain, video) = &runs[0];
    for (name, shots, v) in &runs[1..] {
        for (i, (a, b)) in plain.iter().zip(shots).enumerate() {
            assert!(a == b, "{name}: checkpoint {} differs from the plain catalog's", CHECKPOINTS[i]);
        }
        assert_eq!(v, video, "{name}: the same video figures");
    }
    assert_eq!(video["decoders_peak"], 1, "{video}");
    // Two trailers (0-0, 0-1); the second keeps its player through the
    // details panel (the node moves there once the panel has slid in).
    assert_eq!(video["players"], 2, "{video}");
    assert_eq!(video["errors"].as_array().map(Vec::len), Some(0), "{video}");
    assert!(video["frames_presented"].as_u64().expect("presented") > 60, "{video}");
    // The clip's colours: in the hero (trailer), in the details panel, and not once stopped.
    let png = |i: usize| reel_engine::raster::decode_png(&plain[i]).expect("png");
    let near = |p: [u8; 4], rgb: [u8; 3]| (0..3).all(|k| p[k].abs_diff(rgb[k]) <= 40);
    let magenta = [0xe0, 0x20, 0xc0];
    assert!(near(png(0).pixel(1300, 100), magenta), "the trailer in the hero: {:?}", png(0).pixel(1300, 100));
    assert!(!near(png(1).pixel(1300, 100), magenta), "paused: the hero's own art again");
    assert!(near(png(2).pixel(1400, 120), magenta), "small in the details panel: {:?}", png(2).pixel(1400, 120));
    assert!(near(png(3).pixel(1300, 100), magenta), "back in the hero");
    assert!(!near(png(4).pixel(1300, 100), magenta), "stopped");
}

#[test]
fn the_catalog_with_its_trailer_certifies() {
    let run = common::certify(
        "examples/catalog/main.js",
        "tv-midrange,console,stick-lowend",
        &["host/cli/tests/catalog-certify.txt", "examples/catalog/trailer-keys.txt"],
        "trailer",
    );
    assert_eq!(run.devices().len(), 6, "3 devices x 2 scripts");
    for dev in run.devices() {
        let failed = common::failed_checks(dev);
        assert!(failed.is_empty(), "{}: {failed:?}\n{}", dev["device"], run.stdout);
    }
    assert_eq!(run.code, 0, "{}", run.stdout);
}
