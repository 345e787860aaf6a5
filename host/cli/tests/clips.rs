//! examples/clips (issue 17: a full-screen vertical feed of short clips)
//! certifies on every reference device (`--device all`, the JS fallback
//! engine's tv-legacy included) with examples/clips/keys.txt: every check
//! passes, and on every device the feed plays what it should — one decoder
//! at a time (decoders peak 1, no `decoder-limit`, even on the 1-decoder
//! devices), every expected frame presented, no video error, the first frame
//! within the profile's gate, and the preloaded next clip's player (poster
//! and metadata) besides the playing one.
//! Needs `target/engine.wasm` (or $REEL_ENGINE_WASM) and `target/engine-wasm2js.mjs`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

#[test]
fn clips_feed_certifies_on_every_device_with_one_decoder_at_a_time() {
    let ws = workspace();
    let out = std::env::temp_dir().join(format!("reel-clips-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let o = Command::new(env!("CARGO_BIN_EXE_reel"))
        .current_dir(&ws)
        .args(["certify", "examples/clips/main.js", "--device", "all"])
        .args(["--script", "examples/clips/keys.txt", "--out"])
        .arg(&out)
        .arg("--engine")
        .arg(reel_host::paths::engine_path(None).0)
        .output()
        .expect("run reel");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let text = std::fs::read_to_string(out.join("certify.json"))
        .unwrap_or_else(|e| panic!("certify.json: {e}\n{stdout}\n{}", String::from_utf8_lossy(&o.stderr)));
    let json: serde_json::Value = serde_json::from_str(&text).expect("certify.json parses");
    let _ = std::fs::remove_dir_all(&out);
    let devices = json["devices"].as_array().expect("devices");
    assert!(devices.len() >= 4, "every reference profile: {stdout}");
    for dev in devices {
        let id = &dev["device"];
        let failed: Vec<String> = dev["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| c["status"] != "pass")
            .map(|c| format!("{}: {}", c["id"], c["detail"]))
            .collect();
        assert!(failed.is_empty(), "{id}: {failed:?}\n{stdout}");
        let v = &dev["summary"]["video"];
        assert_eq!(v["decoders_peak"], 1, "{id}: one clip plays at a time: {v}");
        assert_eq!(v["decoder_limit_errors"], 0, "{id}: {v}");
        assert_eq!(v["errors"].as_array().map(Vec::len), Some(0), "{id}: {v}");
        let (shown, due) = (v["frames_presented"].as_u64().expect("presented"), v["frames_expected"].as_u64().expect("expected"));
        assert!(shown > 60 && shown == due, "{id}: {shown} of {due} frames: {v}");
        // Players: the six clips' as each is current, plus the peeking next ones.
        assert!(v["players"].as_u64().expect("players") >= 6, "{id}: {v}");
        assert!(v["ttff_max_ms"].as_f64().expect("ttff") <= 1000.0 / dev["fps"].as_f64().expect("fps") * 2.0 + 1e-6, "{id}: {v}");
    }
    assert_eq!(o.status.code(), Some(0), "{stdout}");
}
