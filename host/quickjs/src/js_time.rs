//! The app's JS time per host frame on the emulated CPU, and the escalation
//! of a frame limit that keeps being hit.
//!
//! # Why the boundary is here
//! [`crate::vm`] counts interrupt polls and enforces the per-frame limit
//! inside one frame; whether the app as a whole is live-locked is a
//! question across frames, answered once per frame by the frame loop
//! ([`crate::run`]) with this tracker. Keeping the series and the streak
//! here keeps the VM free of run-level policy and gives the summary and
//! `reel certify` one source for the JS figures.

use crate::vm::JsLimits;

/// A host frame whose JS runs longer than this is a long task in the run
/// summary (the W3C Long Tasks threshold); `reel certify` applies the
/// profile's own `certify.js_long_task_ms` to the series.
pub const LONG_TASK_MS: f64 = 50.0;

/// JS time of a run, frame by frame.
#[derive(Clone, Debug)]
pub struct JsTime {
    limits: JsLimits,
    /// Module evaluation (host frame 0), emulated ms.
    pub startup_ms: f64,
    /// Host frames 1.., emulated ms.
    pub frame_ms: Vec<f64>,
    /// Frames (0 included) in which the per-frame limit was reached.
    pub over_limit_frames: u32,
    streak: u32,
    streak_start: u32,
}

impl JsTime {
    /// An empty record for these limits.
    pub fn new(limits: JsLimits, frames: u32) -> Self {
        Self {
            limits,
            startup_ms: 0.0,
            frame_ms: Vec::with_capacity(frames as usize),
            over_limit_frames: 0,
            streak: 0,
            streak_start: 0,
        }
    }

    /// `polls` interrupt polls of JS in emulated ms (the device's CPU model).
    pub fn polls_ms(&self, polls: u64) -> f64 {
        self.limits.polls_ms(polls)
    }

    /// Records host frame `frame` (0: module evaluation): `polls` interrupt
    /// polls of JS, `cut` why the host cut its JS short (`None`: it did
    /// not; see [`crate::vm::Vm::frame_cut`]). Returns why the app must be
    /// stopped once `overrun_frames` frames in a row were cut short.
    pub fn end_frame(&mut self, frame: u32, polls: u64, cut: Option<String>) -> Option<String> {
        let ms = self.limits.polls_ms(polls);
        if frame == 0 {
            self.startup_ms = ms;
        } else {
            self.frame_ms.push(ms);
        }
        let Some(why) = cut else {
            self.streak = 0;
            return None;
        };
        self.over_limit_frames += 1;
        if self.streak == 0 {
            self.streak_start = frame;
        }
        self.streak += 1;
        (self.streak >= self.limits.overrun_frames).then(|| {
            format!(
                "stopped the app: the host had to cut its JS short in {} consecutive host frames ({}..={}; js.overrun_frames = {}), \
                 last: {why} (per-frame limit {:.1} ms, emulated at {} QuickJS ticks/ms). An endless loop or promise chain?",
                self.streak,
                self.streak_start,
                frame,
                self.limits.overrun_frames,
                self.limits.frame_limit_ms(),
                self.limits.ticks_per_ms,
            )
        })
    }

    /// Host frames 1.. whose JS ran longer than `threshold_ms`.
    pub fn long_tasks(&self, threshold_ms: f64) -> u32 {
        self.frame_ms.iter().filter(|&&ms| ms > threshold_ms).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> JsLimits {
        JsLimits {
            heap_bytes: 1 << 20,
            stack_bytes: 1 << 20,
            watchdog_polls: 1000,
            max_jobs_per_checkpoint: 1000,
            ticks_per_ms: 20_000,
            frame_polls: 100,
            overrun_frames: 3,
        }
    }

    #[test]
    fn ms_streak_and_stop() {
        let mut t = JsTime::new(limits(), 8);
        let cut = || Some("its JS reached the limit".to_string());
        assert_eq!(t.end_frame(0, 4, None), None);
        assert_eq!(t.startup_ms, 2.0, "4 polls x 10k ticks at 20k ticks/ms");
        assert_eq!(t.end_frame(1, 101, cut()), None);
        assert_eq!(t.end_frame(2, 0, None), None, "the streak restarts");
        assert_eq!(t.end_frame(3, 101, cut()), None);
        assert_eq!(t.end_frame(4, 100, cut()), None);
        let m = t.end_frame(5, 101, cut()).expect("third frame in a row stops the app");
        assert!(m.contains("limit 50.0 ms") && m.contains("3 consecutive host frames (3..=5") && m.contains("last: its JS reached the limit"), "{m}");
        assert_eq!(t.over_limit_frames, 4);
        assert_eq!(t.frame_ms.len(), 5);
        assert_eq!(t.long_tasks(LONG_TASK_MS), 3, "50.5, 50.5 and 50.5 ms; 50.0 is not over");
    }
}
