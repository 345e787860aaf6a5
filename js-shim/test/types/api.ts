// Typed use of the plain JS API (`npm run typecheck`). Each `@ts-expect-error`
// line must stay an error: if the generated types ever accepted it, tsc would
// fail with "Unused '@ts-expect-error' directive".
import { createRenderer, protocol } from '@reel/shim';
import type {
  NodeProps, ReelNode, AnimatableProps, FlexDirection, ErrorKindName, EngineError, PropEnums,
} from '@reel/shim';
import { PROPS, ANIMATABLE_PROPS, ERROR_CODES, NODE_KIND } from '@reel/shim/props';

export async function main(): Promise<void> {
  const renderer = await createRenderer({ width: 1920, height: 1080, transport: 'inline' });
  const row: ReelNode = renderer.createNode('view', {
    display: 'flex', flexDirection: 'row', gap: 24, w: '100%', h: 'auto', padding: '5%',
    color: '#101820', focusable: true, focusMemory: 1, scrollAxis: 'x', scrollAlign: 'center',
  });
  renderer.root.appendChild(row);

  const poster = renderer.createNode('image', { w: 320, h: 180, fit: 'cover', placeholderColor: 0x202020ff });
  poster.src = 'posters/1.jpg';
  poster.focusScale = 1.1;
  poster.focusColor = '#ffffffff';
  poster.zIndex = -1;
  poster.visible = false;
  poster.focusRight = poster; // a node blocks that direction
  poster.focusLeft = row.id;
  row.appendChild(poster);

  // Effects (issue 16): radius as a number or four corners; borders and shadows.
  {
    const fx = renderer.createNode('view', { radius: [8, 8, 0, 0], borderWidth: 2, borderColor: '#ffffff', shadowColor: 0x00000080, shadowBlur: 12, shadowSpread: -2, shadowOffsetX: 0, shadowOffsetY: 6 });
    fx.radius = 4;
    fx.radiusBl = 10;
    fx.animate({ radius: 16, shadowBlur: 24, borderColor: '#ff8000' }, { duration: 200 });
    // @ts-expect-error: radius takes four corners, not three
    fx.radius = [1, 2, 3];    // `gradient`: a CSS linear-/radial-gradient string ("" or null removes it).
    fx.gradient = 'linear-gradient(180deg, #000000cc, transparent 60%)';
    fx.setProps({ gradient: 'radial-gradient(circle at 30% 40%, #fff, #000)' });
    fx.set('gradient', null);
    // @ts-expect-error: a gradient is a string, not a colour number
    fx.gradient = 0xff0000ff;
  }

  const title = renderer.createNode('text', { text: 'Hello', fontSize: 32, maxLines: 2, textAlign: 'center' });
  title.lineHeight = 'auto';
  title.fontFamily = 'DejaVu Sans';
  title.set('overflowSuffix', '…');
  title.role = 'heading';
  title.set('label', 'Hello');
  title.setProps({ description: 'Row title', live: 'polite' });
  // @ts-expect-error: not a role
  title.role = 'banana';
  renderer.announce('Saved', { politeness: 'assertive' });
  renderer.on('announce', (a) => void a.text.length);
  title.setProps({ letterSpacing: -0.5, verticalAlign: 'middle' });
  row.appendChild(title);

  // Resets.
  poster.w = null;
  poster.setProps({ color: undefined, display: null });

  // Reads back as written.
  const dir: FlexDirection | null | undefined = row.flexDirection;
  const width: NodeProps['w'] = row.get('w');
  void dir; void width;

  // Animation: numbers and colours for animatable properties only.
  const to: AnimatableProps = { x: 100, alpha: 0.5, color: '#ff0000', scale: 1.2 };
  const anim = poster.animate(to, { duration: 200, easing: 'ease-out' });
  await anim.finished;
  poster.setTransition('x', 300);
  poster.transition = { alpha: { duration: 150, easing: 'linear' } };

  // Generated tables.
  const kind: ErrorKindName = ERROR_CODES[17];
  const firstProp = PROPS[0]!.name;
  const tracks = ANIMATABLE_PROPS.find(([name]) => name === 'color')?.[1];
  const viewKind: 0 = NODE_KIND.view;
  const sameTable: typeof PROPS = protocol.PROPS;
  const enumOfFit: PropEnums['fit'] = 'contain';
  void kind; void firstProp; void tracks; void viewKind; void sameTable; void enumOfFit;

  renderer.on('error', (e: EngineError) => {
    if (e.kind === 'OutOfRange') console.log(e.message);
  });

  // ---- what the types reject ----
  // @ts-expect-error unknown property (Reel has no borderRadius)
  poster.borderRadius = 12;
  // @ts-expect-error unknown property in props
  renderer.createNode('view', { borderRadius: 12 });
  // @ts-expect-error not a flexDirection value
  row.flexDirection = 'horizontal';
  // @ts-expect-error not a fit value
  renderer.createNode('image', { fit: 'stretch' });
  // @ts-expect-error 'gold' is not one of the colour names Reel knows
  poster.color = 'gold';
  // Colours as CSS writers write them.
  poster.color = 'red';
  poster.setProps({ borderColor: 'white', shadowColor: 'rgba(0, 0, 0, 0.5)', focusColor: '#fff', colorTop: 'rgb(255 128 0 / 50%)' });
  // Any letter case, as the parser takes it.
  poster.setProps({ borderColor: 'White', shadowColor: 'RGBA(0,0,0,.5)', focusColor: 'TRANSPARENT', colorTop: 'RGB(1,2,3)' });
  // @ts-expect-error mixed case inside a name is not a case CSS writers use
  poster.color = 'wHite';
  // @ts-expect-error x takes no percentage (only w/h/flexBasis/margins/min/max do)
  poster.x = '50%';
  // @ts-expect-error padding takes no 'auto'
  poster.padding = 'auto';
  // @ts-expect-error booleans or 0/1
  poster.focusable = 2;
  // @ts-expect-error fontSize is not animatable
  poster.animate({ fontSize: 40 });
  // @ts-expect-error animation targets are numbers, not percentages
  poster.animate({ w: '50%' });
  // @ts-expect-error not an ErrorKind name
  const badKind: ErrorKindName = 'Oops';
  void badKind;
}
