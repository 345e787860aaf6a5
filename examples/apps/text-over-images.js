// examples/apps/text-over-images.js — captions over pictures, for `reel
// certify`'s a11y-contrast gate (host/cli/tests/a11y.rs): where an image is
// behind a text, the display list does not say what it shows, so the gate
// measures the text against the checkpoint's backdrop (the frame painted
// without text), pixel by pixel over the text's bounds.
//
//   * "Sunny afternoon" (node 3): white on a pale sky (assets/sky.png,
//     #bfe0ff -> #ffffff): 1.15:1 — fails;
//   * "Night drive" (node 5): white on a dark night (assets/night.png) —
//     passes;
//   * "Sunny, with a scrim" (node 8): white on the same sky under a 75%
//     black scrim — passes (its glyphs stay on the scrim: with the caption
//     hanging below the scrim's edge it fails, as it should).
//
//   reel certify examples/apps/text-over-images.js --device tv-midrange --script examples/apps/text-over-images.keys.txt
import { createRenderer } from '@reel/shim';

const r = await createRenderer({ width: 1280, height: 720 });
const bg = r.createNode('view', { w: 1280, h: 720, color: 0x202020ff });
r.root.appendChild(bg); // node 1

const picture = (x, y, src) => {
  const img = r.createNode('image', { x, y, w: 320, h: 120, src });
  bg.appendChild(img);
  return img;
};
const caption = (parent, text, y = 40) => parent.appendChild(
  r.createNode('text', { x: 16, y, w: 288, h: 40, fontSize: 28, text, color: 0xffffffff }),
);

caption(picture(100, 100, 'assets/sky.png'), 'Sunny afternoon'); // image 2, text 3
caption(picture(500, 100, 'assets/night.png'), 'Night drive'); // image 4, text 5
const sunny = picture(900, 100, 'assets/sky.png'); // node 6
const scrim = r.createNode('view', { y: 20, w: 320, h: 60, color: 0x000000bf }); // node 7
sunny.appendChild(scrim);
caption(scrim, 'Sunny, with a scrim', 10); // node 8

const button = r.createNode('view', { x: 100, y: 400, w: 240, h: 80, color: 0x1a1a1aff, focusable: true, role: 'button', label: 'Play' });
bg.appendChild(button);
button.appendChild(r.createNode('text', { x: 24, w: 200, h: 80, verticalAlign: 'middle', fontSize: 28, text: 'Play', color: 0xffffffff }));

r.attachKeyboard();
r.focus(button);
