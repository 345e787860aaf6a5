//! Retained subtrees (`build::retain`): a build copies an untouched
//! subtree's items from the last list, and the list is byte for byte what a
//! fresh build draws — here across the glyph atlas growing during the build
//! that copies (copied glyph uvs were normalised by the old atlas size), an
//! image becoming resident under a copied parent, and a colour change next
//! to copied siblings. (Debug builds also check every copying build against
//! a fresh one; tests/culling.rs compares a long scripted run.)

use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_engine::Engine;

fn font() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("default font")
}

/// The same batches into a copying engine and one that visits everything.
struct Pair {
    copying: Engine,
    fresh: Engine,
    seq: u32,
    t: f64,
}

impl Pair {
    fn new() -> Self {
        let mut copying = Engine::new(1280, 720);
        let mut fresh = Engine::new(1280, 720);
        fresh.set_culling(false);
        for e in [&mut copying, &mut fresh] {
            e.register_font("Sans", &font()).expect("font");
        }
        Self { copying, fresh, seq: 1, t: 0.0 }
    }

    /// Applies `f`'s batch and a frame to both; returns the items copied.
    fn step(&mut self, what: &str, f: impl Fn(&mut BatchBuilder)) -> u32 {
        let mut b = BatchBuilder::new(self.seq);
        self.seq += 1;
        f(&mut b);
        self.t += 16.0;
        b.frame(self.t);
        let bytes = b.finish();
        self.copying.submit(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        self.fresh.submit(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(self.copying.display_list_bytes() == self.fresh.display_list_bytes(), "{what}: the lists differ");
        self.copying.copied_items()
    }
}

fn text(b: &mut BatchBuilder, id: u32, x: f32, y: f32, size: f32, s: &str) {
    b.create(id, NodeKind::Text)
        .set_props(id, &[(key::X, V::F32(x)), (key::Y, V::F32(y)), (key::W, V::F32(1200.0)), (key::FONT_SIZE, V::F32(size))])
        .set_text(id, s);
}

#[test]
fn copies_survive_atlas_growth_image_loads_and_colour_changes() {
    let mut p = Pair::new();
    p.step("a card with a caption and a poster", |b| {
        b.create(1, NodeKind::View)
            .set_props(1, &[(key::W, V::F32(600.0)), (key::H, V::F32(300.0)), (key::COLOR, V::U32(0x203040ff))])
            .insert(0, 1, NONE);
        text(b, 2, 10.0, 10.0, 20.0, "Hello, retained world");
        b.insert(1, 2, NONE);
        b.create(3, NodeKind::Image)
            .set_props(3, &[(key::X, V::F32(10.0)), (key::Y, V::F32(60.0)), (key::W, V::F32(200.0)), (key::H, V::F32(120.0))])
            .set_str(3, key::SRC, "poster.png")
            .insert(1, 3, NONE);
        b.create(4, NodeKind::View)
            .set_props(4, &[(key::Y, V::F32(400.0)), (key::W, V::F32(100.0)), (key::H, V::F32(100.0)), (key::COLOR, V::U32(0xff0000ff))])
            .insert(0, 4, NONE);
    });
    let before = p.copying.text().atlas().size();
    let copied = p.step("a big new text grows the atlas while the card is copied", |b| {
        text(b, 5, 10.0, 500.0, 96.0, "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789");
        b.insert(0, 5, NONE);
    });
    assert!(copied > 0, "the card was not copied");
    assert!(p.copying.text().atlas().size() > before, "the atlas did not grow: {before:?}");
    let copied = p.step("a colour change next to the card", |b| {
        b.set_props(4, &[(key::COLOR, V::U32(0x00ff00ff))]);
    });
    assert!(copied > 0, "the card was not copied");
    // The poster's texture answer: the image node draws its texture now.
    let mut requested = Vec::new();
    for e in reel_engine::protocol::events::decode_events(p.copying.events_bytes()).expect("events") {
        if let reel_engine::protocol::events::Event::ImageRequest { texture, .. } = e {
            requested.push(texture);
        }
    }
    let _ = p.step("the poster loads", |b| {
        for &t in &requested {
            b.image_loaded(t, 200, 120, 200 * 120 * 4);
        }
    });
    let items = p.copying.display_list();
    assert!(
        items.items.iter().any(|it| it.node == 3 && it.texture != 0 && it.texture == requested.first().copied().unwrap_or(0)),
        "the poster is not drawn from its texture"
    );
    let copied = p.step("a colour change after the load", |b| {
        b.set_props(4, &[(key::COLOR, V::U32(0x0000ffff))]);
    });
    assert!(copied > 0, "the card was not copied after its poster loaded");
}
