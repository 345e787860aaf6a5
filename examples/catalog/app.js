// examples/catalog/app.js — a streaming-service home screen on the public
// @reel/shim API, at a logical 1920x1080:
//
//   * a background gradient and a hero banner: its art (assets/hero.jpg)
//     under a bottom fade and a dark left scrim for its texts (a CSS
//     linear-gradient with a mid stop: dark under the text, clear past it);
//     the hero's own corner colours follow the focused tile through colour
//     *transitions*; a focusable Play button;
//   * 8 rows x 40 titled tiles, each a rounded poster image (one of 20
//     distinct 320x180 JPEGs, tools/make-catalog-art.mjs, shared: 320 tiles
//     cost 20 textures): each row is a clipping flex row
//     that scrolls horizontally to keep focus in view (scrollAxis 'x',
//     scrollPadding) and remembers its focused tile (focusMemory); the page
//     scrolls vertically between rows (scrollAxis 'y');
//   * the focused tile scales up with an eased animation and gets a white
//     ring and a blue glow (the engine's focusScale / focusDuration and
//     focusBorder* / focusShadow* focus styles: no JS per frame or key);
//   * Enter on a tile opens a details overlay (a focusTrap panel that slides
//     in on a spring while the backdrop fades in; the title's poster, rounded,
//     and rounded buttons with a focus ring); Back closes it and focus
//     returns to the tile;
//   * focus resting 1.5 s on a tile crossfades the hero from its card to
//     the title's trailer (muted; a video node, ./trailer.js, shared by the
//     three ports); moving focus pauses it and crossfades back, Back stops
//     it, the details panel keeps it playing small in its picture.
//
// Key handling uses bubbling: one keydown handler per row (not per tile)
// and one on the details panel. Text (the default font, DejaVu Sans): the
// hero's eyebrow, title, metadata and synopsis on its dark left gradient;
// row headings on the page background; each tile's title on a dark caption
// band across its foot, inside the focus ring's width (a node's border is
// drawn under its children; one line, ellipsized at the tile's width); the
// details panel's title, metadata and synopsis; button labels centred
// vertically in their buttons. No text sits on a light or busy background:
// over the art, the scrims and bands keep 4.5:1 (reel certify's a11y
// contrast gate measures text over images against the pixels behind it).
//
// Entry points: main.js (`reel run`), index.html + browser.js (browser,
// worker renderer), test.mjs (Node, inline transport).

import { createTrailer } from './trailer.js';
import { W, H, ROWS, COLS, TILE_W, TILE_H, GAP, SIDE, PANEL_W, ROW_NAMES, HERO_SYNOPSIS, TILE_FOCUS, CAPTION_BAND, BUTTON_FOCUS, RADIUS, HERO_ART, tileText, tileColors, posterSrc } from './data.js';
export { W, H, ROWS, COLS, TILE_W, TILE_H, GAP, SIDE, tileText, tileColors };

/**
 * Builds the catalog on `r` (a renderer from createRenderer) and focuses
 * the first tile. Returns the app's handle (for tests and entries).
 * @param {import('../../js-shim/src/index.js').Renderer} r
 * @param {{ log?: (line: string) => void, trailerSrc?: string, wake?: (ms: number) => void, autoplay?: boolean }} [opts]
 *   trailerSrc: every title's trailer (default: trailer.js's TRAILER_SRC, the
 *   animated WebP the native host plays; browsers pass the WebM); wake, autoplay: see trailer.js
 */
export function main(r, opts = {}) {
  const log = opts.log ?? (() => {});
  const bg = r.createNode('view', { w: W, h: H, colorTop: 0x141a2eff, colorBottom: 0x05060bff });
  r.root.appendChild(bg);

  // The page: hero + rows in a flex column, scrolled vertically by the
  // engine when focus moves to a row below the fold.
  const page = r.createNode('view', {
    w: W, h: H, display: 'flex', flexDirection: 'column', paddingTop: 48, gap: 32,
    scrollAxis: 'y', scrollAlign: 'edge', scrollPadding: 48, scrollDuration: 320,
  });
  bg.appendChild(page);

  // ---- hero ----
  const hero = r.createNode('view', {
    w: W - 2 * SIDE, h: 440, marginLeft: SIDE, flexShrink: 0, clipping: true,
    colorTl: 0x3a1c71ff, colorTr: 0xd76d77ff, colorBl: 0x0f2027ff, colorBr: 0xffaf7bff,
  });
  page.appendChild(hero);
  // Colour transitions: writing a corner colour animates it (400 ms).
  hero.transition = { colorTl: { duration: 400, easing: 'ease-out' }, colorBr: { duration: 400, easing: 'ease-out' } };
  // The hero's art (under everything else in the hero), and its scrims:
  // a bottom fade into the page and the dark left gradient the hero's text
  // sits on (opaque enough under the text whatever the art or the colours
  // the hero transitions to; the a11y contrast gate measures the text
  // against these pixels).
  hero.appendChild(r.createNode('image', { w: W - 2 * SIDE, h: 440, src: HERO_ART }));
  hero.appendChild(r.createNode('view', { y: 280, w: W - 2 * SIDE, h: 160, colorTop: 0x0b0f1c00, colorBottom: 0x0b0f1cd0 }));
  hero.appendChild(r.createNode('view', { w: 1100, h: 440, gradient: 'linear-gradient(90deg, #000000e0, #000000b0 45%, #00000000)' }));
  const heroCard = r.createNode('view', { x: 1260, y: 40, w: 300, h: 420, color: 0xf0e6d2ff, rotation: 0.08 });
  hero.appendChild(heroCard);
  hero.appendChild(r.createNode('text', { x: 64, y: 56, text: 'FEATURED', fontSize: 22, letterSpacing: 4, color: 0xff7a82ff }));
  hero.appendChild(r.createNode('text', { x: 64, y: 88, w: 900, maxLines: 1, text: 'The Long Night', fontSize: 64, color: 0xffffffff }));
  hero.appendChild(r.createNode('text', { x: 64, y: 174, text: '2026 · Drama · 2 h 14 min · HD', fontSize: 26, color: 0xffffffcc }));
  hero.appendChild(r.createNode('text', {
    x: 64, y: 218, w: 720, maxLines: 2, fontSize: 24, color: 0xffffffcc, text: HERO_SYNOPSIS,
  }));
  const heroButton = r.createNode('view', {
    x: 64, y: 316, w: 240, h: 72, color: 0xe50914ff,
    focusable: true, focusScale: 1.08, focusDuration: 160, focusColor: 0xff4a55ff,
    role: 'button', label: 'Play The Long Night',
  });
  heroButton.appendChild(r.createNode('text', { w: 240, h: 72, textAlign: 'center', verticalAlign: 'middle', fontSize: 28, text: 'Play', color: 0xffffffff }));
  hero.appendChild(heroButton);

  // ---- rows ----
  const rows = [];
  const tiles = [];
  const where = new Map(); // tile -> [row, col]
  for (let ri = 0; ri < ROWS; ri++) {
    const row = r.createNode('view', { w: W, h: 40 + TILE_H + 2 * GAP, flexShrink: 0 });
    page.appendChild(row);
    row.appendChild(r.createNode('text', { x: SIDE, y: 2, text: ROW_NAMES[ri], fontSize: 28, color: 0xffffffff, role: 'heading' }));
    const scroller = r.createNode('view', {
      y: 40, w: W, h: TILE_H + 2 * GAP, clipping: true,
      display: 'flex', flexDirection: 'row', gap: GAP, paddingLeft: SIDE, paddingRight: SIDE, paddingTop: GAP,
      alignItems: 'start',
      scrollAxis: 'x', scrollAlign: 'edge', scrollPadding: SIDE, scrollDuration: 240, focusMemory: true,
      role: 'list',
    });
    row.appendChild(scroller);
    const line = [];
    for (let ci = 0; ci < COLS; ci++) {
      const [top] = tileColors(ri, ci);
      // A rounded poster (its placeholder colour shows until it loads;
      // `color` on an image would tint it);
      // focus scales it and draws a ring and a glow (engine focus styles).
      const tile = r.createNode('image', {
        w: TILE_W, h: TILE_H, flexShrink: 0, src: posterSrc(ri, ci), radius: RADIUS, placeholderColor: top,
        focusable: true, focusScale: 1.12, focusDuration: 180, role: 'button', ...TILE_FOCUS,
      });
      // The caption band (inside the focus ring, which it would cover), and
      // the title centred in it (one line, ellipsized).
      tile.appendChild(r.createNode('view', { ...CAPTION_BAND, color: 0x000000b8 }));
      tile.appendChild(r.createNode('text', {
        x: 14, y: CAPTION_BAND.y, w: TILE_W - 28, h: CAPTION_BAND.h, maxLines: 1, verticalAlign: 'middle', fontSize: 22,
        text: tileText(ri, ci).title, color: 0xffffffff,
      }));
      scroller.appendChild(tile);
      where.set(tile, [ri, ci]);
      line.push(tile);
    }
    // One handler per row: Enter on any of its tiles bubbles here.
    scroller.onKeyDown = (e) => {
      if (e.key === 'Enter' && where.has(e.target)) {
        e.stopPropagation();
        openDetails(e.target);
      }
    };
    rows.push(scroller);
    tiles.push(line);
  }
  // Row focus drives the hero's colour transitions (focusin bubbles). The
  // hero's Play button sits below its title: focusing it scrolls the page
  // back to the top so the whole hero shows (the engine's scroll-into-view
  // would only bring the button itself in, under the page's top edge).
  page.onFocusIn = (e) => {
    if (e.target === heroButton) page.animate({ scrollY: 0 }, { duration: 320, easing: 'ease-out' });
    const p = where.get(e.target);
    if (!p) return;
    const [top, bottom] = tileColors(p[0], p[1]);
    hero.colorTl = top;
    hero.colorBr = bottom;
  };

  // ---- details overlay ----
  const overlay = r.createNode('view', { w: W, h: H, visible: false, zIndex: 10 });
  r.root.appendChild(overlay);
  const backdrop = r.createNode('view', { w: W, h: H, color: 0x000000ff, alpha: 0 });
  overlay.appendChild(backdrop);
  const panel = r.createNode('view', {
    x: W, w: PANEL_W, h: H, colorTop: 0x1d2440ff, colorBottom: 0x0b0e1aff, focusTrap: true,
    role: 'dialog', label: 'Details',
  });
  overlay.appendChild(panel);
  // The title's poster, rounded (its src is set when the panel opens).
  const poster = r.createNode('image', { x: 60, y: 80, w: PANEL_W - 120, h: 360, radius: 24 });
  panel.appendChild(poster);
  const detailsTitle = r.createNode('text', { x: 60, y: 466, w: PANEL_W - 120, maxLines: 1, fontSize: 40, text: '', color: 0xffffffff });
  panel.appendChild(detailsTitle);
  const detailsMeta = r.createNode('text', { x: 60, y: 522, w: PANEL_W - 120, maxLines: 1, fontSize: 24, text: '', color: 0xffffffb3 });
  panel.appendChild(detailsMeta);
  const detailsSynopsis = r.createNode('text', { x: 60, y: 564, w: PANEL_W - 120, maxLines: 2, fontSize: 24, text: '', color: 0xffffffe0 });
  panel.appendChild(detailsSynopsis);
  const buttons = ['Play', 'Add to My List', 'Close'].map((label, i) => {
    const b = r.createNode('view', {
      x: 60, y: 684 + i * 104, w: 420, h: 80, color: i === 0 ? 0xe50914ff : 0x3a4160ff, radius: 12,
      focusable: true, focusScale: 1.06, focusDuration: 140, focusColor: i === 0 ? 0xff4a55ff : 0x6a74a0ff,
      role: 'button', ...BUTTON_FOCUS,
    });
    b.appendChild(r.createNode('text', { x: 28, w: 392, h: 80, verticalAlign: 'middle', fontSize: 28, text: label, color: 0xffffffff }));
    panel.appendChild(b);
    return b;
  });

  const state = { open: false, tile: null, opened: 0, closed: 0 };

  function openDetails(tile) {
    if (state.open) return;
    const [ri, ci] = where.get(tile);
    state.open = true;
    state.tile = tile;
    state.opened++;
    poster.placeholderColor = tileColors(ri, ci)[0];
    poster.src = posterSrc(ri, ci);
    const t = tileText(ri, ci);
    detailsTitle.text = t.title;
    detailsMeta.text = t.meta;
    detailsSynopsis.text = t.synopsis;
    overlay.visible = true;
    backdrop.animate({ alpha: 0.72 }, { duration: 240, easing: 'ease-out' });
    const landed = panel.animate({ x: W - PANEL_W }, { easing: { type: 'spring', stiffness: 210, damping: 28 } }).finished;
    trailer.toPanel(landed); // a trailer playing keeps playing, small (in the panel once it has slid in)
    r.focus(buttons[0]);
    log(`details open ${ri}-${ci}`);
  }

  function closeDetails() {
    if (!state.open) return;
    state.open = false;
    state.closed++;
    backdrop.animate({ alpha: 0 }, { duration: 200, easing: 'ease-in' });
    panel.animate({ x: W }, { duration: 220, easing: 'ease-in' }).finished.then((res) => {
      // Hide only if nothing reopened it meanwhile (that would cancel this).
      if (res.finished && !state.open) overlay.visible = false;
    });
    trailer.toHero();
    if (state.tile) r.focus(state.tile);
    log('details closed');
  }

  // Back anywhere in the panel closes it; Enter on Close too. The panel is
  // a focusTrap: arrows stay inside while it is open.
  panel.onKeyDown = (e) => {
    if (e.key === 'Back' || (e.key === 'Enter' && e.target === buttons[2])) {
      e.stopPropagation();
      closeDetails();
    }
  };

  r.on('focus', (e) => {
    const p = e.to && where.get(e.to);
    if (p) log(`focus tile ${p[0]}-${p[1]}`);
    else if (e.to === heroButton) log('focus hero');
    else if (e.to && buttons.includes(e.to)) log(`focus button ${buttons.indexOf(e.to)}`);
  });

  // The autoplay trailer (./trailer.js): focus resting 1.5 s on a tile
  // crossfades the hero from its card to the title's trailer; Back on the
  // home screen stops it.
  const trailer = createTrailer(r, { hero, card: heroCard, slot: poster, where, log, src: opts.trailerSrc && (() => opts.trailerSrc), wake: opts.wake, autoplay: opts.autoplay });
  page.onKeyDown = (e) => {
    if (e.key === 'Back' && trailer.stop()) e.stopPropagation();
  };

  r.focus(tiles[0][0]);

  /** A label for the focused node: 'tile r-c', 'hero', 'button i' or null. */
  function focusedLabel() {
    const f = r.focused;
    if (!f) return null;
    const p = where.get(f);
    if (p) return `tile ${p[0]}-${p[1]}`;
    if (f === heroButton) return 'hero';
    const b = buttons.indexOf(f);
    return b >= 0 ? `button ${b}` : `node ${f.id}`;
  }

  return { r, page, hero, heroButton, rows, tiles, overlay, panel, backdrop, buttons, state, where, trailer, openDetails, closeDetails, focusedLabel };
}
