// @reel/shim — the JS side of Reel: host nodes (view, image, text) whose
// writes are encoded into binary batches for the engine (engine.wasm or its
// wasm2js build), running inline, in a Web Worker or in a Node worker_thread.

export { createRenderer, Renderer, schedulers } from './renderer.js';
export { Encoder, encodeValue, parseColor, propSpec, PROP_BY_NAME, PROP_NAMES, HOT_PROPS } from './encoder.js';
export { Mirror, NIL } from './mirror.js';
export { selectBackend, probeWebAssembly, rolloutBucket, fnv1a32 } from './backend.js';
export {
  EngineCore, instantiateEngine, engineExports, decodeEvents, decodeStats, displayListHeader, displayListItems,
} from './engine-core.js';
export { createInlineTransport } from './transport/inline.js';
export { createWorkerTransport } from './transport/worker.js';
export { DEFAULT_FONT_URL, FULL_FONT_URL, DEFAULT_FONT_FAMILY } from './transport/load.js';
export * as protocol from './props.js';

export { createHostTransport, isHostAvailable } from './transport/host.js';

// Animation, focus and input (engine ops 9-14, events 0x83-0x86).
export { parseEasing, timingWords, ANIMATABLE, EASING_CODES } from './animation.js';
export { KEY_MAPS, keyTable, normalizeKey, ReelEvent, DIRS } from './input.js';

// The egui debug overlay (createRenderer({ debug: true })).
export { OVERLAY_KEYS, overlayKeyCode } from './overlay.js';
