// examples/catalog-react/app.jsx — examples/catalog/app.js rewritten with
// React 19 on @reel/shim/react: the same tree, the same properties, the same
// key handling, so the same key script gives the same frames.
//
// State (hero colours following focus, the details overlay) is React state;
// the overlay's slide/fade are started in the handlers through refs
// (node.animate), as in the plain app. Handlers run at discrete priority and
// are committed before they return; the one update from outside a handler
// (hiding the overlay when the close animation ends) uses flushSync.
// The engine does focus, scrolling and the focused-tile scale animation.
import { useState, useRef, memo } from 'react';
import { createRoot, flushSync } from '@reel/shim/react';
import { createTrailer } from '../catalog/trailer.js';

import {
  W, H, ROWS, COLS, TILE_W, TILE_H, GAP, SIDE, PANEL_W, ROW_NAMES, HERO_SYNOPSIS, TILE_FOCUS, CAPTION_BAND, BUTTON_FOCUS, RADIUS, HERO_ART,
  tileText, tileColors, posterSrc,
} from '../catalog/data.js';
export { W, H, ROWS, COLS, TILE_W, TILE_H, GAP, SIDE, tileText, tileColors };

const cols = Array.from({ length: COLS }, (_, i) => i);
const LABELS = ['Play', 'Add to My List', 'Close'];
const HERO_TRANSITION = { colorTl: { duration: 400, easing: 'ease-out' }, colorBr: { duration: 400, easing: 'ease-out' } };

/**
 * Mounts the catalog on renderer `r` and focuses the first tile. Returns the
 * same handle as the plain catalog's main() (plus dispose()).
 */
export function main(r, opts = {}) {
  const log = opts.log ?? (() => {});
  const where = new Map(); // tile node -> [row, col]
  const tiles = Array.from({ length: ROWS }, () => []);
  const rows = [];
  const buttons = [];
  const state = { open: false, tile: null, opened: 0, closed: 0 };
  const refs = {};
  let setApp = null; // the App's state setter, for openDetails/closeDetails

  function openDetails(tile) {
    if (state.open) return;
    const [ri, ci] = where.get(tile);
    state.open = true;
    state.tile = tile;
    state.opened++;
    const [top, bottom] = tileColors(ri, ci);
    setApp((s) => ({ ...s, details: { top, bottom, src: posterSrc(ri, ci), ...tileText(ri, ci) }, overlay: true }));
    refs.backdrop.animate({ alpha: 0.72 }, { duration: 240, easing: 'ease-out' });
    const landed = refs.panel.animate({ x: W - PANEL_W }, { easing: { type: 'spring', stiffness: 210, damping: 28 } }).finished;
    trailer.toPanel(landed); // a trailer playing keeps playing, small (in the panel once it has slid in)
    r.focus(buttons[0]);
    log(`details open ${ri}-${ci}`);
  }

  function closeDetails() {
    if (!state.open) return;
    state.open = false;
    state.closed++;
    refs.backdrop.animate({ alpha: 0 }, { duration: 200, easing: 'ease-in' });
    refs.panel.animate({ x: W }, { duration: 220, easing: 'ease-in' }).finished.then((res) => {
      if (res.finished && !state.open) flushSync(() => setApp((s) => ({ ...s, overlay: false })));
    });
    trailer.toHero();
    if (state.tile) r.focus(state.tile);
    log('details closed');
  }

  const Tile = memo(function Tile({ row, col }) {
    const [top] = tileColors(row, col);
    return (
      // A rounded poster (its placeholder colour shows until it loads);
      // focus scales it and draws a ring and a glow (engine focus styles).
      <image
        ref={(n) => { if (n) { where.set(n, [row, col]); tiles[row][col] = n; } }}
        w={TILE_W} h={TILE_H} flexShrink={0} src={posterSrc(row, col)} radius={RADIUS} placeholderColor={top}
        focusable focusScale={1.12} focusDuration={180} role="button" {...TILE_FOCUS}
      >
        {/* The caption band (inside the focus ring), and the title centred in it (one line, ellipsized). */}
        <view {...CAPTION_BAND} color={0x000000b8} />
        <text
          x={14} y={CAPTION_BAND.y} w={TILE_W - 28} h={CAPTION_BAND.h} maxLines={1} verticalAlign="middle" fontSize={22}
          text={tileText(row, col).title} color={0xffffffff}
        />
      </image>
    );
  });

  const onRowKeyDown = (e) => {
    // One handler per row: Enter on any of its tiles bubbles here.
    if (e.key === 'Enter' && where.has(e.target)) {
      e.stopPropagation();
      openDetails(e.target);
    }
  };

  const Row = memo(function Row({ row }) {
    return (
      <view w={W} h={40 + TILE_H + 2 * GAP} flexShrink={0}>
        <text x={SIDE} y={2} text={ROW_NAMES[row]} fontSize={28} color={0xffffffff} role="heading" />
        <view
          ref={(n) => { if (n) rows[row] = n; }}
          y={40} w={W} h={TILE_H + 2 * GAP} clipping
          display="flex" flexDirection="row" gap={GAP} paddingLeft={SIDE} paddingRight={SIDE} paddingTop={GAP}
          alignItems="start"
          scrollAxis="x" scrollAlign="edge" scrollPadding={SIDE} scrollDuration={240} focusMemory role="list"
          onKeyDown={onRowKeyDown}
        >
          {cols.map((c) => <Tile key={c} row={row} col={c} />)}
        </view>
      </view>
    );
  });

  // Back on the home screen stops the trailer.
  const onPageKeyDown = (e) => {
    if (e.key === 'Back' && trailer.stop()) e.stopPropagation();
  };

  const onPanelKeyDown = (e) => {
    // Back anywhere in the panel closes it; Enter on Close too.
    if (e.key === 'Back' || (e.key === 'Enter' && e.target === buttons[2])) {
      e.stopPropagation();
      closeDetails();
    }
  };

  function App() {
    const [s, set] = useState({ hero: [0x3a1c71ff, 0xffaf7bff], details: { top: undefined, bottom: undefined, src: undefined, title: '', meta: '', synopsis: '' }, overlay: false });
    setApp = set;
    const ref = (name) => (n) => { refs[name] = n; };
    const onFocusIn = (e) => {
      // Row focus drives the hero's colour transitions (focusin bubbles).
      // Focusing the hero's Play button (below its title) scrolls the page
      // back to the top so the whole hero shows.
      if (e.target === refs.heroButton) refs.page.animate({ scrollY: 0 }, { duration: 320, easing: 'ease-out' });
      const p = where.get(e.target);
      if (!p) return;
      const [top, bottom] = tileColors(p[0], p[1]);
      set((x) => ({ ...x, hero: [top, bottom] }));
    };
    return (
      <>
        <view w={W} h={H} colorTop={0x141a2eff} colorBottom={0x05060bff}>
          <view
            ref={ref('page')}
            w={W} h={H} display="flex" flexDirection="column" paddingTop={48} gap={32}
            scrollAxis="y" scrollAlign="edge" scrollPadding={48} scrollDuration={320}
            onFocusIn={onFocusIn}
            onKeyDown={onPageKeyDown}
          >
            <view
              ref={ref('hero')}
              w={W - 2 * SIDE} h={440} marginLeft={SIDE} flexShrink={0} clipping
              colorTl={s.hero[0]} colorTr={0xd76d77ff} colorBl={0x0f2027ff} colorBr={s.hero[1]}
              transition={HERO_TRANSITION}
            >
              {/* The hero's art, a bottom fade into the page, and the dark gradient the hero's text sits on. */}
              <image w={W - 2 * SIDE} h={440} src={HERO_ART} />
              <view y={280} w={W - 2 * SIDE} h={160} colorTop={0x0b0f1c00} colorBottom={0x0b0f1cd0} />
              <view w={1100} h={440} gradient="linear-gradient(90deg, #000000e0, #000000b0 45%, #00000000)" />
              <view ref={ref('heroCard')} x={1260} y={40} w={300} h={420} color={0xf0e6d2ff} rotation={0.08} />
              <text x={64} y={56} text="FEATURED" fontSize={22} letterSpacing={4} color={0xff7a82ff} />
              <text x={64} y={88} w={900} maxLines={1} text="The Long Night" fontSize={64} color={0xffffffff} />
              <text x={64} y={174} text="2026 · Drama · 2 h 14 min · HD" fontSize={26} color={0xffffffcc} />
              <text x={64} y={218} w={720} maxLines={2} fontSize={24} color={0xffffffcc} text={HERO_SYNOPSIS} />
              <view
                ref={ref('heroButton')}
                x={64} y={316} w={240} h={72} color={0xe50914ff}
                focusable focusScale={1.08} focusDuration={160} focusColor={0xff4a55ff} role="button" label="Play The Long Night"
              >
                <text w={240} h={72} textAlign="center" verticalAlign="middle" fontSize={28} text="Play" color={0xffffffff} />
              </view>
            </view>
            {ROW_NAMES.map((_, ri) => <Row key={ri} row={ri} />)}
          </view>
        </view>
        <view ref={ref('overlay')} w={W} h={H} visible={s.overlay} zIndex={10}>
          <view ref={ref('backdrop')} w={W} h={H} color={0x000000ff} alpha={0} />
          <view
            ref={ref('panel')}
            x={W} w={PANEL_W} h={H} colorTop={0x1d2440ff} colorBottom={0x0b0e1aff} focusTrap role="dialog" label="Details"
            onKeyDown={onPanelKeyDown}
          >
            <image ref={ref('detailsPoster')} x={60} y={80} w={PANEL_W - 120} h={360} radius={24} placeholderColor={s.details.top} src={s.details.src} />
            <text x={60} y={466} w={PANEL_W - 120} maxLines={1} fontSize={40} text={s.details.title} color={0xffffffff} />
            <text x={60} y={522} w={PANEL_W - 120} maxLines={1} fontSize={24} text={s.details.meta} color={0xffffffb3} />
            <text x={60} y={564} w={PANEL_W - 120} maxLines={2} fontSize={24} text={s.details.synopsis} color={0xffffffe0} />
            {LABELS.map((label, i) => (
              <view
                key={label}
                ref={(n) => { if (n) buttons[i] = n; }}
                x={60} y={684 + i * 104} w={420} h={80} color={i === 0 ? 0xe50914ff : 0x3a4160ff} radius={12}
                focusable focusScale={1.06} focusDuration={140} focusColor={i === 0 ? 0xff4a55ff : 0x6a74a0ff} role="button"
                {...BUTTON_FOCUS}
              >
                <text x={28} w={392} h={80} verticalAlign="middle" fontSize={28} text={label} color={0xffffffff} />
              </view>
            ))}
          </view>
        </view>
      </>
    );
  }

  const root = createRoot(r);
  root.renderSync(<App />);

  const offFocus = r.on('focus', (e) => {
    const p = e.to && where.get(e.to);
    if (p) log(`focus tile ${p[0]}-${p[1]}`);
    else if (e.to === refs.heroButton) log('focus hero');
    else if (e.to && buttons.includes(e.to)) log(`focus button ${buttons.indexOf(e.to)}`);
  });

  // The autoplay trailer (examples/catalog/trailer.js, shared with the plain and Solid ports).
  const trailer = createTrailer(r, { hero: refs.hero, card: refs.heroCard, slot: refs.detailsPoster, where, log, src: opts.trailerSrc && (() => opts.trailerSrc), wake: opts.wake, autoplay: opts.autoplay });

  r.focus(tiles[0][0]);

  function focusedLabel() {
    const f = r.focused;
    if (!f) return null;
    const p = where.get(f);
    if (p) return `tile ${p[0]}-${p[1]}`;
    if (f === refs.heroButton) return 'hero';
    const b = buttons.indexOf(f);
    return b >= 0 ? `button ${b}` : `node ${f.id}`;
  }

  return {
    r, rows, tiles, buttons, state, where, trailer, openDetails, closeDetails, focusedLabel,
    get page() { return refs.page; }, get hero() { return refs.hero; }, get heroButton() { return refs.heroButton; },
    get overlay() { return refs.overlay; }, get panel() { return refs.panel; }, get backdrop() { return refs.backdrop; },
    dispose() { offFocus(); trailer.dispose(); root.unmount(); },
  };
}
