//! `reel run`: the command line over [`crate::run_app`].
//!
//! ```text
//! reel run APP.js --device ID|FILE.toml [--out DIR] [--frames N] [--every N]
//!          [--engine PATH] [--engine-js PATH] [--shim DIR] [--js-heap-mib N] [--seed N]
//!          [--record FILE.reelrec] [--no-png] [--inject-fuel-trap REQUEST]
//!          [--inject-unrecoverable-trap REQUEST] [--quiet]
//!          [--keys FILE] [--debug-overlay]
//! ```
//!
//! `--keys FILE` injects a key script (see [`crate::keys`]) and adds the
//! input-latency figures to the summary. A device with `engine.wasm =
//! false` runs the JS fallback engine (`--engine-js PATH`, default
//! `target/engine-wasm2js.mjs`) instead of engine.wasm. `--debug-overlay`
//! runs the debug module with the egui overlay (`target/engine-debug.wasm`,
//! or `--engine PATH` / `$REEL_ENGINE_DEBUG_WASM`): key-script keys go to
//! the overlay first (`Blue` / `F12` toggle it) and the summary splits
//! engine time by overlay open/closed.
//!
//! Exit status (as `reel play` where they overlap): 0 when the run finished
//! without JS exceptions, 1 when it could not run or finish (no
//! engine.wasm, bad profile, engine failure beyond recovery — including a
//! trap after which no engine instance could be rebuilt from the journal,
//! `summary.engine.recovery_failures`, which stops the screen — and an app
//! the host stopped because its JS reached the device's per-frame limit
//! `js.overrun_frames` frames in a row, `summary.js.stopped`), 2 for a usage
//! error, 3 when the run finished but the app had JS exceptions (listed on
//! stderr with file:line and stack).

use std::path::PathBuf;
use std::process::ExitCode;

use reel_host::paths;
use reel_host::supervisor::{Fault, Resolution};
use reel_host::Profile;

use crate::run::{run_app, RunOptions};
use crate::vm::JsLimits;

/// Usage text.
pub const USAGE: &str =
    "usage: reel run APP --device ID|FILE.toml [--out DIR] [--frames N] [--every N] \
[--engine PATH] [--engine-js PATH] [--shim DIR] [--root DIR] [--watch] [--js-heap-mib N] [--seed N] [--record FILE.reelrec] [--no-png] \
[--inject-fuel-trap REQUEST] [--inject-unrecoverable-trap REQUEST] [--quiet] [--keys FILE] [--debug-overlay]";

/// `reel run --help`.
pub const HELP: &str = "\
reel run APP --device ID|FILE.toml [options]
  Runs a JS app (js-shim API) on QuickJS with the engine on its own thread
  (engine.wasm under wasmtime; the wasm2js build on devices with wasm = false),
  on the device's emulated clock, memory cap and CPU model. APP is an entry
  module (.js/.mjs), a page (index.html: its <script type=module src>) or a
  bundle directory with an index.html (a Vite dist/). Modules, fetch() and
  image src resolve against the bundle's root (the page's or module's
  directory, or --root): /assets/x.png and assets/x.png are the same file.

  --device, -d ID|FILE    device profile (an id from devices/, or a .toml file)
  --out, -o DIR           write frame-NNNN.png, summary.json and log.txt here
  --frames, -n N          host frames to run (default 120)
  --every N               with --out, paint every Nth frame (default 1)
  --no-png                with --out, paint no frames
  --engine PATH           engine module (default: $REEL_ENGINE_WASM or target/engine.wasm;
                          with --debug-overlay: $REEL_ENGINE_DEBUG_WASM or target/engine-debug.wasm)
  --engine-js PATH        JS fallback engine of devices without Wasm
                          (default: $REEL_ENGINE_WASM2JS or target/engine-wasm2js.mjs)
  --shim DIR              the js-shim package (default: <workspace>/js-shim)
  --root DIR              the app bundle's root directory (must contain APP)
  --watch, -w             after the run, poll the bundle (and the key script) and
                          run again whenever a file changes; Ctrl-C stops
  --js-heap-mib N         QuickJS heap cap (default: the profile's)
  --seed N                Math.random seed (default 1)
  --record FILE.reelrec   save every batch the app sent
  --inject-fuel-trap R    run request R with almost no fuel (forces a watchdog trap)
  --inject-unrecoverable-trap R
                          as --inject-fuel-trap, and no fresh engine can be built while
                          request R is handled (a failed recovery: exit status 1)
  --keys, -k FILE         key script (`Right x3`, `wait 10`, `at 30 Enter`, `hold Left 5`;
                          keys: Left Right Up Down Enter Back Escape Red Green Yellow Blue
                          F12 Info Play Pause ...); adds input latency to the summary
  --debug-overlay         run target/engine-debug.wasm (build: bash tools/build-wasm-debug.sh)
                          with the egui debug overlay; keys go to the overlay first: Blue or
                          F12 toggles it, while open arrows/Enter/Back/Escape drive its tree
                          inspector and never reach the app; the host feeds it engine ms
                          (CPU model), frame interval, batches, JS heap and dropped frames;
                          the summary adds an `overlay` section (engine ms open vs closed,
                          each key's fate). Needs a device with Wasm.
  --quiet, -q             do not echo the app's console
  --help, -h              this text

Exit status: 0 ok, 1 could not run or finish (also: the engine could not be recovered
  after a trap; the app was stopped because its JS reached the device's per-frame JS
  limit in js.overrun_frames frames in a row), 2 usage error, 3 the app had JS exceptions.
";

/// Parsed `reel run` arguments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunArgs {
    /// The app entry.
    pub app: PathBuf,
    /// Profile id or path.
    pub device: String,
    /// `--out`.
    pub out: Option<PathBuf>,
    /// `--frames` (default 120).
    pub frames: u32,
    /// `--every` (default 1 when `--out` is given).
    pub every: Option<u32>,
    /// `--engine`.
    pub engine: Option<PathBuf>,
    /// `--engine-js`: the wasm2js engine of devices without Wasm.
    pub engine_js: Option<PathBuf>,
    /// `--shim`.
    pub shim: Option<PathBuf>,
    /// `--root`: the app bundle's root directory.
    pub root: Option<PathBuf>,
    /// `--watch`: run again whenever the bundle or the key script changes.
    pub watch: bool,
    /// `--js-heap-mib`.
    pub js_heap_mib: Option<u32>,
    /// `--seed`.
    pub seed: u32,
    /// `--record`.
    pub record: Option<PathBuf>,
    /// `--quiet`: do not echo console lines.
    pub quiet: bool,
    /// `--no-png`.
    pub no_png: bool,
    /// `--inject-fuel-trap`: request number to run with almost no fuel.
    pub fuel_trap: Option<u64>,
    /// `--inject-unrecoverable-trap`: request number that traps and cannot
    /// be recovered from.
    pub unrecoverable_trap: Option<u64>,
    /// `--keys`: a key script.
    pub keys: Option<PathBuf>,
    /// `--debug-overlay`: run the debug module with the egui overlay.
    pub debug_overlay: bool,
}

/// Why command-line arguments were not accepted (`reel run`, `reel certify`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgsError {
    /// `-h`/`--help`: the help goes to stdout and the command exits 0.
    Help,
    /// A usage error (the reason): it and the usage go to stderr, exit 2.
    Usage(String),
}

impl From<String> for ArgsError {
    fn from(reason: String) -> Self {
        Self::Usage(reason)
    }
}

impl From<&str> for ArgsError {
    fn from(reason: &str) -> Self {
        Self::Usage(reason.to_string())
    }
}

impl std::fmt::Display for ArgsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Help => f.write_str("help requested"),
            Self::Usage(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for ArgsError {}

/// Parses the arguments after `reel` (a leading `run` is skipped).
pub fn parse_args(args: &[String]) -> Result<RunArgs, ArgsError> {
    let mut it = args.iter().peekable();
    if it.peek().map(|s| s.as_str()) == Some("run") {
        it.next();
    }
    let mut a = RunArgs {
        frames: 120,
        seed: 1,
        ..Default::default()
    };
    let mut app = None;
    while let Some(arg) = it.next() {
        let mut val = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let num = |name: &str, v: String| {
            v.parse::<u32>()
                .map_err(|_| format!("{name}: `{v}` is not a whole number"))
        };
        match arg.as_str() {
            "--device" | "-d" => a.device = val("--device")?,
            "--out" | "-o" => a.out = Some(PathBuf::from(val("--out")?)),
            "--frames" | "-n" => {
                a.frames = num("--frames", val("--frames")?)?;
                if a.frames == 0 {
                    return Err("--frames: at least 1 (0 runs nothing)".into());
                }
            }
            "--every" => a.every = Some(num("--every", val("--every")?)?),
            "--engine" => a.engine = Some(PathBuf::from(val("--engine")?)),
            "--engine-js" => a.engine_js = Some(PathBuf::from(val("--engine-js")?)),
            "--shim" => a.shim = Some(PathBuf::from(val("--shim")?)),
            "--root" => a.root = Some(PathBuf::from(val("--root")?)),
            "--watch" | "-w" => a.watch = true,
            "--js-heap-mib" => a.js_heap_mib = Some(num("--js-heap-mib", val("--js-heap-mib")?)?),
            "--seed" => a.seed = num("--seed", val("--seed")?)?,
            "--record" => a.record = Some(PathBuf::from(val("--record")?)),
            "--quiet" | "-q" => a.quiet = true,
            "--keys" | "-k" => a.keys = Some(PathBuf::from(val("--keys")?)),
            "--no-png" => a.no_png = true,
            "--debug-overlay" => a.debug_overlay = true,
            "--inject-fuel-trap" => {
                a.fuel_trap = Some(u64::from(num(
                    "--inject-fuel-trap",
                    val("--inject-fuel-trap")?,
                )?))
            }
            "--inject-unrecoverable-trap" => {
                a.unrecoverable_trap = Some(u64::from(num(
                    "--inject-unrecoverable-trap",
                    val("--inject-unrecoverable-trap")?,
                )?))
            }
            "-h" | "--help" => return Err(ArgsError::Help),
            s if s.starts_with('-') => return Err(format!("unknown option {s}").into()),
            s => {
                if app.replace(PathBuf::from(s)).is_some() {
                    return Err(format!("unexpected argument {s} (one app file only)").into());
                }
            }
        }
    }
    a.app = app.ok_or("missing the app file")?;
    if a.device.is_empty() {
        return Err("missing --device (a profile id from devices/, or a .toml file)".into());
    }
    if a.js_heap_mib == Some(0) {
        return Err("--js-heap-mib must be at least 1".into());
    }
    Ok(a)
}

/// `reel run ...`: parses `args` (the arguments after `reel`; a leading
/// `run` is skipped), runs, prints the summary, returns the exit status.
pub fn cli_run(args: &[String]) -> ExitCode {
    let a = match parse_args(args) {
        Ok(a) => a,
        Err(ArgsError::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(ArgsError::Usage(m)) => {
            eprintln!("reel run: {m}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !a.watch {
        return run_once(&a);
    }
    // --watch: run, then wait for the bundle (or the key script) to change
    // and run again, until interrupted.
    loop {
        let code = run_once(&a);
        let watched = crate::watch::Watched::new(&a.app, a.root.as_deref(), a.keys.as_deref());
        eprintln!(
            "reel run: {} ({code:?}); watching {} for changes (Ctrl-C stops)",
            if code == ExitCode::SUCCESS { "done" } else { "finished with errors" },
            watched.root().display()
        );
        let changed = watched.wait_for_change(std::time::Duration::from_millis(200));
        eprintln!("reel run: {} changed: running again", changed.display());
    }
}

/// One run of `reel run` (the whole command without `--watch`).
fn run_once(a: &RunArgs) -> ExitCode {
    let profile = match Profile::load(&a.device, &paths::devices_dir()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("reel run: {e}");
            return ExitCode::from(1);
        }
    };
    let script = match &a.keys {
        None => crate::keys::Script::default(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|t| {
                crate::keys::parse(&t).map_err(|e| format!("{}: {e}", path.display()))
            }) {
            Ok(k) => k,
            Err(m) => {
                eprintln!("reel run: {m}");
                return ExitCode::from(2);
            }
        },
    };
    let mut js = JsLimits::for_profile(&profile);
    if let Some(m) = a.js_heap_mib {
        js.heap_bytes = (m as usize) << 20;
    }
    let opts = RunOptions {
        frames: a.frames,
        png_every: if a.out.is_some() && !a.no_png {
            a.every.unwrap_or(1)
        } else {
            0
        },
        out_dir: a.out.clone(),
        engine: a.engine.clone(),
        engine_js: a.engine_js.clone(),
        shim_dir: a.shim.clone(),
        root: a.root.clone(),
        js: Some(js),
        echo_log: !a.quiet,
        log_incidents: true,
        seed: a.seed,
        record_batches: a.record.is_some(),
        keys: script.keys.clone(),
        // `checkpoint` lines: the screens at those frames (saved with --out).
        keep_display_lists: script.checkpoints.iter().map(|c| c.frame).filter(|&f| f <= a.frames).collect(),
        debug_overlay: a.debug_overlay,
        faults: a
            .fuel_trap
            .map(|request| Fault::FuelLimit {
                request,
                fuel: 1_000,
            })
            .into_iter()
            .chain(a.unrecoverable_trap.map(|request| Fault::UnrecoverableTrap { request }))
            .collect(),
        ..Default::default()
    };
    let report = match run_app(&a.app, &profile, opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("reel run: {e}");
            return ExitCode::from(1);
        }
    };
    if let Some(path) = &a.record {
        let bytes = reel_wire::script::recording_bytes(&report.batches);
        if let Err(e) = std::fs::write(path, bytes) {
            eprintln!("reel run: {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    print!("{}", report.summary.to_text());
    let shots = match save_checkpoints(&script.checkpoints, &report, a.out.as_deref(), a.frames) {
        Ok(n) => n,
        Err(m) => {
            eprintln!("reel run: {m}");
            return ExitCode::from(1);
        }
    };
    if shots > 0 {
        println!("checkpoints {shots} screenshots (checkpoint-NN-<name>.png)");
    }
    if let Some(dir) = &a.out {
        println!(
            "wrote       {} (summary.json, log.txt, {} PNGs)",
            dir.display(),
            report.summary.engine.pngs_written
        );
    }
    for e in &report.exceptions {
        eprintln!("reel run: {e}");
        if !e.stack.is_empty() {
            eprintln!("{}", e.stack.trim_end());
        }
    }
    let failed = report.summary.engine.recovery_failures;
    if failed > 0 {
        // The engine stopped producing frames: a failed run, even when the
        // app itself threw nothing.
        let first = report
            .incidents
            .iter()
            .find(|i| matches!(i.resolution, Resolution::RecoveryFailed(_)))
            .map_or_else(String::new, |i| i.to_string());
        eprintln!("reel run: the engine could not be recovered {failed} time(s); first: {first}");
        return ExitCode::from(1);
    }
    if let Some(why) = &report.summary.js.stopped {
        // A live-locked app did not finish its run.
        eprintln!("reel run: {why}");
        return ExitCode::from(1);
    }
    if report.exceptions.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

/// Writes the screens of the key script's `checkpoint` lines as
/// `DIR/checkpoint-NN-<name>.png` (full size; `reel certify` writes the
/// same names at half size). Without `--out` there is nowhere to write:
/// a note says so. Returns how many were written.
fn save_checkpoints(
    cps: &[crate::keys::Checkpoint],
    report: &crate::run::RunReport,
    out: Option<&std::path::Path>,
    frames: u32,
) -> Result<usize, String> {
    if cps.is_empty() {
        return Ok(0);
    }
    let Some(dir) = out else {
        eprintln!("reel run: note: the key script's {} checkpoint line(s) take screenshots only with --out DIR", cps.len());
        return Ok(0);
    };
    let mut n = 0;
    for (i, c) in cps.iter().enumerate() {
        if c.frame > frames {
            eprintln!("reel run: note: checkpoint `{}` is at frame {}, after the run's last frame {frames}", c.name, c.frame);
            continue;
        }
        let Some((_, _, img)) = report.screens.iter().find(|(f, _, _)| *f == c.frame) else {
            eprintln!("reel run: note: checkpoint `{}` (frame {}): nothing was drawn yet", c.name, c.frame);
            continue;
        };
        let path = dir.join(crate::keys::checkpoint_file(i, &c.name));
        let png = reel_raster::encode_png(img).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parses() {
        let a = parse_args(&s(&[
            "run",
            "app.js",
            "--device",
            "tv-midrange",
            "--frames",
            "10",
            "--out",
            "o",
        ]))
        .expect("ok");
        assert_eq!(a.app, PathBuf::from("app.js"));
        assert_eq!(a.device, "tv-midrange");
        assert_eq!(a.frames, 10);
        assert_eq!(a.out, Some(PathBuf::from("o")));
        assert!(parse_args(&s(&["app.js"]))
            .expect_err("no device")
            .to_string()
            .contains("--device"));
        assert!(parse_args(&s(&["--device", "x"]))
            .expect_err("no app")
            .to_string()
            .contains("app"));
        assert!(parse_args(&s(&["a.js", "--device", "x", "--frames", "z"])).is_err());
        assert!(parse_args(&s(&["a.js", "--device", "x", "--frames", "0"])).is_err_and(|e| e.to_string().contains("at least 1")));
        assert!(parse_args(&s(&["a.js", "--device", "x", "--debug-overlay"])).expect("ok").debug_overlay);
        assert!(!a.debug_overlay);
        assert!(parse_args(&s(&["a.js", "--device", "x", "--bogus"]))
            .expect_err("unknown")
            .to_string()
            .contains("--bogus"));
        assert_eq!(parse_args(&s(&["a.js", "--help"])), Err(ArgsError::Help));
    }
}
