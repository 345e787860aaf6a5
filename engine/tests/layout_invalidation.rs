//! Incremental layout equals layout from scratch.
//!
//! Layout invalidation stops early (`Scene::invalidate_layout`: at the
//! layout root, and at an ancestor whose taffy cache is already empty) so
//! that building a deep chain stays linear (issue 18, finding 3). That is
//! only sound if no cached result ever survives a change it depends on.
//! This drives an engine through seeded random edits of nested flex and
//! scene-mode trees — sizes, padding, growth, direction, `display` flex /
//! scene / none, moves, removals and re-inserts — one frame per batch, and
//! after every frame compares its display list with a fresh engine built
//! from the first one's snapshot (laid out from nothing).

use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE, ROOT};
use reel_engine::Engine;

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }
}

const NODES: u32 = 48;

fn fresh_frame(snapshot: &[u8]) -> Vec<reel_engine::display_list::DisplayItem> {
    let mut e = Engine::new(640, 360);
    e.submit(snapshot).expect("the snapshot replays");
    e.frame(0.0);
    e.display_list().items.to_vec()
}

#[test]
fn incremental_layout_matches_a_fresh_layout_after_random_edits() {
    for seed in 1..=6u64 {
        let mut rng = Rng(seed);
        let mut e = Engine::new(640, 360);
        let mut b = BatchBuilder::new(1);
        // Ids 1..=NODES, each under a random earlier node (or the root):
        // every third a flex container, so flex runs nest and alternate
        // with scene-mode nodes.
        for id in 1..=NODES {
            let parent = if id == 1 { ROOT } else { rng.below(id) };
            b.create(id, NodeKind::View);
            let mut p = vec![
                (key::W, V::F32(20.0 + rng.below(80) as f32)),
                (key::H, V::F32(10.0 + rng.below(40) as f32)),
                (key::COLOR, V::U32(0x1000_00ff | (id << 8))),
            ];
            if id % 3 != 2 {
                p.push((key::DISPLAY, V::U32(1)));
                p.push((key::PADDING, V::F32(rng.below(4) as f32)));
            }
            b.set_props(id, &p);
            b.insert(parent, id, NONE);
        }
        b.frame(0.0);
        e.submit(&b.finish()).expect("the tree applies");

        for step in 0..150u32 {
            let mut b = BatchBuilder::new(step + 2);
            for _ in 0..1 + rng.below(3) {
                let id = 1 + rng.below(NODES);
                match rng.below(9) {
                    0 => b.set_props(id, &[(key::W, V::F32(rng.below(120) as f32))]),
                    1 => b.set_props(id, &[(key::H, V::Percent(rng.below(100) as f32 / 100.0))]),
                    2 => b.set_props(id, &[(key::PADDING_LEFT, V::F32(rng.below(6) as f32))]),
                    3 => b.set_props(id, &[(key::FLEX_GROW, V::F32(rng.below(3) as f32))]),
                    4 => b.set_props(id, &[(key::FLEX_DIRECTION, V::U32(rng.below(2)))]),
                    5 => b.set_props(id, &[(key::DISPLAY, V::U32(rng.below(3)))]),
                    6 => b.set_props(id, &[(key::FLEX_WRAP, V::U32(rng.below(2)))]),
                    7 => b.remove(id),
                    _ => b.insert(rng.below(NODES + 1), id, NONE),
                };
            }
            b.frame(f64::from(step + 1) * 16.0);
            // Cycles are rejected as a whole batch; then nothing changed.
            let _ = e.submit(&b.finish());
            let snapshot = e.snapshot().to_vec();
            assert_eq!(
                e.display_list().items,
                &fresh_frame(&snapshot)[..],
                "seed {seed} step {step}: the incremental layout differs from a fresh one"
            );
        }
    }
}
