import { createEffect, For, on, type ParentProps } from 'solid-js';
import { useLocation, useNavigate } from '@solidjs/router';
import { W, H, SIDE, POSTER_W, POSTER_H, GAP, ROWS, type Poster, type Row } from './data';
import { focusLastPoster, lastPoster, registerTile, rememberPoster } from './focus';

/** What a key handler reads of Reel's key events. */
type KeyEvent = { key?: string; stopPropagation(): void };

const RING = 5;

function PosterTile(props: { poster: Poster; first: boolean }) {
  const navigate = useNavigate();
  const p = props.poster;
  const open = (e: KeyEvent) => {
    if (e.key !== 'Enter') return;
    e.stopPropagation();
    rememberPoster(p.id);
    navigate(`/details/${p.id}`);
  };
  // The tile is the focus ring: transparent until focused (focusColor), with
  // the poster inset by RING px inside it; the engine scales it on focus.
  return (
    <view
      w={POSTER_W} h={POSTER_H} flexShrink={0} color={0x00000000}
      ref={(n) => registerTile(p.id, n)}
      focusable focusColor={0xffffffff} focusScale={1.08} focusDuration={160}
      autofocus={lastPoster() ? lastPoster() === p.id : props.first}
      onFocus={() => rememberPoster(p.id)}
      onKeyDown={open}
    >
      <view x={RING} y={RING} w={POSTER_W - 2 * RING} h={POSTER_H - 2 * RING} colorTop={p.top} colorBottom={p.bottom} />
      <view x={RING} y={POSTER_H - RING - 72} w={POSTER_W - 2 * RING} h={72} color={0x000000b0} />
      <text
        x={16} y={POSTER_H - RING - 72} w={POSTER_W - 32} h={72} maxLines={2} verticalAlign="middle"
        fontSize={22} color={0xffffffff} text={p.title}
      />
    </view>
  );
}

function PosterRow(props: { row: Row; index: number }) {
  return (
    <view w={W} h={48 + POSTER_H + 2 * GAP} flexShrink={0}>
      <text x={SIDE} y={4} fontSize={30} color={0xffffffff} text={props.row.title} />
      {/* A row scrolls sideways to keep the focused poster in view, and
          remembers it when focus leaves and comes back. */}
      <view
        y={48} w={W} h={POSTER_H + 2 * GAP} clipping
        display="flex" flexDirection="row" gap={GAP} paddingLeft={SIDE} paddingRight={SIDE} paddingTop={GAP}
        alignItems="start" scrollAxis="x" scrollAlign="edge" scrollPadding={SIDE} scrollDuration={240} focusMemory
      >
        <For each={props.row.posters}>{(p, i) => <PosterTile poster={p} first={props.index === 0 && i() === 0} />}</For>
      </view>
    </view>
  );
}

// The home screen is the layout of every route: it stays mounted (hidden)
// while a details page, its child route, is shown on top, so Back is
// instant — nothing is rebuilt — and focus goes back to the poster.
export default function Home(props: ParentProps) {
  const location = useLocation();
  const atHome = () => location.pathname === '/';
  createEffect(on(atHome, (home, was) => {
    if (home && was === false) focusLastPoster();
  }));
  return (
    <>
      <view w={W} h={H} visible={atHome()} colorTop={0x17203aff} colorBottom={0x05060bff}>
        <text x={SIDE} y={44} fontSize={56} color={0xffffffff} text="Reel Starter" />
        <text x={SIDE} y={118} fontSize={24} color={0xffffff99} text="Arrows move · Enter opens · Back returns" />
        <view
          y={176} w={W} h={H - 176} clipping display="flex" flexDirection="column" gap={16}
          scrollAxis="y" scrollAlign="edge" scrollPadding={16} scrollDuration={300}
        >
          <For each={ROWS}>{(row, i) => <PosterRow row={row} index={i()} />}</For>
        </view>
      </view>
      {props.children}
    </>
  );
}
