//! Golden scenes on the native engine: display-list dump must equal
//! `tests/scenes/<name>.dl.txt` exactly and the painted frame must match
//! `tests/scenes/<name>.png` within `reel_tests::TOLERANCE`.
//! `REEL_UPDATE_GOLDEN=1 cargo test -p reel-tests --test conformance`
//! rewrites the expectations.

reel_tests::scene_tests!(reel_tests::check_scene);

#[test]
fn every_scene_file_has_a_test() {
    let on_disk = reel_tests::scene_names();
    assert!(
        !on_disk.is_empty(),
        "no scenes found in {}",
        reel_tests::scenes_dir().display()
    );
    for name in &on_disk {
        assert!(SCENES.contains(&name.as_str()), "tests/scenes/{name}.scene has no test: add it to scene_tests! in tests/src/lib.rs");
    }
    for name in SCENES {
        assert!(
            on_disk.iter().any(|n| n == name),
            "scene {name} is listed but tests/scenes/{name}.scene is missing"
        );
    }
}
