// The catalog three ways — plain JS (examples/catalog/app.js), Solid
// (examples/catalog-solid, built with esbuild + babel-preset-solid) and
// React (examples/catalog-react, built with esbuild) — driven by the same
// key script on the inline transport (engine.wasm in this thread). At each
// checkpoint the display lists must be byte-identical, except for engine
// node ids: the frameworks create nodes in a different order (React
// children first), so ids are renumbered by first appearance in the list
// before comparing. Everything else — item kinds, order, transforms, sizes,
// colours, texture ids, uvs, header — is compared as bytes.
//
//   node --conditions=browser --test test/solid-react-catalog.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRenderer, protocol, displayListHeader, displayListItems } from '../src/index.js';
import { engineBytes, SKIP_NO_ENGINE } from './helpers.js';
import { videoSurfaces } from '../src/wire/display-list.js';

const ex = (p) => fileURLToPath(new URL(`../../examples/${p}`, import.meta.url));
const PLAIN = ex('catalog/app.js');
const HAVE_PLAIN = existsSync(PLAIN);

/** Display list bytes with node ids renumbered by first appearance. */
export function normalizeDisplayList(bytes) {
  const out = new Uint8Array(bytes); // copy
  const dv = new DataView(out.buffer);
  const count = displayListHeader(out).itemCount;
  const ids = new Map();
  for (let i = 0; i < count; i++) {
    const o = protocol.DISPLAY_LIST_HEADER_BYTES + i * protocol.DISPLAY_ITEM_BYTES + 4;
    const id = dv.getUint32(o, true);
    if (!ids.has(id)) ids.set(id, ids.size);
    dv.setUint32(o, ids.get(id), true);
  }
  return out;
}

/** The key script: [key, times] steps with checkpoints. */
const SCRIPT = [
  ['frames', 2], ['check', 'start'],
  ['Right', 3], ['check', 'right x3'],
  ['Down', 1], ['frames', 5], ['check', 'down (mid animation)'],
  ['frames', 30], ['check', 'down settled'],
  ['Right', 10], ['frames', 30], ['check', 'row scrolled'],
  ['Down', 5], ['frames', 10], ['check', 'page scrolling'],
  ['frames', 30], ['check', 'page scrolled'],
  ['Enter', 1], ['frames', 6], ['check', 'details opening'],
  ['Down', 1], ['frames', 60], ['check', 'details open, button 1'],
  ['Back', 1], ['frames', 4], ['check', 'details closing'],
  ['frames', 40], ['check', 'details closed'],
  ['Up', 6], ['frames', 30], ['check', 'back to row 0'],
  ['Up', 1], ['frames', 30], ['check', 'hero'],
  // The autoplay trailer (examples/catalog/trailer.js): focus rests 1.5 s on
  // a tile, the hero crossfades to its video node; details keep it small;
  // Back on the home screen stops it.
  ['Down', 1], ['frames', 95], ['check', 'trailer fading in'],
  ['frames', 30], ['check', 'trailer playing'],
  ['Enter', 1], ['frames', 60], ['check', 'trailer in details'],
  ['Back', 1], ['frames', 40], ['check', 'trailer back in the hero'],
  ['Back', 1], ['frames', 10], ['check', 'trailer stopping'],
  ['frames', 30], ['check', 'trailer stopped'],
];

async function drive(mainFn) {
  const r = await createRenderer({
    transport: 'inline', engineModule: engineBytes(), width: 1920, height: 1080, autoFrame: false,
  });
  const app = mainFn(r, {});
  let t = 0;
  const tick = async () => {
    t += 1000 / 60;
    r.frame(t);
    // Let promise callbacks (animation .finished) run between frames, as a real frame loop does.
    await new Promise((res) => setImmediate(res));
  };
  const checkpoints = [];
  for (const [k, n] of SCRIPT) {
    if (k === 'frames') for (let i = 0; i < n; i++) await tick();
    else if (k === 'check') {
      checkpoints.push({
        name: n,
        focus: app.focusedLabel(),
        nodes: r.nodeCount,
        bytes: normalizeDisplayList(r.engine.displayList(true)),
      });
    } else {
      for (let i = 0; i < n; i++) {
        r.handleKey({ type: 'keydown', key: k });
        r.handleKey({ type: 'keyup', key: k });
        await tick();
      }
    }
  }
  if (app.dispose) {
    app.dispose();
    r.frame((t += 16));
    checkpoints.after = r.nodeCount;
  }
  r.destroy();
  return checkpoints;
}

const SOLID_OK = !import.meta.resolve('solid-js').includes('server');

test('catalog: plain JS, Solid and React give the same frames for the same keys', {
  skip: SKIP_NO_ENGINE || (!SOLID_OK && 'run with node --conditions=browser'),
  timeout: 120_000,
}, async () => {
  const { build: buildSolid } = await import(pathToFileURL(ex('catalog-solid/build.mjs')).href);
  const { build: buildReact } = await import(pathToFileURL(ex('catalog-react/build.mjs')).href);
  const [s, re] = await Promise.all([buildSolid({ minify: false }), buildReact({ minify: false })]);
  const solid = await import(pathToFileURL(s.app).href + `?t=${Date.now()}`);
  const react = await import(pathToFileURL(re.app).href + `?t=${Date.now()}`);

  const runs = { solid: await drive(solid.main), react: await drive(react.main) };
  if (HAVE_PLAIN) runs.plain = await drive((await import(pathToFileURL(PLAIN).href)).main);
  const ref = runs.plain ?? runs.solid;
  const refName = runs.plain ? 'plain' : 'solid';

  for (const [name, cps] of Object.entries(runs)) {
    if (cps === ref) continue;
    assert.equal(cps.length, ref.length);
    for (let i = 0; i < ref.length; i++) {
      const a = ref[i];
      const b = cps[i];
      assert.equal(b.focus, a.focus, `${name} vs ${refName} at '${a.name}': focus`);
      assert.ok(a.bytes.byteLength > 64, `'${a.name}': a non-empty display list`);
      assert.equal(b.bytes.byteLength, a.bytes.byteLength, `${name} vs ${refName} at '${a.name}': display list length`);
      if (!Buffer.from(b.bytes).equals(Buffer.from(a.bytes))) {
        const ia = displayListItems(a.bytes);
        const ib = displayListItems(b.bytes);
        const k = ia.findIndex((x, j) => JSON.stringify(x) !== JSON.stringify(ib[j]));
        const hdr = Buffer.from(a.bytes.subarray(0, 16)).equals(Buffer.from(b.bytes.subarray(0, 16)));
        assert.fail(`${name} vs ${refName} at '${a.name}': display list bytes differ (header ${hdr ? 'same' : 'differs'}; first item ${k}: ${JSON.stringify(ia[k])} vs ${JSON.stringify(ib[k])})`);
      }
    }
  }
  // The frameworks' trees have exactly the plain app's nodes.
  if (runs.plain) {
    assert.equal(runs.solid[0].nodes, runs.plain[0].nodes, 'solid node count');
    assert.equal(runs.react[0].nodes, runs.plain[0].nodes, 'react node count');
  }
  assert.equal(runs.solid.after, 1, 'solid catalog unmounts to the root alone');
  assert.equal(runs.react.after, 1, 'react catalog unmounts to the root alone');
  // Sanity: the script really moves things.
  assert.notDeepEqual(ref[0].bytes, ref[2].bytes);
  // The trailer: no video surface until focus rests 1.5 s on a tile; then
  // the hero's 782x440 video at full alpha, in the details panel 640x360,
  // back in the hero, and gone (faded out) once Back stopped it.
  const surf = (name) => videoSurfaces(ref.find((c) => c.name === name).bytes);
  assert.deepEqual(surf('right x3'), []);
  const fading = surf('trailer fading in');
  assert.equal(fading.length, 1);
  assert.ok(fading[0].alpha > 0 && fading[0].alpha < 1, `fading in: ${fading[0].alpha}`);
  for (const [name, w, h] of [['trailer playing', 782, 440], ['trailer in details', 640, 360], ['trailer back in the hero', 782, 440]]) {
    const s = surf(name);
    assert.deepEqual(s.map((v) => [v.w, v.h, v.alpha]), [[w, h, 1]], name);
  }
  assert.equal(surf('trailer stopping').length, 1);
  assert.deepEqual(surf('trailer stopped'), []);
  // The compared frames include the text: every checkpoint draws glyphs
  // (Image items sampling the glyph atlas; the catalog has no image nodes),
  // so the three apps agree on their labels too.
  for (const cp of ref) {
    const glyphs = displayListItems(cp.bytes).filter((it) => it.kind === 2).length;
    assert.ok(glyphs > 100, `'${cp.name}': ${glyphs} glyphs drawn`);
  }
  assert.equal(ref.find((c) => c.name === 'hero').focus, 'hero');
  assert.equal(ref.at(-1).focus, 'tile 0-3', 'Back on the home screen stopped the trailer, focus stays');
});
