//! Issue 18, finding 1, against the real engine.wasm under the supervisor:
//! the engine's own snapshots always replay (an animation between huge
//! finite values used to poison the journal: every later recovery failed
//! with `journal replay: batch 0 was rejected`), and a recovery that does
//! fail is counted, so hosts can fail the run.

mod common;

use reel_engine::anim::easing::Easing;
use reel_engine::anim::{Direction, Timing};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_host::supervisor::{Fault, Resolution, SupervisorConfig};
use reel_host::wasm_engine::EngineLimits;
use reel_host::{EngineThread, StepReport};

fn spawn(faults: Vec<Fault>, journal_max_batches: usize) -> EngineThread {
    let p = common::profile(64);
    let mut cfg = SupervisorConfig::from_profile(&p);
    cfg.faults = faults;
    cfg.journal_max_batches = journal_max_batches;
    match EngineThread::spawn(common::engine_wasm(), EngineLimits::from_profile(&p), cfg) {
        Ok(t) => t,
        Err(e) => panic!("engine thread: {e}"),
    }
}

/// The scene: x = -3e38 animated to 3e38, plus a bouncy spring on
/// alpha and a back curve on the width (overshoot past their ranges).
fn huge_animation() -> Vec<u8> {
    let t = |easing| Timing { duration_ms: 1000.0, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing };
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(
            1,
            &[(key::X, V::F32(-3e38)), (key::W, V::F32(100.0)), (key::H, V::F32(100.0)), (key::ALPHA, V::F32(0.0)), (key::COLOR, V::U32(0xff0000ff))],
        )
        .insert(0, 1, NONE)
        .create(2, NodeKind::View)
        .set_props(2, &[(key::X, V::F32(20.0)), (key::W, V::F32(50.0)), (key::H, V::F32(50.0)), (key::COLOR, V::U32(0x00ff00ff))])
        .insert(0, 2, NONE)
        .frame(0.0)
        .animate(1, 1, &t(Easing::Linear), &[(key::X, V::F32(3e38))])
        .animate(1, 2, &t(Easing::Spring { stiffness: 170.0, damping: 4.0, mass: 1.0, velocity: 50.0 }), &[(key::ALPHA, V::F32(1.0))])
        .animate(1, 3, &t(Easing::CubicBezier(0.6, -1.5, 0.7, 2.5)), &[(key::W, V::F32(0.0))]);
    b.finish()
}

fn frame_batch(seq: u32, t: f64) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    b.set_props(2, &[(key::Y, V::F32(seq as f32))]).frame(t);
    b.finish()
}

#[test]
fn snapshots_of_huge_animations_replay_after_a_trap() {
    // Compact after every frame: the journal starts from the engine's own
    // snapshot, taken mid-animation. Then traps at several points: each
    // recovery replays that snapshot.
    let faults = [8u64, 14, 21].iter().map(|&request| Fault::FuelLimit { request, fuel: 1_000 }).collect();
    let mut t = spawn(faults, 1);
    let mut reports: Vec<StepReport> = vec![t.submit(huge_animation()).expect("submit")];
    for i in 2..30u32 {
        reports.push(t.submit(frame_batch(i, f64::from(i) * 33.0)).expect("submit"));
    }
    let totals = t.shutdown().expect("shutdown");
    let incidents: Vec<_> = reports.iter().flat_map(|r| r.incidents.iter()).collect();
    assert_eq!(incidents.len(), 3, "{incidents:#?}");
    for i in &incidents {
        assert_eq!(i.resolution, Resolution::Recovered, "{i}");
    }
    assert_eq!(totals.recovery_failures, 0);
    assert!(totals.compactions >= 20, "{totals:?}");
    assert!(reports.iter().all(|r| r.rejected.is_none()), "no batch lost");
    assert_eq!(reports.iter().map(|r| r.frames.len()).sum::<usize>(), 29, "every frame produced");
}

#[test]
fn a_failed_recovery_is_counted_and_later_requests_rebuild() {
    let mut t = spawn(vec![Fault::UnrecoverableTrap { request: 3 }], 64);
    let mut reports = vec![t.submit(huge_animation()).expect("submit")];
    for i in 2..8u32 {
        reports.push(t.submit(frame_batch(i, f64::from(i) * 33.0)).expect("submit"));
    }
    let totals = t.shutdown().expect("shutdown");
    let failed: Vec<_> = reports
        .iter()
        .flat_map(|r| r.incidents.iter())
        .filter(|i| matches!(&i.resolution, Resolution::RecoveryFailed(m) if m.contains("injected fault")))
        .collect();
    assert_eq!(failed.len(), 1, "{reports:#?}");
    assert_eq!(failed[0].request, 3);
    assert_eq!(totals.recovery_failures, 1, "{totals:?}");
    // The batch of the failed request was rejected by the host; the ones
    // after it applied on an instance rebuilt from the journal.
    assert!(reports[2].rejected.is_some());
    for r in &reports[3..] {
        assert!(r.rejected.is_none() && r.incidents.is_empty(), "{r:?}");
        assert_eq!(r.frames.len(), 1);
    }
}
