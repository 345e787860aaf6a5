// examples/clips/app.js — a full-screen vertical feed of short clips (issue
// 17), on the public @reel/shim API at a logical 1920x1080:
//
//   * one page per clip, stacked vertically in a `feed` view: the current
//     clip's video fills the page (1792x1008, 16:9), with its title, its
//     place ("2 / 6") and a progress bar (from the video's `timeupdate`
//     events over its `loadedmetadata` duration) on a dark band at its foot;
//   * the next page peeks 72 px in at the bottom: its video node is on
//     screen there, paused, so the host loads it ahead — its poster and its
//     metadata (an "Up next" strip over it shows the title and the
//     duration, once known) — while only the current clip plays: one
//     decoder at a time, whatever the device has;
//   * Up/Down (and the pointer wheel, see browser.js: app.go(+-1)) snap the
//     feed to the previous/next clip with an eased 360 ms animation of the
//     feed's y; the clip left is paused at once, the new one starts when
//     the snap lands (so a 1-decoder device never has two play requests in
//     one frame); keys pressed during a snap retarget it.
//
// Entry points: main.js (`reel run` / `reel certify`), index.html +
// browser.js (Chromium, the worker renderer and the browser's video plane).
// `opts.src` / `opts.poster` name the clip files: the native host decodes
// the animated WebP (assets/clip.webp), browsers play the WebM.

export const W = 1920;
export const H = 1080;
/** How much of the next page shows at the bottom. */
export const PEEK = 72;
/** A page's height: the feed snaps by this. */
export const PAGE_H = H - PEEK;
export const SNAP_MS = 360;
const VIDEO = { x: 64, y: 0, w: 1792, h: 1008 };
const BAR = { x: 112, y: PAGE_H - 40, w: 1696, h: 8 };

export const TITLES = [
  'Harbour lights at dawn', 'One-pan lemon pasta', 'Kickflip in slow motion',
  'Rain over the old town', 'Three chords, one song', 'The fastest cat in Lisbon',
];

/**
 * Builds the feed on `r` and focuses the first clip.
 * @param {any} r a renderer from createRenderer
 * @param {{ src?: string, poster?: string, log?: (line: string) => void }} [opts]
 */
export function main(r, opts = {}) {
  const log = opts.log ?? (() => {});
  const src = opts.src ?? 'assets/clip.webp';
  const poster = opts.poster ?? 'assets/clip-poster.png';
  const n = TITLES.length;

  const screen = r.createNode('view', { w: W, h: H, color: 0x000000ff, clipping: true });
  r.root.appendChild(screen);
  const feed = r.createNode('view', { w: W, h: n * PAGE_H, role: 'list', label: 'Clips' });
  screen.appendChild(feed);

  const pages = TITLES.map((title, i) => {
    const page = r.createNode('view', {
      y: i * PAGE_H, w: W, h: PAGE_H, color: 0x05060bff,
      focusable: true, role: 'listitem', label: title,
    });
    const video = r.createNode('video', { ...VIDEO, muted: true, loop: true, paused: true, poster, src });
    page.appendChild(video);
    // The foot band: title, place, progress track and fill (over the video).
    page.appendChild(r.createNode('view', { x: VIDEO.x, y: PAGE_H - 176, w: VIDEO.w, h: 176, colorTop: 0x00000000, colorBottom: 0x000000f0 }));
    page.appendChild(r.createNode('view', { x: 96, y: PAGE_H - 150, w: 1100, h: 90, color: 0x000000b0, radius: 12 }));
    page.appendChild(r.createNode('text', { x: 120, y: PAGE_H - 142, w: 1060, maxLines: 1, fontSize: 44, text: title, color: 0xffffffff }));
    page.appendChild(r.createNode('text', { x: 1560, y: PAGE_H - 132, w: 248, textAlign: 'right', fontSize: 32, text: `${i + 1} / ${n}`, color: 0xffffffff }));
    page.appendChild(r.createNode('view', { ...BAR, color: 0xffffff40, radius: 4 }));
    const fill = r.createNode('view', { ...BAR, w: 0, color: 0xe50914ff, radius: 4, role: 'progressbar' });
    page.appendChild(fill);
    feed.appendChild(page);
    return { page, video, fill, title, duration: 0 };
  });
  const byVideo = new Map(pages.map((p, i) => [p.video.id, i]));

  // "Up next": fixed over the peeking strip of the next page.
  const upNext = r.createNode('view', { y: PAGE_H, w: W, h: PEEK, color: 0x000000c0 });
  const upNextText = r.createNode('text', { x: 96, w: W - 192, h: PEEK, verticalAlign: 'middle', maxLines: 1, fontSize: 30, text: '', color: 0xffffffff });
  upNext.appendChild(upNextText);
  screen.appendChild(upNext);

  const state = { index: 0, playing: -1, snaps: 0, events: [] };
  const clock = (s) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
  function showUpNext() {
    const nx = pages[state.index + 1];
    upNext.visible = !!nx;
    if (nx) upNextText.text = `Up next · ${nx.title}${nx.duration > 0 ? ` · ${clock(nx.duration)}` : ''}`;
  }

  function play(i) {
    if (state.playing === i) return;
    if (state.playing >= 0) pages[state.playing].video.paused = true;
    state.playing = i;
    pages[i].video.paused = false;
    log(`play ${i}`);
  }

  /** Snaps to clip `i` (clamped); returns whether it moved. */
  function snapTo(i) {
    i = Math.max(0, Math.min(n - 1, i));
    if (i === state.index) return false;
    // The clip left stops at once (its decoder is free before the next starts).
    if (state.playing >= 0) { pages[state.playing].video.paused = true; state.playing = -1; }
    state.index = i;
    state.snaps++;
    r.focus(pages[i].page);
    showUpNext();
    log(`snap ${i}`);
    feed.animate({ y: -i * PAGE_H }, { duration: SNAP_MS, easing: 'ease-out' }).finished.then((res) => {
      if (res.finished && state.index === i) play(i);
    });
    return true;
  }

  feed.onKeyDown = (e) => {
    const d = e.key === 'Down' ? 1 : e.key === 'Up' ? -1 : 0;
    if (!d) return;
    e.preventDefault(); // no spatial navigation: the feed snaps
    e.stopPropagation();
    snapTo(state.index + d);
  };

  r.on('video', (e) => {
    const i = byVideo.get(e.id);
    if (i === undefined) return;
    const p = pages[i];
    state.events.push(`${i} ${e.type}${e.reason ? ` ${e.reason}` : ''}`);
    if (e.type === 'loadedmetadata') {
      p.duration = e.time;
      if (i === state.index + 1) showUpNext();
    } else if (e.type === 'timeupdate' && p.duration > 0) {
      p.fill.w = Math.round(BAR.w * Math.min(1, e.time / p.duration));
    }
    if (e.type !== 'timeupdate') log(`video ${i} ${e.type}${e.type === 'loadedmetadata' ? ` ${e.time.toFixed(2)} s` : ''}${e.reason ? ` (${e.reason})` : ''}`);
  });

  r.focus(pages[0].page);
  showUpNext();
  play(0);

  return { r, feed, pages, state, go: (d) => snapTo(state.index + d), snapTo };
}
