//! Issue 18, finding 4, against the real engine.wasm under wasmtime: a
//! rejected batch must not cost the device its memory. 40,000 creates plus
//! one bad command used to grow linear memory from 2 to 29 MiB (of a
//! 64 MiB cap) before the bad command rolled everything back — and Wasm
//! memory never shrinks. The engine now finds such errors before it
//! allocates (`reel_engine::precheck`).

mod common;

use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_host::wasm_engine::{EngineLimits, WasmEngine};

const MIB: u64 = 1 << 20;

fn engine() -> WasmEngine {
    let p = common::profile(64);
    let mut e = match WasmEngine::from_bytes(&common::engine_wasm(), EngineLimits::from_profile(&p)) {
        Ok(e) => e,
        Err(err) => panic!("engine.wasm: {err}"),
    };
    e.init(1280, 720).expect("init");
    let mut b = BatchBuilder::new(1);
    for id in 1..=20u32 {
        b.create(id, if id == 20 { NodeKind::Text } else { NodeKind::View })
            .set_props(id, &[(key::W, PropValue::F32(10.0)), (key::H, PropValue::F32(10.0)), (key::COLOR, PropValue::U32(0xff0000ff))])
            .insert(if id <= 4 { 0 } else { id / 4 }, id, NONE);
    }
    b.frame(0.0);
    let out = e.submit(&b.finish()).expect("submit");
    assert!(out.rejected.is_none(), "{:?}", out.rejected);
    e
}

/// 40,000 nodes created, styled and attached, then `bad`.
fn big_batch(seq: u32, bad: impl FnOnce(&mut BatchBuilder)) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    for id in 100_000..140_000u32 {
        b.create(id, NodeKind::View)
            .set_props(id, &[(key::X, PropValue::F32(1.0)), (key::W, PropValue::F32(5.0)), (key::H, PropValue::F32(5.0))])
            .insert(if id % 100 == 0 { 0 } else { id - id % 100 }, id, NONE);
    }
    bad(&mut b);
    b.frame(16.0);
    b.finish()
}

#[test]
fn a_rejected_big_batch_does_not_grow_linear_memory() {
    type Bad = fn(&mut BatchBuilder);
    // A command refused for itself alone is skipped (`Engine::submit_input`):
    // a batch this long gets four skips, so five such commands reject it.
    let cases: [(&str, Bad, ErrorKind); 7] = [
        ("inserts of unknown nodes", |b| { for k in 0..5 { b.insert(0, 999_990 + k, NONE); } }, ErrorKind::UnknownNode(999_994)),
        ("cycles", |b| { for k in 0..5 { b.insert(100_150 + 100 * k, 100_100 + 100 * k, NONE); } }, ErrorKind::Cycle { parent: 100_550, child: 100_500 }),
        ("an id in use", |b| { b.create(3, NodeKind::View); }, ErrorKind::IdInUse(3)),
        ("a reserved id", |b| { b.create(0, NodeKind::View); }, ErrorKind::ReservedId(0)),
        ("text on views", |b| { for k in 0..5 { b.set_text(100_001 + k, "x"); } }, ErrorKind::NotText(100_005)),
        ("anchors that are not children", |b| { for k in 0..5 { b.insert(0, 100_001, 7 + k); } }, ErrorKind::AnchorNotChild { parent: 0, anchor: 11 }),
        ("props of destroyed new nodes", |b| { for k in 0..5 { b.destroy(100_001 + k).set_props(100_001 + k, &[(key::X, PropValue::F32(2.0))]); } }, ErrorKind::UnknownNode(100_005)),
    ];
    let mut e = engine();
    for (i, (what, bad, kind)) in cases.into_iter().enumerate() {
        let batch = big_batch(10 + i as u32, bad);
        // The input buffer is the host's to fill: it is grown first (a
        // batch of the same size rejected at its header), so what is
        // measured is only what applying the batch allocates.
        let junk = e.submit(&vec![0u8; batch.len()]).expect("no trap");
        assert!(junk.rejected.is_some());
        let before = e.memory_bytes();
        let out = e.submit(&batch).expect("no trap");
        let after = e.memory_bytes();
        let rej = out.rejected.unwrap_or_else(|| panic!("{what}: applied"));
        assert_eq!(rej.code, kind.code(), "{what}: {}", rej.message);
        let growth = after.saturating_sub(before);
        let mib = |b: u64| b as f64 / MIB as f64;
        println!("{what}: batch {:.1} MiB, linear memory {:.1} -> {:.1} MiB", mib(batch.len() as u64), mib(before), mib(after));
        // The check's own scratch (~1 MiB for 40,000 ids) at most.
        assert!(growth <= 2 * MIB, "{what}: a rejected batch grew linear memory by {:.1} MiB", mib(growth));
        // Every later rejection reuses the same memory.
        if i > 0 {
            assert!(growth <= MIB, "{what}: grew {growth} bytes after the first rejection");
        }
    }
    // One refused command is skipped: the batch applies without it.
    let before = e.memory_bytes();
    let one = big_batch(98, |b| { b.insert(0, 999_999, NONE); });
    let out = e.submit(&one).expect("no trap");
    assert!(out.rejected.is_none(), "{:?}", out.rejected);
    assert!(out.events.iter().any(|ev| matches!(ev, reel_engine::protocol::events::Event::Error { batch_seq: 98, .. })), "its ERROR event");
    assert!(e.memory_bytes() - before > 4 * MIB, "applied");
    // A fresh engine: the scene is as it was, and the same batch without
    // the bad command applies (and is the big allocation it looks like).
    let mut e = engine();
    let before = e.memory_bytes();
    let good = big_batch(99, |_| {});
    let out = e.submit(&good).expect("no trap");
    assert!(out.rejected.is_none(), "{:?}", out.rejected);
    let grown = e.memory_bytes() - before;
    println!("the same batch applied: +{:.1} MiB", grown as f64 / MIB as f64);
    // Well above the 2 MiB a rejection may cost (nodes are ~150 B on Wasm
    // since issue 14's hot/cold split: ~6.6 MiB here, was > 10 MiB).
    assert!(grown > 4 * MIB, "applying 40,000 nodes allocates: {grown}");
}
