//! One `engine.wasm` instance under wasmtime, with the device's limits.
//!
//! # Why the boundary is here
//! The engine is a Wasm module that imports nothing and exports a C ABI
//! (`reel_engine::abi`). [`WasmInstance`] is the only code that touches
//! wasmtime: it calls one export by its entry in the engine's export table
//! (checking each export's signature at instantiation), copies bytes in and
//! out of linear memory and meters fuel. The call sequences over it
//! (submit, frame, reading display lists, events, stats, snapshots) are
//! [`crate::abi_driver`], shared with the wasm2js backend. Nothing above
//! holds a pointer into Wasm memory, so an instance can trap, be dropped
//! and be replaced (see [`crate::supervisor`]) without invalidating
//! anything the host kept.
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
//! [`WasmEngine`] (the driver over a [`WasmInstance`]) implements
//! [`crate::engine_backend::EngineBackend`] (and [`EngineModule`] the
//! factory), the interface the supervisor drives; the no-Wasm path (wasm2js
//! on QuickJS) is the same driver over another instance.
//!
//! After a trap the instance is poisoned: every later call returns
//! [`EngineError::Poisoned`] — a trapped Rust program's heap may be torn,
//! so the only safe continuation is a fresh instance.

use std::fmt;

use reel_wire::display_list::OwnedDisplayList;
use reel_wire::protocol::events::{Event, FrameStats};
use reel_wire::protocol::exports::{Export, Ty};
use crate::abi_driver::{AbiDriver, Args, RawInstance};
use crate::engine_backend::{EngineBackend, EngineFactory, EngineKind};
use wasmtime::{Config, Engine, Func, Instance, Memory, Module, ResourceLimiter, Store, Trap, Val, ValType};

/// The ABI version this host speaks (the engine's export table's).
pub use reel_wire::protocol::exports::ABI_VERSION;
pub use crate::abi_driver::{batch_seq, rejection_of};

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

/// How wasmtime compiles and runs the module. [`Tuning::HOST`] is what
/// every host and certify use; the other settings exist to *measure* what
/// each safety mechanism costs (`benches/benches/wasm_cost.rs`: fuel
/// metering, explicit bounds checks), never to run apps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tuning {
    /// Fuel metering (the watchdog and the emulated CPU model need it).
    pub fuel: bool,
    /// Address space reserved for linear memory; `None`: the device's
    /// ([`EngineLimits::memory_reservation_bytes`]). 4 GiB with
    /// [`Tuning::guard_bytes`] >= 2 GiB lets Cranelift drop the explicit
    /// bounds check of every load and store (what a 64-bit desktop gets).
    pub reservation_bytes: Option<u64>,
    /// Guard region after linear memory.
    pub guard_bytes: u64,
}

impl Tuning {
    /// The hosts' configuration: fuel on, the device's small reservation,
    /// a 64 KiB guard (bounds checked explicitly, as on a 32-bit TV).
    pub const HOST: Tuning = Tuning { fuel: true, reservation_bytes: None, guard_bytes: GUARD_BYTES };
    /// A 4 GiB reservation and a 2 GiB guard: no explicit bounds checks.
    pub const BIG_RESERVATION: Tuning =
        Tuning { fuel: true, reservation_bytes: Some(4 << 30), guard_bytes: 2 << 30 };
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
    /// `reel_frame` calls so far and whether they are in the sampled range
    /// (`crate::wasm_sampler`, off unless `REEL_WASM_SAMPLE` is set).
    frames: u64,
    sample_on: bool,
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
    fuel: bool,
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
        Self::with_tuning(bytes, limits, Tuning::HOST)
    }

    /// Compiles `bytes` with another wasmtime [`Tuning`] (cost analysis
    /// only: without fuel a call cannot be stopped by the watchdog and
    /// reports 0 fuel).
    pub fn with_tuning(bytes: &[u8], limits: EngineLimits, tuning: Tuning) -> Result<Self, EngineError> {
        let tuning = Tuning { reservation_bytes: Some(tuning.reservation_bytes.unwrap_or(limits.memory_reservation_bytes)), ..tuning };
        let (engine, module) = compile_cached(bytes, tuning)?;
        Ok(Self { engine, module, limits, fuel: tuning.fuel })
    }

    /// The limits it was compiled for.
    pub fn limits(&self) -> EngineLimits {
        self.limits
    }
}

/// Compiled modules by (bytes, reservation): compiling engine.wasm is the
/// slow step (seconds in a debug build), and tests and tools often run the
/// same module on the same device many times in one process.
type CompileCache = Vec<(std::sync::Arc<[u8]>, Tuning, Engine, Module)>;
static COMPILED: std::sync::Mutex<CompileCache> = std::sync::Mutex::new(Vec::new());
const COMPILE_CACHE_ENTRIES: usize = 8;

fn compile_cached(bytes: &[u8], tuning: Tuning) -> Result<(Engine, Module), EngineError> {
    if let Ok(cache) = COMPILED.lock() {
        if let Some((_, _, e, m)) = cache.iter().find(|(b, t, _, _)| *t == tuning && **b == *bytes) {
            return Ok((e.clone(), m.clone()));
        }
    }
    let (engine, module) = compile(bytes, tuning)?;
    if let Ok(mut cache) = COMPILED.lock() {
        if cache.len() >= COMPILE_CACHE_ENTRIES {
            cache.remove(0);
        }
        cache.push((bytes.into(), tuning, engine.clone(), module.clone()));
    }
    Ok((engine, module))
}

fn compile(bytes: &[u8], tuning: Tuning) -> Result<(Engine, Module), EngineError> {
    let mut config = Config::new();
    config
        .consume_fuel(tuning.fuel)
        .memory_reservation(tuning.reservation_bytes.unwrap_or(0))
        .memory_guard_size(tuning.guard_bytes)
        .memory_reservation_for_growth(0)
        .memory_init_cow(false);
    if crate::wasm_sampler::file().is_some() {
        config.epoch_interruption(true);
    }
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

/// One live `engine.wasm` instance: the wasmtime side of
/// [`RawInstance`]. Exports are looked up once, by the engine's export
/// table, and checked against their signatures.
pub struct WasmInstance {
    store: Store<HostState>,
    memory: Memory,
    funcs: Vec<Option<Func>>,
    limits: EngineLimits,
    fuel: bool,
}

impl fmt::Debug for WasmInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WasmInstance").field("limits", &self.limits).finish_non_exhaustive()
    }
}

/// One `engine.wasm` instance driven through the engine's C ABI.
pub type WasmEngine = AbiDriver<WasmInstance>;

fn val_type(t: Ty) -> ValType {
    match t {
        Ty::I32 => ValType::I32,
        Ty::F32 => ValType::F32,
        Ty::F64 => ValType::F64,
    }
}

/// True when `func`'s type is `export`'s signature.
fn signature_matches(store: &Store<HostState>, func: &Func, export: Export) -> bool {
    let ty = func.ty(store);
    let want_results: Vec<ValType> = export.result().map(val_type).into_iter().collect();
    ty.params().len() == export.params().len()
        && ty.params().zip(export.params()).all(|(a, b)| ValType::eq(&a, &val_type(*b)))
        && ty.results().len() == want_results.len()
        && ty.results().zip(&want_results).all(|(a, b)| ValType::eq(&a, b))
}

impl WasmInstance {
    /// Instantiates `module` with its limits.
    pub fn new(module: &EngineModule) -> Result<Self, EngineError> {
        let limits = module.limits;
        let cap = usize::try_from(limits.memory_cap_bytes).unwrap_or(usize::MAX);
        let mut store = Store::new(&module.engine, HostState { limiter: CapLimiter { cap, denied: false, peak: 0 }, frames: 0, sample_on: false });
        store.limiter(|s| &mut s.limiter);
        if crate::wasm_sampler::file().is_some() {
            crate::wasm_sampler::start(&module.engine);
            store.set_epoch_deadline(1);
            store.epoch_deadline_callback(|ctx| {
                if ctx.data().sample_on {
                    crate::wasm_sampler::record(&wasmtime::WasmBacktrace::capture(&ctx));
                }
                Ok(wasmtime::UpdateDeadline::Continue(1))
            });
        }
        if module.fuel {
            store.set_fuel(limits.fuel_per_call).map_err(|e| EngineError::BadModule(format!("fuel: {e:#}")))?;
        }
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
        let mut funcs = Vec::with_capacity(Export::ALL.len());
        for &x in Export::ALL {
            let f = instance.get_func(&mut store, x.name());
            if let Some(f) = &f {
                if !signature_matches(&store, f, x) {
                    return Err(EngineError::BadModule(format!("export `{}` has type {:?}", x.name(), f.ty(&store))));
                }
            }
            funcs.push(f);
        }
        Ok(Self { store, memory, funcs, limits, fuel: module.fuel })
    }

    fn func(&self, export: Export) -> Option<Func> {
        let i = Export::ALL.iter().position(|x| *x == export)?;
        self.funcs.get(i).copied().flatten()
    }
}

impl Drop for WasmInstance {
    fn drop(&mut self) {
        crate::wasm_sampler::dump();
    }
}

impl RawInstance for WasmInstance {
    fn has(&self, export: Export) -> bool {
        self.func(export).is_some()
    }

    fn call(&mut self, export: Export, args: Args, limit: u64) -> (Result<u32, TrapReason>, u64) {
        let Some(func) = self.func(export) else {
            return (Err(TrapReason::Other(format!("`{}` is not exported", export.name()))), 0);
        };
        if self.fuel {
            if let Err(e) = self.store.set_fuel(limit) {
                return (Err(TrapReason::Other(format!("cannot set fuel: {e:#}"))), 0);
            }
        }
        self.store.data_mut().limiter.denied = false;
        {
            let (a, b) = crate::wasm_sampler::range();
            let d = self.store.data_mut();
            d.sample_on = d.frames >= a && d.frames <= b;
            if export == Export::Frame {
                d.frames += 1;
            }
        }
        let params: &[Val] = match args {
            Args::None => &[],
            Args::I32(a) => &[Val::I32(a as i32)],
            Args::I32x2(a, b) => &[Val::I32(a as i32), Val::I32(b as i32)],
            Args::F64(t) => &[Val::F64(t.to_bits())],
            Args::F32x2I32(x, y, a) => &[Val::F32(x.to_bits()), Val::F32(y.to_bits()), Val::I32(a as i32)],
        };
        let mut result = [Val::I32(0)];
        let results = if export.result().is_some() { &mut result[..] } else { &mut result[..0] };
        let r = func.call(&mut self.store, params, results);
        if self.store.data().sample_on {
            crate::wasm_sampler::dump();
        }
        if crate::wasm_sampler::file().is_some() && self.fuel {
            let used = limit.saturating_sub(self.store.get_fuel().unwrap_or(0));
            if used > 200_000 {
                eprintln!("wasm-sampler: frames {} {} fuel {}", self.store.data().frames, export.name(), used);
            }
        }
        let used = if self.fuel { limit.saturating_sub(self.store.get_fuel().unwrap_or(0)) } else { 0 };
        match r {
            Ok(()) => (Ok(result[0].i32().map_or(0, |v| v as u32)), used),
            Err(e) => {
                let denied = self.store.data().limiter.denied;
                let reason = match e.downcast_ref::<Trap>() {
                    Some(Trap::OutOfFuel) => TrapReason::OutOfFuel { limit },
                    _ if denied => TrapReason::OutOfMemory { cap: self.limits.memory_cap_bytes },
                    Some(t) => TrapReason::Other(t.to_string()),
                    None => TrapReason::Other(format!("{e:#}")),
                };
                (Err(reason), used)
            }
        }
    }

    fn read(&self, ptr: u32, len: u32) -> Result<Vec<u8>, EngineError> {
        let data = self.memory.data(&self.store);
        let start = ptr as usize;
        let end = start.checked_add(len as usize).filter(|&e| e <= data.len()).ok_or_else(|| {
            EngineError::BadOutput(format!("range {ptr}+{len} is outside linear memory ({} bytes)", data.len()))
        })?;
        Ok(data[start..end].to_vec())
    }

    fn write(&mut self, ptr: u32, bytes: &[u8]) -> Result<(), EngineError> {
        let data = self.memory.data_mut(&mut self.store);
        let start = ptr as usize;
        let end = start
            .checked_add(bytes.len())
            .filter(|&e| e <= data.len())
            .ok_or_else(|| EngineError::BadOutput(format!("input buffer {ptr}+{} is outside linear memory", bytes.len())))?;
        data[start..end].copy_from_slice(bytes);
        Ok(())
    }

    fn memory_bytes(&self) -> u64 {
        self.memory.data_size(&self.store) as u64
    }

    fn peak_memory_bytes(&self) -> u64 {
        self.store.data().limiter.peak as u64
    }
}

impl AbiDriver<WasmInstance> {
    /// Compiles `bytes` and instantiates it (see [`EngineModule::new`]; keep
    /// the module to make more instances cheaply).
    pub fn from_bytes(bytes: &[u8], limits: EngineLimits) -> Result<Self, EngineError> {
        Self::new(&EngineModule::new(bytes, limits)?)
    }

    /// Instantiates `module` with its limits and checks the ABI version.
    /// Does not call `reel_init`.
    pub fn new(module: &EngineModule) -> Result<Self, EngineError> {
        AbiDriver::with_instance(WasmInstance::new(module)?, module.limits)
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
