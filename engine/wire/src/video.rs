//! Video vocabulary of the protocol: the `state` and `reason` words of a
//! `VIDEO_STATE` command and a `VIDEO` event, and their static check.
//!
//! Wire vocabulary: a host's player reports these and the decoder refuses a
//! malformed one before anything is applied. The video side table and its
//! throttling (`reel_engine::video`) stay in the engine.

/// `state` of a `VIDEO_STATE` command and a `VIDEO` event: what the host's
/// player of a video node did (the app's event of the same name).
pub mod state {
    /// Duration and size known (`time` = duration, `size` = `w << 16 | h`).
    pub const LOADEDMETADATA: u32 = 1;
    /// Frames are being presented.
    pub const PLAYING: u32 = 2;
    /// Stalled, waiting for data.
    pub const WAITING: u32 = 3;
    /// The position moved (`time`); forwarded at most every
    /// `reel_engine::video::TIMEUPDATE_STEP` seconds of media time.
    pub const TIMEUPDATE: u32 = 4;
    /// Reached the end (and does not loop).
    pub const ENDED: u32 = 5;
    /// Failed (`reason`).
    pub const ERROR: u32 = 6;
}

/// `reason` of an `ERROR` state.
pub mod reason {
    /// The `src` does not exist (404, missing file).
    pub const NOT_FOUND: u32 = 1;
    /// The data is corrupt.
    pub const DECODE: u32 = 2;
    /// A format or codec the device cannot play.
    pub const UNSUPPORTED: u32 = 3;
    /// All of the device's decoders are in use (the profile's
    /// `video.max_decoders`): never a silent failure.
    pub const DECODER_LIMIT: u32 = 4;
}

/// Why a `VIDEO_STATE` command is malformed, or `None`.
#[inline]
pub fn check_state(state: u32, reason: u32, time: f32) -> Option<&'static str> {
    if !(state::LOADEDMETADATA..=state::ERROR).contains(&state) {
        Some("video state must be 1..=6")
    } else if (state == state::ERROR) != (reason::NOT_FOUND..=reason::DECODER_LIMIT).contains(&reason) {
        Some("video reason must be 1..=4 for ERROR and 0 otherwise")
    } else if !(time.is_finite() && time >= 0.0) {
        Some("video time must be finite and >= 0")
    } else {
        None
    }
}
