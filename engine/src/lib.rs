//! # reel-engine
//!
//! The engine that a TV app's JS drives through messages. It owns the only
//! scene tree ([`scene`]), applies command batches as transactions
//! ([`protocol`], [`transaction`]), lays the tree out with taffy over its own
//! arena ([`layout`]), and produces one flat display list per frame
//! ([`display_list`], [`build`]). It compiles to `engine.wasm` (the product:
//! [`abi`] is its whole surface) and natively (tests, benches, tools).
//!
//! Nothing here touches a window, a GPU, a file or a clock: hosts bring
//! those. That is what lets one engine serve the browser Worker, Node and
//! the native wasmtime host byte for byte.

#![deny(unsafe_op_in_unsafe_fn)]

pub mod a11y;
pub mod abi;
pub mod anim;
pub mod build;
pub mod display_list;
pub mod engine;
pub mod finite;
pub mod focus;
pub mod gradient;
pub mod host_stats;
pub mod layout;
pub mod precheck;
#[cfg(feature = "overlay")]
pub mod overlay;
pub mod protocol;
#[cfg(feature = "raster")]
pub mod raster;
pub mod resources;
pub mod scene;
pub mod script;
pub mod text;
pub mod texture;
pub mod transaction;
pub mod video;
#[cfg(target_family = "wasm")]
mod wasm_alloc;
#[cfg(feature = "web")]
pub mod web;

pub use engine::Engine;
