// js-shim/demo/app.js — a sample TV home screen: a background gradient, a
// hero banner, and 8 rows of 125 tiles (1,000 tiles; the engine culls what
// is off screen). Built on createRenderer (see mini-renderer.js).
//
// window.__reel = { done, error, info, timings } is for the browser tests.
import { createRenderer } from './mini-renderer.js';

const q = new URLSearchParams(location.search);
const state = (window.__reel = { done: false, error: null, info: null, timings: {} });
if (q.get('clean')) document.body.classList.add('clean');
const hud = document.getElementById('hud');

const ROWS = 8;
const TILES = 125;
const TILE_W = 200;
const TILE_H = 112;
const GAP = 24;

// Deterministic palette: hue per row, lightness per column.
function tileColors(r, c) {
  const hue = (r * 47 + c * 11) % 360;
  const rgb = (h, s, l) => {
    const k = (n) => (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    const f = (n) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
    return ((f(0) << 24) | (f(8) << 16) | (f(4) << 8) | 0xff) >>> 0;
  };
  return [rgb(hue, 0.65, 0.55), rgb((hue + 30) % 360, 0.7, 0.3)];
}

async function main() {
  const t0 = performance.now();
  const r = await createRenderer({
    canvas: document.getElementById('screen'),
    width: 1280,
    height: 720,
    backend: q.get('backend') || 'auto',
    painter: q.get('painter') || 'auto',
  });
  state.info = r.info;
  state.timings.ready = performance.now() - t0;
  window.__reelRenderer = r;

  // Background: a vertical gradient over the whole screen.
  const bg = r.create('view', { w: 1280, h: 720, colorTop: 0x101828ff, colorBottom: 0x05060aff });
  r.insert(r.root, bg);

  // Hero: a four-corner gradient banner with a darkening overlay and a
  // "poster" block, clipped to its bounds.
  const hero = r.create('view', {
    x: 64, y: 40, w: 1152, h: 300, clipping: true,
    colorTl: 0x3a1c71ff, colorTr: 0xd76d77ff, colorBl: 0x0f2027ff, colorBr: 0xffaf7bff,
  });
  r.insert(bg, hero);
  const shade = r.create('view', { w: 700, h: 300, colorLeft: 0x000000d0, colorRight: 0x00000000 });
  r.insert(hero, shade);
  const poster = r.create('view', { x: 900, y: 30, w: 200, h: 300, color: 0xf0e6d2ff, rotation: 0.12 });
  r.insert(hero, poster);
  const titleBar = r.create('view', { x: 48, y: 180, w: 420, h: 36, color: 0xffffffe6 });
  r.insert(hero, titleBar);
  const subBar = r.create('view', { x: 48, y: 228, w: 300, h: 18, color: 0xffffff80 });
  r.insert(hero, subBar);
  const button = r.create('view', { x: 48, y: 96, w: 160, h: 48, color: 0xe50914ff });
  r.insert(hero, button);

  // Rows: a column of rows, each a clipping flex row of tiles.
  const list = r.create('view', { x: 64, y: 372, w: 1216, h: 1600, display: 'flex', flexDirection: 'column', gap: 28 });
  r.insert(bg, list);
  let focused = null;
  for (let row = 0; row < ROWS; row++) {
    const rowView = r.create('view', {
      w: 1216, h: TILE_H + 16, display: 'flex', flexDirection: 'row', gap: GAP,
      clipping: true, paddingTop: 8, flexShrink: 0,
    });
    r.insert(list, rowView);
    for (let c = 0; c < TILES; c++) {
      const [top, bottom] = tileColors(row, c);
      const tile = r.create('view', { w: TILE_W, h: TILE_H, flexShrink: 0, colorTop: top, colorBottom: bottom });
      r.insert(rowView, tile);
      if (row === 0 && c === 1) focused = tile;
    }
  }
  // Focus ring: the focused tile scaled up with a white frame behind it.
  r.set(focused, { scale: 1.08, zIndex: 10 });
  const ring = r.create('view', { x: -4, y: -4, w: TILE_W + 8, h: TILE_H + 8, color: 0xffffffff, zIndex: -1 });
  r.insert(focused, ring);
  const inner = r.create('view', { w: TILE_W, h: TILE_H, colorTop: 0x2b5876ff, colorBottom: 0x4e4376ff });
  r.insert(focused, inner);

  const t1 = performance.now();
  const f = await r.commit(0);
  state.timings.firstFrame = performance.now() - t1;
  state.firstFrame = f;
  hud.textContent = `${r.info.backend} / ${r.info.painter} · ${f.items} items · engine init ${r.info.initMs.toFixed(1)} ms · first frame ${state.timings.firstFrame.toFixed(1)} ms`;
  // Two animation frames so the painted frame is on screen before tests look.
  requestAnimationFrame(() => requestAnimationFrame(() => { state.done = true; }));

  if (q.get('animate')) {
    let t = 0;
    const step = async () => {
      t += 16.667;
      r.set(hero, { x: 64 + Math.sin(t / 500) * 20 });
      await r.commit(t);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
}

main().catch((e) => {
  state.error = String(e && e.stack || e);
  state.done = true;
  hud.textContent = `error: ${e.message}`;
});
