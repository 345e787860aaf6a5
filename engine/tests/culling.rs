//! Culling of untouched off-screen subtrees (issue 15) changes how much of
//! the tree a build visits, never what it draws or what the engine says:
//! two engines fed the same batches, one culling and one visiting every
//! node, must produce byte-identical display lists and the same events
//! (focus moves, navigation edges, image requests and releases) on every
//! frame — through scrolling by focus and by `scrollX`, a row leaving and
//! rejoining flex layout, changes to culled tiles (colour, a badge grown
//! across the screen, width: a layout shift, text, image src), animations,
//! a rotated and a scaled ancestor, hiding and showing, destroying and
//! inserting, an explicit focus on a node nested in a culled tile, and
//! image loads. The culling engine also copies untouched subtrees from its
//! last list (`build::retain`) and culls the tiles of an untouched row by
//! range (`build::span`): the same comparison covers both, and the run
//! must have done both.

use reel_engine::anim::{easing::Easing, Direction, Timing};
use reel_engine::focus::Dir;
use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_engine::Engine;

const ROWS: u32 = 5;
const TILES: u32 = 60;

fn tile(r: u32, t: u32) -> u32 {
    1000 + 1000 * r + t * 4
}

/// A page (column, scrolling on y) of clipping rows (scrolling on x) of
/// focusable tiles, each with a poster image, a caption text and a badge.
fn page(b: &mut BatchBuilder) {
    b.create(1, NodeKind::View)
        .set_props(
            1,
            &[
                (key::DISPLAY, V::U32(1)),
                (key::FLEX_DIRECTION, V::U32(1)),
                (key::W, V::F32(1280.0)),
                (key::H, V::F32(720.0)),
                (key::ROW_GAP, V::F32(30.0)),
                (key::PADDING, V::F32(40.0)),
                (key::CLIPPING, V::U32(1)),
                (key::SCROLL_AXIS, V::U32(2)),
                (key::SCROLL_DURATION, V::F32(0.0)),
            ],
        )
        .insert(0, 1, NONE);
    b.create(2, NodeKind::Text)
        .set_props(2, &[(key::X, V::F32(40.0)), (key::Y, V::F32(10.0)), (key::FONT_SIZE, V::F32(28.0))])
        .set_text(2, "Hero")
        .insert(0, 2, NONE);
    for r in 0..ROWS {
        let row = 100 + r;
        b.create(row, NodeKind::View)
            .set_props(
                row,
                &[
                    (key::DISPLAY, V::U32(1)),
                    (key::H, V::F32(220.0)),
                    (key::FLEX_SHRINK, V::F32(0.0)),
                    (key::COLUMN_GAP, V::F32(24.0)),
                    (key::CLIPPING, V::U32(u32::from(r % 2 == 0))),
                    (key::SCROLL_AXIS, V::U32(1)),
                    (key::FOCUS_MEMORY, V::U32(1)),
                    (key::SCROLL_DURATION, V::F32(if r == 1 { 200.0 } else { 0.0 })),
                ],
            )
            .insert(1, row, NONE);
        for t in 0..TILES {
            let id = tile(r, t);
            b.create(id, NodeKind::View)
                .set_props(
                    id,
                    &[
                        (key::W, V::F32(200.0)),
                        (key::H, V::F32(200.0)),
                        (key::FLEX_SHRINK, V::F32(0.0)),
                        (key::COLOR, V::U32(0x2040_60ff + (t << 8))),
                        (key::FOCUSABLE, V::U32(1)),
                        (key::RADIUS, V::F32(12.0)),
                        (key::FOCUS_SCALE, V::F32(1.1)),
                        (key::FOCUS_DURATION, V::F32(150.0)),
                        (key::FOCUS_BORDER_COLOR, V::U32(0xffff_ffff)),
                        (key::FOCUS_BORDER_WIDTH, V::F32(4.0)),
                        (key::FOCUS_SHADOW_COLOR, V::U32(0x80c0_ffc0)),
                        (key::SHADOW_COLOR, V::U32(0x0000_0080)),
                        (key::SHADOW_BLUR, V::F32(16.0)),
                        (key::SHADOW_OFFSET_Y, V::F32(8.0)),
                    ],
                )
                .insert(row, id, NONE);
            b.create(id + 1, NodeKind::Image)
                .set_props(id + 1, &[(key::W, V::F32(200.0)), (key::H, V::F32(150.0)), (key::RADIUS, V::F32(12.0))])
                .set_str(id + 1, key::SRC, &format!("poster-{}.png", t % 17))
                .insert(id, id + 1, NONE);
            b.create(id + 2, NodeKind::Text)
                .set_props(
                    id + 2,
                    &[(key::Y, V::F32(160.0)), (key::W, V::F32(200.0)), (key::FONT_SIZE, V::F32(20.0)), (key::MAX_LINES, V::U32(1))],
                )
                .set_text(id + 2, &format!("Title {r}.{t} with a long name"))
                .insert(id, id + 2, NONE);
            b.create(id + 3, NodeKind::View)
                .set_props(
                    id + 3,
                    &[
                        (key::X, V::F32(-8.0)),
                        (key::Y, V::F32(-8.0)),
                        (key::W, V::F32(40.0)),
                        (key::H, V::F32(20.0)),
                        (key::COLOR, V::U32(0xe0_30_30_ff)),
                    ],
                )
                .insert(id, id + 3, NONE);
        }
    }
}

/// Events but the per-frame stats (whose counters say how much was culled).
fn events(e: &Engine) -> Vec<Event> {
    decode_events(e.events_bytes()).expect("decode").into_iter().filter(|e| !matches!(e, Event::Frame(_))).collect()
}

struct Pair {
    culling: Engine,
    full: Engine,
    seq: u32,
    time: f64,
    /// Textures requested and not yet answered.
    pending: Vec<u32>,
    frames: u32,
    culled_frames: u32,
    /// Items the culling engine copied from its last list, over the run.
    copied: u64,
    /// Tiles it culled by range (`build::span`), over the run.
    range_culled: u64,
}

impl Pair {
    fn new() -> Self {
        let mut full = Engine::new(1280, 720);
        full.set_culling(false);
        Self { culling: Engine::new(1280, 720), full, seq: 1, time: 0.0, pending: Vec::new(), frames: 0, culled_frames: 0, copied: 0, range_culled: 0 }
    }

    /// Submits `f`'s batch (plus answers to image requests and a frame) to
    /// both engines; compares their lists and events.
    fn step(&mut self, what: &str, f: impl Fn(&mut BatchBuilder)) {
        let mut b = BatchBuilder::new(self.seq);
        self.seq += 1;
        f(&mut b);
        for tex in self.pending.drain(..) {
            b.image_loaded(tex, 200, 300, 200 * 300 * 4);
        }
        self.time += 16.0;
        b.frame(self.time);
        let bytes = b.finish();
        self.culling.submit(&bytes).unwrap_or_else(|e| panic!("{what}: {e:?}"));
        self.full.submit(&bytes).unwrap_or_else(|e| panic!("{what}: {e:?}"));
        self.compare(what);
    }

    fn compare(&mut self, what: &str) {
        self.frames += 1;
        self.copied += u64::from(self.culling.copied_items());
        self.range_culled += u64::from(self.culling.range_culled());
        assert!(
            self.culling.display_list_bytes() == self.full.display_list_bytes(),
            "{what} (frame {}): the culling engine drew a different list ({} vs {} items)",
            self.frames,
            self.culling.display_list().header.item_count,
            self.full.display_list().header.item_count,
        );
        let (a, b) = (events(&self.culling), events(&self.full));
        assert_eq!(a, b, "{what}: events differ");
        for e in &a {
            if let Event::ImageRequest { texture, .. } = e {
                self.pending.push(*texture);
            }
        }
        // A skipped subtree keeps the geometry generation of the build
        // that last visited it: after a build with skips, tiles differ.
        let sc = self.culling.scene();
        let gens = (0..ROWS).flat_map(|r| [tile(r, 0), tile(r, TILES - 1)]).filter_map(|id| sc.slot(id)).map(|s| sc.node(s).geom_gen);
        let (lo, hi) = gens.fold((u32::MAX, 0), |(lo, hi), g| (lo.min(g), hi.max(g)));
        if lo < hi {
            self.culled_frames += 1;
        }
        self.culling.clear_events();
        self.full.clear_events();
    }

    fn idle(&mut self, frames: u32) {
        for _ in 0..frames {
            self.step("idle", |_| {});
        }
    }

    fn nav(&mut self, dir: Dir, times: u32) {
        for _ in 0..times {
            self.step(&format!("{dir:?}"), |b| {
                b.navigate(dir);
            });
            self.idle(2);
        }
    }
}

#[test]
fn culling_draws_and_says_exactly_what_a_full_build_does() {
    let mut p = Pair::new();
    p.step("page", page);
    p.idle(3);
    p.nav(Dir::Right, 12);
    p.nav(Dir::Down, 2);
    p.nav(Dir::Right, 20);
    // Changes to tiles that are off screen (culled) and to ones on it.
    let far = tile(2, 55);
    p.step("colour of a culled tile", |b| {
        b.set_props(far, &[(key::COLOR, V::U32(0xff00_00ff))]);
    });
    p.step("text of a culled caption", |b| {
        b.set_text(far + 2, "Renamed far away");
    });
    p.step("src of a culled poster", |b| {
        b.set_str(far + 1, key::SRC, "poster-99.png");
    });
    p.step("width of a tile before the focus: everything after it shifts", |b| {
        b.set_props(tile(2, 3), &[(key::W, V::F32(420.0))]);
    });
    p.idle(2);
    p.nav(Dir::Left, 6);
    p.nav(Dir::Up, 1);
    p.nav(Dir::Right, 15);
    p.step("scroll a row by its scrollX (no focus)", |b| {
        b.set_props(102, &[(key::SCROLL_X, V::F32(5000.0))]);
    });
    p.idle(2);
    p.step("scroll it back", |b| {
        b.set_props(102, &[(key::SCROLL_X, V::F32(0.0))]);
    });
    // A row whose order is known (its span kept) is not scanned for zIndex
    // again until a tile is touched: one that gains a zIndex paints last,
    // and back in order when it loses it (a paint-order change only).
    p.idle(2);
    p.step("a tile of a known row paints on top", |b| {
        b.set_props(tile(2, 1), &[(key::Z_INDEX, V::I32(1)), (key::X, V::F32(-150.0))]);
    });
    p.idle(2);
    p.step("and back in order", |b| {
        b.set_props(tile(2, 1), &[(key::Z_INDEX, V::I32(0)), (key::X, V::F32(0.0))]);
    });
    p.idle(2);
    p.step("a row leaves flex layout: its tiles pile up at their x/y", |b| {
        b.set_props(104, &[(key::DISPLAY, V::U32(0))]);
    });
    p.idle(2);
    p.step("and comes back", |b| {
        b.set_props(104, &[(key::DISPLAY, V::U32(1))]);
    });
    p.step("a culled tile's badge grows past the screen's edge", |b| {
        b.set_props(tile(0, 30) + 3, &[(key::X, V::F32(-9000.0)), (key::W, V::F32(9100.0))]);
    });
    p.idle(2);
    p.step("hide a row", |b| {
        b.set_props(103, &[(key::VISIBLE, V::U32(0))]);
    });
    p.nav(Dir::Down, 3);
    p.step("show it again", |b| {
        b.set_props(103, &[(key::VISIBLE, V::U32(1))]);
    });
    p.step("destroy a tile, insert two at the start of a row", |b| {
        b.destroy(tile(0, 40));
        for (i, id) in [90_001u32, 90_002].into_iter().enumerate() {
            b.create(id, NodeKind::View)
                .set_props(
                    id,
                    &[
                        (key::W, V::F32(300.0)),
                        (key::H, V::F32(200.0)),
                        (key::FLEX_SHRINK, V::F32(0.0)),
                        (key::COLOR, V::U32(0x00ff_00ff)),
                        (key::FOCUSABLE, V::U32(1)),
                    ],
                )
                .insert(100, id, if i == 0 { tile(0, 0) } else { 90_001 });
        }
    });
    p.idle(2);
    p.step("scale the page down: a scaled frame", |b| {
        b.set_props(1, &[(key::SCALE, V::F32(0.5))]);
    });
    p.idle(2);
    p.nav(Dir::Right, 8);
    p.step("rotate a row: no culling under it", |b| {
        b.set_props(104, &[(key::ROTATION, V::F32(0.3))]);
    });
    p.nav(Dir::Down, 4);
    p.nav(Dir::Right, 4);
    p.step("unrotate, unscale", |b| {
        b.set_props(104, &[(key::ROTATION, V::F32(0.0))]).set_props(1, &[(key::SCALE, V::F32(1.0))]);
    });
    p.idle(2);
    p.step("animate a far tile's x (scene-mode badge) and the hero text", |b| {
        let t = Timing { duration_ms: 100.0, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing: Easing::Linear };
        b.animate(tile(4, 50) + 3, 7, &t, &[(key::X, V::F32(30.0))]).set_text(2, "Hero, changed");
    });
    p.idle(10);
    p.step("a badge inside a far tile becomes focusable", |b| {
        b.set_props(tile(3, 58) + 3, &[(key::FOCUSABLE, V::U32(1))]);
    });
    p.step("a rebuild that culls it again, its row scrolled (its kept geometry is now stale)", |b| {
        b.set_text(2, "Hero, once more").set_props(103, &[(key::SCROLL_X, V::F32(448.0))]);
    });
    p.step("the app focuses it: below a focusable node, in a culled subtree", |b| {
        b.focus(tile(3, 58) + 3);
    });
    p.idle(3);
    p.nav(Dir::Up, 4);
    p.nav(Dir::Left, 30);
    p.nav(Dir::Right, 5);
    assert!(p.frames > 200, "{} frames compared", p.frames);
    assert!(p.culled_frames * 2 > p.frames, "culling skipped subtrees after only {} of {} frames", p.culled_frames, p.frames);
    assert!(p.copied > 100 * u64::from(p.frames) / 4, "the culling engine copied only {} items in {} frames", p.copied, p.frames);
    assert!(p.range_culled > 1000, "the culling engine culled only {} tiles by range", p.range_culled);
    eprintln!("{} frames, {} items copied from the last list, {} tiles culled by range", p.frames, p.copied, p.range_culled);
}

/// More wide rows on screen than the build keeps what it learnt of
/// (`build/span.rs`: 16): the rows beyond it test their tiles one by one,
/// and after a navigation (which settles what the build culled) every
/// tile, range-culled or not, has the geometry of the last build: focus
/// can reach any of them.
#[test]
fn settle_reaches_every_culled_tile_with_more_wide_rows_than_spans() {
    const R: u32 = 24;
    const T: u32 = 40;
    let id = |r: u32, t: u32| 10_000 + r * 100 + t;
    let mut e = Engine::new(1280, 720);
    let mut b = BatchBuilder::new(1);
    for r in 0..R {
        let row = 100 + r;
        b.create(row, NodeKind::View)
            .set_props(row, &[(key::Y, V::F32(r as f32 * 28.0)), (key::W, V::F32(1280.0)), (key::H, V::F32(24.0))])
            .insert(0, row, NONE);
        for t in 0..T {
            // 40 tiles of 64 px: the row is twice the viewport's width.
            b.create(id(r, t), NodeKind::View)
                .set_props(
                    id(r, t),
                    &[(key::X, V::F32(t as f32 * 64.0)), (key::W, V::F32(60.0)), (key::H, V::F32(24.0)), (key::COLOR, V::U32(0x3060_90ff)), (key::FOCUSABLE, V::U32(1))],
                )
                .insert(row, id(r, t), NONE);
        }
    }
    b.focus(id(0, 0));
    b.frame(0.0);
    e.submit(&b.finish()).expect("valid");
    let mut culled = 0;
    for f in 1..4 {
        // A paint-only change above the rows: they are walked again (a
        // subtree with culled parts is not copied whole).
        let mut b = BatchBuilder::new(1 + f);
        b.set_props(0, &[(key::COLOR, V::U32(0x1010_10ff + (f << 8)))]).frame(16.0 * f as f64);
        e.submit(&b.finish()).expect("valid");
        culled += e.range_culled();
    }
    // 16 rows at most are culled by range (20 tiles each, off screen).
    assert!(culled > 0 && e.range_culled() <= 16 * 20, "tiles culled by range: {} in the last frame", e.range_culled());
    let sc = e.scene();
    let gen = |r: u32, t: u32| sc.slot(id(r, t)).map(|s| sc.node(s).geom_gen);
    assert!((0..R).any(|r| gen(r, T - 1) != gen(r, 0)), "no tile was culled");
    let mut b = BatchBuilder::new(10);
    b.navigate(Dir::Down).frame(100.0);
    e.submit(&b.finish()).expect("valid");
    let sc = e.scene();
    let gen = |r: u32, t: u32| sc.slot(id(r, t)).map(|s| sc.node(s).geom_gen);
    let want = gen(0, 0);
    for r in 0..R {
        for t in 0..T {
            assert_eq!(gen(r, t), want, "tile {r}.{t} was not settled");
        }
    }
}
