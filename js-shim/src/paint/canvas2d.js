// js-shim/src/paint/canvas2d.js — Canvas2D painter of the display list: the
// main-thread fallback when a Worker cannot use WebGL2 (or for debugging).
// Works on a <canvas> and on an OffscreenCanvas.
//
// Model (see webgl.js and engine/raster for the reference):
// * Cleared to opaque black, then items in order with source-over. Canvas2D
//   composites premultiplied internally, so straight colours give the same
//   result as the rasterizer for one-colour quads.
// * Every quad is drawn with `setTransform(a, b, c, d, e, f)` (scaled by
//   canvas size / list viewport) and `fillRect(0, 0, w, h)`; edges are the
//   browser's anti-aliasing.
// * Gradients — APPROXIMATION: a gradient that varies along one axis only
//   (colorTop/Bottom, colorLeft/Right) is one `createLinearGradient` in item
//   space. A general four-corner gradient is painted as horizontal strips
//   (about 1 screen px each, at most 256), each a left-to-right linear
//   gradient between the bilinear colours at the strip's middle. Canvas2D
//   interpolates gradient stops in straight (non-premultiplied) colour in
//   most engines, so a fade to transparent is not exact (the rasterizer and
//   WebGL interpolate premultiplied); fades between opaque colours are.
// * `gradient` fills (GRADIENT items before a RECT, display_list.rs
//   "Gradients"): the browser's createLinearGradient / createRadialGradient
//   (an ellipse: a circle filled under a y scale about its centre; the path
//   is built first, so only the gradient is scaled), with stops rewritten
//   so that Canvas2D's straight-colour interpolation gives CSS's
//   premultiplied result (gradient.js canvasGradient), filled into the
//   rect or the SHAPE's rounded path.
// * Clips: `save(); rect(); clip()` on push (snapped to whole pixels with the
//   pixel-centre rule, like the other painters), `restore()` on pop.
// * Images: `drawImage` of the texture's uv sub-rectangle over the quad, with
//   `globalAlpha` = the average tint alpha. A coloured tint (text: the glyph
//   atlas is white with coverage in alpha) is applied exactly through a
//   cached tinted copy of the texture (multiply, then the texture's own alpha
//   restored), one per tint colour, dropped when the texture changes; a
//   tint varying along one axis (colorTop/colorBottom, colorLeft/colorRight)
//   through a copy multiplied by that gradient (alpha included).
//   APPROXIMATION: another four-corner tint uses the corners' average. An
//   unknown texture id draws the tint colours, like the rasterizer.
// * Effects (display_list.rs "Effects"): a SHAPE item's rounded corners clip
//   the next quad to a rounded-rect path (`clip()`, anti-aliased by the
//   browser); its border ring is filled over it with 'evenodd'; a
//   SHADOW is the canvas's own Gaussian shadow (`shadowBlur` = blur x the
//   transform's scale: canvas shadows ignore the transform) of its shape
//   drawn just left of the canvas and shifted back with `shadowOffsetX`, so
//   only the shadow lands on screen. APPROXIMATION: the rasterizer and
//   WebGL2 use the analytic rounded-box Gaussian; Skia blurs the shape
//   (triple box blur), a level or two apart in the penumbra.
// * Rounded clips (CLIP_SHAPE after a CLIP_PUSH): the rounded path is added
//   to the pushed clip (`clip()`; not anti-aliased in a Worker's canvas).
// * Meshes (the debug overlay's egui output) — APPROXIMATION: per triangle,
//   average vertex colour; textured triangles through an exact affine map
//   without tint (see paintMeshCanvas2d in mesh.js).
import {
  HEADER_BYTES, ITEM_BYTES, KIND_CLIP_POP, KIND_CLIP_PUSH, KIND_IMAGE, KIND_RECT, KIND_SHADOW, KIND_SHAPE, KIND_CLIP_SHAPE, KIND_VIDEO, KIND_GRADIENT,
  OFF_A, OFF_B, OFF_C, OFF_COLOR0, OFF_COLOR1, OFF_COLOR2, OFF_COLOR3, OFF_D, OFF_E, OFF_F, OFF_H, OFF_KIND, OFF_PARAM, OFF_RADII, OFF_TEXTURE, OFF_U0, OFF_U1, OFF_V0, OFF_V1, OFF_W,
  asDataView, normalizeTextureSource, readGradient, readHeader, snapSpan,
} from './display-list.js';
import { canvasGradient } from './gradient.js';
import { KIND_MESH, paintMeshCanvas2d, readMeshSection } from './mesh.js';

const css = (c) => `rgba(${(c >>> 24) & 0xff},${(c >>> 16) & 0xff},${(c >>> 8) & 0xff},${((c & 0xff) / 255).toFixed(4)})`;

/** Bilinear mix of straight 0xRRGGBBAA colours in premultiplied space, back to straight. */
function mix4(c0, c1, c2, c3, s, t) {
  const ch = (c, sh) => ((c >>> sh) & 0xff) * (c & 0xff) / 255;
  const al = (c) => c & 0xff;
  const lerp = (a, b, k) => a + (b - a) * k;
  const bil = (f) => lerp(lerp(f(c0), f(c1), s), lerp(f(c2), f(c3), s), t);
  const a = bil(al);
  if (a <= 0) return 0;
  const u = (v) => Math.max(0, Math.min(255, Math.round((v * 255) / a)));
  const r = u(bil((c) => ch(c, 24)));
  const g = u(bil((c) => ch(c, 16)));
  const b = u(bil((c) => ch(c, 8)));
  return ((r << 24) | (g << 16) | (b << 8) | Math.round(a)) >>> 0;
}

/** Appends a rounded rectangle with radii [tl, tr, br, bl] (already clamped) to the path. */
function roundRectPath(ctx, x, y, w, h, r) {
  const [tl, tr, br, bl] = r;
  ctx.moveTo(x + tl, y);
  ctx.lineTo(x + w - tr, y);
  if (tr > 0) ctx.arcTo(x + w, y, x + w, y + tr, tr);
  ctx.lineTo(x + w, y + h - br);
  if (br > 0) ctx.arcTo(x + w, y + h, x + w - br, y + h, br);
  ctx.lineTo(x + bl, y + h);
  if (bl > 0) ctx.arcTo(x, y + h, x, y + h - bl, bl);
  ctx.lineTo(x, y + tl);
  if (tl > 0) ctx.arcTo(x, y, x + tl, y, tl);
  ctx.closePath();
}

const clamped = new WeakMap();
/** `image` (w x h) on a (w + 2) x (h + 2) canvas with its edge texels repeated around it, cached. */
function clampedCopy(image, w, h) {
  let c = clamped.get(image);
  if (c) return c;
  c = makeCanvas(w + 2, h + 2);
  const cx = c.getContext('2d');
  cx.imageSmoothingEnabled = false;
  cx.drawImage(image, 1, 1);
  cx.drawImage(image, 0, 0, w, 1, 1, 0, w, 1); // top
  cx.drawImage(image, 0, h - 1, w, 1, 1, h + 1, w, 1); // bottom
  cx.drawImage(c, 1, 0, 1, h + 2, 0, 0, 1, h + 2); // left, with its corners
  cx.drawImage(c, w, 0, 1, h + 2, w + 1, 0, 1, h + 2); // right
  clamped.set(image, c);
  return c;
}

/** The radii [tl, tr, br, bl] of a SHADOW, SHAPE or CLIP_SHAPE item. */
const radiiAt = (dv, o) => [dv.getFloat32(o + OFF_RADII, true), dv.getFloat32(o + OFF_RADII + 4, true), dv.getFloat32(o + OFF_RADII + 8, true), dv.getFloat32(o + OFF_RADII + 12, true)];

function makeCanvas(w, h) {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

export class Canvas2DPainter {
  /** A painter on `canvas`, or null when it has no 2D context. */
  static create(canvas, opts = {}) {
    let ctx = null;
    try {
      ctx = canvas.getContext('2d', { alpha: false, ...(opts.contextAttributes || {}) });
    } catch {
      ctx = null;
    }
    return ctx ? new Canvas2DPainter(canvas, ctx) : null;
  }

  constructor(canvas, ctx) {
    this.canvas = canvas;
    this.ctx = ctx;
    /** id -> { src, image: CanvasImageSource } */
    this.textures = new Map();
    /** Radii of the SHAPE applied to the quad being filled (null: a plain quad). */
    this._radii = null;
  }

  get kind() {
    return 'canvas2d';
  }

  get contextLost() {
    return typeof this.ctx.isContextLost === 'function' ? this.ctx.isContextLost() : false;
  }

  setTexture(id, source, width, height) {
    const src = normalizeTextureSource(source, width, height);
    let image = src.data;
    if (src.kind === 'pixels') {
      const c = makeCanvas(src.width, src.height);
      const cx = c.getContext('2d');
      const data = src.data instanceof Uint8ClampedArray ? src.data : new Uint8ClampedArray(src.data.buffer, src.data.byteOffset, src.data.byteLength);
      cx.putImageData(new ImageData(new Uint8ClampedArray(data), src.width, src.height), 0, 0);
      image = c;
    }
    this.textures.set(id >>> 0, { src, image, tinted: new Map() });
  }

  /** The texture multiplied by `rgb` (0xRRGGBB), cached (at most 8 colours). */
  _tinted(t, rgb) {
    let c = t.tinted.get(rgb);
    if (c) return c;
    const { width, height } = t.src;
    c = makeCanvas(width, height);
    const cx = c.getContext('2d');
    cx.drawImage(t.image, 0, 0);
    cx.globalCompositeOperation = 'multiply';
    cx.fillStyle = `#${rgb.toString(16).padStart(6, '0')}`;
    cx.fillRect(0, 0, width, height);
    cx.globalCompositeOperation = 'destination-in';
    cx.drawImage(t.image, 0, 0);
    if (t.tinted.size >= 8) t.tinted.delete(t.tinted.keys().next().value);
    t.tinted.set(rgb, c);
    return c;
  }

  /**
   * The texture multiplied by a tint going from `a` to `b` (0xRRGGBBAA)
   * between texel `from` and `to` down (`vertical`) or across it, alpha
   * included, cached with the single-colour tints (at most 8).
   */
  _tintedAlong(t, vertical, a, b, from, to) {
    const key = `${vertical ? 'v' : 'h'}${a}:${b}:${from}:${to}`;
    let c = t.tinted.get(key);
    if (c) return c;
    const { width, height } = t.src;
    c = makeCanvas(width, height);
    const cx = c.getContext('2d');
    const ramp = (ca, cb) => {
      const g = vertical ? cx.createLinearGradient(0, from, 0, to) : cx.createLinearGradient(from, 0, to, 0);
      g.addColorStop(0, ca);
      g.addColorStop(1, cb);
      return g;
    };
    const rgb = (x) => `#${(x >>> 8).toString(16).padStart(6, '0')}`;
    cx.drawImage(t.image, 0, 0);
    cx.globalCompositeOperation = 'multiply';
    cx.fillStyle = ramp(rgb(a), rgb(b));
    cx.fillRect(0, 0, width, height);
    cx.globalCompositeOperation = 'destination-in';
    cx.drawImage(t.image, 0, 0);
    if ((a & 0xff) !== 0xff || (b & 0xff) !== 0xff) {
      cx.fillStyle = ramp(`rgba(0,0,0,${(a & 0xff) / 255})`, `rgba(0,0,0,${(b & 0xff) / 255})`);
      cx.fillRect(0, 0, width, height);
    }
    if (t.tinted.size >= 8) t.tinted.delete(t.tinted.keys().next().value);
    t.tinted.set(key, c);
    return c;
  }

  freeTexture(id) {
    return this.textures.delete(id >>> 0);
  }

  applyTextureDeltas(deltas) {
    if (!deltas) return;
    for (const id of deltas.free || []) this.freeTexture(id);
    for (const s of deltas.set || []) this.setTexture(s.id, s.source ?? s.pixels ?? s.bitmap, s.width, s.height);
  }

  /** Paints a display list; returns `{ items, quads }`. Throws on a malformed list. */
  paint(bytes) {
    const dv = asDataView(bytes);
    const hdr = readHeader(dv);
    const ctx = this.ctx;
    const cw = this.canvas.width;
    const chh = this.canvas.height;
    const sx = cw / (hdr.width > 0 ? hdr.width : cw);
    const sy = chh / (hdr.height > 0 ? hdr.height : chh);
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
    ctx.imageSmoothingEnabled = true;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, cw, chh);
    let depth = 0;
    let quads = 0;
    let mesh = null;
    let shape = null; // the SHAPE item waiting for its quad: { radii, bw, color }
    let grad = null; // the GRADIENT waiting for its RECT (readGradient)
    try {
      for (let i = 0, o = HEADER_BYTES; i < hdr.count; i++, o += ITEM_BYTES) {
        const kind = dv.getUint32(o + OFF_KIND, true);
        if (kind === KIND_CLIP_PUSH) {
          const e = dv.getFloat32(o + OFF_E, true);
          const f = dv.getFloat32(o + OFF_F, true);
          const [x0, x1] = snapSpan(e * sx, (e + dv.getFloat32(o + OFF_W, true)) * sx);
          const [y0, y1] = snapSpan(f * sy, (f + dv.getFloat32(o + OFF_H, true)) * sy);
          ctx.save();
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.beginPath();
          ctx.rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
          ctx.clip();
          depth++;
          continue;
        }
        if (kind === KIND_CLIP_POP) {
          if (depth === 0) throw new Error(`clip push/pop do not balance (found at item ${i})`);
          ctx.restore();
          depth--;
          continue;
        }
        if (kind === KIND_MESH) {
          mesh = mesh || readMeshSection(dv, hdr.count);
          paintMeshCanvas2d(ctx, dv, o, mesh, this.textures.get(dv.getUint32(o + OFF_TEXTURE, true)), sx, sy);
          continue;
        }
        if (kind === KIND_CLIP_SHAPE) {
          // A rounded clip: added to the clip its ClipPush saved (popped with it).
          if (depth === 0) throw new Error(`display item ${i}: clip shape outside a clip`);
          ctx.setTransform(dv.getFloat32(o + OFF_A, true) * sx, dv.getFloat32(o + OFF_B, true) * sy, dv.getFloat32(o + OFF_C, true) * sx,
            dv.getFloat32(o + OFF_D, true) * sy, dv.getFloat32(o + OFF_E, true) * sx, dv.getFloat32(o + OFF_F, true) * sy);
          ctx.beginPath();
          roundRectPath(ctx, 0, 0, dv.getFloat32(o + OFF_W, true), dv.getFloat32(o + OFF_H, true), radiiAt(dv, o));
          ctx.clip();
          continue;
        }
        if (kind === KIND_SHAPE) {
          shape = { radii: radiiAt(dv, o), bw: dv.getFloat32(o + OFF_PARAM, true), color: dv.getUint32(o + OFF_COLOR0, true) };
          continue;
        }
        if (kind === KIND_GRADIENT) {
          // The first item holds the whole gradient; a continuation reads null.
          grad = readGradient(dv, o) || grad;
          continue;
        }
        if (kind === KIND_SHADOW) {
          this._shadow(ctx, dv, o, sx, sy);
          continue;
        }
        if (kind === KIND_VIDEO) {
          // The hole down to the video plane (a <video> element under the
          // canvas): erase the quad by the surface's alpha, inside the clip.
          ctx.setTransform(dv.getFloat32(o + OFF_A, true) * sx, dv.getFloat32(o + OFF_B, true) * sy, dv.getFloat32(o + OFF_C, true) * sx,
            dv.getFloat32(o + OFF_D, true) * sy, dv.getFloat32(o + OFF_E, true) * sx, dv.getFloat32(o + OFF_F, true) * sy);
          ctx.globalCompositeOperation = 'destination-out';
          ctx.fillStyle = `rgba(0,0,0,${(dv.getUint32(o + OFF_COLOR0, true) & 0xff) / 255})`;
          ctx.fillRect(0, 0, dv.getFloat32(o + OFF_W, true), dv.getFloat32(o + OFF_H, true));
          ctx.globalCompositeOperation = 'source-over';
          quads++;
          continue;
        }
        if (kind !== KIND_RECT && kind !== KIND_IMAGE) throw new Error(`display item ${i} has unknown kind ${kind}`);
        const fx = shape;
        shape = null;
        this._grad = kind === KIND_RECT ? grad : null;
        grad = null;
        const w = dv.getFloat32(o + OFF_W, true);
        const h = dv.getFloat32(o + OFF_H, true);
        if (!(w > 0 && h > 0)) continue;
        const c0 = dv.getUint32(o + OFF_COLOR0, true);
        const c1 = dv.getUint32(o + OFF_COLOR1, true);
        const c2 = dv.getUint32(o + OFF_COLOR2, true);
        const c3 = dv.getUint32(o + OFF_COLOR3, true);
        const a = dv.getFloat32(o + OFF_A, true);
        const b = dv.getFloat32(o + OFF_B, true);
        const c = dv.getFloat32(o + OFF_C, true);
        const d = dv.getFloat32(o + OFF_D, true);
        const e = dv.getFloat32(o + OFF_E, true);
        const f = dv.getFloat32(o + OFF_F, true);
        ctx.setTransform(a * sx, b * sy, c * sx, d * sy, e * sx, f * sy);
        quads++;
        if (fx) {
          // Rounded and/or bordered: the fill clipped to the rounded rect,
          // then the border ring over it (the fill goes under the border,
          // as CSS paints a background, so there is no seam).
          // The fill is the rounded path itself (filled with the colour,
          // gradient or image pattern): `clip()` is not anti-aliased in
          // every Chromium canvas (OffscreenCanvas in a Worker).
          const { radii, bw, color } = fx;
          this._radii = radii;
          try {
            this._quad(ctx, dv, o, kind, w, h, c0, c1, c2, c3, Math.abs(d * sy) * h);
          } finally {
            this._radii = null;
          }
          if (bw > 0 && (color & 0xff) !== 0) {
            ctx.beginPath();
            roundRectPath(ctx, 0, 0, w, h, radii);
            roundRectPath(ctx, bw, bw, w - 2 * bw, h - 2 * bw, radii.map((r) => Math.max(0, r - bw)));
            ctx.fillStyle = css(color);
            ctx.fill('evenodd');
          }
          continue;
        }
        this._quad(ctx, dv, o, kind, w, h, c0, c1, c2, c3, Math.abs(d * sy) * h);
      }
      if (depth !== 0) throw new Error(`clip push/pop do not balance (found at item ${hdr.count})`);
    } finally {
      while (depth-- > 0) ctx.restore();
      ctx.restore();
    }
    this.lastStats = { items: hdr.count, quads, frame: hdr.frame };
    return this.lastStats;
  }

  /** A SHADOW item: the canvas's shadow of its rounded shape, the shape itself off-canvas. */
  _shadow(ctx, dv, o, sx, sy) {
    const w = dv.getFloat32(o + OFF_W, true);
    const h = dv.getFloat32(o + OFF_H, true);
    const color = dv.getUint32(o + OFF_COLOR0, true);
    if (!(w > 0 && h > 0) || (color & 0xff) === 0) return;
    const a = dv.getFloat32(o + OFF_A, true) * sx, b = dv.getFloat32(o + OFF_B, true) * sy;
    const c = dv.getFloat32(o + OFF_C, true) * sx, d = dv.getFloat32(o + OFF_D, true) * sy;
    const e = dv.getFloat32(o + OFF_E, true) * sx, f = dv.getFloat32(o + OFF_F, true) * sy;
    // Right edge of the shape on screen: shifted left past x = 0 by `far`.
    const far = Math.ceil(Math.max(e, e + a * w, e + c * h, e + a * w + c * h)) + 8;
    ctx.save();
    ctx.setTransform(a, b, c, d, e - far, f);
    ctx.shadowColor = css(color);
    ctx.shadowBlur = dv.getFloat32(o + OFF_PARAM, true) * Math.sqrt(Math.abs(a * d - b * c));
    ctx.shadowOffsetX = far;
    ctx.shadowOffsetY = 0;
    ctx.fillStyle = '#000';
    ctx.beginPath();
    roundRectPath(ctx, 0, 0, w, h, radiiAt(dv, o));
    ctx.fill();
    ctx.restore();
  }

  /** A RECT or IMAGE item's fill in its transform (set by the caller). */
  _quad(ctx, dv, o, kind, w, h, c0, c1, c2, c3, screenH) {
    if (kind === KIND_IMAGE) {
      const t = this.textures.get(dv.getUint32(o + OFF_TEXTURE, true));
      if (t) {
        const u0 = dv.getFloat32(o + OFF_U0, true), v0 = dv.getFloat32(o + OFF_V0, true);
        const u1 = dv.getFloat32(o + OFF_U1, true), v1 = dv.getFloat32(o + OFF_V1, true);
        // A tint that varies along one axis (an image's colorTop/colorBottom
        // or colorLeft/colorRight) is exact, through a copy tinted by that
        // gradient; other four-corner tints use their average.
        const axis = c0 === c1 && c2 === c3 ? (c0 === c2 ? 0 : 1) : c0 === c2 && c1 === c3 ? 2 : 3;
        const from = axis === 1 ? v0 * t.src.height : u0 * t.src.width, to = axis === 1 ? v1 * t.src.height : u1 * t.src.width;
        let image;
        if ((axis === 1 || axis === 2) && from !== to) {
          ctx.globalAlpha = 1;
          image = this._tintedAlong(t, axis === 1, c0, axis === 1 ? c2 : c1, from, to);
        } else {
          ctx.globalAlpha = ((c0 & 0xff) + (c1 & 0xff) + (c2 & 0xff) + (c3 & 0xff)) / (4 * 255);
          const avg = (sh) => Math.round((((c0 >>> sh) & 0xff) + ((c1 >>> sh) & 0xff) + ((c2 >>> sh) & 0xff) + ((c3 >>> sh) & 0xff)) / 4);
          const rgb = (avg(24) << 16) | (avg(16) << 8) | avg(8);
          image = rgb === 0xffffff ? t.image : this._tinted(t, rgb);
        }
        const sw = (u1 - u0) * t.src.width, shh = (v1 - v0) * t.src.height;
        if (this._radii && sw > 0 && shh > 0) {
          // Rounded: the uv rect mapped onto the item as a pattern, the
          // rounded path filled with it.
          // The image with its edge texels repeated one texel out
          // (clamp to edge, as the other painters sample).
          const pat = ctx.createPattern(clampedCopy(image, t.src.width, t.src.height), 'no-repeat');
          pat.setTransform(new DOMMatrix([w / sw, 0, 0, h / shh, (-(u0 * t.src.width + 1) * w) / sw, (-(v0 * t.src.height + 1) * h) / shh]));
          ctx.fillStyle = pat;
          this._fillShape(ctx, w, h);
        } else {
          ctx.drawImage(image, u0 * t.src.width, v0 * t.src.height, sw, shh, 0, 0, w, h);
        }
        ctx.globalAlpha = 1;
        return;
      }
    }
    if (this._grad) {
      // Path first (in item space), then the gradient's own transform.
      const m = canvasGradient(ctx, this._grad);
      this._grad = null;
      ctx.beginPath();
      if (this._radii) roundRectPath(ctx, 0, 0, w, h, this._radii);
      else ctx.rect(0, 0, w, h);
      if (m) {
        const t = ctx.getTransform();
        ctx.transform(...m);
        ctx.fill();
        ctx.setTransform(t);
      } else {
        ctx.fill();
      }
      return;
    }
    if ((c0 & 0xff) === 0 && (c1 & 0xff) === 0 && (c2 & 0xff) === 0 && (c3 & 0xff) === 0) return;
    this._fillQuad(ctx, w, h, c0, c1, c2, c3, screenH);
  }

  /** Fills the item's box with the current style: a rect, or the rounded path of a SHAPE. */
  _fillShape(ctx, w, h) {
    if (!this._radii) {
      ctx.fillRect(0, 0, w, h);
      return;
    }
    ctx.beginPath();
    roundRectPath(ctx, 0, 0, w, h, this._radii);
    ctx.fill();
  }

  _fillQuad(ctx, w, h, c0, c1, c2, c3, screenH) {
    if (c0 === c1 && c0 === c2 && c0 === c3) {
      ctx.fillStyle = css(c0);
      this._fillShape(ctx, w, h);
      return;
    }
    if (c0 === c1 && c2 === c3) {
      // Vertical.
      const g = ctx.createLinearGradient(0, 0, 0, h);
      g.addColorStop(0, css(c0));
      g.addColorStop(1, css(c2));
      ctx.fillStyle = g;
      this._fillShape(ctx, w, h);
      return;
    }
    if (c0 === c2 && c1 === c3) {
      // Horizontal.
      const g = ctx.createLinearGradient(0, 0, w, 0);
      g.addColorStop(0, css(c0));
      g.addColorStop(1, css(c1));
      ctx.fillStyle = g;
      this._fillShape(ctx, w, h);
      return;
    }
    if (this._radii) {
      // Strips of a four-corner gradient, clipped to the rounded path
      // (APPROXIMATION: a hard clip edge where clip() is not anti-aliased).
      ctx.save();
      ctx.beginPath();
      roundRectPath(ctx, 0, 0, w, h, this._radii);
      ctx.clip();
      const radii = this._radii;
      this._radii = null;
      try {
        this._fillQuad(ctx, w, h, c0, c1, c2, c3, screenH);
      } finally {
        this._radii = radii;
        ctx.restore();
      }
      return;
    }
    // General four-corner gradient: horizontal strips.
    const opaque = (c0 & c1 & c2 & c3 & 0xff) === 0xff;
    const strips = Math.max(1, Math.min(256, Math.ceil(screenH)));
    const sh = h / strips;
    for (let k = 0; k < strips; k++) {
      const t = (k + 0.5) / strips;
      const g = ctx.createLinearGradient(0, 0, w, 0);
      g.addColorStop(0, css(mix4(c0, c1, c2, c3, 0, t)));
      g.addColorStop(1, css(mix4(c0, c1, c2, c3, 1, t)));
      ctx.fillStyle = g;
      // Opaque gradients: overlap strips by a hair to hide anti-aliasing
      // seams (translucent ones would blend twice in the overlap).
      const y0 = k * sh;
      const y1 = k === strips - 1 || !opaque ? (k + 1) * sh : (k + 1) * sh + Math.min(sh * 0.5, 0.5);
      ctx.fillRect(0, y0, w, y1 - y0);
    }
  }

  /** Reads the canvas: straight RGBA8, top row first. */
  readPixels() {
    const img = this.ctx.getImageData(0, 0, this.canvas.width, this.canvas.height);
    return { width: img.width, height: img.height, pixels: new Uint8Array(img.data.buffer) };
  }

  destroy() {
    this.textures.clear();
  }
}
