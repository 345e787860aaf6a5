// tests/starter/starter.test.mjs — the starter, tried as a new user would:
// `npm pack` of js-shim, each template (solid, react, js) scaffolded by
// js-shim/create-reel into a temp dir outside the repository, `npm install`
// (the packed tarball + the registry, through the npm cache), `npm run build`
// (tsc --noEmit + vite build), dist/ served by `vite preview` and driven in
// headless Chromium (D-pad keys move the focus, Enter routes to the details
// page, Back returns to the poster; screenshots against tests/starter/golden/),
// then `npm run certify`: the same dist/ under `reel certify` on every device
// profile. A second test per template runs `npm run dev`, edits a component
// and checks the page updated without a reload (a window marker survives).
//
//   node --test --test-concurrency=1 tests/starter/
//   REEL_UPDATE_GOLDEN=1 ...    rewrite the goldens
//   REEL_BIN=path/to/reel ...   the reel binary for certify (default:
//                               target/release/reel, else target/debug/reel)
//   REEL_STARTER_TEMPLATES=solid,js ...   a subset
//
// Needs the npm registry or a warm npm cache, /usr/bin/chromium, js-shim's
// devDependencies (playwright-core, pngjs) and target/engine.wasm (npm pack
// copies it into the package).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  tempDir, packShim, scaffoldAndInstall, sh, vite, browser, openApp, state, until, settledShot, compareGolden, reelBin,
} from './lib.mjs';

const TEMPLATES = (process.env.REEL_STARTER_TEMPLATES || 'solid,react,js').split(',').filter(Boolean);
/** The home route: an empty hash or '#/' (routers differ in writing it). */
const atHome = (hash) => hash === '' || hash === '#/';
/** The component file the HMR test edits, per template. */
const HOME = { solid: 'src/Home.tsx', react: 'src/Home.tsx', js: 'src/home.ts' };

let dir;
let tgz;
let chromium;
const apps = new Map(); // template -> app dir (installed)
const figures = [];

before(async () => {
  dir = tempDir('ci');
  tgz = packShim(dir);
  chromium = await browser();
});

after(async () => {
  if (chromium) await chromium.close();
  for (const f of figures) console.log(`# ${f}`);
  // Every dev/preview server is stopped by now, but a killed Vite may still
  // be flushing its dep cache: retry, and a temp dir that stays is a
  // warning, not a failed suite.
  if (dir && process.env.REEL_KEEP_STARTER !== '1') {
    try { fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); }
    catch (e) { console.log(`# warning: could not remove ${dir}: ${e.message}`); }
  }
});

for (const t of TEMPLATES) {
  test(`starter ${t}: scaffold, install, build, preview in Chromium (keys, route, golden), reel certify`, async (ctx) => {
    const t0 = Date.now();
    const app = scaffoldAndInstall(dir, t, tgz);
    const tInstalled = Date.now();
    apps.set(t, app);
    const pkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
    assert.equal(pkg.dependencies['@reel/shim'], `file:${tgz}`);
    assert.ok(fs.existsSync(path.join(app, '.gitignore')), '_gitignore renamed');
    sh('npm', ['run', 'build', '--silent'], app);
    assert.ok(fs.existsSync(path.join(app, 'dist', 'index.html')));
    const assets = fs.readdirSync(path.join(app, 'dist', 'assets'));
    for (const want of [/^engine-.*\.wasm$/, /^DejaVuSans-.*\.ttf$/, /^engine-worker-.*\.js$/]) {
      assert.ok(assets.some((a) => want.test(a)), `dist/assets has ${want} (${assets.join(', ')})`);
    }

    const server = await vite(app, ['preview']);
    let page;
    try {
      const opened = await openApp(chromium, server.url);
      page = opened.page;
      const home = await until(page, (s) => atHome(s.hash) && s.focusedTexts.length === 1, 'the first poster focused at the home route');
      const shot = await settledShot(page);
      const tShot = Date.now();
      compareGolden(shot, `${t}-home.png`);
      figures.push(`${t}: scaffold -> first screenshot ${((tShot - t0) / 1000).toFixed(1)} s (npm install ${((tInstalled - t0) / 1000).toFixed(1)} s)`);

      // D-pad: Right, Right, Down -> poster 1-2 (row 2, third poster).
      let prev = home;
      for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown']) {
        await page.keyboard.press(key);
        const before = prev.focused;
        prev = await until(page, (s) => s.focused !== before && s.focusedTexts.length === 1, `${key} to move the focus`);
        assert.ok(atHome(prev.hash), `still home (${prev.hash})`);
      }
      const poster = prev;
      const title = poster.focusedTexts[0];

      // Enter -> the details route of that poster, its title shown, Play focused.
      await page.keyboard.press('Enter');
      const details = await until(page, (s) => s.hash === '#/details/1-2' && s.focusedTexts[0] === 'Play', 'Enter to open #/details/1-2');
      assert.ok(details.allTexts.includes(title), `the details page shows "${title}"`);
      compareGolden(await settledShot(page), `${t}-details.png`);

      // Back (Escape) -> home, focus on the poster that was opened.
      await page.keyboard.press('Escape');
      const back = await until(page, (s) => atHome(s.hash) && s.focused === poster.focused, 'Back to return to the poster');
      assert.deepEqual(back.focusedTexts, [title]);
      assert.deepEqual(opened.errors, [], 'no page errors, failed requests or console errors');
    } finally {
      if (page) await page.close();
      await server.stop();
    }

    // The same dist/ under the native host on every device profile.
    const reel = reelBin();
    if (!reel || !fs.existsSync(reel)) {
      ctx.skip(`reel certify not run: no reel binary (set REEL_BIN, or cargo build -p reel-cli)`);
      return;
    }
    const c0 = Date.now();
    const r = spawnSync('npm', ['run', 'certify', '--silent'], { cwd: app, env: { ...process.env, REEL_BIN: reel }, encoding: 'utf8' });
    const report = path.join(app, 'certify-out', 'certify.json');
    assert.ok(fs.existsSync(report), `certify wrote no certify.json (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    const table = r.stdout.split('\n').filter((l) => /^(check|startup|frame|dropped|input|wasm|texture|js-|engine|device)/.test(l));
    figures.push(`${t}: reel certify (${path.relative(process.cwd(), reel)}) ${((Date.now() - c0) / 1000).toFixed(1)} s\n${table.map((l) => `#   ${l}`).join('\n')}`);
    const devices = json.devices.map((d) => d.device).sort();
    assert.deepEqual(devices, fs.readdirSync(path.join(path.dirname(path.dirname(reel)), '..', 'devices')).filter((f) => f.endsWith('.toml')).map((f) => f.slice(0, -5)).sort(), 'every device profile ran');
    assert.equal(r.status, 0, `reel certify failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    assert.equal(json.passed, true);
    for (const d of json.devices) {
      assert.equal(d.summary.js.exceptions_total, 0, `${d.device}: JS exceptions`);
      assert.ok(d.summary.input.focus_moves >= 8, `${d.device}: the key script moved the focus (${d.summary.input.focus_moves})`);
    }
  });
}

for (const t of TEMPLATES) {
  test(`starter ${t}: npm run dev, edit ${HOME[t]}, the page updates without a reload (HMR)`, async (ctx) => {
    const app = apps.get(t);
    if (!app) {
      ctx.skip(`the ${t} app was not installed (its first test failed)`);
      return;
    }
    const file = path.join(app, HOME[t]);
    const original = fs.readFileSync(file, 'utf8');
    assert.ok(original.includes('"Reel Starter"') || original.includes("'Reel Starter'"), `${HOME[t]} has the title`);
    const server = await vite(app, []);
    let page;
    try {
      const opened = await openApp(chromium, server.url);
      page = opened.page;
      await until(page, (s) => s.allTexts.includes('Reel Starter') && s.focusedTexts.length === 1, 'the dev page');
      // Move the focus, and mark the window: a full reload would lose both.
      const first = await state(page);
      await page.keyboard.press('ArrowRight');
      const moved = await until(page, (s) => s.focusedTexts.length === 1 && s.focused !== first.focused, 'ArrowRight to move the focus');
      await page.evaluate(() => { window.__starterMarker = 'kept'; });
      let navigations = 0;
      page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });

      fs.writeFileSync(file, original.replace(/(["'])Reel Starter\1/, '$1Reel Starter (edited)$1'));
      const s = await until(page, (x) => x.allTexts.includes('Reel Starter (edited)'), 'the edited title on the page', 15000);
      assert.equal(await page.evaluate(() => window.__starterMarker), 'kept', 'the page was not reloaded');
      assert.equal(navigations, 0, 'no navigation');
      assert.ok(!s.allTexts.includes('Reel Starter'), 'the old title is gone (no duplicate tree)');
      assert.ok(atHome(s.hash), `still home (${s.hash})`);
      assert.ok(s.focused !== null, 'something is focused after the update');
      // The rebuilt home screen starts on the poster that had the focus.
      const after = await until(page, (x) => x.focusedTexts.length === 1, 'a poster focused after the update');
      assert.deepEqual(after.focusedTexts, moved.focusedTexts, 'the focused poster is kept');
      assert.deepEqual(opened.errors, [], 'no page errors');
    } finally {
      fs.writeFileSync(file, original);
      if (page) await page.close();
      await server.stop();
    }
  });
}
