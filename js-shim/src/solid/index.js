// @reel/shim/solid — Solid's universal renderer on Reel host nodes.
//
// Compile JSX with babel-preset-solid `{ generate: 'universal', moduleName:
// '@reel/shim/solid' }` (esbuild-plugin-solid or vite-plugin-solid pass the
// same options). The compiled code imports createElement, insert, setProp, …
// from here; `render(() => <App/>, renderer)` mounts it.
//
//   import { render } from '@reel/shim/solid';
//   const r = await createRenderer({ ... });
//   const dispose = render(() => <App />, r);        // into r.root
//   dispose();                                       // unmounts and frees every engine node
//
// Solid (the browser build: Node needs `--conditions=browser`) must be the
// same instance the app imports.
//
// Engine nodes are freed by ownership: every element belongs to the Solid
// owner (component, effect, <For> row) that created it. When the owner is
// disposed the node is marked dead, and destroyed (with its dead subtree) as
// soon as it is detached — at once if it already is. Descendants that are
// not dead (created by other, still-live owners, by no owner, or by the app
// with renderer.createNode) are detached first and survive: whoever created
// them frees them. Moves and replaceNode's remove-then-reinsert only detach,
// so keyed reorders keep their nodes. Solid inserts an empty text node as a
// placeholder where a dynamic child renders nothing (<Show>, empty <For>).

import { createRenderer as createUniversal } from 'solid-js/universal';
import { createRoot, getOwner, onCleanup, onMount, createContext, useContext, untrack } from 'solid-js';
import { setHostProp, hostType, hasAutofocus, isAttached, autofocusInserted } from './host-props.js';

export { setHostProp, setHostProps, eventType } from './host-props.js';

const LIVE = 1;
const DEAD = 2;
/** node -> LIVE | DEAD (adapter-created nodes with an owner). */
const state = new WeakMap();
/** Text instances created for string children. */
const textNodes = new WeakSet();
/** node -> Reel renderer (for props that need it: focus). */
const rendererOf = new WeakMap();

// Solid's shared "unowned" owner (createRoot(() => …) with no dispose
// parameter): its cleanups never run, so nodes created under it are unowned.
const UNOWNED = createRoot(() => getOwner());

/** The Reel renderer in scope (see render()); children of a render inherit it. */
export const ReelContext = createContext(null);
let fallback = null;

function currentRenderer() {
  const r = useContext(ReelContext) ?? fallback;
  if (!r) throw new Error('reel: no renderer in scope — mount with render(() => <App/>, renderer) from @reel/shim/solid');
  return r;
}

// String children of a <text> element do not become engine children: they
// are kept here, in order, and the element's `text` is their concatenation
// (`<text>Score: {score()}</text>`). Their engine nodes stay detached.
/** text instance -> its <text> element */
const vparent = new WeakMap();
/** <text> element -> its text instances */
const vkids = new WeakMap();

function isTextElement(node) {
  return node.type === 'text' && !textNodes.has(node);
}

function parentOf(node) {
  return vparent.get(node) ?? node.parent;
}

function syncText(el) {
  const kids = vkids.get(el);
  let s = '';
  if (kids) for (const k of kids) s += k.text;
  el.text = s;
}

function vdetach(node) {
  const el = vparent.get(node);
  if (el === undefined) return;
  const kids = vkids.get(el);
  kids.splice(kids.indexOf(node), 1);
  vparent.delete(node);
  if (!el.destroyed) syncText(el);
}

/** Destroys a dead node's subtree, keeping (detaching) descendants that are still owned. */
function free(node) {
  if (node.destroyed) return;
  vdetach(node);
  const stack = [node];
  while (stack.length) {
    const n = stack.pop();
    const kids = vkids.get(n);
    if (kids) {
      for (const k of kids.splice(0)) {
        vparent.delete(k);
        if (state.get(k) === DEAD) k.destroy();
      }
    }
    for (let c = n.firstChild; c !== null;) {
      const next = c.nextSibling;
      if (state.get(c) === DEAD) stack.push(c);
      else n.removeChild(c); // still owned elsewhere, or not ours: keep it
      c = next;
    }
  }
  node.destroy();
}

function own(node) {
  const o = getOwner();
  if (o === null || o === UNOWNED) return;
  state.set(node, LIVE);
  onCleanup(() => {
    if (state.get(node) !== LIVE) return;
    state.set(node, DEAD);
    if (!node.destroyed && parentOf(node) === null) free(node);
  });
}

/** The host functions handed to solid-js/universal's createRenderer. */
export const hostConfig = {
  createElement(tag) {
    const r = currentRenderer();
    const node = r.createNode(hostType(tag));
    rendererOf.set(node, r);
    own(node);
    return node;
  },
  createTextNode(value) {
    const r = currentRenderer();
    const node = r.createNode('text', { text: String(value) });
    textNodes.add(node);
    rendererOf.set(node, r);
    own(node);
    return node;
  },
  replaceText(node, value) {
    node.text = value;
    const el = vparent.get(node);
    if (el !== undefined) syncText(el);
  },
  isTextNode(node) {
    return textNodes.has(node);
  },
  setProperty(node, name, value, prev) {
    // A transition animates writes made after it. The compiled template sets
    // static props (the transition object) before dynamic ones (the first
    // colour), so a node's first transition waits for the end of the current
    // update (onMount: after every render effect, still synchronous) and the
    // first values land without animating — as an imperative app does it.
    if (name === 'transition' && prev === undefined && getOwner() !== null) {
      onMount(() => {
        if (!node.destroyed) setHostProp(rendererOf.get(node), node, name, value, undefined);
      });
      return;
    }
    setHostProp(rendererOf.get(node), node, name, value, prev);
  },
  insertNode(parent, node, anchor) {
    if (isTextElement(parent)) {
      if (!textNodes.has(node)) throw new TypeError('reel: <text> takes only strings as children');
      vdetach(node);
      if (node.parent !== null) node.remove();
      let kids = vkids.get(parent);
      if (!kids) vkids.set(parent, (kids = []));
      const i = anchor == null ? -1 : kids.indexOf(anchor);
      if (i < 0) kids.push(node); else kids.splice(i, 0, node);
      vparent.set(node, parent);
      syncText(parent);
      return;
    }
    // Inserting a detached subtree into the tree attaches it: its nodes with
    // autofocus on take the focus (host-props.js). Moves are not attaches.
    const r = rendererOf.get(node) ?? rendererOf.get(parent);
    const attaching = r !== undefined && hasAutofocus(r) && !isAttached(r, node);
    vdetach(node);
    parent.insertBefore(node, anchor ?? null);
    if (attaching) autofocusInserted(r, node);
  },
  removeNode(parent, node) {
    if (node.destroyed) return;
    if (vparent.get(node) === parent) vdetach(node);
    else if (node.parent === parent) parent.removeChild(node);
    if (state.get(node) === DEAD) free(node);
  },
  getParentNode(node) {
    return parentOf(node) ?? undefined;
  },
  getFirstChild(node) {
    const kids = vkids.get(node);
    if (kids !== undefined) return kids[0];
    return node.firstChild ?? undefined;
  },
  getNextSibling(node) {
    const el = vparent.get(node);
    if (el !== undefined) {
      const kids = vkids.get(el);
      return kids[kids.indexOf(node) + 1];
    }
    return node.nextSibling ?? undefined;
  },
};

const solid = createUniversal(hostConfig);

export const {
  effect, memo, createComponent, createElement, createTextNode, insertNode, insert, spread, setProp, mergeProps, use,
} = solid;

/**
 * Mounts `code()` (usually `() => <App/>`) under `parent` (default
 * `renderer.root`). Returns a disposer that unmounts it and destroys every
 * engine node it created.
 * @param {() => any} code
 * @param {import('../index.js').Renderer} renderer
 * @param {import('../index.js').ReelNode} [parent]
 */
export function render(code, renderer, parent = renderer.root) {
  let disposer;
  fallback = renderer; // for owner-less code (handlers creating elements outside components)
  createRoot((dispose) => {
    disposer = dispose;
    const owner = getOwner();
    owner.context = { ...owner.context, [ReelContext.id]: renderer };
    insert(parent, code());
  });
  return () => {
    if (!disposer) return;
    const d = disposer;
    disposer = null;
    d();
    if (fallback === renderer) fallback = null;
    if (parent.destroyed) return;
    // The root insert has no owner to remove its nodes: the ones this
    // render created are dead now; nodes of other renders or of the app stay.
    for (const c of parent.children) {
      if (state.get(c) === DEAD) {
        parent.removeChild(c);
        free(c);
      }
    }
  };
}

/**
 * Runs `fn` with `renderer` in scope, for creating elements outside render()
 * (e.g. a portal or a test).
 */
export function withRenderer(renderer, fn) {
  const prev = fallback;
  fallback = renderer;
  try {
    return untrack(fn);
  } finally {
    fallback = prev;
  }
}

