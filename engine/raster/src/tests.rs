//! Pixel-level tests of the painter.

use super::*;
use reel_wire::display_list::{
    DisplayItem, DisplayListHeader, DisplayListRef, ItemKind, DISPLAY_LIST_MAGIC,
    DISPLAY_LIST_VERSION,
};

fn header(w: f32, h: f32, n: usize) -> DisplayListHeader {
    DisplayListHeader {
        magic: DISPLAY_LIST_MAGIC,
        version: DISPLAY_LIST_VERSION,
        item_count: n as u32,
        frame: 1,
        viewport_w: w,
        viewport_h: h,
        _reserved: [0; 2],
    }
}

fn draw(w: f32, h: f32, items: &[DisplayItem]) -> RgbaImage {
    draw_tex(w, h, items, &TextureStore::new()).image
}

fn draw_tex(w: f32, h: f32, items: &[DisplayItem], tex: &TextureStore) -> Rendered {
    let list = DisplayListRef {
        header: header(w, h, items.len()),
        items,
    };
    render_with_stats(&list, tex).expect("render")
}

fn rect(x: f32, y: f32, w: f32, h: f32, color: u32) -> DisplayItem {
    DisplayItem {
        kind: ItemKind::Rect as u32,
        transform: [1.0, 0.0, 0.0, 1.0, x, y],
        size: [w, h],
        colors: [color; 4],
        ..Default::default()
    }
}

fn clip(x: f32, y: f32, w: f32, h: f32) -> DisplayItem {
    DisplayItem {
        kind: ItemKind::ClipPush as u32,
        transform: [1.0, 0.0, 0.0, 1.0, x, y],
        size: [w, h],
        ..Default::default()
    }
}

fn pop() -> DisplayItem {
    DisplayItem {
        kind: ItemKind::ClipPop as u32,
        ..Default::default()
    }
}

const RED: [u8; 4] = [255, 0, 0, 255];
const BLACK: [u8; 4] = [0, 0, 0, 255];

fn close(a: [u8; 4], b: [u8; 4], tol: u8) -> bool {
    a.iter().zip(&b).all(|(x, y)| x.abs_diff(*y) <= tol)
}

#[test]
fn empty_list_is_opaque_black() {
    let img = draw(4.0, 3.0, &[]);
    assert_eq!((img.width, img.height), (4, 3));
    assert!(img.pixels.chunks(4).all(|p| p == BLACK));
}

#[test]
fn red_rect_exact_inside_black_outside() {
    let img = draw(20.0, 20.0, &[rect(5.0, 5.0, 10.0, 10.0, 0xff0000ff)]);
    for y in 0..20 {
        for x in 0..20 {
            let inside = (5..15).contains(&x) && (5..15).contains(&y);
            assert_eq!(
                img.pixel(x, y),
                if inside { RED } else { BLACK },
                "pixel ({x},{y})"
            );
        }
    }
}

#[test]
fn fractional_edge_is_antialiased() {
    // Left edge at 2.5: pixel 2 is half covered, pixel 3 fully.
    let img = draw(10.0, 4.0, &[rect(2.5, 0.0, 5.0, 4.0, 0xffffffff)]);
    let half = img.pixel(2, 1)[0];
    assert!((100..=155).contains(&half), "half-covered pixel = {half}");
    assert_eq!(img.pixel(3, 1), [255; 4]);
    assert_eq!(img.pixel(1, 1), BLACK);
}

#[test]
fn half_alpha_blends_over_black_and_over_colour() {
    let img = draw(
        10.0,
        10.0,
        &[
            rect(0.0, 0.0, 10.0, 5.0, 0x0000ffff),
            rect(0.0, 0.0, 10.0, 10.0, 0xff000080),
        ],
    );
    // Over black: 128/255 red.
    assert!(
        close(img.pixel(5, 7), [128, 0, 0, 255], 1),
        "{:?}",
        img.pixel(5, 7)
    );
    // Over blue: half red, half blue.
    assert!(
        close(img.pixel(5, 2), [128, 0, 127, 255], 1),
        "{:?}",
        img.pixel(5, 2)
    );
}

#[test]
fn transparent_rect_draws_nothing() {
    let r = draw_tex(
        8.0,
        8.0,
        &[rect(0.0, 0.0, 8.0, 8.0, 0xffffff00)],
        &TextureStore::new(),
    );
    assert!(r.image.pixels.chunks(4).all(|p| p == BLACK));
    assert_eq!(r.stats.empty, 1);
}

#[test]
fn clip_cuts_and_pop_restores() {
    let img = draw(
        20.0,
        20.0,
        &[
            clip(0.0, 0.0, 10.0, 10.0),
            rect(5.0, 5.0, 10.0, 10.0, 0xff0000ff),
            pop(),
            rect(15.0, 15.0, 5.0, 5.0, 0x00ff00ff),
        ],
    );
    assert_eq!(img.pixel(7, 7), RED);
    assert_eq!(img.pixel(9, 9), RED);
    assert_eq!(img.pixel(10, 10), BLACK, "clipped away");
    assert_eq!(img.pixel(12, 7), BLACK, "clipped away");
    assert_eq!(img.pixel(17, 17), [0, 255, 0, 255], "after pop no clip");
}

#[test]
fn nested_clips_intersect() {
    let img = draw(
        20.0,
        20.0,
        &[
            clip(0.0, 0.0, 12.0, 12.0),
            clip(4.0, 4.0, 16.0, 16.0),
            rect(0.0, 0.0, 20.0, 20.0, 0xff0000ff),
            pop(),
            pop(),
        ],
    );
    assert_eq!(img.pixel(3, 3), BLACK);
    assert_eq!(img.pixel(4, 4), RED);
    assert_eq!(img.pixel(11, 11), RED);
    assert_eq!(img.pixel(12, 12), BLACK);
}

#[test]
fn clip_edges_use_pixel_centre_rule() {
    // Clip x in [2.4, 5.6): centres 2.5..5.5 are inside -> pixels 2..=5.
    let img = draw(
        10.0,
        2.0,
        &[
            clip(2.4, 0.0, 3.2, 2.0),
            rect(0.0, 0.0, 10.0, 2.0, 0xff0000ff),
            pop(),
        ],
    );
    assert_eq!(img.pixel(1, 0), BLACK);
    assert_eq!(img.pixel(2, 0), RED);
    assert_eq!(img.pixel(5, 0), RED);
    assert_eq!(img.pixel(6, 0), BLACK);
}

#[test]
fn unbalanced_clips_are_errors() {
    let items = [pop()];
    let list = DisplayListRef {
        header: header(4.0, 4.0, 1),
        items: &items,
    };
    assert!(matches!(
        render(&list, &TextureStore::new()),
        Err(RasterError::UnbalancedClip { index: 0 })
    ));
    let items = [clip(0.0, 0.0, 1.0, 1.0)];
    let list = DisplayListRef {
        header: header(4.0, 4.0, 1),
        items: &items,
    };
    assert!(matches!(
        render(&list, &TextureStore::new()),
        Err(RasterError::UnbalancedClip { index: 1 })
    ));
}

#[test]
fn bad_lists_are_errors_not_panics() {
    let none = TextureStore::new();
    let list = DisplayListRef {
        header: header(0.0, 4.0, 0),
        items: &[],
    };
    assert!(matches!(
        render(&list, &none),
        Err(RasterError::BadViewport { .. })
    ));
    let list = DisplayListRef {
        header: header(f32::NAN, 4.0, 0),
        items: &[],
    };
    assert!(matches!(
        render(&list, &none),
        Err(RasterError::BadViewport { .. })
    ));
    let mut it = rect(0.0, 0.0, 1.0, 1.0, 0xffffffff);
    it.transform[0] = f32::INFINITY;
    let items = [it];
    let list = DisplayListRef {
        header: header(4.0, 4.0, 1),
        items: &items,
    };
    assert!(matches!(
        render(&list, &none),
        Err(RasterError::BadItem { index: 0, .. })
    ));
    let mut it = rect(0.0, 0.0, 1.0, 1.0, 0xffffffff);
    it.kind = 99;
    let items = [it];
    let list = DisplayListRef {
        header: header(4.0, 4.0, 1),
        items: &items,
    };
    assert!(matches!(render(&list, &none), Err(RasterError::BadList(_))));
    assert!(matches!(
        render_bytes(b"nonsense", &none),
        Err(RasterError::BadList(_))
    ));
}

#[test]
fn render_bytes_reads_a_serialized_list() {
    let items = [rect(1.0, 1.0, 2.0, 2.0, 0x00ff00ff)];
    let mut bytes = bytemuck::bytes_of(&header(4.0, 4.0, 1)).to_vec();
    bytes.extend_from_slice(bytemuck::cast_slice(&items));
    let r = render_bytes(&bytes, &TextureStore::new()).expect("render");
    assert_eq!(r.image.pixel(1, 1), [0, 255, 0, 255]);
    assert_eq!(r.stats.rects, 1);
}

#[test]
fn gradient_corners_match_corner_colours() {
    let mut g = rect(0.0, 0.0, 64.0, 64.0, 0);
    g.colors = [0xff0000ff, 0x00ff00ff, 0x0000ffff, 0xffffffff];
    let img = draw(64.0, 64.0, &[g]);
    assert!(
        close(img.pixel(0, 0), [255, 0, 0, 255], 6),
        "tl {:?}",
        img.pixel(0, 0)
    );
    assert!(
        close(img.pixel(63, 0), [0, 255, 0, 255], 6),
        "tr {:?}",
        img.pixel(63, 0)
    );
    assert!(
        close(img.pixel(0, 63), [0, 0, 255, 255], 6),
        "bl {:?}",
        img.pixel(0, 63)
    );
    assert!(
        close(img.pixel(63, 63), [255, 255, 255, 255], 6),
        "br {:?}",
        img.pixel(63, 63)
    );
    // Centre is the average of the four corners (bilinear).
    let c = img.pixel(32, 32);
    assert!(close(c, [128, 128, 128, 255], 4), "centre {c:?}");
    // Top edge midpoint is the average of tl and tr.
    assert!(
        close(img.pixel(32, 0), [127, 128, 0, 255], 4),
        "top mid {:?}",
        img.pixel(32, 0)
    );
}

#[test]
fn vertical_gradient_is_monotonic_and_uniform_across() {
    let mut g = rect(0.0, 0.0, 16.0, 100.0, 0);
    g.colors = [0x000000ff, 0x000000ff, 0xffffffff, 0xffffffff];
    let img = draw(16.0, 100.0, &[g]);
    let mut last = 0;
    for y in 0..100 {
        let v = img.pixel(0, y)[0];
        assert!(v >= last);
        assert_eq!(img.pixel(15, y), img.pixel(0, y));
        last = v;
    }
    assert!(
        close(img.pixel(3, 49), [126, 126, 126, 255], 2),
        "{:?}",
        img.pixel(3, 49)
    );
}

#[test]
fn gradient_to_transparent_is_premultiplied() {
    // Red fading to transparent: the middle is half-alpha red, not dark red.
    let mut g = rect(0.0, 0.0, 101.0, 1.0, 0);
    g.colors = [0xff0000ff, 0xff000000, 0xff0000ff, 0xff000000];
    let img = draw(101.0, 1.0, &[g]);
    assert!(
        close(img.pixel(50, 0), [128, 0, 0, 255], 2),
        "{:?}",
        img.pixel(50, 0)
    );
}

#[test]
fn rotated_quad_covers_the_right_pixels() {
    // 90 degrees clockwise on screen: (x, y) -> (-y, x), then translate.
    // A 10 (wide) x 4 (tall) rect becomes a 4 wide x 10 tall column at
    // x in [16, 20), y in [5, 15).
    let mut r = rect(0.0, 0.0, 10.0, 4.0, 0x00ff00ff);
    r.transform = [0.0, 1.0, -1.0, 0.0, 20.0, 5.0];
    let img = draw(30.0, 30.0, &[r]);
    let green = [0, 255, 0, 255];
    for y in 0..30 {
        for x in 0..30 {
            let inside = (16..20).contains(&x) && (5..15).contains(&y);
            let p = img.pixel(x, y);
            if inside {
                assert!(close(p, green, 1), "({x},{y}) = {p:?}");
            } else {
                assert!(close(p, BLACK, 1), "({x},{y}) = {p:?}");
            }
        }
    }
}

#[test]
fn rotated_45_quad_is_a_diamond() {
    let s = core::f32::consts::FRAC_1_SQRT_2;
    let mut r = rect(0.0, 0.0, 20.0, 20.0, 0xffffffff);
    // Rotate 45 deg about the origin, then move the top corner to (20, 2).
    r.transform = [s, s, -s, s, 20.0, 2.0];
    let img = draw(40.0, 40.0, &[r]);
    let centre = (20, 2 + 14);
    assert_eq!(img.pixel(centre.0, centre.1), [255; 4]);
    assert_eq!(img.pixel(3, 3), BLACK, "corner of bbox outside the diamond");
    assert_eq!(img.pixel(36, 3), BLACK);
    // Edge pixels are partially covered (anti-aliased), so some grey exists.
    assert!(img.pixels.chunks(4).any(|p| p[0] > 20 && p[0] < 235));
}

#[test]
fn rotated_gradient_follows_the_quad() {
    let mut r = rect(0.0, 0.0, 10.0, 4.0, 0);
    r.colors = [0xff0000ff, 0xff0000ff, 0x0000ffff, 0x0000ffff];
    r.transform = [0.0, 1.0, -1.0, 0.0, 20.0, 5.0];
    let img = draw(30.0, 30.0, &[r]);
    // Item top (red) is now on the right, item bottom (blue) on the left.
    assert!(
        img.pixel(19, 10)[0] > 200 && img.pixel(19, 10)[2] < 60,
        "{:?}",
        img.pixel(19, 10)
    );
    assert!(
        img.pixel(16, 10)[2] > 200 && img.pixel(16, 10)[0] < 60,
        "{:?}",
        img.pixel(16, 10)
    );
    assert_eq!(img.pixel(10, 10), BLACK);
}

#[test]
fn scaled_rect_uses_the_transform() {
    let mut r = rect(2.0, 2.0, 5.0, 5.0, 0xff0000ff);
    r.transform[0] = 2.0;
    r.transform[3] = 2.0;
    let img = draw(20.0, 20.0, &[r]);
    assert_eq!(img.pixel(2, 2), RED);
    assert_eq!(img.pixel(11, 11), RED);
    assert_eq!(img.pixel(12, 12), BLACK);
}

#[test]
fn flipped_rect_is_drawn() {
    // scaleX = -1 about x = 10: covers [5, 10).
    let mut r = rect(10.0, 0.0, 5.0, 2.0, 0xff0000ff);
    r.transform[0] = -1.0;
    let img = draw(20.0, 2.0, &[r]);
    assert_eq!(img.pixel(4, 0), BLACK);
    assert_eq!(img.pixel(5, 0), RED);
    assert_eq!(img.pixel(9, 0), RED);
    assert_eq!(img.pixel(10, 0), BLACK);
}

#[test]
fn later_items_paint_over_earlier() {
    let img = draw(
        10.0,
        10.0,
        &[
            rect(0.0, 0.0, 10.0, 10.0, 0xff0000ff),
            rect(2.0, 2.0, 2.0, 2.0, 0x0000ffff),
        ],
    );
    assert_eq!(img.pixel(3, 3), [0, 0, 255, 255]);
    assert_eq!(img.pixel(5, 5), RED);
}

fn image_item(x: f32, y: f32, w: f32, h: f32, tex: u32, tint: u32) -> DisplayItem {
    DisplayItem {
        kind: ItemKind::Image as u32,
        texture: tex,
        transform: [1.0, 0.0, 0.0, 1.0, x, y],
        size: [w, h],
        colors: [tint; 4],
        uv: [0.0, 0.0, 1.0, 1.0],
        ..Default::default()
    }
}

fn checker() -> RgbaImage {
    // 2x2: red, green / blue, white.
    RgbaImage::from_pixels(
        2,
        2,
        vec![
            255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255,
        ],
    )
    .expect("size")
}

#[test]
fn image_samples_texture() {
    let mut store = TextureStore::new();
    store.insert(7, &checker()).expect("tex");
    let r = draw_tex(
        20.0,
        20.0,
        &[image_item(0.0, 0.0, 20.0, 20.0, 7, 0xffffffff)],
        &store,
    );
    assert_eq!(r.stats.missing_textures, 0);
    assert_eq!(r.stats.images, 1);
    let img = r.image;
    // Texel centres away from the blend zone are exact.
    assert!(
        close(img.pixel(1, 1), [255, 0, 0, 255], 1),
        "{:?}",
        img.pixel(1, 1)
    );
    assert!(
        close(img.pixel(18, 1), [0, 255, 0, 255], 1),
        "{:?}",
        img.pixel(18, 1)
    );
    assert!(
        close(img.pixel(1, 18), [0, 0, 255, 255], 1),
        "{:?}",
        img.pixel(1, 18)
    );
    assert!(
        close(img.pixel(18, 18), [255, 255, 255, 255], 1),
        "{:?}",
        img.pixel(18, 18)
    );
}

#[test]
fn image_uv_subrect_and_tint() {
    let mut store = TextureStore::new();
    store.insert(7, &checker()).expect("tex");
    // Only the white texel (bottom-right quarter of uv), tinted half-alpha green.
    let mut it = image_item(0.0, 0.0, 10.0, 10.0, 7, 0x00ff0080);
    it.uv = [0.5, 0.5, 1.0, 1.0];
    let img = draw_tex(10.0, 10.0, &[it], &store).image;
    assert!(
        close(img.pixel(5, 5), [0, 128, 0, 255], 1),
        "{:?}",
        img.pixel(5, 5)
    );
}

#[test]
fn missing_texture_draws_tint_placeholder_and_counts() {
    let r = draw_tex(
        10.0,
        10.0,
        &[image_item(2.0, 2.0, 4.0, 4.0, 42, 0x336699ff)],
        &TextureStore::new(),
    );
    assert_eq!(r.stats.missing_textures, 1);
    assert_eq!(r.image.pixel(3, 3), [0x33, 0x66, 0x99, 255]);
    assert_eq!(r.image.pixel(7, 7), BLACK);
}

#[test]
fn bad_texture_is_an_error() {
    let img = RgbaImage {
        width: 2,
        height: 2,
        pixels: vec![0; 3],
    };
    let mut store = TextureStore::new();
    assert!(matches!(
        store.insert(3, &img),
        Err(RasterError::BadTexture {
            id: 3,
            expected: 16,
            got: 3
        })
    ));
    assert!(store.is_empty());
}

#[test]
fn png_round_trip_and_compare() {
    let mut g = rect(0.0, 0.0, 32.0, 16.0, 0);
    g.colors = [0xff0000ff, 0x00ff00ff, 0x0000ffff, 0xffff00ff];
    let img = draw(32.0, 16.0, &[g]);
    let dir = std::env::temp_dir().join(format!("reel-raster-test-{}", std::process::id()));
    let path = dir.join("sub/round.png");
    write_png(&path, &img).expect("write");
    let back = read_png(&path).expect("read");
    assert_eq!(back, img);
    let d = compare(&img, &back, Tolerance::EXACT).expect("same size");
    assert!(d.passed());
    assert_eq!(d.max_diff, 0);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(
        read_png(dir.join("missing.png")),
        Err(RasterError::Png { path: Some(_), .. })
    ));
    assert!(matches!(
        decode_png(b"not a png"),
        Err(RasterError::Png { path: None, .. })
    ));
}

#[test]
fn compare_counts_and_tolerates() {
    let a = RgbaImage::new(10, 10, [10, 10, 10, 255]);
    let mut b = a.clone();
    b.put(0, 0, [12, 10, 10, 255]); // within 2
    b.put(5, 5, [40, 10, 10, 255]); // beyond
    let tol = Tolerance {
        max_channel_diff: 2,
        max_diff_pixels_ratio: 0.0,
    };
    let d = compare(&a, &b, tol).expect("size");
    assert_eq!(d.max_diff, 30);
    assert_eq!(d.changed_pixels, 2);
    assert_eq!(d.diff_pixels, 1);
    assert_eq!(d.first_diff.map(|f| (f.x, f.y)), Some((5, 5)));
    assert!(!d.passed());
    let d = compare(
        &a,
        &b,
        Tolerance {
            max_channel_diff: 2,
            max_diff_pixels_ratio: 0.01,
        },
    )
    .expect("size");
    assert!(d.passed(), "1 of 100 pixels allowed");
    let di = diff_image(&a, &b, tol).expect("size");
    assert_eq!(di.pixel(0, 0), [255, 255, 0, 255]);
    assert_eq!(di.pixel(5, 5), [143, 0, 0, 255]);
    assert_eq!(di.pixel(1, 1)[3], 255);
    assert!(matches!(
        compare(&a, &RgbaImage::new(3, 3, [0; 4]), tol),
        Err(RasterError::SizeMismatch {
            expected: (10, 10),
            actual: (3, 3)
        })
    ));
}

#[test]
fn texture_store_applies_engine_deltas() {
    use reel_wire::texture::{TextureDeltas, ATLAS_TEXTURE_ID};
    let mut store = TextureStore::new();
    let mut d = TextureDeltas::new();
    // 2x2 coverage, full SET; then grow to 4x2 keeping the old texels and
    // writing a 1x1 rect at (3, 1); then FREE.
    d.set_from_alpha(ATLAS_TEXTURE_ID, 0, 0, 2, 2, 2, 2, &[255, 0, 0, 128]);
    assert_eq!(store.apply_deltas(d.bytes()).expect("test"), 1);
    assert_eq!((store.get(ATLAS_TEXTURE_ID).expect("test").width(), store.get(ATLAS_TEXTURE_ID).expect("test").height()), (2, 2));
    d.clear();
    let mut big = vec![0u8; 8];
    big[7] = 255;
    d.set_from_alpha(ATLAS_TEXTURE_ID, 3, 1, 1, 1, 4, 2, &big);
    d.free(ATLAS_TEXTURE_ID);
    assert_eq!(store.apply_deltas(d.bytes()).expect("test"), 1);
    assert_eq!(store.get(ATLAS_TEXTURE_ID).expect("test").width(), 4);
    assert_eq!(store.apply_delta_frees(d.bytes()).expect("test"), 1);
    assert!(store.get(ATLAS_TEXTURE_ID).is_none());
    assert!(store.apply_deltas(&[0, 1, 2, 3]).is_err());
}
