//! # reel-wire
//!
//! Everything that crosses the boundary between an app's host and the
//! engine, as bytes: the command and event protocol ([`protocol`]), the
//! display list ([`display_list`]), texture deltas ([`texture`]), host
//! stats ([`host_stats`]), scene files and recordings ([`script`]), and the
//! vocabulary those carry (animation [`anim`] timing and easing data, the
//! [`focus`] direction, [`video`] and [`resources`] states and reasons,
//! [`a11y`] limits, the [`gradient`] grammar), and [`trig`]'s `sincosf`,
//! which the gradient geometry here and the engine's transforms share.
//!
//! Why a crate of its own: hosts, painters and tools encode batches and read
//! display lists but never lay out or shape text. Depending on this crate
//! (and `reel-raster` to paint) they compile none of the engine's layout,
//! text or animation code. It depends on no other Reel crate, so no import
//! circle can run through the protocol: the engine depends on it, never the
//! reverse. What needs the engine's knowledge stays in the engine and plugs
//! in where the decoder needs it (font bytes: [`protocol::Batch::validate_with`]).

#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod a11y;
pub mod anim;
pub mod color;
pub mod decimal;
pub mod display_list;
pub mod focus;
pub mod gradient;
pub mod host_stats;
pub mod protocol;
pub mod resources;
pub mod script;
pub mod texture;
pub mod trig;
pub mod video;
