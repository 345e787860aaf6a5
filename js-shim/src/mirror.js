// @reel/shim — the minimal JS-side mirror of the engine's tree.
//
// The engine owns the only real scene tree. JS keeps just what its API must
// answer synchronously (frameworks read parent/firstChild/nextSibling right
// after writing them): for every id, five links in Int32Arrays (parent,
// first/last child, next/previous sibling) and a kind byte, plus the last
// value written for each property (see the value store below). No layout, no
// style objects, no per-node arrays of children.
//
// Ids are allocated here: 0 is the root; freed ids are recycled, but only
// after the batch that destroyed them has been sent (`commit()`), so a batch
// never destroys and re-creates the same id and engine errors stay
// unambiguous.

import { HOT_PROPS } from './encoder.js';

/** "No node" in the link arrays. */
export const NIL = -1;
/** Number of hot value columns per id (x, y, w, h, alpha, color). */
export const HOT = HOT_PROPS.length;

export class Mirror {
  /** @param {number} [capacity] initial id capacity (grows by half: 20,000 ids fit in 26,244 slots, not 32,768) */
  constructor(capacity = 1024) {
    this.cap = 0;
    this._alloc(Math.max(16, capacity | 0));
    this.nextId = 1;
    this.freeLen = 0;
    this.pendingLen = 0;
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
    /** Last number written to each hot property; NaN = not a number (see `extra`). */
    this.vals = grow(Float64Array, this.vals, HOT, NaN);
    this.free = grow(Int32Array, this.free);
    this.pending = grow(Int32Array, this.pending);
    /** id -> { [name]: value as written } for non-hot properties and non-numeric values. */
    this.extra = this.extra || [];
    /** id -> text (text nodes) or src (images). */
    this.strs = this.strs || [];
    this.cap = cap;
  }

  /** Allocates an id for a node of `kind` (NODE_KIND value). */
  alloc(kind) {
    let id;
    if (this.freeLen > 0) id = this.free[--this.freeLen];
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
    const base = n * HOT;
    for (let i = 0; i < HOT; i++) this.vals[base + i] = NaN;
    if (this.extra[n] !== undefined) this.extra[n] = undefined;
    if (this.strs[n] !== undefined) this.strs[n] = undefined;
    this.pending[this.pendingLen++] = n;
    this.live--;
  }

  /** Makes ids freed since the last commit available again (call after a batch is sent). */
  commit() {
    const len = this.pendingLen;
    if (len === 0) return;
    // Links are reset here, after the walk that needed them.
    for (let i = 0; i < len; i++) {
      const n = this.pending[i];
      this.parent[n] = NIL;
      this.next[n] = NIL;
      this.prev[n] = NIL;
      this.free[this.freeLen++] = n;
    }
    this.pendingLen = 0;
  }

  /** Children of `p` as ids, in order. */
  childIds(p) {
    const out = [];
    for (let c = this.first[p]; c !== NIL; c = this.next[c]) out.push(c);
    return out;
  }

  /** Bytes held by the typed arrays (for the bench). */
  get typedBytes() {
    return this.cap * (5 * 4 + 1 + HOT * 8 + 2 * 4);
  }
}
