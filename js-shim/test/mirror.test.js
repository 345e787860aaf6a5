// The JS mirror of the tree: links, moves, removal, subtree destroy, id
// recycling; then a random-operation property test against a reference
// model, checked against engine.wasm's display list as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayListItems } from '../src/index.js';
import { captureRenderer, inlineRenderer, rng, SKIP_NO_ENGINE } from './helpers.js';

const ids = (nodes) => nodes.map((n) => n.id);

test('appendChild / insertBefore / links', async () => {
  const { r } = await captureRenderer();
  const [a, b, c, d] = ['view', 'view', 'image', 'text'].map((t) => r.createNode(t));
  r.root.appendChild(a);
  a.appendChild(b);
  a.appendChild(c);
  a.insertBefore(d, b);
  assert.deepEqual(ids(a.children), [d.id, b.id, c.id]);
  assert.equal(a.firstChild, d);
  assert.equal(a.lastChild, c);
  assert.equal(d.nextSibling, b);
  assert.equal(b.previousSibling, d);
  assert.equal(c.nextSibling, null);
  assert.equal(d.previousSibling, null);
  assert.equal(b.parent, a);
  assert.equal(a.parent, r.root);
  assert.equal(r.root.parent, null);
  assert.equal(d.type, 'text');
  assert.equal(c.type, 'image');
});

test('insertBefore moves an attached node (same parent and across parents)', async () => {
  const { r, batches } = await captureRenderer();
  const p = r.createNode('view');
  const q = r.createNode('view');
  const [a, b, c] = [1, 2, 3].map(() => r.createNode('view'));
  for (const n of [a, b, c]) p.appendChild(n);
  r.flush();
  p.insertBefore(c, a); // move within p
  assert.deepEqual(ids(p.children), [c.id, a.id, b.id]);
  p.appendChild(c); // move to the end
  assert.deepEqual(ids(p.children), [a.id, b.id, c.id]);
  q.insertBefore(b, null); // move across parents
  assert.deepEqual(ids(p.children), [a.id, c.id]);
  assert.deepEqual(ids(q.children), [b.id]);
  assert.equal(b.parent, q);
  // No-ops send nothing.
  r.flush();
  const n = batches.length;
  p.insertBefore(a, c); // already right before c
  p.insertBefore(c, c); // before itself
  p.appendChild(c); // already last
  assert.equal(r.flush(), 0, 'nothing to send');
  assert.equal(batches.length, n);
});

test('tree misuse throws (cycles, foreign anchors, non-children, root)', async () => {
  const { r } = await captureRenderer();
  const a = r.createNode('view');
  const b = r.createNode('view');
  const c = r.createNode('view');
  a.appendChild(b);
  b.appendChild(c);
  assert.throws(() => c.appendChild(a), /cycle/);
  assert.throws(() => a.appendChild(a), /cycle/);
  assert.throws(() => a.insertBefore(c, c), /anchor .* is not a child/);
  assert.throws(() => a.removeChild(c), /is not a child/);
  assert.throws(() => a.appendChild(r.root), /root cannot be inserted/);
  assert.throws(() => r.root.destroy(), /root cannot be destroyed/);
  assert.throws(() => a.appendChild({ id: 5 }), /not a live node/);
});

test('removeChild keeps the node alive; destroy frees the subtree and ids are recycled after flush', async () => {
  const { r } = await captureRenderer();
  const a = r.createNode('view');
  const b = r.createNode('view');
  const c = r.createNode('text', { text: 'x' });
  const d = r.createNode('view', { x: 5 });
  r.root.appendChild(a);
  a.appendChild(b);
  b.appendChild(c);
  a.appendChild(d);
  a.removeChild(b);
  assert.equal(b.parent, null);
  assert.deepEqual(ids(a.children), [d.id]);
  assert.equal(b.firstChild, c, 'subtree intact after remove');
  r.root.appendChild(b); // reinsert
  assert.equal(r.nodeCount, 5);
  const freed = [a.id, d.id].sort();
  a.destroy();
  assert.equal(a.destroyed, true);
  assert.equal(d.destroyed, true);
  assert.equal(b.destroyed, false);
  assert.equal(r.nodeCount, 3);
  assert.deepEqual(ids(r.root.children), [b.id]);
  assert.equal(d.x, undefined, 'values of destroyed nodes are gone');
  assert.throws(() => { d.x = 1; }, /destroyed/);
  // Not reused before the batch that destroyed them is sent.
  const e = r.createNode('view');
  assert.ok(!freed.includes(e.id));
  r.flush();
  const f = r.createNode('view');
  const g = r.createNode('view');
  assert.deepEqual([f.id, g.id].sort(), freed);
  assert.equal(f.x, undefined, 'a recycled id starts with no values');
  assert.equal(f.firstChild, null);
  assert.equal(d.destroyed, true, 'the old node object stays dead after its id is reused');
  assert.equal(r.nodeById(f.id), f);
});

test('destroying a deep subtree frees every id', async () => {
  const { r } = await captureRenderer();
  const top = r.createNode('view');
  r.root.appendChild(top);
  let cur = top;
  for (let i = 0; i < 500; i++) {
    const n = r.createNode('view');
    cur.appendChild(n);
    if (i % 3 === 0) cur = n;
  }
  assert.equal(r.nodeCount, 502);
  top.destroy();
  assert.equal(r.nodeCount, 1);
  assert.equal(r.root.firstChild, null);
  r.flush();
  assert.equal(r.mirror.freeLen, 501);
});

/** Reference model: plain objects and arrays. */
class Model {
  constructor(root) {
    this.root = root;
    this.parent = new Map([[root, null]]);
    this.kids = new Map([[root, []]]);
  }
  add(n) { this.parent.set(n, null); this.kids.set(n, []); }
  live() { return [...this.parent.keys()]; }
  isAncestorOrSelf(a, b) { for (let n = b; n; n = this.parent.get(n)) if (n === a) return true; return false; }
  detach(c) {
    const p = this.parent.get(c);
    if (p) this.kids.get(p).splice(this.kids.get(p).indexOf(c), 1);
    this.parent.set(c, null);
  }
  insert(p, c, anchor) {
    if (anchor === c) return;
    this.detach(c);
    const k = this.kids.get(p);
    k.splice(anchor ? k.indexOf(anchor) : k.length, 0, c);
    this.parent.set(c, p);
  }
  destroy(n) {
    this.detach(n);
    const stack = [n];
    while (stack.length) {
      const x = stack.pop();
      stack.push(...this.kids.get(x));
      this.parent.delete(x);
      this.kids.delete(x);
    }
  }
  preorder(n = this.root, out = []) {
    for (const c of this.kids.get(n)) { out.push(c.id); this.preorder(c, out); }
    return out;
  }
}

function checkAgainst(r, model) {
  assert.equal(r.nodeCount, model.parent.size);
  for (const n of model.live()) {
    assert.equal(n.destroyed, false);
    assert.equal(n.parent, model.parent.get(n));
    const kids = model.kids.get(n);
    assert.deepEqual(ids(n.children), ids(kids));
    assert.equal(n.firstChild, kids[0] ?? null);
    assert.equal(n.lastChild, kids[kids.length - 1] ?? null);
    const p = model.parent.get(n);
    if (p) {
      const sib = model.kids.get(p);
      const i = sib.indexOf(n);
      assert.equal(n.nextSibling, sib[i + 1] ?? null);
      assert.equal(n.previousSibling, sib[i - 1] ?? null);
    }
  }
}

async function randomOps(seed, steps, withEngine) {
  const r = withEngine ? await inlineRenderer() : (await captureRenderer()).r;
  const errors = [];
  r.on('error', (e) => errors.push(e));
  let lastList = null;
  r.on('displaylist', (bytes) => { lastList = bytes.slice(); });
  const rand = rng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const model = new Model(r.root);
  const dead = [];
  let maxId = 0;
  for (let step = 0; step < steps; step++) {
    const live = model.live();
    const op = rand();
    if (op < 0.25 || live.length < 4) {
      const n = r.createNode('view', { w: 4, h: 4, color: 0x336699ff });
      maxId = Math.max(maxId, n.id);
      model.add(n);
    } else if (op < 0.55) {
      const p = pick(live);
      const c = pick(live);
      const kids = model.kids.get(p);
      const anchor = rand() < 0.4 ? null : rand() < 0.9 ? pick(kids) ?? null : pick(live);
      const bad = c === r.root || model.isAncestorOrSelf(c, p) || (anchor && model.parent.get(anchor) !== p);
      if (bad) assert.throws(() => p.insertBefore(c, anchor));
      else { p.insertBefore(c, anchor); model.insert(p, c, anchor); }
    } else if (op < 0.7) {
      const c = pick(live);
      const p = rand() < 0.8 ? model.parent.get(c) ?? r.root : pick(live);
      if (model.parent.get(c) !== p) assert.throws(() => p.removeChild(c));
      else { p.removeChild(c); model.detach(c); }
    } else if (op < 0.8) {
      const n = pick(live);
      if (n === r.root) assert.throws(() => n.destroy());
      else {
        for (const x of model.live()) if (x === n || (model.isAncestorOrSelf(n, x))) dead.push(x);
        n.destroy();
        model.destroy(n);
      }
    } else if (op < 0.9) {
      const n = pick(live);
      n.x = Math.floor(rand() * 100);
      assert.equal(n.x, Math.floor(n.x));
    } else {
      r.frame(step);
      if (withEngine) {
        assert.deepEqual(errors, [], `engine accepted every batch (seed ${seed}, step ${step})`);
        const painted = displayListItems(lastList).map((it) => it.node);
        assert.deepEqual(painted, model.preorder(), `paint order = model pre-order (seed ${seed}, step ${step})`);
      }
    }
    checkAgainst(r, model);
  }
  for (const d of dead) assert.equal(d.destroyed, true);
  // Ids are recycled: never more ids than nodes alive at once plus one batch of garbage.
  assert.ok(maxId < steps, `max id ${maxId}`);
  r.destroy();
}

test('random tree operations match a reference model (mirror only)', async () => {
  for (let seed = 1; seed <= 20; seed++) await randomOps(seed, 400, false);
});

test('random tree operations match the model and engine.wasm paint order', { skip: SKIP_NO_ENGINE }, async () => {
  for (let seed = 100; seed <= 110; seed++) await randomOps(seed, 400, true);
});

test('hot values read back exactly as written: int16 and float64 columns, a u32 colour column, the rest in extra', async () => {
  const { r } = await captureRenderer();
  const n = r.createNode('view');
  r.root.appendChild(n);
  // Held by the columns (any number / a u32).
  for (const [k, v] of [['x', 12], ['y', -0], ['w', 1.5], ['h', 1e6], ['alpha', 0.25], ['color', 0xff8000ff], ['color', 0], ['x', 0.1], ['y', 123456789.5], ['alpha', 0.3], ['w', 1 / 3]]) {
    n[k] = v;
    assert.ok(Object.is(n[k], v), `${k} = ${v} reads back ${n[k]}`);
  }
  assert.equal(r.mirror.extra[n.id], undefined, 'a number makes no extra entry (0.1 and an alpha of 0.3 included)');
  // What is no number is kept in extra, read back as written.
  n.w = '50%';
  assert.equal(n.w, '50%');
  assert.equal(r.mirror.extra[n.id].w, '50%');
  // Back to a column value: the extra entry no longer answers.
  n.w = 7;
  assert.equal(n.w, 7);
  assert.equal(r.mirror.extra[n.id].w, undefined);
  // A colour as a string stays a string; a number again is a number.
  n.color = '#ff0000';
  assert.equal(n.color, '#ff0000');
  n.color = 0x00ff00ff;
  assert.equal(n.color, 0x00ff00ff);
  // A destroyed id reused by a new node reads nothing of the old values.
  const id = n.id;
  n.destroy();
  r.flush();
  let m;
  for (let i = 0; i < 4 && (!m || m.id !== id); i++) m = r.createNode('view');
  assert.equal(m.id, id, 'the freed id is reused');
  for (const k of ['x', 'y', 'w', 'h', 'alpha', 'color']) assert.equal(m[k], undefined, `${k} of a reused id`);
});

test('x/y/w/h: whole numbers in the int16 column, other numbers in its float64 pages, the rest in extra; alpha made on first use', async () => {
  const { r } = await captureRenderer();
  const m = r.mirror;
  const n = r.createNode('view');
  r.root.appendChild(n);
  assert.equal(m.alpha, null, 'no alpha column before the first alpha');
  const paged = () => m.pages.reduce((k, col) => k + col.filter(Boolean).length, 0);
  // In the int16 column: no page, no extra.
  for (const v of [0, 1, -1, 32767, -32766, 1919]) {
    n.x = v;
    assert.ok(Object.is(n.x, v), `x = ${v} reads back ${n.x}`);
  }
  assert.equal(paged(), 0, 'whole numbers in range make no page');
  // Numbers the int16 column cannot hold (the sentinels, out of range, fractions, -0, no float32): a page.
  for (const v of [-32767, -32768, 32768, -40000, 12.5, 1e6, -0, 0.25, -3.4028234663852886e38, 0.1, 1920 / 7]) {
    n.x = v;
    assert.ok(Object.is(n.x, v), `x = ${v} reads back ${n.x}`);
  }
  assert.equal(paged(), 1, 'one page for that column');
  assert.equal(m.extra[n.id]?.x, undefined, 'no extra entry for a number');
  n.h = '50%';
  assert.equal(n.h, '50%');
  n.h = 7;
  assert.equal(n.h, 7, 'back in the column');
  n.y = null;
  assert.equal(n.y, undefined, 'a reset reads undefined');
  // Alpha: its column appears with the first alpha (0.3 is no float32: it
  // is held all the same, no extra entry).
  n.alpha = 0.3;
  assert.ok(m.alpha instanceof Float64Array);
  assert.equal(n.alpha, 0.3);
  assert.equal(m.extra[n.id]?.alpha, undefined);
  n.alpha = 0.5;
  assert.equal(n.alpha, 0.5);
  const other = r.createNode('view', { x: 3 });
  assert.equal(other.alpha, undefined, 'the column holds no alpha for other ids');
  // A freed id reused reads nothing, the paged values and alpha included.
  n.w = 12.5;
  assert.equal(n.w, 12.5);
  const id = n.id;
  n.destroy();
  r.flush();
  let k;
  for (let i = 0; i < 4 && (!k || k.id !== id); i++) k = r.createNode('view');
  assert.equal(k.id, id);
  for (const p of ['x', 'y', 'w', 'h', 'alpha', 'color']) assert.equal(k[p], undefined, `${p} of a reused id`);
});

test('the columns grow by an eighth and keep every link and value', async () => {
  const { r } = await captureRenderer({ capacity: 16 });
  const top = r.createNode('view');
  r.root.appendChild(top);
  const kids = [];
  for (let i = 0; i < 5000; i++) {
    const n = r.createNode('view', { x: i, y: -i, w: i + 0.5, color: i * 7, ...(i % 3 === 0 ? { alpha: 0.25 } : {}) });
    top.appendChild(n);
    kids.push(n);
  }
  assert.ok(r.mirror.cap >= 5002 && r.mirror.cap <= 5002 + Math.max(1024, 5002 >> 3), `cap ${r.mirror.cap}`);
  assert.equal(top.firstChild, kids[0]);
  assert.equal(top.lastChild, kids[4999]);
  assert.equal(kids[4999].previousSibling, kids[4998]);
  assert.equal(kids[0].previousSibling, null);
  kids.forEach((n, i) => {
    assert.equal(n.x, i);
    assert.ok(Object.is(n.y, -i));
    assert.equal(n.w, i + 0.5);
    assert.equal(n.color, i * 7);
    assert.equal(n.alpha, i % 3 === 0 ? 0.25 : undefined);
  });
  // Remove the first, the last and a middle child: the last-child link follows.
  top.removeChild(kids[0]);
  top.removeChild(kids[4999]);
  top.removeChild(kids[2000]);
  assert.equal(top.firstChild, kids[1]);
  assert.equal(top.lastChild, kids[4998]);
  assert.equal(kids[1].previousSibling, null);
  assert.equal(kids[2001].previousSibling, kids[1999]);
  top.insertBefore(kids[0], kids[1]);
  assert.equal(top.firstChild, kids[0]);
  assert.equal(kids[1].previousSibling, kids[0]);
  assert.equal(top.lastChild, kids[4998]);
  // Freed ids are listed through the links: all reused, none twice.
  top.destroy();
  r.flush();
  assert.equal(r.mirror.freeLen, 4999, 'top and its 4,998 children');
  const again = new Set();
  for (let i = 0; i < 4999; i++) again.add(r.createNode('view').id);
  assert.equal(again.size, 4999);
  assert.equal(r.mirror.freeLen, 0);
});
