// @reel/shim/react — a React 19 renderer (react-reconciler 0.33, mutation
// mode) on Reel host nodes.
//
//   import { createRoot } from '@reel/shim/react';
//   const root = createRoot(renderer);            // renders into renderer.root
//   root.render(<App />);                         // concurrent (scheduled)
//   root.renderSync(<App />);                     // or: commit before returning
//   root.unmount();                               // frees every engine node
//
// Host elements: <view>, <image>, <text>. Props are the shim's (x, color,
// display, focusable, …), plus `style` (an object of the same), event
// handlers (onKeyDown, onKeyUp, onFocus, onBlur, onFocusIn, onFocusOut,
// onClick), `autoFocus`, `animate` ({ to, duration, easing, … }) and
// `transition`. `ref` gives the ReelNode. `<text>` with string children sets
// its `text`; a bare string elsewhere becomes a text node.
//
// Handlers run at discrete priority and the resulting React work is
// flushed before the handler returns (like react-dom's key and click
// events), so a key press re-renders synchronously.
//
// Engine nodes: React calls removeChild only for deletions (moves are
// insertBefore/appendChild on attached nodes, which the shim moves); the
// deleted node is detached there and destroyed — with its subtree — in
// detachDeletedInstance, after passive effect cleanups (which may still
// read the node) have run.

import Reconciler from 'react-reconciler';
import { DefaultEventPriority, DiscreteEventPriority, NoEventPriority, ConcurrentRoot } from 'react-reconciler/constants.js';
import { setHostProp } from '../solid/host-props.js';

const HOST = new Set(['view', 'image', 'text', 'video']);
const textInstances = new WeakSet();
const ROOT_CONTEXT = Object.freeze({ reel: true });
// Nodes need their renderer in commitUpdate/commitMount (which get no container).
const rendererOfNode = new WeakMap();

let currentUpdatePriority = NoEventPriority;
let reconciler = null; // set below; handlers need it

function runHandler(fn, ev) {
  const prev = currentUpdatePriority;
  currentUpdatePriority = DiscreteEventPriority;
  try {
    fn(ev);
  } finally {
    currentUpdatePriority = prev;
  }
  reconciler.flushSyncWork();
}

/** Per-renderer context handed to the prop bridge. */
const ctxOf = new WeakMap();
function ctxFor(renderer) {
  let c = ctxOf.get(renderer);
  // focusOnMount: autoFocus is read once, when the node mounts (commitMount,
  // like react-dom); the prop bridge ignores it, so a later false -> true
  // change does not move focus.
  if (!c) ctxOf.set(renderer, (c = { renderer, runHandler, focusOnMount: true }));
  return c;
}

/** autoFocus (or autofocus, focus) on: the node takes focus when it mounts. */
function wantsFocus(props) {
  return !!(props.autoFocus || props.autofocus || props.focus);
}

function isTextChild(v) {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint';
}

/** The text of a <text> element's children (strings, numbers, arrays of them), or null. */
function textContent(children) {
  if (isTextChild(children)) return String(children);
  if (!Array.isArray(children)) return null;
  let s = '';
  for (const c of children) {
    if (isTextChild(c)) s += String(c);
    else if (c === null || c === undefined || typeof c === 'boolean') continue;
    else return null;
  }
  return s;
}

function applyProps(ctx, node, type, prev, next) {
  if (prev !== null) {
    for (const k in prev) {
      if (k === 'children' || k in next) continue;
      setHostProp(ctx, node, k, undefined, prev[k]);
    }
  }
  for (const k in next) {
    const v = next[k];
    if (k === 'children') {
      if (type !== 'text') continue;
      const s = textContent(v);
      const was = prev === null ? null : textContent(prev.children);
      if (s !== null && s !== was) node.text = s;
      else if (s === null && was !== null) node.text = '';
      continue;
    }
    const p = prev === null ? undefined : prev[k];
    if (p === v) continue;
    if (prev === null && (v === undefined || k === 'transition')) continue;
    setHostProp(ctx, node, k, v, p);
  }
  // On creation the transition goes last: it animates later writes, not the first values.
  if (prev === null && next.transition !== undefined) setHostProp(ctx, node, 'transition', next.transition, undefined);
}

function destroyDetached(node) {
  if (!node.destroyed && node.parent === null) node.destroy();
}

const hostConfig = {
  rendererPackageName: '@reel/shim/react',
  rendererVersion: '0.1.0',
  supportsMutation: true,
  supportsPersistence: false,
  supportsHydration: false,
  supportsMicrotasks: true,
  scheduleMicrotask: queueMicrotask,
  scheduleTimeout: setTimeout,
  cancelTimeout: clearTimeout,
  noTimeout: -1,
  isPrimaryRenderer: false,
  warnsIfNotActing: false,

  getRootHostContext() { return ROOT_CONTEXT; },
  getChildHostContext(parentContext) { return parentContext; },
  getPublicInstance(instance) { return instance; },
  prepareForCommit() { return null; },
  resetAfterCommit() {},
  preparePortalMount() {},

  createInstance(type, props, container) {
    if (!HOST.has(type)) throw new TypeError(`reel: unknown host element <${type}> (expected <view>, <image>, <text> or <video>)`);
    const node = container.renderer.createNode(type);
    rendererOfNode.set(node, container.renderer);
    applyProps(container.ctx, node, type, null, props);
    return node;
  },
  createTextInstance(text, container) {
    const node = container.renderer.createNode('text', { text });
    textInstances.add(node);
    rendererOfNode.set(node, container.renderer);
    return node;
  },
  shouldSetTextContent(type, props) {
    return type === 'text' && textContent(props.children) !== null;
  },
  appendInitialChild(parent, child) { parent.insertBefore(child, null); },
  finalizeInitialChildren(_node, _type, props) {
    return wantsFocus(props);
  },
  // Once per mount, with the props it mounted with (react-dom's autoFocus):
  // later renders changing autoFocus do nothing.
  commitMount(node, _type, props, internalHandle) {
    void internalHandle;
    if (wantsFocus(props)) {
      const r = rendererOfNode.get(node);
      if (r) r.focus(node);
    }
  },
  commitUpdate(node, type, prevProps, nextProps) {
    applyProps(ctxFor(rendererOfNode.get(node)), node, type, prevProps, nextProps);
  },
  commitTextUpdate(node, _old, text) { node.text = text; },
  resetTextContent(node) { node.text = ''; },

  appendChild(parent, child) { parent.insertBefore(child, null); },
  appendChildToContainer(container, child) { container.node.insertBefore(child, null); },
  insertBefore(parent, child, before) { parent.insertBefore(child, before); },
  insertInContainerBefore(container, child, before) { container.node.insertBefore(child, before); },
  removeChild(parent, child) {
    if (child.destroyed) return;
    if (child.parent === parent) parent.removeChild(child);
    if (textInstances.has(child)) child.destroy(); // no detachDeletedInstance for text
  },
  removeChildFromContainer(container, child) {
    hostConfig.removeChild(container.node, child);
  },
  // The first commit of a root clears its container: the parent may hold
  // other nodes (another root, the app's own), so nothing is removed here.
  clearContainer() {},
  detachDeletedInstance(node) {
    // Called for every deleted host component after its effects ran: the
    // top of the deleted subtree is detached (removeChild), its
    // descendants are still attached to it and go with it.
    destroyDetached(node);
  },
  hideInstance(node) { node.visible = false; },
  unhideInstance(node, props) { node.visible = props.visible ?? null; },
  hideTextInstance(node) { node.visible = false; },
  unhideTextInstance(node) { node.visible = null; },

  getInstanceFromNode() { return null; },
  getInstanceFromScope() { return null; },
  beforeActiveInstanceBlur() {},
  afterActiveInstanceBlur() {},
  prepareScopeUpdate() {},

  setCurrentUpdatePriority(p) { currentUpdatePriority = p; },
  getCurrentUpdatePriority() { return currentUpdatePriority; },
  resolveUpdatePriority() { return currentUpdatePriority !== NoEventPriority ? currentUpdatePriority : DefaultEventPriority; },
  resolveEventType() { return null; },
  resolveEventTimeStamp() { return -1.1; },
  shouldAttemptEagerTransition() { return false; },
  trackSchedulerEvent() {},
  requestPostPaintCallback() {},

  maySuspendCommit() { return false; },
  maySuspendCommitOnUpdate() { return false; },
  maySuspendCommitInSyncRender() { return false; },
  preloadInstance() { return true; },
  startSuspendingCommit() {},
  suspendInstance() {},
  waitForCommitToBeReady() { return null; },
  getSuspendedCommitReason() { return null; },
  NotPendingTransition: null,
  HostTransitionContext: { $$typeof: Symbol.for('react.context'), _currentValue: null, _currentValue2: null, _threadCount: 0, Provider: null, Consumer: null },
  resetFormInstance() {},
  bindToConsole: undefined,
};

reconciler = Reconciler(hostConfig);
// Registers with React's devtools hook when a page has one (the React
// DevTools extension; react-refresh's runtime, which @vitejs/plugin-react
// installs in development, uses it to hot-swap edited components: without
// this call Fast Refresh has no renderer to refresh and Vite reloads the
// page). No hook (production pages, `reel run`): a no-op.
reconciler.injectIntoDevTools();

/** The react-reconciler instance (for devtools, flushSync, act-like helpers). */
export { reconciler };

/**
 * A React root rendering into `parent` (default `renderer.root`).
 * @param {import('../index.js').Renderer} renderer
 * @param {{ parent?: import('../index.js').ReelNode, onUncaughtError?: Function, onCaughtError?: Function, onRecoverableError?: Function, identifierPrefix?: string }} [opts]
 */
export function createRoot(renderer, opts = {}) {
  const container = {
    renderer,
    node: opts.parent ?? renderer.root,
    ctx: ctxFor(renderer),
  };
  const report = (e) => { throw e; };
  const fiberRoot = reconciler.createContainer(
    container,
    ConcurrentRoot,
    null,
    false,
    null,
    opts.identifierPrefix ?? '',
    opts.onUncaughtError ?? ((e) => { queueMicrotask(() => report(e)); }),
    opts.onCaughtError ?? ((e) => { console.error(e); }),
    opts.onRecoverableError ?? ((e) => { console.error(e); }),
    () => {},
  );
  return {
    /** Schedules a render (committed asynchronously, like react-dom's createRoot). */
    render(element) {
      reconciler.updateContainer(element, fiberRoot, null, null);
    },
    /** Renders and commits before returning (plus passive effects). */
    renderSync(element) {
      reconciler.updateContainerSync(element, fiberRoot, null, null);
      reconciler.flushSyncWork();
      reconciler.flushPassiveEffects();
    },
    /** Unmounts synchronously and destroys every engine node the root created. */
    unmount() {
      reconciler.updateContainerSync(null, fiberRoot, null, null);
      reconciler.flushSyncWork();
      reconciler.flushPassiveEffects();
    },
    /** Flushes pending work (sync lanes, then passive effects). */
    flush() {
      reconciler.flushSyncWork();
      reconciler.flushPassiveEffects();
    },
    container,
    fiberRoot,
  };
}

/** Runs `fn` at discrete priority and flushes what it scheduled before returning (like react-dom's flushSync). */
export function flushSync(fn) {
  const r = reconciler.flushSyncFromReconciler(fn);
  reconciler.flushSyncWork();
  return r;
}

/** Runs `fn` as a React event handler would (discrete priority, synchronous flush). */
export function act(fn) {
  runHandler(fn);
  reconciler.flushPassiveEffects();
}
