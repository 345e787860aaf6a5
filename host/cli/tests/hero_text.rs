//! examples/apps/hero-text.js (issue 15: three text nodes rewritten on every
//! focus move, 164 nodes) certifies on the Wasm devices the issue names:
//! tv-midrange failed its p99 gate (17.0 ms, the glyph atlas re-sent whole
//! when it grew) before the text-change work, stick-lowend must keep passing.
//! tv-legacy (the JS fallback engine) still fails p99 on the frames that
//! rasterize new glyphs, so it is not certified here.
//! Needs `target/engine.wasm` (`bash tools/build-wasm.sh`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

#[test]
fn hero_text_certifies_on_tv_midrange_and_stick_lowend() {
    let ws = workspace();
    let out = std::env::temp_dir().join(format!("reel-hero-text-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let o = Command::new(env!("CARGO_BIN_EXE_reel"))
        .current_dir(&ws)
        .args(["certify", "examples/apps/hero-text.js", "--device", "tv-midrange,stick-lowend"])
        .args(["--script", "examples/apps/hero-text.keys.txt", "--out"])
        .arg(&out)
        .arg("--engine")
        .arg(ws.join("target/engine.wasm"))
        .output()
        .expect("run reel");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let text = std::fs::read_to_string(out.join("certify.json"))
        .unwrap_or_else(|e| panic!("certify.json: {e}\n{stdout}\n{}", String::from_utf8_lossy(&o.stderr)));
    let json: serde_json::Value = serde_json::from_str(&text).expect("certify.json parses");
    let _ = std::fs::remove_dir_all(&out);
    for dev in json["devices"].as_array().expect("devices") {
        let failed: Vec<String> = dev["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| c["status"] != "pass")
            .map(|c| format!("{}: {}", c["id"], c["detail"]))
            .collect();
        assert!(failed.is_empty(), "{}: {failed:?}\n{stdout}", dev["device"]);
    }
    assert_eq!(o.status.code(), Some(0), "{stdout}");
}
