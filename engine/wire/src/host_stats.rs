//! Figures only a host knows (its own frame timing, the channel, the JS
//! heap), in the form `reel_overlay_host_stats` reads them: the debug
//! overlay's timeline, memory and channel panels show them.
//!
//! Outside the `overlay` module on purpose: that module (and egui) exists
//! only in the debug build, while every host writes this struct — one
//! definition of the wire form for the engine and its hosts.

use bytemuck::{Pod, Zeroable};

/// 36 bytes, little-endian, `repr(C)` in this field order; a host may send
/// a prefix (missing fields read 0, except `app_js_ms`, which reads -1:
/// "not reported" — 0 ms of app JS is a real, common figure).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Pod, Zeroable)]
pub struct HostStats {
    /// Time the engine spent on the last frame (submit + frame), ms.
    pub engine_ms: f32,
    /// Time between the last two frames on the host, ms.
    pub frame_interval_ms: f32,
    /// Delay between a batch being sent and applied, ms.
    pub queue_delay_ms: f32,
    /// Bytes of batches sent for the last frame.
    pub batch_bytes: u32,
    /// Batches sent for the last frame.
    pub batches: u32,
    /// JS heap in use (0: the host does not know).
    pub js_heap_bytes: u32,
    /// JS heap limit (0: unknown).
    pub js_heap_limit: u32,
    /// Frames the host dropped so far.
    pub dropped_frames: u32,
    /// The app's JS time on its own thread during the last host frame, ms
    /// (the native host: QuickJS ticks on the device's CPU model); -1 when
    /// the host does not measure it (a 32-byte prefix). An app that hogs
    /// its thread shows here while the engine's own figures stay low.
    pub app_js_ms: f32,
}

impl Default for HostStats {
    /// Nothing reported (app JS time: -1, not measured).
    fn default() -> Self {
        Self::from_words(&[])
    }
}

impl HostStats {
    /// Size of the wire form.
    pub const BYTES: usize = 36;
    /// Size of the wire form in 32-bit words.
    pub const WORDS: usize = Self::BYTES / 4;
    /// The shorter form hosts sent before `app_js_ms` existed.
    pub const BYTES_WITHOUT_JS: usize = 32;

    /// The wire form (little-endian on every target).
    pub fn to_bytes(&self) -> [u8; Self::BYTES] {
        let mut out = [0u8; Self::BYTES];
        for (chunk, w) in out.chunks_exact_mut(4).zip(bytemuck::cast::<Self, [u32; Self::WORDS]>(*self)) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Reads a wire form or a prefix of it (missing fields read 0;
    /// a missing `app_js_ms` reads -1).
    pub fn from_prefix(bytes: &[u8]) -> Self {
        let mut words = [0u32; Self::WORDS];
        let n = bytes.len().min(Self::BYTES) / 4;
        for (w, chunk) in words.iter_mut().zip(bytes.chunks_exact(4)) {
            *w = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Self::from_words(&words[..n])
    }

    /// The same from native-endian words already read (the ABI's input
    /// buffer); `words` may be a prefix.
    pub fn from_words(words: &[u32]) -> Self {
        let mut all = [0u32; Self::WORDS];
        let n = words.len().min(Self::WORDS);
        all[..n].copy_from_slice(&words[..n]);
        if n < Self::WORDS {
            all[Self::WORDS - 1] = (-1.0f32).to_bits();
        }
        bytemuck::cast(all)
    }

    /// Whether the host measured its app's JS time.
    pub fn app_js_reported(&self) -> bool {
        self.app_js_ms >= 0.0
    }
}

const _: () = assert!(core::mem::size_of::<HostStats>() == HostStats::BYTES);

#[cfg(test)]
mod tests {
    use super::HostStats;

    #[test]
    fn wire_form_round_trips_and_prefixes_read_zero() {
        let s = HostStats { engine_ms: 1.5, frame_interval_ms: 16.5, queue_delay_ms: 0.25, batch_bytes: 48, batches: 2, js_heap_bytes: 14 << 20, js_heap_limit: 128 << 20, dropped_frames: 3, app_js_ms: 0.0 };
        let b = s.to_bytes();
        assert_eq!(f32::from_le_bytes([b[4], b[5], b[6], b[7]]), 16.5);
        assert_eq!(u32::from_le_bytes([b[28], b[29], b[30], b[31]]), 3);
        assert_eq!(HostStats::from_prefix(&b), s);
        let p = HostStats::from_prefix(&b[..12]);
        assert_eq!((p.engine_ms, p.queue_delay_ms, p.batches, p.dropped_frames), (1.5, 0.25, 0, 0));
        // A host that measured 0 ms of app JS says so; one that sends the
        // 32-byte form did not measure it.
        assert!(HostStats::from_prefix(&b).app_js_reported());
        let old = HostStats::from_prefix(&b[..HostStats::BYTES_WITHOUT_JS]);
        assert!(!old.app_js_reported());
        assert_eq!(old.dropped_frames, 3);
        assert_eq!(HostStats::from_words(&[0; 9]).app_js_ms, 0.0);
    }
}
