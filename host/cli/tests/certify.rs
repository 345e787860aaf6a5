//! `reel certify` end to end: the catalog sample with a key script on a
//! Wasm device and on tv-legacy (no Wasm), twice — the JSON result and the
//! JUnit XML must be byte-identical (the fuel CPU model), the JUnit file
//! must have one testsuite per device and one testcase per check, the
//! report must be self-contained, and a profile's `[certify]` gates must
//! decide pass/fail. Needs `target/engine.wasm` (`bash tools/build-wasm.sh`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-certify-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

const SCRIPT: &str = "wait 10\ncheckpoint home\nRight x2\nwait 5\nDown\nwait 5\ncheckpoint moved\n";

/// Runs `reel certify` on the catalog; returns (exit code, stdout).
fn certify(devices: &str, out: &Path, script: &Path) -> (i32, String) {
    let ws = workspace();
    let o = Command::new(env!("CARGO_BIN_EXE_reel"))
        .current_dir(&ws)
        .args(["certify", "examples/catalog/main.js", "--device", devices, "--frames", "40", "--every", "20"])
        .arg("--script")
        .arg(script)
        .arg("--out")
        .arg(out)
        .arg("--engine")
        .arg(ws.join("target/engine.wasm"))
        .output()
        .expect("run reel");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.code() != Some(1) && o.status.code() != Some(2), "reel certify failed:\n{stdout}\n{stderr}");
    (o.status.code().unwrap_or(-1), stdout)
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn catalog_certification_is_deterministic_and_gated() {
    let dir = tmp("det");
    let script = dir.join("keys.txt");
    std::fs::write(&script, SCRIPT).expect("script");
    let (a, b) = (dir.join("a"), dir.join("b"));
    let (code, stdout) = certify("tv-midrange,tv-legacy", &a, &script);
    // tv-legacy has no Wasm: its engine path is not emulated, so it fails explicitly.
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("no-wasm-engine-path"), "{stdout}");
    let (code2, _) = certify("tv-midrange,tv-legacy", &b, &script);
    assert_eq!(code2, 3);
    for f in ["certify.json", "junit.xml"] {
        assert!(read(&a.join(f)) == read(&b.join(f)), "{f} differs between two runs of the same app and profiles");
    }

    let json: serde_json::Value = serde_json::from_str(&read(&a.join("certify.json"))).expect("certify.json parses");
    assert_eq!(json["format"], "reel-certify/1");
    assert_eq!(json["passed"], false);
    let devs = json["devices"].as_array().expect("devices");
    assert_eq!(devs.len(), 2);
    let mid = &devs[0];
    assert_eq!(mid["device"], "tv-midrange");
    assert_eq!(mid["status"], "passed", "{mid:#}");
    assert_eq!(mid["checks"].as_array().expect("checks").len(), 10);
    assert!(mid["checks"].as_array().expect("checks").iter().all(|c| c["status"] == "pass"));
    assert_eq!(mid["series"]["frame_ms"].as_array().expect("frame_ms").len(), 40);
    assert_eq!(mid["series"]["js_heap_bytes"].as_array().expect("heap").len(), 40);
    let shots: Vec<(String, u64)> = mid["checkpoints"]
        .as_array()
        .expect("checkpoints")
        .iter()
        .map(|c| (c["name"].as_str().expect("name").to_string(), c["frame"].as_u64().expect("frame")))
        .collect();
    assert_eq!(
        shots,
        vec![("home".into(), 10), ("frame 20".into(), 20), ("moved".into(), 23), ("end".into(), 40)]
    );
    assert!(a.join("tv-midrange/checkpoint-03-moved.png").is_file());
    let legacy = &devs[1];
    assert_eq!(legacy["engine_path"], "js-fallback");
    assert_eq!(legacy["checks"][0]["id"], "no-wasm-engine-path");
    assert_eq!(legacy["checks"][0]["status"], "fail");

    let junit = read(&a.join("junit.xml"));
    assert!(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "), "{junit}");
    assert_eq!(junit.matches("<testsuite ").count(), 2, "{junit}");
    assert!(junit.contains("<testsuite name=\"tv-midrange\" tests=\"10\" failures=\"0\" errors=\"0\" skipped=\"0\""), "{junit}");
    assert!(junit.contains("<testsuite name=\"tv-legacy\" tests=\"11\" failures=\"1\" errors=\"0\" skipped=\"10\""), "{junit}");
    assert_eq!(junit.matches("<testcase ").count(), 21);
    assert_eq!(junit.matches("<failure ").count(), 1);

    let html = read(&a.join("report.html"));
    assert!(html.starts_with("<!doctype html>"));
    assert_eq!(html.matches("<svg ").count(), 2, "frame-time and memory plots for the one device that ran");
    assert_eq!(html.matches("src=\"data:image/png;base64,iVBORw0KGgo").count(), 4);
    assert!(!html.contains("src=\"http") && !html.contains("<script"), "self-contained, no scripts");
    assert!(html.contains("budget 16.67 ms"), "budget line on the frame-time plot");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_strict_profile_fails_its_gates_in_junit() {
    let dir = tmp("strict");
    let script = dir.join("keys.txt");
    std::fs::write(&script, SCRIPT).expect("script");
    let base = read(&workspace().join("devices/tv-midrange.toml"));
    let strict = base
        .replace("id = \"tv-midrange\"", "id = \"strict\"")
        .replace("frame_p95_factor = 1.0", "frame_p95_factor = 0.01")
        .replace("memory_ratio = 0.5", "memory_ratio = 0.01");
    assert_ne!(strict, base);
    let profile = dir.join("strict.toml");
    std::fs::write(&profile, strict).expect("profile");
    let out = dir.join("out");
    let (code, stdout) = certify(profile.to_str().expect("utf8"), &out, &script);
    assert_eq!(code, 3, "{stdout}");
    let junit = read(&out.join("junit.xml"));
    assert!(junit.contains("<testsuite name=\"strict\" tests=\"10\" failures=\"2\""), "{junit}");
    assert!(junit.contains("name=\"frame-time-p95\" time=\"0\">\n      <failure message=\"p95 frame time: "), "{junit}");
    assert!(junit.contains("name=\"wasm-memory\" time=\"0\">\n      <failure "), "{junit}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2() {
    let o = Command::new(env!("CARGO_BIN_EXE_reel"))
        .args(["certify", "app.js", "--device", "tv-midrange"])
        .output()
        .expect("run reel");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--script"));
}
