//! The same golden scenes through `engine.wasm` under wasmtime
//! (`reel_host::WasmEngine`): the display-list bytes must be identical to
//! the native engine's. Needs `target/engine.wasm` (tools/build-wasm.sh);
//! without it every test here fails with that instruction.

reel_tests::scene_tests!(reel_tests::check_wasm_parity);

mod rejections {
    use reel_engine::protocol::encode::string_body;
    use reel_engine::protocol::props::{key, ty, PropValue};
    use reel_engine::protocol::{op, BatchBuilder, NodeKind, NONE};

    fn base() -> Vec<u8> {
        reel_tests::base_scene_batch()
    }

    fn batch(f: impl FnOnce(&mut BatchBuilder)) -> Vec<u8> {
        let mut b = BatchBuilder::new(9);
        f(&mut b);
        b.finish()
    }

    fn malformed() -> Vec<(&'static str, Vec<u8>)> {
        let prop = |k: u16, t: u16, v: u32| {
            batch(|b| {
                b.raw(op::SET_PROPS, &[1, k as u32 | ((t as u32) << 16), v]);
            })
        };
        let mut trailing = batch(|b| {
            b.create(10, NodeKind::View);
        });
        trailing.extend_from_slice(&[0; 4]);
        let good = batch(|b| {
            b.create(10, NodeKind::View).insert(0, 10, NONE);
        });
        vec![
            (
                "unknown opcode",
                batch(|b| {
                    b.raw(42, &[]);
                }),
            ),
            ("unknown prop", prop(999, ty::F32, 0)),
            ("wrong type", prop(key::ALPHA, ty::I32, 1)),
            ("NaN", prop(key::X, ty::F32, f32::NAN.to_bits())),
            (
                "alpha out of range",
                prop(key::ALPHA, ty::F32, 2.0f32.to_bits()),
            ),
            (
                "bad UTF-8",
                batch(|b| {
                    b.raw(op::SET_TEXT, &string_body(&[3], &[0xff]));
                }),
            ),
            ("truncated", good[..good.len() - 4].to_vec()),
            ("trailing bytes", trailing),
            (
                "reused id",
                batch(|b| {
                    b.create(1, NodeKind::View);
                }),
            ),
            (
                "unknown id",
                batch(|b| {
                    b.destroy(55);
                }),
            ),
            (
                "cycle",
                batch(|b| {
                    b.insert(2, 1, NONE);
                }),
            ),
            (
                "anchor not a child",
                batch(|b| {
                    b.insert(0, 3, 2);
                }),
            ),
            (
                "reserved id",
                batch(|b| {
                    b.create(0, NodeKind::View);
                }),
            ),
            (
                "late error rolls back",
                batch(|b| {
                    b.create(10, NodeKind::View)
                        .insert(0, 10, NONE)
                        .set_props(1, &[(key::X, PropValue::F32(9.0))])
                        .frame(5.0)
                        .remove(66);
                }),
            ),
        ]
    }

    /// Each malformed batch gets from engine.wasm what it gets natively on
    /// the hosts' path (`reel_tests::host_submit`): the same rejection (code
    /// and command index), or the same commands skipped (the same `ERROR`
    /// events) and the rest applied; and both display lists stay equal.
    #[test]
    fn malformed_batches_rejected_like_native() {
        let mut failures = Vec::new();
        for (what, bytes) in malformed() {
            let mut native = reel_tests::native_engine(320, 180).unwrap_or_else(|e| panic!("{e}"));
            native.submit(&base()).expect("base is valid");
            let mut wasm = match reel_tests::wasm_engine(320, 180) {
                Ok(w) => w,
                Err(e) => panic!("{e}"),
            };
            let ok = wasm
                .submit(&base())
                .map(|o| o.rejected.is_none())
                .unwrap_or(false);
            assert!(ok, "engine.wasm rejected the base scene");
            native.clear_events();
            let n = reel_tests::host_submit(&mut native, &bytes);
            let w = match wasm.submit(&bytes) {
                Ok(o) => o,
                Err(e) => {
                    failures.push(format!("{what}: engine.wasm failed: {e}"));
                    continue;
                }
            };
            let errors = |ev: &[reel_engine::protocol::events::Event]| -> Vec<_> {
                ev.iter().filter(|e| matches!(e, reel_engine::protocol::events::Event::Error { .. })).cloned().collect()
            };
            let native_events = reel_engine::protocol::events::decode_events(native.events_bytes()).unwrap_or_default();
            if errors(&native_events) != errors(&w.events) || errors(&w.events).is_empty() {
                failures.push(format!("{what}: ERROR events differ (or none): native {:?}, engine.wasm {:?}", errors(&native_events), errors(&w.events)));
            }
            let (n, w) = match (n, w.rejected) {
                (Ok(()), None) => (None, None),
                (Err(n), Some(w)) => (Some(n), Some(w)),
                (n, w) => {
                    failures.push(format!("{what}: native {n:?}, engine.wasm rejection {w:?}"));
                    continue;
                }
            };
            if let (Some(n), Some(w)) = (n, w) {
                if (w.code, w.cmd_index) != (n.kind.code(), n.cmd_index) {
                    failures.push(format!(
                        "{what}: native code {} at command {}, engine.wasm code {} at command {}",
                        n.kind.code(),
                        n.cmd_index,
                        w.code,
                        w.cmd_index
                    ));
                }
            }
            let wl = wasm.display_list().map(|l| reel_tests::list_to_bytes(&l));
            if wl.as_deref().ok() != Some(native.display_list_bytes()) {
                failures.push(format!("{what}: display lists differ after the rejection"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

mod random_scenes {
    use reel_engine::protocol::props::{Check, PropValue, PROPS};
    use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
    use reel_engine::Engine;

    /// xorshift64*: deterministic, no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u32 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32
        }
        fn below(&mut self, n: u32) -> u32 {
            self.next() % n
        }
        fn unit(&mut self) -> f32 {
            self.below(1001) as f32 / 1000.0
        }
    }

    fn value(rng: &mut Rng) -> (u16, PropValue) {
        let spec = &PROPS[rng.below(PROPS.len() as u32) as usize];
        let accepts = |t: u16| spec.accepts & (1 << t) != 0;
        let v = match (rng.below(8), spec.check) {
            (0, _) => PropValue::Reset,
            (1, _) if accepts(4) => PropValue::Auto,
            (2, _) if accepts(3) => PropValue::Percent(rng.unit() * 100.0),
            (_, Check::Unit) => PropValue::F32(rng.unit()),
            (_, Check::NonNegative) => PropValue::F32(rng.unit() * 120.0),
            (_, Check::Any) if accepts(2) => PropValue::I32(rng.below(7) as i32 - 3),
            // A count (maxLines): unsigned only.
            (_, Check::Any) if !accepts(0) => PropValue::U32(rng.below(4)),
            (_, Check::Any) => PropValue::F32(rng.unit() * 300.0 - 60.0),
            (_, Check::Bool) => PropValue::U32(rng.below(2)),
            (_, Check::Color) => PropValue::U32(rng.next()),
            (_, Check::Enum(n)) => PropValue::U32(rng.below(n)),
            #[allow(unreachable_patterns)]
            _ => PropValue::Reset,
        };
        (spec.key, v)
    }

    /// A random scene: 40 nodes, random tree, random properties (transforms,
    /// flex, clipping, alpha, gradients...), then random edits over several
    /// frames. Some batches may be rejected (e.g. cycles); both engines must
    /// agree on that too.
    fn scene(seed: u64) -> Vec<Vec<u8>> {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut batches = Vec::new();
        let mut b = BatchBuilder::new(1);
        for id in 1..=40u32 {
            b.create(id, NodeKind::View);
            let parent = if id <= 4 { 0 } else { 1 + rng.below(id - 1) };
            let base = [
                (
                    reel_engine::protocol::props::key::W,
                    PropValue::F32(20.0 + rng.unit() * 150.0),
                ),
                (
                    reel_engine::protocol::props::key::H,
                    PropValue::F32(20.0 + rng.unit() * 100.0),
                ),
                (
                    reel_engine::protocol::props::key::COLOR,
                    PropValue::U32(rng.next() | 0x80),
                ),
            ];
            b.set_props(id, &base);
            let extra: Vec<_> = (0..rng.below(6)).map(|_| value(&mut rng)).collect();
            b.set_props(id, &extra);
            b.insert(parent, id, NONE);
        }
        b.frame(0.0);
        batches.push(b.finish());
        for seq in 2..8u32 {
            let mut b = BatchBuilder::new(seq);
            for _ in 0..rng.below(8) {
                let id = 1 + rng.below(40);
                match rng.below(4) {
                    0 => {
                        b.insert(rng.below(41), id, NONE);
                    }
                    1 => {
                        let v = value(&mut rng);
                        b.set_props(id, &[v]);
                    }
                    _ => {
                        let v: Vec<_> = (0..3).map(|_| value(&mut rng)).collect();
                        b.set_props(id, &v);
                    }
                }
            }
            b.frame(f64::from(seq) * 16.0);
            batches.push(b.finish());
        }
        batches
    }

    #[test]
    fn random_scenes_match_native_after_every_batch() {
        let mut failures = Vec::new();
        let (mut accepted, mut batches, mut items) = (0, 0, 0);
        for seed in 0..24u64 {
            let mut native = Engine::new(640, 360);
            let mut wasm = reel_tests::wasm_engine(640, 360).unwrap_or_else(|e| panic!("{e}"));
            for (i, batch) in scene(seed).iter().enumerate() {
                let n = reel_tests::host_submit(&mut native, batch).map_err(|e| e.kind.code()).err();
                let w = match wasm.submit(batch) {
                    Ok(o) => o.rejected.map(|r| r.code),
                    Err(e) => {
                        failures.push(format!("seed {seed} batch {i}: engine.wasm failed: {e}"));
                        break;
                    }
                };
                batches += 1;
                accepted += usize::from(n.is_none());
                items += native.display_list().items.len();
                if n != w {
                    failures.push(format!(
                        "seed {seed} batch {i}: native rejection {n:?}, engine.wasm {w:?}"
                    ));
                    break;
                }
                let wl = wasm
                    .display_list()
                    .map(|l| reel_tests::list_to_bytes(&l))
                    .unwrap_or_default();
                if wl != native.display_list_bytes() {
                    let detail = match (
                        reel_tests::dump(native.display_list_bytes()),
                        reel_tests::dump(&wl),
                    ) {
                        (Ok(a), Ok(b)) => reel_tests::text_diff(&a, &b),
                        _ => String::new(),
                    };
                    failures.push(format!(
                        "seed {seed} batch {i}: display lists differ:\n{detail}"
                    ));
                    break;
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // The generator must mostly produce accepted, non-empty frames, or
        // this test compares nothing.
        assert!(
            accepted * 2 > batches,
            "only {accepted} of {batches} random batches were accepted"
        );
        assert!(
            items > batches * 5,
            "random scenes drew only {items} items over {batches} batches"
        );
    }
}
