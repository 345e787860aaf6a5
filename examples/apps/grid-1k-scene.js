// examples/apps/grid-1k-scene.js — the "grid-1k" sample scene, one module
// for every runtime: the native host (`reel run examples/apps/grid-1k.js`)
// and, proposed, the browser demo / e2e (js-shim/demo). It only uses the
// public renderer API (createNode, appendChild, node properties), never a
// runtime global.
//
// A TV home screen: a background gradient, a hero banner, and 8 rows of 125
// tiles (1,000 tiles, 1,018 nodes; the engine culls what is off screen),
// with a focus ring on the second tile of the first row.
//
//   import { buildGrid } from './grid-1k-scene.js';
//   const scene = buildGrid(renderer);   // creates and attaches everything
//   scene.animate(t);                    // optional, per frame: sways the hero

export const W = 1280;
export const H = 720;
export const ROWS = 8;
export const TILES = 125;
export const TILE_W = 200;
export const TILE_H = 112;
export const GAP = 24;

/** Deterministic palette: hue per row, lightness per column (0xRRGGBBAA). */
export function tileColors(r, c) {
  const hue = (r * 47 + c * 11) % 360;
  const rgb = (h, s, l) => {
    const k = (n) => (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    const f = (n) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
    return ((f(0) << 24) | (f(8) << 16) | (f(4) << 8) | 0xff) >>> 0;
  };
  return [rgb(hue, 0.65, 0.55), rgb((hue + 30) % 360, 0.7, 0.3)];
}

/** Builds the scene under `r.root`; returns its nodes and `animate(t)`. */
export function buildGrid(r) {
  const view = (props, parent) => parent.appendChild(r.createNode('view', props));

  const bg = view({ w: W, h: H, colorTop: 0x101828ff, colorBottom: 0x05060aff }, r.root);

  // Hero: a four-corner gradient banner with a darkening overlay and a
  // "poster" block, clipped to its bounds.
  const hero = view({
    x: 64, y: 40, w: 1152, h: 300, clipping: true,
    colorTl: 0x3a1c71ff, colorTr: 0xd76d77ff, colorBl: 0x0f2027ff, colorBr: 0xffaf7bff,
  }, bg);
  view({ w: 700, h: 300, colorLeft: 0x000000d0, colorRight: 0x00000000 }, hero);
  view({ x: 900, y: 30, w: 200, h: 300, color: 0xf0e6d2ff, rotation: 0.12 }, hero);
  view({ x: 48, y: 180, w: 420, h: 36, color: 0xffffffe6 }, hero);
  view({ x: 48, y: 228, w: 300, h: 18, color: 0xffffff80 }, hero);
  view({ x: 48, y: 96, w: 160, h: 48, color: 0xe50914ff }, hero);

  // Rows: a column of rows, each a clipping flex row of tiles.
  const list = view({ x: 64, y: 372, w: 1216, h: 1600, display: 'flex', flexDirection: 'column', gap: 28 }, bg);
  let focused = null;
  for (let row = 0; row < ROWS; row++) {
    const rowView = view({
      w: 1216, h: TILE_H + 16, display: 'flex', flexDirection: 'row', gap: GAP,
      clipping: true, paddingTop: 8, flexShrink: 0,
    }, list);
    for (let c = 0; c < TILES; c++) {
      const [top, bottom] = tileColors(row, c);
      const tile = view({ w: TILE_W, h: TILE_H, flexShrink: 0, colorTop: top, colorBottom: bottom }, rowView);
      if (row === 0 && c === 1) focused = tile;
    }
  }
  // Focus ring: the focused tile scaled up with a white frame behind it.
  focused.setProps({ scale: 1.08, zIndex: 10 });
  view({ x: -4, y: -4, w: TILE_W + 8, h: TILE_H + 8, color: 0xffffffff, zIndex: -1 }, focused);
  view({ w: TILE_W, h: TILE_H, colorTop: 0x2b5876ff, colorBottom: 0x4e4376ff }, focused);

  return {
    bg, hero, list, focused,
    /** Sways the hero banner (deterministic in t, ms). */
    animate(t) {
      hero.x = 64 + Math.sin(t / 500) * 20;
    },
  };
}
