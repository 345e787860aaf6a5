//! `reel certify history`: a CI job's use of the alarm, as the command line
//! sees it — 30 builds each add a browser-benchmark result (the shape of
//! `target/lightning-bench.json`) to a history file; a step regression in
//! one figure alarms (exit 3) from its third build, a one-build spike in
//! another does not, a fall in fps alarms only with `--better-up`; bad
//! histories, results and arguments are refused with the file and line,
//! and a refused `--add` leaves the history as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-history-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

fn reel(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_reel")).arg("certify").arg("history").args(args).output().expect("run reel");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Build `i`'s benchmark result: deterministic noise of about 3 % on every
/// figure, Reel's create1k stepping up 25 % from build 24, Lightning's
/// scroll p95 spiking at build 29 only, Reel's scroll fps falling from 24.
fn result(i: usize) -> String {
    let noise = |k: usize| 1.0 + 0.03 * ((((i + 3) * 7919 + k * 104_729) % 17) as f64 / 8.0 - 1.0);
    let step = if i >= 24 { 1.25 } else { 1.0 };
    let spike = if i == 29 { 3.0 } else { 1.0 };
    format!(
        r#"{{"results": [
  {{"cond": "no slowdown", "lib": "reel", "info": {{"nodes": 1000}}, "ops": {{"create1k": {{"mainMs": {:.4}}}}}, "scroll": {{"mainP95": {:.4}, "fps": {:.3}}}}},
  {{"cond": "no slowdown", "lib": "lightning", "ops": {{"create1k": {{"mainMs": {:.4}}}}}, "scroll": {{"mainP95": {:.4}, "fps": {:.3}}}}}
], "bundles": {{"wasm": {{"raw": 300104, "gzip": 133037}}}}}}"#,
        20.0 * noise(1) * step,
        4.0 * noise(2),
        60.0 * noise(3) / step,
        30.0 * noise(4),
        5.0 * noise(5) * spike,
        58.0 * noise(6),
    )
}

fn add(dir: &Path, hist: &Path, i: usize, extra: &[&str]) -> (i32, String, String) {
    let r = dir.join(format!("bench-{i}.json"));
    std::fs::write(&r, result(i)).expect("write result");
    let (h, r, label) = (hist.to_str().expect("utf-8"), r.to_str().expect("utf-8"), format!("build-{i}"));
    let mut args = vec![h, "--add", r, "--run", &label];
    args.extend_from_slice(extra);
    reel(&args)
}

#[test]
fn a_ci_history_alarms_on_a_step_not_on_a_spike() {
    let dir = tmp("ci");
    let hist = dir.join("cache/bench-history.jsonl");
    let reel_create = "results.no slowdown/reel.ops.create1k.mainMs";
    let fps = ["--better-up", ".fps"];
    let mut first_alarm = None;
    for i in 0..30 {
        let (code, out, err) = add(&dir, &hist, i, &fps);
        assert!(code == 0 || code == 3, "build {i}: exit {code}\n{out}{err}");
        if i < 20 {
            assert!(out.contains("history too short (needs 21 runs)"), "build {i}:\n{out}");
        }
        if code == 3 && first_alarm.is_none() {
            first_alarm = Some(i);
            let row = out.lines().find(|l| l.starts_with(reel_create)).expect("the stepped series' row");
            assert!(row.ends_with("ALARM"), "the step alarms first:\n{out}");
        }
        if i < 24 {
            assert_eq!(code, 0, "no alarm before the step (build {i}):\n{out}");
        }
    }
    assert_eq!(first_alarm, Some(26), "the step alarms from its third build (the trend's median moves)");
    let text = std::fs::read_to_string(&hist).expect("history");
    assert_eq!(text.lines().count(), 30);
    assert!(text.lines().all(|l| l.starts_with("{\"run\":\"build-") && l.contains(",\"figures\":{")), "{}", &text[..200]);

    // The latest build, scored without adding: the step and the fps fall alarm, the spike does not.
    let h = hist.to_str().expect("utf-8");
    let json = dir.join("scores.json");
    let (code, out, _) = reel(&[h, "--better-up", ".fps", "--json", json.to_str().expect("utf-8")]);
    assert_eq!(code, 3, "{out}");
    let verdict = |series: &str| out.lines().find(|l| l.starts_with(series)).map(|l| l.rsplit(" | ").next().unwrap_or("").to_string());
    assert_eq!(verdict(reel_create).as_deref(), Some("ALARM"), "{out}");
    assert_eq!(verdict("results.no slowdown/reel.scroll.fps").as_deref(), Some("ALARM (fell)"), "{out}");
    assert_eq!(verdict("results.no slowdown/lightning.scroll.mainP95").as_deref(), Some("ok"), "a one-build spike:\n{out}");
    assert_eq!(verdict("results.no slowdown/lightning.ops.create1k.mainMs").as_deref(), Some("ok"), "{out}");
    assert_eq!(verdict("bundles.wasm.gzip").as_deref(), Some("ok"), "a flat series:\n{out}");
    assert!(out.contains("9 series, 2 alarm(s)"), "{out}");
    let scores: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).expect("scores")).expect("json");
    let spike = scores.as_array().and_then(|a| a.iter().find(|s| s["series"] == "results.no slowdown/lightning.scroll.mainP95")).expect("spike row");
    assert_eq!(spike["alarm"], false);
    assert!(spike["magnitude"].as_f64().is_some_and(|m| m > 10.0), "the spike's magnitude alone is large: {spike}");

    // Without --better-up, a fall in fps is an improvement.
    let (code, out, _) = reel(&[h, "--only", "results.no slowdown/reel.scroll.fps"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 series, 0 alarm(s)"), "{out}");
}

#[test]
fn bad_inputs_are_refused_and_the_history_is_kept() {
    let dir = tmp("bad");
    let hist = dir.join("h.jsonl");
    let h = hist.to_str().expect("utf-8");
    for i in 0..3 {
        assert_eq!(add(&dir, &hist, i, &[]).0, 0);
    }
    let kept = std::fs::read_to_string(&hist).expect("history");

    // The same label twice.
    let (code, _, err) = add(&dir, &hist, 2, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("run `build-2` is already in the history"), "{err}");
    // A result that is not JSON, or has no figure.
    let bad = dir.join("bad.json");
    for (text, msg) in [("{\"results\": [", "not JSON"), ("{\"lib\": \"reel\", \"list\": [1, 2]}", "no numeric figure")] {
        std::fs::write(&bad, text).expect("write");
        let (code, _, err) = reel(&[h, "--add", bad.to_str().expect("utf-8"), "--run", "x"]);
        assert_eq!(code, 1, "{text}");
        assert!(err.contains("bad.json: ") && err.contains(msg), "{err}");
    }
    let (code, _, err) = reel(&[h, "--add", dir.join("missing.json").to_str().expect("utf-8"), "--run", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("missing.json"), "{err}");
    assert_eq!(std::fs::read_to_string(&hist).expect("history"), kept, "refused adds leave the history as it was");

    // A broken history line is named by file and line.
    let broken = dir.join("broken.jsonl");
    std::fs::write(&broken, format!("{kept}{{\"run\": \"x\", \"figures\": {{\"a\": \"slow\"}}}}\n")).expect("write");
    let (code, _, err) = reel(&[broken.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert!(err.contains("broken.jsonl:4: figure `a` is not a finite number"), "{err}");
    // A missing history without --add.
    let (code, _, err) = reel(&[dir.join("none.jsonl").to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert!(err.contains("none.jsonl"), "{err}");

    // Usage errors: exit 2 with the reason.
    for (args, msg) in [
        (vec![h, "--add", "r.json"], "--add and --run LABEL go together"),
        (vec![h, "--run", "x"], "--add and --run LABEL go together"),
        (vec![h, "--window", "2"], "--window takes a whole number >= 3"),
        (vec![h, "--frobnicate"], "unknown option --frobnicate"),
        (vec![], "history needs a HISTORY.jsonl"),
        (vec![h, h], "history takes one HISTORY.jsonl"),
    ] {
        let (code, _, err) = reel(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(msg), "{args:?}: {err}");
    }
}
