//! What the `reel certify` end-to-end tests share: the workspace root, one
//! certify run in a temp dir (its certify.json read back), and a device's
//! failing checks. Each test binary compiles this module (`mod common;`)
//! and uses what it needs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (apps, scripts and devices are named relative to it).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// A finished `reel certify` run.
pub struct Certified {
    /// Exit status (0 passed, 3 a check failed; -1 killed).
    pub code: i32,
    /// What it printed (the gate table), for assertion messages.
    pub stdout: String,
    /// Its certify.json.
    pub json: serde_json::Value,
}

impl Certified {
    /// certify.json's device entries (one per device and script).
    pub fn devices(&self) -> &[serde_json::Value] {
        self.json["devices"].as_array().map_or(&[], Vec::as_slice)
    }
}

/// Runs `reel certify APP --device DEVICES --script S...` from the workspace
/// root with target/engine.wasm (or `$REEL_ENGINE_WASM`), `name` telling its
/// temp output dir apart; the dir is removed once certify.json is read.
pub fn certify(app: &str, devices: &str, scripts: &[&str], name: &str) -> Certified {
    let ws = workspace();
    let out = std::env::temp_dir().join(format!("reel-certify-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reel"));
    cmd.current_dir(&ws).args(["certify", app, "--device", devices]);
    for s in scripts {
        cmd.args(["--script", s]);
    }
    let o = cmd.arg("--out").arg(&out).arg("--engine").arg(reel_host::paths::engine_path(None).0).output().expect("run reel");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let text = std::fs::read_to_string(out.join("certify.json"))
        .unwrap_or_else(|e| panic!("certify.json: {e}\n{stdout}\n{}", String::from_utf8_lossy(&o.stderr)));
    let json: serde_json::Value = serde_json::from_str(&text).expect("certify.json parses");
    let _ = std::fs::remove_dir_all(&out);
    Certified { code: o.status.code().unwrap_or(-1), stdout, json }
}

/// A device entry's checks that did not pass, as "id: detail".
pub fn failed_checks(dev: &serde_json::Value) -> Vec<String> {
    dev["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["status"] != "pass")
        .map(|c| format!("{}: {}", c["id"], c["detail"]))
        .collect()
}
