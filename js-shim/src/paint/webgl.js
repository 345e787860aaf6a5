// js-shim/src/paint/webgl.js — WebGL2 painter of the engine's display list.
//
// Works on an OffscreenCanvas inside a Worker and on a main-thread
// <canvas>. It reads the list bytes in place (see display-list.js) and
// paints them in order; it never sees the scene tree.
//
// Painting model — the same as the software rasterizer (engine/src/raster):
// * The frame is cleared to opaque black; items are drawn in list order with
//   premultiplied source-over (`ONE, ONE_MINUS_SRC_ALPHA`). Item colours are
//   straight 0xRRGGBBAA; they are premultiplied on the CPU into the vertex
//   colours, so gradients interpolate in premultiplied space (a fade to
//   transparent does not darken), as the rasterizer does.
// * The list viewport (header width x height) maps onto the whole drawing
//   buffer (canvas.width x canvas.height); set the canvas to the viewport
//   size for 1:1 pixels.
// * Quads: one dynamic vertex buffer, reused every frame (grown when a frame
//   needs more), filled once per frame; draw calls break only where the
//   texture or the scissor changes. Vertex = x, y (f32), u, v (f32),
//   premultiplied RGBA8 (normalized) = 20 bytes.
// * Gradients — APPROXIMATION: the rasterizer shades four-corner gradients
//   exactly bilinearly. Here a quad whose corner colours are "planar"
//   (tl - tr == bl - br per channel: every one-colour, horizontal or vertical
//   gradient) is two triangles and is exact. A non-planar one (bilinear is
//   not affine, two triangles would show a diagonal crease of up to 1/8 of
//   the colour range) is an 8x8 grid of cells, each two triangles with
//   vertex colours sampled bilinearly: exact at the 81 grid points and along
//   the edges, off by at most |tl - tr - bl + br| / 256 levels (2 for the
//   extreme red/green/blue/white quad) in between. Comparisons against the
//   rasterizer's PNGs need that small tolerance.
// * Edges: no MSAA by default (`antialias: false`, as TV renderers do): a
//   TV scene is axis-aligned rectangles on pixel edges, where MSAA changes
//   nothing, while it multiplies fill cost (measured: the GPU time of a
//   10k-tile frame on SwiftShader went from ~600 to ~120 ms without it) and
//   the framebuffer's memory (4x at 1080p: ~33 MB on a device with a few
//   hundred). `createRenderer({ antialias: true })` turns it on; then the
//   rasterizer's analytic coverage and MSAA agree on pixel-aligned edges and
//   differ by a little on fractional or rotated ones. Without it rotated
//   edges are aliased.
// * Clips: a stack of scissor rectangles, snapped with the pixel-centre rule
//   (`ceil(lo - 0.5) .. ceil(hi - 0.5)`) exactly as the rasterizer snaps,
//   intersected with the enclosing clip.
// * Images: texture by id, sampled bilinear, clamp to edge, premultiplied,
//   over the item's uv rect, multiplied by the corner tint. An unknown id is
//   drawn as its tint only (a 1x1 white texture), like the rasterizer.
//   Texture deltas (`setTexture`, `freeTexture`, `applyTextureDeltas`) are
//   applied before the next paint. Pixel sources are straight RGBA8 and are
//   premultiplied on upload; ImageBitmaps should be created with
//   `premultiplyAlpha: 'premultiply'` (WebGL ignores the unpack flags for them).
// * Context loss: `webglcontextlost` is default-prevented (so the browser may
//   restore), painting becomes a no-op returning null; on
//   `webglcontextrestored` programs, buffers and every texture (from the
//   retained sources) are recreated and `onContextRestored` is called so the
//   owner can repaint the last list. `WEBGL_lose_context` drives it in tests
//   (`loseContextForTesting()` / `restoreContextForTesting()`).
import {
  HEADER_BYTES, ITEM_BYTES, KIND_CLIP_POP, KIND_CLIP_PUSH, KIND_IMAGE, KIND_RECT,
  asDataView, normalizeTextureSource, readHeader, snapSpan,
} from './display-list.js';
import { KIND_MESH, meshRange, readMeshSection, writeMeshVertices } from './mesh.js';

const VS = `#version 300 es
in vec2 aPos;
in vec2 aUv;
in vec4 aColor;
uniform vec2 uScale; // 2 / viewport
out vec2 vUv;
out vec4 vColor;
void main() {
  gl_Position = vec4(aPos.x * uScale.x - 1.0, 1.0 - aPos.y * uScale.y, 0.0, 1.0);
  vUv = aUv;
  vColor = aColor;
}`;

const FS = `#version 300 es
precision highp float;
uniform sampler2D uTex;
in vec2 vUv;
in vec4 vColor;
out vec4 outColor;
void main() {
  outColor = texture(uTex, vUv) * vColor;
}`;

// Untextured quads (colour rects, the bulk of a TV scene) use a program
// that samples nothing: a texture fetch per pixel is a large share of the
// fill cost on software GL and on low-end TV GPUs. Same output as sampling
// the white texel (1.0 × colour).
const FS_SOLID = `#version 300 es
precision highp float;
in vec4 vColor;
out vec4 outColor;
void main() {
  outColor = vColor;
}`;

const FLOATS_PER_VERTEX = 5; // x y u v rgba8
const BYTES_PER_VERTEX = FLOATS_PER_VERTEX * 4;
const WHITE = -1; // texture key of the 1x1 white texture
// Non-planar gradients are drawn as GRID x GRID cells of two triangles.
const GRID = 8;
const CELL_S = [0, 1, 0, 1, 1, 0];
const CELL_T = [0, 0, 1, 0, 1, 1];

/** Straight 0xRRGGBBAA -> premultiplied RGBA8 packed little-endian (r | g<<8 | b<<16 | a<<24). */
export function premulPacked(c) {
  const a = c & 0xff;
  if (a === 0) return 0;
  const r = (c >>> 24) & 0xff;
  const g = (c >>> 16) & 0xff;
  const b = (c >>> 8) & 0xff;
  if (a === 255) return (r | (g << 8) | (b << 16) | (255 << 24)) >>> 0;
  const m = a / 255;
  return (Math.round(r * m) | (Math.round(g * m) << 8) | (Math.round(b * m) << 16) | (a << 24)) >>> 0;
}

function compile(gl, type, src) {
  const s = gl.createShader(type);
  gl.shaderSource(s, src);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS) && !gl.isContextLost()) {
    throw new Error(`shader compile failed: ${gl.getShaderInfoLog(s)}`);
  }
  return s;
}

export class WebGLPainter {
  /**
   * A painter on `canvas` (HTMLCanvasElement or OffscreenCanvas), or null
   * when WebGL2 is not available there.
   * @param {object} [opts] { antialias = false, onContextLost, onContextRestored, contextAttributes }
   */
  static create(canvas, opts = {}) {
    let gl = null;
    try {
      gl = canvas.getContext('webgl2', {
        alpha: false,
        premultipliedAlpha: true,
        antialias: opts.antialias ?? false,
        depth: false,
        stencil: false,
        preserveDrawingBuffer: !!opts.preserveDrawingBuffer,
        powerPreference: 'low-power',
        ...(opts.contextAttributes || {}),
      });
    } catch {
      gl = null;
    }
    if (!gl) return null;
    return new WebGLPainter(canvas, gl, opts);
  }

  constructor(canvas, gl, opts = {}) {
    this.canvas = canvas;
    this.gl = gl;
    this.onContextLost = opts.onContextLost || null;
    this.onContextRestored = opts.onContextRestored || null;
    /** id -> { src: normalized source, tex: WebGLTexture|null } */
    this.textures = new Map();
    this.lost = false;
    this.contextLosses = 0;
    this.contextRestores = 0;
    // CPU vertex storage (grown on demand), shared by every frame.
    this._cap = 0;
    this._buf = null;
    this._f32 = null;
    this._u32 = null;
    this._grow(6 * 2048);
    this._draws = []; // reused: [first, count, texKey, sx, sy, sw, sh, scissorOn] * n (flat)
    this._lossExt = null;

    this._onLost = (e) => {
      e.preventDefault();
      this.lost = true;
      this.contextLosses++;
      this._res = null;
      for (const t of this.textures.values()) t.tex = null;
      if (this.onContextLost) this.onContextLost();
    };
    this._onRestored = () => {
      this._initResources();
      this.lost = false;
      this.contextRestores++;
      if (this.onContextRestored) this.onContextRestored();
    };
    canvas.addEventListener('webglcontextlost', this._onLost, false);
    canvas.addEventListener('webglcontextrestored', this._onRestored, false);
    this._initResources();
  }

  get kind() {
    return 'webgl2';
  }

  _grow(vertices) {
    if (vertices <= this._cap) return;
    let cap = Math.max(this._cap, 1024);
    while (cap < vertices) cap *= 2;
    const buf = new ArrayBuffer(cap * BYTES_PER_VERTEX);
    if (this._buf) new Uint8Array(buf).set(new Uint8Array(this._buf));
    this._buf = buf;
    this._f32 = new Float32Array(buf);
    this._u32 = new Uint32Array(buf);
    this._cap = cap;
  }

  /** (Re)creates every GL object; textures are re-uploaded from their retained sources. */
  _initResources() {
    const gl = this.gl;
    if (gl.isContextLost()) return;
    const link = (fs) => {
      const prog = gl.createProgram();
      gl.attachShader(prog, compile(gl, gl.VERTEX_SHADER, VS));
      gl.attachShader(prog, compile(gl, gl.FRAGMENT_SHADER, fs));
      gl.bindAttribLocation(prog, 0, 'aPos');
      gl.bindAttribLocation(prog, 1, 'aUv');
      gl.bindAttribLocation(prog, 2, 'aColor');
      gl.linkProgram(prog);
      if (!gl.getProgramParameter(prog, gl.LINK_STATUS) && !gl.isContextLost()) {
        throw new Error(`program link failed: ${gl.getProgramInfoLog(prog)}`);
      }
      return prog;
    };
    const prog = link(FS);
    const solid = link(FS_SOLID);
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    const vbo = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, vbo);
    gl.bufferData(gl.ARRAY_BUFFER, this._cap * BYTES_PER_VERTEX, gl.DYNAMIC_DRAW);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, BYTES_PER_VERTEX, 0);
    gl.enableVertexAttribArray(1);
    gl.vertexAttribPointer(1, 2, gl.FLOAT, false, BYTES_PER_VERTEX, 8);
    gl.enableVertexAttribArray(2);
    gl.vertexAttribPointer(2, 4, gl.UNSIGNED_BYTE, true, BYTES_PER_VERTEX, 16);
    gl.bindVertexArray(null);

    const white = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, white);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, 1, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array([255, 255, 255, 255]));
    this._texParams(gl);

    this._res = {
      prog,
      solid,
      uScaleSolid: gl.getUniformLocation(solid, 'uScale'),
      vao,
      vbo,
      vboBytes: this._cap * BYTES_PER_VERTEX,
      white,
      uScale: gl.getUniformLocation(prog, 'uScale'),
      uTex: gl.getUniformLocation(prog, 'uTex'),
    };
    for (const [id, t] of this.textures) t.tex = this._upload(id, t.src);
  }

  _texParams(gl) {
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  }

  _upload(id, src) {
    const gl = this.gl;
    if (gl.isContextLost()) return null;
    const tex = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, tex);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true);
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    if (src.kind === 'pixels') {
      const data = src.data instanceof Uint8Array ? src.data : new Uint8Array(src.data.buffer, src.data.byteOffset, src.data.byteLength);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, src.width, src.height, 0, gl.RGBA, gl.UNSIGNED_BYTE, data);
    } else {
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, src.data);
    }
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    this._texParams(gl);
    return tex;
  }

  /** Registers or replaces texture `id` (ImageBitmap/canvas, or straight RGBA8 pixels + size). */
  setTexture(id, source, width, height) {
    const src = normalizeTextureSource(source, width, height);
    this.freeTexture(id);
    this.textures.set(id >>> 0, { src, tex: this._upload(id, src) });
  }

  /** Drops texture `id` (GPU memory and the retained source). */
  freeTexture(id) {
    const t = this.textures.get(id >>> 0);
    if (!t) return false;
    if (t.tex && !this.gl.isContextLost()) this.gl.deleteTexture(t.tex);
    this.textures.delete(id >>> 0);
    return true;
  }

  /** Applies `{ set: [{id, source, width, height}], free: [id] }`: frees first, then sets. */
  applyTextureDeltas(deltas) {
    if (!deltas) return;
    for (const id of deltas.free || []) this.freeTexture(id);
    for (const s of deltas.set || []) this.setTexture(s.id, s.source ?? s.pixels ?? s.bitmap, s.width, s.height);
  }

  get contextLost() {
    return this.lost || this.gl.isContextLost();
  }

  /**
   * Paints a display list (Uint8Array / ArrayBuffer / DataView). Returns
   * `{ items, quads, draws, vertices }`, or null while the context is lost.
   * Throws on a malformed list or unbalanced clips (nothing is drawn then).
   */
  paint(bytes) {
    if (this.contextLost || !this._res) return null;
    const dv = asDataView(bytes);
    const hdr = readHeader(dv);
    const gl = this.gl;
    const cw = gl.drawingBufferWidth;
    const ch = gl.drawingBufferHeight;
    const vw = hdr.width > 0 ? hdr.width : cw;
    const vh = hdr.height > 0 ? hdr.height : ch;
    const sx = cw / vw;
    const sy = ch / vh;

    // Pass 1: vertices and draw ranges.
    const draws = this._draws;
    draws.length = 0;
    const clips = []; // [x0, y0, x1, y1] in drawing-buffer pixels, top-down
    let scissor = null;
    let curTex = null;
    let drawFirst = 0;
    let n = 0; // vertices written
    let quads = 0;
    let mesh = null; // the mesh section, read on the first mesh item
    const textures = this.textures;
    const flush = () => {
      if (n > drawFirst) {
        draws.push(drawFirst, n - drawFirst, curTex, scissor);
        drawFirst = n;
      }
    };
    for (let i = 0, o = HEADER_BYTES; i < hdr.count; i++, o += ITEM_BYTES) {
      const kind = dv.getUint32(o, true);
      if (kind === KIND_CLIP_PUSH) {
        const e = dv.getFloat32(o + 32, true);
        const f = dv.getFloat32(o + 36, true);
        const w = dv.getFloat32(o + 40, true);
        const h = dv.getFloat32(o + 44, true);
        let [x0, x1] = snapSpan(e * sx, (e + w) * sx);
        let [y0, y1] = snapSpan(f * sy, (f + h) * sy);
        const p = clips.length ? clips[clips.length - 1] : [0, 0, cw, ch];
        x0 = Math.max(x0, p[0]); y0 = Math.max(y0, p[1]);
        x1 = Math.min(x1, p[2]); y1 = Math.min(y1, p[3]);
        if (x1 < x0) x1 = x0;
        if (y1 < y0) y1 = y0;
        const r = [x0, y0, x1, y1];
        clips.push(r);
        flush();
        scissor = r;
        continue;
      }
      if (kind === KIND_CLIP_POP) {
        if (!clips.length) throw new Error(`clip push/pop do not balance (found at item ${i})`);
        clips.pop();
        flush();
        scissor = clips.length ? clips[clips.length - 1] : null;
        continue;
      }
      if (kind === KIND_MESH) {
        // The debug overlay's egui meshes (mesh.js): de-indexed into the
        // same vertex buffer; exact (egui's own shading model).
        if (scissor && (scissor[2] <= scissor[0] || scissor[3] <= scissor[1])) continue;
        mesh = mesh || readMeshSection(dv, hdr.count);
        const id = dv.getUint32(o + 8, true);
        const t = textures.get(id);
        const key = t && t.tex ? id : WHITE;
        if (key !== curTex) {
          flush();
          curTex = key;
        }
        const [first, end] = meshRange(dv, o, mesh);
        this._grow(n + (end - first));
        n = writeMeshVertices(dv, o, mesh, this._f32, this._u32, n, FLOATS_PER_VERTEX);
        continue;
      }
      if (kind !== KIND_RECT && kind !== KIND_IMAGE) throw new Error(`display item ${i} has unknown kind ${kind}`);
      const w = dv.getFloat32(o + 40, true);
      const h = dv.getFloat32(o + 44, true);
      if (!(w > 0 && h > 0)) continue;
      const c0 = dv.getUint32(o + 48, true);
      const c1 = dv.getUint32(o + 52, true);
      const c2 = dv.getUint32(o + 56, true);
      const c3 = dv.getUint32(o + 60, true);
      if (kind === KIND_RECT && (c0 & 0xff) === 0 && (c1 & 0xff) === 0 && (c2 & 0xff) === 0 && (c3 & 0xff) === 0) continue;
      if (scissor && (scissor[2] <= scissor[0] || scissor[3] <= scissor[1])) continue; // clipped away
      let texKey = WHITE;
      let u0 = 0.5, v0 = 0.5, u1 = 0.5, v1 = 0.5;
      if (kind === KIND_IMAGE) {
        const id = dv.getUint32(o + 8, true);
        const t = textures.get(id);
        if (t && t.tex) {
          texKey = id;
          u0 = dv.getFloat32(o + 64, true);
          v0 = dv.getFloat32(o + 68, true);
          u1 = dv.getFloat32(o + 72, true);
          v1 = dv.getFloat32(o + 76, true);
        }
      }
      if (texKey !== curTex) {
        flush();
        curTex = texKey;
      }
      const a = dv.getFloat32(o + 16, true);
      const b = dv.getFloat32(o + 20, true);
      const c = dv.getFloat32(o + 24, true);
      const d = dv.getFloat32(o + 28, true);
      const e = dv.getFloat32(o + 32, true);
      const f = dv.getFloat32(o + 36, true);
      // Corners: tl, tr, bl, br.
      const x0 = e, y0 = f;
      const x1 = a * w + e, y1 = b * w + f;
      const x2 = c * h + e, y2 = d * h + f;
      const x3 = a * w + c * h + e, y3 = b * w + d * h + f;
      const p0 = premulPacked(c0), p1 = premulPacked(c1), p2 = premulPacked(c2), p3 = premulPacked(c3);
      const planar = p0 === p1 && p2 === p3 ? true : planarColors(p0, p1, p2, p3);
      this._grow(n + 12);
      const F = this._f32;
      const U = this._u32;
      const put = (x, y, u, v, col) => {
        const k = n * FLOATS_PER_VERTEX;
        F[k] = x; F[k + 1] = y; F[k + 2] = u; F[k + 3] = v; U[k + 4] = col;
        n++;
      };
      if (planar) {
        put(x0, y0, u0, v0, p0); put(x1, y1, u1, v0, p1); put(x2, y2, u0, v1, p2);
        put(x1, y1, u1, v0, p1); put(x3, y3, u1, v1, p3); put(x2, y2, u0, v1, p2);
      } else {
        // Non-planar four-corner gradient: an N x N grid of bilinear samples.
        this._grow(n + GRID * GRID * 6);
        const F2 = this._f32;
        const U2 = this._u32;
        for (let gy = 0; gy < GRID; gy++) {
          for (let gx = 0; gx < GRID; gx++) {
            for (let k = 0; k < 6; k++) {
              const s = (gx + CELL_S[k]) / GRID;
              const t = (gy + CELL_T[k]) / GRID;
              const o2 = n * FLOATS_PER_VERTEX;
              F2[o2] = x0 + s * (x1 - x0) + t * (x2 - x0);
              F2[o2 + 1] = y0 + s * (y1 - y0) + t * (y2 - y0);
              F2[o2 + 2] = u0 + s * (u1 - u0);
              F2[o2 + 3] = v0 + t * (v1 - v0);
              U2[o2 + 4] = bilinearPacked(p0, p1, p2, p3, s, t);
              n++;
            }
          }
        }
      }
      quads++;
    }
    if (clips.length) throw new Error(`clip push/pop do not balance (found at item ${hdr.count})`);
    flush();

    // Pass 2: upload once, draw the ranges.
    const res = this._res;
    gl.viewport(0, 0, cw, ch);
    gl.disable(gl.SCISSOR_TEST);
    gl.disable(gl.DEPTH_TEST);
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (draws.length) {
      gl.useProgram(res.prog);
      gl.bindVertexArray(res.vao);
      gl.bindBuffer(gl.ARRAY_BUFFER, res.vbo);
      const bytesUsed = n * BYTES_PER_VERTEX;
      if (bytesUsed > res.vboBytes) {
        gl.bufferData(gl.ARRAY_BUFFER, this._cap * BYTES_PER_VERTEX, gl.DYNAMIC_DRAW);
        res.vboBytes = this._cap * BYTES_PER_VERTEX;
      }
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, new Uint8Array(this._buf, 0, bytesUsed));
      gl.useProgram(res.solid);
      gl.uniform2f(res.uScaleSolid, 2 / vw, 2 / vh);
      gl.useProgram(res.prog);
      gl.uniform2f(res.uScale, 2 / vw, 2 / vh);
      gl.uniform1i(res.uTex, 0);
      gl.activeTexture(gl.TEXTURE0);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      let boundTex;
      let boundProg = res.prog;
      let boundScissor;
      for (let k = 0; k < draws.length; k += 4) {
        const tex = draws[k + 2];
        const sc = draws[k + 3];
        if (tex !== boundTex) {
          const want = tex === WHITE ? res.solid : res.prog;
          if (want !== boundProg) {
            gl.useProgram(want);
            boundProg = want;
          }
          if (tex !== WHITE) gl.bindTexture(gl.TEXTURE_2D, textures.get(tex).tex);
          boundTex = tex;
        }
        if (sc !== boundScissor) {
          if (sc) {
            gl.enable(gl.SCISSOR_TEST);
            gl.scissor(sc[0], ch - sc[3], sc[2] - sc[0], sc[3] - sc[1]);
          } else {
            gl.disable(gl.SCISSOR_TEST);
          }
          boundScissor = sc;
        }
        gl.drawArrays(gl.TRIANGLES, draws[k], draws[k + 1]);
      }
      gl.disable(gl.SCISSOR_TEST);
      gl.bindVertexArray(null);
    }
    this.lastStats = { items: hdr.count, quads, draws: draws.length / 4, vertices: n, frame: hdr.frame };
    return this.lastStats;
  }

  /** Reads the drawing buffer (call in the same task as `paint`): straight RGBA8, top row first. */
  readPixels() {
    const gl = this.gl;
    const w = gl.drawingBufferWidth;
    const h = gl.drawingBufferHeight;
    const out = new Uint8Array(w * h * 4);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, out);
    // GL rows are bottom-up.
    const row = w * 4;
    const tmp = new Uint8Array(row);
    for (let y = 0; y < h >> 1; y++) {
      const a = y * row;
      const b = (h - 1 - y) * row;
      tmp.set(out.subarray(a, a + row));
      out.copyWithin(a, b, b + row);
      out.set(tmp, b);
    }
    return { width: w, height: h, pixels: out };
  }

  /** Test hook: loses the context through WEBGL_lose_context. */
  loseContextForTesting() {
    this._lossExt = this._lossExt || this.gl.getExtension('WEBGL_lose_context');
    if (!this._lossExt) return false;
    this._lossExt.loseContext();
    return true;
  }

  /** Test hook: restores a context lost with `loseContextForTesting`. */
  restoreContextForTesting() {
    if (!this._lossExt) return false;
    this._lossExt.restoreContext();
    return true;
  }

  destroy() {
    this.canvas.removeEventListener('webglcontextlost', this._onLost, false);
    this.canvas.removeEventListener('webglcontextrestored', this._onRestored, false);
    const gl = this.gl;
    if (!gl.isContextLost() && this._res) {
      for (const t of this.textures.values()) if (t.tex) gl.deleteTexture(t.tex);
      gl.deleteTexture(this._res.white);
      gl.deleteBuffer(this._res.vbo);
      gl.deleteVertexArray(this._res.vao);
      gl.deleteProgram(this._res.prog);
    }
    this.textures.clear();
    this._res = null;
  }
}

/** True when premultiplied corners satisfy tl - tr == bl - br on every channel (bilinear == two triangles). */
function planarColors(p0, p1, p2, p3) {
  for (let s = 0; s < 32; s += 8) {
    const a = (p0 >>> s) & 0xff, b = (p1 >>> s) & 0xff, c = (p2 >>> s) & 0xff, d = (p3 >>> s) & 0xff;
    if (a - b !== c - d) return false;
  }
  return true;
}

/** Bilinear mix of premultiplied packed colours at (s, t). */
function bilinearPacked(p0, p1, p2, p3, s, t) {
  let out = 0;
  for (let sh = 0; sh < 32; sh += 8) {
    const a = (p0 >>> sh) & 0xff, b = (p1 >>> sh) & 0xff, c = (p2 >>> sh) & 0xff, d = (p3 >>> sh) & 0xff;
    const top = a + (b - a) * s;
    const bottom = c + (d - c) * s;
    out |= Math.round(top + (bottom - top) * t) << sh;
  }
  return out >>> 0;
}
