//! `reel certify history`: the regression alarm ([`reel_host::alarm`]) over
//! a history of runs of noisy figures — the browser benchmarks
//! (`target/lightning-bench.json`), real-browser frame times — where
//! `--baseline` does not apply because two runs differ by noise alone.
//!
//! ```text
//! reel certify history HISTORY.jsonl [--add RESULT.json --run LABEL] [--only PREFIX]... [--better-up PATTERN]...
//! ```
//!
//! The history is JSON Lines, one run per line, oldest first:
//! `{"run": "<label>", "figures": {"<series>": <number>, ...}}`. A series
//! is a figure's path in the result documents it came from. `--add`
//! flattens any JSON result into figures and appends them as run `LABEL`
//! (a commit, a build number) before the alarm runs, so a CI job keeps the
//! file between builds (a cache or an artifact) and calls this once per
//! build. Flattening: object keys join with `.`; an array of objects names
//! each element by its `device`, `id` and `name` fields when it has any
//! (certify.json's `devices[{device}].checks[{id}]`), else by all its string
//! fields (`results[{cond, lib, p95}]` gives `results.<cond>/<lib>.p95`),
//! other arrays are skipped (per-frame series
//! are not one run's figure); only finite numbers are figures.
//!
//! Every series' latest run is scored against the runs before it (higher
//! is worse unless `--better-up` names it); the table shows the forecast,
//! both scores and the verdict. Series with fewer runs than the alarm needs
//! are listed as `history too short`. Exit status: 0 no alarm, 3 an alarm,
//! 1 a bad history or result file, 2 usage.
//!
//! Why here and not in `reel_host::alarm`: that module is the pure
//! statistics, tested on synthetic series; this one owns the file format
//! and the command line, which only the CLI needs.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use reel_host::alarm::{self, Params, Scores};
use reel_quickjs::cli::ArgsError;
use serde_json::Value;

/// Usage text.
pub const USAGE: &str = "\
usage: reel certify history HISTORY.jsonl [--add RESULT.json --run LABEL] [--only PREFIX]... [--better-up PATTERN]...
                            [--window N] [--trend N] [--json OUT.json]
  HISTORY.jsonl     one run per line, oldest first: {\"run\": LABEL, \"figures\": {SERIES: NUMBER, ...}}
                    (created by the first --add)
  --add FILE --run LABEL  flatten the JSON result FILE (e.g. target/lightning-bench.json) into figures and
                    append them as run LABEL before scoring
  --only PREFIX     score only series starting with PREFIX (repeatable)
  --better-up PAT   series containing PAT are better when higher (fps, throughput): alarm on a fall
  --window N        runs forming the forecast (default 16); --trend N: latest runs of the trend (default 5)
  --json OUT        also write every series' scores as JSON
exit status: 0 no alarm, 3 a series alarmed, 1 bad history or result, 2 usage error";

/// A bad history or result file.
#[derive(Debug, PartialEq)]
pub enum HistoryError {
    /// The file could not be read or written.
    Io { path: String, message: String },
    /// A line of the history is not a run.
    BadLine { path: String, line: usize, message: String },
    /// The result to add is not JSON, or has no figure.
    BadResult { path: String, message: String },
    /// The label of the run to add is already in the history.
    DuplicateRun { path: String, run: String },
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, message } => write!(f, "{path}: {message}"),
            Self::BadLine { path, line, message } => write!(f, "{path}:{line}: {message}"),
            Self::BadResult { path, message } => write!(f, "{path}: {message}"),
            Self::DuplicateRun { path, run } => write!(f, "{path}: run `{run}` is already in the history (labels are unique)"),
        }
    }
}

/// One run of the history.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Its label.
    pub run: String,
    /// Series name → value.
    pub figures: BTreeMap<String, f64>,
}

/// Parses a history file's text.
pub fn parse(text: &str, path: &str) -> Result<Vec<Run>, HistoryError> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let bad = |message: String| HistoryError::BadLine { path: path.into(), line: i + 1, message };
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| bad(format!("not JSON: {e}")))?;
        let run = v.get("run").and_then(Value::as_str).ok_or_else(|| bad("no `run` label (a string)".into()))?;
        let figs = v.get("figures").and_then(Value::as_object).ok_or_else(|| bad("no `figures` object".into()))?;
        let mut figures = BTreeMap::new();
        for (k, x) in figs {
            let n = x.as_f64().filter(|n| n.is_finite()).ok_or_else(|| bad(format!("figure `{k}` is not a finite number: {x}")))?;
            figures.insert(k.clone(), n);
        }
        if runs.iter().any(|r| r.run == run) {
            return Err(bad(format!("run `{run}` appears twice")));
        }
        runs.push(Run { run: run.into(), figures });
    }
    Ok(runs)
}

/// One history line: the label first, the figures in name order.
pub fn line(r: &Run) -> String {
    let figures: serde_json::Map<String, Value> = r.figures.iter().map(|(k, v)| (k.clone(), Value::from(*v))).collect();
    format!("{{\"run\":{},\"figures\":{}}}", Value::from(r.run.clone()), Value::Object(figures))
}

/// Fields that name an array element on their own (in this order).
const IDENTITY: [&str; 3] = ["device", "id", "name"];

/// The figures of a JSON result (see the module docs).
pub fn flatten(v: &Value) -> BTreeMap<String, f64> {
    fn walk(v: &Value, at: &str, out: &mut BTreeMap<String, f64>) {
        let join = |k: &str| if at.is_empty() { k.to_string() } else { format!("{at}.{k}") };
        match v {
            Value::Number(n) => {
                if let Some(x) = n.as_f64().filter(|x| x.is_finite()) {
                    if !at.is_empty() {
                        out.insert(at.to_string(), x);
                    }
                }
            }
            Value::Object(o) => o.iter().for_each(|(k, x)| walk(x, &join(k), out)),
            Value::Array(items) => {
                for item in items {
                    let Some(o) = item.as_object() else { continue };
                    // An element with an identity (`device`, `id`, `name`)
                    // is named by it alone: a certify check's `status` and
                    // `detail` strings hold its measured figure, so naming
                    // it by every string made a new series at every change.
                    let ids: Vec<&str> = IDENTITY.iter().filter_map(|k| o.get(*k).and_then(Value::as_str)).collect();
                    let name: Vec<&str> = if ids.is_empty() { o.values().filter_map(Value::as_str).collect() } else { ids };
                    if name.is_empty() {
                        continue;
                    }
                    let key = join(&name.join("/"));
                    for (k, x) in o.iter().filter(|(_, x)| !x.is_string()) {
                        walk(x, &format!("{key}.{k}"), out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(v, "", &mut out);
    out
}

/// A series' verdict on its latest run.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The series.
    pub series: String,
    /// Runs with a value.
    pub runs: usize,
    /// The latest run's label and value.
    pub latest: Option<(String, f64)>,
    /// The forecast (median of the window before the trend), in the series' units.
    pub forecast: Option<f64>,
    /// The scores (`None`: history too short).
    pub scores: Option<Scores>,
    /// Higher is better for this series.
    pub better_up: bool,
}

/// Scores every series' latest run. A series is the runs that have it
/// (a run without the figure — a benchmark not run that day — is skipped,
/// not a zero).
pub fn verdicts(runs: &[Run], only: &[String], better_up: &[String], p: &Params) -> Vec<Verdict> {
    let mut names: Vec<&String> = runs.iter().flat_map(|r| r.figures.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| only.is_empty() || only.iter().any(|o| n.starts_with(o.as_str())))
        .map(|name| {
            let up = better_up.iter().any(|b| name.contains(b.as_str()));
            let points: Vec<(&str, f64)> = runs.iter().filter_map(|r| r.figures.get(name).map(|v| (r.run.as_str(), *v))).collect();
            let series: Vec<f64> = points.iter().map(|(_, v)| if up { -v } else { *v }).collect();
            let t = series.len().saturating_sub(1);
            let scores = alarm::score_at(&series, t, p);
            let forecast = scores.map(|_| {
                let start = t + 1 - p.trend;
                let mut w: Vec<f64> = points[start - p.window..start].iter().map(|(_, v)| *v).collect();
                w.sort_by(f64::total_cmp);
                let n = w.len();
                if n % 2 == 1 { w[n / 2] } else { (w[n / 2 - 1] + w[n / 2]) / 2.0 }
            });
            Verdict {
                series: name.clone(),
                runs: points.len(),
                latest: points.last().map(|(r, v)| (r.to_string(), *v)),
                forecast,
                scores,
                better_up: up,
            }
        })
        .collect()
}

/// The table the command prints.
pub fn table(vs: &[Verdict], p: &Params) -> String {
    use std::fmt::Write;
    let w = vs.iter().map(|v| v.series.len()).max().unwrap_or(6).max(6);
    let mut o = format!(
        "{:<w$} | runs | latest     | forecast   | magnitude | derivative | verdict (alarm: magnitude > {} and derivative > {})\n",
        "series", p.magnitude, p.derivative
    );
    o.push_str(&"-".repeat(w + 100));
    o.push('\n');
    let num = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.4}"));
    for v in vs {
        let verdict = match v.scores {
            None => format!("history too short (needs {} runs)", p.window + p.trend),
            Some(s) if s.alarm => format!("ALARM{}", if v.better_up { " (fell)" } else { "" }),
            Some(_) => "ok".to_string(),
        };
        let _ = writeln!(
            o,
            "{:<w$} | {:>4} | {:<10} | {:<10} | {:>9} | {:>10} | {verdict}",
            v.series,
            v.runs,
            num(v.latest.as_ref().map(|l| l.1)),
            num(v.forecast),
            v.scores.map_or("-".into(), |s| format!("{:.2}", s.magnitude)),
            v.scores.map_or("-".into(), |s| format!("{:.2}", s.derivative)),
        );
    }
    let alarms = vs.iter().filter(|v| v.scores.is_some_and(|s| s.alarm)).count();
    let _ = writeln!(o, "{} series, {alarms} alarm(s)", vs.len());
    o
}

fn to_json(vs: &[Verdict]) -> Value {
    Value::Array(
        vs.iter()
            .map(|v| {
                serde_json::json!({
                    "series": v.series,
                    "runs": v.runs,
                    "latest_run": v.latest.as_ref().map(|l| l.0.clone()),
                    "latest": v.latest.as_ref().map(|l| l.1),
                    "forecast": v.forecast,
                    "magnitude": v.scores.map(|s| s.magnitude),
                    "derivative": v.scores.map(|s| s.derivative),
                    "alarm": v.scores.is_some_and(|s| s.alarm),
                    "higher_is_better": v.better_up,
                })
            })
            .collect(),
    )
}

/// Parsed arguments.
#[derive(Debug, Default, PartialEq)]
struct Args {
    history: PathBuf,
    add: Option<PathBuf>,
    run: Option<String>,
    only: Vec<String>,
    better_up: Vec<String>,
    json: Option<PathBuf>,
    params: Params,
}

fn parse_args(args: &[String]) -> Result<Args, ArgsError> {
    let mut a = Args::default();
    let mut history = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let Some(name) = arg.strip_prefix("--") else {
            if history.replace(PathBuf::from(arg)).is_some() {
                return Err("history takes one HISTORY.jsonl".into());
            }
            continue;
        };
        if name == "help" {
            return Err(ArgsError::Help);
        }
        let mut value = || it.next().cloned().ok_or_else(|| format!("--{name} needs a value"));
        let count = |v: String, min: usize| v.parse::<usize>().ok().filter(|&n| n >= min).ok_or_else(|| format!("--{name} takes a whole number >= {min}, not `{v}`"));
        match name {
            "add" => a.add = Some(PathBuf::from(value()?)),
            "run" => a.run = Some(value()?).filter(|s| !s.trim().is_empty()),
            "only" => a.only.push(value()?),
            "better-up" => a.better_up.push(value()?),
            "json" => a.json = Some(PathBuf::from(value()?)),
            "window" => a.params.window = count(value()?, 3)?,
            "trend" => a.params.trend = count(value()?, 3)?,
            other => return Err(format!("unknown option --{other}").into()),
        }
    }
    a.history = history.ok_or("history needs a HISTORY.jsonl")?;
    if a.add.is_some() != a.run.is_some() {
        return Err("--add and --run LABEL go together (a non-empty label)".into());
    }
    Ok(a)
}

fn io(path: &Path, e: impl fmt::Display) -> HistoryError {
    HistoryError::Io { path: path.display().to_string(), message: e.to_string() }
}

/// Reads (and with `--add`, extends) the history; returns the verdicts.
fn run(a: &Args) -> Result<Vec<Verdict>, HistoryError> {
    let hp = a.history.display().to_string();
    let text = match std::fs::read_to_string(&a.history) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && a.add.is_some() => String::new(),
        Err(e) => return Err(io(&a.history, e)),
    };
    let mut runs = parse(&text, &hp)?;
    if let (Some(add), Some(label)) = (&a.add, &a.run) {
        let rp = add.display().to_string();
        let doc = std::fs::read_to_string(add).map_err(|e| io(add, e))?;
        let v: Value = serde_json::from_str(&doc).map_err(|e| HistoryError::BadResult { path: rp.clone(), message: format!("not JSON: {e}") })?;
        let figures = flatten(&v);
        if figures.is_empty() {
            return Err(HistoryError::BadResult { path: rp, message: "no numeric figure in it".into() });
        }
        if runs.iter().any(|r| &r.run == label) {
            return Err(HistoryError::DuplicateRun { path: hp, run: label.clone() });
        }
        let r = Run { run: label.clone(), figures };
        let mut out = text;
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&line(&r));
        out.push('\n');
        if let Some(dir) = a.history.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        std::fs::write(&a.history, out).map_err(|e| io(&a.history, e))?;
        runs.push(r);
    }
    let vs = verdicts(&runs, &a.only, &a.better_up, &a.params);
    if let Some(j) = &a.json {
        let text = serde_json::to_string_pretty(&to_json(&vs)).map_err(|e| io(j, e))?;
        std::fs::write(j, text + "\n").map_err(|e| io(j, e))?;
    }
    Ok(vs)
}

/// `reel certify history ...`.
pub fn cli(args: &[String]) -> ExitCode {
    let a = match super::parsed(parse_args(args), "reel certify history", USAGE) {
        Ok(a) => a,
        Err(code) => return code,
    };
    match run(&a) {
        Ok(vs) => {
            print!("{}", table(&vs, &a.params));
            if vs.iter().any(|v| v.scores.is_some_and(|s| s.alarm)) {
                ExitCode::from(3)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("reel certify history: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattening_names_array_elements_by_their_strings() {
        let v: Value = serde_json::from_str(
            r#"{"results": [{"cond": "no slowdown", "lib": "reel", "p95": 3.5, "frames": [1, 2]},
                            {"cond": "no slowdown", "lib": "lightning", "p95": 4.25, "ok": true}],
                "bundles": {"reel": {"gzip": 12000}}, "bad": null, "list": [1, 2, 3], "anon": [{"x": 1}]}"#,
        )
        .expect("json");
        let f = flatten(&v);
        let names: Vec<&str> = f.keys().map(String::as_str).collect();
        assert_eq!(names, ["bundles.reel.gzip", "results.no slowdown/lightning.p95", "results.no slowdown/reel.p95"]);
        assert_eq!(f["results.no slowdown/reel.p95"], 3.5);
        // certify.json: a check's status and detail change with its figure;
        // its series is named by the device and the check id alone.
        for (status, measured) in [("pass", 3.377), ("fail", 17.5)] {
            let v: Value = serde_json::from_str(&format!(
                r#"{{"devices": [{{"device": "tv-midrange", "status": "{status}ed", "checks": [{{"id": "frame-time-p95", "title": "p95 frame time", "status": "{status}", "measured": {measured}, "limit": 16.667, "unit": "ms", "detail": "{measured} ms"}}]}}]}}"#
            ))
            .expect("json");
            let f = flatten(&v);
            assert_eq!(f.keys().collect::<Vec<_>>(), ["devices.tv-midrange.checks.frame-time-p95.limit", "devices.tv-midrange.checks.frame-time-p95.measured"]);
            assert_eq!(f["devices.tv-midrange.checks.frame-time-p95.measured"], measured);
        }
    }

    #[test]
    fn bad_history_lines_are_named() {
        let cases = [
            ("{\"run\": \"a\", \"figures\": {}}\nnope\n", 2, "not JSON"),
            ("{\"figures\": {}}\n", 1, "no `run` label"),
            ("{\"run\": \"a\"}\n", 1, "no `figures` object"),
            ("{\"run\": \"a\", \"figures\": {\"x\": \"1\"}}\n", 1, "figure `x` is not a finite number"),
            ("{\"run\": \"a\", \"figures\": {}}\n\n{\"run\": \"a\", \"figures\": {}}\n", 3, "run `a` appears twice"),
        ];
        for (text, at, msg) in cases {
            match parse(text, "h.jsonl") {
                Err(HistoryError::BadLine { line, message, .. }) => {
                    assert_eq!(line, at, "{text:?}");
                    assert!(message.contains(msg), "{message} vs {msg}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_step_alarms_a_spike_does_not_and_better_up_flips() {
        let p = Params::default();
        // 30 runs; a deterministic wobble of +-2 % on 10.
        let wobble = |i: usize| 10.0 + 0.2 * ((i * 7919 % 13) as f64 / 6.0 - 1.0);
        let runs: Vec<Run> = (0..30)
            .map(|i| {
                let mut figures = BTreeMap::new();
                figures.insert("step.ms".to_string(), wobble(i) + if i >= 25 { 3.0 } else { 0.0 });
                figures.insert("spike.ms".to_string(), wobble(i) + if i == 29 { 9.0 } else { 0.0 });
                figures.insert("fps".to_string(), 60.0 - wobble(i) + if i >= 25 { -3.0 } else { 0.0 });
                if i >= 25 {
                    figures.insert("new.ms".to_string(), 1.0);
                }
                Run { run: format!("r{i}"), figures }
            })
            .collect();
        let vs = verdicts(&runs, &[], &["fps".to_string()], &p);
        let alarm = |n: &str| vs.iter().find(|v| v.series == n).and_then(|v| v.scores).map(|s| s.alarm);
        assert_eq!(alarm("step.ms"), Some(true));
        assert_eq!(alarm("spike.ms"), Some(false), "one spike is not a regression");
        assert_eq!(alarm("fps"), Some(true), "a falling fps alarms with --better-up");
        assert_eq!(alarm("new.ms"), None, "five runs are too short a history");
        let only = verdicts(&runs, &["spike".to_string()], &[], &p);
        assert_eq!(only.len(), 1);
        let t = table(&vs, &p);
        assert!(t.contains("4 series, 2 alarm(s)"), "{t}");
        assert!(t.contains("ALARM (fell)"), "{t}");
    }
}
