// js-shim/bench/lightning/scene.js — the workloads both pages run, as plain
// data (positions, sizes, colours), so Reel and Lightning build the same
// scenes: a grid of N tiles (6 props each: x, y, w, h, color, alpha) and a
// catalog-shaped page (hero + 8 rows x 40 tiles, each tile with a title
// bar: 1 + 1 + 8 * (1 + 40 * 2) = 650 nodes, ~60 visible tiles) that is
// scrolled vertically by the JS every frame.
export const W = 1280;
export const H = 720;

/** Tile i of a grid: [x, y, w, h, color, alpha]. */
export function tile(i, run = 0) {
  return [(i % 40) * 32 + (run & 7), ((i / 40) | 0) % 26 * 28 + (run & 3), 30, 26, 0x3366ccff, 0.9];
}

export const ROWS = 8;
export const COLS = 40;
export const TILE_W = 213;
export const TILE_H = 120;
export const ROW_H = 170;
export const HERO_H = 280;

/** Catalog layout: nodes as [parentIndex, x, y, w, h, color] (parentIndex -1 = page). */
export function catalog() {
  const out = [];
  out.push([-1, 0, 0, W, HERO_H, 0x6a2030ff]); // hero
  out.push([0, 64, 180, 160, 48, 0xe01020ff]); // its play button
  for (let r = 0; r < ROWS; r++) {
    const row = out.length;
    out.push([-1, 64, HERO_H + 24 + r * ROW_H, COLS * (TILE_W + 16), TILE_H, 0x00000000]);
    for (let c = 0; c < COLS; c++) {
      const hue = (r * 45 + c * 9) % 360;
      const t = out.length;
      out.push([row, c * (TILE_W + 16), 0, TILE_W, TILE_H, (((hue * 0x2f) & 0xff) << 24 | 0x6080ff) >>> 0]);
      out.push([t, 0, TILE_H - 28, TILE_W, 28, 0x000000b0]);
    }
  }
  return out;
}
