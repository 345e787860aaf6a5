//! Images through the whole native path: engine.wasm's resource manager
//! under wasmtime, the loader thread, the painter's textures.

mod common;

use std::path::PathBuf;

use reel_engine::display_list::ItemKind;
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE, ROOT};
use reel_engine::raster::{encode_png, RgbaImage};
use reel_host::play::{play, Input, PlayOptions};
use reel_host::profile::Profile;

fn assets(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reel-host-images-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tiles")).expect("temp dir");
    dir
}

fn write_png(path: PathBuf, w: u32, h: u32, rgba: [u8; 4]) {
    let img = RgbaImage::new(w, h, rgba);
    std::fs::write(path, encode_png(&img).expect("encode")).expect("write png");
}

fn stick(budget_mib: u32) -> Profile {
    let path = reel_host::paths::workspace_root().join("devices/stick-lowend.toml");
    let mut p = Profile::load_path(&path).expect("stick-lowend profile");
    p.engine.texture_budget_mib = budget_mib;
    p
}

const COLS: u32 = 7;
const TILE_W: f32 = 160.0;
const TILE_H: f32 = 120.0;
const ROW_H: f32 = 135.0;

/// 500 image tiles in a clipped 1280x720 container, scrolled from top to
/// bottom by one 15 s animation on the low-end stick with a 4 MiB budget
/// (the tiles alone are 37 MiB): no frame over budget, nothing rejected or
/// trapped, and after it settles every visible tile shows its image.
#[test]
fn scrolling_500_tiles_stays_within_the_texture_budget() {
    let dir = assets("scroll");
    let n = 500u32;
    for i in 0..n {
        write_png(dir.join(format!("tiles/t{i}.png")), TILE_W as u32, TILE_H as u32, [(i * 7 % 256) as u8, (i * 13 % 256) as u8, 200, 255]);
    }
    let profile = stick(4);
    let budget = profile.texture_budget_bytes();
    let (vw, vh) = (profile.display.width as f32, profile.display.height as f32);
    let rows = n.div_ceil(COLS);
    let end_scroll = rows as f32 * ROW_H - vh;

    let mut batches = Vec::new();
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View).insert(ROOT, 1, NONE).set_props(
        1,
        &[(key::W, PropValue::F32(vw)), (key::H, PropValue::F32(vh)), (key::CLIPPING, PropValue::U32(1))],
    );
    for i in 0..n {
        let id = 100 + i;
        let (c, r) = (i % COLS, i / COLS);
        b.create(id, NodeKind::Image)
            .set_props(
                id,
                &[
                    (key::X, PropValue::F32(10.0 + c as f32 * 180.0)),
                    (key::Y, PropValue::F32(r as f32 * ROW_H)),
                    (key::W, PropValue::F32(TILE_W)),
                    (key::H, PropValue::F32(TILE_H)),
                    (key::PLACEHOLDER_COLOR, PropValue::U32(0x3333_33FF)),
                ],
            )
            .set_str(id, key::SRC, &format!("tiles/t{i}.png"))
            .insert(1, id, NONE);
    }
    b.frame(0.0);
    batches.push(b.finish());
    let timing = reel_engine::anim::Timing {
        duration_ms: 15_000.0,
        delay_ms: 0.0,
        iterations: 1,
        direction: reel_engine::anim::Direction::Normal,
        easing: reel_engine::anim::easing::Easing::Linear,
    };
    let frame_ms = 1000.0 / profile.display.fps as f64;
    let mut b = BatchBuilder::new(2);
    b.animate(1, 1, &timing, &[(key::SCROLL_Y, PropValue::F32(end_scroll))]).frame(frame_ms);
    batches.push(b.finish());
    let frames = (16_000.0 / frame_ms) as u32;
    for k in 2..frames {
        let mut b = BatchBuilder::new(1 + k);
        b.frame(k as f64 * frame_ms);
        batches.push(b.finish());
    }

    let opts = PlayOptions { assets_dir: Some(dir.clone()), ..PlayOptions::default() };
    let r = play(&Input { viewport: None, batches }, &profile, common::engine_wasm(), &opts).expect("play");
    let s = &r.summary;
    assert_eq!(s.rejected_batches, 0, "{:?}", s.rejections);
    assert_eq!((s.traps, s.frames_skipped), (0, 0), "{:?}", s.incidents);
    assert!(s.images_failed.is_empty(), "{:?}", s.images_failed);
    for f in &r.frames {
        assert!(
            u64::from(f.stats.texture_bytes) <= budget,
            "frame {}: {} texture bytes over the {} budget",
            f.frame,
            f.stats.texture_bytes,
            budget
        );
    }
    assert!(s.peak_texture_bytes <= budget && s.peak_host_texture_bytes <= budget, "{s:?}");
    assert!(s.images_loaded > n / 2, "the scroll passed every tile: {} loads", s.images_loaded);

    // Every tile inside the viewport shows its image, none a placeholder.
    let dl = r.final_display_list.expect("a display list");
    let tiles = |k: ItemKind| dl.items.iter().filter(|i| i.item_kind() == Some(k) && i.node >= 100).count();
    let visible = (0..n)
        .filter(|i| {
            let y = (i / COLS) as f32 * ROW_H - end_scroll;
            y + TILE_H > 0.0 && y < vh
        })
        .count();
    assert_eq!(tiles(ItemKind::Rect), 0, "placeholders left on screen");
    assert_eq!(tiles(ItemKind::Image), visible);
    eprintln!(
        "500-tile scroll on stick-lowend: peak texture memory {} bytes engine / {} bytes host, budget {} bytes; {} loads over {} frames",
        s.peak_texture_bytes, s.peak_host_texture_bytes, budget, s.images_loaded, s.frames
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A broken PNG, an over-sized one, a missing file and a path escaping the
/// app's directory each fail their own node only, with the reason.
#[test]
fn broken_and_huge_images_fail_only_their_node() {
    let dir = assets("broken");
    write_png(dir.join("good.png"), 8, 8, [255, 0, 0, 255]);
    let good = std::fs::read(dir.join("good.png")).expect("read");
    std::fs::write(dir.join("broken.png"), &good[..good.len() / 2]).expect("write");
    write_png(dir.join("huge.png"), reel_host::images::MAX_IMAGE_SIDE + 1, 2, [0, 0, 255, 255]);
    let srcs = ["good.png", "broken.png", "huge.png", "missing.png", "../escape.png"];
    let mut b = BatchBuilder::new(1);
    for (i, src) in srcs.iter().enumerate() {
        let id = 10 + i as u32;
        b.create(id, NodeKind::Image)
            .set_props(id, &[(key::X, PropValue::F32(i as f32 * 100.0)), (key::W, PropValue::F32(80.0)), (key::H, PropValue::F32(80.0)), (key::PLACEHOLDER_COLOR, PropValue::U32(0x8080_80FF))])
            .set_str(id, key::SRC, src)
            .insert(ROOT, id, NONE);
    }
    b.frame(0.0);
    let opts = PlayOptions { assets_dir: Some(dir.clone()), ..PlayOptions::default() };
    let r = play(&Input { viewport: None, batches: vec![b.finish()] }, &common::profile(32), common::engine_wasm(), &opts).expect("play");
    assert_eq!(r.summary.rejected_batches, 0);
    let dl = r.final_display_list.expect("dl");
    let kind_of = |node: u32| dl.items.iter().find(|i| i.node == node).and_then(|i| i.item_kind());
    assert_eq!(kind_of(10), Some(ItemKind::Image));
    for node in 11..15 {
        assert_eq!(kind_of(node), Some(ItemKind::Rect), "node {node} keeps its placeholder");
    }
    let failed = r.summary.images_failed.join("\n");
    for want in ["broken.png", "(corrupt)", "huge.png", "(too-large)", "missing.png", "(not-found)", "escape.png", "(forbidden)"] {
        assert!(failed.contains(want), "{want} not in:\n{failed}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
