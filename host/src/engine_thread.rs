//! The engine on its own thread, driven by messages.
//!
//! # Why the boundary is here
//! On a device the app's JS runs on one thread and the engine on another
//! (a Worker in browsers); they share nothing and talk by messages. The
//! native host keeps that shape: the [`Supervisor`] (and so every wasmtime
//! object, or on a device without Wasm every QuickJS runtime of the JS
//! fallback engine) lives on a dedicated thread and is reached only through a
//! crossbeam channel of [`Request`]s, answered on a second channel of
//! [`Reply`]s. That keeps the emulation honest (no shared state sneaks in)
//! and means a panic in the engine thread surfaces as an error value
//! ([`HostError::ThreadGone`]) on the app side, never as a crash of the app.
//!
//! Incidents (engine traps and recoveries) are also sent as
//! [`Reply::Incident`] the moment they are known, before the request's own
//! reply, so a watcher can log them live ([`EngineThread::on_incident`]).

use std::fmt;
use std::thread::JoinHandle;

use crossbeam_channel::{unbounded, Receiver, Sender};

use crate::engine_backend::EngineFactory;
use crate::engine_backend::HostStats;
use crate::supervisor::{Incident, OverlayReply, StepReport, Supervisor, SupervisorConfig, Totals};
use crate::wasm_engine::{EngineError, EngineLimits, EngineModule};

/// Builds the engine factory on the engine thread (compiling is done there,
/// and a factory's instances may be tied to the thread that made them).
pub type FactoryMaker = Box<dyn FnOnce() -> Result<Box<dyn EngineFactory>, EngineError> + Send>;

/// Messages to the engine thread.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Reset to an empty scene with this viewport.
    Init {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
    },
    /// Apply a batch.
    Submit(Vec<u8>),
    /// Run a frame at this host time.
    Frame(f64),
    /// Build a snapshot batch.
    Snapshot,
    /// Offer a key press (DOM key code) to the debug overlay.
    OverlayKey(u32),
    /// Pointer input for the debug overlay (viewport px; action 0 move,
    /// 1 press, 2 release).
    OverlayPointer {
        /// X.
        x: f32,
        /// Y.
        y: f32,
        /// Action.
        action: u32,
    },
    /// The host's figures for the debug overlay.
    OverlayHostStats(HostStats),
    /// The debug overlay's state.
    OverlayState,
    /// Report totals and stop.
    Shutdown,
}

/// Messages from the engine thread.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// The thread compiled the module and made the first instance (or not).
    Ready(Result<(), EngineError>),
    /// Answer to `Init`.
    Init(Result<(), EngineError>),
    /// Answer to `Submit` or `Frame`.
    Step(Result<StepReport, EngineError>),
    /// Answer to `Snapshot`.
    Snapshot(Result<Vec<u8>, EngineError>),
    /// Answer to the `Overlay*` requests ([`EngineError::NoOverlay`] when
    /// the module has no debug overlay).
    Overlay(Result<OverlayReply, EngineError>),
    /// A trap and its resolution, sent as soon as it is handled.
    Incident(Incident),
    /// Answer to `Shutdown`: the final totals.
    Closed(Totals),
}

/// Errors of the app side.
#[derive(Clone, Debug, PartialEq)]
pub enum HostError {
    /// The engine failed in a way recovery does not cover (bad module).
    Engine(EngineError),
    /// The engine thread is gone (it panicked or was shut down).
    ThreadGone(String),
    /// The thread answered with the wrong kind of reply (a bug).
    UnexpectedReply(String),
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Engine(e) => write!(f, "{e}"),
            Self::ThreadGone(m) => write!(f, "engine thread is gone: {m}"),
            Self::UnexpectedReply(m) => write!(f, "engine thread sent an unexpected reply: {m}"),
        }
    }
}

impl std::error::Error for HostError {}

impl From<EngineError> for HostError {
    fn from(e: EngineError) -> Self {
        Self::Engine(e)
    }
}

type IncidentHook = Box<dyn FnMut(&Incident) + Send>;

/// Handle to the engine thread.
pub struct EngineThread {
    tx: Sender<Request>,
    rx: Receiver<Reply>,
    handle: Option<JoinHandle<()>>,
    hook: Option<IncidentHook>,
}

impl fmt::Debug for EngineThread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EngineThread").field("running", &self.handle.is_some()).finish_non_exhaustive()
    }
}

impl EngineThread {
    /// Starts the thread: it compiles `wasm` for `limits`, builds the first
    /// instance and initialises it with `cfg.viewport`. Returns once that
    /// is done (or failed).
    pub fn spawn(wasm: Vec<u8>, limits: EngineLimits, cfg: SupervisorConfig) -> Result<Self, HostError> {
        Self::spawn_with(
            Box::new(move || EngineModule::new(&wasm, limits).map(|m| Box::new(m) as Box<dyn EngineFactory>)),
            cfg,
        )
    }

    /// Starts the thread with any engine backend: `make` runs on the new
    /// thread and returns the factory the supervisor makes instances from
    /// (the JS fallback engine uses this: its QuickJS runtimes live on the
    /// engine thread). Returns once the first instance is initialised.
    pub fn spawn_with(make: FactoryMaker, cfg: SupervisorConfig) -> Result<Self, HostError> {
        let (tx, req_rx) = unbounded::<Request>();
        let (reply_tx, rx) = unbounded::<Reply>();
        let handle = std::thread::Builder::new()
            .name("reel-engine".into())
            // wasm2js code on QuickJS recurses on the native stack.
            .stack_size(64 << 20)
            .spawn(move || run(make, cfg, req_rx, reply_tx))
            .map_err(|e| HostError::ThreadGone(format!("cannot start the engine thread: {e}")))?;
        let mut me = Self { tx, rx, handle: Some(handle), hook: None };
        match me.recv()? {
            Reply::Ready(Ok(())) => Ok(me),
            Reply::Ready(Err(e)) => Err(HostError::Engine(e)),
            other => Err(HostError::UnexpectedReply(format!("{other:?}"))),
        }
    }

    /// Calls `hook` for every incident as soon as the thread reports it.
    pub fn on_incident(&mut self, hook: impl FnMut(&Incident) + Send + 'static) {
        self.hook = Some(Box::new(hook));
    }

    fn send(&self, r: Request) -> Result<(), HostError> {
        self.tx.send(r).map_err(|_| HostError::ThreadGone("request channel closed".into()))
    }

    /// Next non-incident reply (incidents go to the hook).
    fn recv(&mut self) -> Result<Reply, HostError> {
        loop {
            match self.rx.recv() {
                Ok(Reply::Incident(i)) => {
                    if let Some(h) = self.hook.as_mut() {
                        h(&i);
                    }
                }
                Ok(r) => return Ok(r),
                Err(_) => {
                    let why = match self.handle.take().map(|h| h.join()) {
                        Some(Err(_)) => "it panicked".to_string(),
                        _ => "reply channel closed".to_string(),
                    };
                    return Err(HostError::ThreadGone(why));
                }
            }
        }
    }

    fn step(&mut self, r: Request) -> Result<StepReport, HostError> {
        self.send(r)?;
        match self.recv()? {
            Reply::Step(r) => r.map_err(HostError::Engine),
            other => Err(HostError::UnexpectedReply(format!("{other:?}"))),
        }
    }

    /// Applies a batch; frames its `FRAME` commands run come back in the
    /// report.
    pub fn submit(&mut self, batch: Vec<u8>) -> Result<StepReport, HostError> {
        self.step(Request::Submit(batch))
    }

    /// Runs one frame.
    pub fn frame(&mut self, time_ms: f64) -> Result<StepReport, HostError> {
        self.step(Request::Frame(time_ms))
    }

    /// Resets to an empty scene.
    pub fn init(&mut self, width: u32, height: u32) -> Result<(), HostError> {
        self.send(Request::Init { width, height })?;
        match self.recv()? {
            Reply::Init(r) => r.map_err(HostError::Engine),
            other => Err(HostError::UnexpectedReply(format!("{other:?}"))),
        }
    }

    /// A batch that recreates the current scene.
    pub fn snapshot(&mut self) -> Result<Vec<u8>, HostError> {
        self.send(Request::Snapshot)?;
        match self.recv()? {
            Reply::Snapshot(r) => r.map_err(HostError::Engine),
            other => Err(HostError::UnexpectedReply(format!("{other:?}"))),
        }
    }

    fn overlay(&mut self, r: Request) -> Result<OverlayReply, HostError> {
        self.send(r)?;
        match self.recv()? {
            Reply::Overlay(r) => {
                let r = r.map_err(HostError::Engine)?;
                if let Some(h) = self.hook.as_mut() {
                    for i in &r.incidents {
                        h(i);
                    }
                }
                Ok(r)
            }
            other => Err(HostError::UnexpectedReply(format!("{other:?}"))),
        }
    }

    /// Offers a key press (DOM key code) to the debug overlay; the reply
    /// says whether it consumed it (then the app must not get it).
    /// `HostError::Engine(EngineError::NoOverlay)` without the overlay.
    pub fn overlay_key(&mut self, code: u32) -> Result<OverlayReply, HostError> {
        self.overlay(Request::OverlayKey(code))
    }

    /// Pointer input for the debug overlay.
    pub fn overlay_pointer(&mut self, x: f32, y: f32, action: u32) -> Result<OverlayReply, HostError> {
        self.overlay(Request::OverlayPointer { x, y, action })
    }

    /// Reports the host's figures to the debug overlay.
    pub fn overlay_host_stats(&mut self, stats: HostStats) -> Result<OverlayReply, HostError> {
        self.overlay(Request::OverlayHostStats(stats))
    }

    /// The debug overlay's state (whether it is there at all: an
    /// `EngineError::NoOverlay` error says it is not).
    pub fn overlay_state(&mut self) -> Result<OverlayReply, HostError> {
        self.overlay(Request::OverlayState)
    }

    /// Stops the thread and returns its totals.
    pub fn shutdown(mut self) -> Result<Totals, HostError> {
        self.send(Request::Shutdown)?;
        let r = self.recv();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
        match r? {
            Reply::Closed(t) => Ok(t),
            other => Err(HostError::UnexpectedReply(format!("{other:?}"))),
        }
    }
}

impl Drop for EngineThread {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            let _ = self.tx.send(Request::Shutdown);
            let _ = h.join();
        }
    }
}

/// The thread's body. Send failures mean the app side is gone: stop.
fn run(make: FactoryMaker, cfg: SupervisorConfig, rx: Receiver<Request>, tx: Sender<Reply>) {
    let sup = make().and_then(|m| Supervisor::with_factory(m, cfg));
    let mut sup = match sup {
        Ok(s) => {
            if tx.send(Reply::Ready(Ok(()))).is_err() {
                return;
            }
            s
        }
        Err(e) => {
            let _ = tx.send(Reply::Ready(Err(e)));
            return;
        }
    };
    let send_step = |tx: &Sender<Reply>, r: Result<StepReport, EngineError>| -> bool {
        if let Ok(rep) = &r {
            for i in &rep.incidents {
                if tx.send(Reply::Incident(i.clone())).is_err() {
                    return false;
                }
            }
        }
        tx.send(Reply::Step(r)).is_ok()
    };
    while let Ok(req) = rx.recv() {
        let ok = match req {
            Request::Init { width, height } => tx.send(Reply::Init(sup.init(width, height))).is_ok(),
            Request::Submit(b) => send_step(&tx, sup.submit(&b)),
            Request::Frame(t) => send_step(&tx, sup.frame(t)),
            Request::Snapshot => tx.send(Reply::Snapshot(sup.snapshot())).is_ok(),
            Request::OverlayKey(code) => tx.send(Reply::Overlay(sup.overlay_key(code))).is_ok(),
            Request::OverlayPointer { x, y, action } => {
                tx.send(Reply::Overlay(sup.overlay_pointer(x, y, action))).is_ok()
            }
            Request::OverlayHostStats(s) => tx.send(Reply::Overlay(sup.overlay_host_stats(&s))).is_ok(),
            Request::OverlayState => tx.send(Reply::Overlay(sup.overlay_state())).is_ok(),
            Request::Shutdown => {
                let _ = tx.send(Reply::Closed(sup.totals()));
                return;
            }
        };
        if !ok {
            return;
        }
    }
}
