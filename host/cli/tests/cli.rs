//! The `reel` binary end to end: play, encode, replay, devices, run, and
//! its error exits.

use std::path::{Path, PathBuf};
use std::process::Command;

use reel_host::paths;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample() -> PathBuf {
    root().join("examples/scenes/sample-home.scene")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn reel_binary_plays_encodes_and_lists() {
    let bin = env!("CARGO_BIN_EXE_reel");
    let (engine, _) = paths::engine_path(None);
    let out = tmp("cli");
    let o = Command::new(bin)
        .args(["play", sample().to_str().expect("utf8"), "--device", "stick-lowend", "--every", "3", "--out"])
        .arg(&out)
        .arg("--engine")
        .arg(&engine)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "reel play failed: {}\n{stdout}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("frame ms") && stdout.contains("dropped"), "{stdout}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary.json")).expect("json");
    let frames = summary["frames"].as_u64().expect("frames");
    assert!(frames >= 5);
    for k in ["p50", "p95", "p99", "max"] {
        assert!(summary["emulated_ms"][k].as_f64().is_some(), "{k}");
    }
    assert!(out.join("frame-0001.png").is_file());
    assert!(out.join("frame-0004.png").is_file());
    assert!(!out.join("frame-0002.png").exists(), "--every 3");

    // Recording round trip: same figures.
    let rec = out.join("sample.reelrec");
    let o = Command::new(bin).args(["encode", sample().to_str().expect("utf8")]).arg(&rec).output().expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out2 = tmp("cli-rec");
    let o = Command::new(bin)
        .arg("play")
        .arg(&rec)
        .args(["--device", "stick-lowend", "--no-png", "--out"])
        .arg(&out2)
        .arg("--engine")
        .arg(&engine)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s2: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out2.join("summary.json")).expect("summary")).expect("json");
    assert_eq!(summary["emulated_ms"], s2["emulated_ms"]);
    assert_eq!(summary["peak_memory_bytes"], s2["peak_memory_bytes"]);

    // Devices.
    let o = Command::new(bin).arg("devices").output().expect("runs");
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    for id in ["stick-lowend", "tv-midrange", "console", "tv-legacy"] {
        assert!(s.contains(id), "{s}");
    }

    // Errors are clear and exit non-zero.
    let o = Command::new(bin).args(["play", "x.scene", "--device", "nope"]).output().expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no device profile `nope`"));
    let o = Command::new(bin)
        .args(["play", sample().to_str().expect("utf8"), "--device", "tv-legacy"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("QuickJS"));
    let o = Command::new(bin)
        .args(["play", sample().to_str().expect("utf8"), "--device", "console", "--engine", "/nonexistent/engine.wasm"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("tools/build-wasm.sh"));
    let o = Command::new(bin).args(["play"]).output().expect("runs");
    assert_eq!(o.status.code(), Some(2));

    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&out2);
}

#[test]
fn reel_run_runs_a_js_app() {
    let bin = env!("CARGO_BIN_EXE_reel");
    let (engine, _) = paths::engine_path(None);
    let out = tmp("run");
    let o = Command::new(bin)
        .arg("run")
        .arg(root().join("examples/apps/hello.js"))
        .args(["--device", "tv-midrange", "--frames", "10", "--every", "5", "--out"])
        .arg(&out)
        .arg("--engine")
        .arg(&engine)
        .output()
        .expect("runs");
    assert!(o.status.success(), "reel run failed: {}\n{}", String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&o.stdout));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary.json")).expect("json");
    assert_eq!(summary["frames"].as_u64(), Some(10));
    assert!(out.join("frame-0001.png").is_file() && out.join("frame-0006.png").is_file(), "--every 5 paints frames 1 and 6");
    let _ = std::fs::remove_dir_all(&out);
}

/// A device without Wasm (tv-legacy) runs the app on the JS fallback engine
/// (the wasm2js build on QuickJS) and paints the same frames as a Wasm
/// device with the same screen (stick-lowend: 1280x720 at 30 fps); its
/// figures come from the QuickJS-tick CPU model. A missing wasm2js build
/// says how to make it.
#[test]
fn reel_run_on_a_device_without_wasm_uses_the_js_engine() {
    let bin = env!("CARGO_BIN_EXE_reel");
    let (engine_js, _) = paths::engine_js_path(None);
    let run = |device: &str, out: &Path, engine_js: &Path| {
        Command::new(bin)
            .arg("run")
            .arg(root().join("examples/apps/hello.js"))
            .args(["--device", device, "--frames", "8", "--every", "4", "--out"])
            .arg(out)
            .arg("--engine-js")
            .arg(engine_js)
            .output()
            .expect("runs")
    };
    let (legacy, stick) = (tmp("run-legacy"), tmp("run-stick"));
    let o = run("tv-legacy", &legacy, &engine_js);
    assert!(o.status.success(), "reel run failed: {}\n{}", String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&o.stdout));
    let o = run("stick-lowend", &stick, &engine_js);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json = |d: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.join("summary.json")).expect("summary.json")).expect("json")
    };
    let (l, s) = (json(&legacy), json(&stick));
    assert_eq!(l["engine"], "engine-wasm2js.mjs");
    assert_eq!(s["engine"], "engine.wasm");
    assert_eq!(l["frames"], s["frames"]);
    assert_eq!(l["peak_memory_bytes"], s["peak_memory_bytes"], "the same linear memory on both engines");
    assert!(l["total_fuel"].as_u64().expect("ticks") > 0);
    assert!(l["emulated_ms"]["max"].as_f64() > s["emulated_ms"]["max"].as_f64(), "{l:#}");
    for f in ["frame-0001.png", "frame-0005.png"] {
        let (a, b) = (std::fs::read(legacy.join(f)).expect("png"), std::fs::read(stick.join(f)).expect("png"));
        assert!(a == b, "{f}: the JS engine paints what engine.wasm paints");
    }
    let o = run("tv-legacy", &legacy, Path::new("/nonexistent/engine-wasm2js.mjs"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("build-wasm2js.mjs"), "{}", String::from_utf8_lossy(&o.stderr));
    let _ = std::fs::remove_dir_all(&legacy);
    let _ = std::fs::remove_dir_all(&stick);
}

/// The catalog written in plain JS, Solid and React, run under `reel run`
/// with the same key script, paints byte-identical frames (focus moves,
/// row scrolling, the details overlay opening and closing).
#[test]
fn catalog_in_plain_js_solid_and_react_paints_the_same_frames() {
    let bin = env!("CARGO_BIN_EXE_reel");
    let (engine, _) = paths::engine_path(None);
    let mut runs = Vec::new();
    for (name, app) in [
        ("plain", "examples/catalog/main.js"),
        ("solid", "examples/catalog-solid/dist/catalog.js"),
        ("react", "examples/catalog-react/dist/catalog.js"),
    ] {
        if name != "plain" {
            let dir = root().join(format!("examples/catalog-{name}"));
            let o = Command::new("node").arg("build.mjs").current_dir(&dir).output().expect("node runs");
            assert!(o.status.success(), "building the {name} catalog: {}", String::from_utf8_lossy(&o.stderr));
        }
        let out = tmp(&format!("catalog-{name}"));
        let o = Command::new(bin)
            .arg("run")
            .arg(root().join(app))
            .args(["--device", "tv-midrange", "--frames", "160", "--every", "40", "--keys"])
            .arg(root().join("examples/catalog/keys.txt"))
            .arg("--out")
            .arg(&out)
            .arg("--engine")
            .arg(&engine)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{name}: {}\n{}", String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&o.stdout));
        let frames: Vec<Vec<u8>> = [1, 41, 81, 121]
            .iter()
            .map(|f| std::fs::read(out.join(format!("frame-{f:04}.png"))).expect("frame png"))
            .collect();
        runs.push((name, frames));
        let _ = std::fs::remove_dir_all(&out);
    }
    for (name, frames) in &runs[1..] {
        for (i, (a, b)) in runs[0].1.iter().zip(frames).enumerate() {
            assert!(a == b, "{name} catalog frame {} differs from the plain-JS catalog", [1, 41, 81, 121][i]);
        }
    }
}

/// `reel run --keys` takes the `checkpoint NAME` lines `reel certify`
/// scripts use and, with `--out`, saves each screen as
/// `checkpoint-NN-<name>.png` (issue 12: one key-script format).
#[test]
fn run_keys_accepts_checkpoint_lines_and_saves_their_screens() {
    let bin = env!("CARGO_BIN_EXE_reel");
    let out = tmp("run-checkpoints");
    std::fs::create_dir_all(&out).expect("mkdir");
    let keys = out.join("keys.txt");
    std::fs::write(&keys, "wait 5\ncheckpoint first screen\nRight x2\ncheckpoint after two\n").expect("write");
    let o = Command::new(bin)
        .arg("run")
        .arg(root().join("examples/apps/hello.js"))
        .args(["--device", "stick-lowend", "--frames", "12", "--no-png", "-q", "--keys"])
        .arg(&keys)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}\n{}", String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("checkpoints 2 screenshots"), "{}", String::from_utf8_lossy(&o.stdout));
    for f in ["checkpoint-01-first-screen.png", "checkpoint-02-after-two.png"] {
        let png = reel_engine::raster::decode_png(&std::fs::read(out.join(f)).expect(f)).expect("png");
        assert_eq!((png.width, png.height), (1280, 720), "{f}: the device's full screen");
    }
    // Without --out: a note, and the run still succeeds.
    let o = Command::new(bin)
        .arg("run")
        .arg(root().join("examples/apps/hello.js"))
        .args(["--device", "stick-lowend", "--frames", "12", "-q", "--keys"])
        .arg(&keys)
        .output()
        .expect("runs");
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("checkpoint line(s) take screenshots only with --out DIR"), "{}", String::from_utf8_lossy(&o.stderr));
    let _ = std::fs::remove_dir_all(&out);
}

/// `reel run --watch` runs again when a file of the bundle changes.
#[test]
fn run_watch_reruns_when_the_bundle_changes() {
    use std::io::{BufRead, BufReader};
    let bin = env!("CARGO_BIN_EXE_reel");
    let dir = tmp("watch");
    std::fs::create_dir_all(dir.join("assets")).expect("mkdir");
    std::fs::write(dir.join("index.html"), "<script type=\"module\" src=\"/assets/index.js\"></script>").expect("write");
    std::fs::write(dir.join("assets/index.js"), "import { v } from './v.js';\nconsole.log(`version ${v}`);\n").expect("write");
    std::fs::write(dir.join("assets/v.js"), "export const v = 1;\n").expect("write");
    let mut child = Command::new(bin)
        .arg("run")
        .arg(&dir)
        .args(["--device", "stick-lowend", "--frames", "2", "--watch"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    let (tx, rx) = std::sync::mpsc::channel();
    let err = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |want: &str| -> Vec<String> {
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
                let hit = line.contains(want);
                seen.push(line);
                if hit {
                    return seen;
                }
            }
        }
        panic!("no {want:?} within 60 s; saw {seen:#?}");
    };
    wait_for("version 1");
    wait_for("watching");
    std::fs::write(dir.join("assets/v.js"), "export const v = 22;\n").expect("write");
    let seen = wait_for("version 22");
    assert!(seen.iter().any(|l| l.contains("v.js changed: running again")), "{seen:#?}");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
