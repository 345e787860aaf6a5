//! The native host's video plane (issue 17): real frames for `video` nodes
//! under `reel run` and `reel certify`.
//!
//! The engine never decodes video: it emits a `VIDEO` display item per
//! visible video node (its transform, size, composed alpha and clip) and the
//! painters punch a hole there. In the browser a real `<video>` element sits
//! under the canvas (`js-shim/src/video-plane.js`); here the host plays the
//! same role, on the emulated clock so runs stay deterministic:
//!
//! | module | owns |
//! |---|---|
//! | [`props`] | what the app asked of each video node, read from its accepted batches |
//! | [`clip`] | one file: an animated WebP decoded frame by frame (`image-webp`) |
//! | [`plane`] | players per surface, decoders (`video.max_decoders`), timing, `VIDEO_STATE`s, figures |
//! | [`composite`] | the plane under the rasterizer's output: UI over video |
//!
//! Why in `reel-host` and not in the run loop: `reel run` (reel-quickjs)
//! and anything else that drives the engine thread and paints frames use it
//! the same way — feed it accepted batches, present each display list, send
//! its batch, composite painted frames.

pub mod clip;
pub mod composite;
pub mod plane;
pub mod props;

pub use clip::{Clip, ClipError};
pub use plane::{VideoPlane, VideoSummary};
