// tests/layout-fixtures/record.mjs — records Chromium's layout of every
// fixture (hand/*.html, random/*.html) into expected/<set>.txt, the
// expectations tests/tests/layout_conformance.rs replays against Reel.
//
//   node tests/layout-fixtures/gen-random.mjs   # (re)writes random/*.html (seeded)
//   node tests/layout-fixtures/record.mjs       # needs /usr/bin/chromium + js-shim's devDependencies
//
// Each box is getBoundingClientRect (border box, unrounded: Chromium's
// 1/64 px LayoutUnits) relative to its parent fixture node's box (a root:
// relative to the viewport), in document order. The node's `data-reel`
// text goes into the JSON as is, so the replay builds the same tree.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from '../browser/lib/browser.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SETS = ['hand', 'random'];

function collect() {
  const els = [...document.querySelectorAll('[data-reel]')];
  const index = new Map(els.map((e, i) => [e, i]));
  const vp = (document.body.getAttribute('data-viewport') || '1024 768').split(/\s+/).map(Number);
  const body = document.body.getBoundingClientRect();
  return {
    viewport: vp,
    nodes: els.map((e) => {
      const p = e.parentElement.closest('[data-reel]');
      const r = e.getBoundingClientRect();
      const pr = p ? p.getBoundingClientRect() : body;
      return {
        parent: p ? index.get(p) : -1,
        reel: e.getAttribute('data-reel').trim().replace(/\s+/g, ' '),
        box: [r.left - pr.left, r.top - pr.top, r.width, r.height],
      };
    }),
  };
}

const { context, close } = await launch();
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const set of SETS) {
    const dir = path.join(HERE, set);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
    const out = {};
    for (const f of files) {
      errors.length = 0;
      await page.goto(pathToFileURL(path.join(dir, f)).href, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__reelLayoutReady === true, null, { timeout: 10_000 });
      if (errors.length) throw new Error(`${set}/${f}: ${errors.join('; ')}`);
      const title = await page.title();
      out[f.replace(/\.html$/, '')] = { title, ...(await page.evaluate(collect)) };
    }
    const file = path.join(HERE, 'expected', `${set}.txt`);
    // Text, one node a line (reviewable diffs when Chromium or a fixture
    // changes; read by the Rust test without a JSON dependency):
    //   fixture <name> <viewport w> <viewport h>
    //   <parent index or -1> <x> <y> <w> <h> <data-reel text>
    let txt = `# Chromium's layout of tests/layout-fixtures/${set}/*.html, written by record.mjs: do not edit.\n`;
    for (const [name, fx] of Object.entries(out)) {
      txt += `\n# ${fx.title}\nfixture ${name} ${fx.viewport.join(' ')}\n`;
      for (const n of fx.nodes) txt += `${n.parent} ${n.box.join(' ')} ${n.reel}\n`;
    }
    fs.writeFileSync(file, txt);
    console.log(`${set}: ${files.length} fixtures, ${Object.values(out).reduce((a, f) => a + f.nodes.length, 0)} nodes -> ${path.relative(process.cwd(), file)}`);
  }
  console.log(`chromium ${context.browser()?.version() ?? '(persistent context)'}`);
} finally {
  await close();
}
