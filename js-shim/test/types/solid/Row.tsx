// A typed Solid component on Reel host elements (`npm run typecheck`, with
// "jsx": "preserve", "jsxImportSource": "@reel/shim/solid" as an app sets).
import { For, createSignal, type Component, type JSX } from 'solid-js';
import { render } from '@reel/shim/solid';
import type { ReelNode, Renderer, ReelKeyEvent } from '@reel/shim';

interface Item { id: number; title: string; poster: string }

const Poster: Component<{ item: Item; onSelect: (item: Item) => void }> = (props) => (
  <view
    w={320} h={220} focusable focusScale={1.08} focusColor="#ffffffff"
    flexDirection="column" gap={8} role="button" label={props.item.title} description="Film"
    onKeyDown={(e: ReelKeyEvent) => { if (e.key === 'Enter') props.onSelect(props.item); }}
    onFocus={(e) => void e.relatedTarget}
    transition={{ scale: 150 }}
  >
    <image src={props.item.poster} w="100%" h={180} fit="cover" placeholderColor={0x303030ff} />
    <text fontSize={24} maxLines={1} textAlign="left" color="#e0e0e0">{props.item.title}</text>
  </view>
);

export const Row: Component<{ title: string; items: Item[]; children?: JSX.Element }> = (props) => {
  const [selected, setSelected] = createSignal<Item | null>(null);
  let rowNode!: ReelNode;
  return (
    <view ref={rowNode} display="flex" flexDirection="column" gap={16} padding={24} style={{ alpha: 1, x: 0 }}>
      <text text={props.title} fontSize={32} />
      <view display="flex" flexDirection="row" gap={24} scrollAxis="x" focusMemory autofocus
        animate={{ to: { alpha: 1 }, duration: 300, easing: 'ease-in' }}>
        <For each={props.items}>{(item) => <Poster item={item} onSelect={setSelected} />}</For>
      </view>
      <text text={selected()?.title ?? ''} />
      {props.children}
      <view w={400} h={200} radius={12} gradient="linear-gradient(180deg, #000000cc, transparent 60%)" />
      {/* @ts-expect-error a gradient is a CSS string */}
      <view gradient={0xff0000ff} />
      {/* @ts-expect-error unknown property (Reel has no borderRadius) */}
      <view borderRadius={12} />
      {/* @ts-expect-error not a flexDirection value */}
      <view flexDirection="horizontal" />
      <video src="clip.webm" poster="p.png" autoplay muted loop paused={false} currentTime={0} w={320} h={180} focusable />
      {/* @ts-expect-error video props are typed (currentTime is a number) */}
      <video currentTime="1s" />
      {/* @ts-expect-error src is for <image> */}
      <view src="a.png" />
      {/* @ts-expect-error only <view>, <image>, <text> and <video> exist */}
      <div />
    </view>
  );
};

export function mount(renderer: Renderer): () => void {
  return render(() => <Row title="Popular" items={[{ id: 1, title: 'One', poster: 'p/1.jpg' }]} />, renderer);
}
