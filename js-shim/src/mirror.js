// @reel/shim — the minimal JS-side mirror of the engine's tree.
//
// The engine owns the only real scene tree. JS keeps just what its API must
// answer synchronously (frameworks read parent/firstChild/nextSibling right
// after writing them): for every id, five links in Int32Arrays (parent,
// first/last child, next/previous sibling) and a kind byte, plus the last
// value written for each property (see the value store below). No layout, no
// style objects, no per-node arrays of children.
//
// The value store (issue 14: JS bytes per node): the hot numbers (x, y, w, h,
// alpha) in a Float32Array and `color` in a Uint32Array, with a byte of
// "which are set" bits per id — 25 bytes an id, where six float64 columns
// took 48. A value reads back exactly as written: a number a float32 cannot
// hold exactly (0.1, 1e40), or a colour that is not a u32, goes to the
// per-id `extra` object instead, as every non-hot property does.
//
// Ids are allocated here: 0 is the root; freed ids are recycled, but only
// after the batch that destroyed them has been sent (`commit()`), so a batch
// never destroys and re-creates the same id and engine errors stay
// unambiguous.

import { HOT_PROPS } from './encoder.js';

/** "No node" in the link arrays. */
export const NIL = -1;
/** Number of hot value slots per id (x, y, w, h, alpha, color). */
export const HOT = HOT_PROPS.length;
/** The hot slot held as a u32 (`color`); the others are float32. */
const COLOR_SLOT = HOT_PROPS.indexOf('color');
/** Float32 columns per id: every hot slot but `color`. */
const F32_COLS = HOT - 1;
/** Hot slot -> its float32 column (the slots after `color` move down one). */
const colOf = (slot) => (slot > COLOR_SLOT ? slot - 1 : slot);
const fround = Math.fround;

export class Mirror {
  /** @param {number} [capacity] initial id capacity (grows by half: 20,000 ids fit in 26,244 slots, not 32,768) */
  constructor(capacity = 1024) {
    this.cap = 0;
    this._alloc(Math.max(16, capacity | 0));
    this.nextId = 1;
    /** Ids free for reuse, and ids freed since the last commit (plain arrays: empty until nodes are destroyed). */
    this.free = [];
    this.pending = [];
    this.live = 1;
    // The root: a live view with no parent.
    this.kind[0] = 1;
  }

  _alloc(cap) {
    const grow = (Ctor, old, per = 1, fill) => {
      const a = new Ctor(cap * per);
      if (fill !== undefined) a.fill(fill);
      if (old) a.set(old);
      return a;
    };
    this.parent = grow(Int32Array, this.parent, 1, NIL);
    this.first = grow(Int32Array, this.first, 1, NIL);
    this.last = grow(Int32Array, this.last, 1, NIL);
    this.next = grow(Int32Array, this.next, 1, NIL);
    this.prev = grow(Int32Array, this.prev, 1, NIL);
    /** 0 = free id, else 1 + NODE_KIND. */
    this.kind = grow(Uint8Array, this.kind);
    /** Last number written to each hot property but `color` (read only when its `set` bit is on). */
    this.vals = grow(Float32Array, this.vals, F32_COLS);
    /** Last `color` written, as a u32. */
    this.colors = grow(Uint32Array, this.colors);
    /** Bit `1 << slot` on: hot slot `slot` holds the last value written. */
    this.set = grow(Uint8Array, this.set);
    /** id -> { [name]: value as written } for non-hot properties and values the columns cannot hold exactly. */
    this.extra = this.extra || [];
    /** id -> text (text nodes) or src (images). */
    this.strs = this.strs || [];
    this.cap = cap;
  }

  /** Allocates an id for a node of `kind` (NODE_KIND value). */
  alloc(kind) {
    let id;
    if (this.free.length > 0) id = this.free.pop();
    else {
      id = this.nextId++;
      if (id >= this.cap) this._alloc(this.cap + (this.cap >> 1));
      if (id > 0x7ffffffe) throw new RangeError('reel: out of node ids');
    }
    this.kind[id] = kind + 1;
    this.live++;
    return id;
  }

  /** True when `id` names a live node. */
  alive(id) {
    return id >= 0 && id < this.cap && this.kind[id] !== 0;
  }

  /** True when `a` is `b` or one of its ancestors. */
  isAncestorOrSelf(a, b) {
    for (let n = b; n !== NIL; n = this.parent[n]) if (n === a) return true;
    return false;
  }

  /** Detaches `c` from its parent (no-op when detached). */
  detach(c) {
    const p = this.parent[c];
    if (p === NIL) return;
    const pr = this.prev[c];
    const nx = this.next[c];
    if (pr === NIL) this.first[p] = nx; else this.next[pr] = nx;
    if (nx === NIL) this.last[p] = pr; else this.prev[nx] = pr;
    this.parent[c] = NIL;
    this.next[c] = NIL;
    this.prev[c] = NIL;
  }

  /** Inserts (or moves) `c` into `p` before `anchor` (NIL appends). Checks are the caller's. */
  insertBefore(p, c, anchor) {
    this.detach(c);
    this.parent[c] = p;
    if (anchor === NIL) {
      const l = this.last[p];
      this.prev[c] = l;
      this.next[c] = NIL;
      if (l === NIL) this.first[p] = c; else this.next[l] = c;
      this.last[p] = c;
    } else {
      const pr = this.prev[anchor];
      this.prev[c] = pr;
      this.next[c] = anchor;
      this.prev[anchor] = c;
      if (pr === NIL) this.first[p] = c; else this.next[pr] = c;
    }
  }

  /**
   * Destroys `id` and its subtree: detaches it, clears every descendant's
   * links and values and queues their ids for reuse. Calls `onFree(id)` for
   * each freed id (the renderer drops its node objects there).
   */
  destroy(id, onFree) {
    this.detach(id);
    // Pre-order walk over the first/next links, no stack needed: climb via
    // parent until a next sibling exists, stopping at the subtree's root.
    let n = id;
    while (n !== NIL) {
      let nx = this.first[n];
      if (nx === NIL) {
        let m = n;
        while (m !== id && this.next[m] === NIL) m = this.parent[m];
        nx = m === id ? NIL : this.next[m];
      }
      this._free(n, onFree);
      n = nx;
    }
  }

  _free(n, onFree) {
    // parent/next/prev stay intact until commit(): the walk in destroy()
    // climbs through already-freed ancestors.
    this.kind[n] = 0;
    this.first[n] = NIL;
    this.last[n] = NIL;
    if (onFree) onFree(n);
    this.set[n] = 0;
    if (this.extra[n] !== undefined) this.extra[n] = undefined;
    if (this.strs[n] !== undefined) this.strs[n] = undefined;
    this.pending.push(n);
    this.live--;
  }

  /**
   * Keeps `v` as hot slot `slot` of `id` when a column holds it exactly;
   * returns false (the slot cleared) when it must go to `extra`.
   */
  storeHot(id, slot, v) {
    const bit = 1 << slot;
    if (typeof v === 'number') {
      if (slot === COLOR_SLOT) {
        if (v >>> 0 === v) {
          this.colors[id] = v;
          this.set[id] |= bit;
          return true;
        }
      } else if (fround(v) === v) {
        // NaN fails this test (NaN !== NaN) and goes to `extra`; -0 stays -0.
        this.vals[id * F32_COLS + colOf(slot)] = v;
        this.set[id] |= bit;
        return true;
      }
    }
    this.set[id] &= ~bit;
    return false;
  }

  /** Hot slot `slot` of `id`, or undefined when not held in a column (see `extra`). */
  readHot(id, slot) {
    if ((this.set[id] & (1 << slot)) === 0) return undefined;
    return slot === COLOR_SLOT ? this.colors[id] : this.vals[id * F32_COLS + colOf(slot)];
  }

  /** Makes ids freed since the last commit available again (call after a batch is sent). */
  commit() {
    const pending = this.pending;
    if (pending.length === 0) return;
    // Links are reset here, after the walk that needed them.
    for (let i = 0; i < pending.length; i++) {
      const n = pending[i];
      this.parent[n] = NIL;
      this.next[n] = NIL;
      this.prev[n] = NIL;
      this.free.push(n);
    }
    pending.length = 0;
  }

  /** Ids ready for reuse. */
  get freeLen() {
    return this.free.length;
  }

  /** Children of `p` as ids, in order. */
  childIds(p) {
    const out = [];
    for (let c = this.first[p]; c !== NIL; c = this.next[c]) out.push(c);
    return out;
  }

  /** Bytes held by the typed arrays (for the bench). */
  get typedBytes() {
    return this.cap * (5 * 4 + 1 + F32_COLS * 4 + 4 + 1);
  }
}
