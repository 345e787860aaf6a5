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
//! # JS time
//! Each host frame's JS (module evaluation is frame 0) is measured on the
//! emulated CPU ([`crate::vm`]: interrupt polls at the profile's
//! `js.ticks_per_ms`) into [`JsSummary`] (`startup_ms`, `frame_ms`
//! percentiles, long tasks) and [`RunReport::js_frame_ms`]. A frame that
//! reaches `js.frame_limit_ms` is cut short (the running callback or promise
//! job is interrupted; the frame's remaining timers, animation frames, keys,
//! promise jobs and — if the limit was reached before them — its events
//! wait for the next frame). After `js.overrun_frames` such frames in a row
//! the loop stops the app ([`JsSummary::stopped`]; `reel run` exits 1).
//!
//! The engine thread runs `engine.wasm` under wasmtime, or — on a device
//! with `engine.wasm = false` — the wasm2js build of the same engine on its
//! own QuickJS runtime ([`crate::js_engine`]); the loop is the same, only
//! the CPU model's unit differs (fuel or QuickJS ticks, see the profile).
//!
//! # The debug overlay
//! When the engine module has the egui debug overlay (`engine-debug.wasm`:
//! `reel run --debug-overlay`, or any module with the `reel_overlay_*`
//! exports), every key-script keydown is first offered to
//! `reel_overlay_key`: one it consumes (the blue key / F12 toggle it; while
//! open, arrows, Enter and Back/Escape drive it) never reaches the app, nor
//! does its keyup. After each host frame the host reports what it knows
//! with `reel_overlay_host_stats` (engine ms of the frame from the CPU
//! model, the emulated frame interval, batches and bytes sent, the QuickJS
//! heap and its cap, frames over budget so far; queue delay is 0: the
//! channel is synchronous on the emulated clock) and reads the overlay's
//! state back, so the summary can split engine time by open/closed frames
//! ([`OverlaySummary`]).
//!
//! Engine traps are handled by the supervisor inside the engine thread:
//! the app only ever sees the events the supervisor chooses to send (an
//! `ERROR` for a batch it had to reject); the report lists the incidents.
//! JS exceptions are reported with their `file:line` and do not stop the
//! loop.

use std::fmt;
use std::path::{Path, PathBuf};

use reel_wire::display_list::{ItemKind, OwnedDisplayList};
use reel_wire::texture::ATLAS_TEXTURE_ID;
use reel_wire::protocol::events::Event;
use reel_host::engine_thread::{EngineThread, HostError};
use reel_host::wasm_engine::EngineError;
use reel_host::HostStats;
use reel_host::engine_thread::FactoryMaker;
use reel_host::paths::{self, EngineJsPathError, EnginePathError};
use reel_host::play::{summary_text, Percentiles, PlayError, Summary};
use reel_host::supervisor::{Fault, FrameReport, Incident, StepReport, SupervisorConfig};
use reel_host::wasm_engine::{EngineLimits, EngineModule};
use reel_host::EngineFactory;
use reel_host::Profile;
use serde::Serialize;

use crate::events::encode_events;
use crate::js_time::{JsTime, LONG_TASK_MS};
use crate::vm::{DeviceInfo, ExceptionKind, JsException, JsLimits, LogLine, Vm, VmConfig};

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
    /// The app bundle's root (`--root`; `None`: the app page's or entry
    /// module's directory, see [`crate::bundle::AppBundle`]).
    pub root: Option<PathBuf>,
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
    /// Host frames whose display lists stay in [`RunReport::frames`], and
    /// whose screen (the latest display list, painted with the textures of
    /// that moment: images and the glyph atlas) is kept in
    /// [`RunReport::screens`] (`reel certify`'s checkpoint screenshots).
    pub keep_display_lists: Vec<u32>,
    /// Run the debug module with the egui overlay (`--debug-overlay`):
    /// [`RunOptions::engine`], else `$REEL_ENGINE_DEBUG_WASM`, else
    /// `target/engine-debug.wasm`. Needs a device with Wasm.
    pub debug_overlay: bool,
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
            root: None,
            js: None,
            faults: Vec::new(),
            echo_log: false,
            log_incidents: false,
            seed: 1,
            record_batches: false,
            keys: Vec::new(),
            keep_display_lists: Vec::new(),
            debug_overlay: false,
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
    /// `--debug-overlay` cannot be honoured.
    Overlay(OverlayError),
}

/// Why a run cannot have the debug overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverlayError {
    /// The device runs the JS fallback engine (wasm2js), which has no
    /// debug build.
    NoWasm {
        /// The profile id.
        device: String,
    },
    /// The module given has no `reel_overlay_*` exports.
    NotDebugModule {
        /// The module.
        path: PathBuf,
    },
}

impl fmt::Display for OverlayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoWasm { device } => write!(
                f,
                "--debug-overlay needs a device with Wasm: {device} has engine.wasm = false and runs the JS \
                 fallback engine (wasm2js), which has no debug build with the overlay"
            ),
            Self::NotDebugModule { path } => write!(
                f,
                "--debug-overlay: {} has no debug overlay (no reel_overlay_* exports); use target/engine-debug.wasm, \
                 built by `bash tools/build-wasm-debug.sh`",
                path.display()
            ),
        }
    }
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
            Self::Overlay(e) => write!(f, "{e}"),
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
    /// Interrupt polls (10k QuickJS ticks — bytecode branches and calls —
    /// each): a deterministic measure of JS work.
    pub work_polls: u64,
    /// The app thread's emulated CPU: QuickJS ticks per ms (the profile's
    /// `js.ticks_per_ms`); JS times below are polls x 10k ticks at this rate.
    pub ticks_per_ms: u64,
    /// JS time of module evaluation (host frame 0), emulated ms.
    pub startup_ms: f64,
    /// JS time per host frame after module evaluation (every timer,
    /// animation-frame callback, listener and promise job of the frame),
    /// emulated ms.
    pub frame_ms: Percentiles,
    /// Host frames after module evaluation whose JS ran longer than
    /// `long_task_ms`.
    pub long_tasks: u32,
    /// The long-task threshold of `long_tasks`, ms.
    pub long_task_ms: f64,
    /// JS one host frame may run before it is interrupted, emulated ms
    /// (the profile's `js.frame_limit_ms`, in whole polls).
    pub frame_limit_ms: f64,
    /// Host frames (module evaluation included) whose JS the host cut
    /// short: the limit reached, a microtask storm (more promise jobs in one
    /// checkpoint than the VM allows) or promise jobs out of heap.
    pub over_limit_frames: u32,
    /// Why the host stopped the app (the limit reached in
    /// `js.overrun_frames` frames in a row), if it did.
    pub stopped: Option<String>,
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
    /// Injected keys and input latency (`--keys` runs only). Keys the
    /// debug overlay consumed never reached the app and are not in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<crate::keys::InputSummary>,
    /// The debug overlay (runs on a module that has it only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay: Option<OverlaySummary>,
    /// What the engine said (focus, live regions, the app's `announce`), in order.
    pub announcements: Vec<crate::announce::Announcement>,
    /// Nodes that took focus with no accessible name.
    pub unnamed_focus: Vec<crate::announce::FocusNote>,
    /// Focused nodes destroyed or hidden (focus lost; `FOCUS` cause 3).
    pub focus_lost: Vec<crate::announce::FocusNote>,
    /// The video plane (`reel_host::video`): frames presented, decoders,
    /// time to first frame, errors, its texture bytes.
    pub video: reel_host::video::VideoSummary,
}

/// One keydown offered to the debug overlay.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OverlayKey {
    /// Host frame of the keydown.
    pub frame: u32,
    /// Script key name.
    pub key: String,
    /// DOM key code.
    pub key_code: u32,
    /// The overlay took it: the app did not get it.
    pub consumed: bool,
    /// Overlay open after that host frame.
    pub open_after: bool,
    /// Inspector selection after that host frame (`None`: nothing yet).
    pub selected_after: Option<u32>,
    /// The app's focused node after that host frame (`None`: nothing).
    pub app_focus_after: Option<u32>,
}

/// The debug overlay's section of the run summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OverlaySummary {
    /// Engine frames drawn with the overlay open.
    pub open_frames: u32,
    /// Engine frames drawn with it closed.
    pub closed_frames: u32,
    /// Emulated engine ms per frame while open (CPU model).
    pub emulated_ms_open: Percentiles,
    /// Emulated engine ms per frame while closed.
    pub emulated_ms_closed: Percentiles,
    /// Keydowns the overlay consumed.
    pub keys_consumed: u32,
    /// Every keydown offered to it, in order.
    pub keys: Vec<OverlayKey>,
}

impl OverlaySummary {
    /// The line `reel run` prints.
    pub fn to_text(&self) -> String {
        let (o, c) = (&self.emulated_ms_open, &self.emulated_ms_closed);
        format!(
            "overlay     open {} frames: p50 {:.3} ms, mean {:.3} ms; closed {} frames: p50 {:.3} ms, mean {:.3} ms (emulated); {} keys consumed\n",
            self.open_frames, o.p50, o.mean, self.closed_frames, c.p50, c.mean, self.keys_consumed
        )
    }
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
            "js time     p50 {:.3}  p95 {:.3}  p99 {:.3}  max {:.3} ms per host frame, startup {:.3} ms (emulated, {} ticks/ms); \
             {} long tasks (> {} ms), {} frames cut short (limit {:.1} ms)",
            j.frame_ms.p50,
            j.frame_ms.p95,
            j.frame_ms.p99,
            j.frame_ms.max,
            j.startup_ms,
            j.ticks_per_ms,
            j.long_tasks,
            j.long_task_ms,
            j.over_limit_frames,
            j.frame_limit_ms
        );
        if let Some(why) = &j.stopped {
            let _ = writeln!(o, "js stopped  {why}");
        }
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
        if let Some(overlay) = &self.overlay {
            o.push_str(&overlay.to_text());
        }
        let v = &self.video;
        if v.players > 0 {
            let _ = writeln!(
                o,
                "video       {} players, {} of {} expected frames presented, decoders peak {} of {}, time to first frame max {:.3} ms (emulated), {} errors; {:.2} MiB of frames at the end",
                v.players,
                v.frames_presented,
                v.frames_expected,
                v.decoders_peak,
                v.max_decoders,
                v.ttff_max_ms,
                v.errors.len(),
                mib(v.texture_bytes)
            );
            for e in &v.errors {
                let _ = writeln!(o, "  video error {e}");
            }
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
    /// JS time of each host frame, emulated ms (index 0: frame 1; module
    /// evaluation is [`JsSummary::startup_ms`]).
    pub js_frame_ms: Vec<f64>,
    /// The screen at each frame of [`RunOptions::keep_display_lists`]:
    /// (host frame, frame of the display list shown, picture).
    pub screens: Vec<(u32, u32, reel_raster::RgbaImage)>,
    /// For each of [`RunReport::screens`]: (host frame, the display list
    /// shown, how many of [`RunReport::batches`] the app had sent by then).
    pub screen_lists: Vec<(u32, OwnedDisplayList, usize)>,
    /// For each of [`RunReport::screens`]: (host frame, the same display
    /// list painted without any text) — what is drawn behind the texts,
    /// which certify's contrast check reads where a text is over an image.
    pub backdrops: Vec<(u32, reel_raster::RgbaImage)>,
}

/// The js-shim package of this workspace.
pub fn default_shim_dir() -> PathBuf {
    paths::workspace_root().join("js-shim")
}

/// Runs `app` (an entry module, an `index.html` or a bundle directory: see
/// [`crate::bundle`]) on `profile`; see the module docs.
pub fn run_app(app: &Path, profile: &Profile, opts: RunOptions) -> Result<RunReport, RunError> {
    if !app.exists() {
        return Err(RunError::App {
            path: app.to_path_buf(),
            message: "no such file".into(),
        });
    }
    let bundle = crate::bundle::AppBundle::open(app, opts.root.as_deref()).map_err(|e| RunError::App {
        path: app.to_path_buf(),
        message: match e {
            // The path is already in front of the message.
            crate::bundle::BundleError::Missing { message, .. } => message,
            other => other.to_string(),
        },
    })?;
    let engine_limits = EngineLimits::from_profile(profile);
    if opts.debug_overlay && !profile.engine.wasm {
        return Err(RunError::Overlay(OverlayError::NoWasm { device: profile.id.clone() }));
    }
    let (engine_path, make): (PathBuf, FactoryMaker) = if profile.engine.wasm {
        let loaded = if opts.debug_overlay {
            paths::load_debug_engine(opts.engine.as_deref())
        } else {
            paths::load_engine(opts.engine.as_deref())
        };
        let (path, wasm) = loaded.map_err(RunError::Engine)?;
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
    let handle = std::thread::Builder::new()
        .name("reel-js".into())
        .stack_size(stack)
        .spawn(move || js_thread(&app, &bundle, &profile, make, engine_path, limits, &opts))
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
    /// Frame of `final_dl`.
    final_dl_frame: u32,
    /// Mesh section of `final_dl` (the debug overlay's egui meshes).
    final_meshes: Option<reel_wire::display_list::MeshSection>,
    screens: Vec<(u32, u32, reel_raster::RgbaImage)>,
    screen_lists: Vec<(u32, OwnedDisplayList, usize)>,
    backdrops: Vec<(u32, reel_raster::RgbaImage)>,
    pngs: u32,
    batches_sent: usize,
    recorded: Vec<Vec<u8>>,
    /// Batches and bytes sent since the host frame began (the overlay's
    /// channel panel).
    frame_batches: u32,
    frame_bytes: u64,
    /// Image loading for the engine's resource manager (decoded on a loader
    /// thread, from the app's own directory only), and the painter's
    /// textures: those images plus the engine's glyph atlas, kept current
    /// from the texture deltas each step reports.
    images: reel_host::images::HostImages,
    /// What the engine said.
    said: crate::announce::Announcements,
    /// The video plane: players for the display list's video surfaces.
    video: reel_host::video::VideoPlane,
    /// Most engine texture bytes plus video plane bytes after any frame.
    peak_texture: u64,
}

impl Collected {
    fn new(app_dir: std::path::PathBuf, max_decoders: u32) -> Self {
        Self {
            frames: Vec::new(),
            incidents: Vec::new(),
            rejections: Vec::new(),
            final_dl: None,
            final_dl_frame: 0,
            final_meshes: None,
            screens: Vec::new(),
            screen_lists: Vec::new(),
            backdrops: Vec::new(),
            pngs: 0,
            batches_sent: 0,
            recorded: Vec::new(),
            frame_batches: 0,
            frame_bytes: 0,
            video: reel_host::video::VideoPlane::new(app_dir.clone(), max_decoders),
            images: reel_host::images::HostImages::new(app_dir),
            said: crate::announce::Announcements::default(),
            peak_texture: 0,
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

    /// Sends what the video plane's players did (`VIDEO_STATE`s) as one
    /// batch; the engine forwards them to the app as `VIDEO` events now.
    fn answer_videos(&mut self, thread: &mut EngineThread, events: &mut Vec<Event>, opts: &RunOptions) -> Result<(), RunError> {
        if let Some(batch) = self.video.take_batch() {
            let step = thread.submit(batch)?;
            self.take_step(step, events, opts)?;
        }
        Ok(())
    }

    /// Paints `dl` with the video plane under it.
    fn paint(&mut self, dl: &OwnedDisplayList, meshes: Option<&reel_wire::display_list::MeshSection>, frame: u32) -> Result<reel_raster::RgbaImage, RunError> {
        let empty = reel_wire::display_list::MeshSection::default();
        let r = reel_raster::render_with_meshes(&dl.as_ref(), meshes.unwrap_or(&empty), &self.images.textures)
            .map_err(|e| RunError::Output(PlayError::Raster { frame, message: e.to_string() }))?;
        let mut image = r.image;
        self.video.composite(&mut image);
        Ok(image)
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
        self.rejections
            .extend(reel_host::play::skipped_commands(&step.events));
        self.incidents.extend(step.incidents);
        // Image requests go to the loader; releases free textures and a
        // frame commits the images answered before it: before painting.
        self.images.handle_events(&step.events);
        self.said.take(&step.events);
        events.extend(step.events);
        // Texture sets before this step's frames are painted, frees after.
        for d in &step.texture_deltas {
            self.images.textures
                .apply_deltas(d)
                .map_err(|e| RunError::Output(PlayError::Raster { frame: 0, message: format!("texture deltas: {e}") }))?;
        }
        for mut f in step.frames {
            if let Some(dl) = f.display_list.take() {
                // The video plane follows every list at its frame's time.
                self.video.present(f.stats.time_ms, &dl);
                if let (Some(dir), true) = (
                    &opts.out_dir,
                    opts.png_every > 0 && (f.frame - 1) % opts.png_every == 0,
                ) {
                    // With the mesh section: the debug overlay's egui meshes.
                    let path = dir.join(format!("frame-{:04}.png", f.frame));
                    let image = self.paint(&dl, f.meshes.as_ref(), f.frame)?;
                    reel_raster::write_png(&path, &image)
                        .map_err(|e| RunError::Output(PlayError::Raster { frame: f.frame, message: e.to_string() }))?;
                    self.pngs += 1;
                }
                if opts.keep_display_lists.contains(&f.frame) {
                    f.display_list = Some(dl.clone());
                }
                self.final_dl = Some(dl);
                self.final_dl_frame = f.frame;
                self.final_meshes = f.meshes.clone();
            }
            if opts.keep_display_lists.contains(&f.frame) {
                if let Some(dl) = self.final_dl.clone() {
                    let meshes = self.final_meshes.clone();
                    let image = self.paint(&dl, meshes.as_ref(), f.frame)?;
                    self.screens.push((f.frame, self.final_dl_frame, image));
                    let mut bare = dl.clone();
                    bare.items.retain(|it| !(it.item_kind() == Some(ItemKind::Image) && it.texture == ATLAS_TEXTURE_ID));
                    bare.header.item_count = bare.items.len() as u32;
                    let backdrop = self.paint(&bare, None, f.frame)?;
                    self.backdrops.push((f.frame, backdrop));
                    self.screen_lists.push((f.frame, dl, self.recorded.len()));
                }
            }
            // Textures on the device after this frame: the engine's images
            // and glyphs plus the video plane's pictures.
            self.peak_texture = self.peak_texture.max(u64::from(f.stats.texture_bytes) + self.video.texture_bytes());
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
            self.frame_batches += 1;
            self.frame_bytes += b.len() as u64;
            if opts.record_batches {
                self.recorded.push(b.clone());
            }
            let step = thread.submit(b.clone())?;
            // The video plane reads what the engine accepted (before the
            // frames this batch ran are presented).
            if step.rejected.is_none() {
                self.video.mirror.apply(&b);
            }
            self.take_step(step, events, opts)?;
        }
        Ok(())
    }
}

/// What the loop tracks of the debug overlay.
#[derive(Default)]
struct OverlayTrack {
    keys: Vec<OverlayKey>,
    /// Codes whose keydown the overlay consumed and whose keyup is pending.
    held: Vec<u32>,
    open_ms: Vec<f64>,
    closed_ms: Vec<f64>,
    /// Frames over budget so far.
    dropped: u32,
}

fn js_thread(
    app: &Path,
    bundle: &crate::bundle::AppBundle,
    profile: &Profile,
    make: FactoryMaker,
    engine_path: PathBuf,
    limits: JsLimits,
    opts: &RunOptions,
) -> Result<RunReport, RunError> {
    let engine_label = engine_path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cfg = SupervisorConfig::from_profile(profile);
    cfg.faults = opts.faults.clone();
    let mut thread = EngineThread::spawn_with(make, cfg)?;
    if opts.log_incidents {
        thread.on_incident(|i| eprintln!("reel: !! {i}"));
    }
    // The overlay's exports are optional: present in engine-debug.wasm only.
    let has_overlay = match thread.overlay_state() {
        Ok(_) => true,
        Err(HostError::Engine(EngineError::NoOverlay)) => false,
        Err(e) => return Err(e.into()),
    };
    if opts.debug_overlay && !has_overlay {
        return Err(RunError::Overlay(OverlayError::NotDebugModule { path: engine_path }));
    }
    let mut overlay = has_overlay.then(OverlayTrack::default);
    if let Some(dir) = &opts.out_dir {
        std::fs::create_dir_all(dir).map_err(|e| {
            RunError::Output(PlayError::Io {
                path: dir.clone(),
                message: e.to_string(),
            })
        })?;
    }
    let vm = Vm::new(&VmConfig {
        entry: bundle.entry.clone(),
        root: Some(bundle.root.clone()),
        document_path: bundle.document_path.clone(),
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

    // Image `src`s resolve against the bundle's root, as against a document.
    let mut c = Collected::new(bundle.root.clone(), profile.video.max_decoders);
    let mut heap_peak = 0u64;

    vm.set_now(0, 0.0);
    vm.eval_entry();
    vm.flush_rejections();
    let mut js_time = JsTime::new(limits, opts.frames);
    let mut stopped = js_time.end_frame(0, vm.frame_polls(), vm.frame_cut());
    if let Some(why) = &stopped {
        vm.report_host("host frame", ExceptionKind::FrameLimit, why.clone());
    }
    let mut events = Vec::new();
    c.submit_all(&mut thread, vm.take_outbox(), &mut events, opts)?;
    heap_peak = heap_peak.max(vm.heap_used());

    let mut host_frames = 0u32;
    let mut js_heap_bytes = Vec::with_capacity(opts.frames as usize);
    let (mut key_at, mut key_ups, mut warned_no_key_listener) = (0usize, 0u32, false);
    let mut key_downs: Vec<(u32, f64, String, bool)> = Vec::new();
    let budget = profile.budget_ms();
    for n in 1..=opts.frames {
        if stopped.is_some() {
            break;
        }
        host_frames = n;
        let frames_at_start = c.frames.len();
        let keys_at_start = overlay.as_ref().map_or(0, |o| o.keys.len());
        c.frame_batches = 0;
        c.frame_bytes = 0;
        // n * 1000 / fps, multiplied first so whole-ms frames are exact.
        let t = n as f64 * 1000.0 / profile.display.fps as f64;
        vm.set_now(n, t);
        // Key-script events of this frame, before timers and animation
        // frames (a key arrives between frames). Keys a frame at its JS
        // limit could not take wait for the next one (latency counts from
        // the scripted frame).
        while key_at < opts.keys.len() && opts.keys[key_at].frame <= n && !vm.frame_over_limit() {
            let k = &opts.keys[key_at];
            key_at += 1;
            if let Some(o) = overlay.as_mut() {
                // The overlay sees every keydown first; what it consumes
                // (and that key's keyup) never reaches the app.
                if k.down {
                    let r = thread.overlay_key(k.key_code)?;
                    c.incidents.extend(r.incidents);
                    o.keys.push(OverlayKey {
                        frame: n,
                        key: k.name.clone(),
                        key_code: k.key_code,
                        consumed: r.consumed,
                        ..OverlayKey::default()
                    });
                    if r.consumed {
                        o.held.push(k.key_code);
                        continue;
                    }
                } else if let Some(i) = o.held.iter().position(|&code| code == k.key_code) {
                    o.held.remove(i);
                    continue;
                }
            }
            if k.down {
                let kf = k.frame.clamp(1, n);
                key_downs.push((kf, kf as f64 * 1000.0 / profile.display.fps as f64, k.name.clone(), k.repeat));
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
        c.answer_videos(&mut thread, &mut events, opts)?;
        if let Some(o) = overlay.as_mut() {
            let new = &c.frames[frames_at_start..];
            o.dropped += new.iter().filter(|f| f.emulated_ms > budget).count() as u32;
            let interval = match c.frames.len() {
                len if len >= 2 => c.frames[len - 1].stats.time_ms - c.frames[len - 2].stats.time_ms,
                _ => 1000.0 / f64::from(profile.display.fps),
            };
            let stats = HostStats {
                engine_ms: new.iter().map(|f| f.emulated_ms).sum::<f64>() as f32,
                frame_interval_ms: interval as f32,
                queue_delay_ms: 0.0,
                batch_bytes: u32::try_from(c.frame_bytes).unwrap_or(u32::MAX),
                batches: c.frame_batches,
                js_heap_bytes: u32::try_from(vm.heap_used()).unwrap_or(u32::MAX),
                js_heap_limit: u32::try_from(limits.heap_bytes).unwrap_or(u32::MAX),
                dropped_frames: o.dropped,
                // The app's JS of this host frame so far (keys, timers, rAF
                // callbacks and the microtasks they queued, all of which run
                // before the engine's frame).
                app_js_ms: js_time.polls_ms(vm.frame_polls()) as f32,
            };
            let r = thread.overlay_host_stats(stats)?;
            c.incidents.extend(r.incidents);
            // The frames of this host frame were drawn in the state the
            // keys left it in (keys arrive before the frame).
            for f in new {
                if r.state.open {
                    o.open_ms.push(f.emulated_ms);
                } else {
                    o.closed_ms.push(f.emulated_ms);
                }
            }
            let focus = c.frames.last().map(|f| f.stats.focused).filter(|&id| id != reel_wire::protocol::NONE);
            for k in &mut o.keys[keys_at_start..] {
                k.open_after = r.state.open;
                k.selected_after = r.state.selected;
                k.app_focus_after = focus;
            }
        }
        let bytes = encode_events(&events, n);
        if vm.deliver_events(&bytes) {
            events.clear();
        }
        vm.flush_rejections();
        heap_peak = heap_peak.max(vm.heap_used());
        js_heap_bytes.push(vm.heap_used());
        stopped = js_time.end_frame(n, vm.frame_polls(), vm.frame_cut());
        if let Some(why) = &stopped {
            vm.report_host("host frame", ExceptionKind::FrameLimit, why.clone());
        }
        if vm.exit_code().is_some() {
            break;
        }
    }
    // What the app sent while handling the last frame's events applies too
    // (no frame runs for it).
    c.submit_all(&mut thread, vm.take_outbox(), &mut events, opts)?;
    let totals = thread.shutdown()?;

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
        recovery_failures: totals.recovery_failures,
        incidents: c.incidents.iter().map(|i| i.to_string()).collect(),
        pngs_written: c.pngs,
        texture_budget_bytes: profile.texture_budget_bytes(),
        // With the video plane's pictures (the same device budget).
        peak_texture_bytes: c.peak_texture,
        peak_host_texture_bytes: c.images.peak_texture_bytes(),
        images_loaded: c.images.loaded,
        images_failed: c
            .images
            .failed
            .iter()
            .map(|f| format!("{} ({})", f.message, reel_wire::resources::reason::name(f.reason)))
            .collect(),
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
        ticks_per_ms: limits.ticks_per_ms,
        startup_ms: round3(js_time.startup_ms),
        frame_ms: Percentiles::of(&js_time.frame_ms),
        long_tasks: js_time.long_tasks(LONG_TASK_MS),
        long_task_ms: LONG_TASK_MS,
        frame_limit_ms: round3(limits.frame_limit_ms()),
        over_limit_frames: js_time.over_limit_frames,
        stopped,
        exceptions_total,
        exceptions: exceptions.iter().map(|e| e.to_string()).collect(),
        log_lines: log.len(),
    };
    drop(vm);
    let input =
        (!opts.keys.is_empty()).then(|| crate::keys::latencies(&key_downs, &c.frames, key_ups));
    let overlay = overlay.map(|o| OverlaySummary {
        open_frames: o.open_ms.len() as u32,
        closed_frames: o.closed_ms.len() as u32,
        emulated_ms_open: Percentiles::of(&o.open_ms),
        emulated_ms_closed: Percentiles::of(&o.closed_ms),
        keys_consumed: o.keys.iter().filter(|k| k.consumed).count() as u32,
        keys: o.keys,
    });
    let summary = RunSummary {
        app: app.display().to_string(),
        engine,
        js,
        input,
        overlay,
        announcements: core::mem::take(&mut c.said.said),
        unnamed_focus: core::mem::take(&mut c.said.unnamed),
        focus_lost: core::mem::take(&mut c.said.lost),
        video: c.video.summary(),
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
        js_frame_ms: js_time.frame_ms,
        screens: c.screens,
        screen_lists: c.screen_lists,
        backdrops: c.backdrops,
    })
}
