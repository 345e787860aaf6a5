// tests/layout-fixtures/gen-random.mjs — writes random/r000.html ...: seeded
// random flex trees (nested containers, reverse directions, wrap,
// justify/align variants, grow/shrink/basis, gaps, padding, margins incl.
// negative and auto, min/max, absolute children, percentages). The same
// seed writes the same files, so the set only changes when this script does.
//
//   node tests/layout-fixtures/gen-random.mjs [count=300] [seed=19]
//
// then record Chromium's layout: node tests/layout-fixtures/record.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const COUNT = Number(process.argv[2] || 300);
let seed = Number(process.argv[3] || 19) >>> 0;

// mulberry32: small, seedable, the same sequence on every node version.
function rand() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const chance = (p) => rand() < p;
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const DIRS = ['row', 'column', 'row-reverse', 'column-reverse'];
const WRAPS = ['nowrap', 'wrap', 'wrap-reverse'];
const JUSTIFY = ['start', 'end', 'center', 'space-between', 'space-around', 'space-evenly'];
const ALIGN = ['start', 'end', 'center', 'stretch'];
const ALIGN_CONTENT = ['start', 'end', 'center', 'stretch', 'space-between', 'space-around', 'space-evenly'];

function size(lo, hi) {
  const r = rand();
  if (r < 0.15) return `${pick([25, 50, 75, 100, 33])}%`;
  if (r < 0.2) return 'auto';
  return String(int(lo, hi));
}

function container(p, depth) {
  p.display = 'flex';
  if (chance(0.7)) p.flexDirection = pick(DIRS);
  if (chance(0.4)) p.flexWrap = pick(WRAPS);
  if (chance(0.5)) p.justifyContent = pick(JUSTIFY);
  if (chance(0.5)) p.alignItems = pick(ALIGN);
  if (chance(0.3)) p.alignContent = pick(ALIGN_CONTENT);
  if (chance(0.3)) p.gap = String(int(0, 20));
  else if (chance(0.2)) p[pick(['rowGap', 'columnGap'])] = String(int(0, 20));
  if (chance(0.4)) p.padding = String(int(0, 20));
  if (chance(0.2)) p[pick(['paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft'])] = String(int(0, 30));
}

function item(p, depth) {
  if (chance(0.6)) p.w = size(5, 160);
  if (chance(0.6)) p.h = size(5, 120);
  if (chance(0.35)) p.flexGrow = String(pick([0, 0.5, 1, 1, 2, 3]));
  if (chance(0.25)) p.flexShrink = String(pick([0, 0.5, 1, 2]));
  if (chance(0.25)) p.flexBasis = size(0, 150);
  if (chance(0.25)) p.margin = String(int(-10, 20));
  if (chance(0.25)) p[pick(['marginTop', 'marginRight', 'marginBottom', 'marginLeft'])] = chance(0.4) ? 'auto' : String(int(-15, 25));
  if (chance(0.15)) p.minW = size(5, 120);
  if (chance(0.15)) p.maxW = size(20, 200);
  if (chance(0.15)) p.minH = size(5, 100);
  if (chance(0.15)) p.maxH = size(20, 160);
  if (chance(0.2)) p.alignSelf = pick(ALIGN);
  if (chance(0.08)) {
    p.position = 'absolute';
    if (chance(0.5)) p.x = String(int(-10, 80));
    if (chance(0.5)) p.y = String(int(-10, 80));
  }
}

const text = (p) => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');

function tree(depth, indent, root) {
  const p = {};
  if (root) {
    p.w = String(int(80, 600));
    p.h = String(int(60, 500));
  } else {
    item(p, depth);
  }
  const isContainer = root || (depth < 3 && chance(0.3));
  let kids = '';
  if (isContainer) {
    container(p, depth);
    const n = root ? int(1, 7) : int(1, 5);
    for (let i = 0; i < n; i++) kids += tree(depth + 1, indent + '  ', false);
  }
  const open = `${indent}<div data-reel="${text(p)}">`;
  return kids ? `${open}\n${kids}${indent}</div>\n` : `${open}</div>\n`;
}

const dir = path.join(HERE, 'random');
for (const f of fs.readdirSync(dir)) if (/^r\d+\.html$/.test(f)) fs.rmSync(path.join(dir, f));
for (let i = 0; i < COUNT; i++) {
  const name = `r${String(i).padStart(3, '0')}`;
  const html = `<!doctype html>\n<meta charset="utf-8">\n<title>random flex tree ${i} (gen-random.mjs)</title>\n`
    + `<script src="../reel-style.js"></script>\n<body data-viewport="1024 768">\n${tree(0, '', true)}</body>\n`;
  fs.writeFileSync(path.join(dir, `${name}.html`), html);
}
console.log(`wrote ${COUNT} fixtures to ${path.relative(process.cwd(), dir)}`);
