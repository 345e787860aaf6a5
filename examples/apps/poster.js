// examples/apps/poster.js — an image node loading a poster from the app's
// own directory (examples/apps/assets/poster.png), fitted with `cover`, and
// a second one whose file does not exist: the app hears both outcomes
// through the renderer's 'image' event.
//
//   reel run examples/apps/poster.js --device tv-midrange --frames 10 --out out/poster
import { createRenderer } from '@reel/shim';

const r = await createRenderer({ width: 1280, height: 720 });
const seen = [];
r.on('image', (e) => {
  seen.push(`${e.id}:${e.state}${e.reason ? `:${e.reason}` : ''}`);
  console.log(`image ${e.id} ${e.state}${e.reason ? ` (${e.reason})` : ''}`);
});
r.root.appendChild(r.createNode('view', { w: 1280, h: 720, color: 0x101820ff }));
const poster = r.createNode('image', { x: 100, y: 100, w: 400, h: 300, fit: 'cover', placeholderColor: 0x404040ff, src: 'assets/poster.png' });
const missing = r.createNode('image', { x: 600, y: 100, w: 300, h: 300, placeholderColor: 0x803030ff, src: 'assets/missing.png' });
r.root.appendChild(poster);
r.root.appendChild(missing);
globalThis.__seen = seen;
