//! The debug overlay's optional exports through the engine thread: absent
//! from the production `engine.wasm` (`EngineError::NoOverlay`), present in
//! `target/engine-debug.wasm` (`bash tools/build-wasm-debug.sh`; the test
//! fails, never skips, without it): keys toggle and drive it, frames carry
//! its egui meshes in the mesh section, the font atlas arrives as texture
//! deltas the host's painter can draw from, host stats are accepted.

mod common;

use reel_engine::display_list::ItemKind;
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_engine::raster::{self, TextureStore};
use reel_host::supervisor::SupervisorConfig;
use reel_host::wasm_engine::{EngineError, EngineLimits};
use reel_host::{EngineThread, HostError, HostStats, StepReport};

const F12: u32 = 123;
const DOWN: u32 = 40;
const ESCAPE: u32 = 27;

/// Three focusable tiles in a row; the first focused; one frame.
fn scene() -> Vec<u8> {
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View);
    b.set_props(1, &[(key::W, PropValue::Percent(100.0)), (key::H, PropValue::Percent(100.0)), (key::COLOR, PropValue::U32(0x102030FF))]);
    b.insert(0, 1, NONE);
    for i in 0..3u32 {
        let id = 10 + i;
        b.create(id, NodeKind::View);
        b.set_props(
            id,
            &[
                (key::X, PropValue::F32(40.0 + 200.0 * i as f32)),
                (key::Y, PropValue::F32(200.0)),
                (key::W, PropValue::F32(160.0)),
                (key::H, PropValue::F32(90.0)),
                (key::COLOR, PropValue::U32(0xC04030FF)),
                (key::FOCUSABLE, PropValue::U32(1)),
            ],
        );
        b.insert(1, id, NONE);
    }
    b.focus(10);
    b.frame(16.0);
    b.finish()
}

fn debug_wasm() -> Vec<u8> {
    match reel_host::paths::load_debug_engine(None) {
        Ok((_, bytes)) => bytes,
        Err(e) => panic!("this test needs the debug module.\n{e}"),
    }
}

fn spawn(wasm: Vec<u8>) -> EngineThread {
    let p = common::profile(64);
    EngineThread::spawn(wasm, EngineLimits::from_profile(&p), SupervisorConfig::from_profile(&p)).expect("engine thread")
}

fn apply(textures: &mut TextureStore, step: &StepReport) {
    for d in &step.texture_deltas {
        textures.apply_deltas(d).expect("deltas");
    }
}

fn mesh_items(step: &StepReport) -> usize {
    let f = step.frames.last().expect("a frame");
    let dl = f.display_list.as_ref().expect("display list");
    dl.items.iter().filter(|i| i.item_kind() == Some(ItemKind::Mesh)).count()
}

#[test]
fn production_engine_has_no_overlay() {
    let mut t = spawn(common::engine_wasm());
    assert!(matches!(t.overlay_state(), Err(HostError::Engine(EngineError::NoOverlay))));
    assert!(matches!(t.overlay_key(F12), Err(HostError::Engine(EngineError::NoOverlay))));
    let msg = EngineError::NoOverlay.to_string();
    assert!(msg.contains("engine-debug.wasm") && msg.contains("tools/build-wasm-debug.sh"), "{msg}");
    // The instance is fine after the refusal.
    let step = t.submit(scene()).expect("submit");
    assert!(step.rejected.is_none());
    assert_eq!(mesh_items(&step), 0);
}

#[test]
fn debug_engine_overlay_through_the_engine_thread() {
    let mut t = spawn(debug_wasm());
    let mut textures = TextureStore::new();
    let step = t.submit(scene()).expect("submit");
    apply(&mut textures, &step);
    assert!(step.rejected.is_none());
    assert_eq!(step.frames.last().map(|f| f.stats.focused), Some(10));
    assert_eq!(mesh_items(&step), 0, "closed: no overlay items");
    assert!(step.frames.last().and_then(|f| f.meshes.as_ref()).is_none());

    let s = t.overlay_state().expect("state");
    assert!(!s.state.open);
    // Closed, the arrows are the app's.
    assert!(!t.overlay_key(DOWN).expect("key").consumed);
    let r = t.overlay_key(F12).expect("key");
    assert!(r.consumed && r.state.open);
    t.overlay_host_stats(HostStats { engine_ms: 2.5, frame_interval_ms: 16.7, js_heap_limit: 32 << 20, ..HostStats::default() })
        .expect("host stats");

    let step = t.frame(32.0).expect("frame");
    apply(&mut textures, &step);
    assert!(mesh_items(&step) > 0, "open: egui meshes in the display list");
    let f = step.frames.last().expect("frame");
    let meshes = f.meshes.as_ref().expect("mesh section");
    assert!(!meshes.vertices.is_empty() && !meshes.indices.is_empty());
    let r = raster::render_with_meshes(&f.display_list.as_ref().expect("dl").as_ref(), meshes, &textures).expect("render");
    assert!(r.stats.meshes > 0);
    assert_eq!(r.stats.missing_textures, 0, "the font atlas arrived as texture deltas");
    // It opened on the focused node; Down moves the inspector, not focus.
    assert_eq!(t.overlay_state().expect("state").state.selected, Some(10));
    assert!(t.overlay_key(DOWN).expect("key").consumed);
    let step = t.frame(48.0).expect("frame");
    apply(&mut textures, &step);
    let s = t.overlay_state().expect("state").state;
    assert!(s.selected.is_some() && s.selected != Some(10), "{s:?}");
    assert_eq!(step.frames.last().map(|f| f.stats.focused), Some(10), "app focus stayed");
    assert!(t.overlay_pointer(100.0, 100.0, 0).expect("pointer").consumed, "pointer goes to it while open");

    let r = t.overlay_key(ESCAPE).expect("key");
    assert!(r.consumed && !r.state.open);
    let step = t.frame(64.0).expect("frame");
    assert_eq!(mesh_items(&step), 0, "closed again: no overlay items");
    assert!(!t.overlay_pointer(100.0, 100.0, 0).expect("pointer").consumed);
    let totals = t.shutdown().expect("shutdown");
    assert_eq!(totals.traps, 0);
}
