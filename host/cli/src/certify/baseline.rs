//! `reel certify --baseline OLD/certify.json`: each device's checks
//! against the same device's checks in an earlier run.
//!
//! Emulated figures are deterministic, so any change between two runs is a
//! real change of the app, the engine or the profile; the tolerances of the
//! profile's `[certify]` table (`regression_*`) only say which change is
//! large enough to fail on. Every check is "lower is better" (a figure
//! gated by `measured <= limit`), so the direction of a change is its sign.
//! A check whose status went from pass to fail is a regression (and fail to
//! pass an improvement) whatever its figure did.
//!
//! The comparison is part of the device's result ([`Comparison`] in
//! `DeviceResult`), so it is rendered into the device's piece of the
//! outputs and a merge of shards carries it byte for byte (every shard is
//! run with the same `--baseline`; `shard.json` records it and a merge
//! refuses shards compared against different baselines).

use std::fmt;
use std::path::{Path, PathBuf};

use reel_host::profile::Certify;
use serde::Serialize;
use serde_json::Value;

use super::checks::{Check, Status};

/// Why a baseline cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum BaselineError {
    /// The file cannot be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        message: String,
    },
    /// Not a `certify.json` of this format.
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A run of another app or key script.
    OtherRun {
        /// The file.
        path: PathBuf,
        /// `app` or `key script`.
        what: &'static str,
        /// The baseline's value.
        baseline: String,
        /// This run's value.
        this: String,
    },
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, message } => write!(f, "baseline {}: {message}", path.display()),
            Self::Malformed { path, message } => write!(f, "baseline {}: not a reel certify result: {message}", path.display()),
            Self::OtherRun { path, what, baseline, this } => write!(
                f,
                "baseline {}: a run of another {what} (`{baseline}`, this run: `{this}`)",
                path.display()
            ),
        }
    }
}

/// One check of the baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct OldCheck {
    /// Check id.
    pub id: String,
    /// `pass`, `fail` or `skip`.
    pub status: String,
    /// The figure.
    pub measured: Option<f64>,
}

/// One device of the baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct OldDevice {
    /// Device id.
    pub device: String,
    /// The key script it ran (the entry's `script`, else the document's).
    pub script: String,
    /// Its checks (empty when it could not run).
    pub checks: Vec<OldCheck>,
    /// Its error, if it could not run.
    pub error: Option<String>,
    /// Its frame times (the plot's overlay).
    pub frame_ms: Vec<f64>,
}

/// A baseline `certify.json`, read.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    /// The file as given.
    pub path: String,
    /// Its devices.
    pub devices: Vec<OldDevice>,
}

fn malformed(path: &Path, message: impl Into<String>) -> BaselineError {
    BaselineError::Malformed { path: path.to_path_buf(), message: message.into() }
}

/// `path` split into its lexical components: `.` and empty ones dropped,
/// `..` taking back the component before it, `/` and `\\` both separators.
fn components(path: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for c in path.split(['/', '\\']) {
        match c {
            "" | "." => {}
            ".." if out.last().is_some_and(|l| *l != "..") => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether two spellings of the app or script path name the same file as
/// far as both say: lexically normalised, the shorter one's components are
/// the longer one's last ones. A CI job that runs from another directory or
/// checkout (`./dist/` here, `/home/runner/work/app/app/dist` there) still
/// matches its baseline; `apps/a/main.js` and `apps/b/main.js` do not.
pub fn same_path(a: &str, b: &str) -> bool {
    let (a, b) = (components(a), components(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !short.is_empty() && long.ends_with(&short)
}

/// Reads `path` and checks it is a result of the same app and of at least
/// one of `scripts` (this run's key scripts).
pub fn load(path: &Path, app: &str, scripts: &[String]) -> Result<Baseline, BaselineError> {
    let text = std::fs::read_to_string(path).map_err(|e| BaselineError::Io { path: path.to_path_buf(), message: e.to_string() })?;
    parse(&text, path, app, scripts)
}

/// Parses a baseline's text (see [`load`]).
pub fn parse(text: &str, path: &Path, app: &str, scripts: &[String]) -> Result<Baseline, BaselineError> {
    let v: Value = serde_json::from_str(text).map_err(|e| malformed(path, e.to_string()))?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).ok_or_else(|| malformed(path, format!("no string `{k}`")));
    let format = field("format")?;
    if format != super::FORMAT {
        return Err(malformed(path, format!("format `{format}`, expected `{}`", super::FORMAT)));
    }
    let old_app = field("app")?;
    if !same_path(old_app, app) {
        return Err(BaselineError::OtherRun { path: path.to_path_buf(), what: "app", baseline: old_app.into(), this: app.into() });
    }
    let doc_script = field("script")?;
    let devices = v.get("devices").and_then(Value::as_array).ok_or_else(|| malformed(path, "no `devices` array"))?;
    let mut out = Vec::with_capacity(devices.len());
    for (i, d) in devices.iter().enumerate() {
        let at = |m: &str| malformed(path, format!("devices[{i}]: {m}"));
        let device = d.get("device").and_then(Value::as_str).ok_or_else(|| at("no string `device`"))?.to_string();
        let script = match d.get("script") {
            None => doc_script.to_string(),
            Some(s) => s.as_str().ok_or_else(|| at("`script` is not a string"))?.to_string(),
        };
        let list = d.get("checks").and_then(Value::as_array).ok_or_else(|| at("no `checks` array"))?;
        let mut checks = Vec::with_capacity(list.len());
        for (j, c) in list.iter().enumerate() {
            let id = c.get("id").and_then(Value::as_str).ok_or_else(|| at(&format!("checks[{j}]: no string `id`")))?;
            let status = c.get("status").and_then(Value::as_str).filter(|s| ["pass", "fail", "skip"].contains(s));
            let status = status.ok_or_else(|| at(&format!("checks[{j}]: `status` is not pass, fail or skip")))?;
            let measured = match c.get("measured") {
                None | Some(Value::Null) => None,
                Some(m) => Some(m.as_f64().ok_or_else(|| at(&format!("checks[{j}]: `measured` is not a number")))?),
            };
            checks.push(OldCheck { id: id.into(), status: status.into(), measured });
        }
        let error = d.get("error").and_then(Value::as_str).map(str::to_string);
        let frame_ms = d
            .get("series")
            .and_then(|s| s.get("frame_ms"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        if out.iter().any(|o: &OldDevice| o.device == device && o.script == script) {
            return Err(at(&format!("device `{device}` with `{script}` twice")));
        }
        out.push(OldDevice { device, script, checks, error, frame_ms });
    }
    if !out.is_empty() && !scripts.iter().any(|s| out.iter().any(|o| same_path(&o.script, s))) {
        let mut old: Vec<&str> = out.iter().map(|o| o.script.as_str()).collect();
        old.dedup();
        return Err(BaselineError::OtherRun { path: path.to_path_buf(), what: "key script", baseline: old.join(", "), this: scripts.join(", ") });
    }
    if out.is_empty() && !scripts.iter().any(|s| same_path(doc_script, s)) {
        return Err(BaselineError::OtherRun { path: path.to_path_buf(), what: "key script", baseline: doc_script.into(), this: scripts.join(", ") });
    }
    Ok(Baseline { path: path.display().to_string(), devices: out })
}

/// The verdict on one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Worse by more than the tolerance, or newly failing.
    Regression,
    /// Better by more than the tolerance, or newly passing.
    Improvement,
    /// Within the tolerance.
    Unchanged,
    /// Not measured in one of the runs.
    Incomparable,
}

impl Verdict {
    /// The word in reports.
    pub fn word(self) -> &'static str {
        match self {
            Self::Regression => "regression",
            Self::Improvement => "improvement",
            Self::Unchanged => "unchanged",
            Self::Incomparable => "not compared",
        }
    }
}

/// One check against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Delta {
    /// Check id.
    pub id: &'static str,
    /// The baseline's figure.
    pub before: Option<f64>,
    /// This run's figure.
    pub after: Option<f64>,
    /// `after - before`.
    pub delta: Option<f64>,
    /// `delta / before` in percent (none when `before` is 0).
    pub relative_pct: Option<f64>,
    /// The tolerance applied.
    pub tolerance: f64,
    /// `%` (relative to `before`) or the check's unit (absolute).
    pub tolerance_unit: &'static str,
    /// The verdict.
    pub verdict: Verdict,
    /// One line for people.
    pub detail: String,
}

/// A device against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// `compared`, or `no baseline` (the baseline lacks the device or it could not run there).
    pub verdict: &'static str,
    /// Why not compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Checks that regressed beyond their tolerance.
    pub regressions: usize,
    /// Checks that improved beyond their tolerance.
    pub improvements: usize,
    /// Per check, in the run's order.
    pub checks: Vec<Delta>,
    /// The baseline's frame times (the plot's overlay; not in the JSON).
    #[serde(skip)]
    pub before_frame_ms: Vec<f64>,
}

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The tolerance of check `id`: value and whether it is relative (%).
pub fn tolerance(id: &str, c: &Certify) -> (f64, bool) {
    match id {
        "startup-frame" | "frame-time-p95" | "frame-time-p99" | "input-latency" => (c.regression_time_pct, true),
        "wasm-memory" | "texture-memory" | "js-heap" => (c.regression_memory_pct, true),
        "dropped-frames" => (c.regression_dropped_points, false),
        _ => (c.regression_count as f64, false),
    }
}

/// One check against its baseline check.
pub fn delta(now: &Check, old: Option<&OldCheck>, gates: &Certify) -> Delta {
    let (tol, relative) = tolerance(now.id, gates);
    let tolerance_unit = if relative { "%" } else { now.unit };
    let before = old.and_then(|o| o.measured);
    let after = now.measured;
    let d = before.zip(after).map(|(b, a)| r3(a - b));
    let rel = before.zip(after).filter(|(b, _)| *b != 0.0).map(|(b, a)| r3((a - b) / b.abs() * 100.0));
    let was_fail = old.is_some_and(|o| o.status == "fail");
    let is_fail = now.status == Status::Fail;
    let by_figure = match (before, d) {
        (Some(b), Some(d)) => {
            let slack = if relative { b.abs() * tol / 100.0 } else { tol };
            Some(if d > slack + 1e-9 {
                Verdict::Regression
            } else if d < -slack - 1e-9 {
                Verdict::Improvement
            } else {
                Verdict::Unchanged
            })
        }
        _ => None,
    };
    let verdict = match (old, was_fail, is_fail, by_figure) {
        (None, _, _, _) => Verdict::Incomparable,
        (_, false, true, _) => Verdict::Regression,
        (_, true, false, _) => Verdict::Improvement,
        (_, _, _, Some(v)) => v,
        // Neither figure, same status (both skipped, or failed unmeasured).
        (Some(o), ..) if o.measured.is_none() && after.is_none() => Verdict::Unchanged,
        _ => Verdict::Incomparable,
    };
    let u = if now.unit.is_empty() { String::new() } else { format!(" {}", now.unit) };
    let fig = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v}{u}"));
    let tol_text = if relative { format!("{tol}%") } else { format!("{tol}{u}") };
    let detail = match (old, d) {
        (None, _) => "not in the baseline".to_string(),
        (_, Some(d)) => format!(
            "{} -> {} ({}{d}{u}{}; tolerance {tol_text})",
            fig(before),
            fig(after),
            if d > 0.0 { "+" } else { "" },
            rel.map_or(String::new(), |r| format!(", {}{r}%", if r > 0.0 { "+" } else { "" }))
        ),
        (Some(o), None) => format!("{} ({}) -> {} ({})", fig(before), o.status, fig(after), match now.status {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }),
    };
    Delta { id: now.id, before, after, delta: d, relative_pct: rel, tolerance: tol, tolerance_unit, verdict, detail }
}

/// Device `device`'s checks against the baseline.
/// `device`'s run of `script` against the baseline's run of the same.
pub fn compare(device: &str, script: &str, checks: &[Check], gates: &Certify, base: &Baseline) -> Comparison {
    let none = |note: String| Comparison {
        verdict: "no baseline",
        note: Some(note),
        regressions: 0,
        improvements: 0,
        checks: Vec::new(),
        before_frame_ms: Vec::new(),
    };
    let Some(old) = base.devices.iter().find(|d| d.device == device && same_path(&d.script, script)) else {
        return none(match base.devices.iter().any(|d| d.device == device) {
            true => format!("the baseline has no run of `{script}` on device `{device}`"),
            false => format!("the baseline has no device `{device}`"),
        });
    };
    if old.checks.is_empty() {
        return none(match &old.error {
            Some(e) => format!("the device could not run in the baseline: {}", e.lines().next().unwrap_or("")),
            None => "the baseline has no checks for the device".into(),
        });
    }
    if checks.is_empty() {
        return none("the device could not run".into());
    }
    let deltas: Vec<Delta> = checks.iter().map(|c| delta(c, old.checks.iter().find(|o| o.id == c.id), gates)).collect();
    Comparison {
        verdict: "compared",
        note: None,
        regressions: deltas.iter().filter(|d| d.verdict == Verdict::Regression).count(),
        improvements: deltas.iter().filter(|d| d.verdict == Verdict::Improvement).count(),
        checks: deltas,
        before_frame_ms: old.frame_ms.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(id: &'static str, status: Status, measured: Option<f64>, unit: &'static str) -> Check {
        Check { id, title: id.into(), status, measured, limit: Some(10.0), unit, detail: String::new() }
    }

    fn old(id: &str, status: &str, measured: Option<f64>) -> OldCheck {
        OldCheck { id: id.into(), status: status.into(), measured }
    }

    #[test]
    fn verdicts_follow_the_tolerances() {
        let g = Certify::default(); // time 2 %, memory 1 %, dropped 0.5 points, counts 0
        let v = |now: Check, o: OldCheck| delta(&now, Some(&o), &g);
        let d = v(check("frame-time-p95", Status::Pass, Some(10.1), "ms"), old("frame-time-p95", "pass", Some(10.0)));
        assert_eq!((d.verdict, d.delta, d.relative_pct), (Verdict::Unchanged, Some(0.1), Some(1.0)), "{d:?}");
        let d = v(check("frame-time-p95", Status::Pass, Some(10.3), "ms"), old("frame-time-p95", "pass", Some(10.0)));
        assert_eq!(d.verdict, Verdict::Regression);
        assert_eq!(d.detail, "10 ms -> 10.3 ms (+0.3 ms, +3%; tolerance 2%)");
        let d = v(check("frame-time-p95", Status::Pass, Some(9.0), "ms"), old("frame-time-p95", "pass", Some(10.0)));
        assert_eq!((d.verdict, d.relative_pct), (Verdict::Improvement, Some(-10.0)));
        let d = v(check("dropped-frames", Status::Pass, Some(1.4), "%"), old("dropped-frames", "pass", Some(1.0)));
        assert_eq!((d.verdict, d.tolerance_unit), (Verdict::Unchanged, "%"));
        let d = v(check("dropped-frames", Status::Pass, Some(1.6), "%"), old("dropped-frames", "pass", Some(1.0)));
        assert_eq!(d.verdict, Verdict::Regression);
        // A count from 0: no relative change, any increase regresses.
        let d = v(check("js-exceptions", Status::Fail, Some(1.0), ""), old("js-exceptions", "fail", Some(0.0)));
        assert_eq!((d.verdict, d.relative_pct), (Verdict::Regression, None));
        // Newly failing within tolerance is still a regression; newly passing an improvement.
        let d = v(check("wasm-memory", Status::Fail, Some(10.01), "MiB"), old("wasm-memory", "pass", Some(10.0)));
        assert_eq!(d.verdict, Verdict::Regression);
        let d = v(check("wasm-memory", Status::Pass, Some(9.99), "MiB"), old("wasm-memory", "fail", Some(10.0)));
        assert_eq!(d.verdict, Verdict::Improvement);
        // Skipped in both runs: unchanged; missing from the baseline: not compared.
        let d = v(check("input-latency", Status::Skip, None, "ms"), old("input-latency", "skip", None));
        assert_eq!(d.verdict, Verdict::Unchanged);
        let d = delta(&check("input-latency", Status::Pass, Some(3.0), "ms"), None, &g);
        assert_eq!((d.verdict, d.detail.as_str()), (Verdict::Incomparable, "not in the baseline"));
        // Zero tolerance: any change counts.
        let strict = Certify { regression_time_pct: 0.0, ..g };
        let d = delta(&check("frame-time-p99", Status::Pass, Some(10.001), "ms"), Some(&old("frame-time-p99", "pass", Some(10.0))), &strict);
        assert_eq!(d.verdict, Verdict::Regression);
    }

    const DOC: &str = r#"{"format": "reel-certify/1", "app": "a.js", "script": "k.txt", "passed": true, "devices": [
        {"device": "tv", "checks": [{"id": "js-heap", "status": "pass", "measured": 2.5}], "series": {"frame_ms": [1.0, 2.0]}},
        {"device": "old", "error": "could not run\nmore", "checks": []}]}"#;

    #[test]
    fn bad_baselines_are_named() {
        let p = Path::new("b/certify.json");
        let b = parse(DOC, p, "a.js", &["k.txt".into()]).expect("valid");
        assert_eq!(b.devices.len(), 2);
        assert_eq!(b.devices[0].frame_ms, [1.0, 2.0]);
        let e = parse(DOC, p, "other.js", &["k.txt".into()]).expect_err("other app");
        assert_eq!(e.to_string(), "baseline b/certify.json: a run of another app (`a.js`, this run: `other.js`)");
        let e = parse(DOC, p, "a.js", &["x.txt".into()]).expect_err("other script");
        assert!(matches!(e, BaselineError::OtherRun { what: "key script", .. }), "{e:?}");
        for (app, script) in [("./a.js", "k.txt"), ("/home/runner/work/x/a.js", "ci/../k.txt"), ("a.js", ".\\k.txt")] {
            assert!(parse(DOC, p, app, &[script.into()]).is_ok(), "{app} {script}: the same files spelled otherwise");
        }
        let e = parse(DOC, p, "b/a.js/..", &["k.txt".into()]).expect_err("`b`, not `a.js`");
        assert!(matches!(e, BaselineError::OtherRun { what: "app", .. }), "{e:?}");
        let e = parse(DOC, p, "a.js", &["kk.txt".into()]).expect_err("other script");
        assert!(matches!(e, BaselineError::OtherRun { what: "key script", .. }), "{e:?}");
        for (text, why) in [
            ("{", "EOF"),
            ("[]", "no string `format`"),
            (r#"{"format": "x/1", "app": "a.js", "script": "k.txt"}"#, "format `x/1`"),
            (r#"{"format": "reel-certify/1", "app": "a.js", "script": "k.txt"}"#, "no `devices` array"),
            (r#"{"format": "reel-certify/1", "app": "a.js", "script": "k.txt", "devices": [{"device": "t", "checks": [{"id": "x", "status": "ok"}]}]}"#, "devices[0]: checks[0]: `status`"),
            (r#"{"format": "reel-certify/1", "app": "a.js", "script": "k.txt", "devices": [{"device": "t", "checks": [{"id": "x", "status": "pass", "measured": "1"}]}]}"#, "`measured` is not a number"),
        ] {
            let e = parse(text, p, "a.js", &["k.txt".into()]).expect_err(text);
            assert!(matches!(e, BaselineError::Malformed { .. }) && e.to_string().contains(why), "{text}: {e}");
        }
        let e = load(Path::new("/nonexistent/certify.json"), "a.js", &["k.txt".into()]).expect_err("missing");
        assert!(matches!(e, BaselineError::Io { .. }) && e.to_string().starts_with("baseline /nonexistent/certify.json: "), "{e}");
        // Devices the baseline lacks or could not run: a per-device verdict.
        let checks = [check("js-heap", Status::Pass, Some(2.5), "MiB")];
        let c = compare("tv", "k.txt", &checks, &Certify::default(), &b);
        assert_eq!((c.verdict, c.regressions, c.checks[0].verdict), ("compared", 0, Verdict::Unchanged));
        let c = compare("new", "k.txt", &checks, &Certify::default(), &b);
        assert_eq!((c.verdict, c.note.as_deref()), ("no baseline", Some("the baseline has no device `new`")));
        let c = compare("old", "k.txt", &checks, &Certify::default(), &b);
        assert_eq!(c.note.as_deref(), Some("the device could not run in the baseline: could not run"));
        let c = compare("tv", "other.txt", &checks, &Certify::default(), &b);
        assert_eq!(c.note.as_deref(), Some("the baseline has no run of `other.txt` on device `tv`"));
        // A run of several scripts: each entry names its script; this run needs one of them.
        let several = r#"{"format": "reel-certify/1", "app": "a.js", "script": "k.txt, m.txt", "passed": true, "devices": [
            {"device": "tv", "script": "k.txt", "checks": [{"id": "js-heap", "status": "pass", "measured": 2.5}]},
            {"device": "tv", "script": "m.txt", "checks": [{"id": "js-heap", "status": "pass", "measured": 9.5}]}]}"#;
        let b2 = parse(several, p, "a.js", &["./m.txt".into()]).expect("one of its scripts");
        let c = compare("tv", "m.txt", &checks, &Certify::default(), &b2);
        assert_eq!((c.regressions, c.improvements), (0, 1), "compared with m.txt's 9.5, not k.txt's 2.5");
        let e = parse(several, p, "a.js", &["z.txt".into()]).expect_err("none of its scripts");
        assert_eq!(e.to_string(), "baseline b/certify.json: a run of another key script (`k.txt, m.txt`, this run: `z.txt`)");
        let dup = several.replace("m.txt\", \"checks", "k.txt\", \"checks");
        let e = parse(&dup, p, "a.js", &["k.txt".into()]).expect_err("twice");
        assert!(e.to_string().contains("device `tv` with `k.txt` twice"), "{e}");
    }
}
