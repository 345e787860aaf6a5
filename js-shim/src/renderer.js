// @reel/shim — the renderer: node factory, batch lifecycle, frame scheduling,
// engine events.
//
// Every write is encoded into the current batch at once. A batch is sent by
// `flush()` (no frame) or `frame(t)` (appends FRAME at time t, then sends),
// and automatically once per animation frame after any write (autoFrame).

import { NODE_KIND, NONE } from './props.js';
import { Encoder } from './encoder.js';
import { Mirror } from './mirror.js';
import { defineNodeClass, guardUnknownWrites } from './node.js';
import { selectBackend } from './backend.js';
import { decodeEvents } from './wire/events.js';
import { displayListHeader } from './wire/display-list.js';
import { createInlineTransport } from './transport/inline.js';
import { createWorkerTransport } from './transport/worker.js';
import { createHostTransport, isHostAvailable } from './transport/host.js';
import { installAnimation } from './animation.js';
import { installInput } from './input.js';
import { installFocus } from './focus.js';
import { installSpeech, announceArgs } from './a11y.js';
import { installOverlay, debugEngineUrl } from './overlay.js';
import { VideoPlane } from './video-plane.js';
import { engineWasmUrl, wasm2jsUrl as wasm2jsUrl_, debugEngineDefaultUrl } from './package-files.js';

/** A default URL as a string (null: none here, e.g. no URL support). */
const urlOf = (u) => (u ? u.href : undefined);

const now = typeof performance === 'object' && performance && typeof performance.now === 'function'
  ? () => performance.now()
  : () => Date.now();

/** Built-in frame schedulers: each calls `cb(timeMs)` once, later. */
export const schedulers = {
  raf: (cb) => requestAnimationFrame(cb),
  timeout: (cb) => setTimeout(() => cb(now()), 16),
  immediate: (cb) => (typeof setImmediate === 'function' ? setImmediate(() => cb(now())) : setTimeout(() => cb(now()), 0)),
  microtask: (cb) => queueMicrotask(() => cb(now())),
};

function pickScheduler(s) {
  if (typeof s === 'function') return s;
  if (typeof s === 'string') {
    if (!schedulers[s]) throw new TypeError(`reel: unknown scheduler '${s}'`);
    return schedulers[s];
  }
  return typeof requestAnimationFrame === 'function' ? schedulers.raf : schedulers.timeout;
}

function defaultTransport() {
  // Inside the Reel native host the engine runs on wasmtime in the host's
  // own thread: whatever this JS VM lacks (WebAssembly) does not matter.
  if (isHostAvailable()) return 'host';
  return typeof Worker === 'function' && typeof window === 'object' ? 'worker' : 'inline';
}

/**
 * Creates a renderer and connects it to an engine.
 * @param {import('./index.js').RendererOptions} [opts]
 * @returns {Promise<Renderer>}
 */
export async function createRenderer(opts = {}) {
  const r = new Renderer(opts);
  await r._connect(opts);
  return r;
}

export class Renderer {
  /** Use createRenderer(); the constructor does not connect. */
  constructor(opts = {}) {
    this.dev = opts.dev !== false;
    this.width = opts.width ?? 1280;
    this.height = opts.height ?? 720;
    /** @internal */ this.enc = new Encoder({ dev: this.dev, initialBytes: opts.batchBytes });
    /** @internal */ this.mirror = new Mirror(opts.capacity ?? 1024);
    /** @internal id -> node object */ this.nodes = [];
    this._listeners = new Map();
    this._scheduled = false;
    this._closed = false;
    this._sched = pickScheduler(opts.scheduler);
    this._now = opts.now ?? now;
    this.autoFrame = opts.autoFrame !== false;
    this.maxFramesInFlight = opts.maxFramesInFlight ?? 3;
    this._framesInFlight = [];
    /** Nesting depth of transport.send, and what arrived during it (events, acks: see the sink). */
    this._sending = 0;
    this._deferred = [];
    this._acks = false;
    this._stalls = 0;
    this._cmdIds = new Map(); // dev: seq -> node id per command
    this._fontWaits = new Map(); // seq of a registerFont batch -> { resolve, reject, family }
    this.transport = null;
    /** @type {import('./index.js').BackendInfo | null} */
    this.backend = null;

    const tick = (t) => {
      this._scheduled = false;
      if (this._closed || (this.enc.count === 0 && !this._needFrame)) return;
      if (this._framesInFlight.length >= this.maxFramesInFlight && this._stalls < 60) {
        // The engine is behind: keep accumulating into this batch.
        this._stalls++;
        this._schedule();
        return;
      }
      this._stalls = 0;
      this.frame(typeof t === 'number' ? t : this._now());
    };
    this._tick = tick;
    /** @internal */
    this.touch = () => {
      if (!this._scheduled) this._schedule();
    };
    /** @internal */
    this.onFree = (id) => {
      this.nodes[id] = undefined;
    };
    this._seal = this.dev && opts.sealNodes !== false;
    this.Node = defineNodeClass(this);
    // Animations, transitions, event handlers, keys, pointer, focus (animation.js, input.js, focus.js).
    installAnimation(this);
    installInput(this, { keyMap: opts.keyMap });
    installFocus(this);
    if (this._seal) guardUnknownWrites(this.Node);
    /** The root node (id 0), created by the engine. */
    this.root = new this.Node(0);
    this.nodes[0] = this.root;
  }

  async _connect(opts) {
    const choice = selectBackend({
      backend: opts.backend,
      device: opts.device,
      deviceId: opts.deviceId,
      rollout: opts.rollout,
      ...('webAssembly' in opts ? { webAssembly: opts.webAssembly } : {}),
    });
    let t = opts.transport ?? defaultTransport();
    if (t === 'inline') t = createInlineTransport({ displayList: opts.displayList });
    else if (t === 'worker') t = createWorkerTransport({ worker: opts.worker instanceof Object && !(opts.worker instanceof URL) ? opts.worker : undefined, workerUrl: typeof opts.worker === 'string' || opts.worker instanceof URL ? opts.worker : undefined, displayList: opts.displayList });
    else if (t === 'host') t = createHostTransport();
    else if (t === 'node') {
      const spec = './node-backend.js'; // computed: browser bundles never pull in worker_threads
      const m = await import(new URL(spec, import.meta.url).href);
      t = m.createNodeTransport({ displayList: opts.displayList });
    }
    // debug: the engine built with the egui overlay (tools/build-wasm-debug.sh).
    // Only engine.wasm has a debug build; the wasm2js backend runs without it.
    // Defaults: the engine files the package ships (package-files.js), for
    // every transport that runs the engine in JS. The native host ('host')
    // has its own engine and font.
    const inJs = t !== 'host' && !(t && t.kind === 'host');
    const given = opts.engineUrl !== undefined || opts.engineModule !== undefined || opts.wasm2jsUrl !== undefined || opts.wasm2jsModule !== undefined;
    let engineUrl = opts.engineUrl ?? (inJs && !given ? urlOf(engineWasmUrl()) : undefined);
    const wasm2jsUrl = opts.wasm2jsUrl ?? (inJs && !given ? urlOf(wasm2jsUrl_()) : undefined);
    let overlayReason = null;
    if (opts.debug) {
      if (choice.name === 'js') {
        overlayReason = `backend 'js' (${choice.reason}): the debug overlay needs WebAssembly (engine-debug.wasm has no wasm2js build)`;
      } else if (opts.debugEngineUrl !== undefined) {
        engineUrl = opts.debugEngineUrl;
      } else if (opts.engineModule === undefined && opts.engineUrl === undefined && inJs) {
        // The packaged engine's sibling (the package does not ship it: tools/build-wasm-debug.sh).
        engineUrl = urlOf(debugEngineDefaultUrl());
      } else if (opts.engineModule === undefined) {
        engineUrl = debugEngineUrl(opts.engineUrl);
        if (engineUrl === null) {
          throw new TypeError(`reel: debug: true needs debugEngineUrl (engineUrl ${JSON.stringify(String(opts.engineUrl))} is not named engine.wasm, so its engine-debug.wasm sibling is unknown)`);
        }
      }
    }
    if (!t || typeof t.connect !== 'function' || typeof t.send !== 'function') {
      throw new TypeError("reel: transport must be 'inline', 'worker', 'node', 'host' or a transport object");
    }
    this.transport = t;
    const sink = {
      // Events (and the ack after them) that arrive while a batch is being
      // sent (the inline and Node in-process transports run the engine
      // inside send) are handled after the encoder has moved on: a
      // handler's writes then go into the next batch instead of into the
      // one being sent, whose buffer is reset right after (they were
      // silently lost).
      events: (bytes) => {
        if (this._sending > 0) {
          const copy = bytes.slice();
          this._deferred.push(() => this._onEvents(copy));
        } else this._onEvents(bytes);
      },
      displayList: (bytes, textures) => {
        const header = displayListHeader(bytes);
        // A main-thread painter applies these ({ set, free } engine texture
        // deltas: glyph atlas, overlay font) before painting the list.
        if (header && textures) header.textures = textures;
        this._emit('displaylist', bytes, header);
      },
      paint: (info) => {
        if (!this._acks) this._framesInFlight.length = 0;
        this._emit('paint', info);
      },
      ack: (seq, buffer) => {
        if (this._sending > 0) this._deferred.push(() => this._onAck(seq, buffer));
        else this._onAck(seq, buffer);
      },
      workerError: (msg) => this._emit('error', { type: 'worker', phase: msg.phase, message: msg.message, seq: msg.seq ?? -1, index: -1, code: msg.code ?? 0 }),
      fatal: (err) => {
        this._settleFonts(err instanceof Error ? err : new Error(String(err)));
        this._emit('fatal', err);
      },
      // An engine trap (supervisor.js): recovered ones are 'error' events
      // ({ type: 'trap', ... }); one that left no engine is 'fatal'. A batch
      // the host rejected after a second trap also arrives as an ERROR event.
      trap: (incident) => {
        if (this._sending > 0) this._deferred.push(() => this._onTrap(incident));
        else this._onTrap(incident);
      },
      message: (msg) => this._emit('message', msg),
      overlay: (msg) => { if (this._onOverlayMessage) this._onOverlayMessage(msg); },
    };
    const info = await t.connect(sink, {
      backend: choice.name,
      engineUrl,
      engineModule: opts.engineModule,
      debug: !!opts.debug,
      wasm2jsUrl,
      wasm2jsModule: opts.wasm2jsModule,
      fontUrl: opts.fontUrl,
      fontFamily: opts.fontFamily,
      memoryCap: opts.memoryCap,
      width: this.width,
      height: this.height,
      canvas: opts.canvas,
      painter: opts.painter,
      antialias: opts.antialias,
      video: !!opts.video,
      clock: opts.clock,
      paintSync: opts.paintSync,
      displayList: opts.displayList,
    });
    // The app lays out at its own logical size (createRenderer's width and
    // height); a device whose viewport differs (a 1080p TV running an app
    // designed for 720p) shows it scaled uniformly from the top-left, like
    // Lightning's deviceLogicalPixelRatio.
    const vp = info && info.viewport;
    if (vp && (vp.width !== this.width || vp.height !== this.height)) {
      this.scale = Math.min(vp.width / this.width, vp.height / this.height);
      this.root.setProps({ w: this.width, h: this.height, scale: this.scale, pivot: 0 });
    } else {
      this.scale = 1;
    }
    /**
     * The speech bridge and live region (a11y.js): `{ speech, liveRegion }`
     * say which are on. The native host records announcements itself (its
     * run summary), so there they default to off.
     */
    this.a11y = installSpeech(this, opts.a11y ?? (inJs ? undefined : false));
    // A focus announcement is spoken by the first engine frame after focus
    // settled (engine/src/a11y.rs, 150 ms): focus.js asks for that one frame
    // where frames only run on demand. The native host runs a frame every
    // host frame anyway (and more batches would only grow its journal).
    this._settleFrame = inJs;
    /** The <video> elements under the canvas (createRenderer({ video: canvasElement })), else null. */
    this.videoPlane = opts.video && typeof opts.video.getBoundingClientRect === 'function' ? new VideoPlane(this, opts.video, { maxDecoders: opts.maxDecoders }) : null;
    /** The debug overlay (createRenderer({ debug: true })), else null. */
    this.overlay = null;
    if (opts.debug) {
      const ov = typeof t.overlay === 'function' ? info : { overlay: false, overlayReason: `transport '${t.kind}' has no overlay channel` };
      installOverlay(this, t, overlayReason ? { overlay: false, overlayReason } : ov);
      if (!this.overlay.available && this.dev && typeof console === 'object') {
        console.warn(`reel: debug overlay unavailable: ${this.overlay.unavailableReason}`);
      }
    }
    /** The font registered at init ({ family, bytes }), or null (fontUrl: null, or the native host's own). */
    this.font = info && info.font ? info.font : null;
    this.backend = {
      name: info && info.backend ? info.backend : choice.name,
      reason: choice.reason,
      rule: choice.rule,
      bucket: choice.bucket,
      transport: t.kind,
      abiVersion: info ? info.abiVersion : undefined,
    };
    return this;
  }

  /** The in-thread engine (inline transport only; null otherwise). */
  get engine() {
    return this.transport && this.transport.core ? this.transport.core : null;
  }

  /**
   * Creates a detached node. `props` are set at once (one SET_PROPS).
   * @param {'view'|'image'|'text'|'video'} type
   * @param {object} [props] properties, plus `text` / `src`
   */
  createNode(type, props) {
    const kind = NODE_KIND[type];
    if (kind === undefined || typeof type !== 'string') {
      throw new TypeError(`reel: unknown node type ${JSON.stringify(type)} (expected 'view', 'image', 'text' or 'video')`);
    }
    const id = this.mirror.alloc(kind);
    this.enc.create(id, kind);
    const node = new this.Node(id);
    if (this._seal) Object.preventExtensions(node);
    this.nodes[id] = node;
    this.touch();
    if (props) {
      try {
        for (const k in props) node.set(k, props[k]);
      } catch (e) {
        node.destroy();
        throw e;
      }
    }
    return node;
  }

  /** The live node with engine id `id` (e.g. from a display item), or null. */
  nodeById(id) {
    return this.nodes[id] ?? null;
  }

  /** Live nodes, root included. */
  get nodeCount() {
    return this.mirror.live;
  }

  /** Bytes and commands in the batch being built. */
  get pending() {
    return { bytes: this.enc.byteLength, commands: this.enc.count, seq: this.enc.seq };
  }

  /**
   * Speaks `text` through the engine (ANNOUNCE): it comes back as an
   * 'announce' event to the speech bridge, the live region and the native
   * host's summary. `politeness`: 'polite' (default: after what is being
   * said) or 'assertive' (interrupts). At most 1024 UTF-8 bytes; at most 16
   * announcements wait for a frame (older ones are dropped).
   * @param {string} text
   * @param {{ politeness?: 'polite' | 'assertive' }} [opts]
   */
  announce(text, opts) {
    const p = announceArgs(text, opts);
    if (this._closed) return;
    this.enc.announce(p, text);
    this._needFrame = true;
    this.touch();
  }

  /** Sends the current batch without a frame. Returns its seq, or 0 if there was nothing to send. */
  flush() {
    if (this.enc.count === 0) return 0;
    return this._send(null);
  }

  /**
   * Appends FRAME (host time `timeMs`, default now) and sends the batch:
   * the engine applies it and produces a display list.
   */
  frame(timeMs) {
    const t = timeMs === undefined ? this._now() : timeMs;
    this._needFrame = false;
    this.enc.frame(t);
    return this._send(t);
  }

  _send(frameTime) {
    if (this._closed) throw new Error('reel: renderer was destroyed');
    const enc = this.enc;
    const seq = enc.seq;
    if (enc.cmdIds !== null) {
      this._cmdIds.set(seq, enc.cmdIds.slice(0, enc.count));
      if (this._cmdIds.size > 16) this._cmdIds.delete(this._cmdIds.keys().next().value);
    }
    if (frameTime !== null) this._framesInFlight.push(seq);
    this._sending++;
    try {
      this.transport.send(enc, frameTime);
    } finally {
      this._sending--;
    }
    enc.reset(seq + 1 === 0x100000000 ? 1 : seq + 1);
    this.mirror.commit(); // ids destroyed in this batch may now be reused
    if (this._sending === 0 && this._deferred.length > 0) {
      const queued = this._deferred;
      this._deferred = [];
      // A throwing app handler does not cost the acks and events after it.
      let first = null;
      for (const run of queued) {
        try {
          run();
        } catch (e) {
          first ??= e;
        }
      }
      if (first !== null) throw first;
    }
    return seq;
  }

  /**
   * Registers a TrueType/OpenType font under `family` (REGISTER_FONT, in a
   * batch of its own so a bad font cannot take the app's writes down with
   * it; pending writes are sent first). Text whose `fontFamily` is
   * `family` uses it from the next frame. Resolves with `{ family, bytes }`
   * once the engine accepted it; rejects with the engine's reason (not a
   * font, empty family, ...). Bad arguments throw a TypeError at once.
   * @param {string} family
   * @param {ArrayBuffer | ArrayBufferView} bytes
   * @returns {Promise<{ family: string, bytes: number }>}
   */
  registerFont(family, bytes) {
    if (typeof family !== 'string' || family === '') {
      throw new TypeError(`reel: registerFont(family, bytes): family must be a non-empty string; got ${JSON.stringify(family)}`);
    }
    let data;
    if (bytes instanceof ArrayBuffer) data = new Uint8Array(bytes);
    else if (ArrayBuffer.isView(bytes)) data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    else throw new TypeError(`reel: registerFont('${family}', bytes): bytes must be an ArrayBuffer or a typed array (the TTF/OTF file); got ${bytes === null ? 'null' : typeof bytes}`);
    if (data.byteLength === 0) throw new TypeError(`reel: registerFont('${family}', bytes): the font is empty`);
    if (this._closed) return Promise.reject(new Error('reel: renderer was destroyed'));
    this.flush();
    const seq = this.enc.seq;
    const fe = new Encoder({ dev: false, seq, initialBytes: data.byteLength + 256 });
    fe.registerFont(family, data);
    const done = new Promise((resolve, reject) => this._fontWaits.set(seq, { resolve, reject, family, bytes: data.byteLength }));
    try {
      this.transport.send(fe, null);
    } catch (e) {
      this._fontWaits.delete(seq);
      throw e;
    }
    this.enc.reset(seq + 1 === 0x100000000 ? 1 : seq + 1);
    // Text laid out with a fallback re-lays out with the new font.
    this._needFrame = true;
    this.touch();
    return done;
  }

  _settleFonts(err) {
    for (const w of this._fontWaits.values()) w.reject(err);
    this._fontWaits.clear();
  }

  _schedule() {
    if (!this.autoFrame || this._closed) return;
    this._scheduled = true;
    this._sched(this._tick);
  }

  _onAck(seq, buffer) {
    this._acks = true;
    if (buffer) this.enc.recycle(buffer);
    const f = this._framesInFlight;
    while (f.length > 0 && f[0] <= seq) f.shift();
    this._cmdIds.delete(seq);
    const w = this._fontWaits.get(seq);
    if (w) {
      // Transports deliver a batch's ERROR event with or right after its
      // ack (the native host: in the same callback): settle after them.
      queueMicrotask(() => {
        if (!this._fontWaits.delete(seq)) return;
        w.resolve({ family: w.family, bytes: w.bytes });
      });
    }
  }

  _onTrap(incident) {
    const ev = { type: 'trap', ...incident, nodeId: -1 };
    if (incident.resolution === 'failed') {
      const err = Object.assign(new Error(incident.message), ev);
      this._settleFonts(err);
      if (!this._emit('fatal', err) && typeof console === 'object') console.error(incident.message);
      return;
    }
    if (!this._emit('error', ev) && this.dev && typeof console === 'object') console.error(incident.message);
  }

  _onEvents(bytes) {
    // ANIM, FOCUS, POINTER, NAV_EDGE: settle animations, track focus, dispatch input events.
    // A throwing handler does not lose the buffer's other events: it is rethrown after them.
    let events;
    try {
      events = decodeEvents(bytes);
    } catch (e) {
      this._emit('fatal', e);
      return;
    }
    let handlerError = null;
    try {
      this._onInputEvents(events);
    } catch (e) {
      handlerError = e;
    }
    for (const ev of events) {
      if (ev.type === 'frame') this._emit('frame', ev.stats);
      else if (ev.type === 'announce') {
        this._emit('announce', { text: ev.text, politeness: ev.politeness, kind: ev.kind, node: ev.node === null ? null : this.nodeById(ev.node), id: ev.node });
      }
      else if (ev.type === 'unnamed-focus') this._emit('unnamedfocus', { node: this.nodeById(ev.node), id: ev.node });
      else if (ev.type === 'missing-glyph') this._missingGlyph(ev);
      else if (ev.type === 'image') {
        // An image node's texture loaded, failed (with its reason) or was
        // released to stay within the device's texture budget.
        this._emit('image', { node: this.nodeById(ev.node) ?? null, id: ev.node, state: ev.state, reason: ev.reason });
      }
      else if (ev.type === 'video') {
        // A video node's player (the host's, through VIDEO_STATE): `type` is
        // loadedmetadata (duration = time, width, height), playing, waiting,
        // timeupdate (currentTime = time, <= 4/s), ended, error (reason).
        this._emit('video', { type: ev.state, node: this.nodeById(ev.node) ?? null, id: ev.node, time: ev.time, width: ev.width, height: ev.height, reason: ev.reason });
      }
      else if (ev.type === 'error' && this._fontWaits.has(ev.seq)) {
        // A registerFont batch: its promise carries the reason.
        const w = this._fontWaits.get(ev.seq);
        this._fontWaits.delete(ev.seq);
        w.reject(Object.assign(new Error(`reel: font '${w.family}' was rejected by the engine: ${ev.message}`), { code: ev.code, kind: ev.kind }));
      }
      else if (ev.type === 'error') {
        const ids = this._cmdIds.get(ev.seq);
        const nodeId = ids && ev.index >= 0 && ev.index < ids.length && ids[ev.index] !== NONE ? ids[ev.index] : -1;
        const err = { ...ev, nodeId };
        if (!this._emit('error', err) && this.dev && typeof console === 'object') {
          const what = ev.skipped ? `skipped command ${ev.index} of batch ${ev.seq} (the rest of the batch applied)` : `rejected batch ${ev.seq} at command ${ev.index}`;
          console.error(`reel: engine ${what} (${ev.op}${nodeId >= 0 ? `, node ${nodeId}` : ''}): ${ev.message}`);
        }
      }
    }
    if (handlerError !== null) throw handlerError;
  }

  /**
   * Listens to an engine event: 'frame' (FrameStats), 'error' (a rejected
   * batch), 'image' ({ node, id, state: 'loaded'|'failed'|'released', reason }), 'displaylist' (bytes, header), 'paint' (worker paint info),
   * 'fatal' (the engine or its worker died), 'message' (other worker messages).
   * @returns {() => void} unsubscribe
   */
  on(event, fn) {
    let set = this._listeners.get(event);
    if (!set) this._listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  off(event, fn) {
    const set = this._listeners.get(event);
    if (set) set.delete(fn);
  }

  /** Resolves with the next `event`'s first argument. */
  once(event) {
    return new Promise((resolve) => {
      const off = this.on(event, (a, b) => {
        off();
        resolve(event === 'displaylist' ? { bytes: a, header: b } : a);
      });
    });
  }

  /**
   * A text has a character no registered font has (drawn as the `.notdef`
   * box): the 'missingglyph' event, or without a listener one console
   * warning per character, naming it and the font to register.
   */
  _missingGlyph({ node, codepoint }) {
    const char = String.fromCodePoint(codepoint);
    const hex = 'U+' + codepoint.toString(16).toUpperCase().padStart(4, '0');
    if (this._emit('missingglyph', { node: this.nodeById(node), id: node, codepoint, char })) return;
    this._warnedGlyphs ??= new Set();
    if (this._warnedGlyphs.has(codepoint)) return;
    this._warnedGlyphs.add(codepoint);
    console.warn(`reel: no registered font has ${hex} '${char}' (text node ${node}): register a font that has it (the whole DejaVu Sans: createRenderer({ fontUrl: FULL_FONT_URL }))`);
  }

  _emit(event, a, b) {
    const set = this._listeners.get(event);
    if (!set || set.size === 0) return false;
    for (const fn of [...set]) fn(a, b);
    return true;
  }

  /** Stops the engine (terminates its worker) and drops every node. */
  destroy() {
    if (this._closed) return;
    this._closed = true;
    this._settleFonts(new Error('reel: renderer was destroyed before the font was registered'));
    if (this.transport) this.transport.close();
    if (this.videoPlane) this.videoPlane.destroy();
    // The live region's elements leave the page with the renderer.
    if (this.a11y && typeof this.a11y.dispose === 'function') this.a11y.dispose();
    this._listeners.clear();
  }
}
