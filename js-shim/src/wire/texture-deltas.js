// @reel/shim — the engine's texture deltas (engine/wire/src/texture.rs): the one
// place in JS that reads their bytes. They carry the engine-owned textures
// (the glyph atlas, the debug overlay's font) as SET rectangles and FREEs;
// ../engine-textures.js keeps the textures whole for the painters.
//
// Layout (little-endian u32 words): header magic "RETX", version, record
// count, byte length; then per record a tag — SET: id, x, y, w, h, full_w,
// full_h, format (0 = RGBA8), then w x h RGBA8 texels; FREE: id.

import { TEXTURE_DELTAS_MAGIC, TEXTURE_DELTAS_VERSION, TEXTURE_TAG_SET, TEXTURE_TAG_FREE } from './layout.js';

const HEADER_BYTES = 16;
/** Tag, id, x, y, w, h, full_w, full_h, format. */
const SET_BYTES = 36;
/** Tag, id. */
const FREE_BYTES = 8;

/**
 * Calls `onSet(id, x, y, w, h, fullW, fullH, texels)` (`texels`: a view of
 * the w x h RGBA8 rectangle) and `onFree(id)` for each record, in order.
 * Throws on a malformed buffer (bad magic, version or tag). Shorter than a
 * header: nothing.
 */
export function walkTextureDeltas(b, onSet, onFree) {
  if (b.length < HEADER_BYTES) return;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(0, true) !== TEXTURE_DELTAS_MAGIC || dv.getUint32(4, true) !== TEXTURE_DELTAS_VERSION) {
    throw new Error(`reel: texture deltas: bad header ${dv.getUint32(0, true).toString(16)} v${dv.getUint32(4, true)}`);
  }
  const count = dv.getUint32(8, true);
  let o = HEADER_BYTES;
  for (let i = 0; i < count && o + FREE_BYTES <= b.length; i++) {
    const tag = dv.getUint32(o, true);
    const id = dv.getUint32(o + 4, true);
    if (tag === TEXTURE_TAG_FREE) {
      onFree(id);
      o += FREE_BYTES;
      continue;
    }
    if (tag !== TEXTURE_TAG_SET) throw new Error(`reel: texture deltas: unknown tag ${tag} at byte ${o}`);
    const [x, y, w, h, fw, fh] = [8, 12, 16, 20, 24, 28].map((k) => dv.getUint32(o + k, true));
    onSet(id, x, y, w, h, fw, fh, b.subarray(o + SET_BYTES, o + SET_BYTES + w * h * 4));
    o += SET_BYTES + w * h * 4;
  }
}
