// @reel/shim — the display list (engine/wire/src/display_list.rs): the one place
// in JS that knows its byte layout. Painters (../paint/), the Worker, the
// transports and EngineCore read lists through the constants and readers
// here; every number comes from generated files (props.js: framing;
// ./layout.js: item kinds and field offsets, from the Rust structs).
//
// Why constants and not accessor objects: painters walk thousands of items
// per frame in place with a DataView (`dv.getFloat32(o + OFF_W, true)`);
// named offsets cost nothing there (bundlers inline them: ./layout.js is
// plain numbers), an object per item would.
//
// Layout (little-endian):
//   header, 32 bytes: magic "REDL" u32, version u32 (1), item_count u32,
//     frame u32, viewport_w f32, viewport_h f32, mesh vertex count u32,
//     mesh index count u32 (both 0 without a mesh section)
//   item, 80 bytes:   kind u32, node u32, texture u32, param f32,
//     transform f32 x6 [a b c d e f] (x' = a*x + c*y + e, y' = b*x + d*y + f),
//     size f32 x2, colors u32 x4 (0xRRGGBBAA straight, TL TR BL BR),
//     uv f32 x4 [u0 v0 u1 v1]
// Effects (display_list.rs "Effects"): a SHADOW item (rect = the shadow's
// own box, uv = its radii [tl tr br bl], colors[0] = colour, param = blur,
// Gaussian sigma = blur / 2) is drawn before its node's quad; a SHAPE item
// (uv = radii, param = border width, colors[0] = border colour) modifies
// the RECT or IMAGE right after it: rounded corners, an inside border. A
// CLIP_SHAPE (after its CLIP_PUSH) is a rounded clip: transform, size and
// radii in uv. A VIDEO item is a hole down to the video plane: its alpha is
// colors[0] & 0xff, uv = the enclosing clip [x0, y0, x1, y1].
// Gradients (display_list.rs "Gradients"): one GRADIENT item, or two for
// more than 4 stops, before the SHAPE (if any) and RECT it fills: texture =
// type (1 linear, 2 radial) | stop count << 8, transform[0..4] = the line
// [x0 y0 x1 y1] or centre and radii [cx cy rx ry] in the rect's item space,
// colors[i] / uv[i] = stop colour / position; the second item (texture 0)
// holds stops 4..8. The RECT's colours are opaque white. See readGradient.
// Mesh section (the debug overlay): after the items, the header's vertex
// count of 20-byte vertices (x, y, u, v f32; r, g, b, a u8 premultiplied),
// then its index count of u32 indices; a MESH item draws indices
// [colors[0], colors[0] + colors[1]) with its texture.

import { DISPLAY_LIST_MAGIC, DISPLAY_LIST_VERSION, DISPLAY_LIST_HEADER_BYTES, DISPLAY_ITEM_BYTES } from '../props.js';
import {
  KIND_RECT, KIND_MESH, KIND_VIDEO, KIND_GRADIENT, OFF_KIND, OFF_NODE, OFF_TEXTURE, OFF_PARAM, OFF_A, OFF_B, OFF_C, OFF_D, OFF_E, OFF_F, OFF_W, OFF_H,
  OFF_COLOR0, OFF_COLOR1, OFF_COLOR2, OFF_COLOR3, OFF_U0, OFF_V0, OFF_U1, OFF_V1, LIST_MAGIC, LIST_VERSION, LIST_ITEM_COUNT,
  LIST_FRAME, LIST_VIEWPORT_W, LIST_VIEWPORT_H, LIST_MESH_VERTICES, LIST_MESH_INDICES, MESH_VERTEX_BYTES,
} from './layout.js';

// Item kinds, byte offsets inside an item (OFF_*: kind, node, texture,
// param — a SHADOW's blur, a SHAPE's border width —, the transform's
// a..f, w, h, colors[0..3], uv u0 v0 u1 v1) and inside a mesh vertex
// (VERTEX_*), generated from the Rust structs: ./layout.js.
export {
  KIND_RECT, KIND_IMAGE, KIND_CLIP_PUSH, KIND_CLIP_POP, KIND_MESH, KIND_SHADOW, KIND_SHAPE, KIND_CLIP_SHAPE, KIND_VIDEO, KIND_GRADIENT,
  OFF_KIND, OFF_NODE, OFF_TEXTURE, OFF_PARAM, OFF_A, OFF_B, OFF_C, OFF_D, OFF_E, OFF_F, OFF_W, OFF_H,
  OFF_COLOR0, OFF_COLOR1, OFF_COLOR2, OFF_COLOR3, OFF_U0, OFF_V0, OFF_U1, OFF_V1,
  MESH_VERTEX_BYTES, VERTEX_X, VERTEX_Y, VERTEX_U, VERTEX_V, VERTEX_RGBA,
  /** The radii [tl tr br bl] (f32) of a SHADOW, SHAPE or CLIP_SHAPE: its uv. */
  OFF_U0 as OFF_RADII,
  /** A MESH item's first index and index count: colors[0] and colors[1]. */
  OFF_COLOR0 as OFF_MESH_FIRST, OFF_COLOR1 as OFF_MESH_COUNT,
} from './layout.js';
export const DL_MAGIC = DISPLAY_LIST_MAGIC; // "REDL" read as little-endian u32
export const DL_VERSION = DISPLAY_LIST_VERSION;
export const HEADER_BYTES = DISPLAY_LIST_HEADER_BYTES;
export const ITEM_BYTES = DISPLAY_ITEM_BYTES;

/** Accepts Uint8Array / ArrayBuffer / DataView; returns a DataView. */
export function asDataView(bytes) {
  if (bytes instanceof DataView) return bytes;
  if (bytes instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && bytes instanceof SharedArrayBuffer)) {
    return new DataView(bytes);
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Reads and checks the header (painters). Returns { count, frame, width,
 * height } or throws on a malformed list (bad magic/version, truncated).
 */
export function readHeader(dv) {
  if (dv.byteLength < HEADER_BYTES) throw new Error(`display list truncated: ${dv.byteLength} bytes`);
  const magic = dv.getUint32(LIST_MAGIC, true);
  if (magic !== DL_MAGIC) throw new Error(`display list has bad magic 0x${magic.toString(16)}`);
  const version = dv.getUint32(LIST_VERSION, true);
  if (version !== DL_VERSION) throw new Error(`display list version ${version} is not supported`);
  const count = dv.getUint32(LIST_ITEM_COUNT, true);
  if (dv.byteLength < HEADER_BYTES + count * ITEM_BYTES) {
    throw new Error(`display list truncated: ${count} items need ${HEADER_BYTES + count * ITEM_BYTES} bytes, have ${dv.byteLength}`);
  }
  return { count, frame: dv.getUint32(LIST_FRAME, true), width: dv.getFloat32(LIST_VIEWPORT_W, true), height: dv.getFloat32(LIST_VIEWPORT_H, true) };
}

/** Reads a display list's header: `{ version, itemCount, frame, viewportW, viewportH }` (null if malformed). */
export function displayListHeader(bytes) {
  if (!bytes || bytes.byteLength < HEADER_BYTES) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(LIST_MAGIC, true) !== DL_MAGIC) return null;
  return {
    version: dv.getUint32(LIST_VERSION, true),
    itemCount: dv.getUint32(LIST_ITEM_COUNT, true),
    frame: dv.getUint32(LIST_FRAME, true),
    viewportW: dv.getFloat32(LIST_VIEWPORT_W, true),
    viewportH: dv.getFloat32(LIST_VIEWPORT_H, true),
  };
}

/** A list's frame number without checking it (-1 when there is no list yet: 0 bytes). */
export function listFrame(bytes) {
  return bytes.byteLength >= LIST_FRAME + 4 ? new DataView(bytes.buffer, bytes.byteOffset, LIST_FRAME + 4).getUint32(LIST_FRAME, true) : -1;
}

/**
 * Decodes a display list's items into objects (for tests and debugging;
 * painters read the bytes in place).
 */
export function displayListItems(bytes) {
  const h = displayListHeader(bytes);
  if (!h) throw new Error('reel: not a display list');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const items = [];
  for (let i = 0; i < h.itemCount; i++) {
    const o = HEADER_BYTES + i * ITEM_BYTES;
    const f = (k) => dv.getFloat32(o + k, true);
    const u = (k) => dv.getUint32(o + k, true);
    items.push({
      kind: u(OFF_KIND),
      node: u(OFF_NODE),
      texture: u(OFF_TEXTURE),
      param: f(OFF_PARAM),
      transform: [f(OFF_A), f(OFF_B), f(OFF_C), f(OFF_D), f(OFF_E), f(OFF_F)],
      size: [f(OFF_W), f(OFF_H)],
      colors: [u(OFF_COLOR0), u(OFF_COLOR1), u(OFF_COLOR2), u(OFF_COLOR3)],
      uv: [f(OFF_U0), f(OFF_V0), f(OFF_U1), f(OFF_V1)],
    });
  }
  return items;
}

/**
 * The VIDEO items of a display list, in paint order: `{ node, m: [a, b, c,
 * d, e, f], w, h, clip: [x0, y0, x1, y1], alpha }` (alpha 0..1), for the
 * page's video plane (video-plane.js).
 * @param {Uint8Array} bytes
 */
export function videoSurfaces(bytes) {
  const dv = asDataView(bytes);
  const hdr = readHeader(dv);
  const out = [];
  for (let i = 0; i < hdr.count; i++) {
    const o = HEADER_BYTES + i * ITEM_BYTES;
    if (dv.getUint32(o + OFF_KIND, true) !== KIND_VIDEO) continue;
    const f = (k) => dv.getFloat32(o + k, true);
    out.push({
      node: dv.getUint32(o + OFF_NODE, true), m: [f(OFF_A), f(OFF_B), f(OFF_C), f(OFF_D), f(OFF_E), f(OFF_F)], w: f(OFF_W), h: f(OFF_H),
      clip: [f(OFF_U0), f(OFF_V0), f(OFF_U1), f(OFF_V1)], alpha: (dv.getUint32(o + OFF_COLOR0, true) & 0xff) / 255,
    });
  }
  return out;
}

/**
 * The debug overlay's marks in a list (EngineCore.overlayState): the MESH
 * items, and the node of the first RECT filled with `highlightFill` (the
 * inspector's highlight of the selected node), or null.
 */
export function overlayMarks(bytes, highlightFill) {
  const out = { meshes: 0, highlighted: null };
  if (bytes.byteLength < HEADER_BYTES) return out;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = dv.getUint32(LIST_ITEM_COUNT, true);
  for (let i = 0, o = HEADER_BYTES; i < n && o + ITEM_BYTES <= bytes.byteLength; i++, o += ITEM_BYTES) {
    const kind = dv.getUint32(o + OFF_KIND, true);
    if (kind === KIND_MESH) out.meshes++;
    else if (kind === KIND_RECT && dv.getUint32(o + OFF_COLOR0, true) === highlightFill && out.highlighted === null) out.highlighted = dv.getUint32(o + OFF_NODE, true);
  }
  return out;
}

/**
 * The gradient whose first GRADIENT item is at byte offset `o` (a
 * continuation item, if any, right after it): `{ radial, geo: [4], n,
 * colors: [n] straight 0xRRGGBBAA, pos: [n] }`, or null when `o` is a
 * continuation item or the count is out of range.
 */
export function readGradient(dv, o) {
  const t = dv.getUint32(o + OFF_TEXTURE, true);
  const n = (t >>> 8) & 0xff;
  if ((t & 0xff) === 0 || n < 1 || n > 8) return null;
  const geo = [OFF_A, OFF_B, OFF_C, OFF_D].map((k) => dv.getFloat32(o + k, true));
  const colors = [];
  const pos = [];
  for (let k = 0; k < n; k++) {
    const p = o + (k >> 2) * ITEM_BYTES;
    if (k === 4 && (p + ITEM_BYTES > dv.byteLength || dv.getUint32(p + OFF_KIND, true) !== KIND_GRADIENT)) return null;
    colors.push(dv.getUint32(p + OFF_COLOR0 + 4 * (k & 3), true));
    pos.push(dv.getFloat32(p + OFF_U0 + 4 * (k & 3), true));
  }
  return { radial: (t & 0xff) === 2, geo, n, colors, pos };
}

/**
 * Locates the mesh section of a list: `{ vertexOffset, vertexCount,
 * indexOffset, indexCount }` (byte offsets into the DataView). Throws when
 * the section is truncated. Zero counts for lists without meshes.
 */
export function readMeshSection(dv, itemCount) {
  const vertexCount = dv.getUint32(LIST_MESH_VERTICES, true);
  const indexCount = dv.getUint32(LIST_MESH_INDICES, true);
  const vertexOffset = HEADER_BYTES + itemCount * ITEM_BYTES;
  const indexOffset = vertexOffset + vertexCount * MESH_VERTEX_BYTES;
  if (dv.byteLength < indexOffset + indexCount * 4) {
    throw new Error(`display list mesh section truncated: need ${indexOffset + indexCount * 4} bytes, have ${dv.byteLength}`);
  }
  return { vertexOffset, vertexCount, indexOffset, indexCount };
}

/** The `[first, end)` index range of the mesh item at byte offset `o`, clamped to the section (whole triangles). */
export function meshRange(dv, o, mesh) {
  const first = Math.min(dv.getUint32(o + OFF_COLOR0, true), mesh.indexCount);
  const end = Math.min(first + dv.getUint32(o + OFF_COLOR1, true), mesh.indexCount);
  return [first, end - ((end - first) % 3)];
}

/** Byte offset of the vertex that index `k` of the mesh section names, or -1 when it is out of range. */
export function meshVertexAt(dv, mesh, k) {
  const idx = dv.getUint32(mesh.indexOffset + k * 4, true);
  return idx < mesh.vertexCount ? mesh.vertexOffset + idx * MESH_VERTEX_BYTES : -1;
}
