// examples/apps/hero-text.js — a small home screen written as a new user
// would (issue 15): a hero whose title, metadata line and 3-line wrapped
// synopsis are rewritten on every focus move, over 3 rows of 12 focusable
// posters (164 nodes). What it measures: the cost of changing three text
// nodes in one frame.
//
//   reel certify examples/apps/hero-text.js --device all \
//       --script examples/apps/hero-text.keys.txt --out out/hero-text
import { createRenderer } from '@reel/shim';

const W = 1920;
const H = 1080;
const ROWS = 3;
const COLS = 12;
const TILE_W = 240;
const TILE_H = 150;
const GAP = 24;
const SIDE = 80;

const GENRES = ['Drama', 'Thriller', 'Comedy', 'Documentary', 'Sci-Fi', 'Family'];
const ROW_NAMES = ['Continue watching', 'Trending now', 'New this week'];
const WORDS = ['Harbour', 'Lantern', 'Winter', 'Glass', 'Northern', 'Silent', 'Copper', 'Orchard', 'Signal', 'Tide', 'Ember', 'Meridian'];
const SYNOPSES = [
  'A lighthouse keeper finds a logbook written in her own hand, dated forty years from now, and has one winter to decide which of its warnings to believe before the supply boat stops coming.',
  'Two rival chefs inherit the same failing restaurant on a windswept pier and must cook side by side for a season, while the town quietly bets on which of them walks out first.',
  'When every clock in a mountain village stops at the same minute, a retired watchmaker and a restless teenager follow the silence up to an observatory nobody admits to having built.',
  'A cargo pilot stranded on a research station at the edge of the ice shelf starts receiving radio messages from a ship that sank in the harbour a century ago, always at low tide.',
  'Three sisters reunite to sell their late father\u2019s vineyard, only to discover that the vines, the debts and a locked cellar full of letters tell three very different stories about him.',
  'An orbital repair crew on its final shift before decommissioning finds a stowaway in the cargo bay who claims to know exactly how, and when, the station is going to fall.',
];

function title(row, col) {
  return `${WORDS[(row * 5 + col) % WORDS.length]} ${WORDS[(row + col * 7 + 3) % WORDS.length]}`;
}
function meta(row, col) {
  const year = 2012 + ((row * 3 + col * 5) % 14);
  const mins = 84 + ((row * 17 + col * 11) % 70);
  return `${year} \u00b7 ${GENRES[(row + col) % GENRES.length]} \u00b7 ${Math.floor(mins / 60)} h ${mins % 60} min \u00b7 ${col % 3 === 0 ? '4K' : 'HD'}`;
}
function hsl(h, s, l) {
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return ((f(0) << 24) | (f(8) << 16) | (f(4) << 8) | 0xff) >>> 0;
}

const r = await createRenderer({ width: W, height: H });
r.root.appendChild(r.createNode('view', { w: W, h: H, colorTop: 0x141a2eff, colorBottom: 0x05060bff }));

// ---- hero: artwork, a dark gradient under the text, eyebrow, title, metadata, synopsis ----
const hero = r.createNode('view', { w: W, h: 520 });
r.root.appendChild(hero);
const art = r.createNode('view', { x: 1100, y: 40, w: 760, h: 440, colorTl: 0x2a3a6aff, colorBr: 0x0a0f1eff, radius: 16 });
hero.appendChild(art);
hero.appendChild(r.createNode('view', { w: 1200, h: 520, colorLeft: 0x000000e0, colorRight: 0x00000000 }));
hero.appendChild(r.createNode('text', { x: SIDE, y: 60, text: 'FEATURED', fontSize: 22, letterSpacing: 4, color: 0xff7a82ff }));
const heroTitle = r.createNode('text', { x: SIDE, y: 96, w: 1000, maxLines: 1, fontSize: 64, color: 0xffffffff, text: '' });
const heroMeta = r.createNode('text', { x: SIDE, y: 184, w: 1000, maxLines: 1, fontSize: 26, color: 0xffffffcc, text: '' });
const heroSynopsis = r.createNode('text', { x: SIDE, y: 232, w: 900, maxLines: 3, fontSize: 26, lineHeight: 38, color: 0xffffffe0, text: '' });
hero.appendChild(heroTitle);
hero.appendChild(heroMeta);
hero.appendChild(heroSynopsis);
const badge = r.createNode('view', { x: SIDE, y: 360, w: 150, h: 40, radius: 6, color: 0xc0202cff });
badge.appendChild(r.createNode('text', { w: 150, h: 40, textAlign: 'center', verticalAlign: 'middle', fontSize: 20, text: 'NEW', color: 0xffffffff }));
hero.appendChild(badge);

// ---- 3 rows of 12 posters ----
const where = new Map(); // poster -> [row, col]
const firstOfRow = [];
for (let ri = 0; ri < ROWS; ri++) {
  const y = 540 + ri * (TILE_H + 2 * GAP + 10);
  const row = r.createNode('view', { y, w: W, h: 40 + TILE_H + 2 * GAP });
  r.root.appendChild(row);
  row.appendChild(r.createNode('text', { x: SIDE, y: -6, text: ROW_NAMES[ri], fontSize: 26, color: 0xffffffff, role: 'heading' }));
  const scroller = r.createNode('view', {
    y: 30, w: W, h: TILE_H + 2 * GAP, clipping: true,
    display: 'flex', flexDirection: 'row', gap: GAP, paddingLeft: SIDE, paddingRight: SIDE, paddingTop: GAP,
    alignItems: 'start', scrollAxis: 'x', scrollAlign: 'edge', scrollPadding: SIDE, scrollDuration: 200, focusMemory: true,
    role: 'list',
  });
  row.appendChild(scroller);
  for (let ci = 0; ci < COLS; ci++) {
    const hue = (ri * 97 + ci * 29) % 360;
    const poster = r.createNode('view', {
      w: TILE_W, h: TILE_H, flexShrink: 0, colorTop: hsl(hue, 0.45, 0.42), colorBottom: hsl(hue, 0.5, 0.18),
      radius: 8, focusable: true, focusScale: 1.1, focusDuration: 160, role: 'button', label: title(ri, ci),
    });
    poster.appendChild(r.createNode('view', { x: 16, y: 16, w: 64, h: 6, color: 0xffffff80 }));
    poster.appendChild(r.createNode('view', { y: TILE_H - 40, w: TILE_W, h: 40, color: 0x000000b8 }));
    poster.appendChild(r.createNode('text', {
      x: 12, y: TILE_H - 40, w: TILE_W - 24, h: 40, maxLines: 1, verticalAlign: 'middle', fontSize: 20,
      text: title(ri, ci), color: 0xffffffff,
    }));
    scroller.appendChild(poster);
    where.set(poster, [ri, ci]);
    if (ci === 0) firstOfRow.push(poster);
  }
  // Every focus move inside a row rewrites the hero's three texts.
  scroller.onFocusIn = (e) => {
    const p = where.get(e.target);
    if (!p) return;
    const [row, col] = p;
    heroTitle.text = title(row, col);
    heroMeta.text = meta(row, col);
    heroSynopsis.text = SYNOPSES[(row * 5 + col) % SYNOPSES.length];
    art.colorTl = hsl((row * 97 + col * 29) % 360, 0.4, 0.35);
  };
}

r.attachKeyboard();
r.focus(firstOfRow[0]);
console.log(`hero-text: ${r.nodeCount} nodes`);
