// @reel/shim — input: per-node event handlers with bubbling through the
// mirror, TV remote key maps, keyboard and pointer attachment.
//
// Key events start at the focused node (`renderer.focused`, kept from the
// engine's FOCUS events; the root when nothing is focused) and bubble to
// its ancestors through the mirror's parent links, then reach the
// renderer's own listeners (`renderer.on('keydown', fn)`, like `document`).
// A handler may `stopPropagation()` (no further ancestors / renderer
// listeners) and `preventDefault()` (no default action). The default action
// of an arrow keydown (repeats included) is spatial navigation: a NAVIGATE
// command (op 12), sent at once (`flush()`) and followed by a frame on the
// next tick — key-to-pixel latency matters on a TV. Enter and Back have no
// default action: they are the app's.
//
// Pointer: `renderer.pointer(x, y, 'move' | 'click')` sends POINTER (op 14,
// viewport px); the engine hit-tests, focuses the focusable node under the
// pointer and answers with a POINTER event (0x85), which dispatches `click`
// (bubbling) from the topmost node hit.

import { NIL } from './mirror.js';
import { OP } from './props.js';

/** Opcodes, from the table generated from the engine. */
export const OP_NAVIGATE = OP.NAVIGATE;
export const OP_FOCUS = OP.FOCUS;
export const OP_POINTER = OP.POINTER;

/** NAVIGATE directions by key name. */
export const DIRS = Object.freeze({ Left: 0, Right: 1, Up: 2, Down: 3 });
export const DIR_NAMES = Object.freeze(['left', 'right', 'up', 'down']);

/**
 * Normalised key names: `Left Right Up Down Enter Back Play Pause PlayPause
 * Stop Rewind FastForward Next Previous Red Green Yellow Blue Info Menu
 * Digit0..Digit9 ChannelUp ChannelDown`. Anything else passes through as its
 * DOM `key` (so apps still see letters on a keyboard).
 */
const BY_KEY = {
  ArrowLeft: 'Left', Left: 'Left', ArrowRight: 'Right', Right: 'Right', ArrowUp: 'Up', Up: 'Up', ArrowDown: 'Down', Down: 'Down',
  Enter: 'Enter', Select: 'Enter', Accept: 'Enter', OK: 'Enter',
  Backspace: 'Back', Escape: 'Back', Esc: 'Back', GoBack: 'Back', BrowserBack: 'Back', Back: 'Back', XF86Back: 'Back', Return: 'Back',
  MediaPlay: 'Play', Play: 'Play', MediaPause: 'Pause', Pause: 'Pause', MediaPlayPause: 'PlayPause', PlayPause: 'PlayPause',
  MediaStop: 'Stop', Stop: 'Stop', MediaRewind: 'Rewind', Rewind: 'Rewind', MediaFastForward: 'FastForward', FastForward: 'FastForward',
  MediaTrackNext: 'Next', Next: 'Next', MediaTrackPrevious: 'Previous', Previous: 'Previous',
  ColorF0Red: 'Red', Red: 'Red', ColorF1Green: 'Green', Green: 'Green', ColorF2Yellow: 'Yellow', Yellow: 'Yellow', ColorF3Blue: 'Blue', Blue: 'Blue',
  Info: 'Info', ContextMenu: 'Menu', Menu: 'Menu', ChannelUp: 'ChannelUp', ChannelDown: 'ChannelDown',
};

/**
 * keyCode tables of common TV platforms (used when `key` is missing or
 * 'Unidentified', as on many TV browsers). `default` is their union minus
 * conflicts; pick one with `createRenderer({ keyMap: 'webos' })` or
 * `renderer.keyMap = ...`, or pass your own `{ [keyCode]: name }` (merged
 * over the default).
 */
export const KEY_MAPS = Object.freeze({
  common: Object.freeze({
    37: 'Left', 38: 'Up', 39: 'Right', 40: 'Down', 13: 'Enter', 8: 'Back', 27: 'Back',
    415: 'Play', 19: 'Pause', 413: 'Stop', 412: 'Rewind', 417: 'FastForward', 179: 'PlayPause', 463: 'PlayPause',
    403: 'Red', 404: 'Green', 405: 'Yellow', 406: 'Blue', 457: 'Info', 427: 'ChannelUp', 428: 'ChannelDown',
    425: 'Next', 424: 'Previous', 176: 'Next', 177: 'Previous', 178: 'Stop',
    48: 'Digit0', 49: 'Digit1', 50: 'Digit2', 51: 'Digit3', 52: 'Digit4', 53: 'Digit5', 54: 'Digit6', 55: 'Digit7', 56: 'Digit8', 57: 'Digit9',
  }),
  /** LG webOS: Back 461. */
  webos: Object.freeze({ 461: 'Back', 1536: 'Info' }),
  /** Samsung Tizen: Back 10009, Exit 10182, PlayPause 10252 (media/colour keys need tizen.tvinputdevice.registerKey; attachKeyboard does it). */
  tizen: Object.freeze({ 10009: 'Back', 10182: 'Exit', 10252: 'PlayPause', 10232: 'Previous', 10233: 'Next', 457: 'Info' }),
  /** Android TV / Fire TV web views: media keys 227 rewind, 228 fast-forward, 179 play/pause. */
  androidtv: Object.freeze({ 227: 'Rewind', 228: 'FastForward', 179: 'PlayPause', 4: 'Back' }),
  /** HbbTV / Vewd: VK_ codes (same values as the common table) plus VK_BACK 461. */
  hbbtv: Object.freeze({ 461: 'Back' }),
});

/** The merged keyCode table for `map` ('default' | platform name | custom table). */
export function keyTable(map = 'default') {
  const base = { ...KEY_MAPS.common, ...KEY_MAPS.webos, ...KEY_MAPS.tizen, ...KEY_MAPS.androidtv, ...KEY_MAPS.hbbtv };
  if (map === 'default' || map == null) return base;
  if (typeof map === 'string') {
    if (!KEY_MAPS[map]) throw new TypeError(`reel: unknown key map '${map}' (expected ${Object.keys(KEY_MAPS).join(', ')}, 'default' or a { keyCode: name } object)`);
    return { ...KEY_MAPS.common, ...KEY_MAPS[map] };
  }
  if (typeof map === 'object') return { ...base, ...map };
  throw new TypeError('reel: keyMap must be a platform name or a { keyCode: name } object');
}

/** The normalised name of a DOM-like key event (`key` first, then `keyCode`/`which`), or null. */
export function normalizeKey(e, table = keyTable()) {
  const k = e.key;
  if (typeof k === 'string' && k !== '' && k !== 'Unidentified') {
    const n = BY_KEY[k];
    if (n) return n;
  }
  const code = e.keyCode ?? e.which;
  if (typeof code === 'number' && code > 0 && table[code]) return table[code];
  if (typeof k === 'string' && k !== '' && k !== 'Unidentified') return k;
  return null;
}

/** An event handed to handlers. */
export class ReelEvent {
  constructor(type, init) {
    this.type = type;
    this.target = null;
    this.currentTarget = null;
    this.bubbles = true;
    this.defaultPrevented = false;
    this.propagationStopped = false;
    this.timeStamp = 0;
    Object.assign(this, init);
  }
  /** No further ancestors (nor the renderer's listeners) get it. */
  stopPropagation() { this.propagationStopped = true; }
  /** Like stopPropagation: the browser's name for it. */
  stopImmediatePropagation() { this.propagationStopped = true; }
  /** Skips the default action (navigation for arrow keys). */
  preventDefault() { this.defaultPrevented = true; }
}

/** Handler property name per event type. */
const HANDLER_PROPS = {
  keydown: 'onKeyDown', keyup: 'onKeyUp', click: 'onClick', focus: 'onFocus', blur: 'onBlur',
  focusin: 'onFocusIn', focusout: 'onFocusOut',
};

/**
 * The error for an event nodes never fire (dev; null for one they fire): a listener for it would
 * wait for ever, silently. `what` is how the app asked (`node.on('press')`,
 * `onPress`).
 */
function unknownEvent(type, what) {
  if (Object.prototype.hasOwnProperty.call(HANDLER_PROPS, type)) return null;
  const names = Object.keys(HANDLER_PROPS).map((t) => `'${t}' (${HANDLER_PROPS[t]})`).join(', ');
  const jsx = `on${String(type).charAt(0).toUpperCase()}${String(type).slice(1)}`;
  return new TypeError(`reel: ${what} (${jsx} in JSX): nodes have no '${type}' event; they fire ${names}. OK/Enter on a focused node is a 'keydown' with key 'Enter'`);
}

/** Installs handlers, key and pointer input on renderer `r`. */
export function installInput(r, opts = {}) {
  const handlers = new Map(); // node id -> { [type]: fn[] , [onX]: fn }
  const m = r.mirror;
  r._handlers = handlers;
  r._keyTable = keyTable(opts.keyMap);
  r._needFrame = false;

  const prevFree = r.onFree;
  r.onFree = (id) => {
    prevFree(id);
    handlers.delete(id);
  };

  const proto = r.Node.prototype;
  const live = (node) => r.nodes[node.id] === node;

  /** Adds a listener for `type` ('keydown', 'keyup', 'click', 'focus', 'blur', 'focusin', 'focusout'). Returns an unsubscribe function. */
  proto.on = function on(type, fn) {
    if (typeof fn !== 'function') throw new TypeError(`reel: node.on('${type}', fn): fn must be a function`);
    const unknown = r.dev && unknownEvent(type, `node.on('${type}')`);
    if (unknown) throw unknown;
    if (!live(this)) throw new Error(`reel: node ${this.id} was destroyed; cannot listen to '${type}'`);
    let h = handlers.get(this.id);
    if (!h) handlers.set(this.id, (h = {}));
    (h[type] ??= []).push(fn);
    const id = this.id;
    return () => {
      const hh = handlers.get(id);
      const list = hh && hh[type];
      if (list) { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); }
    };
  };
  proto.off = function off(type, fn) {
    const h = handlers.get(this.id);
    const list = h && h[type];
    if (list) { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); }
    return this;
  };
  for (const [type, prop] of Object.entries(HANDLER_PROPS)) {
    Object.defineProperty(proto, prop, {
      get() { const h = handlers.get(this.id); return live(this) && h ? h[prop] ?? null : null; },
      set(fn) {
        if (fn !== null && fn !== undefined && typeof fn !== 'function') throw new TypeError(`reel: ${prop} must be a function or null`);
        if (!live(this)) { if (r.dev) throw new Error(`reel: node ${this.id} was destroyed; cannot set ${prop}`); return; }
        let h = handlers.get(this.id);
        if (!h) handlers.set(this.id, (h = {}));
        h[prop] = fn ?? null;
      },
      enumerable: false,
      configurable: true,
    });
    void type;
  }

  function callNode(id, ev) {
    const h = handlers.get(id);
    if (!h) return;
    const node = r.nodes[id];
    ev.currentTarget = node;
    const prop = HANDLER_PROPS[ev.type];
    const f = prop && h[prop];
    if (f) f.call(node, ev);
    const list = h[ev.type];
    if (list && list.length) for (const g of list.slice()) g.call(node, ev);
  }

  /**
   * Dispatches `ev` at `target` (a node or null): the node, then (when it
   * bubbles) its ancestors, then the renderer's listeners. Returns `ev`.
   */
  r.dispatch = (target, ev) => {
    ev.target = target ?? null;
    if (target && live(target)) {
      let id = target.id;
      while (id !== NIL && id !== undefined) {
        callNode(id, ev);
        if (ev.propagationStopped || !ev.bubbles) break;
        id = m.parent[id];
      }
    }
    if (!ev.propagationStopped && ev.bubbles) {
      ev.currentTarget = r;
      r._emit(ev.type, ev);
    }
    return ev;
  };

  /** Sends NAVIGATE now; a frame follows on the next tick. */
  r.navigate = (dir) => {
    const d = typeof dir === 'number' ? dir : DIRS[dir] ?? DIRS[String(dir).charAt(0).toUpperCase() + String(dir).slice(1).toLowerCase()];
    if (d === undefined || d < 0 || d > 3) throw new TypeError(`reel: navigate(dir): dir must be 'left', 'right', 'up', 'down' (or 0..3); got ${JSON.stringify(dir)}`);
    r.enc.raw(OP_NAVIGATE, [d]);
    r._sendNow();
  };

  /** Flushes the batch at once and makes sure a frame runs on the next tick. */
  r._sendNow = () => {
    if (r._closed) return;
    r.flush();
    r._needFrame = true;
    r.touch();
  };

  /**
   * Handles one key event: a DOM KeyboardEvent, `{ type, key, keyCode, repeat }`
   * or a key name ('Right': a keydown). Dispatches keydown/keyup from the
   * focused node; runs the default action (arrows: navigation). Returns the
   * ReelEvent, or null for keys it does not know (so the page keeps them).
   */
  r.handleKey = (e) => {
    if (typeof e === 'string') e = { type: 'keydown', key: e };
    if (!e || typeof e !== 'object') throw new TypeError('reel: handleKey(e) expects a key event or a key name');
    const type = e.type === 'keyup' ? 'keyup' : 'keydown';
    // The debug overlay (debug renderers) takes its keys first: the app
    // never sees a key the overlay consumes (overlay.js).
    if (r._overlayKeyHook) {
      const taken = r._overlayKeyHook(e, type);
      if (taken) return taken;
    }
    const name = normalizeKey(e, r._keyTable);
    if (name === null) return null;
    const ev = new ReelEvent(type, {
      key: name,
      rawKey: e.key,
      keyCode: e.keyCode ?? e.which ?? 0,
      repeat: !!e.repeat,
      timeStamp: typeof e.timeStamp === 'number' && e.timeStamp > 0 ? e.timeStamp : r._now(),
      originalEvent: e,
    });
    const target = r.focused ?? r.root;
    r.dispatch(target, ev);
    if (type === 'keydown' && !ev.defaultPrevented && DIRS[name] !== undefined && !r._closed) {
      r.navigate(DIRS[name]);
    }
    return ev;
  };

  /**
   * Listens to keydown/keyup on `target` (default: `window` in a browser;
   * under `reel run`, the host's key script). Calls the platform event's
   * preventDefault() for keys Reel knows (no page scrolling, no history back).
   * On Tizen it registers the media and colour keys. Returns a detach function.
   */
  r.attachKeyboard = (target, { preventDefault = true } = {}) => {
    const host = globalThis.__reel_host;
    if (target === undefined && host && typeof host.onKey === 'function') {
      const off = host.onKey((e) => { r.handleKey(e); });
      return () => off();
    }
    const t = target ?? (typeof window === 'object' ? window : null);
    if (!t || typeof t.addEventListener !== 'function') throw new Error('reel: attachKeyboard(target): no event target (pass one, e.g. window)');
    registerTizenKeys();
    const fn = (e) => {
      const ev = r.handleKey(e);
      if (ev && preventDefault && typeof e.preventDefault === 'function') e.preventDefault();
    };
    t.addEventListener('keydown', fn);
    t.addEventListener('keyup', fn);
    return () => { t.removeEventListener('keydown', fn); t.removeEventListener('keyup', fn); };
  };

  const POINTER_ACTIONS = { move: 0, click: 1 };
  /** Sends POINTER at viewport px (x, y): 'move' hover-focuses, 'click' focuses and dispatches click. */
  r.pointer = (x, y, action = 'move') => {
    const a = typeof action === 'number' ? action : POINTER_ACTIONS[action];
    if (a !== 0 && a !== 1) throw new TypeError(`reel: pointer(x, y, action): action must be 'move' or 'click'; got ${JSON.stringify(action)}`);
    // Finite as a 32-bit float too: 1e39 becomes an infinity on the wire and the engine would reject the batch.
    if (!Number.isFinite(Math.fround(x)) || !Number.isFinite(Math.fround(y))) {
      throw new RangeError(`reel: pointer position must be finite numbers within ±3.4028234663852886e38 (a 32-bit float); got ${x}, ${y}`);
    }
    F32[0] = x; const xb = U32[0];
    F32[0] = y; const yb = U32[0];
    r.enc.raw(OP_POINTER, [xb, yb, a]);
    r._sendNow();
  };

  /**
   * Forwards pointer moves and clicks on `canvas` (CSS px) to the engine
   * (viewport px), scaling by the canvas's on-screen size. Moves are
   * coalesced to one per tick. Returns a detach function.
   */
  r.attachPointer = (canvas, { move = true } = {}) => {
    if (!canvas || typeof canvas.addEventListener !== 'function') throw new TypeError('reel: attachPointer(canvas): needs an element');
    // The picture inside the element's box: CSS `object-fit` letterboxes
    // a 16:9 canvas in another aspect (contain; cover crops; none keeps its
    // size), centred as `object-position`'s default. Scaling by the box
    // alone put a click below the row on the row's tiles.
    const fitOf = () => {
      try {
        return (typeof getComputedStyle === 'function' && getComputedStyle(canvas).objectFit) || 'fill';
      } catch {
        return 'fill';
      }
    };
    /** Viewport px of a pointer event, or null in the letterbox bars. */
    const toViewport = (e) => {
      const rect = canvas.getBoundingClientRect();
      const vw = r.width * (r.scale || 1);
      const vh = r.height * (r.scale || 1);
      const bw = rect.width || vw;
      const bh = rect.height || vh;
      const fit = fitOf();
      let sx = bw / vw;
      let sy = bh / vh;
      if (fit === 'contain' || fit === 'cover' || fit === 'scale-down' || fit === 'none') {
        let s = fit === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
        if (fit === 'none' || (fit === 'scale-down' && s > 1)) s = 1;
        sx = sy = s;
      }
      const x = (e.clientX - rect.left - (bw - vw * sx) / 2) / sx;
      const y = (e.clientY - rect.top - (bh - vh * sy) / 2) / sy;
      return x < 0 || y < 0 || x > vw || y > vh ? null : [x, y];
    };
    let pending = null;
    let scheduled = false;
    // While the debug overlay is open the pointer is its (moves, presses, releases).
    const ov = () => r.overlay && r.overlay.open;
    let pendingOverlay = false;
    const onMove = (e) => {
      pending = toViewport(e);
      pendingOverlay = ov();
      if (!move && !pendingOverlay) return;
      if (scheduled) return;
      scheduled = true;
      const run = () => {
        scheduled = false;
        if (pending && !r._closed) {
          if (pendingOverlay) r.overlay.pointer(pending[0], pending[1], 'move');
          else if (move) r.pointer(pending[0], pending[1], 'move');
          pending = null;
        }
      };
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run); else setTimeout(run, 16);
    };
    const onClick = (e) => {
      const at = toViewport(e);
      pending = null;
      if (ov() || !at) return; // the overlay had the press and the release; or off the picture
      r.pointer(at[0], at[1], 'click');
    };
    const onButton = (e) => {
      if (!ov()) return;
      const at = toViewport(e);
      pending = null;
      if (!at) return;
      const [x, y] = at;
      r.overlay.pointer(x, y, e.type === 'pointerdown' ? 'down' : 'up');
    };
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('click', onClick);
    canvas.addEventListener('pointerdown', onButton);
    canvas.addEventListener('pointerup', onButton);
    return () => {
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('click', onClick);
      canvas.removeEventListener('pointerdown', onButton);
      canvas.removeEventListener('pointerup', onButton);
    };
  };

  /** Called by the renderer with every event buffer's decoded events (./wire/events.js): ANIM, FOCUS, POINTER, NAV_EDGE. */
  r._onInputEvents = (events) => {
    for (const ev of events) {
      if (ev.type === 'anim') {
        if (r._onAnimEvent) r._onAnimEvent(ev.anim, ev.node, ev.kind);
      } else if (ev.type === 'focus') {
        r._onFocusEvent(ev.from, ev.to, ev.cause);
      } else if (ev.type === 'pointer') {
        onPointerEvent(ev.hit, ev.target, ev.action, ev.x, ev.y);
      } else if (ev.type === 'nav-edge') {
        const d = ev.dir;
        r._emit('navedge', { focused: nodeOf(ev.focused), dir: DIR_NAMES[d] ?? d, direction: d });
      }
    }
  };

  const nodeOf = (id) => (id === 0xffffffff ? null : r.nodes[id] ?? null);

  function onPointerEvent(hit, target, action, x, y) {
    const info = { hit: nodeOf(hit), target: nodeOf(target), action: action === 1 ? 'click' : 'move', x, y };
    r._emit('pointer', info);
    if (action !== 1) return;
    const from = info.hit ?? info.target;
    if (!from) return;
    const ev = new ReelEvent('click', { x, y, focusTarget: info.target, timeStamp: r._now() });
    // Bubble from the topmost node hit; the renderer listeners get it last.
    r.dispatch(from, ev);
  }
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

function registerTizenKeys() {
  const t = globalThis.tizen;
  try {
    if (t && t.tvinputdevice && typeof t.tvinputdevice.registerKeyBatch === 'function') {
      t.tvinputdevice.registerKeyBatch(['MediaPlay', 'MediaPause', 'MediaPlayPause', 'MediaStop', 'MediaRewind', 'MediaFastForward',
        'MediaTrackNext', 'MediaTrackPrevious', 'ColorF0Red', 'ColorF1Green', 'ColorF2Yellow', 'ColorF3Blue', 'Info']);
    }
  } catch { /* not allowed by the app's privileges: arrows, Enter and Back still work */ }
}
