// The browser's video plane (issue 17): real <video> elements under the
// canvas, one per video node on screen, where the engine's VIDEO display
// items are (createRenderer({ video:
// canvasElement, canvas: canvasElement.transferControlToOffscreen() })).
//
// Why on the main thread: the engine and the painter run in the Worker,
// but a <video> element is DOM. The Worker posts each painted frame's video
// surfaces (`videos` of its 'frame' message: display-list.js
// videoSurfaces); the painter has already made the canvas transparent there
// (the hole), so the element shows through, and UI the engine draws after
// the video node (a focus ring, a title) shows over it. Positions follow the
// painted frames, so a node animated by the engine moves its video frame by
// frame with the pixels around it.
//
// What is possible: any 2D affine transform (CSS matrix() of the item's
// transform: translation, scale, rotation), the clip rectangle (a wrapper
// with overflow: hidden in screen space), alpha (opacity). Not possible: a
// rounded clip (only its bounding rectangle), or content drawn by the
// engine *under* the video showing through it (the hole is the video).
// TV video planes usually cannot rotate: an app targeting them should not.
//
// What the element plays comes from the node (the shim's mirror of what
// the app set): `src`, `muted`, `loop`, `autoplay`, `paused` (false plays,
// true pauses), `currentTime` (a new value seeks), `poster`. A video that
// ended (no `loop`) stays ended while the node still asks to play: a play
// request is a new `src`, a seek, or `paused` going true then false again,
// not every frame that finds the element paused (that replayed an ended
// `autoplay` clip from 0; the native plane never did); a video that failed
// (an `error` event) likewise waits for the next play request.
//
// What the element does goes back to the engine as VIDEO_STATE commands
// (loadedmetadata, playing, waiting, timeupdate, ended, error), which the
// engine forwards to the app as 'video' events (timeupdate at most 4/s).
// `maxDecoders` (a device's decoder count; the profile's
// video.max_decoders) caps how many elements play at once: one more that
// should play stays paused and reports error 'decoder-limit', never
// silently. A media error's reason: MEDIA_ERR_NETWORK -> not-found,
// MEDIA_ERR_DECODE -> decode, MEDIA_ERR_SRC_NOT_SUPPORTED -> unsupported
// (Chromium also reports a 404 that way).

import { VIDEO_STATES, VIDEO_REASONS } from './wire/layout.js';

/** VIDEO_STATE codes by event name, and reason codes (engine/src/video.rs, generated into ./wire/layout.js). */
const ST = Object.fromEntries(VIDEO_STATES.map((name, i) => [name, i]));
const reason = (name) => VIDEO_REASONS.indexOf(name);
const DECODER_LIMIT = reason('decoder-limit');
const UNSUPPORTED = reason('unsupported');
/** MediaError.code (1 aborted, 2 network, 3 decode, 4 src not supported) -> reason. */
const MEDIA_REASON = [UNSUPPORTED, UNSUPPORTED, reason('not-found'), reason('decode'), UNSUPPORTED];

/** Reads the node's value, or `dflt` when it was never set. */
function prop(node, name, dflt) {
  const v = node.get(name);
  return v === undefined || v === null ? dflt : v;
}

export class VideoPlane {
  /**
   * @param {object} renderer the Renderer (its 'paint' events carry `videos`)
   * @param {HTMLCanvasElement} canvas the app's canvas (the plane goes under it)
   */
  constructor(renderer, canvas, { maxDecoders = Infinity } = {}) {
    this.renderer = renderer;
    this.canvas = canvas;
    this.maxDecoders = maxDecoders;
    /** node id -> { wrap, el, node, seekTo } */
    this.players = new Map();
    const doc = canvas.ownerDocument;
    this.root = doc.createElement('div');
    this.root.dataset.reelVideoPlane = '';
    Object.assign(this.root.style, { position: 'absolute', left: '0', top: '0', width: '0', height: '0', overflow: 'visible', pointerEvents: 'none', zIndex: '0' });
    // The canvas stacks above the plane.
    if (getComputedStyle(canvas).position === 'static') canvas.style.position = 'relative';
    if (!canvas.style.zIndex) canvas.style.zIndex = '1';
    canvas.parentNode.insertBefore(this.root, canvas);
    this._onPaint = (info) => { if (info && info.videos) this.sync(info.videos); };
    renderer.on('paint', this._onPaint);
  }

  /** Places and updates one element per surface; removes the others. */
  sync(surfaces) {
    const r = this.canvas.getBoundingClientRect();
    const pr = this.root.getBoundingClientRect();
    // List coordinates are canvas pixels (the renderer's width x height).
    const sx = r.width / (this.renderer.width || 1);
    const sy = r.height / (this.renderer.height || 1);
    const ox = r.left - pr.left;
    const oy = r.top - pr.top;
    const seen = new Set();
    for (const s of surfaces) {
      const node = this.renderer.nodeById(s.node);
      if (!node) continue;
      seen.add(s.node);
      let p = this.players.get(s.node);
      if (!p || p.node !== node) {
        if (p) this._drop(s.node, p);
        p = this._create(node);
        this.players.set(s.node, p);
      }
      const [x0, y0, x1, y1] = s.clip;
      Object.assign(p.wrap.style, {
        left: `${ox + x0 * sx}px`, top: `${oy + y0 * sy}px`,
        width: `${Math.max(0, x1 - x0) * sx}px`, height: `${Math.max(0, y1 - y0) * sy}px`,
        opacity: String(s.alpha),
      });
      const [a, b, c, d, e, f] = s.m;
      p.el.style.width = `${s.w}px`;
      p.el.style.height = `${s.h}px`;
      p.el.style.transform = `matrix(${a * sx}, ${b * sy}, ${c * sx}, ${d * sy}, ${(e - x0) * sx}, ${(f - y0) * sy})`;
      this._apply(node, p);
    }
    for (const [id, p] of this.players) if (!seen.has(id)) this._drop(id, p);
  }

  _create(node) {
    const doc = this.canvas.ownerDocument;
    const wrap = doc.createElement('div');
    Object.assign(wrap.style, { position: 'absolute', overflow: 'hidden' });
    const el = doc.createElement('video');
    el.playsInline = true;
    el.preload = 'auto';
    Object.assign(el.style, { position: 'absolute', left: '0', top: '0', transformOrigin: '0 0', objectFit: 'fill', display: 'block' });
    wrap.appendChild(el);
    this.root.appendChild(wrap);
    const p = { wrap, el, node, seekTo: undefined, src: null, limited: false, ended: false, dropped: false, granted: false, starting: false, failed: false };
    for (const type of Object.keys(ST)) {
      el.addEventListener(type, () => {
        if (this.players.get(node.id) !== p) return;
        if (type === 'ended' && !el.loop) { p.ended = true; p.granted = false; } // until the next play request
        if (type === 'error') { p.failed = true; p.granted = false; } // likewise
        const d = el.duration;
        if (type === 'loadedmetadata') this._send(p, ST.loadedmetadata, 0, Number.isFinite(d) ? d : 0, (el.videoWidth << 16) | (el.videoHeight & 0xffff));
        else if (type === 'error') this._send(p, ST.error, MEDIA_REASON[el.error ? el.error.code : 0] ?? UNSUPPORTED, 0, 0);
        else this._send(p, ST[type], 0, el.currentTime || 0, 0);
      });
    }
    return p;
  }

  /** A VIDEO_STATE command for `p`'s node (sent with the next batch). */
  _send(p, state, reason, time, size) {
    // A dropped player's element still fires (the pause and emptied its
    // drop causes arrive later, as tasks): its node is gone, and a
    // VIDEO_STATE for it would be an error the app never caused. Likewise
    // a node the app destroyed since the last paint (its DESTROY is already
    // in the batch this state would follow).
    if (p.dropped || this.renderer.nodeById(p.node.id) !== p.node) return;
    this.renderer.enc.videoState(p.node.id, state, reason, time, size >>> 0);
    this.renderer.touch();
  }

  /** The node's playback props onto its element. */
  _apply(node, p) {
    const el = p.el;
    const src = node.src || '';
    if (src !== p.src) {
      p.src = src;
      p.ended = false;
      p.failed = false;
      if (src) el.src = new URL(src, this.canvas.ownerDocument.baseURI).href;
      else el.removeAttribute('src');
    }
    const poster = prop(node, 'poster', '');
    if (el.getAttribute('poster') !== poster) {
      if (poster) el.poster = poster;
      else el.removeAttribute('poster');
    }
    el.muted = !!prop(node, 'muted', false);
    el.loop = !!prop(node, 'loop', false);
    const t = node.get('currentTime');
    if (typeof t === 'number' && t !== p.seekTo) {
      p.seekTo = t;
      p.ended = false;
      p.failed = false;
      el.currentTime = t;
    }
    // An element at its end reads paused before its 'ended' event is
    // dispatched: a paint in between took that for a decoder to start, and
    // play() on an ended element starts it again from 0 (a clip seeked past
    // its end replayed, and held the decoder another video was refused).
    if (el.ended && !el.loop && !p.ended) {
      p.ended = true;
      p.granted = false;
    }
    const paused = node.get('paused');
    const play = paused === false || (paused !== true && !!prop(node, 'autoplay', false));
    if (play && src && !p.ended && !p.failed) {
      // A decoder is held from the grant until the app pauses, the clip
      // ends or errors, or the node goes, not while `el.paused` says so:
      // between play() and its promise (or after a play() the browser
      // interrupted) the element reads paused, and counting that as a free
      // decoder handed it to the next video and limited this one.
      if (!p.granted) {
        let busy = 0;
        for (const q of this.players.values()) if (q !== p && q.granted) busy++;
        if (busy < this.maxDecoders) {
          p.granted = true;
          p.limited = false;
        } else if (!p.limited) {
          p.limited = true; // reported once per play request
          this._send(p, ST.error, DECODER_LIMIT, 0, 0);
        }
      }
      if (p.granted && el.paused && !p.starting) {
        p.starting = true;
        el.play().catch(() => {}).finally(() => { p.starting = false; });
      }
    } else if (!play) {
      p.granted = false;
      p.limited = false;
      p.ended = false;
      p.failed = false;
      if (!el.paused) el.pause();
    }
  }

  _drop(id, p) {
    p.dropped = true;
    p.granted = false;
    p.el.pause();
    p.el.removeAttribute('src');
    p.el.load(); // releases the decoder
    p.wrap.remove();
    this.players.delete(id);
  }

  /** Removes every element (renderer.destroy()). */
  destroy() {
    this.renderer.off('paint', this._onPaint);
    for (const [id, p] of this.players) this._drop(id, p);
    this.root.remove();
  }
}
