//! Video nodes (issue 17, step 1): the `video` kind, its props kept in the
//! engine's side table (`reel_engine::video`), and bad input: a rejected
//! batch leaves the table untouched, a destroyed node leaves it, `poster`
//! does not overwrite `src`, bad values are refused.

use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::video::{flag, reason, state, Video};
use reel_engine::Engine;

fn with_video() -> Engine {
    let mut e = Engine::new(1280, 720);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::Video)
        .set_props(1, &[(key::W, V::F32(320.0)), (key::H, V::F32(180.0)), (key::AUTOPLAY, V::U32(1)), (key::MUTED, V::U32(1))])
        .set_str(1, key::SRC, "clip.webm")
        .set_str(1, key::POSTER, "poster.png")
        .insert(0, 1, NONE)
        .frame(0.0);
    e.submit(&b.finish()).unwrap();
    e
}

#[test]
fn video_node_keeps_its_props_in_the_side_table() {
    let mut e = with_video();
    let n = e.scene().get(1).unwrap();
    assert_eq!(n.kind, NodeKind::Video);
    assert_eq!(n.src(), "clip.webm");
    let want = Video { id: 1, flags: flag::AUTOPLAY | flag::MUTED, seek: None, poster: "poster.png".into(), changed: true, last_update: -1.0 };
    assert_eq!(e.videos().get(1), Some(&want));

    let mut b = BatchBuilder::new(2);
    b.set_props(1, &[(key::PAUSED, V::U32(1)), (key::MUTED, V::U32(0)), (key::CURRENT_TIME, V::F32(2.5))]);
    e.submit(&b.finish()).unwrap();
    let v = e.videos().get(1).unwrap();
    assert_eq!(v.flags, flag::AUTOPLAY | flag::PAUSED);
    assert_eq!(v.seek, Some(2.5));
    assert_eq!(e.scene().get(1).unwrap().src(), "clip.webm", "poster never overwrites src");
}

#[test]
fn a_rejected_batch_leaves_the_video_table_alone() {
    let mut e = with_video();
    let before = e.videos().get(1).cloned();
    let mut b = BatchBuilder::new(2);
    b.set_props(1, &[(key::PAUSED, V::U32(1))]).set_str(1, key::POSTER, "other.png").create(2, NodeKind::Video).destroy(99);
    let err = e.submit(&b.finish()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnknownNode(99));
    assert_eq!(e.videos().get(1).cloned(), before);
    assert!(e.videos().get(2).is_none());
}

#[test]
fn bad_video_values_are_refused() {
    let mut e = with_video();
    for (k, v) in [(key::CURRENT_TIME, V::F32(-1.0)), (key::PAUSED, V::U32(2)), (key::AUTOPLAY, V::F32(1.0))] {
        let mut b = BatchBuilder::new(3);
        b.set_props(1, &[(k, v)]);
        assert!(e.submit(&b.finish()).is_err(), "key {k} value {v:?}");
    }
    // An unknown video node: the batch is rejected.
    let mut b = BatchBuilder::new(4);
    b.set_str(7, key::POSTER, "p.png");
    assert_eq!(e.submit(&b.finish()).unwrap_err().kind, ErrorKind::UnknownNode(7));
    // Node kind 4 does not exist.
    let mut words = BatchBuilder::new(5);
    words.create(9, NodeKind::Video);
    let mut bytes = words.finish();
    let at = bytes.len() - 4;
    bytes[at..].copy_from_slice(&4u32.to_le_bytes());
    assert_eq!(e.submit(&bytes).unwrap_err().kind, ErrorKind::UnknownNodeKind(4));
    assert_eq!(e.videos().iter().count(), 1);
}

#[test]
fn destroying_a_video_or_its_parent_drops_its_entry() {
    let mut e = with_video();
    let mut b = BatchBuilder::new(2);
    b.create(2, NodeKind::View).insert(0, 2, NONE).create(3, NodeKind::Video).insert(2, 3, NONE).destroy(1);
    e.submit(&b.finish()).unwrap();
    assert!(e.videos().get(1).is_none());
    assert!(e.videos().get(3).is_some());
    let mut b = BatchBuilder::new(3);
    b.destroy(2);
    e.submit(&b.finish()).unwrap();
    assert!(e.videos().is_empty());
    // The id reused for a view: no video entry.
    let mut b = BatchBuilder::new(4);
    b.create(3, NodeKind::View);
    e.submit(&b.finish()).unwrap();
    assert!(e.videos().is_empty());
}

/// A blue backdrop, a clipping box (10,10)-(210,110) holding a video node at
/// (30,20) 100x50 (screen) and a focus ring (a 4 px white border, no fill)
/// drawn after the video, overlapping its edge by 2 px.
fn surface_scene() -> Engine {
    let mut e = Engine::new(320, 180);
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::W, V::F32(320.0)), (key::H, V::F32(180.0)), (key::COLOR, V::U32(0x2040_80FF))])
        .insert(0, 1, NONE)
        .create(2, NodeKind::View)
        .set_props(2, &[(key::X, V::F32(10.0)), (key::Y, V::F32(10.0)), (key::W, V::F32(200.0)), (key::H, V::F32(100.0)), (key::CLIPPING, V::U32(1))])
        .insert(1, 2, NONE)
        .create(3, NodeKind::Video)
        .set_props(3, &[(key::X, V::F32(20.0)), (key::Y, V::F32(10.0)), (key::W, V::F32(100.0)), (key::H, V::F32(50.0))])
        .set_str(3, key::SRC, "clip.webm")
        .insert(2, 3, NONE)
        .create(4, NodeKind::View)
        .set_props(
            4,
            &[
                (key::X, V::F32(18.0)),
                (key::Y, V::F32(8.0)),
                (key::W, V::F32(104.0)),
                (key::H, V::F32(54.0)),
                (key::BORDER_WIDTH, V::F32(4.0)),
                (key::BORDER_COLOR, V::U32(0xFFFF_FFFF)),
            ],
        )
        .insert(2, 4, NONE)
        .frame(0.0);
    e.submit(&b.finish()).unwrap();
    e
}

#[test]
fn the_display_list_has_the_video_surface_with_rect_clip_and_alpha() {
    use reel_engine::display_list::ItemKind;
    let mut e = surface_scene();
    let items = e.display_list().items.to_vec();
    let v: Vec<_> = items.iter().filter(|i| i.item_kind() == Some(ItemKind::Video)).collect();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].node, 3);
    assert_eq!(v[0].transform, [1.0, 0.0, 0.0, 1.0, 30.0, 20.0]);
    assert_eq!(v[0].size, [100.0, 50.0]);
    assert_eq!(v[0].uv, [10.0, 10.0, 210.0, 110.0], "the enclosing clip");
    assert_eq!(v[0].colors[0] & 0xFF, 255);
    // The ring is drawn after the surface (UI over video).
    let ring = items.iter().position(|i| i.node == 4).unwrap();
    assert!(ring > items.iter().position(|i| i.node == 3).unwrap());
    // Alpha composes into the surface's alpha; hit-testing finds the video.
    let mut b = BatchBuilder::new(2);
    b.set_props(2, &[(key::ALPHA, V::F32(0.5))]).frame(16.0);
    e.submit(&b.finish()).unwrap();
    let items = e.display_list().items.to_vec();
    let v = items.iter().find(|i| i.item_kind() == Some(ItemKind::Video)).unwrap();
    assert_eq!(v.colors[0] & 0xFF, 128);
    // Moved entirely out of its clip: no surface.
    let mut b = BatchBuilder::new(3);
    b.set_props(3, &[(key::X, V::F32(400.0))]).frame(32.0);
    e.submit(&b.finish()).unwrap();
    assert!(e.display_list().items.iter().all(|i| i.item_kind() != Some(ItemKind::Video)));
}

#[cfg(feature = "raster")]
#[test]
fn the_raster_painter_punches_the_hole_and_draws_the_ring_over_it() {
    use reel_engine::raster::{render, TextureStore};
    let e = surface_scene();
    let img = render(&e.display_list(), &TextureStore::new()).unwrap();
    let px = |x: u32, y: u32| {
        let i = ((y * img.width + x) * 4) as usize;
        [img.pixels[i], img.pixels[i + 1], img.pixels[i + 2], img.pixels[i + 3]]
    };
    assert_eq!(px(80, 45), [0, 0, 0, 0], "inside the surface: transparent");
    assert_eq!(px(5, 5), [0x20, 0x40, 0x80, 0xFF], "the backdrop");
    assert_eq!(px(31, 40), [255, 255, 255, 255], "the ring over the video's edge");
    assert_eq!(px(250, 45), [0x20, 0x40, 0x80, 0xFF], "right of the clip");
    if let Ok(dir) = std::env::var("REEL_VIDEO_PNG") {
        // Over a magenta/green checkerboard (the "video"), to look at.
        let mut shown = img.clone();
        for (i, p) in shown.pixels.chunks_mut(4).enumerate() {
            let (x, y) = (i as u32 % img.width, i as u32 / img.width);
            let under = if (x / 8 + y / 8) % 2 == 0 { [255u8, 0, 255] } else { [0, 200, 0] };
            let a = u32::from(p[3]);
            for c in 0..3 {
                p[c] = ((u32::from(p[c]) * a + u32::from(under[c]) * (255 - a)) / 255) as u8;
            }
            p[3] = 255;
        }
        reel_engine::raster::write_png(std::path::Path::new(&dir).join("video_hole.png"), &shown).unwrap();
    }
}

fn video_events(e: &mut Engine) -> Vec<(u32, u32, u32, f32, u32)> {
    let out = decode_events(e.events_bytes())
        .unwrap()
        .into_iter()
        .filter_map(|ev| match ev {
            Event::Video { node, state, reason, time, size } => Some((node, state, reason, time, size)),
            _ => None,
        })
        .collect();
    e.clear_events();
    out
}

#[test]
fn host_video_states_reach_the_app_as_video_events() {
    let mut e = with_video();
    e.clear_events();
    let mut b = BatchBuilder::new(2);
    b.video_state(1, state::LOADEDMETADATA, 0, 3.0, 160 << 16 | 90).video_state(1, state::PLAYING, 0, 0.0, 0);
    e.submit(&b.finish()).unwrap();
    assert_eq!(video_events(&mut e), vec![(1, state::LOADEDMETADATA, 0, 3.0, 160 << 16 | 90), (1, state::PLAYING, 0, 0.0, 0)]);
    // TIMEUPDATE: at most one per 0.25 s of media time; a seek back always.
    let mut b = BatchBuilder::new(3);
    for t in [0.0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.1] {
        b.video_state(1, state::TIMEUPDATE, 0, t, 0);
    }
    b.video_state(1, state::ENDED, 0, 3.0, 0).video_state(1, state::ERROR, reason::DECODER_LIMIT, 0.0, 0);
    e.submit(&b.finish()).unwrap();
    let times: Vec<_> = video_events(&mut e).iter().map(|v| (v.1, v.2, v.3)).collect();
    assert_eq!(
        times,
        vec![
            (state::TIMEUPDATE, 0, 0.0),
            (state::TIMEUPDATE, 0, 0.25),
            (state::TIMEUPDATE, 0, 0.5),
            (state::TIMEUPDATE, 0, 0.1),
            (state::ENDED, 0, 3.0),
            (state::ERROR, reason::DECODER_LIMIT, 0.0),
        ]
    );
}

#[test]
fn bad_video_states_are_refused_and_emit_nothing() {
    let mut e = with_video();
    let mut b = BatchBuilder::new(2);
    b.create(2, NodeKind::View).insert(0, 2, NONE);
    e.submit(&b.finish()).unwrap();
    e.clear_events();
    let cases: [(u32, u32, u32, f32, ErrorKind); 7] = [
        (9, state::PLAYING, 0, 0.0, ErrorKind::UnknownNode(9)),
        (2, state::PLAYING, 0, 0.0, ErrorKind::NotVideo(2)),
        (1, 0, 0, 0.0, ErrorKind::BadArgument("video state must be 1..=6")),
        (1, 7, 0, 0.0, ErrorKind::BadArgument("video state must be 1..=6")),
        (1, state::ERROR, 0, 0.0, ErrorKind::BadArgument("video reason must be 1..=4 for ERROR and 0 otherwise")),
        (1, state::ERROR, 5, 0.0, ErrorKind::BadArgument("video reason must be 1..=4 for ERROR and 0 otherwise")),
        (1, state::TIMEUPDATE, 0, f32::NAN, ErrorKind::BadArgument("video time must be finite and >= 0")),
    ];
    for (i, (id, st, re, t, want)) in cases.into_iter().enumerate() {
        let mut b = BatchBuilder::new(10 + i as u32);
        // A valid state first: the rejected batch forwards nothing at all.
        b.video_state(1, state::PLAYING, 0, 0.0, 0).video_state(id, st, re, t, 0);
        assert_eq!(e.submit(&b.finish()).unwrap_err().kind, want, "case {i}");
        assert!(video_events(&mut e).is_empty(), "case {i}");
    }
    // A negative time and a short command.
    let mut b = BatchBuilder::new(30);
    b.video_state(1, state::TIMEUPDATE, 0, -1.0, 0);
    assert!(e.submit(&b.finish()).is_err());
    let mut b = BatchBuilder::new(31);
    b.raw(reel_engine::protocol::op::VIDEO_STATE, &[1, state::PLAYING, 0, 0]);
    assert!(matches!(e.submit(&b.finish()).unwrap_err().kind, ErrorKind::BadLength { .. }));
    // State for a destroyed video: unknown node.
    let mut b = BatchBuilder::new(32);
    b.destroy(1);
    e.submit(&b.finish()).unwrap();
    let mut b = BatchBuilder::new(33);
    b.video_state(1, state::PLAYING, 0, 0.0, 0);
    assert_eq!(e.submit(&b.finish()).unwrap_err().kind, ErrorKind::UnknownNode(1));
}
