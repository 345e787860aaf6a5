//! One video file, decoded frame by frame: an animated WebP.
//!
//! # Why animated WebP
//! The native host decodes with crates it already keeps (`image-webp` for
//! images); no well-kept pure-Rust crate decodes VP8/VP9 in WebM. An
//! animated WebP's frames are VP8 key frames (or lossless), so the test clip
//! (`tools/make-test-clip.sh` makes `clip.webm` for browsers and
//! `clip.webp` from the same source) shows the same pixels on both hosts.
//!
//! A [`Clip`] keeps the file's bytes and one `image-webp` decoder over them;
//! [`Clip::frame_at`] decodes forward to the frame shown at a media time
//! (frames carry their own durations) and restarts from the first frame for
//! a time before the current one (a seek back, a loop). Only the current
//! frame is kept: that is the texture the plane accounts for. A decoder
//! panic is caught and is a corrupt file, like an image's.

use std::io::Cursor;

use image_webp::WebPDecoder;
use reel_raster::RgbaImage;
use reel_wire::video::reason;

use crate::images::MAX_IMAGE_SIDE;

/// Why a video cannot be played: a [`reason`] code and a message naming the
/// `src`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClipError {
    /// [`reason`] (`NOT_FOUND`, `DECODE`, `UNSUPPORTED`).
    pub reason: u32,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for ClipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, reason_name(self.reason))
    }
}

/// The app-facing name of a [`reason`] code.
pub fn reason_name(r: u32) -> &'static str {
    match r {
        reason::NOT_FOUND => "not-found",
        reason::DECODE => "decode",
        reason::UNSUPPORTED => "unsupported",
        reason::DECODER_LIMIT => "decoder-limit",
        _ => "unknown",
    }
}

fn err(reason: u32, message: impl Into<String>) -> ClipError {
    ClipError { reason, message: message.into() }
}

/// An open animated WebP.
pub struct Clip {
    dec: WebPDecoder<Cursor<Vec<u8>>>,
    /// Frame size.
    pub width: u32,
    /// Frame size.
    pub height: u32,
    /// Frames in one loop.
    pub frames: u32,
    /// One loop, ms.
    pub duration_ms: u64,
    buf: Vec<u8>,
    alpha: bool,
    /// Index of the decoded frame (`None`: none yet).
    index: Option<u32>,
    /// Start and end of the decoded frame, ms.
    span: (u64, u64),
    picture: Option<RgbaImage>,
}

impl std::fmt::Debug for Clip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clip").field("size", &(self.width, self.height)).field("frames", &self.frames).finish_non_exhaustive()
    }
}

fn caught<T>(what: impl FnOnce() -> Result<T, ClipError>) -> Result<T, ClipError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(what))
        .unwrap_or_else(|_| Err(err(reason::DECODE, "the WebP decoder gave up on malformed data")))
}

impl Clip {
    /// Reads the header of `bytes`: an animated WebP, else `UNSUPPORTED`
    /// (another format, or a still image) or `DECODE` (corrupt).
    pub fn open(bytes: Vec<u8>) -> Result<Self, ClipError> {
        if !(bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP") {
            return Err(if bytes.is_empty() {
                err(reason::DECODE, "empty file")
            } else {
                err(reason::UNSUPPORTED, "not an animated WebP (the native host's video format)")
            });
        }
        caught(move || {
            let dec = WebPDecoder::new(Cursor::new(bytes)).map_err(|e| err(reason::DECODE, format!("WebP: {e}")))?;
            if !dec.is_animated() {
                return Err(err(reason::UNSUPPORTED, "a still WebP image, not a video"));
            }
            let (width, height) = dec.dimensions();
            if width == 0 || height == 0 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
                return Err(err(reason::UNSUPPORTED, format!("{width}x{height} frames")));
            }
            let size = dec.output_buffer_size().ok_or_else(|| err(reason::UNSUPPORTED, "frames too large"))?;
            let (frames, duration_ms, alpha) = (dec.num_frames(), dec.loop_duration(), dec.has_alpha());
            if frames == 0 {
                return Err(err(reason::DECODE, "no frames"));
            }
            Ok(Self { dec, width, height, frames, duration_ms, buf: vec![0; size], alpha, index: None, span: (0, 0), picture: None })
        })
    }

    /// Duration in seconds.
    pub fn duration_s(&self) -> f64 {
        self.duration_ms as f64 / 1000.0
    }

    /// Index of the frame decoded last.
    pub fn index(&self) -> Option<u32> {
        self.index
    }

    /// Bytes of one decoded frame as an RGBA8 texture.
    pub fn frame_bytes(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height) * 4
    }

    /// The frame shown at `ms` (clamped to the last frame): decodes forward,
    /// restarting for an earlier time. `DECODE` when a frame is corrupt.
    pub fn frame_at(&mut self, ms: u64) -> Result<&RgbaImage, ClipError> {
        let ms = ms.min(self.duration_ms.saturating_sub(1));
        if self.index.is_some() && ms < self.span.0 {
            self.dec.reset_animation();
            self.index = None;
            self.span = (0, 0);
        }
        while self.index.is_none() || (ms >= self.span.1 && self.index.is_some_and(|i| i + 1 < self.frames)) {
            let dec = &mut self.dec;
            let buf = &mut self.buf;
            let d = caught(|| dec.read_frame(buf).map_err(|e| err(reason::DECODE, format!("WebP frame: {e}"))))?;
            self.index = Some(self.index.map_or(0, |i| i + 1));
            let start = self.span.1;
            self.span = (start, start + u64::from(d.max(1)));
            self.picture = None;
        }
        if self.picture.is_none() {
            let rgba = if self.alpha { self.buf.clone() } else { self.buf.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect() };
            self.picture = Some(RgbaImage::from_pixels(self.width, self.height, rgba).map_err(|e| err(reason::DECODE, e.to_string()))?);
        }
        self.picture.as_ref().ok_or_else(|| err(reason::DECODE, "no frame"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip_bytes() -> Vec<u8> {
        let p = crate::paths::workspace_root().join("tests/fixtures/video/clip.webp");
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e} (tools/make-test-clip.sh)", p.display()))
    }

    #[test]
    fn the_test_clip_decodes_with_its_colours() {
        let mut c = Clip::open(clip_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.width, c.height, c.frames, c.duration_ms), (160, 90, 75, 3000));
        let near = |a: [u8; 4], b: [u8; 3]| a[..3].iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 24);
        let f = c.frame_at(0).unwrap_or_else(|e| panic!("{e}")).clone();
        assert!(near(f.pixel(150, 10), [0xe0, 0x20, 0xc0]), "magenta top: {:?}", f.pixel(150, 10));
        assert!(near(f.pixel(150, 80), [0x20, 0xc0, 0x40]), "green bottom: {:?}", f.pixel(150, 80));
        assert_eq!(c.index(), Some(0));
        let _ = c.frame_at(1010).map(|_| ());
        assert_eq!(c.index(), Some(25), "40 ms frames");
        let _ = c.frame_at(100).map(|_| ());
        assert_eq!(c.index(), Some(2), "a seek back restarts");
        let _ = c.frame_at(99_999).map(|_| ());
        assert_eq!(c.index(), Some(74), "past the end: the last frame");
    }

    #[test]
    fn bad_files_have_their_reason() {
        let reason_of = |b: Vec<u8>| Clip::open(b).map(|_| ()).map_err(|e| e.reason);
        assert_eq!(reason_of(Vec::new()), Err(reason::DECODE));
        assert_eq!(reason_of(b"\x1aE\xdf\xa3 webm".to_vec()), Err(reason::UNSUPPORTED));
        let mut cut = clip_bytes();
        cut.truncate(cut.len() / 3);
        // Truncated: the header may parse; then a frame fails.
        match Clip::open(cut) {
            Err(e) => assert_eq!(e.reason, reason::DECODE),
            Ok(mut c) => assert_eq!(c.frame_at(2900).map(|_| ()).map_err(|e| e.reason), Err(reason::DECODE)),
        }
    }
}
