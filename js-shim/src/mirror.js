// @reel/shim — the minimal JS-side mirror of the engine's tree.
//
// The engine owns the only real scene tree. JS keeps just what its API must
// answer synchronously (frameworks read parent/firstChild/nextSibling right
// after writing them): for every id, four links in Int32Arrays (parent, first
// child, next and previous sibling; the first child's `prev` is the last
// child, so lastChild needs no column of its own) and a kind byte, plus the
// last value written for each property (see the value store below). No
// layout, no style objects, no per-node arrays of children.
//
// The value store (issue 14: JS bytes per node): the hot numbers x, y, w, h
// as whole numbers in an Int16Array (-32766..32767, what positions and sizes
// of a TV page are) and `color` in a Uint32Array with a "set" byte — 13
// bytes an id (it was 25, and 48 in float64) — and alpha in a Float64Array
// made on the first alpha written (8 bytes an id more). A value reads back
// exactly as written: an x/y/w/h the int16 column does not hold (12.5,
// 0.1, 1920 / 7, 1e6, -0) goes to that column's float64 pages (256 ids a
// page, made on first use); alpha is float64 because an app's alphas (0.9,
// 0.3) are no float32: as float32 columns, a page of 20,000 tiles with
// alpha 0.9 kept 20,000 `extra` objects (~44 B a node in Chromium, issue
// 14). Only what is no number (NaN, '50%', a colour that is not a u32)
// goes to the per-id `extra` object, as every non-hot property does.
//
// Ids are allocated here: 0 is the root; freed ids are recycled, but only
// after the batch that destroyed them has been sent (`commit()`), so a batch
// never destroys and re-creates the same id and engine errors stay
// unambiguous. Freed ids wait in a list linked through `first` (a freed id
// has no children) and are free in one linked through `next`: no array of
// ids. The columns grow by an eighth (at least 1,024 ids): 20,000 ids fit
// in 21,017 slots.

import { HOT_PROPS } from './encoder.js';

/** "No node" in the link arrays. */
export const NIL = -1;
/** Number of hot value slots per id (x, y, w, h, alpha, color). */
export const HOT = HOT_PROPS.length;
/** The hot slot held as a u32 (`color`) and the one held as a float64 (`alpha`). */
const COLOR_SLOT = HOT_PROPS.indexOf('color');
const ALPHA_SLOT = HOT_PROPS.indexOf('alpha');
/** Int16 columns per id: the hot slots before `alpha` (x, y, w, h; slot = column). */
const I16_COLS = Math.min(COLOR_SLOT, ALPHA_SLOT);
/** In an int16 column: no value written, and a value held by the slot's float64 page. */
const UNSET = -32768;
const PAGED = -32767;
const PAGE_BITS = 8;
const PAGE_MASK = (1 << PAGE_BITS) - 1;

export class Mirror {
  /** @param {number} [capacity] initial id capacity (grows by an eighth, at least 1,024 ids) */
  constructor(capacity = 1024) {
    this.cap = 0;
    /** Float64 pages of the int16 columns: `pages[slot][id >> 8]`, made on first use. */
    this.pages = Array.from({ length: I16_COLS }, () => []);
    /** Last alpha written (NaN: none held here); null until the first one. */
    this.alpha = null;
    this._alloc(Math.max(16, capacity | 0));
    this.nextId = 1;
    /** Ids free for reuse (linked through `next`), and ids freed since the last commit (through `first`). */
    this.freeHead = NIL;
    this.freeCount = 0;
    this.pendingHead = NIL;
    this.live = 1;
    // The root: a live view with no parent.
    this.kind[0] = 1;
  }

  _alloc(cap) {
    const grow = (Ctor, old, per = 1, fill) => {
      const a = new Ctor(cap * per);
      if (old) a.set(old);
      if (fill !== undefined) a.fill(fill, old ? old.length : 0);
      return a;
    };
    this.parent = grow(Int32Array, this.parent, 1, NIL);
    this.first = grow(Int32Array, this.first, 1, NIL);
    this.next = grow(Int32Array, this.next, 1, NIL);
    /** Previous sibling; the first child's is its parent's last child. */
    this.prev = grow(Int32Array, this.prev, 1, NIL);
    /** 0 = free id, else 1 + NODE_KIND. */
    this.kind = grow(Uint8Array, this.kind);
    /** Last x, y, w, h written (`id * 4 + slot`): a whole number, UNSET or PAGED. */
    this.small = grow(Int16Array, this.small, I16_COLS, UNSET);
    /** Last `color` written, as a u32 (read only when `colorSet[id]` is 1). */
    this.colors = grow(Uint32Array, this.colors);
    /** 1: `colors[id]` holds the last colour written. */
    this.colorSet = grow(Uint8Array, this.colorSet);
    if (this.alpha) this.alpha = grow(Float64Array, this.alpha, 1, NaN);
    /** id -> { [name]: value as written } for non-hot properties and values the columns cannot hold exactly. */
    this.extra = this.extra || [];
    /** id -> text (text nodes) or src (images). */
    this.strs = this.strs || [];
    this.cap = cap;
  }

  /** Allocates an id for a node of `kind` (NODE_KIND value). */
  alloc(kind) {
    let id = this.freeHead;
    if (id !== NIL) {
      this.freeHead = this.next[id];
      this.next[id] = NIL;
      this.freeCount--;
    } else {
      id = this.nextId++;
      if (id >= this.cap) this._alloc(this.cap + Math.max(1024, this.cap >> 3));
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

  /** The last child of `p`, or NIL. */
  lastOf(p) {
    const f = this.first[p];
    return f === NIL ? NIL : this.prev[f];
  }

  /** The previous sibling of `c`, or NIL (also when detached). */
  prevOf(c) {
    const p = this.parent[c];
    return p === NIL || this.first[p] === c ? NIL : this.prev[c];
  }

  /** Detaches `c` from its parent (no-op when detached). */
  detach(c) {
    const p = this.parent[c];
    if (p === NIL) return;
    const f = this.first[p];
    const nx = this.next[c];
    if (c === f) {
      // The new first child takes over the last-child link (none left: no children).
      this.first[p] = nx;
      if (nx !== NIL) this.prev[nx] = this.prev[c];
    } else {
      const pr = this.prev[c];
      this.next[pr] = nx;
      if (nx === NIL) this.prev[f] = pr; // c was the last child
      else this.prev[nx] = pr;
    }
    this.parent[c] = NIL;
    this.next[c] = NIL;
    this.prev[c] = NIL;
  }

  /** Inserts (or moves) `c` into `p` before `anchor` (NIL appends). Checks are the caller's. */
  insertBefore(p, c, anchor) {
    this.detach(c);
    this.parent[c] = p;
    const f = this.first[p];
    if (f === NIL) {
      // The only child: its own last child link.
      this.first[p] = c;
      this.prev[c] = c;
      this.next[c] = NIL;
    } else if (anchor === NIL) {
      const l = this.prev[f];
      this.next[l] = c;
      this.prev[c] = l;
      this.next[c] = NIL;
      this.prev[f] = c;
    } else {
      this.prev[c] = this.prev[anchor];
      this.next[c] = anchor;
      if (anchor === f) this.first[p] = c;
      else this.next[this.prev[anchor]] = c;
      this.prev[anchor] = c;
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
    // climbs through already-freed ancestors (it has read `first` already).
    this.kind[n] = 0;
    this.first[n] = this.pendingHead;
    this.pendingHead = n;
    if (onFree) onFree(n);
    const small = this.small;
    for (let i = n * I16_COLS, end = i + I16_COLS; i < end; i++) small[i] = UNSET;
    if (this.alpha !== null) this.alpha[n] = NaN;
    this.colorSet[n] = 0;
    if (this.extra[n] !== undefined) this.extra[n] = undefined;
    if (this.strs[n] !== undefined) this.strs[n] = undefined;
    this.live--;
  }

  /**
   * Keeps `v` as hot slot `slot` of `id` when the columns hold it exactly;
   * returns false (the slot cleared) when it must go to `extra`.
   */
  storeHot(id, slot, v) {
    if (slot < I16_COLS) {
      // A whole number in -32766..32767, not -0 (it would read back as 0).
      if ((v << 16) >> 16 === v && v > PAGED && (v !== 0 || 1 / v > 0)) {
        this.small[id * I16_COLS + slot] = v;
        return true;
      }
      return this._storeWide(id, slot, v);
    }
    if (slot === COLOR_SLOT) {
      const ok = typeof v === 'number' && v >>> 0 === v;
      if (ok) this.colors[id] = v;
      this.colorSet[id] = ok ? 1 : 0;
      return ok;
    }
    // Alpha: any number (an app's 0.9 or 0.3 is no float32); -0 stays -0;
    // NaN marks "none here".
    const exact = typeof v === 'number' && v === v;
    const alpha = this.alpha;
    if (alpha !== null) {
      alpha[id] = exact ? v : NaN;
      return exact;
    }
    return exact && this._firstAlpha(id, v);
  }

  /** x/y/w/h `v` the int16 column cannot hold: a number in the column's float64 page, else false (extra). */
  _storeWide(id, slot, v) {
    const i = id * I16_COLS + slot;
    // NaN fails this (NaN !== NaN) and goes to `extra`.
    if (typeof v !== 'number' || v !== v) {
      this.small[i] = UNSET;
      return false;
    }
    const page = this.pages[slot][id >>> PAGE_BITS];
    (page === undefined ? this._page(slot, id) : page)[id & PAGE_MASK] = v;
    this.small[i] = PAGED;
    return true;
  }

  /** The first alpha written: makes the alpha column. */
  _firstAlpha(id, v) {
    this.alpha = new Float64Array(this.cap).fill(NaN);
    this.alpha[id] = v;
    return true;
  }

  /** Makes the float64 page of int16 column `slot` holding `id`. */
  _page(slot, id) {
    const page = new Float64Array(PAGE_MASK + 1);
    this.pages[slot][id >>> PAGE_BITS] = page;
    return page;
  }

  /** Hot slot `slot` of `id`, or undefined when not held in a column (see `extra`). */
  readHot(id, slot) {
    if (slot === COLOR_SLOT) return this.colorSet[id] !== 0 ? this.colors[id] : undefined;
    if (slot === ALPHA_SLOT) {
      const a = this.alpha === null ? NaN : this.alpha[id];
      return a === a ? a : undefined;
    }
    const v = this.small[id * I16_COLS + slot];
    if (v > PAGED) return v;
    return v === UNSET ? undefined : this.pages[slot][id >>> PAGE_BITS][id & PAGE_MASK];
  }

  /** Makes ids freed since the last commit available again (call after a batch is sent). */
  commit() {
    // Links are reset here, after the walk that needed them. The pending
    // list moves in front of the free list as it is: the last id freed is
    // the first reused.
    const first = this.first;
    let n = this.pendingHead;
    if (n === NIL) return;
    for (;;) {
      const after = first[n];
      first[n] = NIL;
      this.parent[n] = NIL;
      this.prev[n] = NIL;
      this.next[n] = after === NIL ? this.freeHead : after;
      this.freeCount++;
      if (after === NIL) break;
      n = after;
    }
    this.freeHead = this.pendingHead;
    this.pendingHead = NIL;
  }

  /** Ids ready for reuse. */
  get freeLen() {
    return this.freeCount;
  }

  /** Children of `p` as ids, in order. */
  childIds(p) {
    const out = [];
    for (let c = this.first[p]; c !== NIL; c = this.next[c]) out.push(c);
    return out;
  }

  /** Bytes held by the typed arrays (for the bench). */
  get typedBytes() {
    let pages = 0;
    for (const col of this.pages) for (const page of col) if (page !== undefined) pages += page.byteLength;
    const alpha = this.alpha === null ? 0 : this.alpha.byteLength;
    return this.cap * (4 * 4 + 1 + I16_COLS * 2 + 4 + 1) + alpha + pages;
  }
}
