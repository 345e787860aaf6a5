//! Image-loading vocabulary of the protocol: the `reason` codes of
//! `IMAGE_FAILED` and `IMAGE_STATE`, and `IMAGE_STATE`'s `state` values.
//!
//! Wire vocabulary: hosts report failures with these codes and name them in
//! logs. The texture budget and request scheduling that use them
//! (`reel_engine::resources`) stay in the engine.

/// Failure reason codes (`IMAGE_FAILED.reason`, `IMAGE_STATE.reason`).
pub mod reason {
    /// No such file / HTTP 404.
    pub const NOT_FOUND: u32 = 1;
    /// The data is not a valid image (truncated, bad checksum, garbage).
    pub const CORRUPT: u32 = 2;
    /// A format the host does not decode.
    pub const UNSUPPORTED: u32 = 3;
    /// Width or height over the host's limit.
    pub const TOO_LARGE: u32 = 4;
    /// Larger than the whole texture budget (decided by the engine).
    pub const OVER_BUDGET: u32 = 5;
    /// The `src` is not allowed (a path escaping the app's directory, a
    /// URL scheme the host does not load).
    pub const FORBIDDEN: u32 = 6;
    /// Reading failed (I/O or network error).
    pub const IO: u32 = 7;
    /// Anything else.
    pub const OTHER: u32 = 8;

    /// Name for messages and logs.
    pub fn name(code: u32) -> &'static str {
        match code {
            0 => "none",
            NOT_FOUND => "not-found",
            CORRUPT => "corrupt",
            UNSUPPORTED => "unsupported",
            TOO_LARGE => "too-large",
            OVER_BUDGET => "over-budget",
            FORBIDDEN => "forbidden",
            IO => "io",
            _ => "other",
        }
    }
}

/// `IMAGE_STATE.state` values.
pub mod state {
    /// The image is resident and drawn.
    pub const LOADED: u32 = 0;
    /// Loading failed; the placeholder stays.
    pub const FAILED: u32 = 1;
    /// The texture was evicted; the placeholder shows until it is back.
    pub const RELEASED: u32 = 2;
}
