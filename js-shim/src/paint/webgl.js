// js-shim/src/paint/webgl.js — WebGL2 painter of the engine's display list.
//
// Works on an OffscreenCanvas inside a Worker and on a main-thread
// <canvas>. It reads the list bytes in place (see display-list.js) and
// paints them in order; it never sees the scene tree.
//
// Painting model — the same as the software rasterizer (engine/raster):
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
// * Effects (display_list.rs "Effects"): SHADOW items and the quads after a
//   SHAPE item go through a second program whose fragment shader computes
//   the signed distance to the rounded rectangle (per-corner radii; inside
//   border = a second distance inset by the width, its ring painted over
//   the fill), the analytic rounded-box Gaussian (Evan Wallace's: erf
//   across, 4 samples along) and the exact bilinear four-corner colour —
//   the formulas of engine/raster/src/effects.rs, so both agree within a
//   level or two, and effect edges are anti-aliased without MSAA. Their
//   quads are grown by one screen pixel (shadows by 3 sigma more) for the
//   edge, into a buffer of their own; consecutive effect quads with the same
//   texture are one draw call, whatever their radii, borders and shadows (a
//   grid of rounded, bordered, shadowed tiles is one draw, not one per tile).
// * Mask cache (issue 16, GPU cost): SwiftShader, like many TV GPUs, runs
//   every branch of a shader for every pixel, so the formulas cost each
//   effect pixel ~8x a plain one whatever early-outs they have. An
//   axis-aligned (positive scale, no rotation) shape or shadow instead
//   reads its coverage from a mask made once: r = the shape's coverage, g =
//   its border ring's (a shadow's alpha), rendered by the same formulas
//   (program variant GEN) into a 1024x1024 RGBA8 atlas (4 MB, made on first
//   use; shelf-packed, masks up to 512x512 texels) at 1:1 device pixels, and
//   keyed by (shadow or shape, w, h, scale, width/blur, radii, the origin's
//   offset in its pixel to 1/16). The MASK variant then paints fill x r and
//   border x g with one NEAREST fetch: the same pixels as the formulas
//   within a level or two (edges within 1/32 pixel). A frame's new masks
//   are one extra draw into the atlas (`lastStats.masks`); a full atlas
//   starts over on the next paint. Rotated, skewed, mirrored or too large
//   items, and plain quads in rounded clips, use the formulas as before.
// * Rounded clips (CLIP_SHAPE after a CLIP_PUSH): the scissor is the clip's
//   bounding rectangle as before, and every quad inside goes through the
//   effects program, which multiplies its colour by the anti-aliased
//   coverage of each rounded clip in force (uniforms per draw: a clip push
//   already starts a draw; up to 4 nested rounded clips, the innermost 4).
// * `gradient` fills (GRADIENT items before a RECT, display_list.rs
//   "Gradients"): the RECT is drawn as an image of a tile of one shared
//   gradient atlas texture (gradient.js GradientTiles: the rasterizer's
//   formula evaluated once per distinct gradient x box size x device size,
//   at the box's device pixel centres), through the plain, shaped, mask and
//   rounded-clip paths images take; all gradients sample the one texture,
//   so consecutive gradient quads are one draw call (`lastStats.gradients`
//   counts the tiles made this frame). Within a level of the rasterizer on
//   axis-aligned boxes up to 256 device px a side; bilinear between the
//   formula's samples when rotated, scaled past that or larger.
// * Context loss: `webglcontextlost` is default-prevented (so the browser may
//   restore), painting becomes a no-op returning null; on
//   `webglcontextrestored` programs, buffers and every texture (from the
//   retained sources) are recreated and `onContextRestored` is called so the
//   owner can repaint the last list. `WEBGL_lose_context` drives it in tests
//   (`loseContextForTesting()` / `restoreContextForTesting()`).
import {
  HEADER_BYTES, ITEM_BYTES, KIND_CLIP_POP, KIND_CLIP_PUSH, KIND_IMAGE, KIND_RECT, KIND_SHADOW, KIND_SHAPE, KIND_CLIP_SHAPE, KIND_VIDEO,
  KIND_GRADIENT, asDataView, normalizeTextureSource, readGradient, readHeader, snapSpan,
} from './display-list.js';
import { GradientTiles, gradientAt } from './gradient.js';
import { KIND_MESH, meshRange, readMeshSection, writeMeshVertices } from './mesh.js';
import * as item from './display-list.js';

// Item field offsets (../wire/layout.js, generated) as module-local
// constants: V8 folds these into paint()'s loop but not imported bindings
// (unbundled, reading the offsets through imports cost ~3% of paint() on
// 10k rects); bundlers inline them either way.
const OFF_A = item.OFF_A, OFF_B = item.OFF_B, OFF_C = item.OFF_C, OFF_COLOR0 = item.OFF_COLOR0, OFF_COLOR1 = item.OFF_COLOR1, OFF_COLOR2 = item.OFF_COLOR2;
const OFF_COLOR3 = item.OFF_COLOR3, OFF_D = item.OFF_D, OFF_E = item.OFF_E, OFF_F = item.OFF_F, OFF_H = item.OFF_H, OFF_KIND = item.OFF_KIND;
const OFF_PARAM = item.OFF_PARAM, OFF_RADII = item.OFF_RADII, OFF_TEXTURE = item.OFF_TEXTURE, OFF_U0 = item.OFF_U0, OFF_U1 = item.OFF_U1, OFF_V0 = item.OFF_V0;
const OFF_V1 = item.OFF_V1, OFF_W = item.OFF_W;

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

// Effects: rounded rects with an inside border, and rounded-box shadows.
// vRect = (w, h, border width, sigma), vRadii = (tl, tr, br, bl), vMat =
// the item's linear map (a, b, c, d) in drawing-buffer pixels, vMode = 1
// for a shadow; vLocal is the item-space position; vC0..vC3 the corner
// colours (tl, tr, bl, br), interpolated bilinearly here (exact, like the
// rasterizer, also for non-planar four-corner gradients).
const VS_FX = `#version 300 es
in vec2 aPos;
in vec2 aLocal;
in vec2 aUv;
in vec4 aC0;
in vec4 aC1;
in vec4 aC2;
in vec4 aC3;
in vec4 aBorder;
in vec4 aRect;
in vec4 aRadii;
in vec4 aMat;
in float aMode;
uniform vec2 uScale;
out vec2 vPos;
out vec2 vLocal;
out vec2 vUv;
flat out vec4 vC0;
flat out vec4 vC1;
flat out vec4 vC2;
flat out vec4 vC3;
flat out vec4 vBorder;
flat out vec4 vRect;
flat out vec4 vRadii;
flat out vec4 vMat;
flat out float vMode;
void main() {
  gl_Position = vec4(aPos.x * uScale.x - 1.0, 1.0 - aPos.y * uScale.y, 0.0, 1.0);
  vPos = aPos; vLocal = aLocal; vUv = aUv; vC0 = aC0; vC1 = aC1; vC2 = aC2; vC3 = aC3; vBorder = aBorder;
  vRect = aRect; vRadii = aRadii; vMat = aMat; vMode = aMode;
}`;

// Cached-mask quads (variant MASK): position, image uv, mask atlas uv, one
// premultiplied fill colour and the border (or shadow) colour.
const VS_MK = `#version 300 es
in vec2 aPos;
in vec2 aUv;
in vec2 aMuv;
in vec4 aFill;
in vec4 aBorder;
uniform vec2 uScale;
out vec2 vPos;
out vec2 vUv;
out vec2 vMuv;
out vec4 vFill;
flat out vec4 vBorder;
void main() {
  gl_Position = vec4(aPos.x * uScale.x - 1.0, 1.0 - aPos.y * uScale.y, 0.0, 1.0);
  vPos = aPos; vUv = aUv; vMuv = aMuv; vFill = aFill; vBorder = aBorder;
}`;
const MK_FLOATS = 8;
const MK_BYTES = MK_FLOATS * 4;
const MK_ATTRS = [['aPos', 2], ['aUv', 2], ['aMuv', 2], ['aFill', 1], ['aBorder', 1]];

// The formulas of engine/raster/src/effects.rs. Compiled in four variants
// (fxVariant): with/without rounded clips (CLIP) and texture (TEX): a loop
// over uniform arrays, or a texture fetch, in every fragment of every effect
// quad costs a software rasterizer (SwiftShader) several times the effect.
const FS_FX = `
precision highp float;
uniform sampler2D uTex;
#if CLIP
// Rounded clips (ClipShape), innermost last: inverse linear map (a b c d),
// the clip's translation and size (e f w h), radii, and its forward linear
// map in drawing-buffer pixels (for the anti-aliased edge).
uniform int uClipN;
uniform vec4 uClipInv[4];
uniform vec4 uClipT[4];
uniform vec4 uClipR[4];
uniform vec4 uClipM[4];
#endif
#if MASK
in vec2 vPos;
in vec2 vUv;
in vec2 vMuv;
in vec4 vFill;
flat in vec4 vBorder;
#else
in vec2 vPos;
in vec2 vLocal;
in vec2 vUv;
flat in vec4 vC0;
flat in vec4 vC1;
flat in vec4 vC2;
flat in vec4 vC3;
flat in vec4 vBorder;
flat in vec4 vRect;
flat in vec4 vRadii;
flat in vec4 vMat;
flat in float vMode;
#endif
out vec4 outColor;
float corner(vec2 p, vec4 r) { return p.x > 0.0 ? (p.y > 0.0 ? r.z : r.y) : (p.y > 0.0 ? r.w : r.x); }
// Coverage of the rounded rect at p: 0.5 - the signed distance in screen
// pixels (item distance * det / |M t|, t the nearest edge's tangent).
float coverM(vec2 p, vec2 size, vec4 r, vec4 m) {
  vec2 h = size * 0.5;
  p -= h;
  float rad = corner(p, r);
  vec2 q = abs(p) - h + rad;
  vec2 sg = vec2(p.x < 0.0 ? -1.0 : 1.0, p.y < 0.0 ? -1.0 : 1.0);
  float len = length(max(q, 0.0));
  vec2 n = q.x > 0.0 && q.y > 0.0 ? sg * q / len : (q.x > q.y ? vec2(sg.x, 0.0) : vec2(0.0, sg.y));
  float d = min(max(q.x, q.y), 0.0) + len - rad;
  vec2 t = vec2(-n.y, n.x);
  vec2 mt = vec2(m.x * t.x + m.z * t.y, m.y * t.x + m.w * t.y);
  float det = abs(m.x * m.w - m.y * m.z);
  return clamp(0.5 - d * det / max(length(mt), 1e-12), 0.0, 1.0);
}
#if !MASK
float cover(vec2 p, vec2 size, vec4 r) { return coverM(p, size, r, vMat); }
#endif
#if CLIP
float clipCover() {
  float c = 1.0;
  for (int i = 0; i < 4; i++) {
    if (i >= uClipN) break;
    vec2 q = vPos - uClipT[i].xy;
    vec4 inv = uClipInv[i];
    c *= coverM(vec2(inv.x * q.x + inv.z * q.y, inv.y * q.x + inv.w * q.y), uClipT[i].zw, uClipR[i], uClipM[i]);
  }
  return c;
}
#else
float clipCover() { return 1.0; }
#endif
#if !MASK
// erf (the polynomial of compute_erf7, |error| < 2e-4): no exp, one sqrt.
vec2 erf7(vec2 x) {
  x *= 1.12837917;
  vec2 xx = x * x;
  x += (0.24295 + (0.03395 + 0.0104 * xx) * xx) * (x * xx);
  return x * inversesqrt(1.0 + x * x);
}
// Raph Levien's closed-form blurred rounded rect (see effects.rs): p from
// the box's centre, vRect = (adjusted w, h, min edge, 1 / s), vRadii = r1
// and vMat = the distance exponent per corner, vUv.x = the scale. A power
// distance only in a corner's region, no loop.
float shadow(vec2 p) {
  vec2 a = abs(p);
  float r1 = corner(p, vRadii);
  vec2 q = a - (vRect.xy * 0.5 - r1);
  vec2 q1 = max(q, 0.0);
  float dpos = q1.x + q1.y;
  if (q.x > 0.0 && q.y > 0.0) {
    float n = corner(p, vMat);
    dpos = pow(pow(q1.x, n) + pow(q1.y, n), 1.0 / n);
  }
  float d = dpos + min(max(q.x, q.y), 0.0) - r1;
  vec2 e = erf7(vec2(vRect.z + d, d) * vRect.w);
  return clamp(vUv.x * (e.x - e.y), 0.0, 1.0);
}
#endif
#if GEN
// A new mask (see "Mask cache"): r = the shape's coverage, g = its border
// ring's (a shadow's alpha for a SHADOW), what main() below computes.
void main() {
  vec2 size = vRect.xy;
  if (vMode > 0.5) {
    outColor = vec4(0.0, vMode > 1.5 ? cover(vLocal, size, vRadii) : shadow(vLocal), 0.0, 0.0);
    return;
  }
  float bw = vRect.z;
  float outer = cover(vLocal, size, vRadii);
  float ring = bw > 0.0 ? outer - min(outer, cover(vLocal - bw, size - 2.0 * bw, max(vRadii - bw, 0.0))) : 0.0;
  outColor = vec4(outer, ring, 0.0, 0.0);
}
#elif MASK
// A cached mask (VS_MK's lean vertices: few varyings, as they cost a
// software GPU per pixel too): one fetch instead of the formulas.
uniform sampler2D uMask;
void main() {
  vec4 fill = vFill;
#if TEX
  fill *= texture(uTex, vUv);
#endif
  vec2 m = texture(uMask, vMuv).rg;
  outColor = (vBorder * m.y + fill * (m.x * (1.0 - vBorder.a * m.y))) * clipCover();
}
#else
void main() {
  vec2 size = vRect.xy;
  if (vMode > 0.5) {
    outColor = vBorder * (vMode > 1.5 ? cover(vLocal, size, vRadii) : shadow(vLocal)) * clipCover();
    return;
  }
  vec2 st = clamp(vLocal / size, 0.0, 1.0);
  vec4 fill = mix(mix(vC0, vC1, st.x), mix(vC2, vC3, st.x), st.y);
#if TEX
  fill *= texture(uTex, vUv);
#endif
  // Interior pixels (vRect.w = item units per screen pixel, worst axis, so
  // both edges' coverages are exactly 1 and 0 there): the fill alone.
  float bw = vRect.z;
  vec2 q = abs(vLocal - size * 0.5) - size * 0.5;
  float b = bw + vRect.w;
  float c = max(max(max(vRadii.x, vRadii.y), max(vRadii.z, vRadii.w)), bw) + vRect.w;
  if (max(q.x + c, q.y + b) <= 0.0 || max(q.x + b, q.y + c) <= 0.0) {
    outColor = fill * clipCover();
    return;
  }
  float outer = cover(vLocal, size, vRadii);
  float ring = bw > 0.0 ? outer - min(outer, cover(vLocal - bw, size - 2.0 * bw, max(vRadii - bw, 0.0))) : 0.0;
  outColor = (vBorder * ring + fill * (outer * (1.0 - vBorder.a * ring))) * clipCover();
}
#endif`;

// Effect vertex: x y, local x y, u v, 4 corner colours rgba8, border rgba8,
// rect x4, radii x4, linear map x4, mode.
const FX_FLOATS = 24;
const FX_BYTES = FX_FLOATS * 4;
const FX_ATTRS = [['aPos', 2], ['aLocal', 2], ['aUv', 2], ['aC0', 1], ['aC1', 1], ['aC2', 1], ['aC3', 1], ['aBorder', 1],
  ['aRect', 4], ['aRadii', 4], ['aMat', 4], ['aMode', 1]]; // n = 1 for rgba8 words

// Mask cache: the atlas's side in texels (RGBA8, 4 MB, made on first use)
// and the largest mask it takes per side.
const MASK_ATLAS = 1024;
const MASK_MAX = 512;

const FLOATS_PER_VERTEX = 5; // x y u v rgba8
const BYTES_PER_VERTEX = FLOATS_PER_VERTEX * 4;
const WHITE = -1; // texture key of the 1x1 white texture
const HOLE = -2; // draw key of video holes: white texture, blend (0, 1 - src alpha)
const GRAD = -3; // texture key of the gradient tile atlas (gradient.js)
// Non-planar gradients are drawn as GRID x GRID cells of two triangles.
const GRID = 8;
const CELL_S = [0, 1, 0, 1, 1, 0];
const CELL_T = [0, 0, 1, 0, 1, 1];

/** erf (compute_erf7, as FS_FX and engine/raster/src/effects.rs). */
function erf7(x) {
  x *= 1.1283791670955126;
  const xx = x * x;
  x += (0.24295 + (0.03395 + 0.0104 * xx) * xx) * (x * xx);
  return x / Math.sqrt(1 + x * x);
}

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
    this._fxCap = 0;
    this._fxBuf = null;
    this._fxF32 = null;
    this._fxU32 = null;
    this._growFx(6 * 256);
    this._mkCap = 0;
    this._mkBuf = null;
    this._mkF32 = null;
    this._mkU32 = null;
    this._growMk(6 * 256);
    this._grads = new GradientTiles();
    this._draws = []; // reused: [first, count, texKey, scissor, fx, clip shapes] * n (flat)
    this._lossExt = null;

    this._onLost = (e) => {
      e.preventDefault();
      this.lost = true;
      this.contextLosses++;
      this._res = null;
      this._grads.reset(null);
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

  _growFx(vertices) {
    if (vertices <= this._fxCap) return;
    let cap = Math.max(this._fxCap, 256);
    while (cap < vertices) cap *= 2;
    const buf = new ArrayBuffer(cap * FX_BYTES);
    if (this._fxBuf) new Uint8Array(buf).set(new Uint8Array(this._fxBuf));
    this._fxBuf = buf;
    this._fxF32 = new Float32Array(buf);
    this._fxU32 = new Uint32Array(buf);
    this._fxCap = cap;
  }

  _growMk(vertices) {
    if (vertices <= this._mkCap) return;
    let cap = Math.max(this._mkCap, 256);
    while (cap < vertices) cap *= 2;
    const buf = new ArrayBuffer(cap * MK_BYTES);
    if (this._mkBuf) new Uint8Array(buf).set(new Uint8Array(this._mkBuf));
    this._mkBuf = buf;
    this._mkF32 = new Float32Array(buf);
    this._mkU32 = new Uint32Array(buf);
    this._mkCap = cap;
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
    const fxVao = gl.createVertexArray();
    gl.bindVertexArray(fxVao);
    const fxVbo = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, fxVbo);
    gl.bufferData(gl.ARRAY_BUFFER, this._fxCap * FX_BYTES, gl.DYNAMIC_DRAW);
    const attrs = (list, stride) => {
      let off = 0;
      list.forEach(([name, n], i) => {
        gl.enableVertexAttribArray(i);
        const bytes = /^aC\d$|^aBorder$|^aFill$/.test(name);
        if (bytes) gl.vertexAttribPointer(i, 4, gl.UNSIGNED_BYTE, true, stride, off);
        else gl.vertexAttribPointer(i, n, gl.FLOAT, false, stride, off);
        off += n * 4;
      });
    };
    attrs(FX_ATTRS, FX_BYTES);
    gl.bindVertexArray(null);
    const mkVao = gl.createVertexArray();
    gl.bindVertexArray(mkVao);
    const mkVbo = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, mkVbo);
    gl.bufferData(gl.ARRAY_BUFFER, this._mkCap * MK_BYTES, gl.DYNAMIC_DRAW);
    attrs(MK_ATTRS, MK_BYTES);
    gl.bindVertexArray(null);
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
      fx: [null, null, null, null, null, null, null, null, null], // fxVariant -> { prog, uniform locations }, linked on first use
      atlas: null, // the mask atlas { tex, fbo }, made on first use
      fxVao,
      fxVbo,
      fxVboBytes: this._fxCap * FX_BYTES,
      mkVao,
      mkVbo,
      mkVboBytes: this._mkCap * MK_BYTES,
    };
    for (const [id, t] of this.textures) t.tex = this._upload(id, t.src);
    this._masks = new Map();
    this._maskShelf = { x: 0, y: 0, h: 0, full: false };
  }

  /**
   * The cached mask of effect item `o` (a SHADOW when `so` is -1, else the
   * quad after the SHAPE at `so`) at device scale (ma, md), or null when it
   * does not fit the atlas. A new one is queued in `gens` for this frame.
   */
  _mask(dv, o, so, w, h, ma, md, ex, fy, gens) {
    const shadow = so === -1;
    const ro = shadow ? o : so;
    const param = dv.getFloat32(ro + OFF_PARAM, true);
    const r0 = dv.getFloat32(ro + OFF_RADII, true), r1 = dv.getFloat32(ro + OFF_RADII + 4, true);
    const r2 = dv.getFloat32(ro + OFF_RADII + 8, true), r3 = dv.getFloat32(ro + OFF_RADII + 12, true);
    // The item's origin within its device pixel, to 1/16 pixel: a mask is
    // made at that offset and read with NEAREST, so its texels are the
    // pixels' own coverages with edges within 1/32 pixel (bilinear
    // resampling of one mask at other offsets blurred curved edges by up to
    // ~40 levels).
    const qx = Math.round((ex - Math.floor(ex)) * 16) / 16, qy = Math.round((fy - Math.floor(fy)) * 16) / 16;
    const key = `${shadow ? 's' : 'b'}${w},${h},${ma},${md},${param},${r0},${r1},${r2},${r3},${qx},${qy}`;
    let m = this._masks.get(key);
    if (m !== undefined) return m;
    // The pad of fxVerts, in device pixels.
    const det = ma * md;
    const sigma = shadow ? param * 0.5 : 0;
    const blurred = shadow && !(sigma < 0.1 / Math.sqrt(det));
    const pad = (blurred ? 3 * sigma : 0) + 1 / Math.sqrt(det);
    const px = pad * ma, py = pad * md;
    const ox = Math.ceil(px) + 1, oy = Math.ceil(py) + 1;
    const rw = ox + Math.ceil(w * ma + px + qx) + 1, rh = oy + Math.ceil(h * md + py + qy) + 1;
    const sh = this._maskShelf;
    m = null;
    if (rw <= MASK_MAX && rh <= MASK_MAX && !sh.full) {
      if (sh.x + rw > MASK_ATLAS) { sh.y += sh.h; sh.x = 0; sh.h = 0; }
      if (sh.y + rh > MASK_ATLAS) sh.full = true;
      else {
        m = { x: sh.x, y: sh.y, ox: ox + qx, oy: oy + qy, px, py, ma, md };
        sh.x += rw; sh.h = Math.max(sh.h, rh);
        gens.push(o, so, m);
      }
    }
    if (m || !sh.full) this._masks.set(key, m); // too large: always analytic
    return m;
  }

  /** The mask atlas, made on first use. */
  _maskAtlas() {
    const res = this._res;
    if (res.atlas) return res.atlas;
    const gl = this.gl;
    const tex = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, tex);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, MASK_ATLAS, MASK_ATLAS, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
    this._texParams(gl);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    const fbo = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, fbo);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    res.atlas = { tex, fbo };
    return res.atlas;
  }

  /** The effects program of variant `v` (bit 0: textured, bit 1: rounded clips, bit 2: cached mask; 8: mask generation), linked on first use. */
  _fx(v) {
    const res = this._res;
    if (res.fx[v]) return res.fx[v];
    const gl = this.gl;
    const prog = gl.createProgram();
    const lean = v & 4; // cached masks: VS_MK's vertices
    gl.attachShader(prog, compile(gl, gl.VERTEX_SHADER, lean ? VS_MK : VS_FX));
    gl.attachShader(prog, compile(gl, gl.FRAGMENT_SHADER, `#version 300 es\n#define TEX ${v & 1}\n#define CLIP ${(v >> 1) & 1}\n#define MASK ${(v >> 2) & 1}\n#define GEN ${v >> 3}\n${FS_FX}`));
    (lean ? MK_ATTRS : FX_ATTRS).forEach(([name], i) => gl.bindAttribLocation(prog, i, name));
    gl.linkProgram(prog);
    if (!gl.getProgramParameter(prog, gl.LINK_STATUS) && !gl.isContextLost()) {
      throw new Error(`program link failed: ${gl.getProgramInfoLog(prog)}`);
    }
    const u = (name) => gl.getUniformLocation(prog, name);
    res.fx[v] = {
      prog, uScale: u('uScale'), uTex: u('uTex'), uClipN: u('uClipN'),
      uClipInv: u('uClipInv'), uClipT: u('uClipT'), uClipR: u('uClipR'), uClipM: u('uClipM'), uMask: u('uMask'), shapes: null,
    };
    return res.fx[v];
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

    // A full mask atlas starts over (its masks are made again as needed).
    if (this._maskShelf.full) {
      this._masks.clear();
      this._maskShelf = { x: 0, y: 0, h: 0, full: false };
      if (this._res.atlas) {
        gl.bindFramebuffer(gl.FRAMEBUFFER, this._res.atlas.fbo);
        gl.clearColor(0, 0, 0, 0);
        gl.clear(gl.COLOR_BUFFER_BIT);
        gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      }
    }
    this._grads.begin(gl);
    const tilesBefore = this._grads.cache.size;
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
    let curFx = 0; // 1 while the open range is in the effects buffer
    let fxN = 0; // effect vertices written
    let mkN = 0; // cached-mask vertices written (VS_MK)
    let mkFirst = 0;
    let fxFirst = 0;
    let shapeAt = -1; // byte offset of the SHAPE item waiting for its quad
    let grad = null; // the GRADIENT waiting for its RECT (readGradient)
    // Rounded clips (ClipShape) in force, innermost last (at most 4), per
    // clip level; every quad inside one goes through the effects program.
    const NO_SHAPES = [];
    const shapeStack = [];
    let shapes = NO_SHAPES;
    const flush = () => {
      if (curFx === 2) {
        if (mkN > mkFirst) {
          draws.push(mkFirst, mkN - mkFirst, curTex, scissor, 2, shapes);
          mkFirst = mkN;
        }
      } else if (curFx) {
        if (fxN > fxFirst) {
          draws.push(fxFirst, fxN - fxFirst, curTex, scissor, curFx, shapes);
          fxFirst = fxN;
        }
      } else if (n > drawFirst) {
        draws.push(drawFirst, n - drawFirst, curTex, scissor, 0, shapes);
        drawFirst = n;
      }
    };
    const use = (fx, texKey) => {
      if (fx !== curFx || texKey !== curTex) {
        flush();
        curFx = fx;
        curTex = texKey;
      }
    };
    // One effect quad (see FS_FX): item `o` (a SHADOW when `so` < 0, else
    // a RECT/IMAGE after the SHAPE at `so`), grown for its edge (and blur).
    const fxQuad = (o, so, uvr, texKey) => {
      const w = dv.getFloat32(o + OFF_W, true);
      const h = dv.getFloat32(o + OFF_H, true);
      const a = dv.getFloat32(o + OFF_A, true), b = dv.getFloat32(o + OFF_B, true);
      const c = dv.getFloat32(o + OFF_C, true), d = dv.getFloat32(o + OFF_D, true);
      const e = dv.getFloat32(o + OFF_E, true), f = dv.getFloat32(o + OFF_F, true);
      if (!(Math.abs(a * d - b * c) * sx * sy > 0)) return;
      // Axis-aligned shapes and shadows read their coverage from the mask
      // cache (see "Mask cache" at the top); others are evaluated per pixel.
      // (One fill colour: the cached-mask vertices carry one.)
      const c0 = dv.getUint32(o + OFF_COLOR0, true);
      const oneColour = so === -1 || (c0 === dv.getUint32(o + OFF_COLOR1, true) && c0 === dv.getUint32(o + OFF_COLOR2, true)
        && c0 === dv.getUint32(o + OFF_COLOR3, true));
      const m = so !== -2 && oneColour && b === 0 && c === 0 && a > 0 && d > 0 ? this._mask(dv, o, so, w, h, a * sx, d * sy, e * sx, f * sy, gens) : null;
      use(m ? 2 : 1, texKey);
      if (m) maskQuad(o, so, uvr, m, w, h, a, d, e, f);
      else fxVerts(o, so, uvr, w, h, a, b, c, d, e, f, sx, sy);
    };
    // A quad of the cached-mask program: the item's quad grown by the
    // mask's pad, vLocal in item units, vMat the item -> atlas uv map.
    const maskQuad = (o, so, uvr, m, w, h, a, d, e, f) => {
      const shadow = so === -1;
      this._growMk(mkN + 24);
      const F = this._mkF32;
      const U = this._mkU32;
      const [u0, v0, u1, v1] = uvr;
      const fill = shadow ? 0 : premulPacked(dv.getUint32(o + OFF_COLOR0, true));
      const border = premulPacked(dv.getUint32((shadow ? o : so) + OFF_COLOR0, true));
      const AW = MASK_ATLAS, ma = a * sx, md = d * sy, mx = m.x + m.ox, my = m.y + m.oy;
      const x0 = -m.px / ma, y0 = -m.py / md, x1 = w + m.px / ma, y1 = h + m.py / md;
      const put = (lx, ly) => {
        const q = mkN * MK_FLOATS;
        F[q] = a * lx + e; F[q + 1] = d * ly + f;
        F[q + 2] = u0 + ((u1 - u0) * lx) / w; F[q + 3] = v0 + ((v1 - v0) * ly) / h;
        F[q + 4] = (mx + lx * ma) / AW; F[q + 5] = 1 - (my + ly * md) / AW;
        U[q + 6] = fill; U[q + 7] = border;
        mkN++;
      };
      const rect = (lx0, ly0, lx1, ly1) => {
        if (!(lx1 > lx0 && ly1 > ly0)) return;
        put(lx0, ly0); put(lx1, ly0); put(lx0, ly1);
        put(lx1, ly0); put(lx1, ly1); put(lx0, ly1);
      };
      // A shadow whose node's opaque quad follows is not drawn under that
      // quad's opaque core (whole device pixels there: the quad replaces
      // them): up to four bands around it.
      const core = shadow && !shapes.length ? opaqueCore(o + ITEM_BYTES) : null;
      const hx0 = core ? Math.max(x0, (core[0] / sx - e) / a) : 0, hx1 = core ? Math.min(x1, (core[2] / sx - e) / a) : 0;
      const hy0 = core ? Math.max(y0, (core[1] / sy - f) / d) : 0, hy1 = core ? Math.min(y1, (core[3] / sy - f) / d) : 0;
      if (core && hx1 > hx0 && hy1 > hy0) {
        rect(x0, y0, x1, hy0); rect(x0, hy1, x1, y1);
        rect(x0, hy0, hx0, hy1); rect(hx1, hy0, x1, hy1);
      } else {
        rect(x0, y0, x1, y1);
      }
      quads++;
    };
    // The whole device pixels [x0 y0 x1 y1] that the RECT at `p` (after
    // an optional SHAPE) paints opaque, or null: one opaque colour,
    // axis-aligned, inside its rounded corners' arcs and its edges' pixel.
    const listEnd = HEADER_BYTES + hdr.count * ITEM_BYTES;
    const opaqueCore = (p) => {
      let t = 0;
      if (p < listEnd && dv.getUint32(p + OFF_KIND, true) === KIND_SHAPE) {
        for (let k = 0; k < 4; k++) t = Math.max(t, dv.getFloat32(p + OFF_RADII + 4 * k, true));
        t *= 1 - Math.SQRT1_2;
        p += ITEM_BYTES;
      }
      if (p >= listEnd || dv.getUint32(p + OFF_KIND, true) !== KIND_RECT) return null;
      for (let k = 0; k < 4; k++) if ((dv.getUint32(p + OFF_COLOR0 + 4 * k, true) & 0xff) !== 0xff) return null;
      const a = dv.getFloat32(p + OFF_A, true), d = dv.getFloat32(p + OFF_D, true);
      if (dv.getFloat32(p + OFF_B, true) !== 0 || dv.getFloat32(p + OFF_C, true) !== 0 || !(a > 0 && d > 0) || !(t >= 0)) return null;
      const e = dv.getFloat32(p + OFF_E, true), f = dv.getFloat32(p + OFF_F, true);
      const w = dv.getFloat32(p + OFF_W, true), h = dv.getFloat32(p + OFF_H, true);
      const x0 = Math.ceil(e * sx + t * a * sx + 1), x1 = Math.floor((e + a * w) * sx - t * a * sx - 1);
      const y0 = Math.ceil(f * sy + t * d * sy + 1), y1 = Math.floor((f + d * h) * sy - t * d * sy - 1);
      return x1 > x0 && y1 > y0 ? [x0, y0, x1, y1] : null;
    };
    // The analytic effect quad, with the item's map (a b c d e f) and the
    // viewport scale (sx, sy): on screen, or in the mask atlas (a new mask).
    const fxVerts = (o, so, uvr, w, h, a, b, c, d, e, f, sx, sy, gen) => {
      const det = Math.abs(a * d - b * c) * sx * sy;
      const shadow = so === -1;
      const plain = so === -2; // a plain quad inside a rounded clip
      const ro = shadow || plain ? o : so; // the item carrying radii, param and colors[0]
      const param = plain ? 0 : dv.getFloat32(ro + OFF_PARAM, true);
      const sigma = shadow ? param * 0.5 : 0;
      const sharp = shadow && sigma < 0.1 / Math.sqrt(det);
      const blurred = shadow && !sharp;
      const pad = (blurred ? 3 * sigma : 0) + 1 / Math.sqrt(det);
      const border = plain ? 0 : premulPacked(dv.getUint32(ro + OFF_COLOR0, true));
      this._growFx(fxN + 6);
      const F = this._fxF32;
      const U = this._fxU32;
      const [u0, v0, u1, v1] = uvr;
      const q0 = fxN * FX_FLOATS;
      // The per-quad words, written once and copied to the other vertices.
      for (let k = 0; k < 4; k++) U[q0 + 6 + k] = shadow ? 0 : premulPacked(dv.getUint32(o + OFF_COLOR0 + 4 * k, true));
      U[q0 + 10] = border;
      for (let k = 0; k < 4; k++) F[q0 + 15 + k] = plain ? 0 : dv.getFloat32(ro + OFF_RADII + 4 * k, true);
      const ma = a * sx, mb = b * sy, mc = c * sx, md = d * sy;
      F[q0 + 19] = ma; F[q0 + 20] = mb; F[q0 + 21] = mc; F[q0 + 22] = md;
      F[q0 + 23] = blurred ? 1 : sharp ? 2 : 0;
      // Shapes: w, h, border, item units per pixel (worst axis: |M|_F / det
      // >= 1 / the smallest singular value) for the interior early-out.
      F[q0 + 11] = w; F[q0 + 12] = h; F[q0 + 13] = shadow ? 0 : param;
      F[q0 + 14] = shadow ? sigma : Math.sqrt(ma * ma + mb * mb + mc * mc + md * md) / Math.abs(ma * md - mb * mc);
      let cx = 0, cy = 0, su = -1;
      if (blurred) {
        // effects.rs shadow_fit: the per-item constants of the closed form.
        const s = sigma * Math.SQRT2, si = 1 / s, minE = Math.min(w, h), rmax = 0.5 * minE;
        const delta = 1.25 * s * (Math.exp(-((0.5 * si * w) ** 2)) - Math.exp(-((0.5 * si * h) ** 2)));
        const bw = w + Math.min(delta, 0), bh = h - Math.max(delta, 0);
        let rm = 0;
        for (let k = 0; k < 4; k++) {
          const r = Math.min(Math.max(F[q0 + 15 + k], 0), rmax);
          rm = Math.max(rm, r);
          const r0 = Math.min(Math.hypot(r, 1.15 * s), rmax), r1 = Math.min(Math.hypot(r, 2 * s), rmax);
          F[q0 + 15 + k] = r1;
          F[q0 + 19 + k] = r0 > 0 ? (2 * r1) / r0 : 2;
        }
        F[q0 + 11] = bw; F[q0 + 12] = bh; F[q0 + 13] = minE; F[q0 + 14] = si;
        su = 0.5 * erf7(si * 0.5 * (Math.max(bw, bh) - 0.5 * rm));
        cx = w * 0.5; cy = h * 0.5;
      }
      const x0 = -pad, y0 = -pad, x1 = w + pad, y1 = h + pad;
      const put = (lx, ly) => {
        const q = fxN * FX_FLOATS;
        if (q !== q0) U.copyWithin(q + 6, q0 + 6, q0 + FX_FLOATS);
        F[q] = a * lx + c * ly + e; F[q + 1] = b * lx + d * ly + f;
        F[q + 2] = lx - cx; F[q + 3] = ly - cy;
        if (su >= 0) {
          F[q + 4] = su; F[q + 5] = 0;
        } else {
          F[q + 4] = u0 + ((u1 - u0) * lx) / w; F[q + 5] = v0 + ((v1 - v0) * ly) / h;
        }
        fxN++;
      };
      put(x0, y0); put(x1, y0); put(x0, y1);
      put(x1, y0); put(x1, y1); put(x0, y1);
      if (!gen) quads++;
    };
    const gens = []; // masks new this frame: [item offset, shape offset, mask] * n
    for (let i = 0, o = HEADER_BYTES; i < hdr.count; i++, o += ITEM_BYTES) {
      const kind = dv.getUint32(o + OFF_KIND, true);
      if (kind === KIND_CLIP_PUSH) {
        const e = dv.getFloat32(o + OFF_E, true);
        const f = dv.getFloat32(o + OFF_F, true);
        const w = dv.getFloat32(o + OFF_W, true);
        const h = dv.getFloat32(o + OFF_H, true);
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
        shapeStack.push(shapes);
        scissor = r;
        continue;
      }
      if (kind === KIND_CLIP_SHAPE) {
        if (!clips.length) throw new Error(`display item ${i}: clip shape outside a clip`);
        flush();
        const a = dv.getFloat32(o + OFF_A, true), b = dv.getFloat32(o + OFF_B, true);
        const c = dv.getFloat32(o + OFF_C, true), d = dv.getFloat32(o + OFF_D, true);
        const det = a * d - b * c;
        if (det === 0) continue;
        const shape = {
          inv: [d / det, -b / det, -c / det, a / det],
          t: [dv.getFloat32(o + OFF_E, true), dv.getFloat32(o + OFF_F, true), dv.getFloat32(o + OFF_W, true), dv.getFloat32(o + OFF_H, true)],
          r: [dv.getFloat32(o + OFF_RADII, true), dv.getFloat32(o + OFF_RADII + 4, true), dv.getFloat32(o + OFF_RADII + 8, true), dv.getFloat32(o + OFF_RADII + 12, true)],
          m: [a * sx, b * sy, c * sx, d * sy],
        };
        shapes = [...shapes, shape].slice(-4);
        continue;
      }
      if (kind === KIND_CLIP_POP) {
        if (!clips.length) throw new Error(`clip push/pop do not balance (found at item ${i})`);
        clips.pop();
        flush();
        shapes = shapeStack.pop() || NO_SHAPES;
        scissor = clips.length ? clips[clips.length - 1] : null;
        continue;
      }
      if (kind === KIND_MESH) {
        // The debug overlay's egui meshes (mesh.js): de-indexed into the
        // same vertex buffer; exact (egui's own shading model).
        if (scissor && (scissor[2] <= scissor[0] || scissor[3] <= scissor[1])) continue;
        mesh = mesh || readMeshSection(dv, hdr.count);
        const id = dv.getUint32(o + OFF_TEXTURE, true);
        const t = textures.get(id);
        use(0, t && t.tex ? id : WHITE);
        const [first, end] = meshRange(dv, o, mesh);
        this._grow(n + (end - first));
        n = writeMeshVertices(dv, o, mesh, this._f32, this._u32, n, FLOATS_PER_VERTEX);
        continue;
      }
      if (kind === KIND_SHAPE) {
        shapeAt = o;
        continue;
      }
      if (kind === KIND_GRADIENT) {
        // The first item holds the whole gradient; a continuation reads null.
        grad = readGradient(dv, o) || grad;
        continue;
      }
      if (kind === KIND_SHADOW) {
        if (!(dv.getFloat32(o + OFF_W, true) > 0 && dv.getFloat32(o + OFF_H, true) > 0)) continue;
        if (scissor && (scissor[2] <= scissor[0] || scissor[3] <= scissor[1])) continue;
        fxQuad(o, -1, [0.5, 0.5, 0.5, 0.5], WHITE);
        continue;
      }
      if (kind === KIND_VIDEO) {
        // The hole down to the video plane: erases the quad by the
        // surface's alpha (its own draw range, blended (0, 1 - src alpha)).
        use(0, HOLE);
        const a = dv.getFloat32(o + OFF_A, true), b = dv.getFloat32(o + OFF_B, true), c = dv.getFloat32(o + OFF_C, true);
        const d = dv.getFloat32(o + OFF_D, true), e = dv.getFloat32(o + OFF_E, true), f = dv.getFloat32(o + OFF_F, true);
        const w = dv.getFloat32(o + OFF_W, true), h = dv.getFloat32(o + OFF_H, true);
        const col = (dv.getUint32(o + OFF_COLOR0, true) & 0xff) << 24 >>> 0;
        this._grow(n + 6);
        const F = this._f32, U = this._u32;
        for (const [s, t] of [[0, 0], [1, 0], [0, 1], [1, 0], [1, 1], [0, 1]]) {
          const k = n++ * FLOATS_PER_VERTEX;
          F[k] = a * w * s + c * h * t + e; F[k + 1] = b * w * s + d * h * t + f; F[k + 2] = 0.5; F[k + 3] = 0.5; U[k + 4] = col;
        }
        quads++;
        continue;
      }
      if (kind !== KIND_RECT && kind !== KIND_IMAGE) throw new Error(`display item ${i} has unknown kind ${kind}`);
      const so = shapeAt;
      shapeAt = -1;
      const g = kind === KIND_RECT ? grad : null;
      grad = null;
      const w = dv.getFloat32(o + OFF_W, true);
      const h = dv.getFloat32(o + OFF_H, true);
      if (!(w > 0 && h > 0)) continue;
      // A gradient fill: the RECT samples its tile (null: atlas full this
      // frame, the gradient's middle colour instead).
      let gUv = null;
      if (g) {
        const ga = dv.getFloat32(o + OFF_A, true), gb = dv.getFloat32(o + OFF_B, true);
        const gc = dv.getFloat32(o + OFF_C, true), gd = dv.getFloat32(o + OFF_D, true);
        gUv = this._grads.uv(gl, g, w, h, Math.hypot(ga * sx, gb * sy) * w, Math.hypot(gc * sx, gd * sy) * h);
      }
      const c0 = g && !gUv ? midColor(g, w, h) : dv.getUint32(o + OFF_COLOR0, true);
      const c1 = g && !gUv ? c0 : dv.getUint32(o + OFF_COLOR1, true);
      const c2 = g && !gUv ? c0 : dv.getUint32(o + OFF_COLOR2, true);
      const c3 = g && !gUv ? c0 : dv.getUint32(o + OFF_COLOR3, true);
      const bordered = so >= 0 && dv.getFloat32(so + OFF_PARAM, true) > 0 && (dv.getUint32(so + OFF_COLOR0, true) & 0xff) !== 0;
      if (kind === KIND_RECT && !bordered && (c0 & 0xff) === 0 && (c1 & 0xff) === 0 && (c2 & 0xff) === 0 && (c3 & 0xff) === 0) continue;
      if (scissor && (scissor[2] <= scissor[0] || scissor[3] <= scissor[1])) continue; // clipped away
      if (so >= 0 || shapes.length) {
        let texKey = gUv ? GRAD : WHITE;
        let uvr = gUv || [0.5, 0.5, 0.5, 0.5];
        if (kind === KIND_IMAGE) {
          const id = dv.getUint32(o + OFF_TEXTURE, true);
          const t = textures.get(id);
          if (t && t.tex) {
            texKey = id;
            uvr = [dv.getFloat32(o + OFF_U0, true), dv.getFloat32(o + OFF_V0, true), dv.getFloat32(o + OFF_U1, true), dv.getFloat32(o + OFF_V1, true)];
          }
        }
        fxQuad(o, so >= 0 ? so : -2, uvr, texKey);
        continue;
      }
      let texKey = WHITE;
      let u0 = 0.5, v0 = 0.5, u1 = 0.5, v1 = 0.5;
      if (gUv) {
        texKey = GRAD;
        [u0, v0, u1, v1] = gUv;
      }
      if (kind === KIND_IMAGE) {
        const id = dv.getUint32(o + OFF_TEXTURE, true);
        const t = textures.get(id);
        if (t && t.tex) {
          texKey = id;
          u0 = dv.getFloat32(o + OFF_U0, true);
          v0 = dv.getFloat32(o + OFF_V0, true);
          u1 = dv.getFloat32(o + OFF_U1, true);
          v1 = dv.getFloat32(o + OFF_V1, true);
        }
      }
      use(0, texKey);
      const a = dv.getFloat32(o + OFF_A, true);
      const b = dv.getFloat32(o + OFF_B, true);
      const c = dv.getFloat32(o + OFF_C, true);
      const d = dv.getFloat32(o + OFF_D, true);
      const e = dv.getFloat32(o + OFF_E, true);
      const f = dv.getFloat32(o + OFF_F, true);
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
    // New masks: their analytic quads at the end of the effects buffer,
    // drawn into the atlas (1:1 device pixels, item origin at a texel corner).
    const genFirst = fxN;
    for (let k = 0; k < gens.length; k += 3) {
      const o = gens[k], so = gens[k + 1], m = gens[k + 2];
      const w = dv.getFloat32(o + OFF_W, true), h = dv.getFloat32(o + OFF_H, true);
      fxVerts(o, so, [0.5, 0.5, 0.5, 0.5], w, h, m.ma, 0, 0, m.md, m.x + m.ox, m.y + m.oy, 1, 1, true);
    }

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
      if (n) gl.bufferSubData(gl.ARRAY_BUFFER, 0, new Uint8Array(this._buf, 0, bytesUsed));
      if (fxN || mkN) {
        if (fxN) {
          gl.bindVertexArray(res.fxVao);
          gl.bindBuffer(gl.ARRAY_BUFFER, res.fxVbo);
          if (fxN * FX_BYTES > res.fxVboBytes) {
            gl.bufferData(gl.ARRAY_BUFFER, this._fxCap * FX_BYTES, gl.DYNAMIC_DRAW);
            res.fxVboBytes = this._fxCap * FX_BYTES;
          }
          gl.bufferSubData(gl.ARRAY_BUFFER, 0, new Uint8Array(this._fxBuf, 0, fxN * FX_BYTES));
        }
        if (mkN) {
          gl.bindVertexArray(res.mkVao);
          gl.bindBuffer(gl.ARRAY_BUFFER, res.mkVbo);
          if (mkN * MK_BYTES > res.mkVboBytes) {
            gl.bufferData(gl.ARRAY_BUFFER, this._mkCap * MK_BYTES, gl.DYNAMIC_DRAW);
            res.mkVboBytes = this._mkCap * MK_BYTES;
          }
          gl.bufferSubData(gl.ARRAY_BUFFER, 0, new Uint8Array(this._mkBuf, 0, mkN * MK_BYTES));
        }
        for (let k = 0; k < draws.length; k += 6) if (draws[k + 4]) this._fx(fxVariant(draws, k));
        for (const v of res.fx) {
          if (!v) continue;
          gl.useProgram(v.prog);
          gl.uniform2f(v.uScale, 2 / vw, 2 / vh);
          gl.uniform1i(v.uTex, 0);
          gl.uniform1i(v.uMask, 1);
          v.shapes = null;
        }
        if (fxN > genFirst || mkN) {
          const atlas = this._maskAtlas();
          if (fxN > genFirst) {
            // The new masks, straight into the atlas (one draw, no blending).
            const g = this._fx(8);
            gl.useProgram(g.prog);
            gl.uniform2f(g.uScale, 2 / MASK_ATLAS, 2 / MASK_ATLAS);
            gl.bindFramebuffer(gl.FRAMEBUFFER, atlas.fbo);
            gl.viewport(0, 0, MASK_ATLAS, MASK_ATLAS);
            gl.disable(gl.BLEND);
            gl.bindVertexArray(res.fxVao);
            gl.drawArrays(gl.TRIANGLES, genFirst, fxN - genFirst);
            gl.bindFramebuffer(gl.FRAMEBUFFER, null);
            gl.viewport(0, 0, cw, ch);
          }
          gl.activeTexture(gl.TEXTURE1);
          gl.bindTexture(gl.TEXTURE_2D, atlas.tex);
        }
        gl.bindVertexArray(res.vao);
      }
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
      let boundVao = res.vao;
      let boundScissor;
      for (let k = 0; k < draws.length; k += 6) {
        const tex = draws[k + 2];
        const sc = draws[k + 3];
        const fx = draws[k + 4];
        const sh = draws[k + 5];
        const fv = fx ? res.fx[fxVariant(draws, k)] : null;
        const want = fv ? fv.prog : tex === WHITE || tex === HOLE ? res.solid : res.prog;
        if (want !== boundProg) {
          gl.useProgram(want);
          boundProg = want;
        }
        if (fv && sh.length && sh !== fv.shapes) {
          const flat = (f) => new Float32Array(16).fill(0).map((_, j) => (sh[j >> 2] ? f(sh[j >> 2])[j & 3] : 0));
          gl.uniform1i(fv.uClipN, sh.length);
          gl.uniform4fv(fv.uClipInv, flat((s) => s.inv));
          gl.uniform4fv(fv.uClipT, flat((s) => s.t));
          gl.uniform4fv(fv.uClipR, flat((s) => s.r));
          gl.uniform4fv(fv.uClipM, flat((s) => s.m));
          fv.shapes = sh;
        }
        const vao = fx === 2 ? res.mkVao : fx ? res.fxVao : res.vao;
        if (vao !== boundVao) {
          gl.bindVertexArray(vao);
          boundVao = vao;
        }
        if (tex !== boundTex) {
          if (tex === HOLE || boundTex === HOLE) gl.blendFunc(tex === HOLE ? gl.ZERO : gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
          gl.bindTexture(gl.TEXTURE_2D, tex === GRAD ? this._grads.tex : tex < 0 ? res.white : textures.get(tex).tex);
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
    // draws: the list's draw calls; masks: the masks made this frame (one
    // more draw call, into the atlas, on a frame that makes any).
    this.lastStats = { items: hdr.count, quads, draws: draws.length / 6, vertices: n + fxN + mkN, frame: hdr.frame, masks: gens.length / 3, gradients: this._grads.cache.size - tilesBefore };
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
      this._grads.reset(gl);
      gl.deleteBuffer(this._res.vbo);
      gl.deleteVertexArray(this._res.vao);
      gl.deleteProgram(this._res.prog);
      gl.deleteBuffer(this._res.fxVbo);
      gl.deleteVertexArray(this._res.fxVao);
      gl.deleteBuffer(this._res.mkVbo);
      gl.deleteVertexArray(this._res.mkVao);
      if (this._res.atlas) {
        gl.deleteFramebuffer(this._res.atlas.fbo);
        gl.deleteTexture(this._res.atlas.tex);
      }
      for (const v of this._res.fx) if (v) gl.deleteProgram(v.prog);
    }
    this.textures.clear();
    this._res = null;
  }
}

/** Straight 0xRRGGBBAA of gradient `g` at the middle of a `w` x `h` box (a full tile atlas's stand-in). */
function midColor(g, w, h) {
  const [r, gg, b, a] = gradientAt(g, w / 2, h / 2);
  if (!(a > 0)) return 0;
  const u = (v) => Math.max(0, Math.min(255, Math.round((v / a) * 255)));
  return ((u(r) << 24) | (u(gg) << 16) | (u(b) << 8) | Math.round(a * 255)) >>> 0;
}

/** The effects program variant of draw `k` (see WebGLPainter._fx). */
function fxVariant(draws, k) {
  return (draws[k + 2] !== WHITE ? 1 : 0) | (draws[k + 5].length ? 2 : 0) | (draws[k + 4] === 2 ? 4 : 0);
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
