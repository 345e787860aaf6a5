//! The egui debug overlay (feature `overlay`): zero cost when closed, D-pad
//! navigation through the tree inspector, and a golden screenshot of the
//! overlay over a TV home scene rendered by the software rasterizer.
//!
//! Run: `cargo test -p reel-engine --features overlay,raster --test overlay`.
//! `REEL_UPDATE_GOLDEN=1` rewrites `tests/overlay/*.png`.

use std::path::PathBuf;

use reel_engine::display_list::{ItemKind, MeshSection, OwnedDisplayList};
use reel_engine::overlay::{keys, HostStats, HIGHLIGHT_FILL, OVERLAY_TEXTURE_BASE};
use reel_engine::protocol::BatchBuilder;
use reel_engine::raster::{self, RgbaImage, TextureStore, Tolerance};
use reel_engine::Engine;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The home scene, run natively with the default font; textures applied
/// after every batch as a painter does.
fn home() -> (Engine, TextureStore) {
    let text = std::fs::read_to_string(root().join("tests/overlay/home.scene")).expect("scene");
    let scene = reel_engine::script::parse_scene(&text).expect("parse");
    let (w, h) = scene.viewport.expect("viewport");
    let mut e = Engine::new(w, h);
    let font = std::fs::read(root().join("engine/fonts/DejaVuSans.ttf")).expect("font");
    e.register_font("DejaVu Sans", &font).expect("font");
    let mut store = TextureStore::new();
    for b in &scene.batches {
        e.submit(b).expect("batch");
        apply(&mut e, &mut store);
    }
    (e, store)
}

fn apply(e: &mut Engine, store: &mut TextureStore) {
    store.apply_deltas(e.texture_deltas_bytes()).expect("deltas");
    store.apply_delta_frees(e.texture_deltas_bytes()).expect("frees");
    e.clear_texture_deltas();
}

fn frame(e: &mut Engine, store: &mut TextureStore, t: f64) {
    let mut b = BatchBuilder::new(0);
    b.frame(t);
    e.submit(&b.finish()).expect("frame");
    apply(e, store);
}

fn navigate(e: &mut Engine, store: &mut TextureStore, dir: reel_engine::focus::Dir, t: f64) {
    let mut b = BatchBuilder::new(0);
    b.navigate(dir).frame(t);
    e.submit(&b.finish()).expect("navigate");
    apply(e, store);
}

fn kinds(e: &Engine) -> Vec<Option<ItemKind>> {
    e.display_list().items.iter().map(|i| i.item_kind()).collect()
}

/// Screen rect items of the selected node's highlight.
fn highlights(e: &Engine, node: u32) -> usize {
    e.display_list()
        .items
        .iter()
        .filter(|i| i.item_kind() == Some(ItemKind::Rect) && i.node == node && i.colors[0] == HIGHLIGHT_FILL)
        .count()
}

#[test]
fn closed_overlay_costs_nothing() {
    let (mut e, mut store) = home();
    let before = e.display_list_bytes().to_vec();
    for t in 1..5 {
        frame(&mut e, &mut store, f64::from(t) * 16.0);
    }
    assert!(!e.overlay().is_open());
    let dl = OwnedDisplayList::from_bytes(e.display_list_bytes()).expect("list");
    assert_eq!(dl.header._reserved, [0, 0], "no mesh section");
    assert!(kinds(&e).iter().all(|k| *k != Some(ItemKind::Mesh)));
    // Same items as before (only the frame number moves).
    assert_eq!(&e.display_list_bytes()[32..], &before[32..]);
    assert_eq!(e.overlay().last_mesh_stats(), (0, 0));
    // A key that is not the toggle is not consumed while closed.
    assert!(!e.overlay_key(keys::DOWN));
}

#[test]
fn toggle_draws_meshes_and_font_texture() {
    let (mut e, mut store) = home();
    let scene_items = e.display_list().header.item_count;
    assert!(e.overlay_key(keys::BLUE));
    frame(&mut e, &mut store, 100.0);
    let bytes = e.display_list_bytes().to_vec();
    let dl = OwnedDisplayList::from_bytes(&bytes).expect("list");
    let meshes = MeshSection::from_bytes(&bytes).expect("meshes");
    assert!(dl.header.item_count > scene_items);
    assert!(dl.items.iter().any(|i| i.item_kind() == Some(ItemKind::Mesh)));
    assert_eq!(dl.header._reserved, [meshes.vertices.len() as u32, meshes.indices.len() as u32]);
    assert!(meshes.indices.iter().all(|&i| (i as usize) < meshes.vertices.len()));
    // egui's font atlas arrived as a texture delta.
    assert!(store.get(OVERLAY_TEXTURE_BASE).is_some(), "font texture delivered");
    // The scene's items come first, unchanged.
    let closed_first = dl.items[..scene_items as usize].to_vec();
    // F12 closes it again: the list is the scene's own.
    assert!(e.overlay_key(keys::F12));
    frame(&mut e, &mut store, 116.0);
    assert_eq!(e.display_list().header.item_count, scene_items);
    assert_eq!(e.display_list().items, &closed_first[..]);
    assert_eq!(e.display_list().header._reserved, [0, 0]);
}

#[test]
fn dpad_moves_through_the_tree_inspector() {
    use reel_engine::focus::Dir;
    let (mut e, mut store) = home();
    assert_eq!(e.focused(), 10);
    e.overlay_key(keys::BLUE);
    frame(&mut e, &mut store, 100.0);
    // Opens on the focused node, highlighted.
    assert_eq!(e.overlay().selected(), 10);
    assert_eq!(highlights(&e, 10), 1);
    // NAVIGATE goes to the inspector, not to focus: down = next row (card 11).
    navigate(&mut e, &mut store, Dir::Down, 116.0);
    assert_eq!(e.overlay().selected(), 11);
    assert_eq!(e.focused(), 10, "app focus did not move");
    assert_eq!(highlights(&e, 11), 1);
    assert_eq!(highlights(&e, 10), 0);
    // Right expands, right again enters the first child (its label).
    navigate(&mut e, &mut store, Dir::Right, 132.0);
    assert_eq!(e.overlay().selected(), 11);
    navigate(&mut e, &mut store, Dir::Right, 148.0);
    assert_eq!(e.overlay().selected(), 31);
    assert_eq!(highlights(&e, 31), 1);
    // Left goes to the parent; Enter collapses it; up = previous row.
    assert!(e.overlay_key(keys::LEFT));
    frame(&mut e, &mut store, 164.0);
    assert_eq!(e.overlay().selected(), 11);
    assert!(e.overlay_key(keys::ENTER));
    assert!(e.overlay_key(keys::DOWN));
    frame(&mut e, &mut store, 180.0);
    assert_eq!(e.overlay().selected(), 12, "11 collapsed: its child row is gone");
    assert!(e.overlay_key(keys::UP));
    assert!(e.overlay_key(keys::UP));
    frame(&mut e, &mut store, 196.0);
    assert_eq!(e.overlay().selected(), 10);
    // Back closes; NAVIGATE moves app focus again.
    assert!(e.overlay_key(keys::BACK));
    navigate(&mut e, &mut store, Dir::Right, 212.0);
    assert!(!e.overlay().is_open());
    assert_eq!(e.focused(), 11);
    assert_eq!(highlights(&e, 10) + highlights(&e, 11), 0);
}

fn golden(name: &str, image: &RgbaImage) {
    let path = root().join("tests/overlay").join(format!("{name}.png"));
    if std::env::var_os("REEL_UPDATE_GOLDEN").is_some() || !path.exists() {
        raster::write_png(&path, image).expect("write golden");
        return;
    }
    let expected = raster::read_png(&path).expect("golden");
    let tol = Tolerance { max_channel_diff: 8, max_diff_pixels_ratio: 0.002 };
    let diff = raster::compare(&expected, image, tol).expect("compare");
    if diff.diff_pixels as f64 > tol.max_diff_pixels_ratio * diff.total_pixels as f64 {
        let out = root().join("target/overlay-diff").join(format!("{name}.actual.png"));
        raster::write_png(&out, image).expect("write actual");
        panic!("{name}: {} pixels differ (max {}); actual at {}", diff.diff_pixels, diff.max_diff, out.display());
    }
}

#[test]
fn golden_overlay_over_home_scene() {
    let (mut e, mut store) = home();
    // Some history for the timeline, with host figures as a browser reports them.
    for i in 1..=90 {
        let t = f64::from(i) * 16.7 + if i % 30 == 0 { 20.0 } else { 0.0 };
        frame(&mut e, &mut store, t);
        let ms = 2.0 + (i % 7) as f32 * 0.4 + if i % 30 == 0 { 15.0 } else { 0.0 };
        e.overlay_host_stats(HostStats {
            engine_ms: ms,
            frame_interval_ms: 16.7,
            queue_delay_ms: 0.8,
            batch_bytes: 48,
            batches: 1,
            js_heap_bytes: 14 << 20,
            js_heap_limit: 256 << 20,
            dropped_frames: 3,
            // A browser host does not measure the app's JS time.
            app_js_ms: -1.0,
        });
    }
    e.overlay_key(keys::BLUE);
    e.overlay_key(keys::DOWN);
    e.overlay_key(keys::DOWN);
    frame(&mut e, &mut store, 1600.0);
    frame(&mut e, &mut store, 1616.0);
    assert_eq!(e.overlay().selected(), 12);
    let bytes = e.display_list_bytes().to_vec();
    let r = raster::render_bytes(&bytes, &store).expect("render");
    assert!(r.stats.meshes > 0);
    assert_eq!(r.stats.missing_textures, 0);
    golden("home_overlay", &r.image);
}

/// Frame time with the overlay off vs on (native, this build's profile):
/// `cargo test --release -p reel-engine --features overlay,raster --test overlay -- --nocapture cost_table`.
#[test]
fn cost_table() {
    let (mut e, mut store) = home();
    let mut t = 2000.0;
    let mut time = |e: &mut Engine, store: &mut TextureStore, n: u32| {
        let start = std::time::Instant::now();
        for _ in 0..n {
            t += 16.7;
            frame(e, store, t);
        }
        start.elapsed().as_secs_f64() * 1000.0 / f64::from(n)
    };
    let off = time(&mut e, &mut store, 60);
    let items_off = e.display_list().header.item_count;
    e.overlay_key(keys::BLUE);
    let on = time(&mut e, &mut store, 60);
    let items_on = e.display_list().header.item_count;
    let (meshes, vertices) = e.overlay().last_mesh_stats();
    e.overlay_key(keys::BLUE);
    let off_again = time(&mut e, &mut store, 60);
    println!("| overlay | ms/frame | items | meshes | vertices |");
    println!("|---|---|---|---|---|");
    println!("| off | {off:.3} | {items_off} | 0 | 0 |");
    println!("| on | {on:.3} | {items_on} | {meshes} | {vertices} |");
    println!("| off again | {off_again:.3} | {items_off} | 0 | 0 |");
    assert!(items_on > items_off);
}

/// The C ABI path engine-debug.wasm exports: F12 opens the overlay, the
/// inspector's selection is readable (`reel_overlay_selected`) and moves
/// with the D-pad, and the keys are reported consumed.
#[test]
fn abi_toggle_and_selection() {
    use reel_engine::abi::*;
    use reel_engine::protocol::props::{key, PropValue};
    use reel_engine::protocol::{NodeKind, NONE};
    assert_eq!(reel_init(640, 360), 0);
    let mut b = BatchBuilder::new(1);
    for id in 1..=3u32 {
        b.create(id, NodeKind::View)
            .set_props(id, &[(key::X, PropValue::F32(id as f32 * 50.0)), (key::W, PropValue::F32(40.0)), (key::H, PropValue::F32(40.0))])
            .insert(0, id, NONE);
    }
    b.frame(16.0);
    let bytes = b.finish();
    let ptr = reel_input_reserve(bytes.len() as u32);
    // SAFETY: the engine reserved at least bytes.len() bytes at ptr.
    unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len()) };
    assert_eq!(reel_submit(bytes.len() as u32), 0);
    assert_eq!(reel_overlay_is_open(), 0);
    assert_eq!(reel_overlay_key(keys::F12), 1, "F12 is the overlay's");
    assert_eq!(reel_overlay_is_open(), 1);
    assert_eq!(reel_frame(32.0), 0);
    let first = reel_overlay_selected();
    assert!(first == 0 || (1..=3).contains(&first), "selected {first:#x}");
    assert_eq!(reel_overlay_key(keys::DOWN), 1, "arrows go to the open overlay");
    assert_eq!(reel_frame(48.0), 0);
    let next = reel_overlay_selected();
    assert_ne!(next, first, "Down moves the selection");
    assert!((1..=3).contains(&next), "selected {next:#x}");
    assert_eq!(reel_overlay_key(keys::F12), 1);
    assert_eq!(reel_overlay_is_open(), 0);
    assert_eq!(reel_overlay_key(keys::DOWN), 0, "closed: arrows are the app's");
}
