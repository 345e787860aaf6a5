//! Golden scenes on the native engine: display-list dump must equal
//! `tests/scenes/<name>.dl.txt` exactly and the painted frame must match
//! `tests/scenes/<name>.png` within `reel_tests::TOLERANCE`.
//! `REEL_UPDATE_GOLDEN=1 cargo test -p reel-tests --test conformance`
//! rewrites the expectations.

macro_rules! scenes {
    ($($name:ident),* $(,)?) => {
        /// Every scene the suite knows, so an unlisted file is caught.
        const SCENES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                if let Err(e) = reel_tests::check_scene(stringify!($name)) {
                    panic!("{e}");
                }
            }
        )*
    };
}

scenes! {
    alpha_composition,
    clipping,
    culling,
    flex_column_wrap,
    flex_row,
    gradients,
    mount_pivot,
    nested_positions,
    reparent_destroy,
    scale_rotation,
    visibility,
    z_order,
    text_align,
    text_bidi,
    text_ellipsis,
    text_spacing,
    text_wrap,
    image_fit,
}

#[test]
fn every_scene_file_has_a_test() {
    let on_disk = reel_tests::scene_names();
    assert!(
        !on_disk.is_empty(),
        "no scenes found in {}",
        reel_tests::scenes_dir().display()
    );
    for name in &on_disk {
        assert!(SCENES.contains(&name.as_str()), "tests/scenes/{name}.scene has no test: add it to scenes! in tests/tests/conformance.rs");
    }
    for name in SCENES {
        assert!(
            on_disk.iter().any(|n| n == name),
            "scene {name} is listed but tests/scenes/{name}.scene is missing"
        );
    }
}
