//! Device profiles: what TV device the host emulates.
//!
//! A profile is a small TOML file in `devices/` (one per device class). It
//! is data, not code, so that adding a device is a review of numbers, and it
//! is validated strictly (`deny_unknown_fields`, ranges, cross-field rules)
//! because a typo in a profile silently changes every figure a run reports.
//!
//! ```toml
//! id = "tv-midrange"
//! name = "Mid-range smart TV (2021 SoC)"
//!
//! [display]
//! width = 1920
//! height = 1080
//! fps = 60
//!
//! [engine]
//! wasm = true                 # false: the no-Wasm (JS fallback) engine path
//! memory_cap_mib = 64         # engine.wasm linear memory may not grow past this
//! memory_reservation_mib = 128 # virtual address space reserved for it (32-bit-device-like)
//! fuel_per_frame_limit = 400000000  # watchdog: a call that burns more traps
//! texture_budget_mib = 96     # images + glyph atlas resident at once (engine resource manager)
//!
//! [cpu]
//! fuel_per_ms = 400000        # wasmtime fuel the emulated CPU executes per millisecond
//! # js_ticks_per_ms = 1900    # wasm = false only: QuickJS ticks of the wasm2js engine per ms
//!
//! [js]                        # optional: the app's JS thread under `reel run` (defaults: see JsSection)
//! ticks_per_ms = 21250        # QuickJS ticks of app JS per emulated ms (default: fuel_per_ms x 0.2125)
//! frame_limit_ms = 1000.0     # JS one host frame may run before it is interrupted (default: the engine watchdog's time)
//! overrun_frames = 3          # consecutive frames over that limit after which the app is stopped
//!
//! [video]                     # optional: the video plane (defaults: VideoSection::default())
//! max_decoders = 2            # videos that can play at once; one more fails with `decoder-limit`
//! max_ttff_ms = 500.0         # `reel certify`'s video-ttff gate: play request to first frame, emulated ms
//!
//! [certify]                   # optional: the gates of `reel certify` (defaults: Certify::default())
//! startup_frames = 1          # first frames (the app's initial build): gated by max_startup_ms only
//! max_startup_ms = 250.0      # worst emulated ms of a startup frame
//! frame_p95_factor = 1.0      # p95 emulated frame ms <= budget x this
//! frame_p99_factor = 1.5      # p99 emulated frame ms <= budget x this
//! max_dropped_pct = 2.0       # frames over budget, % of frames
//! max_input_latency_ms = 50.0 # worst key -> first frame showing the focus move
//! memory_ratio = 0.5          # peak linear memory <= memory cap x this
//! texture_ratio = 1.0         # peak texture bytes <= texture budget x this
//! js_heap_mib = 32            # peak QuickJS heap of the app
//! js_long_task_ms = 50.0      # a host frame whose app JS runs longer is a long task
//! max_js_long_tasks = 0       # long tasks allowed after the startup frames
//! regression_time_pct = 2.0   # --baseline: a ms figure more than this % worse is a regression
//! regression_memory_pct = 1.0 # --baseline: a MiB figure more than this % worse is a regression
//! regression_dropped_points = 0.5 # --baseline: dropped-frames % more than this many points worse
//! regression_count = 0        # --baseline: a count (long tasks, exceptions, faults) more than this worse
//! a11y_names = true           # every node that took focus had an accessible name
//! a11y_focus = true           # every focusable node on screen reachable by arrows; no key lost focus
//! min_contrast = 4.5          # text contrast at each checkpoint (0 = off)
//! min_contrast_large = 3.0    # the same for text of 24 px and more
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub mod catalogue;
pub mod layers;

/// Most memory a wasm32 module can address, in MiB.
pub const WASM32_MAX_MIB: u32 = 4096;
/// Largest texture budget, in MiB (the engine takes it as a u32 of bytes).
pub const MAX_TEXTURE_BUDGET_MIB: u32 = 4095;
/// Largest display edge accepted, in pixels.
pub const MAX_DISPLAY_EDGE: u32 = 16384;
/// Accepted refresh rates.
pub const FPS_RANGE: std::ops::RangeInclusive<u32> = 1..=240;

/// A device profile.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short id, also the file stem (`tv-midrange`).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// The screen.
    pub display: Display,
    /// The engine runtime.
    pub engine: EngineSection,
    /// The emulated CPU.
    pub cpu: Cpu,
    /// The app's JS thread (optional table; derived defaults when absent).
    #[serde(default)]
    pub js: JsSection,
    /// The video plane (optional table; defaults when absent).
    #[serde(default)]
    pub video: VideoSection,
    /// The gates of `reel certify` (optional table; defaults when absent).
    #[serde(default)]
    pub certify: Certify,
}

/// Most hardware video decoders a profile may declare.
pub const MAX_DECODERS: u32 = 16;

/// `[video]`: the device's video plane (issue 17).
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VideoSection {
    /// How many videos can play at once (hardware decoders): one more that
    /// should play fails with the `decoder-limit` error, never silently.
    /// Default 1, what the cheapest TVs and sticks have.
    pub max_decoders: u32,
    /// `reel certify`'s `video-ttff` gate: the worst time from a play
    /// request to its first frame on screen (emulated ms; the native host's
    /// video plane presents the first frame one host frame after the
    /// request). Default 500, range (0, 60000].
    pub max_ttff_ms: f64,
}

impl Default for VideoSection {
    fn default() -> Self {
        Self { max_decoders: 1, max_ttff_ms: 500.0 }
    }
}

/// `[certify]`: pass/fail thresholds `reel certify` checks a run against.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Certify {
    /// The first frames of a run (the app's initial build) are gated by
    /// `max_startup_ms` only; the frame-time gates apply to the rest.
    pub startup_frames: u32,
    /// Worst emulated time of a startup frame, ms.
    pub max_startup_ms: f64,
    /// p95 of the emulated frame times must be at most `budget_ms x` this.
    pub frame_p95_factor: f64,
    /// p99 of the emulated frame times must be at most `budget_ms x` this.
    pub frame_p99_factor: f64,
    /// Frames over budget may be at most this percentage of all frames.
    pub max_dropped_pct: f64,
    /// Worst input latency (key -> first frame showing the focus move,
    /// emulated ms) allowed.
    pub max_input_latency_ms: f64,
    /// Peak linear memory must be at most `memory_cap x` this (0 < r <= 1).
    pub memory_ratio: f64,
    /// Peak texture bytes must be at most `texture_budget x` this (0 < r <= 1).
    pub texture_ratio: f64,
    /// Peak JS heap of the app, MiB.
    pub js_heap_mib: u32,
    /// A host frame whose app JS runs longer than this (emulated ms, at
    /// [`Profile::app_js_ticks_per_ms`]) is a JS long task.
    pub js_long_task_ms: f64,
    /// JS long tasks allowed in the frames after `startup_frames` (module
    /// evaluation and the startup frames are not counted).
    pub max_js_long_tasks: u32,
    /// `reel certify --baseline`: a time figure (ms: startup, p95, p99,
    /// input latency) worse than the baseline's by more than this percent
    /// is a regression, better by more an improvement (0: any change).
    pub regression_time_pct: f64,
    /// The same for the memory figures (MiB: linear, texture, JS heap).
    pub regression_memory_pct: f64,
    /// The same for dropped frames, in percentage points (absolute).
    pub regression_dropped_points: f64,
    /// The same for the counts (JS long tasks, exceptions, engine faults,
    /// failed recoveries), absolute.
    pub regression_count: u32,
    /// Gate `a11y-names`: every node that took focus had an accessible name.
    pub a11y_names: bool,
    /// Gate `a11y-focus`: at each checkpoint every focusable node on screen
    /// is reachable with the arrow keys from the focus, and no key press
    /// lost focus.
    pub a11y_focus: bool,
    /// Gate `a11y-contrast`: contrast ratio of every text on screen at each
    /// checkpoint against what is drawn behind it (WCAG 2 formula; 0 = off).
    pub min_contrast: f64,
    /// The same for text of 24 px and more.
    pub min_contrast_large: f64,
}

impl Default for Certify {
    fn default() -> Self {
        Self {
            startup_frames: 1,
            max_startup_ms: 500.0,
            frame_p95_factor: 1.0,
            frame_p99_factor: 1.5,
            max_dropped_pct: 5.0,
            max_input_latency_ms: 100.0,
            memory_ratio: 0.8,
            texture_ratio: 1.0,
            js_heap_mib: 64,
            js_long_task_ms: 50.0,
            max_js_long_tasks: 0,
            // Emulated figures are deterministic, so the tolerances are not
            // for noise: they say which real change is worth a failure.
            regression_time_pct: 2.0,
            regression_memory_pct: 1.0,
            regression_dropped_points: 0.5,
            regression_count: 0,
            a11y_names: true,
            a11y_focus: true,
            min_contrast: 4.5,
            min_contrast_large: 3.0,
        }
    }
}

impl Certify {
    /// Checks ranges; on failure returns the dotted field name and the problem.
    pub fn validate(&self) -> Result<(), (&'static str, Problem)> {
        let positive = |field, v: f64, max: f64| {
            if !v.is_finite() || v <= 0.0 || v > max {
                Err((field, Problem::OutOfRange { value: v, min_exclusive: 0.0, max }))
            } else {
                Ok(())
            }
        };
        if self.startup_frames > 600 {
            return Err(("certify.startup_frames", Problem::TooLarge { value: self.startup_frames as u64, max: 600 }));
        }
        positive("certify.max_startup_ms", self.max_startup_ms, 60_000.0)?;
        positive("certify.frame_p95_factor", self.frame_p95_factor, 100.0)?;
        positive("certify.frame_p99_factor", self.frame_p99_factor, 100.0)?;
        if !self.max_dropped_pct.is_finite() || !(0.0..=100.0).contains(&self.max_dropped_pct) {
            return Err((
                "certify.max_dropped_pct",
                Problem::OutOfRange { value: self.max_dropped_pct, min_exclusive: -f64::MIN_POSITIVE, max: 100.0 },
            ));
        }
        positive("certify.max_input_latency_ms", self.max_input_latency_ms, 60_000.0)?;
        positive("certify.memory_ratio", self.memory_ratio, 1.0)?;
        positive("certify.texture_ratio", self.texture_ratio, 1.0)?;
        positive("certify.js_long_task_ms", self.js_long_task_ms, 60_000.0)?;
        let tolerance = |field, v: f64, max: f64| {
            if !v.is_finite() || !(0.0..=max).contains(&v) {
                Err((field, Problem::OutOfRange { value: v, min_exclusive: -f64::MIN_POSITIVE, max }))
            } else {
                Ok(())
            }
        };
        tolerance("certify.regression_time_pct", self.regression_time_pct, 1000.0)?;
        tolerance("certify.regression_memory_pct", self.regression_memory_pct, 1000.0)?;
        tolerance("certify.regression_dropped_points", self.regression_dropped_points, 100.0)?;
        tolerance("certify.min_contrast", self.min_contrast, 21.0)?;
        tolerance("certify.min_contrast_large", self.min_contrast_large, 21.0)?;
        if self.regression_count > 1_000_000 {
            return Err(("certify.regression_count", Problem::TooLarge { value: self.regression_count as u64, max: 1_000_000 }));
        }
        if self.js_heap_mib == 0 {
            return Err(("certify.js_heap_mib", Problem::Zero));
        }
        if self.js_heap_mib > WASM32_MAX_MIB {
            return Err((
                "certify.js_heap_mib",
                Problem::TooLarge { value: self.js_heap_mib as u64, max: WASM32_MAX_MIB as u64 },
            ));
        }
        Ok(())
    }
}

/// `[display]`.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Display {
    /// Width in device pixels.
    pub width: u32,
    /// Height in device pixels.
    pub height: u32,
    /// Refresh rate; the frame budget is `1000 / fps` ms.
    pub fps: u32,
}

/// `[engine]`.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineSection {
    /// Whether the device runs `engine.wasm` (false: the JS fallback engine).
    pub wasm: bool,
    /// Linear-memory cap in MiB: a `memory.grow` past it is denied.
    pub memory_cap_mib: u32,
    /// Virtual address space reserved for linear memory, in MiB (small, as
    /// on a 32-bit device; must be at least the cap).
    pub memory_reservation_mib: u32,
    /// Watchdog: fuel one engine call may burn before it is trapped.
    pub fuel_per_frame_limit: u64,
    /// Texture memory (decoded images + the glyph atlas) the engine's
    /// resource manager keeps resident at most, in MiB (1..=4095).
    pub texture_budget_mib: u32,
}

/// `[cpu]`.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cpu {
    /// Wasmtime fuel units the emulated CPU executes per millisecond.
    pub fuel_per_ms: u64,
    /// The JS fallback engine's speed: QuickJS interrupt ticks (bytecode
    /// branches and calls, counted in polls of
    /// [`QUICKJS_TICKS_PER_POLL`]) the emulated CPU runs per millisecond
    /// of the wasm2js engine. Required when `engine.wasm = false`, ignored
    /// otherwise.
    #[serde(default)]
    pub js_ticks_per_ms: Option<u64>,
}

/// `[js]`: the app's JS thread (`reel run`, `reel certify`: the app and
/// js-shim on QuickJS). Every key is optional; [`Profile`]'s accessors
/// give the value in force.
///
/// The app's JS time is measured like the JS fallback engine's: in QuickJS
/// interrupt polls of [`QUICKJS_TICKS_PER_POLL`] ticks, converted to
/// emulated ms at `ticks_per_ms`, so it is the same on any machine. A host
/// frame whose JS (callbacks, listeners and microtask drains together)
/// passes `frame_limit_ms` is interrupted: the running callback or promise
/// job is stopped and the rest of the frame's JS waits for the next frame.
/// After `overrun_frames` such frames in a row the app is stopped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsSection {
    /// QuickJS ticks the emulated CPU runs per millisecond of app JS.
    /// Default: `cpu.js_ticks_per_ms` on a device that has it, else
    /// `cpu.fuel_per_ms x` [`QUICKJS_TICKS_PER_FUEL`] (the same CPU).
    #[serde(default)]
    pub ticks_per_ms: Option<u64>,
    /// Emulated ms of app JS one host frame may run before it is
    /// interrupted. Default: the engine watchdog's time
    /// (`engine.fuel_per_frame_limit / cpu.fuel_per_ms`).
    #[serde(default)]
    pub frame_limit_ms: Option<f64>,
    /// Consecutive host frames over `frame_limit_ms` after which the app is
    /// stopped (a live-lock). Default: [`DEFAULT_JS_OVERRUN_FRAMES`].
    #[serde(default)]
    pub overrun_frames: Option<u32>,
}

/// QuickJS ticks per wasm fuel unit for the same work on the same CPU:
/// 0.2125, measured on the catalog certification script (72.60M ticks on
/// `engine-wasm2js.mjs` vs 341.64M fuel on `engine.wasm`; see
/// `devices/tv-legacy.toml`). The default rate of the app's JS thread.
pub const QUICKJS_TICKS_PER_FUEL: f64 = 0.2125;

/// Default of `js.overrun_frames`.
pub const DEFAULT_JS_OVERRUN_FRAMES: u32 = 3;

/// QuickJS (quickjs-ng) calls its interrupt handler once every this many
/// ticks (`JS_INTERRUPT_COUNTER_INIT`: one tick per branch, loop back-edge
/// or call); the JS engine's work is counted in whole polls of it.
pub const QUICKJS_TICKS_PER_POLL: u64 = 10_000;

impl Profile {
    /// The frame budget in milliseconds.
    pub fn budget_ms(&self) -> f64 {
        1000.0 / self.display.fps as f64
    }

    /// Work the emulated CPU does per millisecond on this device's engine
    /// path: `cpu.fuel_per_ms` (wasmtime fuel) with Wasm, else
    /// `cpu.js_ticks_per_ms` (QuickJS ticks of the wasm2js engine).
    pub fn work_per_ms(&self) -> u64 {
        match (self.engine.wasm, self.cpu.js_ticks_per_ms) {
            (false, Some(t)) => t,
            _ => self.cpu.fuel_per_ms,
        }
    }

    /// The watchdog allowance of one engine call in the unit of
    /// [`Self::work_per_ms`]. `engine.fuel_per_frame_limit` is wasm fuel;
    /// on the JS path the same emulated time
    /// (`fuel_per_frame_limit / fuel_per_ms` ms) is allowed.
    pub fn watchdog_work(&self) -> u64 {
        match (self.engine.wasm, self.cpu.js_ticks_per_ms) {
            (false, Some(t)) => {
                let ms = self.engine.fuel_per_frame_limit as f64 / self.cpu.fuel_per_ms.max(1) as f64;
                (ms * t as f64).ceil() as u64
            }
            _ => self.engine.fuel_per_frame_limit,
        }
    }

    /// QuickJS ticks per emulated ms of the app's JS (see [`JsSection`]).
    pub fn app_js_ticks_per_ms(&self) -> u64 {
        match (self.js.ticks_per_ms, self.cpu.js_ticks_per_ms) {
            (Some(t), _) | (None, Some(t)) => t,
            (None, None) => ((self.cpu.fuel_per_ms as f64 * QUICKJS_TICKS_PER_FUEL).round() as u64).max(1),
        }
    }

    /// Emulated ms of app JS one host frame may run (see [`JsSection`]).
    pub fn js_frame_limit_ms(&self) -> f64 {
        self.js
            .frame_limit_ms
            .unwrap_or(self.engine.fuel_per_frame_limit as f64 / self.cpu.fuel_per_ms.max(1) as f64)
    }

    /// Consecutive over-limit host frames after which the app is stopped.
    pub fn js_overrun_frames(&self) -> u32 {
        self.js.overrun_frames.unwrap_or(DEFAULT_JS_OVERRUN_FRAMES)
    }

    /// The memory cap in bytes.
    pub fn memory_cap_bytes(&self) -> u64 {
        self.engine.memory_cap_mib as u64 * 1024 * 1024
    }

    /// The texture budget in bytes.
    pub fn texture_budget_bytes(&self) -> u64 {
        self.engine.texture_budget_mib as u64 * 1024 * 1024
    }

    /// The memory reservation in bytes.
    pub fn memory_reservation_bytes(&self) -> u64 {
        self.engine.memory_reservation_mib as u64 * 1024 * 1024
    }

    /// Parses and validates a profile from TOML text; `path` names the file
    /// in error messages, and an `extends = "id"` parent is looked up next
    /// to it (its directory, that directory's `fleet/`, and the devices
    /// catalogue, see [`catalogue::find_parent`]).
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, ProfileError> {
        layers::resolve(path, Some(text), &|id, child| catalogue::find_parent(id, child, None))
    }

    /// Reads a profile file (and its `extends` chain).
    pub fn load_path(path: &Path) -> Result<Self, ProfileError> {
        Self::load_path_in(path, None)
    }

    /// [`Self::load_path`], looking parents up in `devices_dir` too.
    fn load_path_in(path: &Path, devices_dir: Option<&Path>) -> Result<Self, ProfileError> {
        let p = layers::resolve(path, None, &|id, child| catalogue::find_parent(id, child, devices_dir))?;
        if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
            if stem != p.id {
                return Err(ProfileError::Invalid {
                    path: path.to_path_buf(),
                    field: "id",
                    problem: Problem::IdNotFileName { id: p.id, file_stem: stem.to_string() },
                    at: None,
                });
            }
        }
        Ok(p)
    }

    /// Loads `spec`: a path to a `.toml` file (anything containing a path
    /// separator or ending in `.toml`), or an id looked up in the
    /// catalogue: `<devices_dir>/<id>.toml`, else
    /// `<devices_dir>/fleet/<id>.toml`.
    pub fn load(spec: &str, devices_dir: &Path) -> Result<Self, ProfileError> {
        let looks_like_path = spec.ends_with(".toml") || spec.contains('/') || spec.contains('\\');
        if looks_like_path {
            return Self::load_path_in(Path::new(spec), Some(devices_dir));
        }
        match catalogue::path_of(spec, devices_dir) {
            Some(path) => Self::load_path_in(&path, Some(devices_dir)),
            None => Err(ProfileError::NotFound {
                id: spec.to_string(),
                dir: devices_dir.to_path_buf(),
                available: catalogue::ids(devices_dir, catalogue::Group::Fleet),
            }),
        }
    }

    /// Checks ranges and cross-field rules; on failure returns the dotted
    /// field name and the problem.
    pub fn validate(&self) -> Result<(), (&'static str, Problem)> {
        if self.id.is_empty() {
            return Err(("id", Problem::Empty));
        }
        if !self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_') {
            return Err(("id", Problem::BadId(self.id.clone())));
        }
        if self.name.trim().is_empty() {
            return Err(("name", Problem::Empty));
        }
        let edge = |field, v: u32| match v {
            0 => Err((field, Problem::Zero)),
            v if v > MAX_DISPLAY_EDGE => Err((field, Problem::TooLarge { value: v as u64, max: MAX_DISPLAY_EDGE as u64 })),
            _ => Ok(()),
        };
        edge("display.width", self.display.width)?;
        edge("display.height", self.display.height)?;
        if !FPS_RANGE.contains(&self.display.fps) {
            return Err(("display.fps", Problem::FpsOutOfRange(self.display.fps)));
        }
        let e = &self.engine;
        let mib = |field, v: u32| match v {
            0 => Err((field, Problem::Zero)),
            v if v > WASM32_MAX_MIB => Err((field, Problem::TooLarge { value: v as u64, max: WASM32_MAX_MIB as u64 })),
            _ => Ok(()),
        };
        mib("engine.memory_cap_mib", e.memory_cap_mib)?;
        mib("engine.memory_reservation_mib", e.memory_reservation_mib)?;
        if e.memory_cap_mib > e.memory_reservation_mib {
            return Err((
                "engine.memory_cap_mib",
                Problem::CapExceedsReservation { cap_mib: e.memory_cap_mib, reservation_mib: e.memory_reservation_mib },
            ));
        }
        match e.texture_budget_mib {
            0 => return Err(("engine.texture_budget_mib", Problem::Zero)),
            v if v > MAX_TEXTURE_BUDGET_MIB => {
                return Err((
                    "engine.texture_budget_mib",
                    Problem::TooLarge { value: v as u64, max: MAX_TEXTURE_BUDGET_MIB as u64 },
                ))
            }
            _ => {}
        }
        if e.fuel_per_frame_limit == 0 {
            return Err(("engine.fuel_per_frame_limit", Problem::Zero));
        }
        if self.cpu.fuel_per_ms == 0 {
            return Err(("cpu.fuel_per_ms", Problem::Zero));
        }
        match self.cpu.js_ticks_per_ms {
            Some(0) => return Err(("cpu.js_ticks_per_ms", Problem::Zero)),
            None if !e.wasm => return Err(("cpu.js_ticks_per_ms", Problem::RequiredWithoutWasm)),
            _ => {}
        }
        if self.js.ticks_per_ms == Some(0) {
            return Err(("js.ticks_per_ms", Problem::Zero));
        }
        if let Some(ms) = self.js.frame_limit_ms {
            // At least one frame budget, or every frame would be cut short.
            if !ms.is_finite() || ms < self.budget_ms() || ms > 60_000.0 {
                return Err((
                    "js.frame_limit_ms",
                    Problem::OutOfRange { value: ms, min_exclusive: self.budget_ms(), max: 60_000.0 },
                ));
            }
        }
        match self.js.overrun_frames {
            Some(0) => return Err(("js.overrun_frames", Problem::Zero)),
            Some(n) if n > 600 => return Err(("js.overrun_frames", Problem::TooLarge { value: n.into(), max: 600 })),
            _ => {}
        }
        match self.video.max_decoders {
            0 => return Err(("video.max_decoders", Problem::Zero)),
            n if n > MAX_DECODERS => {
                return Err(("video.max_decoders", Problem::TooLarge { value: n.into(), max: MAX_DECODERS.into() }))
            }
            _ => {}
        }
        let t = self.video.max_ttff_ms;
        if !t.is_finite() || t <= 0.0 || t > 60_000.0 {
            return Err(("video.max_ttff_ms", Problem::OutOfRange { value: t, min_exclusive: 0.0, max: 60_000.0 }));
        }
        self.certify.validate()?;
        // The watchdog must allow at least one whole frame budget of work,
        // or every frame on this device would be killed.
        let budget_fuel = (self.cpu.fuel_per_ms as f64 * self.budget_ms()).ceil() as u64;
        if e.fuel_per_frame_limit < budget_fuel {
            return Err((
                "engine.fuel_per_frame_limit",
                Problem::WatchdogBelowBudget { limit: e.fuel_per_frame_limit, budget_fuel },
            ));
        }
        Ok(())
    }
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Must not be empty.
    Empty,
    /// Must not be zero.
    Zero,
    /// Must be given on a device with `engine.wasm = false`.
    RequiredWithoutWasm,
    /// Above the largest accepted value.
    TooLarge {
        /// The value.
        value: u64,
        /// The maximum.
        max: u64,
    },
    /// `display.fps` outside `1..=240`.
    FpsOutOfRange(u32),
    /// The memory cap is larger than the reservation.
    CapExceedsReservation {
        /// Cap in MiB.
        cap_mib: u32,
        /// Reservation in MiB.
        reservation_mib: u32,
    },
    /// The watchdog would kill a frame that is within budget.
    WatchdogBelowBudget {
        /// The limit.
        limit: u64,
        /// Fuel of one frame budget.
        budget_fuel: u64,
    },
    /// A number outside `(min_exclusive, max]`.
    OutOfRange {
        /// The value.
        value: f64,
        /// Lower bound (exclusive).
        min_exclusive: f64,
        /// Upper bound (inclusive).
        max: f64,
    },
    /// An id with characters other than `a-z 0-9 - _`.
    BadId(String),
    /// The id differs from the file name.
    IdNotFileName {
        /// The id.
        id: String,
        /// The file stem.
        file_stem: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "must not be empty"),
            Self::Zero => write!(f, "must not be zero"),
            Self::RequiredWithoutWasm => {
                write!(f, "is required when engine.wasm = false (the JS fallback engine's CPU model)")
            }
            Self::TooLarge { value, max } => write!(f, "{value} is larger than the maximum {max}"),
            Self::FpsOutOfRange(v) => write!(f, "{v} is outside 1..=240"),
            Self::CapExceedsReservation { cap_mib, reservation_mib } => write!(
                f,
                "memory cap {cap_mib} MiB is larger than engine.memory_reservation_mib = {reservation_mib} MiB"
            ),
            Self::WatchdogBelowBudget { limit, budget_fuel } => write!(
                f,
                "{limit} is below one frame budget of work ({budget_fuel} fuel at cpu.fuel_per_ms and display.fps)"
            ),
            Self::OutOfRange { value, min_exclusive, max } => {
                if *min_exclusive < 0.0 {
                    write!(f, "{value} is outside 0..={max}")
                } else {
                    write!(f, "{value} must be above {min_exclusive} and at most {max}")
                }
            }
            Self::BadId(id) => write!(f, "`{id}` may only contain a-z, 0-9, `-` and `_`"),
            Self::IdNotFileName { id, file_stem } => {
                write!(f, "id `{id}` does not match the file name `{file_stem}.toml`")
            }
        }
    }
}

/// Where a value was written: a file and a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// The line.
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}

/// A profile that cannot be used. Every variant names the file; those
/// about a line of it name the line (`path:line: ...`).
#[derive(Clone, Debug, PartialEq)]
pub enum ProfileError {
    /// The file cannot be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        message: String,
    },
    /// Not valid TOML.
    Parse {
        /// The file.
        path: PathBuf,
        /// Where the parser stopped, when known.
        line: Option<usize>,
        /// The parser's message.
        message: String,
    },
    /// A key no profile has (a typo, or a table that does not exist).
    UnknownKey {
        /// The file.
        path: PathBuf,
        /// Its line.
        line: usize,
        /// Dotted key, e.g. `display.hdr`.
        key: String,
    },
    /// A value of the wrong kind (a string for a number, a negative count ...).
    BadType {
        /// The file.
        path: PathBuf,
        /// Its line.
        line: usize,
        /// Dotted key.
        key: String,
        /// What it must be.
        expected: &'static str,
    },
    /// A required key set neither in the file nor in a parent.
    MissingKey {
        /// The file.
        path: PathBuf,
        /// Dotted key.
        key: &'static str,
    },
    /// A field has a bad value.
    Invalid {
        /// The profile's file.
        path: PathBuf,
        /// Dotted field name, e.g. `display.fps`.
        field: &'static str,
        /// What is wrong.
        problem: Problem,
        /// Where the value was written (this file or a parent), if it was.
        at: Option<Location>,
    },
    /// `extends` names no profile.
    ParentNotFound {
        /// The file with the `extends` line.
        path: PathBuf,
        /// Its line.
        line: usize,
        /// The id asked for.
        parent: String,
        /// Ids that exist.
        available: Vec<String>,
    },
    /// `extends` comes back to a file already in the chain (or the chain
    /// is longer than [`layers::MAX_DEPTH`]).
    ExtendsLoop {
        /// The file whose `extends` closes the loop.
        path: PathBuf,
        /// Its line.
        line: usize,
        /// The files of the chain, the repeated one last.
        chain: Vec<PathBuf>,
    },
    /// Two files of the catalogue have the same id.
    DuplicateId {
        /// The id.
        id: String,
        /// Both files.
        paths: [PathBuf; 2],
    },
    /// No profile with that id.
    NotFound {
        /// The id asked for.
        id: String,
        /// Where it was looked for.
        dir: PathBuf,
        /// Ids that exist there.
        available: Vec<String>,
    },
}

impl ProfileError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. }
            | Self::Parse { path, .. }
            | Self::UnknownKey { path, .. }
            | Self::BadType { path, .. }
            | Self::MissingKey { path, .. }
            | Self::Invalid { path, .. }
            | Self::ParentNotFound { path, .. }
            | Self::ExtendsLoop { path, .. } => path,
            Self::DuplicateId { paths, .. } => &paths[0],
            Self::NotFound { dir, .. } => dir,
        }
    }

    /// The line the error is about, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::Parse { line, .. } => *line,
            Self::UnknownKey { line, .. } | Self::BadType { line, .. } | Self::ParentNotFound { line, .. } | Self::ExtendsLoop { line, .. } => {
                Some(*line)
            }
            Self::Invalid { path, at: Some(at), .. } if at.path == *path => Some(at.line),
            _ => None,
        }
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[String]| if v.is_empty() { "none".to_string() } else { v.join(", ") };
        let at = |path: &Path, line: Option<usize>| match line {
            Some(l) => format!("{}:{l}", path.display()),
            None => path.display().to_string(),
        };
        match self {
            Self::Io { path, message } => write!(f, "{}: cannot read device profile: {message}", path.display()),
            Self::Parse { path, line, message } => write!(f, "{}: bad device profile: {message}", at(path, *line)),
            Self::UnknownKey { path, line, key } => write!(
                f,
                "{}: unknown key `{key}` (a profile has id, name, extends and the tables {})",
                at(path, Some(*line)),
                layers::TABLES.join(", ")
            ),
            Self::BadType { path, line, key, expected } => {
                write!(f, "{}: key `{key}` must be {expected}", at(path, Some(*line)))
            }
            Self::MissingKey { path, key } => {
                write!(f, "{}: missing key `{key}` (set neither here nor in a parent profile)", path.display())
            }
            Self::Invalid { path, field, problem, at: loc } => match loc {
                Some(l) if l.path == *path => write!(f, "{}: field `{field}`: {problem}", at(path, Some(l.line))),
                Some(l) => write!(f, "{}: field `{field}` (inherited from {l}): {problem}", path.display()),
                None => write!(f, "{}: field `{field}`: {problem}", path.display()),
            },
            Self::ParentNotFound { path, line, parent, available } => write!(
                f,
                "{}: extends `{parent}`: no such profile (available: {})",
                at(path, Some(*line)),
                list(available)
            ),
            Self::ExtendsLoop { path, line, chain } => write!(
                f,
                "{}: extends loop: {}",
                at(path, Some(*line)),
                chain.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" -> ")
            ),
            Self::DuplicateId { id, paths } => {
                write!(f, "device profile id `{id}` is defined twice: {} and {}", paths[0].display(), paths[1].display())
            }
            Self::NotFound { id, dir, available } => {
                write!(f, "no device profile `{id}` in {} (available: {})", dir.display(), list(available))
            }
        }
    }
}

impl std::error::Error for ProfileError {}

/// Ids of the reference profiles (the `*.toml` files directly in `dir`), sorted.
pub fn list_ids(dir: &Path) -> Vec<String> {
    catalogue::ids(dir, catalogue::Group::Reference)
}

/// Loads every reference profile in `dir` (each with its own result), sorted by id.
pub fn load_all(dir: &Path) -> Vec<Result<Profile, ProfileError>> {
    catalogue::load_group(dir, catalogue::Group::Reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "t"
name = "Test"
[display]
width = 1280
height = 720
fps = 30
[engine]
wasm = true
memory_cap_mib = 32
memory_reservation_mib = 64
fuel_per_frame_limit = 100000000
texture_budget_mib = 24
[cpu]
fuel_per_ms = 100000
"#;

    fn parse(text: &str) -> Result<Profile, ProfileError> {
        Profile::from_toml(text, Path::new("devices/t.toml"))
    }

    fn invalid(text: &str) -> (&'static str, Problem, String) {
        match parse(text) {
            Err(e @ ProfileError::Invalid { .. }) => {
                let msg = e.to_string();
                let ProfileError::Invalid { field, problem, .. } = e else { unreachable!() };
                (field, problem, msg)
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn js_path_rates_and_watchdog() {
        let p = parse(&GOOD.replace("wasm = true", "wasm = false").replace("fuel_per_ms = 100000", "fuel_per_ms = 100000\njs_ticks_per_ms = 2000"))
            .expect("valid");
        assert_eq!(p.work_per_ms(), 2000);
        // 100M fuel at 100k fuel/ms = 1000 ms of work = 2M ticks.
        assert_eq!(p.watchdog_work(), 2_000_000);
        let w = parse(GOOD).expect("valid");
        assert_eq!(w.work_per_ms(), 100_000);
        assert_eq!(w.watchdog_work(), 100_000_000);
    }

    #[test]
    fn app_js_defaults_and_overrides() {
        let p = parse(GOOD).expect("valid");
        // 100k fuel/ms x 0.2125 ticks per fuel; 100M fuel / 100k fuel/ms.
        assert_eq!(p.app_js_ticks_per_ms(), 21_250);
        assert_eq!(p.js_frame_limit_ms(), 1000.0);
        assert_eq!(p.js_overrun_frames(), DEFAULT_JS_OVERRUN_FRAMES);
        let legacy = parse(&GOOD.replace("wasm = true", "wasm = false").replace("fuel_per_ms = 100000", "fuel_per_ms = 100000\njs_ticks_per_ms = 2000"))
            .expect("valid");
        assert_eq!(legacy.app_js_ticks_per_ms(), 2000, "the JS engine's rate");
        let p = parse(&format!("{GOOD}\n[js]\nticks_per_ms = 5000\nframe_limit_ms = 250.0\noverrun_frames = 5\n")).expect("valid");
        assert_eq!((p.app_js_ticks_per_ms(), p.js_frame_limit_ms(), p.js_overrun_frames()), (5000, 250.0, 5));
        let e = parse(&format!("{GOOD}\n[js]\nframe_limit = 1\n")).expect_err("typo");
        assert!(e.to_string().contains("frame_limit"), "{e}");
    }

    #[test]
    fn good_profile() {
        let p = parse(GOOD).expect("valid");
        assert_eq!(p.display.width, 1280);
        assert!((p.budget_ms() - 33.333).abs() < 0.01);
        assert_eq!(p.memory_cap_bytes(), 32 << 20);
    }

    #[test]
    fn unknown_key_is_rejected() {
        let e = parse(&GOOD.replace("fps = 30", "fps = 30\nhdr = true")).expect_err("unknown key");
        let msg = e.to_string();
        assert_eq!(e, ProfileError::UnknownKey { path: "devices/t.toml".into(), line: 8, key: "display.hdr".into() });
        assert!(msg.starts_with("devices/t.toml:8: unknown key `display.hdr`"), "{msg}");
        let e = parse(&format!("{GOOD}\n[gpu]\ncores = 2\n")).expect_err("unknown table");
        assert!(matches!(&e, ProfileError::UnknownKey { key, line: 17, .. } if key == "gpu"), "{e:?}");
        let e = parse(&format!("vendor = \"x\"\n{GOOD}")).expect_err("unknown top-level key");
        assert_eq!(e.line(), Some(1), "{e}");
        let e = parse(&GOOD.replace("[display]", "[display.hdr]\nx = 1\n[display]")).expect_err("sub-table");
        assert!(matches!(&e, ProfileError::UnknownKey { key, .. } if key == "display.hdr"), "{e:?}");
        let e = parse(&format!("cpu = 3\n{}", GOOD.replace("[cpu]\nfuel_per_ms = 100000", ""))).expect_err("scalar for a table");
        assert!(matches!(&e, ProfileError::BadType { key, expected: "a table", .. } if key == "cpu"), "{e:?}");
    }

    #[test]
    fn video_table_is_optional_and_strict() {
        assert_eq!(parse(GOOD).expect("valid").video.max_decoders, 1, "default: one decoder");
        assert_eq!(parse(&format!("{GOOD}[video]\nmax_decoders = 4\n")).expect("valid").video.max_decoders, 4);
        let e = parse(&format!("{GOOD}[video]\nmax_decoders = 2\nrotates = true\n")).expect_err("unknown key");
        assert!(matches!(&e, ProfileError::UnknownKey { key, .. } if key == "video.rotates"), "{e:?}");
        let e = parse(&format!("{GOOD}[video]\nmax_decoders = \"two\"\n")).expect_err("mistyped");
        assert!(matches!(&e, ProfileError::BadType { key, .. } if key == "video.max_decoders"), "{e:?}");
        assert_eq!(invalid(&format!("{GOOD}[video]\nmax_decoders = 0\n")).0, "video.max_decoders");
        assert_eq!(parse(&format!("{GOOD}[video]\nmax_ttff_ms = 250.0\n")).expect("valid").video.max_ttff_ms, 250.0);
        assert_eq!(parse(GOOD).expect("valid").video.max_ttff_ms, 500.0, "default 500 ms");
        assert_eq!(invalid(&format!("{GOOD}[video]\nmax_ttff_ms = 0.0\n")).0, "video.max_ttff_ms");
        assert_eq!(invalid(&format!("{GOOD}[video]\nmax_ttff_ms = 90000.0\n")).0, "video.max_ttff_ms");
        let e = parse(&format!("{GOOD}[video]\nmax_ttff_ms = \"fast\"\n")).expect_err("mistyped");
        assert!(matches!(&e, ProfileError::BadType { key, .. } if key == "video.max_ttff_ms"), "{e:?}");
        let (field, problem, _) = invalid(&format!("{GOOD}[video]\nmax_decoders = 17\n"));
        assert_eq!((field, problem), ("video.max_decoders", Problem::TooLarge { value: 17, max: 16 }));
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = parse(&GOOD.replace("fps = 30", "fps = = 30")).expect_err("syntax");
        assert!(matches!(e, ProfileError::Parse { line: Some(7), .. }), "{e:?}");
        assert!(e.to_string().starts_with("devices/t.toml:7: bad device profile"), "{e}");
        let e = parse(&format!("{GOOD}\n[display]\nfps = 60\n")).expect_err("table twice");
        assert!(matches!(e, ProfileError::Parse { line: Some(_), .. }), "{e:?}");
    }

    #[test]
    fn certify_table_is_optional_strict_and_partial() {
        assert_eq!(parse(GOOD).expect("valid").certify, Certify::default());
        let p = parse(&format!("{GOOD}\n[certify]\nmax_dropped_pct = 1.5\njs_heap_mib = 16\n")).expect("partial table");
        assert_eq!(p.certify.max_dropped_pct, 1.5);
        assert_eq!(p.certify.js_heap_mib, 16);
        assert_eq!(p.certify.frame_p95_factor, Certify::default().frame_p95_factor);
        let e = parse(&format!("{GOOD}\n[certify]\nmax_droped_pct = 1\n")).expect_err("typo");
        assert!(e.to_string().contains("max_droped_pct"), "{e}");
    }

    #[test]
    fn missing_and_mistyped_keys() {
        let e = parse(&GOOD.replace("fps = 30\n", "")).expect_err("missing");
        assert!(e.to_string().contains("fps"), "{e}");
        let e = parse(&GOOD.replace("fps = 30", "fps = \"30\"")).expect_err("type");
        assert!(e.to_string().contains("fps") || e.to_string().contains("string"), "{e}");
        assert!(matches!(e, ProfileError::BadType { line: 7, .. }), "{e:?}");
        let e = parse(&GOOD.replace("fps = 30", "fps = -1")).expect_err("negative");
        assert!(matches!(&e, ProfileError::BadType { key, line: 7, .. } if key == "display.fps"), "{e:?}");
        let e = parse(&GOOD.replace("fps = 30", "fps = 5000000000")).expect_err("u32 overflow");
        assert!(matches!(e, ProfileError::BadType { .. }), "{e:?}");
        let e = parse(&GOOD.replace("wasm = true", "wasm = 1")).expect_err("bool");
        assert!(e.to_string().contains("true or false"), "{e}");
        let e = parse(&GOOD.replace("fps = 30\n", "")).expect_err("missing");
        assert_eq!(e, ProfileError::MissingKey { path: "devices/t.toml".into(), key: "display.fps" });
    }

    #[test]
    fn bad_values() {
        let cases: &[(&str, &str, &str)] = &[
            ("width = 1280", "width = 0", "display.width"),
            ("height = 720", "height = 0", "display.height"),
            ("width = 1280", "width = 99999", "display.width"),
            ("fps = 30", "fps = 0", "display.fps"),
            ("fps = 30", "fps = 241", "display.fps"),
            ("memory_cap_mib = 32", "memory_cap_mib = 0", "engine.memory_cap_mib"),
            ("memory_cap_mib = 32", "memory_cap_mib = 128", "engine.memory_cap_mib"),
            ("memory_reservation_mib = 64", "memory_reservation_mib = 0", "engine.memory_reservation_mib"),
            ("memory_reservation_mib = 64", "memory_reservation_mib = 5000", "engine.memory_reservation_mib"),
            ("fuel_per_frame_limit = 100000000", "fuel_per_frame_limit = 0", "engine.fuel_per_frame_limit"),
            ("fuel_per_frame_limit = 100000000", "fuel_per_frame_limit = 1000", "engine.fuel_per_frame_limit"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 0", "cpu.fuel_per_ms"),
            ("wasm = true", "wasm = false", "cpu.js_ticks_per_ms"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\njs_ticks_per_ms = 0", "cpu.js_ticks_per_ms"),
            ("texture_budget_mib = 24", "texture_budget_mib = 0", "engine.texture_budget_mib"),
            ("texture_budget_mib = 24", "texture_budget_mib = 4096", "engine.texture_budget_mib"),
            ("id = \"t\"", "id = \"\"", "id"),
            ("id = \"t\"", "id = \"Bad Id\"", "id"),
            ("name = \"Test\"", "name = \" \"", "name"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nframe_p95_factor = 0", "certify.frame_p95_factor"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nframe_p99_factor = -1", "certify.frame_p99_factor"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nmax_dropped_pct = 101", "certify.max_dropped_pct"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nmax_input_latency_ms = nan", "certify.max_input_latency_ms"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nmemory_ratio = 1.5", "certify.memory_ratio"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\ntexture_ratio = 0.0", "certify.texture_ratio"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\njs_heap_mib = 0", "certify.js_heap_mib"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nmax_startup_ms = 0", "certify.max_startup_ms"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nstartup_frames = 1000", "certify.startup_frames"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\njs_long_task_ms = 0", "certify.js_long_task_ms"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nregression_time_pct = -1", "certify.regression_time_pct"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nregression_memory_pct = inf", "certify.regression_memory_pct"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nregression_dropped_points = 101", "certify.regression_dropped_points"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[certify]\nregression_count = 2000000", "certify.regression_count"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[js]\nticks_per_ms = 0", "js.ticks_per_ms"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[js]\nframe_limit_ms = 10", "js.frame_limit_ms"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[js]\nframe_limit_ms = inf", "js.frame_limit_ms"),
            ("fuel_per_ms = 100000", "fuel_per_ms = 100000\n[js]\noverrun_frames = 0", "js.overrun_frames"),
        ];
        for (from, to, field) in cases {
            let (f, problem, msg) = invalid(&GOOD.replace(from, to));
            assert_eq!(f, *field, "{to}: {problem:?}");
            assert!(msg.starts_with("devices/t.toml:") && msg.contains(": field `"), "{msg}");
            assert!(msg.contains(field), "{msg}");
            if to.contains(" = ") && !to.starts_with("wasm") {
                // The value was written in the file: the error points at its line.
                let line = GOOD.replace(from, to).lines().position(|l| l.starts_with(field.rsplit('.').next().unwrap_or(field))).map(|i| i + 1);
                assert!(msg.starts_with(&format!("devices/t.toml:{}: field", line.unwrap_or(0))), "{msg}");
            }
        }
        let (_, p, _) = invalid(&GOOD.replace("fps = 30", "fps = 300"));
        assert_eq!(p, Problem::FpsOutOfRange(300));
        let (_, p, msg) = invalid(&GOOD.replace("memory_cap_mib = 32", "memory_cap_mib = 128"));
        assert_eq!(p, Problem::CapExceedsReservation { cap_mib: 128, reservation_mib: 64 });
        assert!(msg.contains("memory_reservation_mib"), "{msg}");
    }

    #[test]
    fn load_by_id_and_path() {
        let dir = std::env::temp_dir().join(format!("reel-profile-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tmp dir");
        std::fs::write(dir.join("t.toml"), GOOD).expect("write");
        std::fs::write(dir.join("other.toml"), GOOD).expect("write");
        let p = Profile::load("t", &dir).expect("by id");
        assert_eq!(p.id, "t");
        let path = dir.join("t.toml");
        let p2 = Profile::load(path.to_str().expect("utf8 path"), Path::new("/nonexistent")).expect("by path");
        assert_eq!(p, p2);
        let e = Profile::load("nope", &dir).expect_err("missing");
        assert!(e.to_string().contains("available: other, t"), "{e}");
        let e = Profile::load("other", &dir).expect_err("id mismatch");
        assert!(matches!(e, ProfileError::Invalid { field: "id", problem: Problem::IdNotFileName { .. }, .. }), "{e}");
        let e = Profile::load_path(&dir.join("absent.toml")).expect_err("io");
        assert!(matches!(e, ProfileError::Io { .. }));
        assert_eq!(load_all(&dir).len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A temporary catalogue: `files` are (relative path, text).
    fn catalogue_dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("reel-profile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, text) in files {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        dir
    }

    #[test]
    fn a_vendor_variant_is_three_lines() {
        let dir = catalogue_dir(
            "extends",
            &[
                ("t.toml", GOOD),
                ("fleet/t-vendor.toml", "extends = \"t\"\nid = \"t-vendor\"\nname = \"Vendor T\"\n"),
                ("fleet/t-vendor-60.toml", "extends = \"t-vendor\"\nid = \"t-vendor-60\"\nname = \"Vendor T, 60 Hz\"\n[display]\nfps = 60\n"),
            ],
        );
        let base = Profile::load("t", &dir).expect("base");
        let v = Profile::load("t-vendor", &dir).expect("variant by id (found in fleet/)");
        assert_eq!((v.id.as_str(), v.name.as_str()), ("t-vendor", "Vendor T"));
        assert_eq!((v.display, v.engine, v.cpu, v.js, v.certify), (base.display, base.engine, base.cpu, base.js, base.certify));
        let g = Profile::load_path(&dir.join("fleet/t-vendor-60.toml")).expect("grandchild by path");
        assert_eq!((g.display.fps, g.display.width, g.cpu.fuel_per_ms), (60, 1280, 100_000));
        // Groups: `all` is the reference set, `fleet` everything.
        assert_eq!(catalogue::ids(&dir, catalogue::Group::Reference), ["t"]);
        assert_eq!(catalogue::ids(&dir, catalogue::Group::Fleet), ["t", "t-vendor", "t-vendor-60"]);
        assert!(catalogue::load_group(&dir, catalogue::Group::Fleet).iter().all(Result::is_ok));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn inherited_bad_values_name_both_files() {
        // The child lowers the reservation below the parent's cap: the
        // error is the child's, pointing at the line that set the cap.
        let dir = catalogue_dir("inherit-bad", &[("t.toml", GOOD), ("fleet/c.toml", "extends = \"t\"\nid = \"c\"\nname = \"C\"\n[engine]\nmemory_reservation_mib = 16\n")]);
        let e = Profile::load("c", &dir).expect_err("cap above reservation");
        let ProfileError::Invalid { field, at: Some(at), .. } = &e else { panic!("{e:?}") };
        assert_eq!((*field, at.line), ("engine.memory_cap_mib", 10));
        assert!(at.path.ends_with("t.toml"));
        assert!(e.to_string().contains("c.toml: field `engine.memory_cap_mib` (inherited from ") && e.to_string().contains("t.toml:10)"), "{e}");
        // A bad value in the child: its own line.
        std::fs::write(dir.join("fleet/c.toml"), "extends = \"t\"\nid = \"c\"\nname = \"C\"\n[display]\nfps = 0\n").expect("write");
        let e = Profile::load("c", &dir).expect_err("fps 0");
        assert_eq!(e.line(), Some(5), "{e}");
        assert!(e.to_string().contains("c.toml:5: field `display.fps`"), "{e}");
        // Unknown keys are checked per file, with the file's line.
        std::fs::write(dir.join("fleet/c.toml"), "extends = \"t\"\nid = \"c\"\nname = \"C\"\n\n[cpu]\nfuel_per_msec = 5\n").expect("write");
        let e = Profile::load("c", &dir).expect_err("typo");
        assert!(matches!(&e, ProfileError::UnknownKey { key, line: 6, .. } if key == "cpu.fuel_per_msec"), "{e:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn extends_loops_and_missing_parents_are_rejected() {
        let dir = catalogue_dir(
            "loops",
            &[
                ("a.toml", "extends = \"b\"\nid = \"a\"\nname = \"A\"\n"),
                ("fleet/b.toml", "id = \"b\"\nname = \"B\"\nextends = \"a\"\n"),
                ("fleet/self.toml", "extends = \"self\"\nid = \"self\"\nname = \"S\"\n"),
                ("fleet/orphan.toml", "# a comment\nextends = \"no-such-parent\"\nid = \"orphan\"\nname = \"O\"\n"),
                ("fleet/badext.toml", "extends = 3\nid = \"badext\"\nname = \"X\"\n"),
            ],
        );
        let e = Profile::load("a", &dir).expect_err("a -> b -> a");
        let ProfileError::ExtendsLoop { path, line, chain } = &e else { panic!("{e:?}") };
        assert!(path.ends_with("fleet/b.toml") && *line == 3, "{e}");
        assert_eq!(chain.len(), 3, "{e}");
        assert!(e.to_string().contains("b.toml:3: extends loop: ") && e.to_string().contains(" -> "), "{e}");
        let e = Profile::load("self", &dir).expect_err("self");
        assert!(matches!(e, ProfileError::ExtendsLoop { line: 1, .. }), "{e:?}");
        let e = Profile::load("orphan", &dir).expect_err("missing parent");
        let ProfileError::ParentNotFound { line, parent, available, .. } = &e else { panic!("{e:?}") };
        assert_eq!((*line, parent.as_str()), (2, "no-such-parent"));
        assert!(available.iter().any(|id| id == "orphan"), "{available:?}");
        assert!(e.to_string().contains("orphan.toml:2: extends `no-such-parent`: no such profile"), "{e}");
        let e = Profile::load("badext", &dir).expect_err("extends not a string");
        assert!(matches!(&e, ProfileError::BadType { key, line: 1, .. } if key == "extends"), "{e:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn duplicate_ids_and_missing_keys_after_merge() {
        let dir = catalogue_dir("dups", &[("t.toml", GOOD), ("fleet/t.toml", GOOD), ("fleet/half.toml", "id = \"half\"\nname = \"H\"\n[display]\nfps = 30\n")]);
        let all = catalogue::load_group(&dir, catalogue::Group::Fleet);
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all.iter().any(|r| matches!(r, Err(ProfileError::DuplicateId { id, .. }) if id == "t")), "{all:?}");
        let e = Profile::load("half", &dir).expect_err("no parent, half a profile");
        assert!(matches!(e, ProfileError::MissingKey { key: "display.width", .. }), "{e:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// [`layers::SCHEMA`] lists exactly the keys the serde structs take.
    #[test]
    fn schema_matches_the_structs() {
        let full = format!(
            "{GOOD}js_ticks_per_ms = 5\n[js]\nticks_per_ms = 1\nframe_limit_ms = 40.0\noverrun_frames = 2\n[video]\nmax_decoders = 2\nmax_ttff_ms = 250.0\n[certify]\n{}",
            layers::SCHEMA
                .iter()
                .filter_map(|(k, kind, _)| k.strip_prefix("certify.").map(|k| {
                    let v = match kind {
                        layers::Kind::F64 => "1.0",
                        layers::Kind::Bool => "true",
                        _ => "1",
                    };
                    format!("{k} = {v}\n")
                }))
                .collect::<String>()
        );
        let layer = layers::parse_layer(&full, Path::new("t.toml")).expect("every key known");
        let mut set: Vec<&str> = layer.values.iter().map(|(k, _, _)| *k).collect();
        set.sort_unstable();
        let mut schema: Vec<&str> = layers::SCHEMA.iter().map(|(k, _, _)| *k).collect();
        schema.sort_unstable();
        assert_eq!(set, schema, "the test profile sets every schema key");
        // ... and serde (deny_unknown_fields) takes every one of them.
        let direct: Profile = toml::from_str(&full).expect("serde takes every schema key");
        assert_eq!(parse(&full).expect("valid"), direct);
    }

    #[test]
    fn shipped_profiles_are_valid() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../devices");
        let all = load_all(&dir);
        assert_eq!(
            all.iter().map(|p| p.as_ref().map(|p| p.id.as_str()).unwrap_or("?")).collect::<Vec<_>>(),
            ["console", "stick-lowend", "tv-legacy", "tv-midrange"],
            "the reference set is the four profiles tests and CI measure on"
        );
        let fleet = catalogue::load_group(&dir, catalogue::Group::Fleet);
        assert!(fleet.len() >= 12, "the fleet catalogue has {} profiles", fleet.len());
        assert!(fleet.iter().any(|p| p.as_ref().is_ok_and(|p| !p.engine.wasm && p.id != "tv-legacy")), "a fleet device without Wasm");
        for p in fleet {
            let p = p.expect("shipped profile is valid");
            if p.id == "tv-legacy" || p.id == "stick-lowend" {
                assert_eq!(p.video.max_decoders, 1, "{}: one video decoder", p.id);
            }
            if p.id == "tv-legacy" {
                assert!(!p.engine.wasm);
                assert!(p.cpu.js_ticks_per_ms.is_some());
            }
        }
    }
}
