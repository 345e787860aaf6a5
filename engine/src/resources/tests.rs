//! The resource manager through the engine's public path: batches in,
//! events and display lists out, exactly as a host sees it.

use super::*;
use crate::display_list::ItemKind;
use crate::protocol::events::{decode_events, Event};
use crate::protocol::props::{key, PropValue};
use crate::protocol::{BatchBuilder, NodeKind, ROOT};
use crate::Engine;

const TILE_BYTES: u32 = 1000;

struct Host {
    e: Engine,
    t: f64,
    seq: u32,
}

impl Host {
    fn new(w: u32, h: u32, budget: u64) -> Self {
        let mut e = Engine::new(w, h);
        e.set_texture_budget(budget);
        Self { e, t: 0.0, seq: 0 }
    }

    /// Submits the batch built by `f` plus a frame; returns the events.
    fn step(&mut self, f: impl FnOnce(&mut BatchBuilder)) -> Vec<Event> {
        self.e.clear_events();
        self.seq += 1;
        self.t += 16.0;
        let mut b = BatchBuilder::new(self.seq);
        f(&mut b);
        b.frame(self.t);
        self.e.submit(&b.finish()).expect("batch accepted");
        let ev = decode_events(self.e.events_bytes()).expect("events decode");
        let s = self.e.stats();
        if s.texture_budget != 0 {
            assert!(s.texture_bytes <= s.texture_budget, "over budget: {} > {}", s.texture_bytes, s.texture_budget);
        }
        ev
    }

    fn frame(&mut self) -> Vec<Event> {
        self.step(|_| {})
    }

    fn tile(b: &mut BatchBuilder, id: u32, parent: u32, x: f32, y: f32, w: f32, h: f32, src: &str) {
        b.create(id, NodeKind::Image)
            .set_props(id, &[(key::X, PropValue::F32(x)), (key::Y, PropValue::F32(y)), (key::W, PropValue::F32(w)), (key::H, PropValue::F32(h))])
            .set_str(id, key::SRC, src)
            .insert(parent, id, crate::protocol::NONE);
    }
}

fn requests(ev: &[Event]) -> Vec<(u32, String)> {
    ev.iter()
        .filter_map(|e| match e {
            Event::ImageRequest { texture, src } => Some((*texture, src.clone())),
            _ => None,
        })
        .collect()
}

fn releases(ev: &[Event]) -> Vec<u32> {
    ev.iter()
        .filter_map(|e| match e {
            Event::ImageRelease { texture } => Some(*texture),
            _ => None,
        })
        .collect()
}

fn states(ev: &[Event]) -> Vec<(u32, u32, u32)> {
    ev.iter()
        .filter_map(|e| match e {
            Event::ImageState { node, state, reason } => Some((*node, *state, *reason)),
            _ => None,
        })
        .collect()
}

fn load_all(h: &mut Host, reqs: &[(u32, String)]) -> Vec<Event> {
    h.step(|b| {
        for (t, _) in reqs {
            b.image_loaded(*t, 10, 25, TILE_BYTES);
        }
    })
}

fn image_items(e: &Engine) -> Vec<(u32, u32)> {
    e.display_list().items.iter().filter(|i| i.item_kind() == Some(ItemKind::Image)).map(|i| (i.node, i.texture)).collect()
}

#[test]
fn one_texture_per_src_shared_by_refcount() {
    let mut h = Host::new(100, 100, 0);
    let ev = h.step(|b| {
        Host::tile(b, 1, ROOT, 0.0, 0.0, 50.0, 50.0, "a.png");
        Host::tile(b, 2, ROOT, 50.0, 0.0, 50.0, 50.0, "a.png");
    });
    let r = requests(&ev);
    assert_eq!(r.len(), 1, "one request for a shared src: {ev:?}");
    let ev = load_all(&mut h, &r);
    assert_eq!(states(&ev), vec![(1, state::LOADED, 0), (2, state::LOADED, 0)]);
    assert_eq!(image_items(&h.e), vec![(1, r[0].0), (2, r[0].0)]);
    let ev = h.step(|b| {
        b.destroy(1);
    });
    assert!(releases(&ev).is_empty(), "still used by node 2");
    let ev = h.step(|b| {
        b.destroy(2);
    });
    assert_eq!(releases(&ev), vec![r[0].0]);
    assert_eq!(h.e.stats().texture_bytes, 0);
}

/// Two sources with one 32-bit key (found by a birthday search): each gets
/// its own texture and picture, and releasing one leaves the other found.
#[test]
fn two_sources_with_one_key_each_get_their_own_texture() {
    let mut seen = HashMap::default();
    let (a, b) = (0u32..)
        .find_map(|i| {
            let s = format!("https://cdn.example/poster/{i}.jpg");
            seen.insert(src_key(&s), s.clone()).map(|other| (other, s))
        })
        .expect("a collision");
    assert_eq!(src_key(&a), src_key(&b));
    let mut h = Host::new(100, 100, 0);
    let ev = h.step(|bb| {
        Host::tile(bb, 1, ROOT, 0.0, 0.0, 50.0, 50.0, &a);
        Host::tile(bb, 2, ROOT, 50.0, 0.0, 50.0, 50.0, &b);
        Host::tile(bb, 3, ROOT, 0.0, 50.0, 50.0, 50.0, &a);
    });
    // Sizes unknown: one request at a time until answers come.
    let mut r = requests(&ev);
    let mut next = r.clone();
    while !next.is_empty() {
        next = requests(&load_all(&mut h, &next));
        r.extend(next.iter().cloned());
    }
    assert_eq!(r.len(), 3, "the colliding source costs a second load of a (never b's picture): {r:?}");
    assert_eq!(r.iter().filter(|x| x.1 == b).count(), 1);
    let items = image_items(&h.e);
    let tex_of = |n: u32| items.iter().find(|i| i.0 == n).map(|i| i.1).unwrap_or_else(|| panic!("{n} drawn: {items:?} {r:?}"));
    let src_of = |t: u32| r.iter().find(|x| x.0 == t).map(|x| x.1.clone()).expect("requested");
    assert_eq!((src_of(tex_of(1)), src_of(tex_of(2)), src_of(tex_of(3))), (a.clone(), b.clone(), a.clone()));
    // b goes; a keeps being found: a new node with it shares a loaded texture.
    h.step(|bb| {
        bb.destroy(2);
    });
    let ev = h.step(|bb| Host::tile(bb, 4, ROOT, 50.0, 50.0, 50.0, 50.0, &a));
    assert!(requests(&ev).is_empty(), "a is known again: {ev:?}");
    assert!(h.e.resources().resident(&a).is_some() && h.e.resources().resident(&b).is_none());
}

#[test]
fn preload_margin_decides_what_is_requested() {
    let mut h = Host::new(100, 100, 0);
    // Default margin: half the viewport's larger side (50 px).
    let ev = h.step(|b| {
        Host::tile(b, 1, ROOT, 0.0, 0.0, 10.0, 10.0, "on.png");
    });
    let r = requests(&ev);
    load_all(&mut h, &r);
    let ev = h.step(|b| {
        Host::tile(b, 2, ROOT, 0.0, 130.0, 10.0, 10.0, "near.png");
        Host::tile(b, 3, ROOT, 0.0, 400.0, 10.0, 10.0, "far.png");
        Host::tile(b, 4, ROOT, 0.0, 130.0, 10.0, 10.0, "nopreload.png");
        b.set_props(4, &[(key::PRELOAD, PropValue::F32(0.0))]);
        Host::tile(b, 5, ROOT, 0.0, 380.0, 10.0, 10.0, "bigpreload.png");
        b.set_props(5, &[(key::PRELOAD, PropValue::F32(300.0))]);
    });
    let mut srcs: Vec<String> = requests(&ev).into_iter().map(|r| r.1).collect();
    srcs.sort();
    assert_eq!(srcs, vec!["bigpreload.png", "near.png"]);
    // Off-screen images are loaded but not drawn.
    let r = requests(&ev);
    load_all(&mut h, &r);
    assert_eq!(image_items(&h.e).len(), 1);
}

/// Six 100x100 tiles in a column, a 100x100 viewport, room for 2 textures:
/// scrolling down evicts least recently used first and never goes over.
#[test]
fn lru_eviction_keeps_the_budget_while_scrolling() {
    let mut h = Host::new(100, 100, 2 * u64::from(TILE_BYTES));
    let ev = h.step(|b| {
        b.create(100, NodeKind::View).insert(ROOT, 100, crate::protocol::NONE);
        b.set_props(100, &[(key::W, PropValue::F32(100.0)), (key::H, PropValue::F32(100.0)), (key::CLIPPING, PropValue::U32(1))]);
        for i in 0..6u32 {
            Host::tile(b, 1 + i, 100, 0.0, 100.0 * i as f32, 100.0, 100.0, &format!("t{i}.png"));
            b.set_props(1 + i, &[(key::PRELOAD, PropValue::F32(0.0))]);
        }
    });
    let mut tex_of = std::collections::HashMap::new();
    let mut pending = requests(&ev);
    let mut released = Vec::new();
    for step in 0..=5u32 {
        for _ in 0..4 {
            for (t, s) in &pending {
                tex_of.insert(*t, s.clone());
            }
            let ev = load_all(&mut h, &pending);
            released.extend(releases(&ev).into_iter().map(|t| tex_of[&t].clone()));
            pending = requests(&ev);
            let ev = h.frame();
            pending.extend(requests(&ev));
            released.extend(releases(&ev).into_iter().map(|t| tex_of[&t].clone()));
        }
        // Tile `step` fills the viewport and shows its image.
        let items = image_items(&h.e);
        assert_eq!(items.len(), 1, "step {step}: {items:?}");
        assert_eq!(items[0].0, 1 + step);
        let ev = h.step(|b| {
            b.set_props(100, &[(key::SCROLL_Y, PropValue::F32(100.0 * (step + 1) as f32))]);
        });
        pending.extend(requests(&ev));
        released.extend(releases(&ev).into_iter().map(|t| tex_of[&t].clone()));
    }
    // Two stay resident; every eviction took the oldest one.
    assert_eq!(released, vec!["t0.png", "t1.png", "t2.png", "t3.png"]);
    let s = h.e.resources().stats();
    assert!(s.peak_texture_bytes <= 2 * u64::from(TILE_BYTES));
    assert_eq!(s.resident, 2);
}

#[test]
fn requests_are_throttled_while_animating() {
    let mut h = Host::new(1000, 1000, 0);
    let ev = h.step(|b| {
        Host::tile(b, 1, ROOT, 0.0, 0.0, 10.0, 10.0, "first.png");
    });
    let r = requests(&ev);
    load_all(&mut h, &r);
    // Now sizes are known: 20 new on-screen images while an animation runs.
    let timing = crate::anim::Timing {
        duration_ms: 1000.0,
        delay_ms: 0.0,
        iterations: 1,
        direction: crate::anim::Direction::Normal,
        easing: crate::anim::easing::Easing::Linear,
    };
    let ev = h.step(|b| {
        for i in 0..20u32 {
            Host::tile(b, 10 + i, ROOT, 20.0 * i as f32, 100.0, 10.0, 10.0, &format!("a{i}.png"));
        }
        b.animate(1, 7, &timing, &[(key::X, PropValue::F32(500.0))]);
    });
    assert!(h.e.animations() > 0);
    assert_eq!(requests(&ev).len(), Limits::default().requests_per_frame_animating as usize, "{ev:?}");
    let ev = h.frame();
    assert_eq!(requests(&ev).len(), Limits::default().requests_per_frame_animating as usize);
    // Idle: the larger per-frame allowance.
    let ev = h.step(|b| {
        b.anim_ctrl(7, crate::anim::ctrl::FINISH);
    });
    assert_eq!(h.e.animations(), 0);
    assert_eq!(requests(&ev).len(), Limits::default().requests_per_frame as usize);
    // And never more than `max_in_flight` outstanding (2 + 2 + 8 so far).
    let ev = h.frame();
    assert_eq!(requests(&ev).len(), Limits::default().max_in_flight as usize - 12);
}

#[test]
fn waiting_request_is_served_after_a_release() {
    let mut h = Host::new(100, 100, u64::from(TILE_BYTES));
    let ev = h.step(|b| {
        Host::tile(b, 1, ROOT, 0.0, 0.0, 50.0, 50.0, "a.png");
    });
    let ra = requests(&ev);
    load_all(&mut h, &ra);
    // Both on screen, room for one: b waits (a is on screen, never evicted).
    let ev = h.step(|b| {
        Host::tile(b, 2, ROOT, 50.0, 0.0, 50.0, 50.0, "b.png");
    });
    assert!(requests(&ev).is_empty(), "{ev:?}");
    for _ in 0..3 {
        assert!(requests(&h.frame()).is_empty());
    }
    assert_eq!(h.e.resources().stats().waiting, 1);
    // Node 1 goes away: its texture is released and b is asked for.
    let ev = h.step(|b| {
        b.destroy(1);
    });
    assert_eq!(releases(&ev), vec![ra[0].0]);
    let rb = requests(&ev);
    assert_eq!(rb.len(), 1);
    assert_eq!(rb[0].1, "b.png");
    load_all(&mut h, &rb);
    assert_eq!(image_items(&h.e), vec![(2, rb[0].0)]);
}

#[test]
fn answers_that_cannot_be_kept() {
    let mut h = Host::new(100, 100, 4096);
    let ev = h.step(|b| {
        Host::tile(b, 1, ROOT, 0.0, 0.0, 50.0, 50.0, "huge.png");
    });
    let r = requests(&ev);
    // Bigger than the whole budget: failed, and the host frees it.
    let ev = h.step(|b| {
        b.image_loaded(r[0].0, 64, 64, 64 * 64 * 4);
    });
    assert_eq!(releases(&ev), vec![r[0].0]);
    assert_eq!(states(&ev), vec![(1, state::FAILED, reason::OVER_BUDGET)]);
    assert!(image_items(&h.e).is_empty());
    // A host failure fails that node only.
    let ev = h.step(|b| {
        Host::tile(b, 2, ROOT, 50.0, 0.0, 50.0, 50.0, "broken.png");
        Host::tile(b, 3, ROOT, 0.0, 50.0, 50.0, 50.0, "good.png");
    });
    let r = requests(&ev);
    assert_eq!(r.len(), 1, "one at a time until a size is known");
    let ev = h.step(|b| {
        b.image_failed(r[0].0, reason::CORRUPT, "broken.png: bad checksum");
    });
    assert_eq!(states(&ev), vec![(2, state::FAILED, reason::CORRUPT)]);
    let r2 = requests(&ev);
    assert_eq!(r2.len(), 1);
    load_all(&mut h, &r2);
    assert_eq!(image_items(&h.e), vec![(3, r2[0].0)]);
    // A stale answer (nobody asked for 999) is released, not an error.
    let ev = h.step(|b| {
        b.image_loaded(999, 4, 4, 64);
    });
    assert_eq!(releases(&ev), vec![999]);
}

#[test]
fn fit_modes_place_the_quad_and_uv() {
    let mut h = Host::new(400, 200, 0);
    let ev = h.step(|b| {
        // A 200x100 box, a 100x100 image.
        for (i, fit) in [0u32, 1, 2].iter().enumerate() {
            let id = 1 + i as u32;
            Host::tile(b, id, ROOT, 0.0, 0.0, 200.0, 100.0, "sq.png");
            b.set_props(id, &[(key::FIT, PropValue::U32(*fit)), (key::PLACEHOLDER_COLOR, PropValue::U32(0x0000_00FF))]);
        }
    });
    let r = requests(&ev);
    h.step(|b| {
        b.image_loaded(r[0].0, 100, 100, 40_000);
    });
    let items: Vec<_> = h.e.display_list().items.to_vec();
    let imgs: Vec<_> = items.iter().filter(|i| i.item_kind() == Some(ItemKind::Image)).collect();
    assert_eq!(imgs.len(), 3);
    // fill
    assert_eq!((imgs[0].size, imgs[0].uv), ([200.0, 100.0], [0.0, 0.0, 1.0, 1.0]));
    // contain: 100x100 centred, letterbox rect of the placeholder colour behind it
    assert_eq!((imgs[1].size, imgs[1].uv), ([100.0, 100.0], [0.0, 0.0, 1.0, 1.0]));
    assert_eq!(imgs[1].transform[4], 50.0);
    assert!(items.iter().any(|i| i.node == 2 && i.item_kind() == Some(ItemKind::Rect) && i.colors == [0x0000_00FF; 4]));
    // cover: the box, middle half of the image rows
    assert_eq!((imgs[2].size, imgs[2].uv), ([200.0, 100.0], [0.0, 0.25, 1.0, 0.75]));
    assert_eq!(imgs[2].colors, [0xFFFF_FFFF; 4]);
}

#[test]
fn placeholder_colour_until_loaded() {
    let mut h = Host::new(100, 100, 0);
    h.step(|b| {
        Host::tile(b, 1, ROOT, 0.0, 0.0, 50.0, 50.0, "a.png");
        b.set_props(1, &[(key::COLOR, PropValue::U32(0x1122_33FF)), (key::PLACEHOLDER_COLOR, PropValue::U32(0x4455_66FF))]);
    });
    let it = h.e.display_list().items[0];
    assert_eq!((it.item_kind(), it.colors[0]), (Some(ItemKind::Rect), 0x4455_66FF));
}

/// `color` on an image multiplies it (per corner, times the node's
/// alpha); an image node starts white and a reset goes back to white;
/// without a placeholder colour a loading image draws nothing (its colour
/// is the tint, not a placeholder).
#[test]
fn colour_tints_a_loaded_image() {
    let mut h = Host::new(200, 100, 0);
    let ev = h.step(|b| {
        Host::tile(b, 1, ROOT, 0.0, 0.0, 50.0, 50.0, "a.png");
        Host::tile(b, 2, ROOT, 50.0, 0.0, 50.0, 50.0, "a.png");
        Host::tile(b, 3, ROOT, 100.0, 0.0, 50.0, 50.0, "a.png");
        b.set_props(1, &[(key::COLOR_TOP, PropValue::U32(0xFF00_00FF)), (key::COLOR_BOTTOM, PropValue::U32(0x00FF_0080)), (key::ALPHA, PropValue::F32(0.5))]);
        b.set_props(3, &[(key::COLOR, PropValue::U32(0x1122_33FF))]);
        b.set_props(3, &[(key::COLOR, PropValue::Reset)]);
    });
    assert!(h.e.display_list().items.is_empty(), "no placeholder colour: nothing drawn while loading");
    let r = requests(&ev);
    h.step(|b| {
        b.image_loaded(r[0].0, 8, 8, 256);
    });
    let items: Vec<_> = h.e.display_list().items.to_vec();
    let tint = |n: u32| items.iter().find(|i| i.node == n && i.item_kind() == Some(ItemKind::Image)).map(|i| i.colors);
    assert_eq!(tint(1), Some([0xFF00_0080, 0xFF00_0080, 0x00FF_0040, 0x00FF_0040]));
    assert_eq!(tint(2), Some([0xFFFF_FFFF; 4]));
    assert_eq!(tint(3), Some([0xFFFF_FFFF; 4]));
}
