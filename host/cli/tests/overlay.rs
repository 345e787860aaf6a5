//! The egui debug overlay in the native host, end to end: the catalog under
//! `reel run --debug-overlay --keys <script>` on tv-midrange.
//!
//! One run (shared by the tests below; compiling the 2.4 MB debug module
//! dominates its time) presses F12 to open the overlay, walks the tree
//! inspector with Down / Down / Up, closes it with Escape and presses Right:
//!
//! * `debug_overlay_takes_the_dpad_then_gives_it_back` checks, from
//!   `summary.json`, that the inspector's selection (`reel_overlay_selected`)
//!   moves while the app's focus stays put, that no consumed key (nor its
//!   keyup) reached the app, and that after Escape the next arrow moves app
//!   focus again;
//! * `golden_overlay_over_catalog_native` compares the frame painted with the
//!   overlay open (after Down, Down) to
//!   `host/cli/tests/golden/overlay-catalog-tv-midrange.png`
//!   (`REEL_UPDATE_GOLDEN=1` rewrites it; look at it before committing).
//!
//! Needs `target/engine-debug.wasm` (`bash tools/build-wasm-debug.sh`;
//! `tools/test.sh` builds it before `cargo test`): without it the tests
//! fail saying so, they do not skip.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use reel_engine::raster::{self, RgbaImage, Tolerance};
use reel_host::paths;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-overlay-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Host frames of the script below (60 fps: frame N at N * 16.67 ms).
const SCRIPT: &str = "\
wait 20     # the catalog settles; focus on the first tile
F12         # frame 21: open the overlay (on the focused node)
wait 3
Down        # frame 25: next row of the inspector
wait 3
Down        # frame 29
wait 3      # frame 31 is painted: the golden
Up          # frame 33: back one row
wait 3
Escape      # frame 37: close
wait 3
Right       # frame 41: the app's focus moves again
";
const FRAMES: u32 = 50;
/// The painted frame the golden is of (with `--every 30`: frames 1 and 31).
const GOLDEN_FRAME: u32 = 31;

struct OverlayRun {
    summary: Value,
    out: PathBuf,
}

fn debug_engine() -> PathBuf {
    let (path, source) = paths::engine_debug_path(None);
    assert!(
        path.is_file(),
        "{} ({source}) is missing: build it with `bash tools/build-wasm-debug.sh` \
         (tools/test.sh does, before cargo test)",
        path.display()
    );
    path
}

fn overlay_run() -> &'static OverlayRun {
    static RUN: OnceLock<OverlayRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let engine = debug_engine();
        let out = tmp("catalog");
        std::fs::create_dir_all(&out).expect("tmp dir");
        let script = out.join("keys.txt");
        std::fs::write(&script, SCRIPT).expect("write script");
        let o = Command::new(env!("CARGO_BIN_EXE_reel"))
            .arg("run")
            .arg(root().join("examples/catalog/main.js"))
            .args(["--device", "tv-midrange", "--debug-overlay", "--quiet", "--frames"])
            .arg(FRAMES.to_string())
            .args(["--every", "30", "--keys"])
            .arg(&script)
            .arg("--engine")
            .arg(&engine)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("runs reel");
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "reel run --debug-overlay failed: {}\n{stdout}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(stdout.contains("overlay     open"), "{stdout}");
        let text = std::fs::read_to_string(out.join("summary.json")).expect("summary.json");
        let summary: Value = serde_json::from_str(&text).expect("json");
        OverlayRun { summary, out }
    })
}

fn id(v: &Value) -> Option<u64> {
    v.as_u64()
}

#[test]
fn debug_overlay_takes_the_dpad_then_gives_it_back() {
    let run = overlay_run();
    let s = &run.summary;
    assert_eq!(s["engine"], "engine-debug.wasm");
    assert_eq!(s["rejected_batches"], 0);
    assert_eq!(s["traps"], 0);
    let ov = &s["overlay"];
    let keys = ov["keys"].as_array().expect("overlay.keys");
    let names: Vec<&str> = keys.iter().map(|k| k["key"].as_str().unwrap_or("?")).collect();
    assert_eq!(names, ["F12", "Down", "Down", "Up", "Escape", "Right"]);
    let consumed: Vec<bool> = keys.iter().map(|k| k["consumed"] == true).collect();
    assert_eq!(consumed, [true, true, true, true, true, false], "{keys:#?}");
    assert_eq!(ov["keys_consumed"], 5);

    // F12 opens it on the app's focused node.
    let focus0 = id(&keys[0]["app_focus_after"]).expect("the catalog focuses a tile");
    assert_eq!(keys[0]["open_after"], true);
    let sel: Vec<Option<u64>> = keys.iter().map(|k| id(&k["selected_after"])).collect();
    assert_eq!(sel[0], Some(focus0), "opens on the focused node");
    // Down, Down: two different rows; Up: back to the first of them.
    assert!(sel[1].is_some() && sel[1] != sel[0], "Down moved the selection: {sel:?}");
    assert!(sel[2].is_some() && sel[2] != sel[1] && sel[2] != sel[0], "second Down: {sel:?}");
    assert_eq!(sel[3], sel[1], "Up goes back one row: {sel:?}");
    // ... while the app's focus never moved.
    for k in &keys[..5] {
        assert_eq!(id(&k["app_focus_after"]), Some(focus0), "app focus moved on {k}");
        assert_eq!(k["key"] == "Escape", k["open_after"] == false, "{k}");
    }
    // After Escape the arrow goes to the app and moves its focus.
    assert_eq!(keys[5]["open_after"], false);
    let after = id(&keys[5]["app_focus_after"]).expect("focus");
    assert_ne!(after, focus0, "Right moved app focus after the overlay closed");

    // The app saw only Right: its keydown and keyup (consumed keys' keyups
    // were swallowed too).
    let input = &s["input"];
    assert_eq!(input["keydowns"], 1, "{input}");
    assert_eq!(input["keyups"], 1, "{input}");
    let p = &input["presses"][0];
    assert_eq!(p["key"], "Right");
    assert_eq!(id(&p["focused_before"]), Some(focus0));
    assert_eq!(id(&p["focused_after"]), Some(after));

    // Frames 21..=36 were drawn open; the overlay costs engine time.
    assert_eq!(ov["open_frames"], 16, "{ov}");
    assert_eq!(ov["closed_frames"], u64::from(FRAMES) - 16, "{ov}");
    let open_p50 = ov["emulated_ms_open"]["p50"].as_f64().expect("p50");
    let closed_p50 = ov["emulated_ms_closed"]["p50"].as_f64().expect("p50");
    assert!(open_p50 > closed_p50, "open {open_p50} ms vs closed {closed_p50} ms");
}

/// The timeline's figures and graph (right panel): engine ms from the CPU
/// model, exact run to run but changed by any engine change that moves
/// fuel, so they are blanked in both images; everything else is compared
/// (the inspector, the highlight, the memory panel with the JS heap the
/// host reported, the channel and focus panels).
const MASK: (u32, u32, u32, u32) = (1405, 96, 1920, 240);

fn masked(img: &RgbaImage) -> RgbaImage {
    let mut m = img.clone();
    let (x0, y0, x1, y1) = MASK;
    for y in y0..y1.min(m.height) {
        for x in x0..x1.min(m.width) {
            let i = ((y * m.width + x) * 4) as usize;
            m.pixels[i..i + 4].copy_from_slice(&[255, 0, 255, 255]);
        }
    }
    m
}

#[test]
fn golden_overlay_over_catalog_native() {
    let run = overlay_run();
    let frame = run.out.join(format!("frame-{GOLDEN_FRAME:04}.png"));
    let actual = raster::read_png(&frame).expect("the painted frame");
    assert_eq!((actual.width, actual.height), (1920, 1080));
    let golden = root().join("host/cli/tests/golden/overlay-catalog-tv-midrange.png");
    if std::env::var("REEL_UPDATE_GOLDEN").is_ok_and(|v| !v.is_empty() && v != "0") {
        raster::write_png(&golden, &actual).expect("write golden");
        eprintln!("wrote {}: look at it before committing", golden.display());
        return;
    }
    assert!(
        golden.is_file(),
        "{} is missing; make it with REEL_UPDATE_GOLDEN=1 cargo test -p reel-cli --test overlay (and look at it)",
        golden.display()
    );
    let expected = raster::read_png(&golden).expect("golden");
    let tol = Tolerance { max_channel_diff: 8, max_diff_pixels_ratio: 0.002 };
    let diff = raster::compare(&masked(&expected), &masked(&actual), tol).expect("same size");
    if diff.diff_pixels as f64 > tol.max_diff_pixels_ratio * diff.total_pixels as f64 {
        let keep = root().join("target/overlay-diff/overlay-catalog-tv-midrange.actual.png");
        raster::write_png(&keep, &actual).expect("write actual");
        panic!(
            "overlay over the catalog: {} of {} pixels differ (max channel diff {}); actual at {}; \
             if the change is intended: REEL_UPDATE_GOLDEN=1 cargo test -p reel-cli --test overlay",
            diff.diff_pixels,
            diff.total_pixels,
            diff.max_diff,
            keep.display()
        );
    }
}

#[test]
fn debug_overlay_errors_are_clear() {
    let bin = env!("CARGO_BIN_EXE_reel");
    let app = root().join("examples/catalog/main.js");
    // A device without Wasm runs the wasm2js engine: no debug build.
    let o = Command::new(bin)
        .arg("run")
        .arg(&app)
        .args(["--device", "tv-legacy", "--debug-overlay", "--frames", "1"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("--debug-overlay needs a device with Wasm") && err.contains("tv-legacy"), "{err}");

    // No debug module: says how to build it.
    let o = Command::new(bin)
        .arg("run")
        .arg(&app)
        .args(["--device", "tv-midrange", "--debug-overlay", "--frames", "1"])
        .env(paths::ENGINE_DEBUG_ENV, root().join("target/no-such-engine-debug.wasm"))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("no-such-engine-debug.wasm") && err.contains("bash tools/build-wasm-debug.sh"), "{err}");

    // The production module has no overlay exports.
    let (engine, _) = paths::engine_path(None);
    let o = Command::new(bin)
        .arg("run")
        .arg(&app)
        .args(["--device", "tv-midrange", "--debug-overlay", "--frames", "1", "--engine"])
        .arg(&engine)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("has no debug overlay") && err.contains("engine-debug.wasm"), "{err}");

    // `reel run --help` documents it.
    let o = Command::new(bin).args(["run", "--help"]).output().expect("runs");
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && help.contains("--debug-overlay") && help.contains("F12"), "{help}");
}
