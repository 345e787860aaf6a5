// js-shim/demo/mini-renderer.js — a minimal stand-in for the shim's public
// `createRenderer` (js-shim/src/index.js), used by the demo until/unless the
// shim's renderer is wired to the Worker in js-shim/src/worker/. It speaks
// the Worker protocol documented in engine-worker.js and encodes protocol-v1
// batches (engine/src/protocol/mod.rs) itself.
//
//   const r = await createRenderer({ canvas, width, height, backend, painter });
//   const id = r.create('view', { x: 10, w: 100, h: 50, color: 0xff0000ff });
//   r.insert(0, id);   // 0 is the root
//   r.set(id, { x: 20 });
//   await r.commit();  // one batch + FRAME; resolves when that frame is painted
import { Canvas2DPainter } from '../src/paint/canvas2d.js';

// name -> [key, kind] where kind is 'f' (f32), 'c' (colour u32), 'b' (bool),
// 'i' (i32), or an enum name list. Percent strings ('50%') and 'auto' are
// accepted where the engine accepts them.
const E = {
  display: ['scene', 'flex', 'none'],
  flexDirection: ['row', 'column', 'row-reverse', 'column-reverse'],
  flexWrap: ['nowrap', 'wrap', 'wrap-reverse'],
  justifyContent: ['start', 'end', 'center', 'space-between', 'space-around', 'space-evenly'],
  alignItems: ['start', 'end', 'center', 'stretch', 'baseline'],
  position: ['relative', 'absolute'],
};
const PROPS = {
  x: [1, 'f'], y: [2, 'f'], w: [3, 'f'], h: [4, 'f'], alpha: [5, 'f'], color: [6, 'c'],
  colorTop: [7, 'c'], colorBottom: [8, 'c'], colorLeft: [9, 'c'], colorRight: [10, 'c'],
  colorTl: [11, 'c'], colorTr: [12, 'c'], colorBl: [13, 'c'], colorBr: [14, 'c'], zIndex: [15, 'i'],
  clipping: [16, 'b'], scale: [17, 'f'], scaleX: [18, 'f'], scaleY: [19, 'f'], rotation: [20, 'f'],
  pivot: [21, 'f'], mount: [24, 'f'], visible: [27, 'b'], display: [32, E.display],
  flexDirection: [33, E.flexDirection], flexWrap: [34, E.flexWrap], justifyContent: [35, E.justifyContent],
  alignItems: [36, E.alignItems], flexGrow: [39, 'f'], flexShrink: [40, 'f'], gap: [42, 'f'],
  padding: [45, 'f'], paddingLeft: [49, 'f'], paddingTop: [46, 'f'], margin: [50, 'f'],
  position: [55, E.position],
};
const KIND = { view: 0, image: 1, text: 2 };
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function entry(name, value) {
  const spec = PROPS[name];
  if (!spec) throw new Error(`unknown property ${name}`);
  const [key, kind] = spec;
  if (value === 'auto') return [key | (4 << 16), 0];
  if (value === null || value === 'reset') return [key | (5 << 16), 0];
  if (typeof value === 'string' && value.endsWith('%')) {
    f32[0] = parseFloat(value) / 100;
    return [key | (3 << 16), u32[0]];
  }
  if (Array.isArray(kind)) {
    const i = kind.indexOf(value);
    if (i < 0) throw new Error(`${name}: ${value} is not one of ${kind.join(', ')}`);
    return [key | (1 << 16), i];
  }
  if (kind === 'c') return [key | (1 << 16), value >>> 0];
  if (kind === 'b') return [key | (1 << 16), value ? 1 : 0];
  if (kind === 'i') return [key | (2 << 16), value | 0];
  f32[0] = value;
  return [key, u32[0]];
}

class Encoder {
  constructor() {
    this.seq = 1;
    this.reset();
  }
  reset() {
    this.words = [0x4c454552, 1, this.seq, 0];
    this.count = 0;
  }
  cmd(op, body) {
    this.words.push((op | ((body.length + 1) << 16)) >>> 0);
    for (const w of body) this.words.push(w >>> 0);
    this.count++;
  }
  finish() {
    this.words[3] = this.count;
    const out = new Uint32Array(this.words);
    this.seq++;
    this.reset();
    return out.buffer;
  }
}

export async function createRenderer(opts) {
  const { canvas, width = 1280, height = 720, painter = 'auto' } = opts;
  // 'auto' is decided here, on the main thread: a page (or device) without
  // WebAssembly gets the wasm2js engine even if its Workers would have it.
  let backend = opts.backend || 'auto';
  if (backend === 'auto') backend = typeof WebAssembly === 'object' && WebAssembly ? 'wasm' : 'js';
  const base = new URL('..', import.meta.url); // js-shim/
  const engineUrl = opts.engineUrl || new URL('../target/engine.wasm', base).href;
  const wasm2jsUrl = opts.wasm2jsUrl || new URL('../target/engine-wasm2js.mjs', base).href;
  const worker = new Worker(new URL('src/worker/engine-worker.js', base), { type: 'module' });
  const enc = new Encoder();
  let nextId = 1;
  let frameNo = 0;
  let time = 0;
  const waiters = [];
  const listeners = { frame: [], error: [], contextlost: [], contextrestored: [], debug: [] };
  const mainPainter = painter === 'main' ? Canvas2DPainter.create(canvas) : null;
  canvas.width = width;
  canvas.height = height;
  const init = { type: 'init', engineUrl, wasm2jsUrl, backend, width, height, painter, clock: 'manual' };
  const transfer = [];
  if (!mainPainter) {
    init.canvas = canvas.transferControlToOffscreen();
    transfer.push(init.canvas);
  }
  let info;
  const ready = new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      const m = e.data;
      switch (m.type) {
        case 'ready': info = m; resolve(m); break;
        case 'error':
          if (m.phase === 'init') reject(new Error(m.message));
          listeners.error.forEach((f) => f(m));
          break;
        case 'displayList': mainPainter.paint(m.bytes); break;
        case 'frame':
          frameNo = Math.max(frameNo, m.frame);
          listeners.frame.forEach((f) => f(m));
          for (let i = waiters.length - 1; i >= 0; i--) {
            if (waiters[i][0] <= m.frame) { waiters[i][1](m); waiters.splice(i, 1); }
          }
          break;
        default:
          (listeners[m.type] || []).forEach((f) => f(m));
      }
    };
    worker.onerror = (e) => reject(new Error(`worker: ${e.message}`));
  });
  worker.postMessage(init, transfer);
  await ready;
  let framesAsked = 0;

  return {
    info,
    worker,
    root: 0,
    on(type, f) { (listeners[type] ||= []).push(f); },
    create(kind, props) {
      const id = nextId++;
      enc.cmd(1, [id, KIND[kind]]);
      if (props) this.set(id, props);
      return id;
    },
    set(id, props) {
      const body = [id];
      for (const [k, v] of Object.entries(props)) body.push(...entry(k, v));
      if (body.length > 1) enc.cmd(5, body);
    },
    insert(parent, child, before = 0xffffffff) { enc.cmd(3, [parent, child, before]); },
    remove(id) { enc.cmd(4, [id]); },
    destroy(id) { enc.cmd(2, [id]); },
    /** Sends the pending commands plus a FRAME; resolves once that frame is painted. */
    commit(t) {
      time = t ?? time + 16.667;
      const dv = new DataView(new ArrayBuffer(8));
      dv.setFloat64(0, time, true);
      enc.cmd(7, [dv.getUint32(0, true), dv.getUint32(4, true)]);
      const bytes = enc.finish();
      framesAsked++;
      const want = framesAsked;
      const p = new Promise((resolve) => waiters.push([want, resolve]));
      worker.postMessage({ type: 'batch', bytes }, [bytes]);
      return p;
    },
    debug(op) {
      return new Promise((resolve) => {
        const id = Math.random();
        const f = (m) => { if (m.id === id) { listeners.debug.splice(listeners.debug.indexOf(f), 1); resolve(m); } };
        listeners.debug.push(f);
        worker.postMessage({ type: 'debug', op, id });
      });
    },
    get frame() { return frameNo; },
  };
}
