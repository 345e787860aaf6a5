//! The snapshot handed out in pieces (engine/src/snapshot_pieces.rs, issue
//! 14): the pieces put together are the batch the engine used to build
//! whole, byte for byte; a piece is bounded; and a read-out ends when the
//! scene changes.

use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, NodeKind, HEADER_BYTES, NONE};
use reel_engine::scene::snapshot;
use reel_engine::snapshot_pieces::PIECE_WORDS;
use reel_engine::Engine;

const N: u32 = 3_000;

/// A font, 3,000 nodes (text, images, gradients, labels, transitions), and
/// a detached subtree.
fn scene() -> (Engine, Vec<u8>) {
    let mut e = Engine::new(1920, 1080);
    let font = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans-subset.ttf")).expect("font");
    e.register_font("DejaVu Sans", &font).expect("font");
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View).set_props(1, &[(key::W, V::Percent(100.0)), (key::H, V::Percent(100.0))]).insert(0, 1, NONE);
    for i in 0..N {
        let id = 10 + i;
        let kind = [NodeKind::View, NodeKind::Text, NodeKind::Image][(i % 3) as usize];
        b.create(id, kind);
        b.set_props(id, &[(key::X, V::F32((i % 60) as f32 * 32.0)), (key::Y, V::F32((i / 60) as f32 * 20.0)), (key::W, V::F32(30.0)), (key::H, V::F32(18.0)), (key::RADIUS, V::F32(4.0))]);
        match kind {
            NodeKind::Text => {
                b.set_text(id, &format!("tile {i}"));
            }
            NodeKind::Image => {
                b.set_str(id, key::SRC, &format!("poster-{i}.jpg"));
            }
            _ => {
                b.set_str(id, key::GRADIENT, &format!("linear-gradient({}deg, red, blue)", i % 360));
                b.set_str(id, key::LABEL, "a tile");
            }
        }
        b.insert(1, id, NONE);
    }
    // A detached subtree: created, never inserted under the root.
    b.create(9_000, NodeKind::View).create(9_001, NodeKind::Text).set_text(9_001, "detached").insert(9_000, 9_001, NONE);
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid scene");
    (e, font)
}

/// The whole batch as the engine built it before pieces: fonts, the nodes,
/// then the gradients, in one builder.
fn whole(e: &Engine, font: &[u8]) -> Vec<u8> {
    let mut b = BatchBuilder::new(0);
    b.register_font("DejaVu Sans", font);
    snapshot::encode_into(e.scene(), &mut b);
    for i in 0..N {
        if i % 3 == 0 {
            b.set_str(10 + i, key::GRADIENT, &format!("linear-gradient({}deg, red, blue)", i % 360));
        }
    }
    b.finish()
}

#[test]
fn the_pieces_put_together_are_the_whole_snapshot() {
    let (mut e, font) = scene();
    let expected = whole(&e, &font);
    let len = e.snapshot_begin() as usize;
    assert_eq!(len, expected.len());
    let mut out = Vec::new();
    let mut pieces = 0;
    loop {
        let piece = e.snapshot_next();
        if piece.is_empty() {
            break;
        }
        pieces += 1;
        // The font's piece holds the whole font; a node piece stops at the
        // first node past PIECE_WORDS.
        assert!(piece.len() <= PIECE_WORDS * 4 + font.len() + 1024, "piece {pieces}: {} bytes", piece.len());
        out.extend_from_slice(piece);
    }
    assert!(pieces > 3, "{pieces} pieces for {len} bytes");
    assert_eq!(out, expected, "the same bytes as the whole batch");
    assert_eq!(e.snapshot_next(), &[] as &[u8], "nothing after the end");

    // It recreates the scene.
    let mut f = Engine::new(1920, 1080);
    f.submit(&out).expect("the snapshot applies");
    f.frame(16.0);
    e.frame(16.0);
    assert_eq!(f.display_list().items, e.display_list().items);
    assert_eq!(f.snapshot(), out, "the restored scene snapshots alike");
}

#[test]
fn a_submit_or_a_frame_ends_a_read_out() {
    let (mut e, _) = scene();
    for change in ["submit", "frame"] {
        let len = e.snapshot_begin() as usize;
        let first = e.snapshot_next().len();
        assert!(first > HEADER_BYTES && first < len);
        if change == "submit" {
            let mut b = BatchBuilder::new(2);
            b.set_props(10, &[(key::X, V::F32(5.0))]);
            e.submit(&b.finish()).expect("valid");
        } else {
            e.frame(32.0);
        }
        assert_eq!(e.snapshot_next(), &[] as &[u8], "{change}: the rest of a stale snapshot is not handed out");
    }
    // A new read-out starts over.
    let len = e.snapshot_begin() as usize;
    let mut n = 0;
    while !e.snapshot_next().is_empty() {
        n += 1;
    }
    assert!(n > 1 && len > 0);
}

#[test]
fn an_empty_scene_is_a_header() {
    let mut e = Engine::new(320, 180);
    let snap = e.snapshot();
    assert_eq!(snap.len(), HEADER_BYTES, "a batch of no commands");
    let mut f = Engine::new(320, 180);
    f.submit(&snap).expect("applies");
}
