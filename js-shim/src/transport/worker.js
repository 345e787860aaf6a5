// @reel/shim — worker transport: the engine runs in another thread (a browser
// Web Worker, or a Node worker_thread through node-backend.js). Batches are
// posted with their ArrayBuffer *transferred* (no copy); results come back as
// messages. The message protocol is specified in js-shim/README.md
// ("Worker message protocol"). The backend is decided here, on the main
// thread (a page without WebAssembly may well have a Worker with it), and
// engine URLs are made absolute against the page before they are posted.

/**
 * Why a module Worker script at `url` did not start: the browser's `error`
 * event for a failed module worker load carries no message, so the script
 * is fetched again here to say what the server answered.
 * @returns {Promise<string>}
 */
export async function diagnoseWorkerScript(url) {
  if (typeof fetch !== 'function') return 'the browser gave no reason';
  let res;
  try {
    res = await fetch(String(url));
  } catch (e) {
    return `fetching it failed (${e && e.message ? e.message : e})`;
  }
  if (!res.ok) return `HTTP ${res.status} (the file is not served at that URL)`;
  const type = res.headers.get('content-type') || '';
  if (/html/i.test(type)) {
    return `the server answered with an HTML page (content-type ${type}), not the script: the file is not served at that URL (a dev server's SPA fallback?)`;
  }
  if (type && !/javascript|ecmascript/i.test(type)) return `it is served as ${type}, not JavaScript`;
  return 'the script itself is served, so one of its imports failed to load or it threw while evaluating (the browser console names the module)';
}

/**
 * Adapts a browser Worker / MessagePort or a Node worker_threads Worker.
 * `url`: the worker script's URL, named in load errors.
 */
export function endpoint(w, url) {
  const node = typeof w.on === 'function' && typeof w.addEventListener !== 'function';
  return {
    post: (msg, transfer) => w.postMessage(msg, transfer),
    listen(onMessage, onError) {
      if (node) {
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', (code) => { if (code !== 0) onError(new Error(`reel: engine worker exited with code ${code}`)); });
      } else {
        w.addEventListener('message', (e) => onMessage(e.data));
        w.addEventListener('error', (e) => {
          if (e && typeof e.message === 'string' && e.message) {
            // An exception thrown in the worker (ErrorEvent).
            const at = e.filename ? ` (${e.filename}${e.lineno ? `:${e.lineno}` : ''})` : '';
            onError(new Error(`reel: engine worker error: ${e.message}${at}`));
            return;
          }
          // A plain Event: the script (or one of its imports) did not load.
          const where = url ? ` ${url instanceof URL ? url.href : url}` : '';
          if (!url) {
            onError(new Error('reel: the engine worker did not load (the browser gave no reason)'));
            return;
          }
          diagnoseWorkerScript(url).then((why) => onError(new Error(`reel: the engine worker${where} did not load: ${why}`)));
        });
        w.addEventListener('messageerror', () => onError(new Error('reel: engine worker message could not be deserialised')));
      }
    },
    terminate: () => (typeof w.terminate === 'function' ? w.terminate() : undefined),
    unref: () => (typeof w.unref === 'function' ? w.unref() : undefined),
  };
}

import { selectBackend } from '../backend.js';
import { jsHeap } from '../overlay.js';
import { startEngineWorker } from '../package-files.js';

// Page clock (performance.now) for `sentAt`: the engine's thread turns it
// into the batch queue delay (timeOrigin says how the two clocks relate).
const now = typeof performance === 'object' && performance && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();

/**
 * The base relative URLs are taken against: the document's base URL
 * (`<base href>` included), else the page's location; null in Node.
 */
export function documentBase() {
  if (typeof document === 'object' && document && typeof document.baseURI === 'string' && document.baseURI) return document.baseURI;
  if (typeof location === 'object' && location && location.href) return location.href;
  return null;
}

/** `u` as an absolute URL string (relative to the document), or undefined. */
function absoluteUrl(u) {
  if (u === undefined || u === null) return undefined;
  if (u instanceof URL) return u.href;
  const base = documentBase();
  // In Node (no location) paths stay as they are: the worker side resolves them.
  if (base === null) return String(u);
  return new URL(String(u), base).href;
}

const isTransferable = (x) => x !== null && typeof x === 'object' &&
  ((typeof OffscreenCanvas !== 'undefined' && x instanceof OffscreenCanvas) ||
   (typeof MessagePort !== 'undefined' && x instanceof MessagePort));

/**
 * @param {object} [opts]
 * @param {Worker | object} [opts.worker] a started worker (browser Worker or worker_threads Worker)
 * @param {string | URL} [opts.workerUrl] module worker script to start (browser); default: the shim's engine-worker.js
 * @param {string} [opts.kind] reported transport name (default 'worker')
 * @param {boolean} [opts.displayList] ask the worker to post display lists back
 */
export function createWorkerTransport(opts = {}) {
  let ep = null;
  let sink = null;
  let closed = false;
  let worker = opts.worker ?? null;
  let readyInfo = null;
  let debug = false;
  let workerUrl = null; // the script this transport started (named in load errors)
  return {
    kind: opts.kind ?? 'worker',
    get worker() { return worker; },
    /** The worker's `ready` message ({ backend, painter, abiVersion, memoryBytes, initMs }), once connected. */
    get ready() { return readyInfo; },

    connect(s, init) {
      sink = s;
      debug = !!init.debug;
      if (typeof HTMLCanvasElement !== 'undefined' && init.canvas instanceof HTMLCanvasElement) {
        // Checked before a worker starts: the engine's thread paints an
        // OffscreenCanvas it owns (a DOM element cannot be sent to it).
        throw new TypeError('reel: canvas must be an OffscreenCanvas the engine\'s Worker can own: pass `canvas: el.transferControlToOffscreen()` (once per canvas), not the <canvas> element');
      }
      const started = !worker;
      if (!worker) {
        if (typeof Worker !== 'function') throw new Error("reel: transport 'worker' needs Web Workers (or pass `worker`)");
        if (opts.workerUrl !== undefined && opts.workerUrl !== null) {
          workerUrl = absoluteUrl(opts.workerUrl);
          worker = new Worker(workerUrl, { type: 'module' });
        } else {
          // The shim's own Worker (package-files.js: written so bundlers bundle it).
          ({ worker, url: workerUrl } = startEngineWorker());
        }
      }
      ep = endpoint(worker, workerUrl);
      return new Promise((resolve, reject) => {
        let ready = false;
        // A start that failed: the worker this transport started is of no use.
        const failStart = (err) => {
          closed = true;
          if (started) ep.terminate();
          reject(err);
        };
        ep.listen((msg) => {
          if (!msg || typeof msg !== 'object') return;
          switch (msg.type) {
            case 'ready':
              ready = true;
              readyInfo = msg;
              resolve(msg);
              break;
            case 'events':
              sink.events(new Uint8Array(msg.bytes));
              break;
            case 'displayList':
              // Engine texture deltas (glyph atlas, overlay font) to apply before painting it.
              sink.displayList(new Uint8Array(msg.bytes), msg.textures && msg.textures.length ? msg.textures : null);
              break;
            case 'frame':
              sink.paint(msg);
              break;
            case 'ack':
              sink.ack(msg.seq, msg.bytes ?? null);
              break;
            case 'overlay':
              if (sink.overlay) sink.overlay(msg);
              break;
            case 'trap':
              // The engine trapped; the worker's supervisor says how it ended.
              if (sink.trap) sink.trap(msg.incident);
              break;
            case 'error':
              if (!ready && msg.phase === 'init') {
                closed = true;
                ep.terminate(); // a worker that failed to start is of no use
                reject(new Error(`reel: engine worker failed to start: ${msg.message}`));
              }
              // Rejected batches also arrive as ERROR events in 'events'; report only the rest.
              else if (msg.phase !== 'batch') sink.workerError(msg);
              break;
            default:
              sink.message(msg);
          }
        }, (err) => {
          if (!ready) failStart(err);
          else if (!closed) sink.fatal(err);
        });
        const backend = init.backend === 'wasm' || init.backend === 'js' ? init.backend : selectBackend({ backend: init.backend ?? 'auto' }).name;
        const msg = {
          type: 'init',
          protocol: 1,
          backend,
          engineUrl: absoluteUrl(init.engineUrl),
          wasm2jsUrl: absoluteUrl(init.wasm2jsUrl),
          // The default font (undefined: the worker's DEFAULT_FONT_URL; null: none).
          fontUrl: init.fontUrl === null || init.fontUrl === false ? null : absoluteUrl(init.fontUrl),
          fontFamily: init.fontFamily,
          // Relative image `src` resolve against the document, not the worker script.
          imageBase: documentBase() ?? undefined,
          memoryCap: init.memoryCap,
          wasmModule: typeof WebAssembly === 'object' && init.engineModule instanceof WebAssembly.Module ? init.engineModule : undefined,
          width: init.width,
          height: init.height,
          canvas: init.canvas,
          painter: init.painter ?? (init.canvas ? 'auto' : 'main'),
          antialias: init.antialias === true ? true : undefined,
          video: init.video ? true : undefined,
          clock: init.clock,
          paintSync: init.paintSync === true ? true : undefined,
          displayList: opts.displayList ?? init.displayList ?? !init.canvas,
          // Lets the worker run its own frames (clock 'raf') on the page's clock.
          timeOrigin: typeof performance === 'object' && performance && typeof performance.timeOrigin === 'number' ? performance.timeOrigin : undefined,
        };
        if (!msg.wasmModule && init.engineModule && (ArrayBuffer.isView(init.engineModule) || init.engineModule instanceof ArrayBuffer)) {
          const m = init.engineModule;
          msg.wasmBytes = m instanceof Uint8Array ? m : ArrayBuffer.isView(m) ? new Uint8Array(m.buffer, m.byteOffset, m.byteLength) : new Uint8Array(m); // copied (structured clone)
        }
        for (const k of Object.keys(msg)) if (msg[k] === undefined) delete msg[k];
        try {
          ep.post(msg, isTransferable(init.canvas) ? [init.canvas] : []);
        } catch (err) {
          // The init message could not be sent (a canvas already transferred
          // to another renderer is detached, …).
          const detached = /detached/i.test(String(err && err.message));
          failStart(new TypeError(`reel: the engine worker could not be started: ${err && err.message}${detached ? ' (this OffscreenCanvas was already given to a renderer: transferControlToOffscreen() works once per <canvas>)' : ''}`));
        }
      });
    },

    send(enc, frameTime) {
      const bytes = enc.take(); // the encoder moves on to another buffer
      const msg = { type: 'batch', seq: enc.seq, bytes, frameTime, sentAt: now() };
      if (debug) msg.heap = jsHeap(); // the debug overlay's memory panel
      ep.post(msg, [bytes.buffer]);
    },

    /** Debug overlay requests (overlay.js); the engine's thread answers with `overlay` messages. */
    overlay(msg) {
      if (!closed && ep) ep.post({ type: 'overlay', ...msg });
      return null;
    },

    /** Posts any other message of the protocol (textures, resize, repaint, debug). */
    post(msg, transfer = []) {
      ep.post(msg, transfer);
    },

    close() {
      closed = true;
      if (ep) ep.terminate();
    },
  };
}
