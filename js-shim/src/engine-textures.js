// @reel/shim — engine-owned textures (the glyph atlas, the debug overlay's
// font) for painters that take whole textures: reads the engine's texture
// deltas (egui TexturesDelta contract; format in engine/src/texture.rs),
// applies each SET rectangle to a retained copy and reports the changed
// textures whole, FREEs likewise. Used by the Worker (engine-worker.js) and
// the Node worker_thread (node-backend.js) after every engine run, before
// the list is painted or posted.

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
    if (b.length < 16) return null;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (dv.getUint32(0, true) !== 0x58544552 || dv.getUint32(4, true) !== 1) {
      throw new Error(`reel: texture deltas: bad header ${dv.getUint32(0, true).toString(16)} v${dv.getUint32(4, true)}`);
    }
    const count = dv.getUint32(8, true);
    const changed = new Set();
    const free = [];
    let o = 16;
    for (let i = 0; i < count && o + 8 <= b.length; i++) {
      const tag = dv.getUint32(o, true);
      const id = dv.getUint32(o + 4, true);
      if (tag === 2) { free.push(id); this.textures.delete(id); changed.delete(id); o += 8; continue; }
      if (tag !== 1) throw new Error(`reel: texture deltas: unknown tag ${tag} at byte ${o}`);
      const [x, y, w, h, fw, fh] = [8, 12, 16, 20, 24, 28].map((k) => dv.getUint32(o + k, true));
      let t = this.textures.get(id);
      if (!t || t.width !== fw || t.height !== fh) {
        const pixels = new Uint8Array(fw * fh * 4);
        if (t) for (let r = 0; r < Math.min(t.height, fh); r++) pixels.set(t.pixels.subarray(r * t.width * 4, (r * t.width + Math.min(t.width, fw)) * 4), r * fw * 4);
        t = { width: fw, height: fh, pixels };
        this.textures.set(id, t);
      }
      const src = b.subarray(o + 36, o + 36 + w * h * 4);
      for (let r = 0; r < h; r++) t.pixels.set(src.subarray(r * w * 4, (r + 1) * w * 4), ((y + r) * fw + x) * 4);
      changed.add(id);
      o += 36 + w * h * 4;
    }
    const set = [...changed].map((id) => {
      const t = this.textures.get(id);
      return { id, pixels: t.pixels.slice(), width: t.width, height: t.height };
    });
    return set.length || free.length ? { set, free } : null;
  }
}
