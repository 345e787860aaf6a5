// examples/catalog/data.js — what the three catalog apps share (the plain
// JS app here, and its Solid and React ports in examples/catalog-solid and
// examples/catalog-react): the screen and tile geometry, the titles and
// texts, the deterministic tile colours and which poster each tile shows.
// One copy, so the three paint the same frames from the same data.

export const W = 1920;
export const H = 1080;
export const ROWS = 8;
export const COLS = 40;
export const TILE_W = 320;
export const TILE_H = 180;
export const GAP = 24;
export const SIDE = 96;
export const PANEL_W = 760;

export const ROW_NAMES = ['Continue watching', 'Trending now', 'New releases', 'Top 10 today', 'Documentaries', 'Comedies', 'Sci-fi & fantasy', 'Award winners'];
const SYNOPSES = [
  'A night-shift nurse finds a patient who remembers tomorrow, and has one night to prove it.',
  'Two rival chefs inherit the same failing diner and must cook together for a single season.',
  'A lighthouse keeper logs the ships that never arrive, until one finally does.',
  'Five strangers share a lift that stops between floors, and every one of them is lying.',
];
export const HERO_SYNOPSIS = 'A storm cuts an island off for one winter night. By morning, someone must explain the lights on the cliff.';

/** A tile's title, and the details panel's metadata and synopsis for it. */
export function tileText(row, col) {
  return {
    title: `${ROW_NAMES[row]} #${col + 1}`,
    meta: `Season ${row + 1} · Episode ${col + 1} · ${38 + ((row * 7 + col * 13) % 30)} min · HD`,
    synopsis: SYNOPSES[(row + col) % SYNOPSES.length],
  };
}

/** HSL -> 0xRRGGBBAA. */
function hsl(h, s, l) {
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return ((f(0) << 24) | (f(8) << 16) | (f(4) << 8) | 0xff) >>> 0;
}

/** Deterministic tile colours: hue per row, drifting along the row. */
export function tileColors(row, col) {
  const hue = (row * 45 + col * 9) % 360;
  return [hsl(hue, 0.6, 0.55), hsl((hue + 25) % 360, 0.65, 0.28)];
}

/** Distinct poster images (examples/catalog/assets/, made by tools/make-catalog-art.mjs). */
export const POSTERS = 20;
/** Corner radius of tiles and posters (px). */
export const RADIUS = 16;
/** The focused tile's ring and glow (engine focus styles: no JS per key). */
export const TILE_FOCUS = { focusBorderColor: 0xffffffff, focusBorderWidth: 4, focusShadowColor: 0x8fc4ffc0, focusShadowBlur: 16 };
/** The details panel's focused button: a white ring (its buttons have radius 12). */
export const BUTTON_FOCUS = { focusBorderColor: 0xffffffff, focusBorderWidth: 3 };
/** A tile's caption band: inside the focus ring's width, so the ring (drawn under a node's children) stays whole. */
export const CAPTION_BAND = { x: 4, y: TILE_H - 44, w: TILE_W - 8, h: 40, radius: [0, 0, RADIUS - 4, RADIUS - 4] };
/** The hero's art (1728x440, the hero's size; its subject on the right, away from the texts). */
export const HERO_ART = 'assets/hero.jpg';

/**
 * The poster a tile shows: one of POSTERS images, each 320x180 (the tile's
 * size), shared by every tile showing it (the engine keeps one texture per
 * src), so 320 tiles cost at most POSTERS textures. Neighbours in a row and
 * in a column differ.
 */
export function posterSrc(row, col) {
  return `assets/poster-${String((row * 7 + col) % POSTERS).padStart(2, '0')}.jpg`;
}
