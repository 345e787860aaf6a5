//! Shared helpers of the host's integration tests.
#![allow(dead_code)]

use reel_host::profile::{Cpu, Display, EngineSection, Profile};

/// The engine under test: `$REEL_ENGINE_WASM` or `<workspace>/target/engine.wasm`.
/// Fails (never skips) when it is missing: `tools/test.sh` builds it first.
pub fn engine_wasm() -> Vec<u8> {
    match reel_host::paths::load_engine(None) {
        Ok((_, bytes)) => bytes,
        Err(e) => panic!("the reel-host integration tests need engine.wasm.\n{e}"),
    }
}

/// A 640x360 test device with the given memory cap.
pub fn profile(cap_mib: u32) -> Profile {
    Profile {
        id: "test".into(),
        name: "Test device".into(),
        display: Display { width: 640, height: 360, fps: 60 },
        engine: EngineSection {
            wasm: true,
            memory_cap_mib: cap_mib,
            memory_reservation_mib: cap_mib.max(64),
            fuel_per_frame_limit: 2_000_000_000,
            texture_budget_mib: 64,
        },
        cpu: Cpu { fuel_per_ms: 500_000, js_ticks_per_ms: None },
        js: Default::default(),
        video: Default::default(),
        certify: Default::default(),
    }
}
