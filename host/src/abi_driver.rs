//! The one driver of the engine's C ABI: the call sequences (reserve, write,
//! submit, read the events; frame; read a list out of linear memory), the
//! watchdog allowance per call, poisoning after a trap, and how a rejected
//! batch is reported — written once for every engine backend.
//!
//! # Why the boundary is here
//! An engine instance is either `engine.wasm` under wasmtime
//! ([`crate::wasm_engine::WasmInstance`]) or its wasm2js build on QuickJS
//! (`reel_quickjs::js_engine::QuickJsInstance`). They differ only in how
//! one export is called, how linear memory is read and written and how
//! work is counted (wasmtime fuel, QuickJS ticks) — that is
//! [`RawInstance`], a handful of methods each backend implements over its
//! VM. Everything that gives the calls meaning is here, over
//! [`Export`](reel_wire::protocol::exports::Export) values from the
//! engine's export table, so the backends cannot disagree on what a submit
//! or a frame is, and the [`crate::supervisor::Supervisor`] above sees one
//! [`EngineBackend`].

use reel_wire::display_list::OwnedDisplayList;
use reel_wire::protocol::events::{decode_events, Event, FrameStats};
use reel_wire::protocol::exports::{Export, ABI_VERSION};

use crate::engine_backend::{EngineBackend, HostStats, OverlayState};
use crate::wasm_engine::{CallOutcome, EngineError, EngineLimits, FrameOutcome, Rejection, TrapReason};

/// Arguments of one export call, in the export's signature
/// ([`Export::params`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Args {
    /// No arguments.
    None,
    /// One `i32`.
    I32(u32),
    /// Two `i32`s.
    I32x2(u32, u32),
    /// One `f64`.
    F64(f64),
    /// `f32, f32, i32` (the overlay pointer).
    F32x2I32(f32, f32, u32),
}

/// One engine instance as a VM holds it: exports called by table entry,
/// linear memory read and written, work counted. Implemented by each
/// backend; driven only through [`AbiDriver`].
pub trait RawInstance {
    /// True when the module exports `export` (with its signature).
    fn has(&self, export: Export) -> bool;
    /// Calls `export` with `args`, allowing it `limit` units of work.
    /// Returns its `i32` result as `u32` (0 for an export returning
    /// nothing) and the work it took; or the trap's reason and the work
    /// taken until it.
    fn call(&mut self, export: Export, args: Args, limit: u64) -> (Result<u32, TrapReason>, u64);
    /// Copies `len > 0` bytes at `ptr` (non-null) out of linear memory.
    fn read(&self, ptr: u32, len: u32) -> Result<Vec<u8>, EngineError>;
    /// Copies `bytes` into linear memory at `ptr`.
    fn write(&mut self, ptr: u32, bytes: &[u8]) -> Result<(), EngineError>;
    /// Linear memory size now, in bytes.
    fn memory_bytes(&self) -> u64;
    /// Largest linear memory size so far, in bytes.
    fn peak_memory_bytes(&self) -> u64;
}

/// The engine's C ABI over a [`RawInstance`]: what the supervisor drives.
#[derive(Debug)]
pub struct AbiDriver<R> {
    raw: R,
    limits: EngineLimits,
    poisoned: bool,
    next_fuel_override: Option<u64>,
    last_fuel: u64,
    /// `$REEL_ABI_TRACE` (see `crate::abi_trace`).
    trace: crate::abi_trace::Trace,
}

impl<R: RawInstance> AbiDriver<R> {
    /// Wraps a fresh instance and checks its ABI version and required
    /// exports. Does not call `reel_init`.
    pub fn with_instance(raw: R, limits: EngineLimits) -> Result<Self, EngineError> {
        if let Some(missing) = Export::ALL
            .iter()
            .find(|x| x.presence() == reel_wire::protocol::exports::Presence::Required && !raw.has(**x))
        {
            return Err(EngineError::BadModule(format!("does not export `{}`", missing.name())));
        }
        let mut me = Self { raw, limits, poisoned: false, next_fuel_override: None, last_fuel: 0, trace: crate::abi_trace::Trace::from_env() };
        let v = me.get(Export::AbiVersion)?;
        if v != ABI_VERSION {
            return Err(EngineError::BadModule(format!("ABI version {v}, this host speaks {ABI_VERSION}")));
        }
        Ok(me)
    }

    /// The backend's instance.
    pub fn raw(&self) -> &R {
        &self.raw
    }

    /// Runs one export with a fresh watchdog allowance; returns its result
    /// and the work it took, or poisons the instance on a trap.
    fn call(&mut self, export: Export, args: Args) -> Result<(u32, u64), EngineError> {
        if self.poisoned {
            return Err(EngineError::Poisoned);
        }
        let limit = match export {
            Export::Submit | Export::Frame | Export::Snapshot => self.next_fuel_override.take().unwrap_or(self.limits.fuel_per_call),
            _ => self.limits.fuel_per_call,
        };
        let (r, used) = self.raw.call(export, args, limit);
        self.last_fuel = used;
        match r {
            Ok(v) => Ok((v, used)),
            Err(reason) => {
                self.poisoned = true;
                Err(EngineError::Trap { call: export.name(), reason })
            }
        }
    }

    /// An export taking nothing (a pointer, a length, a clear).
    fn get(&mut self, export: Export) -> Result<u32, EngineError> {
        self.call(export, Args::None).map(|(v, _)| v)
    }

    /// A status-returning export: 0 is success.
    fn status(&mut self, export: Export, args: Args) -> Result<u64, EngineError> {
        let (code, fuel) = self.call(export, args)?;
        if code != 0 {
            return Err(EngineError::Status { call: export.name(), code });
        }
        Ok(fuel)
    }

    fn read(&self, ptr: u32, len: u32) -> Result<Vec<u8>, EngineError> {
        if len == 0 {
            return Ok(Vec::new());
        }
        if ptr == 0 {
            return Err(EngineError::BadOutput("null pointer".into()));
        }
        self.raw.read(ptr, len)
    }

    /// Reads the bytes an export pair (address, length) describes.
    fn read_pair(&mut self, ptr: Export, len: Export) -> Result<Vec<u8>, EngineError> {
        let p = self.get(ptr)?;
        let l = self.get(len)?;
        self.read(p, l)
    }

    /// Copies `bytes` into a fresh input buffer; its length as the ABI
    /// takes it, and the work the reservation took.
    fn reserve_and_write(&mut self, bytes: &[u8]) -> Result<(u32, u64), EngineError> {
        let len = u32::try_from(bytes.len())
            .ok()
            .filter(|l| i32::try_from(*l).is_ok())
            .ok_or(EngineError::NoInputBuffer { len: bytes.len() })?;
        let (ptr, fuel) = self.call(Export::InputReserve, Args::I32(len))?;
        if ptr == 0 {
            // The engine reported out-of-memory without trapping; drop the
            // error event it queued for it (the caller reports this itself).
            self.get(Export::EventsClear)?;
            return Err(EngineError::NoInputBuffer { len: bytes.len() });
        }
        self.raw.write(ptr, bytes)?;
        Ok((len, fuel))
    }

    /// `reel_init`: a fresh, empty scene with this viewport.
    pub fn init(&mut self, width: u32, height: u32) -> Result<u64, EngineError> {
        self.trace.record(&crate::abi_trace::TraceCall::Init(width, height));
        self.status(Export::Init, Args::I32x2(width, height))
    }

    /// Copies `batch` into the engine's input buffer and applies it. A
    /// rejection (the engine validated the batch and refused it) is an
    /// `Ok` with [`CallOutcome::rejected`] set; errors are traps and
    /// unusable output. Work includes the buffer reservation.
    pub fn submit(&mut self, batch: &[u8]) -> Result<CallOutcome, EngineError> {
        self.trace.submit(batch);
        let (len, fuel_reserve) = self.reserve_and_write(batch)?;
        let (code, fuel_submit) = self.call(Export::Submit, Args::I32(len))?;
        let events = self.take_events()?;
        let rejected = if code == 0 {
            None
        } else {
            let message = self.last_error().unwrap_or_default();
            Some(rejection_of(batch, code, message, &events))
        };
        Ok(CallOutcome { rejected, events, fuel: fuel_reserve + fuel_submit })
    }

    /// `reel_frame`: runs one frame at host time `time_ms`.
    pub fn frame(&mut self, time_ms: f64) -> Result<CallOutcome, EngineError> {
        self.trace.record(&crate::abi_trace::TraceCall::Frame(time_ms));
        let fuel = self.status(Export::Frame, Args::F64(time_ms))?;
        let events = self.take_events()?;
        Ok(CallOutcome { rejected: None, events, fuel })
    }

    /// `reel_frame` plus reading everything it produced.
    pub fn run_frame(&mut self, time_ms: f64) -> Result<FrameOutcome, EngineError> {
        let out = self.frame(time_ms)?;
        let display_list = self.display_list()?;
        let stats = self.stats()?;
        Ok(FrameOutcome { display_list, stats, events: out.events, fuel_used: out.fuel })
    }

    /// Copies the current display list out of linear memory.
    pub fn display_list(&mut self) -> Result<OwnedDisplayList, EngineError> {
        let bytes = self.display_list_bytes()?;
        OwnedDisplayList::from_bytes(&bytes).map_err(|e| EngineError::BadOutput(e.to_string()))
    }

    /// The current display list's bytes, exactly as the engine wrote them.
    pub fn display_list_bytes(&mut self) -> Result<Vec<u8>, EngineError> {
        self.read_pair(Export::DisplayListPtr, Export::DisplayListLen)
    }

    /// The stats of the last frame.
    pub fn stats(&mut self) -> Result<FrameStats, EngineError> {
        let ptr = self.get(Export::StatsPtr)?;
        let bytes = self.read(ptr, 64)?;
        Ok(bytemuck::pod_read_unaligned(&bytes))
    }

    /// `reel_set_texture_budget`: the device's texture budget in bytes (0 =
    /// unlimited, clamped to 4 GiB - 1). A no-op for engines without it.
    pub fn set_texture_budget(&mut self, bytes: u64) -> Result<(), EngineError> {
        if !self.raw.has(Export::SetTextureBudget) {
            return Ok(());
        }
        let b = bytes.min(u64::from(u32::MAX)) as u32;
        self.trace.record(&crate::abi_trace::TraceCall::TextureBudget(bytes));
        self.status(Export::SetTextureBudget, Args::I32(b)).map(|_| ())
    }

    /// Reads and clears the pending texture deltas (glyph atlas updates;
    /// format in `reel_wire::texture`). Empty when there are none or the
    /// engine predates them.
    pub fn take_texture_deltas(&mut self) -> Result<Vec<u8>, EngineError> {
        let deltas = [Export::TextureDeltasPtr, Export::TextureDeltasLen, Export::TextureDeltasClear];
        if !deltas.iter().all(|x| self.raw.has(*x)) {
            return Ok(Vec::new());
        }
        let bytes = self.read_pair(Export::TextureDeltasPtr, Export::TextureDeltasLen)?;
        self.get(Export::TextureDeltasClear)?;
        Ok(bytes)
    }

    /// True when the module exports the debug overlay (`engine-debug.wasm`).
    pub fn has_overlay(&self) -> bool {
        Export::ALL
            .iter()
            .filter(|x| x.presence() == reel_wire::protocol::exports::Presence::Overlay)
            .all(|x| self.raw.has(*x))
    }

    /// An overlay export; [`EngineError::NoOverlay`] without the overlay.
    fn overlay(&mut self, export: Export, args: Args) -> Result<u32, EngineError> {
        if !self.has_overlay() {
            return Err(EngineError::NoOverlay);
        }
        self.call(export, args).map(|(v, _)| v)
    }

    /// `reel_overlay_key`: true when the overlay consumed the key.
    pub fn overlay_key(&mut self, code: u32) -> Result<bool, EngineError> {
        Ok(self.overlay(Export::OverlayKey, Args::I32(code))? == 1)
    }

    /// `reel_overlay_pointer`: true while the overlay is open.
    pub fn overlay_pointer(&mut self, x: f32, y: f32, action: u32) -> Result<bool, EngineError> {
        Ok(self.overlay(Export::OverlayPointer, Args::F32x2I32(x, y, action))? == 1)
    }

    /// `reel_overlay_host_stats`: copies `stats` into the input buffer and
    /// hands it to the overlay.
    pub fn overlay_host_stats(&mut self, stats: &HostStats) -> Result<(), EngineError> {
        if !self.has_overlay() {
            return Err(EngineError::NoOverlay);
        }
        let (len, _) = self.reserve_and_write(&stats.to_bytes())?;
        self.status(Export::OverlayHostStats, Args::I32(len)).map(|_| ())
    }

    /// `reel_overlay_is_open` and `reel_overlay_selected`.
    pub fn overlay_state(&mut self) -> Result<OverlayState, EngineError> {
        let open = self.overlay(Export::OverlayIsOpen, Args::None)?;
        let sel = self.overlay(Export::OverlaySelected, Args::None)?;
        Ok(OverlayState { open: open == 1, selected: (sel != reel_wire::protocol::NONE).then_some(sel) })
    }

    /// Registers a font by submitting a `REGISTER_FONT` batch (the host's
    /// start-up hook for the project's default font).
    pub fn register_font(&mut self, family: &str, data: &[u8]) -> Result<CallOutcome, EngineError> {
        let mut b = reel_wire::protocol::BatchBuilder::new(0);
        b.register_font(family, data);
        self.submit(&b.finish())
    }

    /// `reel_snapshot`: a batch recreating the current scene from an empty
    /// engine.
    /// The engine hands it out in pieces (it never holds the whole batch),
    /// put together here.
    pub fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        let len = self.get(Export::Snapshot)? as usize;
        let mut fuel = self.last_fuel;
        if !self.raw.has(Export::SnapshotNext) {
            // An engine from before the pieces: the whole batch at once.
            let ptr = self.get(Export::SnapshotPtr)?;
            self.last_fuel += fuel;
            return self.read(ptr, len as u32);
        }
        let mut out = Vec::with_capacity(len);
        loop {
            let n = self.get(Export::SnapshotNext)?;
            fuel += self.last_fuel;
            if n == 0 || out.len() + n as usize > len {
                break;
            }
            let ptr = self.get(Export::SnapshotPtr)?;
            fuel += self.last_fuel;
            out.extend_from_slice(&self.read(ptr, n)?);
        }
        // `last_call_fuel` answers for the whole snapshot.
        self.last_fuel = fuel;
        if out.len() != len {
            return Err(EngineError::BadOutput(format!("reel_snapshot: {} of {len} bytes handed out", out.len())));
        }
        Ok(out)
    }

    /// The message of the last rejected batch.
    pub fn last_error(&mut self) -> Result<String, EngineError> {
        let bytes = self.read_pair(Export::LastErrorPtr, Export::LastErrorLen)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Reads and clears the queued events.
    pub fn take_events(&mut self) -> Result<Vec<Event>, EngineError> {
        let bytes = self.read_pair(Export::EventsPtr, Export::EventsLen)?;
        self.get(Export::EventsClear)?;
        if bytes.is_empty() {
            return Ok(Vec::new());
        }
        decode_events(&bytes).map_err(|e| EngineError::BadOutput(e.to_string()))
    }

    /// Work the last export called took, including one that trapped.
    pub fn last_call_fuel(&self) -> u64 {
        self.last_fuel
    }

    /// Changes the watchdog allowance of later calls (recovery replays a
    /// journal under a larger one).
    pub fn set_fuel_per_call(&mut self, fuel: u64) {
        self.limits.fuel_per_call = fuel;
    }

    /// Makes the next `reel_submit`, `reel_frame` or `reel_snapshot` run with only `fuel`
    /// (fault injection: forces a watchdog trap in tests and chaos runs).
    pub fn limit_next_call_fuel(&mut self, fuel: u64) {
        self.next_fuel_override = Some(fuel);
    }

    /// Current linear memory size in bytes.
    pub fn memory_bytes(&self) -> u64 {
        self.raw.memory_bytes()
    }

    /// Largest linear memory size so far, in bytes.
    pub fn peak_memory_bytes(&self) -> u64 {
        self.raw.peak_memory_bytes().max(self.raw.memory_bytes())
    }

    /// True after a trap.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned
    }
}

/// The `seq` of a batch (0 when the header is too short).
pub fn batch_seq(batch: &[u8]) -> u32 {
    match batch.get(8..12) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

/// The [`Rejection`] of a batch `reel_submit` refused with status `code`:
/// the last `ERROR` event it queued, else the status and `reel_last_error`'s
/// `message`.
pub fn rejection_of(batch: &[u8], code: u32, message: String, events: &[Event]) -> Rejection {
    let from_event = events.iter().rev().find_map(|e| match e {
        Event::Error { batch_seq, cmd_index, opcode, code, message, skipped: false } => {
            Some((*batch_seq, *cmd_index, *opcode, *code, message.clone()))
        }
        _ => None,
    });
    match from_event {
        Some((seq, cmd_index, opcode, code, m)) => Rejection { seq, cmd_index, opcode, code, message: m },
        None => Rejection { seq: batch_seq(batch), cmd_index: u32::MAX, opcode: 0, code, message },
    }
}

impl<R: RawInstance> EngineBackend for AbiDriver<R> {
    fn init(&mut self, width: u32, height: u32) -> Result<u64, EngineError> {
        AbiDriver::init(self, width, height)
    }
    fn submit(&mut self, batch: &[u8]) -> Result<CallOutcome, EngineError> {
        AbiDriver::submit(self, batch)
    }
    fn frame(&mut self, time_ms: f64) -> Result<CallOutcome, EngineError> {
        AbiDriver::frame(self, time_ms)
    }
    fn display_list_bytes(&mut self) -> Result<Vec<u8>, EngineError> {
        AbiDriver::display_list_bytes(self)
    }
    fn stats(&mut self) -> Result<FrameStats, EngineError> {
        AbiDriver::stats(self)
    }
    fn set_texture_budget(&mut self, bytes: u64) -> Result<(), EngineError> {
        AbiDriver::set_texture_budget(self, bytes)
    }
    fn take_texture_deltas(&mut self) -> Result<Vec<u8>, EngineError> {
        AbiDriver::take_texture_deltas(self)
    }
    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        AbiDriver::snapshot(self)
    }
    fn memory_bytes(&self) -> u64 {
        AbiDriver::memory_bytes(self)
    }
    fn peak_memory_bytes(&self) -> u64 {
        AbiDriver::peak_memory_bytes(self)
    }
    fn last_call_fuel(&self) -> u64 {
        AbiDriver::last_call_fuel(self)
    }
    fn set_fuel_per_call(&mut self, fuel: u64) {
        AbiDriver::set_fuel_per_call(self, fuel)
    }
    fn limit_next_call_fuel(&mut self, fuel: u64) {
        AbiDriver::limit_next_call_fuel(self, fuel)
    }
    fn is_poisoned(&self) -> bool {
        AbiDriver::is_poisoned(self)
    }
    fn register_font(&mut self, family: &str, data: &[u8]) -> Result<CallOutcome, EngineError> {
        AbiDriver::register_font(self, family, data)
    }
    fn has_overlay(&self) -> bool {
        AbiDriver::has_overlay(self)
    }
    fn overlay_key(&mut self, code: u32) -> Result<bool, EngineError> {
        AbiDriver::overlay_key(self, code)
    }
    fn overlay_pointer(&mut self, x: f32, y: f32, action: u32) -> Result<bool, EngineError> {
        AbiDriver::overlay_pointer(self, x, y, action)
    }
    fn overlay_host_stats(&mut self, stats: &HostStats) -> Result<(), EngineError> {
        AbiDriver::overlay_host_stats(self, stats)
    }
    fn overlay_state(&mut self) -> Result<OverlayState, EngineError> {
        AbiDriver::overlay_state(self)
    }
}
