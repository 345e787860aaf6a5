//! `reel certify`: run an app with a key script on emulated devices and
//! gate the figures against each profile's `[certify]` table.
//!
//! ```text
//! reel certify APP.js --device ID|FILE.toml|all|fleet[,ID...] --script KEYS.txt [--out DIR] [--shard K/N]
//!              [--baseline OLD/certify.json] [--frames N] [--every N] [--engine PATH] [--engine-js PATH] [--shim DIR] [--seed N] [--echo]
//! ```
//!
//! Each device runs the app through [`reel_quickjs::run_app`] with each
//! script's keys (`--script` repeats: the run is the matrix devices ×
//! scripts, script by script; with several, each entry of `certify.json`
//! names its `script` and each run is `DEVICE@STEM` in the JUnit, the HTML
//! and as its screenshot directory) (the `reel run --keys` syntax plus `checkpoint NAME`
//! lines, see [`script`]). The run's figures are on the fuel CPU model, so
//! they are the same on any machine. `DIR` (default `reel-certify`) gets:
//!
//! * `certify.json` — every device: checks, the run summary, per-frame
//!   series; byte-identical for the same app, script, engine and profiles;
//! * `junit.xml` — one `<testsuite>` per device, one `<testcase>` per
//!   check (a failed check is a `<failure>`, a device that could not run an
//!   `<error>`, an unmeasured check `<skipped>`); also byte-identical;
//! * `report.html` — self-contained: the check matrix, per device the
//!   check table, a frame-time plot with the budget line, a memory plot and
//!   the checkpoint screenshots (inline SVG and base64 PNG; no external
//!   files);
//! * `<device>/checkpoint-NN-<name>.png` — the screenshots as files.
//!
//! `--device all` is the reference profiles (`devices/*.toml`), `fleet`
//! every profile (and `devices/fleet/`); see `reel_host::profile::catalogue`.
//! `--shard K/N` runs a round-robin slice of the devices and also writes
//! `shard.json`; `reel certify merge DIR... --out DIR` joins shards into
//! the outputs a whole run writes, byte for byte ([`shard`]).
//! `reel certify history` keeps a history of noisy figures (the browser
//! benchmarks) and alarms on sustained regressions only ([`history`]).
//!
//! `--baseline OLD/certify.json` compares every device's checks with the
//! same device's in an earlier run of the same app and script: before,
//! after, the change and a verdict per check, a regression beyond the
//! profile's `regression_*` tolerance failing the device ([`baseline`]).
//!
//! Devices with `engine.wasm = false` (tv-legacy) run the JS fallback
//! engine — `target/engine-wasm2js.mjs` (or `--engine-js PATH`) on its own
//! QuickJS runtime on the engine thread, see [`reel_quickjs::js_engine`] —
//! and are certified with the same checks; their CPU model counts QuickJS
//! ticks at the profile's `cpu.js_ticks_per_ms`, so their figures are as
//! deterministic as the wasm devices'.
//!
//! Exit status: 0 every check passed; 3 a check failed; 1 a device could
//! not run (or the outputs could not be written); 2 usage error.

pub mod a11y;
pub mod baseline;
pub mod checks;
pub mod error;
pub mod history;
pub mod html;
pub mod junit;
pub mod script;
pub mod shard;
pub mod video;

use std::path::PathBuf;
use std::process::ExitCode;

use reel_engine::raster::{self, RgbaImage};
use reel_host::{paths, profile, Profile};
use reel_quickjs::cli::ArgsError;
use reel_quickjs::{run_app, RunOptions, RunReport, RunSummary};
use serde::Serialize;

use checks::{Check, Status};
pub use error::CertifyError;
use script::Checkpoint;

/// Usage text.
pub const USAGE: &str = "\
usage: reel certify APP --device ID|FILE.toml|all|fleet[,ID...] --script KEYS.txt [--out DIR] [--shard K/N]
                    [--baseline OLD/certify.json] [--frames N] [--every N] [--engine PATH] [--engine-js PATH] [--shim DIR] [--root DIR] [--seed N] [--echo]
  APP             an entry module (.js/.mjs), a page (index.html) or a bundle directory (a Vite dist/)
  --root DIR      the app bundle's root (default: the page's or entry module's directory)
  --device        profile ids or files; `all` (or `reference`): the reference profiles devices/*.toml;
                  `fleet`: every profile, devices/*.toml and devices/fleet/*.toml
  --shard K/N     run only the K-th of N round-robin slices of the device list and also write
                  shard.json; `reel certify merge DIR... --out DIR` joins the slices
  --baseline FILE a certify.json of an earlier run of the same app and script: per device and check the
                  change and a verdict; a regression beyond the profile's regression_* tolerance fails
  --script FILE   key script (`reel run --keys` syntax) plus `checkpoint NAME` lines (screenshots);
                  repeatable: every device runs every script, each (device, script) run named
                  DEVICE@STEM (the script's file stem) in the reports and as its screenshot directory
  --out DIR       certify.json, junit.xml, report.html, <device>/checkpoint-*.png (default: reel-certify)
  --frames N      host frames per device (default: the script's end + 0.5 s, at least 1 s)
  --every N       also a screenshot every N frames (default: 0, only checkpoints and the last frame)
  --engine-js PATH  the JS fallback engine devices with wasm = false run (default: target/engine-wasm2js.mjs)
  --echo          echo the app's console lines
       reel certify merge SHARD_DIR... --out DIR
                  certify.json, junit.xml, report.html of the shards' devices, byte-identical to one whole run
       reel certify history HISTORY.jsonl [--add RESULT.json --run LABEL] ...
                  the regression alarm over a history of noisy figures (browser benchmarks);
                  `reel certify history --help` lists options
exit status: 0 all checks passed, 3 a check failed, 1 an input could not be used (a key script, a device
             profile or id, a baseline; each named with its line) or a device could not run,
             2 usage error (the command line itself)";

/// Parsed arguments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args {
    /// The app entry.
    pub app: PathBuf,
    /// Device specs (`all` expanded later).
    pub devices: Vec<String>,
    /// The key scripts (`--script`, repeatable): the run is devices × scripts.
    pub scripts: Vec<PathBuf>,
    /// Output directory.
    pub out: PathBuf,
    /// `--frames`.
    pub frames: Option<u32>,
    /// `--every`.
    pub every: u32,
    /// `--engine`.
    pub engine: Option<PathBuf>,
    /// `--engine-js`.
    pub engine_js: Option<PathBuf>,
    /// `--shim`.
    pub shim: Option<PathBuf>,
    /// `--root`: the app bundle's root directory.
    pub root: Option<PathBuf>,
    /// `--seed`.
    pub seed: u32,
    /// `--echo`.
    pub echo: bool,
    /// `--shard K/N`.
    pub shard: Option<shard::Shard>,
    /// `--baseline FILE`.
    pub baseline: Option<PathBuf>,
}

/// Parses the arguments after `reel certify`.
pub fn parse_args(args: &[String]) -> Result<Args, ArgsError> {
    let mut a = Args { out: PathBuf::from("reel-certify"), seed: 1, ..Default::default() };
    let mut app = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.strip_prefix("--") {
            Some(n) => match n.split_once('=') {
                Some((n, v)) => (Some(n), Some(v.to_string())),
                None => (Some(n), None),
            },
            None => (None, None),
        };
        let Some(name) = name else {
            if app.replace(PathBuf::from(arg)).is_some() {
                return Err("certify takes exactly one app".into());
            }
            continue;
        };
        if name == "echo" {
            a.echo = true;
            continue;
        }
        if name == "help" {
            return Err(ArgsError::Help);
        }
        let mut value = || match &inline {
            Some(v) => Ok(v.clone()),
            None => it.next().cloned().ok_or_else(|| format!("--{name} needs a value")),
        };
        let num = |v: String, min: u32| {
            v.parse::<u32>().ok().filter(|&n| n >= min).ok_or_else(|| format!("--{name} takes a whole number >= {min}, not `{v}`"))
        };
        match name {
            "device" => a.devices.extend(value()?.split(',').filter(|s| !s.is_empty()).map(str::to_string)),
            "script" | "keys" => a.scripts.push(PathBuf::from(value()?)),
            "out" => a.out = PathBuf::from(value()?),
            "frames" => a.frames = Some(num(value()?, 1)?),
            "every" => a.every = num(value()?, 0)?,
            "engine" => a.engine = Some(PathBuf::from(value()?)),
            "engine-js" => a.engine_js = Some(PathBuf::from(value()?)),
            "shim" => a.shim = Some(PathBuf::from(value()?)),
            "root" => a.root = Some(PathBuf::from(value()?)),
            "seed" => a.seed = num(value()?, 0)?,
            "shard" => a.shard = Some(shard::Shard::parse(&value()?)?),
            "baseline" => a.baseline = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown option --{other}").into()),
        }
    }
    a.app = app.ok_or("certify needs an app (APP.js)")?;
    if a.scripts.is_empty() {
        return Err("certify needs --script KEYS.txt".into());
    }
    let stems: Vec<String> = a.scripts.iter().map(|p| script_stem(p)).collect();
    if let Some((i, s)) = stems.iter().enumerate().find(|(i, s)| stems[..*i].contains(s)) {
        return Err(format!("two key scripts named `{s}` (`{}`): each script's file name must differ, it names its runs", a.scripts[i].display()).into());
    }
    if a.devices.is_empty() {
        return Err("certify needs --device ID|all".into());
    }
    Ok(a)
}

/// Per-frame figures of a device run (the plots).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Series {
    /// Emulated ms of each engine frame.
    pub frame_ms: Vec<f64>,
    /// Linear memory after each engine frame, bytes.
    pub wasm_memory_bytes: Vec<u64>,
    /// Texture bytes after each engine frame.
    pub texture_bytes: Vec<u64>,
    /// JS heap after each host frame, bytes.
    pub js_heap_bytes: Vec<u64>,
    /// The app's JS time of each host frame after module evaluation,
    /// emulated ms.
    pub js_ms: Vec<f64>,
    /// Host frames of the keydowns.
    pub key_frames: Vec<u32>,
    /// What the engine said: (engine frame, politeness, text), in order.
    pub announcements: Vec<(u32, &'static str, String)>,
}

/// A screenshot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shot {
    /// Checkpoint name.
    pub name: String,
    /// The host frame asked for.
    pub frame: u32,
    /// The engine frame painted (the last one at or before `frame` with a display list).
    pub painted_frame: u32,
    /// File under the output directory.
    pub file: String,
    /// PNG bytes (only in the HTML).
    #[serde(skip)]
    pub png: Vec<u8>,
}

/// One device's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeviceResult {
    /// Profile id.
    pub device: String,
    /// Profile name.
    pub device_name: String,
    /// `wasm` or `js-fallback`.
    pub engine_path: &'static str,
    /// Display.
    pub display: [u32; 2],
    /// Refresh rate.
    pub fps: u32,
    /// Frame budget ms.
    pub budget_ms: f64,
    /// The profile's gates.
    pub gates: reel_host::profile::Certify,
    /// `passed`, `failed` or `error`.
    pub status: &'static str,
    /// Why the device could not run.
    pub error: Option<String>,
    /// The checks.
    pub checks: Vec<Check>,
    /// The run's summary (as `reel run` writes it).
    pub summary: Option<RunSummary>,
    /// Per-frame figures.
    pub series: Option<Series>,
    /// Screenshots.
    pub checkpoints: Vec<Shot>,
    /// The checks against `--baseline` (only with one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<baseline::Comparison>,
    /// The key script of this run, when the run has several (with one, the
    /// document's `script` is every entry's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// The run's name: the device id, `DEVICE@SCRIPT` (the script's file
    /// stem) when the run has several scripts. Names the JUnit suite, the
    /// HTML column and the screenshot directory.
    #[serde(skip)]
    pub key: String,
}

/// A key script's file stem (`keys/home.txt` -> `home`), which names its
/// runs when a certification has several scripts.
pub fn script_stem(p: &std::path::Path) -> String {
    p.file_stem().map_or_else(|| p.display().to_string(), |s| s.to_string_lossy().into_owned())
}

/// `certify.json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CertifyResult {
    /// Format tag.
    pub format: &'static str,
    /// The app as given.
    pub app: String,
    /// The script as given.
    pub script: String,
    /// `--baseline` as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// Every device passed every check (and none regressed).
    pub passed: bool,
    /// Devices in order.
    pub devices: Vec<DeviceResult>,
}

/// `d` as it appears in `certify.json`'s `devices` array (pretty, indented
/// for that place, no trailing comma or newline).
pub fn device_json(d: &DeviceResult) -> String {
    let text = serde_json::to_string_pretty(d).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

/// `certify.json` from its parts (see [`CertifyResult::to_json`]).
pub fn json_document(app: &str, script: &str, baseline: Option<&str>, passed: bool, devices: &[String]) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut o = format!("{{\n  \"format\": {},\n  \"app\": {},\n  \"script\": {},\n", q(FORMAT), q(app), q(script));
    if let Some(b) = baseline {
        o.push_str(&format!("  \"baseline\": {},\n", q(b)));
    }
    o.push_str(&format!("  \"passed\": {passed},\n  \"devices\": "));
    if devices.is_empty() {
        o.push_str("[]");
    } else {
        o.push_str("[\n");
        o.push_str(&devices.join(",\n"));
        o.push_str("\n  ]");
    }
    o.push_str("\n}\n");
    o
}

/// `certify.json`'s format tag.
pub const FORMAT: &str = "reel-certify/1";

/// Parsed arguments, or the exit of a command whose arguments were not
/// ([`ArgsError::Help`]: the usage on stdout, exit 0; [`ArgsError::Usage`]:
/// the reason and the usage on stderr, exit 2).
pub fn parsed<T>(r: Result<T, ArgsError>, command: &str, usage: &str) -> Result<T, ExitCode> {
    match r {
        Ok(a) => Ok(a),
        Err(ArgsError::Help) => {
            println!("{usage}");
            Err(ExitCode::SUCCESS)
        }
        Err(ArgsError::Usage(m)) => {
            eprintln!("{command}: {m}\n{usage}");
            Err(ExitCode::from(2))
        }
    }
}

/// `reel certify`.
pub fn cli_certify(args: &[String]) -> ExitCode {
    if args.first().map(String::as_str) == Some("merge") {
        return cli_merge(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("history") {
        return history::cli(&args[1..]);
    }
    let a = match parsed(parse_args(args), "reel certify", USAGE) {
        Ok(a) => a,
        Err(code) => return code,
    };
    match certify(&a) {
        Ok(r) => {
            print!("{}", table_text(&r));
            println!("wrote {0}/certify.json, {0}/junit.xml, {0}/report.html", a.out.display());
            if r.devices.iter().any(|d| d.status == "error") {
                ExitCode::from(1)
            } else if r.passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            }
        }
        Err(m) => {
            eprintln!("reel certify: {m}");
            ExitCode::from(1)
        }
    }
}

/// Loads the profiles `specs` name (`all`/`reference`: the reference
/// profiles in `devices/`; `fleet`: those and `devices/fleet/`).
pub fn load_profiles(specs: &[String]) -> Result<Vec<Profile>, CertifyError> {
    let dir = paths::devices_dir();
    let mut out: Vec<Profile> = Vec::new();
    for spec in specs {
        let ps = if let Some(group) = profile::catalogue::Group::parse(spec) {
            profile::catalogue::load_group(&dir, group).into_iter().collect::<Result<Vec<_>, _>>()?
        } else {
            vec![Profile::load(spec, &dir)?]
        };
        for p in ps {
            if !out.iter().any(|q| q.id == p.id) {
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// `reel certify merge SHARD_DIR... --out DIR`.
fn cli_merge(args: &[String]) -> ExitCode {
    let mut dirs = Vec::new();
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = it.next().map(PathBuf::from),
            s if s.starts_with("--out=") => out = Some(PathBuf::from(&s[6..])),
            s if s.starts_with("--") => {
                eprintln!("reel certify merge: unknown option {s}\n{USAGE}");
                return ExitCode::from(2);
            }
            d => dirs.push(PathBuf::from(d)),
        }
    }
    let Some(out) = out else {
        eprintln!("reel certify merge: needs --out DIR\n{USAGE}");
        return ExitCode::from(2);
    };
    let run = || -> Result<shard::Merged, CertifyError> {
        let m = shard::join(&dirs)?;
        std::fs::create_dir_all(&out).map_err(CertifyError::io(&out))?;
        for p in &m.pieces {
            let dir = dirs.iter().find(|d| shard::read_shard(d).is_ok_and(|s| s.pieces.iter().any(|q| q.device == p.device)));
            if let Some(dir) = dir {
                shard::copy_device_dir(dir, &out, &p.device)?;
            }
        }
        shard::write_documents(&out, &shard::documents(&m.app, &m.script, m.baseline.as_deref(), &m.pieces))?;
        Ok(m)
    };
    match run() {
        Ok(m) => {
            for p in &m.pieces {
                let status = match p.column.status.as_str() {
                    "passed" => "PASSED",
                    "error" => "ERROR",
                    _ => "FAILED",
                };
                println!("{:<24} {status}", p.device);
            }
            println!(
                "merged {} shard(s), {} device(s): wrote {2}/certify.json, {2}/junit.xml, {2}/report.html",
                dirs.len(),
                m.pieces.len(),
                out.display()
            );
            if m.pieces.iter().any(|p| p.column.status == "error") {
                ExitCode::from(1)
            } else if m.pieces.iter().all(|p| p.passed) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            }
        }
        Err(m) => {
            eprintln!("reel certify merge: {m}");
            ExitCode::from(1)
        }
    }
}

/// Runs every device with every script and writes the outputs.
pub fn certify(a: &Args) -> Result<CertifyResult, CertifyError> {
    // A missing app is one error up front, not an ERROR column per device.
    std::fs::metadata(&a.app).map_err(CertifyError::io(&a.app))?;
    let mut scripts = Vec::with_capacity(a.scripts.len());
    for path in &a.scripts {
        let text = std::fs::read_to_string(path).map_err(CertifyError::io(path))?;
        let parsed = script::parse(&text).map_err(|error| CertifyError::Script { path: path.clone(), error })?;
        scripts.push((path.display().to_string(), script_stem(path), parsed));
    }
    let several = scripts.len() > 1;
    let profiles = load_profiles(&a.devices)?;
    let app = a.app.display().to_string();
    let script_name = scripts.iter().map(|s| s.0.as_str()).collect::<Vec<_>>().join(", ");
    let base = match &a.baseline {
        // Each run finds its own device and script's entry.
        Some(path) => {
            let names: Vec<String> = scripts.iter().map(|s| s.0.clone()).collect();
            Some(baseline::load(path, &app, &names)?)
        }
        None => None,
    };
    // The matrix in run order: scripts, then devices within a script.
    let runs: Vec<(usize, &Profile)> = (0..scripts.len()).flat_map(|s| profiles.iter().map(move |p| (s, p))).collect();
    let key = |s: usize, p: &Profile| if several { format!("{}@{}", p.id, scripts[s].1) } else { p.id.clone() };
    let all_keys: Vec<String> = runs.iter().map(|(s, p)| key(*s, p)).collect();
    let mine: Vec<usize> = match a.shard {
        Some(sh) => {
            let deal = shard::deal_order(&runs.iter().map(|(_, p)| p.engine.wasm).collect::<Vec<_>>());
            (0..runs.len()).filter(|&i| sh.owns(deal[i])).collect()
        }
        None => (0..runs.len()).collect(),
    };
    std::fs::create_dir_all(&a.out).map_err(CertifyError::io(&a.out))?;
    let mut devices = Vec::new();
    for i in mine {
        let (s, p) = runs[i];
        let (script_path, _, script) = &scripts[s];
        eprintln!("reel certify: {} on {}{} ...", a.app.display(), p.id, if several { format!(" with {script_path}") } else { String::new() });
        let mut d = certify_device(a, script, p, &all_keys[i])?;
        if several {
            d.script = Some(script_path.clone());
        }
        if let Some(b) = &base {
            let c = baseline::compare(&d.device, script_path, &d.checks, &d.gates, b);
            if c.regressions > 0 && d.status == "passed" {
                d.status = "failed";
            }
            d.baseline = Some(c);
        }
        devices.push(d);
    }
    let result = CertifyResult {
        format: FORMAT,
        app,
        script: script_name,
        baseline: base.as_ref().map(|b| b.path.clone()),
        passed: devices.iter().all(|d| d.status == "passed"),
        devices,
    };
    // One path for a whole run, a shard and a merge: per-run pieces.
    let pieces: Vec<shard::Piece> = result.devices.iter().map(|d| shard::Piece::of(&result.script, d)).collect();
    shard::write_documents(&a.out, &shard::documents(&result.app, &result.script, result.baseline.as_deref(), &pieces))?;
    if let Some(s) = a.shard {
        let file = shard::ShardFile {
            format: shard::SHARD_FORMAT.into(),
            app: result.app.clone(),
            script: result.script.clone(),
            baseline: result.baseline.clone(),
            index: s.index,
            count: s.count,
            devices: all_keys,
            pieces,
        };
        let path = a.out.join("shard.json");
        let text = serde_json::to_string(&file).map_err(|error| CertifyError::Json { path: path.clone(), error })?;
        std::fs::write(&path, text + "\n").map_err(CertifyError::io(&path))?;
    }
    Ok(result)
}

fn certify_device(a: &Args, script: &script::CertScript, p: &Profile, key: &str) -> Result<DeviceResult, CertifyError> {
    let mut d = DeviceResult {
        device: p.id.clone(),
        device_name: p.name.clone(),
        engine_path: if p.engine.wasm { "wasm" } else { "js-fallback" },
        display: [p.display.width, p.display.height],
        fps: p.display.fps,
        budget_ms: (p.budget_ms() * 1000.0).round() / 1000.0,
        gates: p.certify,
        status: "failed",
        error: None,
        checks: Vec::new(),
        summary: None,
        series: None,
        checkpoints: Vec::new(),
        baseline: None,
        script: None,
        key: key.to_string(),
    };
    let frames = a.frames.unwrap_or_else(|| script::default_frames(script, p.display.fps));
    let cps = script::all_checkpoints(script, frames, a.every);
    let opts = RunOptions {
        frames,
        engine: a.engine.clone(),
        engine_js: a.engine_js.clone(),
        shim_dir: a.shim.clone(),
        root: a.root.clone(),
        echo_log: a.echo,
        seed: a.seed,
        keys: script.keys.clone(),
        keep_display_lists: cps.iter().map(|c| c.frame).collect(),
        // The accessibility gates replay them into the native engine.
        record_batches: true,
        ..Default::default()
    };
    let report = match run_app(&a.app, p, opts) {
        Ok(r) => r,
        Err(e) => {
            d.status = "error";
            d.error = Some(e.to_string());
            d.checks = Vec::new();
            return Ok(d);
        }
    };
    let series = series(&report, script);
    d.checks = checks::evaluate(p, &report.summary, &series.frame_ms, &series.js_ms);
    d.checks.extend(a11y::evaluate(p, &report, &cps));
    d.checks.extend(video::evaluate(p, &report.summary));
    d.status = if d.checks.iter().all(|c| c.status != Status::Fail) { "passed" } else { "failed" };
    d.series = Some(series);
    let dir = a.out.join(key);
    std::fs::create_dir_all(&dir).map_err(CertifyError::io(&dir))?;
    for (i, c) in cps.iter().enumerate() {
        if let Some(shot) = screenshot(&report, c, i, key)? {
            let path = a.out.join(&shot.file);
            std::fs::write(&path, &shot.png).map_err(CertifyError::io(&path))?;
            d.checkpoints.push(shot);
        }
    }
    let mut s = report.summary;
    s.app = a.app.display().to_string();
    d.summary = Some(s);
    Ok(d)
}

fn series(r: &RunReport, script: &script::CertScript) -> Series {
    Series {
        frame_ms: r.frames.iter().map(|f| (f.emulated_ms * 1000.0).round() / 1000.0).collect(),
        wasm_memory_bytes: r.frames.iter().map(|f| f.memory_bytes).collect(),
        texture_bytes: r.frames.iter().map(|f| u64::from(f.stats.texture_bytes)).collect(),
        js_heap_bytes: r.js_heap_bytes.clone(),
        js_ms: r.js_frame_ms.iter().map(|ms| (ms * 1000.0).round() / 1000.0).collect(),
        key_frames: script.keys.iter().filter(|k| k.down).map(|k| k.frame).collect(),
        announcements: r.summary.announcements.iter().map(|a| (a.frame, a.politeness, a.text.clone())).collect(),
    }
}


/// Checkpoint `c`'s screen (the picture the run kept at that frame: its
/// latest display list painted with that moment's textures, images and
/// glyph atlas), at half size.
fn screenshot(r: &RunReport, c: &Checkpoint, i: usize, device: &str) -> Result<Option<Shot>, CertifyError> {
    let Some((_, painted, img)) = r.screens.iter().find(|(f, _, _)| *f == c.frame) else {
        return Ok(None);
    };
    let img = half(img);
    let png = raster::encode_png(&img).map_err(|e| CertifyError::Png { frame: *painted, message: e.to_string() })?;
    Ok(Some(Shot {
        name: c.name.clone(),
        frame: c.frame,
        painted_frame: *painted,
        file: format!("{device}/{}", reel_quickjs::keys::checkpoint_file(i, &c.name)),
        png,
    }))
}

/// 2x2 box downscale (the report shows screenshots at half size).
fn half(img: &RgbaImage) -> RgbaImage {
    let (w, h) = ((img.width / 2).max(1), (img.height / 2).max(1));
    let mut px = Vec::with_capacity(w as usize * h as usize * 4);
    let at = |x: u32, y: u32, k: usize| img.pixels[(y.min(img.height - 1) as usize * img.width as usize + x.min(img.width - 1) as usize) * 4 + k] as u32;
    for y in 0..h {
        for x in 0..w {
            for k in 0..4 {
                let s = at(2 * x, 2 * y, k) + at(2 * x + 1, 2 * y, k) + at(2 * x, 2 * y + 1, k) + at(2 * x + 1, 2 * y + 1, k);
                px.push(((s + 2) / 4) as u8);
            }
        }
    }
    RgbaImage { width: w, height: h, pixels: px }
}

/// The table `reel certify` prints: one row per check, one column per device.
pub fn table_text(r: &CertifyResult) -> String {
    use std::fmt::Write;
    let mut ids: Vec<&str> = Vec::new();
    for d in &r.devices {
        for c in &d.checks {
            if !ids.contains(&c.id) {
                ids.push(c.id);
            }
        }
    }
    let w = 30usize;
    let mut o = format!("{:<22}", "check");
    for d in &r.devices {
        let _ = write!(o, " | {:<w$}", d.key);
    }
    o.push('\n');
    o.push_str(&"-".repeat(22 + r.devices.len() * (w + 3)));
    o.push('\n');
    for id in ids {
        let _ = write!(o, "{id:<22}");
        for d in &r.devices {
            let cell = match d.checks.iter().find(|c| c.id == id) {
                None => "-".to_string(),
                Some(c) => {
                    let tag = match c.status {
                        Status::Pass => "PASS",
                        Status::Fail => "FAIL",
                        Status::Skip => "skip",
                    };
                    match (c.measured, c.limit) {
                        (Some(m), Some(l)) => format!("{tag} {m} / {l} {}", c.unit),
                        _ => tag.to_string(),
                    }
                }
            };
            let _ = write!(o, " | {cell:<w$}");
        }
        o.push('\n');
    }
    let _ = write!(o, "{:<22}", "device");
    for d in &r.devices {
        let s = match d.status {
            "passed" => "PASSED".to_string(),
            "error" => format!("ERROR: {}", d.error.as_deref().unwrap_or("").lines().next().unwrap_or("")),
            _ => format!(
                "FAILED ({} checks{})",
                d.checks.iter().filter(|c| c.status == Status::Fail).count(),
                d.baseline.as_ref().filter(|b| b.regressions > 0).map_or(String::new(), |b| format!(", {} regressions", b.regressions))
            ),
        };
        let _ = write!(o, " | {s:<w$}");
    }
    o.push('\n');
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: &str, status: &'static str) -> DeviceResult {
        DeviceResult {
            device: id.into(),
            device_name: format!("Device \"{id}\" <x>"),
            engine_path: "wasm",
            display: [1920, 1080],
            fps: 60,
            budget_ms: 16.667,
            gates: reel_host::profile::Certify::default(),
            status,
            error: (status == "error").then(|| "could not run:\n\tline 2".to_string()),
            checks: Vec::new(),
            summary: None,
            series: Some(Series { frame_ms: vec![1.5, 0.1 + 0.2, 1e-7], ..Default::default() }),
            checkpoints: Vec::new(),
            baseline: None,
            script: None,
            key: id.into(),
        }
    }

    /// The assembled `certify.json` is exactly serde_json's pretty print
    /// of the whole result (so building it from per-device pieces, as a
    /// merge of shards does, changes no byte).
    #[test]
    fn json_from_pieces_is_serde_pretty() {
        let cases = [vec![], vec![device("a", "passed")], vec![device("a", "failed"), device("b-2", "error"), device("c", "passed")]];
        for (devices, baseline) in cases.into_iter().flat_map(|d| [(d.clone(), None), (d, Some("old/\"certify\".json".to_string()))]) {
            let r = CertifyResult {
                format: FORMAT,
                app: "apps/\u{e9}\"main\".js".into(),
                script: "k\\eys.txt".into(),
                baseline,
                passed: devices.iter().all(|d| d.status == "passed"),
                devices,
            };
            let pieces: Vec<String> = r.devices.iter().map(device_json).collect();
            let expected = serde_json::to_string_pretty(&r).expect("serialises") + "\n";
            assert_eq!(json_document(&r.app, &r.script, r.baseline.as_deref(), r.passed, &pieces), expected);
        }
    }
}
