//! The JS fallback engine: `engine.wasm` compiled to JavaScript by wasm2js
//! (`target/engine-wasm2js.mjs`), run by its own QuickJS runtime on the
//! engine thread, behind the same [`EngineBackend`] interface the
//! supervisor drives `engine.wasm` through.
//!
//! # Why the boundary is here
//! A device without WebAssembly (`engine.wasm = false` in its profile, e.g.
//! tv-legacy) runs the engine as wasm2js output: the browser shim's `'js'`
//! backend. To certify such a device the host must run *that* code with
//! the device's limits. [`QuickJsInstance`] is the only code that touches
//! the engine's QuickJS runtime, exactly as `reel_host::wasm_engine::WasmInstance`
//! is the only code that touches wasmtime: it calls one C-ABI export by its
//! entry in the engine's export table (the names `js-shim/src/engine-core.js`
//! calls too), copies bytes in and out of linear memory (an `ArrayBuffer`)
//! and counts ticks. What the calls mean — reserve, write, submit, read the
//! events, rejections, poisoning — is `reel_host::abi_driver`, shared with
//! wasmtime, so an instance can trap and be replaced without anything above
//! it noticing. It lives here and not in `reel-host` because this
//! crate already owns the QuickJS dependency.
//!
//! The runtime is separate from the app's ([`crate::vm`]): the app's heap
//! cap, clock and exceptions are not the engine's, and on a device the
//! engine runs in a Worker with its own JS heap.
//!
//! # Device emulation
//! * **CPU**: QuickJS calls the interrupt handler once every
//!   [`QUICKJS_TICKS_PER_POLL`] ticks (a tick is a bytecode branch, loop
//!   back-edge or call); the handler counts polls. A call's work is its
//!   polls × `QUICKJS_TICKS_PER_POLL` ticks — deterministic for the same
//!   engine code and input on any machine, like wasmtime fuel — and the
//!   supervisor divides it by the profile's `cpu.js_ticks_per_ms`. The
//!   counter runs on across calls, so a call is charged to the nearest poll
//!   (10 000 ticks) and nothing is lost over a run. The figures are a
//!   function of the wasm2js output (binaryen is pinned in js-shim) and of
//!   QuickJS's bytecode (rquickjs is pinned in Cargo.lock), as fuel is of
//!   engine.wasm and wasmtime.
//! * **Watchdog**: a call whose ticks pass the allowance
//!   ([`EngineLimits::fuel_per_call`], in ticks on this path) is
//!   interrupted (QuickJS throws an uncatchable `interrupted`) and reported
//!   as [`TrapReason::OutOfFuel`].
//! * **Memory**: wasm2js grows linear memory by replacing its
//!   `ArrayBuffer` in `__wasm_memory_grow`. When the module is loaded that
//!   function is patched (an exact-match edit; an unrecognised module is a
//!   [`EngineError::BadModule`]) to deny a grow past the profile's cap and
//!   return -1 — as `memory.grow` does in Wasm, so Rust's allocator sees
//!   the failure (unpatched wasm2js returns the old size on failure, which
//!   the allocator would take for success). The engine then aborts
//!   (`unreachable` → `throw Error('abort')`), classified as
//!   [`TrapReason::OutOfMemory`], or reports out-of-memory without trapping
//!   (`reel_input_reserve` returns 0). The peak is recorded at grow time.
//!   The QuickJS runtime's own heap limit (code + twice the cap: a grow
//!   copies) is a second, coarser fence.
//!
//! After a trap the instance is poisoned, as a wasm instance is.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

use reel_wire::protocol::exports::Export;
use reel_host::abi_driver::{AbiDriver, Args, RawInstance};
use reel_host::engine_backend::{EngineBackend, EngineFactory, EngineKind};
use reel_host::profile::QUICKJS_TICKS_PER_POLL;
use reel_host::wasm_engine::{EngineError, EngineLimits, TrapReason};
use rquickjs::{ArrayBuffer, Context, Ctx, Function, Object, Runtime, TypedArray, Value};

/// The wasm page size.
const PAGE: u64 = 65536;
/// The line of wasm2js's `__wasm_memory_grow` after which the cap check goes.
const GROW_ANCHOR: &str = "var newPages = oldPages + pagesToAdd | 0;";
/// Inserted after [`GROW_ANCHOR`]: deny a grow past the cap (return -1, as
/// Wasm's `memory.grow` does) and record the peak.
const GROW_CHECK: &str = " if (newPages > __reel_mem.capPages) { __reel_mem.denied = true; return -1; } \
if (newPages > __reel_mem.peakPages) __reel_mem.peakPages = newPages;";
/// Where the wasm2js module instantiates itself; everything from here on
/// (the instantiation and the `export` lines) is replaced.
const INSTANTIATE_ANCHOR: &str = "\nvar retasmFunc = asmFunc(";
/// Appended: one instance and the host's write helper.
const EPILOGUE: &str = r#"
var __reel = (function () {
  var x = asmFunc({});
  return {
    x: x,
    write: function (ptr, bytes) { new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes); },
  };
})();
"#;
/// Native stack QuickJS may use (the engine thread has more).
pub const DEFAULT_STACK_BYTES: usize = 16 << 20;
/// Heap the runtime may use beyond the code and twice the memory cap.
const HEAP_MARGIN_BYTES: usize = 16 << 20;

/// The wasm2js engine prepared for one set of limits: the factory the
/// supervisor makes [`JsEngine`]s from.
#[derive(Clone)]
pub struct JsEngineModule {
    script: Arc<str>,
    limits: EngineLimits,
    stack_bytes: usize,
}

impl fmt::Debug for JsEngineModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsEngineModule")
            .field("limits", &self.limits)
            .field("script_bytes", &self.script.len())
            .finish_non_exhaustive()
    }
}

impl JsEngineModule {
    /// Prepares `module_text` (the contents of `engine-wasm2js.mjs`) for
    /// `limits`: turns the ES module into a script that instantiates once
    /// and patches the memory grow to honour the cap. Fails with
    /// [`EngineError::BadModule`] if the text is not wasm2js output of the
    /// expected shape, or imports anything.
    pub fn new(module_text: &str, limits: EngineLimits) -> Result<Self, EngineError> {
        let bad = |m: &str| EngineError::BadModule(format!("engine-wasm2js.mjs: {m}; rebuild it with `node js-shim/tools/build-wasm2js.mjs`"));
        if module_text.lines().any(|l| l.starts_with("import ")) {
            return Err(bad("it imports something (the engine must import nothing)"));
        }
        let cut = module_text.find(INSTANTIATE_ANCHOR).ok_or_else(|| bad("no `var retasmFunc = asmFunc(` (not wasm2js output?)"))?;
        let body = &module_text[..cut];
        if !body.contains("function asmFunc(") {
            return Err(bad("no `function asmFunc(`"));
        }
        let grow = body.find("function __wasm_memory_grow(").ok_or_else(|| bad("no `__wasm_memory_grow` (cannot cap memory)"))?;
        let anchor = body[grow..]
            .find(GROW_ANCHOR)
            .map(|i| grow + i + GROW_ANCHOR.len())
            .ok_or_else(|| bad("`__wasm_memory_grow` has an unexpected shape (cannot cap memory)"))?;
        // wasm2js only grows below 65536 pages; a cap of 4 GiB is that.
        let cap_pages = (limits.memory_cap_bytes / PAGE).min(65535);
        let mut script = String::with_capacity(module_text.len() + 512);
        script.push_str(&format!("var __reel_mem = {{ capPages: {cap_pages}, peakPages: 0, denied: false }};\n"));
        script.push_str(&body[..anchor]);
        script.push_str(GROW_CHECK);
        script.push_str(&body[anchor..]);
        script.push_str(EPILOGUE);
        Ok(Self { script: script.into(), limits, stack_bytes: DEFAULT_STACK_BYTES })
    }

    /// Reads the engine file ([`reel_host::paths::load_engine_js`]) and
    /// prepares it.
    pub fn load(explicit: Option<&std::path::Path>, limits: EngineLimits) -> Result<(std::path::PathBuf, Self), EngineError> {
        let (path, text) = reel_host::paths::load_engine_js(explicit).map_err(|e| EngineError::BadModule(e.to_string()))?;
        Ok((path, Self::new(&text, limits)?))
    }

    /// Native stack the QuickJS runtime may use (it must not exceed the
    /// calling thread's real stack; the engine thread has 64 MiB).
    pub fn with_stack_bytes(mut self, bytes: usize) -> Self {
        self.stack_bytes = bytes;
        self
    }

    /// The limits it was prepared for.
    pub fn limits(&self) -> EngineLimits {
        self.limits
    }
}

impl EngineFactory for JsEngineModule {
    fn instantiate(&self) -> Result<Box<dyn EngineBackend>, EngineError> {
        Ok(Box::new(JsEngine::with_instance(QuickJsInstance::new(self)?, self.limits)?))
    }
    fn limits(&self) -> EngineLimits {
        self.limits
    }
    fn kind(&self) -> EngineKind {
        EngineKind::Js
    }
}

/// Interrupt-handler state: the CPU model and the watchdog.
#[derive(Debug, Default)]
struct Meter {
    /// Polls since the runtime started.
    total: Cell<u64>,
    /// Polls in the current call.
    call: Cell<u64>,
    /// The current call is interrupted after this many polls.
    limit: Cell<u64>,
    /// The watchdog interrupted the current call.
    fired: Cell<bool>,
}

/// One instance of the wasm2js engine in its own QuickJS runtime: the
/// QuickJS side of [`RawInstance`].
pub struct QuickJsInstance {
    // Field order: the context drops before its runtime.
    ctx: Context,
    rt: Runtime,
    meter: Rc<Meter>,
    memory_bytes: u64,
    peak_bytes: u64,
    /// The profile's linear-memory cap (an out-of-memory trap names it).
    memory_cap: u64,
    /// Which of [`Export::ALL`] the module exports.
    has: Vec<bool>,
}

impl fmt::Debug for QuickJsInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuickJsInstance").field("polls", &self.meter.total.get()).finish_non_exhaustive()
    }
}

/// The wasm2js engine driven through the engine's C ABI.
pub type JsEngine = AbiDriver<QuickJsInstance>;

/// A JS value as a wasm `i32` result, reinterpreted as `u32`.
fn as_u32(v: &Value<'_>) -> Option<u32> {
    if let Some(i) = v.as_int() {
        return Some(i as u32);
    }
    v.as_float().filter(|f| f.is_finite()).map(|f| (f as i64) as u32)
}

fn exports<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let r: Object = ctx.globals().get("__reel")?;
    r.get("x")
}

/// Calls `export` with `args`, returning its `i32` result as `u32`.
fn call_export(ctx: &Ctx<'_>, export: Export, args: Args) -> rquickjs::Result<u32> {
    let f: Function = exports(ctx)?.get(export.name())?;
    let v: Value = match args {
        Args::None => f.call(())?,
        Args::I32(a) => f.call((a as i32,))?,
        Args::I32x2(a, b) => f.call((a as i32, b as i32))?,
        Args::F64(t) => f.call((t,))?,
        Args::F32x2I32(x, y, a) => f.call((f64::from(x), f64::from(y), a as i32))?,
    };
    Ok(as_u32(&v).unwrap_or(0))
}

impl QuickJsInstance {
    /// A fresh runtime with one instance of `module`.
    pub fn new(module: &JsEngineModule) -> Result<Self, EngineError> {
        let rt = Runtime::new().map_err(|e| EngineError::BadModule(format!("cannot create a QuickJS runtime: {e}")))?;
        rt.set_max_stack_size(module.stack_bytes);
        let meter = Rc::new(Meter::default());
        meter.limit.set(u64::MAX);
        {
            let m = meter.clone();
            rt.set_interrupt_handler(Some(Box::new(move || {
                m.total.set(m.total.get() + 1);
                m.call.set(m.call.get() + 1);
                if m.call.get() > m.limit.get() {
                    m.fired.set(true);
                    return true;
                }
                false
            })));
        }
        let ctx = Context::full(&rt).map_err(|e| EngineError::BadModule(format!("cannot create a QuickJS context: {e}")))?;
        let script = module.script.clone();
        let has = ctx
            .with(|ctx| -> Result<Vec<bool>, String> {
                ctx.eval::<(), _>(script.as_bytes().to_vec()).map_err(|e| js_error(&ctx, e))?;
                let x = exports(&ctx).map_err(|e| js_error(&ctx, e))?;
                Ok(Export::ALL.iter().map(|e| x.get::<_, Value>(e.name()).map(|v| v.is_function()).unwrap_or(false)).collect())
            })
            .map_err(|m| EngineError::BadModule(format!("engine-wasm2js.mjs: {m}")))?;
        // The engine's whole heap: its code and data now, plus linear memory
        // up to the cap twice over (a grow copies the old buffer).
        let code = usize::try_from(rt.memory_usage().malloc_size).unwrap_or(0);
        let cap = usize::try_from(module.limits.memory_cap_bytes).unwrap_or(usize::MAX / 4);
        rt.set_memory_limit(code.saturating_add(cap.saturating_mul(2)).saturating_add(HEAP_MARGIN_BYTES));
        let memory_cap = module.limits.memory_cap_bytes;
        let mut me = Self { ctx, rt, meter, memory_bytes: 0, peak_bytes: 0, memory_cap, has };
        me.read_memory_figures();
        Ok(me)
    }

    /// QuickJS interrupt polls since the runtime started (setup included).
    pub fn total_polls(&self) -> u64 {
        self.meter.total.get()
    }

    /// Bytes the engine's QuickJS runtime has allocated (code, objects and
    /// linear memory).
    pub fn runtime_heap_bytes(&self) -> u64 {
        self.rt.memory_usage().malloc_size.max(0) as u64
    }

    fn read_memory_figures(&mut self) {
        let r = self.ctx.with(|ctx| -> rquickjs::Result<(f64, f64)> {
            let x = exports(&ctx)?;
            let mem: Object = x.get("memory")?;
            let buf: ArrayBuffer = mem.get("buffer")?;
            let m: Object = ctx.globals().get("__reel_mem")?;
            let peak: f64 = m.get("peakPages")?;
            Ok((buf.len() as f64, peak * PAGE as f64))
        });
        if let Ok((now, peak)) = r {
            self.memory_bytes = now as u64;
            self.peak_bytes = self.peak_bytes.max(peak as u64).max(self.memory_bytes);
        }
    }
}

impl RawInstance for QuickJsInstance {
    fn has(&self, export: Export) -> bool {
        Export::ALL.iter().position(|x| *x == export).and_then(|i| self.has.get(i).copied()).unwrap_or(false)
    }

    /// One engine call with a fresh watchdog allowance (interrupted once
    /// the call's ticks pass `limit`); its ticks, or the trap classified.
    fn call(&mut self, export: Export, args: Args, limit: u64) -> (Result<u32, TrapReason>, u64) {
        self.meter.call.set(0);
        self.meter.fired.set(false);
        self.meter.limit.set(limit / QUICKJS_TICKS_PER_POLL);
        let r = self.ctx.with(|ctx| {
            let reset = ctx.globals().get::<_, Object>("__reel_mem").and_then(|m| m.set("denied", false));
            match reset.and_then(|()| call_export(&ctx, export, args)) {
                Ok(v) => Ok(v),
                Err(e) => {
                    let denied = ctx
                        .globals()
                        .get::<_, Object>("__reel_mem")
                        .and_then(|m| m.get::<_, bool>("denied"))
                        .unwrap_or(false);
                    Err((js_error(&ctx, e), denied))
                }
            }
        });
        self.meter.limit.set(u64::MAX);
        let used = self.meter.call.get() * QUICKJS_TICKS_PER_POLL;
        match r {
            Ok(v) => {
                self.read_memory_figures();
                (Ok(v), used)
            }
            Err((message, denied)) => {
                let reason = if self.meter.fired.get() {
                    TrapReason::OutOfFuel { limit }
                } else if denied || message.contains("out of memory") {
                    TrapReason::OutOfMemory { cap: self.memory_cap }
                } else {
                    TrapReason::Other(message)
                };
                (Err(reason), used)
            }
        }
    }

    fn read(&self, ptr: u32, len: u32) -> Result<Vec<u8>, EngineError> {
        self.ctx.with(|ctx| {
            let buf: ArrayBuffer = exports(&ctx)
                .and_then(|x| x.get::<_, Object>("memory"))
                .and_then(|m| m.get("buffer"))
                .map_err(|e| EngineError::BadOutput(format!("linear memory: {e}")))?;
            // SAFETY: no JS runs while `bytes` is alive (it is copied at once).
            let bytes = unsafe { buf.as_bytes() }.ok_or_else(|| EngineError::BadOutput("linear memory is detached".into()))?;
            let start = ptr as usize;
            let end = start.checked_add(len as usize).filter(|&e| e <= bytes.len()).ok_or_else(|| {
                EngineError::BadOutput(format!("range {ptr}+{len} is outside linear memory ({} bytes)", bytes.len()))
            })?;
            Ok(bytes[start..end].to_vec())
        })
    }

    fn write(&mut self, ptr: u32, bytes: &[u8]) -> Result<(), EngineError> {
        let copied = self.ctx.with(|ctx| -> rquickjs::Result<()> {
            let r: Object = ctx.globals().get("__reel")?;
            let write: Function = r.get("write")?;
            let array = TypedArray::<u8>::new_copy(ctx.clone(), bytes)?;
            write.call::<_, ()>((ptr as i32, array))
        });
        copied.map_err(|e| {
            let m = self.ctx.with(|ctx| js_error(&ctx, e));
            EngineError::BadOutput(format!("input buffer {ptr}+{}: {m}", bytes.len()))
        })
    }

    fn memory_bytes(&self) -> u64 {
        self.memory_bytes
    }

    fn peak_memory_bytes(&self) -> u64 {
        self.peak_bytes
    }
}

/// The message of a QuickJS error (the thrown value for exceptions).
fn js_error(ctx: &Ctx<'_>, e: rquickjs::Error) -> String {
    if !matches!(e, rquickjs::Error::Exception) {
        return e.to_string();
    }
    let v = ctx.catch();
    if let Some(o) = v.as_object() {
        let msg: Option<String> = o.get("message").ok();
        let name: Option<String> = o.get("name").ok();
        if let Some(m) = msg {
            return format!("{}: {m}", name.unwrap_or_else(|| "Error".into()));
        }
    }
    if let Some(s) = v.as_string().and_then(|s| s.to_string().ok()) {
        return s;
    }
    format!("{v:?}")
}

