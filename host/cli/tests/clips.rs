//! examples/clips (issue 17: a full-screen vertical feed of short clips)
//! certifies on every reference device (`--device all`, the JS fallback
//! engine's tv-legacy included) with examples/clips/keys.txt: every check
//! passes, and on every device the feed plays what it should — one decoder
//! at a time (decoders peak 1, no `decoder-limit`, even on the 1-decoder
//! devices), every expected frame presented, no video error, the first frame
//! within the profile's gate, and the preloaded next clip's player (poster
//! and metadata) besides the playing one.
//! Needs `target/engine.wasm` (or $REEL_ENGINE_WASM) and `target/engine-wasm2js.mjs`.

mod common;

#[test]
fn clips_feed_certifies_on_every_device_with_one_decoder_at_a_time() {
    let run = common::certify("examples/clips/main.js", "all", &["examples/clips/keys.txt"], "clips");
    let stdout = &run.stdout;
    let devices = run.devices();
    assert!(devices.len() >= 4, "every reference profile: {stdout}");
    for dev in devices {
        let id = &dev["device"];
        let failed = common::failed_checks(dev);
        assert!(failed.is_empty(), "{id}: {failed:?}\n{stdout}");
        let v = &dev["summary"]["video"];
        assert_eq!(v["decoders_peak"], 1, "{id}: one clip plays at a time: {v}");
        assert_eq!(v["decoder_limit_errors"], 0, "{id}: {v}");
        assert_eq!(v["errors"].as_array().map(Vec::len), Some(0), "{id}: {v}");
        let (shown, due) = (v["frames_presented"].as_u64().expect("presented"), v["frames_expected"].as_u64().expect("expected"));
        assert!(shown > 60 && shown == due, "{id}: {shown} of {due} frames: {v}");
        // Players: the six clips' as each is current, plus the peeking next ones.
        assert!(v["players"].as_u64().expect("players") >= 6, "{id}: {v}");
        assert!(v["ttff_max_ms"].as_f64().expect("ttff") <= 1000.0 / dev["fps"].as_f64().expect("fps") * 2.0 + 1e-6, "{id}: {v}");
    }
    assert_eq!(run.code, 0, "{stdout}");
}
