// examples/catalog-solid/app.jsx — examples/catalog/app.js rewritten with
// Solid on @reel/shim/solid: the same tree, the same properties, the same
// key handling, so the same key script gives the same frames.
//
// Declarative parts are signals (hero colours follow the focused tile, the
// details overlay's content and visibility); the overlay's slide/fade are
// started in the handlers through refs (node.animate), as in the plain app.
// The engine does focus, scrolling and the focused-tile scale animation.
import { createSignal, For, Index } from 'solid-js';
import { render } from '@reel/shim/solid';
import { createTrailer } from '../catalog/trailer.js';

import {
  W, H, ROWS, COLS, TILE_W, TILE_H, GAP, SIDE, PANEL_W, ROW_NAMES, HERO_SYNOPSIS, TILE_FOCUS, CAPTION_BAND, BUTTON_FOCUS, RADIUS, HERO_ART,
  tileText, tileColors, posterSrc,
} from '../catalog/data.js';
export { W, H, ROWS, COLS, TILE_W, TILE_H, GAP, SIDE, tileText, tileColors };

const cols = Array.from({ length: COLS }, (_, i) => i);

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

  const [heroColors, setHeroColors] = createSignal([0x3a1c71ff, 0xffaf7bff]);
  const [details, setDetails] = createSignal({ top: undefined, bottom: undefined, src: undefined, title: '', meta: '', synopsis: '' });
  const [overlayVisible, setOverlayVisible] = createSignal(false);
  let page, hero, heroButton, overlay, backdrop, panel, heroCard, detailsPoster;

  function openDetails(tile) {
    if (state.open) return;
    const [ri, ci] = where.get(tile);
    state.open = true;
    state.tile = tile;
    state.opened++;
    const [top, bottom] = tileColors(ri, ci);
    setDetails({ top, bottom, src: posterSrc(ri, ci), ...tileText(ri, ci) });
    setOverlayVisible(true);
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
      if (res.finished && !state.open) setOverlayVisible(false);
    });
    trailer.toHero();
    if (state.tile) r.focus(state.tile);
    log('details closed');
  }

  const Tile = (p) => {
    const [top] = tileColors(p.row, p.col);
    return (
      // A rounded poster (its placeholder colour shows until it loads);
      // focus scales it and draws a ring and a glow (engine focus styles).
      <image
        ref={(n) => { where.set(n, [p.row, p.col]); tiles[p.row][p.col] = n; }}
        w={TILE_W} h={TILE_H} flexShrink={0} src={posterSrc(p.row, p.col)} radius={RADIUS} placeholderColor={top}
        focusable focusScale={1.12} focusDuration={180} role="button" {...TILE_FOCUS}
      >
        {/* The caption band (inside the focus ring), and the title centred in it (one line, ellipsized). */}
        <view {...CAPTION_BAND} color={0x000000b8} />
        <text
          x={14} y={CAPTION_BAND.y} w={TILE_W - 28} h={CAPTION_BAND.h} maxLines={1} verticalAlign="middle" fontSize={22}
          text={tileText(p.row, p.col).title} color={0xffffffff}
        />
      </image>
    );
  };

  const Row = (p) => (
    <view w={W} h={40 + TILE_H + 2 * GAP} flexShrink={0}>
      <text x={SIDE} y={2} text={ROW_NAMES[p.row]} fontSize={28} color={0xffffffff} role="heading" />
      <view
        ref={(n) => { rows[p.row] = n; }}
        y={40} w={W} h={TILE_H + 2 * GAP} clipping
        display="flex" flexDirection="row" gap={GAP} paddingLeft={SIDE} paddingRight={SIDE} paddingTop={GAP}
        alignItems="start"
        scrollAxis="x" scrollAlign="edge" scrollPadding={SIDE} scrollDuration={240} focusMemory role="list"
        onKeyDown={(e) => {
          // One handler per row: Enter on any of its tiles bubbles here.
          if (e.key === 'Enter' && where.has(e.target)) {
            e.stopPropagation();
            openDetails(e.target);
          }
        }}
      >
        <For each={cols}>{(c) => <Tile row={p.row} col={c} />}</For>
      </view>
    </view>
  );

  const App = () => (
    <>
      <view w={W} h={H} colorTop={0x141a2eff} colorBottom={0x05060bff}>
        <view
          ref={page}
          w={W} h={H} display="flex" flexDirection="column" paddingTop={48} gap={32}
          onKeyDown={(e) => { if (e.key === 'Back' && trailer.stop()) e.stopPropagation(); }}
          scrollAxis="y" scrollAlign="edge" scrollPadding={48} scrollDuration={320}
          onFocusIn={(e) => {
            // Row focus drives the hero's colour transitions (focusin bubbles).
            // Focusing the hero's Play button (below its title) scrolls the
            // page back to the top so the whole hero shows.
            if (e.target === heroButton) page.animate({ scrollY: 0 }, { duration: 320, easing: 'ease-out' });
            const p = where.get(e.target);
            if (!p) return;
            const [top, bottom] = tileColors(p[0], p[1]);
            setHeroColors([top, bottom]);
          }}
        >
          <view
            ref={hero}
            w={W - 2 * SIDE} h={440} marginLeft={SIDE} flexShrink={0} clipping
            colorTl={heroColors()[0]} colorTr={0xd76d77ff} colorBl={0x0f2027ff} colorBr={heroColors()[1]}
            transition={{ colorTl: { duration: 400, easing: 'ease-out' }, colorBr: { duration: 400, easing: 'ease-out' } }}
          >
            {/* The hero's art, a bottom fade into the page, and the dark gradient the hero's text sits on. */}
            <image w={W - 2 * SIDE} h={440} src={HERO_ART} />
            <view y={280} w={W - 2 * SIDE} h={160} colorTop={0x0b0f1c00} colorBottom={0x0b0f1cd0} />
            <view w={1100} h={440} gradient="linear-gradient(90deg, #000000e0, #000000b0 45%, #00000000)" />
            <view ref={heroCard} x={1260} y={40} w={300} h={420} color={0xf0e6d2ff} rotation={0.08} />
            <text x={64} y={56} text="FEATURED" fontSize={22} letterSpacing={4} color={0xff7a82ff} />
            <text x={64} y={88} w={900} maxLines={1} text="The Long Night" fontSize={64} color={0xffffffff} />
            <text x={64} y={174} text="2026 · Drama · 2 h 14 min · HD" fontSize={26} color={0xffffffcc} />
            <text x={64} y={218} w={720} maxLines={2} fontSize={24} color={0xffffffcc} text={HERO_SYNOPSIS} />
            <view
              ref={heroButton}
              x={64} y={316} w={240} h={72} color={0xe50914ff}
              focusable focusScale={1.08} focusDuration={160} focusColor={0xff4a55ff} role="button" label="Play The Long Night"
            >
              <text w={240} h={72} textAlign="center" verticalAlign="middle" fontSize={28} text="Play" color={0xffffffff} />
            </view>
          </view>
          <Index each={ROW_NAMES}>{(_, ri) => <Row row={ri} />}</Index>
        </view>
      </view>
      <view ref={overlay} w={W} h={H} visible={overlayVisible()} zIndex={10}>
        <view ref={backdrop} w={W} h={H} color={0x000000ff} alpha={0} />
        <view
          ref={panel}
          x={W} w={PANEL_W} h={H} colorTop={0x1d2440ff} colorBottom={0x0b0e1aff} focusTrap role="dialog" label="Details"
          onKeyDown={(e) => {
            // Back anywhere in the panel closes it; Enter on Close too.
            if (e.key === 'Back' || (e.key === 'Enter' && e.target === buttons[2])) {
              e.stopPropagation();
              closeDetails();
            }
          }}
        >
          <image ref={detailsPoster} x={60} y={80} w={PANEL_W - 120} h={360} radius={24} placeholderColor={details().top} src={details().src} />
          <text x={60} y={466} w={PANEL_W - 120} maxLines={1} fontSize={40} text={details().title} color={0xffffffff} />
          <text x={60} y={522} w={PANEL_W - 120} maxLines={1} fontSize={24} text={details().meta} color={0xffffffb3} />
          <text x={60} y={564} w={PANEL_W - 120} maxLines={2} fontSize={24} text={details().synopsis} color={0xffffffe0} />
          <Index each={['Play', 'Add to My List', 'Close']}>{(label, i) => (
            <view
              ref={(n) => { buttons[i] = n; }}
              x={60} y={684 + i * 104} w={420} h={80} color={i === 0 ? 0xe50914ff : 0x3a4160ff} radius={12}
              focusable focusScale={1.06} focusDuration={140} focusColor={i === 0 ? 0xff4a55ff : 0x6a74a0ff} role="button"
              {...BUTTON_FOCUS}
            >
              <text x={28} w={392} h={80} verticalAlign="middle" fontSize={28} text={label()} color={0xffffffff} />
            </view>
          )}</Index>
        </view>
      </view>
    </>
  );

  const dispose = render(() => <App />, r);

  const offFocus = r.on('focus', (e) => {
    const p = e.to && where.get(e.to);
    if (p) log(`focus tile ${p[0]}-${p[1]}`);
    else if (e.to === heroButton) log('focus hero');
    else if (e.to && buttons.includes(e.to)) log(`focus button ${buttons.indexOf(e.to)}`);
  });

  // The autoplay trailer (examples/catalog/trailer.js, shared with the plain and React ports).
  const trailer = createTrailer(r, { hero, card: heroCard, slot: detailsPoster, where, log, src: opts.trailerSrc && (() => opts.trailerSrc), wake: opts.wake, autoplay: opts.autoplay });

  r.focus(tiles[0][0]);

  function focusedLabel() {
    const f = r.focused;
    if (!f) return null;
    const p = where.get(f);
    if (p) return `tile ${p[0]}-${p[1]}`;
    if (f === heroButton) return 'hero';
    const b = buttons.indexOf(f);
    return b >= 0 ? `button ${b}` : `node ${f.id}`;
  }

  return {
    r, page, hero, heroButton, rows, tiles, overlay, panel, backdrop, buttons, state, where, trailer, openDetails, closeDetails, focusedLabel,
    dispose() { offFocus(); trailer.dispose(); dispose(); },
  };
}
