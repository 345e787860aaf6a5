// js-shim/src/paint/gradient.js — what the painters share to draw a
// GRADIENT fill (engine/wire/src/display_list.rs "Gradients"; read with
// readGradient in ../wire/display-list.js).
//
// * `gradientAt` is the rasterizer's formula (engine/raster/src/gradient.rs):
//   t along the line (linear) or the elliptical distance in radii (radial),
//   premultiplied interpolation between stops, clamped past the ends.
// * `GradientTiles` (WebGL2): each distinct gradient x box size is evaluated
//   once, on the CPU, into a tile of a shared RGBA8 atlas texture (one
//   texel per device pixel of the box, at most TILE_MAX a side, a one-texel
//   edge repeated for bilinear sampling), and the RECT is then drawn as an
//   image of that tile — through the plain, shaped (rounded, bordered), mask
//   cache and rounded-clip paths images already take. Every gradient samples
//   the one atlas texture, so consecutive gradient quads are one draw call
//   (like consecutive images of one texture). Sampling at texel centres of
//   an axis-aligned box gives the formula's values exactly; scaled, rotated
//   or larger than TILE_MAX boxes are bilinear between them.
// * `canvasGradient` (Canvas2D): the browser's own createLinearGradient /
//   createRadialGradient (an ellipse: a circle under a y scale).

/** Premultiplied [r, g, b, a] in 0..1 of straight 0xRRGGBBAA. */
function premul(c) {
  const a = (c & 0xff) / 255;
  return [((c >>> 24) & 0xff) / 255 * a, ((c >>> 16) & 0xff) / 255 * a, ((c >>> 8) & 0xff) / 255 * a, a];
}

/** The gradient's t at item-space (x, y). */
function tAt(g, x, y) {
  const [a, b, c, d] = g.geo;
  if (g.radial) return c > 0 && d > 0 ? Math.hypot((x - a) / c, (y - b) / d) : 1;
  const dx = c - a, dy = d - b, l = dx * dx + dy * dy;
  return l > 0 ? ((x - a) * dx + (y - b) * dy) / l : 0;
}

/** Premultiplied colour (0..1) of gradient `g` (readGradient, plus `pm`: premultiplied stops) at item-space (x, y). */
export function gradientAt(g, x, y) {
  const pm = g.pm || (g.pm = g.colors.map(premul));
  const t = tAt(g, x, y);
  if (t <= g.pos[0]) return pm[0];
  for (let k = 1; k < g.n; k++) {
    if (t < g.pos[k]) {
      const f = (t - g.pos[k - 1]) / (g.pos[k] - g.pos[k - 1]);
      const p = pm[k - 1], q = pm[k];
      return [p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f, p[2] + (q[2] - p[2]) * f, p[3] + (q[3] - p[3]) * f];
    }
  }
  return pm[g.n - 1];
}

export const TILE_ATLAS = 1024;
const TILE_MAX = 256;

/** WebGL2 gradient tiles in one atlas texture (see the top of this file). */
export class GradientTiles {
  constructor() {
    this.tex = null;
    this.cache = new Map();
    this.shelf = { x: 0, y: 0, h: 0 };
    this.full = false;
  }

  /** Drops everything (context loss, or a full atlas at the start of a paint). */
  reset(gl) {
    if (gl && this.tex && !gl.isContextLost()) gl.deleteTexture(this.tex);
    this.tex = null;
    this.cache.clear();
    this.shelf = { x: 0, y: 0, h: 0 };
    this.full = false;
  }

  /** At the start of a paint: a full atlas starts over. */
  begin(gl) {
    if (this.full) this.reset(gl);
  }

  /**
   * The atlas uv rect [u0 v0 u1 v1] of gradient `g` over a `w` x `h` box
   * drawn at `tw` x `th` device pixels, made (and uploaded) if new; null
   * when the atlas is full this frame.
   */
  uv(gl, g, w, h, tw, th) {
    tw = Math.max(1, Math.min(TILE_MAX, Math.round(tw)));
    th = Math.max(1, Math.min(TILE_MAX, Math.round(th)));
    const key = `${g.radial ? 2 : 1} ${g.geo.join(' ')} ${g.colors.join(' ')} ${g.pos.join(' ')} ${w} ${h} ${tw} ${th}`;
    let t = this.cache.get(key);
    if (!t) {
      const s = this.shelf;
      const pw = tw + 2, ph = th + 2;
      if (s.x + pw > TILE_ATLAS) {
        s.x = 0; s.y += s.h; s.h = 0;
      }
      if (s.y + ph > TILE_ATLAS) {
        this.full = true;
        return null;
      }
      t = { x: s.x + 1, y: s.y + 1 };
      s.x += pw; s.h = Math.max(s.h, ph);
      const px = new Uint8Array(pw * ph * 4);
      for (let j = 0; j < ph; j++) {
        const y = ((Math.min(Math.max(j - 1, 0), th - 1) + 0.5) * h) / th;
        for (let i = 0; i < pw; i++) {
          const c = gradientAt(g, ((Math.min(Math.max(i - 1, 0), tw - 1) + 0.5) * w) / tw, y);
          const k = (j * pw + i) * 4;
          px[k] = Math.round(c[0] * 255); px[k + 1] = Math.round(c[1] * 255); px[k + 2] = Math.round(c[2] * 255); px[k + 3] = Math.round(c[3] * 255);
        }
      }
      gl.activeTexture(gl.TEXTURE0);
      if (!this.tex) {
        this.tex = gl.createTexture();
        gl.bindTexture(gl.TEXTURE_2D, this.tex);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, TILE_ATLAS, TILE_ATLAS, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      }
      gl.bindTexture(gl.TEXTURE_2D, this.tex);
      gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, s.x - pw, s.y, pw, ph, gl.RGBA, gl.UNSIGNED_BYTE, px);
      t.uv = [t.x / TILE_ATLAS, t.y / TILE_ATLAS, (t.x + tw) / TILE_ATLAS, (t.y + th) / TILE_ATLAS];
      this.cache.set(key, t);
    }
    return t.uv;
  }
}

/**
 * Canvas2D: sets `ctx.fillStyle` to gradient `g` and returns the extra
 * transform [a b c d e f] to fill under (an ellipse: the circle of radius
 * rx scaled by ry / rx in y about the centre), or null.
 *
 * Canvas gradients interpolate straight (not premultiplied) colour, CSS and
 * the other painters premultiplied: a segment between stops of different
 * alpha is given the premultiplied result as stops — exact when one end is
 * transparent (its colour becomes the other end's), 8 sub-stops otherwise.
 * Stop positions past 0..1 (CSS allows them) stretch the line instead of
 * being clamped.
 */
export function canvasGradient(ctx, g) {
  const [a, b, c, d] = g.geo;
  const n = g.n;
  const lo = g.radial ? 0 : Math.min(0, g.pos[0]);
  const hi = Math.max(1, g.pos[n - 1], lo + 1e-6);
  let grad;
  let m = null;
  if (g.radial) {
    const r = Math.max(c, 1e-6);
    grad = ctx.createRadialGradient(a, b, 0, a, b, r * hi);
    if (c > 0 && d !== c) m = [1, 0, 0, d / c, 0, b - (b * d) / c];
  } else {
    grad = ctx.createLinearGradient(a + (c - a) * lo, b + (d - b) * lo, a + (c - a) * hi, b + (d - b) * hi);
  }
  const at = (p) => (Math.min(hi, Math.max(lo, p)) - lo) / (hi - lo);
  // A stop of premultiplied colour `pm`; a transparent one takes the
  // straight colour of `other` (the premultiplied fade keeps its hue).
  const stop = (p, pm, other) => {
    const src = pm[3] > 0 || !other ? pm : other;
    const u = (v) => Math.max(0, Math.min(255, Math.round(src[3] > 0 ? (v / src[3]) * 255 : 0)));
    grad.addColorStop(at(p), `rgba(${u(src[0])},${u(src[1])},${u(src[2])},${pm[3].toFixed(4)})`);
  };
  const pm = g.pm || (g.pm = g.colors.map(premul));
  if (n === 1) stop(g.pos[0], pm[0]);
  for (let k = 1; k < n; k++) {
    const p = pm[k - 1], q = pm[k], p0 = g.pos[k - 1], p1 = g.pos[k];
    if (p[3] === q[3] || p[3] === 0 || q[3] === 0 || p1 <= p0) {
      stop(p0, p, q);
      stop(p1, q, p);
    } else {
      for (let j = 0; j <= 8; j++) {
        const f = j / 8;
        stop(p0 + (p1 - p0) * f, [0, 1, 2, 3].map((i) => p[i] + (q[i] - p[i]) * f));
      }
    }
  }
  ctx.fillStyle = grad;
  return m;
}
