// @reel/shim — focus. The engine owns focus (engine/src/focus.rs: spatial
// navigation, focus memory, traps, scroll-into-view, focusScale/focusColor
// styles); the shim sends FOCUS (op 13) / NAVIGATE (op 12) and keeps
// `renderer.focused` from the engine's FOCUS events (0x84), so it is the
// node the engine focused as of the last frame whose events arrived (a
// frame after the request, not synchronously).
//
// On each FOCUS event: `blur` on the old node and `focus` on the new one
// (not bubbling), then `focusout` / `focusin` (bubbling), then the
// renderer's `'focus'` listeners get `{ from, to, cause }` with cause
// 'navigation' | 'explicit' | 'pointer' | 'lost'.

import { ReelEvent, OP_FOCUS } from './input.js';

const CAUSES = ['navigation', 'explicit', 'pointer', 'lost'];
const NONE = 0xffffffff;
/** How long focus must stay before the engine announces it (engine/src/a11y.rs SETTLE_MS). */
const SETTLE_MS = 150;

/** Installs `focus()`, `blur()`, `focused` on renderer `r` and `node.focus()` on its nodes. */
export function installFocus(r) {
  r.focused = null;
  r._focusedId = NONE;

  /** Focuses `node` (null blurs). Sent at once; `renderer.focused` follows with the engine's FOCUS event. */
  r.focus = (node) => {
    let id = NONE;
    if (node !== null && node !== undefined) {
      if (typeof node !== 'object' || r.nodes[node.id] !== node) throw new TypeError('reel: focus(node): not a live node of this renderer');
      id = node.id;
    }
    r.enc.raw(OP_FOCUS, [id >>> 0], node ? node.id : NONE);
    r._sendNow();
  };
  /** Removes focus. */
  r.blur = () => r.focus(null);

  const proto = r.Node.prototype;
  /** Focuses this node (see renderer.focus). */
  proto.focus = function focus() { r.focus(this); return this; };
  /** True when the engine reported this node focused. */
  Object.defineProperty(proto, 'focused', {
    get() { return r.focused === this; },
    enumerable: false,
    configurable: true,
  });

  r._onFocusEvent = (from, to, cause) => {
    const prev = from === NONE ? null : r.nodes[from] ?? null;
    const next = to === NONE ? null : r.nodes[to] ?? null;
    r._focusedId = to;
    r.focused = next;
    // One frame once focus has settled, so the engine speaks it (renderer.js).
    if (r._settleFrame && to !== NONE && typeof setTimeout === 'function') {
      if (r._settleTimer !== undefined) clearTimeout(r._settleTimer);
      r._settleTimer = setTimeout(() => {
        r._settleTimer = undefined;
        if (r._closed) return;
        r._needFrame = true;
        r.touch();
      }, SETTLE_MS + 20);
    }
    const causeName = CAUSES[cause] ?? String(cause);
    const now = r._now();
    if (prev) {
      r.dispatch(prev, new ReelEvent('blur', { bubbles: false, relatedTarget: next, cause: causeName, timeStamp: now }));
      r.dispatch(prev, new ReelEvent('focusout', { relatedTarget: next, cause: causeName, timeStamp: now }));
    }
    if (next) {
      r.dispatch(next, new ReelEvent('focus', { bubbles: false, relatedTarget: prev, cause: causeName, timeStamp: now }));
      r.dispatch(next, new ReelEvent('focusin', { relatedTarget: prev, cause: causeName, timeStamp: now }));
    }
    r._emit('focus', { from: prev, to: next, cause: causeName });
  };
}
