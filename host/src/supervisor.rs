//! Supervision: device CPU accounting, the scene journal, and recovery
//! from engine traps.
//!
//! # Why the boundary is here
//! An engine instance — [`crate::wasm_engine::WasmEngine`], or the JS
//! fallback engine on a device without Wasm, both behind
//! [`crate::engine_backend::EngineBackend`] — is one instance and dies with
//! its first trap. The app, though, must never see the engine die: on a TV a
//! crash is a black screen. So this layer keeps, *outside* the instance,
//! everything needed to rebuild the scene — a journal of what the app sent
//! (the last `reel_snapshot` plus the batches applied since) — and turns
//! every trap into: an [`Incident`] naming the request, frame and reason, a
//! fresh instance rebuilt from the journal, and one retry of the failed
//! request. If the retry traps too (a batch that alone exceeds the memory
//! cap, say), the offending batch is rejected with an error event and the
//! scene is rebuilt as it was before it; nothing else the app sent is lost.
//!
//! The journal lives in the host (not in Wasm memory) because the
//! instance's memory is exactly what a trap makes untrustworthy. It is
//! compacted by taking a snapshot after a frame whenever it holds more than
//! [`SupervisorConfig::journal_max_batches`] batches or
//! [`SupervisorConfig::journal_max_bytes`] bytes, so recovery cost stays
//! proportional to the scene, not to the app's history.
//!
//! # CPU model
//! Each frame's cost is the fuel of every call the app's requests made since
//! the previous frame (submits and the frame itself), plus any recovery
//! work (the trapped attempt and the journal replay) — a hitch a real device
//! would show too. `emulated_ms = fuel / cpu.fuel_per_ms`. Fuel counts Wasm
//! operations, so the figures are identical on every machine. On the JS
//! fallback path "fuel" is QuickJS interrupt ticks and the rate is
//! `cpu.js_ticks_per_ms` ([`SupervisorConfig::from_profile`] picks it). A batch with
//! several `FRAME` commands runs them in one `reel_submit`; its fuel is
//! split evenly over those frames.

use std::fmt;

use reel_wire::display_list::{MeshSection, OwnedDisplayList};
use reel_wire::protocol::events::{Event, FrameStats};
use reel_wire::protocol::ErrorKind;

use crate::engine_backend::{EngineBackend, EngineFactory, EngineKind, HostStats, OverlayState};
use crate::wasm_engine::{batch_seq, CallOutcome, EngineError, EngineLimits, Rejection, TrapReason};

/// Error code of a batch the host rejected because the engine trapped on
/// it twice for a reason other than memory (memory uses
/// `ErrorKind::OutOfMemory`'s code).
pub const HOST_TRAP_CODE: u32 = 0x100;
/// Journal compaction threshold in batches.
pub const DEFAULT_JOURNAL_MAX_BATCHES: usize = 64;
/// Journal compaction threshold in bytes.
pub const DEFAULT_JOURNAL_MAX_BYTES: usize = 1 << 20;
/// How many of the most recent batches a twice-failed frame may drop, one
/// at a time, to find the culprit before dropping the rest at once.
const MAX_FRAME_BISECT: usize = 8;
/// Replays run with this multiple of the watchdog allowance: rebuilding a
/// large scene in one batch is host work, not one app frame.
const REPLAY_FUEL_FACTOR: u64 = 16;

/// A deliberate fault, for tests and chaos runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Run the first attempt of request number `request` (1-based, counting
    /// submits and frames) with only `fuel`: a forced watchdog trap.
    FuelLimit {
        /// Request number.
        request: u64,
        /// Fuel allowance.
        fuel: u64,
    },
    /// Run *every* attempt of request number `request` with only `fuel`: a
    /// request that keeps trapping after recovery (exercises rejection of a
    /// batch and dropping of a frame).
    PersistentFuelLimit {
        /// Request number.
        request: u64,
        /// Fuel allowance.
        fuel: u64,
    },
    /// The first attempt of request number `request` traps (as
    /// [`Fault::FuelLimit`] with almost no fuel) and no fresh instance can
    /// be built while that request is handled: the incident ends in
    /// [`Resolution::RecoveryFailed`] (exercises how hosts report a run
    /// whose engine could not be recovered). Later requests rebuild again.
    UnrecoverableTrap {
        /// Request number.
        request: u64,
    },
    /// Every compaction's snapshot traps (it runs with almost no fuel), as
    /// one the instance cannot hold would: exercises the journal's
    /// fallback, a rebuild from the journal and a later retry.
    SnapshotTraps,
}

/// How a supervisor runs.
#[derive(Clone, Debug)]
pub struct SupervisorConfig {
    /// Viewport for `reel_init`.
    pub viewport: (u32, u32),
    /// Emulated CPU speed, in the backend's work unit per ms
    /// ([`crate::profile::Profile::work_per_ms`]).
    pub fuel_per_ms: u64,
    /// Compact the journal after this many batches.
    pub journal_max_batches: usize,
    /// Compact the journal after this many bytes.
    pub journal_max_bytes: usize,
    /// Injected faults.
    pub faults: Vec<Fault>,
    /// Texture budget in bytes given to every instance after `reel_init`
    /// (0 = unlimited).
    pub texture_budget_bytes: u64,
}

impl SupervisorConfig {
    /// Defaults for a device profile.
    pub fn from_profile(p: &crate::profile::Profile) -> Self {
        Self {
            viewport: (p.display.width, p.display.height),
            fuel_per_ms: p.work_per_ms(),
            journal_max_batches: DEFAULT_JOURNAL_MAX_BATCHES,
            journal_max_bytes: DEFAULT_JOURNAL_MAX_BYTES,
            faults: Vec::new(),
            texture_budget_bytes: p.texture_budget_bytes(),
        }
    }
}

/// How an incident ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A fresh instance was rebuilt and the retry succeeded.
    Recovered,
    /// The retry failed too: these batches (by `seq`) were rejected and the
    /// scene rebuilt without them.
    BatchesRejected(Vec<u32>),
    /// The frame could not run even on the rebuilt scene; it was skipped.
    FrameDropped,
    /// No instance could be rebuilt (the request failed; the next one tries
    /// again).
    RecoveryFailed(String),
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Recovered => write!(f, "recovered: fresh instance rebuilt from the journal, retry succeeded"),
            Self::BatchesRejected(seqs) => {
                let s: Vec<String> = seqs.iter().map(|s| s.to_string()).collect();
                write!(f, "retry failed too: rejected batch {} and rebuilt the scene without it", s.join(", "))
            }
            Self::FrameDropped => write!(f, "frame dropped: it traps even on the rebuilt scene"),
            Self::RecoveryFailed(m) => write!(f, "recovery failed: {m}"),
        }
    }
}

/// An engine trap and what the supervisor did about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incident {
    /// The request (1-based) that trapped.
    pub request: u64,
    /// The frame that was being produced (host frame numbers, 1-based).
    pub frame: u32,
    /// The export that trapped.
    pub call: &'static str,
    /// Why.
    pub reason: TrapReason,
    /// The outcome.
    pub resolution: Resolution,
}

impl fmt::Display for Incident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "frame {} (request {}): engine trapped in {}: {}; {}",
            self.frame, self.request, self.call, self.reason, self.resolution
        )
    }
}

/// One frame the engine produced.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameReport {
    /// Host frame number (1-based, continuous across recoveries; the
    /// engine's own counter restarts with each instance).
    pub frame: u32,
    /// The engine's stats (its `frame` field is the instance's counter).
    pub stats: FrameStats,
    /// The display list after the frame. `None` for all but the last of
    /// several frames one batch ran (only the last one is readable).
    pub display_list: Option<OwnedDisplayList>,
    /// The mesh section after `display_list`'s items (vertices and indices
    /// of its `Mesh` items: only the debug overlay emits them), when the
    /// list has one; paint with `reel_raster::render_with_meshes`.
    pub meshes: Option<MeshSection>,
    /// Fuel charged to this frame (app work plus recovery work).
    pub fuel: u64,
    /// Of which recovery (trapped attempts, journal replays).
    pub recovery_fuel: u64,
    /// `fuel / cpu.fuel_per_ms`.
    pub emulated_ms: f64,
    /// Linear memory after the frame, in bytes.
    pub memory_bytes: u64,
}

/// What one request did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepReport {
    /// Set when the batch was rejected (by the engine's validation, or by
    /// the host after two traps).
    pub rejected: Option<Rejection>,
    /// Frames the request produced.
    pub frames: Vec<FrameReport>,
    /// Every event of the request, including host-made `ERROR` events for
    /// batches the host rejected.
    pub events: Vec<Event>,
    /// Traps and what was done about them.
    pub incidents: Vec<Incident>,
    /// Texture set/free deltas (the glyph atlas, `reel_wire::texture`)
    /// the request produced, in order: a painter applies the sets before it
    /// draws this request's frames and the frees after.
    pub texture_deltas: Vec<Vec<u8>>,
}

/// Answer to a debug-overlay request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverlayReply {
    /// The overlay took the key (or pointer event): the app must not get it.
    pub consumed: bool,
    /// Its state after the call.
    pub state: OverlayState,
    /// Traps during the call and their resolution.
    pub incidents: Vec<Incident>,
}

/// Running totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Requests handled.
    pub requests: u64,
    /// Frames produced.
    pub frames: u32,
    /// Traps seen.
    pub traps: u32,
    /// Fresh instances built after traps.
    pub recoveries: u32,
    /// Batches rejected by the engine's validation.
    pub rejected_by_engine: u32,
    /// Batches rejected by the host after two traps.
    pub rejected_by_host: u32,
    /// Frames dropped.
    pub frames_dropped: u32,
    /// Journal compactions.
    pub compactions: u32,
    /// Incidents that ended in [`Resolution::RecoveryFailed`]: no instance
    /// could be rebuilt from the journal. A run with any is a failed run
    /// (`reel run` / `reel play` exit non-zero, certify fails it).
    pub recovery_failures: u32,
    /// Largest linear memory of any instance, in bytes.
    pub peak_memory_bytes: u64,
}

/// Owns the current instance and the journal; see the module docs.
pub struct Supervisor {
    module: Box<dyn EngineFactory>,
    cfg: SupervisorConfig,
    engine: Option<Box<dyn EngineBackend>>,
    /// Snapshot batch the journal starts from (`None`: an empty scene).
    base: Option<Vec<u8>>,
    /// Batches applied since `base`, in order.
    since: Vec<Vec<u8>>,
    since_bytes: usize,
    /// The journal's size (batches, bytes) when a compaction last failed:
    /// the next try waits for another threshold's worth on top, not the
    /// next frame (a snapshot that does not fit under the memory cap
    /// trapped, and the recovery replayed the journal, every frame).
    compact_failed_at: (usize, usize),
    /// Index into `since` of the first batch applied after the last frame.
    pending_from: usize,
    /// Fuel of app calls since the last frame.
    pending_fuel: u64,
    /// Recovery fuel since the last frame.
    pending_recovery_fuel: u64,
    totals: Totals,
}

impl fmt::Debug for Supervisor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Supervisor")
            .field("journal_batches", &self.since.len())
            .field("journal_bytes", &self.since_bytes)
            .field("totals", &self.totals)
            .finish_non_exhaustive()
    }
}

fn recoverable(e: &EngineError) -> bool {
    matches!(
        e,
        EngineError::Trap { .. } | EngineError::NoInputBuffer { .. } | EngineError::Poisoned | EngineError::BadOutput(_)
    )
}

fn reason_of(e: &EngineError, limits: &EngineLimits) -> (&'static str, TrapReason) {
    match e {
        EngineError::Trap { call, reason } => (call, reason.clone()),
        EngineError::NoInputBuffer { .. } => {
            ("reel_input_reserve (returned null)", TrapReason::OutOfMemory { cap: limits.memory_cap_bytes })
        }
        other => ("engine", TrapReason::Other(other.to_string())),
    }
}

impl Supervisor {
    /// Builds the first instance and initialises it. `module` is any
    /// [`EngineFactory`]: an [`crate::wasm_engine::EngineModule`] for
    /// `engine.wasm`, or the JS fallback engine's factory.
    pub fn new(module: impl EngineFactory + 'static, cfg: SupervisorConfig) -> Result<Self, EngineError> {
        Self::with_factory(Box::new(module), cfg)
    }

    /// [`Self::new`] with a boxed factory.
    pub fn with_factory(module: Box<dyn EngineFactory>, cfg: SupervisorConfig) -> Result<Self, EngineError> {
        let mut me = Self {
            module,
            cfg,
            engine: None,
            base: None,
            since: Vec::new(),
            since_bytes: 0,
            compact_failed_at: (0, 0),
            pending_from: 0,
            pending_fuel: 0,
            pending_recovery_fuel: 0,
            totals: Totals::default(),
        };
        let (engine, _) = me.build_instance(me.since.len())?;
        me.engine = Some(engine);
        me.note_memory();
        Ok(me)
    }

    /// Which engine path this supervisor runs.
    pub fn engine_kind(&self) -> EngineKind {
        self.module.kind()
    }

    /// Running totals.
    pub fn totals(&self) -> Totals {
        self.totals
    }

    /// Batches in the journal since the last compaction.
    pub fn journal_len(&self) -> usize {
        self.since.len()
    }

    /// Resets to an empty scene with a new viewport.
    pub fn init(&mut self, width: u32, height: u32) -> Result<(), EngineError> {
        self.cfg.viewport = (width, height);
        self.base = None;
        self.since.clear();
        self.since_bytes = 0;
        self.compact_failed_at = (0, 0);
        self.pending_from = 0;
        let (engine, _) = self.build_instance(0)?;
        self.engine = Some(engine);
        Ok(())
    }

    /// A fresh instance with the journal's first `upto` batches replayed;
    /// returns it and the fuel the rebuild burnt.
    fn build_instance(&mut self, upto: usize) -> Result<(Box<dyn EngineBackend>, u64), EngineError> {
        let request = self.totals.requests;
        if self.cfg.faults.iter().any(|f| matches!(*f, Fault::UnrecoverableTrap { request: r } if r == request)) {
            return Err(EngineError::BadOutput(format!("injected fault: no instance can be built during request {request}")));
        }
        let mut e = self.module.instantiate()?;
        let normal = self.module.limits().fuel_per_call;
        e.set_fuel_per_call(normal.saturating_mul(REPLAY_FUEL_FACTOR));
        let (w, h) = self.cfg.viewport;
        let mut fuel = e.init(w, h)?;
        e.set_texture_budget(self.cfg.texture_budget_bytes)?;
        // The project's default font is a resource, not part of engine.wasm:
        // every instance gets it before anything else.
        if let Some(font) = crate::paths::default_font() {
            fuel += e.register_font(crate::paths::DEFAULT_FONT_FAMILY, font)?.fuel;
        }
        let replay = self.base.iter().chain(self.since[..upto].iter());
        for b in replay {
            let out = e.submit(b)?;
            fuel += out.fuel;
            if let Some(r) = out.rejected {
                // The journal holds only batches that applied; a rejection
                // on replay means the engine is not deterministic.
                return Err(EngineError::BadOutput(format!("journal replay: batch {} was rejected: {r}", r.seq)));
            }
        }
        e.set_fuel_per_call(normal);
        Ok((e, fuel))
    }

    /// Replaces the current instance with a fresh one holding the journal's
    /// first `upto` batches, dropping the rest from the journal.
    fn recover(&mut self, upto: usize) -> Result<(), EngineError> {
        self.engine = None;
        self.totals.recoveries += 1;
        match self.build_instance(upto) {
            Ok((e, fuel)) => {
                self.pending_recovery_fuel += fuel;
                self.engine = Some(e);
                for b in self.since.drain(upto..) {
                    self.since_bytes -= b.len();
                }
                self.pending_from = self.pending_from.min(self.since.len());
                self.note_memory();
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Counts a failed recovery and gives its resolution.
    fn recovery_failed(&mut self, error: EngineError) -> Resolution {
        self.totals.recovery_failures += 1;
        Resolution::RecoveryFailed(error.to_string())
    }

    fn note_memory(&mut self) {
        if let Some(e) = &self.engine {
            self.totals.peak_memory_bytes = self.totals.peak_memory_bytes.max(e.peak_memory_bytes());
        }
    }

    /// The fuel fault for an attempt at `request` (`first`: the first attempt).
    fn fault_for(&self, request: u64, first: bool) -> Option<u64> {
        self.cfg.faults.iter().find_map(|f| match *f {
            Fault::FuelLimit { request: r, fuel } if r == request && first => Some(fuel),
            Fault::PersistentFuelLimit { request: r, fuel } if r == request => Some(fuel),
            Fault::UnrecoverableTrap { request: r } if r == request && first => Some(1_000),
            _ => None,
        })
    }

    /// The current instance, armed with the fault for this attempt.
    fn armed(&mut self, request: u64, first: bool) -> Result<&mut dyn EngineBackend, EngineError> {
        let fault = self.fault_for(request, first);
        let e = self.engine()?;
        if let Some(f) = fault {
            e.limit_next_call_fuel(f);
        }
        Ok(e)
    }

    /// Gets a usable instance, rebuilding one if the last rebuild failed.
    fn engine(&mut self) -> Result<&mut dyn EngineBackend, EngineError> {
        if self.engine.is_none() {
            let upto = self.since.len();
            self.recover(upto)?;
        }
        match self.engine.as_deref_mut() {
            Some(e) => Ok(e),
            // Unreachable: a failed rebuild returned above.
            None => Err(EngineError::Poisoned),
        }
    }

    /// Applies one batch (running the frames its `FRAME` commands ask for).
    pub fn submit(&mut self, batch: &[u8]) -> Result<StepReport, EngineError> {
        self.totals.requests += 1;
        let request = self.totals.requests;
        let mut report = StepReport::default();
        let first = match self.armed(request, true) {
            Ok(e) => e.submit(batch),
            Err(e) => Err(e),
        };
        let err = match first {
            Ok(out) => {
                self.applied(batch, out, &mut report)?;
                return Ok(report);
            }
            Err(e) if recoverable(&e) => e,
            Err(e) => return Err(e),
        };
        self.totals.traps += 1;
        self.charge_trapped_attempt();
        let (call, reason) = reason_of(&err, &self.module.limits());
        let frame = self.totals.frames + 1;
        let upto = self.since.len();
        if let Err(m) = self.recover(upto) {
            report.incidents.push(Incident { request, frame, call, reason: reason.clone(), resolution: self.recovery_failed(m) });
            self.reject_by_host(batch, &reason, &mut report);
            return Ok(report);
        }
        let second = match self.armed(request, false) {
            Ok(e) => e.submit(batch),
            Err(e) => Err(e),
        };
        match second {
            Ok(out) => {
                report.incidents.push(Incident { request, frame, call, reason, resolution: Resolution::Recovered });
                self.applied(batch, out, &mut report)?;
            }
            Err(e) if recoverable(&e) => {
                self.totals.traps += 1;
                self.charge_trapped_attempt();
                let (_, reason2) = reason_of(&e, &self.module.limits());
                let resolution = match self.recover(upto) {
                    Ok(()) => Resolution::BatchesRejected(vec![batch_seq(batch)]),
                    Err(m) => self.recovery_failed(m),
                };
                report.incidents.push(Incident { request, frame, call, reason, resolution });
                self.reject_by_host(batch, &reason2, &mut report);
            }
            Err(e) => return Err(e),
        }
        Ok(report)
    }

    /// Runs one frame (`reel_frame`).
    pub fn frame(&mut self, time_ms: f64) -> Result<StepReport, EngineError> {
        self.totals.requests += 1;
        let request = self.totals.requests;
        let mut report = StepReport::default();
        let first = match self.armed(request, true) {
            Ok(e) => e.frame(time_ms),
            Err(e) => Err(e),
        };
        let err = match first {
            Ok(out) => {
                self.framed(out, &mut report)?;
                return Ok(report);
            }
            Err(e) if recoverable(&e) => e,
            Err(e) => return Err(e),
        };
        self.totals.traps += 1;
        self.charge_trapped_attempt();
        let (call, reason) = reason_of(&err, &self.module.limits());
        let frame = self.totals.frames + 1;
        // Retry on the whole journal, then without the most recent batches
        // (one more each time), since one of those made the frame fail.
        let total = self.since.len();
        let pending = total - self.pending_from;
        let mut drops: Vec<usize> = (0..=pending.min(MAX_FRAME_BISECT)).collect();
        if pending > MAX_FRAME_BISECT {
            drops.push(pending);
        }
        let mut last_err = None;
        for drop in drops {
            let upto = total - drop;
            // Keep the dropped batches around until a frame succeeds.
            let dropped: Vec<Vec<u8>> = self.since[upto..].to_vec();
            if let Err(m) = self.recover_keep(upto) {
                report.incidents.push(Incident { request, frame, call, reason, resolution: self.recovery_failed(m) });
                return Ok(report);
            }
            let r = match self.armed(request, false) {
                Ok(e) => e.frame(time_ms),
                Err(e) => Err(e),
            };
            match r {
                Ok(out) => {
                    let resolution = if drop == 0 {
                        Resolution::Recovered
                    } else {
                        let seqs: Vec<u32> = dropped.iter().map(|b| batch_seq(b)).collect();
                        for b in &dropped {
                            self.reject_by_host(b, &reason, &mut report);
                        }
                        self.truncate_journal(upto);
                        Resolution::BatchesRejected(seqs)
                    };
                    report.incidents.push(Incident { request, frame, call, reason, resolution });
                    self.framed(out, &mut report)?;
                    return Ok(report);
                }
                Err(e) if recoverable(&e) => {
                    self.totals.traps += 1;
                    self.charge_trapped_attempt();
                    last_err = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        // Even the scene without the recent batches cannot be framed:
        // restore everything the app sent and skip this frame.
        let _ = last_err;
        self.totals.frames_dropped += 1;
        let resolution = match self.recover_keep(total) {
            Ok(()) => Resolution::FrameDropped,
            Err(m) => self.recovery_failed(m),
        };
        report.incidents.push(Incident { request, frame, call, reason, resolution });
        Ok(report)
    }

    /// Like [`Self::recover`] but keeps the journal intact (for trying a
    /// prefix of it).
    fn recover_keep(&mut self, upto: usize) -> Result<(), EngineError> {
        self.engine = None;
        self.totals.recoveries += 1;
        match self.build_instance(upto) {
            Ok((e, fuel)) => {
                self.pending_recovery_fuel += fuel;
                self.engine = Some(e);
                self.note_memory();
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    fn truncate_journal(&mut self, upto: usize) {
        for b in self.since.drain(upto..) {
            self.since_bytes -= b.len();
        }
        self.pending_from = self.pending_from.min(self.since.len());
    }

    /// Returns a snapshot batch of the current scene.
    pub fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        let r = match self.engine() {
            Ok(e) => e.snapshot(),
            Err(e) => return Err(e),
        };
        match r {
            Ok(s) => Ok(s),
            Err(e) if recoverable(&e) => {
                self.totals.traps += 1;
                let upto = self.since.len();
                self.recover(upto)?;
                self.engine()?.snapshot()
            }
            Err(e) => Err(e),
        }
    }

    fn charge_trapped_attempt(&mut self) {
        // The instance that trapped was dropped by `recover`; its last call's
        // fuel is only known while it exists, so read it first.
        if let Some(e) = &self.engine {
            self.pending_recovery_fuel += e.last_call_fuel();
        }
        // The memory it held counts towards the peak: the device had to.
        self.note_memory();
    }

    fn reject_by_host(&mut self, batch: &[u8], reason: &TrapReason, report: &mut StepReport) {
        self.totals.rejected_by_host += 1;
        let seq = batch_seq(batch);
        let code = match reason {
            TrapReason::OutOfMemory { .. } => ErrorKind::OutOfMemory.code(),
            _ => HOST_TRAP_CODE,
        };
        let message = format!(
            "batch {seq} rejected by the host: the engine trapped ({reason}) on it twice, also on a fresh instance; the scene is as it was before this batch"
        );
        report.events.push(Event::Error { batch_seq: seq, cmd_index: u32::MAX, opcode: 0, skipped: false, code, message: message.clone() });
        report.rejected = Some(Rejection { seq, cmd_index: u32::MAX, opcode: 0, code, message });
    }

    /// Bookkeeping after a submit that returned (applied or rejected).
    fn applied(&mut self, batch: &[u8], out: CallOutcome, report: &mut StepReport) -> Result<(), EngineError> {
        match &out.rejected {
            None => {
                self.since.push(batch.to_vec());
                self.since_bytes += batch.len();
            }
            Some(r) => {
                self.totals.rejected_by_engine += 1;
                report.rejected = Some(r.clone());
            }
        }
        self.framed(out, report)
    }

    /// Turns the frames a call ran into reports; charges fuel.
    fn framed(&mut self, out: CallOutcome, report: &mut StepReport) -> Result<(), EngineError> {
        let stats: Vec<FrameStats> = out.frames().copied().collect();
        report.events.extend(out.events);
        if let Some(e) = self.engine.as_mut() {
            let deltas = e.take_texture_deltas()?;
            if !deltas.is_empty() {
                report.texture_deltas.push(deltas);
            }
        }
        self.pending_fuel += out.fuel;
        self.note_memory();
        if stats.is_empty() {
            return Ok(());
        }
        let k = stats.len() as u64;
        let (work, recovery) = (self.pending_fuel, self.pending_recovery_fuel);
        self.pending_fuel = 0;
        self.pending_recovery_fuel = 0;
        let (display_list, meshes, memory_bytes) = match self.engine.as_mut() {
            Some(e) => {
                let bytes = e.display_list_bytes()?;
                let dl = OwnedDisplayList::from_bytes(&bytes).map_err(|e| EngineError::BadOutput(e.to_string()))?;
                let meshes = MeshSection::from_bytes(&bytes).map_err(|e| EngineError::BadOutput(e.to_string()))?;
                let meshes = (!meshes.vertices.is_empty() || !meshes.indices.is_empty()).then_some(meshes);
                (Some(dl), meshes, e.memory_bytes())
            }
            None => (None, None, 0),
        };
        let (mut display_list, mut meshes) = (display_list, meshes);
        for (i, s) in stats.iter().enumerate() {
            let last = i as u64 == k - 1;
            let share = |total: u64| if last { total - total / k * (k - 1) } else { total / k };
            let (w, r) = (share(work), share(recovery));
            self.totals.frames += 1;
            let fuel = w + r;
            report.frames.push(FrameReport {
                frame: self.totals.frames,
                stats: *s,
                display_list: if last { display_list.take() } else { None },
                meshes: if last { meshes.take() } else { None },
                fuel,
                recovery_fuel: r,
                emulated_ms: fuel as f64 / self.cfg.fuel_per_ms.max(1) as f64,
                memory_bytes,
            });
        }
        self.pending_from = self.since.len();
        self.maybe_compact(report);
        Ok(())
    }

    /// Takes a snapshot when the journal has grown past its thresholds.
    fn maybe_compact(&mut self, report: &mut StepReport) {
        let (batches, bytes) = self.compact_failed_at;
        if self.since.len() < batches + self.cfg.journal_max_batches && self.since_bytes < bytes + self.cfg.journal_max_bytes {
            return;
        }
        let trap = self.cfg.faults.contains(&Fault::SnapshotTraps);
        let snap = match self.engine.as_mut() {
            Some(e) => {
                if trap {
                    e.limit_next_call_fuel(1_000);
                }
                e.snapshot()
            }
            None => return,
        };
        match snap {
            Ok(s) => {
                self.base = Some(s);
                self.since.clear();
                self.since_bytes = 0;
                self.compact_failed_at = (0, 0);
                self.pending_from = 0;
                self.totals.compactions += 1;
            }
            Err(e) => {
                // The journal is still valid: rebuild from it, keep going,
                // and try again only once it has grown by a threshold more.
                self.compact_failed_at = (self.since.len(), self.since_bytes);
                self.totals.traps += 1;
                let (call, reason) = reason_of(&e, &self.module.limits());
                let upto = self.since.len();
                let resolution = match self.recover(upto) {
                    Ok(()) => Resolution::Recovered,
                    Err(m) => self.recovery_failed(m),
                };
                report.incidents.push(Incident {
                    request: self.totals.requests,
                    frame: self.totals.frames,
                    call,
                    reason,
                    resolution,
                });
            }
        }
    }

    /// True when the current instance has the debug overlay's exports
    /// (`engine-debug.wasm`).
    pub fn has_overlay(&self) -> bool {
        self.engine.as_ref().is_some_and(|e| e.has_overlay())
    }

    /// Runs one debug-overlay call on the current instance. The overlay
    /// is host instrumentation, so only a key's work is charged to the next
    /// frame (it is input the frame then handles); a trap in one of these
    /// calls is recovered like any other (the fresh instance's overlay
    /// starts closed: overlay state is not part of the scene journal) and
    /// the call's answer is `None`.
    fn overlay_call<R>(
        &mut self,
        charge: bool,
        call: impl FnOnce(&mut dyn EngineBackend) -> Result<R, EngineError>,
    ) -> Result<(Option<R>, Vec<Incident>), EngineError> {
        let r = match self.engine() {
            Ok(e) => call(e),
            Err(e) => Err(e),
        };
        match r {
            Ok(v) => {
                if charge {
                    if let Some(e) = &self.engine {
                        self.pending_fuel += e.last_call_fuel();
                    }
                }
                Ok((Some(v), Vec::new()))
            }
            Err(e) if recoverable(&e) => {
                self.totals.traps += 1;
                self.charge_trapped_attempt();
                let (call, reason) = reason_of(&e, &self.module.limits());
                let upto = self.since.len();
                let resolution = match self.recover(upto) {
                    Ok(()) => Resolution::Recovered,
                    Err(m) => self.recovery_failed(m),
                };
                let incident =
                    Incident { request: self.totals.requests, frame: self.totals.frames + 1, call, reason, resolution };
                Ok((None, vec![incident]))
            }
            Err(e) => Err(e),
        }
    }

    /// Offers a key press (DOM key code) to the debug overlay
    /// (`reel_overlay_key`); [`OverlayReply::consumed`] says whether the app
    /// must not get it. [`EngineError::NoOverlay`] without the overlay.
    pub fn overlay_key(&mut self, code: u32) -> Result<OverlayReply, EngineError> {
        self.totals.requests += 1;
        let (consumed, mut incidents) = self.overlay_call(true, |e| e.overlay_key(code))?;
        let (state, more) = self.overlay_call(false, |e| e.overlay_state())?;
        incidents.extend(more);
        Ok(OverlayReply { consumed: consumed.unwrap_or(false), state: state.unwrap_or_default(), incidents })
    }

    /// Pointer input for the overlay (`reel_overlay_pointer`; viewport px,
    /// action 0 move, 1 press, 2 release).
    pub fn overlay_pointer(&mut self, x: f32, y: f32, action: u32) -> Result<OverlayReply, EngineError> {
        self.totals.requests += 1;
        let (consumed, mut incidents) = self.overlay_call(true, |e| e.overlay_pointer(x, y, action))?;
        let (state, more) = self.overlay_call(false, |e| e.overlay_state())?;
        incidents.extend(more);
        Ok(OverlayReply { consumed: consumed.unwrap_or(false), state: state.unwrap_or_default(), incidents })
    }

    /// Reports the host's figures to the overlay (`reel_overlay_host_stats`).
    pub fn overlay_host_stats(&mut self, stats: &HostStats) -> Result<OverlayReply, EngineError> {
        let (_, mut incidents) = self.overlay_call(false, |e| e.overlay_host_stats(stats))?;
        let (state, more) = self.overlay_call(false, |e| e.overlay_state())?;
        incidents.extend(more);
        Ok(OverlayReply { consumed: false, state: state.unwrap_or_default(), incidents })
    }

    /// Whether the overlay is open and what its inspector selected.
    pub fn overlay_state(&mut self) -> Result<OverlayReply, EngineError> {
        let (state, incidents) = self.overlay_call(false, |e| e.overlay_state())?;
        Ok(OverlayReply { consumed: false, state: state.unwrap_or_default(), incidents })
    }

    /// The current display list (for inspection; frames carry their own).
    pub fn display_list(&mut self) -> Result<OwnedDisplayList, EngineError> {
        match self.engine() {
            Ok(e) => e.display_list(),
            Err(e) => Err(e),
        }
    }
}
