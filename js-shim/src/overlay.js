// @reel/shim — the egui debug overlay from the page's side
// (createRenderer({ debug: true }) loads target/engine-debug.wasm, the engine
// built with feature `overlay`; engine/src/overlay/mod.rs draws it).
//
// Keys: the blue colour key (406) and F12 toggle the overlay; while it is
// open the arrows, Enter and Back (Backspace 8, Escape 27, webOS Back 461)
// go to the overlay's tree inspector and NOT to the app. The rule is the
// engine's own (`Overlay::key`), applied here at once so the app never sees
// a key the engine consumes; the engine's answers (`overlay` messages)
// resynchronise `open` afterwards. Every other keydown is also reported to
// the overlay (its "last keys" panel) and goes to the app as usual.
//
// Pointer (the browser's mouse): while the overlay is open, moves, presses
// and releases on the canvas go to reel_overlay_pointer instead of the app.
//
// Host figures the overlay shows (JS heap, batch queue delay, engine ms,
// frame interval, dropped frames) are fed by the engine's thread (the
// Worker: engine-worker.js `feedHostStats`); this side adds the page's JS
// heap (performance.memory, Chromium only) to each batch message.

/** DOM key codes (engine/src/overlay/mod.rs `keys`). */
export const OVERLAY_KEYS = Object.freeze({
  LEFT: 37, UP: 38, RIGHT: 39, DOWN: 40, ENTER: 13, BACKSPACE: 8, ESCAPE: 27, BACK: 461, BLUE: 406, F12: 123,
});
const TOGGLE = new Set([OVERLAY_KEYS.BLUE, OVERLAY_KEYS.F12]);
const NAV = new Set([OVERLAY_KEYS.LEFT, OVERLAY_KEYS.UP, OVERLAY_KEYS.RIGHT, OVERLAY_KEYS.DOWN, OVERLAY_KEYS.ENTER]);
const CLOSE = new Set([OVERLAY_KEYS.BACKSPACE, OVERLAY_KEYS.ESCAPE, OVERLAY_KEYS.BACK]);

/** DOM `key` values (and the shim's normalised names) -> the key codes the overlay takes. */
const CODE_BY_KEY = {
  F12: 123, ColorF3Blue: 406, Blue: 406,
  ArrowLeft: 37, Left: 37, ArrowUp: 38, Up: 38, ArrowRight: 39, Right: 39, ArrowDown: 40, Down: 40,
  Enter: 13, Select: 13, OK: 13, Accept: 13,
  Backspace: 8, Escape: 27, Esc: 27, GoBack: 461, BrowserBack: 461, Back: 461, XF86Back: 461,
};

/** The DOM key code of a key event (keyCode first, then `key`), or 0. */
export function overlayKeyCode(e) {
  if (typeof e === 'number') return e >>> 0;
  if (typeof e === 'string') return CODE_BY_KEY[e] ?? 0;
  const code = e.keyCode ?? e.which;
  if (typeof code === 'number' && code > 0) return code;
  return typeof e.key === 'string' ? CODE_BY_KEY[e.key] ?? 0 : 0;
}

/** Whether the engine's overlay consumes `code` when its open state is `open` (Overlay::key). */
export function overlayConsumes(code, open) {
  return TOGGLE.has(code) || (open && (NAV.has(code) || CLOSE.has(code)));
}

/** The page's JS heap, where the browser tells (Chromium's performance.memory). */
export function jsHeap() {
  const m = typeof performance === 'object' && performance ? performance.memory : undefined;
  return m && typeof m.usedJSHeapSize === 'number' ? [m.usedJSHeapSize, m.jsHeapSizeLimit || 0] : null;
}

const POINTER_ACTIONS = { move: 0, down: 1, press: 1, up: 2, release: 2 };

/**
 * Installs `renderer.overlay` on `r` (debug renderers). `transport.overlay(msg)`
 * carries requests to the engine's thread: { op: 'key', code } |
 * { op: 'pointer', x, y, action } | { op: 'state', id }; it returns the
 * answer synchronously (inline) or the engine's thread posts an `overlay`
 * message back ({ op, open, consumed?, id?, state? }), given to `r._onOverlayMessage`.
 */
export function installOverlay(r, transport, info) {
  let open = false;
  let available = !!(info && info.overlay);
  const swallowUp = new Set();
  const waits = new Map();
  let nextId = 1;
  const reason = available ? null : info && info.overlayReason ? info.overlayReason : 'the engine has no overlay exports (load target/engine-debug.wasm: tools/build-wasm-debug.sh)';

  const frameSoon = () => {
    if (r._closed) return;
    r._needFrame = true;
    r.touch();
  };

  const ask = (msg) => {
    const answer = transport.overlay(msg);
    if (answer) onMessage(answer);
  };

  function onMessage(msg) {
    if (typeof msg.open === 'boolean') open = msg.open;
    if (msg.op === 'state' && waits.has(msg.id)) {
      const w = waits.get(msg.id);
      waits.delete(msg.id);
      w(msg.state);
    }
  }
  r._onOverlayMessage = onMessage;

  const overlay = {
    /** Whether the engine has the overlay (engine-debug.wasm on the wasm backend). */
    get available() { return available; },
    /** Why it is not, or null. */
    get unavailableReason() { return reason; },
    /** Shown (as of the last key here / the engine's last answer). */
    get open() { return open; },

    /**
     * A key press (DOM key code, key event or key name). Returns true when
     * the overlay takes it (the app must not get it).
     */
    key(e) {
      if (!available || r._closed) return false;
      const code = overlayKeyCode(e);
      if (code === 0) return false;
      const consumed = overlayConsumes(code, open);
      if (consumed) {
        if (TOGGLE.has(code)) open = !open;
        else if (CLOSE.has(code)) open = false;
      }
      ask({ op: 'key', code });
      if (consumed) frameSoon();
      return consumed;
    },

    /** Shows/hides it (the blue key). */
    toggle() {
      return overlay.key(OVERLAY_KEYS.BLUE);
    },

    /**
     * Pointer input at viewport px; action 'move' | 'down' | 'up' (or 0/1/2).
     * Returns true when the overlay took it (only while open).
     */
    pointer(x, y, action = 'move') {
      const a = typeof action === 'number' ? action : POINTER_ACTIONS[action];
      if (a !== 0 && a !== 1 && a !== 2) throw new TypeError(`reel: overlay.pointer(x, y, action): action must be 'move', 'down' or 'up'; got ${JSON.stringify(action)}`);
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`reel: overlay pointer position must be finite; got ${x}, ${y}`);
      if (!available || !open || r._closed) return false;
      ask({ op: 'pointer', x, y, action: a });
      frameSoon();
      return true;
    },

    /**
     * The overlay's state: Promise<{ available, open, selected: the tree
     * inspector's selected node id (or null), highlighted: the node id the
     * current display list highlights (null while closed), meshes: mesh
     * items }>.
     */
    state() {
      if (!available) return Promise.resolve({ available: false, open: false, selected: null, highlighted: null, meshes: 0 });
      const id = nextId++;
      return new Promise((resolve) => {
        waits.set(id, resolve);
        ask({ op: 'state', id });
      });
    },
  };

  /** handleKey's hook: a consumed key event (not given to the app), or null. */
  r._overlayKeyHook = (e, type) => {
    if (!available) return null;
    const code = overlayKeyCode(e);
    if (code === 0) return null;
    if (type === 'keyup') {
      if (!swallowUp.delete(code)) return null;
      return { type: 'keyup', key: e.key, keyCode: code, overlay: true, defaultPrevented: true };
    }
    if (!overlay.key(code)) return null;
    swallowUp.add(code);
    return { type: 'keydown', key: e.key, keyCode: code, overlay: true, defaultPrevented: true };
  };

  r.overlay = overlay;
  return overlay;
}

/** engineUrl's debug sibling: .../engine.wasm -> .../engine-debug.wasm (null when it is not named engine.wasm). */
export function debugEngineUrl(engineUrl) {
  if (engineUrl === undefined || engineUrl === null) return null;
  const s = engineUrl instanceof URL ? engineUrl.href : String(engineUrl);
  const d = s.replace(/engine\.wasm(\?.*)?$/, 'engine-debug.wasm$1');
  return d === s ? null : d;
}
