//! # reel-engine
//!
//! The engine that a TV app's JS drives through messages. It owns the only
//! scene tree ([`scene`]), applies command batches as transactions
//! ([`protocol`], [`transaction`]), lays the tree out with taffy over its own
//! arena ([`layout`]), and produces one flat display list per frame
//! ([`display_list`], [`build`]). It compiles to `engine.wasm` (the product:
//! [`abi`] is its whole surface) and natively (tests, benches, tools).
//!
//! The byte formats it speaks ([`protocol`], [`display_list`], [`texture`],
//! [`host_stats`], [`script`]) live in the `reel-wire` crate and are
//! re-exported here at their old paths: a host that only encodes batches
//! and paints display lists depends on `reel-wire` (and `reel-raster`) and
//! compiles none of the layout, text or animation code below. `reel-wire`
//! never depends on this crate, so no import circle runs through the
//! protocol; where the decoder needs the engine's knowledge (font bytes),
//! the engine passes it in (`Batch::validate_with`).
//!
//! Nothing here touches a window, a GPU, a file or a clock: hosts bring
//! those. That is what lets one engine serve the browser Worker, Node and
//! the native wasmtime host byte for byte.

//! No `unsafe` outside the C ABI: the whole engine is safe Rust
//! (`deny(unsafe_code)`); [`abi`] alone allows it, for its `#[no_mangle]`
//! exports (and, under feature `web`, wasm-bindgen's generated ones).

#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod a11y;
pub mod abi;
pub mod anim;
pub mod build;
pub mod engine;
pub mod finite;
pub mod focus;
pub mod gradient;
pub mod layout;
pub mod precheck;
#[cfg(feature = "overlay")]
pub mod overlay;
/// Without the `overlay` feature: a stand-in with the same API, never open.
#[cfg(not(feature = "overlay"))]
#[path = "overlay/stand_in.rs"]
pub mod overlay;
pub mod resources;
pub mod round;
pub mod scene;
pub mod snapshot_pieces;
pub mod text;
pub mod transaction;
pub mod video;
#[cfg(target_family = "wasm")]
mod wasm_alloc;
#[cfg(feature = "web")]
pub mod web;

pub use engine::{Engine, MAX_SKIPPED, SKIP_WORDS};
/// The wire formats, at their old paths (`reel_engine::protocol`, ...): they
/// live in `reel-wire`, which depends on no engine code, so hosts can use
/// them without compiling the engine.
pub use reel_wire::{color, display_list, host_stats, protocol, script, texture};
/// The software rasterizer (`reel-raster`, over `reel-wire` only), for
/// callers that paint through the engine crate.
#[cfg(feature = "raster")]
pub use reel_raster as raster;
