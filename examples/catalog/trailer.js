// examples/catalog/trailer.js — the catalog's autoplay trailer (issue 17),
// shared by the plain JS, Solid and React ports so all three do exactly the
// same writes at the same frames:
//
//   * focus rests on a tile for 1.5 s -> the hero crossfades (400 ms) from
//     its poster card to that title's trailer, muted (a `video` node at the
//     hero's right, 16:9, over the card);
//   * focus moves to another tile or the hero's button -> the trailer pauses
//     and the hero crossfades back to the poster; resting 1.5 s on the same
//     title again resumes it, on another title loads that title's trailer;
//   * Back on the home screen -> stop (pause, rewind, crossfade back), until
//     focus moves again;
//   * the details panel opens while the trailer plays (or fades in) -> the
//     video node moves into the panel's 16:9 picture slot once the panel
//     has slid in, and keeps playing small; closing moves it back into the
//     hero, still playing.
//
// Why the dwell is counted on frames (FrameStats.timeMs of the 'frame'
// events), not with setTimeout: under `reel run`/`reel certify` and in the
// ports' comparison test frame times are the emulated/scripted clock, so the
// trailer starts at the same frame in every port and every run. A host
// that paints only on demand (the browser's worker renderer stops sending
// frames when nothing changes) passes `wake(ms)`, called when a dwell
// starts (ms = DWELL_MS) and when a crossfade back starts (ms = 0): it must
// run frames from `ms` on through the crossfade (FADE_MS).
//
// The video node is created here, not by the frameworks' trees: it moves
// between the hero and the panel (appendChild), which a declarative tree
// would undo. It is the hero's last child (drawn over the card); dispose()
// destroys it.

/** Focus must rest this long on a tile before its trailer plays (ms). */
export const DWELL_MS = 1500;
/** The poster <-> trailer crossfade (ms). */
export const FADE_MS = 400;
/** Every title's trailer: the repo's test clip (tools/make-test-clip.sh). */
export const TRAILER_SRC = 'assets/trailer.webp';
/** The trailer's place in the 1728x440 hero: 16:9, at its right edge. */
export const HERO_BOX = { x: 946, y: 0, w: 782, h: 440 };
/** ... and in the details panel's 640x360 picture slot: all of it. */
export const SLOT_BOX = { x: 0, y: 0, w: 640, h: 360 };

/** @typedef {{ x: number, y: number, w: number, h: number }} Box */

/**
 * @param {any} r the renderer
 * @param {{ hero: any, card: any, slot: any, where: Map<any, number[]>,
 *   heroBox?: Box, slotBox?: Box,
 *   src?: (row: number, col: number) => string, wake?: (ms: number) => void, log?: (line: string) => void,
 *   autoplay?: boolean }} o  autoplay: false never starts a trailer (the video node is still made:
 *   the same tree), for screenshots whose timing is not the frame clock's
 *   hero: the hero view; card: the hero's poster (fades out); slot: the details
 *   panel's picture view (the trailer plays there, small, at slotBox);
 *   heroBox: the video's place in the hero; where: tile -> [row, col]
 */
export function createTrailer(r, o) {
  const log = o.log ?? (() => {});
  const srcOf = o.src ?? (() => TRAILER_SRC);
  const box = o.heroBox ?? HERO_BOX;
  const video = r.createNode('video', { x: box.x, y: box.y, w: box.w, h: box.h, muted: true, paused: true, alpha: 0 });
  o.hero.appendChild(video);

  const fade = { duration: FADE_MS, easing: 'ease-in-out' };
  const st = {
    now: 0, // the last frame's time
    tile: null, // the focused tile whose trailer is due or shown
    since: -1, // frame time the dwell started (-1: no dwell)
    title: null, // [row, col] loaded in the video node
    shown: false, // playing (or fading in)
    inPanel: false, // the details panel is open (focus moves there do not pause)
    moved: false, // the video node is in the panel's slot
    started: 0, stopped: 0,
  };

  function show(tile) {
    const [ri, ci] = o.where.get(tile);
    const same = st.title !== null && st.title[0] === ri && st.title[1] === ci;
    if (!same) {
      video.src = srcOf(ri, ci);
      st.title = [ri, ci];
    }
    video.paused = false;
    st.shown = true;
    st.started++;
    video.animate({ alpha: 1 }, fade);
    o.card.animate({ alpha: 0 }, fade);
    log(`trailer ${same ? 'resume' : 'play'} ${ri}-${ci}`);
  }

  function hide(why, rewind) {
    st.since = -1;
    if (!st.shown) return;
    st.shown = false;
    if (o.wake) o.wake(0);
    video.paused = true;
    if (rewind) video.currentTime = 0;
    video.animate({ alpha: 0 }, fade);
    o.card.animate({ alpha: 1 }, fade);
    log(`trailer ${why}`);
  }

  const offFrame = r.on('frame', (s) => {
    st.now = s.timeMs;
    if (st.since >= 0 && st.now - st.since >= DWELL_MS) {
      st.since = -1;
      show(st.tile);
    }
  });

  const offFocus = r.on('focus', (e) => {
    if (st.inPanel) return; // focus moves inside the details panel
    const t = e.to;
    if (t && t === st.tile && (st.shown || st.since >= 0)) return; // back on the same title (details closed)
    hide('pause', false);
    st.tile = t && o.where.has(t) ? t : null;
    if (st.tile && o.autoplay !== false) {
      st.since = st.now;
      if (o.wake) o.wake(DWELL_MS);
    }
  });

  return {
    video,
    state: st,
    /** Back on the home screen: stop until focus moves. Returns whether it did anything. */
    stop() {
      const had = st.shown || st.since >= 0;
      if (st.shown) st.stopped++;
      hide('stop', true);
      return had;
    },
    /**
     * The details panel opens: a trailer shown keeps playing. It stays in
     * the hero (dimmed by the backdrop, covered by the panel sliding over
     * it) until `landed` (the panel's slide-in animation's `finished`)
     * resolves, then moves into the panel's picture slot: a video node off
     * screen has no surface, and a host drops the player of a surface that
     * goes (the native plane would reload it from 0).
     * @param {Promise<{ finished: boolean }>} [landed]
     */
    toPanel(landed) {
      st.since = -1;
      if (!st.shown) return;
      st.inPanel = true;
      const move = () => {
        if (!st.inPanel || !st.shown || st.moved) return;
        st.moved = true;
        o.slot.appendChild(video);
        const b = o.slotBox ?? SLOT_BOX;
        video.x = b.x; video.y = b.y; video.w = b.w; video.h = b.h;
        log('trailer in details');
      };
      if (landed) landed.then((res) => { if (res.finished) move(); });
      else move();
    },
    /** The details panel closed: back into the hero. */
    toHero() {
      if (!st.inPanel) return;
      st.inPanel = false;
      if (!st.moved) return; // still in the hero
      st.moved = false;
      o.hero.appendChild(video);
      video.x = box.x; video.y = box.y; video.w = box.w; video.h = box.h;
      log('trailer in hero');
    },
    /** Stops listening and destroys the video node (the frameworks' unmount
     * destroys only the nodes they made). */
    dispose() {
      offFrame();
      offFocus();
      if (r.nodeById(video.id) === video) video.destroy();
    },
  };
}
