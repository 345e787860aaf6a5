// js-shim/src/paint/display-list.js — what the painters share: the wire's
// display-list reader (../wire/display-list.js, the one place that knows
// the byte layout: re-exported here so each painter has one import) plus
// the painting rules every painter applies the same way (clip snapping,
// texture sources). Painters walk the items in place with a DataView;
// nothing is copied.
export * from '../wire/display-list.js';

/**
 * Clip rectangle snapping shared by every painter and by the software
 * rasterizer (engine/raster): a pixel is inside `[lo, hi)` when its
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
