//! The image fixtures under `tests/scenes/assets/` (used by
//! `scenes/image_fit.scene`) are generated here, so what they contain is
//! written down: `REEL_UPDATE_GOLDEN=1` (re)writes them; otherwise the
//! checked-in files must decode to exactly these pixels.
//!
//! * `landscape.png`, 64x32: quadrants red (top-left), green (top-right),
//!   blue (bottom-left), yellow (bottom-right), with black 8-pixel bands
//!   at the left and right ends (columns 0..8 and 56..64).
//! * `portrait.png`, 32x64: quadrants cyan (top-left), orange (top-right),
//!   white (bottom-left), purple (bottom-right), with black 8-pixel bands
//!   at the top and bottom (rows 0..8 and 56..64).
//!
//! The bands tell the fits apart: fill and contain show them, a centred
//! cover into a square crops 16 pixels off each long end, bands included.
//! * `broken.png`: the first 40 bytes of `landscape.png` (signature and a
//!   truncated header chunk): not decodable, so the node keeps its
//!   placeholder.
//!
//! `missing.png` is referenced by the scene and deliberately absent.

use reel_engine::raster::{self, RgbaImage};

/// Quadrants `q` (TL, TR, BL, BR) with black 8-pixel bands at both ends
/// of the longer side.
fn quadrants(w: u32, h: u32, q: [[u8; 4]; 4]) -> RgbaImage {
    let mut img = RgbaImage::new(w, h, [0; 4]);
    for y in 0..h {
        for x in 0..w {
            let along = if w >= h { x } else { y };
            let band = along < 8 || along >= w.max(h) - 8;
            let i = usize::from(x >= w / 2) + 2 * usize::from(y >= h / 2);
            img.put(x, y, if band { [0, 0, 0, 255] } else { q[i] });
        }
    }
    img
}

fn fixtures() -> Vec<(&'static str, RgbaImage)> {
    vec![
        (
            "landscape.png",
            quadrants(64, 32, [[230, 40, 40, 255], [40, 200, 60, 255], [40, 80, 230, 255], [240, 220, 40, 255]]),
        ),
        (
            "portrait.png",
            quadrants(32, 64, [[40, 210, 210, 255], [250, 140, 20, 255], [255, 255, 255, 255], [140, 50, 220, 255]]),
        ),
    ]
}

#[test]
fn image_fixtures_are_current() {
    let dir = reel_tests::scenes_dir().join("assets");
    let broken_path = dir.join("broken.png");
    for (name, img) in fixtures() {
        let path = dir.join(name);
        if reel_tests::update_golden() {
            raster::write_png(&path, &img).unwrap_or_else(|e| panic!("{e}"));
            if name == "landscape.png" {
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                std::fs::write(&broken_path, &bytes[..40]).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let got = raster::read_png(&path).unwrap_or_else(|e| panic!("{e}; run with REEL_UPDATE_GOLDEN=1"));
        assert!(got == img, "{} does not hold the generated pixels; run with REEL_UPDATE_GOLDEN=1", path.display());
    }
    let broken = std::fs::read(&broken_path).unwrap_or_else(|e| panic!("{}: {e}", broken_path.display()));
    assert!(raster::decode_png(&broken).is_err(), "broken.png must not decode");
    assert!(!dir.join("missing.png").exists(), "missing.png must not exist");
}
