// js-shim/src/worker/engine-worker.js — the Worker side of the shim: runs the
// engine (engine.wasm, or the wasm2js module for `backend: 'js'`), applies
// the command batches the main thread sends, and paints each new display
// list into a transferred OffscreenCanvas (WebGL2, else Canvas2D), or posts
// the list bytes back for a main-thread painter when it has no canvas.
//
// Load it as a module worker: new Worker(url, { type: 'module' }).
//
// Messages main -> worker (`type` field):
//   init     { engineUrl, wasm2jsUrl?, wasmModule?, backend: 'auto'|'wasm'|'js',
//              width, height, canvas?: OffscreenCanvas (transferred),
//              painter?: 'auto'|'webgl2'|'canvas2d'|'main', clock?: 'raf'|'manual' }
//            -> ready { backend, painter, abiVersion, memoryBytes, initMs }
//               or error { phase: 'init', message }
//   batch    { bytes: ArrayBuffer|Uint8Array, seq? }  apply one protocol-v1 batch
//            (its FRAME commands run frames). -> error { phase: 'batch', code, message, seq }
//               on rejection (the engine's ERROR event also arrives in `events`).
//   frame    { time? }      run one frame now (time defaults to performance.now()).
//   textures { set: [{ id, source|pixels, width, height }], free: [id] }
//            applied to the painter before its next paint.
//   resize   { width, height }   resizes the canvas only (the engine ABI has no
//            viewport change short of reel_init, which resets the scene).
//   repaint  {}             paint the last list again.
//   debug    { op: 'loseContext'|'restoreContext'|'readPixels'|'stats', id? }
//            -> debug { op, id, ...result }
//
// Messages worker -> main:
//   ready, error             see above
//   frame   { frame, items, paintMs, engineMs, painter, stats: {...FrameStats} }
//            after each painted (or posted) display list
//   displayList { bytes: ArrayBuffer (transferred), frame }   only with painter 'main'
//   events  { bytes: ArrayBuffer (transferred) }   the engine's event buffer
//            (ERROR / FRAME_STATS, protocol events) whenever it is not empty
//   contextlost / contextrestored   the WebGL context went away / came back
//            (the last list is repainted automatically after a restore)
//
// Frames: the engine runs a frame for every FRAME command in a batch and for
// every `frame` message. With clock 'raf' (the default when the worker has a
// canvas) a batch without FRAME still gets painted: the worker schedules one
// engine frame on the next animation frame. Painting is coalesced to one per
// animation frame (requestAnimationFrame in the Worker where it exists, else
// setTimeout 0).
import { AbiCore, instantiateWasm } from './abi-core.js';
import { WebGLPainter } from '../paint/webgl.js';
import { Canvas2DPainter } from '../paint/canvas2d.js';

const scope = globalThis;
const state = {
  core: null,
  backend: null,
  painter: null,
  painterKind: 'none',
  canvas: null,
  width: 0,
  height: 0,
  clock: 'manual',
  lastFrame: -1,
  lastList: null, // Uint8Array copy of the last painted list (for repaint after context loss)
  pendingFrame: false,
  pendingPaint: false,
  pendingTextures: [],
  queue: [],
  ready: false,
};

const post = (msg, transfer) => scope.postMessage(msg, transfer || []);
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const raf = typeof scope.requestAnimationFrame === 'function'
  ? (cb) => scope.requestAnimationFrame(cb)
  : (cb) => setTimeout(() => cb(now()), 0);

async function loadEngine(msg) {
  let backend = msg.backend || 'auto';
  if (backend === 'auto') backend = typeof scope.WebAssembly === 'object' && scope.WebAssembly ? 'wasm' : 'js';
  if (backend === 'wasm') {
    if (typeof scope.WebAssembly !== 'object' || !scope.WebAssembly) throw new Error("backend 'wasm' asked but this Worker has no WebAssembly");
    let exports;
    if (msg.wasmModule) {
      exports = await instantiateWasm(msg.wasmModule);
    } else {
      const url = msg.engineUrl;
      if (!url) throw new Error('init needs engineUrl');
      const res = await fetch(url);
      if (!res.ok) throw new Error(`fetch ${url}: HTTP ${res.status}`);
      let mod;
      if (typeof WebAssembly.compileStreaming === 'function' && /application\/wasm/.test(res.headers.get('content-type') || '')) {
        mod = await WebAssembly.compileStreaming(res);
      } else {
        mod = await WebAssembly.compile(await res.arrayBuffer());
      }
      exports = await instantiateWasm(mod);
    }
    return { core: AbiCore.fromExports(exports), backend: 'wasm' };
  }
  if (backend === 'js') {
    const url = msg.wasm2jsUrl || (msg.engineUrl ? String(msg.engineUrl).replace(/engine\.wasm(\?.*)?$/, 'engine-wasm2js.mjs') : null);
    if (!url) throw new Error("backend 'js' needs wasm2jsUrl");
    const ns = await import(new URL(url, scope.location ? scope.location.href : undefined).href);
    return { core: AbiCore.fromExports(ns), backend: 'js' };
  }
  throw new Error(`unknown backend ${backend}`);
}

function makePainter(canvas, want) {
  const hooks = {
    onContextLost: () => post({ type: 'contextlost' }),
    onContextRestored: () => {
      post({ type: 'contextrestored' });
      schedulePaint(true);
    },
  };
  if (!canvas || want === 'main') return { painter: null, kind: 'main' };
  if (want === 'auto' || want === 'webgl2' || !want) {
    const p = WebGLPainter.create(canvas, hooks);
    if (p) return { painter: p, kind: 'webgl2' };
    if (want === 'webgl2') throw new Error('WebGL2 is not available in this Worker');
  }
  const p = Canvas2DPainter.create(canvas);
  if (p) return { painter: p, kind: 'canvas2d' };
  return { painter: null, kind: 'main' };
}

async function init(msg) {
  const t0 = now();
  const { core, backend } = await loadEngine(msg);
  state.core = core;
  state.backend = backend;
  state.width = msg.width >>> 0 || 1280;
  state.height = msg.height >>> 0 || 720;
  core.init(state.width, state.height);
  state.canvas = msg.canvas || null;
  if (state.canvas) {
    state.canvas.width = state.width;
    state.canvas.height = state.height;
  }
  const { painter, kind } = makePainter(state.canvas, msg.painter || 'auto');
  state.painter = painter;
  state.painterKind = kind;
  state.clock = msg.clock || (state.canvas ? 'raf' : 'manual');
  state.ready = true;
  post({
    type: 'ready',
    backend,
    painter: kind,
    abiVersion: core.x.reel_abi_version(),
    memoryBytes: core.memoryBytes(),
    initMs: now() - t0,
  });
}

function drainEvents() {
  const ev = state.core.takeEvents();
  // A header-only buffer (16 bytes, count 0) carries nothing.
  if (ev.byteLength > 16) post({ type: 'events', bytes: ev.buffer }, [ev.buffer]);
}

function readStats(core) {
  const p = core.x.reel_stats_ptr ? core.x.reel_stats_ptr() >>> 0 : 0;
  if (!p) return null;
  const dv = new DataView(core.x.memory.buffer, p, 64);
  const u = (i) => dv.getUint32(i * 4, true);
  return {
    frame: u(0), nodes: u(1), layoutNodes: u(2), dlItems: u(3), culled: u(4), dlRebuilt: u(5),
    batches: u(6), commands: u(7), rejected: u(8), memoryBytes: u(9), timeMs: dv.getFloat64(56, true),
  };
}

function schedulePaint(force) {
  if (force) state.lastFrame = -1;
  if (state.pendingPaint) return;
  state.pendingPaint = true;
  raf(paintNow);
}

function paintNow() {
  state.pendingPaint = false;
  const core = state.core;
  if (!core) return;
  let engineMs = 0;
  if (state.pendingFrame) {
    state.pendingFrame = false;
    const t = now();
    core.frame(t);
    engineMs = now() - t;
  }
  const view = core.displayListView();
  if (view.byteLength < 32) return;
  const frame = new DataView(view.buffer, view.byteOffset, 32).getUint32(12, true);
  if (frame === state.lastFrame && state.pendingTextures.length === 0) {
    drainEvents();
    return;
  }
  const stats = readStats(core);
  const t1 = now();
  if (state.painter) {
    for (const d of state.pendingTextures.splice(0)) state.painter.applyTextureDeltas(d);
    // Keep our own copy: the engine may reuse its buffer, and a restored GL
    // context needs the list again.
    if (!state.lastList || state.lastList.byteLength !== view.byteLength) state.lastList = new Uint8Array(view.byteLength);
    state.lastList.set(view);
    let painted = null;
    try {
      painted = state.painter.paint(state.lastList);
    } catch (e) {
      post({ type: 'error', phase: 'paint', message: String(e && e.message || e) });
    }
    if (painted) state.lastFrame = frame; // null = context lost: repaint once restored
    post({ type: 'frame', frame, items: stats ? stats.dlItems : 0, paintMs: now() - t1, engineMs, painter: state.painterKind, paint: painted, stats });
  } else {
    const copy = view.slice();
    state.lastFrame = frame;
    post({ type: 'displayList', bytes: copy.buffer, frame, textures: state.pendingTextures.splice(0) }, [copy.buffer]);
    post({ type: 'frame', frame, items: stats ? stats.dlItems : 0, paintMs: 0, engineMs, painter: 'main', stats });
  }
  drainEvents();
}

function onBatch(msg) {
  const bytes = msg.bytes instanceof Uint8Array ? msg.bytes : new Uint8Array(msg.bytes);
  const code = state.core.trySubmit(bytes);
  if (code !== 0) {
    post({ type: 'error', phase: 'batch', code, seq: msg.seq, message: state.core.lastError() });
  }
  // Batches with FRAME commands already ran their frames; without one, the
  // raf clock runs a frame before the next paint.
  if (state.clock === 'raf') state.pendingFrame = true;
  schedulePaint(false);
}

function onDebug(msg) {
  const p = state.painter;
  const out = { type: 'debug', op: msg.op, id: msg.id };
  switch (msg.op) {
    case 'loseContext':
      out.ok = !!(p && p.loseContextForTesting && p.loseContextForTesting());
      break;
    case 'restoreContext':
      out.ok = !!(p && p.restoreContextForTesting && p.restoreContextForTesting());
      break;
    case 'readPixels': {
      if (p && state.lastList && !p.contextLost) {
        p.paint(state.lastList);
        const r = p.readPixels();
        out.width = r.width;
        out.height = r.height;
        out.pixels = r.pixels.buffer;
        post(out, [r.pixels.buffer]);
        return;
      }
      out.ok = false;
      break;
    }
    case 'stats':
      out.backend = state.backend;
      out.painter = state.painterKind;
      out.contextLost = !!(p && p.contextLost);
      out.contextLosses = p ? p.contextLosses || 0 : 0;
      out.contextRestores = p ? p.contextRestores || 0 : 0;
      out.textures = p ? p.textures.size : 0;
      out.lastFrame = state.lastFrame;
      out.memoryBytes = state.core ? state.core.memoryBytes() : 0;
      out.stats = state.core ? readStats(state.core) : null;
      break;
    default:
      out.error = `unknown debug op ${msg.op}`;
  }
  post(out);
}

function handle(msg) {
  switch (msg.type) {
    case 'batch':
      onBatch(msg);
      break;
    case 'frame':
      state.core.frame(msg.time ?? now());
      schedulePaint(false);
      break;
    case 'textures':
      state.pendingTextures.push(msg);
      schedulePaint(false);
      break;
    case 'resize':
      state.width = msg.width >>> 0;
      state.height = msg.height >>> 0;
      if (state.canvas) {
        state.canvas.width = state.width;
        state.canvas.height = state.height;
      }
      schedulePaint(true);
      break;
    case 'repaint':
      schedulePaint(true);
      break;
    case 'debug':
      onDebug(msg);
      break;
    default:
      post({ type: 'error', phase: 'message', message: `unknown message type ${msg.type}` });
  }
}

scope.onmessage = (e) => {
  const msg = e.data || {};
  if (msg.type === 'init') {
    init(msg).then(() => {
      for (const m of state.queue.splice(0)) handle(m);
    }, (err) => post({ type: 'error', phase: 'init', message: String(err && err.message || err) }));
    return;
  }
  if (!state.ready) {
    state.queue.push(msg);
    return;
  }
  try {
    handle(msg);
  } catch (err) {
    post({ type: 'error', phase: msg.type, message: String(err && err.message || err) });
  }
};
