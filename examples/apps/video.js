// examples/apps/video.js — a video node under the UI (issue 17): a dark
// backdrop, a 320x180 video at (100, 80) playing assets/clip.webp (the test
// clip as an animated WebP, made by tools/make-test-clip.sh: magenta top,
// green bottom, a white box moving across), muted and looped, with a 12 px
// white ring drawn over its edge and a dark label over its lower left corner
// by views after it. The app logs the 'video' events it hears.
//
//   reel run examples/apps/video.js --device tv-midrange --frames 60 --every 30 --out out/video
//
// Under `reel run` the host's video plane decodes the clip on the emulated
// clock and paints each frame under the UI; in a browser the same app's
// video node is a hole over a <video> element (createRenderer({ video })).
import { createRenderer } from '@reel/shim';

const r = await createRenderer({ width: 1280, height: 720 });
const events = [];
r.on('video', (e) => {
  events.push(e.type);
  if (e.type !== 'timeupdate') {
    const extra = e.type === 'loadedmetadata' ? ` ${e.width}x${e.height} ${e.time.toFixed(2)} s` : e.type === 'error' ? ` (${e.reason})` : ` at ${e.time.toFixed(2)} s`;
    console.log(`video ${e.id} ${e.type}${extra}`);
  }
});
const back = r.createNode('view', { w: 1280, h: 720, color: 0x102040ff });
const video = r.createNode('video', { x: 100, y: 80, w: 320, h: 180, muted: true, loop: true, autoplay: true });
video.src = 'assets/clip.webp';
const ring = r.createNode('view', { x: 94, y: 74, w: 332, h: 192, borderWidth: 12, borderColor: 0xffffffff });
const label = r.createNode('view', { x: 110, y: 220, w: 120, h: 30, color: 0x000000c0 });
r.root.appendChild(back);
back.appendChild(video);
back.appendChild(ring);
back.appendChild(label);
globalThis.__events = events;
