#!/usr/bin/env node
// tools/make-catalog-art.mjs — make the catalog's poster and hero art
// (issue 16): examples/catalog/assets/poster-00.jpg .. poster-19.jpg
// (320x180, the tile's size, so the resource manager keeps each at
// 225 KiB of texture) and hero.jpg (1728x440, the hero's size).
//
// Each picture is painted here in plain JS (2x2 supersampled, so edges are
// anti-aliased) — five motifs (mountains at dusk, a city at night, the sea at
// sunset, a ringed planet, soft abstract shapes) in four palettes each — and
// piped as raw RGB into Debian's ffmpeg (installed by tools/setup.sh) for the
// JPEG: baseline 4:2:0, what both the native host's decoder (zune-jpeg) and
// every browser load. Smooth gradients and flat shapes keep them small
// (about 8 KB a poster). The hero ("The Long Night": a lighthouse on a cliff
// over a night sea) keeps its subject on the right: the left 55% lies under
// the app's scrim, where the hero's texts are, and the lighthouse stands left
// of the card the hero shows at x 1260..1560.
//
// The catalog uses 20 distinct posters for its 320 tiles (tile (r, c) shows
// poster (r * 7 + c) % 20, examples/catalog/data.js), so texture memory is
// 20 posters at most, whatever the rows scroll to.
//
//   node tools/make-catalog-art.mjs           write the files
//   node tools/make-catalog-art.mjs --check   make them in a temp dir, compare byte for byte
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'examples', 'catalog', 'assets');
export const POSTERS = 20;

// ---- small colour and shape helpers (colours are [r, g, b] in 0..1) ----
const hex = (s) => [0, 2, 4].map((i) => parseInt(s.slice(i, i + 2), 16) / 255);
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const clamp01 = (v) => Math.max(0, Math.min(1, v));
const smooth = (e0, e1, x) => { const t = clamp01((x - e0) / (e1 - e0)); return t * t * (3 - 2 * t); };
/** Deterministic hash of two integers -> 0..1. */
const hash = (a, b) => { let h = (a * 374761393 + b * 668265263) >>> 0; h = Math.imul(h ^ (h >>> 13), 1274126177) >>> 0; return ((h ^ (h >>> 16)) >>> 0) / 4294967296; };

/** Paints w x h with fn(x, y) -> [r, g, b] (x, y in 0..1 of the picture), 2x2 supersampled; RGB bytes. */
function paint(w, h, fn) {
  const buf = Buffer.alloc(w * h * 3);
  const o = [0.25, 0.75];
  for (let py = 0; py < h; py++) {
    for (let px = 0; px < w; px++) {
      let r = 0; let g = 0; let b = 0;
      for (const oy of o) for (const ox of o) {
        const c = fn((px + ox) / w, (py + oy) / h, px, py);
        r += c[0]; g += c[1]; b += c[2];
      }
      const i = (py * w + px) * 3;
      buf[i] = Math.round(clamp01(r / 4) * 255);
      buf[i + 1] = Math.round(clamp01(g / 4) * 255);
      buf[i + 2] = Math.round(clamp01(b / 4) * 255);
    }
  }
  return buf;
}

// Four palettes per motif: [sky top, sky horizon, accent (sun / light), far, near].
const PALETTES = [
  ['1b1045', 'f08a4b', 'ffd27a', '6b3a6e', '24102e'],
  ['0b2a4a', '7fc8d8', 'fff2c0', '3c6e86', '0c2233'],
  ['2a0b2e', 'e0476b', 'ffc3a0', '7a2a55', '1c0a1e'],
  ['0f2d1e', 'b8d86b', 'fff7b0', '3f7a4a', '0b1f14'],
].map((p) => p.map(hex));

const MOTIFS = {
  /** Mountains at dusk: a sky gradient, a sun with a glow, two ridges. */
  mountains(pal, k) {
    const [top, hor, sun, far, near] = pal;
    const sx = 0.25 + 0.5 * hash(k, 1); const sy = 0.42 + 0.1 * hash(k, 2); const p = 6 * hash(k, 3);
    return (x, y) => {
      const d = Math.hypot((x - sx) * 16 / 9, y - sy);
      let c = mix(top, hor, smooth(0, 0.75, y) ** 1.2);
      c = mix(c, sun, 0.55 * Math.exp(-d * 5));
      if (d < 0.09) c = sun;
      const hf = 0.55 + 0.08 * Math.sin(x * 9 + p) + 0.04 * Math.sin(x * 23 + 2 * p);
      if (y > hf) c = mix(far, hor, 0.25 * (1 - (y - hf) * 3));
      const hn = 0.74 + 0.07 * Math.sin(x * 6.5 + 3 * p) + 0.03 * Math.sin(x * 29 + p);
      if (y > hn) c = near;
      return c;
    };
  },
  /** A city at night: a dark sky, a moon, a skyline with a few lit windows. */
  city(pal, k) {
    const [top, hor, light, far, near] = pal;
    const mx = 0.2 + 0.6 * hash(k, 4);
    return (x, y, px, py) => {
      let c = mix(mix(top, [0, 0, 0], 0.3), mix(hor, top, 0.5), smooth(0, 1, y));
      const d = Math.hypot((x - mx) * 16 / 9, y - 0.22);
      c = mix(c, light, 0.35 * Math.exp(-d * 7));
      if (d < 0.07) c = light;
      const bf = Math.floor(x * 26 + k);
      if (y > 0.5 - 0.22 * hash(bf, k + 7)) c = mix(far, top, 0.35);
      const b = Math.floor(x * 14 + k * 3);
      const hb = 0.62 - 0.3 * hash(b, k);
      if (y > hb) {
        c = near;
        const wx = Math.floor(px / 6); const wy = Math.floor(py / 8);
        if (px % 6 < 3 && py % 8 < 4 && hash(wx, wy + 97 * k) > 0.9) c = mix(light, near, 0.25);
      }
      return c;
    };
  },
  /** The sea at sunset: a low sun, its reflection broken by the swell. */
  sea(pal, k) {
    const [top, hor, sun, far, near] = pal;
    const sx = 0.3 + 0.4 * hash(k, 5); const horizon = 0.56 + 0.06 * hash(k, 6);
    return (x, y) => {
      if (y < horizon) {
        const d = Math.hypot((x - sx) * 16 / 9, y - (horizon - 0.06));
        let c = mix(top, hor, smooth(0, horizon, y) ** 1.5);
        c = mix(c, sun, 0.6 * Math.exp(-d * 4));
        if (d < 0.1) c = sun;
        return c;
      }
      const t = (y - horizon) / (1 - horizon);
      let c = mix(mix(far, hor, 0.35), near, t);
      const wave = Math.sin(y * 160 / (0.2 + t) + Math.sin(x * 11) * 2);
      const glint = Math.exp(-(((x - sx) * 16 / 9) ** 2) / (0.004 + 0.02 * t)) * (wave > 0.3 ? 1 : 0.15);
      return mix(c, sun, 0.8 * glint);
    };
  },
  /** A ringed planet on a starfield. */
  planet(pal, k) {
    const [top, hor, light, far] = pal;
    const cx = 0.35 + 0.3 * hash(k, 8); const cy = 0.5 + 0.1 * hash(k, 9); const r = 0.3;
    const tilt = 0.25 + 0.2 * hash(k, 10);
    return (x, y, px, py) => {
      const u = (x - cx) * 16 / 9; const v = y - cy;
      let c = mix([0.02, 0.02, 0.05], mix(top, [0, 0, 0], 0.4), smooth(0, 1, 1 - y));
      if (hash(px, py + 31 * k) > 0.996) c = [0.9, 0.9, 1];
      // The ring: an ellipse band (behind the planet above its equator).
      const ru = u * Math.cos(tilt) + v * Math.sin(tilt); const rv = -u * Math.sin(tilt) + v * Math.cos(tilt);
      const e = Math.hypot(ru, rv * 4.2);
      const ring = e > r * 1.35 && e < r * 1.9;
      const d = Math.hypot(u, v);
      if (ring && rv < 0) c = mix(hor, light, 0.3 + 0.3 * Math.sin(e * 60));
      if (d < r) {
        const lit = clamp01(0.2 + 0.9 * ((-u - v) / r * 0.6 + 0.5));
        const band = 0.5 + 0.5 * Math.sin((v / r) * 9 + 2 * k);
        c = mix(mix(far, hor, band * 0.5), light, 0.1);
        c = mix([0.02, 0.02, 0.05], c, lit);
      }
      if (ring && rv >= 0) c = mix(hor, light, 0.3 + 0.3 * Math.sin(e * 60));
      return c;
    };
  },
  /** Soft abstract shapes: three large blurred discs over a gradient. */
  abstract(pal, k) {
    const [top, hor, light, far] = pal;
    const blobs = [0, 1, 2].map((i) => [0.15 + 0.7 * hash(k, 20 + i), 0.2 + 0.6 * hash(k, 30 + i), 0.18 + 0.15 * hash(k, 40 + i), [hor, light, far][i]]);
    return (x, y) => {
      let c = mix(top, far, x * 0.6);
      for (const [bx, by, br, col] of blobs) {
        const d = Math.hypot((x - bx) * 16 / 9, y - by);
        c = mix(c, col, 0.85 * (1 - smooth(br * 0.8, br * 1.25, d)));
      }
      return c;
    };
  },
};

/** Poster i (0..POSTERS-1): motif i % 5, palette floor(i / 5). */
function poster(i) {
  const names = Object.keys(MOTIFS);
  return paint(320, 180, MOTIFS[names[i % names.length]](PALETTES[Math.floor(i / names.length) % PALETTES.length], i));
}

/** The hero: a lighthouse on a cliff over a night sea under a moon, subject on the right. */
function hero() {
  const W = 1728; const H = 440; const ar = W / H;
  const top = hex('070b1f'); const hor = hex('1f4e6b'); const moon = hex('f4f0d8'); const sea = hex('0a1c2c');
  const cliff = hex('05080f'); const beam = hex('ffe7a3');
  const mx = 0.53; // the moon's x: right of the texts, which end at 0.45
  const lx = 0.64; // the lighthouse's x (0..1): left of the hero's card (x 1260..1560 of 1728)
  return paint(W, H, (x, y, px, py) => {
    const horizon = 0.66;
    let c;
    if (y < horizon) {
      c = mix(top, hor, smooth(0, horizon, y) ** 1.6);
      // Clouds: soft bands.
      const cl = 0.5 + 0.5 * Math.sin(x * 7 + Math.sin(y * 9) * 2) * Math.sin(y * 21 + x * 3);
      c = mix(c, hex('2c3f5c'), 0.35 * smooth(0.55, 1, cl) * smooth(0.05, 0.45, y));
      const d = Math.hypot((x - mx) * ar, y - 0.18);
      c = mix(c, moon, 0.45 * Math.exp(-d * 9));
      if (d < 0.075) c = mix(moon, hex('d9d2b4'), 0.5 + 0.5 * Math.sin(x * 300) * Math.sin(y * 90) * 0.3);
      if (hash(px, py) > 0.9985 && y < 0.45) c = mix(c, [1, 1, 1], 0.8);
    } else {
      const t = (y - horizon) / (1 - horizon);
      c = mix(mix(sea, hor, 0.4), sea, t);
      const wave = Math.sin(y * 900 / (0.3 + t) + Math.sin(x * 40) * 3);
      c = mix(c, moon, 0.7 * Math.exp(-(((x - mx) * ar) ** 2) / (0.002 + 0.05 * t)) * (wave > 0.2 ? 1 : 0.1));
    }
    // The beam: a soft wedge from the lamp towards the left.
    const lampY = 0.27;
    const dx = lx - x;
    if (dx > 0) {
      const spread = Math.abs(y - lampY + dx * 0.08) / (0.02 + dx * 0.22);
      c = mix(c, beam, 0.32 * Math.exp(-spread * spread * 3) * Math.exp(-dx * 4));
    }
    // The cliff: a headland rising from the right.
    const ch = 0.5 + 0.6 * smooth(0.6, 0.54, x) + 0.02 * Math.sin(x * 80) + 0.01 * Math.sin(x * 230);
    if (y > ch) c = mix(cliff, hex('10182a'), 0.4 * (1 - (y - ch) * 3));
    // The lighthouse: a tapering white tower with a red band and a lit lamp.
    const base = 0.52; const tw = 0.011 + (y - 0.3) * 0.02;
    if (y > 0.3 && y < base && Math.abs(x - lx) * ar < tw * ar) {
      c = (y > 0.38 && y < 0.42) ? hex('b3262e') : mix(hex('e8e4dc'), hex('8d939e'), smooth(-tw, tw, x - lx));
    }
    const ld = Math.hypot((x - lx) * ar, y - lampY);
    c = mix(c, beam, Math.exp(-ld * 16));
    if (y > 0.25 && y <= 0.3 && Math.abs(x - lx) * ar < 0.012 * ar) c = beam;
    if (y > 0.235 && y <= 0.25 && Math.abs(x - lx) * ar < 0.014 * ar) c = hex('1b1f2a');
    return c;
  });
}

function encode(rgb, w, h, file, q) {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${w}x${h}`, '-i', '-',
    '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', String(q), '-pix_fmt', 'yuvj420p', '-threads', '1',
    '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1', file], { input: rgb });
  if (r.error || r.status !== 0) {
    throw new Error(`ffmpeg failed for ${file}: ${r.error ? r.error.message : r.stderr.toString()} (run tools/setup.sh: apt-get install ffmpeg)`);
  }
}

function make(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < POSTERS; i++) {
    const f = path.join(dir, `poster-${String(i).padStart(2, '0')}.jpg`);
    encode(poster(i), 320, 180, f, 4);
    files.push(f);
  }
  const f = path.join(dir, 'hero.jpg');
  encode(hero(), 1728, 440, f, 5);
  files.push(f);
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--check') {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-art-'));
    const bad = make(tmp).filter((f) => !fs.readFileSync(f).equals(fs.readFileSync(path.join(OUT, path.basename(f)))));
    fs.rmSync(tmp, { recursive: true, force: true });
    if (bad.length) {
      console.error(`catalog art differs from a fresh make: ${bad.map((f) => path.basename(f)).join(', ')} (rerun node tools/make-catalog-art.mjs)`);
      process.exit(1);
    }
    console.log('catalog art matches a fresh make');
  } else {
    const files = make(OUT);
    const total = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    for (const f of files) console.log(`${path.relative(ROOT, f)} ${fs.statSync(f).size} B`);
    console.log(`total ${total} B in ${files.length} files`);
  }
}
