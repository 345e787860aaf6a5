//! The video gates of a certification run (issue 17), from the run's
//! `summary.video` (the native host's video plane, `reel_host::video`).
//!
//! * `video-decoders`: no play request was refused for `decoder-limit` —
//!   the app never asked the device for more videos at once than its
//!   `video.max_decoders` (it would stay paused there, with an error event).
//! * `video-ttff`: the worst time from a play request to its first frame on
//!   screen, emulated ms, at most the profile's `video.max_ttff_ms`.
//!
//! An app that plays no video passes both (nothing refused, nothing waited
//! for), so the figures and the JUnit counts of a run without video are the
//! same kind as any other check's.

use reel_host::Profile;
use reel_quickjs::RunSummary;

use super::checks::{Check, Status};

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The two video checks of a run.
pub fn evaluate(profile: &Profile, s: &RunSummary) -> Vec<Check> {
    let v = &s.video;
    let max = profile.video.max_decoders;
    let refused = v.decoder_limit_errors;
    let decoders = Check {
        id: "video-decoders",
        title: "videos within the device's decoders".into(),
        status: if refused == 0 { Status::Pass } else { Status::Fail },
        measured: Some(f64::from(refused)),
        limit: Some(0.0),
        unit: "",
        detail: if v.players == 0 {
            "the app plays no video".into()
        } else {
            let first = v.errors.iter().find(|e| e.ends_with("(decoder-limit)"));
            format!(
                "{refused} play request(s) refused with decoder-limit; peak {} of {max} decoder(s) in use{}",
                v.decoders_peak,
                first.map(|e| format!("; first: {e}")).unwrap_or_default()
            )
        },
    };
    let limit = profile.video.max_ttff_ms;
    let worst = r3(v.ttff_max_ms);
    let ttff = Check {
        id: "video-ttff",
        title: "time to first video frame".into(),
        status: if worst <= limit { Status::Pass } else { Status::Fail },
        measured: Some(worst),
        limit: Some(r3(limit)),
        unit: "ms",
        detail: if v.ttff_ms.is_empty() {
            format!("no video started playing ({} player(s), {} error(s))", v.players, v.errors.len())
        } else {
            format!(
                "{worst} ms {} {} ms (worst of {} play request(s), emulated; {} of {} expected frames presented)",
                if worst <= limit { "<=" } else { ">" },
                r3(limit),
                v.ttff_ms.len(),
                v.frames_presented,
                v.frames_expected
            )
        },
    };
    vec![decoders, ttff]
}
