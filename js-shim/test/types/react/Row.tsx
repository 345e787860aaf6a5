// A typed React component on Reel host elements (`npm run typecheck`, with
// "jsx": "react-jsx", "jsxImportSource": "@reel/shim/react" as an app sets).
import { useRef, useState, type FC, type ReactNode } from 'react';
import { createRoot } from '@reel/shim/react';
import type { ReelNode, Renderer, ReelKeyEvent } from '@reel/shim';

interface Item { id: number; title: string; poster: string }

const Poster: FC<{ item: Item; onSelect: (item: Item) => void }> = ({ item, onSelect }) => (
  <view
    w={320} h={220} focusable focusScale={1.08} focusColor="#ffffffff"
    flexDirection="column" gap={8} role="button" label={item.title} description="Film"
    onKeyDown={(e: ReelKeyEvent) => { if (e.key === 'Enter') onSelect(item); }}
    onFocus={(e) => void e.relatedTarget}
    transition={{ scale: 150 }}
  >
    <image src={item.poster} w="100%" h={180} fit="cover" placeholderColor={0x303030ff} />
    <text fontSize={24} maxLines={1} textAlign="left" color="#e0e0e0">{item.title}</text>
  </view>
);

export const Row: FC<{ title: string; items: Item[]; children?: ReactNode }> = ({ title, items, children }) => {
  const [selected, setSelected] = useState<Item | null>(null);
  const rowRef = useRef<ReelNode>(null);
  return (
    <view ref={rowRef} display="flex" flexDirection="column" gap={16} padding={24} style={{ alpha: 1, x: 0 }}>
      <text text={title} fontSize={32} />
      <view display="flex" flexDirection="row" gap={24} scrollAxis="x" focusMemory autoFocus
        animate={{ to: { alpha: 1 }, duration: 300, easing: 'ease-in' }}>
        {items.map((item) => <Poster key={item.id} item={item} onSelect={setSelected} />)}
      </view>
      <text text={selected?.title ?? ''} />
      {children}
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
  const root = createRoot(renderer);
  root.render(<Row title="Popular" items={[{ id: 1, title: 'One', poster: 'p/1.jpg' }]} />);
  return () => root.unmount();
}
