//! Engine behaviour through its public API: scene building, transactions,
//! layout, display lists, snapshots, the C ABI path.

use reel_engine::display_list::ItemKind;
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_engine::Engine;

fn red_box(b: &mut BatchBuilder, id: u32, x: f32, y: f32, w: f32, h: f32, color: u32) {
    b.create(id, NodeKind::View)
        .set_props(id, &[(key::X, V::F32(x)), (key::Y, V::F32(y)), (key::W, V::F32(w)), (key::H, V::F32(h)), (key::COLOR, V::U32(color))])
        .insert(0, id, NONE);
}

#[test]
fn creates_nodes_and_draws_rects_in_order() {
    let mut e = Engine::new(320, 240);
    let mut b = BatchBuilder::new(1);
    red_box(&mut b, 1, 10.0, 20.0, 30.0, 40.0, 0xff0000ff);
    red_box(&mut b, 2, 50.0, 60.0, 10.0, 10.0, 0x00ff00ff);
    b.frame(16.0);
    e.submit(&b.finish()).expect("valid batch");
    let dl = e.display_list();
    assert_eq!(dl.items.len(), 2);
    assert_eq!(dl.items[0].node, 1);
    assert_eq!(dl.items[0].transform, [1.0, 0.0, 0.0, 1.0, 10.0, 20.0]);
    assert_eq!(dl.items[0].size, [30.0, 40.0]);
    assert_eq!(dl.items[0].colors, [0xff0000ff; 4]);
    assert_eq!(dl.items[1].node, 2);
    assert_eq!(e.stats().nodes, 3);
}

#[test]
fn zindex_alpha_and_nesting_compose() {
    let mut e = Engine::new(320, 240);
    let mut b = BatchBuilder::new(1);
    red_box(&mut b, 1, 100.0, 100.0, 50.0, 50.0, 0xff0000ff);
    b.set_props(1, &[(key::ALPHA, V::F32(0.5))]);
    b.create(2, NodeKind::View)
        .set_props(2, &[(key::X, V::F32(5.0)), (key::W, V::F32(10.0)), (key::H, V::F32(10.0)), (key::COLOR, V::U32(0xffffff80)), (key::Z_INDEX, V::I32(-1))])
        .insert(1, 2, NONE);
    red_box(&mut b, 3, 0.0, 0.0, 5.0, 5.0, 0x0000ffff);
    b.set_props(3, &[(key::Z_INDEX, V::I32(-5))]);
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let items = e.display_list().items;
    // node 3 has the lowest zIndex among root's children → first.
    assert_eq!(items.iter().map(|i| i.node).collect::<Vec<_>>(), vec![3, 1, 2]);
    assert_eq!(items[1].colors[0] & 0xff, 128); // 255 * 0.5
    assert_eq!(items[2].colors[0] & 0xff, 64); // 128 * 0.5
    assert_eq!(items[2].transform[4], 105.0);
}

/// Two red boxes (ids 1 and 2), framed; with the display list and the
/// snapshot a rejected batch must leave as they are.
fn two_boxes() -> (Engine, Vec<u8>, Vec<u8>) {
    let mut e = Engine::new(320, 240);
    let mut b = BatchBuilder::new(1);
    red_box(&mut b, 1, 1.0, 1.0, 5.0, 5.0, 0xff0000ff);
    red_box(&mut b, 2, 10.0, 1.0, 5.0, 5.0, 0xff0000ff);
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let before = e.display_list_bytes().to_vec();
    let snap_before = e.snapshot().to_vec();
    (e, before, snap_before)
}

#[test]
fn rejected_batch_changes_nothing() {
    let (mut e, before, snap_before) = two_boxes();

    // Moves, prop changes, a destroy and a create, then a cycle: all undone.
    let mut bad = BatchBuilder::new(2);
    bad.set_props(1, &[(key::X, V::F32(99.0)), (key::COLOR, V::U32(0x123456ff))])
        .insert(1, 2, NONE)
        .destroy(1)
        .create(7, NodeKind::View)
        .insert(0, 7, NONE)
        .create(1, NodeKind::Text)
        .insert(7, 0, NONE);
    let err = e.submit(&bad.finish()).expect_err("root cannot be a child");
    assert_eq!(err.cmd_index, 6);
    assert_eq!(err.kind, ErrorKind::ReservedId(0));
    let mut bad2 = bad.clone();
    bad2.raw(3, &[7, 7, NONE]); // would not even reach: validation stops at 6
    let mut cyc = BatchBuilder::new(3);
    cyc.insert(1, 2, NONE).set_props(2, &[(key::Y, V::F32(3.0))]).insert(2, 1, NONE);
    let err = e.submit(&cyc.finish()).expect_err("cycle");
    assert_eq!((err.cmd_index, err.kind), (2, ErrorKind::Cycle { parent: 2, child: 1 }));

    e.frame(1.0);
    assert_eq!(e.snapshot().to_vec(), snap_before);
    let after = e.display_list_bytes().to_vec();
    assert_eq!(before[32..], after[32..], "items identical after rejected batches");
    assert!(e.last_error().contains("cycle"), "{}", e.last_error());
}

/// Inserts right after their create journal no undo of their own (issue
/// 14): undoing the create detaches the node. A rejected batch of such
/// nodes — nested, moved again, destroyed, parents created after their
/// children — still leaves nothing behind, and the ids are free again.
#[test]
fn rejected_batch_of_fresh_inserts_changes_nothing() {
    let (mut e, before, snap_before) = two_boxes();

    let mut bad = BatchBuilder::new(2);
    red_box(&mut bad, 10, 0.0, 0.0, 50.0, 50.0, 0x00ff00ff);
    bad.create(11, NodeKind::View).insert(10, 11, NONE); // fresh, in a fresh parent
    bad.create(12, NodeKind::View).insert(1, 12, 2); // fresh, before an existing child
    bad.insert(0, 12, 1); // moved again
    bad.create(13, NodeKind::View).create(14, NodeKind::View).insert(14, 13, NONE); // child created first
    bad.insert(0, 14, NONE);
    red_box(&mut bad, 15, 0.0, 0.0, 5.0, 5.0, 0xff);
    bad.destroy(15);
    bad.insert(11, 1, NONE); // an existing node into a fresh one
    bad.insert(99, 2, NONE); // unknown parent: the batch is rejected
    e.submit(&bad.finish()).expect_err("unknown parent");
    e.frame(1.0);
    assert_eq!(e.snapshot().to_vec(), snap_before);
    assert_eq!(before[32..], e.display_list_bytes()[32..], "items identical after the rejected batch");
    assert_eq!(e.stats().nodes, 3);

    let mut ok = BatchBuilder::new(3);
    for id in 10..=15 {
        ok.create(id, NodeKind::View).insert(0, id, NONE);
    }
    e.submit(&ok.finish()).expect("the ids are free again");
    assert_eq!(e.scene().len(), 9);
}

#[test]
fn flex_row_lays_out_children_and_skips_layout_when_clean() {
    let mut e = Engine::new(1000, 500);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View).set_props(
        1,
        &[
            (key::DISPLAY, V::U32(1)),
            (key::X, V::F32(10.0)),
            (key::W, V::F32(400.0)),
            (key::H, V::F32(100.0)),
            (key::PADDING, V::F32(10.0)),
            (key::COLUMN_GAP, V::F32(20.0)),
        ],
    );
    b.insert(0, 1, NONE);
    for id in 2..=4 {
        b.create(id, NodeKind::View)
            .set_props(id, &[(key::FLEX_GROW, V::F32(1.0)), (key::COLOR, V::U32(0xffffffff))])
            .insert(1, id, NONE);
    }
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    assert!(e.stats().layout_nodes >= 4);
    let items = e.display_list().items;
    // inner width 380, two gaps 40 → each child 340/3 ≈ 113.33, rounded by taffy.
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].transform[4], 20.0);
    assert_eq!(items[0].transform[5], 10.0);
    assert_eq!(items[0].size[1], 80.0);
    let total: f32 = items.iter().map(|i| i.size[0]).sum();
    assert_eq!(total, 340.0);

    // A frame with no change: no layout, list reused.
    e.frame(16.0);
    assert_eq!(e.stats().layout_nodes, 0);
    assert_eq!(e.stats().dl_rebuilt, 0);

    // Moving a scene-mode node's x needs no layout.
    let mut b = BatchBuilder::new(2);
    b.set_props(1, &[(key::X, V::F32(50.0))]);
    e.submit(&b.finish()).expect("valid");
    e.frame(32.0);
    assert_eq!(e.stats().layout_nodes, 0);
    assert_eq!(e.stats().dl_rebuilt, 1);
    assert_eq!(e.display_list().items[0].transform[4], 60.0);
}

#[test]
fn clipping_culls_and_emits_clip_items() {
    let mut e = Engine::new(200, 100);
    let mut b = BatchBuilder::new(1);
    red_box(&mut b, 1, 0.0, 0.0, 100.0, 50.0, 0x202020ff);
    b.set_props(1, &[(key::CLIPPING, V::U32(1))]);
    for (i, id) in (10..20).enumerate() {
        b.create(id, NodeKind::View)
            .set_props(id, &[(key::X, V::F32(i as f32 * 30.0)), (key::W, V::F32(25.0)), (key::H, V::F32(25.0)), (key::COLOR, V::U32(0xff0000ff))])
            .insert(1, id, NONE);
    }
    red_box(&mut b, 30, 500.0, 0.0, 10.0, 10.0, 0xffffffff); // off-screen
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let dl = e.display_list();
    let kinds: Vec<_> = dl.items.iter().map(|i| i.item_kind()).collect();
    assert_eq!(kinds[0], Some(ItemKind::Rect));
    assert_eq!(kinds[1], Some(ItemKind::ClipPush));
    assert_eq!(*kinds.last().expect("items"), Some(ItemKind::ClipPop));
    // tiles at x = 0,30,60,90 intersect the 100px clip; 6 are culled, plus node 30.
    assert_eq!(dl.items.iter().filter(|i| i.item_kind() == Some(ItemKind::Rect)).count(), 1 + 4);
    assert_eq!(e.stats().culled, 7);
}

#[test]
fn rotation_and_scale_about_pivot() {
    let mut e = Engine::new(200, 200);
    let mut b = BatchBuilder::new(1);
    red_box(&mut b, 1, 50.0, 50.0, 100.0, 20.0, 0xff0000ff);
    b.set_props(1, &[(key::ROTATION, V::F32(core::f32::consts::FRAC_PI_2)), (key::SCALE, V::F32(0.5))]);
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let it = e.display_list().items[0];
    let c = it.corners();
    // Center stays at (100, 60); rotated 90° and halved: 10 wide, 50 tall.
    let cx = (c[0][0] + c[3][0]) / 2.0;
    let cy = (c[0][1] + c[3][1]) / 2.0;
    assert!((cx - 100.0).abs() < 1e-4 && (cy - 60.0).abs() < 1e-4, "{cx},{cy}");
    let xs = c.iter().map(|p| p[0]);
    let w = xs.clone().fold(f32::MIN, f32::max) - xs.fold(f32::MAX, f32::min);
    assert!((w - 10.0).abs() < 1e-3, "{w}");
}

#[test]
fn snapshot_recreates_identical_display_list() {
    let mut e = Engine::new(640, 360);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View).set_props(
        1,
        &[(key::DISPLAY, V::U32(1)), (key::W, V::Percent(0.5)), (key::H, V::F32(200.0)), (key::FLEX_WRAP, V::U32(1)), (key::GAP, V::F32(7.0)), (key::JUSTIFY_CONTENT, V::U32(3)), (key::COLOR_TOP, V::U32(0x102030ff)), (key::COLOR_BOTTOM, V::U32(0x405060ff))],
    );
    b.insert(0, 1, NONE);
    for id in 2..12 {
        b.create(id, NodeKind::View)
            .set_props(id, &[(key::W, V::F32(50.0 + id as f32)), (key::H, V::Percent(0.25)), (key::COLOR, V::U32(0xff00ff00 | id)), (key::ROTATION, V::F32(0.1 * id as f32)), (key::MARGIN_LEFT, V::Auto)])
            .insert(1, id, if id > 3 { 3 } else { NONE });
    }
    b.create(50, NodeKind::Text).set_text(50, "héllo").create(51, NodeKind::Image).set_str(51, key::SRC, "a.png").insert(50, 51, NONE);
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let snap = e.snapshot().to_vec();
    let original = e.display_list_bytes().to_vec();

    let mut f = Engine::new(640, 360);
    f.submit(&snap).expect("snapshot is a valid batch");
    f.frame(0.0);
    assert_eq!(f.display_list_bytes()[32..], original[32..]);
    assert_eq!(f.scene().len(), e.scene().len());
    assert_eq!(f.snapshot().to_vec(), snap, "snapshot of the restored scene is the same");
}

#[test]
fn destroy_frees_subtree_and_ids_can_be_reused() {
    let mut e = Engine::new(100, 100);
    let mut b = BatchBuilder::new(1);
    red_box(&mut b, 1, 0.0, 0.0, 10.0, 10.0, 0xffffffff);
    b.create(2, NodeKind::View).insert(1, 2, NONE).create(3, NodeKind::View).insert(2, 3, NONE);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(e.scene().len(), 4);
    let mut b = BatchBuilder::new(2);
    b.destroy(1).create(3, NodeKind::Image).insert(0, 3, NONE);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(e.scene().len(), 2);
    let slots = e.scene().slot_count();
    // Re-creating reuses the freed slots: the arena does not grow.
    let mut b = BatchBuilder::new(3);
    b.create(1, NodeKind::View).create(2, NodeKind::View);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(e.scene().slot_count(), slots);
}

#[test]
fn abi_path_matches_native_api() {
    use reel_engine::abi::*;
    let mut b = BatchBuilder::new(1);
    red_box(&mut b, 1, 3.0, 4.0, 5.0, 6.0, 0xabcdefff);
    let bytes = b.finish();
    assert_eq!(reel_submit(4), ERR_NOT_INITIALISED);
    assert_eq!(reel_init(64, 64), 0);
    let ptr = reel_input_reserve(bytes.len() as u32);
    assert!(!ptr.is_null());
    // SAFETY: the engine reserved at least bytes.len() bytes at ptr.
    unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len()) };
    assert_eq!(reel_submit(bytes.len() as u32), 0);
    assert_eq!(reel_frame(0.0), 0);
    // SAFETY: pointer/length pair from the engine, valid until the next call.
    let dl = unsafe { core::slice::from_raw_parts(reel_display_list_ptr(), reel_display_list_len() as usize) }.to_vec();
    let mut e = Engine::new(64, 64);
    e.submit(&bytes).expect("valid");
    e.frame(0.0);
    assert_eq!(dl, e.display_list_bytes());
    // A bad batch through the ABI: error code and message.
    let bad = [1u8, 2, 3, 4];
    let ptr = reel_input_reserve(4);
    // SAFETY: as above.
    unsafe { core::ptr::copy_nonoverlapping(bad.as_ptr(), ptr, 4) };
    assert_eq!(reel_submit(4), ErrorKind::Truncated { needed: 16, got: 4 }.code());
    assert!(reel_last_error_len() > 0);
}

/// `reel_resource_stats_ptr` gives the resource manager's figures (images
/// vs glyph atlas, budget, counters) as the native API does.
#[test]
fn abi_resource_stats_match_native() {
    use reel_engine::abi::*;
    use reel_engine::protocol::events::{decode_events, Event};
    use reel_engine::protocol::props::{key, PropValue};
    use reel_engine::resources::ResourceStats;

    fn submit_abi(bytes: &[u8]) {
        let ptr = reel_input_reserve(bytes.len() as u32);
        assert!(!ptr.is_null());
        // SAFETY: the engine reserved at least bytes.len() bytes at ptr.
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len()) };
        assert_eq!(reel_submit(bytes.len() as u32), 0);
    }
    fn abi_stats() -> ResourceStats {
        let ptr = reel_resource_stats_ptr();
        assert!(!ptr.is_null());
        // SAFETY: the engine keeps ResourceStats::SIZE bytes there until the next call.
        let bytes = unsafe { core::slice::from_raw_parts(ptr, ResourceStats::SIZE) };
        ResourceStats::from_bytes(bytes).expect("72 bytes")
    }

    let mut b = BatchBuilder::new(1);
    b.create(5, NodeKind::Image)
        .set_props(5, &[(key::W, PropValue::F32(40.0)), (key::H, PropValue::F32(30.0))])
        .set_str(5, key::SRC, "poster.png")
        .insert(reel_engine::protocol::ROOT, 5, NONE)
        .frame(16.0);
    let first = b.finish();

    assert_eq!(reel_init(320, 180), 0);
    assert_eq!(reel_set_texture_budget(1 << 20), 0);
    submit_abi(&first);
    let mut e = Engine::new(320, 180);
    e.set_texture_budget(1 << 20);
    e.submit(&first).expect("valid");

    let texture = decode_events(e.events_bytes())
        .expect("events")
        .into_iter()
        .find_map(|ev| match ev {
            Event::ImageRequest { texture, .. } => Some(texture),
            _ => None,
        })
        .expect("the image is requested");
    let mut b = BatchBuilder::new(2);
    b.image_loaded(texture, 40, 30, 40 * 30 * 4).frame(32.0);
    let second = b.finish();
    submit_abi(&second);
    e.submit(&second).expect("valid");

    let s = abi_stats();
    assert_eq!(s, e.resources().stats());
    assert_eq!((s.image_bytes, s.atlas_bytes, s.texture_bytes), (4800, 0, 4800));
    assert_eq!((s.budget, s.resident, s.requests, s.peak_texture_bytes), (1 << 20, 1, 1, 4800));
}

/// taffy's per-node state lives outside the node, only for nodes taffy
/// lays out (flex containers and their items); scene-mode nodes never get
/// one, and destroyed nodes give theirs back for reuse.
#[test]
fn taffy_state_only_for_flex_nodes_and_reused() {
    let mut e = Engine::new(640, 360);
    let mut b = BatchBuilder::new(1);
    for i in 0..100 {
        red_box(&mut b, 10 + i, i as f32, 0.0, 4.0, 4.0, 0xffffffff);
    }
    b.frame(16.0);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(e.scene().layout_caches_in_use(), 0, "scene-mode nodes need no taffy state");

    let row = |seq: u32| {
        let mut b = BatchBuilder::new(seq);
        b.create(500, NodeKind::View)
            .set_props(500, &[(key::DISPLAY, V::U32(1)), (key::W, V::F32(600.0)), (key::H, V::F32(100.0))])
            .insert(0, 500, NONE);
        for i in 0..10 {
            b.create(501 + i, NodeKind::View).set_props(501 + i, &[(key::W, V::F32(50.0)), (key::H, V::F32(50.0))]).insert(500, 501 + i, NONE);
        }
        b.frame(seq as f64 * 16.0);
        b.finish()
    };
    e.submit(&row(2)).expect("valid");
    assert_eq!(e.scene().layout_caches_in_use(), 11, "the flex row and its 10 items");
    let item = e.scene().placed(e.scene().slot(505).expect("item"));
    assert_eq!((item.location.x, item.size.width), (200.0, 50.0), "flex items laid out in a row");

    let mut b = BatchBuilder::new(3);
    b.destroy(500).frame(64.0);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(e.scene().layout_caches_in_use(), 0, "destroyed nodes release their state");
    e.submit(&row(4)).expect("valid");
    assert_eq!(e.scene().layout_caches_in_use(), 11);
    assert_eq!(e.scene().placed(e.scene().slot(505).expect("item")).location.x, 200.0);
}

/// A node's inline size (64-bit): a guard against growing every node again
/// (taffy's cache and the transition slots were moved out of it). 744 since
/// issue 16's effects (radius, border, shadow: 44 bytes inline, because a
/// boxed value would be cloned — allocated — by the undo journal of every
/// batch that writes the node; see `scene::Effects`). 752 since issue 20:
/// one pointer for the accessible name and description (`Node::a11y`,
/// `None` on unlabelled nodes); `role` and `live` fit in padding. 768 since
/// issue 16's image source rectangle (srcX/Y/W/H, 16 bytes in `Effects`).
/// 800 since issue 16's focus styles for border and shadow (`focus_fx`, and
/// their values at rest in `Node::rest`: 16 + 16 bytes). 736 since issue
/// 14 (memory): the node keeps only position and size of taffy's `Layout`
/// (`scene::Placed`, 16 bytes instead of 84). 528 since issue 14: taffy's
/// `Style` (240 bytes) is boxed and made only for nodes that set a layout
/// property beyond w/h or that taffy lays out (`scene::Props`). 440 since
/// issue 14's boxed strings. 176 since issue 14's hot/cold split: only the
/// visual properties every drawn node reads (position, alpha, colours,
/// zIndex, clipping, visibility, display) stay inline; the rest of
/// `Visual` (transforms, scroll, focus, text style, image, effects,
/// transitions, focus state) is boxed on a node's first write of one
/// (`scene::Cold`).
#[test]
fn node_stays_small() {
    // 124 bytes in engine.wasm (`-Zprint-type-sizes`).
    let size = core::mem::size_of::<reel_engine::scene::Node>();
    assert!(size <= 152, "Node is {size} bytes");
}

/// A plain positioned, sized, coloured rect — most of a TV scene — makes no
/// `Visual`; a node that writes a transform, a focus or text property
/// does, and a destroyed node gives it back.
#[test]
fn plain_rects_make_no_visual() {
    let mut e = Engine::new(320, 240);
    let mut b = BatchBuilder::new(1);
    red_box(&mut b, 1, 1.0, 1.0, 5.0, 5.0, 0xff0000ff);
    b.set_props(1, &[(key::ALPHA, V::F32(0.5)), (key::Z_INDEX, V::I32(2)), (key::CLIPPING, V::U32(1)), (key::VISIBLE, V::U32(1))]);
    red_box(&mut b, 2, 10.0, 1.0, 5.0, 5.0, 0xff0000ff);
    b.set_props(2, &[(key::SCALE, V::F32(2.0))]);
    red_box(&mut b, 3, 20.0, 1.0, 5.0, 5.0, 0xff0000ff);
    b.set_props(3, &[(key::FOCUSABLE, V::U32(1))]);
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let cold = |e: &Engine, id: u32| e.scene().get(id).expect("node").props.visual.is_set();
    assert!(!cold(&e, 1), "a plain rect has no Visual");
    assert!(cold(&e, 2) && cold(&e, 3));
    assert_eq!(e.scene().get(2).expect("node").props.visual.scale_x, 2.0);
    assert_eq!(e.scene().get(1).expect("node").props.visual.scale_x, 1.0, "defaults read without one");
    // Focus and blur of a node without focus styles make none either.
    let mut b = BatchBuilder::new(2);
    b.create(4, NodeKind::View).set_props(4, &[(key::W, V::F32(5.0)), (key::H, V::F32(5.0))]).insert(0, 4, NONE).focus(3).frame(16.0);
    e.submit(&b.finish()).expect("valid");
    let mut b = BatchBuilder::new(3);
    b.focus(NONE).frame(32.0);
    e.submit(&b.finish()).expect("valid");
    assert!(!cold(&e, 1) && !cold(&e, 4));
}

/// The glyph atlas is charged to the texture budget (FrameStats and the
/// resource figures) from the frame that creates it.
#[test]
fn glyph_atlas_counts_against_the_texture_budget() {
    let font = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("the shipped font");
    let mut e = Engine::new(320, 180);
    e.set_texture_budget(4 << 20);
    let mut b = BatchBuilder::new(1);
    b.register_font("DejaVu Sans", &font).frame(16.0);
    e.submit(&b.finish()).expect("font accepted");
    assert_eq!(e.stats().texture_bytes, 0, "no glyph yet, no atlas");
    let mut b = BatchBuilder::new(2);
    b.create(1, NodeKind::Text)
        .set_props(1, &[(key::W, V::F32(200.0)), (key::H, V::F32(40.0))])
        .set_text(1, "Hello")
        .insert(0, 1, NONE)
        .frame(32.0);
    e.submit(&b.finish()).expect("valid");
    let (w, h) = e.text().atlas().size();
    let atlas = u64::from(w) * u64::from(h) * 4;
    assert!(atlas > 0);
    assert_eq!(u64::from(e.stats().texture_bytes), atlas);
    let r = e.resources().stats();
    assert_eq!((r.atlas_bytes, r.image_bytes, r.texture_bytes), (atlas, 0, atlas));
}

/// taffy's style is made only where taffy needs it (issue 14): a
/// positioned scene-mode rect has none; a node that becomes a flex item or
/// a flex container gets one carrying what was written before (its x as
/// the left inset, its size, a margin); a rejected batch takes back the
/// ones it made.
#[test]
fn taffy_style_only_for_flex_nodes_and_values_written_before_carry_over() {
    let mut e = Engine::new(320, 240);
    let mut b = BatchBuilder::new(1);
    red_box(&mut b, 1, 10.0, 20.0, 30.0, 40.0, 0xff0000ff);
    b.create(2, NodeKind::View).set_props(2, &[(key::W, V::F32(200.0)), (key::H, V::F32(100.0))]).insert(0, 2, NONE);
    // Written while 3 is not a flex item: x, w/h and a margin.
    b.create(3, NodeKind::View)
        .set_props(3, &[(key::X, V::F32(7.0)), (key::W, V::F32(20.0)), (key::H, V::F32(10.0)), (key::COLOR, V::U32(0xff))]);
    b.create(4, NodeKind::View)
        .set_props(4, &[(key::W, V::F32(30.0)), (key::H, V::F32(10.0)), (key::MARGIN_LEFT, V::F32(5.0)), (key::COLOR, V::U32(0xff))]);
    b.insert(2, 3, NONE).insert(2, 4, NONE);
    b.frame(16.0);
    e.submit(&b.finish()).expect("valid");
    let style = |e: &Engine, id: u32| e.scene().get(id).map(|n| n.props.style.is_some());
    assert_eq!([1, 2, 3, 4].map(|id| style(&e, id)), [Some(false), Some(false), Some(false), Some(true)]);
    let at = |e: &Engine, id: u32| e.display_list().items.iter().find(|i| i.node == id).map(|i| (i.transform[4], i.transform[5], i.size));
    assert_eq!(at(&e, 3), Some((7.0, 0.0, [20.0, 10.0])));

    // 2 becomes a flex row: its children become items, x = left inset.
    let mut b = BatchBuilder::new(2);
    b.set_props(2, &[(key::DISPLAY, V::U32(1))]);
    b.frame(32.0);
    e.submit(&b.finish()).expect("valid");
    assert_eq!([2, 3, 4].map(|id| style(&e, id)), [Some(true); 3]);
    assert_eq!(at(&e, 3), Some((7.0, 0.0, [20.0, 10.0])), "x is a relative item's left offset");
    assert_eq!(at(&e, 4), Some((25.0, 0.0, [30.0, 10.0])), "after 3 (20 wide) and its own 5 margin");

    // A new child of the flex row gets a style; a rejected batch takes
    // back the style it made on an existing node too.
    let mut b = BatchBuilder::new(3);
    b.create(5, NodeKind::View).set_props(5, &[(key::W, V::F32(10.0)), (key::H, V::F32(10.0))]).insert(2, 5, NONE);
    b.set_props(1, &[(key::FLEX_GROW, V::F32(1.0))]);
    b.insert(99, 1, NONE); // unknown parent: rejected
    assert!(e.submit(&b.finish()).is_err());
    assert_eq!(style(&e, 1), Some(false));
    assert_eq!(style(&e, 5), None);
    let mut b = BatchBuilder::new(4);
    b.create(5, NodeKind::View).set_props(5, &[(key::W, V::F32(10.0)), (key::H, V::F32(10.0)), (key::COLOR, V::U32(0xff))]).insert(2, 5, NONE);
    b.frame(48.0);
    e.submit(&b.finish()).expect("valid");
    assert_eq!(style(&e, 5), Some(true));
    assert_eq!(at(&e, 5), Some((55.0, 0.0, [10.0, 10.0])), "after 4 (25 + 30)");
}
