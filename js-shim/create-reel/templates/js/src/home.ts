import type { ReelKeyEvent, ReelNode } from '@reel/shim';
import { W, H, SIDE, POSTER_W, POSTER_H, GAP, ROWS, type Poster } from './data';
import { h, type Screen } from './ui';
import { navigate } from './router';
import { lastPoster, registerTile, rememberPoster } from './focus';

const RING = 5;

function posterTile(p: Poster): ReelNode {
  // The tile is the focus ring: transparent until focused (focusColor), with
  // the poster inset by RING px inside it; the engine scales it on focus.
  return h(
    'view',
    {
      w: POSTER_W, h: POSTER_H, flexShrink: 0, color: 0x00000000,
      focusable: true, focusColor: 0xffffffff, focusScale: 1.08, focusDuration: 160,
      onFocus: () => rememberPoster(p.id),
      onKeyDown: (e: ReelKeyEvent) => {
        if (e.key !== 'Enter') return;
        e.stopPropagation();
        rememberPoster(p.id);
        navigate(`/details/${p.id}`);
      },
    },
    [
      h('view', { x: RING, y: RING, w: POSTER_W - 2 * RING, h: POSTER_H - 2 * RING, colorTop: p.top, colorBottom: p.bottom }),
      h('view', { x: RING, y: POSTER_H - RING - 72, w: POSTER_W - 2 * RING, h: 72, color: 0x000000b0 }),
      h('text', {
        x: 16, y: POSTER_H - RING - 72, w: POSTER_W - 32, h: 72, maxLines: 2, verticalAlign: 'middle',
        fontSize: 22, color: 0xffffffff, text: p.title,
      }),
    ],
  );
}

export function home(): Screen {
  const tiles = new Map<string, ReelNode>();
  const rows = ROWS.map((row) =>
    h('view', { w: W, h: 48 + POSTER_H + 2 * GAP, flexShrink: 0 }, [
      h('text', { x: SIDE, y: 4, fontSize: 30, color: 0xffffffff, text: row.title }),
      // A row scrolls sideways to keep the focused poster in view, and
      // remembers it when focus leaves and comes back.
      h(
        'view',
        {
          y: 48, w: W, h: POSTER_H + 2 * GAP, clipping: true,
          display: 'flex', flexDirection: 'row', gap: GAP, paddingLeft: SIDE, paddingRight: SIDE, paddingTop: GAP,
          alignItems: 'start', scrollAxis: 'x', scrollAlign: 'edge', scrollPadding: SIDE, scrollDuration: 240, focusMemory: true,
        },
        row.posters.map((p) => {
          const t = posterTile(p);
          tiles.set(p.id, t);
          registerTile(p.id, t);
          return t;
        }),
      ),
    ]),
  );
  const node = h('view', { w: W, h: H, colorTop: 0x17203aff, colorBottom: 0x05060bff }, [
    h('text', { x: SIDE, y: 44, fontSize: 56, color: 0xffffffff, text: 'Reel Starter' }),
    h('text', { x: SIDE, y: 118, fontSize: 24, color: 0xffffff99, text: 'Arrows move · Enter opens · Back returns' }),
    h(
      'view',
      {
        y: 176, w: W, h: H - 176, clipping: true, display: 'flex', flexDirection: 'column', gap: 16,
        scrollAxis: 'y', scrollAlign: 'edge', scrollPadding: 16, scrollDuration: 300,
      },
      rows,
    ),
  ]);
  const last = lastPoster();
  return { node, focus: (last && tiles.get(last)) || tiles.get(ROWS[0].posters[0].id) || null };
}
