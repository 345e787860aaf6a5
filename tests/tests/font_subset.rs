//! The browser's default font, `engine/fonts/DejaVuSans-subset.ttf` (made by
//! `tools/subset-font.sh` from the whole `DejaVuSans.ttf`), draws every
//! covered script exactly as the whole font does: each golden scene with
//! text, and a sample of Latin, Greek, Cyrillic, Hebrew, Arabic, punctuation
//! and symbols, painted with either font, must be pixel-identical. Also: the
//! subset stays under 100 KB and is what the tool makes (reproducible), and
//! a character outside it is drawn as the font's `.notdef` box, as with any
//! font that lacks a glyph, and reported (`MISSING_GLYPH`).

use std::path::PathBuf;
use std::process::Command;

use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::raster::{self, RgbaImage};
use reel_engine::script::parse_scene;
use reel_engine::Engine;

fn fonts_dir() -> PathBuf {
    reel_tests::repo_root().join("engine").join("fonts")
}

fn read(name: &str) -> Vec<u8> {
    let p = fonts_dir().join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn paint(scene_text: &str, font: &[u8]) -> RgbaImage {
    let scene = parse_scene(scene_text).unwrap_or_else(|e| panic!("scene: {e}"));
    let (bytes, textures) = reel_tests::run_native_painted_with_font(&scene, font).expect("scene runs");
    raster::render_bytes(&bytes, &textures).expect("rasterizer").image
}

/// Pixels that differ at all between `a` and `b`.
fn differing(a: &RgbaImage, b: &RgbaImage) -> usize {
    assert_eq!((a.width, a.height), (b.width, b.height));
    a.pixels.chunks_exact(4).zip(b.pixels.chunks_exact(4)).filter(|(x, y)| x != y).count()
}

/// Pixels that are not the background colour of the sample scene.
fn inked(img: &RgbaImage) -> usize {
    img.pixels.chunks_exact(4).filter(|p| p[..3] != [0x10, 0x18, 0x20]).count()
}

/// One line per sample string, white on dark, at two sizes.
fn sample_scene(lines: &[(&str, &str)]) -> String {
    let mut s = String::from("viewport 900 760\ncreate 1 view\nset 1 w=900 h=760 color=#101820ff\ninsert 0 1\n");
    let mut y = 6;
    let mut id = 2;
    for (i, (dir, text)) in lines.iter().enumerate() {
        let size = if i % 2 == 0 { 18 } else { 27 };
        let rtl = if *dir == "rtl" { " textDirection=rtl textAlign=right" } else { "" };
        s.push_str(&format!(
            "create {id} text\nset {id} x=8 y={y} w=884 fontSize={size}{rtl} color=#ffffffff\ntext {id} \"{text}\"\ninsert 1 {id}\n"
        ));
        y += size + 12;
        id += 1;
    }
    s.push_str("frame 0\n");
    s
}

const COVERED: &[(&str, &str)] = &[
    ("ltr", "The quick brown fox jumps over the lazy dog 0123456789 AV To Wa"),
    ("ltr", "Ça für Ærø Łódź Šťastný Ğüzel İstanbul Ţară Şi Ő ű ÿ ß œ ŉ ƒ"),
    ("ltr", "Ελληνικά: Γειά σου κόσμε, ΑΒΓΔΕΖΗΘ αβγδεζηθ ϊΰ ώ"),
    ("ltr", "Кириллица: Съешь же ещё этих мягких французских булок Ґ Ї Є Ў Ђ Љ Ӏ Ә"),
    ("rtl", "שלום עולם, עברית אבגדהוזחטיכלמנסעפצקרשת"),
    ("rtl", "مرحبا بالعالم ١٢٣ ﺏ ﺑ ﺒ ﺐ ﻻ"),
    ("ltr", "“Quotes” ‘single’ — dash – en … • € £ ¥ ₹ ₽ ₪ № ™ ℓ ← ↑ → ↓ ▶ ■ ● ≠ ≤ ≥ ∞ −"),
    ("ltr", "Café — 12,50 € · ¿Qué? ¡Sí! «Ça» ‹x› ‰ † ‡ ′ ″ ⁄"),
];

#[test]
fn covered_scripts_draw_pixel_identical_with_the_subset() {
    let (full, subset) = (read("DejaVuSans.ttf"), read("DejaVuSans-subset.ttf"));
    let scene = sample_scene(COVERED);
    let (a, b) = (paint(&scene, &full), paint(&scene, &subset));
    assert!(inked(&a) > 20_000, "the sample drew almost nothing ({} pixels)", inked(&a));
    assert_eq!(differing(&a, &b), 0, "the subset draws the covered sample differently from the whole font");
}

#[test]
fn every_golden_scene_with_text_is_pixel_identical_with_the_subset() {
    let (full, subset) = (read("DejaVuSans.ttf"), read("DejaVuSans-subset.ttf"));
    let mut checked = Vec::new();
    for name in reel_tests::scene_names() {
        let path = reel_tests::scenes_dir().join(format!("{name}.scene"));
        let src = std::fs::read_to_string(&path).expect("scene file");
        if !src.lines().any(|l| l.starts_with("text ")) {
            continue;
        }
        let scene = reel_tests::load_scene(&name).expect("scene");
        let (fb, ft) = reel_tests::run_native_painted_with_font(&scene, &full).expect("full font");
        let (sb, st) = reel_tests::run_native_painted_with_font(&scene, &subset).expect("subset");
        let a = raster::render_bytes(&fb, &ft).expect("rasterizer").image;
        let b = raster::render_bytes(&sb, &st).expect("rasterizer").image;
        assert_eq!(differing(&a, &b), 0, "{name}: the subset paints it differently from the whole font");
        checked.push(name);
    }
    // text_align, text_bidi (Hebrew, Arabic), text_ellipsis, text_huge, text_spacing, text_wrap at least.
    assert!(checked.iter().filter(|n| n.starts_with("text_")).count() >= 6, "text scenes checked: {checked:?}");
}

#[test]
fn a_character_outside_the_subset_draws_the_notdef_box_not_another_glyph() {
    let (full, subset) = (read("DejaVuSans.ttf"), read("DejaVuSans-subset.ttf"));
    // U+1EC7 (Vietnamese ệ) and U+0531 (Armenian Ա) are in the whole font, not in the subset.
    let outside = sample_scene(&[("ltr", "ệ Ա")]);
    let (a, b) = (paint(&outside, &full), paint(&outside, &subset));
    assert!(differing(&a, &b) > 0, "ệ and Ա should be missing from the subset");
    // With the subset they draw exactly what an unmapped character (U+E000,
    // private use, in neither font) draws: the .notdef box.
    let notdef = sample_scene(&[("ltr", "\u{E000} \u{E000}")]);
    let (n_full, n_sub) = (paint(&notdef, &full), paint(&notdef, &subset));
    assert_eq!(differing(&n_full, &n_sub), 0, "the .notdef box differs between the fonts");
    assert!(inked(&n_sub) > 50, ".notdef drew nothing");
    assert_eq!(differing(&b, &n_sub), 0, "a missing character must draw the .notdef box");
}

#[test]
fn the_subset_is_under_100_kb_and_what_the_tool_makes() {
    let subset = read("DejaVuSans-subset.ttf");
    assert!(subset.len() <= 100_000, "DejaVuSans-subset.ttf is {} bytes (budget 100,000)", subset.len());
    assert!(read("DejaVuSans.ttf").len() > 700_000, "the whole font must stay whole");
    let out = Command::new("bash")
        .arg(reel_tests::repo_root().join("tools").join("subset-font.sh"))
        .arg("--check")
        .output()
        .expect("run tools/subset-font.sh");
    assert!(
        out.status.success(),
        "tools/subset-font.sh --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `MISSING_GLYPH` events of a frame that lays `text` out in node 2 with `font`.
fn missing_events(font: &[u8], texts: &[&str]) -> Vec<Event> {
    let lines: Vec<(&str, &str)> = texts.iter().map(|t| ("ltr", *t)).collect();
    let scene = parse_scene(&sample_scene(&lines)).expect("scene");
    let mut e = Engine::new(900, 760);
    e.register_font("DejaVu Sans", font).expect("font");
    let mut out = Vec::new();
    for batch in &scene.batches {
        e.submit(batch).expect("batch");
        let evs = decode_events(e.events_bytes()).expect("events");
        out.extend(evs.into_iter().filter(|ev| matches!(ev, Event::MissingGlyph { .. })));
        e.clear_events();
    }
    out
}

#[test]
fn a_character_no_font_has_is_reported_once_with_its_node() {
    let (full, subset) = (read("DejaVuSans.ttf"), read("DejaVuSans-subset.ttf"));
    // Node 2: Vietnamese (ệ outside the subset), node 3: covered, node 4: Armenian.
    let texts = ["Tiếng Việt", "Ελληνικά Кириллица", "Ա and \u{E000}"];
    assert_eq!(
        missing_events(&subset, &texts),
        [Event::MissingGlyph { node: 2, codepoint: 0x1EBF }, Event::MissingGlyph { node: 4, codepoint: 0x531 }],
        "the first missing character of each text, once"
    );
    // The whole font has ế and Ա; U+E000 (private use) is in neither.
    assert_eq!(missing_events(&full, &texts), [Event::MissingGlyph { node: 4, codepoint: 0xE000 }]);
    assert_eq!(missing_events(&subset, &["Plain Latin, “quotes” — …"]), []);
}
