//! Issue 18, finding 1, end to end through the `reel` binary: the issue's
//! app (x animated from -3e38 to 3e38) runs to the end on engine.wasm, its
//! snapshots replay after a trap, and a run whose engine could not be
//! recovered exits non-zero (`reel run`, `reel play`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reel_host::paths;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-recovery-exit-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

const HUGE_APP: &str = r#"
import { createRenderer } from '@reel/shim';
const r = await createRenderer({ width: 1280, height: 720 });
const box = r.createNode('view', { x: -3e38, y: 100, w: 100, h: 100, alpha: 0, color: 0xff0000ff });
r.root.appendChild(box);
const mover = r.createNode('view', { x: 10, y: 300, w: 50, h: 50, color: 0x00ff00ff });
r.root.appendChild(mover);
box.animate({ x: 3e38 }, { duration: 2000 });
box.animate({ alpha: 1 }, { duration: 2000, easing: { type: 'spring', stiffness: 170, damping: 4, mass: 1, velocity: 50 } });
function tick(t) {
  mover.x = 10 + (t % 1000) * 0.5;
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);
"#;

fn reel(args: &[&str], out: &Path) -> Output {
    let (engine, _) = paths::engine_path(None);
    Command::new(env!("CARGO_BIN_EXE_reel"))
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("--engine")
        .arg(&engine)
        .output()
        .expect("runs")
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary.json")).expect("json")
}

fn text(o: &Output) -> String {
    format!("status {:?}\nstderr:\n{}\nstdout:\n{}", o.status.code(), String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&o.stdout))
}

#[test]
fn huge_animation_app_runs_to_the_end_and_recovers_from_a_trap() {
    let dir = tmp("huge");
    let app = dir.join("app.js");
    std::fs::write(&app, HUGE_APP).expect("write app");
    let out = dir.join("out");
    let app_s = app.to_str().expect("utf8");
    // The journal is compacted into the engine's snapshot after 64 batches
    // (mid-animation); the trap at request 100 replays that snapshot. Before
    // the fix x was NaN in it: `journal replay: batch 0 was rejected` on
    // every request from then on.
    let o = reel(&["run", app_s, "--device", "tv-midrange", "--frames", "150", "--no-png", "--inject-fuel-trap", "100"], &out);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let s = summary(&out);
    let e = &s; // (the engine's figures sit at the top level, as `reel play`'s)
    assert_eq!(e["frames"].as_u64(), Some(150), "every frame produced: {s:#}");
    assert_eq!(e["traps"].as_u64(), Some(1), "only the injected trap: {s:#}");
    assert_eq!(e["recovery_failures"].as_u64(), Some(0), "{s:#}");
    assert_eq!(e["rejected_batches"].as_u64(), Some(0), "{s:#}");
    let incidents = e["incidents"].as_array().expect("incidents");
    assert!(incidents.iter().all(|i| i.as_str().is_some_and(|i| i.contains("recovered: fresh instance"))), "{incidents:?}");
}

#[test]
fn reel_run_exits_non_zero_when_recovery_failed() {
    let out = tmp("run-unrecoverable");
    let hello = root().join("examples/apps/hello.js");
    let app = hello.to_str().expect("utf8");
    let o = reel(&["run", app, "--device", "tv-midrange", "--frames", "20", "--no-png", "--inject-unrecoverable-trap", "6"], &out);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("reel run: the engine could not be recovered 1 time(s)"), "{}", text(&o));
    assert!(stderr.contains("recovery failed: engine output unreadable: injected fault: no instance can be built during request 6"), "{}", text(&o));
    let s = summary(&out);
    assert_eq!(s["recovery_failures"].as_u64(), Some(1), "{s:#}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("FAILED      1 failed recoveries"), "{}", text(&o));
    // The same run without the fault is a success.
    let o = reel(&["run", app, "--device", "tv-midrange", "--frames", "20", "--no-png"], &tmp("run-ok"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn reel_play_exits_non_zero_when_recovery_failed() {
    let out = tmp("play-unrecoverable");
    let scene = root().join("examples/scenes/sample-home.scene");
    let scene = scene.to_str().expect("utf8");
    let o = reel(&["play", scene, "--device", "stick-lowend", "--no-png", "--inject-unrecoverable-trap", "2"], &out);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the engine could not be recovered 1 time(s)"), "{}", text(&o));
    assert_eq!(summary(&out)["recovery_failures"].as_u64(), Some(1));
}
