//! # reel-quickjs
//!
//! The JS VM thread of the native host: `reel run app.js --device <id>`
//! runs a Reel app — its JS and the js-shim — on QuickJS in one thread, and
//! the engine (`engine.wasm` under wasmtime, with the device's memory cap,
//! CPU model and trap recovery, from [`reel_host`]) in another, talking
//! over crossbeam channels exactly as a browser main thread talks to the
//! engine Worker. On a device without WebAssembly (`engine.wasm = false`)
//! the engine thread runs the wasm2js build of the engine on a second,
//! separate QuickJS runtime instead ([`js_engine`]), under the same
//! supervisor.
//!
//! | module | owns |
//! |---|---|
//! | [`bundle`] | what the app is: its bundle root (a Vite `dist/`, a page, a module's directory) and entry module |
//! | [`sandbox`] | the module loader: only the app bundle and `@reel/shim` |
//! | [`vm`] | the QuickJS runtime: globals, emulated clock, timers, exception capture, heap cap, watchdog |
//! | [`run`] | the frame loop, PNGs and the summary ([`run_app`]) |
//! | [`cli`] | `reel run` argument parsing ([`cli_run`]) |
//! | [`events`] | re-encoding engine events for the app |
//! | [`keys`] | key scripts (`--keys`) and input latency |
//! | [`js_time`] | the app's JS time per host frame and the escalation of its frame limit |
//! | [`watch`] | `reel run --watch`: polling the bundle for changes |
//! | [`js_engine`] | the JS fallback engine (wasm2js on its own QuickJS runtime) behind `reel_host`'s `EngineBackend` |
//!
//! The app sees the same API as in a browser: it imports `@reel/shim`,
//! calls `createRenderer(...)`, and the shim's host transport
//! (`js-shim/src/transport/host.js`) talks to the globals this crate
//! installs:
//!
//! * `__reel_host.send(ArrayBuffer)` — one batch to the engine (copied);
//! * `__reel_host.onEvents(fn)` — `fn(ArrayBuffer)` gets the engine's event
//!   buffer (`"REEV"`: errors, frame stats) after each frame; returns an
//!   unsubscribe function;
//! * `__reel_host.onKey(fn)` — `fn({ type, key, keyCode, repeat, timeStamp })`
//!   gets the key-script events of `reel run --keys FILE` at their frames
//!   (js-shim's `renderer.attachKeyboard()` listens here); returns an
//!   unsubscribe function;
//! * `__reel_host.exit(code?)` — stop after this frame;
//! * `__reel_host.device` — `{ id, name, width, height, fps, frameMs }`;
//! * `__reel_host.now()`, `performance.now()`, `Date.now()`, timers and
//!   `requestAnimationFrame` — all on the emulated frame clock: frame *N*
//!   (1-based) is at `N * 1000 / fps` ms; module evaluation runs at 0.
//!   `Math.random` is seeded, `Date` starts at 2026-01-01: a run is a pure
//!   function of app, profile and engine (summary and PNGs byte-identical).
//!
//! js-shim's `createRenderer` must pick the host transport when
//! `__reel_host` exists (`defaultTransport()` returns `'host'` when
//! `isHostAvailable()`, and `transport: 'host'` maps to
//! `createHostTransport()`); the tests apply exactly that to a copy of the
//! shim until `js-shim/src/renderer.js` has it.
//!
//! The JS VM has no I/O: QuickJS's `std`/`os` modules (quickjs-libc) are
//! not linked, and the module loader ([`sandbox`]) serves only the app's
//! bundle directory and the shim package.
//!
//! Apps also get the small browser environment common packages assume
//! (`browser_env.js`, evaluated after `prelude.js`): `window`/`self` ===
//! `globalThis` with `addEventListener`/`dispatchEvent`, `URL`,
//! `URLSearchParams`, `location` and `history` in memory (origin
//! [`bundle::APP_ORIGIN`]), `localStorage`/`sessionStorage` in memory per
//! run, `navigator`, an inert `document`, and `fetch`/`Response` serving
//! GET/HEAD of files of the app bundle only (anything else: a rejected
//! promise naming the URL).

pub mod announce;
pub mod bundle;
pub mod cli;
pub mod events;
pub mod js_engine;
pub mod js_time;
pub mod keys;
pub mod run;
pub mod sandbox;
pub mod vm;
pub mod watch;

pub use cli::cli_run;
pub use js_engine::{JsEngine, JsEngineModule};
pub use run::{run_app, JsSummary, OverlayError, OverlayKey, OverlaySummary, RunError, RunOptions, RunReport, RunSummary};
pub use vm::{ExceptionKind, JsException, JsLimits, LogLine};
