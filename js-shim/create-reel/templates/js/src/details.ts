import type { ReelKeyEvent, ReelNode } from '@reel/shim';
import { W, H, SIDE, posterById } from './data';
import { h, type Screen } from './ui';
import { back } from './router';

function button(label: string, x: number, primary: boolean, onPress: () => void): ReelNode {
  return h(
    'view',
    {
      x, y: 720, w: 300, h: 80, color: primary ? 0xe50914ff : 0x3a4160ff,
      focusable: true, focusScale: 1.06, focusDuration: 140, focusColor: primary ? 0xff4a55ff : 0x6a74a0ff,
      onKeyDown: (e: ReelKeyEvent) => {
        if (e.key !== 'Enter') return;
        e.stopPropagation();
        onPress();
      },
    },
    [h('text', { w: 300, h: 80, textAlign: 'center', verticalAlign: 'middle', fontSize: 30, color: 0xffffffff, text: label })],
  );
}

export function details(params: Record<string, string>): Screen {
  const p = posterById(params.id);
  const onKeyDown = (e: ReelKeyEvent) => {
    if (e.key !== 'Back') return;
    e.stopPropagation();
    back();
  };
  if (!p) {
    const b = button('Back', SIDE, true, back);
    const node = h('view', { w: W, h: H, colorTop: 0x17203aff, colorBottom: 0x05060bff, onKeyDown }, [
      h('text', { x: SIDE, y: 200, fontSize: 56, color: 0xffffffff, text: `No poster ${params.id}` }),
      b,
    ]);
    return { node, focus: b };
  }
  const playing = h('text', { x: SIDE, y: 620, fontSize: 30, color: 0x7cf29cff, text: '' });
  const play = button('Play', SIDE, true, () => {
    playing.text = 'Playing…';
  });
  const node = h('view', { w: W, h: H, colorTop: 0x17203aff, colorBottom: 0x05060bff, onKeyDown }, [
    h('view', { w: W, h: H, colorTl: p.top, colorTr: 0x05060bff, colorBl: p.bottom, colorBr: 0x05060bff }),
    h('view', { w: W, h: H, colorLeft: 0x000000e0, colorRight: 0x00000030 }),
    h('view', { x: W - SIDE - 480, y: 150, w: 480, h: 720, colorTop: p.top, colorBottom: p.bottom }),
    h('text', { x: SIDE, y: 150, fontSize: 24, letterSpacing: 4, color: 0xff7a82ff, text: 'DETAILS' }),
    h('text', { x: SIDE, y: 200, w: 1100, maxLines: 1, fontSize: 56, color: 0xffffffff, text: p.title }),
    h('text', { x: SIDE, y: 282, fontSize: 30, color: 0xffffffcc, text: `${p.year} · ${p.genre} · ${p.minutes} min` }),
    h('text', { x: SIDE, y: 350, w: 1000, maxLines: 4, fontSize: 30, color: 0xffffffe0, text: p.synopsis }),
    playing,
    play,
    button('Back', SIDE + 340, false, back),
  ]);
  return { node, focus: play };
}
