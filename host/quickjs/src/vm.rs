//! The app's JS VM: one QuickJS runtime and context, the host globals, the
//! emulated clock's timers, and exception capture.
//!
//! # Why the boundary is here
//! Everything that touches rquickjs lives here; the frame loop
//! ([`crate::run`]) sees a [`Vm`] with a handful of methods (evaluate the
//! app, advance the clock, run timers and animation frames, pump promise
//! jobs, take the batches the app sent, deliver events) and plain Rust data
//! back (batches, [`JsException`]s, log lines). No JS value escapes.
//!
//! # Time
//! The VM never reads a wall clock. `performance.now()`, `Date.now()`,
//! timers and `requestAnimationFrame` timestamps all read the host's
//! emulated frame clock (set by [`Vm::set_now`]); `Math.random` is a seeded
//! PRNG. A run is therefore a pure function of the app, the profile and the
//! engine.
//!
//! # Failure containment
//! Every entry into JS (module evaluation, each timer, each animation-frame
//! callback, each event listener, each promise job) is separate: an
//! exception is captured as a [`JsException`] with the app's `file:line`
//! and the loop carries on. The heap is capped
//! ([`rquickjs::Runtime::set_memory_limit`]); an allocation past the cap
//! throws inside JS and is reported as [`ExceptionKind::OutOfMemory`]. A
//! watchdog (the QuickJS interrupt handler, polled every
//! [`QUICKJS_TICKS_PER_POLL`] bytecode branches/calls) stops a callback that
//! runs too long ([`ExceptionKind::Watchdog`]), so an infinite loop cannot
//! hang the host.
//!
//! # JS time per host frame
//! The same polls measure the app's JS time on the emulated CPU: a host
//! frame's polls (every callback, listener and promise job of the frame;
//! [`Vm::set_now`] starts the count) times [`QUICKJS_TICKS_PER_POLL`],
//! divided by the profile's `js.ticks_per_ms`. A frame may run
//! [`JsLimits::frame_polls`]: past that the running callback or promise
//! job is interrupted ([`ExceptionKind::FrameLimit`]) and the frame starts
//! no more JS — timers, animation-frame callbacks, key events and promise
//! jobs not yet run wait for the next frame (as a long task delays them in
//! a browser). Event listeners still get the frame's events (a listener
//! that starts past the limit is interrupted at its first poll). Counting
//! consecutive over-limit frames and stopping the app is the frame loop's
//! ([`crate::run`]).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rquickjs::function::{Opt, Rest};
use rquickjs::{
    ArrayBuffer, Coerced, Context, Ctx, Exception, FromJs, Function, Module, Object, Persistent,
    Promise, Runtime, Value,
};
use serde::Serialize;

use crate::sandbox::{Roots, SandboxLoader, SandboxResolver};
use reel_host::profile::QUICKJS_TICKS_PER_POLL;

/// Resource limits of the JS VM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct JsLimits {
    /// QuickJS heap cap in bytes (`JS_SetMemoryLimit`).
    pub heap_bytes: usize,
    /// QuickJS stack cap in bytes (`JS_SetMaxStackSize`).
    pub stack_bytes: usize,
    /// Watchdog: interrupt-handler polls one entry into JS may take before
    /// it is stopped (one poll is roughly ten thousand bytecode branches or
    /// calls).
    pub watchdog_polls: u64,
    /// Promise jobs one microtask checkpoint may run before the rest are
    /// left for the next frame.
    pub max_jobs_per_checkpoint: u64,
    /// The app thread's emulated CPU: QuickJS ticks per ms (the profile's
    /// `js.ticks_per_ms`).
    pub ticks_per_ms: u64,
    /// Interrupt polls one host frame's JS may take (the profile's
    /// `js.frame_limit_ms` at `ticks_per_ms`, rounded up to whole polls).
    pub frame_polls: u64,
    /// Consecutive host frames over `frame_polls` after which the app is
    /// stopped (the profile's `js.overrun_frames`).
    pub overrun_frames: u32,
}

impl JsLimits {
    /// Defaults for a device profile. Profiles have no JS section (yet), so
    /// the heap is derived from the engine's memory class: twice the
    /// engine's linear-memory cap, clamped to 16..=512 MiB (stick-lowend
    /// 64 MiB, tv-legacy 48, tv-midrange 128, console 512). The stack is
    /// 512 KiB on devices with at most 32 MiB of engine memory, else 1 MiB.
    /// The JS time model and frame limit come from the profile's `[js]`
    /// table ([`reel_host::profile::JsSection`]).
    pub fn for_profile(p: &reel_host::Profile) -> Self {
        let mib = (p.engine.memory_cap_mib as usize * 2).clamp(16, 512);
        let stack_kib = if p.engine.memory_cap_mib <= 32 {
            512
        } else {
            1024
        };
        Self {
            heap_bytes: mib << 20,
            stack_bytes: stack_kib << 10,
            watchdog_polls: 50_000,
            max_jobs_per_checkpoint: 1_000_000,
            ticks_per_ms: p.app_js_ticks_per_ms(),
            frame_polls: ((p.js_frame_limit_ms() * p.app_js_ticks_per_ms() as f64) / QUICKJS_TICKS_PER_POLL as f64)
                .ceil()
                .max(1.0) as u64,
            overrun_frames: p.js_overrun_frames(),
        }
    }

    /// Emulated ms of `polls` interrupt polls of app JS.
    pub fn polls_ms(&self, polls: u64) -> f64 {
        (polls * QUICKJS_TICKS_PER_POLL) as f64 / self.ticks_per_ms.max(1) as f64
    }

    /// The per-frame limit in emulated ms.
    pub fn frame_limit_ms(&self) -> f64 {
        self.polls_ms(self.frame_polls)
    }
}

/// How an exception came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// Thrown and not caught.
    Uncaught,
    /// A promise rejected with no handler.
    UnhandledRejection,
    /// The JS heap cap was hit.
    OutOfMemory,
    /// The watchdog stopped a callback that ran too long.
    Watchdog,
    /// The host frame's JS passed the device's per-frame limit: the
    /// running callback or promise job was interrupted, or the app was
    /// stopped after too many such frames in a row.
    FrameLimit,
}

/// A JS exception the app did not handle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsException {
    /// Host frame it happened in (0: while the app module was evaluated).
    pub frame: u32,
    /// What the host was running (`module evaluation`, `setTimeout callback`, ...).
    pub context: String,
    /// Its kind.
    pub kind: ExceptionKind,
    /// `Name: message`.
    pub message: String,
    /// The app file it was thrown from (the innermost stack frame in the
    /// app bundle, else the innermost one with a location).
    pub file: Option<String>,
    /// Its 1-based line.
    pub line: Option<u32>,
    /// Its 1-based column.
    pub column: Option<u32>,
    /// The JS stack as QuickJS printed it.
    pub stack: String,
    /// How many more times the same exception (message, place, context)
    /// happened after this one.
    pub repeats: u32,
}

impl JsException {
    /// `file:line:column`, or `<unknown location>`.
    pub fn location(&self) -> String {
        match (&self.file, self.line) {
            (Some(f), Some(l)) => match self.column {
                Some(c) => format!("{f}:{l}:{c}"),
                None => format!("{f}:{l}"),
            },
            (Some(f), None) => f.clone(),
            _ => "<unknown location>".into(),
        }
    }
}

impl fmt::Display for JsException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ExceptionKind::Uncaught => "uncaught exception",
            ExceptionKind::UnhandledRejection => "unhandled promise rejection",
            ExceptionKind::OutOfMemory => "JS out of memory",
            ExceptionKind::Watchdog => "JS watchdog",
            ExceptionKind::FrameLimit => "JS frame limit",
        };
        write!(
            f,
            "{}: {kind}: {} (in {}, frame {})",
            self.location(),
            self.message,
            self.context,
            self.frame
        )?;
        if self.repeats > 0 {
            write!(f, " [+{} repeats]", self.repeats)?;
        }
        Ok(())
    }
}

/// One `console` line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogLine {
    /// Host frame (0: module evaluation).
    pub frame: u32,
    /// `log`, `info`, `debug`, `warn`, `error`, or `host` for the host's own lines.
    pub level: String,
    /// The text.
    pub text: String,
}

impl fmt::Display for LogLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[frame {} {}] {}", self.frame, self.level, self.text)
    }
}

/// Most distinct exceptions kept (later ones are counted only).
pub const MAX_EXCEPTIONS: usize = 100;
/// Most log lines kept.
pub const MAX_LOG_LINES: usize = 10_000;
/// Most unhandled rejections tracked per frame (later ones are counted).
pub const MAX_PENDING_REJECTIONS: usize = 1_000;

struct Timer {
    due: f64,
    interval: Option<f64>,
    callback: Persistent<Function<'static>>,
    args: Vec<Persistent<Value<'static>>>,
}

/// State shared by the native functions (owned by JS closures through an
/// `Rc`). Holds the only `Persistent`s; [`Vm`] clears them before the
/// runtime is dropped.
#[derive(Default)]
struct Shared {
    now_ms: f64,
    frame: u32,
    next_id: u32,
    timers: BTreeMap<u32, Timer>,
    raf: Vec<(u32, Persistent<Function<'static>>)>,
    listeners: Vec<(u32, Persistent<Function<'static>>)>,
    /// `__reel_host.onKey` listeners (key scripts, `--keys`).
    key_listeners: Vec<(u32, Persistent<Function<'static>>)>,
    outbox: Vec<Vec<u8>>,
    exit: Option<i32>,
    log: Vec<LogLine>,
    log_dropped: u64,
    echo_log: bool,
    exceptions: Vec<JsException>,
    exceptions_total: u64,
    /// Rejections not (yet) handled, with their dedupe key.
    pending_rejections: Vec<(String, JsException)>,
    /// Rejections past [`MAX_PENDING_REJECTIONS`] this frame (not tracked).
    rejections_untracked: u64,
    bundle: PathBuf,
}

impl Shared {
    fn id(&mut self) -> u32 {
        self.next_id = self.next_id.wrapping_add(1).max(1);
        self.next_id
    }

    fn push_log(&mut self, level: &str, text: String) {
        if self.echo_log {
            eprintln!("reel-js: [frame {} {level}] {text}", self.frame);
        }
        if self.log.len() < MAX_LOG_LINES {
            self.log.push(LogLine {
                frame: self.frame,
                level: level.to_string(),
                text,
            });
        } else {
            self.log_dropped += 1;
        }
    }

    fn report(&mut self, e: JsException) {
        self.exceptions_total += 1;
        if let Some(prev) = self.exceptions.iter_mut().find(|p| {
            p.message == e.message
                && p.file == e.file
                && p.line == e.line
                && p.context == e.context
                && p.kind == e.kind
        }) {
            prev.repeats += 1;
            return;
        }
        let text = e.to_string();
        self.push_log("error", text);
        if self.exceptions.len() < MAX_EXCEPTIONS {
            self.exceptions.push(e);
        }
    }

    fn clear_persistents(&mut self) {
        self.timers.clear();
        self.raf.clear();
        self.listeners.clear();
        self.key_listeners.clear();
    }
}

/// Why a host frame's JS was cut short: what is left (timers, animation
/// frames, keys, promise jobs) waits for the next frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cut {
    /// The frame's JS time reached [`JsLimits::frame_polls`] (the running
    /// callback or job was interrupted).
    Time,
    /// One microtask checkpoint ran [`JsLimits::max_jobs_per_checkpoint`]
    /// promise jobs.
    Jobs,
    /// A promise job ran out of the JS heap (draining on would only
    /// repeat it, each allocation a full collection near the cap).
    Memory,
}

/// Watchdog state read by the interrupt handler.
#[derive(Default)]
struct Watchdog {
    /// Polls of the current entry into JS.
    polls: Cell<u64>,
    total: Cell<u64>,
    /// Per-entry limit.
    limit: Cell<u64>,
    /// The handler stopped the current entry (per-entry or frame limit).
    fired: Cell<bool>,
    /// Polls of the current host frame.
    frame_polls: Cell<u64>,
    /// Per-frame limit.
    frame_limit: Cell<u64>,
    /// Why the host cut the current host frame's JS short, if it did.
    cut: Cell<Option<Cut>>,
    /// The last interrupt was the frame limit's (else the per-entry one's).
    by_frame: Cell<bool>,
}

/// Device facts the app can read from `__reel_host.device`.
#[derive(Clone, Debug)]
pub struct DeviceInfo {
    /// Profile id.
    pub id: String,
    /// Profile name.
    pub name: String,
    /// Display width.
    pub width: u32,
    /// Display height.
    pub height: u32,
    /// Refresh rate.
    pub fps: u32,
}

/// Set-up of a [`Vm`].
#[derive(Clone, Debug)]
pub struct VmConfig {
    /// The entry module.
    pub entry: PathBuf,
    /// The app bundle's root (`None`: the entry's directory): modules,
    /// `fetch` and `location` resolve against it.
    pub root: Option<PathBuf>,
    /// The document's URL path (`location.pathname` at start; `/`).
    pub document_path: String,
    /// The js-shim package directory.
    pub shim_dir: Option<PathBuf>,
    /// Limits.
    pub limits: JsLimits,
    /// The device.
    pub device: DeviceInfo,
    /// `Math.random` seed.
    pub seed: u32,
    /// Wall-clock epoch `Date.now()` starts at (ms since 1970).
    pub epoch_ms: f64,
    /// Echo console lines to stderr as they happen.
    pub echo_log: bool,
}

/// The VM could not be set up.
#[derive(Debug)]
pub struct VmError(pub String);

impl fmt::Display for VmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VmError {}

fn vm_err(what: &str) -> impl Fn(rquickjs::Error) -> VmError + '_ {
    move |e| VmError(format!("{what}: {e}"))
}

/// The app's VM; see the module docs.
pub struct Vm {
    shared: Rc<RefCell<Shared>>,
    watchdog: Rc<Watchdog>,
    module_promise: RefCell<Option<Persistent<Promise<'static>>>>,
    heap_cache: Cell<Option<u64>>,
    entry: PathBuf,
    /// `import.meta.url` of the entry.
    entry_url: String,
    limits: JsLimits,
    // Drop order: the context before the runtime.
    ctx: Context,
    rt: Runtime,
}

impl fmt::Debug for Vm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vm")
            .field("entry", &self.entry)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        // Persistent handles must not outlive the runtime.
        self.module_promise.borrow_mut().take();
        self.shared.borrow_mut().clear_persistents();
        self.rt.run_gc();
    }
}

impl Vm {
    /// Creates the runtime, the sandboxed loader and the globals.
    pub fn new(cfg: &VmConfig) -> Result<Self, VmError> {
        let (roots, entry) = Roots::with_root(&cfg.entry, cfg.root.as_deref(), cfg.shim_dir.as_deref())
            .map_err(|e| VmError(format!("{}: {e}", cfg.entry.display())))?;
        let entry_url = roots.module_url(&entry);
        // Rust's allocator with a size header: QuickJS's heap accounting
        // (and so the cap and the reported figures) then counts requested
        // bytes, independent of the system malloc's rounding and of what
        // other threads did to its arenas — runs stay byte-identical.
        let rt = Runtime::new_with_alloc(rquickjs::allocator::RustAllocator)
            .map_err(vm_err("cannot create the QuickJS runtime"))?;
        rt.set_max_stack_size(cfg.limits.stack_bytes);
        rt.set_loader(
            SandboxResolver::new(roots.clone()),
            SandboxLoader::new(roots.clone()),
        );

        let shared = Rc::new(RefCell::new(Shared {
            echo_log: cfg.echo_log,
            bundle: roots.bundle.clone(),
            ..Default::default()
        }));
        let watchdog = Rc::new(Watchdog::default());
        watchdog.limit.set(cfg.limits.watchdog_polls);
        watchdog.frame_limit.set(cfg.limits.frame_polls);
        {
            let w = watchdog.clone();
            rt.set_interrupt_handler(Some(Box::new(move || {
                w.polls.set(w.polls.get() + 1);
                w.total.set(w.total.get() + 1);
                w.frame_polls.set(w.frame_polls.get() + 1);
                if w.polls.get() > w.limit.get() {
                    w.fired.set(true);
                    w.by_frame.set(false);
                    return true;
                }
                if w.frame_polls.get() > w.frame_limit.get() {
                    w.fired.set(true);
                    w.cut.set(Some(Cut::Time));
                    w.by_frame.set(true);
                    return true;
                }
                false
            })));
        }
        {
            let st = shared.clone();
            rt.set_host_promise_rejection_tracker(Some(Box::new(
                move |ctx, _promise, reason, handled| {
                    let frame = st.borrow().frame;
                    let bundle = st.borrow().bundle.clone();
                    let ex = exception_from_value(
                        &ctx,
                        reason,
                        frame,
                        "promise",
                        ExceptionKind::UnhandledRejection,
                        &bundle,
                    );
                    let key = dedupe_key(&ex);
                    let mut s = st.borrow_mut();
                    if handled {
                        if let Some(i) = s.pending_rejections.iter().rposition(|(k, _)| *k == key) {
                            s.pending_rejections.remove(i);
                        }
                    } else if s.pending_rejections.len() < MAX_PENDING_REJECTIONS {
                        s.pending_rejections.push((key, ex));
                    } else {
                        // A promise storm: tracking each would cost the
                        // host more than the app (linear per rejection).
                        s.rejections_untracked += 1;
                    }
                },
            )));
        }
        let ctx = Context::full(&rt).map_err(vm_err("cannot create the QuickJS context"))?;
        ctx.with(|ctx| install_globals(&ctx, &shared, cfg, &roots.bundle))
            .map_err(vm_err("cannot install the host globals"))?;
        // The heap cap applies to the app, not to the host's own set-up.
        rt.set_memory_limit(cfg.limits.heap_bytes);
        Ok(Self {
            shared,
            watchdog,
            module_promise: RefCell::new(None),
            heap_cache: Cell::new(None),
            entry,
            entry_url,
            limits: cfg.limits,
            ctx,
            rt,
        })
    }

    /// The canonical entry path.
    pub fn entry(&self) -> &Path {
        &self.entry
    }

    /// Sets the emulated clock and the current host frame number, and
    /// starts the frame's JS time (see the module docs).
    pub fn set_now(&self, frame: u32, now_ms: f64) {
        let mut s = self.shared.borrow_mut();
        s.frame = frame;
        s.now_ms = now_ms;
        self.watchdog.frame_polls.set(0);
        self.watchdog.cut.set(None);
        self.heap_cache.set(None);
    }

    /// Interrupt polls of app JS since [`Vm::set_now`]: the host frame's
    /// JS time is this times [`QUICKJS_TICKS_PER_POLL`] ticks.
    pub fn frame_polls(&self) -> u64 {
        self.watchdog.frame_polls.get()
    }

    /// Whether this host frame's JS reached the per-frame limit: no more JS
    /// starts in it (see the module docs).
    pub fn frame_over_limit(&self) -> bool {
        self.watchdog.cut.get().is_some() || self.watchdog.frame_polls.get() >= self.limits.frame_polls
    }

    /// Why this host frame's JS was cut short (`None`: it was not), for
    /// people: what the frame loop says when it stops the app.
    pub fn frame_cut(&self) -> Option<String> {
        let cut = match self.watchdog.cut.get() {
            Some(c) => c,
            None if self.watchdog.frame_polls.get() >= self.limits.frame_polls => Cut::Time,
            None => return None,
        };
        Some(match cut {
            Cut::Time => format!("its JS reached the per-frame limit of {:.1} ms", self.limits.frame_limit_ms()),
            Cut::Jobs => format!(
                "a microtask storm: more than {} promise jobs in one checkpoint",
                self.limits.max_jobs_per_checkpoint
            ),
            Cut::Memory => format!(
                "its promise jobs ran out of the {:.1} MiB JS heap",
                self.limits.heap_bytes as f64 / 1048576.0
            ),
        })
    }

    /// The limits in force.
    pub fn limits(&self) -> &JsLimits {
        &self.limits
    }

    /// Records a host-side exception (the frame loop stopping the app).
    pub fn report_host(&self, context: &str, kind: ExceptionKind, message: String) {
        let frame = self.shared.borrow().frame;
        self.shared.borrow_mut().report(JsException {
            frame,
            context: context.into(),
            kind,
            message,
            file: None,
            line: None,
            column: None,
            stack: String::new(),
            repeats: 0,
        });
    }

    /// Heap in use for [`Vm::classify`], measured at most once per entry
    /// point (`memory_usage` walks the whole heap: per exception it made a
    /// storm of failing promise jobs quadratic).
    fn heap_for_classify(&self) -> u64 {
        if let Some(h) = self.heap_cache.get() {
            return h;
        }
        let h = self.heap_used();
        self.heap_cache.set(Some(h));
        h
    }

    fn arm(&self) {
        self.watchdog.polls.set(0);
        self.watchdog.fired.set(false);
    }

    /// Captures the pending exception of a failed entry into JS (call
    /// [`Vm::report`] with it outside `ctx.with`: classifying reads the
    /// runtime's memory usage, which needs the runtime lock).
    fn capture<'js>(&self, ctx: &Ctx<'js>, err: rquickjs::Error, context: &str) -> JsException {
        let (frame, bundle) = {
            let s = self.shared.borrow();
            (s.frame, s.bundle.clone())
        };
        if matches!(err, rquickjs::Error::Exception) {
            let v = ctx.catch();
            exception_from_value(ctx, v, frame, context, ExceptionKind::Uncaught, &bundle)
        } else {
            JsException {
                frame,
                context: context.to_string(),
                kind: ExceptionKind::Uncaught,
                message: format!("host: {err}"),
                file: None,
                line: None,
                column: None,
                stack: String::new(),
                repeats: 0,
            }
        }
    }

    /// Classifies and records an exception (outside `ctx.with`).
    fn report(&self, ex: Option<JsException>) {
        if let Some(mut ex) = ex {
            self.classify(&mut ex);
            self.shared.borrow_mut().report(ex);
        }
    }

    fn classify(&self, ex: &mut JsException) {
        let interrupted = ex.message.contains("interrupted");
        let cut = self.watchdog.cut.get();
        if interrupted && cut == Some(Cut::Time) && (!self.watchdog.fired.get() || self.watchdog.by_frame.get()) {
            // The frame limit's interrupt, thrown where the job was, or a
            // promise its job left rejected with it.
            ex.kind = ExceptionKind::FrameLimit;
            ex.message = self.frame_limit_message();
            if ex.context == "promise" {
                ex.message = format!("a promise rejected because its job was stopped: {}", ex.message);
            }
            self.watchdog.fired.set(false);
            return;
        }
        if self.watchdog.fired.get() && interrupted {
            ex.kind = ExceptionKind::Watchdog;
            ex.message = format!(
                "stopped by the watchdog after {} interrupt polls (about {}M bytecode branches): an infinite loop?",
                self.limits.watchdog_polls,
                self.limits.watchdog_polls / 100
            );
            self.watchdog.fired.set(false);
            return;
        }
        let used = self.heap_for_classify();
        let near_cap = used as f64 >= self.limits.heap_bytes as f64 * 0.85;
        let oom_text = ex.message.contains("out of memory");
        let no_value = ex.message == "null" || ex.message == "undefined" || ex.message.is_empty();
        if oom_text || (no_value && near_cap) {
            ex.kind = ExceptionKind::OutOfMemory;
            ex.message = format!(
                "out of memory: the JS heap is capped at {:.1} MiB for this device ({:.1} MiB in use)",
                self.limits.heap_bytes as f64 / 1048576.0,
                used as f64 / 1048576.0
            );
            return;
        }
        if no_value {
            // Nothing to show but `null`: say what the host knows.
            let value = if ex.message.is_empty() { "an empty message" } else { ex.message.as_str() };
            ex.message = match self.frame_cut() {
                Some(why) => format!(
                    "rejected with {value} (no Error object) in a frame the host cut short: {why}; the rest of its jobs wait for the next frame"
                ),
                None => format!("rejected with {value} (no Error object: no message or stack)"),
            };
            if cut.is_some() {
                ex.kind = ExceptionKind::FrameLimit;
            }
        }
    }

    /// What a frame-limit interrupt says.
    fn frame_limit_message(&self) -> String {
        let l = &self.limits;
        format!(
            "interrupted: the app's JS ran past this device's per-frame limit of {:.1} ms (emulated: {} polls of {} QuickJS ticks at {} ticks/ms); \
             the rest of this frame's timers, animation frames, keys and promise jobs run next frame",
            l.frame_limit_ms(),
            l.frame_polls,
            QUICKJS_TICKS_PER_POLL,
            l.ticks_per_ms
        )
    }

    /// Evaluates the app's entry module (its static imports are loaded
    /// through the sandbox). Errors are reported, not returned.
    pub fn eval_entry(&self) {
        self.heap_cache.set(None);
        self.arm();
        let name = self.entry.to_string_lossy().into_owned();
        let source = match std::fs::read(&self.entry) {
            Ok(s) => s,
            Err(e) => {
                self.host_error("module evaluation", format!("cannot read {name}: {e}"));
                return;
            }
        };
        let (promise, ex) = self.ctx.with(|ctx| {
            let r = Module::declare(ctx.clone(), name.as_str(), source)
                .and_then(|m| {
                    m.meta()?.set("url", self.entry_url.as_str())?;
                    Ok(m)
                })
                .and_then(|m| m.eval());
            match r {
                Ok((_m, p)) => (Some(Persistent::save(&ctx, p)), None),
                Err(e) => (None, Some(self.capture(&ctx, e, "module evaluation"))),
            }
        });
        self.report(ex);
        *self.module_promise.borrow_mut() = promise;
        self.pump_jobs();
    }

    fn host_error(&self, context: &str, message: String) {
        let frame = self.shared.borrow().frame;
        self.shared.borrow_mut().report(JsException {
            frame,
            context: context.into(),
            kind: ExceptionKind::Uncaught,
            message,
            file: None,
            line: None,
            column: None,
            stack: String::new(),
            repeats: 0,
        });
    }

    /// Runs promise jobs until none are left (or the per-checkpoint cap, or
    /// the frame's JS limit: the rest run next frame).
    pub fn pump_jobs(&self) {
        self.heap_cache.set(None);
        let mut n = 0u64;
        loop {
            if self.frame_over_limit() {
                break;
            }
            self.arm();
            match self.rt.execute_pending_job() {
                Ok(true) => {}
                Ok(false) => break,
                Err(job) => {
                    let mut ex = job
                        .0
                        .with(|ctx| self.capture(&ctx, rquickjs::Error::Exception, "promise job"));
                    self.classify(&mut ex);
                    let oom = ex.kind == ExceptionKind::OutOfMemory;
                    self.shared.borrow_mut().report(ex);
                    if oom {
                        self.watchdog.cut.set(Some(Cut::Memory));
                        break;
                    }
                }
            }
            n += 1;
            if n >= self.limits.max_jobs_per_checkpoint {
                self.watchdog.cut.set(Some(Cut::Jobs));
                let polls = self.watchdog.frame_polls.get();
                self.report_host(
                    "promise job",
                    ExceptionKind::FrameLimit,
                    format!(
                        "a microtask storm: more than {n} promise jobs in one checkpoint ({:.1} ms of JS so far this frame); \
                         the rest wait for the next frame",
                        self.limits.polls_ms(polls)
                    ),
                );
                break;
            }
        }
        self.check_module_promise();
    }

    /// Checks the entry module's evaluation promise (top-level await may
    /// settle it late); a rejection is the module's uncaught exception.
    fn check_module_promise(&self) {
        let Some(p) = self.module_promise.borrow().clone() else {
            return;
        };
        let ex = self.ctx.with(|ctx| {
            let Ok(p) = p.restore(&ctx) else { return None };
            match p.state() {
                rquickjs::promise::PromiseState::Pending => None,
                rquickjs::promise::PromiseState::Resolved => {
                    self.module_promise.borrow_mut().take();
                    None
                }
                rquickjs::promise::PromiseState::Rejected => {
                    self.module_promise.borrow_mut().take();
                    if let Some(Err(_)) = p.result::<Value>() {
                        let v = ctx.catch();
                        let (frame, bundle) = {
                            let s = self.shared.borrow();
                            (s.frame, s.bundle.clone())
                        };
                        let ex = exception_from_value(
                            &ctx,
                            v,
                            frame,
                            "module evaluation",
                            ExceptionKind::Uncaught,
                            &bundle,
                        );
                        let key = dedupe_key(&ex);
                        self.shared
                            .borrow_mut()
                            .pending_rejections
                            .retain(|(k, _)| *k != key);
                        Some(ex)
                    } else {
                        None
                    }
                }
            }
        });
        self.report(ex);
    }

    /// Runs the timers due at the current time, in (due time, creation)
    /// order; timers they create run at the earliest next frame.
    pub fn run_timers(&self) {
        self.heap_cache.set(None);
        let now = self.shared.borrow().now_ms;
        let mut due: Vec<(f64, u32)> = self
            .shared
            .borrow()
            .timers
            .iter()
            .filter(|(_, t)| t.due <= now)
            .map(|(id, t)| (t.due, *id))
            .collect();
        due.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, id) in due {
            if self.frame_over_limit() {
                // Left in place: due, they run next frame.
                break;
            }
            let taken = {
                let mut s = self.shared.borrow_mut();
                match s.timers.get_mut(&id) {
                    None => None,
                    Some(t) => match t.interval {
                        Some(iv) => {
                            t.due = now + iv;
                            Some((t.callback.clone(), t.args.clone(), "setInterval callback"))
                        }
                        None => s
                            .timers
                            .remove(&id)
                            .map(|t| (t.callback, t.args, "setTimeout callback")),
                    },
                }
            };
            let Some((cb, args, what)) = taken else {
                continue;
            };
            self.arm();
            let ex = self.ctx.with(|ctx| {
                let r = cb.restore(&ctx).and_then(|f| {
                    let args: Vec<Value> = args
                        .into_iter()
                        .filter_map(|a| a.restore(&ctx).ok())
                        .collect();
                    f.call::<_, Value>((Rest(args),))
                });
                r.err().map(|e| self.capture(&ctx, e, what))
            });
            self.report(ex);
            self.pump_jobs();
        }
    }

    /// Runs the animation-frame callbacks registered before this frame with
    /// the frame's timestamp.
    pub fn run_animation_frames(&self) {
        self.heap_cache.set(None);
        let (now, list) = {
            let mut s = self.shared.borrow_mut();
            (s.now_ms, std::mem::take(&mut s.raf))
        };
        let mut list = list.into_iter();
        while let Some((id, cb)) = list.next() {
            if self.frame_over_limit() {
                // Not run: ahead of those registered since, next frame.
                let mut s = self.shared.borrow_mut();
                let mut rest: Vec<_> = std::iter::once((id, cb)).chain(list).collect();
                rest.append(&mut s.raf);
                s.raf = rest;
                break;
            }
            self.arm();
            let ex = self.ctx.with(|ctx| {
                let r = cb.restore(&ctx).and_then(|f| f.call::<_, Value>((now,)));
                r.err()
                    .map(|e| self.capture(&ctx, e, "requestAnimationFrame callback"))
            });
            self.report(ex);
            self.pump_jobs();
        }
    }

    /// Calls every `__reel_host.onEvents` listener with a copy of `bytes`;
    /// false (nothing delivered: keep the events for the next frame) when
    /// the frame's JS limit was already reached.
    pub fn deliver_events(&self, bytes: &[u8]) -> bool {
        self.heap_cache.set(None);
        if self.frame_over_limit() {
            return false;
        }
        let listeners: Vec<Persistent<Function<'static>>> = self
            .shared
            .borrow()
            .listeners
            .iter()
            .map(|(_, f)| f.clone())
            .collect();
        for cb in listeners {
            self.arm();
            let ex = self.ctx.with(|ctx| {
                let r = ArrayBuffer::new_copy(ctx.clone(), bytes)
                    .and_then(|buf| cb.restore(&ctx).and_then(|f| f.call::<_, Value>((buf,))));
                r.err()
                    .map(|e| self.capture(&ctx, e, "__reel_host.onEvents listener"))
            });
            self.report(ex);
            self.pump_jobs();
        }
        true
    }

    /// Calls every `__reel_host.onKey` listener with
    /// `{ type: 'keydown'|'keyup', key, keyCode, which, repeat, timeStamp }`
    /// (a key-script event, see [`crate::keys`]). Returns the number of listeners.
    pub fn deliver_key(&self, down: bool, key: &str, key_code: u32, repeat: bool) -> usize {
        self.heap_cache.set(None);
        let listeners: Vec<Persistent<Function<'static>>> = self
            .shared
            .borrow()
            .key_listeners
            .iter()
            .map(|(_, f)| f.clone())
            .collect();
        let now = self.shared.borrow().now_ms;
        let n = listeners.len();
        for cb in listeners {
            self.arm();
            let ex = self.ctx.with(|ctx| {
                let r = Object::new(ctx.clone()).and_then(|o| {
                    o.set("type", if down { "keydown" } else { "keyup" })?;
                    o.set("key", key)?;
                    o.set("keyCode", key_code)?;
                    o.set("which", key_code)?;
                    o.set("repeat", repeat)?;
                    o.set("timeStamp", now)?;
                    cb.restore(&ctx).and_then(|f| f.call::<_, Value>((o,)))
                });
                r.err()
                    .map(|e| self.capture(&ctx, e, "__reel_host.onKey listener"))
            });
            self.report(ex);
            self.pump_jobs();
        }
        n
    }

    /// Reports the rejections still unhandled; call at the end of a frame.
    pub fn flush_rejections(&self) {
        self.heap_cache.set(None);
        let (pending, untracked) = {
            let mut s = self.shared.borrow_mut();
            (std::mem::take(&mut s.pending_rejections), std::mem::take(&mut s.rejections_untracked))
        };
        if untracked > 0 {
            let why = self.frame_cut().map(|w| format!(" (the host cut this frame short: {w})")).unwrap_or_default();
            self.shared.borrow_mut().push_log(
                "host",
                format!("{untracked} more promise rejections in this frame were not tracked (more than {MAX_PENDING_REJECTIONS}){why}"),
            );
        }
        for (_, mut ex) in pending {
            self.classify(&mut ex);
            self.shared.borrow_mut().report(ex);
        }
    }

    /// Takes the batches the app sent since the last call.
    pub fn take_outbox(&self) -> Vec<Vec<u8>> {
        std::mem::take(&mut self.shared.borrow_mut().outbox)
    }

    /// The exit code, once the app called `__reel_host.exit()`.
    pub fn exit_code(&self) -> Option<i32> {
        self.shared.borrow().exit
    }

    /// Whether the app has anything scheduled (timers, animation frames).
    pub fn has_work(&self) -> bool {
        let s = self.shared.borrow();
        !s.timers.is_empty() || !s.raf.is_empty()
    }

    /// Bytes the QuickJS heap holds (`malloc_size`, what the cap limits).
    pub fn heap_used(&self) -> u64 {
        self.rt.memory_usage().malloc_size.max(0) as u64
    }

    /// Live JS objects.
    pub fn object_count(&self) -> u64 {
        self.rt.memory_usage().obj_count.max(0) as u64
    }

    /// Interrupt polls so far: a deterministic measure of JS work.
    pub fn work_polls(&self) -> u64 {
        self.watchdog.total.get()
    }

    /// Appends a host line to the log.
    pub fn host_log(&self, text: String) {
        self.shared.borrow_mut().push_log("host", text);
    }

    /// The log so far (and lines dropped past [`MAX_LOG_LINES`]).
    pub fn take_log(&self) -> (Vec<LogLine>, u64) {
        let mut s = self.shared.borrow_mut();
        (std::mem::take(&mut s.log), s.log_dropped)
    }

    /// The exceptions so far, and the total including repeats.
    pub fn exceptions(&self) -> (Vec<JsException>, u64) {
        let s = self.shared.borrow();
        (s.exceptions.clone(), s.exceptions_total)
    }
}

fn dedupe_key(e: &JsException) -> String {
    format!("{}\n{}", e.message, e.stack)
}

/// `(file, line, column)` of one QuickJS stack line
/// (`    at f (/a/b.js:3:7)` or `    at /a/b.js:2:9`).
fn parse_frame(line: &str) -> Option<(String, u32, Option<u32>)> {
    let l = line.trim();
    let l = l.strip_prefix("at ").unwrap_or(l);
    let loc = match (l.rfind('('), l.ends_with(')')) {
        (Some(i), true) => &l[i + 1..l.len() - 1],
        _ => l,
    };
    let mut parts = loc.rsplitn(3, ':');
    let a = parts.next()?;
    let b = parts.next();
    let c = parts.next();
    match (
        a.parse::<u32>().ok(),
        b.and_then(|b| b.parse::<u32>().ok()),
        c,
    ) {
        (Some(col), Some(line), Some(file)) if !file.is_empty() => {
            Some((file.to_string(), line, Some(col)))
        }
        (Some(line), _, _) => {
            let file = loc.rsplit_once(':')?.0;
            (!file.is_empty()).then(|| (file.to_string(), line, None))
        }
        _ => None,
    }
}

/// The best location in `stack`: the innermost frame in the app bundle,
/// else the innermost frame with a file.
pub fn locate(stack: &str, bundle: &Path) -> Option<(String, u32, Option<u32>)> {
    let frames: Vec<_> = stack
        .lines()
        .filter_map(parse_frame)
        .filter(|(f, _, _)| f != "<reel-host>")
        .collect();
    let in_bundle = frames
        .iter()
        .find(|(f, _, _)| Path::new(f).starts_with(bundle));
    in_bundle.or(frames.first()).cloned()
}

fn exception_from_value<'js>(
    ctx: &Ctx<'js>,
    v: Value<'js>,
    frame: u32,
    context: &str,
    kind: ExceptionKind,
    bundle: &Path,
) -> JsException {
    let (message, stack) = match v.as_object() {
        Some(o) if v.is_error() || o.contains_key("stack").unwrap_or(false) => {
            let name: String = o
                .get::<_, Coerced<String>>("name")
                .map(|c| c.0)
                .unwrap_or_else(|_| "Error".into());
            let msg: String = o
                .get::<_, Coerced<String>>("message")
                .map(|c| c.0)
                .unwrap_or_default();
            let stack: String = o
                .get::<_, Option<Coerced<String>>>("stack")
                .ok()
                .flatten()
                .map(|c| c.0)
                .unwrap_or_default();
            (
                if msg.is_empty() {
                    name
                } else {
                    format!("{name}: {msg}")
                },
                stack,
            )
        }
        _ => {
            let s = Coerced::<String>::from_js(ctx, v.clone())
                .map(|c| c.0)
                .unwrap_or_else(|_| "<unprintable value>".into());
            let s = if v.is_string() {
                format!("thrown string: {s}")
            } else {
                s
            };
            (s, String::new())
        }
    };
    let loc = locate(&stack, bundle);
    JsException {
        frame,
        context: context.to_string(),
        kind,
        message,
        file: loc.as_ref().map(|l| l.0.clone()),
        line: loc.as_ref().map(|l| l.1),
        column: loc.as_ref().and_then(|l| l.2),
        stack,
        repeats: 0,
    }
}

/// Bytes of an ArrayBuffer, typed array or DataView.
fn bytes_of<'js>(v: &Value<'js>) -> Option<Vec<u8>> {
    let o = v.as_object()?;
    // Views first: rquickjs' `ArrayBuffer::from_value` asks QuickJS's
    // `JS_GetArrayBuffer`, which on anything else leaves a pending
    // TypeError ("ArrayBuffer object expected") that a later, unrelated
    // operation (a dynamic import) then fails with.
    let is_view = o.get::<_, Value>("byteOffset").is_ok_and(|x| x.is_number());
    if !is_view {
        let ab = ArrayBuffer::from_value(v.clone());
        if ab.is_none() {
            // Not an ArrayBuffer either: drop the pending exception.
            let _ = v.ctx().catch();
        }
        // SAFETY: no JS runs while the slice is alive (copied at once).
        return ab.and_then(|ab| unsafe { ab.as_bytes() }.map(<[u8]>::to_vec));
    }
    let buf: Value = o.get("buffer").ok()?;
    let off: usize = o.get("byteOffset").ok()?;
    let len: usize = o.get("byteLength").ok()?;
    let ab = ArrayBuffer::from_value(buf)?;
    // SAFETY: as above.
    let all = unsafe { ab.as_bytes() }?;
    all.get(off..off.checked_add(len)?).map(<[u8]>::to_vec)
}

fn install_globals<'js>(
    ctx: &Ctx<'js>,
    shared: &Rc<RefCell<Shared>>,
    cfg: &VmConfig,
    bundle_root: &Path,
) -> rquickjs::Result<()> {
    let g = ctx.globals();
    // Remove the wall-clock `performance` QuickJS provides; the prelude
    // installs the emulated one.
    g.remove("performance")?;

    // ---- private natives for the prelude ----
    let native = Object::new(ctx.clone())?;
    {
        let st = shared.clone();
        native.set(
            "now",
            Function::new(ctx.clone(), move || st.borrow().now_ms)?,
        )?;
    }
    {
        let st = shared.clone();
        native.set(
            "log",
            Function::new(ctx.clone(), move |level: String, text: String| {
                st.borrow_mut().push_log(&level, text)
            })?,
        )?;
    }
    native.set("epoch", cfg.epoch_ms)?;
    native.set("seed", cfg.seed)?;
    native.set(
        "utf8Encode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, s: String| {
            ArrayBuffer::new(ctx, s.into_bytes())
        })?,
    )?;
    native.set(
        "utf8Decode",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, v: Value<'js>| -> rquickjs::Result<String> {
                match bytes_of(&v) {
                    Some(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
                    None => Err(Exception::throw_type(
                        &ctx,
                        "TextDecoder.decode: expected an ArrayBuffer or a view",
                    )),
                }
            },
        )?,
    )?;
    let prelude: Function = ctx.eval_with_options(include_str!("prelude.js"), {
        let mut o = rquickjs::context::EvalOptions::default();
        o.global = true;
        o.strict = true;
        o.filename = Some("<reel-host>".into());
        o
    })?;
    prelude.call::<_, ()>((native.clone(),))?;

    // ---- the small browser environment (browser_env.js) ----
    native.set("origin", crate::bundle::APP_ORIGIN)?;
    native.set("documentPath", cfg.document_path.as_str())?;
    native.set("deviceId", cfg.device.id.as_str())?;
    native.set("width", cfg.device.width)?;
    native.set("height", cfg.device.height)?;
    native.set("version", env!("CARGO_PKG_VERSION"))?;
    {
        let root = bundle_root.to_path_buf();
        // (path) -> ArrayBuffer | null (no such file); throws when the
        // path is not a file of the bundle. Never a host path in a message.
        native.set(
            "readBundle",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, path: String| -> rquickjs::Result<Option<ArrayBuffer<'js>>> {
                    match crate::bundle::read_file(&root, &path) {
                        Ok(Some(bytes)) => ArrayBuffer::new(ctx, bytes).map(Some),
                        Ok(None) => Ok(None),
                        Err(m) => Err(Exception::throw_type(&ctx, m)),
                    }
                },
            )?,
        )?;
    }
    let env: Function = ctx.eval_with_options(include_str!("browser_env.js"), {
        let mut o = rquickjs::context::EvalOptions::default();
        o.global = true;
        o.strict = true;
        o.filename = Some("<reel-host>".into());
        o
    })?;
    env.call::<_, ()>((native,))?;

    // ---- timers ----
    {
        let st = shared.clone();
        g.set(
            "setTimeout",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>,
                      cb: Function<'js>,
                      delay: Opt<Coerced<f64>>,
                      args: Rest<Value<'js>>|
                      -> u32 {
                    add_timer(&ctx, &st, cb, delay.0.map(|c| c.0), args.0, false)
                },
            )?,
        )?;
    }
    {
        let st = shared.clone();
        g.set(
            "setInterval",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>,
                      cb: Function<'js>,
                      delay: Opt<Coerced<f64>>,
                      args: Rest<Value<'js>>|
                      -> u32 {
                    add_timer(&ctx, &st, cb, delay.0.map(|c| c.0), args.0, true)
                },
            )?,
        )?;
    }
    for name in ["clearTimeout", "clearInterval"] {
        let st = shared.clone();
        g.set(
            name,
            Function::new(ctx.clone(), move |id: Opt<Coerced<f64>>| {
                if let Some(Coerced(id)) = id.0 {
                    if id >= 0.0 && id <= u32::MAX as f64 {
                        st.borrow_mut().timers.remove(&(id as u32));
                    }
                }
            })?,
        )?;
    }
    {
        let st = shared.clone();
        g.set(
            "requestAnimationFrame",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, cb: Function<'js>| -> u32 {
                    let mut s = st.borrow_mut();
                    let id = s.id();
                    s.raf.push((id, Persistent::save(&ctx, cb)));
                    id
                },
            )?,
        )?;
    }
    {
        let st = shared.clone();
        g.set(
            "cancelAnimationFrame",
            Function::new(ctx.clone(), move |id: Opt<Coerced<f64>>| {
                if let Some(Coerced(id)) = id.0 {
                    st.borrow_mut().raf.retain(|(i, _)| *i as f64 != id);
                }
            })?,
        )?;
    }
    if !g.contains_key("queueMicrotask")? {
        let qm: Function = ctx.eval("(fn) => { Promise.resolve().then(fn); }")?;
        g.set("queueMicrotask", qm)?;
    }

    // ---- __reel_host ----
    let host = Object::new(ctx.clone())?;
    {
        let st = shared.clone();
        host.set(
            "send",
            Function::new(ctx.clone(), move |ctx: Ctx<'js>, v: Value<'js>| -> rquickjs::Result<()> {
                match bytes_of(&v) {
                    Some(b) => {
                        st.borrow_mut().outbox.push(b);
                        Ok(())
                    }
                    None => Err(Exception::throw_type(
                        &ctx,
                        "__reel_host.send: expected an ArrayBuffer (or a typed array / DataView) holding one batch",
                    )),
                }
            })?,
        )?;
    }
    {
        let st = shared.clone();
        host.set(
            "onEvents",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, cb: Function<'js>| -> rquickjs::Result<Function<'js>> {
                    let id = {
                        let mut s = st.borrow_mut();
                        let id = s.id();
                        s.listeners.push((id, Persistent::save(&ctx, cb)));
                        id
                    };
                    let st2 = st.clone();
                    Function::new(ctx.clone(), move || {
                        st2.borrow_mut().listeners.retain(|(i, _)| *i != id)
                    })
                },
            )?,
        )?;
    }
    {
        let st = shared.clone();
        host.set(
            "onKey",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, cb: Function<'js>| -> rquickjs::Result<Function<'js>> {
                    let id = {
                        let mut s = st.borrow_mut();
                        let id = s.id();
                        s.key_listeners.push((id, Persistent::save(&ctx, cb)));
                        id
                    };
                    let st2 = st.clone();
                    Function::new(ctx.clone(), move || {
                        st2.borrow_mut().key_listeners.retain(|(i, _)| *i != id)
                    })
                },
            )?,
        )?;
    }
    {
        let st = shared.clone();
        host.set(
            "exit",
            Function::new(ctx.clone(), move |code: Opt<Coerced<i32>>| {
                st.borrow_mut().exit = Some(code.0.map(|c| c.0).unwrap_or(0));
            })?,
        )?;
    }
    {
        let st = shared.clone();
        host.set(
            "now",
            Function::new(ctx.clone(), move || st.borrow().now_ms)?,
        )?;
    }
    let dev = Object::new(ctx.clone())?;
    dev.set("id", cfg.device.id.as_str())?;
    dev.set("name", cfg.device.name.as_str())?;
    dev.set("width", cfg.device.width)?;
    dev.set("height", cfg.device.height)?;
    dev.set("fps", cfg.device.fps)?;
    dev.set("frameMs", 1000.0 / cfg.device.fps as f64)?;
    host.set("device", dev)?;
    host.set("runtime", "quickjs")?;
    g.set("__reel_host", host)?;
    Ok(())
}

fn add_timer<'js>(
    ctx: &Ctx<'js>,
    st: &Rc<RefCell<Shared>>,
    cb: Function<'js>,
    delay: Option<f64>,
    args: Vec<Value<'js>>,
    repeat: bool,
) -> u32 {
    let d = delay.filter(|d| d.is_finite() && *d > 0.0).unwrap_or(0.0);
    let mut s = st.borrow_mut();
    let id = s.id();
    let due = s.now_ms + d;
    let timer = Timer {
        due,
        interval: repeat.then_some(d),
        callback: Persistent::save(ctx, cb),
        args: args.into_iter().map(|a| Persistent::save(ctx, a)).collect(),
    };
    s.timers.insert(id, timer);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_lines() {
        assert_eq!(
            parse_frame("    at f (/a/b.js:3:7)"),
            Some(("/a/b.js".into(), 3, Some(7)))
        );
        assert_eq!(
            parse_frame("    at /a/b.js:2:9"),
            Some(("/a/b.js".into(), 2, Some(9)))
        );
        assert_eq!(
            parse_frame("    at <anonymous> (/a/b.js:12)"),
            Some(("/a/b.js".into(), 12, None))
        );
        assert_eq!(parse_frame("    at f (native)"), None);
        let stack = "    at g (/shim/x.js:1:1)\n    at f (/app/main.js:5:3)\n";
        assert_eq!(
            locate(stack, Path::new("/app")),
            Some(("/app/main.js".into(), 5, Some(3)))
        );
        assert_eq!(
            locate(stack, Path::new("/other")),
            Some(("/shim/x.js".into(), 1, Some(1)))
        );
    }
}
