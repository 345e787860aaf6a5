//! The checks of a certification run: the profile's `[certify]` gates
//! applied to a run's summary.
//!
//! The same checks apply to both engine paths: on a device with
//! `engine.wasm = false` the figures come from the JS fallback engine
//! (wasm2js on QuickJS), its frame times from QuickJS ticks at the
//! profile's `cpu.js_ticks_per_ms`, its memory from the wasm2js linear
//! memory (`ArrayBuffer`) under the same cap.

use reel_host::play::Percentiles;
use reel_host::Profile;
use reel_quickjs::RunSummary;
use serde::Serialize;

/// Outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Within the limit.
    Pass,
    /// Over the limit (or the thing could not be run).
    Fail,
    /// Not measured (say why in the detail).
    Skip,
}

/// One gate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// Stable id (the JUnit testcase name).
    pub id: &'static str,
    /// What is checked, for people.
    pub title: String,
    /// Outcome.
    pub status: Status,
    /// The measured figure (in `unit`).
    pub measured: Option<f64>,
    /// The limit (in `unit`; the check passes when measured <= limit).
    pub limit: Option<f64>,
    /// Unit of `measured` and `limit`.
    pub unit: &'static str,
    /// One line: the figure against the limit, or why not measured.
    pub detail: String,
}

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

const MIB: f64 = 1024.0 * 1024.0;

/// `measured <= limit`.
fn gate(id: &'static str, title: String, measured: f64, limit: f64, unit: &'static str, how: &str) -> Check {
    let (measured, limit) = (r3(measured), r3(limit));
    let u = if unit.is_empty() { String::new() } else { format!(" {unit}") };
    let pass = measured <= limit;
    Check {
        id,
        title,
        status: if pass { Status::Pass } else { Status::Fail },
        measured: Some(measured),
        limit: Some(limit),
        unit,
        detail: format!(
            "{measured}{u} {} {limit}{u}{}",
            if pass { "<=" } else { ">" },
            if how.is_empty() { String::new() } else { format!(" ({how})") }
        ),
    }
}

/// A check that did not run, with the reason.
pub fn skipped(id: &'static str, title: &str, unit: &'static str, why: &str) -> Check {
    Check { id, title: title.into(), status: Status::Skip, measured: None, limit: None, unit, detail: why.into() }
}

/// The ids and titles of every check, in report order.
pub const CHECKS: &[(&str, &str)] = &[
    ("startup-frame", "startup frame time"),
    ("frame-time-p95", "p95 frame time"),
    ("frame-time-p99", "p99 frame time"),
    ("dropped-frames", "frames over budget"),
    ("input-latency", "worst input latency"),
    ("wasm-memory", "peak engine linear memory"),
    ("texture-memory", "peak texture memory"),
    ("js-heap", "peak JS heap"),
    ("js-long-tasks", "JS long tasks"),
    ("js-exceptions", "JS exceptions"),
    ("engine-faults", "engine traps and rejected batches"),
    ("engine-recovery", "engine recovered after every trap"),
    // The accessibility gates (`super::a11y`, appended by `certify_device`).
    ("a11y-names", "every focused node had an accessible name"),
    ("a11y-contrast", "text contrast at checkpoints"),
    ("a11y-focus", "focus reachable with arrow keys, never lost"),
    // The video gates (`super::video`, appended after the a11y ones).
    ("video-decoders", "videos within the device's decoders"),
    ("video-ttff", "time to first video frame"),
];

/// Applies `profile.certify` to a run; `frame_ms` are the emulated times
/// of its engine frames in order, `js_ms` the app's JS time of each host
/// frame after module evaluation (emulated ms at the profile's
/// `js.ticks_per_ms`).
pub fn evaluate(profile: &Profile, s: &RunSummary, frame_ms: &[f64], js_ms: &[f64]) -> Vec<Check> {
    let c = &profile.certify;
    let e = &s.engine;
    let budget = profile.budget_ms();
    let skip = (c.startup_frames as usize).min(frame_ms.len());
    let (startup, steady) = frame_ms.split_at(skip);
    let pct = Percentiles::of(steady);
    let dropped = steady.iter().filter(|&&m| m > budget).count();
    let mut out = vec![
        if startup.is_empty() {
            skipped("startup-frame", "startup frame time", "ms", "certify.startup_frames = 0")
        } else {
            gate(
                "startup-frame",
                "startup frame time".into(),
                startup.iter().copied().fold(0.0, f64::max),
                c.max_startup_ms,
                "ms",
                &format!("worst of the first {} frame(s): the app's initial build", startup.len()),
            )
        },
        gate(
            "frame-time-p95",
            "p95 frame time".into(),
            pct.p95,
            budget * c.frame_p95_factor,
            "ms",
            &format!("budget {:.3} ms x {}; frames after startup", budget, c.frame_p95_factor),
        ),
        gate(
            "frame-time-p99",
            "p99 frame time".into(),
            pct.p99,
            budget * c.frame_p99_factor,
            "ms",
            &format!("budget {:.3} ms x {}; frames after startup", budget, c.frame_p99_factor),
        ),
    ];
    let dropped_pct = if steady.is_empty() { 100.0 } else { dropped as f64 * 100.0 / steady.len() as f64 };
    out.push(gate(
        "dropped-frames",
        "frames over budget".into(),
        dropped_pct,
        c.max_dropped_pct,
        "%",
        &format!("{dropped} of {} frames after startup", steady.len()),
    ));
    out.push(match &s.input {
        None => skipped("input-latency", "worst input latency", "ms", "the script injects no keys"),
        Some(i) if i.keydowns == 0 => skipped("input-latency", "worst input latency", "ms", "the script injects no keys"),
        Some(i) if i.focus_moves == 0 => Check {
            id: "input-latency",
            title: "worst input latency".into(),
            status: Status::Fail,
            measured: None,
            limit: Some(c.max_input_latency_ms),
            unit: "ms",
            detail: format!("none of the {} keydowns moved focus: the app does not react to keys", i.keydowns),
        },
        Some(i) => gate(
            "input-latency",
            "worst input latency".into(),
            i.latency_ms.max,
            c.max_input_latency_ms,
            "ms",
            &format!("{} of {} keydowns moved focus; p95 {} ms", i.focus_moves, i.keydowns, i.latency_ms.p95),
        ),
    });
    out.push(gate(
        "wasm-memory",
        "peak engine linear memory".into(),
        e.peak_memory_bytes as f64 / MIB,
        profile.memory_cap_bytes() as f64 / MIB * c.memory_ratio,
        "MiB",
        &format!(
            "cap {} MiB x {}{}",
            profile.engine.memory_cap_mib,
            c.memory_ratio,
            if profile.engine.wasm { "" } else { "; the wasm2js engine's linear memory" }
        ),
    ));
    out.push(gate(
        "texture-memory",
        "peak texture memory".into(),
        e.peak_texture_bytes as f64 / MIB,
        profile.texture_budget_bytes() as f64 / MIB * c.texture_ratio,
        "MiB",
        &format!("budget {} MiB x {}", profile.engine.texture_budget_mib, c.texture_ratio),
    ));
    out.push(gate(
        "js-heap",
        "peak JS heap".into(),
        s.js.heap_peak_bytes as f64 / MIB,
        c.js_heap_mib as f64,
        "MiB",
        "QuickJS malloc_size after each frame",
    ));
    out.push(js_long_tasks(c, s, js_ms));
    let mut ex = gate("js-exceptions", "JS exceptions".into(), s.js.exceptions_total as f64, 0.0, "", "");
    if let Some(first) = s.js.exceptions.first() {
        ex.detail = format!("{} exception(s); first: {first}", s.js.exceptions_total);
    }
    out.push(ex);
    let faults = e.traps + e.rejected_batches;
    let mut f = gate("engine-faults", "engine traps and rejected batches".into(), faults as f64, 0.0, "", "");
    f.detail = format!(
        "{} traps ({} recoveries), {} rejected batches, {} skipped frames",
        e.traps, e.recoveries, e.rejected_batches, e.frames_skipped
    );
    out.push(f);
    // Separate from engine-faults: a trap the supervisor recovered from is
    // a cost, a trap after which no instance could be rebuilt from the
    // journal is a screen that stopped updating.
    let failed = e.recovery_failures;
    let mut r = gate("engine-recovery", "engine recovered after every trap".into(), failed as f64, 0.0, "", "");
    r.detail = match e.incidents.iter().find(|i| i.contains("recovery failed")) {
        Some(first) => format!("{failed} failed recoveries (the screen stopped updating); first: {first}"),
        None => format!("{failed} failed recoveries of {} traps", e.traps),
    };
    out.push(r);
    debug_assert_eq!(out.len() + 5, CHECKS.len(), "the last 5 are super::a11y's and super::video's");
    out
}

/// The app's own thread: host frames after the startup frames whose JS ran
/// longer than `certify.js_long_task_ms`, at most `max_js_long_tasks`; an
/// app the host had to stop (its JS at the per-frame limit frame after
/// frame) fails whatever the count.
fn js_long_tasks(c: &reel_host::profile::Certify, s: &RunSummary, js_ms: &[f64]) -> Check {
    let skip = (c.startup_frames as usize).min(js_ms.len());
    let steady = &js_ms[skip..];
    let long = steady.iter().filter(|&&ms| ms > c.js_long_task_ms).count();
    let pct = Percentiles::of(steady);
    let mut check = gate(
        "js-long-tasks",
        "JS long tasks".into(),
        long as f64,
        c.max_js_long_tasks as f64,
        "",
        "",
    );
    check.detail = format!(
        "{long} of {} host frames after startup ran app JS longer than {} ms (limit {}); JS per frame p95 {} ms, max {} ms, startup {} ms (emulated, {} QuickJS ticks/ms)",
        steady.len(),
        c.js_long_task_ms,
        c.max_js_long_tasks,
        pct.p95,
        pct.max,
        s.js.startup_ms,
        s.js.ticks_per_ms
    );
    if let Some(why) = &s.js.stopped {
        check.status = Status::Fail;
        check.detail = format!("{}; {why}", check.detail);
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_host::paths;
    use reel_host::supervisor::Fault;
    use reel_quickjs::{run_app, RunOptions};

    /// A real run of the hello app on engine.wasm, `fault` injected.
    fn checks_of(faults: Vec<Fault>) -> Vec<Check> {
        let profile = match Profile::load("tv-midrange", &paths::devices_dir()) {
            Ok(p) => p,
            Err(e) => panic!("profile: {e}"),
        };
        let app = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/apps/hello.js");
        let report = match run_app(&app, &profile, RunOptions { frames: 20, faults, ..Default::default() }) {
            Ok(r) => r,
            Err(e) => panic!("run: {e}"),
        };
        let ms: Vec<f64> = report.frames.iter().map(|f| f.emulated_ms).collect();
        evaluate(&profile, &report.summary, &ms, &report.js_frame_ms)
    }

    fn check<'a>(checks: &'a [Check], id: &str) -> &'a Check {
        checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}"))
    }

    #[test]
    fn a_failed_recovery_fails_certification() {
        let checks = checks_of(vec![Fault::UnrecoverableTrap { request: 6 }]);
        let c = check(&checks, "engine-recovery");
        assert_eq!(c.status, Status::Fail, "{c:?}");
        assert_eq!(c.measured, Some(1.0));
        assert!(c.detail.contains("1 failed recoveries (the screen stopped updating); first: frame 6"), "{}", c.detail);
        assert!(c.detail.contains("injected fault"), "{}", c.detail);
        // A trap the supervisor recovers from costs engine-faults, not this.
        let checks = checks_of(vec![Fault::FuelLimit { request: 6, fuel: 1_000 }]);
        let c = check(&checks, "engine-recovery");
        assert_eq!(c.status, Status::Pass, "{c:?}");
        assert_eq!(c.detail, "0 failed recoveries of 1 traps");
        assert_eq!(check(&checks, "engine-faults").status, Status::Fail);
    }
}
