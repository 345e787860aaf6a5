//! `reel certify` and `reel run` of video apps (issue 17): the video gates
//! (`video-decoders`, `video-ttff` from the profile's `[video]`) pass for the
//! example on every reference device and fail for an app that plays more
//! videos than the device has decoders; checkpoint screenshots show the
//! clip's frames. Needs `target/engine.wasm` and `target/engine-wasm2js.mjs`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-cli-video-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

fn certify(app: &Path, devices: &str, out: &Path, script: &Path) -> (i32, serde_json::Value) {
    let ws = workspace();
    let o = Command::new(env!("CARGO_BIN_EXE_reel"))
        .current_dir(&ws)
        .arg("certify")
        .arg(app)
        .args(["--device", devices, "--frames", "60", "--every", "30", "--script"])
        .arg(script)
        .arg("--out")
        .arg(out)
        .arg("--engine")
        .arg(ws.join("target/engine.wasm"))
        .arg("--engine-js")
        .arg(ws.join("target/engine-wasm2js.mjs"))
        .output()
        .expect("run reel");
    let code = o.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 3, "reel certify failed ({code}):\n{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let json = std::fs::read_to_string(out.join("certify.json")).expect("certify.json");
    (code, serde_json::from_str(&json).expect("json"))
}

fn check<'a>(dev: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    dev["checks"].as_array().expect("checks").iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no check {id}: {dev:#}"))
}

#[test]
fn the_example_passes_the_video_gates_on_every_device() {
    let dir = tmp("example");
    let script = dir.join("keys.txt");
    std::fs::write(&script, "wait 30\ncheckpoint playing\n").expect("script");
    let (_, json) = certify(&workspace().join("examples/apps/video.js"), "all", &dir.join("out"), &script);
    for dev in json["devices"].as_array().expect("devices") {
        let id = dev["device"].as_str().unwrap_or("?");
        let fps = dev["fps"].as_f64().unwrap_or(0.0);
        let d = check(dev, "video-decoders");
        assert_eq!((d["status"].as_str(), d["measured"].as_f64()), (Some("pass"), Some(0.0)), "{id}: {d:#}");
        let t = check(dev, "video-ttff");
        assert_eq!(t["status"], "pass", "{id}: {t:#}");
        // One host frame from the play request to the first frame.
        let frame = ((1000.0 / fps) * 1000.0).round() / 1000.0;
        assert_eq!(t["measured"].as_f64(), Some(frame), "{id}: {t:#}");
        let v = &dev["summary"]["video"];
        assert_eq!(v["decoders_peak"], 1, "{id}: {v:#}");
        // The checkpoint screenshot shows the clip (magenta top half) inside
        // the ring, whatever the device's resolution.
        let shot = dev["checkpoints"][0]["file"].as_str().expect("screenshot");
        let img = reel_engine::raster::read_png(dir.join("out").join(shot)).expect("png");
        let s = img.width as f32 / 1280.0;
        let p = img.pixel((400.0 * s) as u32, (100.0 * s) as u32);
        assert!(p[0] > 180 && p[1] < 90 && p[2] > 150, "{id}: magenta at the video's top right: {p:?}");
    }
}

#[test]
fn more_videos_than_decoders_fails_certification() {
    let dir = tmp("two");
    let app = dir.join("two.js");
    std::fs::copy(workspace().join("examples/apps/assets/clip.webp"), dir.join("clip.webp")).expect("clip");
    std::fs::write(
        &app,
        "import { createRenderer } from '@reel/shim';\n\
         const r = await createRenderer({ width: 1280, height: 720 });\n\
         for (const x of [100, 500]) { const v = r.createNode('video', { x, y: 100, w: 320, h: 180, autoplay: true, muted: true }); v.src = 'clip.webp'; r.root.appendChild(v); }\n",
    )
    .expect("app");
    let script = dir.join("keys.txt");
    std::fs::write(&script, "wait 10\ncheckpoint two\n").expect("script");
    // stick-lowend has one decoder, tv-midrange two.
    let (code, json) = certify(&app, "stick-lowend,tv-midrange", &dir.join("out"), &script);
    assert_eq!(code, 3, "a failed check");
    let devs = json["devices"].as_array().expect("devices");
    let low = check(&devs[0], "video-decoders");
    assert_eq!((low["status"].as_str(), low["measured"].as_f64()), (Some("fail"), Some(1.0)), "{low:#}");
    assert!(low["detail"].as_str().unwrap_or("").contains("peak 1 of 1 decoder(s)"), "{low:#}");
    let mid = check(&devs[1], "video-decoders");
    assert_eq!(mid["status"], "pass", "{mid:#}");
    assert_eq!(devs[1]["summary"]["video"]["decoders_peak"], 2);
    let junit = std::fs::read_to_string(dir.join("out/junit.xml")).expect("junit");
    assert!(junit.contains("video-decoders"), "{junit}");
}
