// @reel/shim/node — run the engine in a Node worker_thread.
//
// Main thread:  createNodeTransport(opts) -> a transport for createRenderer
//               ({ transport: 'node' } does this for you).
// Worker side:  this same file, started as the worker's script; it loads
//               engine.wasm with fs (or the wasm2js module with import()),
//               applies batches and posts display lists + events back, using
//               the protocol in js-shim/README.md ("Worker message protocol").

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createWorkerTransport } from './transport/worker.js';
import { loadSupervisedEngine } from './transport/load.js';
import { EngineTextures } from './engine-textures.js';
import { ListSeq } from './list-seq.js';
import { performance } from 'node:perf_hooks';

const WORKER_FLAG = '__reelEngineWorker';

/**
 * A transport running the engine in a new worker_thread.
 * @param {object} [opts]
 * @param {boolean} [opts.displayList] post display lists back (default true)
 * @param {import('node:worker_threads').ResourceLimits} [opts.resourceLimits]
 * @param {boolean} [opts.unref] let the process exit while the worker lives (default false)
 */
export function createNodeTransport(opts = {}) {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { [WORKER_FLAG]: true },
    resourceLimits: opts.resourceLimits,
  });
  if (opts.unref) worker.unref();
  return createWorkerTransport({ worker, kind: 'node', displayList: opts.displayList ?? true });
}

/** The worker side: serves one engine over `port` (exported for tests and custom hosts). */
export function serveEngine(port) {
  const now = () => performance.now();
  /** @type {import('./supervisor.js').EngineSupervisor | null} journal + trap recovery; `sup.core` is the current instance */
  let sup = null;
  let wantList = true;
  let lastFrame = 0; // frame 0 = no frame has run yet
  const textures = new EngineTextures();
  /** The newest app batch the current display list shows (`seq` of `frame` / `displayList`). */
  const listSeq = new ListSeq();
  const queue = [];

  const post = (msg, transfer) => port.postMessage(msg, transfer ?? []);

  function results(engineMs, gen) {
    // A trap: report it (and how it was resolved) before the results.
    const incidents = sup.takeIncidents();
    if (incidents) for (const incident of incidents) post({ type: 'trap', incident });
    if (sup.core !== gen) lastFrame = 0; // a fresh instance counts frames from 1 again
    const core = sup.core;
    const stats = sup.alive ? core.stats() : null;
    if (stats && stats.frame !== lastFrame) {
      lastFrame = stats.frame;
      if (wantList) {
        const dl = core.displayList(true);
        const d = textures.take(core); // glyph atlas / overlay font, for a main-thread painter
        post({ type: 'displayList', bytes: dl.buffer, frame: stats.frame, seq: listSeq.seq, textures: d ? [d] : [] }, [dl.buffer]);
      }
      post({ type: 'frame', frame: stats.frame, seq: listSeq.seq, items: stats.dlItems, paintMs: 0, engineMs, painter: 'main', stats });
    }
    const ev = sup.takeEventsBytes();
    if (ev !== null && ev.byteLength > 16) post({ type: 'events', bytes: ev.buffer }, [ev.buffer]);
  }

  function handle(msg) {
    switch (msg.type) {
      case 'batch': {
        const bytes = msg.bytes instanceof Uint8Array ? msg.bytes : new Uint8Array(msg.bytes);
        const t0 = now();
        const gen = sup.core;
        const code = sup.submit(bytes, typeof msg.frameTime === 'number');
        listSeq.batch(msg.seq, code, typeof msg.frameTime === 'number', sup.core !== gen);
        if (code !== 0) post({ type: 'error', phase: 'batch', code, seq: msg.seq, message: sup.alive ? sup.core.lastError() : 'engine gone' });
        results(now() - t0, gen);
        // Give the buffer back for reuse (transferred again: no copy).
        post({ type: 'ack', seq: msg.seq, bytes: bytes.buffer }, [bytes.buffer]);
        break;
      }
      case 'frame': {
        const t0 = now();
        const gen = sup.core;
        sup.frame(msg.time ?? now());
        listSeq.framed();
        results(now() - t0, gen);
        break;
      }
      case 'snapshot':
        {
          const snap = sup.snapshot();
          post({ type: 'snapshot', id: msg.id, bytes: snap.buffer }, [snap.buffer]);
        }
        break;
      case 'overlay': {
        const out = { type: 'overlay', op: msg.op, id: msg.id };
        const core = sup.core;
        if (msg.op === 'key') out.consumed = core.overlayKey(msg.code);
        else if (msg.op === 'pointer') out.consumed = core.overlayPointer(msg.x, msg.y, msg.action);
        else if (msg.op === 'state') out.state = core.overlayState();
        out.open = core.overlayOpen();
        post(out);
        break;
      }
      case 'resize':
      case 'repaint':
      case 'textures':
        break; // no painter in Node
      default:
        post({ type: 'error', phase: 'message', message: `unknown message type ${msg.type}` });
    }
  }

  async function init(msg) {
    const t0 = now();
    const backend = msg.backend === 'js' ? 'js' : 'wasm';
    let font;
    ({ sup, font } = await loadSupervisedEngine({
      backend,
      engineModule: msg.wasmModule ?? msg.wasmBytes,
      engineUrl: msg.engineUrl,
      wasm2jsUrl: msg.wasm2jsUrl,
      memoryCap: msg.memoryCap,
    }, msg));
    const core = sup.core;
    wantList = msg.displayList !== false;
    post({ type: 'ready', backend, painter: 'main', abiVersion: core.abiVersion, memoryBytes: core.memoryBytes, initMs: now() - t0, font, overlay: core.hasOverlay });
  }

  let ready = false;
  port.on('message', (msg) => {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'init') {
      init(msg).then(() => {
        ready = true;
        for (const m of queue.splice(0)) safe(m);
      }, (err) => post({ type: 'error', phase: 'init', message: String(err && err.message ? err.message : err) }));
      return;
    }
    if (!ready) queue.push(msg);
    else safe(msg);
  });

  function safe(msg) {
    try {
      handle(msg);
    } catch (err) {
      post({ type: 'error', phase: msg.type, message: String(err && err.message ? err.message : err) });
    }
  }
}

if (!isMainThread && workerData && workerData[WORKER_FLAG] && parentPort) serveEngine(parentPort);
