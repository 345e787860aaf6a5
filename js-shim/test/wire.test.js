// The JS wire module (src/wire/): the event walker and decoders, the host
// batches the Worker sends, and the generated layout against the byte
// offsets the painters used to hard-code.
import test from 'node:test';
import assert from 'node:assert/strict';
import { decodeEvents, walkEvents, eventBuffer, errorEvent, eventWords } from '../src/wire/events.js';
import { BatchEncoder, batchSeq } from '../src/wire/batch.js';
import { displayListItems, listFrame, meshRange, readMeshSection } from '../src/wire/display-list.js';
import * as L from '../src/wire/layout.js';
import { EV, OP, NONE } from '../src/props.js';

const f32 = (x) => new Uint32Array(new Float32Array([x]).buffer)[0];
/** An event buffer of `events` ([op, ...body words]). */
const reev = (events) => eventBuffer(events.map(([op, ...body]) => new Uint32Array([op | ((body.length + 1) << 16), ...body])));
/** UTF-8 `s` as words, with its byte length first. */
const str = (s) => {
  const b = new TextEncoder().encode(s);
  const w = new Uint32Array((b.length + 3) >> 2);
  new Uint8Array(w.buffer).set(b);
  return [b.length, ...w];
};

test('decodeEvents reads every event the engine sends', () => {
  const bytes = reev([
    [EV.ANIM, 7, 3, 1], [EV.FOCUS, NONE, 5, 2], [EV.POINTER, 4, 5, 1, f32(10.5), f32(20)], [EV.NAV_EDGE, 5, 3],
    [EV.IMAGE_REQUEST, 9, ...str('a/b.png')], [EV.IMAGE_RELEASE, 9], [EV.IMAGE_STATE, 6, 1, 4],
    [EV.VIDEO, 8, 6, 4, f32(1.5), (160 << 16) | 90], [EV.ANNOUNCE, NONE, 2, 2, ...str('Hi')], [EV.UNNAMED_FOCUS, 3],
    [EV.MISSING_GLYPH, 3, 0x4e2d], [0xfe, 1],
  ]);
  assert.deepEqual(decodeEvents(bytes), [
    { type: 'anim', anim: 7, node: 3, kind: 1 },
    { type: 'focus', from: NONE, to: 5, cause: 2 },
    { type: 'pointer', hit: 4, target: 5, action: 1, x: 10.5, y: 20 },
    { type: 'nav-edge', focused: 5, dir: 3 },
    { type: 'image-request', texture: 9, src: 'a/b.png' },
    { type: 'image-release', texture: 9 },
    { type: 'image', node: 6, state: 'failed', reason: 'too-large' },
    { type: 'video', node: 8, state: 'error', reason: 'decoder-limit', time: 1.5, width: 160, height: 90 },
    { type: 'announce', node: null, politeness: 'assertive', kind: 'app', text: 'Hi' },
    { type: 'unnamed-focus', node: 3 },
    { type: 'missing-glyph', node: 3, codepoint: 0x4e2d },
    { type: 'unknown', opcode: 0xfe },
  ]);
});

test('host-made ERROR events decode like the engine\'s; a malformed buffer throws when strict, stops when lenient', () => {
  const bytes = eventBuffer([errorEvent(12, 0x100, 'trapped twice')]);
  assert.deepEqual(decodeEvents(bytes), [{ type: 'error', seq: 12, index: -1, opcode: 0, op: 'HEADER', code: 0x100, kind: 'HostTrap', skipped: false, message: 'trapped twice' }]);
  const bad = reev([[EV.UNNAMED_FOCUS, 1], [EV.UNNAMED_FOCUS, 2]]);
  new DataView(bad.buffer).setUint32(24, EV.UNNAMED_FOCUS | (99 << 16), true); // the second claims 99 words
  assert.throws(() => decodeEvents(bad), /bad event length/);
  assert.deepEqual(decodeEvents(bad, false), [{ type: 'unnamed-focus', node: 1 }]);
  const notEvents = new Uint8Array(32);
  assert.throws(() => decodeEvents(notEvents), /magic/);
  let visits = 0;
  walkEvents(notEvents, () => visits++);
  assert.equal(visits, 0);
  assert.deepEqual(eventWords(reev([[EV.IMAGE_RELEASE, 4], [EV.UNNAMED_FOCUS, 2]]), (op) => op === EV.IMAGE_RELEASE).map((w) => [...w]), [[EV.IMAGE_RELEASE | (2 << 16), 4]]);
});

test('the Worker\'s image answers: IMAGE_LOADED and IMAGE_FAILED batches, byte for byte', () => {
  const enc = new BatchEncoder({ dev: false, initialBytes: 64 });
  enc.reset(0x40000001);
  enc.imageLoaded(9, 320, 180, 320 * 180 * 4);
  assert.deepEqual([...new Uint32Array(enc.finish().slice().buffer)], [0x4c454552, 1, 0x40000001, 1, OP.IMAGE_LOADED | (5 << 16), 9, 320, 180, 230400]);
  enc.reset(0x40000002);
  enc.imageFailed(9, L.IMAGE_REASONS.indexOf('not-found'), 'x.png: HTTP 404');
  const b = enc.finish().slice();
  assert.equal(batchSeq(b), 0x40000002);
  // What engine-worker.js wrote by hand before: texture, reason, length, the bytes packed little-endian, zero padded.
  const msg = new TextEncoder().encode('x.png: HTTP 404');
  const words = [9, 1, msg.length];
  for (let i = 0; i < msg.length; i += 4) words.push((msg[i] | (msg[i + 1] << 8) | (msg[i + 2] << 16) | (msg[i + 3] << 24)) >>> 0);
  assert.deepEqual([...new Uint32Array(b.buffer)], [0x4c454552, 1, 0x40000002, 1, (OP.IMAGE_FAILED | ((1 + words.length) << 16)) >>> 0, ...words]);
});

test('generated layout: the offsets the painters read (display_list.rs DisplayItem, MeshVertex)', () => {
  assert.deepEqual([L.OFF_KIND, L.OFF_NODE, L.OFF_TEXTURE, L.OFF_PARAM, L.OFF_A, L.OFF_F, L.OFF_W, L.OFF_H, L.OFF_COLOR0, L.OFF_COLOR3, L.OFF_U0, L.OFF_V1],
    [0, 4, 8, 12, 16, 36, 40, 44, 48, 60, 64, 76]);
  assert.deepEqual([L.LIST_ITEM_COUNT, L.LIST_FRAME, L.LIST_MESH_VERTICES, L.LIST_MESH_INDICES, L.MESH_VERTEX_BYTES, L.VERTEX_RGBA], [8, 12, 24, 28, 20, 16]);
  // A list with one RECT and a mesh section of 3 vertices / 3 indices, read back through the wire.
  const out = new Uint8Array(32 + 80 * 2 + 20 * 3 + 12);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x4c444552, true); dv.setUint32(4, 1, true); dv.setUint32(8, 2, true); dv.setUint32(12, 77, true);
  dv.setUint32(24, 3, true); dv.setUint32(28, 3, true);
  dv.setUint32(32, L.KIND_RECT, true); dv.setUint32(36, 5, true); dv.setFloat32(32 + 32, 7, true); dv.setFloat32(32 + 40, 10, true); dv.setUint32(32 + 48, 0xff0000ff, true);
  dv.setUint32(112, L.KIND_MESH, true); dv.setUint32(112 + 48, 0, true); dv.setUint32(112 + 52, 3, true);
  const [item] = displayListItems(out);
  assert.deepEqual([item.kind, item.node, item.transform[4], item.size[0], item.colors[0]], [1, 5, 7, 10, 0xff0000ff]);
  assert.equal(listFrame(out), 77);
  const mesh = readMeshSection(dv, 2);
  assert.deepEqual(mesh, { vertexOffset: 192, vertexCount: 3, indexOffset: 252, indexCount: 3 });
  assert.deepEqual(meshRange(dv, 112, mesh), [0, 3]);
});
