//! examples/apps/hero-text.js (issue 15: three text nodes rewritten on every
//! focus move, 164 nodes) certifies on the Wasm devices the issue names:
//! tv-midrange failed its p99 gate (17.0 ms, the glyph atlas re-sent whole
//! when it grew) before the text-change work, stick-lowend must keep passing.
//! tv-legacy (the JS fallback engine) failed p99 (63.5 ms > 50) on the
//! input frames that rasterized new glyphs until idle frames warmed glyphs
//! up (engine/src/text/warm.rs); now all four devices pass.
//! Needs `target/engine.wasm` and `target/engine-wasm2js.mjs`
//! (`bash tools/build-wasm.sh`, `node js-shim/tools/build-wasm2js.mjs`).

mod common;

#[test]
fn hero_text_certifies_on_all_four_devices() {
    let run = common::certify(
        "examples/apps/hero-text.js",
        "tv-midrange,stick-lowend,tv-legacy,console",
        &["examples/apps/hero-text.keys.txt"],
        "hero-text",
    );
    for dev in run.devices() {
        let failed = common::failed_checks(dev);
        assert!(failed.is_empty(), "{}: {failed:?}\n{}", dev["device"], run.stdout);
    }
    assert_eq!(run.code, 0, "{}", run.stdout);
}
