// Adapter figures: main-thread time of a 1k-row keyed list update (swap two
// rows; replace all rows) with the raw shim, @reel/shim/solid and
// @reel/shim/react, and the engine's node count / memory after mounting and
// unmounting a 1k-node tree 100 times.
//
//   node --conditions=browser --expose-gc bench/frameworks.mjs [--runs N]
//
// Main-thread time = the framework's update plus the shim's encoding, up to
// the batch being handed to the transport (a capture transport: in a real
// app the engine runs in a worker). Each row is a <view> with a <text>
// child (2 nodes); each run starts from a freshly mounted list; the median
// of N runs (default 25) is reported, with min and p90.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformAsync } from '@babel/core';
import solidPreset from 'babel-preset-solid';
import React from 'react';
import { createRenderer } from '../src/index.js';
import { createRoot } from '../src/react/index.js';
import { engineBytes, HAVE_ENGINE } from '../test/helpers.js';

const SOLID_JS = import.meta.resolve('solid-js');
if (SOLID_JS.includes('server')) {
  console.error('solid-js resolved to its server build: run with node --conditions=browser');
  process.exit(2);
}
const argRuns = process.argv.indexOf('--runs');
const RUNS = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 25;
const N = 1000;
const gc = globalThis.gc ?? (() => {});

const ADAPTER = new URL('../src/solid/index.js', import.meta.url).href;
const solidAdapter = await import(ADAPTER);
async function compileSolid(src) {
  const out = await transformAsync(src, {
    presets: [[solidPreset, { generate: 'universal', moduleName: ADAPTER }]], babelrc: false, configFile: false, filename: 'b.jsx',
  });
  const dir = mkdtempSync(join(tmpdir(), 'reel-bench-'));
  const file = join(dir, 'm.mjs');
  writeFileSync(file, out.code.replace(/from ["']solid-js["']/g, `from ${JSON.stringify(SOLID_JS)}`));
  return import(pathToFileURL(file).href);
}

const solidList = await compileSolid(`
  import { createSignal, For } from 'solid-js';
  export function make(init) {
    const [rows, setRows] = createSignal(init);
    const App = () => (
      <view w={1280} h={720} display="flex" flexDirection="column">
        <For each={rows()}>{(row) => <view w={1280} h={30} color={row.color}><text text={row.label} /></view>}</For>
      </view>
    );
    return { App, setRows, rows };
  }`);

let seq = 0;
const makeRows = (n = N) => Array.from({ length: n }, () => {
  const id = ++seq;
  return { id, label: `row ${id}`, color: (0x20304000 + (id % 200)) >>> 0 | 0xff };
});
const swapped = (rows) => { const a = rows.slice(); const t = a[1]; a[1] = a[998]; a[998] = t; return a; };

function capture() {
  return { kind: 'capture', async connect(_s, i) { return { backend: i.backend, abiVersion: 1 }; }, send(enc) { enc.finish(); }, close() {} };
}
const mk = () => createRenderer({ transport: capture(), autoFrame: false, capacity: 8192 });

const now = () => performance.now();
function stats(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], p90: s[Math.floor(s.length * 0.9)] };
}

// Each implementation: mount(rows) -> { update(rows) (synchronous), unmount() }.
const impls = {
  'raw shim': (r) => ({
    mount(rows) {
      const list = r.root.appendChild(r.createNode('view', { w: 1280, h: 720, display: 'flex', flexDirection: 'column' }));
      let byId = new Map();
      let cur = rows;
      const make = (row) => {
        const v = r.createNode('view', { w: 1280, h: 30, color: row.color });
        v.appendChild(r.createNode('text', { text: row.label }));
        return v;
      };
      for (const row of rows) { const v = make(row); list.appendChild(v); byId.set(row.id, v); }
      return {
        // Keyed update, the way a hand-written app does it: reuse nodes by id, move, create, destroy.
        update(next) {
          const nextIds = new Set(next.map((x) => x.id));
          for (const row of cur) if (!nextIds.has(row.id)) { byId.get(row.id).destroy(); byId.delete(row.id); }
          let anchor = list.firstChild;
          for (const row of next) {
            let v = byId.get(row.id);
            if (!v) { v = make(row); byId.set(row.id, v); }
            if (v === anchor) anchor = anchor.nextSibling;
            else list.insertBefore(v, anchor);
          }
          cur = next;
          r.flush();
        },
        unmount() { list.destroy(); byId = null; r.flush(); },
      };
    },
  }),
  solid: (r) => ({
    mount(rows) {
      const s = solidList.make(rows);
      const dispose = solidAdapter.render(() => s.App(), r);
      return {
        update(next) { s.setRows(next); r.flush(); },
        unmount() { dispose(); r.flush(); },
      };
    },
  }),
  react: (r) => ({
    mount(rows) {
      const h = React.createElement;
      const List = ({ rows: rs }) => h('view', { w: 1280, h: 720, display: 'flex', flexDirection: 'column' },
        rs.map((row) => h(Row, { key: row.id, row })));
      const Row = React.memo(({ row }) => h('view', { w: 1280, h: 30, color: row.color }, h('text', { text: row.label })));
      const root = createRoot(r);
      root.renderSync(h(List, { rows }));
      return {
        update(next) { root.renderSync(h(List, { rows: next })); r.flush(); },
        unmount() { root.unmount(); r.flush(); },
      };
    },
  }),
};

const results = [];
for (const [name, impl] of Object.entries(impls)) {
  const r = await mk();
  const it = impl(r);
  const row = { name, create: [], swap: [], replace: [] };
  for (let i = 0; i < RUNS + 3; i++) {
    const rows = makeRows();
    gc();
    let t0 = now();
    const m = it.mount(rows);
    r.flush();
    const tCreate = now() - t0;
    t0 = now();
    m.update(swapped(rows));
    const tSwap = now() - t0;
    gc();
    t0 = now();
    m.update(makeRows());
    const tReplace = now() - t0;
    m.unmount();
    if (r.nodeCount !== 1) throw new Error(`${name}: ${r.nodeCount} nodes left after unmount`);
    if (i >= 3) { row.create.push(tCreate); row.swap.push(tSwap); row.replace.push(tReplace); } // 3 warm-up runs
  }
  results.push(row);
  r.destroy();
}

const f = (x) => x.toFixed(2).padStart(7);
console.log(`\n1k-row keyed list (view + text per row = 2,000 nodes), main-thread ms, median of ${RUNS} (min / p90), Node ${process.version}\n`);
console.log('| adapter  | create 1k rows          | swap 2 rows             | replace all 1k rows     |');
console.log('|----------|-------------------------|-------------------------|-------------------------|');
for (const r of results) {
  const cell = (xs) => { const s = stats(xs); return `${f(s.median)} (${s.min.toFixed(2)} / ${s.p90.toFixed(2)})`.padEnd(23); };
  console.log(`| ${r.name.padEnd(8)} | ${cell(r.create)} | ${cell(r.swap)} | ${cell(r.replace)} |`);
}

// ---- 100x mount/unmount of a 1k-node tree on engine.wasm (inline) ----
if (!HAVE_ENGINE) {
  console.log('\n(no target/engine.wasm: skipping the engine leak loop)');
} else {
  const treeSolid = await compileSolid(`
    import { For } from 'solid-js';
    const rows = Array.from({ length: 10 }, (_, i) => i);
    const cols = Array.from({ length: 50 }, (_, i) => i);
    export const App = () => (
      <view w={1280} h={720} display="flex" flexDirection="column">
        <For each={rows}>{() => <view w={1280} h={60} display="flex">
          <For each={cols}>{(c) => <view w={20} h={20} color={0x336699ff + c}><text text={'' + c} /></view>}</For>
        </view>}</For>
      </view>
    );`);
  const h = React.createElement;
  const rowsA = Array.from({ length: 10 }, (_, i) => i);
  const colsA = Array.from({ length: 50 }, (_, i) => i);
  const TreeReact = () => h('view', { w: 1280, h: 720, display: 'flex', flexDirection: 'column' },
    rowsA.map((row) => h('view', { key: row, w: 1280, h: 60, display: 'flex' },
      colsA.map((c) => h('view', { key: c, w: 20, h: 20, color: 0x336699ff + c }, h('text', { text: '' + c }))))));
  const mounts = {
    solid: (r) => solidAdapter.render(() => treeSolid.App(), r),
    react: (r) => { const root = createRoot(r); root.renderSync(h(TreeReact)); return () => root.unmount(); },
  };
  console.log('\n100x mount + unmount of a 1,011-node tree, engine.wasm inline (FRAME_STATS nodes / engine linear memory / JS heap after gc)\n');
  console.log('| adapter | nodes before | nodes mounted | nodes after | renderer.nodeCount after | engine memory after 10 / after 100 | JS heap after 10 / after 100 | ms per mount+unmount |');
  console.log('|---------|--------------|---------------|-------------|--------------------------|------------------------------------|------------------------------|----------------------|');
  for (const [name, mount] of Object.entries(mounts)) {
    const r = await createRenderer({ transport: 'inline', engineModule: engineBytes(), autoFrame: false, displayList: false });
    let st = null;
    r.on('frame', (s) => { st = s; });
    let t = 0;
    r.frame((t += 16));
    const before = st.nodes;
    let mounted = 0;
    let warm = null;
    const t0 = now();
    for (let i = 0; i < 100; i++) {
      const un = mount(r);
      r.frame((t += 16));
      mounted = st.nodes;
      un();
      r.frame((t += 16));
      if (i === 9) { gc(); gc(); warm = { mem: r.engine.memoryBytes, heap: process.memoryUsage().heapUsed }; }
    }
    const ms = (now() - t0) / 100;
    gc(); gc();
    const mib = (b) => `${(b / 1048576).toFixed(2)} MiB`;
    const heap = process.memoryUsage().heapUsed;
    console.log(`| ${name.padEnd(7)} | ${String(before).padStart(12)} | ${String(mounted).padStart(13)} | ${String(st.nodes).padStart(11)} | ${String(r.nodeCount).padStart(24)} | ${`${mib(warm.mem)} / ${mib(r.engine.memoryBytes)}`.padStart(34)} | ${`${mib(warm.heap)} / ${mib(heap)}`.padStart(28)} | ${ms.toFixed(2).padStart(20)} |`);
    r.destroy();
  }
}
