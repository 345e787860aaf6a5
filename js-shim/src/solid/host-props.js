// @reel/shim/solid and @reel/shim/react — the prop bridge shared by both
// adapters: one framework prop write → shim calls.
//
//   engine properties (x, color, display, focusable, …), text, src → node.set(name, value)
//   style={{ … }}                      → the same, diffed against the previous object; a style
//                                        key wins over the prop of its name (see underStyle)
//   onKeyDown / onKeyUp / onFocus / onBlur / onClick / onFocusIn / onFocusOut
//                                      → node.on('keydown', fn) … (re-bound when the handler changes;
//                                        another on<Name> throws in dev: nodes never fire it)
//   animate={{ props, duration, … }}   → node.animate(props, options) when the object changes
//   transition={…}                     → node.transition = …
//   autofocus / autoFocus / focus      → renderer.focus(node) when the node gets attached
//                                        with the prop true (see "Autofocus" below)
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

/** True when `node` is in `renderer`'s tree (its topmost ancestor is the root). */
export function isAttached(renderer, node) {
  renderer = renderer.renderer ?? renderer;
  let n = node;
  while (n.parent) n = n.parent;
  return n === renderer.root;
}

/** Focuses `node` through its renderer once it is in the tree (next microtask). */
export function focusSoon(renderer, node) {
  renderer = renderer.renderer ?? renderer;
  queueMicrotask(() => {
    if (node.destroyed || typeof renderer.focus !== 'function') return;
    // Only nodes attached under the root can take focus.
    if (isAttached(renderer, node)) renderer.focus(node);
  });
}

// --- Autofocus ---------------------------------------------------------------
//
// Like HTML's autofocus and React's autoFocus, the prop is read when the node
// gets attached: a node is focused (next microtask) when it is inserted,
// itself or with an ancestor, under its renderer's root while the prop is
// true; once per attach. Changing the prop later never moves focus: a
// true -> false -> true flip on an attached node does nothing, and neither
// does false -> true on a node that was attached without it (React's
// autoFocus does nothing then either). Moving an attached node (a keyed
// reorder) is not an attach; a node the app detaches and inserts again (a
// Solid element it keeps) is, and is focused again if the prop is still true.
//
// Two ways a node gets attached with the prop true are seen: the node is
// attached by the microtask after the prop was set on the detached node (its
// creation: the tree being built is inserted in the same update, by the
// adapter or by the app), and the adapter inserting a detached subtree that
// holds it into the tree later (autofocusInserted below, from the Solid
// adapter's insertNode). React focuses on mount itself (commitMount): its
// ctx sets `focusOnMount` and the prop is ignored here.

/** renderer -> { on: Set of nodes with the prop true, due: Set of nodes to focus, queued } */
const autofocusState = new WeakMap();

function autofocusOf(renderer) {
  let st = autofocusState.get(renderer);
  if (!st) autofocusState.set(renderer, (st = { on: new Set(), due: new Set(), queued: false }));
  return st;
}

function flushAutofocus(renderer, st) {
  st.queued = false;
  const due = [...st.due];
  st.due.clear();
  for (const node of st.on) if (node.destroyed) st.on.delete(node);
  if (typeof renderer.focus !== 'function') return;
  // Several in one update: each is focused in turn, the last one keeps it.
  for (const node of due) {
    if (!node.destroyed && st.on.has(node) && isAttached(renderer, node)) renderer.focus(node);
  }
}

function focusDue(renderer, st, node) {
  st.due.add(node);
  if (st.queued) return;
  st.queued = true;
  queueMicrotask(() => flushAutofocus(renderer, st));
}

function setAutofocus(ctx, node, value) {
  if (ctx.focusOnMount) return; // the framework does it (React: commitMount)
  const renderer = ctx.renderer ?? ctx;
  const st = value || autofocusState.has(renderer) ? autofocusOf(renderer) : null;
  if (!value) {
    if (st) st.on.delete(node);
    return;
  }
  if (st.on.has(node)) return;
  st.on.add(node);
  // Set on an attached node: a later change, not an attach. Nothing to do.
  if (!isAttached(renderer, node)) focusDue(renderer, st, node);
}

/**
 * True when `renderer` has nodes with autofocus on: an adapter inserting a
 * node that is not attached yet then calls autofocusInserted after it.
 */
export function hasAutofocus(renderer) {
  const st = autofocusState.get(renderer.renderer ?? renderer);
  return st !== undefined && st.on.size > 0;
}

/**
 * `node` (not attached before) was just inserted by the adapter: when it is
 * attached now, the nodes with autofocus on in its subtree are focused (next
 * microtask).
 */
export function autofocusInserted(renderer, node) {
  renderer = renderer.renderer ?? renderer;
  const st = autofocusState.get(renderer);
  if (st === undefined || st.on.size === 0 || !isAttached(renderer, node)) return;
  for (const n of st.on) {
    if (n.destroyed) {
      st.on.delete(n);
      continue;
    }
    for (let a = n; a; a = a.parent) {
      if (a === node) {
        focusDue(renderer, st, n);
        break;
      }
    }
  }
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
 * `ctx` is the Reel renderer, or `{ renderer, runHandler(fn, ev), focusOnMount }`
 * when the framework wraps event handlers (React: discrete priority + sync
 * flush) or focuses autofocus nodes on mount itself (React: commitMount).
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
      let under = underStyle.get(node);
      styling = true;
      try {
        if (p) {
          for (const k in p) {
            if (v && k in v) continue;
            // The node's own value comes back (reset when it had none).
            const own = under ? under.get(k) : undefined;
            if (under) under.delete(k);
            setHostProp(renderer, node, k, own, p[k]);
          }
        }
        if (v) {
          for (const k in v) {
            if (p && p[k] === v[k]) continue;
            if (!p || !(k in p)) {
              if (!under) underStyle.set(node, (under = new Map()));
              under.set(k, ownValue(node, k));
            }
            setHostProp(renderer, node, k, v[k], p ? p[k] : undefined);
          }
        }
      } finally {
        styling = false;
      }
      if (under && under.size === 0) underStyle.delete(node);
      return;
    }
    case 'autofocus':
    case 'autoFocus':
    case 'focus':
      setAutofocus(renderer, node, value);
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
  if (!styling) {
    // A key the element's `style` sets wins over the prop of the same name
    // (in whichever order they come): the prop's value waits until the
    // style drops that key.
    const under = underStyle.get(node);
    if (under && under.has(name)) {
      under.set(name, value);
      return;
    }
  }
  if (EVENT_RE.test(name)) {
    bindEvent(ctx, node, eventType(name), value);
    return;
  }
  node.set(name, value ?? null);
}

// node -> Map(key -> the node's own value under a `style` key), for the keys
// its `style` object sets: dropping a key from the style gives that value
// back (a direct prop's, or the default). Only nodes with a style have one.
const underStyle = new WeakMap();
// True while the style case applies its keys (they are the style's, not
// direct props).
let styling = false;

/** The value `node` has for `key` of its own (before a style covers it). */
function ownValue(node, key) {
  if (EVENT_RE.test(key) || !(typeof node.get === 'function')) return undefined;
  try {
    return node.get(key);
  } catch {
    return undefined;
  }
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
