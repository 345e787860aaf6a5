// The `video` host node (issue 17, step 1): created in plain JS, Solid and
// React, its props (src, poster, autoplay, muted, loop, paused, currentTime)
// reach the engine, which accepts them. Run with
//   node --conditions=browser --test test/video.test.js
// (Solid needs the browser condition; without it that case is skipped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { createRoot, flushSync } from '../src/react/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformAsync } from '@babel/core';
import solidPreset from 'babel-preset-solid';
import { NODE_KIND } from '../src/props.js';
import { PROP_BY_NAME } from '../src/encoder.js';
import { inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

const SOLID_JS = import.meta.resolve('solid-js');
const SKIP_SOLID = SKIP_NO_ENGINE || (SOLID_JS.includes('server') ? 'run with node --conditions=browser' : false);

const ADAPTER = new URL('../src/solid/index.js', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'reel-video-test-'));
/** Compiles a Solid JSX module and imports it (as in solid.test.js). */
async function compile(src) {
  const out = await transformAsync(src, {
    presets: [[solidPreset, { generate: 'universal', moduleName: ADAPTER }]],
    babelrc: false, configFile: false, filename: 'fixture.jsx',
  });
  const file = join(dir, 'm.mjs');
  writeFileSync(file, out.code.replace(/from ["']solid-js["']/g, `from ${JSON.stringify(SOLID_JS)}`));
  return import(pathToFileURL(file).href);
}

const VIDEO_PROPS = { src: 'clip.webm', poster: 'poster.png', autoplay: true, muted: true, loop: true, paused: false, currentTime: 1.5 };

function collectErrors(r) {
  const errors = [];
  r.on('error', (e) => errors.push(e));
  return errors;
}

test('video is a node kind and its props are in the table', () => {
  assert.equal(NODE_KIND.video, 3);
  for (const name of ['autoplay', 'muted', 'loop', 'paused', 'currentTime', 'poster']) {
    assert.ok(PROP_BY_NAME.has(name), name);
  }
});

test('plain JS: createNode("video") with its props, accepted by the engine', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  const errors = collectErrors(r);
  const v = r.createNode('video', { w: 320, h: 180, ...VIDEO_PROPS });
  r.root.appendChild(v);
  v.set('paused', true);
  v.set('currentTime', 0);
  v.src = 'other.webm';
  r.frame(16);
  assert.equal(v.type, 'video');
  assert.equal(v.src, 'other.webm');
  assert.deepEqual(errors, []);
  r.destroy();
});

test('plain JS: a bad currentTime is rejected at the call', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  const v = r.createNode('video');
  assert.throws(() => v.set('currentTime', -1), RangeError);
  r.destroy();
});

test('React: <video> is a host element', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  const errors = collectErrors(r);
  const root = createRoot(r);
  flushSync(() => root.render(React.createElement('video', { w: 320, h: 180, ...VIDEO_PROPS })));
  const [v] = r.root.children;
  assert.equal(v.type, 'video');
  assert.equal(v.src, 'clip.webm');
  assert.equal(v.get('currentTime'), 1.5);
  r.frame(0);
  assert.deepEqual(errors, []);
  r.destroy();
});

test('Solid: <video> is a host element', { skip: SKIP_SOLID }, async () => {
  const adapter = await import('../src/solid/index.js');
  const r = await inlineRenderer();
  const errors = collectErrors(r);
  const m = await compile(`
    export const App = () => <video w={320} h={180} src="clip.webm" poster="poster.png" autoplay muted loop currentTime={1.5} />;`);
  const dispose = adapter.render(() => adapter.createComponent(m.App, {}), r);
  const [v] = r.root.children;
  assert.equal(v.type, 'video');
  assert.equal(v.src, 'clip.webm');
  assert.equal(v.get('poster'), 'poster.png');
  r.frame(0);
  assert.deepEqual(errors, []);
  dispose();
  r.destroy();
});

test('VIDEO_STATE from the host comes back as a renderer "video" event; a bad one is an error', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  const errors = collectErrors(r);
  const events = [];
  r.on('video', (e) => events.push(e));
  const v = r.createNode('video', { w: 320, h: 180 });
  r.root.appendChild(v);
  r.frame(0);
  r.enc.videoState(v.id, 1, 0, 3, (160 << 16) | 90);
  r.enc.videoState(v.id, 6, 4, 0, 0);
  r.frame(16);
  assert.deepEqual(events.map((e) => [e.type, e.node, e.time, e.width, e.height, e.reason]), [
    ['loadedmetadata', v, 3, 160, 90, null],
    ['error', v, 0, 0, 0, 'decoder-limit'],
  ]);
  assert.deepEqual(errors, []);
  r.enc.videoState(v.id, 6, 0, 0, 0); // ERROR without a reason
  r.frame(32);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].kind, 'BadArgument');
  assert.equal(events.length, 2);
  r.destroy();
});
