//! `reel play`: run what an app sent on an emulated device and measure it.
//!
//! Input is a scene file or a `.reelrec` recording
//! ([`reel_wire::script`]); its batches go to the engine thread one by
//! one, exactly as an app would send them. Every frame the engine produces
//! is measured on the device's CPU model, optionally painted to
//! `frame-NNNN.png` with the software rasterizer, and summed up in a
//! [`Summary`] (`summary.json`).

use std::fmt;
use std::path::{Path, PathBuf};

use reel_wire::display_list::OwnedDisplayList;
use reel_wire::script::{self, RecordingError, ScriptError};
use serde::Serialize;

use crate::engine_thread::{EngineThread, HostError};
use crate::images::HostImages;
use crate::profile::Profile;
use crate::supervisor::{Fault, FrameReport, Incident, StepReport, SupervisorConfig};
use crate::wasm_engine::EngineLimits;

/// What to play.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    /// The viewport the scene was written for, if it says.
    pub viewport: Option<(u32, u32)>,
    /// The batches.
    pub batches: Vec<Vec<u8>>,
}

/// Options of a run.
#[derive(Clone, Debug, Default)]
pub struct PlayOptions {
    /// Where PNGs and `summary.json` go (`None`: nowhere).
    pub out_dir: Option<PathBuf>,
    /// Paint every Nth frame (1: all; 0: none).
    pub png_every: u32,
    /// Injected faults.
    pub faults: Vec<Fault>,
    /// Print incidents to stderr as they happen.
    pub log_incidents: bool,
    /// Name of the engine file, for the summary.
    pub engine_label: String,
    /// Directory image `src`s resolve in (the scene's own directory). `None`:
    /// images are not loaded (the engine's requests go unanswered and image
    /// nodes keep their placeholders). See [`crate::images`]. Loads run on
    /// the loader thread; the play loop waits for all of them before the
    /// next batch, so a run's figures stay deterministic.
    pub assets_dir: Option<PathBuf>,
}

/// Why a run could not happen or finish.
#[derive(Debug)]
pub enum PlayError {
    /// The device runs the no-Wasm (JS fallback) engine path.
    NoWasmEngine {
        /// The profile's id.
        device: String,
    },
    /// The input file cannot be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        message: String,
    },
    /// The scene file does not parse.
    Script {
        /// The file.
        path: PathBuf,
        /// Where and why.
        error: ScriptError,
    },
    /// The recording does not parse.
    Recording {
        /// The file.
        path: PathBuf,
        /// Why.
        error: RecordingError,
    },
    /// The engine failed beyond recovery.
    Host(HostError),
    /// A frame could not be painted or written.
    Raster {
        /// Host frame number.
        frame: u32,
        /// Why.
        message: String,
    },
}

impl fmt::Display for PlayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoWasmEngine { device } => write!(
                f,
                "device `{device}` has engine.wasm = false: it runs the no-Wasm (JS fallback) engine path, \
                 which `reel run` and `reel certify` emulate (the wasm2js engine on QuickJS); `reel play` runs \
                 engine.wasm only, so use a profile with wasm = true (stick-lowend, tv-midrange, console) here."
            ),
            Self::Io { path, message } => write!(f, "{}: {message}", path.display()),
            Self::Script { path, error } => write!(f, "{}:{}: {}", path.display(), error.line, error.message),
            Self::Recording { path, error } => write!(f, "{}: {error}", path.display()),
            Self::Host(e) => write!(f, "{e}"),
            Self::Raster { frame, message } => write!(f, "frame {frame}: {message}"),
        }
    }
}

impl std::error::Error for PlayError {}

impl From<HostError> for PlayError {
    fn from(e: HostError) -> Self {
        Self::Host(e)
    }
}

/// Reads a scene file or a recording (told apart by the `RREC` magic).
pub fn load_input(path: &Path) -> Result<Input, PlayError> {
    let bytes = std::fs::read(path).map_err(|e| PlayError::Io { path: path.to_path_buf(), message: e.to_string() })?;
    if script::is_recording(&bytes) {
        let batches =
            script::read_recording(&bytes).map_err(|error| PlayError::Recording { path: path.to_path_buf(), error })?;
        return Ok(Input { viewport: None, batches });
    }
    let text = String::from_utf8(bytes).map_err(|e| PlayError::Io {
        path: path.to_path_buf(),
        message: format!("neither a recording nor UTF-8 scene text (invalid UTF-8 at byte {})", e.utf8_error().valid_up_to()),
    })?;
    let scene = script::parse_scene(&text).map_err(|error| PlayError::Script { path: path.to_path_buf(), error })?;
    Ok(Input { viewport: scene.viewport, batches: scene.batches })
}

/// Emulated frame times.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Percentiles {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Worst.
    pub max: f64,
    /// Mean.
    pub mean: f64,
}

impl Percentiles {
    /// Nearest-rank percentiles of `v`.
    pub fn of(v: &[f64]) -> Self {
        if v.is_empty() {
            return Self::default();
        }
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        let rank = |p: f64| {
            let i = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1;
            round3(s[i])
        };
        Self {
            p50: rank(0.50),
            p95: rank(0.95),
            p99: rank(0.99),
            max: round3(s[s.len() - 1]),
            mean: round3(s.iter().sum::<f64>() / s.len() as f64),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The figures of a run (`summary.json`). Everything except `engine` is
/// deterministic for a given engine, input and profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Profile id.
    pub device: String,
    /// Profile name.
    pub device_name: String,
    /// Device display `[width, height]`.
    pub display: [u32; 2],
    /// Device refresh rate.
    pub fps: u32,
    /// The viewport the scene was written for, if it says and differs.
    pub scene_viewport: Option<[u32; 2]>,
    /// The engine file.
    pub engine: String,
    /// Batches sent.
    pub batches: usize,
    /// Frames produced.
    pub frames: u32,
    /// `1000 / fps`.
    pub budget_ms: f64,
    /// Emulated frame times.
    pub emulated_ms: Percentiles,
    /// Frames over budget.
    pub dropped_frames: u32,
    /// Fuel of all frames.
    pub total_fuel: u64,
    /// Largest linear memory of any instance, in bytes.
    pub peak_memory_bytes: u64,
    /// The device's cap, in bytes.
    pub memory_cap_bytes: u64,
    /// Live nodes after the last frame (root included).
    pub nodes: u32,
    /// Display items of the last frame.
    pub display_items: u32,
    /// Batches rejected (by the engine or, after two traps, the host).
    pub rejected_batches: u32,
    /// Their messages, and those of commands the engine skipped (a bad
    /// `gradient` string: the rest of its batch applied), marked
    /// `(skipped)`.
    pub rejections: Vec<String>,
    /// Engine traps.
    pub traps: u32,
    /// Fresh instances built after traps.
    pub recoveries: u32,
    /// Frames skipped because they trapped even after recovery.
    pub frames_skipped: u32,
    /// Journal compactions (snapshots).
    pub journal_compactions: u32,
    /// Traps after which no engine instance could be rebuilt from the
    /// journal ([`crate::supervisor::Resolution::RecoveryFailed`]): the
    /// screen stopped updating. Any makes the run a failure.
    pub recovery_failures: u32,
    /// Each trap and its resolution.
    pub incidents: Vec<String>,
    /// PNG files written.
    pub pngs_written: u32,
    /// The device's texture budget, in bytes.
    pub texture_budget_bytes: u64,
    /// Most texture bytes the engine had resident at the end of any frame.
    pub peak_texture_bytes: u64,
    /// Most texture bytes the host's painter held at any time.
    pub peak_host_texture_bytes: u64,
    /// Images decoded and answered.
    pub images_loaded: u32,
    /// Images that failed, with why.
    pub images_failed: Vec<String>,
}

/// A finished run.
#[derive(Clone, Debug)]
pub struct PlayResult {
    /// The figures.
    pub summary: Summary,
    /// Per-frame reports (display lists dropped to save memory).
    pub frames: Vec<FrameReport>,
    /// The last display list.
    pub final_display_list: Option<OwnedDisplayList>,
    /// The incidents.
    pub incidents: Vec<Incident>,
}

/// Plays `input` on `profile` with the engine module `wasm`.
pub fn play(input: &Input, profile: &Profile, wasm: Vec<u8>, opts: &PlayOptions) -> Result<PlayResult, PlayError> {
    if !profile.engine.wasm {
        return Err(PlayError::NoWasmEngine { device: profile.id.clone() });
    }
    let mut cfg = SupervisorConfig::from_profile(profile);
    cfg.faults = opts.faults.clone();
    let mut thread = EngineThread::spawn(wasm, EngineLimits::from_profile(profile), cfg)?;
    if opts.log_incidents {
        thread.on_incident(|i| eprintln!("reel: !! {i}"));
    }
    if let Some(dir) = &opts.out_dir {
        std::fs::create_dir_all(dir).map_err(|e| PlayError::Io { path: dir.clone(), message: e.to_string() })?;
    }

    let mut frames: Vec<FrameReport> = Vec::new();
    let mut incidents = Vec::new();
    let mut rejections = Vec::new();
    let mut final_dl = None;
    let mut pngs = 0u32;
    let loading = opts.assets_dir.is_some();
    let mut images = HostImages::new(opts.assets_dir.clone().unwrap_or_else(|| PathBuf::from(".")));
    let mut take = |report: StepReport, images: &mut HostImages| -> Result<(), PlayError> {
        if let Some(r) = &report.rejected {
            rejections.push(format!("batch {} command {}: {}", r.seq, cmd_index_text(r.cmd_index), r));
        }
        rejections.extend(skipped_commands(&report.events));
        // Releases free textures, frames commit staged ones: before painting.
        if loading {
            images.handle_events(&report.events);
        }
        incidents.extend(report.incidents);
        // Glyph-atlas (and other engine texture) sets before painting.
        for d in &report.texture_deltas {
            images.textures.apply_deltas(d).map_err(|e| PlayError::Raster { frame: 0, message: format!("texture deltas: {e}") })?;
        }
        for mut f in report.frames {
            if let Some(dl) = f.display_list.take() {
                if let (Some(dir), true) = (&opts.out_dir, opts.png_every > 0 && (f.frame - 1) % opts.png_every == 0) {
                    write_frame_png_with(&dir.join(format!("frame-{:04}.png", f.frame)), &dl, f.frame, &images.textures)?;
                    pngs += 1;
                }
                final_dl = Some(dl);
            }
            frames.push(f);
        }
        for d in &report.texture_deltas {
            images.textures.apply_delta_frees(d).map_err(|e| PlayError::Raster { frame: 0, message: format!("texture deltas: {e}") })?;
        }
        Ok(())
    };
    let mut last_time = 0.0f64;
    let wait = std::time::Duration::from_secs(10);
    for batch in &input.batches {
        // The loads the last frames asked for are answered first.
        if let Some(answers) = images.answers_all(wait) {
            take(thread.submit(answers)?, &mut images)?;
        }
        let report = thread.submit(batch.clone())?;
        if let Some(f) = report.frames.last() {
            last_time = f.stats.time_ms;
        }
        take(report, &mut images)?;
    }
    // Settle: frames at the device's rate until every wanted image is in
    // (or failed). Bounded, so a scene that keeps asking cannot hang it.
    let frame_ms = profile.budget_ms();
    let mut quiet = 0;
    for _ in 0..if loading { SETTLE_FRAMES } else { 0 } {
        let before = images.requests;
        let mut answered = false;
        if let Some(answers) = images.answers_all(wait) {
            take(thread.submit(answers)?, &mut images)?;
            answered = true;
        }
        last_time += frame_ms;
        let report = thread.frame(last_time)?;
        take(report, &mut images)?;
        quiet = if answered || images.requests != before || images.pending() > 0 { 0 } else { quiet + 1 };
        if quiet >= 2 {
            break;
        }
    }
    let totals = thread.shutdown()?;

    let budget = profile.budget_ms();
    let ms: Vec<f64> = frames.iter().map(|f| f.emulated_ms).collect();
    let last_stats = frames.last().map(|f| f.stats).unwrap_or_default();
    let summary = Summary {
        device: profile.id.clone(),
        device_name: profile.name.clone(),
        display: [profile.display.width, profile.display.height],
        fps: profile.display.fps,
        scene_viewport: input
            .viewport
            .filter(|&(w, h)| (w, h) != (profile.display.width, profile.display.height))
            .map(|(w, h)| [w, h]),
        engine: opts.engine_label.clone(),
        batches: input.batches.len(),
        frames: frames.len() as u32,
        budget_ms: round3(budget),
        emulated_ms: Percentiles::of(&ms),
        dropped_frames: ms.iter().filter(|&&m| m > budget).count() as u32,
        total_fuel: frames.iter().map(|f| f.fuel).sum(),
        peak_memory_bytes: totals.peak_memory_bytes,
        memory_cap_bytes: profile.memory_cap_bytes(),
        nodes: last_stats.nodes,
        display_items: final_dl.as_ref().map(|d| d.header.item_count).unwrap_or(0),
        rejected_batches: totals.rejected_by_engine + totals.rejected_by_host,
        rejections,
        traps: totals.traps,
        recoveries: totals.recoveries,
        frames_skipped: totals.frames_dropped,
        journal_compactions: totals.compactions,
        recovery_failures: totals.recovery_failures,
        incidents: incidents.iter().map(|i| i.to_string()).collect(),
        pngs_written: pngs,
        texture_budget_bytes: profile.texture_budget_bytes(),
        peak_texture_bytes: frames.iter().map(|f| u64::from(f.stats.texture_bytes)).max().unwrap_or(0),
        peak_host_texture_bytes: images.peak_texture_bytes(),
        images_loaded: images.loaded,
        images_failed: images
            .failed
            .iter()
            .map(|f| format!("{} ({})", f.message, reel_wire::resources::reason::name(f.reason)))
            .collect(),
    };
    if let Some(dir) = &opts.out_dir {
        let path = dir.join("summary.json");
        let json = summary_json(&summary);
        std::fs::write(&path, json).map_err(|e| PlayError::Io { path, message: e.to_string() })?;
    }
    Ok(PlayResult { summary, frames, final_display_list: final_dl, incidents })
}

/// The messages of the commands the engine skipped (`ERROR` events with the
/// skipped bit), for [`Summary::rejections`].
pub fn skipped_commands(events: &[reel_wire::protocol::events::Event]) -> impl Iterator<Item = String> + '_ {
    events.iter().filter_map(|e| match e {
        reel_wire::protocol::events::Event::Error { skipped: true, message, .. } => Some(format!("{message} (skipped)")),
        _ => None,
    })
}

fn cmd_index_text(i: u32) -> String {
    if i == u32::MAX {
        "-".into()
    } else {
        i.to_string()
    }
}

/// The summary as pretty JSON.
pub fn summary_json(s: &Summary) -> String {
    // Serializing plain structs of numbers and strings cannot fail.
    serde_json::to_string_pretty(s).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

/// Frames run after the input to let images arrive (at most).
pub const SETTLE_FRAMES: u32 = 600;

/// Paints a display list with the software rasterizer and writes a PNG.
pub fn write_frame_png(path: &Path, dl: &OwnedDisplayList, frame: u32) -> Result<(), PlayError> {
    write_frame_png_with(path, dl, frame, &reel_raster::TextureStore::new())
}

/// [`write_frame_png`] with the images' textures.
pub fn write_frame_png_with(
    path: &Path,
    dl: &OwnedDisplayList,
    frame: u32,
    textures: &reel_raster::TextureStore,
) -> Result<(), PlayError> {
    use reel_raster as raster;
    let img = raster::render(&dl.as_ref(), textures).map_err(|e| PlayError::Raster { frame, message: e.to_string() })?;
    raster::write_png(path, &img).map_err(|e| PlayError::Raster { frame, message: e.to_string() })
}

/// [`write_frame_png_with`] for a list that may carry a mesh section (the
/// debug overlay's egui meshes: [`crate::supervisor::FrameReport::meshes`]).
pub fn write_frame_png_meshes(
    path: &Path,
    dl: &OwnedDisplayList,
    meshes: Option<&reel_wire::display_list::MeshSection>,
    frame: u32,
    textures: &reel_raster::TextureStore,
) -> Result<(), PlayError> {
    use reel_raster as raster;
    let empty = reel_wire::display_list::MeshSection::default();
    let r = raster::render_with_meshes(&dl.as_ref(), meshes.unwrap_or(&empty), textures)
        .map_err(|e| PlayError::Raster { frame, message: e.to_string() })?;
    raster::write_png(path, &r.image).map_err(|e| PlayError::Raster { frame, message: e.to_string() })
}

/// The summary as the human-readable block `reel play` prints.
pub fn summary_text(s: &Summary) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    let _ = writeln!(o, "device      {} ({}), {}x{} @ {} fps", s.device, s.device_name, s.display[0], s.display[1], s.fps);
    if let Some([w, h]) = s.scene_viewport {
        let _ = writeln!(o, "note        scene written for {w}x{h}; rendered at the device's {}x{}", s.display[0], s.display[1]);
    }
    let _ = writeln!(o, "engine      {}", s.engine);
    let _ = writeln!(o, "frames      {} from {} batches", s.frames, s.batches);
    let e = &s.emulated_ms;
    let _ = writeln!(
        o,
        "frame ms    p50 {:.3}  p95 {:.3}  p99 {:.3}  max {:.3}  (budget {:.3}; emulated CPU)",
        e.p50, e.p95, e.p99, e.max, s.budget_ms
    );
    let _ = writeln!(o, "dropped     {} of {} frames over budget", s.dropped_frames, s.frames);
    let _ = writeln!(o, "memory      peak {:.2} MiB of {:.0} MiB cap", mib(s.peak_memory_bytes), mib(s.memory_cap_bytes));
    let _ = writeln!(o, "scene       {} nodes, {} display items in the last frame", s.nodes, s.display_items);
    let _ = writeln!(
        o,
        "textures    peak {:.2} MiB of {:.0} MiB budget; {} images loaded, {} failed",
        mib(s.peak_texture_bytes),
        mib(s.texture_budget_bytes),
        s.images_loaded,
        s.images_failed.len()
    );
    for f in &s.images_failed {
        let _ = writeln!(o, "  image     {f}");
    }
    let _ = writeln!(
        o,
        "faults      {} traps, {} recoveries, {} rejected batches, {} skipped frames",
        s.traps, s.recoveries, s.rejected_batches, s.frames_skipped
    );
    if s.recovery_failures > 0 {
        let _ = writeln!(o, "FAILED      {} failed recoveries: the engine could not be rebuilt from its journal", s.recovery_failures);
    }
    for i in &s.incidents {
        let _ = writeln!(o, "  incident  {i}");
    }
    for r in &s.rejections {
        let _ = writeln!(o, "  rejected  {r}");
    }
    o
}
