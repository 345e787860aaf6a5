//! `reel certify --baseline`: the catalog certified once, then again
//! against the first run (every check unchanged), against a baseline whose
//! figures were edited (regressions fail in the JUnit, improvements are
//! named, a device the baseline lacks has no baseline), sharded and merged
//! with a baseline (byte-identical to the whole run), and bad baselines
//! refused before anything runs. Needs `target/engine.wasm`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-baseline-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

const SCRIPT: &str = "wait 10\nRight x2\nwait 5\nDown\nwait 5\ncheckpoint moved\n";
const DEVICES: &str = "tv-midrange,stick-lowend";
const CHECKS: usize = 17;

fn certify_cmd(out: &Path, script: &Path, baseline: Option<&Path>) -> Command {
    let ws = workspace();
    let mut c = Command::new(env!("CARGO_BIN_EXE_reel"));
    c.current_dir(&ws)
        .args(["certify", "examples/catalog/main.js", "--device", DEVICES, "--frames", "30", "--script"])
        .arg(script)
        .arg("--out")
        .arg(out)
        .arg("--engine")
        .arg(ws.join("target/engine.wasm"));
    if let Some(b) = baseline {
        c.arg("--baseline").arg(b);
    }
    c
}

fn run(mut c: Command) -> (i32, String, String) {
    let o: Output = c.output().expect("run reel");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn json(p: &Path) -> Value {
    serde_json::from_str(&read(p)).expect("certify.json parses")
}

#[test]
fn baseline_verdicts_in_json_junit_and_html() {
    let dir = tmp("verdicts");
    let script = dir.join("keys.txt");
    std::fs::write(&script, SCRIPT).expect("script");
    let (a, b, c) = (dir.join("a"), dir.join("b"), dir.join("c"));

    // 1. A first run, then the same run against it: every check unchanged.
    let (code_a, out_a, err_a) = run(certify_cmd(&a, &script, None));
    assert!(matches!(code_a, 0 | 3), "{out_a}\n{err_a}");
    assert!(!read(&a.join("certify.json")).contains("\"baseline\""), "no baseline, no comparison");
    let base_a = a.join("certify.json");
    let (code_b, out_b, err_b) = run(certify_cmd(&b, &script, Some(&base_a)));
    assert_eq!(code_b, code_a, "{out_b}\n{err_b}");
    let jb = json(&b.join("certify.json"));
    assert_eq!(jb["baseline"], base_a.display().to_string());
    for d in jb["devices"].as_array().expect("devices") {
        let cmp = &d["baseline"];
        assert_eq!((cmp["verdict"].as_str(), cmp["regressions"].as_u64(), cmp["improvements"].as_u64()), (Some("compared"), Some(0), Some(0)), "{cmp:#}");
        let checks = cmp["checks"].as_array().expect("deltas");
        assert_eq!(checks.len(), CHECKS);
        for x in checks {
            assert_eq!(x["verdict"], "unchanged", "a deterministic rerun: {x}");
            if x["before"].is_number() {
                assert_eq!(x["delta"], 0.0, "{x}");
                assert_eq!(x["before"], x["after"], "{x}");
            }
        }
    }
    let junit_b = read(&b.join("junit.xml"));
    assert_eq!(junit_b.matches("name=\"baseline ").count(), 2 * CHECKS, "a testcase per device and check: {junit_b}");
    assert_eq!(junit_b.matches("type=\"baseline\"").count(), 0);
    assert!(junit_b.contains("name=\"baseline frame-time-p95\" time=\"0\">\n      <system-out>unchanged: "), "{junit_b}");
    let html_b = read(&b.join("report.html"));
    assert!(html_b.contains("<th>before</th><th>after</th><th>change</th><th>verdict</th>"), "before/after columns");
    assert_eq!(html_b.matches("<title>baseline frame times</title>").count(), 2, "the baseline overlaid on each frame plot");
    assert!(html_b.contains("compared with the baseline <code>"));

    // 2. A baseline edited: tv-midrange's p95 frame time and JS heap were
    // half of today's (so today regressed), its input latency twice (so
    // today improved); stick-lowend is not in it.
    let mut edited = json(&base_a);
    let devices = edited["devices"].as_array_mut().expect("devices");
    devices.retain(|d| d["device"] == "tv-midrange");
    let mut figures = std::collections::BTreeMap::new();
    for ch in devices[0]["checks"].as_array_mut().expect("checks") {
        let id = ch["id"].as_str().expect("id").to_string();
        let m = ch["measured"].as_f64();
        let scale = match id.as_str() {
            "frame-time-p95" | "js-heap" => 0.5,
            "input-latency" => 2.0,
            _ => continue,
        };
        let m = m.unwrap_or_else(|| panic!("{id} measured"));
        assert!(m > 0.0, "{id}: {m}");
        figures.insert(id, m);
        ch["measured"] = Value::from(m * scale);
    }
    assert_eq!(figures.len(), 3);
    let base_e = dir.join("edited.json");
    std::fs::write(&base_e, serde_json::to_string_pretty(&edited).expect("json")).expect("write");
    let (code_c, out_c, err_c) = run(certify_cmd(&c, &script, Some(&base_e)));
    assert_eq!(code_c, 3, "a regression fails the run: {out_c}\n{err_c}");
    assert!(out_c.contains("2 regressions"), "{out_c}");
    let jc = json(&c.join("certify.json"));
    assert_eq!(jc["passed"], false);
    let mid = &jc["devices"][0];
    assert_eq!(mid["status"], "failed");
    let cmp = &mid["baseline"];
    assert_eq!((cmp["regressions"].as_u64(), cmp["improvements"].as_u64()), (Some(2), Some(1)), "{cmp:#}");
    let delta = |id: &str| cmp["checks"].as_array().expect("deltas").iter().find(|x| x["id"] == id).expect("delta").clone();
    let p95 = delta("frame-time-p95");
    assert_eq!(p95["verdict"], "regression");
    assert_eq!(p95["after"].as_f64(), Some(figures["frame-time-p95"]));
    assert_eq!(p95["relative_pct"].as_f64(), Some(100.0), "{p95}");
    assert_eq!(p95["tolerance"].as_f64(), Some(2.0));
    assert_eq!(delta("js-heap")["verdict"], "regression");
    assert_eq!(delta("input-latency")["verdict"], "improvement");
    assert_eq!(delta("input-latency")["relative_pct"].as_f64(), Some(-50.0));
    assert_eq!(delta("wasm-memory")["verdict"], "unchanged");
    let stick = &jc["devices"][1];
    assert_eq!(stick["baseline"]["verdict"], "no baseline");
    assert_eq!(stick["baseline"]["note"], "the baseline has no device `stick-lowend`");
    assert_eq!(stick["status"], json(&a.join("certify.json"))["devices"][1]["status"], "no baseline changes nothing");
    let junit_c = read(&c.join("junit.xml"));
    assert_eq!(junit_c.matches("type=\"baseline\"").count(), 2, "{junit_c}");
    assert!(junit_c.contains("name=\"baseline frame-time-p95\" time=\"0\">\n      <failure message=\"regression against the baseline: "), "{junit_c}");
    assert!(junit_c.contains("name=\"baseline js-heap\" time=\"0\">\n      <failure "), "{junit_c}");
    assert!(junit_c.contains("name=\"baseline\" time=\"0\">\n      <skipped message=\"no baseline: the baseline has no device `stick-lowend`\"/>"), "{junit_c}");
    let html_c = read(&c.join("report.html"));
    assert!(html_c.contains("<span class=regression>regression</span>"));
    assert!(html_c.contains("<span class=regression>▲ regression</span>"), "marked in the check matrix");
    assert!(html_c.contains("no baseline: the baseline has no device `stick-lowend`"));

    // 3. Sharded with a baseline and merged: byte-identical to the whole run.
    let shards: Vec<PathBuf> = (1..=2).map(|k| dir.join(format!("shard{k}"))).collect();
    for (k, out) in shards.iter().enumerate() {
        let mut cmd = certify_cmd(out, &script, Some(&base_e));
        cmd.arg("--shard").arg(format!("{}/2", k + 1));
        let (code, o, e) = run(cmd);
        assert!(matches!(code, 0 | 3), "{o}\n{e}");
    }
    let merged = dir.join("merged");
    let merge = |dirs: &[&PathBuf], out: &Path| {
        let mut m = Command::new(env!("CARGO_BIN_EXE_reel"));
        m.args(["certify", "merge"]).args(dirs).arg("--out").arg(out);
        run(m)
    };
    let (code_m, _, err_m) = merge(&[&shards[0], &shards[1]], &merged);
    assert_eq!(code_m, 3, "{err_m}");
    for f in ["certify.json", "junit.xml", "report.html"] {
        assert!(std::fs::read(c.join(f)).ok() == std::fs::read(merged.join(f)).ok(), "{f}: the merged shards differ from the whole run");
    }
    // Shards compared with different baselines are not one run.
    let other = dir.join("shard-other");
    std::fs::create_dir_all(&other).expect("dir");
    let text = read(&shards[1].join("shard.json"));
    let needle = format!("\"baseline\":{}", serde_json::to_string(&base_e.display().to_string()).expect("json"));
    assert!(text.contains(&needle), "shard.json records the baseline");
    std::fs::write(other.join("shard.json"), text.replace(&needle, "\"baseline\":\"elsewhere.json\"")).expect("write");
    let (code_x, _, err_x) = merge(&[&shards[0], &other], &dir.join("bad-merge"));
    assert_eq!(code_x, 1);
    assert!(err_x.contains("a shard of another run (its baseline differs"), "{err_x}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A baseline that cannot be used stops the run before any device runs,
/// with the file and the reason.
#[test]
fn bad_baselines_are_refused_before_running() {
    let dir = tmp("bad");
    let script = dir.join("keys.txt");
    std::fs::write(&script, SCRIPT).expect("script");
    let doc = |app: &str, script: &str| {
        format!("{{\"format\": \"reel-certify/1\", \"app\": {app:?}, \"script\": {script:?}, \"passed\": true, \"devices\": []}}")
    };
    let cases = [
        ("missing.json", None, "missing.json: No such file"),
        ("broken.json", Some("{\"format\": ".to_string()), "not a reel certify result: EOF"),
        ("shard.json", Some("{\"format\": \"reel-certify-shard/1\", \"app\": \"a\", \"script\": \"s\"}".to_string()), "not a reel certify result: format `reel-certify-shard/1`, expected `reel-certify/1`"),
        ("other-app.json", Some(doc("examples/apps/hello.js", &script.display().to_string())), "a run of another app (`examples/apps/hello.js`"),
        ("other-script.json", Some(doc("examples/catalog/main.js", "other.txt")), "a run of another key script (`other.txt`"),
    ];
    for (name, text, msg) in cases {
        let path = dir.join(name);
        if let Some(t) = text {
            std::fs::write(&path, t).expect("write");
        }
        let out = dir.join(format!("out-{name}"));
        let (code, stdout, stderr) = run(certify_cmd(&out, &script, Some(&path)));
        assert_eq!(code, 1, "{name}: {stdout}\n{stderr}");
        assert!(stderr.contains(&format!("reel certify: baseline {}", path.display())) && stderr.contains(msg), "{name}: {stderr}");
        assert!(!stderr.contains(" on tv-midrange ..."), "{name}: refused before running: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
