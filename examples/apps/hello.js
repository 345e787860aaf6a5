// examples/apps/hello.js — the smallest Reel app: a background, a flex row
// of four coloured tiles, and a box that moves 200 px per second along the
// bottom (wrapping every 4.8 s). It uses only the public shim API, so it
// runs wherever the shim does; natively:
//
//   reel run examples/apps/hello.js --device stick-lowend --frames 60 --out out/hello
//
// Time comes from requestAnimationFrame timestamps (under `reel run`: the
// emulated clock, frame N at N * 1000 / fps ms), so every run is identical.
// The renderer sends each frame's writes on the next animation frame
// (autoFrame), so the frame at time t shows the box where tick() put it one
// frame earlier.
import { createRenderer } from '@reel/shim';

const W = 1280;
const H = 720;

const r = await createRenderer({ width: W, height: H });

const bg = r.createNode('view', { w: W, h: H, colorTop: 0x1b2a4aff, colorBottom: 0x0a0f1cff });
r.root.appendChild(bg);

// A row laid out by flexbox: 4 tiles of 240 x 160 with 40 px gaps.
const row = r.createNode('view', { x: 100, y: 120, w: 1080, h: 160, display: 'flex', flexDirection: 'row', gap: 40 });
bg.appendChild(row);
const COLORS = [0xe63946ff, 0xf1a208ff, 0x2a9d8fff, 0x457b9dff];
for (const color of COLORS) {
  row.appendChild(r.createNode('view', { w: 240, h: 160, flexShrink: 0, color }));
}

// The moving box.
const BOX_X = 100;
const box = r.createNode('view', { x: BOX_X, y: 480, w: 120, h: 120, color: 0xffffffff });
bg.appendChild(box);

/** Box x at time t (ms): 200 px/s over 960 px, then wraps. */
export function boxX(t) {
  return BOX_X + ((t * 0.2) % 960);
}

const where = globalThis.__reel_host ? `device ${__reel_host.device.id}` : 'browser';
console.log(`hello: ${COLORS.length} tiles, ${r.nodeCount} nodes, ${where}`);

function tick(t) {
  box.x = boxX(t);
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);
