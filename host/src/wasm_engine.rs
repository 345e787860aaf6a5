//! One `engine.wasm` instance under wasmtime, with the device's limits.
//!
//! # Why the boundary is here
//! The engine is a Wasm module that imports nothing and exports a C ABI
//! ([`reel_engine::abi`]). This type is the only code that touches wasmtime:
//! it copies batch bytes into the engine's input buffer, calls the exports
//! and copies results (display list, events, stats, snapshot) *out* of
//! linear memory into owned Rust values. Nothing above it holds a pointer
//! into Wasm memory, so an instance can trap, be dropped and be replaced
//! (see [`crate::supervisor`]) without invalidating anything the host kept.
//!
//! # Device emulation
//! * **Memory**: linear memory may not grow past the profile's cap. A
//!   [`ResourceLimiter`] denies the grow and remembers that it did, so the
//!   `unreachable` trap Rust's allocation-failure path ends in
//!   (`panic = "abort"`) is classified as [`TrapReason::OutOfMemory`]. The
//!   reservation and guard are small, as on a 32-bit device.
//! * **CPU**: fuel metering. Every call gets the watchdog's fuel
//!   ([`EngineLimits::fuel_per_call`]); the fuel it burnt is the
//!   deterministic measure of its work (same module and input give the same
//!   figure on any machine). A call that runs out traps with
//!   [`TrapReason::OutOfFuel`].
//!
//! It implements [`crate::engine_backend::EngineBackend`] (and
//! [`EngineModule`] the factory), the interface the supervisor drives; the
//! no-Wasm path (wasm2js on QuickJS) implements the same one.
//!
//! After a trap the instance is poisoned: every later call returns
//! [`EngineError::Poisoned`] — a trapped Rust program's heap may be torn,
//! so the only safe continuation is a fresh instance.

use std::fmt;

use reel_engine::display_list::OwnedDisplayList;
use reel_engine::protocol::events::{decode_events, Event, FrameStats};
use crate::engine_backend::{EngineBackend, EngineFactory, EngineKind};
use wasmtime::{Config, Engine, Instance, Memory, Module, ResourceLimiter, Store, Trap, TypedFunc};

/// The ABI version this host speaks.
pub const ABI_VERSION: u32 = 1;

/// Memory and CPU limits of one instance (from a device profile).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineLimits {
    /// Linear memory may not grow past this many bytes.
    pub memory_cap_bytes: u64,
    /// Address space reserved for linear memory.
    pub memory_reservation_bytes: u64,
    /// Watchdog: fuel one call may burn before it traps.
    pub fuel_per_call: u64,
}

impl EngineLimits {
    /// Limits of a device profile, for its engine path: the watchdog is in
    /// the unit of that path ([`crate::profile::Profile::watchdog_work`]).
    pub fn from_profile(p: &crate::profile::Profile) -> Self {
        Self {
            memory_cap_bytes: p.memory_cap_bytes(),
            memory_reservation_bytes: p.memory_reservation_bytes(),
            fuel_per_call: p.watchdog_work(),
        }
    }
}

/// Why an instance trapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrapReason {
    /// A memory grow past the cap was denied (and the engine then aborted or
    /// reported out-of-memory).
    OutOfMemory {
        /// The cap in bytes.
        cap: u64,
    },
    /// The call burnt its whole fuel allowance (the watchdog fired).
    OutOfFuel {
        /// The allowance.
        limit: u64,
    },
    /// Any other trap (a bug in the engine).
    Other(String),
}

impl fmt::Display for TrapReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfMemory { cap } => write!(f, "out of memory (cap {} MiB)", cap / (1024 * 1024)),
            Self::OutOfFuel { limit } => write!(f, "watchdog: out of fuel (limit {limit})"),
            Self::Other(s) => write!(f, "trap: {s}"),
        }
    }
}

/// What went wrong talking to an instance.
#[derive(Clone, Debug, PartialEq)]
pub enum EngineError {
    /// The module cannot be compiled, imports something, lacks an export,
    /// or speaks another ABI version.
    BadModule(String),
    /// The instance trapped during `call`.
    Trap {
        /// The export that trapped.
        call: &'static str,
        /// Why.
        reason: TrapReason,
    },
    /// The engine could not allocate an input buffer for a batch of `len`
    /// bytes (`reel_input_reserve` returned null): out of memory without a
    /// trap.
    NoInputBuffer {
        /// Bytes asked for.
        len: usize,
    },
    /// A non-zero status from an export other than `reel_submit`.
    Status {
        /// The export.
        call: &'static str,
        /// Its status.
        code: u32,
    },
    /// The engine returned a pointer/length outside its memory, or bytes
    /// that do not parse.
    BadOutput(String),
    /// The instance trapped before and may not be used again.
    Poisoned,
    /// An `overlay_*` call on a module without the debug overlay (the
    /// production `engine.wasm`, the JS fallback engine).
    NoOverlay,
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadModule(s) => write!(f, "bad engine module: {s}"),
            Self::Trap { call, reason } => write!(f, "engine trapped in {call}: {reason}"),
            Self::NoInputBuffer { len } => write!(f, "engine could not allocate a {len}-byte input buffer (out of memory)"),
            Self::Status { call, code } => write!(f, "{call} returned status {code}"),
            Self::BadOutput(s) => write!(f, "engine output unreadable: {s}"),
            Self::Poisoned => write!(f, "engine instance trapped earlier and is unusable"),
            Self::NoOverlay => write!(
                f,
                "this engine module has no debug overlay (no reel_overlay_* exports): run \
                 target/engine-debug.wasm, built by `bash tools/build-wasm-debug.sh`"
            ),
        }
    }
}

impl std::error::Error for EngineError {}

/// A batch the engine rejected (validation or scene errors): the scene is
/// unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    /// The batch's `seq`.
    pub seq: u32,
    /// Index of the offending command (`0xFFFF_FFFF` for the header).
    pub cmd_index: u32,
    /// Its opcode.
    pub opcode: u16,
    /// `ErrorKind::code`, or a host code ([`crate::supervisor::HOST_TRAP_CODE`]).
    pub code: u32,
    /// The message.
    pub message: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (code {})", self.message, self.code)
    }
}

/// Result of one successful `reel_submit` or `reel_frame` call.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallOutcome {
    /// `None` when the batch applied (always `None` for frames).
    pub rejected: Option<Rejection>,
    /// Events the call queued (errors, and `FRAME_STATS` of every frame it
    /// ran: a batch with `FRAME` commands runs its frames in `reel_submit`).
    pub events: Vec<Event>,
    /// Fuel the call burnt.
    pub fuel: u64,
}

impl CallOutcome {
    /// Stats of the frames this call ran, in order.
    pub fn frames(&self) -> impl Iterator<Item = &FrameStats> {
        self.events.iter().filter_map(|e| match e {
            Event::Frame(s) => Some(s),
            _ => None,
        })
    }
}

/// Everything one frame produced, copied out of linear memory
/// ([`WasmEngine::run_frame`]).
#[derive(Clone, Debug, PartialEq)]
pub struct FrameOutcome {
    /// The display list after the frame.
    pub display_list: OwnedDisplayList,
    /// The frame's stats.
    pub stats: FrameStats,
    /// The events it queued (its `FRAME_STATS` included).
    pub events: Vec<Event>,
    /// Fuel `reel_frame` burnt.
    pub fuel_used: u64,
}

/// Host side of one store: the memory limiter.
#[derive(Debug)]
pub struct HostState {
    limiter: CapLimiter,
}

/// Caps linear memory and records denied grows.
#[derive(Debug)]
struct CapLimiter {
    cap: usize,
    denied: bool,
    peak: usize,
}

impl ResourceLimiter for CapLimiter {
    fn memory_growing(&mut self, _current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.cap || maximum.is_some_and(|m| desired > m) {
            self.denied = true;
            return Ok(false);
        }
        self.peak = self.peak.max(desired);
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= 100_000)
    }

    fn instances(&self) -> usize {
        1
    }

    fn memories(&self) -> usize {
        1
    }
}

/// A compiled `engine.wasm` for one set of limits. Compiling is the
/// expensive part; instances ([`WasmEngine`]) are cheap to make from it,
/// which is what makes recovery fast.
#[derive(Clone)]
pub struct EngineModule {
    engine: Engine,
    module: Module,
    limits: EngineLimits,
}

impl fmt::Debug for EngineModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EngineModule").field("limits", &self.limits).finish_non_exhaustive()
    }
}

/// Guard pages after linear memory: small, as on a 32-bit device (bounds
/// are checked explicitly rather than by a 2 GiB guard region).
const GUARD_BYTES: u64 = 64 * 1024;

impl EngineModule {
    /// Compiles `bytes` (a `.wasm` binary) for `limits`. Rejects a module
    /// that imports anything.
    pub fn new(bytes: &[u8], limits: EngineLimits) -> Result<Self, EngineError> {
        let (engine, module) = compile_cached(bytes, limits.memory_reservation_bytes)?;
        Ok(Self { engine, module, limits })
    }

    /// The limits it was compiled for.
    pub fn limits(&self) -> EngineLimits {
        self.limits
    }
}

/// Compiled modules by (bytes, reservation): compiling engine.wasm is the
/// slow step (seconds in a debug build), and tests and tools often run the
/// same module on the same device many times in one process.
type CompileCache = Vec<(std::sync::Arc<[u8]>, u64, Engine, Module)>;
static COMPILED: std::sync::Mutex<CompileCache> = std::sync::Mutex::new(Vec::new());
const COMPILE_CACHE_ENTRIES: usize = 8;

fn compile_cached(bytes: &[u8], reservation: u64) -> Result<(Engine, Module), EngineError> {
    if let Ok(cache) = COMPILED.lock() {
        if let Some((_, _, e, m)) = cache.iter().find(|(b, r, _, _)| *r == reservation && **b == *bytes) {
            return Ok((e.clone(), m.clone()));
        }
    }
    let (engine, module) = compile(bytes, reservation)?;
    if let Ok(mut cache) = COMPILED.lock() {
        if cache.len() >= COMPILE_CACHE_ENTRIES {
            cache.remove(0);
        }
        cache.push((bytes.into(), reservation, engine.clone(), module.clone()));
    }
    Ok((engine, module))
}

fn compile(bytes: &[u8], reservation: u64) -> Result<(Engine, Module), EngineError> {
    let mut config = Config::new();
    config
        .consume_fuel(true)
        .memory_reservation(reservation)
        .memory_guard_size(GUARD_BYTES)
        .memory_reservation_for_growth(0)
        .memory_init_cow(false);
    let engine = Engine::new(&config).map_err(|e| EngineError::BadModule(format!("wasmtime config: {e:#}")))?;
    let module = Module::new(&engine, bytes).map_err(|e| EngineError::BadModule(format!("does not compile: {e:#}")))?;
    let imports: Vec<String> = module.imports().map(|i| format!("{}::{}", i.module(), i.name())).collect();
    if !imports.is_empty() {
        return Err(EngineError::BadModule(format!(
            "engine.wasm must import nothing, but it imports {} ({}); rebuild it with tools/build-wasm.sh",
            imports.len(),
            imports.join(", ")
        )));
    }
    Ok((engine, module))
}

struct Funcs {
    abi_version: TypedFunc<(), u32>,
    init: TypedFunc<(u32, u32), u32>,
    input_reserve: TypedFunc<u32, u32>,
    submit: TypedFunc<u32, u32>,
    frame: TypedFunc<f64, u32>,
    dl_ptr: TypedFunc<(), u32>,
    dl_len: TypedFunc<(), u32>,
    events_ptr: TypedFunc<(), u32>,
    events_len: TypedFunc<(), u32>,
    events_clear: TypedFunc<(), ()>,
    stats_ptr: TypedFunc<(), u32>,
    last_error_ptr: TypedFunc<(), u32>,
    last_error_len: TypedFunc<(), u32>,
    snapshot: TypedFunc<(), u32>,
    snapshot_ptr: TypedFunc<(), u32>,
    /// `reel_set_texture_budget` (absent from engines built before it).
    set_texture_budget: Option<TypedFunc<u32, u32>>,
    /// `reel_texture_deltas_ptr/len/clear` (absent from engines before text).
    deltas: Option<DeltaFuncs>,
    /// The debug overlay's exports (only in `engine-debug.wasm`).
    overlay: Option<OverlayFuncs>,
}

/// `reel_overlay_key`, `_pointer`, `_host_stats`, `_is_open`, `_selected`.
struct OverlayFuncs {
    key: TypedFunc<u32, u32>,
    pointer: TypedFunc<(f32, f32, u32), u32>,
    host_stats: TypedFunc<u32, u32>,
    is_open: TypedFunc<(), u32>,
    selected: TypedFunc<(), u32>,
}

/// `reel_texture_deltas_ptr`, `_len` and `_clear`.
type DeltaFuncs = (TypedFunc<(), u32>, TypedFunc<(), u32>, TypedFunc<(), ()>);

/// One live instance.
pub struct WasmEngine {
    store: Store<HostState>,
    memory: Memory,
    f: Funcs,
    limits: EngineLimits,
    poisoned: bool,
    next_fuel_override: Option<u64>,
    last_fuel: u64,
}

impl fmt::Debug for WasmEngine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WasmEngine")
            .field("limits", &self.limits)
            .field("poisoned", &self.poisoned)
            .finish_non_exhaustive()
    }
}

impl WasmEngine {
    /// Compiles `bytes` and instantiates it (see [`EngineModule::new`]; keep
    /// the module to make more instances cheaply).
    pub fn from_bytes(bytes: &[u8], limits: EngineLimits) -> Result<Self, EngineError> {
        Self::new(&EngineModule::new(bytes, limits)?)
    }

    /// Instantiates `module` with its limits and checks the ABI version.
    /// Does not call `reel_init`.
    pub fn new(module: &EngineModule) -> Result<Self, EngineError> {
        let limits = module.limits;
        let cap = usize::try_from(limits.memory_cap_bytes).unwrap_or(usize::MAX);
        let mut store = Store::new(&module.engine, HostState { limiter: CapLimiter { cap, denied: false, peak: 0 } });
        store.limiter(|s| &mut s.limiter);
        store
            .set_fuel(limits.fuel_per_call)
            .map_err(|e| EngineError::BadModule(format!("fuel: {e:#}")))?;
        let instance = Instance::new(&mut store, &module.module, &[]).map_err(|e| {
            if store.data().limiter.denied {
                EngineError::Trap { call: "instantiate", reason: TrapReason::OutOfMemory { cap: limits.memory_cap_bytes } }
            } else {
                EngineError::BadModule(format!("cannot instantiate: {e:#}"))
            }
        })?;
        let memory = instance
            .get_memory(&mut store, "memory")
            .ok_or_else(|| EngineError::BadModule("does not export `memory`".into()))?;
        macro_rules! func {
            ($name:literal) => {
                instance
                    .get_typed_func(&mut store, $name)
                    .map_err(|e| EngineError::BadModule(format!("export `{}`: {e:#}", $name)))?
            };
        }
        let f = Funcs {
            abi_version: func!("reel_abi_version"),
            init: func!("reel_init"),
            input_reserve: func!("reel_input_reserve"),
            submit: func!("reel_submit"),
            frame: func!("reel_frame"),
            dl_ptr: func!("reel_display_list_ptr"),
            dl_len: func!("reel_display_list_len"),
            events_ptr: func!("reel_events_ptr"),
            events_len: func!("reel_events_len"),
            events_clear: func!("reel_events_clear"),
            stats_ptr: func!("reel_stats_ptr"),
            last_error_ptr: func!("reel_last_error_ptr"),
            last_error_len: func!("reel_last_error_len"),
            snapshot: func!("reel_snapshot"),
            snapshot_ptr: func!("reel_snapshot_ptr"),
            set_texture_budget: instance.get_typed_func(&mut store, "reel_set_texture_budget").ok(),
            deltas: match (
                instance.get_typed_func(&mut store, "reel_texture_deltas_ptr"),
                instance.get_typed_func(&mut store, "reel_texture_deltas_len"),
                instance.get_typed_func(&mut store, "reel_texture_deltas_clear"),
            ) {
                (Ok(p), Ok(l), Ok(c)) => Some((p, l, c)),
                _ => None,
            },
            overlay: match (
                instance.get_typed_func(&mut store, "reel_overlay_key"),
                instance.get_typed_func(&mut store, "reel_overlay_pointer"),
                instance.get_typed_func(&mut store, "reel_overlay_host_stats"),
                instance.get_typed_func(&mut store, "reel_overlay_is_open"),
                instance.get_typed_func(&mut store, "reel_overlay_selected"),
            ) {
                (Ok(key), Ok(pointer), Ok(host_stats), Ok(is_open), Ok(selected)) => {
                    Some(OverlayFuncs { key, pointer, host_stats, is_open, selected })
                }
                _ => None,
            },
        };
        let mut me = Self { store, memory, f, limits, poisoned: false, next_fuel_override: None, last_fuel: 0 };
        let (v, _) = me.call("reel_abi_version", |s, f| f.abi_version.call(s, ()))?;
        if v != ABI_VERSION {
            return Err(EngineError::BadModule(format!("ABI version {v}, this host speaks {ABI_VERSION}")));
        }
        Ok(me)
    }

    /// Fuel burnt by the last export called, including one that trapped.
    pub fn last_call_fuel(&self) -> u64 {
        self.last_fuel
    }

    /// Changes the watchdog allowance of later calls (recovery replays a
    /// journal under a larger one).
    pub fn set_fuel_per_call(&mut self, fuel: u64) {
        self.limits.fuel_per_call = fuel;
    }

    /// Makes the next `reel_submit` or `reel_frame` run with only `fuel`
    /// (fault injection: forces a watchdog trap in tests and chaos runs).
    pub fn limit_next_call_fuel(&mut self, fuel: u64) {
        self.next_fuel_override = Some(fuel);
    }

    /// Runs one export with a fresh fuel allowance; returns its result and
    /// the fuel it burnt, or classifies the trap and poisons the instance.
    fn call<R>(
        &mut self,
        name: &'static str,
        run: impl FnOnce(&mut Store<HostState>, &Funcs) -> wasmtime::Result<R>,
    ) -> Result<(R, u64), EngineError> {
        if self.poisoned {
            return Err(EngineError::Poisoned);
        }
        let limit = match name {
            "reel_submit" | "reel_frame" => self.next_fuel_override.take().unwrap_or(self.limits.fuel_per_call),
            _ => self.limits.fuel_per_call,
        };
        let set = self.store.set_fuel(limit);
        if let Err(e) = set {
            return Err(EngineError::BadOutput(format!("cannot set fuel: {e:#}")));
        }
        self.store.data_mut().limiter.denied = false;
        let r = run(&mut self.store, &self.f);
        let left = self.store.get_fuel().unwrap_or(0);
        let used = limit.saturating_sub(left);
        self.last_fuel = used;
        match r {
            Ok(v) => Ok((v, used)),
            Err(e) => {
                self.poisoned = true;
                let denied = self.store.data().limiter.denied;
                let reason = match e.downcast_ref::<Trap>() {
                    Some(Trap::OutOfFuel) => TrapReason::OutOfFuel { limit },
                    _ if denied => TrapReason::OutOfMemory { cap: self.limits.memory_cap_bytes },
                    Some(t) => TrapReason::Other(t.to_string()),
                    None => TrapReason::Other(format!("{e:#}")),
                };
                Err(EngineError::Trap { call: name, reason })
            }
        }
    }

    /// `reel_init`: a fresh, empty scene with this viewport.
    pub fn init(&mut self, width: u32, height: u32) -> Result<u64, EngineError> {
        let (code, fuel) = self.call("reel_init", |s, f| f.init.call(s, (width, height)))?;
        if code != 0 {
            return Err(EngineError::Status { call: "reel_init", code });
        }
        Ok(fuel)
    }

    /// Copies `batch` into the engine's input buffer and applies it. A
    /// rejection (the engine validated the batch and refused it) is an
    /// `Ok` with [`CallOutcome::rejected`] set; errors are traps and
    /// unusable output. Fuel includes the buffer reservation.
    pub fn submit(&mut self, batch: &[u8]) -> Result<CallOutcome, EngineError> {
        let len = u32::try_from(batch.len()).map_err(|_| EngineError::NoInputBuffer { len: batch.len() })?;
        let (ptr, fuel_reserve) = self.call("reel_input_reserve", |s, f| f.input_reserve.call(s, len))?;
        if ptr == 0 {
            // The engine reported out-of-memory without trapping; drop the
            // error event it queued for it (the caller reports this itself).
            self.clear_events()?;
            return Err(EngineError::NoInputBuffer { len: batch.len() });
        }
        self.write_mem(ptr, batch)?;
        let (code, fuel_submit) = self.call("reel_submit", |s, f| f.submit.call(s, len))?;
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
        let (code, fuel) = self.call("reel_frame", |s, f| f.frame.call(s, time_ms))?;
        if code != 0 {
            return Err(EngineError::Status { call: "reel_frame", code });
        }
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
        let (ptr, _) = self.call("reel_display_list_ptr", |s, f| f.dl_ptr.call(s, ()))?;
        let (len, _) = self.call("reel_display_list_len", |s, f| f.dl_len.call(s, ()))?;
        self.read_mem(ptr, len)
    }

    /// The stats of the last frame.
    pub fn stats(&mut self) -> Result<FrameStats, EngineError> {
        let (ptr, _) = self.call("reel_stats_ptr", |s, f| f.stats_ptr.call(s, ()))?;
        let bytes = self.read_mem(ptr, 64)?;
        Ok(bytemuck::pod_read_unaligned(&bytes))
    }

    /// `reel_set_texture_budget`: the device's texture budget in bytes (0 =
    /// unlimited, clamped to 4 GiB - 1). A no-op for engines without it.
    pub fn set_texture_budget(&mut self, bytes: u64) -> Result<(), EngineError> {
        let Some(_) = self.f.set_texture_budget else { return Ok(()) };
        let b = bytes.min(u64::from(u32::MAX)) as u32;
        let (code, _) = self.call("reel_set_texture_budget", |s, f| match &f.set_texture_budget {
            Some(func) => func.call(s, b),
            None => Ok(0),
        })?;
        if code != 0 {
            return Err(EngineError::Status { call: "reel_set_texture_budget", code });
        }
        Ok(())
    }

    /// Reads and clears the pending texture deltas (glyph atlas updates;
    /// format in `reel_engine::texture`). Empty when there are none or the
    /// engine predates them.
    pub fn take_texture_deltas(&mut self) -> Result<Vec<u8>, EngineError> {
        if self.f.deltas.is_none() {
            return Ok(Vec::new());
        }
        let (ptr, _) = self.call("reel_texture_deltas_ptr", |s, f| match &f.deltas {
            Some(d) => d.0.call(s, ()),
            None => Ok(0),
        })?;
        let (len, _) = self.call("reel_texture_deltas_len", |s, f| match &f.deltas {
            Some(d) => d.1.call(s, ()),
            None => Ok(0),
        })?;
        let bytes = if len == 0 { Vec::new() } else { self.read_mem(ptr, len)? };
        self.call("reel_texture_deltas_clear", |s, f| match &f.deltas {
            Some(d) => d.2.call(s, ()),
            None => Ok(()),
        })?;
        Ok(bytes)
    }

    /// True when the module exports the debug overlay (`engine-debug.wasm`).
    pub fn has_overlay(&self) -> bool {
        self.f.overlay.is_some()
    }

    /// `reel_overlay_key`: true when the overlay consumed the key.
    pub fn overlay_key(&mut self, code: u32) -> Result<bool, EngineError> {
        if self.f.overlay.is_none() {
            return Err(EngineError::NoOverlay);
        }
        let (r, _) = self.call("reel_overlay_key", |s, f| match &f.overlay {
            Some(o) => o.key.call(s, code),
            None => Ok(0),
        })?;
        Ok(r == 1)
    }

    /// `reel_overlay_pointer`: true while the overlay is open.
    pub fn overlay_pointer(&mut self, x: f32, y: f32, action: u32) -> Result<bool, EngineError> {
        if self.f.overlay.is_none() {
            return Err(EngineError::NoOverlay);
        }
        let (r, _) = self.call("reel_overlay_pointer", |s, f| match &f.overlay {
            Some(o) => o.pointer.call(s, (x, y, action)),
            None => Ok(0),
        })?;
        Ok(r == 1)
    }

    /// `reel_overlay_host_stats`: copies `stats` into the input buffer and
    /// hands it to the overlay.
    pub fn overlay_host_stats(&mut self, stats: &crate::engine_backend::HostStats) -> Result<(), EngineError> {
        if self.f.overlay.is_none() {
            return Err(EngineError::NoOverlay);
        }
        let bytes = stats.to_bytes();
        let len = bytes.len() as u32;
        let (ptr, _) = self.call("reel_input_reserve", |s, f| f.input_reserve.call(s, len))?;
        if ptr == 0 {
            self.clear_events()?;
            return Err(EngineError::NoInputBuffer { len: bytes.len() });
        }
        self.write_mem(ptr, &bytes)?;
        let (code, _) = self.call("reel_overlay_host_stats", |s, f| match &f.overlay {
            Some(o) => o.host_stats.call(s, len),
            None => Ok(0),
        })?;
        if code != 0 {
            return Err(EngineError::Status { call: "reel_overlay_host_stats", code });
        }
        Ok(())
    }

    /// `reel_overlay_is_open` and `reel_overlay_selected`.
    pub fn overlay_state(&mut self) -> Result<crate::engine_backend::OverlayState, EngineError> {
        if self.f.overlay.is_none() {
            return Err(EngineError::NoOverlay);
        }
        let (open, _) = self.call("reel_overlay_is_open", |s, f| match &f.overlay {
            Some(o) => o.is_open.call(s, ()),
            None => Ok(0),
        })?;
        let (sel, _) = self.call("reel_overlay_selected", |s, f| match &f.overlay {
            Some(o) => o.selected.call(s, ()),
            None => Ok(reel_engine::protocol::NONE),
        })?;
        Ok(crate::engine_backend::OverlayState {
            open: open == 1,
            selected: (sel != reel_engine::protocol::NONE).then_some(sel),
        })
    }

    /// Registers a font by submitting a `REGISTER_FONT` batch (the host's
    /// start-up hook for the project's default font).
    pub fn register_font(&mut self, family: &str, data: &[u8]) -> Result<CallOutcome, EngineError> {
        let mut b = reel_engine::protocol::BatchBuilder::new(0);
        b.register_font(family, data);
        self.submit(&b.finish())
    }

    /// `reel_snapshot`: a batch recreating the current scene from an empty
    /// engine.
    pub fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        let (len, _) = self.call("reel_snapshot", |s, f| f.snapshot.call(s, ()))?;
        let (ptr, _) = self.call("reel_snapshot_ptr", |s, f| f.snapshot_ptr.call(s, ()))?;
        self.read_mem(ptr, len)
    }

    /// The message of the last rejected batch.
    pub fn last_error(&mut self) -> Result<String, EngineError> {
        let (ptr, _) = self.call("reel_last_error_ptr", |s, f| f.last_error_ptr.call(s, ()))?;
        let (len, _) = self.call("reel_last_error_len", |s, f| f.last_error_len.call(s, ()))?;
        let bytes = self.read_mem(ptr, len)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Reads and clears the queued events.
    pub fn take_events(&mut self) -> Result<Vec<Event>, EngineError> {
        let (ptr, _) = self.call("reel_events_ptr", |s, f| f.events_ptr.call(s, ()))?;
        let (len, _) = self.call("reel_events_len", |s, f| f.events_len.call(s, ()))?;
        let bytes = self.read_mem(ptr, len)?;
        self.clear_events()?;
        if bytes.is_empty() {
            return Ok(Vec::new());
        }
        decode_events(&bytes).map_err(|e| EngineError::BadOutput(e.to_string()))
    }

    fn clear_events(&mut self) -> Result<(), EngineError> {
        self.call("reel_events_clear", |s, f| f.events_clear.call(s, ())).map(|_| ())
    }

    /// Current linear memory size in bytes.
    pub fn memory_bytes(&self) -> u64 {
        self.memory.data_size(&self.store) as u64
    }

    /// Largest linear memory size granted so far, in bytes.
    pub fn peak_memory_bytes(&self) -> u64 {
        (self.store.data().limiter.peak as u64).max(self.memory_bytes())
    }

    /// True after a trap.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned
    }

    fn read_mem(&self, ptr: u32, len: u32) -> Result<Vec<u8>, EngineError> {
        let data = self.memory.data(&self.store);
        let start = ptr as usize;
        let end = start.checked_add(len as usize).filter(|&e| e <= data.len()).ok_or_else(|| {
            EngineError::BadOutput(format!("range {ptr}+{len} is outside linear memory ({} bytes)", data.len()))
        })?;
        if ptr == 0 && len > 0 {
            return Err(EngineError::BadOutput("null pointer".into()));
        }
        Ok(data[start..end].to_vec())
    }

    fn write_mem(&mut self, ptr: u32, bytes: &[u8]) -> Result<(), EngineError> {
        let data = self.memory.data_mut(&mut self.store);
        let start = ptr as usize;
        let end = start
            .checked_add(bytes.len())
            .filter(|&e| e <= data.len())
            .ok_or_else(|| EngineError::BadOutput(format!("input buffer {ptr}+{} is outside linear memory", bytes.len())))?;
        data[start..end].copy_from_slice(bytes);
        Ok(())
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
/// `message` (shared by every backend so rejections read the same).
pub fn rejection_of(batch: &[u8], code: u32, message: String, events: &[Event]) -> Rejection {
    let from_event = events.iter().rev().find_map(|e| match e {
        Event::Error { batch_seq, cmd_index, opcode, code, message } => {
            Some((*batch_seq, *cmd_index, *opcode, *code, message.clone()))
        }
        _ => None,
    });
    match from_event {
        Some((seq, cmd_index, opcode, code, m)) => Rejection { seq, cmd_index, opcode, code, message: m },
        None => Rejection { seq: batch_seq(batch), cmd_index: u32::MAX, opcode: 0, code, message },
    }
}

impl EngineBackend for WasmEngine {
    fn init(&mut self, width: u32, height: u32) -> Result<u64, EngineError> {
        WasmEngine::init(self, width, height)
    }
    fn submit(&mut self, batch: &[u8]) -> Result<CallOutcome, EngineError> {
        WasmEngine::submit(self, batch)
    }
    fn frame(&mut self, time_ms: f64) -> Result<CallOutcome, EngineError> {
        WasmEngine::frame(self, time_ms)
    }
    fn display_list_bytes(&mut self) -> Result<Vec<u8>, EngineError> {
        WasmEngine::display_list_bytes(self)
    }
    fn stats(&mut self) -> Result<FrameStats, EngineError> {
        WasmEngine::stats(self)
    }
    fn set_texture_budget(&mut self, bytes: u64) -> Result<(), EngineError> {
        WasmEngine::set_texture_budget(self, bytes)
    }
    fn take_texture_deltas(&mut self) -> Result<Vec<u8>, EngineError> {
        WasmEngine::take_texture_deltas(self)
    }
    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        WasmEngine::snapshot(self)
    }
    fn memory_bytes(&self) -> u64 {
        WasmEngine::memory_bytes(self)
    }
    fn peak_memory_bytes(&self) -> u64 {
        WasmEngine::peak_memory_bytes(self)
    }
    fn last_call_fuel(&self) -> u64 {
        WasmEngine::last_call_fuel(self)
    }
    fn set_fuel_per_call(&mut self, fuel: u64) {
        WasmEngine::set_fuel_per_call(self, fuel)
    }
    fn limit_next_call_fuel(&mut self, fuel: u64) {
        WasmEngine::limit_next_call_fuel(self, fuel)
    }
    fn is_poisoned(&self) -> bool {
        WasmEngine::is_poisoned(self)
    }
    fn register_font(&mut self, family: &str, data: &[u8]) -> Result<CallOutcome, EngineError> {
        WasmEngine::register_font(self, family, data)
    }
    fn has_overlay(&self) -> bool {
        WasmEngine::has_overlay(self)
    }
    fn overlay_key(&mut self, code: u32) -> Result<bool, EngineError> {
        WasmEngine::overlay_key(self, code)
    }
    fn overlay_pointer(&mut self, x: f32, y: f32, action: u32) -> Result<bool, EngineError> {
        WasmEngine::overlay_pointer(self, x, y, action)
    }
    fn overlay_host_stats(&mut self, stats: &crate::engine_backend::HostStats) -> Result<(), EngineError> {
        WasmEngine::overlay_host_stats(self, stats)
    }
    fn overlay_state(&mut self) -> Result<crate::engine_backend::OverlayState, EngineError> {
        WasmEngine::overlay_state(self)
    }
}

impl EngineFactory for EngineModule {
    fn instantiate(&self) -> Result<Box<dyn EngineBackend>, EngineError> {
        Ok(Box::new(WasmEngine::new(self)?))
    }
    fn limits(&self) -> EngineLimits {
        self.limits
    }
    fn kind(&self) -> EngineKind {
        EngineKind::Wasm
    }
}
