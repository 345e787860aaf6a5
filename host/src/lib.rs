//! # reel-host
//!
//! The native host: runs `engine.wasm` under wasmtime on an *emulated TV
//! device* — its screen, frame rate, memory cap and CPU speed come from a
//! device profile ([`profile`]) — and reports how the app would fare there.
//! A device without WebAssembly runs the engine's wasm2js build instead
//! (on QuickJS, in `reel-quickjs`), behind the same [`engine_backend`]
//! interface, so supervision and the figures are the same code.
//!
//! The layers, each a boundary for a reason given in its module docs:
//!
//! | module | owns |
//! |---|---|
//! | [`profile`] | device profiles (`devices/*.toml`), strictly validated |
//! | [`engine_backend`] | the instance interface the supervisor drives (wasm or JS fallback) and its factory |
//! | [`wasm_engine`] | one wasmtime instance: the C ABI, memory cap, fuel metering, trap classification |
//! | [`supervisor`] | the CPU model, the scene journal, recovery from traps |
//! | [`engine_thread`] | the engine on its own thread behind channels, like a Worker |
//! | [`play`] | `reel play`: scene/recording in, PNGs and `summary.json` out |
//! | [`paths`] | finding the workspace, `engine.wasm` and `devices/` |
//! | [`video`] | the video plane: real frames for `video` nodes, decoders, `VIDEO_STATE`s |
//! | [`alarm`] | the regression alarm for noisy per-run series (benchmarks, real-browser frame times) |
//!
//! The binary `reel` (src/main.rs) is a thin command line over [`play`].

pub mod abi_driver;
pub mod abi_trace;
pub mod alarm;
pub mod engine_backend;
pub mod engine_thread;
pub mod images;
pub mod paths;
pub mod play;
pub mod profile;
pub mod supervisor;
pub mod video;
pub mod wasm_engine;
pub mod wasm_sampler;

pub use engine_backend::{EngineBackend, EngineFactory, EngineKind, HostStats, OverlayState};
pub use engine_thread::{EngineThread, HostError, Reply, Request};
pub use play::{load_input, play, Input, PlayError, PlayOptions, PlayResult, Summary};
pub use profile::{Profile, ProfileError};
pub use supervisor::{Fault, FrameReport, Incident, OverlayReply, Resolution, StepReport, Supervisor, SupervisorConfig, Totals};
pub use wasm_engine::{rejection_of, CallOutcome, EngineError, EngineLimits, EngineModule, FrameOutcome, Rejection, TrapReason, Tuning, WasmEngine};
