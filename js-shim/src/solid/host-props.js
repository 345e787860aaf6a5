// @reel/shim/solid and @reel/shim/react — the prop bridge shared by both
// adapters: one framework prop write → shim calls.
//
//   engine properties (x, color, display, focusable, …), text, src → node.set(name, value)
//   style={{ … }}                      → the same, diffed against the previous object
//   onKeyDown / onKeyUp / onFocus / onBlur / onClick / on<Anything>
//                                      → node.on('<anything>', fn) (re-bound when the handler changes)
//   animate={{ props, duration, … }}   → node.animate(props, options) when the object changes
//   transition={…}                     → node.transition = …
//   autofocus / autoFocus / focus      → renderer.focus(node) once the node is attached
//
// Framework-only props (children, key, ref) are the caller's business and
// never reach here. Nothing here imports the shim: it works on the node and
// renderer objects it is given, so a bundle that imports `@reel/shim` and
// this adapter shares one shim instance.

const EVENT_RE = /^on[A-Z]/;

/** Event type of an `on*` prop: onKeyDown → 'keydown', onFocus → 'focus'. */
export function eventType(name) {
  return name.slice(2).toLowerCase();
}

// node -> Map(eventType -> { fn, off })
const handlers = new WeakMap();

function bindEvent(ctx, node, type, fn) {
  let map = handlers.get(node);
  let slot = map && map.get(type);
  if (typeof fn !== 'function') {
    if (slot) {
      slot.off();
      map.delete(type);
    }
    return;
  }
  if (slot) {
    // Keep one engine-side subscription; swap the function it calls.
    slot.fn = fn;
    return;
  }
  if (typeof node.on !== 'function') throw new TypeError(`reel: this shim has no node events (cannot bind on${type})`);
  if (!map) handlers.set(node, (map = new Map()));
  slot = { fn, off: null };
  const run = ctx && ctx.runHandler;
  const off = node.on(type, run ? (ev) => run(slot.fn, ev) : (ev) => slot.fn(ev));
  slot.off = typeof off === 'function' ? off : () => node.off && node.off(type, off);
  map.set(type, slot);
}

/** Focuses `node` through its renderer once it is in the tree (next microtask). */
export function focusSoon(renderer, node) {
  renderer = renderer.renderer ?? renderer;
  queueMicrotask(() => {
    if (node.destroyed || typeof renderer.focus !== 'function') return;
    // Only nodes attached under the root can take focus.
    let n = node;
    while (n.parent) n = n.parent;
    if (n === renderer.root) renderer.focus(node);
  });
}

/** Structural equality of plain option objects (animate / transition values). */
function same(a, b) {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!same(a[k], b[k])) return false;
  return true;
}

/**
 * Applies one prop. `prev` is the previous value (undefined on first set).
 * `ctx` is the Reel renderer, or `{ renderer, runHandler(fn, ev) }` when the
 * framework wraps event handlers (React: discrete priority + sync flush).
 * Throws the shim's TypeError/RangeError for bad values.
 */
export function setHostProp(ctx, node, name, value, prev) {
  const renderer = ctx;
  switch (name) {
    case 'children':
    case 'key':
    case 'ref':
      return;
    case 'style': {
      const p = prev && typeof prev === 'object' ? prev : null;
      const v = value && typeof value === 'object' ? value : null;
      if (p) for (const k in p) if (!v || !(k in v)) setHostProp(renderer, node, k, undefined, p[k]);
      if (v) for (const k in v) if (!p || p[k] !== v[k]) setHostProp(renderer, node, k, v[k], p ? p[k] : undefined);
      return;
    }
    case 'autofocus':
    case 'autoFocus':
    case 'focus':
      if (value && !prev) focusSoon(renderer, node);
      return;
    case 'animate':
      // { to: { scale: 1.1 }, duration, easing, … }: starts when the value changes (structurally).
      if (value && !same(value, prev)) {
        const { to, props, ...timing } = value;
        node.animate(to ?? props, timing);
      }
      return;
    case 'transition':
      // { scale: 200, x: { duration, easing } }: later writes of those properties animate.
      if (!same(value, prev)) node.transition = value ?? null;
      return;
    default:
      break;
  }
  if (EVENT_RE.test(name)) {
    bindEvent(ctx, node, eventType(name), value);
    return;
  }
  node.set(name, value ?? null);
}

/** Applies every prop of `props` (first render). */
export function setHostProps(renderer, node, props) {
  for (const k in props) {
    const v = props[k];
    if (v !== undefined) setHostProp(renderer, node, k, v, undefined);
  }
}

/** Node types accepted as JSX tags. */
export const HOST_TYPES = new Set(['view', 'image', 'text', 'video']);

export function hostType(tag) {
  if (!HOST_TYPES.has(tag)) throw new TypeError(`reel: unknown host element <${tag}> (expected <view>, <image>, <text> or <video>)`);
  return tag;
}
