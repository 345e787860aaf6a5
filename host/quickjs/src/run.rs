//! `reel run`: the frame loop that drives an app on QuickJS against the
//! engine thread, and what it reports.
//!
//! # The loop
//! The app module is evaluated at emulated time 0 (what it sends then goes
//! to the engine at once). Then, for host frame `n = 1..=frames`, at
//! `t = n * 1000 / fps`:
//!
//! 1. the timers due by `t` run (each followed by a microtask checkpoint),
//! 2. the `requestAnimationFrame` callbacks registered before this frame
//!    run with timestamp `t` (the shim flushes its batch there, ending it
//!    with a `FRAME` command),
//! 3. promise jobs are pumped, unhandled rejections reported,
//! 4. the batches the app sent go to the engine thread in order, and the
//!    loop waits for each reply; if none of them ran a frame (the app was
//!    idle), the host runs one itself (`Request::Frame(t)`) — a device
//!    refreshes whether or not the app changed anything,
//! 5. the frame's events (errors, frame stats) go back to the app's
//!    `__reel_host.onEvents` listeners as one event buffer,
//! 6. the loop stops early once the app called `__reel_host.exit()`.
//!
//! The engine thread runs `engine.wasm` under wasmtime, or — on a device
//! with `engine.wasm = false` — the wasm2js build of the same engine on its
//! own QuickJS runtime ([`crate::js_engine`]); the loop is the same, only
//! the CPU model's unit differs (fuel or QuickJS ticks, see the profile).
//!
//! Engine traps are handled by the supervisor inside the engine thread:
//! the app only ever sees the events the supervisor chooses to send (an
//! `ERROR` for a batch it had to reject); the report lists the incidents.
//! JS exceptions are reported with their `file:line` and do not stop the
//! loop.

use std::fmt;
use std::path::{Path, PathBuf};

use reel_engine::display_list::OwnedDisplayList;
use reel_engine::protocol::events::Event;
use reel_host::engine_thread::{EngineThread, HostError};
use reel_host::engine_thread::FactoryMaker;
use reel_host::paths::{self, EngineJsPathError, EnginePathError};
use reel_host::play::{summary_text, write_frame_png_with, Percentiles, PlayError, Summary};
use reel_host::supervisor::{Fault, FrameReport, Incident, StepReport, SupervisorConfig};
use reel_host::wasm_engine::{EngineLimits, EngineModule};
use reel_host::EngineFactory;
use reel_host::Profile;
use serde::Serialize;

use crate::events::encode_events;
use crate::vm::{DeviceInfo, JsException, JsLimits, LogLine, Vm, VmConfig};

/// `Date.now()` at emulated time 0: 2026-01-01T00:00:00Z.
pub const DEFAULT_EPOCH_MS: f64 = 1_767_225_600_000.0;

/// Options of a run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Host frames to run (the app may stop earlier with `__reel_host.exit()`).
    pub frames: u32,
    /// Where PNGs, `summary.json` and `log.txt` go (`None`: nowhere).
    pub out_dir: Option<PathBuf>,
    /// Paint every Nth frame (1: all; 0: none).
    pub png_every: u32,
    /// The engine file (`None`: `$REEL_ENGINE_WASM`, else `target/engine.wasm`).
    pub engine: Option<PathBuf>,
    /// The JS fallback engine file devices without Wasm run (`None`:
    /// `$REEL_ENGINE_WASM2JS`, else `target/engine-wasm2js.mjs`).
    pub engine_js: Option<PathBuf>,
    /// The js-shim package directory (`None`: `<workspace>/js-shim`).
    pub shim_dir: Option<PathBuf>,
    /// JS VM limits (`None`: [`JsLimits::for_profile`]).
    pub js: Option<JsLimits>,
    /// Injected engine faults (see [`Fault`]).
    pub faults: Vec<Fault>,
    /// Echo console lines and exceptions to stderr as they happen.
    pub echo_log: bool,
    /// Print engine incidents to stderr as they happen.
    pub log_incidents: bool,
    /// `Math.random` seed.
    pub seed: u32,
    /// Keep every batch the app sent in [`RunReport::batches`].
    pub record_batches: bool,
    /// Key events to inject (`--keys`, see [`crate::keys`]), ordered by frame.
    pub keys: Vec<crate::keys::KeyEvent>,
    /// Host frames whose display lists stay in [`RunReport::frames`]
    /// (`reel certify` paints its checkpoint screenshots from them).
    pub keep_display_lists: Vec<u32>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            frames: 60,
            out_dir: None,
            png_every: 0,
            engine: None,
            engine_js: None,
            shim_dir: None,
            js: None,
            faults: Vec::new(),
            echo_log: false,
            log_incidents: false,
            seed: 1,
            record_batches: false,
            keys: Vec::new(),
            keep_display_lists: Vec::new(),
        }
    }
}

/// Why a run could not happen or finish. JS exceptions are not errors:
/// they are in the report.
#[derive(Debug)]
pub enum RunError {
    /// `engine.wasm` is missing or unreadable.
    Engine(EnginePathError),
    /// The JS fallback engine (`engine-wasm2js.mjs`) a device without Wasm
    /// runs is missing or unreadable.
    EngineJs(EngineJsPathError),
    /// The app file cannot be used.
    App {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The JS VM could not be set up.
    Vm(String),
    /// The engine failed beyond recovery.
    Host(HostError),
    /// An output file could not be written.
    Output(PlayError),
    /// The JS thread panicked (a host bug).
    Panic(String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Engine(e) => write!(f, "{e}"),
            Self::EngineJs(e) => write!(f, "{e}"),
            Self::App { path, message } => write!(f, "{}: {message}", path.display()),
            Self::Vm(m) => write!(f, "JS VM: {m}"),
            Self::Host(e) => write!(f, "{e}"),
            Self::Output(e) => write!(f, "{e}"),
            Self::Panic(m) => write!(f, "the JS thread panicked: {m}"),
        }
    }
}

impl std::error::Error for RunError {}

impl From<HostError> for RunError {
    fn from(e: HostError) -> Self {
        Self::Host(e)
    }
}

/// The JS side of the figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct JsSummary {
    /// `quickjs`.
    pub runtime: String,
    /// Host frames run (ticks of the emulated clock).
    pub host_frames: u32,
    /// The code the app passed to `__reel_host.exit()`, if it did.
    pub exit_code: Option<i32>,
    /// The heap cap, bytes.
    pub heap_limit_bytes: u64,
    /// Heap in use after the last frame, bytes (QuickJS `malloc_size`).
    pub heap_used_bytes: u64,
    /// Largest heap in use after any frame, bytes.
    pub heap_peak_bytes: u64,
    /// The stack cap, bytes.
    pub stack_limit_bytes: u64,
    /// Live JS objects after the last frame.
    pub objects: u64,
    /// Interrupt polls (about 10k bytecode branches each): a deterministic
    /// measure of JS work, not converted to time.
    pub work_polls: u64,
    /// Exceptions, repeats included.
    pub exceptions_total: u64,
    /// Distinct exceptions (`file:line:col: kind: message (in ..., frame N)`).
    pub exceptions: Vec<String>,
    /// Console lines.
    pub log_lines: usize,
}

/// `summary.json` of `reel run`: `reel play`'s figures plus the JS VM's.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RunSummary {
    /// The app entry file as given.
    pub app: String,
    /// Engine-side figures, as `reel play` reports them.
    #[serde(flatten)]
    pub engine: Summary,
    /// JS-side figures.
    pub js: JsSummary,
    /// Injected keys and input latency (`--keys` runs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<crate::keys::InputSummary>,
}

impl RunSummary {
    /// Pretty JSON (what `summary.json` holds).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
            + "\n"
    }

    /// The human-readable block `reel run` prints.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut o = format!("app         {}\n", self.app);
        o.push_str(&summary_text(&self.engine));
        let j = &self.js;
        let mib = |b: u64| b as f64 / 1048576.0;
        let _ = writeln!(
            o,
            "js heap     {:.2} MiB in use at the end, peak {:.2} MiB of {:.0} MiB cap; {} objects",
            mib(j.heap_used_bytes),
            mib(j.heap_peak_bytes),
            mib(j.heap_limit_bytes),
            j.objects
        );
        let _ = writeln!(
            o,
            "js          {} host frames, {} work polls, {} exceptions{}",
            j.host_frames,
            j.work_polls,
            j.exceptions_total,
            j.exit_code
                .map(|c| format!(", app exited with {c}"))
                .unwrap_or_default()
        );
        for e in &j.exceptions {
            let _ = writeln!(o, "  exception {e}");
        }
        if let Some(input) = &self.input {
            o.push_str(&input.to_text());
        }
        o
    }
}

/// A finished run.
#[derive(Clone, Debug)]
pub struct RunReport {
    /// The figures.
    pub summary: RunSummary,
    /// Per-frame engine reports (display lists dropped).
    pub frames: Vec<FrameReport>,
    /// The last display list.
    pub final_display_list: Option<OwnedDisplayList>,
    /// Engine traps and their resolution.
    pub incidents: Vec<Incident>,
    /// JS exceptions (distinct; see [`JsException::repeats`]).
    pub exceptions: Vec<JsException>,
    /// Console output and host notes.
    pub log: Vec<LogLine>,
    /// Every batch the app sent, in order (only with
    /// [`RunOptions::record_batches`]).
    pub batches: Vec<Vec<u8>>,
    /// JS heap in use after each host frame, bytes (index 0: frame 1).
    pub js_heap_bytes: Vec<u64>,
}

/// The js-shim package of this workspace.
pub fn default_shim_dir() -> PathBuf {
    paths::workspace_root().join("js-shim")
}

/// Runs `app` on `profile`; see the module docs.
pub fn run_app(app: &Path, profile: &Profile, opts: RunOptions) -> Result<RunReport, RunError> {
    if !app.is_file() {
        return Err(RunError::App {
            path: app.to_path_buf(),
            message: "no such file".into(),
        });
    }
    let engine_limits = EngineLimits::from_profile(profile);
    let (engine_path, make): (PathBuf, FactoryMaker) = if profile.engine.wasm {
        let (path, wasm) = paths::load_engine(opts.engine.as_deref()).map_err(RunError::Engine)?;
        let make: FactoryMaker = Box::new(move || {
            EngineModule::new(&wasm, engine_limits).map(|m| Box::new(m) as Box<dyn EngineFactory>)
        });
        (path, make)
    } else {
        let (path, text) =
            paths::load_engine_js(opts.engine_js.as_deref()).map_err(RunError::EngineJs)?;
        let make: FactoryMaker = Box::new(move || {
            crate::js_engine::JsEngineModule::new(&text, engine_limits)
                .map(|m| Box::new(m) as Box<dyn EngineFactory>)
        });
        (path, make)
    };
    let limits = opts.js.unwrap_or_else(|| JsLimits::for_profile(profile));
    let stack = (limits.stack_bytes * 4).max(8 << 20);
    let app = app.to_path_buf();
    let profile = profile.clone();
    let label = engine_path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let handle = std::thread::Builder::new()
        .name("reel-js".into())
        .stack_size(stack)
        .spawn(move || js_thread(&app, &profile, make, label, limits, &opts))
        .map_err(|e| RunError::Vm(format!("cannot start the JS thread: {e}")))?;
    match handle.join() {
        Ok(r) => r,
        Err(p) => {
            let m = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Err(RunError::Panic(m))
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// What the loop accumulates from the engine.
struct Collected {
    frames: Vec<FrameReport>,
    incidents: Vec<Incident>,
    rejections: Vec<String>,
    final_dl: Option<OwnedDisplayList>,
    pngs: u32,
    batches_sent: usize,
    recorded: Vec<Vec<u8>>,
    /// Image loading for the engine's resource manager (decoded on a loader
    /// thread, from the app's own directory only), and the painter's
    /// textures: those images plus the engine's glyph atlas, kept current
    /// from the texture deltas each step reports.
    images: reel_host::images::HostImages,
}

impl Collected {
    fn new(app_dir: std::path::PathBuf) -> Self {
        Self {
            frames: Vec::new(),
            incidents: Vec::new(),
            rejections: Vec::new(),
            final_dl: None,
            pngs: 0,
            batches_sent: 0,
            recorded: Vec::new(),
            images: reel_host::images::HostImages::new(app_dir),
        }
    }

    /// Answers the image loads the last frames asked for (waiting for each,
    /// so runs stay deterministic); the answers take effect at the next frame.
    fn answer_images(&mut self, thread: &mut EngineThread, events: &mut Vec<Event>, opts: &RunOptions) -> Result<(), RunError> {
        if let Some(batch) = self.images.answers_all(std::time::Duration::from_secs(10)) {
            let step = thread.submit(batch)?;
            self.take_step(step, events, opts)?;
        }
        Ok(())
    }
}

impl Collected {
    fn take_step(
        &mut self,
        step: StepReport,
        events: &mut Vec<Event>,
        opts: &RunOptions,
    ) -> Result<(), RunError> {
        if let Some(r) = &step.rejected {
            let cmd = if r.cmd_index == u32::MAX {
                "-".to_string()
            } else {
                r.cmd_index.to_string()
            };
            self.rejections
                .push(format!("batch {} command {cmd}: {r}", r.seq));
        }
        self.incidents.extend(step.incidents);
        // Image requests go to the loader; releases free textures and a
        // frame commits the images answered before it: before painting.
        self.images.handle_events(&step.events);
        events.extend(step.events);
        // Texture sets before this step's frames are painted, frees after.
        for d in &step.texture_deltas {
            self.images.textures
                .apply_deltas(d)
                .map_err(|e| RunError::Output(PlayError::Raster { frame: 0, message: format!("texture deltas: {e}") }))?;
        }
        for mut f in step.frames {
            if let Some(dl) = f.display_list.take() {
                if let (Some(dir), true) = (
                    &opts.out_dir,
                    opts.png_every > 0 && (f.frame - 1) % opts.png_every == 0,
                ) {
                    write_frame_png_with(&dir.join(format!("frame-{:04}.png", f.frame)), &dl, f.frame, &self.images.textures)
                        .map_err(RunError::Output)?;
                    self.pngs += 1;
                }
                if opts.keep_display_lists.contains(&f.frame) {
                    f.display_list = Some(dl.clone());
                }
                self.final_dl = Some(dl);
            }
            self.frames.push(f);
        }
        for d in &step.texture_deltas {
            self.images
                .textures
                .apply_delta_frees(d)
                .map_err(|e| RunError::Output(PlayError::Raster { frame: 0, message: format!("texture deltas: {e}") }))?;
        }
        Ok(())
    }

    fn submit_all(
        &mut self,
        thread: &mut EngineThread,
        batches: Vec<Vec<u8>>,
        events: &mut Vec<Event>,
        opts: &RunOptions,
    ) -> Result<(), RunError> {
        for b in batches {
            self.batches_sent += 1;
            if opts.record_batches {
                self.recorded.push(b.clone());
            }
            let step = thread.submit(b)?;
            self.take_step(step, events, opts)?;
        }
        Ok(())
    }
}

fn js_thread(
    app: &Path,
    profile: &Profile,
    make: FactoryMaker,
    engine_label: String,
    limits: JsLimits,
    opts: &RunOptions,
) -> Result<RunReport, RunError> {
    let mut cfg = SupervisorConfig::from_profile(profile);
    cfg.faults = opts.faults.clone();
    let mut thread = EngineThread::spawn_with(make, cfg)?;
    if opts.log_incidents {
        thread.on_incident(|i| eprintln!("reel: !! {i}"));
    }
    if let Some(dir) = &opts.out_dir {
        std::fs::create_dir_all(dir).map_err(|e| {
            RunError::Output(PlayError::Io {
                path: dir.clone(),
                message: e.to_string(),
            })
        })?;
    }
    let vm = Vm::new(&VmConfig {
        entry: app.to_path_buf(),
        shim_dir: Some(opts.shim_dir.clone().unwrap_or_else(default_shim_dir)),
        limits,
        device: DeviceInfo {
            id: profile.id.clone(),
            name: profile.name.clone(),
            width: profile.display.width,
            height: profile.display.height,
            fps: profile.display.fps,
        },
        seed: opts.seed,
        epoch_ms: DEFAULT_EPOCH_MS,
        echo_log: opts.echo_log,
    })
    .map_err(|e| RunError::Vm(e.0))?;

    let app_dir = app.parent().map(Path::to_path_buf).unwrap_or_else(|| std::path::PathBuf::from("."));
    let mut c = Collected::new(app_dir);
    let mut heap_peak = 0u64;

    vm.set_now(0, 0.0);
    vm.eval_entry();
    vm.flush_rejections();
    let mut events = Vec::new();
    c.submit_all(&mut thread, vm.take_outbox(), &mut events, opts)?;
    heap_peak = heap_peak.max(vm.heap_used());

    let mut host_frames = 0u32;
    let mut js_heap_bytes = Vec::with_capacity(opts.frames as usize);
    let (mut key_at, mut key_ups, mut warned_no_key_listener) = (0usize, 0u32, false);
    let mut key_downs: Vec<(u32, f64, String, bool)> = Vec::new();
    for n in 1..=opts.frames {
        host_frames = n;
        // n * 1000 / fps, multiplied first so whole-ms frames are exact.
        let t = n as f64 * 1000.0 / profile.display.fps as f64;
        vm.set_now(n, t);
        // Key-script events of this frame, before timers and animation
        // frames (a key arrives between frames).
        while key_at < opts.keys.len() && opts.keys[key_at].frame <= n {
            let k = &opts.keys[key_at];
            key_at += 1;
            if k.down {
                key_downs.push((n, t, k.name.clone(), k.repeat));
            } else {
                key_ups += 1;
            }
            if vm.deliver_key(k.down, &k.key, k.key_code, k.repeat) == 0 && !warned_no_key_listener
            {
                warned_no_key_listener = true;
                vm.host_log(format!(
                    "reel run: key script line {}: the app has no key listener (call renderer.attachKeyboard())",
                    k.line
                ));
            }
            vm.pump_jobs();
        }
        vm.run_timers();
        vm.run_animation_frames();
        vm.pump_jobs();
        vm.flush_rejections();
        let before = c.frames.len();
        c.answer_images(&mut thread, &mut events, opts)?;
        let before = before.max(c.frames.len());
        c.submit_all(&mut thread, vm.take_outbox(), &mut events, opts)?;
        if c.frames.len() == before {
            let step = thread.frame(t)?;
            c.take_step(step, &mut events, opts)?;
        }
        let bytes = encode_events(&events, n);
        events.clear();
        vm.deliver_events(&bytes);
        vm.flush_rejections();
        heap_peak = heap_peak.max(vm.heap_used());
        js_heap_bytes.push(vm.heap_used());
        if vm.exit_code().is_some() {
            break;
        }
    }
    // What the app sent while handling the last frame's events applies too
    // (no frame runs for it).
    c.submit_all(&mut thread, vm.take_outbox(), &mut events, opts)?;
    let totals = thread.shutdown()?;

    let budget = profile.budget_ms();
    let ms: Vec<f64> = c.frames.iter().map(|f| f.emulated_ms).collect();
    let last_stats = c.frames.last().map(|f| f.stats).unwrap_or_default();
    let engine = Summary {
        device: profile.id.clone(),
        device_name: profile.name.clone(),
        display: [profile.display.width, profile.display.height],
        fps: profile.display.fps,
        scene_viewport: None,
        engine: engine_label,
        batches: c.batches_sent,
        frames: c.frames.len() as u32,
        budget_ms: round3(budget),
        emulated_ms: Percentiles::of(&ms),
        dropped_frames: ms.iter().filter(|&&m| m > budget).count() as u32,
        total_fuel: c.frames.iter().map(|f| f.fuel).sum(),
        peak_memory_bytes: totals.peak_memory_bytes,
        memory_cap_bytes: profile.memory_cap_bytes(),
        nodes: last_stats.nodes,
        display_items: c
            .final_dl
            .as_ref()
            .map(|d| d.header.item_count)
            .unwrap_or(0),
        rejected_batches: totals.rejected_by_engine + totals.rejected_by_host,
        rejections: c.rejections.clone(),
        traps: totals.traps,
        recoveries: totals.recoveries,
        frames_skipped: totals.frames_dropped,
        journal_compactions: totals.compactions,
        incidents: c.incidents.iter().map(|i| i.to_string()).collect(),
        pngs_written: c.pngs,
        texture_budget_bytes: profile.texture_budget_bytes(),
        peak_texture_bytes: c.frames.iter().map(|f| u64::from(f.stats.texture_bytes)).max().unwrap_or(0),
        ..Summary::default()
    };
    let (exceptions, exceptions_total) = vm.exceptions();
    let (log, _dropped) = vm.take_log();
    let js = JsSummary {
        runtime: "quickjs".into(),
        host_frames,
        exit_code: vm.exit_code(),
        heap_limit_bytes: limits.heap_bytes as u64,
        heap_used_bytes: vm.heap_used(),
        heap_peak_bytes: heap_peak,
        stack_limit_bytes: limits.stack_bytes as u64,
        objects: vm.object_count(),
        work_polls: vm.work_polls(),
        exceptions_total,
        exceptions: exceptions.iter().map(|e| e.to_string()).collect(),
        log_lines: log.len(),
    };
    drop(vm);
    let input =
        (!opts.keys.is_empty()).then(|| crate::keys::latencies(&key_downs, &c.frames, key_ups));
    let summary = RunSummary {
        app: app.display().to_string(),
        engine,
        js,
        input,
    };
    if let Some(dir) = &opts.out_dir {
        let write = |name: &str, text: String| {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| {
                RunError::Output(PlayError::Io {
                    path,
                    message: e.to_string(),
                })
            })
        };
        write("summary.json", summary.to_json())?;
        let mut text = String::new();
        for l in &log {
            text.push_str(&l.to_string());
            text.push('\n');
        }
        for e in &exceptions {
            if !e.stack.is_empty() {
                text.push_str(&format!("{e}\n{}\n", e.stack.trim_end()));
            }
        }
        write("log.txt", text)?;
    }
    Ok(RunReport {
        summary,
        frames: c.frames,
        final_display_list: c.final_dl,
        incidents: c.incidents,
        exceptions,
        log,
        batches: c.recorded,
        js_heap_bytes,
    })
}
