//! wasm-bindgen entry for browsers (feature `web`).
//!
//! Browsers can drive the plain C ABI ([`crate::abi`]) with no glue at all;
//! this entry exists for apps and bundlers that expect wasm-bindgen's
//! generated JS class. It wraps the same [`Engine`], and hands out display
//! list and event locations in linear memory instead of copies, so a
//! Worker can read (or transfer) them without an extra allocation.

use wasm_bindgen::prelude::*;

use crate::Engine;

/// One engine, as a JS class.
#[wasm_bindgen]
pub struct WebEngine {
    engine: Engine,
}

#[wasm_bindgen]
impl WebEngine {
    /// An engine with an empty scene of the given viewport.
    #[wasm_bindgen(constructor)]
    pub fn new(width: u32, height: u32) -> WebEngine {
        WebEngine { engine: Engine::new(width, height) }
    }

    /// Applies one batch atomically; throws with the engine's message (batch,
    /// command index, opcode, reason) if it is rejected.
    pub fn submit(&mut self, batch: &[u8]) -> Result<(), JsError> {
        self.engine.submit(batch).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Runs one frame; returns the number of display items.
    pub fn frame(&mut self, time_ms: f64) -> u32 {
        self.engine.frame(time_ms).dl_items
    }

    /// Address of the display list in linear memory.
    #[wasm_bindgen(js_name = displayListPtr)]
    pub fn display_list_ptr(&self) -> usize {
        self.engine.display_list_bytes().as_ptr() as usize
    }

    /// Length of the display list in bytes.
    #[wasm_bindgen(js_name = displayListLen)]
    pub fn display_list_len(&self) -> usize {
        self.engine.display_list_bytes().len()
    }

    /// Address of the queued events in linear memory.
    #[wasm_bindgen(js_name = eventsPtr)]
    pub fn events_ptr(&self) -> usize {
        self.engine.events_bytes().as_ptr() as usize
    }

    /// Length of the queued events in bytes.
    #[wasm_bindgen(js_name = eventsLen)]
    pub fn events_len(&self) -> usize {
        self.engine.events_bytes().len()
    }

    /// Drops queued events.
    #[wasm_bindgen(js_name = clearEvents)]
    pub fn clear_events(&mut self) {
        self.engine.clear_events()
    }

    /// A batch recreating the scene.
    pub fn snapshot(&mut self) -> Vec<u8> {
        self.engine.snapshot()
    }

    /// Message of the last rejected batch.
    #[wasm_bindgen(js_name = lastError)]
    pub fn last_error(&self) -> String {
        self.engine.last_error().to_owned()
    }
}
