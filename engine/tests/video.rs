//! Video nodes (issue 17, step 1): the `video` kind, its props kept in the
//! engine's side table (`reel_engine::video`), and bad input: a rejected
//! batch leaves the table untouched, a destroyed node leaves it, `poster`
//! does not overwrite `src`, bad values are refused.

use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, ErrorKind, NodeKind, NONE};
use reel_engine::video::{flag, Video};
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
    assert_eq!(n.src, "clip.webm");
    let want = Video { id: 1, flags: flag::AUTOPLAY | flag::MUTED, seek: None, poster: "poster.png".into(), changed: true };
    assert_eq!(e.videos().get(1), Some(&want));

    let mut b = BatchBuilder::new(2);
    b.set_props(1, &[(key::PAUSED, V::U32(1)), (key::MUTED, V::U32(0)), (key::CURRENT_TIME, V::F32(2.5))]);
    e.submit(&b.finish()).unwrap();
    let v = e.videos().get(1).unwrap();
    assert_eq!(v.flags, flag::AUTOPLAY | flag::PAUSED);
    assert_eq!(v.seek, Some(2.5));
    assert_eq!(e.scene().get(1).unwrap().src, "clip.webm", "poster never overwrites src");
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
