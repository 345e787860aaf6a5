// js-shim/src/worker/engine-worker.js — the Worker side of the shim: runs the
// engine (engine.wasm, or the wasm2js module for `backend: 'js'`) through
// the shim's one driver of the C ABI (../engine-core.js), applies the
// command batches the main thread sends, and paints each new display list
// into a transferred OffscreenCanvas (WebGL2, else Canvas2D), or posts the
// list bytes back for a main-thread painter when it has no canvas.
//
// Load it as a module worker: new Worker(url, { type: 'module' }). The
// shim's worker transport (../transport/worker.js) does this for
// createRenderer({ transport: 'worker' }).
//
// It speaks the renderer<->worker protocol v1 of js-shim/README.md ("Worker
// message protocol"); the Node reference is serveEngine() in
// ../node-backend.js. In short:
//
// main -> worker
//   init     { protocol: 1, backend: 'wasm'|'js' (decided on the main thread:
//              the Worker has its own WebAssembly, the page may not),
//              wasmModule? | wasmBytes? | engineUrl?, wasm2jsUrl?,
//              width, height, canvas?: OffscreenCanvas (transferred),
//              painter?: 'auto'|'webgl2'|'canvas2d'|'main', clock?: 'raf'|'manual',
//              displayList?, timeOrigin? (the page's performance.timeOrigin) }
//            fontUrl? (default font; null: none), fontFamily?
//            -> ready { backend, painter, abiVersion, memoryBytes, initMs, font, overlay }
//               or error { phase: 'init', message }
//   batch    { seq, bytes: Uint8Array (buffer transferred), frameTime: number|null,
//              sentAt?: page performance.now() at post, heap?: [used, limit] (debug) }
//            apply one protocol-v1 batch; its FRAME commands run the frames
//            (reel_frame is not called for them). Then: displayList + frame
//            (painter 'main', when a new list exists), events, ack { seq, bytes }
//            (the buffer transferred back for reuse). A rejection also posts
//            error { phase: 'batch', code, seq, message } (the engine's ERROR
//            event arrives in `events`).
//   frame    { time? }      run one frame now (time defaults to the page clock).
//   textures { set: [{ id, source|pixels, width, height }], free: [id] }
//            applied to the painter before its next paint.
//   resize   { width, height }   resizes the canvas only (the engine ABI has no
//            viewport change short of reel_init, which resets the scene).
//   repaint  {}             paint the last list again.
//   debug    { op: 'loseContext'|'restoreContext'|'readPixels'|'stats'|'paintSync' (+ on), id? }
//            -> debug { op, id, ...result }
//   overlay  { op: 'key', code } | { op: 'pointer', x, y, action } | { op: 'state', id }
//            the egui debug overlay (engine-debug.wasm; ../overlay.js)
//            -> overlay { op, id?, open, consumed? | state? }
//
// worker -> main
//   ready, error, ack, events { bytes: ArrayBuffer }   see above
//   frame   { frame, seq, items, paintMs, engineMs, painter, paint, stats: FrameStats,
//             times: { sent, received, applied, paintStart, painted, gpuWaitMs } }
//            after each painted (or posted) display list; `seq`: every app
//            batch up to it is in that list (applied, or rejected) — a paint
//            may also come from no batch of the app's (the rebuilt scene
//            after a trap, an image load, an animation), so wait for
//            `seq >= yours`, not for the next paint (../list-seq.js); `times` are on the
//            page's performance.now() clock: the last batch's post, its
//            arrival here, the engine done with it, the paint's start and end
//   displayList { bytes: ArrayBuffer (transferred copy), frame, seq }   painter 'main' only
//   contextlost / contextrestored   the WebGL context went away / came back
//            (the last list is repainted automatically after a restore)
//
// Painting with a canvas is coalesced to one paint per animation frame
// (requestAnimationFrame in the Worker where it exists, else setTimeout 0),
// so with a canvas painter a batch's `frame` message may follow its `ack`.
// With clock 'raf' (the default when the worker has a canvas) a batch
// without FRAME still gets painted: the worker runs one engine frame on its
// next animation frame, at the page's clock (frame times stay monotonic
// with the renderer's FRAME times).
import { loadSupervisedEngine } from '../transport/load.js';
import { WebGLPainter } from '../paint/webgl.js';
import { Canvas2DPainter } from '../paint/canvas2d.js';
import { displayListHeader, videoSurfaces } from '../wire/display-list.js';
import { decodeEvents } from '../wire/events.js';
import { BatchEncoder, batchSeq } from '../wire/batch.js';
import { IMAGE_REASONS } from '../wire/layout.js';
import { EngineTextures } from '../engine-textures.js';
import { ListSeq } from '../list-seq.js';

const scope = globalThis;
const state = {
  /** The EngineSupervisor (../supervisor.js): journal and trap recovery. */
  sup: null,
  backend: null,
  painter: null,
  painterKind: 'none',
  canvas: null,
  width: 0,
  height: 0,
  clock: 'manual',
  clockOffset: 0, // page time = worker performance.now() + clockOffset
  lastTime: 0, // last engine frame time (page clock)
  lastFrame: -1, // display-list frame last painted / posted
  lastList: null, // Uint8Array copy of the last painted list (for repaint after context loss)
  engineMs: 0, // engine time since the last `frame` message
  pendingFrame: false,
  pendingPaint: false,
  pendingTextures: [],
  /** The newest app batch the current display list shows (`seq` of `frame` / `displayList` messages). */
  listSeq: new ListSeq(),
  /** Engine-owned textures (glyph atlas, overlay font), retained whole. */
  engineTextures: new EngineTextures(),
  queue: [],
  ready: false,
  pageTimeOrigin: null, // the page's performance.timeOrigin (batch queue delay)
  /** Page-clock timestamps of the last batch's way to the screen (the `frame` message's `times`). */
  times: { sent: NaN, received: NaN, applied: NaN, paintStart: NaN, painted: NaN, gpuWaitMs: 0 },
  paintSync: false,
  /** Debug engine: host figures for the overlay's panels (feedHostStats). */
  host: { lastFrameAt: null, batchBytes: 0, batches: 0, queueDelayMs: 0, heap: null, dropped: 0, unpainted: 0 },
};

// The current engine instance (a fresh one after a recovered trap; null once none could be rebuilt).
Object.defineProperty(state, 'core', { get: () => (state.sup && state.sup.alive ? state.sup.core : null) });

const post = (msg, transfer) => scope.postMessage(msg, transfer || []);

/**
 * After an engine call through the supervisor: reports its traps (a `trap`
 * message each, before the call's results), and after a recovery forces a
 * repaint (the fresh instance counts frames from 1 again).
 */
function afterCall(gen) {
  const incidents = state.sup.takeIncidents();
  if (incidents) for (const incident of incidents) post({ type: 'trap', incident });
  if (state.sup.core !== gen) {
    state.lastFrame = -1;
    if (state.sup.alive) schedulePaint(true);
  }
}
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
/** This Worker's now on the page's performance.now() clock (NaN before init gave the page's timeOrigin). */
const pageClock = () => (state.pageTimeOrigin !== null && typeof performance !== 'undefined' && performance.timeOrigin
  ? performance.timeOrigin + now() - state.pageTimeOrigin : NaN);
const pageNow = () => Math.max(state.lastTime, now() + state.clockOffset);
const raf = typeof scope.requestAnimationFrame === 'function'
  ? (cb) => scope.requestAnimationFrame(cb)
  : (cb) => setTimeout(() => cb(now()), 0);

/** An absolute URL for `u` (relative URLs are taken relative to the worker script). */
function absolute(u) {
  if (u === undefined || u === null) return undefined;
  return new URL(String(u), scope.location ? scope.location.href : undefined).href;
}

/** Loads the engine under a supervisor; registers the init font on it (and on every fresh instance). */
async function loadEngine(msg) {
  const backend = msg.backend;
  if (backend !== 'wasm' && backend !== 'js') {
    throw new Error(`init.backend must be 'wasm' or 'js' (got ${JSON.stringify(backend)}): decide 'auto' on the main thread (selectBackend)`);
  }
  const { sup, font } = await loadSupervisedEngine({
    backend,
    engineModule: msg.wasmModule ?? msg.wasmBytes,
    engineUrl: absolute(msg.engineUrl),
    wasm2jsUrl: absolute(msg.wasm2jsUrl ?? (msg.engineUrl ? String(msg.engineUrl).replace(/engine\.wasm(\?.*)?$/, 'engine-wasm2js.mjs') : undefined)),
    memoryCap: msg.memoryCap,
  }, {
    width: msg.width,
    height: msg.height,
    // The default font (or msg.fontUrl; null: none), fetched here in the
    // Worker, registered before the app's first batch. A failed fetch or a
    // rejected font fails init (createRenderer rejects with the reason).
    fontUrl: msg.fontUrl === undefined ? undefined : (msg.fontUrl === null || msg.fontUrl === false ? null : absolute(msg.fontUrl)),
    fontFamily: msg.fontFamily,
  });
  return { sup, font, backend };
}

function makePainter(canvas, want, antialias, video) {
  // With video nodes the canvas needs alpha: their holes show the page's
  // <video> elements under it (an opaque canvas is cheaper to composite).
  const contextAttributes = video ? { alpha: true } : undefined;
  const hooks = {
    antialias: antialias === true,
    contextAttributes,
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
  const p = Canvas2DPainter.create(canvas, { contextAttributes });
  if (p) return { painter: p, kind: 'canvas2d' };
  return { painter: null, kind: 'main' };
}

async function init(msg) {
  const t0 = now();
  if (msg.protocol !== undefined && msg.protocol !== 1) throw new Error(`unsupported protocol ${msg.protocol} (this worker speaks 1)`);
  const { sup, font, backend } = await loadEngine(msg);
  state.sup = sup;
  const core = sup.core;
  state.backend = backend;
  state.width = msg.width >>> 0 || 1280;
  state.height = msg.height >>> 0 || 720;
  if (typeof msg.timeOrigin === 'number') state.pageTimeOrigin = msg.timeOrigin;
  if (typeof msg.timeOrigin === 'number' && typeof performance !== 'undefined' && performance.timeOrigin) {
    state.clockOffset = performance.timeOrigin - msg.timeOrigin;
  }
  state.canvas = msg.canvas || null;
  if (state.canvas) {
    state.canvas.width = state.width;
    state.canvas.height = state.height;
  }
  const { painter, kind } = makePainter(state.canvas, msg.painter || (state.canvas ? 'auto' : 'main'), msg.antialias, msg.video === true);
  state.video = msg.video === true;
  state.painter = painter;
  state.painterKind = kind;
  state.clock = msg.clock || (state.canvas ? 'raf' : 'manual');
  state.imageBase = typeof msg.imageBase === 'string' ? msg.imageBase : null;
  state.paintSync = msg.paintSync === true;
  state.ready = true;
  post({
    type: 'ready',
    backend,
    painter: kind,
    abiVersion: core.abiVersion,
    memoryBytes: core.memoryBytes,
    initMs: now() - t0,
    font,
    overlay: core.hasOverlay,
  });
}

function drainEvents() {
  // Engine events plus the supervisor's (host rejections); null or a
  // header-only buffer (16 bytes, count 0) carries nothing.
  const ev = state.sup.takeEventsBytes();
  if (ev !== null && ev.byteLength > 16) {
    scanImageEvents(ev);
    post({ type: 'events', bytes: ev.buffer }, [ev.buffer]);
  }
}

// ---- Images: the engine's resource manager decides, this Worker loads. ----
// IMAGE_REQUEST (0x87) {texture, src} → fetch + createImageBitmap (off the
// main thread), painter.setTexture, then an IMAGE_LOADED (op 16) or
// IMAGE_FAILED (op 17) batch; IMAGE_RELEASE (0x88) → painter.freeTexture.
/** Failure reasons (engine/src/resources `reason`, generated into ../wire/layout.js). */
const REASON = {
  notFound: IMAGE_REASONS.indexOf('not-found'), corrupt: IMAGE_REASONS.indexOf('corrupt'), unsupported: IMAGE_REASONS.indexOf('unsupported'),
  tooLarge: IMAGE_REASONS.indexOf('too-large'), forbidden: IMAGE_REASONS.indexOf('forbidden'), io: IMAGE_REASONS.indexOf('io'),
};
const MAX_IMAGE_SIDE = 4096;
const imageJobs = new Map(); // texture id → ticket of its current load
let imageTicket = 0;
let imageSeq = 0x40000000;
/** Writes the answers (one IMAGE_LOADED or IMAGE_FAILED command per batch). */
const answers = new BatchEncoder({ dev: false, initialBytes: 256 });

function scanImageEvents(bytes) {
  for (const ev of decodeEvents(bytes, false)) {
    if (ev.type === 'image-request') loadImage(ev.texture, ev.src);
    else if (ev.type === 'image-release') {
      imageJobs.delete(ev.texture);
      if (state.painter && state.painter.freeTexture) state.painter.freeTexture(ev.texture);
      else post({ type: 'freeTexture', id: ev.texture });
    }
  }
}

async function loadImage(texture, src) {
  const ticket = ++imageTicket;
  imageJobs.set(texture, ticket);
  let answer;
  let what = src; // the source as written, and the URL tried once known
  try {
    // Relative sources resolve against the document (the page sends its
    // base URL as init's `imageBase`), never against this script's URL:
    // a bundler puts the Worker somewhere else than the app's files.
    let url;
    try {
      url = new URL(src, state.imageBase || (self.location ? self.location.href : undefined));
    } catch {
      throw Object.assign(new Error(`${src}: not a URL`), { reason: REASON.notFound });
    }
    what = url.href === src ? src : `${src} (${url.href})`;
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'blob:' && url.protocol !== 'data:') {
      throw Object.assign(new Error(`${what}: scheme ${url.protocol} is not loaded`), { reason: REASON.forbidden });
    }
    let res;
    try {
      res = await fetch(url);
    } catch (e) {
      throw Object.assign(new Error(`${what}: ${e && e.message}`), { reason: REASON.io });
    }
    if (!res.ok) throw Object.assign(new Error(`${what}: HTTP ${res.status}`), { reason: res.status === 404 ? REASON.notFound : REASON.io });
    const blob = await res.blob();
    if (/html/i.test(blob.type)) {
      // A dev server's SPA fallback answers a missing file with index.html (200).
      throw Object.assign(new Error(`${what}: the server answered with an HTML page (${blob.type}), not an image: the file is not served at that URL`), { reason: REASON.notFound });
    }
    let bitmap;
    try {
      bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    } catch (e) {
      throw Object.assign(new Error(`${what}: cannot decode (${e && e.message})`), { reason: /type|support/i.test(blob.type) ? REASON.unsupported : REASON.corrupt });
    }
    if (bitmap.width > MAX_IMAGE_SIDE || bitmap.height > MAX_IMAGE_SIDE) {
      bitmap.close();
      throw Object.assign(new Error(`${what}: ${bitmap.width}x${bitmap.height} is over the ${MAX_IMAGE_SIDE} limit`), { reason: REASON.tooLarge });
    }
    if (imageJobs.get(texture) !== ticket) {
      bitmap.close(); // released (or re-requested) meanwhile
      return;
    }
    if (state.painter && state.painter.setTexture) state.painter.setTexture(texture, bitmap, bitmap.width, bitmap.height);
    else post({ type: 'texture', id: texture, bitmap, width: bitmap.width, height: bitmap.height }, [bitmap]);
    const w = bitmap.width;
    const h = bitmap.height;
    answer = (enc) => enc.imageLoaded(texture, w, h, Math.min(w * h * 4, 0xffffffff));
  } catch (e) {
    if (imageJobs.get(texture) !== ticket) return;
    // The page hears why, with the URL that was tried (renderer 'error' event, phase 'image').
    post({ type: 'error', phase: 'image', code: (e && e.reason) || REASON.io, message: `reel: image ${String((e && e.message) || e)}` });
    answer = (enc) => enc.imageFailed(texture, (e && e.reason) || REASON.io, String((e && e.message) || e).slice(0, 1000));
  }
  imageJobs.delete(texture);
  // Pages that step a scene batch by batch wait for this (tests).
  post({ type: 'images', pending: imageJobs.size });
  if (!state.core) return;
  answers.reset(++imageSeq);
  answer(answers);
  const gen = state.sup.core;
  const code = state.sup.submit(answers.finish(), false);
  if (state.sup.core !== gen) state.listSeq.framed(); // the rebuild framed every app batch handled
  afterCall(gen);
  if (code !== 0) post({ type: 'error', phase: 'image', code, seq: imageSeq, message: state.core ? state.core.lastError() : 'engine gone' });
  // The answer takes effect at the next frame.
  if (state.clock === 'raf') state.pendingFrame = true;
  schedulePaint(false);
}

function runFrame(time) {
  const t = Math.max(state.lastTime, time);
  state.lastTime = t;
  const t0 = now();
  const gen = state.sup.core;
  state.sup.frame(t);
  state.listSeq.framed();
  afterCall(gen);
  const ms = now() - t0;
  state.engineMs += ms;
  if (state.core && state.core.hasOverlay) feedHostStats(t, ms);
}

/**
 * Debug engine (engine-debug.wasm): after each frame, the figures only this
 * side knows go to the overlay (reel_overlay_host_stats): engine ms of the
 * frame, the interval since the previous one, dropped frames (engine frames
 * that never reached the screen: painting is coalesced to one per animation
 * frame, so frames run between two paints but the last are dropped;
 * counted in paintNow), the bytes and number
 * of batches since the last frame, the last batch's queue delay (page post
 * -> here) and the page's JS heap (performance.memory, sent with batches).
 */
function feedHostStats(frameTime, engineMs) {
  const h = state.host;
  const interval = h.lastFrameAt === null ? 0 : frameTime - h.lastFrameAt;
  h.lastFrameAt = frameTime;
  h.unpainted++;
  state.core.overlayHostStats({
    engineMs,
    frameIntervalMs: interval,
    queueDelayMs: h.queueDelayMs,
    batchBytes: h.batchBytes,
    batches: h.batches,
    jsHeapBytes: h.heap ? h.heap[0] : 0,
    jsHeapLimit: h.heap ? h.heap[1] : 0,
    droppedFrames: h.dropped,
  });
  h.batchBytes = 0;
  h.batches = 0;
}

/** Debug engine: a batch arrived (queue delay from the page's `sentAt`). */
function noteBatch(msg, byteLength) {
  const h = state.host;
  h.batchBytes += byteLength;
  h.batches++;
  if (Array.isArray(msg.heap)) h.heap = msg.heap;
  if (typeof msg.sentAt === 'number' && state.pageTimeOrigin !== null && typeof performance !== 'undefined' && performance.timeOrigin) {
    h.queueDelayMs = Math.max(0, performance.timeOrigin + now() - (state.pageTimeOrigin + msg.sentAt));
  }
}

/** Debug overlay requests from the page (js-shim/src/overlay.js). */
function onOverlay(msg) {
  const core = state.core;
  const out = { type: 'overlay', op: msg.op, id: msg.id };
  if (!core) return post({ ...out, error: 'the engine is gone', open: false });
  if (msg.op === 'key') out.consumed = core.overlayKey(msg.code);
  else if (msg.op === 'pointer') out.consumed = core.overlayPointer(msg.x, msg.y, msg.action);
  else if (msg.op === 'state') out.state = core.overlayState();
  else out.error = `unknown overlay op ${msg.op}`;
  out.open = core.overlayOpen();
  post(out);
}

function schedulePaint(force) {
  if (force) state.lastFrame = -1;
  if (state.pendingPaint) return;
  state.pendingPaint = true;
  raf(paintNow);
}

/** The current display list's frame number, or -1 when there is none. */
function listFrame(view) {
  const h = displayListHeader(view);
  return h ? h.frame : -1;
}

/**
 * Engine-owned textures (glyph atlas, overlay font): the deltas of the last
 * engine run, queued whole for the painter (../engine-textures.js). Called
 * after every engine run, before the list is painted or posted.
 */
function takeEngineTextures() {
  const d = state.engineTextures.take(state.core);
  if (d) state.pendingTextures.push(d);
}

/** No canvas: posts a new display list back (painter 'main'), then its frame report. */
function publish() {
  const core = state.core;
  if (!core) return;
  takeEngineTextures();
  const view = core.displayList(false);
  const frame = listFrame(view);
  if (frame < 0 || frame === state.lastFrame) return;
  state.lastFrame = frame;
  const stats = core.stats();
  const copy = view.slice();
  const seq = state.listSeq.seq;
  post({ type: 'displayList', bytes: copy.buffer, frame, seq, textures: state.pendingTextures.splice(0) }, [copy.buffer]);
  post({ type: 'frame', frame, seq, items: stats ? stats.dlItems : 0, paintMs: 0, engineMs: state.engineMs, painter: 'main', stats });
  state.engineMs = 0;
}

function paintNow() {
  state.pendingPaint = false;
  if (!state.core) return;
  if (state.pendingFrame) {
    state.pendingFrame = false;
    runFrame(pageNow());
  }
  const core = state.core; // after the frame: a trap in it may have replaced the instance
  if (!core) return;
  if (!state.painter) {
    publish();
    drainEvents();
    keepAnimating();
    return;
  }
  takeEngineTextures();
  const view = core.displayList(false);
  const frame = listFrame(view);
  if (frame < 0 || (frame === state.lastFrame && state.pendingTextures.length === 0)) {
    drainEvents();
    return;
  }
  const stats = core.stats();
  const seq = state.listSeq.seq; // the app batches this list shows
  const t1 = now();
  state.times.paintStart = pageClock();
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
  if (state.host.unpainted > 1) state.host.dropped += state.host.unpainted - 1;
  state.host.unpainted = 0;
  state.times.gpuWaitMs = state.paintSync && painted ? waitForGpu() : 0;
  state.times.painted = pageClock();
  // Video surfaces of this list, for the page's video plane (video-plane.js).
  const videos = state.video ? videoSurfaces(state.lastList) : undefined;
  post({ type: 'frame', frame, seq, items: stats ? stats.dlItems : 0, paintMs: now() - t1, engineMs: state.engineMs, painter: state.painterKind, paint: painted, stats, times: { ...state.times }, videos });
  state.engineMs = 0;
  drainEvents();
  keepAnimating();
}

/**
 * paintSync: waits until the GPU has rasterized what was just drawn (a 1x1
 * readPixels; WebGL only), so `frame` means "pixels exist". Without it a
 * painter's work is submitted, not done: with a software GPU (SwiftShader,
 * headless Chromium) the raster of a big frame happens at the canvas commit
 * after this task and blocks this Worker there, so its cost lands on the
 * NEXT batch (js-shim/bench: 10k overlapping tiles take ~450 ms). Costs a
 * GPU pipeline stall per frame: for benchmarks and tests, not products.
 */
function waitForGpu() {
  const gl = state.painter && state.painter.gl;
  if (!gl || typeof gl.readPixels !== 'function' || gl.isContextLost()) return 0;
  const t0 = now();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, PIXEL);
  return now() - t0;
}
const PIXEL = new Uint8Array(4);

/**
 * Engine-side animations (and scrolls, focus styles) advance only when a
 * frame runs: on the display clock, keep running frames while any is
 * active, without waiting for the page to send another batch.
 */
function keepAnimating() {
  if (state.clock !== 'raf' || !state.core) return;
  const s = state.core.stats();
  if (s && s.animations > 0) {
    state.pendingFrame = true;
    schedulePaint(false);
  }
}

/** After the engine ran (a batch or a `frame` message): publish or schedule the paint. */
function afterEngine() {
  if (state.pendingFrame || state.painter) schedulePaint(false);
  else publish();
}

function onBatch(msg) {
  const bytes = msg.bytes instanceof Uint8Array ? msg.bytes : new Uint8Array(msg.bytes);
  const seq = msg.seq ?? batchSeq(bytes);
  state.times.sent = typeof msg.sentAt === 'number' ? msg.sentAt : NaN;
  state.times.received = pageClock();
  try {
    if (!state.core) {
      // No engine left (a trap that could not be recovered): refuse, with an ERROR event.
      const code = state.sup.submit(bytes, typeof msg.frameTime === 'number');
      state.listSeq.batch(seq, code, typeof msg.frameTime === 'number', false);
      drainEvents();
      return;
    }
    const debug = state.core.hasOverlay;
    if (debug) noteBatch(msg, bytes.byteLength);
    const t0 = now();
    const gen = state.sup.core;
    const code = state.sup.submit(bytes, typeof msg.frameTime === 'number');
    state.listSeq.batch(seq, code, typeof msg.frameTime === 'number', state.sup.core !== gen);
    afterCall(gen);
    const ms = now() - t0;
    state.engineMs += ms;
    if (debug && state.core && typeof msg.frameTime === 'number') feedHostStats(msg.frameTime, ms);
    state.times.applied = pageClock();
    if (code !== 0) {
      post({ type: 'error', phase: 'batch', code, seq, message: state.core ? state.core.lastError() : 'engine gone' });
    }
    if (typeof msg.frameTime === 'number') {
      // The batch's FRAME ran at the page's time: keep the worker clock in step.
      state.lastTime = Math.max(state.lastTime, msg.frameTime);
      state.clockOffset = msg.frameTime - now();
    } else if (state.clock === 'raf' && msg.frameTime === null) {
      // No FRAME in the batch: the raf clock runs one before the next paint.
      state.pendingFrame = true;
    }
    afterEngine();
    drainEvents();
  } finally {
    // Give the buffer back for reuse (transferred: no copy), even when the
    // engine threw (the renderer's flow control counts on the ack).
    post({ type: 'ack', seq, bytes: bytes.buffer, pendingImages: imageJobs.size }, [bytes.buffer]);
  }
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
    case 'paintSync':
      state.paintSync = msg.on === true;
      out.ok = true;
      break;
    case 'stats':
      out.backend = state.backend;
      out.painter = state.painterKind;
      out.contextLost = !!(p && p.contextLost);
      out.contextLosses = p ? p.contextLosses || 0 : 0;
      out.contextRestores = p ? p.contextRestores || 0 : 0;
      out.textures = p && p.textures ? p.textures.size : 0;
      out.lastFrame = state.lastFrame;
      out.memoryBytes = state.core ? state.core.memoryBytes : 0;
      out.stats = state.core ? state.core.stats() : null;
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
      runFrame(typeof msg.time === 'number' ? msg.time : pageNow());
      afterEngine();
      drainEvents();
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
    case 'overlay':
      onOverlay(msg);
      break;
    default:
      post({ type: 'error', phase: 'message', message: `unknown message type ${msg.type}` });
  }
}

function safe(msg) {
  try {
    handle(msg);
  } catch (err) {
    post({ type: 'error', phase: msg.type, message: String(err && err.message || err), seq: msg.seq });
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'init') {
    init(msg).then(() => {
      for (const m of state.queue.splice(0)) safe(m);
    }, (err) => post({ type: 'error', phase: 'init', message: String(err && err.message || err) }));
    return;
  }
  if (!state.ready) {
    state.queue.push(msg);
    return;
  }
  safe(msg);
};
