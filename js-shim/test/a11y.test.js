// Accessibility through the shim: label/role/description/live as node
// properties (generated from the engine's table), the engine's focus
// announcement as an 'announce' event, renderer.announce, the speech
// bridge on a speechSynthesis stand-in, and bad input thrown at the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inlineRenderer, captureRenderer, SKIP_NO_ENGINE } from './helpers.js';

async function row(opts = {}) {
  const r = await inlineRenderer({ width: 800, height: 400, ...opts });
  const said = [];
  r.on('announce', (a) => said.push(a));
  r.root.appendChild(r.createNode('text', { text: 'Trending', role: 'heading' }));
  const list = r.root.appendChild(r.createNode('view', { y: 60, w: 800, h: 120, display: 'flex', gap: 10, role: 'list' }));
  const tiles = [];
  for (let i = 0; i < 5; i++) {
    const t = list.appendChild(r.createNode('view', { w: 100, h: 100, focusable: true, role: 'button', label: `Movie ${i + 1}` }));
    tiles.push(t);
  }
  let t = 0;
  const tick = (ms = 16) => { t += ms; r.frame(t); };
  tick();
  return { r, said, tiles, tick, list };
}

test('focus announcements arrive as events once focus settles', { skip: SKIP_NO_ENGINE }, async () => {
  const { r, said, tiles, tick } = await row();
  r.focus(tiles[2]);
  tick();
  assert.deepEqual(said, [], 'not settled');
  for (let i = 0; i < 10; i++) tick();
  assert.equal(said.length, 1);
  assert.equal(said[0].text, 'Trending, Movie 3, button, 3 of 5');
  assert.equal(said[0].politeness, 'assertive');
  assert.equal(said[0].kind, 'focus');
  assert.equal(said[0].node, tiles[2]);
  assert.equal(tiles[2].get('label'), 'Movie 3');
  assert.equal(tiles[2].get('role'), 'button');
});

test('renderer.announce and live regions', { skip: SKIP_NO_ENGINE }, async () => {
  const { r, said, tick } = await row();
  const status = r.root.appendChild(r.createNode('view', { live: 'polite' }));
  const msg = status.appendChild(r.createNode('text', { text: '' }));
  tick();
  msg.text = 'Saved';
  r.announce('Loading', { politeness: 'assertive' });
  tick();
  assert.deepEqual(said.map((a) => [a.text, a.politeness, a.kind]), [['Saved', 'polite', 'live'], ['Loading', 'assertive', 'app']]);
});

test('bad input throws at the call site with the property named', async () => {
  const { r } = await captureRenderer();
  const n = r.createNode('view');
  assert.throws(() => n.set('role', 'banana'), /role/);
  assert.throws(() => r.announce('x', { politeness: 'loud' }), /politeness/);
  assert.throws(() => r.announce('x'.repeat(2000)), /1024/);
  assert.throws(() => r.announce(42), /string/);
  assert.throws(() => n.set('label', 'x'.repeat(10 * 1024)), /'label' of .* longer than 1024 UTF-8 bytes/);
  n.set('label', 'é'.repeat(512)); // 1024 bytes: fine
  n.set('label', ''); // empty: no label (the text below is the name)
});

test('the speech bridge speaks through speechSynthesis and can be turned off', { skip: SKIP_NO_ENGINE }, async () => {
  const spoken = [];
  let cancels = 0;
  globalThis.speechSynthesis = { speak: (u) => spoken.push(u.text), cancel: () => { cancels++; } };
  globalThis.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  try {
    const { r, tiles, tick } = await row();
    assert.equal(r.a11y.speech, true);
    r.focus(tiles[0]);
    for (let i = 0; i < 12; i++) tick();
    r.announce('Hello');
    tick();
    assert.deepEqual(spoken, ['Trending, Movie 1, button, 1 of 5', 'Hello']);
    assert.equal(cancels, 1, 'the assertive focus announcement interrupted');
    const off = await row({ a11y: { speech: false } });
    assert.equal(off.r.a11y.speech, false);
    off.r.announce('Quiet');
    off.tick();
    assert.equal(off.said.length, 1, 'the event still arrives');
    assert.equal(spoken.length, 2, 'but nothing is spoken');
  } finally {
    delete globalThis.speechSynthesis;
    delete globalThis.SpeechSynthesisUtterance;
  }
});

test('destroy() takes the live region\'s elements out of the page', { skip: SKIP_NO_ENGINE }, async () => {
  const body = new Set();
  const el = () => ({ attrs: {}, style: {}, textContent: '', setAttribute(k, v) { this.attrs[k] = v; }, appendChild() {}, remove() { body.delete(this); } });
  globalThis.document = { body: { appendChild: (e) => body.add(e) }, createElement: el, createTextNode: (t) => ({ t }) };
  try {
    const { r } = await row();
    assert.equal(r.a11y.liveRegion, true);
    assert.deepEqual([...body].map((e) => e.attrs['data-reel-live']), ['polite', 'assertive']);
    r.destroy();
    assert.equal(body.size, 0, 'no [data-reel-live] div is left behind');
  } finally {
    delete globalThis.document;
  }
});
