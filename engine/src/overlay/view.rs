//! What the overlay reads from the engine for one frame: one definition
//! for the real overlay (`mod.rs`) and its stand-in (`stand_in.rs`), so the
//! engine builds the same value in both builds.

use crate::protocol::events::FrameStats;
use crate::scene::Scene;

/// What the overlay reads from the engine for one frame.
pub struct View<'a> {
    /// The scene.
    pub scene: &'a Scene,
    /// The frame's stats.
    pub stats: &'a FrameStats,
    /// The text system (glyph atlas).
    pub text: &'a crate::text::TextSystem,
    /// The resource manager.
    pub resources: &'a crate::resources::Resources,
    /// The scene's display list bytes (header + items).
    pub base: &'a [u8],
}
