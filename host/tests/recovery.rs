//! Recovery from engine traps, through the engine thread, against the real
//! engine.wasm: out-of-memory on a huge batch, a forced watchdog trap, a
//! malformed batch, journal compaction.

mod common;

use reel_engine::display_list::OwnedDisplayList;
use reel_engine::protocol::events::Event;
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{op, BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_host::supervisor::{Fault, Resolution, SupervisorConfig, HOST_TRAP_CODE};
use reel_host::wasm_engine::{EngineError, EngineLimits, EngineModule, TrapReason};
use reel_host::{EngineThread, Profile, StepReport};

/// A small scene: a row of coloured tiles.
fn scene_batch(seq: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    b.create(1, NodeKind::View);
    b.set_props(
        1,
        &[
            (key::W, PropValue::Percent(100.0)),
            (key::H, PropValue::Percent(100.0)),
            (key::COLOR, PropValue::U32(0x102030FF)),
        ],
    );
    b.insert(0, 1, NONE);
    for i in 0..20u32 {
        let id = 10 + i;
        b.create(id, NodeKind::View);
        b.set_props(
            id,
            &[
                (key::X, PropValue::F32(10.0 + 30.0 * i as f32)),
                (key::Y, PropValue::F32(40.0)),
                (key::W, PropValue::F32(24.0)),
                (key::H, PropValue::F32(24.0)),
                (key::COLOR, PropValue::U32(0xFF000000 | (i * 12) << 8 | 0xFF)),
            ],
        );
        b.insert(1, id, NONE);
    }
    b.frame(0.0);
    b.finish()
}

/// Moves tile `i` and changes its colour.
fn move_batch(seq: u32, i: u32, t: f64) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    b.set_props(10 + i, &[(key::Y, PropValue::F32(100.0 + i as f32)), (key::COLOR, PropValue::U32(0x00FF00FF))]);
    b.frame(t);
    b.finish()
}

/// Creates `n` nodes in one batch: far more than a small cap allows.
fn huge_batch(seq: u32, n: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    for i in 0..n {
        let id = 100_000 + i;
        b.create(id, NodeKind::View);
        b.set_props(id, &[(key::W, PropValue::F32(1.0)), (key::H, PropValue::F32(1.0)), (key::COLOR, PropValue::U32(0xFFFFFFFF))]);
        b.insert(1, id, NONE);
    }
    b.frame(16.0);
    b.finish()
}

fn spawn(p: &Profile, faults: Vec<Fault>) -> EngineThread {
    let mut cfg = SupervisorConfig::from_profile(p);
    cfg.faults = faults;
    match EngineThread::spawn(common::engine_wasm(), EngineLimits::from_profile(p), cfg) {
        Ok(t) => t,
        Err(e) => panic!("engine thread: {e}"),
    }
}

/// Runs the batches; returns every step's report and the last display list.
fn run(p: &Profile, batches: &[Vec<u8>], faults: Vec<Fault>) -> (Vec<StepReport>, OwnedDisplayList) {
    let mut t = spawn(p, faults);
    let mut reports = Vec::new();
    let mut last = None;
    for b in batches {
        let r = t.submit(b.clone()).expect("submit never errors: traps are recovered");
        for f in &r.frames {
            if let Some(dl) = &f.display_list {
                last = Some(dl.clone());
            }
        }
        reports.push(r);
    }
    t.shutdown().expect("clean shutdown");
    (reports, last.expect("at least one frame"))
}

/// The display list without the engine's own frame counter (which restarts
/// with each instance; the host's frame numbers are continuous).
fn same_picture(a: &OwnedDisplayList, b: &OwnedDisplayList) {
    assert_eq!(a.header.viewport_w, b.header.viewport_w);
    assert_eq!(a.header.viewport_h, b.header.viewport_h);
    assert_eq!(a.items.len(), b.items.len(), "item counts differ");
    assert_eq!(a.as_ref().to_text().lines().skip(1).collect::<Vec<_>>(), b.as_ref().to_text().lines().skip(1).collect::<Vec<_>>());
}

#[test]
fn out_of_memory_batch_is_rejected_and_the_scene_goes_on() {
    // 40k nodes: the batch fits in the input buffer and the engine traps
    // applying it (a denied grow, then Rust's abort); 200k nodes: the
    // engine cannot even allocate the input buffer for it.
    for (n, call) in [(40_000, "reel_submit"), (200_000, "reel_input_reserve (returned null)")] {
        out_of_memory_case(n, call);
    }
}

fn out_of_memory_case(n: u32, call: &str) {
    let p = common::profile(8);
    let with_huge = vec![scene_batch(1), move_batch(2, 3, 16.0), huge_batch(3, n), move_batch(4, 5, 33.0), move_batch(5, 7, 50.0)];
    let without: Vec<Vec<u8>> = with_huge.iter().enumerate().filter(|(i, _)| *i != 2).map(|(_, b)| b.clone()).collect();

    let (reports, dl_a) = run(&p, &with_huge, vec![]);
    let (reports_b, dl_b) = run(&p, &without, vec![]);

    // The huge batch: reported as out of memory at frame 3 (the frame it
    // would have produced), retried on a fresh instance, then rejected.
    let huge = &reports[2];
    assert_eq!(huge.incidents.len(), 1, "{:?}", huge.incidents);
    let inc = &huge.incidents[0];
    assert_eq!(inc.frame, 3);
    assert_eq!(inc.request, 3);
    assert_eq!(inc.call, call);
    assert!(matches!(inc.reason, TrapReason::OutOfMemory { cap } if cap == 8 << 20), "{inc}");
    assert_eq!(inc.resolution, Resolution::BatchesRejected(vec![3]));
    let rej = huge.rejected.as_ref().expect("rejected");
    assert_eq!(rej.code, ErrorKind::OutOfMemory.code());
    assert!(rej.message.contains("batch 3"), "{}", rej.message);
    assert!(huge.frames.is_empty());
    assert!(huge.events.iter().any(|e| matches!(e, Event::Error { batch_seq: 3, code: 22, .. })));
    // Everything after it applied.
    for r in &reports[3..] {
        assert!(r.rejected.is_none() && r.incidents.is_empty());
        assert_eq!(r.frames.len(), 1);
    }
    assert_eq!(reports[4].frames[0].frame, 4);
    assert!(reports_b.iter().all(|r| r.incidents.is_empty() && r.rejected.is_none()));
    same_picture(&dl_a, &dl_b);
    assert_eq!(reports.last().map(|r| r.frames[0].stats.nodes), reports_b.last().map(|r| r.frames[0].stats.nodes));
}

/// A batch with a command the engine skipped (an unknown property) is
/// applied without it and journaled whole: a trap two batches later
/// rebuilds the same picture, and the replay reports the skip again to
/// nobody (the app saw it once).
#[test]
fn a_batch_with_a_skipped_command_replays_to_the_same_picture() {
    let p = common::profile(64);
    let mut skip = BatchBuilder::new(2);
    skip.set_props(10, &[(key::Y, PropValue::F32(120.0))]);
    skip.raw(op::SET_PROPS, &[11, 999, 0]);
    skip.set_props(12, &[(key::Y, PropValue::F32(140.0))]);
    skip.frame(16.0);
    let batches = vec![scene_batch(1), skip.finish(), move_batch(3, 4, 33.0), move_batch(4, 5, 50.0)];
    let (clean, dl_clean) = run(&p, &batches, vec![]);
    let (faulty, dl_faulty) = run(&p, &batches, vec![Fault::FuelLimit { request: 4, fuel: 500 }]);
    let r = &clean[1];
    assert!(r.rejected.is_none(), "{:?}", r.rejected);
    assert_eq!(r.frames.len(), 1, "the rest of the batch ran its frame");
    let errs: Vec<_> = r.events.iter().filter(|e| matches!(e, Event::Error { .. })).collect();
    assert!(matches!(errs[..], [Event::Error { batch_seq: 2, cmd_index: 1, code, .. }] if *code == ErrorKind::UnknownProp(999).code()), "{errs:?}");
    let moved = |dl: &OwnedDisplayList, node: u32| dl.items.iter().find(|i| i.node == node).map(|i| i.transform[5]);
    assert_eq!((moved(&dl_clean, 10), moved(&dl_clean, 12)), (Some(120.0), Some(140.0)), "both good writes applied");
    let incidents: Vec<_> = faulty.iter().flat_map(|r| r.incidents.iter()).collect();
    assert_eq!(incidents.len(), 1, "{incidents:?}");
    assert_eq!(incidents[0].resolution, Resolution::Recovered);
    assert!(faulty[3].events.iter().all(|e| !matches!(e, Event::Error { .. })), "the replay's skip is not reported again: {:?}", faulty[3].events);
    same_picture(&dl_clean, &dl_faulty);
}

#[test]
fn transient_watchdog_trap_is_recovered_invisibly() {
    let p = common::profile(64);
    let batches = vec![scene_batch(1), move_batch(2, 1, 16.0), move_batch(3, 2, 33.0), move_batch(4, 3, 50.0)];
    let (clean, dl_clean) = run(&p, &batches, vec![]);
    let (faulty, dl_faulty) = run(&p, &batches, vec![Fault::FuelLimit { request: 3, fuel: 500 }]);

    let incidents: Vec<_> = faulty.iter().flat_map(|r| r.incidents.iter()).collect();
    assert_eq!(incidents.len(), 1, "{incidents:?}");
    assert_eq!(incidents[0].frame, 3);
    assert_eq!(incidents[0].call, "reel_submit");
    assert_eq!(incidents[0].reason, TrapReason::OutOfFuel { limit: 500 });
    assert_eq!(incidents[0].resolution, Resolution::Recovered);
    assert!(faulty.iter().all(|r| r.rejected.is_none()));
    // Same frames, same pictures; only the recovered frame costs more.
    let frames = |rs: &[StepReport]| rs.iter().flat_map(|r| r.frames.iter().map(|f| f.frame)).collect::<Vec<_>>();
    assert_eq!(frames(&clean), frames(&faulty));
    same_picture(&dl_clean, &dl_faulty);
    let f3 = &faulty[2].frames[0];
    assert!(f3.recovery_fuel > 0);
    assert_eq!(f3.fuel - f3.recovery_fuel, clean[2].frames[0].fuel, "app work is charged the same");
}

#[test]
fn explicit_frame_trap_is_recovered() {
    let p = common::profile(64);
    let mut t = spawn(&p, vec![Fault::FuelLimit { request: 3, fuel: 200 }]);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View).set_props(1, &[(key::W, PropValue::F32(50.0)), (key::H, PropValue::F32(50.0)), (key::COLOR, PropValue::U32(0xFF0000FF))]).insert(0, 1, NONE);
    t.submit(b.finish()).expect("submit");
    let f1 = t.frame(0.0).expect("frame 1");
    assert_eq!(f1.frames.len(), 1);
    let f2 = t.frame(16.0).expect("frame 2");
    assert_eq!(f2.incidents.len(), 1);
    assert_eq!(f2.incidents[0].call, "reel_frame");
    assert_eq!(f2.incidents[0].resolution, Resolution::Recovered);
    assert_eq!(f2.frames.len(), 1);
    assert_eq!(f2.frames[0].frame, 2);
    let a = f1.frames[0].display_list.as_ref().expect("dl");
    let b2 = f2.frames[0].display_list.as_ref().expect("dl");
    same_picture(a, b2);
    let totals = t.shutdown().expect("shutdown");
    assert_eq!(totals.traps, 1);
    assert_eq!(totals.recoveries, 1);
}

#[test]
fn malformed_batch_gives_an_error_event_and_the_scene_continues() {
    let p = common::profile(64);
    let mut t = spawn(&p, vec![]);
    t.submit(scene_batch(1)).expect("scene");
    // Command 2 is malformed: a SET_PROPS whose entries are cut short.
    let mut bad = BatchBuilder::new(2);
    bad.set_props(10, &[(key::X, PropValue::F32(1.0))]);
    bad.set_props(11, &[(key::X, PropValue::F32(2.0))]);
    bad.raw(op::SET_PROPS, &[12, 999]);
    bad.frame(16.0);
    let r = t.submit(bad.finish()).expect("submit");
    let rej = r.rejected.as_ref().expect("rejected");
    assert_eq!(rej.seq, 2);
    assert_eq!(rej.cmd_index, 2);
    assert_eq!(rej.code, ErrorKind::BadLength { words: 3 }.code());
    assert!(r.incidents.is_empty());
    assert!(r.frames.is_empty(), "a rejected batch runs no frame");
    assert!(r.events.iter().any(|e| matches!(e, Event::Error { batch_seq: 2, cmd_index: 2, .. })), "{:?}", r.events);
    let ok = t.submit(move_batch(3, 4, 33.0)).expect("next batch");
    assert!(ok.rejected.is_none());
    assert_eq!(ok.frames.len(), 1);
    assert_eq!(ok.frames[0].frame, 2);
    assert_eq!(ok.frames[0].stats.rejected, 1, "the engine counts the rejection in the next frame's stats");
    let totals = t.shutdown().expect("shutdown");
    assert_eq!(totals.rejected_by_engine, 1);
    assert_eq!(totals.traps, 0);
}

#[test]
fn recovery_after_journal_compaction() {
    let p = common::profile(64);
    let batches: Vec<Vec<u8>> =
        std::iter::once(scene_batch(1)).chain((0..10u32).map(|i| move_batch(2 + i, i % 20, 16.0 * (i + 1) as f64))).collect();
    let (_, clean) = run(&p, &batches, vec![]);
    let mut cfg = SupervisorConfig::from_profile(&p);
    cfg.journal_max_batches = 3;
    cfg.faults = vec![Fault::FuelLimit { request: 9, fuel: 100 }];
    let mut t = EngineThread::spawn(common::engine_wasm(), EngineLimits::from_profile(&p), cfg).expect("spawn");
    let mut last = None;
    for b in &batches {
        let r = t.submit(b.clone()).expect("submit");
        if let Some(dl) = r.frames.last().and_then(|f| f.display_list.clone()) {
            last = Some(dl);
        }
    }
    let snap = t.snapshot().expect("snapshot");
    assert!(!snap.is_empty());
    let totals = t.shutdown().expect("shutdown");
    assert!(totals.compactions >= 2, "{totals:?}");
    assert_eq!(totals.recoveries, 1);
    same_picture(&clean, &last.expect("dl"));
}

#[test]
fn module_with_imports_is_rejected() {
    // (module (import "env" "f" (func)))
    let wasm: &[u8] = &[
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
        0x02, 0x09, 0x01, 0x03, b'e', b'n', b'v', 0x01, b'f', 0x00, 0x00, // import env.f
    ];
    let limits = EngineLimits::from_profile(&common::profile(16));
    match EngineModule::new(wasm, limits) {
        Err(EngineError::BadModule(m)) => assert!(m.contains("must import nothing") && m.contains("env::f"), "{m}"),
        other => panic!("expected BadModule, got {other:?}"),
    }
    match EngineModule::new(b"not wasm", limits) {
        Err(EngineError::BadModule(m)) => assert!(m.contains("does not compile"), "{m}"),
        other => panic!("expected BadModule, got {other:?}"),
    }
}

#[test]
fn real_engine_has_no_imports_and_the_right_abi() {
    let limits = EngineLimits::from_profile(&common::profile(16));
    let m = EngineModule::new(&common::engine_wasm(), limits).expect("engine.wasm compiles and imports nothing");
    let mut e = reel_host::WasmEngine::new(&m).expect("instance");
    e.init(320, 200).expect("init");
    let out = e.frame(0.0).expect("frame");
    assert!(out.fuel > 0);
    assert_eq!(out.frames().count(), 1);
    let dl = e.display_list().expect("display list");
    assert_eq!(dl.header.viewport_w, 320.0);
    let f = e.run_frame(16.0).expect("frame 2");
    assert_eq!(f.stats.frame, 2);
    assert_eq!(f.display_list.header.frame, 2);
    assert!(f.fuel_used > 0 && f.events.len() == 1);
    let snap = e.snapshot().expect("snapshot");
    assert_eq!(&snap[..4], b"REEL");
    assert!(e.memory_bytes() > 0 && e.memory_bytes() <= 16 << 20);
}

#[test]
fn batch_that_always_traps_is_rejected_with_a_host_error() {
    let p = common::profile(64);
    let batches = vec![scene_batch(1), move_batch(2, 1, 16.0), move_batch(3, 2, 33.0), move_batch(4, 3, 50.0)];
    let clean: Vec<Vec<u8>> = batches.iter().enumerate().filter(|(i, _)| *i != 2).map(|(_, b)| b.clone()).collect();
    let (_, dl_clean) = run(&p, &clean, vec![]);
    let (reports, dl) = run(&p, &batches, vec![Fault::PersistentFuelLimit { request: 3, fuel: 300 }]);
    let r = &reports[2];
    assert_eq!(r.incidents.len(), 1);
    assert_eq!(r.incidents[0].resolution, Resolution::BatchesRejected(vec![3]));
    let rej = r.rejected.as_ref().expect("rejected");
    assert_eq!(rej.code, HOST_TRAP_CODE);
    assert!(rej.message.contains("watchdog"), "{}", rej.message);
    assert!(reports[3].rejected.is_none() && reports[3].incidents.is_empty());
    same_picture(&dl_clean, &dl);
}

#[test]
fn frame_that_always_traps_is_dropped_and_nothing_is_lost() {
    let p = common::profile(64);
    let mut t = spawn(&p, vec![Fault::PersistentFuelLimit { request: 5, fuel: 300 }]);
    t.submit(without_frame(scene_batch(1))).expect("1");
    assert_eq!(t.frame(0.0).expect("2").frames.len(), 1);
    t.submit(without_frame(move_batch(3, 1, 0.0))).expect("3");
    t.submit(without_frame(move_batch(4, 2, 0.0))).expect("4");
    let dropped = t.frame(16.0).expect("5: answered, not an error");
    assert!(dropped.frames.is_empty());
    assert_eq!(dropped.incidents.len(), 1);
    assert_eq!(dropped.incidents[0].resolution, Resolution::FrameDropped);
    assert_eq!(dropped.incidents[0].frame, 2);
    let next = t.frame(33.0).expect("6");
    assert_eq!(next.frames.len(), 1);
    assert_eq!(next.frames[0].frame, 2);
    let totals = t.shutdown().expect("shutdown");
    assert_eq!(totals.frames_dropped, 1);
    assert_eq!(totals.rejected_by_host, 0, "the pending batches were innocent and kept");

    // Same picture as a run that never dropped a frame.
    let mut c = spawn(&p, vec![]);
    c.submit(without_frame(scene_batch(1))).expect("1");
    c.submit(without_frame(move_batch(3, 1, 0.0))).expect("3");
    c.submit(without_frame(move_batch(4, 2, 0.0))).expect("4");
    let clean = c.frame(33.0).expect("frame");
    same_picture(
        clean.frames[0].display_list.as_ref().expect("dl"),
        next.frames[0].display_list.as_ref().expect("dl"),
    );
}

/// The batch with its trailing FRAME command removed (count - 1, last 3 words cut).
fn without_frame(mut b: Vec<u8>) -> Vec<u8> {
    let count = u32::from_le_bytes([b[12], b[13], b[14], b[15]]) - 1;
    b[12..16].copy_from_slice(&count.to_le_bytes());
    b.truncate(b.len() - 12);
    b
}

#[test]
fn recovery_from_a_snapshot_keeps_running_animations() {
    // The sample scene starts an endless animation in its first batch; with
    // a journal compacted after every frame, recovery rebuilds from a
    // snapshot alone, which must carry the animation on.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/scenes/sample-home.scene");
    let input = reel_host::load_input(&path).expect("sample scene");
    let p = common::profile(64);
    let (_, clean) = run(&p, &input.batches, vec![]);
    let mut cfg = SupervisorConfig::from_profile(&p);
    cfg.journal_max_batches = 1;
    cfg.faults = vec![Fault::FuelLimit { request: 6, fuel: 1000 }];
    let mut t = EngineThread::spawn(common::engine_wasm(), EngineLimits::from_profile(&p), cfg).expect("spawn");
    let mut last = None;
    for b in &input.batches {
        let r = t.submit(b.clone()).expect("submit");
        if let Some(dl) = r.frames.last().and_then(|f| f.display_list.clone()) {
            last = Some(dl);
        }
    }
    let totals = t.shutdown().expect("shutdown");
    assert_eq!(totals.recoveries, 1);
    assert!(totals.compactions >= 4);
    same_picture(&clean, &last.expect("dl"));
}

/// A compaction whose snapshot traps (one the instance could not hold did,
/// before snapshots came out in pieces; now `Fault::SnapshotTraps`): the
/// engine is rebuilt from the journal, and the next try waits for another
/// threshold's worth of batches (3 here) instead of coming every frame. It
/// trapped, and replayed the journal, on every one of the 13 frames.
#[test]
fn a_snapshot_that_traps_is_not_retried_every_frame() {
    let n = 6_000u32;
    let p = common::profile(24);
    let mut first = BatchBuilder::new(1);
    let label = "x".repeat(1000);
    for i in 0..n {
        let id = 10 + i;
        first.create(id, NodeKind::View);
        first.set_props(id, &[(key::W, PropValue::F32(4.0)), (key::H, PropValue::F32(4.0)), (key::COLOR, PropValue::U32(0xff00_00ff))]);
        first.set_str(id, key::LABEL, &label);
        first.insert(0, id, NONE);
    }
    first.frame(0.0);
    let mut cfg = SupervisorConfig::from_profile(&p);
    cfg.journal_max_batches = 3;
    cfg.faults = vec![Fault::SnapshotTraps];
    let mut t = EngineThread::spawn(common::engine_wasm(), EngineLimits::from_profile(&p), cfg).expect("spawn");
    let mut trapped_at = Vec::new();
    let mut last = None;
    for (k, b) in std::iter::once(first.finish()).chain((0..12u32).map(|k| move_batch(2 + k, k % 20, 16.0 * f64::from(k + 1)))).enumerate() {
        let r = t.submit(b).expect("submit");
        assert!(r.incidents.iter().all(|i| i.call == "reel_snapshot" && i.resolution == Resolution::Recovered), "{:?}", r.incidents);
        if !r.incidents.is_empty() {
            trapped_at.push(k);
        }
        if let Some(dl) = r.frames.last().and_then(|f| f.display_list.clone()) {
            last = Some(dl);
        }
    }
    // The big batch's own frame, then every third batch after it.
    assert_eq!(trapped_at, [0, 3, 6, 9, 12]);
    let totals = t.shutdown().expect("shutdown");
    assert_eq!((totals.traps, totals.recoveries, totals.compactions), (5, 5, 0), "{totals:?}");
    assert_eq!(last.expect("dl").items.len(), n as usize, "every node still drawn");
}

/// A snapshot of the 20k-node page hardly grows linear memory: the engine
/// hands it out in pieces (64 KiB and the walk's order list), where it built
/// the whole 2.1 MB batch before, which raised the high-water mark by its
/// size at the first compaction of a long session (by twice that when the
/// buffer grew by doubling). Also: a scene whose 6 MB snapshot did not fit
/// under a 24 MiB cap (it trapped at every compaction) now compacts.
#[test]
fn a_snapshot_hardly_grows_memory() {
    let p = common::profile(64);
    let mut t = spawn(&p, vec![]);
    let mut page = BatchBuilder::new(1);
    page.create(1, NodeKind::View).set_props(1, &[(key::W, PropValue::Percent(100.0)), (key::H, PropValue::Percent(100.0))]).insert(0, 1, NONE);
    for i in 0..20_000u32 {
        let id = 10 + i;
        page.create(id, NodeKind::View);
        page.set_props(id, &[(key::X, PropValue::F32((i % 200) as f32 * 5.0)), (key::Y, PropValue::F32((i / 200) as f32 * 5.0)), (key::W, PropValue::F32(4.0)), (key::H, PropValue::F32(4.0)), (key::COLOR, PropValue::U32(0x3366_ccff))]);
        page.insert(1, id, NONE);
    }
    page.frame(16.0);
    t.submit(page.finish()).expect("page");
    // The page's second frame settles the memory a frame uses.
    let mut b = BatchBuilder::new(2);
    b.frame(24.0);
    let before = t.submit(b.finish()).expect("frame").frames.last().expect("frame").memory_bytes;
    let snap = t.snapshot().expect("snapshot").len() as u64;
    let mut b = BatchBuilder::new(3);
    b.frame(32.0);
    let after = t.submit(b.finish()).expect("frame").frames.last().expect("frame").memory_bytes;
    eprintln!("memory {before} -> {after} bytes for a {snap}-byte snapshot");
    assert!(snap > 2_000_000, "the page's snapshot is {snap} bytes");
    // A piece (64 KiB) and the order list (80 KB); it was the snapshot's size.
    assert!(after - before <= 256 * 1024, "memory {before} -> {after} for a {snap}-byte snapshot");

    // 6,000 nodes with 1,000-byte labels under a 24 MiB cap.
    let p = common::profile(24);
    let mut first = BatchBuilder::new(1);
    let label = "x".repeat(1000);
    for i in 0..6_000u32 {
        let id = 10 + i;
        first.create(id, NodeKind::View).set_str(id, key::LABEL, &label).insert(0, id, NONE);
    }
    first.frame(0.0);
    let mut cfg = SupervisorConfig::from_profile(&p);
    cfg.journal_max_batches = 3;
    let mut t = EngineThread::spawn(common::engine_wasm(), EngineLimits::from_profile(&p), cfg).expect("spawn");
    for (k, b) in std::iter::once(first.finish()).chain((0..6u32).map(|k| move_batch(2 + k, 0, 16.0 * f64::from(k + 1)))).enumerate() {
        let r = t.submit(b).expect("submit");
        assert!(r.incidents.is_empty(), "batch {k}: {:?}", r.incidents);
    }
    let totals = t.shutdown().expect("shutdown");
    assert_eq!(totals.traps, 0, "{totals:?}");
    assert!(totals.compactions >= 2, "{totals:?}");
}
