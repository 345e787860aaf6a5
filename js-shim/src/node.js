// @reel/shim — host node objects.
//
// A node is an object holding only its id. Everything else lives in the
// renderer's Mirror (typed arrays by id) or goes straight into the batch:
// property setters encode immediately, property getters return the last
// value written (as written: `'50%'` reads back as `'50%'`, `'#ff0000'` as
// `'#ff0000'`, a reset or never-written property as `undefined`). The JS side
// never computes layout or defaults; the engine is the only one who knows
// where a node ends up.
//
// One class per renderer, so accessors close over that renderer's encoder
// and mirror instead of every node carrying a pointer to them.

import { ARRAY_PROPS, NONE, NODE_KIND } from './props.js';
import { PROP_BY_NAME, unknownProp, coercedValue, encodeValue } from './encoder.js';
import { NIL } from './mirror.js';
import { MAX_ANNOUNCE_BYTES } from './a11y.js';

const KIND_NAMES = Object.keys(NODE_KIND); // index = wire kind

/** Error for tree misuse (thrown in every build: the engine would reject the batch). */
function treeError(msg) {
  const e = new Error(`reel: ${msg}`);
  e.name = 'ReelTreeError';
  return e;
}

/**
 * Builds the node class for one renderer.
 * @param {object} r renderer internals: { mirror, enc, nodes, dev, seal, touch }
 */
export function defineNodeClass(r) {
  const m = r.mirror;
  const enc = r.enc;
  const nodes = r.nodes;
  const dev = r.dev;
  const touch = r.touch; // schedules the automatic frame
  const SRC = PROP_BY_NAME.get('src');

  const label = (node) => `${KIND_NAMES[m.kind[node.id] - 1] ?? 'destroyed'} node ${node.id}`;

  function dead(node, what) {
    if (dev) throw treeError(`node ${node.id} was destroyed; cannot ${what}`);
  }

  function checkNode(x, role) {
    if (x === null || typeof x !== 'object' || nodes[x.id] !== x) {
      throw treeError(`${role} is not a live node of this renderer`);
    }
  }

  function storeValue(id, spec, v) {
    const s = spec.slot;
    let e = m.extra[id];
    if (s >= 0 && m.storeHot(id, s, v)) {
      if (e !== undefined && e[spec.name] !== undefined) e[spec.name] = undefined;
      return;
    }
    if (v === null || v === undefined) {
      if (e !== undefined) e[spec.name] = undefined;
      return;
    }
    if (e === undefined) m.extra[id] = e = {};
    e[spec.name] = v;
  }

  function readValue(id, spec) {
    const s = spec.slot;
    if (s >= 0) {
      const v = m.readHot(id, s);
      if (v !== undefined) return v;
    }
    const e = m.extra[id];
    return e === undefined ? undefined : e[spec.name];
  }

  function setProp(node, spec, v) {
    const id = node.id;
    if (nodes[id] !== node) return dead(node, `set '${spec.name}'`);
    if (Array.isArray(v) && ARRAY_PROPS[spec.name]) return setArrayProp(node, spec, v);
    // focusLeft/Right/Up/Down take a node (or its id); the node reads back.
    const wire = spec.check === 'nodeId' && v !== null && typeof v === 'object' ? nodeIdOf(v, spec) : v;
    const ty = enc.prop(id, spec, wire); // validates first; throws before writing anything
    // Production clamps an out-of-range number into what the engine accepts
    // (encoder.js clampTo): the mirror keeps what was sent, so reads agree
    // with the engine.
    const sent = dev ? undefined : coercedValue(ty);
    storeValue(id, spec, sent === undefined ? v : sent);
    touch();
  }

  /**
   * `radius: [tl, tr, br, bl]`: one property per element (ARRAY_PROPS, from
   * the engine's table). The length and every element are checked before
   * anything is written, so a bad array leaves the batch untouched.
   */
  function setArrayProp(node, spec, v) {
    const specs = checkArray(node, spec, v);
    // A transition declared on `radius` eases the array too, as CSS's
    // `transition: border-radius` does: the engine keys a transition by the
    // property written, and the array arrives as its four corners, so it
    // is sent as the animation that transition would run (unless the
    // corners have transitions of their own).
    const t = r._transitionOf ? r._transitionOf(node.id, spec.name) : undefined;
    if (t !== undefined && specs.every((s) => r._transitionOf(node.id, s.name) === undefined)) {
      const targets = {};
      specs.forEach((s, i) => { targets[s.name] = v[i]; });
      node.animate(targets, t);
      specs.forEach((s, i) => storeValue(node.id, s, v[i])); // a transition's write is stored
    } else {
      specs.forEach((s, i) => setProp(node, s, v[i]));
    }
    storeValue(node.id, spec, v.slice());
  }

  /** An array property's length and every element (throws); its element specs. */
  function checkArray(node, spec, v) {
    const parts = ARRAY_PROPS[spec.name];
    if (v.length !== parts.length) {
      throw new RangeError(`reel: property '${spec.name}' of ${label(node)} takes a number or an array of ${parts.length} numbers [${parts.join(', ')}]; got an array of ${v.length}`);
    }
    const specs = parts.map((n) => PROP_BY_NAME.get(n));
    specs.forEach((s, i) => {
      try {
        encodeValue(s, v[i], dev);
      } catch (e) {
        e.message = `reel: property '${spec.name}' of ${label(node)}, element ${i} (${s.name}): ${e.message.replace(/^reel: property '[^']*' /, '')}`;
        throw e;
      }
    });
    return specs;
  }

  function nodeIdOf(v, spec) {
    if (nodes[v.id] !== v) throw new TypeError(`reel: property '${spec.name}' expects a live node of this renderer (or its id)`);
    return v.id;
  }

  /** Throws unless `node` takes `src` (image and video nodes). */
  function checkSrc(node) {
    const k = m.kind[node.id];
    if (k !== NODE_KIND.image + 1 && k !== NODE_KIND.video + 1) throw new TypeError(`reel: 'src' is for image and video nodes; ${label(node)} has none`);
  }

  /** Throws unless `node` is a text node. */
  function checkText(node) {
    if (m.kind[node.id] !== NODE_KIND.text + 1) throw new TypeError(`reel: 'text' is for text nodes; ${label(node)} has none`);
  }

  function setSrc(node, v) {
    const id = node.id;
    if (nodes[id] !== node) return dead(node, "set 'src'");
    if (dev) checkSrc(node);
    const s = v === null || v === undefined ? '' : String(v);
    enc.str(id, SRC.key, s);
    m.strs[id] = s;
    touch();
  }

  /** The development checks of a string property other than `src` (throws). */
  function checkStr(node, spec, v) {
    if (v !== null && v !== undefined && typeof v !== 'string') {
      throw new TypeError(`reel: property '${spec.name}' of ${label(node)} takes a string; got ${typeof v}`);
    }
    // The engine fills views only: on an image or a text it would draw
    // nothing, and say nothing.
    if (spec.name === 'gradient' && v && m.kind[node.id] !== NODE_KIND.view + 1) {
      throw new TypeError(`reel: 'gradient' fills views; ${label(node)} draws none (put a view with the gradient over or under it)`);
    }
    // The engine rejects a longer label or description with the whole batch
    // (engine/src/a11y.rs MAX_TEXT): say so here, in dev, with the node.
    if ((spec.name === 'label' || spec.name === 'description') && typeof v === 'string' && v.length > MAX_ANNOUNCE_BYTES / 3 && new TextEncoder().encode(v).length > MAX_ANNOUNCE_BYTES) {
      throw new RangeError(`reel: '${spec.name}' of ${label(node)} is longer than ${MAX_ANNOUNCE_BYTES} UTF-8 bytes`);
    }
  }

  /**
   * setProps' first pass (development builds): throws what writing `v` to
   * `name` would throw, writing nothing, so a bad value leaves the node and
   * the batch as they were (a radius array's elements are checked the same
   * way, in setArrayProp).
   */
  function precheck(node, name, v) {
    const id = node.id;
    if (nodes[id] !== node) return;
    const spec = PROP_BY_NAME.get(name);
    if (spec === undefined) {
      if (name === 'transition' && 'transition' in node) return; // checked by its setter
      if (name !== 'text') throw unknownProp(name);
      checkText(node);
    } else if (spec === SRC) {
      checkSrc(node);
    } else if (spec.string) {
      checkStr(node, spec, v);
    } else if (Array.isArray(v) && ARRAY_PROPS[spec.name]) {
      checkArray(node, spec, v);
    } else if (!(spec.check === 'nodeId' && v !== null && typeof v === 'object')) {
      encodeValue(spec, v, dev, id);
    } else {
      nodeIdOf(v, spec);
    }
  }

  /** SET_STR properties other than `src` (text nodes: fontFamily, overflowSuffix). */
  function setStrProp(node, spec, v) {
    if (spec === SRC) return setSrc(node, v);
    const id = node.id;
    if (nodes[id] !== node) return dead(node, `set '${spec.name}'`);
    if (dev) checkStr(node, spec, v);
    const s = v === null || v === undefined ? '' : v;
    enc.str(id, spec.key, s);
    storeValue(id, spec, s === '' ? undefined : s);
    touch();
  }

  function setText(node, v) {
    const id = node.id;
    if (nodes[id] !== node) return dead(node, "set 'text'");
    checkText(node);
    const s = v === null || v === undefined ? '' : String(v);
    enc.text(id, s);
    m.strs[id] = s;
    touch();
  }

  function link(id) {
    return id === NIL ? null : nodes[id] ?? null;
  }

  class ReelNode {
    // A field (defined, not assigned): the development guard below sees no write of it.
    id;

    /** @param {number} id */
    constructor(id) {
      /** The engine id (recycled after destroy; do not keep ids, keep nodes). */
      this.id = id;
    }

    /** 'view' | 'image' | 'text' | 'video' (undefined once destroyed). */
    get type() {
      return KIND_NAMES[m.kind[this.id] - 1];
    }

    /** True once destroyed (directly or with an ancestor). */
    get destroyed() {
      return nodes[this.id] !== this;
    }

    get parent() { return nodes[this.id] === this ? link(m.parent[this.id]) : null; }
    get firstChild() { return nodes[this.id] === this ? link(m.first[this.id]) : null; }
    get lastChild() { return nodes[this.id] === this ? link(m.lastOf(this.id)) : null; }
    get nextSibling() { return nodes[this.id] === this ? link(m.next[this.id]) : null; }
    get previousSibling() { return nodes[this.id] === this ? link(m.prevOf(this.id)) : null; }

    /** The children, in paint order (a new array each call). */
    get children() {
      const out = [];
      if (nodes[this.id] !== this) return out;
      for (let c = m.first[this.id]; c !== NIL; c = m.next[c]) out.push(nodes[c]);
      return out;
    }

    /** Text of a text node (last written). */
    get text() {
      return m.kind[this.id] === NODE_KIND.text + 1 && nodes[this.id] === this ? m.strs[this.id] ?? '' : undefined;
    }
    set text(v) { setText(this, v); }

    /** Image or video source (last written). */
    get src() {
      return nodes[this.id] === this ? m.strs[this.id] ?? (m.kind[this.id] === NODE_KIND.image + 1 || m.kind[this.id] === NODE_KIND.video + 1 ? '' : undefined) : undefined;
    }
    set src(v) { setSrc(this, v); }

    /** Sets a property by name (throws a TypeError for unknown names). */
    set(name, value) {
      const spec = PROP_BY_NAME.get(name);
      if (spec !== undefined) {
        if (spec.string) setStrProp(this, spec, value);
        else setProp(this, spec, value);
      } else if (name === 'text') setText(this, value);
      // `createNode(type, { transition })` and `setProps({ transition })`
      // declare transitions as `node.transition =` does (animation.js), at
      // their place in the object (the JSX adapters' order).
      else if (name === 'transition' && 'transition' in this) this.transition = value ?? null;
      else throw unknownProp(name);
      return this;
    }

    /** Last value written to a property (undefined if never written or reset). */
    get(name) {
      const spec = PROP_BY_NAME.get(name);
      if (spec === undefined) {
        if (name === 'text') return this.text;
        throw unknownProp(name);
      }
      if (spec === SRC) return this.src;
      return nodes[this.id] === this ? readValue(this.id, spec) : undefined;
    }

    /**
     * Sets several properties; they share one SET_PROPS command. In
     * development builds every value is checked before any is written: a
     * bad one throws and none of them is applied.
     */
    setProps(props) {
      if (dev) for (const k in props) precheck(this, k, props[k]);
      for (const k in props) this.set(k, props[k]);
      return this;
    }

    /** Appends (or moves) `child` as the last child. */
    appendChild(child) {
      return this.insertBefore(child, null);
    }

    /**
     * Inserts `child` before `anchor` (null/undefined: last). A child that
     * is attached anywhere (here included) is moved.
     */
    insertBefore(child, anchor) {
      checkNode(this, 'parent');
      checkNode(child, 'child');
      const p = this.id;
      const c = child.id;
      if (c === 0) throw treeError('the root cannot be inserted');
      let a = NIL;
      if (anchor !== null && anchor !== undefined) {
        checkNode(anchor, 'anchor');
        a = anchor.id;
        if (m.parent[a] !== p) throw treeError(`anchor ${label(anchor)} is not a child of ${label(this)}`);
        if (a === c) return child; // before itself: already there
      }
      if (m.parent[c] === p && m.next[c] === a) return child; // already in place
      if (m.isAncestorOrSelf(c, p)) throw treeError(`inserting ${label(child)} into ${label(this)} would make a cycle`);
      m.insertBefore(p, c, a);
      enc.insert(p, c, a === NIL ? NONE : a);
      touch();
      return child;
    }

    /** Detaches `child` (it stays alive and can be inserted again until destroyed). */
    removeChild(child) {
      checkNode(this, 'parent');
      checkNode(child, 'child');
      if (m.parent[child.id] !== this.id) throw treeError(`${label(child)} is not a child of ${label(this)}`);
      m.detach(child.id);
      enc.remove(child.id);
      touch();
      return child;
    }

    /** Detaches this node from its parent, if any. */
    remove() {
      if (nodes[this.id] === this && m.parent[this.id] !== NIL) nodes[m.parent[this.id]].removeChild(this);
      return this;
    }

    /** Destroys this node and its whole subtree; their ids are recycled after the next flush. */
    destroy() {
      const id = this.id;
      if (nodes[id] !== this) return;
      if (id === 0) throw treeError('the root cannot be destroyed');
      m.destroy(id, r.onFree);
      enc.destroy(id);
      touch();
    }

    toString() {
      return `[reel ${label(this)}]`;
    }
  }

  const proto = ReelNode.prototype;
  for (const spec of PROP_BY_NAME.values()) {
    if (spec === SRC) continue; // src has its own accessor above
    if (spec.string) {
      Object.defineProperty(proto, spec.name, {
        get() { return nodes[this.id] === this ? readValue(this.id, spec) : undefined; },
        set(v) { setStrProp(this, spec, v); },
        enumerable: false,
        configurable: true,
      });
      continue;
    }
    Object.defineProperty(proto, spec.name, {
      get() { return nodes[this.id] === this ? readValue(this.id, spec) : undefined; },
      set(v) { setProp(this, spec, v); },
      enumerable: false,
      configurable: true,
    });
  }
  return ReelNode;
}

/**
 * Development builds: a write of a name that is no property
 * (`node.borderRadius = 12`) finds no accessor on the node class's
 * prototype and reaches this last link of its chain, which throws set()'s
 * "unknown property (did you mean …?)" error instead of the engine-less
 * "object is not extensible". Known properties stop at their accessor on
 * the prototype and never get here, so their writes cost nothing more;
 * production builds (dev: false) do not install it. Called once the
 * prototype is complete (animation, input and focus add their methods).
 */
export function guardUnknownWrites(NodeClass) {
  const proto = NodeClass.prototype;
  const guard = new Proxy(Object.create(Object.getPrototypeOf(proto)), {
    set(target, key, value, receiver) {
      if (typeof key === 'symbol') return Reflect.set(target, key, value, receiver);
      throw unknownProp(key);
    },
  });
  Object.setPrototypeOf(proto, guard);
}
