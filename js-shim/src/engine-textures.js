// @reel/shim — engine-owned textures (the glyph atlas, the debug overlay's
// font) for painters that take whole textures: takes the engine's texture
// deltas (egui TexturesDelta contract; format in engine/wire/src/texture.rs),
// applies each SET rectangle to a retained copy and reports the changed
// textures whole, FREEs likewise. Used by the Worker (engine-worker.js) and
// the Node worker_thread (node-backend.js) after every engine run, before
// the list is painted or posted. The bytes are read by
// ./wire/texture-deltas.js.

import { walkTextureDeltas } from './wire/texture-deltas.js';

export class EngineTextures {
  constructor() {
    /** id -> { width, height, pixels } */
    this.textures = new Map();
  }

  /**
   * Takes `core`'s pending deltas (clears them). Returns `{ set: [{ id,
   * pixels (a copy), width, height }], free: [id] }`, or null when nothing
   * changed. Throws on a malformed buffer (bad magic or tag).
   */
  take(core) {
    if (!core || typeof core.takeTextureDeltasBytes !== 'function') return null;
    const b = core.takeTextureDeltasBytes();
    const changed = new Set();
    const free = [];
    walkTextureDeltas(b, (id, x, y, w, h, fw, fh, src) => {
      let t = this.textures.get(id);
      if (!t || t.width !== fw || t.height !== fh) {
        const pixels = new Uint8Array(fw * fh * 4);
        if (t) for (let r = 0; r < Math.min(t.height, fh); r++) pixels.set(t.pixels.subarray(r * t.width * 4, (r * t.width + Math.min(t.width, fw)) * 4), r * fw * 4);
        t = { width: fw, height: fh, pixels };
        this.textures.set(id, t);
      }
      for (let r = 0; r < h; r++) t.pixels.set(src.subarray(r * w * 4, (r + 1) * w * 4), ((y + r) * fw + x) * 4);
      changed.add(id);
    }, (id) => {
      free.push(id);
      this.textures.delete(id);
      changed.delete(id);
    });
    const set = [...changed].map((id) => {
      const t = this.textures.get(id);
      return { id, pixels: t.pixels.slice(), width: t.width, height: t.height };
    });
    return set.length || free.length ? { set, free } : null;
  }
}
