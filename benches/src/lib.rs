//! Workloads shared by the `engine` benchmark (benches/engine.rs): protocol
//! batches for a 1k-node scene, built with the reference encoder
//! ([`BatchBuilder`]) so the native engine and engine.wasm get the very same
//! bytes.

use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE, ROOT};

/// Viewport of the benchmark scenes (a 1080p TV).
pub const VIEWPORT: (u32, u32) = (1920, 1080);
/// Nodes created by [`create_1k`] (root not counted).
pub const NODES: u32 = 1000;
/// The flex container holding every other node.
pub const CONTAINER: u32 = 1;
/// The node whose `x` [`move_one_x`] changes: in the middle of the flex row.
pub const MOVED: u32 = CONTAINER + NODES / 2;

/// One batch that creates a 1000-node scene: a wrapping flex row container
/// (id 1) under the root with 999 tiles (ids 2..=1000), each created, given
/// size, margin and a colour, and inserted — the shape of an app's first
/// render of a grid screen.
pub fn create_1k() -> Vec<u8> {
    let mut b = BatchBuilder::new(1);
    b.create(CONTAINER, NodeKind::View);
    b.set_props(
        CONTAINER,
        &[
            (key::DISPLAY, PropValue::U32(1)),        // flex
            (key::FLEX_DIRECTION, PropValue::U32(0)), // row
            (key::FLEX_WRAP, PropValue::U32(1)),      // wrap
            (key::W, PropValue::F32(VIEWPORT.0 as f32)),
            (key::H, PropValue::F32(VIEWPORT.1 as f32)),
            (key::PADDING, PropValue::F32(8.0)),
            (key::COLOR, PropValue::U32(0x1010_20ff)),
        ],
    );
    b.insert(ROOT, CONTAINER, NONE);
    for id in CONTAINER + 1..=NODES {
        b.create(id, NodeKind::View);
        b.set_props(
            id,
            &[
                (key::W, PropValue::F32(40.0)),
                (key::H, PropValue::F32(24.0)),
                (key::MARGIN, PropValue::F32(2.0)),
                (key::COLOR, PropValue::U32(0x3060_9000 | (id & 0xff))),
            ],
        );
        b.insert(CONTAINER, id, NONE);
    }
    b.finish()
}

/// A batch that moves the middle tile's flex `x` offset (a layout change).
/// `step` alternates the value so every call really changes it.
pub fn move_one_x(seq: u32, step: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    let x = if step.is_multiple_of(2) { 6.0 } else { 0.0 };
    b.set_props(MOVED, &[(key::X, PropValue::F32(x))]);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_engine::Engine;

    #[test]
    fn workloads_apply_natively() {
        let mut engine = Engine::new(VIEWPORT.0, VIEWPORT.1);
        engine.submit(&create_1k()).expect("create batch applies");
        engine.frame(0.0);
        let first = engine.display_list_bytes().to_vec();
        assert!(!first.is_empty());
        engine.submit(&move_one_x(2, 0)).expect("move batch applies");
        engine.frame(16.0);
        assert_ne!(engine.display_list_bytes(), &first[..], "moving a tile changes the frame");
    }
}
