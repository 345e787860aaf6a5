// js-shim/src/paint/display-list.js — the display-list wire format
// (engine/src/display_list.rs) as JS constants and a validating header read.
// Painters walk the items in place with a DataView; nothing is copied.
//
// Layout (little-endian):
//   header, 32 bytes: magic "REDL" u32, version u32 (1), item_count u32,
//     frame u32, viewport_w f32, viewport_h f32, reserved u32 x2
//   item, 80 bytes:   kind u32, node u32, texture u32, param f32,
//     transform f32 x6 [a b c d e f] (x' = a*x + c*y + e, y' = b*x + d*y + f),
//     size f32 x2, colors u32 x4 (0xRRGGBBAA straight, TL TR BL BR),
//     uv f32 x4 [u0 v0 u1 v1]
// Effects (display_list.rs "Effects"): a SHADOW item (rect = the shadow's
// own box, uv = its radii [tl tr br bl], colors[0] = colour, param = blur,
// Gaussian sigma = blur / 2) is drawn before its node's quad; a SHAPE item
// (uv = radii, param = border width, colors[0] = border colour) modifies
// the RECT or IMAGE right after it: rounded corners, an inside border.

export const DL_MAGIC = 0x4c444552; // "REDL" read as little-endian u32
export const DL_VERSION = 1;
export const HEADER_BYTES = 32;
export const ITEM_BYTES = 80;

export const KIND_RECT = 1;
export const KIND_IMAGE = 2;
export const KIND_CLIP_PUSH = 3;
export const KIND_CLIP_POP = 4;
export const KIND_SHADOW = 6;
export const KIND_SHAPE = 7;
export const KIND_CLIP_SHAPE = 8;
/** A video surface: painters make it transparent by its alpha (colors[0] & 0xff); uv = the enclosing clip [x0, y0, x1, y1]. */
export const KIND_VIDEO = 9;

// Byte offsets inside an item.
export const OFF_KIND = 0;
export const OFF_NODE = 4;
export const OFF_TEXTURE = 8;
export const OFF_PARAM = 12;
export const OFF_TRANSFORM = 16;
export const OFF_SIZE = 40;
export const OFF_COLORS = 48;
export const OFF_UV = 64;

/** Accepts Uint8Array / ArrayBuffer / DataView; returns a DataView. */
export function asDataView(bytes) {
  if (bytes instanceof DataView) return bytes;
  if (bytes instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && bytes instanceof SharedArrayBuffer)) {
    return new DataView(bytes);
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Reads and checks the header. Returns { count, frame, width, height } or
 * throws on a malformed list (bad magic/version, truncated).
 */
export function readHeader(dv) {
  if (dv.byteLength < HEADER_BYTES) throw new Error(`display list truncated: ${dv.byteLength} bytes`);
  const magic = dv.getUint32(0, true);
  if (magic !== DL_MAGIC) throw new Error(`display list has bad magic 0x${magic.toString(16)}`);
  const version = dv.getUint32(4, true);
  if (version !== DL_VERSION) throw new Error(`display list version ${version} is not supported`);
  const count = dv.getUint32(8, true);
  if (dv.byteLength < HEADER_BYTES + count * ITEM_BYTES) {
    throw new Error(`display list truncated: ${count} items need ${HEADER_BYTES + count * ITEM_BYTES} bytes, have ${dv.byteLength}`);
  }
  return { count, frame: dv.getUint32(12, true), width: dv.getFloat32(16, true), height: dv.getFloat32(20, true) };
}

/**
 * Clip rectangle snapping shared by every painter and by the software
 * rasterizer (engine/src/raster): a pixel is inside `[lo, hi)` when its
 * centre `p + 0.5` is, i.e. the integer span is `[ceil(lo-0.5), ceil(hi-0.5))`.
 */
export function snapSpan(lo, hi) {
  return [Math.ceil(lo - 0.5), Math.ceil(hi - 0.5)];
}

/**
 * A per-painter texture table: id -> { source, width, height } where source
 * is an ImageBitmap / canvas / ImageData-like { data: Uint8Array|Uint8ClampedArray,
 * width, height } of straight RGBA8. Painters keep the source so they can
 * re-upload after a GPU context loss.
 */
export function normalizeTextureSource(source, width, height) {
  if (source && (source instanceof Uint8Array || source instanceof Uint8ClampedArray)) {
    if (!(width > 0 && height > 0) || source.length !== width * height * 4) {
      throw new Error(`texture pixels: expected ${width}x${height}x4 bytes, got ${source.length}`);
    }
    return { kind: 'pixels', data: source, width, height };
  }
  if (source && source.data && source.width > 0 && source.height > 0 && !('getContext' in source)) {
    return { kind: 'pixels', data: source.data, width: source.width, height: source.height };
  }
  if (source && source.width > 0 && source.height > 0) {
    return { kind: 'image', data: source, width: source.width, height: source.height };
  }
  throw new Error('texture source must be an ImageBitmap/canvas or RGBA pixels with width and height');
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
    if (dv.getUint32(o, true) !== KIND_VIDEO) continue;
    const f = (k) => dv.getFloat32(o + k, true);
    out.push({ node: dv.getUint32(o + 4, true), m: [f(16), f(20), f(24), f(28), f(32), f(36)], w: f(40), h: f(44), clip: [f(64), f(68), f(72), f(76)], alpha: (dv.getUint32(o + 48, true) & 0xff) / 255 });
  }
  return out;
}
