#!/usr/bin/env node
// js-shim/demo/server.mjs — a tiny static server for the demo and the
// browser tests. Loopback only, GET/HEAD only, no directory listings.
//
//   node js-shim/demo/server.mjs [--port 8080] [--no-isolation] [--quiet]
//
// Serves:
//   /                       -> redirect to /js-shim/demo/ (index.html)
//   /js-shim/**             the shim sources, the demo
//   /target/engine.wasm     the engine
//   /target/engine-debug.wasm  the engine with the debug overlay (createRenderer({ debug: true }))
//   /engine/fonts/**        the default font (DejaVu Sans)
//   /js-shim/src/assets/*   the package's default engine files (engine.wasm,
//                           engine-wasm2js.mjs, DejaVuSans{-subset,}.ttf): from target/
//                           and engine/fonts/ unless packed copies are there
//   /target/engine-wasm2js.mjs  the wasm2js engine (backend 'js')
//   /tests/browser/{pages,lib}/**, /tests/scenes/**  test pages and scenes
//   /tests/fixtures/**      test media (the video nodes' clip)
//   /examples/apps/**       the sample apps (the demo runs grid-1k-scene.js)
//   /examples/clips/**      the clips feed (examples/clips/index.html)
// With cross-origin isolation headers (COOP same-origin + COEP require-corp,
// so SharedArrayBuffer is available) unless --no-isolation.
//
// Also importable: `startServer({ port: 0, isolation: true })` resolves to
// { url, port, close() } (the tests use port 0 = any free port).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_SOURCES } from '../src/package-files.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.webm': 'video/webm',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.scene': 'text/plain; charset=utf-8',
};

// Only these trees are served (relative to the repo root).
const ALLOWED = ['js-shim/', 'target/engine.wasm', 'target/engine-debug.wasm', 'target/engine-wasm2js.mjs', 'tests/browser/pages/', 'tests/browser/lib/', 'tests/scenes/', 'tests/fixtures/', 'examples/apps/', 'examples/catalog/', 'examples/catalog-solid/', 'examples/catalog-react/', 'examples/clips/', 'engine/fonts/'];
const MAX_FILE_BYTES = 64 << 20;

function resolvePath(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (p.endsWith('/')) p += 'index.html';
  const rel = path.posix.normalize(p).replace(/^\/+/, '');
  if (rel.startsWith('..') || rel.includes('\0')) return null;
  if (rel.split('/').includes('node_modules')) return null;
  if (!ALLOWED.some((a) => (a.endsWith('/') ? rel.startsWith(a) : rel === a))) return null;
  let abs = path.join(ROOT, rel);
  // The package's assets (src/package-files.js) are copied at pack time; in
  // the repository they are served from their sources (target/, engine/fonts/).
  const asset = /^js-shim\/src\/assets\/([^/]+)$/.exec(rel);
  if (asset && Object.prototype.hasOwnProperty.call(REPO_SOURCES, asset[1]) && !fs.existsSync(abs)) {
    abs = path.join(ROOT, REPO_SOURCES[asset[1]]);
  }
  if (!abs.startsWith(ROOT + path.sep)) return null;
  return abs;
}

export function startServer({ port = 8080, host = '127.0.0.1', isolation = true, quiet = true } = {}) {
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new Error('the demo server listens on loopback only');
  const server = http.createServer((req, res) => {
    const send = (code, body, headers = {}) => {
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    const [pathPart, query] = (req.url || '/').split('?');
    if (pathPart === '/' || pathPart === '/js-shim/demo') {
      return send(302, 'see /js-shim/demo/\n', { Location: `/js-shim/demo/${query !== undefined ? `?${query}` : ''}` });
    }
    if (pathPart === '/favicon.ico') return send(204, '');
    const file = resolvePath(req.url || '/');
    if (!file) return send(404, 'not found\n');
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return send(404, 'not found\n');
      if (st.size > MAX_FILE_BYTES) return send(413, 'too large\n');
      const headers = {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
      };
      if (isolation) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
        headers['Cross-Origin-Resource-Policy'] = 'same-origin';
      }
      res.writeHead(200, headers);
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
      if (!quiet) console.log(`${req.method} ${req.url} 200`);
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxConnections = 64;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({
        port: addr.port,
        url: `http://${host === '::1' ? '[::1]' : host}:${addr.port}`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
  };
  const isolation = !args.includes('--no-isolation');
  const port = Number(opt('--port', '8080'));
  startServer({ port, isolation, quiet: args.includes('--quiet') }).then((s) => {
    console.log(`Reel demo: ${s.url}/  (${isolation ? 'cross-origin isolated' : 'no COOP/COEP'}; Ctrl-C to stop)`);
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => s.close().then(() => process.exit(0)));
  }, (e) => {
    console.error(`demo server: ${e.message}`);
    process.exit(1);
  });
}
